/*
 * listtok.c - split list values as Postfix's mystrtok()/mystrtokq() do.
 *
 * Interface: see listtok.h. No diagnostics: an unclosed group is a token
 * that runs to the end of the value (the caller decides what Postfix
 * says about it).
 */
#include "listtok.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool list_braces_in(pf_version v)
{
    static const pf_version v3_0 = {3, 0, 0};

    return version_cmp(v, v3_0) >= 0;
}

static bool is_sep(char c, const char *seps)
{
    return c != '\0' && strchr(seps, c) != NULL;
}

void list_split(const char *value, size_t len, const char *seps, bool braces,
                list_tokens *out)
{
    size_t i = 0;

    while (i < len) {
        size_t start, level = 0;

        while (i < len && is_sep(value[i], seps))
            i++;
        if (i >= len)
            break;
        start = i;
        for (; i < len; i++) {
            char c = value[i];

            if (braces && c == '{')
                level++;
            else if (braces && c == '}' && level > 0)
                level--;
            else if (level == 0 && is_sep(c, seps))
                break;
        }
        out->items = grow_array(out->items, &out->cap, out->n + 1,
                                sizeof(*out->items));
        out->items[out->n++] = (list_token) {
            value + start, start, i - start, braces && value[start] == '{'
        };
    }
}

void list_tokens_free(list_tokens *t)
{
    free(t->items);
    memset(t, 0, sizeof(*t));
}

bool list_group_inside(const list_token *t, size_t *off, size_t *len)
{
    size_t a = 1, b = t->len;

    if (!t->braced || t->len < 2 || t->text[t->len - 1] != '}')
        return false;
    b--;
    while (a < b && pf_isspace((unsigned char) t->text[a]))
        a++;
    while (b > a && pf_isspace((unsigned char) t->text[b - 1]))
        b--;
    *off = t->off + a;
    *len = b - a;
    return true;
}

size_t list_balpar(const char *text, size_t len)
{
    size_t level = 1;

    if (len == 0 || text[0] != '{')
        return 0;
    for (size_t i = 1; i < len && text[i] != '\0'; i++) {
        if (text[i] == '}') {
            if (--level == 0)
                return i + 1;
        } else if (text[i] == '{') {
            level++;
        }
    }
    return 0;
}

list_group_state list_group_check(const char *text, size_t len)
{
    size_t n;

    if (len == 0 || text[0] != '{')
        return LIST_GROUP_NO_OPEN;
    if ((n = list_balpar(text, len)) == 0)
        return LIST_GROUP_UNCLOSED;
    return n < len ? LIST_GROUP_TRAILING : LIST_GROUP_OK;
}

void list_group_message(list_group_state state, const char *text, size_t len,
                        char *buf, size_t size)
{
    int n = len > 200 ? 200 : (int) len;
    const char *more = len > 200 ? "..." : "";

    switch (state) {
    case LIST_GROUP_OK:
        snprintf(buf, size, "%s", "");
        break;
    case LIST_GROUP_NO_OPEN:
        snprintf(buf, size, "no '{' at start of text in \"%.*s%s\"", n,
                 text, more);
        break;
    case LIST_GROUP_UNCLOSED:
        snprintf(buf, size, "missing '}' in \"%.*s%s\"", n, text, more);
        break;
    case LIST_GROUP_TRAILING:
        snprintf(buf, size, "syntax error after '}' in \"%.*s%s\"", n, text,
                 more);
        break;
    }
}

bool list_has(const char *value, const char *word)
{
    list_tokens t = {0};
    size_t n = strlen(word);
    bool found = false;

    list_split(value, strlen(value), LIST_SEPARATORS, false, &t);
    for (size_t i = 0; i < t.n && !found; i++)
        found = t.items[i].len == n && memcmp(t.items[i].text, word, n) == 0;
    list_tokens_free(&t);
    return found;
}
