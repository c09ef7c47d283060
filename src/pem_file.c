/*
 * pem_file.c - read PEM files into wiped memory for OpenSSL.
 *
 * Interface: see pem_file.h. No diagnostics: callers word the message
 * from pf->why and pf->err (EACCES means "run as root to check it").
 */
#include "pem_file.h"
#include "rootpath.h"
#include "safe_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool pem_open(pem_file *pf, const char *path)
{
    sf_status st;

    memset(pf, 0, sizeof(*pf));
    if (path == NULL || *path == '\0') {
        pf->err = ENOENT;
        pf->why = "no file named";
        return false;
    }
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
