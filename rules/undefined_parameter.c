/*
 * undefined_parameter.c - rule "undefined-parameter": $name that nothing
 * defines.
 *
 * Postfix expands an undefined $name to nothing, silently: a restriction
 * list loses an entry, a path loses a directory. postconf warns
 * "undefined parameter: name" without saying where; postlint points at
 * the reference and suggests a near name (a known parameter, or one this
 * configuration defines).
 */
#include "rule.h"
#include "suggest.h"

#include <string.h>

/* A main.cf name near the typo (edit distance 1 or 2), other than the
 * parameter whose value holds the reference (that would be a loop). */
static const char *near_defined(const model *m, const char *name,
                                const char *owner)
{
    int limit = strlen(name) < 8 ? 1 : 2;

    for (size_t i = 0; i < m->n_params; i++)
        if (!str_eq(m->params[i].name, owner)
            && edit_distance(name, m->params[i].name, limit) <= limit)
            return m->params[i].name;
    return NULL;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const postconf_view *v = ctx->view;

    for (size_t i = 0; i < v->n_undefined; i++) {
        const undefined_ref *u = &v->undefined[i];
        const char *near[1];
        const char *owner = u->param ? u->param->name : u->opt->name;
        const char *guess = near_defined(ctx->m, u->name, owner);
        span sp;
        diagnostic *d;

        if (guess == NULL && suggest_names(u->name, ctx->version, near, 1)
            && !str_eq(near[0], owner))
            guess = near[0];
        if (u->param) {
            sp = mc_value_span_at(u->param->entry, u->off, u->len);
        } else {
            size_t skip = strlen(u->opt->name) + 1;

            sp = u->opt->sp;
            if (sp.line == sp.end_line) {
                sp.off += skip + u->off;
                sp.col += (int) (skip + u->off);
                sp.end_off = sp.off + u->len;
                sp.end_col = sp.col + (int) u->len;
            }
        }
        d = report(ctx, self, &sp,
                   "$%s is not defined anywhere: Postfix %s expands it to "
                   "nothing in %s%s%s%s (postconf: undefined "
                   "parameter)" DIAG_NOTE
                   "%s%s%s",
                   u->name, ctx->version_text,
                   u->param ? "the value of " : "-o ",
                   u->param ? u->param->name : u->opt->name,
                   u->svc ? " of service " : "",
                   u->svc ? u->svc->argv[MF_SERVICE].text : "",
                   guess ? "; did you mean $" : "", guess ? guess : "",
                   guess ? "?" : "");
        if (guess && sp.end_off - sp.off == strlen(u->name)) {
            diag_set_fix(d, &sp, guess);
            d->fix.unsafe = true;   /* a spelling guess: never applied */
        }
    }
}

const rule_desc rule_undefined_parameter = {
    "undefined-parameter", SEV_WARNING,
    "a $name refers to a parameter that nothing defines",
    "When a value refers to $name and name is neither a Postfix parameter "
    "nor set in main.cf or in the service's -o options, Postfix expands it "
    "to the empty string without any message at run time. postconf warns "
    "\"undefined parameter\" but does not say where. Usually a typo in the "
    "name, or a definition that was deleted.",
    check,
    0
};
