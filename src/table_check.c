/*
 * table_check.c - the content of regexp:, pcre: and cidr: tables, checked
 * as Postfix 2.6-3.11 parses them when it opens the table.
 *
 * Interface: see table_check.h.
 *
 * Reading (readllines(), readlline.c): blank lines and lines whose first
 * non-blank byte is '#' are dropped; a line that starts with white space
 * continues the logical line, joined with no separator and its leading
 * white space kept; an indented first line is dropped with a warning.
 * The logical line is a C string (a NUL byte ends it). Its line number is
 * its first physical line (3.0+) or the number of newlines read so far
 * (2.x readlline()).
 *
 * Parsing: regexp: and pcre: rules (dict_regexp_parseline(),
 * dict_pcre_parse_rule()): [!]/pattern/flags replacement, with the
 * replacement's $n references checked as mac_parse() splits them, then
 * the pattern compiled with glibc regcomp() or PCRE2 with Postfix's
 * options; IF and ENDIF. cidr: rules (dict_cidr_parse_rule(),
 * cidr_match_parse()): [!]address[/mask] result, IF and ENDIF.
 *
 * Diagnostics: the messages of table_check.h, through the caller's
 * function; nothing is printed.
 *
 * Memory: one read block, one logical line (at most
 * TABLE_CHECK_MAX_LINE bytes kept), the line numbers of at most
 * MAX_IF_DEPTH open IFs, and one compiled pattern at a time. POSIX
 * patterns whose automaton would be too large (see posix_size()) are not
 * compiled.
 */
#include "table_check.h"
#include "table_file.h"
#include "util.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <pcre2.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define READ_BLOCK (64 * 1024)
#define MAX_IF_DEPTH 65536
/* glibc's regcomp() needs about 1 KiB per state for some patterns (an
 * alternation of 60000 bytes takes 140 MB): larger ones are not compiled. */
#define POSIX_MAX_SIZE 32768
#define POSIX_DUP_MAX 32767     /* RE_DUP_MAX: larger bounds fail at once */

/* ---- Postfix's character classes and conversions ---------------------- */

static bool pf_isalnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z');
}

static bool pf_isdigit(int c)
{
    return c >= '0' && c <= '9';
}

static char *skip_space(char *p)
{
    while (*p && pf_isspace(*p))
        p++;
    return p;
}

/* trimblanks(): cut trailing white space. */
static void trim_blanks(char *s)
{
    size_t n = strlen(s);

    while (n > 0 && pf_isspace(s[n - 1]))
        n--;
    s[n] = '\0';
}

/* glibc's atoi() of a string of digits: strtol(), saturated at LONG_MAX,
 * then truncated to int as gcc does (modulo 2^32). */
static int c_atoi(const char *digits)
{
    unsigned long value = (unsigned long) strtol(digits, NULL, 10);
    unsigned int low = (unsigned int) value;

    if (low <= INT_MAX)
        return (int) low;
    return -(int) (UINT_MAX - low) - 1;
}

static bool version_at_least(pf_version v, int major, int minor)
{
    pf_version want = { major, minor, 0 };

    return version_cmp(v, want) >= 0;
}

/* printable(): control and non-ASCII bytes become '?', except UTF-8
 * sequences when util_utf8_enable is on (smtputf8_enable, 3.0+). */
static void make_printable(char *s, bool utf8)
{
    unsigned char *cp = (unsigned char *) s;

    for (; *cp; cp++) {
        if (*cp >= 0x20 && *cp < 0x7f)
            continue;
        if (utf8 && *cp >= 194 && *cp <= 254 && cp[1] >= 128 && cp[1] < 192) {
            while (cp[1] >= 128 && cp[1] < 192)
                cp++;
            continue;
        }
        *cp = '?';
    }
}

/* ---- readllines() ----------------------------------------------------- */

typedef struct line_reader {
    int fd;
    unsigned char *block;
    size_t len, pos;
    bool eof;
    int lines;                  /* readllines()' *lineno */
    int newlines;               /* readlline()'s count (2.x) */
    strbuf text;                /* the logical line, at most the limit */
    size_t full_len;            /* its length, kept or not */
    size_t first_len;           /* bytes of its first physical line */
    int first_line;             /* readllines()' *first_line */
} line_reader;

/* One physical line as readllines() sees it. */
typedef struct physical_line {
    bool newline;               /* ended by '\n' (else by end of file) */
    size_t bytes;
    int first;                  /* first non-blank byte, -1 if none */
} physical_line;

