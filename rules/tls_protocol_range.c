/*
 * tls_protocol_range.c - rule "tls-protocol-range": the protocols an smtpd
 * service ends up with have a hole, or include SSLv2/SSLv3.
 *
 * "!TLSv1, !SSLv2" (the founding case's relaxed list) enables SSLv3 and
 * TLSv1.1+ but not TLSv1.0: a client whose best is TLSv1.0 cannot connect
 * while an SSLv3-only one can, over a protocol broken by POODLE. Holes
 * also confuse version negotiation. The set is computed as the target
 * version parses the list, with the target OpenSSL's protocols.
 */
#include "rule.h"
#include "tls_report.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        unsigned gap, weak = t->proto.enabled & (PROTO_SSLV2 | PROTO_SSLV3);
        char gaps[64], set[80], weak_names[32];
        span sp;

        if (!t->use_tls || t->proto.invalid
            || !setting_span(&t->protocols, t, &sp))
            continue;
        if (!proto_has_gap(t->proto.enabled, &gap) && !weak)
            continue;
        if (already_reported(&done, &t->protocols, t))
            continue;
        proto_set_text(gap, gaps, sizeof(gaps));
        proto_set_text(t->proto.enabled, set, sizeof(set));
        proto_set_text(weak, weak_names, sizeof(weak_names));
        report(ctx, self, &sp,
               "%s = \"%s\"%s leaves %s %s (Postfix %s, OpenSSL %s)" DIAG_NOTE
               "%s%s%s%s%s",
               t->protocols.name, t->protocols.value,
               t->protocols.raw.origin == ORIGIN_DEFAULT ? " (the default)"
               : "", t->name, set,
               ctx->version_text, ctx->openssl_text,
               gap ? ": a hole at " : "", gap ? gaps : "",
               gap ? " (clients whose best protocol is that cannot connect, "
               "older ones can)" : "",
               weak ? "; it enables " : "", weak ? weak_names : "");
    }
}

const rule_desc rule_tls_protocol_range = {
    "tls-protocol-range", SEV_WARNING,
    "the TLS protocols in use have a hole, or include SSLv2/SSLv3",
    "A protocol list made of exclusions can leave a hole (SSLv3 and "
    "TLSv1.1 without TLSv1): clients whose best protocol falls in the hole "
    "cannot negotiate, while older, weaker ones can. SSLv3 (POODLE) and "
    "SSLv2 should never be enabled. The check uses the protocol set the "
    "target Postfix version computes, with the target OpenSSL.",
    check,
    0
};
