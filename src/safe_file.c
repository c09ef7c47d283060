/*
 * safe_file.c - bounded, non-blocking reads of regular files.
 *
 * Interface: see safe_file.h. No diagnostics of its own: callers word
 * the message (they know whether the file is a main.cf or a key) from
 * the status and sf_reason().
 *
 * Why an O_PATH descriptor first, and not stat() then open(): the
 * checks must apply to the very file that is read, not to whatever the
 * name pointed at a moment earlier; and opening a device for reading
 * can have side effects (a tape rewinds, a modem line is raised), so
 * nothing but a regular file is ever opened for reading. O_NONBLOCK and
 * O_NOCTTY remain as a second guard.
 */
#include "safe_file.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <stdio.h>
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

/* Why a file that is not a plain file (or too big) is refused. */
static sf_status check_type(const struct stat *st, size_t max)
{
    if (S_ISDIR(st->st_mode))
        return SF_DIRECTORY;
    if (!S_ISREG(st->st_mode))
        return SF_NOT_REGULAR;
    if ((unsigned long long) st->st_size > (unsigned long long) max)
        return SF_TOO_BIG;
    return SF_OK;
}

/*
 * Open path for reading only once its type is known: an O_PATH
 * descriptor is fstat()ed (opening it has no side effect, even on a
 * device), and only a regular file is then opened for reading, through
 * /proc/self/fd so that it is the very same file. Without /proc the file
 * is opened by name and must still be the same inode.
 */
static sf_status open_regular(const char *path, unsigned flags, size_t max,
                              int *fd_out, struct stat *st, int *err)
{
    int pflags = O_PATH | O_CLOEXEC | (flags & SF_NO_SYMLINK ? O_NOFOLLOW : 0);
    int oflags = O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
    int pfd, fd;
    char proc[64];
    struct stat again;
    sf_status status;

    if ((pfd = open(path, pflags)) < 0) {
        *err = errno;
        return SF_OPEN;
    }
    if (fstat(pfd, st) < 0) {
        *err = errno;
        close(pfd);
        return SF_OPEN;
    }
    if (S_ISLNK(st->st_mode)) {     /* O_NOFOLLOW with O_PATH opens it */
        close(pfd);
        *err = ELOOP;
        return SF_OPEN;
    }
    if ((status = check_type(st, max)) != SF_OK) {
        close(pfd);
        return status;
    }
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
    fd = open(proc, oflags);
    if (fd < 0 && errno == ENOENT)
        fd = open(path, oflags | (flags & SF_NO_SYMLINK ? O_NOFOLLOW : 0));
    close(pfd);
    if (fd < 0) {
        *err = errno;
        return SF_OPEN;
    }
    if (fstat(fd, &again) < 0 || again.st_dev != st->st_dev
        || again.st_ino != st->st_ino) {
        close(fd);
        *err = ESTALE;      /* replaced between the two opens */
        return SF_OPEN;
    }
    *fd_out = fd;
    return SF_OK;
}

sf_status safe_read_file_stat(const char *path, size_t max, unsigned flags,
                              char **buf, size_t *len, int *err,
                              struct stat *st_out)
{
    struct stat st;
    sf_status status;
    int fd;

    *err = 0;
    if ((status = open_regular(path, flags, max, &fd, &st, err)) != SF_OK)
        return status;
    /* A regular file: blocking reads are fine (and never wait). */
    (void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    status = safe_read_fd(fd, max, buf, len, err);
    close(fd);
    if (st_out)
        *st_out = st;
    return status;
}

sf_status safe_read_file(const char *path, size_t max, unsigned flags,
                         char **buf, size_t *len, int *err)
{
    return safe_read_file_stat(path, max, flags, buf, len, err, NULL);
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

sf_status safe_open_file(const char *path, size_t max, unsigned flags,
                         int *fd, struct stat *st, int *err)
{
    *err = 0;
    *fd = -1;
    return open_regular(path, flags, max, fd, st, err);
}
