/*
 * tls_sim.c - in-memory STARTTLS handshakes between a Postfix server
 * policy and a sender profile.
 *
 * Interface: see tls_sim.h. Both sides run at OpenSSL security level 0
 * (the profiles include old peers; Postfix sets its own cipher lists).
 * The server: the protocols the policy leaves (min/max and SSL_OP_NO_*),
 * the exact cipher string ("!kECDHE" added when that Postfix cannot do
 * ECDHE), automatic DH parameters, client preference (Postfix's default,
 * tls_preempt_cipherlist = no), a stand-in key and self-signed
 * certificate made once per key type. The client: the profile's range,
 * its suites in its order (names the linked OpenSSL lacks are dropped),
 * TLS 1.3 suites, groups and signature algorithms (unsupported ones
 * dropped). Failures are
 * named as Postfix's log shows them; with a target OpenSSL before 1.1.0 a
 * protocol mismatch reads "unknown protocol" (SSL23_GET_CLIENT_HELLO), as
 * in the founding case. No diagnostics.
 */
#include "tls_sim.h"
#include "pem_file.h"
#include "tls_ciphers.h"
#include "util.h"

#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls_sim_keys.inc"

/* [0]: RSA, [1]: ECDSA; made on first use, freed at exit. */
static EVP_PKEY *stand_in_key[2];
static X509 *stand_in_cert[2];

static void free_stand_ins(void)
{
    for (int i = 0; i < 2; i++) {
        EVP_PKEY_free(stand_in_key[i]);
        X509_free(stand_in_cert[i]);
    }
}

/* A key (RSA 2048 or P-256, fixed: generating RSA keys would cost more
 * than all handshakes) and a self-signed certificate for it. */
static bool stand_in(int auth, EVP_PKEY **key, X509 **cert)
{
    int i = auth == AUTH_ECDSA ? 1 : 0;

    if (stand_in_key[i] == NULL) {
        const char *pem = i ? stand_in_ec_pem : stand_in_rsa_pem;
        BIO *b = BIO_new_mem_buf(pem, -1);
        EVP_PKEY *k = b ? PEM_read_bio_PrivateKey(b, NULL, pem_no_passphrase,
                                                  NULL) : NULL;
        X509 *x = X509_new();

        BIO_free(b);
        if (k == NULL || x == NULL) {
            EVP_PKEY_free(k);
            X509_free(x);
            return false;
        }
        X509_set_version(x, 2);
        ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
        X509_gmtime_adj(X509_getm_notBefore(x), 0);
        X509_gmtime_adj(X509_getm_notAfter(x), 86400);
        X509_set_pubkey(x, k);
        X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN", MBSTRING_ASC,
                                   (const unsigned char *) "postlint", -1, -1, 0);
        X509_set_issuer_name(x, X509_get_subject_name(x));
        X509_sign(x, k, EVP_sha256());
        if (stand_in_key[0] == NULL && stand_in_key[1] == NULL)
            atexit(free_stand_ins);
        stand_in_key[i] = k;
        stand_in_cert[i] = x;
    }
    *key = stand_in_key[i];
    *cert = stand_in_cert[i];
    return true;
}

static const struct {
    unsigned bit;
    int version;
    long no_option;
} versions[] = {
    {PROTO_TLSV1, TLS1_VERSION, SSL_OP_NO_TLSv1},
    {PROTO_TLSV1_1, TLS1_1_VERSION, SSL_OP_NO_TLSv1_1},
    {PROTO_TLSV1_2, TLS1_2_VERSION, SSL_OP_NO_TLSv1_2},
    {PROTO_TLSV1_3, TLS1_3_VERSION, SSL_OP_NO_TLSv1_3},
};

