/*
 * tls_auth_before_starttls.c - rule "tls-auth-before-starttls": SASL AUTH
 * offered on a connection that has not started TLS.
 *
 * With smtpd_sasl_auth_enable = yes and TLS optional (level may), smtpd
 * announces AUTH before STARTTLS unless smtpd_tls_auth_only = yes, and
 * mail clients then send passwords in the clear (PLAIN, LOGIN). Enforced
 * TLS (encrypt, wrapper mode) implies tls_auth_only. Fix: -o / main.cf
 * smtpd_tls_auth_only = yes, or level encrypt on submission.
 */
#include "rule.h"
#include "tls_report.h"

#include <strings.h>

/* "127.0.0.1:10025", "[::1]:smtp", "localhost:587": passwords on such a
 * port never cross the network. */
static bool listens_on_loopback(const service *svc)
{
    const char *name;

    if (svc == NULL || !str_eq(svc->argv[MF_TYPE].text, "inet"))
        return svc != NULL;     /* unix, pass ...: no network at all */
    name = svc->argv[MF_SERVICE].text;
    return str_starts(name, "127.") || str_starts(name, "[::1]")
        || str_starts(name, "localhost:");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        tls_setting sasl, auth_only;
        span sp;

        if (t->enforce || (t->role != ROLE_PUBLIC_MX
                           && listens_on_loopback(t->svc)))
            continue;
        tls_setting_get(ctx->m, t->svc, "smtpd_sasl_auth_enable", &sasl);
        tls_setting_get(ctx->m, t->svc, "smtpd_tls_auth_only", &auth_only);
        /* Point at an explicit "auth_only = no" if there is one. */
        if (strcasecmp(sasl.value, "yes") == 0 && !t->use_tls
            && setting_span(&sasl, t, &sp))
            report(ctx, self, &sp,
                   "%s offers SASL AUTH with TLS off (level %s): passwords "
                   "travel in the clear (Postfix %s); enable TLS (level may "
                   "and smtpd_tls_auth_only = yes, or encrypt)",
                   t->name, t->level_word, ctx->version_text);
        else if (strcasecmp(sasl.value, "yes") == 0 && t->use_tls
            && strcasecmp(auth_only.value, "yes") != 0
            && setting_span(auth_only.raw.origin != ORIGIN_DEFAULT
                            ? &auth_only : &sasl, t, &sp))
            report(ctx, self, &sp,
                   "%s offers SASL AUTH without TLS (TLS level %s, "
                   "smtpd_tls_auth_only = %s): mail clients may send "
                   "passwords in the clear (Postfix %s); set "
                   "smtpd_tls_auth_only = yes%s",
                   t->name, t->level_word,
                   auth_only.value[0] ? auth_only.value : "no",
                   ctx->version_text,
                   t->role == ROLE_SUBMISSION ? ", or -o "
                   "smtpd_tls_security_level=encrypt on this service" : "");
        tls_setting_free(&sasl);
        tls_setting_free(&auth_only);
    }
}

const rule_desc rule_tls_auth_before_starttls = {
    "tls-auth-before-starttls", SEV_WARNING,
    "SASL AUTH is offered before STARTTLS: passwords can travel in clear",
    "When SASL authentication is enabled on an smtpd service where TLS is "
    "optional, smtpd announces AUTH on the plaintext connection unless "
    "smtpd_tls_auth_only = yes. Mail clients then authenticate without "
    "encryption. Enforced TLS (level encrypt, wrapper mode) already implies "
    "auth-only.",
    check
};
