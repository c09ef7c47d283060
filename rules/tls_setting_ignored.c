/*
 * tls_setting_ignored.c - rule "tls-setting-ignored": a TLS setting that
 * Postfix warns about and then ignores, in whole or in part.
 *
 * Each is read when the program sets up TLS, logs a warning and goes on
 * without it (Postfix 3.7.11 source, file:line):
 *   smtpd   smtpd_tls_security_level = fingerprint, verify or secure:
 *           client-side levels, used as encrypt (smtpd.c:6331);
 *           smtpd_tls_chain_files with smtpd_tls_cert_file, _eccert_file
 *           or _dcert_file also set: the legacy ones are ignored
 *           (smtpd.c:6399); smtpd_tls_req_ccert = yes where TLS is not
 *           required: no client certificate is required (smtpd.c:6411)
 *   tlsproxy the same three (tlsproxy.c:1539, 1584, 1596), logged when
 *           postscreen or the smtp client starts it
 *   postscreen  postscreen_tls_security_level = fingerprint, verify or
 *           secure, used as encrypt (postscreen_smtpd.c:1257)
 *   servers *_tls_dh1024_param_file that cannot be read or decoded: the
 *           built-in parameters are used (tls_dh.c:189, 197; 275, 280
 *           before OpenSSL 3)
 *   all     *_tls_loglevel with an unknown word: TLS logging is off
 *           (tls_misc.c:570); tls_disable_workarounds and tls_ssl_options
 *           with an unknown name (tls_misc.c:1465, 1481);
 *           tls_eecdh_auto_curves with a curve OpenSSL does not know
 *           (tls_dh.c:337)
 *   smtp    tls_dane_digests entries (tls_dane.c:869-927);
 *           *_tls_fingerprint_cert_match values that are not hex
 *           (tls_dane.c:447, 454); a bare "." in *_tls_verify_cert_match
 *           or *_tls_secure_cert_match (tls_client.c:402); *_tls_per_site
 *           next to *_tls_policy_maps (smtp_tls_policy.c:144)
 *   smtpd   permit_tls_clientcerts, permit_tls_all_clientcerts or
 *           check_ccert_access in a restriction list of a service with
 *           smtpd_tls_ask_ccert = no: "NAME is requested, but
 *           "smtpd_tls_ask_ccert = no"" (smtpd_check.c:1646, 3267; 3.5
 *           and later), and the restriction never matches
 * And one that turns TLS off altogether, an error: tls_config_file that
 * is not default, none or an absolute path (tls_misc.c:784).
 * The word lists are Postfix's own (tls_misc.c), the same from 3.6 to
 * 3.11; curve names and DH parameters are OpenSSL's answer. Checked for
 * Postfix 3.6 to 3.10 (3.11 reads curves another way), only for
 * settings written in main.cf or master.cf, and only where a program
 * that uses TLS reads them.
 */
#include "listtok.h"
#include "restriction_lists.h"
#include "pem_file.h"
#include "rule.h"
#include "tls_report.h"
#include "util.h"

#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* tls_misc.c tls_log_table (3.6 to 3.11): any case, no hex numbers. */
static const char *const log_words[] = {
    "0", "none", "1", "routine", "2", "debug", "3", "ssl-expert", "4",
    "ssl-developer", "5", "6", "7", "8", "9", "summary", "untrusted",
    "peercert", "certmatch", "verbose", "cache", "dane", "ssl-debug",
    "ssl-handshake-packet-dump", "ssl-session-packet-dump", NULL
};

/* tls_misc.c ssl_bug_tweaks (tls_disable_workarounds): any case, or a
 * 0x hex number. */
static const char *const bug_words[] = {
    "MICROSOFT_SESS_ID_BUG", "NETSCAPE_CHALLENGE_BUG",
    "LEGACY_SERVER_CONNECT", "NETSCAPE_REUSE_CIPHER_CHANGE_BUG",
    "CVE-2010-4180", "SSLREF2_REUSE_CERT_TYPE_BUG",
    "MICROSOFT_BIG_SSLV3_BUFFER", "MSIE_SSLV2_RSA_PADDING", "CVE-2005-2969",
    "SSLEAY_080_CLIENT_DH_BUG", "TLS_D5_BUG", "TLS_BLOCK_PADDING_BUG",
    "TLS_ROLLBACK_BUG", "DONT_INSERT_EMPTY_FRAGMENTS",
    "CRYPTOPRO_TLSEXT_BUG", "TLSEXT_PADDING", NULL
};

