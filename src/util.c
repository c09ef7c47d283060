/*
 * util.c - safe memory, string-buffer and small text helpers.
 *
 * Interface: see util.h.
 * Diagnostics: out of memory or an internal inconsistency prints
 * "postlint: fatal: ..." on stderr and exits with status 2 (could not lint).
 */
#include "util.h"
#include <ctype.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>

const bool pf_space_table[256] = {
    [' '] = true, ['\t'] = true, ['\n'] = true, ['\r'] = true,
    ['\v'] = true, ['\f'] = true
};

void fatal(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("postlint: fatal: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(2);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (p == NULL)
        fatal("out of memory (%zu bytes)", size);
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);

    if (p == NULL)
        fatal("out of memory (%zu x %zu bytes)", count, size);
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);

    if (p == NULL)
        fatal("out of memory (%zu bytes)", size);
    return p;
}

char *xstrndup(const char *s, size_t len)
{
    char *p = xmalloc(len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
    strbuf sb;
    va_list ap;

    sb_init(&sb);
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    return sb_steal(&sb);
}

void *grow_array(void *array, size_t *capacity, size_t need, size_t elem)
{
    size_t cap = *capacity;

    if (need <= cap)
        return array;
    if (cap == 0)
        cap = 8;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / elem)
            fatal("array too large");
        cap *= 2;
    }
    *capacity = cap;
    return xrealloc(array, cap * elem);
}

void sb_init(strbuf *sb)
{
    sb->data = NULL;
    sb->len = 0;
    sb->cap = 0;
}

void sb_free(strbuf *sb)
{
    free(sb->data);
    sb_init(sb);
}

void sb_reset(strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

static void sb_reserve(strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX - sb->len - 1)
        fatal("string too large");
    sb->data = grow_array(sb->data, &sb->cap, sb->len + extra + 1, 1);
}

void sb_add(strbuf *sb, const char *s, size_t len)
{
    sb_reserve(sb, len);
    if (len)
        memcpy(sb->data + sb->len, s, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
}

void sb_adds(strbuf *sb, const char *s)
{
    sb_add(sb, s, strlen(s));
}

void sb_addc(strbuf *sb, char c)
{
    sb_add(sb, &c, 1);
}

void sb_vprintf(strbuf *sb, const char *fmt, va_list ap)
{
    va_list ap2;
    int n;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        fatal("bad format string");
    sb_reserve(sb, (size_t) n);
    vsnprintf(sb->data + sb->len, (size_t) n + 1, fmt, ap);
    sb->len += (size_t) n;
}

void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    sb_vprintf(sb, fmt, ap);
    va_end(ap);
}

char *sb_steal(strbuf *sb)
{
    char *p = sb->data ? sb->data : xstrdup("");

    sb_init(sb);
    return p;
}

static void sb_reserve(strbuf *sb, size_t extra);

void sb_add_collapsed(strbuf *sb, const char *s)
{
    bool need_space = false;

    /* At most strlen(s) bytes are added: reserve once. */
    sb_reserve(sb, strlen(s));
    while (*s) {
        const char *word;
        size_t len;

        if (pf_isspace((unsigned char) *s)) {
            s++;
            continue;
        }
        for (word = s; *s && !pf_isspace((unsigned char) *s); s++)
            ;
        len = (size_t) (s - word);
        if (need_space)
            sb->data[sb->len++] = ' ';
        memcpy(sb->data + sb->len, word, len);
        sb->len += len;
        need_space = true;
    }
    sb->data[sb->len] = '\0';
}

void sb_add_printable(strbuf *sb, const char *s, size_t max_len)
{
    size_t n;

    for (n = 0; s[n] && n < max_len; n++) {
        unsigned char c = (unsigned char) s[n];

        if (c == '\t')
            sb_adds(sb, "\\t");
        else if (c == '\r')
            sb_adds(sb, "\\r");
        else if (c < 0x20 || c == 0x7f)
            sb_printf(sb, "\\x%02x", c);
        else
            sb_addc(sb, (char) c);
    }
    if (s[n])
        sb_adds(sb, "...");
}

size_t utf8_seq_len(const unsigned char *s)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4;
    else
        return 0;
    if (s[0] == 0xe0)
        lo = 0xa0;
    else if (s[0] == 0xed)
        hi = 0x9f;
    else if (s[0] == 0xf0)
        lo = 0x90;
    else if (s[0] == 0xf4)
        hi = 0x8f;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

/* Code points that must not reach a terminal raw: C0 controls but tab,
 * DEL, C1 controls (U+0080..U+009F; 0x9b alone starts an escape sequence
 * on some terminals), and the bidirectional overrides and isolates
 * (U+202A..U+202E, U+2066..U+2069), which reorder what is shown. */
static bool terminal_unsafe(uint32_t cp)
{
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f)
        || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

static uint32_t utf8_code_point(const unsigned char *p, size_t n)
{
    static const unsigned char lead_mask[5] = {0, 0x7f, 0x1f, 0x0f, 0x07};
    uint32_t cp = p[0] & lead_mask[n];

    for (size_t i = 1; i < n; i++)
        cp = cp << 6 | (p[i] & 0x3f);
    return cp;
}

