/*
 * log_read.c - read a mail log line by line, plain or gzip-compressed.
 *
 * Interface: see log_read.h.
 * Diagnostics (returned, the caller prints them): "FILE: No such file or
 * directory" and other open errors, "FILE: is a directory", and, once the
 * data ends, "FILE: truncated gzip data (unexpected end of file)" or
 * zlib's words for corrupt data, or the read error.
 *
 * zlib's gzread reads gzip and plain data alike (a plain file is copied
 * straight into our buffer), so one path serves maillog, maillog.1.gz and
 * a pipe. Lines are cut with memchr in a fixed 1 MiB buffer: memory does
 * not depend on the file, and a line longer than LOG_LINE_MAX is skipped
 * up to its newline without ever being held whole.
 */
#include "log_read.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define BUF_SIZE (1024 * 1024)

struct log_reader {
    char *name;
    gzFile gz;
    char *buf;
    size_t start, end;          /* unread bytes: buf[start..end) */
    bool eof, skipping, failed;
    uint64_t long_lines;
    char *error;
};

log_reader *log_reader_open(const char *path, char **why)
{
    bool is_stdin = str_eq(path, "-");
    int fd = is_stdin ? dup(0) : open(path, O_RDONLY | O_CLOEXEC);
    const char *shown = is_stdin ? "<stdin>" : path;
    struct stat st;
    log_reader *r;

    if (fd < 0) {
        *why = xasprintf("%s: %s", shown, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        *why = xasprintf("%s: is a directory", shown);
        return NULL;
    }
    r = xcalloc(1, sizeof(*r));
    r->gz = gzdopen(fd, "rb");
    if (r->gz == NULL) {
        close(fd);
        free(r);
        *why = xasprintf("%s: cannot read (out of memory in zlib)", shown);
        return NULL;
    }
    gzbuffer(r->gz, 256 * 1024);
    r->name = xstrdup(shown);
    r->buf = xmalloc(BUF_SIZE);
    return r;
}

/* Remember why the data ended early (once). */
static void set_error(log_reader *r, const char *what)
{
    if (r->error == NULL)
        r->error = xasprintf("%s: %s", r->name, what);
}

/* Move the unread bytes to the front and read more; false at the end. */
static bool fill(log_reader *r)
{
    int n, err;
    const char *msg;

    if (r->eof)
        return false;
    memmove(r->buf, r->buf + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
    n = gzread(r->gz, r->buf + r->end, (unsigned) (BUF_SIZE - r->end));
    if (n > 0) {
        r->end += (size_t) n;
        return true;
    }
    r->eof = true;
    msg = gzerror(r->gz, &err);
    if (err == Z_BUF_ERROR)
        set_error(r, "truncated gzip data (unexpected end of file); "
                  "the lines before it were read");
    else if (err == Z_ERRNO) {
        set_error(r, strerror(errno));
        r->failed = true;
    }
    else if (err != Z_OK)
        set_error(r, msg);
    return false;
}

bool log_reader_next(log_reader *r, const char **line, size_t *len)
{
    for (;;) {
        char *p = r->buf + r->start;
        size_t avail = r->end - r->start;
        char *nl = memchr(p, '\n', avail);

        if (nl && r->skipping) {
            r->skipping = false;
            r->start += (size_t) (nl - p) + 1;
            continue;
        }
        if (nl) {
            *line = p;
            *len = (size_t) (nl - p);
            r->start += *len + 1;
            return true;
        }
        if (avail > LOG_LINE_MAX) {
            /* Too long: drop what we have and skip to the newline. */
            if (!r->skipping)
                r->long_lines++;
            r->skipping = true;
            r->start = r->end;
        }
        if (!fill(r)) {
            if (r->start == r->end || r->skipping)
                return false;
            *line = r->buf + r->start;  /* last line without a newline */
            *len = r->end - r->start;
            r->start = r->end;
            return true;
        }
    }
}

uint64_t log_reader_long_lines(const log_reader *r)
{
    return r->long_lines;
}

const char *log_reader_error(const log_reader *r)
{
    return r->error;
}

bool log_reader_failed(const log_reader *r)
{
    return r->failed;
}

const char *log_reader_name(const log_reader *r)
{
    return r->name;
}

void log_reader_close(log_reader *r)
{
    if (r == NULL)
        return;
    gzclose_r(r->gz);
    free(r->buf);
    free(r->name);
    free(r->error);
    free(r);
}