static bool reader_fill(line_reader *r)
{
    ssize_t got;

    if (r->eof)
        return false;
    do
        got = read(r->fd, r->block, READ_BLOCK);
    while (got < 0 && errno == EINTR);
    if (got <= 0) {
        r->eof = true;
        return false;
    }
    r->len = (size_t) got;
    r->pos = 0;
    return true;
}

/* The next byte, not consumed; -1 at the end. */
static int reader_peek(line_reader *r)
{
    if (r->pos == r->len && !reader_fill(r))
        return -1;
    return r->block[r->pos];
}

static void reader_keep(line_reader *r, const unsigned char *s, size_t n)
{
    if (r->text.len < TABLE_CHECK_MAX_LINE) {
        size_t room = TABLE_CHECK_MAX_LINE - r->text.len;

        sb_add(&r->text, (const char *) s, n < room ? n : room);
    }
    r->full_len += n;
}

/* Forget what was added since the logical line was start bytes long. */
static void reader_truncate(line_reader *r, size_t start)
{
    r->full_len = start;
    if (r->text.len > start) {
        r->text.len = start;
        r->text.data[start] = '\0';
    }
}

/* Append one physical line to the logical line. */
static void reader_physical(line_reader *r, physical_line *pl)
{
    pl->newline = false;
    pl->bytes = 0;
    pl->first = -1;
    for (;;) {
        const unsigned char *start, *nl;
        size_t n;

        if (r->pos == r->len && !reader_fill(r))
            return;
        start = r->block + r->pos;
        nl = memchr(start, '\n', r->len - r->pos);
        n = nl ? (size_t) (nl - start) : r->len - r->pos;
        for (size_t i = 0; pl->first < 0 && i < n; i++)
            if (!pf_isspace(start[i]))
                pl->first = start[i];
        reader_keep(r, start, n);
        pl->bytes += n;
        r->pos += n + (nl != NULL);
        if (nl) {
            pl->newline = true;
            return;
        }
    }
}

/* readllines() without its warning: the next logical line into r->text,
 * possibly empty (the end of the file). */
static void reader_gather(line_reader *r)
{
    sb_reset(&r->text);
    r->full_len = 0;
    r->first_len = 0;
    for (;;) {
        size_t start = r->full_len;
        physical_line pl;
        int next;

        reader_physical(r, &pl);
        if (pl.newline && r->newlines < INT_MAX)
            r->newlines++;
        if ((pl.newline || pl.bytes > 0) && r->lines < INT_MAX)
            r->lines++;
        if (pl.first < 0 || pl.first == '#') {
            reader_truncate(r, start);
        } else if (start == 0) {
            r->first_line = r->lines;
            r->first_len = r->text.len;
        }
        if (!pl.newline)
            return;
        if (r->full_len > 0) {
            next = reader_peek(r);
            if (next != '#' && (next < 0 || !pf_isspace(next)))
                return;
        }
    }
}

/* ---- the checker -------------------------------------------------------- */

typedef struct checker {
    table_kind kind;
    pf_version v;
    unsigned flags;
    table_problem_fn fn;
    void *ctx;
    strbuf msg;
    char *line_start;           /* the logical line being checked */
    size_t first_len;           /* bytes of its first physical line */
    int line;                   /* the number Postfix gives it */
    int *if_lines;              /* open IFs, outermost first */
    size_t if_depth;            /* open IFs (some may not be stored) */
    size_t if_cap;
    int last_line;              /* for "more IFs than ENDIFs" */
} checker;

static void vreport(checker *ck, int line, int col, table_effect effect,
                    const char *fmt, va_list ap)
{
    sb_reset(&ck->msg);
    sb_vprintf(&ck->msg, fmt, ap);
    make_printable(ck->msg.data, version_at_least(ck->v, 3, 0));
    ck->fn(ck->ctx, line, col, ck->msg.data, effect);
}

/* A problem of the current line, at byte at of it (NULL: unknown). */
static void PL_PRINTF(4, 5)
report(checker *ck, const char *at, table_effect effect, const char *fmt, ...)
{
    va_list ap;
    int col = 1;

    if (at != NULL && at >= ck->line_start
        && (size_t) (at - ck->line_start) <= ck->first_len)
        col = (int) (at - ck->line_start) + 1;
    va_start(ap, fmt);
    vreport(ck, ck->line, col, effect, fmt, ap);
    va_end(ap);
}

/* A problem of another line (an IF left open). */
static void PL_PRINTF(4, 5)
report_line(checker *ck, int line, table_effect effect, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vreport(ck, line, 1, effect, fmt, ap);
    va_end(ap);
}

