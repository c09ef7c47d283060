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
#include "pem_chain.h"
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

/* "warning: A", "warning: B" and "warning: C": what smtpd logs. */
static void quote_logs(strbuf *sb, const pem_chain_result *r)
{
    for (size_t i = 0; i < r->n_logs; i++) {
        if (i > 0)
            sb_adds(sb, i + 1 == r->n_logs ? " and " : ", ");
        sb_printf(sb, "\"warning: %s\"", r->logs[i]);
    }
}

/*
 * Report what Postfix's loader (pem_chain.c) says about the files of
 * param ("smtpd_tls_chain_files", or the legacy certificate file that
 * also holds the key). true: reported (nothing else to check).
 */
static bool report_load(const lint_ctx *ctx, const rule_desc *self,
                        const tls_server *t, const char *param,
                        const char *files, const pem_chain_result *r,
                        bool mixed, const span *sp)
{
    strbuf logs;

    if (r->n_logs == 0)
        return false;
    sb_init(&logs);
    quote_logs(&logs, r);
    if (r->open_failed && r->open_errno == EACCES) {
        report_sev(ctx, self, SEV_INFO, sp,
                   "%s: cannot check %s in %s (%s):" DIAG_NOTE
                   " smtpd reads it as root; run postlint as root to "
                   "check it", t->name, r->open_path, param, r->open_why);
    } else if (r->open_failed && !r->failed && r->chains_loaded == 0) {
        /* Chain mode: Postfix stops at the file and reports success. */
        report(ctx, self, sp,
               "%s: cannot read %s in %s %s (%s):" DIAG_NOTE
               " smtpd of Postfix %s logs %s, stops reading the list there "
               "and has no certificate: it offers STARTTLS, and every TLS "
               "handshake fails (\"SSL_accept error\"; the client sees "
               "\"no shared cipher\")", t->name, r->open_path, param,
               where_read(), r->open_why, ctx->version_text, logs.data);
    } else if (r->open_failed && !r->failed) {
        report_sev(ctx, self, SEV_WARNING, sp,
                   "%s: cannot read %s in %s %s (%s):" DIAG_NOTE
                   " smtpd of Postfix %s logs %s and stops reading the list "
                   "there: only the chains completed before it are used",
                   t->name, r->open_path, param, where_read(), r->open_why,
                   ctx->version_text, logs.data);
    } else if (r->open_failed) {
        report(ctx, self, sp,
               "%s: cannot read %s in %s %s (%s):" DIAG_NOTE
               " smtpd of Postfix %s logs %s and answers STARTTLS with 454 "
               "(TLS not available due to local problem)", t->name, files,
               param, where_read(), r->open_why, ctx->version_text,
               logs.data);
    } else if (r->failed) {
        report(ctx, self, sp,
               "%s: %s (%s) holds %s:" DIAG_NOTE
               " smtpd of Postfix %s cannot load it: it logs %s and answers "
               "STARTTLS with 454 (TLS not available due to local problem)"
               "%s", t->name, param, files,
               r->reason ? r->reason : "PEM data that Postfix cannot load",
               ctx->version_text, logs.data, mixed ? "; the file must hold "
               "the private key and its certificate" : "; each private key "
               "comes first, then its certificate, then the issuers");
    } else {
        report_sev(ctx, self, SEV_WARNING, sp,
                   "%s: %s (%s) holds objects that smtpd skips:" DIAG_NOTE
                   " smtpd of Postfix %s logs %s each time it starts; "
                   "remove the object from the file", t->name, param, files,
                   ctx->version_text, logs.data);
    }
    sb_free(&logs);
    return true;
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

    /* One file for both (the default key file is $smtpd_tls_cert_file):
     * Postfix loads it in one pass, a key anywhere among the
     * certificates, with messages of its own. */
    if (!seen && strcmp(cert_path, key_path) == 0) {
        pem_chain_result r;
        bool done;

        pem_chain_load(cert_path, true, &r);
        done = r.failed || (r.open_failed && r.open_errno == EACCES);
        if (report_load(ctx, self, t, cert_in, cert_path, &r, true, cert_sp)
            && done) {
            pem_chain_result_free(&r);
            return;
        }
        pem_chain_result_free(&r);
    }
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
 * smtpd_tls_chain_files (3.4+): PEM files read in order, each private
 * key followed by its certificate, then that certificate's issuers.
 * Loaded as Postfix loads them (pem_chain.c).
 */
static void check_chain(const lint_ctx *ctx, const rule_desc *self,
                        const tls_server *t, const tls_setting *chain,
                        const span *sp)
{
    pem_chain_result r;
    char param[160];

    setting_name_written(chain, param, sizeof(param));
    pem_chain_load(chain->value, false, &r);
    report_load(ctx, self, t, param, chain->value, &r, false, sp);
    pem_chain_result_free(&r);
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

        bool seen, skip;
        tls_setting chain;

        if (!t->use_tls)
            continue;
        tls_setting_get(ctx->m, t->svc, "smtpd_tls_chain_files", &chain);
        if (chain.value[0] && !t->client && setting_span(&chain, t, &cert_sp)
            && !already_reported(&chains, &chain, t))
            check_chain(ctx, self, t, &chain, &cert_sp);
        /* With chain files, smtpd ignores the legacy certificate files
         * (tls-setting-ignored says so): nothing more to read. */
        skip = chain.value[0] != '\0';
        tls_setting_free(&chain);
        if (skip)
            continue;
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
