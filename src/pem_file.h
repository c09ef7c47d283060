/*
 * pem_file.h - certificate and key files, read safely, for OpenSSL.
 *
 * The file is read through safe_file.c (read-only, non-blocking, only a
 * regular file, at most PEM_MAX_BYTES) into memory that OpenSSL reads
 * through a memory BIO. Each path is read once per run: its text is kept
 * (up to 16 MiB in all) and wiped by pem_cache_clear(), since it may hold
 * a private key; a text beyond that budget is wiped on close. OpenSSL never opens a configured path itself, so a FIFO
 * or /dev/zero named as smtpd_tls_key_file cannot hang postlint.
 */
#ifndef POSTLINT_PEM_FILE_H
#define POSTLINT_PEM_FILE_H

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>

/* A certificate chain is a few kilobytes; 1 MiB is far beyond any. */
#define PEM_MAX_BYTES (1024u * 1024)

typedef struct pem_file {
    char *text;         /* the file's contents (wiped on close) */
    size_t len;
    BIO *bio;           /* read-only memory BIO over text */
    int err;            /* errno of a failed open or read, else 0 */
    const char *why;    /* why it could not be read (static text) */
    bool shared;        /* text belongs to the cache (pem_cache_clear) */
} pem_file;

/* Open path (from the cache when it was read before); false with
 * pf->why (and pf->err) set when it cannot be read. pem_close() is needed
 * either way. */
bool pem_open(pem_file *pf, const char *path);
void pem_close(pem_file *pf);

/*
 * The passphrase callback for every PEM read: it never asks (OpenSSL's
 * default prompts on the terminal, and postlint must never wait for
 * one). It fails, and when u is not NULL it sets the bool u points to:
 * the object is encrypted. smtpd has no terminal either, so a key that
 * needs a passphrase is one it cannot load.
 */
int pem_no_passphrase(char *buf, int size, int rwflag, void *u);

/*
 * The first certificate, or the private key, of the file at path: read
 * once per run and path, however many services name it (10,000 services
 * with one 1 MiB file cost 28 s when each read it). NULL when it cannot
 * be read or holds none: *why says why (static text) and *err is the
 * errno of a failed open (EACCES: run as root). The objects belong to
 * the cache: callers neither free nor keep them past pem_cache_clear(),
 * which the lint pipeline calls when a run ends.
 */
X509 *pem_cert(const char *path, const char **why, int *err);
EVP_PKEY *pem_key(const char *path, const char **why, int *err);
void pem_cache_clear(void);

#endif
