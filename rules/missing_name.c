/*
 * missing_name.c - rule "missing-name": a main.cf line that starts with '='.
 *
 * "= value" has no parameter name; Postfix stops with "missing attribute
 * name". Usually a value meant to continue the previous line, which needs
 * leading white space to do so. No fix: the intent is not certain.
 */
#include "rule.h"

#include <string.h>

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const maincf_ast *ast = ctx->m->main;

    for (size_t i = 0; ast && i < ast->n_entries; i++) {
        const mc_entry *e = &ast->entries[i];

        if (e->kind != LL_MISSING_NAME)
            continue;
        report(ctx, self, &e->line_sp,
               "no parameter name before '=' in \"%.60s%s\":" DIAG_NOTE
               " Postfix %s refuses to start or reload with this line (fatal: "
               "missing "
               "attribute name); to continue the previous value, indent "
               "the line",
               e->text, strlen(e->text) > 60 ? "..." : "", ctx->version_text);
    }
}

const rule_desc rule_missing_name = {
    "missing-name", SEV_ERROR,
    "a main.cf line starts with '=' (no parameter name)",
    "A main.cf logical line of the form \"= value\" has no name. Postfix "
    "programs stop with \"missing attribute name\". If the text was meant "
    "to continue the previous parameter's value, start the line with white "
    "space.",
    check,
    0
};
