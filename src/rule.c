/*
 * rule.c - the rule registry and the reporting helpers.
 *
 * Interface: see rule.h. The list of descriptors is generated from the
 * files in rules/ (build/gen/rule_list.h).
 */
#include "rule.h"

#include <stdlib.h>
#include <string.h>

#define RULE(name) extern const rule_desc name;
#include "rule_list.h"
#undef RULE

static const rule_desc *const registry[] = {
#define RULE(name) &name,
#include "rule_list.h"
#undef RULE
    NULL
};

const rule_desc *const *rule_all(size_t *count)
{
    *count = sizeof(registry) / sizeof(registry[0]) - 1;
    return registry;
}

const rule_desc *rule_find(const char *id)
{
    for (size_t i = 0; registry[i]; i++)
        if (str_eq(registry[i]->id, id))
            return registry[i];
    return NULL;
}

void rules_run(const lint_ctx *ctx)
{
    /* A rule without check() is decided elsewhere (src/suppress.c). */
    for (size_t i = 0; registry[i]; i++)
        if (registry[i]->check)
            registry[i]->check(ctx, registry[i]);
}

static diagnostic *vreport(const lint_ctx *ctx, const rule_desc *r,
                           severity sev, const span *sp, const char *fmt,
                           va_list ap)
{
    return diag_vadd(ctx->diags, r->id, sev, sp, fmt, ap);
}

diagnostic *report(const lint_ctx *ctx, const rule_desc *r, const span *sp,
                   const char *fmt, ...)
{
    va_list ap;
    diagnostic *d;

    va_start(ap, fmt);
    d = vreport(ctx, r, r->sev, sp, fmt, ap);
    va_end(ap);
    return d;
}

void each_setting(const lint_ctx *ctx, const rule_desc *self,
                  void (*fn)(const lint_ctx *ctx, const rule_desc *self,
                             const setting *st))
{
    const model *m = ctx->m;
    setting st;

    for (size_t i = 0; i < m->n_params; i++) {
        const mc_entry *e = m->params[i].entry;

        st = (setting) {NULL, m->params[i].name, e->value, &e->value_sp, e};
        fn(ctx, self, &st);
    }
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            st = (setting) {svc, svc->opts[o].name, svc->opts[o].value,
                            &svc->opts[o].sp, NULL};
            fn(ctx, self, &st);
        }
    }
}

void each_milter_list(const lint_ctx *ctx, const rule_desc *self,
                      milter_list_fn fn)
{
    const model *m = ctx->m;

    if (m->master == NULL || m->n_services == 0) {
        fn(ctx, self, NULL, "smtpd_milters", "smtpd");
        return;
    }
    for (size_t i = 0; i < m->n_services; i++) {
        const service *svc = &m->services[i];
        const char *daemon = service_daemon(svc);

        if (!svc->has_fields)
            continue;
        if (str_eq(daemon, "smtpd"))
            fn(ctx, self, svc, "smtpd_milters", "smtpd");
        else if (str_eq(daemon, "cleanup"))
            fn(ctx, self, svc, "non_smtpd_milters", "cleanup");
    }
}

diagnostic *report_sev(const lint_ctx *ctx, const rule_desc *r,
                       severity sev, const span *sp, const char *fmt, ...)
{
    va_list ap;
    diagnostic *d;

    va_start(ap, fmt);
    d = vreport(ctx, r, sev, sp, fmt, ap);
    va_end(ap);
    return d;
}

bool seen_place(seen_places *s, const span *sp)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->at[i].src == sp->src && s->at[i].off == sp->off)
            return true;
    if (s->n < sizeof s->at / sizeof s->at[0]) {
        s->at[s->n].src = sp->src;
        s->at[s->n++].off = sp->off;
    }
    return false;
}
