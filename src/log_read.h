/*
 * log_read.h - read a mail log line by line: plain or gzip-compressed
 * (detected from the data, not the name), a file or stdin, with a
 * bounded line length.
 */
#ifndef POSTLINT_LOG_READ_H
#define POSTLINT_LOG_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lines longer than this are skipped whole (and counted). */
#define LOG_LINE_MAX (64 * 1024)

typedef struct log_reader log_reader;

/* Open path ("-": stdin). NULL and *why (a message naming the file, to
 * free) when it cannot be read: missing, unreadable, a directory. */
log_reader *log_reader_open(const char *path, char **why);

/* The next line without its newline; false at the end. The line stays
 * valid until the next call. */
bool log_reader_next(log_reader *r, const char **line, size_t *len);

/* Is the file mapped (a plain regular file)? Then each line stays valid
 * until log_reader_release() passes it or the reader is closed, not
 * just until the next call. */
bool log_reader_mapped(const log_reader *r);

/* The lines before upto are no longer needed: their pages may leave the
 * process (in steps; a no-op unless mapped). May be called from another
 * thread than log_reader_next's, with upto behind the lines it gave. */
void log_reader_release(log_reader *r, const char *upto);

/* Lines skipped for being longer than LOG_LINE_MAX. */
uint64_t log_reader_long_lines(const log_reader *r);

/* NULL, or why the data ended early (a truncated or corrupt gzip file,
 * a read error); the lines before it were delivered. */
const char *log_reader_error(const log_reader *r);

/* Was that a read error (the file could not be read), rather than
 * damaged compressed data? */
bool log_reader_failed(const log_reader *r);

const char *log_reader_name(const log_reader *r);
void log_reader_close(log_reader *r);

#endif
