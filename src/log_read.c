/*
 * log_read.c - read a mail log line by line, plain or gzip-compressed.
 *
 * Interface: see log_read.h.
 * Diagnostics (returned, the caller prints them): "FILE: No such file or
 * directory" and other open errors, "FILE: is a directory", and, once the
 * data ends, "FILE: truncated gzip data (unexpected end of file)" or
 * zlib's words for corrupt data, or the read error.
 *
 * A plain regular file (no gzip magic) is mapped with mmap and its lines
 * are handed out in place: no copy, and the lines stay valid until they
 * are released (log_reader_release), which lets a second thread work on
 * them. Pages behind the released point are dropped from the process in
 * RELEASE_STEP steps (they stay in the page cache), so the resident size
 * does not grow with the file, and the pages of the next steps are
 * prefaulted then (see populate()). Everything else (gzip, stdin, pipes, a
 * file that cannot be mapped) goes through zlib's gzread, which reads
 * gzip and plain data alike: lines are cut with memchr in a fixed 1 MiB
 * buffer, so memory does not depend on the file. Either way a line
 * longer than LOG_LINE_MAX is skipped up to its newline and counted
 * (gzread: without ever being held whole). A mapped file that shrinks
 * while it is read (copytruncate rotation) raises SIGBUS on the pages
 * past its new end: the handler maps zero pages there, and reading stops
 * at that point with the warning "FILE: the file shrank while it was
 * read; the lines before were read" (one mapping at a time is guarded,
 * which is all `postlint log` uses).
 */
#include "log_read.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define BUF_SIZE (1024 * 1024)
#define RELEASE_STEP (8 * 1024 * 1024)

struct log_reader {
    char *name;
    gzFile gz;                  /* NULL when the file is mapped */
    const char *map;            /* the mapped file, map_len bytes */
    size_t map_len, pos, released, populated;
    char *buf;
    size_t start, end;          /* unread bytes: buf[start..end) */
    bool eof, skipping, failed;
    uint64_t long_lines;
    char *error;
};

/* The mapping the SIGBUS handler may patch, and whether it did. */
static char *volatile bus_map;
static volatile size_t bus_len, bus_page;
static volatile sig_atomic_t bus_shrank;

static void on_sigbus(int sig, siginfo_t *si, void *context)
{
    char *a = si->si_addr, *m = bus_map;
    size_t page = bus_page;

    (void) context;
    if (m != NULL && a >= m && a < m + bus_len) {
        a = m + (size_t) (a - m) / page * page;
        if (mmap(a, (size_t) (m + bus_len - a), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)
            != MAP_FAILED) {
            bus_shrank = 1;
            return;
        }
    }
    signal(sig, SIG_DFL);       /* not ours: fault again, and die */
}

static void guard(const char *map, size_t len)
{
    static bool installed;
    struct sigaction sa;

    if (!installed) {
        memset(&sa, 0, sizeof(sa));
        sa.sa_sigaction = on_sigbus;
        sa.sa_flags = SA_SIGINFO;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGBUS, &sa, NULL);
        installed = true;
    }
    bus_shrank = 0;
    bus_page = (size_t) sysconf(_SC_PAGESIZE);
    bus_len = len;
    bus_map = (char *) map;
}

/* Fill in the page tables of the two steps after at, where the lines
 * will be cut next: done by the thread that releases, it takes the page
 * faults off the thread that cuts lines (log_pipe.c). An old kernel
 * without MADV_POPULATE_READ just faults the pages in as they are read. */
static void populate(log_reader *r, size_t at)
{
#ifdef MADV_POPULATE_READ
    size_t end = at + 2 * RELEASE_STEP;

    if (end > r->map_len)
        end = r->map_len;
    if (r->populated < at)
        r->populated = at;
    if (end > r->populated) {
        madvise((char *) r->map + r->populated, end - r->populated,
                MADV_POPULATE_READ);
        r->populated = end;
    }
#else
    (void) r;
    (void) at;
#endif
}

/* Map a plain regular file (not gzip, not empty); false: use gzread. */
static bool try_map(log_reader *r, int fd, const struct stat *st)
{
    unsigned char magic[2];
    void *m;

    if (!S_ISREG(st->st_mode) || st->st_size <= 0
        || (uintmax_t) st->st_size > SIZE_MAX
        || pread(fd, magic, 2, 0) != 2
        || (magic[0] == 0x1f && magic[1] == 0x8b))
        return false;
    m = mmap(NULL, (size_t) st->st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED)
        return false;
    madvise(m, (size_t) st->st_size, MADV_SEQUENTIAL);
    r->map = m;
    r->map_len = (size_t) st->st_size;
    guard(r->map, r->map_len);
    return true;
}

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
    if (!is_stdin && try_map(r, fd, &st)) {
        close(fd);
        r->name = xstrdup(shown);
        return r;
    }
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

/* The next line of a mapped file; lines over LOG_LINE_MAX are skipped. */
static bool next_mapped(log_reader *r, const char **line, size_t *len)
{
    while (r->pos < r->map_len) {
        const char *p = r->map + r->pos;
        size_t avail = r->map_len - r->pos;
        const char *nl = memchr(p, '\n', avail);
        size_t n = nl ? (size_t) (nl - p) : avail;

        if (bus_shrank) {
            set_error(r, "the file shrank while it was read; "
                      "the lines before were read");
            r->pos = r->map_len;
            return false;
        }
        r->pos += nl ? n + 1 : n;
        if (n > LOG_LINE_MAX) {
            r->long_lines++;
            continue;
        }
        *line = p;
        *len = n;
        return true;
    }
    return false;
}

bool log_reader_next(log_reader *r, const char **line, size_t *len)
{
    if (r->map)
        return next_mapped(r, line, len);
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

bool log_reader_mapped(const log_reader *r)
{
    return r->map != NULL;
}

void log_reader_release(log_reader *r, const char *upto)
{
    size_t page, at;

    if (r->map == NULL || upto < r->map + r->released + RELEASE_STEP)
        return;
    page = (size_t) sysconf(_SC_PAGESIZE);
    at = (size_t) (upto - r->map) / page * page;
    madvise((char *) r->map + r->released, at - r->released, MADV_DONTNEED);
    r->released = at;
    populate(r, at);
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
    if (r->map) {
        if (bus_map == r->map)
            bus_map = NULL;
        munmap((void *) r->map, r->map_len);
    }
    else
        gzclose_r(r->gz);
    free(r->buf);
    free(r->name);
    free(r->error);
    free(r);
}
