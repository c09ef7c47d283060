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

void cipher_string_eval(const char *cipher_string, pf_version target,
                        bool ecdhe, int server_auth, suite_list *out)
{
    SSL_CTX *ctx;
    STACK_OF(SSL_CIPHER) *sk;

    memset(out, 0, sizeof(*out));
    if (shared_ctx == NULL) {
        if ((shared_ctx = SSL_CTX_new(TLS_method())) == NULL)
            fatal("cannot create an OpenSSL context");
        SSL_CTX_set_security_level(shared_ctx, 0);
        atexit(free_shared_ctx);
    }
    ctx = shared_ctx;
    ERR_clear_error();
    if (SSL_CTX_set_cipher_list(ctx, cipher_string) == 0) {
        out->no_match = true;
        ERR_clear_error();
        return;
    }
    sk = SSL_CTX_get_ciphers(ctx);
    for (int i = 0; i < sk_SSL_CIPHER_num(sk); i++) {
        const SSL_CIPHER *c = sk_SSL_CIPHER_value(sk, i);

        if (usable(c, target, ecdhe, server_auth))
            add(out, SSL_CIPHER_get_name(c));
    }
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
