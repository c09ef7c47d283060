/*
 * tls_sender_no_delivery.c - rule "tls-sender-no-delivery": a sender
 * that never falls back to plaintext can no longer deliver to a public MX.
 *
 * Most MTAs that fail a STARTTLS handshake retry without TLS; some (the
 * profiles whose plaintext_fallback is "no" in rules/tls-profiles.tsv,
 * e.g. Sendmail) give up and the mail stays in their queue, then bounces.
 * For every port-25 smtpd service that offers TLS, each such sender is
 * run through an in-memory handshake (tls_sim.h). When it fails because
 * of a protocol list or a cipher setting the postmaster wrote, that line
 * gets one error naming the senders and the failure as Postfix logs it;
 * for a protocol list, the fix lowers the floor to the best protocol
 * each of them speaks.
 * Failures with no line of their own (no certificate, an invalid list)
 * are the findings of tls-no-certificate and tls-protocol-list.
 */
#include "rule.h"
#include "tls_report.h"
#include "tls_sim.h"

#include <stdio.h>
#include <string.h>

/* The setting a failed handshake points at, NULL when it has no line. */
static const tls_setting *blame(const tls_server *t, const sim_result *r)
{
    if (strstr(r->reason, "protocol") || strstr(r->reason, "version"))
        return &t->protocols;
    if (strstr(r->reason, "cipher") || strstr(r->reason, "handshake"))
        return t->exclude.value[0] ? &t->exclude
            : t->cipherlist.raw.origin != ORIGIN_DEFAULT ? &t->cipherlist
            : &t->grade;
    return NULL;
}

/* The protocols in use widened down to the best protocol of each
 * locked-out sender, without holes (TLSv1 .. TLSv1.3 only). */
static unsigned widened(const tls_server *t, unsigned need)
{
    unsigned want = (t->proto.enabled | need)
        & ~(unsigned) (PROTO_SSLV2 | PROTO_SSLV3);
    unsigned lo = want & (~want + 1), hi = proto_highest(want);

    return want ? (hi | (hi - lo)) & ~(unsigned) (PROTO_SSLV2 | PROTO_SSLV3) : 0;
}

static void check_server(const lint_ctx *ctx, const rule_desc *self,
                         const tls_server *t, reported *done)
{
    const tls_setting *at = NULL;
    strbuf names;
    char reason[128] = "", fix[128] = "";
    unsigned need = 0;
    diagnostic *d;
    span sp;

    sb_init(&names);
    for (size_t i = 0; i < tls_profiles_len; i++) {
        const tls_profile *p = &tls_profiles[i];
        sim_result r;
        const tls_setting *b;

        if (!str_eq(p->role, "sender") || !str_eq(p->fallback, "no"))
            continue;
        sim_one(ctx->m, t, p, ctx->openssl, &r);
        if (!str_eq(r.result, "fail") || (b = blame(t, &r)) == NULL)
            continue;
        if (at == NULL) {
            at = b;
            snprintf(reason, sizeof(reason), "%s", r.reason);
        }
        if (b == at) {
            sb_printf(&names, "%s%s", names.len ? ", " : "", p->id);
            /* Their best protocol is enough: keep the floor high. */
            need |= proto_highest(profile_protocols(p)
                                  & ~(unsigned) (PROTO_SSLV2 | PROTO_SSLV3));
        }
    }
    if (at == NULL || names.len == 0 || !setting_span(at, t, &sp)
        || already_reported(done, at, t)) {
        sb_free(&names);
        return;
    }
    d = report(ctx, self, &sp,
               "%s = \"%s\" makes the STARTTLS handshake of %s on the public "
               "MX %s fail (\"%s\", Postfix %s, OpenSSL %s); these senders do "
               "not fall back to plaintext, so their mail is not delivered at "
               "all: it waits in their queue, then bounces. Allow what they "
               "speak (postlint --simulate shows each handshake)",
               at->name, at->value, names.data, t->name, reason,
               ctx->version_text, ctx->openssl_text);
    /* A protocol lock-out has an exact cure: let their protocols in. */
    if (at == &t->protocols && sp.line == sp.end_line
        && (need & ~t->proto.enabled & ~(unsigned) (PROTO_SSLV2 | PROTO_SSLV3))) {
        protocol_list_for(ctx, widened(t, need), fix, sizeof(fix));
        if (fix[0])
            diag_set_fix(d, &sp, fix);
    }
    sb_free(&names);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];

        if (t->use_tls && !t->enforce && t->role == ROLE_PUBLIC_MX)
            check_server(ctx, self, t, &done);
    }
}

const rule_desc rule_tls_sender_no_delivery = {
    "tls-sender-no-delivery", SEV_ERROR,
    "a sender that never falls back to plaintext fails the handshake",
    "Most mail servers that fail a STARTTLS handshake retry without TLS. "
    "Some, such as Sendmail, do not: their mail stays queued and bounces. "
    "postlint runs those senders through an in-memory handshake with each "
    "port-25 service and reports the protocol or cipher setting that "
    "locks them out.",
    check
};