static void push_if(checker *ck)
{
    if (ck->if_depth < MAX_IF_DEPTH) {
        ck->if_lines = grow_array(ck->if_lines, &ck->if_cap, ck->if_depth + 1,
                                  sizeof(*ck->if_lines));
        ck->if_lines[ck->if_depth] = ck->line;
    }
    ck->if_depth++;
}

/* The next logical line to check, or NULL at the end of the file; an
 * indented first line is reported and skipped as readllines() does. */
static char *next_line(checker *ck, line_reader *r)
{
    for (;;) {
        reader_gather(r);
        ck->line = version_at_least(ck->v, 3, 0) ? r->first_line : r->newlines;
        ck->line_start = r->text.data;
        ck->first_len = r->first_len;
        if (r->full_len == 0)
            return NULL;
        ck->last_line = ck->line;
        if (!pf_isspace(r->text.data[0]))
            return r->text.data;
        report(ck, r->text.data, TE_RULE_DROPPED,
               "logical line must not start with whitespace: \"%.30s%s\"",
               r->text.data, r->full_len > 30 ? "..." : "");
    }
}

/* IF and ENDIF: the keyword, not followed by a letter or digit. */
static bool is_keyword(const char *p, const char *word)
{
    size_t n = strlen(word);

    return strncasecmp(p, word, n) == 0 && !pf_isalnum(p[n]);
}

/* ---- POSIX pattern size ---------------------------------------------- */

#define SIZE_CAP ((size_t) 1 << 40)

static size_t sat_mul(size_t a, size_t b)
{
    return b != 0 && a > SIZE_CAP / b ? SIZE_CAP : a * b;
}

static size_t sat_add(size_t a, size_t b)
{
    return a + b > SIZE_CAP ? SIZE_CAP : a + b;
}

/* The end of the bracket expression that starts at p ('['). */
static const char *bracket_end(const char *p)
{
    p++;
    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    while (*p && *p != ']') {
        if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
            const char *close = p + 2;
            char kind = p[1];

            while (*close && !(close[0] == kind && close[1] == ']'))
                close++;
            p = *close ? close + 2 : close;
            continue;
        }
        p++;
    }
    return *p ? p : p - 1;
}

/* A bounded repetition {m}, {m,}, {,n} or {m,n} (BRE: \{ \}) at p: its
 * largest count (plus one for an open end), and the byte after it. The
 * count is SIZE_MAX when regcomp() fails there at once (n < m, or a
 * count above RE_DUP_MAX), before copying anything more. */
static bool interval(const char *p, bool extended, size_t *count,
                     const char **after)
{
    size_t lo = 0, hi = 0;
    bool comma = false, digits_hi = false;

    p += extended ? 1 : 2;
    for (; pf_isdigit(*p); p++)
        lo = lo <= POSIX_DUP_MAX ? lo * 10 + (size_t) (*p - '0') : lo;
    if (*p == ',') {
        comma = true;
        for (p++; pf_isdigit(*p); p++, digits_hi = true)
            hi = hi <= POSIX_DUP_MAX ? hi * 10 + (size_t) (*p - '0') : hi;
    }
    if (extended ? *p != '}' : (p[0] != '\\' || p[1] != '}'))
        return false;
    *after = p + (extended ? 1 : 2);
    if (lo > POSIX_DUP_MAX || hi > POSIX_DUP_MAX || (digits_hi && hi < lo))
        *count = SIZE_MAX;
    else
        *count = (comma ? (digits_hi ? hi : lo + 1) : lo);
    return true;
}

/*
 * An upper bound of the states glibc's regcomp() builds for re: every
 * atom counts one, a group the sum of its atoms, and a bounded repetition
 * multiplies what it repeats (glibc copies it that many times).
 */