/* tls_misc.c ssl_op_tweaks (tls_ssl_options): any case, or 0x hex. */
static const char *const op_words[] = {
    "LEGACY_SERVER_CONNECT", "NO_TICKET", "NO_COMPRESSION",
    "NO_RENEGOTIATION", "NO_SESSION_RESUMPTION_ON_RENEGOTIATION",
    "PRIORITIZE_CHACHA", "ENABLE_MIDDLEBOX_COMPAT", NULL
};

typedef struct walk {
    const lint_ctx *ctx;
    const rule_desc *self;
    reported done;
} walk;

/* The program and service, for notes: "smtpd (service smtp/inet)". */
static const char *who(const tls_server *t, char *buf, size_t size)
{
    if (t->svc)
        snprintf(buf, size, "%s (service %s)", t->names->program, t->name);
    else
        snprintf(buf, size, "%s", t->names->program);
    return buf;
}

/* A setting written in main.cf or as -o, expanded, not yet reported by
 * this rule; false (and nothing to free) otherwise. */
static bool written(walk *w, const tls_server *t, const char *name,
                    tls_setting *s, span *sp)
{
    tls_setting_get(w->ctx->m, t->svc, name, s);
    if ((s->raw.origin != ORIGIN_MAIN && s->raw.origin != ORIGIN_MASTER)
        || !setting_span(s, t, sp) || already_reported(&w->done, s, t)) {
        tls_setting_free(s);
        return false;
    }
    return true;
}

static bool word_in(const char *w, size_t len, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == len && strncasecmp(w, list[i], len) == 0)
            return true;
    return false;
}

/* name_mask.c hex_to_ulong(): "0x" and hex digits to the end. */
static bool hex_word(const char *w, size_t len)
{
    char buf[64], *end;

    if (len < 2 || len >= sizeof(buf) || strncasecmp(w, "0x", 2) != 0)
        return false;
    memcpy(buf, w, len);
    buf[len] = '\0';
    errno = 0;
    (void) strtoul(buf, &end, 16);
    return *end == '\0' && errno != ERANGE;
}

/* A name_mask() list: each unknown word. loglevel: the first one makes
 * the whole value 0 (NAME_MASK_RETURN); the others are skipped alone. */
static void check_words(walk *w, const tls_server *t, const char *name,
                        const char *const *list, bool hex, bool loglevel)
{
    tls_setting s;
    span sp;
    list_tokens toks = {0};
    char prog[200];

    if (!written(w, t, name, &s, &sp))
        return;
    list_split(s.value, strlen(s.value), LIST_SEPARATORS, false, &toks);
    for (size_t i = 0; i < toks.n; i++) {
        const char *word = toks.items[i].text;
        int len = (int) toks.items[i].len;

        if (word_in(word, (size_t) len, list)
            || (hex && hex_word(word, (size_t) len)))
            continue;
        report(w->ctx, w->self, &sp, "%s = %s: unknown word \"%.*s\""
               DIAG_NOTE " %s of Postfix %s logs \"warning: unknown %s "
               "value \"%.*s\" in \"%s\"\"%s", name, s.value, len, word,
               who(t, prog, sizeof(prog)), w->ctx->version_text, name, len,
               word, s.value, loglevel ? " and drops the whole value: it "
               "logs no TLS activity at all (as with 0)" : " and ignores "
               "that word");
        if (loglevel)
            break;
    }
    list_tokens_free(&toks);
    tls_setting_free(&s);
}

/* tls_dh.c tls_auto_eecdh_curves(): each name must be known to OpenSSL
 * as a NIST name, a short name or a long name. */
static void check_curves(walk *w, const tls_server *t)
{
    tls_setting s;
    span sp;
    list_tokens toks = {0};
    char prog[200];

    if (!written(w, t, "tls_eecdh_auto_curves", &s, &sp))
        return;
    list_split(s.value, strlen(s.value), LIST_SEPARATORS, false, &toks);
    for (size_t i = 0; i < toks.n; i++) {
        char *curve = xstrndup(toks.items[i].text, toks.items[i].len);
        int nid = EC_curve_nist2nid(curve);

        if (nid == NID_undef)
            nid = OBJ_sn2nid(curve);
        if (nid == NID_undef)
            nid = OBJ_ln2nid(curve);
        if (nid == NID_undef)
            report(w->ctx, w->self, &sp, "tls_eecdh_auto_curves: \"%s\" is "
                   "not a curve OpenSSL knows" DIAG_NOTE " %s of Postfix %s "
                   "logs \"warning: ignoring unknown ECDHE curve \"%s\"\" "
                   "and leaves it out", curve, who(t, prog, sizeof(prog)),
                   w->ctx->version_text, curve);
        free(curve);
    }
    ERR_clear_error();
    list_tokens_free(&toks);
    tls_setting_free(&s);
}

