/*
 * missing_equals.c - rule "missing-equals": a main.cf line without '='.
 *
 * Postfix splits each logical line at the first '=' after the name; a line
 * without one is fatal for every Postfix program ("missing '=' after
 * attribute name"): postfix start, reload and postconf all refuse the file.
 * Fix: when the line is "name value" and name is a Postfix parameter,
 * insert " = ".
 */
#include "rule.h"
#include "params.h"

#include <string.h>

static bool known_name(const char *text, size_t len)
{
    char name[128];

    if (len >= sizeof(name))
        return false;
    memcpy(name, text, len);
    name[len] = '\0';
    return param_lookup(name) != NULL;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const maincf_ast *ast = ctx->m->main;

    for (size_t i = 0; ast && i < ast->n_entries; i++) {
        const mc_entry *e = &ast->entries[i];
        diagnostic *d;
        size_t name_len;

        if (e->kind != LL_MISSING_EQUALS)
            continue;
        d = report(ctx, self, &e->line_sp,
                   "missing '=' after the parameter name in "
                   "\"%.60s%s\":" DIAG_NOTE
                   " Postfix %s refuses to start or reload with this line "
                   "(fatal: missing '=' after attribute name)",
                   e->text, strlen(e->text) > 60 ? "..." : "",
                   ctx->version_text);
        /* "name value" on one line, name a real parameter: offer
         * "name = value" (never guess for arbitrary text). */
        name_len = strcspn(e->text, " \t");
        if (e->line_sp.line == e->line_sp.end_line && e->text[name_len]
            && strchr(e->text, '=') == NULL && known_name(e->text, name_len)) {
            const char *value = e->text + name_len;
            strbuf fix;

            value += strspn(value, " \t");
            sb_init(&fix);
            sb_add(&fix, e->text, name_len);
            sb_printf(&fix, " = %s", value);
            diag_set_fix(d, &e->line_sp, fix.data);
            sb_free(&fix);
        }
    }
}

const rule_desc rule_missing_equals = {
    "missing-equals", SEV_ERROR,
    "a main.cf line has no '=' after the parameter name",
    "Every main.cf logical line must be \"name = value\". A line without "
    "'=' is fatal for every Postfix program: postfix start, postfix reload "
    "and postconf stop with \"missing '=' after attribute name\". A common "
    "cause is a value continued on a line that does not start with white "
    "space, or a comment without '#'.",
    check,
    0
};