static size_t posix_size(const char *re, bool extended)
{
    size_t sum[64] = { 0 };
    size_t last = 0, depth = 0;
    const char *p = re;

    while (*p) {
        bool esc = *p == '\\' && p[1] != '\0';
        char c = esc ? p[1] : *p;
        const char *after;
        size_t count;

        if ((extended && !esc && c == '{') || (!extended && esc && c == '{')) {
            if (interval(p, extended, &count, &after)) {
                if (count == SIZE_MAX)
                    break;      /* regcomp() fails here */
                sum[depth] = sat_add(sum[depth], sat_mul(last, count));
                last = sat_mul(last, count);
                p = after;
                continue;
            }
        }
        if (extended != esc && c == '(') {
            if (depth + 1 == sizeof(sum) / sizeof(sum[0]))
                return SIZE_CAP;
            sum[++depth] = 0;
            last = 0;
        } else if (extended != esc && c == ')' && depth > 0) {
            last = sum[depth--] + 1;
            sum[depth] = sat_add(sum[depth], last);
        } else {
            if (!esc && c == '[')
                p = bracket_end(p);
            last = 1;
            sum[depth] = sat_add(sum[depth], 1);
        }
        p += esc ? 2 : 1;
    }
    while (depth > 0) {
        sum[depth - 1] = sat_add(sum[depth - 1], sum[depth]);
        depth--;
    }
    return sum[0];
}

/* ---- regexp: and pcre: patterns ----------------------------------------- */

typedef struct pattern {
    char *text;                 /* the expression, cut from the line */
    uint32_t options;           /* REG_* or PCRE2_* bits */
    bool match;                 /* false when negated */
} pattern;

static bool is_pcre(const checker *ck)
{
    return ck->kind == TK_PCRE;
}

/* The '!' operators before a pattern, white space between them (3.2+). */
static char *skip_negations(char *p, bool *match)
{
    for (;; p++) {
        if (*p == '!')
            *match = !*match;
        else if (!pf_isspace(*p))
            return p;
    }
}

/* The same in regexp: and pcre: rules; before 3.2: the '!'s, then white
 * space (so "! !/x/" has the delimiter '!'). */
static char *negations(const checker *ck, char *p, bool *match)
{
    if (version_at_least(ck->v, 3, 2))
        return skip_negations(p, match);
    for (; *p == '!'; p++)
        *match = !*match;
    return skip_space(p);
}

/* One regexp option letter; false for an unknown one. */
static bool regexp_option(const char *at, uint32_t *options)
{
    switch (*at) {
    case 'i': *options ^= REG_ICASE; return true;
    case 'm': *options ^= REG_NEWLINE; return true;
    case 'x': *options ^= REG_EXTENDED; return true;
    default: return false;
    }
}

/* One pcre option letter; false for an unknown one. */
static bool pcre_option(checker *ck, char *at, uint32_t *options)
{
    switch (*at) {
    case 'i': *options ^= PCRE2_CASELESS; return true;
    case 'm': *options ^= PCRE2_MULTILINE; return true;
    case 's': *options ^= PCRE2_DOTALL; return true;
    case 'x': *options ^= PCRE2_EXTENDED; return true;
    case 'A': *options ^= PCRE2_ANCHORED; return true;
    case 'E': *options ^= PCRE2_DOLLAR_ENDONLY; return true;
    case 'U': *options ^= PCRE2_UNGREEDY; return true;
    case 'X':                   /* PCRE_EXTRA, gone with PCRE2 (3.7) */
        if (version_at_least(ck->v, 3, 7))
            report(ck, at, TE_RULE_KEPT,
                   "ignoring obsolete regexp option \"%c\"", *at);
        return true;
    default: return false;
    }
}

/* The flags after the closing delimiter, up to white space (regexp: or
 * a '!' that starts a second pattern). */
static bool pattern_options(checker *ck, char **cursor, pattern *pat)
{
    char *p = *cursor;

    pat->options = is_pcre(ck) ? PCRE2_CASELESS | PCRE2_DOTALL
                               : REG_EXTENDED | REG_ICASE;
    for (; *p && !pf_isspace(*p) && (is_pcre(ck) || *p != '!'); p++) {
        bool known = is_pcre(ck) ? pcre_option(ck, p, &pat->options)
                                 : regexp_option(p, &pat->options);

        if (!known) {
            report(ck, p, TE_RULE_DROPPED,
                   "unknown regexp option \"%c\": skipping this rule", *p);
            return false;
        }
    }
    *cursor = p;
    return true;
}

/* [!]<delim>pattern<delim>flags at *cursor, the pattern cut in place. */
static bool get_pattern(checker *ck, char **cursor, pattern *pat)
{
    char *p, delim;

    pat->match = true;
    p = negations(ck, *cursor, &pat->match);
    if (*p == '\0') {
        report(ck, *cursor, TE_RULE_DROPPED, "no regexp: skipping this rule");
        return false;
    }
    delim = *p++;
    pat->text = p;
    for (; *p; p++) {
        if (*p == '\\') {
            if (p[1] == '\0') {
                /* regexp: a final backslash closes the pattern */
                p += is_pcre(ck);
                break;
            }
            p++;
        } else if (*p == delim) {
            break;
        }
    }
    if (*p == '\0') {
        report(ck, pat->text - 1, TE_RULE_DROPPED,
               "no closing regexp delimiter \"%c\": %s this rule", delim,
               is_pcre(ck) ? "ignoring" : "skipping");
        return false;
    }
    *p++ = '\0';
    *cursor = p;
    return pattern_options(ck, cursor, pat);
}

