/*
 * macscan.c - the $ scanner.
 *
 * Interface: see macscan.h. Follows mac_parse() in Postfix's
 * src/util/mac_parse.c: "$$" is a literal dollar; '$' followed by '{'
 * or '(' runs to the matching close of the same kind (only that kind's
 * nesting is counted); otherwise '$' takes the longest run of letters,
 * digits and '_', and an empty run is an error.
 * No diagnostics: errors are MAC_ERROR pieces.
 */
#include "macscan.h"

#include "util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define realloc_or_die(p, n) xrealloc((p), (n))

bool mac_name_char(int c)
{
    return isalnum(c) || c == '_';
}

size_t mac_brace_group(const char *s, size_t len)
{
    int level = 0;

    for (size_t i = 0; i < len; i++) {
        if (s[i] == '{')
            level++;
        else if (s[i] == '}' && --level == 0)
            return i + 1;
    }
    return 0;
}

/* The close of the bracket opened at text[at] (text[at - 1] is '$'), or
 * len when there is none. */
static size_t matching_close(const char *text, size_t len, size_t at)
{
    char open = text[at], close = open == '{' ? '}' : ')';
    int level = 1;

    for (size_t j = at + 1; j < len; j++) {
        if (text[j] == open)
            level++;
        else if (text[j] == close && --level == 0)
            return j;
    }
    return len;
}

bool mac_scan(const char *text, size_t len, mac_fn fn, void *ctx)
{
    size_t i = 0, lit = 0;
    mac_piece p;

    while (i < len) {
        const char *dollar = memchr(text + i, '$', len - i);

        if (dollar == NULL)
            break;
        i = (size_t) (dollar - text);
        memset(&p, 0, sizeof(p));
        if (i > lit) {
            p.kind = MAC_TEXT;
            p.off = lit;
            p.end = i;
            if (!fn(&p, text, ctx))
                return false;
        }
        p.off = i;
        if (i + 1 < len && text[i + 1] == '$') {
            p.kind = MAC_DOLLAR;
            p.end = i + 2;
        } else if (i + 1 < len && (text[i + 1] == '{' || text[i + 1] == '(')) {
            size_t j = matching_close(text, len, i + 1);

            if (j == len) {
                p.kind = MAC_ERROR;
                p.end = len;
                p.error = text[i + 1] == '{' ? "unterminated '${'"
                    : "unterminated '$('";
                fn(&p, text, ctx);
                return false;
            }
            p.kind = MAC_EXPR;
            p.open = text[i + 1];
            p.inner = i + 2;
            p.inner_len = j - i - 2;
            p.end = j + 1;
        } else {
            size_t j = i + 1;

            while (j < len && mac_name_char((unsigned char) text[j]))
                j++;
            if (j == i + 1) {
                p.kind = MAC_ERROR;
                p.end = i + 1;
                p.error = "lone '$'";
                fn(&p, text, ctx);
                return false;
            }
            p.kind = MAC_NAME;
            p.open = '$';
            p.inner = i + 1;
            p.inner_len = j - i - 1;
            p.end = j;
        }
        if (!fn(&p, text, ctx))
            return false;
        i = lit = p.end;
    }
    if (len > lit) {
        memset(&p, 0, sizeof(p));
        p.kind = MAC_TEXT;
        p.off = lit;
        p.end = len;
        return fn(&p, text, ctx);
    }
    return true;
}

void mac_nest_feed(mac_nest *st, const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = text[i];

        /* Each opening counts once: "${" and "$(" as a $ expression, a
         * bare '{' as a brace (so "${a?{" is one of each). */
        if (c == '{' || c == '(') {
            bool dollar = i > 0 && text[i - 1] == '$';
            char kind = dollar ? 'D' : c == '{' ? 'B' : 'P';

            if (st->n == st->cap) {
                st->cap = st->cap ? 2 * st->cap : 64;
                st->opens = realloc_or_die(st->opens, st->cap);
            }
            st->opens[st->n++] = kind;
            st->dollar += kind == 'D';
            st->brace += kind == 'B';
            if (st->dollar > st->max_dollar)
                st->max_dollar = st->dollar;
            if (st->brace > st->max_brace)
                st->max_brace = st->brace;
        } else if ((c == '}' || c == ')') && st->n > 0) {
            char kind = st->opens[--st->n];

            st->dollar -= kind == 'D';
            st->brace -= kind == 'B';
        }
    }
}

void mac_nest_reset(mac_nest *st)
{
    st->n = st->dollar = st->brace = 0;
    st->max_dollar = st->max_brace = 0;
}

void mac_nest_free(mac_nest *st)
{
    free(st->opens);
    st->opens = NULL;
    st->cap = 0;
    mac_nest_reset(st);
}