/* Restrict ctx to the protocol set (TLSv1 .. TLSv1.3 part of it). */
static void set_protocols(SSL_CTX *ctx, unsigned set)
{
    int lo = 0, hi = 0;

    for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++) {
        if (set & versions[i].bit) {
            if (!lo)
                lo = versions[i].version;
            hi = versions[i].version;
        } else {
            SSL_CTX_set_options(ctx, (uint64_t) versions[i].no_option);
        }
    }
    SSL_CTX_set_min_proto_version(ctx, lo ? lo : TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx, hi ? hi : TLS1_VERSION);
}

typedef int (*list_setter)(SSL_CTX *ctx, const char *list);

static int groups_setter(SSL_CTX *ctx, const char *list)
{
    return (int) SSL_CTX_set1_groups_list(ctx, list);
}

static int sigalgs_setter(SSL_CTX *ctx, const char *list)
{
    return (int) SSL_CTX_set1_sigalgs_list(ctx, list);
}

/* Keep the colon-separated items ctx accepts one by one (groups and
 * signature algorithms the linked OpenSSL lacks are dropped). */
static void set_list(SSL_CTX *ctx, const char *list, list_setter set)
{
    strbuf ok;
    char *copy = xstrdup(list), *save, *g;

    sb_init(&ok);
    for (g = strtok_r(copy, ":", &save); g; g = strtok_r(NULL, ":", &save)) {
        char *probe = xasprintf("%s%s%s", ok.data ? ok.data : "",
                                ok.len ? ":" : "", g);

        if (set(ctx, probe) == 1) {
            sb_adds(&ok, ok.len ? ":" : "");
            sb_adds(&ok, g);
        }
        free(probe);
    }
    ERR_clear_error();
    if (ok.len)
        set(ctx, ok.data);
    sb_free(&ok);
    free(copy);
}

/* The certificate (the first in the file: the handshake needs no
 * chain) and the key, read through pem_file.c: OpenSSL is never handed
 * a configured path, which might be a FIFO or a device. */
static bool load_configured(SSL_CTX *ctx, const char *cert, const char *key)
{
    const char *why;
    int err;
    X509 *x = pem_cert(cert, &why, &err);     /* read once per run */
    EVP_PKEY *k = x ? pem_key(key, &why, &err) : NULL;

    /* The context takes its own references. */
    return x && k && SSL_CTX_use_certificate(ctx, x) == 1
        && SSL_CTX_use_PrivateKey(ctx, k) == 1
        && SSL_CTX_check_private_key(ctx) == 1;
}

/* The configured certificate and key when both load and match. */
static bool use_configured(SSL_CTX *ctx, const tls_server *s)
{
    const char *cert = s->cert.value, *key = s->key.value;

    if (cert == NULL || cert[0] == '\0')
        return false;
    if (key == NULL || key[0] == '\0')
        key = cert;
    if (load_configured(ctx, cert, key))
        return true;
    ERR_clear_error();
    return false;
}

static void use_stand_in(SSL_CTX *ctx, int auth)
{
    EVP_PKEY *key;
    X509 *cert;

    if ((auth & AUTH_ECDSA) && stand_in(AUTH_ECDSA, &key, &cert)) {
        SSL_CTX_use_certificate(ctx, cert);
        SSL_CTX_use_PrivateKey(ctx, key);
    }
    if (((auth & AUTH_RSA) || auth == 0) && stand_in(AUTH_RSA, &key, &cert)) {
        SSL_CTX_use_certificate(ctx, cert);
        SSL_CTX_use_PrivateKey(ctx, key);
    }
}

/* DHE parameters: a named 1024-bit group with a 160-bit subgroup (RFC
 * 5114). Old Postfix used 1024-bit primes; newer ones 2048-bit. The size
 * never decides which suite is chosen at security level 0, and short
 * exponents keep a hundred handshakes cheap. */
