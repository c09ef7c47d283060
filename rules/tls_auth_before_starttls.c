/*
 * tls_auth_before_starttls.c - rule "tls-auth-before-starttls": SASL AUTH
 * offered on a connection that has not started TLS.
 *
 * With smtpd_sasl_auth_enable = yes and TLS optional (level may), smtpd
 * announces AUTH before STARTTLS unless smtpd_tls_auth_only = yes, and
 * mail clients then send passwords in the clear (PLAIN, LOGIN). Enforced
 * TLS (encrypt, wrapper mode) implies tls_auth_only. Fix: -o / main.cf
 * smtpd_tls_auth_only = yes, or level encrypt on submission.
 * Not on loopback (passwords never cross a network), nor for tlsproxy
 * (it does TLS for postscreen and never offers AUTH). Severity: info on
 * internal listeners (a private address, a content filter's return
 * port) and where the service's own -o turns the protection off on
 * purpose (mailcow's SOGo port: -o smtpd_tls_auth_only=no), a warning
 * elsewhere.
 */
#include "rule.h"
#include "tls_report.h"
#include "effective.h"

#include <stdio.h>

#include <strings.h>

/* "127.0.0.1:10025", "[::1]:smtp", "localhost:587": passwords on such a
 * port never cross the network. */
static bool listens_on_loopback(const service *svc)
{
    const char *name;

    if (svc == NULL || !str_eq(svc->argv[MF_TYPE].text, "inet"))
        return svc != NULL;     /* unix, pass ...: no network at all */
    name = svc->argv[MF_SERVICE].text;
    return str_starts(name, "127.") || str_starts(name, "[127.")
        || str_starts(name, "[::1]") || str_starts(name, "localhost:")
        || str_starts(name, "[localhost]:");
}

/* A private or link-local address: 10/8, 172.16/12, 192.168/16,
 * 100.64/10, fc00::/7, fe80::/10 (what an inet service's host is). */
static bool private_host(const char *name)
{
    unsigned a, b;

    if (sscanf(name, "%u.%u.", &a, &b) == 2)
        return a == 10 || (a == 172 && b >= 16 && b <= 31)
            || (a == 192 && b == 168) || (a == 100 && b >= 64 && b <= 127);
    if (name[0] == '[')
        name++;
    return strncasecmp(name, "fc", 2) == 0 || strncasecmp(name, "fd", 2) == 0
        || strncasecmp(name, "fe80:", 5) == 0;
}

/* Where passwords do not cross the Internet: a service on a private
 * address, or the port a content filter hands mail back to (it sets an
 * empty content_filter, so mail is not filtered twice). */
static bool internal_listener(const service *svc)
{
    const svc_option *cf;

    if (svc == NULL)
        return false;
    if (str_eq(svc->argv[MF_TYPE].text, "inet")
        && private_host(svc->argv[MF_SERVICE].text))
        return true;
    cf = service_option(svc, "content_filter");
    return cf != NULL && cf->value[0] == '\0';
}

/* The finding points at smtpd_sasl_auth_enable when smtpd_tls_auth_only
 * is not set: name both. */
static const char *auth_words(const tls_setting *sasl, char *buf,
                              size_t size)
{
    char written[160];

    snprintf(buf, size, "%s, smtpd_tls_auth_only not set (no)",
             setting_written(sasl, written, sizeof(written)));
    return buf;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        tls_setting sasl, auth_only;
        severity sev;
        span sp;
        char words[200];

        /* tlsproxy does TLS for postscreen and never speaks AUTH. */
        if (t->enforce || !str_eq(t->names->program, "smtpd")
            || (t->role != ROLE_PUBLIC_MX && listens_on_loopback(t->svc)))
            continue;
        tls_setting_get(ctx->m, t->svc, "smtpd_sasl_auth_enable", &sasl);
        tls_setting_get(ctx->m, t->svc, "smtpd_tls_auth_only", &auth_only);
        /* This service's own -o says "no": a choice, not an oversight. */
        sev = (t->role != ROLE_PUBLIC_MX && internal_listener(t->svc))
            || (t->use_tls ? auth_only.raw.origin == ORIGIN_MASTER
                : t->level.raw.origin == ORIGIN_MASTER)
            ? SEV_INFO : SEV_WARNING;
        /* Point at an explicit "auth_only = no" if there is one. */
        if (strcasecmp(sasl.value, "yes") == 0 && !t->use_tls
            && setting_span(&sasl, t, &sp))
            report_sev(ctx, self, sev, &sp,
                       "%s offers SASL AUTH (%s) with TLS off (level %s): "
                       "passwords travel in the clear (Postfix %s);" DIAG_NOTE
                       " enable TLS (level may and smtpd_tls_auth_only = yes, "
                       "or "
                       "encrypt)", t->name,
                       setting_written(&sasl, words, sizeof(words)),
                       t->level_word, ctx->version_text);
        else if (strcasecmp(sasl.value, "yes") == 0 && t->use_tls
            && strcasecmp(auth_only.value, "yes") != 0
            && setting_span(auth_only.raw.origin != ORIGIN_DEFAULT
                            ? &auth_only : &sasl, t, &sp))
            report_sev(ctx, self, sev, &sp,
                       "%s offers SASL AUTH without TLS (TLS level %s, %s): "
                       "mail clients may send passwords in the clear "
                       "(Postfix %s);" DIAG_NOTE
                       " set smtpd_tls_auth_only = yes%s",
                       t->name, t->level_word,
                       auth_only.raw.origin == ORIGIN_MAIN
                       || auth_only.raw.origin == ORIGIN_MASTER
                       ? setting_written(&auth_only, words, sizeof(words))
                       : auth_words(&sasl, words, sizeof(words)),
                       ctx->version_text,
                       t->role == ROLE_SUBMISSION ? ", or -o "
                       "smtpd_tls_security_level=encrypt on this service"
                       : "");
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
    check,
    SEV_ALSO(SEV_INFO)
};