/* tls_dane.c tls_dane_digest_init(): "name" or "name=number" entries. */
static void check_digests(walk *w, const tls_server *t)
{
    tls_setting s;
    span sp;
    list_tokens toks = {0};
    bool used[256] = {false};
    char prog[200];

    if (!written(w, t, "tls_dane_digests", &s, &sp))
        return;
    list_split(s.value, strlen(s.value), LIST_SEPARATORS, false, &toks);
    for (size_t i = 0; i < toks.n; i++) {
        char *name = xstrndup(toks.items[i].text, toks.items[i].len);
        char *code = strchr(name, '='), log[400];
        const char *why = NULL;
        long point = -1;

        if (code)
            *code++ = '\0';
        log[0] = '\0';
        if (code && *code) {
            /* safe_strtoul(): digits only; 255 and up are invalid, 0 is
             * reserved. */
            errno = 0;
            point = str_all_digits(code, strlen(code))
                ? (long) strtoul(code, NULL, 10)
                : 255;
            if (errno == ERANGE || point >= 255) {
                snprintf(log, sizeof(log), "Invalid matching type number in "
                         "tls_dane_digests: %s=%s", name, code);
                why = "has no valid matching type number (1 to 254)";
            } else if (point == 0) {
                snprintf(log, sizeof(log), "Reserved matching type number "
                         "in tls_dane_digests: %s=%s", name, code);
                why = "uses the reserved matching type 0";
            }
        }
        if (why == NULL && *name == '\0') {
            free(name);         /* "=3" turns type 3 off: allowed */
            continue;
        }
        if (why == NULL && point == -1) {
            if (strcasecmp(name, LN_sha256) == 0)
                point = 1;
            else if (strcasecmp(name, LN_sha512) == 0)
                point = 2;
            else {
                snprintf(log, sizeof(log), "tls_dane_digests: digest "
                         "algorithm %s needs an explicit number", name);
                why = "needs an explicit matching type number (name=number)";
            }
        } else if (why == NULL && point == 1
                   && strcasecmp(name, LN_sha256) != 0) {
            snprintf(log, sizeof(log), "tls_dane_digests: matching type 1 "
                     "can only be %s", LN_sha256);
            why = "uses matching type 1, which is sha256";
        } else if (why == NULL && point == 2
                   && strcasecmp(name, LN_sha512) != 0) {
            snprintf(log, sizeof(log), "tls_dane_digests: matching type 2 "
                     "can only be %s", LN_sha512);
            why = "uses matching type 2, which is sha512";
        }
        if (why == NULL && used[point]) {
            snprintf(log, sizeof(log), "tls_dane_digests: matching type %ld "
                     "specified more than once", point);
            why = "repeats a matching type";
        }
        if (why == NULL)
            used[point] = true;
        else
            report(w->ctx, w->self, &sp, "tls_dane_digests: \"%.*s\" %s"
                   DIAG_NOTE " %s of Postfix %s logs \"warning: %s\" and "
                   "skips the entry", (int) toks.items[i].len,
                   toks.items[i].text, why, who(t, prog, sizeof(prog)),
                   w->ctx->version_text, log);
        free(name);
    }
    list_tokens_free(&toks);
    tls_setting_free(&s);
}

/* Can the client's level be this one: it is, or a policy table may
 * choose it for some destinations. */
static bool level_may_be(const lint_ctx *ctx, const tls_server *t,
                         const char *level)
{
    char name[64];
    tls_setting policy;
    bool any;

    if (str_eq(t->level_word, level))
        return true;
    snprintf(name, sizeof(name), "%s_tls_policy_maps", t->names->program);
    tls_setting_get(ctx->m, t->svc, name, &policy);
    any = policy.value[0] != '\0';
    tls_setting_free(&policy);
    return any;
}

/* hex_code.c hex_decode_opt() with colons allowed: pairs of hex
 * digits, a single ':' between two pairs. */
static bool hex_value(const char *p, size_t len)
{
    while (len > 0) {
        if (len < 2 || !strchr("0123456789ABCDEFabcdef", p[0]) || !p[0]
            || !strchr("0123456789ABCDEFabcdef", p[1]) || !p[1])
            return false;
        if (len > 4 && p[2] == ':') {
            p++;
            len--;
        }
        p += 2;
        len -= 2;
    }
    return true;
}

