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

#include <stdlib.h>
#include <string.h>

/* The setting a failed handshake points at, NULL when it has no line. */
static const tls_setting *blame(const tls_server *t, const sim_result *r)
{
    if (strstr(r->reason, "protocol") || strstr(r->reason, "version"))
        return &t->protocols;
    if (strstr(r->reason, "cipher") || strstr(r->reason, "handshake"))
        return cipher_setting_in_charge(t);
    return NULL;
}

/* TLSv1 .. TLSv1.3: what a fix may enable. */
#define TLS_PROTOCOLS (PROTO_ALL & ~(unsigned) (PROTO_SSLV2 | PROTO_SSLV3))

/* The protocols in use widened down to the best protocol of each
 * locked-out sender, without holes. */
static unsigned widened(const tls_server *t, unsigned need)
{
    unsigned want = (t->proto.enabled | need) & TLS_PROTOCOLS;
    unsigned lo = proto_lowest(want), hi = proto_highest(want);

    return want ? (hi | (hi - lo)) & TLS_PROTOCOLS : 0;
}

/* The sending profiles that never fall back to plaintext. */
static size_t no_fallback_senders(const tls_profile **out)
{
    size_t n = 0;

    for (size_t i = 0; i < tls_profiles_len; i++)
        if (str_eq(tls_profiles[i].role, "sender")
            && str_eq(tls_profiles[i].fallback, "no"))
            out[n++] = &tls_profiles[i];
    return n;
}

/* Has an earlier rule (tls-protocol-floor) offered a fix for this very
 * text that enables every protocol in need? Then a second, different
 * fix would only conflict with it. */
static bool fix_already_lets_in(const lint_ctx *ctx, const span *sp,
                                unsigned need)
{
    for (size_t i = 0; i < ctx->diags->n; i++) {
        const diagnostic *d = &ctx->diags->items[i];
        proto_list other;

        if (!d->has_fix || d->fix.sp.src != sp->src
            || d->fix.sp.off != sp->off || d->fix.sp.end_off != sp->end_off)
            continue;
        proto_list_parse(d->fix.replacement, ctx->version, ctx->openssl,
                         &other);
        if (!other.invalid && !(need & ~other.enabled & TLS_PROTOCOLS))
            return true;
    }
    return false;
}

static void check_server(const lint_ctx *ctx, const rule_desc *self,
                         const tls_server *t, reported *done)
{
    const tls_profile **senders = xcalloc(tls_profiles_len, sizeof(*senders));
    size_t n = no_fallback_senders(senders);
    sim_result *rows = xcalloc(n + 1, sizeof(*rows));
    const tls_setting *at = NULL;
    const char *reason = "";
    strbuf names;
    char fix[128] = "";
    unsigned need = 0;
    diagnostic *d;
    span sp;

    sb_init(&names);
    sim_profiles(ctx->m, t, senders, n, ctx->openssl, rows);
    for (size_t i = 0; i < n; i++) {
        const tls_setting *b;

        if (!str_eq(rows[i].result, "fail") || (b = blame(t, &rows[i])) == NULL)
            continue;
        if (at == NULL) {
            at = b;
            reason = rows[i].reason;
        }
        if (b == at) {
            sb_printf(&names, "%s%s", names.len ? ", " : "", senders[i]->id);
            /* Their best protocol is enough: keep the floor high. */
            need |= proto_highest(profile_protocols(senders[i]) & TLS_PROTOCOLS);
        }
    }
    if (at == NULL || !setting_span(at, t, &sp) || already_reported(done, at, t))
        goto done;
    d = report(ctx, self, &sp,
               "%s = \"%s\" makes the STARTTLS handshake of %s on the public "
               "MX %s fail" DIAG_NOTE
               " (\"%s\", Postfix %s, OpenSSL %s); these senders do not fall "
               "back to plaintext, so their mail is not delivered at "
               "all: it waits in their queue, then bounces. Allow what they "
               "speak (postlint --simulate shows each handshake)",
               at->name, at->value, names.data, t->name, reason,
               ctx->version_text, ctx->openssl_text);
    /* A protocol lock-out has an exact cure: let their protocols in,
     * unless another rule's fix for this list already does. */
    if (at == &t->protocols && sp.line == sp.end_line
        && (need & ~t->proto.enabled & TLS_PROTOCOLS)
        && !fix_already_lets_in(ctx, &sp, need)) {
        protocol_list_for(ctx, widened(t, need), fix, sizeof(fix));
        if (fix[0])
            diag_set_fix(d, &sp, fix);
    }
done:
    sb_free(&names);
    free(rows);
    free(senders);
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
    check,
    0
};
