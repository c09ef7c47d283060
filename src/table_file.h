/*
 * table_file.h - a lookup table's source file, read line by line as
 * Postfix reads it (readllines(): comments and blank lines dropped, a
 * line that starts with white space continues the one before), in blocks
 * with bounded memory whatever the size of the file.
 *
 * Paths are resolved as the configuration names them: inside --root
 * when given; nothing is read under --no-files. Only a regular file is
 * opened (safe_file.h), at most TABLE_MAX_BYTES.
 */
#ifndef POSTLINT_TABLE_FILE_H
#define POSTLINT_TABLE_FILE_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

/* A table source may be large; a logical line may not. */
#define TABLE_MAX_BYTES (4ull * 1024 * 1024 * 1024)
#define TABLE_MAX_LINE (64 * 1024)

typedef struct table_file {
    int fd;
    struct stat st;
    char *buf;                  /* the block being cut into lines */
    size_t len, pos;
    bool eof;
    int line;                   /* physical line of the next byte */
    strbuf logical;             /* the logical line returned last */
    int logical_line;           /* its first physical line */
    strbuf phys;                /* the physical line being read */
    bool pending;               /* phys is the start of the next one */
    int pending_at;
    bool too_long;              /* a line past TABLE_MAX_LINE was cut */
} table_file;

/*
 * Open path for reading. False with *why (static or the reason of
 * sf_reason(), not to free) when it cannot be: "not read (--no-files)",
 * "No such file or directory", "is a directory", ...; *err is the errno
 * of a failed open (0 otherwise).
 */
bool table_file_open(table_file *tf, const char *path, const char **why,
                     int *err);

/* The next logical line (comments and blank lines skipped), or NULL at
 * the end. *line is its first physical line number. The text is the
 * reader's, valid until the next call. */
const char *table_file_next(table_file *tf, int *line);

void table_file_close(table_file *tf);

#endif