static void set_dh(SSL_CTX *ctx)
{
    EVP_PKEY_CTX *pc = EVP_PKEY_CTX_new_from_name(NULL, "DH", NULL);
    EVP_PKEY *dh = NULL;
    OSSL_PARAM params[2];

    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                                 (char *) "dh_1024_160", 0);
    params[1] = OSSL_PARAM_construct_end();
    if (pc && EVP_PKEY_paramgen_init(pc) == 1
        && EVP_PKEY_CTX_set_params(pc, params) == 1
        && EVP_PKEY_paramgen(pc, &dh) == 1
        && SSL_CTX_set0_tmp_dh_pkey(ctx, dh) == 1)
        dh = NULL;              /* the context owns it now */
    else
        SSL_CTX_set_dh_auto(ctx, 1);
    EVP_PKEY_free(dh);
    EVP_PKEY_CTX_free(pc);
}

/* Postfix's end: smtpd (server) or the smtp/lmtp client. */
static SSL_CTX *postfix_ctx(const tls_server *s, bool preempt)
{
    SSL_CTX *ctx = SSL_CTX_new(s->client ? TLS_client_method()
                               : TLS_server_method());
    char *ciphers;

    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_security_level(ctx, 0);
    set_protocols(ctx, s->proto.enabled);
    ciphers = xasprintf("%s%s", s->cipher_string ? s->cipher_string : "DEFAULT",
                        s->ecdhe ? "" : ":!kECDHE");
    if (SSL_CTX_set_cipher_list(ctx, ciphers) != 1)
        SSL_CTX_set_cipher_list(ctx, "!ALL:!COMPLEMENTOFALL");
    free(ciphers);
    ERR_clear_error();
    if (!s->client) {
        set_dh(ctx);
        if (preempt)
            SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
        if (!use_configured(ctx, s))
            use_stand_in(ctx, s->auth);
    }
    ERR_clear_error();
    return ctx;
}

/* The peer's end, shaped like the profile. A receiving peer prefers its
 * own order and presents an RSA certificate. */
static SSL_CTX *profile_ctx(const tls_profile *p, bool as_server)
{
    SSL_CTX *ctx = SSL_CTX_new(as_server ? TLS_server_method()
                               : TLS_client_method());

    if (ctx == NULL)
        return NULL;
    SSL_CTX_set_security_level(ctx, 0);
    set_protocols(ctx, profile_protocols(p));
    /* Unknown names are skipped by OpenSSL as long as one is known; a
     * peer none of whose suites exist here (RC4, DES, export) cannot be
     * played. A profile that does not list its suites offers DEFAULT. */
    if (!p->ciphers[0])
        SSL_CTX_set_cipher_list(ctx, "DEFAULT");
    else if (SSL_CTX_set_cipher_list(ctx, p->ciphers) != 1) {
        ERR_clear_error();
        SSL_CTX_free(ctx);
        return NULL;
    }
    if (p->tls13[0])
        SSL_CTX_set_ciphersuites(ctx, p->tls13);
    if (p->groups[0])
        set_list(ctx, p->groups, groups_setter);
    if (p->sigalgs[0])
        set_list(ctx, p->sigalgs, sigalgs_setter);
    if (as_server) {
        SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
        set_dh(ctx);
        use_stand_in(ctx, AUTH_RSA);
    }
    ERR_clear_error();
    return ctx;
}

/* One step of one end: false when it failed for good. */
static bool step(SSL *ssl, int *done, unsigned long *err)
{
    int r;

    if (*done == 1)
        return true;
    r = SSL_do_handshake(ssl);
    if (r == 1) {
        *done = 1;
        return true;
    }
    r = SSL_get_error(ssl, r);
    if (r == SSL_ERROR_WANT_READ || r == SSL_ERROR_WANT_WRITE)
        return true;
    *err = ERR_peek_last_error();
    return false;
}