/* Compile pat as Postfix does; false (reported) if it does not. *groups
 * is the number of () subexpressions. */
static bool compile_posix(checker *ck, const pattern *pat, uint32_t extra,
                          size_t *groups)
{
    regex_t re;
    int err;
    size_t size = posix_size(pat->text, (pat->options & REG_EXTENDED) != 0);

    if (size > POSIX_MAX_SIZE) {
        report(ck, pat->text, TE_NOT_CHECKED,
               "regular expression too large for postlint to compile "
               "(more than %d states): not checked", POSIX_MAX_SIZE);
        *groups = SIZE_MAX;
        return true;
    }
    err = regcomp(&re, pat->text, (int) (pat->options | extra));
    if (err != 0) {
        char text[256];

        regerror(err, &re, text, sizeof(text));
        report(ck, pat->text, TE_RULE_DROPPED, "%s", text);
        return false;
    }
    *groups = re.re_nsub;
    regfree(&re);
    return true;
}

static bool compile_pcre(checker *ck, const pattern *pat, size_t *groups)
{
    int err;
    PCRE2_SIZE offset;
    uint32_t count = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR) pat->text,
                                     PCRE2_ZERO_TERMINATED, pat->options,
                                     &err, &offset, NULL);

    if (code == NULL) {
        PCRE2_UCHAR text[256];
        const char *at = offset <= strlen(pat->text) ? pat->text + offset
                                                     : pat->text;

        if (pcre2_get_error_message(err, text, sizeof(text)) > 0)
            report(ck, at, TE_RULE_DROPPED, "error in regex at offset %lu: %s",
                   (unsigned long) offset, (const char *) text);
        else
            report(ck, at, TE_RULE_DROPPED, "error in regex at offset %lu: "
                   "unexpected pcre2 error code %d", (unsigned long) offset,
                   err);
        return false;
    }
    (void) pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &count);
    pcre2_code_free(code);
    *groups = count;
    return true;
}

static bool compile_pattern(checker *ck, const pattern *pat, uint32_t extra,
                            size_t *groups)
{
    return is_pcre(ck) ? compile_pcre(ck, pat, groups)
                       : compile_posix(ck, pat, extra, groups);
}

/* ---- replacement text: $n as mac_parse() splits it -------------------- */

typedef struct prescan {
    size_t max_sub;             /* highest $n, as Postfix's size_t */
    int max_printed;            /* the same as Postfix prints it (int) */
    const char *max_at;         /* its '$' */
    const char *first_at;       /* the first $n */
    const char *error_at;       /* the first bad one */
} prescan;

static void prescan_name(checker *ck, prescan *ps, const char *name,
                         size_t len, const char *dollar)
{
    size_t n;

    if (!str_all_digits(name, len)) {
        report(ck, dollar, TE_RULE_DROPPED,
               "non-numeric replacement index \"%.*s\"", (int) len, name);
        ps->error_at = ps->error_at ? ps->error_at : dollar;
        return;
    }
    /* atoi() into a size_t: a negative int wraps around */
    n = (size_t) (long) c_atoi(name);
    if (n < 1) {
        report(ck, dollar, TE_RULE_DROPPED, "%s replacement index \"%.*s\"",
               is_pcre(ck) ? "out of range" : "out-of-range", (int) len, name);
        ps->error_at = ps->error_at ? ps->error_at : dollar;
        return;
    }
    ps->first_at = ps->first_at ? ps->first_at : dollar;
    if (n > ps->max_sub) {
        ps->max_sub = n;
        ps->max_printed = c_atoi(name);
        ps->max_at = dollar;
    }
}

/* The name after '$' at *cursor: ${name}, $(name) or $name. False when
 * mac_parse() gives up: a truncated or empty name, or a ${name} or
 * $(name) after an error (it tests its status, errors of earlier names
 * included, before it looks at the name). */
