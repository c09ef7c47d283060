/*
 * pem_file.c - read PEM files into wiped memory for OpenSSL.
 *
 * Interface: see pem_file.h. No diagnostics: callers word the message
 * from pf->why and pf->err (EACCES means "run as root to check it").
 */
#include "pem_file.h"
#include "rootpath.h"
#include "safe_file.h"
#include "util.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the texts: each file read once per run ------------------------- */

/* Every rule and the TLS model read the same few files (a certificate
 * file is read for its first certificate, its key, and as Postfix loads
 * it); each is read from disk once, and its text kept until
 * pem_cache_clear() wipes it, up to PEM_TEXT_BUDGET bytes in all (beyond
 * that, files are read again, each time). Failures are kept too. */
#define PEM_TEXT_BUDGET (16u * 1024 * 1024)

typedef struct text_entry {
    char *path;
    char *text;                 /* NULL: could not be read */
    size_t len;
    int err;
    const char *why;
} text_entry;

static struct {
    text_entry *slots;
    size_t n, cap, bytes;
} texts;

static size_t text_slot(const char *path)
{
    uint64_t h = 1469598103934665603ULL;

    for (const unsigned char *p = (const unsigned char *) path; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    for (size_t i = h & (texts.cap - 1);; i = (i + 1) & (texts.cap - 1))
        if (texts.slots[i].path == NULL
            || strcmp(texts.slots[i].path, path) == 0)
            return i;
}

static void texts_grow(void)
{
    text_entry *old = texts.slots;
    size_t old_cap = texts.cap;

    texts.cap = old_cap ? 2 * old_cap : 64;
    texts.slots = xcalloc(texts.cap, sizeof(text_entry));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].path)
            texts.slots[text_slot(old[i].path)] = old[i];
    free(old);
}

/* Read path from disk (or under --root) into pf->text. */
static bool read_text(pem_file *pf, const char *path)
{
    sf_status st;

    /* --root: the path names a file inside the build root. Links were
     * followed inside it already; the resolved file itself must not be
     * a link (nothing may lead out of the root). */
    if (root_get()) {
        char *why = NULL, *inside = root_resolve(path, &why);

        if (inside == NULL) {
            free(why);
            pf->err = ELOOP;
            pf->why = "too many symbolic links under --root";
            return false;
        }
        st = safe_read_file(inside, PEM_MAX_BYTES, SF_NO_SYMLINK, &pf->text,
                            &pf->len, &pf->err);
        free(inside);
    } else {
        st = safe_read_file(path, PEM_MAX_BYTES, 0, &pf->text, &pf->len,
                            &pf->err);
    }
    if (st != SF_OK) {
        pf->why = st == SF_TOO_BIG ? "larger than 1 MiB, not a PEM file"
            : sf_reason(st, pf->err);
        return false;
    }
    return true;
}

bool pem_open(pem_file *pf, const char *path)
{
    text_entry *e;

    memset(pf, 0, sizeof(*pf));
    if (path == NULL || *path == '\0') {
        pf->err = ENOENT;
        pf->why = "no file named";
        return false;
    }
    if (root_no_files()) {
        pf->why = "not read (--no-files)";
        return false;
    }
    if (2 * (texts.n + 1) > texts.cap)
        texts_grow();
    e = &texts.slots[text_slot(path)];
    if (e->path == NULL) {
        bool ok = read_text(pf, path);

        if (!ok || texts.bytes + pf->len <= PEM_TEXT_BUDGET) {
            /* Kept: the cache owns the text from now on. */
            e->path = xstrdup(path);
            e->text = ok ? pf->text : NULL;
            e->len = ok ? pf->len : 0;
            e->err = pf->err;
            e->why = pf->why;
            texts.n++;
            texts.bytes += e->len;
            pf->shared = true;
        }
        if (!ok)
            return false;
    } else if (e->text == NULL) {
        pf->err = e->err;
        pf->why = e->why;
        return false;
    } else {
        pf->text = e->text;
        pf->len = e->len;
        pf->shared = true;
    }
    /* Read-only: OpenSSL reads the text in place, no copy to wipe. */
    pf->bio = BIO_new_mem_buf(pf->text, (int) pf->len);
    if (pf->bio == NULL) {
        pf->why = "out of memory in OpenSSL";
        return false;
    }
    return true;
}

