/*
 * source.h - configuration files held in memory, and spans into them.
 *
 * A source is one file read whole (with limits), so that every later stage
 * can point into it: a span names a file, 1-based line and column (byte
 * columns), the end position one past the last character, and the byte
 * offsets of both ends.
 */
#ifndef POSTLINT_SOURCE_H
#define POSTLINT_SOURCE_H

#include <stddef.h>
#include <stdbool.h>

/*
 * Limits: beyond them postlint refuses the file (exit 2, a message naming
 * the file and the line) instead of spending unbounded time, memory or
 * stack on it. Each is far beyond any real configuration (the largest
 * in the corpus: 1,100 lines) and far below what would hurt.
 *
 * SOURCE_MAX_BYTES         the whole file (st_size, and while reading).
 * SOURCE_MAX_LINE_BYTES    one physical line.
 * SOURCE_MAX_LINES         physical lines, blank and comment lines included
 *                          (the parser keeps every comment: 30 million of
 *                          them cost 2.5 GB and 17 s before this limit).
 * SOURCE_MAX_LOGICAL_BYTES one logical line: a line and its continuation
 *                          lines, joined as Postfix's readllines() does.
 * SOURCE_MAX_DOLLAR_DEPTH  "${" / "$(" open at once in one logical line.
 *                          The value parser (value.c) recurses once per
 *                          level, so this bounds its stack. Postfix's own
 *                          limit is different in kind: mac_expand() stops
 *                          with "unreasonable macro call nesting" past 100
 *                          levels *when it expands* them (a branch not
 *                          taken is never expanded), which postlint
 *                          reports as a finding (exit 1); only nesting no
 *                          hand-written file has is refused here.
 * SOURCE_MAX_BRACE_DEPTH   '{' open at once in one logical line (master.cf
 *                          { } groups, 3.0 {braced} operands).
 * MAINCF_MAX_PARAMS        logical lines (parameter settings) in main.cf;
 *                          the 100,000-line benchmark file has 48,751.
 * MASTERCF_MAX_SERVICES    logical lines (services) in master.cf.
 * MASTERCF_MAX_WORDS       blank-separated words in one master.cf logical
 *                          line (a service with its -o options; real ones
 *                          have a few dozen). 140,000 "-ox=y" words took
 *                          98 s before this limit.
 */
#define SOURCE_MAX_BYTES        (64u * 1024 * 1024)
#define SOURCE_MAX_LINE_BYTES   (1024u * 1024)
#define SOURCE_MAX_LINES        1000000
#define SOURCE_MAX_LOGICAL_BYTES (1024u * 1024)
#define SOURCE_MAX_DOLLAR_DEPTH 1000u
#define SOURCE_MAX_BRACE_DEPTH  1000u
#define MAINCF_MAX_PARAMS       100000u
#define MASTERCF_MAX_SERVICES   10000u
#define MASTERCF_MAX_WORDS      1000u

typedef struct source {
    char *path;         /* as named to the user */
    char *text;         /* contents, NUL-terminated */
    size_t len;
    bool crlf;          /* at least one line ends in CR LF */
    char *untrusted;    /* NULL, or why nothing of the file may be quoted
                           (another user owns it or its link, or anybody
                           may write it): see source_read() */
} source;

typedef struct span {
    const source *src;
    int line, col;          /* 1-based start */
    int end_line, end_col;  /* one past the last character */
    size_t off, end_off;    /* byte offsets into src->text */
} span;

/*
 * Read a file. On failure return NULL and set *why to a one-line
 * explanation that names the file (and the line where one applies).
 * A file postlint cannot trust (another user owns it or the symbolic
 * link to it, or it is writable by others) is read, but marked
 * untrusted: its findings quote none of its content and --fix and
 * --print leave it alone.
 * A missing file is reported as such; callers decide whether that is an
 * error. *missing is set when the file does not exist.
 */
source *source_read(const char *path, const char *display_name, char **why,
                    bool *missing);

/*
 * NULL when the file has at most max logical lines (entries) and none has
 * more than max_words blank-separated words, else a message naming the
 * file and the line of the first one too many; what names the entries
 * ("parameter settings", "services").
 */
char *source_check_entries(const source *src, size_t max, size_t max_words,
                           const char *what);

/* A source for text already in memory (tests, stdin). Takes ownership. */
source *source_from_text(const char *display_name, char *text, size_t len,
                         char **why);

void source_free(source *src);

/* The text a span covers, as a new string. */
char *span_text(const span *sp);

/* Position (line, column) of byte offset off in src. */
void source_position(const source *src, size_t off, int *line, int *col);

#endif
