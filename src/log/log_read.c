/*
 * log_read.c - read a mail log in blocks of whole lines, plain or
 * gzip-compressed.
 *
 * Interface: see log_read.h.
 * Diagnostics (returned, the caller prints them): "FILE: No such file or
 * directory" and other open errors, "FILE: is a directory", and, once the
 * data ends, "FILE: truncated gzip data (unexpected end of file)",
 * "FILE: corrupt gzip data (zlib's words)", the read error, or (a
 * warning) "FILE: the file shrank while it was read".
 *
 * A block is a caller's buffer of LOG_BLOCK_SIZE bytes: the start of a
 * line the previous block cut off (at most LOG_LINE_MAX bytes, copied
 * from the reader's carry buffer), then new data up to the buffer's end;
 * the block ends at its last newline and the rest is carried to the
 * next. So the data is read once, straight into the buffer that is
 * parsed, and memory is a few fixed buffers whatever the file's size.
 * A plain regular file is read with read(2); everything else (gzip,
 * stdin, pipes) goes through zlib's gzread, which reads gzip and plain
 * data alike. (Mapping the file was tried and dropped: on the virtual
 * machines we measured, the first touch of each mapped page cost more
 * than reading the file outright.) A line too long for a block is
 * skipped up to its newline and counted, without ever being held whole;
 * a plain file that shrinks while it is read (copytruncate) ends there,
 * with a warning.
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

struct log_reader {
    char *name;
    int fd;                     /* a plain regular file; -1: use gz */
    uint64_t offset;            /* bytes read from fd */
    gzFile gz;
    char *carry;                /* a line cut off by the last block */
    size_t carry_len;
    bool eof, skipping, failed, shrank;
    bool seekable;              /* a regular file: can go back to its start */
    uint64_t long_lines;
    char *error;
    char *own;                  /* log_reader_next's block, or the peek's */
    size_t pending;             /* own holds a peeked block not yet handed
                                   out (input that cannot be read again) */
    const char *at, *end;
};

/* A plain regular file that does not start with the gzip magic. */
static bool plain_file(int fd, const struct stat *st)
{
    unsigned char magic[2];

    return S_ISREG(st->st_mode) && pread(fd, magic, 2, 0) == 2
        && !(magic[0] == 0x1f && magic[1] == 0x8b);
}

log_reader *log_reader_open(const char *path, char **why)
{
    bool is_stdin = str_eq(path, "-");
    int fd = is_stdin ? fcntl(0, F_DUPFD_CLOEXEC, 0)
        : open(path, O_RDONLY | O_CLOEXEC);
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
    r->fd = -1;
    r->seekable = S_ISREG(st.st_mode);
    if (!is_stdin && plain_file(fd, &st)) {
        r->fd = fd;
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    } else if ((r->gz = gzdopen(fd, "rb")) == NULL) {
        close(fd);
        free(r);
        *why = xasprintf("%s: cannot read (out of memory in zlib)", shown);
        return NULL;
    } else
        gzbuffer(r->gz, 256 * 1024);
    r->name = xstrdup(shown);
    r->carry = xmalloc(LOG_LINE_MAX);
    return r;
}

/* Remember why the data ended early (once). */
static void set_error(log_reader *r, const char *what)
{
    if (r->error == NULL)
        r->error = xasprintf("%s: %s", r->name, what);
}

/* At the end of a plain file: if it is now shorter than what was read,
 * it was truncated meanwhile (copytruncate rotation) and the lines
 * written since are not in this read. */
static void check_shrunk(log_reader *r)
{
    struct stat st;

    if (fstat(r->fd, &st) == 0 && (uint64_t) st.st_size < r->offset) {
        set_error(r, "the file shrank while it was read; "
                  "the lines before were read");
        r->shrank = true;
    }
}

/* Read up to n bytes into dst; 0 at the end of the data (or an error,
 * which is remembered). */
static size_t raw_read(log_reader *r, char *dst, size_t n)
{
    int got, err;
    const char *msg;

    if (r->fd >= 0) {
        ssize_t k;

        do
            k = read(r->fd, dst, n);
        while (k < 0 && errno == EINTR);
        if (k > 0)
            r->offset += (uint64_t) k;
        else if (k == 0)
            check_shrunk(r);
        if (k >= 0)
            return (size_t) k;
        set_error(r, strerror(errno));
        r->failed = true;
        return 0;
    }
    if ((got = gzread(r->gz, dst, (unsigned) n)) > 0)
        return (size_t) got;
    msg = gzerror(r->gz, &err);
    /* zlib names the descriptor ("<fd:3>: invalid code lengths set"):
     * keep only its words, after the file's own name. */
    if (msg && msg[0] == '<' && strstr(msg, ">: "))
        msg = strstr(msg, ">: ") + 3;
    r->failed |= err != Z_OK;
    if (err == Z_BUF_ERROR)
        set_error(r, "truncated gzip data (unexpected end of file)");
    else if (err == Z_ERRNO)
        set_error(r, strerror(errno));
    else if (err != Z_OK) {
        char *why = xasprintf("corrupt gzip data (%s)", msg ? msg : "?");

        set_error(r, why);
        free(why);
    }
    return 0;
}

