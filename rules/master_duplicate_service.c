/*
 * master_duplicate_service.c - rule "master-duplicate-service": the same
 * service name and type twice in master.cf.
 *
 * master(8) keeps only the last entry ("duplicate master.cf entry ...
 * using the last entry"); options added to the first one are silently
 * lost. postconf and postfix check say nothing.
 */
#include "rule.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (!s->has_fields)
            continue;
        for (size_t j = i + 1; j < m->n_services; j++) {
            const service *t = &m->services[j];

            if (!t->has_fields || !str_eq(s->argv[0].text, t->argv[0].text)
                || !str_eq(s->argv[1].text, t->argv[1].text))
                continue;
            report(ctx, self, &t->argv[0].sp,
                   "service %s/%s is defined again (first at line %d): "
                   "master(8) of Postfix %s uses only this last entry and "
                   "ignores the one at line %d, with its options",
                   t->argv[0].text, t->argv[1].text, s->argv[0].sp.line,
                   ctx->version_text, s->argv[0].sp.line);
            break;
        }
    }
}

const rule_desc rule_master_duplicate_service = {
    "master-duplicate-service", SEV_WARNING,
    "a master.cf service is defined twice; only the last entry counts",
    "When master.cf has two entries with the same service name and type, "
    "master(8) logs \"duplicate master.cf entry\" and uses the last one. "
    "Whatever the first entry set (its -o options, its process limit) is "
    "silently ignored. postconf and postfix check do not report it.",
    check
};
