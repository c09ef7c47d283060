/*
 * tls_no_shared_cipher.c - rule "tls-no-shared-cipher": common senders
 * share no cipher suite with an smtpd service.
 *
 * The service's cipher string (grade list + exclusions) is expanded by
 * OpenSSL and trimmed to what that Postfix can use (no ECDHE on 2.6 - 3.3
 * unless smtpd_tls_eecdh_grade allows it; RSA certificate assumed); each
 * common sender profile (rules/tls-profiles.tsv) whose protocols overlap
 * but whose suites do not meets "no shared cipher". The founding case:
 * Postfix 2.6.6 (no ECDHE by default) excluding RSA+AES keeps only DHE
 * suites, which Gmail does not offer. The rule says which exclusion token
 * is to blame and the way out: drop that token (the fix), or enable ECDHE.
 * Also "tls-cipher-list-empty"-like failures: OpenSSL matches nothing.
 */
#include "rule.h"
#include "listtok.h"
#include "tls_ciphers.h"
#include "tls_profiles.h"
#include "tls_report.h"

#include <stdlib.h>
#include <string.h>

typedef struct match_ctx {
    const tls_server *t;
    const suite_list *suites;
} match_ctx;

static bool shares_nothing(const tls_profile *p, void *vctx)
{
    match_ctx *c = vctx;

    if ((profile_protocols(p) & c->t->proto.enabled) == 0 || !p->ciphers[0])
        return false;       /* a protocol failure, or unknown suites */
    /* Both sides on TLS 1.3: its own suites, always shared. */
    if ((c->t->proto.enabled & PROTO_TLSV1_3) && p->tls13[0]
        && (profile_protocols(p) & PROTO_TLSV1_3))
        return false;
    for (size_t i = 0; i < c->suites->n; i++)
        if (profile_offers(p, c->suites->names[i]))
            return false;
    return true;
}

/* The exclusions without token k (k counts from 0). */
static char *without_token(const char *list, size_t k, char **dropped)
{
    strbuf out;
    size_t idx = 0;

    list_tokens words = {0};

    sb_init(&out);
    *dropped = NULL;
    list_split(list, strlen(list), LIST_SEPARATORS_TLS, false, &words);
    for (size_t w = 0; w < words.n; w++) {
        const list_token *t = &words.items[w];

        if (idx++ == k)
            *dropped = xstrndup(t->text, t->len);
        else {
            if (out.len)
                sb_adds(&out, ", ");
            sb_add(&out, t->text, t->len);
        }
    }
    list_tokens_free(&words);
    if (out.data == NULL)
        sb_add(&out, "", 0);
    return sb_steal(&out);
}

/* Count the common senders that fail with this cipher string. */
static size_t failing(const lint_ctx *ctx, const tls_server *t,
                      const char *cipher_string, bool ecdhe, strbuf *names)
{
    suite_list suites;
    match_ctx c = {t, &suites};
    size_t n;

    cipher_string_eval(cipher_string, ctx->openssl, ecdhe, t->auth,
                       &suites);
    /* No suite at all is tls-cipher-list-empty's finding. */
    n = suites.no_match || suites.n == 0 ? 0 : t->client
        ? receiver_names(shares_nothing, &c, true, names)
        : profile_names(shares_nothing, &c, true, names);
    suite_list_free(&suites);
    return n;
}

/* Rebuild the cipher string with other exclusions. */
static char *string_with(const tls_server *t, const char *exclusions)
{
    strbuf s;

    sb_init(&s);
    sb_adds(&s, t->cipherlist.value);
    {
        list_tokens words = {0};

        list_split(exclusions, strlen(exclusions), LIST_SEPARATORS_TLS, false,
                   &words);
        for (size_t w = 0; w < words.n; w++)
            sb_printf(&s, ":!%.*s", (int) words.items[w].len,
                      words.items[w].text);
        list_tokens_free(&words);
    }
    return sb_steal(&s);
}

