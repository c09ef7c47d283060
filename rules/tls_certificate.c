/*
 * tls_certificate.c - rule "tls-certificate": the smtpd certificate and
 * key files, read with OpenSSL.
 *
 * For every smtpd service that offers TLS: the certificate file
 * (smtpd_tls_cert_file) and key file (smtpd_tls_key_file, by default the
 * same file) must exist and be readable (else smtpd logs "cannot get RSA
 * certificate/private key from file" and answers STARTTLS with 454), the
 * key must match the certificate, the certificate must not be expired
 * (an error where mail clients submit, which verify; a warning on
 * port 25, where only DANE and MTA-STS senders do) or expire within 30
 * days (a warning), and an RSA key shorter
 * than 2048 bits is weak (OpenSSL 3 at security level 2 refuses it). A
 * self-signed certificate is fine on port 25 (senders rarely verify) but
 * worth a note on submission, where mail clients do verify. Files are
 * read through pem_file.c (read-only, never a FIFO or device, at most
 * 1 MiB, wiped after use). Key material is never printed; keys are freed
 * at once. For tests, the environment
 * variable POSTLINT_NOW (seconds since the epoch) replaces the clock.
 */
#include "pem_file.h"
#include "listtok.h"
#include "rootpath.h"
#include "rule.h"
#include "tls_report.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Why the last file could not be opened or read (0: it could). */
/* Where the files were looked for: this machine, or the --root. */
static const char *where_read(void)
{
    static char buf[512];

    if (root_get() == NULL)
        return "on this machine";
    snprintf(buf, sizeof(buf), "under --root %s", root_get());
    return buf;
}

static int open_errno;

static time_t now(void)
{
    const char *fake = getenv("POSTLINT_NOW");

    return fake && *fake ? (time_t) strtoll(fake, NULL, 10) : time(NULL);
}

/* The certificate and key come from pem_file.c's cache: read once per
 * path for the whole run, never freed here. */
static X509 *read_cert(const char *path, const char **why)
{
    return pem_cert(path, why, &open_errno);
}

static EVP_PKEY *read_key(const char *path, const char **why)
{
    return pem_key(path, why, &open_errno);
}