/* tls_dane.c tls_dane_add_fpt_digests(), at level fingerprint. */
static void check_fingerprints(walk *w, const tls_server *t)
{
    char name[64], prog[200];
    tls_setting s;
    span sp;
    list_tokens toks = {0};

    snprintf(name, sizeof(name), "%s_tls_fingerprint_cert_match",
             t->names->program);
    if (!level_may_be(w->ctx, t, "fingerprint")
        || !written(w, t, name, &s, &sp))
        return;
    list_split(s.value, strlen(s.value), LIST_SEPARATORS, false, &toks);
    for (size_t i = 0; i < toks.n; i++) {
        const char *v = toks.items[i].text;
        int len = (int) toks.items[i].len;

        if ((size_t) len > 3 * EVP_MAX_MD_SIZE)
            report(w->ctx, w->self, &sp, "%s: a value of %d characters is "
                   "longer than any fingerprint" DIAG_NOTE " %s of Postfix %s "
                   "logs \"warning: malformed fingerprint value: %.100s...\" "
                   "and does not match with it", name, len,
                   who(t, prog, sizeof(prog)), w->ctx->version_text, v);
        else if (!hex_value(v, (size_t) len))
            report(w->ctx, w->self, &sp, "%s: \"%.*s\" is not a fingerprint "
                   "(hex digits in pairs, optionally separated by ':')"
                   DIAG_NOTE " %s of Postfix %s logs \"warning: malformed "
                   "fingerprint value: %.*s\" and does not match with it",
                   name, len, v, who(t, prog, sizeof(prog)),
                   w->ctx->version_text, len, v);
    }
    list_tokens_free(&toks);
    tls_setting_free(&s);
}

/* tls_client.c tls_check_subject_name... : a bare "." matches nothing. */
static void check_match(walk *w, const tls_server *t, const char *which)
{
    char name[64], prog[200];
    tls_setting s;
    span sp;
    list_tokens toks = {0};

    snprintf(name, sizeof(name), "%s_tls_%s_cert_match", t->names->program,
             which);
    if (!level_may_be(w->ctx, t, which) || !written(w, t, name, &s, &sp))
        return;
    list_split(s.value, strlen(s.value), ", \t\r\n:", false, &toks);
    for (size_t i = 0; i < toks.n; i++)
        if (toks.items[i].len == 1 && toks.items[i].text[0] == '.') {
            report(w->ctx, w->self, &sp, "%s = %s: \".\" alone is no name"
                   DIAG_NOTE " %s of Postfix %s logs \"warning: "
                   "HOST[ADDRESS]:PORT: ignoring invalid match name: "
                   "\".\"\" for every TLS session at level %s; write "
                   "\".example.com\" for the subdomains of a domain", name,
                   s.value, who(t, prog, sizeof(prog)),
                   w->ctx->version_text, which);
            break;
        }
    list_tokens_free(&toks);
    tls_setting_free(&s);
}

/* smtp_tls_policy.c smtp_tls_list_init(). */
static void check_per_site(walk *w, const tls_server *t)
{
    char name[64], policy_name[64], prog[200];
    tls_setting s, policy;
    span sp;

    snprintf(name, sizeof(name), "%s_tls_per_site", t->names->program);
    snprintf(policy_name, sizeof(policy_name), "%s_tls_policy_maps",
             t->names->program);
    tls_setting_get(w->ctx->m, t->svc, policy_name, &policy);
    if (policy.value[0] && written(w, t, name, &s, &sp)) {
        if (s.value[0])
            report(w->ctx, w->self, &sp, "%s is ignored: %s is set too"
                   DIAG_NOTE " %s of Postfix %s logs \"warning: %s ignored "
                   "when %s is not empty.\" and reads only %s; move its "
                   "entries there", name, policy_name,
                   who(t, prog, sizeof(prog)), w->ctx->version_text, name,
                   policy_name, policy_name);
        tls_setting_free(&s);
    }
    tls_setting_free(&policy);
}

