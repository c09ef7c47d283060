/*
 * table_file.c - stream a table's source file as logical lines.
 *
 * Interface: see table_file.h. No diagnostics: callers word them.
 * Memory: one 64 KiB block and one logical line (at most
 * TABLE_MAX_LINE; a longer one is cut and flagged), whatever the size of
 * the file.
 */
#include "table_file.h"
#include "rootpath.h"
#include "safe_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (64 * 1024)

bool table_file_open(table_file *tf, const char *path, const char **why,
                     int *err)
{
    char *resolved = NULL, *rwhy = NULL;
    sf_status st;

    memset(tf, 0, sizeof(*tf));
    tf->fd = -1;
    *err = 0;
    if (root_no_files()) {
        *why = "not read (--no-files)";
        return false;
    }
    if (root_get()) {
        if ((resolved = root_resolve(path, &rwhy)) == NULL) {
            free(rwhy);
            *err = ELOOP;
            *why = "too many symbolic links under --root";
            return false;
        }
        path = resolved;
    }
    st = safe_open_file(path, TABLE_MAX_BYTES, root_get() ? SF_NO_SYMLINK : 0,
                        &tf->fd, &tf->st, err);
    free(resolved);
    if (st != SF_OK) {
        *why = st == SF_TOO_BIG ? "larger than 4 GiB" : sf_reason(st, *err);
        return false;
    }
    tf->buf = xmalloc(BLOCK);
    tf->line = 1;
    sb_init(&tf->logical);
    sb_init(&tf->phys);
    return true;
}

/* Fill the block; false at the end of the file (or a read error). */
static bool fill(table_file *tf)
{
    ssize_t got;

    if (tf->eof)
        return false;
    do
        got = read(tf->fd, tf->buf, BLOCK);
    while (got < 0 && errno == EINTR);
    if (got <= 0) {
        tf->eof = true;
        return false;
    }
    tf->len = (size_t) got;
    tf->pos = 0;
    return true;
}

/* The next physical line into out (without the newline) and its
 * number; false at the end of the file. */
static bool physical(table_file *tf, strbuf *out, int *at)
{
    bool any = false;

    sb_reset(out);
    *at = tf->line;
    for (;;) {
        char *nl;
        size_t n;

        if (tf->pos == tf->len && !fill(tf))
            return any;
        any = true;
        nl = memchr(tf->buf + tf->pos, '\n', tf->len - tf->pos);
        n = (nl ? (size_t) (nl - tf->buf) : tf->len) - tf->pos;
        if (out->len + n <= TABLE_MAX_LINE)
            sb_add(out, tf->buf + tf->pos, n);
        else
            tf->too_long = true;
        tf->pos += n + (nl != NULL);
        if (nl) {
            tf->line++;
            return true;
        }
    }
}

static bool blank_or_comment(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    return *s == '\0' || *s == '#';
}

const char *table_file_next(table_file *tf, int *line)
{
    bool have = false;

    sb_reset(&tf->logical);
    for (;;) {
        int at;

        if (tf->pending) {
            tf->pending = false;
            at = tf->pending_at;
        } else if (!physical(tf, &tf->phys, &at)) {
            break;
        }
        if (tf->phys.data == NULL || blank_or_comment(tf->phys.data))
            continue;
        if (tf->phys.data[0] == ' ' || tf->phys.data[0] == '\t') {
            if (have && tf->logical.len + tf->phys.len < TABLE_MAX_LINE)
                sb_printf(&tf->logical, " %s", tf->phys.data);
            /* (a continuation of nothing: Postfix warns and drops it) */
            continue;
        }
        if (have) {             /* the next logical line starts here */
            tf->pending = true;
            tf->pending_at = at;
            break;
        }
        sb_adds(&tf->logical, tf->phys.data);
        tf->logical_line = at;
        have = true;
    }
    if (!have)
        return NULL;
    *line = tf->logical_line;
    return tf->logical.data;
}

void table_file_close(table_file *tf)
{
    if (tf->fd >= 0)
        close(tf->fd);
    free(tf->buf);
    sb_free(&tf->logical);
    sb_free(&tf->phys);
    memset(tf, 0, sizeof(*tf));
    tf->fd = -1;
}