static void check_files(const lint_ctx *ctx, const rule_desc *self,
                        const tls_server *t, const span *cert_sp,
                        const span *key_sp, bool seen)
{
    const char *why = NULL, *cert_path = t->cert.value;
    const char *key_path = t->key.value[0] ? t->key.value : cert_path;
    X509 *x;
    EVP_PKEY *k;
    time_t when = now();
    int days, secs, bits;
    ASN1_TIME *t_now;
    char cert_in[160], key_in[224];

    /* The parameter at the line each finding points to. */
    setting_name_written(&t->cert, cert_in, sizeof(cert_in));
    if (t->key.raw.origin == ORIGIN_MAIN || t->key.raw.origin == ORIGIN_MASTER)
        setting_name_written(&t->key, key_in, sizeof(key_in));
    else
        snprintf(key_in, sizeof(key_in), "%s (smtpd_tls_key_file is not "
                 "set)", cert_in);

    if ((x = read_cert(cert_path, &why)) == NULL) {
        if (seen)
            return;
        if (open_errno == EACCES)
            report_sev(ctx, self, SEV_INFO, cert_sp,
                       "%s: cannot check the certificate %s in %s "
                       "(%s):" DIAG_NOTE
                       " run postlint as root to check it", t->name, cert_path,
                       cert_in, why);
        else
            report(ctx, self, cert_sp,
                   "%s: cannot read the certificate %s in %s %s "
                   "(%s):" DIAG_NOTE
                   " smtpd of Postfix %s cannot load it (warning: cannot get "
                   "RSA certificate from file \"%s\": disabling TLS "
                   "support), and answers STARTTLS with 454, no TLS for "
                   "anyone", t->name, cert_path, cert_in, where_read(), why,
                   ctx->version_text, cert_path);
        return;
    }
    if (seen) {
        /* Files already checked for another service: only what depends
         * on this service's role. */
        k = NULL;
    } else if ((k = read_key(key_path, &why)) == NULL) {
        if (open_errno == EACCES)
            report_sev(ctx, self, SEV_INFO, key_sp,
                       "%s: cannot check the private key %s in %s "
                       "(%s):" DIAG_NOTE
                       " smtpd reads it as root; run postlint as root to "
                       "check it", t->name, key_path, key_in, why);
        else
            report(ctx, self, key_sp,
                   "%s: cannot read the private key %s in %s %s "
                   "(%s):" DIAG_NOTE
                   " smtpd of Postfix %s cannot load it (warning: cannot get "
                   "RSA private key from file \"%s\": disabling "
                   "TLS support) and answers STARTTLS with 454",
                   t->name, key_path, key_in, where_read(), why,
                   ctx->version_text,
                   key_path);
    } else {
        if (X509_check_private_key(x, k) != 1)
            report(ctx, self, key_sp,
                   "%s: the private key %s in %s does not belong to the "
                   "certificate %s in %s:" DIAG_NOTE
                   " smtpd of Postfix %s disables TLS (warning: cannot get "
                   "RSA private key from file \"%s\": "
                   "disabling TLS support) and answers every STARTTLS with "
                   "454", t->name, key_path, key_in, cert_path, cert_in,
                   ctx->version_text, key_path);
        bits = EVP_PKEY_get_bits(k);
        if (EVP_PKEY_get_base_id(k) == EVP_PKEY_RSA && bits < 2048)
            report_sev(ctx, self, SEV_WARNING, cert_sp,
                   "%s: the certificate %s in %s has an RSA key of %d "
                   "bits: weak;" DIAG_NOTE
                   " clients that require 2048 bits (OpenSSL 3 at security "
                   "level 2, the Debian default) refuse it; use "
                   "2048 bits or more", t->name, cert_path, cert_in, bits);
        ERR_clear_error();
    }
    t_now = seen ? NULL : ASN1_TIME_set(NULL, when);
    if (t_now && ASN1_TIME_diff(&days, &secs, t_now, X509_get0_notAfter(x))) {
        if (days < 0 || (days == 0 && secs < 0)) {
            /* Mail clients verify: nothing is submitted. Most MX senders
             * do not: only those that verify (DANE, MTA-STS) defer. */
            bool clients = t->role == ROLE_SUBMISSION
                || t->role == ROLE_SMTPS;

            report_sev(ctx, self, clients ? SEV_ERROR : SEV_WARNING, cert_sp,
                       "%s: the certificate %s in %s has expired (%d days "
                       "ago):" DIAG_NOTE " "
                       "every client that verifies aborts the handshake "
                       "(smtpd of Postfix %s logs \"TLS library problem: "
                       "... sslv3 alert certificate expired\")%s",
                       t->name, cert_path, cert_in, -days, ctx->version_text,
                       clients ? "; mail clients verify, so they cannot "
                       "submit mail" : "; senders that verify (DANE, "
                       "MTA-STS) defer their mail, the others deliver");
        }
        else if (days < 30)
            report_sev(ctx, self, SEV_WARNING, cert_sp,
                       "%s: the certificate %s in %s expires in %d day%s: "
                       "renew it before it does", t->name, cert_path, cert_in,
                       days,
                       days == 1 ? "" : "s");
    }
    ASN1_TIME_free(t_now);
    if (t->role == ROLE_SUBMISSION || t->role == ROLE_SMTPS) {
        if (X509_check_issued(x, x) == X509_V_OK)
            report_sev(ctx, self, SEV_INFO, cert_sp,
                       "%s: the certificate %s in %s is self-signed:" DIAG_NOTE
                       " mail clients on submission verify it and warn or "
                       "refuse; "
                       "use a certificate from a CA they trust", t->name,
                       cert_path, cert_in);
    }
}

/*
 * smtpd_tls_chain_files (3.4+): PEM files read in order, where each
 * private key must be followed by its certificate, then that
 * certificate's issuers. A certificate before any key, a key without a
 * certificate after it, or a leaf that does not match its key, and
 * Postfix cannot load the chain.
 */
