/*
 * master_inet_private.c - rule "master-inet-private": an inet service
 * marked private.
 *
 * The private field defaults to y, and an inet service cannot be private:
 * master(8) stops with "inet service cannot be private". A '-' in that
 * field of an inet entry is the usual way to get there. Fix: write n.
 */
#include "rule.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *priv;
        diagnostic *d;

        if (!s->has_fields || !str_eq(s->argv[MF_TYPE].text, "inet"))
            continue;
        priv = s->argv[MF_PRIVATE].text;
        if (!str_eq(priv, "y") && !str_eq(priv, "-"))
            continue;
        d = report(ctx, self, &s->argv[MF_PRIVATE].sp,
                   "inet service %s has private field \"%s\"%s:" DIAG_NOTE
                   " master(8) of Postfix %s stops with \"inet service cannot "
                   "be "
                   "private\" (postfix start fails; after postfix reload the "
                   "running master exits); write n",
                   s->argv[MF_SERVICE].text, priv,
                   str_eq(priv, "-") ? " (the default, y)" : "",
                   ctx->version_text);
        diag_set_fix(d, &s->argv[MF_PRIVATE].sp, "n");
    }
}

const rule_desc rule_master_inet_private = {
    "master-inet-private", SEV_ERROR,
    "an inet service in master.cf is marked private",
    "The third master.cf field says whether a service is private (reachable "
    "only through the Postfix queue directory). Network services cannot be: "
    "an inet entry with y, or with - (whose default is y), stops master(8) "
    "with \"inet service cannot be private\". Use n.",
    check,
    0
};