static bool macro_name(char **cursor, bool earlier_error, const char **name,
                       size_t *len)
{
    char *vp = *cursor + 1, *ep;

    if (*vp == '{' || *vp == '(') {
        char open = *vp, close = open == '{' ? '}' : ')';
        int level = 1;

        for (ep = ++vp; level > 0; ep++) {
            if (*ep == '\0')
                return false;
            level += (*ep == open) - (*ep == close);
        }
        if (earlier_error)
            return false;
        *name = vp;
        *len = (size_t) (ep - vp) - 1;
    } else {
        for (ep = vp; *ep && (pf_isalnum(*ep) || *ep == '_'); ep++)
            ;
        *name = vp;
        *len = (size_t) (ep - vp);
    }
    *cursor = ep;
    return *len > 0;
}

static void prescan_replacement(checker *ck, char *text, prescan *ps)
{
    char *vp = text;

    memset(ps, 0, sizeof(*ps));
    while (*vp) {
        const char *name;
        char *dollar = vp;
        size_t len;

        if (*vp != '$') {
            vp++;
        } else if (vp[1] == '$') {
            vp += 2;
        } else if (!macro_name(&vp, ps->error_at != NULL, &name, &len)) {
            ps->error_at = ps->error_at ? ps->error_at : dollar;
            return;             /* mac_parse() stops here */
        } else {
            prescan_name(ck, ps, name, len, dollar);
        }
    }
}

/* ---- regexp: and pcre: rules ------------------------------------------ */

/* The replacement's $n against the rule; false (reported) if dropped. */
static bool check_replacement(checker *ck, char *text, const pattern *first,
                              prescan *ps)
{
    prescan_replacement(ck, text, ps);
    if (ps->error_at) {
        report(ck, ps->error_at, TE_RULE_DROPPED,
               "bad replacement syntax: skipping this rule");
        return false;
    }
    if (ps->max_sub > 0 && !first->match) {
        report(ck, ps->first_at, TE_RULE_DROPPED, "$number found in negative "
               "match replacement text: skipping this rule");
        return false;
    }
    if (ps->max_sub > 0 && (ck->flags & TABLE_CHECK_NO_REGSUB)) {
        report(ck, ps->first_at, TE_RULE_DROPPED, "regular expression "
               "substitution is not allowed: skipping this rule");
        return false;
    }
    return true;
}

/* /pattern/flags[!/pattern2/flags] replacement */
static void match_rule(checker *ck, char *p)
{
    pattern first, second;
    bool has_second = false;
    prescan ps;
    size_t groups;

    if (!get_pattern(ck, &p, &first))
        return;
    if (!is_pcre(ck) && *p == '!') {
        if (!get_pattern(ck, &p, &second))
            return;
        has_second = true;
    }
    p = skip_space(p);
    if (*p == '\0')
        report(ck, p, TE_RULE_KEPT, "%s",
               !version_at_least(ck->v, 3, 2) && !is_pcre(ck)
                   ? "using empty replacement string"
                   : "no replacement text: using empty string");
    if (!check_replacement(ck, p, &first, &ps))
        return;
    if (!compile_pattern(ck, &first, ps.max_sub == 0 ? REG_NOSUB : 0, &groups))
        return;
    if (ps.max_sub > groups) {
        report(ck, ps.max_at, TE_RULE_DROPPED, "out of range replacement "
               "index \"%d\": skipping this rule", ps.max_printed);
        return;
    }
    if (has_second)
        (void) compile_pattern(ck, &second, REG_NOSUB, &groups);
}

static void if_rule(checker *ck, char *p)
{
    pattern pat;
    size_t groups;

    p = skip_space(p + 2);
    if (!get_pattern(ck, &p, &pat))
        return;
    p = skip_space(p);
    if (*p) {
        report(ck, p, TE_RULE_KEPT,
               "ignoring extra text after IF statement: \"%s\"", p);
        report(ck, p, TE_RULE_KEPT, "do not prepend whitespace to "
               "statements between IF and ENDIF");
    }
    if (compile_pattern(ck, &pat, 0, &groups))
        push_if(ck);
}

static void endif_rule(checker *ck, char *p)
{
    if (ck->if_depth == 0) {
        report(ck, p, TE_RULE_DROPPED, "ignoring ENDIF without matching IF");
        return;
    }
    p = skip_space(p + 5);
    if (*p)
        report(ck, p, TE_RULE_KEPT, "ignoring extra text after ENDIF");
    ck->if_depth--;
}

static void regexp_line(checker *ck, char *line)
{
    trim_blanks(line);
    if (*line == '\0')
        return;
    if (!pf_isalnum(*line))
        match_rule(ck, line);
    else if (is_keyword(line, "IF"))
        if_rule(ck, line);
    else if (is_keyword(line, "ENDIF"))
        endif_rule(ck, line);
    else
        report(ck, line, TE_RULE_DROPPED, "ignoring unrecognized request");
}