static void set_reason(sim_result *out, unsigned long err, pf_version target)
{
    const char *target_words = proto_mismatch_reason(target);
    const char *why = err ? ERR_reason_error_string(err) : NULL;

    snprintf(out->result, sizeof(out->result), "fail");
    snprintf(out->reason, sizeof(out->reason), "%s",
             why && why[0] ? why : "handshake failure");
    /* A target OpenSSL before 1.1.0 logs any protocol mismatch as
     * "unknown protocol"; the linked one has two words for it. */
    if (str_eq(target_words, "unknown protocol")
        && (str_eq(out->reason, "unsupported protocol")
            || str_eq(out->reason, "wrong version number")))
        snprintf(out->reason, sizeof(out->reason), "%s", target_words);
}

/* Drive both ends over a memory BIO pair until done or stuck; the
 * reason is the one Postfix's end logs. */
static void shake(SSL *client, SSL *server, bool postfix_is_server,
                  sim_result *out, pf_version target)
{
    int c = 0, s = 0;
    unsigned long cerr = 0, serr = 0;
    bool c_ok = true, s_ok = true;

    for (int round = 0; round < 64 && c_ok && s_ok && (c != 1 || s != 1); round++) {
        ERR_clear_error();
        c_ok = step(client, &c, &cerr);
        if (!c_ok) {
            /* Let the server read the alert, as a real peer would. */
            ERR_clear_error();
            step(server, &s, &serr);
            break;
        }
        ERR_clear_error();
        s_ok = step(server, &s, &serr);
        if (!s_ok) {
            ERR_clear_error();
            step(client, &c, &cerr);
        }
    }
    if (c == 1 && s == 1) {
        snprintf(out->result, sizeof(out->result), "ok");
        snprintf(out->protocol, sizeof(out->protocol), "%s",
                 SSL_get_version(server));
        snprintf(out->cipher, sizeof(out->cipher), "%s",
                 SSL_get_cipher_name(server));
        return;
    }
    if (postfix_is_server)
        set_reason(out, serr ? serr : cerr, target);
    else
        set_reason(out, cerr ? cerr : serr, target);
}

/* A peer the linked OpenSSL cannot express: decide from the sets. */
static void analytic(const tls_server *s, const tls_profile *p,
                     pf_version target, sim_result *out)
{
    unsigned both = s->proto.enabled & profile_protocols(p);

    out->analytic = true;
    if (both == 0) {
        snprintf(out->result, sizeof(out->result), "fail");
        snprintf(out->reason, sizeof(out->reason), "%s",
                 s->client && !str_eq(proto_mismatch_reason(target),
                                      "unknown protocol")
                 ? "wrong version number" : proto_mismatch_reason(target));
        return;
    }
    snprintf(out->result, sizeof(out->result), "unsupported");
    snprintf(out->reason, sizeof(out->reason),
             "the linked OpenSSL cannot speak %s",
             proto_name(proto_highest(both)));
}

/* Postfix's end against one profile, both contexts ready. */
static void handshake(const tls_server *server, SSL_CTX *pctx,
                      const tls_profile *profile, SSL_CTX *qctx,
                      pf_version target, sim_result *out)
{
    SSL *pf, *peer;
    BIO *pbio, *qbio;

    /* Postfix answers STARTTLS with 454 and never starts TLS. */
    if (server->proto.invalid || (!server->client && server->no_cert)) {
        snprintf(out->result, sizeof(out->result), "fail");
        snprintf(out->reason, sizeof(out->reason),
                 "TLS not available due to local problem");
        return;
    }
    /* SSLv3 (and SSLv2) are gone from the linked OpenSSL. */
    if ((profile_protocols(profile) & ~(PROTO_SSLV2 | PROTO_SSLV3)) == 0) {
        analytic(server, profile, target, out);
        return;
    }
    if (qctx == NULL) {
        analytic(server, profile, target, out);
        if (str_eq(out->result, "unsupported"))
            snprintf(out->reason, sizeof(out->reason),
                     "none of its suites exists in the linked OpenSSL");
        return;
    }
    if (pctx == NULL) {
        snprintf(out->result, sizeof(out->result), "unsupported");
        snprintf(out->reason, sizeof(out->reason), "no OpenSSL context");
        return;
    }
    pf = SSL_new(pctx);
    peer = SSL_new(qctx);
    BIO_new_bio_pair(&pbio, 0, &qbio, 0);
    SSL_set_bio(pf, pbio, pbio);
    SSL_set_bio(peer, qbio, qbio);
    if (server->client) {
        SSL_set_connect_state(pf);
        SSL_set_accept_state(peer);
        shake(pf, peer, false, out, target);
    } else {
        SSL_set_accept_state(pf);
        SSL_set_connect_state(peer);
        shake(peer, pf, true, out, target);
    }
    ERR_clear_error();
    SSL_free(pf);
    SSL_free(peer);
}

