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

/* Limits: beyond them postlint refuses the file (exit 2) instead of
 * spending unbounded time or memory on it. */
#define SOURCE_MAX_BYTES        (64u * 1024 * 1024)
#define SOURCE_MAX_LINE_BYTES   (1024u * 1024)

typedef struct source {
    char *path;         /* as named to the user */
    char *text;         /* contents, NUL-terminated */
    size_t len;
    bool crlf;          /* at least one line ends in CR LF */
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
 * A missing file is reported as such; callers decide whether that is an
 * error. *missing is set when the file does not exist.
 */
source *source_read(const char *path, const char *display_name, char **why,
                    bool *missing);

/* A source for text already in memory (tests, stdin). Takes ownership. */
source *source_from_text(const char *display_name, char *text, size_t len,
                         char **why);

void source_free(source *src);

/* The text a span covers, as a new string. */
char *span_text(const span *sp);

/* Position (line, column) of byte offset off in src. */
void source_position(const source *src, size_t off, int *line, int *col);

#endif