/* ---- cidr: rules ------------------------------------------------------ */

/* addr/mask as cidr_match_parse() checks it; the reason into why. */
static bool cidr_network(const checker *ck, int family, int bits,
                         const char *addr, const char *mask, strbuf *why)
{
    unsigned char net[16], netmask[16];
    const char *error = NULL;
    unsigned shift = 0;         /* CIDR_MATCH's mask_shift: unsigned char */
    int bytes = bits / 8;

    if (!str_all_digits(mask, strlen(mask)))
        error = "bad mask value";
    else if ((shift = (unsigned char) c_atoi(mask)) > (unsigned) bits)
        error = "bad mask length";
    else if (inet_pton(family, addr, net) != 1)
        error = "bad network value";
    if (error != NULL) {
        if (version_at_least(ck->v, 3, 6))
            sb_printf(why, "%s in \"%s/%s\"", error, addr, mask);
        else
            sb_printf(why, "bad net/mask pattern: \"%s/%s\"", addr, mask);
        return false;
    }
    for (int i = 0; i < bytes; i++) {
        int left = (int) shift - 8 * i;

        netmask[i] = left >= 8 ? 0xff : left <= 0 ? 0 : (unsigned char) (0xff << (8 - left));
    }
    for (int i = 0; i < bytes; i++) {
        if (net[i] & ~netmask[i]) {
            char text[INET6_ADDRSTRLEN];

            for (int j = 0; j < bytes; j++)
                net[j] &= netmask[j];
            if (inet_ntop(family, net, text, sizeof(text)) == NULL)
                snprintf(text, sizeof(text), "?");
            sb_printf(why, "non-null host address bits in \"%s/%s\", "
                      "perhaps you should use \"%s/%u\" instead",
                      addr, mask, text, shift);
            return false;
        }
    }
    return true;
}

/* cidr_match_parse() of an address[/mask] pattern, cut in place; the
 * reason into why when it fails. */
static bool cidr_pattern(const checker *ck, char *pattern, strbuf *why)
{
    char *mask_search = pattern, *mask;
    unsigned char net[16];
    int family;

    if (*pattern == '[') {
        char *close = strchr(++pattern, ']');

        if (close == NULL) {
            sb_printf(why, "missing ']' character after \"[%s\"", pattern);
            return false;
        }
        *close = '\0';
        mask_search = close + 1;
        if (*mask_search != '/') {
            if (*mask_search != '\0') {
                sb_printf(why, "garbage after \"[%s]\"", pattern);
                return false;
            }
            mask_search = pattern;
        }
    }
    family = strchr(pattern, ':') ? AF_INET6 : AF_INET;
    if ((mask = strchr(mask_search, '/')) != NULL) {
        *mask++ = '\0';
        return cidr_network(ck, family, family == AF_INET6 ? 128 : 32,
                            pattern, mask, why);
    }
    if (inet_pton(family, pattern, net) != 1) {
        sb_printf(why, "bad address pattern: \"%s\"", pattern);
        return false;
    }
    return true;
}

bool cidr_pattern_valid(const char *pattern, pf_version v, strbuf *why)
{
    checker ck;
    char *copy = xstrdup(pattern);
    bool ok;

    memset(&ck, 0, sizeof(ck));
    ck.v = v;
    ok = cidr_pattern(&ck, copy, why);
    free(copy);
    return ok;
}

static bool cidr_if(checker *ck, char *p, const char **at, strbuf *why)
{
    bool match = true;

    *at = p = skip_negations(p + 2, &match);
    if (*p == '\0') {
        sb_printf(why, "no address pattern");
        return false;
    }
    trim_blanks(p);             /* the rest of the line is the pattern */
    if (!cidr_pattern(ck, p, why))
        return false;
    push_if(ck);
    return true;
}

static bool cidr_endif(checker *ck, char *p, const char **at, strbuf *why)
{
    p = skip_space(p + 5);
    if (*p != '\0') {
        *at = p;
        sb_printf(why, "garbage after ENDIF");
        return false;
    }
    if (ck->if_depth == 0) {
        sb_printf(why, "ENDIF without IF");
        return false;
    }
    ck->if_depth--;
    return true;
}