/* Does this Postfix prefer its own cipher order for the service? */
static bool preempts(const model *m, const tls_server *s)
{
    tls_setting pre;
    bool yes;

    tls_setting_get(m, s->svc, "tls_preempt_cipherlist", &pre);
    yes = pre.value && (str_eq(pre.value, "yes") || str_eq(pre.value, "true"));
    tls_setting_free(&pre);
    return yes;
}

/* What decides a handshake for a service: equal keys, equal rows. */
static char *policy_key(const tls_server *s, bool preempt)
{
    return xasprintf("%d|%u|%d|%s|%d|%d|%s|%s", s->client, s->proto.enabled,
                     s->proto.invalid, s->cipher_string ? s->cipher_string : "",
                     s->ecdhe, preempt, s->cert.value ? s->cert.value : "",
                     s->key.value ? s->key.value : "");
}

typedef struct seen_policy {
    char *key;
    size_t first_row, n_rows;   /* its rows in the run */
} seen_policy;

/* The profile contexts, made once per run (each role has its own). */
typedef struct peer_ctxs {
    SSL_CTX **ctx;
    bool *made;
} peer_ctxs;

static SSL_CTX *peer_ctx(peer_ctxs *pc, size_t i, bool as_server)
{
    if (!pc->made[i]) {
        pc->ctx[i] = profile_ctx(&tls_profiles[i], as_server);
        pc->made[i] = true;
    }
    return pc->ctx[i];
}

/* Does the sender retry in plaintext? Our smtp client does unless TLS
 * is enforced; a sending peer as its profile says. */
const char *sim_fallback(const tls_server *s, const tls_profile *p)
{
    return !s->client ? p->fallback : s->enforce ? "no" : "yes";
}

static sim_result *add_row(sim_run *run, const tls_server *s,
                           const tls_profile *p)
{
    sim_result *r;

    run->rows = grow_array(run->rows, &run->cap, run->n + 1, sizeof(*run->rows));
    r = &run->rows[run->n++];
    memset(r, 0, sizeof(*r));
    r->server = s;
    r->profile = p;
    snprintf(r->fallback, sizeof(r->fallback), "%s", sim_fallback(s, p));
    return r;
}

static void add_block(sim_run *run, const tls_server *s, size_t first,
                      size_t count)
{
    run->blocks = grow_array(run->blocks, &run->cap_blocks, run->n_blocks + 1,
                             sizeof(*run->blocks));
    run->blocks[run->n_blocks++] = (sim_block) {s, first, count};
}