/* tls_dh.c tls_set_dh_from_file(). */
static void check_dh(walk *w, const tls_server *t)
{
    static const pf_version v3_7 = {3, 7, 0}, o3 = {3, 0, 0};
    const lint_ctx *ctx = w->ctx;
    bool new_api = version_cmp(ctx->version, v3_7) >= 0
        && version_cmp(ctx->openssl, o3) >= 0;
    char name[64], prog[200], old_ssl[64] = "";
    tls_setting s;
    span sp;
    pem_file pf;

    /* The OpenSSL is named only where it changes the message. */
    if (version_cmp(ctx->openssl, o3) < 0)
        snprintf(old_ssl, sizeof(old_ssl), " with OpenSSL %s",
                 ctx->openssl_text);

    snprintf(name, sizeof(name), "%s_tls_dh1024_param_file",
             t->names->program);
    if (ctx->no_files || !written(w, t, name, &s, &sp))
        return;
    if (!s.value[0] || strcmp(s.value, "auto") == 0) {
        tls_setting_free(&s);
        return;
    }
    if (!pem_open(&pf, s.value)) {
        if (pf.err && pf.err != EACCES)
            report(ctx, w->self, &sp, "%s: cannot read %s (%s)" DIAG_NOTE
                   " %s of Postfix %s%s logs \"warning: %s%s%s: "
                   "%s -- using compiled-in defaults\"", name, s.value,
                   pf.why, who(t, prog, sizeof(prog)), ctx->version_text,
                   old_ssl,
                   new_api ? "error opening DH parameter file \""
                   : "cannot load DH parameters from file ", s.value,
                   new_api ? "\"" : "", strerror(pf.err));
    } else {
        EVP_PKEY *dh = NULL;
        OSSL_DECODER_CTX *d = OSSL_DECODER_CTX_new_for_pkey(
            &dh, "PEM", NULL, "DH", OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS,
            NULL, NULL);

        if (d == NULL || !OSSL_DECODER_from_bio(d, pf.bio) || dh == NULL)
            report(ctx, w->self, &sp, "%s: %s holds no PEM DH parameters"
                   DIAG_NOTE " %s of Postfix %s%s logs \"warning: "
                   "%s%s%s -- using compiled-in defaults\"", name, s.value,
                   who(t, prog, sizeof(prog)), ctx->version_text, old_ssl,
                   new_api ? "error decoding DH parameters from file \""
                   : "cannot load DH parameters from file ", s.value,
                   new_api ? "\"" : "");
        EVP_PKEY_free(dh);
        OSSL_DECODER_CTX_free(d);
        ERR_clear_error();
    }
    pem_close(&pf);
    tls_setting_free(&s);
}

static bool yes_value(const char *v)
{
    return strcasecmp(v, "yes") == 0;
}

/* get_mail_conf_bool(): "no" in any case (anything else stops smtpd:
 * bad-value's). */
static bool str_eq_nocase_no(const char *v)
{
    return strcasecmp(v, "no") == 0;
}

/* tls_server.c: with client certificates asked for, smtpd loads the
 * names of smtpd_tls_CAfile's certificates (SSL_load_client_CA_file():
 * plain CERTIFICATE objects). A file that OpenSSL accepts as CA data
 * (TRUSTED CERTIFICATE objects, CRLs) but that holds none of those gives
 * no names. */
static void check_client_ca(walk *w, const tls_server *t)
{
    const lint_ctx *ctx = w->ctx;
    tls_setting ask, req, ca;
    span sp;
    bool asks;
    pem_file pf;
    char prog[200];

    tls_setting_get(ctx->m, t->svc, "smtpd_tls_ask_ccert", &ask);
    tls_setting_get(ctx->m, t->svc, "smtpd_tls_req_ccert", &req);
    asks = yes_value(ask.value) || (t->enforce && yes_value(req.value));
    tls_setting_free(&ask);
    tls_setting_free(&req);
    if (!asks || ctx->no_files
        || !written(w, t, "smtpd_tls_CAfile", &ca, &sp))
        return;
    if (ca.value[0] && pem_open(&pf, ca.value)) {
        STACK_OF(X509_INFO) *info = PEM_X509_INFO_read_bio(pf.bio, NULL,
                                                           NULL, NULL);
        int names = 0;
        X509 *x = NULL;

        (void) BIO_reset(pf.bio);
        while (PEM_read_bio_X509(pf.bio, &x, pem_no_passphrase, NULL))
            names++;
        X509_free(x);
        if (info && sk_X509_INFO_num(info) > 0 && names == 0)
            report(ctx, w->self, &sp, "smtpd_tls_CAfile = %s holds no plain "
                   "CERTIFICATE objects for the names of client CAs"
                   DIAG_NOTE " %s of Postfix %s logs \"warning: error "
                   "loading client CA names from: %s\" and sends clients no "
                   "list of CAs to choose a certificate by; store the CA "
                   "certificates as BEGIN CERTIFICATE", ca.value,
                   who(t, prog, sizeof(prog)), ctx->version_text, ca.value);
        sk_X509_INFO_pop_free(info, X509_INFO_free);
        ERR_clear_error();
    }
    if (ca.value[0])
        pem_close(&pf);
    tls_setting_free(&ca);
}

/* Where a server's TLS warnings show: smtpd at start-up; tlsproxy when
 * postscreen or the smtp client starts it. */
static const char *server_effect(const tls_server *t)
{
    if (!str_eq(t->names->program, "tlsproxy"))
        return "";
    if (t->postscreen)
        return " (when postscreen hands it a STARTTLS session)";
    return " (when the smtp client reuses a TLS connection through it)";
}

/* smtpd.c and tlsproxy.c (the same code): what they say about their own
 * TLS settings. */
