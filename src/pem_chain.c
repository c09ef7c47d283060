/*
 * pem_chain.c - the load of key and certificate files that Postfix's
 * tls_certkey.c does (3.4 and later), with the warnings it logs.
 *
 * The states follow the objects read: nothing yet, a key, a certificate,
 * or (mixed mode) both. A certificate before any key, two keys in a row,
 * a key with no certificate after it, an object OpenSSL cannot decode or
 * that has bytes after its DER encoding, or a key that OpenSSL will not
 * pair with its certificate (SSL_CTX_use_cert_and_key on a scratch
 * context, as Postfix does) each stop the load: Postfix then logs a
 * summary and disables TLS. Other PEM types are skipped with a warning
 * (chain mode); a second key in a mixed file is skipped with a warning.
 */
#include "pem_chain.h"
#include "listtok.h"
#include "pem_file.h"
#include "util.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    ST_NOGO = -2, ST_FAIL = -1, ST_DONE = 0, ST_INIT = 1, ST_PKEY = 2,
    ST_CERT = 3, ST_BOTH = 4
};

typedef struct load_state {
    pem_chain_result *r;
    SSL_CTX *ctx;               /* scratch: where the chains go */
    const char *origin;         /* the whole list, or the mixed file */
    char *source;               /* the file being read */
    char *keysrc;               /* the file of the last key */
    EVP_PKEY *pkey;
    X509 *cert;
    STACK_OF(X509) *chain;
    int keynum, objnum, state;
    bool mixed;
} load_state;

static void logf_(load_state *st, const char *fmt, ...) PL_PRINTF(2, 3);

/* The first problem, in words, for the headline. */
static void why(load_state *st, const char *text)
{
    if (st->r->reason == NULL)
        st->r->reason = text;
}

static void logf_(load_state *st, const char *fmt, ...)
{
    strbuf sb;
    va_list ap;

    sb_init(&sb);
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    st->r->logs = xrealloc(st->r->logs,
                           (st->r->n_logs + 1) * sizeof(*st->r->logs));
    st->r->logs[st->r->n_logs++] = sb_steal(&sb);
    sb_free(&sb);
}

/* Hand key, leaf and issuers to the context; true when OpenSSL takes
 * them (replace = 0: a second chain of the same algorithm is refused). */
static bool use_chain(load_state *st)
{
    int ok = SSL_CTX_use_cert_and_key(st->ctx, st->cert, st->pkey,
                                      st->chain, 0);

    X509_free(st->cert);
    st->cert = NULL;
    EVP_PKEY_free(st->pkey);
    st->pkey = NULL;
    sk_X509_pop_free(st->chain, X509_free);
    st->chain = NULL;
    ERR_clear_error();
    if (ok == 1)
        st->r->chains_loaded++;
    return ok == 1;
}

static void load_cert(load_state *st, const unsigned char *buf, long len)
{
    const unsigned char *p = buf;
    X509 *cert = d2i_X509(NULL, &p, len);

    if (!st->mixed && st->state == ST_INIT) {
        logf_(st, "error loading chain from %s: key not first", st->source);
        why(st, "a certificate before its private key");
        X509_free(cert);
        st->state = ST_NOGO;
        return;
    }
    if (cert == NULL) {
        logf_(st, "error loading certificate (PEM object number %d) from %s",
              st->objnum, st->source);
        why(st, "a certificate that OpenSSL cannot decode");
        st->state = ST_FAIL;
        return;
    }
    if (p - buf != len) {
        logf_(st, "error loading certificate (PEM object number %d) from "
              "%s: excess data", st->objnum, st->source);
        why(st, "a certificate with data after its end");
        X509_free(cert);
        st->state = ST_NOGO;
        return;
    }
    switch (st->state) {
    case ST_PKEY:
        st->cert = cert;
        st->state = st->mixed ? ST_BOTH : ST_CERT;
        return;
    case ST_INIT:
        st->cert = cert;
        st->state = ST_CERT;
        return;
    default:                    /* ST_CERT, ST_BOTH: an issuer */
        if (st->chain == NULL)
            st->chain = sk_X509_new_null();
        if (st->chain == NULL || !sk_X509_push(st->chain, cert)) {
            X509_free(cert);
            st->state = ST_FAIL;
        }
        return;
    }
}

