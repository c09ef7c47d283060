/*
 * tls_encrypt_public_mx.c - rule "tls-encrypt-public-mx": a public MX that
 * requires TLS.
 *
 * RFC 3207: a publicly-referenced SMTP server must not require STARTTLS.
 * With smtpd_tls_security_level = encrypt on port 25, every sender that
 * cannot (or does not) do TLS is refused with "530 Must issue a STARTTLS
 * command first"; many deliver nothing at all. Use may on port 25 and
 * encrypt on submission.
 */
#include "rule.h"
#include "tls_report.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        span sp;
        diagnostic *d;
        char level[200];

        if (t->role != ROLE_PUBLIC_MX || !t->enforce || t->wrapper
            || !level_span(ctx->m, t, &sp, level, sizeof(level))
            || already_reported(&done, &t->level, t))
            continue;
        d = report(ctx, self, &sp,
                   "%s is the public MX (port 25) but requires TLS "
                   "(%s):" DIAG_NOTE
                   " senders without TLS get \"530 Must issue a "
                   "STARTTLS command first\" and their mail bounces or "
                   "waits (RFC 3207 forbids this for a publicly-referenced "
                   "server; Postfix %s); use may here and encrypt on "
                   "submission",
                   t->name, level, ctx->version_text);
        (void) d;   /* no fix: other services may share this setting */
    }
}

const rule_desc rule_tls_encrypt_public_mx = {
    "tls-encrypt-public-mx", SEV_WARNING,
    "the public MX (port 25) requires TLS",
    "RFC 3207 says a publicly-referenced SMTP server must not require TLS. "
    "With level encrypt on port 25, senders that do not do STARTTLS are "
    "refused (530 Must issue a STARTTLS command first). Use level may on "
    "port 25; require TLS on submission, where clients authenticate.",
    check,
    0
};
