/*
 * tls_no_certificate.c - rule "tls-no-certificate": TLS offered without a
 * server certificate.
 *
 * smtpd needs a certificate and key (smtpd_tls_cert_file / _key_file, the
 * EC or DSA variants, or smtpd_tls_chain_files from 3.4) to do TLS. With
 * none, it logs "No server certs available. TLS won't be enabled" at
 * start-up, still announces STARTTLS and answers it with "454 4.7.0 TLS
 * not available due to local problem"; at level encrypt no mail can be
 * received at all. In wrapper mode (port 465) there is no STARTTLS to
 * refuse: smtpd logs "Wrapper-mode request dropped from CLIENT for
 * service NAME. TLS context initialization failed" and hangs up on every
 * connection (smtpd.c 2.6 to 3.11; seen with real smtpd 3.7).
 *
 * tlsproxy does STARTTLS for postscreen. Where postscreen offers it (and
 * talks SMTP itself: after-220 tests, or action enforce), a tlsproxy
 * with its server role off ("TLS server role is disabled with ...",
 * tlsproxy.c:1556) or without a certificate ("No server certs
 * available. TLS can't be enabled", tlsproxy.c:1633; with client
 * certificates asked for also "Need a server cert to request client
 * certs", 1594) makes postscreen answer STARTTLS with 454 (seen with
 * real Postfix 3.7.11). A warning: clients that pass postscreen's tests
 * reach smtpd, which has its own settings.
 */
#include "rule.h"
#include "tls_report.h"

#include <stdio.h>
#include <strings.h>

/* tlsproxy.c pre_jail_init_server(): postscreen offers STARTTLS, but
 * tlsproxy's server role is off or has no certificate; tlsproxy says so
 * when it starts and postscreen answers STARTTLS with 454. */
static void check_tlsproxy(const lint_ctx *ctx, const rule_desc *self,
                           const tls_server *t, reported *done)
{
    const service *ps = t->postscreen;
    span sp;
    char level[200], where[400], ask_name[64], req_name[64];
    tls_setting ask, req;
    bool asks;

    if (ps == NULL || !level_span(ctx->m, t, &sp, level, sizeof(level))
        || already_reported(done, &t->level, t))
        return;
    snprintf(where, sizeof(where), "postscreen (service %s/%s) offers "
             "STARTTLS and hands it to tlsproxy (service %s)",
             ps->argv[MF_SERVICE].text, ps->argv[MF_TYPE].text, t->name);
    if (!t->use_tls) {
        report(ctx, self, &sp, "%s, whose TLS server role is off (%s)"
               DIAG_NOTE " tlsproxy of Postfix %s logs \"warning: TLS server "
               "role is disabled with tlsproxy_tls_security_level or "
               "tlsproxy_use_tls\" and postscreen answers STARTTLS (in the "
               "sessions it handles itself) with "
               "\"454 4.7.0 TLS not available due to local problem\"; set "
               "tlsproxy_tls_security_level = may (with a certificate) or "
               "postscreen_tls_security_level = none", where, level,
               ctx->version_text);
        return;
    }
    if (!t->no_cert)
        return;
    snprintf(ask_name, sizeof(ask_name), "tlsproxy_tls_ask_ccert");
    snprintf(req_name, sizeof(req_name), "tlsproxy_tls_req_ccert");
    tls_setting_get(ctx->m, t->svc, ask_name, &ask);
    tls_setting_get(ctx->m, t->svc, req_name, &req);
    asks = strcasecmp(ask.value, "yes") == 0
        || (t->enforce && strcasecmp(req.value, "yes") == 0);
    tls_setting_free(&ask);
    tls_setting_free(&req);
    report(ctx, self, &sp, "%s, which has no certificate" DIAG_NOTE
           " (%s; tlsproxy_tls_cert_file and friends are empty) "
           "tlsproxy of Postfix %s logs %s\"warning: No server certs "
           "available. TLS can't be enabled\" and postscreen answers "
           "STARTTLS (in the sessions it handles itself) with \"454 "
           "4.7.0 TLS not available due to local problem\"; tlsproxy_tls_cert_file and the others default to "
           "smtpd's", where, level, ctx->version_text,
           asks ? "\"warning: Need a server cert to request client "
           "certs\", " : "");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        span sp;
        char level[200];

        if (str_eq(t->names->program, "tlsproxy")) {
            check_tlsproxy(ctx, self, t, &done);
            continue;
        }
        if (!t->use_tls || !t->no_cert)
            continue;
        if (t->wrapper && t->svc) {
            /* One finding per wrapper service, on its master.cf line. */
            sp = t->svc->argv[MF_SERVICE].sp;
            report_sev(ctx, self, SEV_ERROR, &sp,
                       "%s is a wrapper-mode (SMTPS) service but no "
                       "certificate is configured (smtpd_tls_cert_file and "
                       "friends are empty):" DIAG_NOTE
                       " smtpd logs \"Wrapper-mode request dropped from "
                       "CLIENT for service %s. TLS context "
                       "initialization failed\" and drops every connection "
                       "(Postfix %s)", t->name, t->svc->argv[MF_SERVICE].text,
                       ctx->version_text);
            continue;
        }
        if (!level_span(ctx->m, t, &sp, level, sizeof(level))
            || already_reported(&done, &t->level, t))
            continue;
        report_sev(ctx, self, t->enforce ? SEV_ERROR : SEV_WARNING, &sp,
                   "%s offers TLS (%s) but no certificate is "
                   "configured (smtpd_tls_cert_file and friends are "
                   "empty):" DIAG_NOTE
                   " smtpd logs \"No server certs available. TLS won't be "
                   "enabled\" and answers STARTTLS with \"454 TLS not "
                   "available due to local problem\"%s (Postfix %s)",
                   t->name, level,
                   t->enforce ? ", and with TLS required no mail gets in" : "",
                   ctx->version_text);
    }
}

const rule_desc rule_tls_no_certificate = {
    "tls-no-certificate", SEV_WARNING,
    "an smtpd service offers TLS without a certificate, or postscreen "
    "offers STARTTLS that tlsproxy cannot do",
    "smtpd needs a certificate and private key to do TLS. Without one it "
    "still announces STARTTLS but answers it with 454 TLS not available "
    "due to local problem; where TLS is required (encrypt) no client can "
    "deliver. A wrapper-mode (port 465) service has no STARTTLS to refuse: "
    "smtpd drops every connection and logs \"Wrapper-mode request "
    "dropped\". Set smtpd_tls_cert_file and smtpd_tls_key_file "
    "(or smtpd_tls_chain_files from Postfix 3.4). postscreen hands STARTTLS "
    "to tlsproxy; where tlsproxy's server role is off or it has no "
    "certificate, postscreen answers STARTTLS with 454 too.",
    check,
    SEV_ALSO(SEV_ERROR)
};