static void run_side(sim_run *run, const model *m, const tls_server *list,
                     size_t n, const char *role, pf_version target)
{
    peer_ctxs pc;
    seen_policy *seen = xcalloc(n + 1, sizeof(*seen));
    size_t n_seen = 0;

    pc.ctx = xcalloc(tls_profiles_len, sizeof(*pc.ctx));
    pc.made = xcalloc(tls_profiles_len, sizeof(*pc.made));
    for (size_t i = 0; i < n; i++) {
        const tls_server *s = &list[i];
        bool preempt;
        char *key;
        size_t k, first = run->n;
        SSL_CTX *pctx;

        if (!s->use_tls)
            continue;
        preempt = !s->client && preempts(m, s);
        key = policy_key(s, preempt);
        for (k = 0; k < n_seen && !str_eq(seen[k].key, key); k++)
            ;
        if (k < n_seen) {
            /* Same policy as an earlier service: the same rows. */
            add_block(run, s, seen[k].first_row, seen[k].n_rows);
            free(key);
            continue;
        }
        if (n_seen == SIM_MAX_POLICIES) {
            run->skipped = grow_array(run->skipped, &run->cap_skipped,
                                      run->n_skipped + 1, sizeof(*run->skipped));
            run->skipped[run->n_skipped++] = s;
            free(key);
            continue;
        }
        pctx = postfix_ctx(s, preempt);
        for (size_t j = 0; j < tls_profiles_len; j++) {
            const tls_profile *p = &tls_profiles[j];

            if (str_eq(p->role, role))
                handshake(s, pctx, p, peer_ctx(&pc, j, s->client), target,
                          add_row(run, s, p));
        }
        SSL_CTX_free(pctx);
        seen[n_seen].key = key;
        seen[n_seen].first_row = first;
        seen[n_seen++].n_rows = run->n - first;
        add_block(run, s, first, run->n - first);
    }
    for (size_t k = 0; k < n_seen; k++)
        free(seen[k].key);
    free(seen);
    for (size_t j = 0; j < tls_profiles_len; j++)
        SSL_CTX_free(pc.ctx[j]);
    free(pc.ctx);
    free(pc.made);
}

/* Handshakes already made in this process: one policy against one list
 * of profiles for one target. Services often share a policy (ten
 * thousand smtpd lines with one main.cf): the rules that ask for each
 * public MX get the same rows without doing the handshakes again. */
typedef struct sim_memo {
    char *key;                  /* policy_key() */
    const tls_profile **profiles;
    size_t n;
    pf_version target;
    sim_result *rows;
} sim_memo;

static sim_memo memo[16];
static size_t memo_next;

static sim_memo *memo_find(const char *key, const tls_profile *const *profiles,
                           size_t n, pf_version target)
{
    for (size_t i = 0; i < sizeof memo / sizeof memo[0]; i++)
        if (memo[i].key && str_eq(memo[i].key, key) && memo[i].n == n
            && version_cmp(memo[i].target, target) == 0
            && memcmp(memo[i].profiles, profiles, n * sizeof(*profiles)) == 0)
            return &memo[i];
    return NULL;
}

static void memo_keep(char *key, const tls_profile *const *profiles,
                      size_t n, pf_version target, const sim_result *rows)
{
    sim_memo *e = &memo[memo_next++ % (sizeof memo / sizeof memo[0])];

    free(e->key);
    free(e->profiles);
    free(e->rows);
    e->key = key;
    e->profiles = xcalloc(n + 1, sizeof(*e->profiles));
    memcpy(e->profiles, profiles, n * sizeof(*profiles));
    e->n = n;
    e->target = target;
    e->rows = xcalloc(n + 1, sizeof(*e->rows));
    memcpy(e->rows, rows, n * sizeof(*rows));
}

void sim_profiles(const model *m, const tls_server *s,
                  const tls_profile *const *profiles, size_t n,
                  pf_version target, sim_result *out)
{
    bool preempt = !s->client && preempts(m, s);
    char *key = policy_key(s, preempt);
    const sim_memo *hit = memo_find(key, profiles, n, target);
    SSL_CTX *pctx;

    if (hit != NULL) {
        for (size_t i = 0; i < n; i++) {
            out[i] = hit->rows[i];
            out[i].server = s;
            snprintf(out[i].fallback, sizeof(out[i].fallback), "%s",
                     sim_fallback(s, profiles[i]));
        }
        free(key);
        return;
    }
    pctx = postfix_ctx(s, preempt);
    for (size_t i = 0; i < n; i++) {
        const tls_profile *p = profiles[i];
        SSL_CTX *qctx = profile_ctx(p, s->client);

        memset(&out[i], 0, sizeof(out[i]));
        out[i].server = s;
        out[i].profile = p;
        handshake(s, pctx, p, qctx, target, &out[i]);
        snprintf(out[i].fallback, sizeof(out[i].fallback), "%s",
                 sim_fallback(s, p));
        SSL_CTX_free(qctx);
    }
    SSL_CTX_free(pctx);
    memo_keep(key, profiles, n, target, out);
}