static void load_pkey(load_state *st, int type, const unsigned char *buf,
                      long len)
{
    const unsigned char *p = buf;
    EVP_PKEY *pkey = NULL;

    if (type != NID_undef) {
        pkey = d2i_PrivateKey(type, NULL, &p, len);
    } else {
        PKCS8_PRIV_KEY_INFO *p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, len);

        if (p8) {
            pkey = EVP_PKCS82PKEY(p8);
            PKCS8_PRIV_KEY_INFO_free(p8);
        }
    }
    switch (st->state) {
    case ST_CERT:
        /* The key of the next chain: the previous chain is complete. */
        if (!st->mixed && !use_chain(st)) {
            logf_(st, "error loading certificate chain: key at index %d in "
                  "%s does not match the certificate", st->keynum,
                  st->keysrc);
            why(st, "a private key and a certificate after it that do "
                "not belong together");
            EVP_PKEY_free(pkey);
            st->state = ST_FAIL;
            return;
        }
        /* FALLTHROUGH */
    case ST_INIT:
        if (pkey == NULL) {
            logf_(st, "error loading private key (PEM object number %d) "
                  "from %s", st->objnum, st->source);
            why(st, "a private key that OpenSSL cannot decode (encrypted, "
                "or damaged)");
            st->state = ST_FAIL;
            return;
        }
        if (p - buf != len) {
            logf_(st, "error loading private key (PEM object number %d) "
                  "from %s: excess data", st->objnum, st->source);
            why(st, "a private key with data after its end");
            EVP_PKEY_free(pkey);
            st->state = ST_NOGO;
            return;
        }
        st->pkey = pkey;
        st->state = st->state == ST_INIT ? ST_PKEY
            : st->mixed ? ST_BOTH : ST_PKEY;
        return;
    default:                    /* ST_PKEY, ST_BOTH */
        EVP_PKEY_free(pkey);
        if (st->mixed) {
            logf_(st, "ignoring 2nd key at index %d in %s after 1st at %d",
                  st->objnum, st->source, st->keynum);
            return;
        }
        logf_(st, "error loading certificate chain: key at index %d in %s "
              "not followed by a certificate", st->keynum, st->keysrc);
        why(st, "two private keys with no certificate between them");
        st->state = ST_NOGO;
        return;
    }
}

static int load_object(load_state *st, BIO *bio)
{
    char *name = NULL, *header = NULL;
    unsigned char *data = NULL;
    long len = 0;
    int type = NID_undef;

    if (!PEM_read_bio(bio, &name, &header, &data, &len)) {
        if (ERR_GET_REASON(ERR_peek_last_error()) != PEM_R_NO_START_LINE) {
            ERR_clear_error();
            why(st, "PEM data that OpenSSL cannot read (damaged base64 or "
                "a missing END line)");
            return st->state = ST_FAIL;
        }
        ERR_clear_error();
        return ST_DONE;
    }
    if (strcmp(name, PEM_STRING_X509) == 0
        || strcmp(name, PEM_STRING_X509_OLD) == 0)
        load_cert(st, data, len);
    else if (strcmp(name, PEM_STRING_PKCS8INF) == 0
             || ((type = EVP_PKEY_RSA), strcmp(name, PEM_STRING_RSA) == 0)
             || ((type = EVP_PKEY_EC),
                 strcmp(name, PEM_STRING_ECPRIVATEKEY) == 0)
             || ((type = EVP_PKEY_DSA), strcmp(name, PEM_STRING_DSA) == 0)) {
        load_pkey(st, type, data, len);
    } else if (!st->mixed)
        logf_(st, "loading %s: ignoring PEM type: %s", st->source, name);
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_clear_free(data, len > 0 ? (size_t) len : 0);
    ERR_clear_error();
    return st->state;
}