void pem_close(pem_file *pf)
{
    BIO_free(pf->bio);
    if (!pf->shared)
        sf_free_cleansed(pf->text, pf->len);
    memset(pf, 0, sizeof(*pf));
}

int pem_no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void) buf;
    (void) size;
    (void) rwflag;
    if (u)
        *(bool *) u = true;
    return -1;
}

/* ---- the cache: one read per path and kind -------------------------- */

typedef struct pem_entry {
    char *path;
    bool is_key;
    void *obj;                  /* X509 * or EVP_PKEY *, or NULL */
    const char *why;
    int err;
} pem_entry;

static struct {
    pem_entry *slots;
    size_t n, cap;              /* cap: a power of two */
} cache;

static size_t slot_of(const char *path, bool is_key)
{
    uint64_t h = is_key ? 0x84222325ULL : 1469598103934665603ULL;

    for (const unsigned char *p = (const unsigned char *) path; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    for (size_t i = h & (cache.cap - 1);; i = (i + 1) & (cache.cap - 1))
        if (cache.slots[i].path == NULL
            || (cache.slots[i].is_key == is_key
                && strcmp(cache.slots[i].path, path) == 0))
            return i;
}

static void cache_grow(void)
{
    pem_entry *old = cache.slots;
    size_t old_cap = cache.cap;

    cache.cap = old_cap ? 2 * old_cap : 64;
    cache.slots = xcalloc(cache.cap, sizeof(pem_entry));
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].path)
            cache.slots[slot_of(old[i].path, old[i].is_key)] = old[i];
    free(old);
}

static void *load(const char *path, bool is_key, const char **why, int *err)
{
    pem_entry *e;
    pem_file pf;
    bool encrypted = false;

    if (path == NULL)
        path = "";
    if (2 * (cache.n + 1) > cache.cap)
        cache_grow();
    e = &cache.slots[slot_of(path, is_key)];
    if (e->path == NULL) {
        e->path = xstrdup(path);
        e->is_key = is_key;
        cache.n++;
        if (!pem_open(&pf, path)) {
            e->why = pf.why;
        } else if (is_key) {
            e->obj = PEM_read_bio_PrivateKey(pf.bio, NULL, pem_no_passphrase,
                                             &encrypted);
            e->why = encrypted ? "the key is encrypted: it needs a "
                "passphrase, and smtpd has nobody to ask"
                : "no PEM private key in it";
        } else {
            e->obj = PEM_read_bio_X509(pf.bio, NULL, pem_no_passphrase, NULL);
            e->why = "no PEM certificate in it";
        }
        e->err = pf.err;
        pem_close(&pf);
        ERR_clear_error();
    }
    *why = e->why;
    *err = e->err;
    return e->obj;
}

X509 *pem_cert(const char *path, const char **why, int *err)
{
    return load(path, false, why, err);
}

EVP_PKEY *pem_key(const char *path, const char **why, int *err)
{
    return load(path, true, why, err);
}

void pem_cache_clear(void)
{
    for (size_t i = 0; i < cache.cap; i++) {
        pem_entry *e = &cache.slots[i];

        if (e->path == NULL)
            continue;
        if (e->is_key)
            EVP_PKEY_free(e->obj);     /* wipes the key material */
        else
            X509_free(e->obj);
        free(e->path);
    }
    free(cache.slots);
    memset(&cache, 0, sizeof(cache));
    for (size_t i = 0; i < texts.cap; i++) {
        text_entry *e = &texts.slots[i];

        if (e->path == NULL)
            continue;
        if (e->text)
            sf_free_cleansed(e->text, e->len);     /* may hold a key */
        free(e->path);
    }
    free(texts.slots);
    memset(&texts, 0, sizeof(texts));
}