void sb_add_terminal(strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *) s; *p;) {
        const unsigned char *run = p;
        uint32_t cp;
        size_t n;

        while (*p >= 0x20 && *p < 0x7f)     /* printable ASCII: as is */
            p++;
        if (p > run)
            sb_add(sb, (const char *) run, (size_t) (p - run));
        if (*p == '\0')
            break;
        n = utf8_seq_len(p);
        cp = n ? utf8_code_point(p, n) : 0;

        if (n == 0) {
            sb_printf(sb, "\\x%02x", *p++);
        } else if (cp == '\n') {
            sb_adds(sb, "\\n");
            p++;
        } else if (cp == '\r') {
            sb_adds(sb, "\\r");
            p++;
        } else if (terminal_unsafe(cp)) {
            if (cp < 0x80)
                sb_printf(sb, "\\x%02x", (unsigned) cp);
            else
                sb_printf(sb, "\\u%04x", (unsigned) cp);
            p += n;
        } else {
            sb_add(sb, (const char *) p, n);
            p += n;
        }
    }
}

void sb_add_terminal_text(strbuf *sb, const char *s)
{
    for (const char *nl; *s; s = nl + 1) {
        char *line;

        if ((nl = strchr(s, '\n')) == NULL) {
            sb_add_terminal(sb, s);
            return;
        }
        line = xstrndup(s, (size_t) (nl - s));
        sb_add_terminal(sb, line);
        sb_addc(sb, '\n');
        free(line);
    }
}

void pl_say(const char *fmt, ...)
{
    strbuf text, safe;
    va_list ap;

    sb_init(&text);
    sb_init(&safe);
    va_start(ap, fmt);
    sb_vprintf(&text, fmt, ap);
    va_end(ap);
    sb_adds(&safe, "postlint: ");
    sb_add_terminal_text(&safe, text.data ? text.data : "");
    sb_addc(&safe, '\n');
    fputs(safe.data, stderr);
    sb_free(&text);
    sb_free(&safe);
}

void sb_add_json(strbuf *sb, const char *s)
{
    while (*s) {
        const char *run = s;
        unsigned char c;

        /* Runs that need no escape go in whole. */
        while ((unsigned char) *s >= 0x20 && *s != '"' && *s != '\\'
               && *s != 0x7f)
            s++;
        if (s > run)
            sb_add(sb, run, (size_t) (s - run));
        if (*s == '\0')
            break;
        c = (unsigned char) *s++;
        switch (c) {
        case '"':
            sb_adds(sb, "\\\"");
            break;
        case '\\':
            sb_adds(sb, "\\\\");
            break;
        case '\n':
            sb_adds(sb, "\\n");
            break;
        case '\r':
            sb_adds(sb, "\\r");
            break;
        case '\t':
            sb_adds(sb, "\\t");
            break;
        default:
            if (c < 0x20 || c == 0x7f)
                sb_printf(sb, "\\u%04x", c);
            else
                sb_addc(sb, (char) c);
        }
    }
}

bool str_eq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_all_digits(const char *s, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* A whole number as strtol() reads it (all of it): Postfix's int, long
 * and size parameters. */
bool conf_long(const char *v, long *out)
{
    char *end;

    errno = 0;
    *out = strtol(v, &end, 10);
    return *v != '\0' && *end == '\0' && errno != ERANGE;
}

/* Postfix's conv_time(): a number, then one unit letter (w, d, h, m, s)
 * or none for the default unit; the value in seconds. */
bool conf_time(const char *v, char unit, long *secs)
{
    char *end;
    long n;
    long mult;

    errno = 0;
    n = strtol(v, &end, 10);
    if (*v == '\0' || errno == ERANGE || n < 0 || n > INT_MAX)
        return false;
    switch (*end ? *end : unit) {
    case 'w': mult = 7 * 24 * 3600; break;
    case 'd': mult = 24 * 3600; break;
    case 'h': mult = 3600; break;
    case 'm': mult = 60; break;
    case 's': mult = 1; break;
    default: return false;
    }
    if (n > INT_MAX / mult)
        return false;
    *secs = n * mult;
    return true;
}

/* Postfix's valid_hostname(): the first problem it warns about. */
const char *pf_hostname_problem(const char *name)
{
    int label = 0;
    bool non_numeric = false;
    const char *cp;

    if (*name == '\0')
        return "empty hostname";
    for (cp = name; *cp; cp++) {
        unsigned char ch = (unsigned char) *cp;

        if (isalnum(ch) || ch == '_') {
            if (++label > 63)
                return "hostname label too long";
            non_numeric |= !isdigit(ch);
        } else if (ch == '.') {
            if (label == 0 || cp[1] == '\0')
                return "misplaced delimiter";
            label = 0;
        } else if (ch == '-') {
            non_numeric = true;
            if (++label == 1 || cp[1] == '\0' || cp[1] == '.')
                return "misplaced hyphen";
        } else {
            return "invalid character";
        }
    }
    if (!non_numeric)
        return "numeric hostname";
    if (cp - name > 255)
        return "bad length";
    return NULL;
}

struct arena_block {
    arena_block *next;
    size_t used, size;
    max_align_t data[];
};

void *arena_alloc(arena *a, size_t size)
{
    arena_block *b = a->head;
    size_t align = sizeof(max_align_t);
    void *p;

    size = (size + align - 1) / align * align;
    if (b == NULL || b->size - b->used < size) {
        size_t block = size > 60000 ? size : 64 * 1024;

        b = xmalloc(sizeof(*b) + block);
        b->size = block;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    p = (char *) b->data + b->used;
    b->used += size;
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);

    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void arena_free(arena *a)
{
    while (a->head) {
        arena_block *next = a->head->next;

        free(a->head);
        a->head = next;
    }
}
