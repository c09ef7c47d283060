/*
 * tls_cipher_list_empty.c - rule "tls-cipher-list-empty": the cipher
 * string matches no suite.
 *
 * When the grade's list minus the exclusions leaves nothing (or the list
 * is misspelt), OpenSSL reports "no cipher match" and every TLS handshake
 * of that service fails ("error setting cipher grade"); an exclusion
 * starting with '!', '+', '-' or '@' aborts it the same way ("invalid
 * unary '!+-@' in cipher exclusion").
 */
#include "rule.h"
#include "tls_ciphers.h"
#include "tls_report.h"

#include <string.h>

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        suite_list suites;
        const tls_setting *at = t->exclude.value[0] ? &t->exclude
            : t->cipherlist.raw.origin != ORIGIN_DEFAULT ? &t->cipherlist
            : &t->grade;
        span sp;

        if (!t->use_tls || !t->cipherlist.value[0]
            || !setting_span(at, t, &sp))
            continue;
        if (t->bad_exclusion) {
            if (!already_reported(&done, at, t))
                report(ctx, self, &sp,
                       "an exclusion in %s starts with '!', '+', '-' or "
                       "'@':" DIAG_NOTE
                       " Postfix %s aborts every TLS handshake of %s with "
                       "\"invalid unary '!+-@' in cipher exclusion\"; list "
                       "plain names (Postfix adds the '!')",
                       at->name, ctx->version_text, t->name);
            continue;
        }
        cipher_string_eval(t->cipher_string, ctx->openssl, t->ecdhe,
                           t->auth, &suites);
        if ((suites.no_match || suites.n == 0)
            && !already_reported(&done, at, t)) {
            /* TLS 1.3 suites are set apart and survive a list that
             * matches no TLS 1.2 suite (but not "no cipher match"). */
            bool tls13 = !suites.no_match
                && (t->proto.enabled & PROTO_TLSV1_3);

            report_sev(ctx, self, tls13 ? SEV_WARNING : SEV_ERROR, &sp,
                       "the cipher string of %s, \"%.200s%s\", %s:" DIAG_NOTE
                       " %s (Postfix %s, OpenSSL %s)",
                       t->name, t->cipher_string,
                       strlen(t->cipher_string) > 200 ? "..." : "",
                       suites.no_match
                       ? "matches no suite at all (OpenSSL: no cipher match)"
                       : "leaves no TLS 1.2-or-older suite this server can use",
                       tls13 ? "only TLSv1.3 clients can connect"
                       : "every TLS handshake fails",
                       ctx->version_text, ctx->openssl_text);
        }
        suite_list_free(&suites);
    }
}

const rule_desc rule_tls_cipher_list_empty = {
    "tls-cipher-list-empty", SEV_ERROR,
    "an smtpd cipher string that matches no usable suite",
    "The cipher string Postfix hands to OpenSSL is the grade's cipher list "
    "followed by one \":!name\" per exclusion. If nothing is left, or the "
    "list is not a valid OpenSSL cipher string, every handshake fails. "
    "Exclusions are plain names: Postfix adds the '!' itself, and one that "
    "starts with '!', '+', '-' or '@' aborts TLS.",
    check,
    SEV_ALSO(SEV_WARNING)
};
