/*
 * log_read.h - read a mail log in blocks of whole lines: plain or
 * gzip-compressed (detected from the data, not the name), a file or
 * stdin, with a bounded line length.
 */
#ifndef POSTLINT_LOG_READ_H
#define POSTLINT_LOG_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Lines longer than this are skipped whole (and counted): by the reader
 * when they do not fit in a block, else by log_block_line. */
#define LOG_LINE_MAX (64 * 1024)

/* The size of a block buffer: LOG_BLOCK_DATA bytes of new data after up
 * to LOG_LINE_MAX bytes carried over from the block before. */
#define LOG_BLOCK_DATA (1024 * 1024)
#define LOG_BLOCK_SIZE (LOG_BLOCK_DATA + LOG_LINE_MAX)

typedef struct log_reader log_reader;

/* Open path ("-": stdin). NULL and *why (a message naming the file, to
 * free) when it cannot be read: missing, unreadable, a directory. */
log_reader *log_reader_open(const char *path, char **why);

/* Fill buf (LOG_BLOCK_SIZE bytes) with the next whole lines, in file
 * order, and set *len; false at the end. Every line but the file's last
 * ends in a newline. A line too long for the block is skipped and counted
 * here; a block may still hold lines over LOG_LINE_MAX, which
 * log_block_line skips. Not thread-safe: callers on several threads take
 * turns (log_pipe.c). */
bool log_reader_block(log_reader *r, char *buf, size_t *len);

/* The next line of a block: *at walks from the block's start to end.
 * Lines longer than LOG_LINE_MAX are skipped and added to *long_lines.
 * (log_pipe.c cuts lines with its own faster loop, to the same rules.) */
static inline bool log_block_line(const char **at, const char *end,
                                  const char **line, size_t *len,
                                  uint64_t *long_lines)
{
    const char *p, *nl;

    while ((p = *at) < end) {
        nl = __builtin_memchr(p, '\n', (size_t) (end - p));
        *at = nl ? nl + 1 : end;
        *len = (size_t) ((nl ? nl : end) - p);
        if (*len > LOG_LINE_MAX) {
            ++*long_lines;
            continue;
        }
        *line = p;
        return true;
    }
    return false;
}

/* Look at the first lines (at most max_lines, within the first block)
 * without consuming them: fn gets each until it returns true. Every line
 * is still delivered by log_reader_block afterwards: a regular file is
 * read again from its start, the first block of a pipe is kept. So each
 * file is opened once, and a pipe or FIFO loses nothing. */
typedef bool (*log_peek_fn)(const char *line, size_t len, void *ctx);
void log_reader_peek(log_reader *r, log_peek_fn fn, void *ctx,
                     size_t max_lines);

/* The next line without its newline; false at the end. The line stays
 * valid until the next call. (For a quick look at a file's first lines;
 * the whole log goes through blocks.) */
bool log_reader_next(log_reader *r, const char **line, size_t *len);

/* Lines skipped for being longer than LOG_LINE_MAX (by the reader; the
 * callers of log_block_line count theirs). */
uint64_t log_reader_long_lines(const log_reader *r);

/* NULL, or why the data ended early (a truncated or corrupt gzip file,
 * a read error); the lines before it were delivered. */
const char *log_reader_error(const log_reader *r);

/* Was that a read error or damaged (corrupt, truncated) gzip data: the
 * log could not be read whole? */
bool log_reader_failed(const log_reader *r);

/* Or did the file only shrink while it was read (copytruncate): the
 * lines before were read, a warning. */
bool log_reader_shrank(const log_reader *r);

const char *log_reader_name(const log_reader *r);
void log_reader_close(log_reader *r);

#endif