static void check_server(walk *w, const tls_server *t)
{
    const lint_ctx *ctx = w->ctx;
    const char *p = t->names->program;
    bool proxy = str_eq(p, "tlsproxy");
    static const char *const legacy[] = {
        "cert_file", "eccert_file", "dcert_file", NULL
    };
    char name[64], chain_name[64], prog[200];
    tls_setting s, chain;
    span sp;

    if (proxy && t->postscreen == NULL && !t->proxy_smtp)
        return;                 /* never started */
    if (!t->wrapper && (str_eq(t->level_word, "fingerprint")
                        || str_eq(t->level_word, "verify")
                        || str_eq(t->level_word, "secure"))
        && written(w, t, t->names->level, &s, &sp)) {
        report(ctx, w->self, &sp, "%s = %s is a level of the smtp client; "
               "%s uses encrypt" DIAG_NOTE " %s of Postfix %s logs "
               "\"warning: %s: unsupported TLS level \"%s\", using "
               "\"encrypt\"\" each time it starts%s and does exactly what "
               "encrypt does (client certificates: %s_tls_ask_ccert, "
               "%s_tls_req_ccert); write encrypt", t->names->level, s.value,
               p, who(t, prog, sizeof(prog)), ctx->version_text,
               t->names->level, s.value, server_effect(t), p, p);
        tls_setting_free(&s);
    }
    snprintf(chain_name, sizeof(chain_name), "%s_tls_chain_files", p);
    tls_setting_get(ctx->m, t->svc, chain_name, &chain);
    for (int i = 0; chain.value[0] && legacy[i]; i++) {
        snprintf(name, sizeof(name), "%s_tls_%s", p, legacy[i]);
        tls_setting_get(ctx->m, t->svc, name, &s);
        if (s.value[0] && (i > 0 || strcasecmp(s.value, "none") != 0)) {
            tls_setting_free(&s);
            if (written(w, t, name, &s, &sp)) {
                /* tlsproxy_tls_cert_file = $smtpd_tls_cert_file: the
                 * line is smtpd's. */
                const char *via = s.raw.origin == ORIGIN_MAIN
                    && !str_eq(s.raw.entry->name, name)
                    ? s.raw.entry->name
                    : s.raw.origin == ORIGIN_MASTER
                    && !str_eq(s.raw.opt->name, name) ? s.raw.opt->name
                    : NULL;
                char fix[200];

                if (via)
                    snprintf(fix, sizeof(fix), "set %s empty (it is $%s by "
                             "default) or put the files in %s", name, via,
                             chain_name);
                else
                    snprintf(fix, sizeof(fix), "remove %s", name);
                report(ctx, w->self, &sp, "%s%s%s%s is ignored: %s is set"
                       DIAG_NOTE " %s of Postfix %s logs \"warning: Both %s "
                       "and one or more of the legacy  %s_tls_cert_file, "
                       "%s_tls_eccert_file or %s_tls_dcert_file are "
                       "non-empty; the legacy  parameters will be ignored\"%s "
                       "and loads only %s; %s", via ? via : name,
                       via ? " (as " : "", via ? name : "", via ? ")" : "",
                       chain_name,
                       who(t, prog, sizeof(prog)), ctx->version_text,
                       chain_name, p, p, p, server_effect(t), chain_name,
                       fix);
                tls_setting_free(&s);
            }
            break;
        }
        tls_setting_free(&s);
    }
    tls_setting_free(&chain);
    if (!proxy)
        check_client_ca(w, t);
    if (!t->enforce) {
        snprintf(name, sizeof(name), "%s_tls_req_ccert", p);
        tls_setting_get(ctx->m, t->svc, name, &s);
        if (yes_value(s.value)) {
            tls_setting_free(&s);
            if (written(w, t, name, &s, &sp)) {
                report(ctx, w->self, &sp, "%s = yes has no effect where TLS "
                       "is optional (level %s)" DIAG_NOTE " %s of Postfix %s "
                       "logs \"warning: Can't require client certs unless "
                       "TLS is required\"%s and requires none; client "
                       "certificates can be required only with %s = encrypt",
                       name, t->level_word, who(t, prog, sizeof(prog)),
                       ctx->version_text, server_effect(t), t->names->level);
                tls_setting_free(&s);
            }
        } else {
            tls_setting_free(&s);
        }
    }
}

/* postscreen_smtpd.c: postscreen's own level, fingerprint, verify and
 * secure used as encrypt. */
