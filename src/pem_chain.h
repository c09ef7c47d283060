/*
 * pem_chain.h - load key and certificate files the way Postfix's
 * tls_certkey.c does, and say what it would log.
 *
 * Two modes, as in Postfix 3.4 and later:
 *   chain   *_tls_chain_files: files read in order, each private key
 *           followed by its certificate, then that certificate's issuers;
 *           one chain per key algorithm.
 *   mixed   the legacy *_tls_cert_file when *_tls_key_file names the same
 *           file (the default): one key anywhere among the certificates.
 * Files are read through pem_file.c (read-only, never a FIFO, at most
 * 1 MiB); PEM objects are decoded by OpenSSL, and each key and chain is
 * handed to a throw-away SSL_CTX with SSL_CTX_use_cert_and_key(), as
 * Postfix does, so "does the key match" is OpenSSL's own answer.
 */
#ifndef POSTLINT_PEM_CHAIN_H
#define POSTLINT_PEM_CHAIN_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pem_chain_result {
    char **logs;        /* the warnings Postfix logs, without "warning: " */
    size_t n_logs;
    bool failed;        /* the load fails: Postfix disables TLS */
    int chains_loaded;  /* key + certificate chains OpenSSL took */
    bool open_failed;   /* a file could not be opened (chain mode: Postfix
                         * stops there, keeping what it had loaded) */
    char *open_path;    /* that file */
    int open_errno;     /* its errno, or 0 */
    const char *open_why;       /* why (static text) */
    const char *reason;         /* the first problem, in words (static) */
} pem_chain_result;

/* files: the list as written in *_tls_chain_files (comma/space
 * separated), already expanded; or, mixed, one file name. */
void pem_chain_load(const char *files, bool mixed, pem_chain_result *r);
void pem_chain_result_free(pem_chain_result *r);

#endif