/* Fill buf after n carried bytes, up to LOG_BLOCK_SIZE or the end. */
static size_t fill(log_reader *r, char *buf, size_t n)
{
    size_t got;

    while (n < LOG_BLOCK_SIZE && !r->eof) {
        if ((got = raw_read(r, buf + n, LOG_BLOCK_SIZE - n)) == 0)
            r->eof = true;
        n += got;
    }
    return n;
}

/* While skipping a long line: drop buf up to its first newline; the
 * number of bytes left. */
static size_t skip_rest_of_line(log_reader *r, char *buf, size_t n)
{
    char *nl = memchr(buf, '\n', n);

    if (nl == NULL)
        return 0;
    r->skipping = false;
    n -= (size_t) (nl + 1 - buf);
    memmove(buf, nl + 1, n);
    return n;
}

bool log_reader_block(log_reader *r, char *buf, size_t *len)
{
    if (r->pending) {           /* what log_reader_peek read, first */
        memcpy(buf, r->own, r->pending);
        *len = r->pending;
        r->pending = 0;
        return true;
    }
    for (;;) {
        size_t n = r->carry_len, tail;
        char *nl;

        if (r->eof && n == 0)
            return false;
        memcpy(buf, r->carry, n);
        r->carry_len = 0;
        n = fill(r, buf, n);
        if (r->skipping && (n = skip_rest_of_line(r, buf, n)) == 0)
            continue;
        if (n == 0)
            return false;   /* only at the end: fill() reads until then */
        nl = memrchr(buf, '\n', n);
        tail = nl ? n - (size_t) (nl + 1 - buf) : n;
        if (r->eof || tail == 0) {
            *len = n;       /* the last line may lack its newline */
            return true;
        }
        if (tail <= LOG_LINE_MAX) {
            memcpy(r->carry, buf + n - tail, tail);
            r->carry_len = tail;
        } else {            /* too long: never held whole */
            r->long_lines++;
            r->skipping = true;
        }
        if (nl) {
            *len = n - tail;
            return true;
        }
    }
}

/* Back to the start of a regular file, as if just opened. */
static bool rewind_reader(log_reader *r)
{
    if (r->fd >= 0 ? lseek(r->fd, 0, SEEK_SET) != 0 : gzrewind(r->gz) != 0)
        return false;
    r->offset = 0;
    r->carry_len = 0;
    r->eof = r->skipping = false;
    r->long_lines = 0;
    free(r->error);
    r->error = NULL;
    return true;
}

void log_reader_peek(log_reader *r, log_peek_fn fn, void *ctx,
                     size_t max_lines)
{
    const char *at, *end, *line;
    size_t n, len;
    uint64_t ignored = 0;

    if (r->own == NULL)
        r->own = xmalloc(LOG_BLOCK_SIZE);
    if (!log_reader_block(r, r->own, &n))
        return;
    at = r->own;
    end = r->own + n;
    for (size_t i = 0; i < max_lines
         && log_block_line(&at, end, &line, &len, &ignored); i++)
        if (fn(line, len, ctx))
            break;
    /* A file is read again from its start; a pipe cannot be, so its
     * first block is kept and handed out first. */
    if (!r->seekable || r->failed || !rewind_reader(r))
        r->pending = n;
}

bool log_reader_next(log_reader *r, const char **line, size_t *len)
{
    size_t n;

    for (;;) {
        if (r->at && log_block_line(&r->at, r->end, line, len,
                                    &r->long_lines))
            return true;
        if (r->own == NULL)
            r->own = xmalloc(LOG_BLOCK_SIZE);
        if (!log_reader_block(r, r->own, &n))   /* a pending peek first */
            return false;
        r->at = r->own;
        r->end = r->own + n;
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

bool log_reader_shrank(const log_reader *r)
{
    return r->shrank;
}

const char *log_reader_name(const log_reader *r)
{
    return r->name;
}

void log_reader_close(log_reader *r)
{
    if (r == NULL)
        return;
    if (r->fd >= 0)
        close(r->fd);
    else
        gzclose_r(r->gz);
    free(r->carry);
    free(r->own);
    free(r->name);
    free(r->error);
    free(r);
}