/* [!]pattern result (no '!' before 3.2, and the result checked first) */
static bool cidr_rule(checker *ck, char *p, const char **at, strbuf *why)
{
    bool match = true, v32 = version_at_least(ck->v, 3, 2);
    char *pattern, *value;

    *at = pattern = v32 ? skip_negations(p, &match) : p;
    for (p = pattern; *p && !pf_isspace(*p); p++)
        ;
    if (*p)
        *p++ = '\0';
    value = skip_space(p);
    trim_blanks(value);
    if (*pattern == '\0') {
        sb_printf(why, "no address pattern");
        return false;
    }
    if (!v32 && *value == '\0') {
        *at = value;
        sb_printf(why, "no lookup result");
        return false;
    }
    if (!cidr_pattern(ck, pattern, why))
        return false;
    if (*value == '\0') {
        *at = value;
        sb_printf(why, "no lookup result");
        return false;
    }
    return true;
}

static bool has_if_endif(const checker *ck)
{
    return ck->kind != TK_CIDR || version_at_least(ck->v, 3, 2);
}

static void cidr_line(checker *ck, char *line)
{
    strbuf why;
    const char *at = line;
    bool ok;

    sb_init(&why);
    if (has_if_endif(ck) && is_keyword(line, "IF"))
        ok = cidr_if(ck, line, &at, &why);
    else if (has_if_endif(ck) && is_keyword(line, "ENDIF"))
        ok = cidr_endif(ck, line, &at, &why);
    else
        ok = cidr_rule(ck, line, &at, &why);
    if (!ok)
        report(ck, at, TE_RULE_DROPPED, "%s: skipping this rule", why.data);
    sb_free(&why);
}

/* ---- the table -------------------------------------------------------- */

static void check_line(checker *ck, char *line)
{
    if (ck->kind == TK_CIDR)
        cidr_line(ck, line);
    else
        regexp_line(ck, line);
}

/* A logical line too long to keep whole: only its IF or ENDIF counts. */
static void long_line(checker *ck, char *line)
{
    if (has_if_endif(ck) && is_keyword(line, "ENDIF")) {
        check_line(ck, line);
        return;
    }
    report(ck, line, TE_NOT_CHECKED, "logical line longer than %d bytes: "
           "not checked", TABLE_CHECK_MAX_LINE);
    if (has_if_endif(ck) && is_keyword(line, "IF"))
        push_if(ck);
}

/* At the end of the file: the IFs left open, innermost first. */
static void unclosed_ifs(checker *ck, const line_reader *r)
{
    size_t stored = ck->if_depth < MAX_IF_DEPTH ? ck->if_depth : MAX_IF_DEPTH;

    if (ck->if_depth == 0)
        return;
    if (!version_at_least(ck->v, 3, 2)) {
        report_line(ck, version_at_least(ck->v, 3, 0) ? ck->last_line
                                                      : r->newlines,
                    TE_TABLE, "more IFs than ENDIFs");
        return;
    }
    if (ck->if_depth > stored)
        report_line(ck, ck->if_lines[stored - 1], TE_NOT_CHECKED,
                    "%zu more IFs, nested deeper than %d, have no matching "
                    "ENDIF", ck->if_depth - stored, MAX_IF_DEPTH);
    while (stored-- > 0)
        report_line(ck, ck->if_lines[stored], TE_TABLE,
                    "IF has no matching ENDIF");
}

const char *table_kind_name(table_kind kind)
{
    return kind == TK_REGEXP ? "regexp" : kind == TK_PCRE ? "pcre" : "cidr";
}

bool table_check_file(table_kind kind, const char *path, pf_version v,
                      unsigned flags, table_problem_fn fn, void *ctx,
                      const char **why)
{
    table_file tf;
    line_reader r;
    checker ck;
    char *line;
    int err;

    if (!table_file_open(&tf, path, why, &err))
        return false;
    memset(&r, 0, sizeof(r));
    r.fd = tf.fd;
    r.block = xmalloc(READ_BLOCK);
    sb_init(&r.text);
    memset(&ck, 0, sizeof(ck));
    ck.kind = kind;
    ck.v = v;
    ck.flags = flags;
    ck.fn = fn;
    ck.ctx = ctx;
    sb_init(&ck.msg);
    while ((line = next_line(&ck, &r)) != NULL) {
        if (r.full_len > r.text.len && strlen(line) == r.text.len)
            long_line(&ck, line);   /* (a NUL byte would end it anyway) */
        else
            check_line(&ck, line);
    }
    unclosed_ifs(&ck, &r);
    sb_free(&ck.msg);
    free(ck.if_lines);
    sb_free(&r.text);
    free(r.block);
    table_file_close(&tf);
    return true;
}