static void check_chain(const lint_ctx *ctx, const rule_desc *self,
                        const tls_server *t, const tls_setting *chain,
                        const span *sp)
{
    EVP_PKEY *key = NULL;
    bool want_leaf = false, any_key = false;
    list_tokens files = {0};

    list_split(chain->value, strlen(chain->value), LIST_SEPARATORS, false,
               &files);
    for (size_t f = 0; f < files.n; f++) {
        char *file = xstrndup(files.items[f].text, files.items[f].len);
        pem_file pf;
        char *name = NULL, *header = NULL;
        unsigned char *data = NULL;
        long len;

        if (!pem_open(&pf, file)) {
            report(ctx, self, sp, "%s: cannot read %s in smtpd_tls_chain_files "
                   "(%s): smtpd of Postfix %s disables TLS", t->name, file,
                   pf.why, ctx->version_text);
            pem_close(&pf);
            free(file);
            continue;
        }
        while (PEM_read_bio(pf.bio, &name, &header, &data, &len) == 1) {
            const unsigned char *p = data;
            bool is_key = strstr(name, "PRIVATE KEY") != NULL;
            bool is_cert = strcmp(name, "CERTIFICATE") == 0;

            if (is_key) {
                if (want_leaf)
                    report(ctx, self, sp, "%s: in smtpd_tls_chain_files a "
                           "private key in %s follows another key with no "
                           "certificate between them (Postfix %s cannot load "
                           "the chain)", t->name, file, ctx->version_text);
                EVP_PKEY_free(key);
                key = d2i_AutoPrivateKey(NULL, &p, len);
                want_leaf = true;
                any_key = true;
            } else if (is_cert) {
                X509 *x = d2i_X509(NULL, &p, len);

                if (!any_key)
                    report(ctx, self, sp, "%s: smtpd_tls_chain_files starts "
                           "with a certificate (in %s):" DIAG_NOTE
                           " each private key must come first, followed by "
                           "its certificate and then "
                           "the issuers (Postfix %s)", t->name, file,
                           ctx->version_text);
                else if (want_leaf && x && key
                         && X509_check_private_key(x, key) != 1)
                    report(ctx, self, sp, "%s: in smtpd_tls_chain_files the "
                           "certificate after the key in %s does not belong to "
                           "it:" DIAG_NOTE
                           " the leaf must follow its key, the issuers after "
                           "(Postfix %s)", t->name, file,
                           ctx->version_text);
                want_leaf = false;
                any_key = true;     /* report a leading certificate once */
                X509_free(x);
            }
            OPENSSL_free(name);
            OPENSSL_free(header);
            OPENSSL_clear_free(data, (size_t) len);
            name = header = NULL;
            data = NULL;
        }
        ERR_clear_error();
        pem_close(&pf);
        free(file);
    }
    list_tokens_free(&files);
    if (want_leaf)
        report(ctx, self, sp, "%s: smtpd_tls_chain_files ends with a private "
               "key that has no certificate after it (Postfix %s)", t->name,
               ctx->version_text);
    EVP_PKEY_free(key);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};
    reported chains = {{0}, 0};
    reported keys_done = {{0}, 0};

    if (ctx->no_files)          /* said once by files-not-read */
        return;
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        span cert_sp, key_sp;

        bool seen;
        tls_setting chain;

        if (!t->use_tls)
            continue;
        tls_setting_get(ctx->m, t->svc, "smtpd_tls_chain_files", &chain);
        if (chain.value[0] && !t->client && setting_span(&chain, t, &cert_sp)
            && !already_reported(&chains, &chain, t))
            check_chain(ctx, self, t, &chain, &cert_sp);
        tls_setting_free(&chain);
        if (!t->cert.value[0] || !setting_span(&t->cert, t, &cert_sp))
            continue;
        /* One report per certificate and key pair, not per service (but
         * the self-signed note is about each service's role). */
        {
            bool cert_seen = already_reported(&done, &t->cert, t);
            bool key_seen = already_reported(&keys_done, &t->key, t);

            seen = cert_seen && key_seen;
        }
        /* An unset key is read from the certificate file: point there. */
        if ((t->key.raw.origin != ORIGIN_MAIN
             && t->key.raw.origin != ORIGIN_MASTER)
            || !setting_span(&t->key, t, &key_sp))
            key_sp = cert_sp;
        check_files(ctx, self, t, &cert_sp, &key_sp, seen);
    }
}

const rule_desc rule_tls_certificate = {
    "tls-certificate", SEV_ERROR,
    "the smtpd certificate or key is unreadable, mismatched, expired or weak",
    "postlint reads each TLS smtpd service's certificate and private key "
    "with OpenSSL (never printing key material): a missing or unreadable "
    "file, or a key that does not match the certificate, makes smtpd answer "
    "STARTTLS with 454; an expired certificate is refused by verifying "
    "senders and by mail clients; one that expires within 30 days needs "
    "renewing; RSA keys under 2048 bits are weak. Self-signed certificates "
    "are fine on port 25 and worth a note on submission.",
    check,
    SEV_ALSO(SEV_INFO) | SEV_ALSO(SEV_WARNING)
};