/* Read one file's objects; last: the final file, where the last chain is
 * completed. false: the load failed. */
static bool load_bio(load_state *st, BIO *bio, bool last)
{
    int state = st->state;

    for (st->objnum = 1; state > ST_DONE; ++st->objnum) {
        state = load_object(st, bio);
        if ((st->mixed && st->keynum == 0
             && (state == ST_PKEY || state == ST_BOTH))
            || (!st->mixed && state == ST_PKEY)) {
            st->keynum = st->objnum;
            free(st->keysrc);
            st->keysrc = xstrdup(st->source);
        }
    }
    if (!last && state >= ST_DONE)
        return true;
    switch (st->state) {
    case ST_FAIL:
    case ST_NOGO:
        break;
    case ST_INIT:
        logf_(st, "No PEM data in %s", st->origin);
        why(st, "no PEM data at all");
        break;
    case ST_PKEY:
        logf_(st, "No certs for key at index %d in %s", st->keynum,
              st->keysrc);
        why(st, "a private key with no certificate after it");
        break;
    case ST_CERT:
        if (st->mixed) {
            logf_(st, "No private key found in %s", st->origin);
        why(st, "certificates but no private key");
            break;
        }
        /* FALLTHROUGH */
    default:                    /* ST_BOTH */
        if (use_chain(st))
            return true;
        logf_(st, "key at index %d in %s does not match next certificate",
              st->keynum, st->keysrc);
        why(st, "a private key and a certificate that do not belong "
            "together");
        break;
    }
    logf_(st, "error loading private keys and certificates from: %s: "
          "disabling TLS support", st->origin);
    return false;
}

static bool open_file(load_state *st, const char *path, pem_file *pf)
{
    if (pem_open(pf, path))
        return true;
    st->r->open_errno = pf->err;
    st->r->open_path = xstrdup(path);
    st->r->open_why = pf->why;
    /* What %m says: the errno; a refusal of postlint's own (a FIFO, too
     * big) has no errno and is named in its own words. */
    logf_(st, "error opening chain file: %s: %s", path,
          pf->err ? strerror(pf->err) : pf->why);
    return false;
}

void pem_chain_load(const char *files, bool mixed, pem_chain_result *r)
{
    load_state st;
    list_tokens list = {0};

    memset(r, 0, sizeof(*r));
    memset(&st, 0, sizeof(st));
    st.r = r;
    st.origin = files;
    st.state = ST_INIT;
    st.mixed = mixed;
    st.ctx = SSL_CTX_new(TLS_method());
    if (st.ctx == NULL)
        return;
    if (!mixed)
        list_split(files, strlen(files), LIST_SEPARATORS, false, &list);
    for (size_t i = 0; i < (mixed ? 1 : list.n); i++) {
        char *path = mixed ? xstrdup(files)
            : xstrndup(list.items[i].text, list.items[i].len);
        pem_file pf;
        bool ok;

        free(st.source);
        st.source = path;
        if (!open_file(&st, path, &pf)) {
            pem_close(&pf);
            /* Chain mode: Postfix stops reading but reports success,
             * with whatever chains were complete (none when it is the
             * first file); mixed: a failure. */
            r->failed = mixed;
            r->open_failed = true;
            break;
        }
        ok = load_bio(&st, pf.bio, mixed || i + 1 == list.n);
        pem_close(&pf);
        if (!ok) {
            r->failed = true;
            break;
        }
    }
    EVP_PKEY_free(st.pkey);
    X509_free(st.cert);
    sk_X509_pop_free(st.chain, X509_free);
    SSL_CTX_free(st.ctx);
    free(st.source);
    free(st.keysrc);
    list_tokens_free(&list);
    ERR_clear_error();
}

void pem_chain_result_free(pem_chain_result *r)
{
    for (size_t i = 0; i < r->n_logs; i++)
        free(r->logs[i]);
    free(r->logs);
    free(r->open_path);
    memset(r, 0, sizeof(*r));
}
