/*
 * safe_file.c - bounded, non-blocking reads of regular files.
 *
 * Interface: see safe_file.h. No diagnostics of its own: callers word
 * the message (they know whether the file is a main.cf or a key) from
 * the status and sf_reason().
 *
 * Why open() then fstat() and not stat() then open(): the checks must
 * apply to the very file that is read, not to whatever the name pointed
 * at a moment earlier. O_NONBLOCK makes opening a FIFO with no writer
 * return at once; O_NOCTTY keeps a terminal device from becoming ours.
 */
#include "safe_file.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

sf_status safe_read_fd(int fd, size_t max, char **buf, size_t *len,
                       int *err)
{
    size_t cap = 64 * 1024, n = 0;
    char *b = xmalloc(cap + 1);

    *err = 0;
    for (;;) {
        ssize_t got;

        if (n == cap) {
            if (cap > max) {        /* read max + 1 bytes: too big */
                free(b);
                return SF_TOO_BIG;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            b = xrealloc(b, cap + 1);
        }
        got = read(fd, b + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *err = errno;
            free(b);
            return SF_READ;
        }
        if (got == 0)
            break;
        n += (size_t) got;
    }
    if (n > max) {
        free(b);
        return SF_TOO_BIG;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return SF_OK;
}

/* Why a descriptor that is open but not a plain file is refused. */
static sf_status check_type(int fd, size_t max, int *err)
{
    struct stat st;

    if (fstat(fd, &st) < 0) {
        *err = errno;
        return SF_OPEN;
    }
    if (S_ISDIR(st.st_mode))
        return SF_DIRECTORY;
    if (!S_ISREG(st.st_mode))
        return SF_NOT_REGULAR;
    if ((unsigned long long) st.st_size > (unsigned long long) max)
        return SF_TOO_BIG;
    return SF_OK;
}

sf_status safe_read_file(const char *path, size_t max, unsigned flags,
                         char **buf, size_t *len, int *err)
{
    int oflags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
    sf_status st;
    int fd;

    *err = 0;
    if (flags & SF_NO_SYMLINK)
        oflags |= O_NOFOLLOW;
    if ((fd = open(path, oflags)) < 0) {
        *err = errno;
        return SF_OPEN;
    }
    if ((st = check_type(fd, max, err)) == SF_OK) {
        /* A regular file: blocking reads are fine (and never wait). */
        (void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
        st = safe_read_fd(fd, max, buf, len, err);
    }
    close(fd);
    return st;
}

const char *sf_reason(sf_status st, int err)
{
    switch (st) {
    case SF_OK: return "no error";
    case SF_DIRECTORY: return "is a directory";
    case SF_NOT_REGULAR: return "not a regular file (a FIFO, socket or device)";
    case SF_TOO_BIG: return "file is too large";
    case SF_OPEN:
    case SF_READ: break;
    }
    if (err == ELOOP)
        return "too many levels of symbolic links (a symlink loop, or a "
               "link where none is allowed)";
    return strerror(err);
}

void sf_free_cleansed(char *buf, size_t len)
{
    if (buf == NULL)
        return;
    OPENSSL_cleanse(buf, len);
    free(buf);
}