static void check_server(const lint_ctx *ctx, const rule_desc *self,
                         const tls_server *t, reported *done)
{
    static const pf_version v3_4 = {3, 4, 0};
    strbuf names, cure, probe;
    const tls_setting *blame = cipher_setting_in_charge(t);
    char *fix = NULL, *token = NULL;
    size_t n;
    span sp;
    diagnostic *d;

    sb_init(&names);
    sb_init(&cure);
    n = failing(ctx, t, t->cipher_string, t->ecdhe, &names);
    if (n == 0 || !setting_span(blame, t, &sp) || already_reported(done, blame, t)) {
        sb_free(&names);
        sb_free(&cure);
        return;
    }
    /* Which exclusion token, once dropped, lets them all in? */
    for (size_t k = 0; blame == &t->exclude && fix == NULL; k++) {
        char *dropped, *rest = without_token(t->exclude.value, k, &dropped);
        char *str = string_with(t, rest);

        sb_init(&probe);
        if (dropped && failing(ctx, t, str, t->ecdhe, &probe) == 0) {
            fix = rest;
            token = dropped;
            rest = NULL;
            dropped = NULL;
        }
        sb_free(&probe);
        free(str);
        free(rest);
        if (dropped == NULL && token == NULL) {
            break;
        }
        free(dropped);
    }
    if (token)
        sb_printf(&cure, "; dropping %s from %s lets them connect",
                  token, t->exclude.name);
    if (!t->ecdhe && !t->client && version_cmp(ctx->version, v3_4) < 0) {
        sb_init(&probe);
        if (failing(ctx, t, t->cipher_string, true, &probe) == 0)
            sb_printf(&cure, "%s setting smtpd_tls_eecdh_grade = strong "
                      "(ECDHE is off by default before Postfix 2.8) %s",
                      token ? ", and" : ";", token ? "does too"
                      : "lets them connect");
        sb_free(&probe);
    }
    d = report(ctx, self, &sp,
               "%s%s (TLS level %s, %s = %s%s%s) shares no cipher suite with "
               "%s:" DIAG_NOTE
               " %s \"no shared cipher\" (Postfix %s, OpenSSL %s%s; cipher "
               "string \"%.200s%s\"%s)%s",
               t->client ? "the smtp client of " : "", t->name,
               t->level_word, t->grade.name, t->grade.value,
               blame == &t->cipherlist ? ", whose list is your " : "",
               blame == &t->cipherlist ? t->cipherlist.name : "",
               names.data, t->client ? "TLS with them fails with"
               : "they get", ctx->version_text, ctx->openssl_text,
               ctx->openssl_approx ? ", suites evaluated with the linked "
               "OpenSSL" : "", t->cipher_string,
               strlen(t->cipher_string) > 200 ? "..." : "",
               t->ecdhe ? "" : ", no ECDHE", cure.data ? cure.data : "");

    if (fix && sp.line == sp.end_line)
        diag_set_fix(d, &sp, fix);
    else if (fix && t->exclude.raw.origin == ORIGIN_MAIN)
        diag_set_fix(d, &sp, fix);
    free(fix);
    free(token);
    sb_free(&names);
    sb_free(&cure);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];

        /* Mail servers connect to port 25 only (submission is for mail
         * clients, which the profiles do not describe). */
        if (t->role == ROLE_PUBLIC_MX && t->use_tls && !t->proto.invalid
            && !t->bad_exclusion && t->cipherlist.value[0])
            check_server(ctx, self, t, &done);
    }
    /* The smtp client against common receiving MX servers. */
    for (size_t i = 0; i < ctx->tls->n_clients; i++) {
        const tls_server *t = &ctx->tls->clients[i];

        if (t->use_tls && !t->proto.invalid && !t->bad_exclusion
            && t->cipherlist.value[0])
            check_server(ctx, self, t, &done);
    }
}

const rule_desc rule_tls_no_shared_cipher = {
    "tls-no-shared-cipher", SEV_WARNING,
    "common senders share no cipher suite with an smtpd service",
    "The cipher suites an smtpd service offers are its grade's cipher list "
    "minus the exclusions, as that Postfix version and OpenSSL build see "
    "them (Postfix before 2.8 has no ECDHE unless smtpd_tls_eecdh_grade is "
    "set). When a common sender (Gmail, Microsoft 365, Exchange, the big "
    "bulk senders) offers none of them, its STARTTLS fails with \"no "
    "shared cipher\" and the mail arrives in plaintext or not at all. The "
    "message names the exclusion to drop, or the setting that brings ECDHE "
    "back.",
    check,
    0
};
