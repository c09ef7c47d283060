/*
 * source.c - read configuration files whole, safely, with limits.
 *
 * Interface: see source.h.
 * Diagnostics: every refusal is one line that names the file: missing,
 * unreadable, a directory or other non-regular file (a FIFO or device is
 * never read, so it cannot hang us), larger than SOURCE_MAX_BYTES, a
 * physical line longer than SOURCE_MAX_LINE_BYTES, or a NUL byte (the file
 * is binary, or Postfix would silently drop the rest of that logical line).
 */
#include "source.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void source_position(const source *src, size_t off, int *line, int *col)
{
    int l = 1;
    size_t line_start = 0;

    for (size_t i = 0; i < off && i < src->len; i++) {
        if (src->text[i] == '\n') {
            l++;
            line_start = i + 1;
        }
    }
    *line = l;
    *col = (int) (off - line_start) + 1;
}

/* Check the contents; on a problem return a message naming file and line. */
static char *validate_text(const char *name, const char *text, size_t len)
{
    const char *nul = memchr(text, '\0', len);
    size_t check_len = nul ? (size_t) (nul - text) : len;
    size_t line_start = 0;
    int line = 1;

    /* Line by line up to the first NUL (if any). */
    while (line_start <= check_len) {
        const char *nl = memchr(text + line_start, '\n',
                                check_len - line_start);
        size_t line_end = nl ? (size_t) (nl - text) : check_len;

        if (line_end - line_start > SOURCE_MAX_LINE_BYTES)
            return xasprintf("%s:%d: line is longer than %u bytes; "
                             "refusing to lint it", name, line,
                             SOURCE_MAX_LINE_BYTES);
        if (nl == NULL)
            break;
        line++;
        line_start = line_end + 1;
    }
    if (nul)
        return xasprintf("%s:%d:%zu: NUL byte in configuration text "
                         "(a binary file, or text Postfix would "
                         "silently truncate); refusing to lint it",
                         name, line, check_len - line_start + 1);
    return NULL;
}

source *source_from_text(const char *display_name, char *text, size_t len,
                         char **why)
{
    source *src;

    if ((*why = validate_text(display_name, text, len)) != NULL) {
        free(text);
        return NULL;
    }
    src = xcalloc(1, sizeof(*src));
    src->path = xstrdup(display_name);
    src->text = text;
    src->len = len;
    src->crlf = memchr(text, '\r', len) != NULL
        && memmem(text, len, "\r\n", 2) != NULL;
    return src;
}

static char *read_fd(int fd, const char *name, size_t *len_out, char **why)
{
    size_t cap = 64 * 1024, len = 0;
    char *buf = xmalloc(cap + 1);

    for (;;) {
        ssize_t n;

        if (len == cap) {
            if (cap > SOURCE_MAX_BYTES) {
                *why = xasprintf("%s: file is larger than %u bytes; "
                                 "refusing to lint it", name,
                                 SOURCE_MAX_BYTES);
                free(buf);
                return NULL;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        n = read(fd, buf + len, cap - len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *why = xasprintf("%s: read error: %s", name, strerror(errno));
            free(buf);
            return NULL;
        }
        if (n == 0)
            break;
        len += (size_t) n;
    }
    if (len > SOURCE_MAX_BYTES) {
        *why = xasprintf("%s: file is larger than %u bytes; refusing to "
                         "lint it", name, SOURCE_MAX_BYTES);
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *len_out = len;
    return buf;
}

source *source_read(const char *path, const char *display_name, char **why,
                    bool *missing)
{
    const char *name = display_name ? display_name : path;
    struct stat st;
    size_t len = 0;
    char *text;
    int fd;

    *missing = false;
    *why = NULL;
    if (str_eq(path, "-")) {
        if ((text = read_fd(0, name, &len, why)) == NULL)
            return NULL;
        return source_from_text(name, text, len, why);
    }
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        *missing = (errno == ENOENT);
        if (errno == ELOOP)
            *why = xasprintf("%s: cannot open: too many levels of symbolic "
                             "links (a symlink loop?)", name);
        else
            *why = xasprintf("%s: cannot open: %s", name, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0) {
        *why = xasprintf("%s: cannot stat: %s", name, strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        *why = xasprintf("%s: is a directory, not a configuration file",
                         name);
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = xasprintf("%s: not a regular file (a FIFO, socket or "
                         "device); refusing to read it", name);
        close(fd);
        return NULL;
    }
    if (st.st_size > (off_t) SOURCE_MAX_BYTES) {
        *why = xasprintf("%s: file is larger than %u bytes; refusing to "
                         "lint it", name, SOURCE_MAX_BYTES);
        close(fd);
        return NULL;
    }
    /* Back to blocking reads for a regular file. */
    (void) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    text = read_fd(fd, name, &len, why);
    close(fd);
    if (text == NULL)
        return NULL;
    return source_from_text(name, text, len, why);
}

void source_free(source *src)
{
    if (src == NULL)
        return;
    free(src->path);
    free(src->text);
    free(src);
}

char *span_text(const span *sp)
{
    return xstrndup(sp->src->text + sp->off, sp->end_off - sp->off);
}
