/*
 * safe_file.h - read a file postlint did not write, without surprises.
 *
 * postlint runs as root in reload hooks, on files anyone may have put in
 * place. Reading one must never block (a FIFO, /dev/zero, a terminal),
 * never read without bound, and never follow a link when told not to.
 * Everything that reads a configuration, certificate or key file goes
 * through here.
 */
#ifndef POSTLINT_SAFE_FILE_H
#define POSTLINT_SAFE_FILE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sf_status {
    SF_OK,
    SF_OPEN,            /* open() failed: err is its errno (ENOENT, ...) */
    SF_DIRECTORY,       /* a directory */
    SF_NOT_REGULAR,     /* a FIFO, socket or device: never read */
    SF_TOO_BIG,         /* more than max bytes (stat, or while reading) */
    SF_READ             /* read() failed: err is its errno */
} sf_status;

/* Refuse a symbolic link as the last path component (O_NOFOLLOW). */
#define SF_NO_SYMLINK 1u

/*
 * Read path whole, at most max bytes, into a new NUL-terminated buffer
 * (*buf, *len). The type is checked on an O_PATH descriptor before the
 * file is opened for reading: only a regular file is ever opened (a
 * device's open can have side effects). The file may shrink or grow
 * while it is read: what read() returns up to end of file counts, and
 * growth past max is SF_TOO_BIG. *err is an errno value or 0.
 */
sf_status safe_read_file(const char *path, size_t max, unsigned flags,
                         char **buf, size_t *len, int *err);

/* The same, and the file's status (owner, mode) into *st when st is not
 * NULL: the status of the very file that was read. */
struct stat;
sf_status safe_read_file_stat(const char *path, size_t max, unsigned flags,
                              char **buf, size_t *len, int *err,
                              struct stat *st);

/* Open path for reading with the same checks (a regular file of at
 * most max bytes; nothing else is ever opened), for callers that read
 * it in blocks: a table of a million lines is streamed, not held. *fd
 * is the caller's to close; *st the file's status. */
sf_status safe_open_file(const char *path, size_t max, unsigned flags,
                         int *fd, struct stat *st, int *err);

/* The same for an open descriptor (stdin): no type check, just bounds. */
sf_status safe_read_fd(int fd, size_t max, char **buf, size_t *len,
                       int *err);

/* A short reason for a failed read ("is a directory", strerror(err)). */
const char *sf_reason(sf_status st, int err);

/* Overwrite a buffer that held key material, then free it. */
void sf_free_cleansed(char *buf, size_t len);

#endif
