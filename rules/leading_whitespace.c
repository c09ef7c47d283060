/*
 * leading_whitespace.c - rule "leading-whitespace": text that continues
 * nothing.
 *
 * A line that starts with white space continues the previous logical line.
 * When there is none (the first line of the file, after only comments),
 * Postfix warns "logical line must not start with whitespace" and ignores
 * the whole logical line, in main.cf and master.cf alike: the setting or
 * service silently does not exist. Fix (main.cf, for "name = value"):
 * remove the leading white space.
 */
#include "rule.h"

#include <string.h>

static void report_line(const lint_ctx *ctx, const rule_desc *self,
                        const char *file, const char *text,
                        const span *line_sp, bool offer_fix)
{
    size_t blanks = strspn(text, " \t\r\v\f");
    diagnostic *d;
    span ws = *line_sp;

    d = report(ctx, self, line_sp,
               "%s line starts with white space but continues "
               "nothing:" DIAG_NOTE
               " Postfix %s ignores \"%.40s%s\" entirely (warning: logical "
               "line must not start with whitespace)",
               file, ctx->version_text, text + blanks,
               strlen(text + blanks) > 40 ? "..." : "");
    if (offer_fix && blanks > 0 && line_sp->line == line_sp->end_line) {
        ws.end_off = ws.off + blanks;
        ws.end_line = ws.line;
        ws.end_col = ws.col + (int) blanks;
        diag_set_fix(d, &ws, "");
    }
}

/* "name = value" after the blanks: removing them makes a real setting.
 * (In master.cf an indented line is usually a stray -o: no fix.) */
static bool looks_like_setting(const char *text)
{
    text += strspn(text, " \t\r\v\f");
    size_t name = strcspn(text, " \t=");

    return name > 0 && text[name + strspn(text + name, " \t")] == '=';
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const maincf_ast *mc = ctx->m->main;
    const mastercf_ast *ms = ctx->m->master;

    for (size_t i = 0; mc && i < mc->n_entries; i++)
        if (mc->entries[i].kind == LL_LEADING_SPACE)
            report_line(ctx, self, "main.cf", mc->entries[i].text,
                        &mc->entries[i].line_sp,
                        looks_like_setting(mc->entries[i].text));
    for (size_t i = 0; ms && i < ms->n_entries; i++)
        if (ms->entries[i].kind == LL_LEADING_SPACE)
            report_line(ctx, self, "master.cf", ms->entries[i].text,
                        &ms->entries[i].line_sp, false);
}

const rule_desc rule_leading_whitespace = {
    "leading-whitespace", SEV_WARNING,
    "an indented line continues nothing and is ignored",
    "In main.cf and master.cf a line that starts with white space continues "
    "the previous logical line. At the start of a file (or after only "
    "comments) there is nothing to continue: Postfix logs \"logical line "
    "must not start with whitespace\" and ignores the text, so the "
    "parameter or service it defines does not exist.",
    check,
    0
};
