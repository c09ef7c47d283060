/*
 * tls_ciphers.c - expand cipher strings with the linked OpenSSL.
 *
 * Interface: see tls_ciphers.h. No diagnostics; an invalid string yields
 * an empty list with no_match set.
 */
#include "tls_ciphers.h"
#include "pem_file.h"
#include "util.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(suite_list *l, const char *name)
{
    l->names = grow_array(l->names, &l->cap, l->n + 1, sizeof(char *));
    l->names[l->n++] = xstrdup(name);
}

/* Can a server of the target build use this suite at all? */
static bool usable(const SSL_CIPHER *c, pf_version target, bool ecdhe,
                   int server_auth)
{
    static const pf_version o1_0_1 = {1, 0, 1}, o1_1_0 = {1, 1, 0};
    int kx = SSL_CIPHER_get_kx_nid(c), cipher = SSL_CIPHER_get_cipher_nid(c);
    const char *name = SSL_CIPHER_get_name(c);

    int auth = SSL_CIPHER_get_auth_nid(c);

    if (kx == NID_kx_any)               /* TLS 1.3 suite */
        return false;
    /* PSK and SRP need credentials Postfix never configures. */
    if (kx == NID_kx_psk || kx == NID_kx_rsa_psk || kx == NID_kx_dhe_psk
        || kx == NID_kx_ecdhe_psk || kx == NID_kx_srp
        || auth == NID_auth_psk || auth == NID_auth_srp)
        return false;
    /* A server can use anonymous suites and those its certificates
     * (RSA, ECDSA) can sign. */
    if (server_auth && auth != NID_auth_null
        && !(auth == NID_auth_rsa && (server_auth & AUTH_RSA))
        && !(auth == NID_auth_ecdsa && (server_auth & AUTH_ECDSA)))
        return false;
    if (!ecdhe && (kx == NID_kx_ecdhe || kx == NID_kx_ecdhe_psk))
        return false;
    if (version_cmp(target, o1_1_0) < 0
        && (cipher == NID_chacha20_poly1305 || strstr(name, "ARIA")
            || strstr(name, "CCM")))
        return false;
    if (version_cmp(target, o1_0_1) < 0
        && (strstr(name, "GCM") || strstr(name, "SHA256")
            || strstr(name, "SHA384")))
        return false;
    return true;
}

/* One context for every evaluation: creating one loads OpenSSL's
 * configuration, which costs far more than a cipher list. */
static SSL_CTX *shared_ctx;

static void free_shared_ctx(void)
{
    SSL_CTX_free(shared_ctx);
    shared_ctx = NULL;
}

/* What OpenSSL makes of a cipher string depends on the string only: the
 * last few are kept (a configuration has a handful; a thousand services
 * with one policy each asked OpenSSL a thousand times). */
#define EVAL_CACHE 64

typedef struct eval_entry {
    char *string;
    const SSL_CIPHER **suites;  /* OpenSSL's own, static */
    int n;                      /* -1: "no cipher match" */
} eval_entry;

static eval_entry eval_cache[EVAL_CACHE];
static size_t eval_next;

static void free_eval_cache(void)
{
    for (size_t i = 0; i < EVAL_CACHE; i++) {
        free(eval_cache[i].string);
        free(eval_cache[i].suites);
    }
    memset(eval_cache, 0, sizeof(eval_cache));
}

static const eval_entry *evaluate(const char *cipher_string)
{
    eval_entry *e;
    STACK_OF(SSL_CIPHER) *sk;

    for (size_t i = 0; i < EVAL_CACHE; i++)
        if (eval_cache[i].string && str_eq(eval_cache[i].string, cipher_string))
            return &eval_cache[i];
    if (shared_ctx == NULL) {
        if ((shared_ctx = SSL_CTX_new(TLS_method())) == NULL)
            fatal("cannot create an OpenSSL context");
        SSL_CTX_set_security_level(shared_ctx, 0);
        atexit(free_shared_ctx);
        atexit(free_eval_cache);
    }
    e = &eval_cache[eval_next++ % EVAL_CACHE];
    free(e->string);
    free(e->suites);
    e->string = xstrdup(cipher_string);
    e->suites = NULL;
    e->n = -1;
    ERR_clear_error();
    if (SSL_CTX_set_cipher_list(shared_ctx, cipher_string) == 0) {
        ERR_clear_error();
        return e;
    }
    sk = SSL_CTX_get_ciphers(shared_ctx);
    e->n = sk_SSL_CIPHER_num(sk);
    e->suites = xcalloc((size_t) e->n + 1, sizeof(*e->suites));
    for (int i = 0; i < e->n; i++)
        e->suites[i] = sk_SSL_CIPHER_value(sk, i);
    return e;
}

void cipher_string_eval(const char *cipher_string, pf_version target,
                        bool ecdhe, int server_auth, suite_list *out)
{
    const eval_entry *e = evaluate(cipher_string);

    memset(out, 0, sizeof(*out));
    if (e->n < 0) {
        out->no_match = true;
        return;
    }
    for (int i = 0; i < e->n; i++)
        if (usable(e->suites[i], target, ecdhe, server_auth))
            add(out, SSL_CIPHER_get_name(e->suites[i]));
}

void suite_list_free(suite_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->names[i]);
    free(l->names);
    memset(l, 0, sizeof(*l));
}

bool suite_list_has(const suite_list *l, const char *name)
{
    for (size_t i = 0; i < l->n; i++)
        if (str_eq(l->names[i], name))
            return true;
    return false;
}

pf_version openssl_linked_version(void)
{
    pf_version v;

    if (!version_parse(OpenSSL_version(OPENSSL_VERSION_STRING), &v))
        v.major = 3, v.minor = 0, v.patch = 0;
    return v;
}

const char *openssl_linked_text(void)
{
    return OpenSSL_version(OPENSSL_VERSION_STRING);
}

int certificate_auth(const char *path)
{
    const char *why;
    int err, type = 0;
    X509 *x = pem_cert(path, &why, &err);     /* read once per run */

    if (x) {
        EVP_PKEY *k = X509_get0_pubkey(x);
        int id = k ? EVP_PKEY_get_base_id(k) : 0;

        type = id == EVP_PKEY_RSA || id == EVP_PKEY_RSA_PSS ? AUTH_RSA
            : id == EVP_PKEY_EC ? AUTH_ECDSA : 0;
    }
    ERR_clear_error();
    return type;
}
