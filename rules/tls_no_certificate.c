/*
 * tls_no_certificate.c - rule "tls-no-certificate": TLS offered without a
 * server certificate.
 *
 * smtpd needs a certificate and key (smtpd_tls_cert_file / _key_file, the
 * EC or DSA variants, or smtpd_tls_chain_files from 3.4) to do TLS. With
 * none, it still announces STARTTLS at level may and answers it with
 * "454 4.7.0 TLS not available due to local problem"; at level encrypt
 * no mail can be received at all.
 */
#include "rule.h"
#include "tls_report.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        span sp;

        if (!t->use_tls || !t->no_cert
            || !setting_span(&t->level, t, &sp)
            || already_reported(&done, &t->level, t))
            continue;
        report_sev(ctx, self, t->enforce ? SEV_ERROR : SEV_WARNING, &sp,
                   "%s offers TLS (level %s) but no certificate is "
                   "configured (smtpd_tls_cert_file and friends are empty): "
                   "STARTTLS is answered with \"454 TLS not available due to "
                   "local problem\"%s (Postfix %s)",
                   t->name, t->level_word,
                   t->enforce ? ", and with TLS required no mail gets in" : "",
                   ctx->version_text);
    }
}

const rule_desc rule_tls_no_certificate = {
    "tls-no-certificate", SEV_WARNING,
    "an smtpd service offers TLS without a certificate",
    "smtpd needs a certificate and private key to do TLS. Without one it "
    "still announces STARTTLS but answers it with 454 TLS not available "
    "due to local problem; where TLS is required (encrypt, wrapper mode) "
    "no client can deliver. Set smtpd_tls_cert_file and smtpd_tls_key_file "
    "(or smtpd_tls_chain_files from Postfix 3.4).",
    check
};
