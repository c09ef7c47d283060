/*
 * tls_protocol_floor.c - rule "tls-protocol-floor": a public MX with
 * opportunistic TLS that refuses TLSv1.
 *
 * On port 25 TLS is optional (level may): a sender that cannot negotiate
 * any enabled protocol fails the handshake ("unknown protocol", "wrong
 * version number"), then either retries without TLS (so it loses
 * encryption, not security gained) or gives up and the mail is lost or
 * delayed. Raising the floor above TLSv1 there protects nobody. Which
 * senders are affected comes from rules/tls-profiles.tsv. Severity: info:
 * many sites raise the floor on purpose, and the senders that fall back
 * lose encryption, not mail; a sender that does not fall back and so
 * loses delivery is tls-sender-no-delivery's error.
 */
#include "rule.h"
#include "tls_profiles.h"
#include "tls_report.h"

#include <strings.h>

static bool locked_out(const tls_profile *p, void *vctx)
{
    const tls_server *t = vctx;

    return (profile_protocols(p) & t->proto.enabled) == 0;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        strbuf names;
        char set[80];
        span sp;
        size_t n;

        if (t->role != ROLE_PUBLIC_MX || !t->use_tls || t->enforce
            || t->proto.invalid || (t->proto.enabled & PROTO_TLSV1)
            || !setting_span(&t->protocols, t, &sp))
            continue;
        sb_init(&names);
        n = profile_names(locked_out, (void *) t, false, &names);
        if (n > 0 && !already_reported(&done, &t->protocols, t)) {
            char fix[128];
            diagnostic *d;

            proto_set_text(t->proto.enabled, set, sizeof(set));
            /* TLSv1 and everything newer: no hole, TLSv1.3 kept. */
            protocol_list_for(ctx, PROTO_ALL & ~(PROTO_SSLV2 | PROTO_SSLV3),
                              fix, sizeof(fix));
            d = report(ctx, self, &sp,
                   "%s = \"%s\" leaves the public MX %s (opportunistic TLS) "
                   "only %s:" DIAG_NOTE
                   " senders that speak none of these fail the handshake "
                   "(\"%s\") and then send in "
                   "plaintext or not at all: %s (Postfix %s, OpenSSL %s); "
                   "on port 25 allow TLSv1 (\"%s\") and keep strict floors "
                   "for submission; to stop offering STARTTLS to particular "
                   "old senders instead, list them in a cidr: table in "
                   "smtpd_discard_ehlo_keyword_address_maps with the "
                   "keyword starttls",
                   t->protocols.name, t->protocols.value, t->name, set,
                   proto_mismatch_reason(ctx->openssl),
                   names.data, ctx->version_text, ctx->openssl_text, fix);
            if (fix[0] && sp.line == sp.end_line)
                diag_set_fix(d, &sp, fix);
        }
        sb_free(&names);
    }
}

const rule_desc rule_tls_protocol_floor = {
    "tls-protocol-floor", SEV_INFO,
    "a public MX with opportunistic TLS refuses TLSv1: old senders lose TLS",
    "On port 25 TLS is opportunistic: a sender that cannot agree on a "
    "protocol fails the handshake (\"unknown protocol\"), then retries in "
    "plaintext or gives up. Refusing TLSv1 there does not protect the "
    "mail, it only removes encryption for old senders (or loses their "
    "mail). Keep strict protocol floors for submission and for mandatory "
    "TLS.",
    check,
    0
};
