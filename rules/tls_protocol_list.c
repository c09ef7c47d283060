/*
 * tls_protocol_list.c - rule "tls-protocol-list": a TLS protocol list the
 * target Postfix version cannot parse.
 *
 * One unknown name (TLSv1.2 on 2.6.6, which knows only SSLv2, SSLv3 and
 * TLSv1; "TLSv1.0", which no version knows; ">=TLSv1.2" before 3.6) makes
 * the whole list invalid. smtpd then logs 'Invalid TLS protocol list
 * "...": disabling TLS support', keeps announcing STARTTLS and answers it
 * with "454 TLS not available due to local problem"; the smtp client
 * aborts each TLS session (plaintext at level may, deferred mail at
 * higher levels). Nothing checks the list before that: not postconf, not
 * postfix check. The fix is a list with the same intent that the version
 * accepts: exclusions of the names it knows, or ">=" from 3.6 on.
 */
#include "rule.h"
#include "listtok.h"
#include "tls_proto.h"
#include "tls_report.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* What the author meant, as a protocol set: read every token with all
 * names known (and common misspellings), ignoring the version. */
static unsigned intended(const char *list)
{
    unsigned inc = 0, exc = 0, all = PROTO_ALL & ~PROTO_SSLV2;
    int floor_bit = 0;
    bool bound_next = false;    /* ">= TLSv1.2": the name is the bound */

    list_tokens words = {0};

    list_split(list, strlen(list), LIST_SEPARATORS_TLS, false, &words);
    for (size_t w = 0; w < words.n; w++) {
        char tok[64];
        size_t n = words.items[w].len;
        unsigned bit;
        const char *name;

        snprintf(tok, sizeof(tok), "%.*s", (int) (n < 63 ? n : 63),
                 words.items[w].text);
        if (strcmp(tok, ">=") == 0) {
            bound_next = true;
            continue;
        }
        if (bound_next) {
            /* Read it as the bound the author meant. */
            memmove(tok + 2, tok, strlen(tok) + 1 < sizeof(tok) - 2
                    ? strlen(tok) + 1 : sizeof(tok) - 3);
            tok[0] = '>';
            tok[1] = '=';
            tok[sizeof(tok) - 1] = '\0';
            bound_next = false;
        }
        name = tok[0] == '!' ? tok + 1 : strncmp(tok, ">=", 2) == 0
            ? tok + 2 : tok;
        if (strcasecmp(name, "TLSv1.0") == 0 || strcasecmp(name, "TLS1") == 0)
            name = "TLSv1";
        if ((bit = proto_bit(name)) == 0 && strncasecmp(name, "TLS1.", 5) == 0) {
            char fixed[16];

            snprintf(fixed, sizeof(fixed), "TLSv1.%s", name + 5);
            bit = proto_bit(fixed);
        }
        if (bit == 0)
            continue;
        if (tok[0] == '!')
            exc |= bit;
        else if (tok[0] == '>')
            floor_bit = (int) bit;
        else
            inc |= bit;
    }
    list_tokens_free(&words);
    /* Names listed to include ("TLS1", "TLSv1.2, TLSv1.1") are read as a
     * floor: the lowest of them and everything newer. An include list
     * silently turns off newer protocols (tls-protocol-include-list), and
     * nobody who wrote "TLS1" meant to refuse TLSv1.3. */
    if (inc && !floor_bit)
        floor_bit = (int) (inc & -inc);
    if (floor_bit)
        for (unsigned b = 1; b < (unsigned) floor_bit; b <<= 1)
            exc |= b;
    return all & ~exc;
}

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const char *param, const char *value,
                        const span *sp, const char *where, bool indirect)
{
    proto_list p;
    char fix[128], set[80];
    unsigned want;
    diagnostic *d;
    bool server = server_side_param(param);

    proto_list_parse(value, ctx->version, ctx->openssl, &p);
    if (!p.invalid)
        return;
    want = intended(value);
    protocol_list_for(ctx, want, fix, sizeof(fix));
    /* What the fix leaves on, with the protocols that OpenSSL has. */
    proto_set_text(want & openssl_protocols(ctx->openssl), set, sizeof(set));
    d = report(ctx, self, sp,
               "%s%s = \"%s\" is invalid for Postfix %s (with OpenSSL %s): "
               "it does not know \"%s\"," DIAG_NOTE
               " so %s; write \"%s\" (%s)",
               param, where, value, ctx->version_text, ctx->openssl_text,
               p.bad_token[0] == '!' ? p.bad_token + 1 : p.bad_token,
               server ? "smtpd logs \"Invalid TLS protocol list\", disables "
               "TLS and answers STARTTLS with 454 (no TLS for anyone)"
               : "the smtp client aborts every TLS session with it "
               "(plaintext at level may, deferred mail above)",
               fix, set);
    if (fix[0] && !indirect && sp->line == sp->end_line)
        diag_set_fix(d, sp, fix);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_protocol_setting(ctx, self, check_value);
}

const rule_desc rule_tls_protocol_list = {
    "tls-protocol-list", SEV_ERROR,
    "a TLS protocol list the target Postfix version rejects (TLS is disabled)",
    "Postfix parses *_tls_protocols and *_tls_mandatory_protocols only when "
    "a TLS session starts. One name the version does not know (TLSv1.1 "
    "and TLSv1.2 before 2.6.15/2.7.9/2.8.10/2.9.2 or without OpenSSL "
    "1.0.1, the misspelling TLSv1.0, '>=' bounds before 3.6) makes the "
    "whole list invalid: smtpd disables TLS and answers STARTTLS with 454, "
    "the smtp client aborts TLS. postconf and postfix check do not notice.",
    check,
    0
};
