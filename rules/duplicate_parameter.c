/*
 * duplicate_parameter.c - rule "duplicate-parameter": a main.cf name set
 * more than once.
 *
 * The last setting wins. With a different value this is a warning (Postfix
 * 2.11 and later log "overriding earlier entry" from every daemon; older
 * versions say nothing), reported at the later line and naming the earlier
 * one; with the same value it is an info note (harmless, but one of the
 * two lines is dead weight and the next edit may change only one of them).
 */
#include "rule.h"

#include <string.h>

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_params; i++) {
        const main_param *p = &m->params[i];

        for (size_t k = 1; k < p->n_entries; k++) {
            const mc_entry *prev = p->entries[k - 1], *cur = p->entries[k];

            if (!str_eq(prev->value, cur->value)) {
                report(ctx, self, &cur->name_sp,
                       "%s is set again (first at line %d):" DIAG_NOTE
                       " Postfix %s uses only the last value, \"%.60s%s\", "
                       "and ignores "
                       "\"%.60s%s\"; delete the line you do not mean",
                       p->name, prev->name_sp.line, ctx->version_text,
                       cur->value, strlen(cur->value) > 60 ? "..." : "",
                       prev->value, strlen(prev->value) > 60 ? "..." : "");
            } else {
                report_sev(ctx, self, SEV_INFO, &cur->name_sp,
                           "%s is set again with the same value as at line "
                           "%d; one of the two lines can go",
                           p->name, prev->name_sp.line);
            }
        }
    }
}

const rule_desc rule_duplicate_parameter = {
    "duplicate-parameter", SEV_WARNING,
    "a main.cf parameter is set more than once",
    "When main.cf sets a parameter twice, Postfix uses the last value and "
    "silently drops the earlier one (from 2.11 on, every daemon logs "
    "\"overriding earlier entry\"). An edit made to the first occurrence "
    "then has no effect. Reported as a warning when the values differ and "
    "as an info note when they are the same.",
    check,
    SEV_ALSO(SEV_INFO)
};