static void check_postscreen(walk *w)
{
    const lint_ctx *ctx = w->ctx;
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *svc = &m->services[i];
        tls_setting s;
        span sp;
        char word[16];

        if (!svc->has_fields || !str_eq(service_daemon(svc), "postscreen")
            || !postscreen_offers_tls(m, svc, word, sizeof(word))
            || !(str_eq(word, "fingerprint") || str_eq(word, "verify")
                 || str_eq(word, "secure")))
            continue;
        tls_setting_get(m, svc, "postscreen_tls_security_level", &s);
        if ((s.raw.origin == ORIGIN_MAIN || s.raw.origin == ORIGIN_MASTER)
            && setting_span(&s, NULL, &sp)
            && !already_reported(&w->done, &s, NULL))
            report(ctx, w->self, &sp, "postscreen_tls_security_level = %s "
                   "is a level of the smtp client; postscreen uses encrypt"
                   DIAG_NOTE " postscreen (service %s/%s) of Postfix %s logs "
                   "\"warning: postscreen_tls_security_level: unsupported TLS "
                   "level \"%s\", using \"encrypt\"\" each time it starts, "
                   "and requires STARTTLS as encrypt does; write encrypt",
                   s.value, svc->argv[MF_SERVICE].text,
                   svc->argv[MF_TYPE].text, ctx->version_text, s.value);
        tls_setting_free(&s);
    }
}

/* Does the client use TLS: a level above none, or a policy table that
 * may choose one? */
static bool client_tls(const lint_ctx *ctx, const tls_server *t)
{
    char name[64];
    tls_setting policy;
    bool any;

    if (t->use_tls)
        return true;
    snprintf(name, sizeof(name), "%s_tls_policy_maps", t->names->program);
    tls_setting_get(ctx->m, t->svc, name, &policy);
    any = policy.value[0] != '\0';
    tls_setting_free(&policy);
    return any;
}

/* tls_misc.c tls_library_init(): default, none, or an absolute path;
 * anything else turns TLS off in the program (an error). */
static void check_config_file(walk *w, const tls_server *t)
{
    const param_info *p = param_lookup("tls_config_file");
    tls_setting s;
    span sp;
    char prog[200];

    if (p == NULL || !param_builtin_in(p, w->ctx->version)
        || !written(w, t, "tls_config_file", &s, &sp))
        return;
    if (strcmp(s.value, "default") != 0 && strcmp(s.value, "none") != 0
        && s.value[0] != '/')
        report_sev(w->ctx, w->self, SEV_ERROR, &sp, "tls_config_file = %s is "
                   "not default, none or an absolute path name" DIAG_NOTE
                   " %s of Postfix %s (and every other program that uses "
                   "TLS) logs \"warning: non-default tls_config_file = %s is "
                   "not an absolute pathname, disabling TLS support\": smtpd "
                   "answers STARTTLS with 454, the smtp client sends without "
                   "TLS or defers where TLS is required", s.value,
                   who(t, prog, sizeof(prog)), w->ctx->version_text, s.value);
    tls_setting_free(&s);
}

static void check_common(walk *w, const tls_server *t)
{
    char name[64];

    snprintf(name, sizeof(name), "%s_tls_loglevel", t->names->program);
    check_words(w, t, name, log_words, false, true);
    check_words(w, t, "tls_disable_workarounds", bug_words, true, false);
    check_words(w, t, "tls_ssl_options", op_words, true, false);
    check_curves(w, t);
    check_config_file(w, t);
}

/* Was it reported already (a list shared by several services)? */
static bool seen_item(const ritem ***seen, size_t *n, const ritem *it)
{
    for (size_t i = 0; i < *n; i++)
        if ((*seen)[i] == it)
            return true;
    *seen = xrealloc(*seen, (*n + 1) * sizeof(**seen));
    (*seen)[(*n)++] = it;
    return false;
}

static void check_ccert_list(const lint_ctx *ctx, const rule_desc *self,
                             const smtpd_restrictions *s, const rlist *l,
                             bool tls, const ritem ***seen, size_t *n_seen)
{
    strbuf what;

    if (l == NULL)
        return;
    sb_init(&what);
    rlist_describe(l, &what);
    for (size_t i = 0; i < l->n; i++) {
        const ritem *it = &l->items[i];
        const char *name;
        bool permit;

        if (it->kind != RI_BUILTIN || it->ended_by != RITEM_REACHABLE)
            continue;
        name = it->info->name;
        permit = str_eq(name, "permit_tls_clientcerts")
            || str_eq(name, "permit_tls_all_clientcerts");
        if (!(permit && tls) && !str_eq(name, "check_ccert_access"))
            continue;
        if (seen_item(seen, n_seen, it))
            continue;
        report(ctx, self, &it->sp, "%s in %s needs client certificates, "
               "but %s does not ask for them (smtpd_tls_ask_ccert = no)"
               DIAG_NOTE " smtpd of Postfix %s logs \"warning: %s is "
               "requested, but \"smtpd_tls_ask_ccert = no\"\" each time "
               "a request %sreaches it, and it never matches; set "
               "smtpd_tls_ask_ccert = yes for this service", name, what.data,
               s->name, ctx->version_text, name,
               permit ? "in a TLS session " : "");
    }
    sb_free(&what);
}

