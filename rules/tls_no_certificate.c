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
 */
#include "rule.h"
#include "tls_report.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        span sp;
        char level[200];

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
    "an smtpd service offers TLS without a certificate",
    "smtpd needs a certificate and private key to do TLS. Without one it "
    "still announces STARTTLS but answers it with 454 TLS not available "
    "due to local problem; where TLS is required (encrypt) no client can "
    "deliver. A wrapper-mode (port 465) service has no STARTTLS to refuse: "
    "smtpd drops every connection and logs \"Wrapper-mode request "
    "dropped\". Set smtpd_tls_cert_file and smtpd_tls_key_file "
    "(or smtpd_tls_chain_files from Postfix 3.4).",
    check,
    SEV_ALSO(SEV_ERROR)
};
