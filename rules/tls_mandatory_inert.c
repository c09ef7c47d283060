/*
 * tls_mandatory_inert.c - rule "tls-mandatory-inert": a TLS setting that
 * does nothing at the level where it is used.
 *
 * smtpd reads smtpd_tls_mandatory_protocols, _mandatory_ciphers and
 * _mandatory_exclude_ciphers only where TLS is enforced (level encrypt or
 * wrapper mode), and smtpd_tls_protocols and smtpd_tls_ciphers only where
 * it is not (level may). A main.cf setting of the first kind with no
 * enforcing smtpd service, or an -o of either kind on a service at the
 * other level, changes nothing: the setting the author edited is not the
 * one in force. The message names the one that is. Severity: info:
 * nothing breaks; the setting in force is the default or another line.
 */
#include "rule.h"
#include "tls_report.h"

#include <string.h>

static const char *const mandatory[] = {
    "smtpd_tls_mandatory_protocols", "smtpd_tls_mandatory_ciphers",
    "smtpd_tls_mandatory_exclude_ciphers", NULL
};
static const char *const opportunistic[] = {
    "smtpd_tls_protocols", "smtpd_tls_ciphers", NULL
};

static bool in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (str_eq(*list, name))
            return true;
    return false;
}

/* The parameter that is in force instead. */
static const char *counterpart(const char *name)
{
    if (str_eq(name, "smtpd_tls_mandatory_protocols"))
        return "smtpd_tls_protocols";
    if (str_eq(name, "smtpd_tls_mandatory_ciphers"))
        return "smtpd_tls_ciphers";
    if (str_eq(name, "smtpd_tls_protocols"))
        return "smtpd_tls_mandatory_protocols";
    if (str_eq(name, "smtpd_tls_ciphers"))
        return "smtpd_tls_mandatory_ciphers";
    return "smtpd_tls_exclude_ciphers";
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;
    bool any_enforce = false, any_tls = false;

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        any_enforce |= ctx->tls->servers[i].enforce;
        any_tls |= ctx->tls->servers[i].use_tls;
    }
    /* main.cf mandatory settings that no smtpd service can use. */
    for (const char *const *n = mandatory; *n && any_tls && !any_enforce; n++) {
        const main_param *p = model_main_param(m, *n);

        if (p)
            report(ctx, self, &p->entry->name_sp,
                   "%s does nothing here:" DIAG_NOTE
                   " no smtpd service enforces TLS (level encrypt or wrapper "
                   "mode), and at level may smtpd "
                   "uses %s (Postfix %s)",
                   *n, counterpart(*n), ctx->version_text);
    }
    /* -o settings at the wrong level for their service. */
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];

        if (t->svc == NULL || !t->use_tls)
            continue;
        for (size_t o = 0; o < t->svc->n_opts; o++) {
            const svc_option *opt = &t->svc->opts[o];
            bool wrong = t->enforce ? in_list(opportunistic, opt->name)
                : in_list(mandatory, opt->name);

            if (wrong)
                report(ctx, self, &opt->sp,
                       "-o %s does nothing on %s: at TLS level %s smtpd "
                       "uses %s instead (Postfix %s)",
                       opt->name, t->name, t->level_word,
                       counterpart(opt->name), ctx->version_text);
        }
    }
}

const rule_desc rule_tls_mandatory_inert = {
    "tls-mandatory-inert", SEV_INFO,
    "a smtpd TLS setting that does nothing at the level where it applies",
    "smtpd reads the smtpd_tls_mandatory_* protocol, grade and exclusion "
    "settings only where TLS is enforced (encrypt, wrapper mode), and "
    "smtpd_tls_protocols / smtpd_tls_ciphers only at level may. Editing "
    "the one that is not in force changes nothing, as the founding case "
    "learned: mandatory settings on a port-25 server at level may.",
    check,
    0
};
