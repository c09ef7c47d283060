/*
 * source.c - read configuration files whole, safely, with limits.
 *
 * Interface: see source.h.
 * Diagnostics: every refusal is one line that names the file: missing,
 * unreadable, a directory or other non-regular file (a FIFO or device is
 * never read, so it cannot hang us), larger than SOURCE_MAX_BYTES, a
 * physical line longer than SOURCE_MAX_LINE_BYTES, more than
 * SOURCE_MAX_LINES lines, or a NUL byte (the file
 * is binary, or Postfix would silently drop the rest of that logical line),
 * a logical line or nesting past the limits in source.h, and (on request:
 * source_check_entries) too many logical lines.
 */
#include "source.h"
#include "macscan.h"
#include "safe_file.h"
#include "util.h"

#include <errno.h>
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
/* Blank, or a comment (first non-blank '#'): readllines() drops it,
 * even between a line and its continuation. */
static bool skipped_line(const char *line, size_t len)
{
    size_t i = 0;

    while (i < len && pf_isspace(line[i]))
        i++;
    return i == len || line[i] == '#';
}

/* Walks logical lines: the state of the current one. */
typedef struct logical_scan {
    size_t bytes;           /* joined length so far */
    bool joined;            /* a line of it was counted already */
    size_t words;           /* blank-separated words so far */
    mac_nest nest;          /* open "${", "$(" and '{' (macscan.h) */
} logical_scan;

/* Track nesting through one physical line; a message when too deep. */
static char *scan_nesting(logical_scan *ls, const char *name, int lineno,
                          const char *line, size_t len)
{
    mac_nest_feed(&ls->nest, line, len);
    if (ls->nest.max_dollar > SOURCE_MAX_DOLLAR_DEPTH)
        return xasprintf("%s:%d: $ expressions nested more than %u "
                         "deep; refusing to lint it", name, lineno,
                         SOURCE_MAX_DOLLAR_DEPTH);
    if (ls->nest.max_brace > SOURCE_MAX_BRACE_DEPTH)
        return xasprintf("%s:%d: { } nested more than %u deep; refusing "
                         "to lint it", name, lineno, SOURCE_MAX_BRACE_DEPTH);
    return NULL;
}

/*
 * Walk the logical lines (as readllines() forms them) of text, which has
 * no NUL byte: refuse a logical line longer than SOURCE_MAX_LOGICAL_BYTES,
 * nesting past the depth limits, or (max_entries) more logical lines
 * than that. Linear in the text.
 */
/* Words in line[0..len): runs of non-blanks. */
static size_t count_words(const char *line, size_t len)
{
    size_t n = 0;

    for (size_t i = 0; i < len; i++)
        if (!pf_isspace(line[i]) && (i == 0 || pf_isspace(line[i - 1])))
            n++;
    return n;
}

static char *scan_logical(const char *name, const char *text, size_t len,
                          size_t max_entries, size_t max_words,
                          const char *what)
{
    logical_scan ls = {0};
    size_t start = 0, entries = 0;
    int lineno = 1, first = 1;
    char *why = NULL;

    while (start < len && why == NULL) {
        const char *nl = memchr(text + start, '\n', len - start);
        size_t end = nl ? (size_t) (nl - text) : len;
        const char *line = text + start;
        size_t n = end - start;

        if (!skipped_line(line, n)) {
            if (!pf_isspace(line[0])) {     /* a new logical line */
                ls.bytes = ls.words = 0;
                ls.joined = false;
                mac_nest_reset(&ls.nest);
                first = lineno;
                if (++entries > max_entries)
                    why = xasprintf("%s:%d: more than %zu %s; refusing to "
                                    "lint it", name, lineno, max_entries,
                                    what);
            }
            /* The joined text: the lines, and one blank between them
             * (not the newline of the last). */
            ls.bytes += n + ls.joined;
            ls.joined = true;
            if (why == NULL && ls.bytes > SOURCE_MAX_LOGICAL_BYTES)
                why = xasprintf("%s:%d: logical line (from line %d, with its "
                                "continuation lines) is longer than %u "
                                "bytes; refusing to lint it", name, lineno,
                                first, SOURCE_MAX_LOGICAL_BYTES);
            ls.words += count_words(line, n);
            if (why == NULL && ls.words > max_words)
                why = xasprintf("%s:%d: more than %zu words in one entry "
                                "(from line %d); refusing to lint it", name,
                                lineno, max_words, first);
            if (why == NULL)
                why = scan_nesting(&ls, name, lineno, line, n);
        }
        lineno++;
        start = end + 1;
    }
    mac_nest_free(&ls.nest);
    return why;
}

char *source_check_entries(const source *src, size_t max, size_t max_words,
                           const char *what)
{
    return scan_logical(src->path, src->text, src->len, max, max_words,
                        what);
}

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
        if (line == SOURCE_MAX_LINES && line_end + 1 < check_len)
            return xasprintf("%s:%d: more than %d lines; refusing to lint "
                             "it", name, line + 1, SOURCE_MAX_LINES);
        line++;
        line_start = line_end + 1;
    }
    if (nul)
        return xasprintf("%s:%d:%zu: NUL byte in configuration text "
                         "(a binary file, or text Postfix would "
                         "silently truncate); refusing to lint it",
                         name, line, check_len - line_start + 1);
    return scan_logical(name, text, len, (size_t) -1, (size_t) -1, "");
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

static char *distrust(const char *path, const struct stat *st);

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
    struct stat file_st;
    source *src;
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
        st = safe_read_file_stat(path, SOURCE_MAX_BYTES, 0, &text, &len,
                                 &err, &file_st);
    if (st != SF_OK) {
        *missing = st == SF_OPEN && err == ENOENT;
        *why = refusal(name, st, err);
        return NULL;
    }
    src = source_from_text(name, text, len, why);
    if (src && !str_eq(path, "-"))
        src->untrusted = distrust(path, &file_st);
    return src;
}

/* Is the owner one postlint may trust: root, or whoever runs postlint? */
static bool trusted_owner(uid_t uid)
{
    return uid == 0 || uid == geteuid();
}

/* Why a file read as root must not be quoted (NULL: it may be): it
 * belongs to somebody else, anybody may write it, or somebody else made
 * the symbolic link that leads to it. Postfix's `postfix check` warns
 * about the same ("not owned by root", "group or other writable"). */
static char *distrust(const char *path, const struct stat *st)
{
    struct stat link_st;

    if (lstat(path, &link_st) == 0 && S_ISLNK(link_st.st_mode)
        && !trusted_owner(link_st.st_uid))
        return xasprintf("it is reached through a symbolic link owned by "
                         "uid %lu", (unsigned long) link_st.st_uid);
    if (!trusted_owner(st->st_uid))
        return xasprintf("it is owned by uid %lu, neither root nor the "
                         "user running postlint", (unsigned long) st->st_uid);
    if (st->st_mode & S_IWOTH)
        return xstrdup("anybody may write it (mode o+w)");
    return NULL;
}

void source_free(source *src)
{
    if (src == NULL)
        return;
    free(src->path);
    free(src->text);
    free(src->untrusted);
    free(src);
}

char *span_text(const span *sp)
{
    return xstrndup(sp->src->text + sp->off, sp->end_off - sp->off);
}
