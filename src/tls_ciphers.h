/*
 * tls_ciphers.h - evaluate OpenSSL cipher strings with the linked library.
 *
 * The string Postfix hands to OpenSSL ("ALL:+RC4:@STRENGTH:!aNULL:...")
 * is given to SSL_CTX_set_cipher_list() of the OpenSSL postlint is linked
 * with, at security level 0 (older builds had no security levels). The
 * TLS 1.2-and-older suites that remain are then trimmed to what the target
 * server can use: no ECDHE suites when the Postfix version cannot do ECDHE,
 * no TLS 1.2-only suites for a target OpenSSL before 1.0.1, no ChaCha20
 * before 1.1.0. Suites the linked library lacks but an old target had
 * (RC4, EXPORT, single DES) cannot be listed: results say so.
 */
#ifndef POSTLINT_TLS_CIPHERS_H
#define POSTLINT_TLS_CIPHERS_H

#include "version.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct suite_list {
    char **names;           /* OpenSSL names, in OpenSSL's order */
    size_t n, cap;
    bool no_match;          /* OpenSSL: "no cipher match" */
} suite_list;

/* Which certificate types a server has: suites that need another type
 * are dropped. AUTH_ANY for a client, which offers them all. */
enum { AUTH_RSA = 1, AUTH_ECDSA = 2, AUTH_ANY = 0 };
void cipher_string_eval(const char *cipher_string, pf_version target,
                        bool ecdhe, int auth, suite_list *out);

/* The key type of the certificate in a PEM file: AUTH_RSA, AUTH_ECDSA,
 * or 0 when it cannot be read. */
int certificate_auth(const char *path);
void suite_list_free(suite_list *l);
bool suite_list_has(const suite_list *l, const char *name);

/* "3.0.22" of the linked library. */
pf_version openssl_linked_version(void);
const char *openssl_linked_text(void);

#endif