static const sim_run *sort_run;

static int block_name_order(const void *a, const void *b)
{
    const sim_block *x = &sort_run->blocks[*(const size_t *) a];
    const sim_block *y = &sort_run->blocks[*(const size_t *) b];
    int c = strcmp(x->server->name, y->server->name);

    return c ? c : (x < y ? -1 : x > y);
}

sim_run *sim_run_all(const model *m, const tls_model *t)
{
    sim_run *run = xcalloc(1, sizeof(*run));

    run_side(run, m, t->servers, t->n_servers, "sender", t->openssl);
    run_side(run, m, t->clients, t->n_clients, "receiver", t->openssl);
    run->by_name = xcalloc(run->n_blocks + 1, sizeof(size_t));
    for (size_t i = 0; i < run->n_blocks; i++)
        run->by_name[i] = i;
    sort_run = run;
    qsort(run->by_name, run->n_blocks, sizeof(size_t), block_name_order);
    return run;
}

void sim_run_free(sim_run *run)
{
    if (run == NULL)
        return;
    free(run->rows);
    free(run->blocks);
    free(run->by_name);
    free(run->skipped);
    free(run);
}

const sim_block *sim_block_of(const sim_run *run, const char *name)
{
    size_t lo = 0, hi = run ? run->n_blocks : 0;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const sim_block *b = &run->blocks[run->by_name[mid]];
        int c = strcmp(b->server->name, name);

        if (c == 0) {
            /* The first of equal names (duplicate services). */
            while (mid > 0 && str_eq(run->blocks[run->by_name[mid - 1]]
                                     .server->name, name))
                mid--;
            return &run->blocks[run->by_name[mid]];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void sim_format_text(const sim_run *run, strbuf *out)
{
    if (run->n_blocks == 0 && run->n_skipped == 0) {
        sb_adds(out, "No service offers TLS: nothing to simulate.\n");
        return;
    }
    for (size_t b = 0; b < run->n_blocks; b++) {
        const sim_block *blk = &run->blocks[b];

        sb_printf(out, "%s%s (%s, against %s):\n", b ? "\n" : "",
                  blk->server->name, blk->server->names->program,
                  blk->server->client ? "receivers" : "senders");
        for (size_t i = blk->first; i < blk->first + blk->count; i++) {
            const sim_result *r = &run->rows[i];

            sb_printf(out, "  %-28s %-11s ", r->profile->id, r->result);
            if (str_eq(r->result, "ok"))
                sb_printf(out, "%s %s", r->protocol, r->cipher);
            else
                sb_adds(out, r->reason);
            if (r->analytic)
                sb_adds(out, " (decided without a handshake)");
            if (!str_eq(r->result, "ok"))
                sb_printf(out, "; plaintext fallback: %s",
                          sim_fallback(blk->server, r->profile));
            sb_addc(out, '\n');
        }
    }
    sim_format_skipped(run, out);
}

void sim_format_skipped(const sim_run *run, strbuf *out)
{
    if (run->n_skipped == 0)
        return;
    sb_printf(out, "\nNot simulated: %zu more service%s with TLS policies of "
              "their own (postlint simulates at most %d distinct policies "
              "per side): ", run->n_skipped, run->n_skipped == 1 ? "" : "s",
              SIM_MAX_POLICIES);
    for (size_t i = 0; i < run->n_skipped && i < 10; i++)
        sb_printf(out, "%s%s", i ? ", " : "", run->skipped[i]->name);
    sb_adds(out, run->n_skipped > 10 ? ", ...\n" : "\n");
}
