/*
 * util.h - safe memory, string-buffer and small text helpers.
 *
 * Every module allocates through these wrappers: they never return NULL
 * (out of memory is fatal, exit status 2). Text of any length is built
 * in a strbuf, which grows as needed. Fixed buffers remain only for short
 * texts of known bounds (a version number, an address, a table's name
 * column), always filled with snprintf(), which truncates rather than
 * overflows; nothing calls strcpy, strcat or sprintf (a test checks).
 */
#ifndef POSTLINT_UTIL_H
#define POSTLINT_UTIL_H

#include <stddef.h>
#include <stdarg.h>
#include <stdbool.h>

#if defined(__GNUC__) || defined(__clang__)
#define PL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define PL_NORETURN __attribute__((noreturn))
#else
#define PL_PRINTF(f, a)
#define PL_NORETURN
#endif

/* Memory: abort the program cleanly (exit 2) when memory runs out. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);
char *xasprintf(const char *fmt, ...) PL_PRINTF(1, 2);

/* Grow an array of elements of size elem so that it can hold need items. */
void *grow_array(void *array, size_t *capacity, size_t need, size_t elem);

/* Report an internal or environment failure and exit with status 2. */
void fatal(const char *fmt, ...) PL_PRINTF(1, 2) PL_NORETURN;

/* A growable, always NUL-terminated byte string. */
typedef struct strbuf {
    char *data;
    size_t len;
    size_t cap;
} strbuf;

void sb_init(strbuf *sb);
void sb_free(strbuf *sb);
void sb_reset(strbuf *sb);
void sb_add(strbuf *sb, const char *s, size_t len);
void sb_adds(strbuf *sb, const char *s);
void sb_addc(strbuf *sb, char c);
void sb_printf(strbuf *sb, const char *fmt, ...) PL_PRINTF(2, 3);
void sb_vprintf(strbuf *sb, const char *fmt, va_list ap);
char *sb_steal(strbuf *sb);     /* hand over the buffer; sb is reset */

/* Postfix's notion of white space: ISSPACE() in its sys_defs.h. */
extern const bool pf_space_table[256];

static inline bool pf_isspace(int c)
{
    return pf_space_table[(unsigned char) c];
}

/* Append text with white-space runs collapsed to one space, as postconf
 * prints values; leading and trailing white space is dropped. */
void sb_add_collapsed(strbuf *sb, const char *s);

/* Append s, making control and non-ASCII bytes visible (for messages). */
void sb_add_printable(strbuf *sb, const char *s, size_t max_len);

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
size_t utf8_seq_len(const unsigned char *s);

/* Append s for a terminal: control characters (tab excepted), C1
 * controls, bidirectional overrides and bytes that are not UTF-8 become
 * visible escapes (\x1b, \n, \u202e), so that no text can move the
 * cursor, erase or conceal lines, or fake a line of its own. */
void sb_add_terminal(strbuf *sb, const char *s);

/* The same, keeping line ends: for text of several lines. */
void sb_add_terminal_text(strbuf *sb, const char *s);

/* "postlint: " and the message on stderr, with a line end; names and
 * values from files in it are made safe for the terminal. */
void pl_say(const char *fmt, ...) PL_PRINTF(1, 2);

/* Append s as the inside of a JSON string. */
void sb_add_json(strbuf *sb, const char *s);

/* A bump allocator: many small strings, freed all at once. */
typedef struct arena_block arena_block;
typedef struct arena {
    arena_block *head;
} arena;

void *arena_alloc(arena *a, size_t size);
char *arena_strndup(arena *a, const char *s, size_t len);
void arena_free(arena *a);

bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* Postfix's alldig() on the first len bytes of s: some, all ASCII digits. */
bool str_all_digits(const char *s, size_t len);
/* A main.cf number as Postfix reads it: all of v, in range; a time in
 * seconds with unit the default unit letter (conv_time()). */
bool conf_long(const char *v, long *out);
bool conf_time(const char *v, char unit, long *secs);

/* Postfix's valid_hostname(): NULL when name is valid, else the problem
 * it warns about ("misplaced delimiter", "numeric hostname" ...). */
const char *pf_hostname_problem(const char *name);

#endif
