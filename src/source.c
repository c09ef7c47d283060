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
#include "safe_file.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

/* The one-line refusal for a file safe_read_file() would not read. */
static char *refusal(const char *name, sf_status st, int err)
{
    switch (st) {
    case SF_DIRECTORY:
        return xasprintf("%s: is a directory, not a configuration file",
                         name);
    case SF_NOT_REGULAR:
        return xasprintf("%s: not a regular file (a FIFO, socket or "
                         "device); refusing to read it", name);
    case SF_TOO_BIG:
        return xasprintf("%s: file is larger than %u bytes; refusing to "
                         "lint it", name, SOURCE_MAX_BYTES);
    case SF_READ:
        return xasprintf("%s: read error: %s", name, strerror(err));
    case SF_OPEN:
    case SF_OK:
        break;
    }
    if (err == ELOOP)
        return xasprintf("%s: cannot open: too many levels of symbolic "
                         "links (a symlink loop?)", name);
    return xasprintf("%s: cannot open: %s", name, strerror(err));
}

source *source_read(const char *path, const char *display_name, char **why,
                    bool *missing)
{
    const char *name = display_name ? display_name : path;
    sf_status st;
    size_t len = 0;
    char *text = NULL;
    int err;

    *missing = false;
    *why = NULL;
    /* Never blocks: a FIFO or device is refused before any read. */
    if (str_eq(path, "-"))
        st = safe_read_fd(0, SOURCE_MAX_BYTES, &text, &len, &err);
    else
        st = safe_read_file(path, SOURCE_MAX_BYTES, 0, &text, &len, &err);
    if (st != SF_OK) {
        *missing = st == SF_OPEN && err == ENOENT;
        *why = refusal(name, st, err);
        return NULL;
    }
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