/*
 * smtpd_check.c: permit_tls_clientcerts and permit_tls_all_clientcerts
 * (in a TLS session) and check_ccert_access (in any) log "warning: NAME
 * is requested, but "smtpd_tls_ask_ccert = no"" when the client sent no
 * certificate, which it does not unless asked: they never match. (With
 * smtpd_tls_req_ccert = yes where TLS is required, a certificate is
 * asked for and present.) Postfix 3.5 and later (before, the same
 * restrictions never match, silently).
 */
static void check_ccert_restrictions(const lint_ctx *ctx,
                                     const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;
    const ritem **seen = NULL;
    size_t n_seen = 0;
    static const pf_version v3_5 = {3, 5, 0};

    if (version_cmp(ctx->version, v3_5) < 0)
        return;
    for (size_t i = 0; rm && i < rm->n_services; i++) {
        const smtpd_restrictions *s = &rm->services[i];
        const tls_server *t = NULL;
        tls_setting ask, req;
        bool asks;

        for (size_t k = 0; k < ctx->tls->n_servers && t == NULL; k++)
            if (ctx->tls->servers[k].svc == s->svc
                && str_eq(ctx->tls->servers[k].names->program, "smtpd"))
                t = &ctx->tls->servers[k];
        tls_setting_get(ctx->m, s->svc, "smtpd_tls_ask_ccert", &ask);
        tls_setting_get(ctx->m, s->svc, "smtpd_tls_req_ccert", &req);
        asks = ask.value == NULL || !str_eq_nocase_no(ask.value)
            || (t && t->enforce && req.value && yes_value(req.value));
        tls_setting_free(&ask);
        tls_setting_free(&req);
        if (asks)
            continue;
        for (int id = 0; id < RL_COUNT; id++)
            check_ccert_list(ctx, self, s, s->lists[id], t && t->use_tls,
                             &seen, &n_seen);
        for (size_t c = 0; c < s->n_classes; c++)
            check_ccert_list(ctx, self, s, s->classes[c], t && t->use_tls,
                             &seen, &n_seen);
    }
    free(seen);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_6 = {3, 6, 0}, v3_11 = {3, 11, 0};
    walk w = {ctx, self, {{0}, 0}};

    check_ccert_restrictions(ctx, self);
    if (version_cmp(ctx->version, v3_6) < 0
        || version_cmp(ctx->version, v3_11) >= 0)
        return;
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];

        if (!t->use_tls)
            continue;
        check_common(&w, t);
        check_dh(&w, t);
        check_server(&w, t);
    }
    check_postscreen(&w);
    for (size_t i = 0; i < ctx->tls->n_clients; i++) {
        const tls_server *t = &ctx->tls->clients[i];

        if (!client_tls(ctx, t))
            continue;
        check_common(&w, t);
        check_digests(&w, t);
        check_fingerprints(&w, t);
        check_match(&w, t, "verify");
        check_match(&w, t, "secure");
        check_per_site(&w, t);
    }
}

const rule_desc rule_tls_setting_ignored = {
    "tls-setting-ignored", SEV_WARNING,
    "Postfix warns about a TLS setting and ignores it, or part of it",
    "When smtpd, the smtp client, postscreen or tlsproxy sets up TLS, it "
    "checks a few settings itself, logs a warning for what it cannot use "
    "and goes on without it: client-side levels in smtpd_tls_security_level, "
    "tlsproxy_tls_security_level and postscreen_tls_security_level (used "
    "as encrypt), legacy certificate files next to smtpd_tls_chain_files "
    "or tlsproxy_tls_chain_files, smtpd_tls_req_ccert or "
    "tlsproxy_tls_req_ccert where TLS is optional, an unreadable DH parameter "
    "file, unknown words in *_tls_loglevel (which turns TLS logging off), "
    "tls_disable_workarounds and tls_ssl_options, curves OpenSSL does not "
    "know in tls_eecdh_auto_curves, bad tls_dane_digests entries, "
    "fingerprints that are not hex, a bare \".\" in *_tls_verify_cert_match "
    "and *_tls_per_site next to *_tls_policy_maps. The setting does not do "
    "what its author meant. A tls_config_file that is not default, none "
    "or an absolute path is an error: every program turns TLS off.",
    check,
    SEV_ALSO(SEV_ERROR)
};
