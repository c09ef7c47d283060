/*
 * table.c - key lookups in the tables postlint can read.
 *
 * Interface: see table.h. No diagnostics.
 *
 * As Postfix reads them:
 *  - cidr: "pattern result" lines, first match wins; a pattern is an
 *    address or address/length, IPv4 or IPv6 (cidr_table(5));
 *  - texthash: and the indexed types: "key value" lines (the key up to
 *    the first white space, the value the rest, trimmed); the first of
 *    two equal keys wins, as postmap keeps it;
 *  - inline:{ key=value, { key = value } } and static:value (3.0+ forms).
 * A cidr: file with if/endif blocks, or a line this reader does not
 * understand, makes the answer unknown rather than wrong.
 */
#include "table.h"
#include "listtok.h"
#include "table_file.h"
#include "source.h"
#include "util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- answers kept for the run ---------------------------------------- */

typedef struct answer {
    char *ref, *key, *value;
    tbl_result result;
    const char *why;
} answer;

static answer *answers;
static size_t n_answers, cap_answers;

#define MAX_ANSWERS 4096        /* more than any simulation asks */

static answer *kept(const char *ref, const char *key)
{
    for (size_t i = 0; i < n_answers; i++)
        if (str_eq(answers[i].ref, ref) && strcasecmp(answers[i].key, key) == 0)
            return &answers[i];
    return NULL;
}

static void keep(const char *ref, const char *key, tbl_result r,
                 const char *value, const char *why)
{
    answer *a;

    if (n_answers >= MAX_ANSWERS)
        return;
    answers = grow_array(answers, &cap_answers, n_answers + 1, sizeof(*answers));
    a = &answers[n_answers++];
    a->ref = xstrdup(ref);
    a->key = xstrdup(key);
    a->value = value ? xstrdup(value) : NULL;
    a->result = r;
    a->why = why;
}

void table_cache_clear(void)
{
    for (size_t i = 0; i < n_answers; i++) {
        free(answers[i].ref);
        free(answers[i].key);
        free(answers[i].value);
    }
    free(answers);
    answers = NULL;
    n_answers = cap_answers = 0;
}

/* ---- cidr ------------------------------------------------------------- */

/* Parse "addr" or "addr/len" (IPv6 may be bracketed); false if not. */
static bool parse_prefix(const char *text, unsigned char *addr, int *family,
                         int *len)
{
    char buf[INET6_ADDRSTRLEN + 8], *slash;
    size_t n = strlen(text);

    if (n >= sizeof(buf))
        return false;
    memcpy(buf, text, n + 1);
    if ((slash = strchr(buf, '/')) != NULL)
        *slash++ = '\0';
    if (buf[0] == '[') {
        size_t b = strlen(buf);

        if (b < 2 || buf[b - 1] != ']')
            return false;
        buf[b - 1] = '\0';
        memmove(buf, buf + 1, b - 1);
    }
    if (inet_pton(AF_INET, buf, addr) == 1)
        *family = AF_INET;
    else if (inet_pton(AF_INET6, buf, addr) == 1)
        *family = AF_INET6;
    else
        return false;
    *len = *family == AF_INET ? 32 : 128;
    if (slash) {
        char *end;
        long l = strtol(slash, &end, 10);

        if (*slash == '\0' || *end != '\0' || l < 0 || l > *len)
            return false;
        *len = (int) l;
    }
    return true;
}

/* Is addr (of family) inside prefix/len? */
static bool in_prefix(const unsigned char *addr, const unsigned char *prefix,
                      int len)
{
    for (int bit = 0; bit < len; bit++) {
        unsigned char m = (unsigned char) (0x80 >> (bit % 8));

        if ((addr[bit / 8] & m) != (prefix[bit / 8] & m))
            return false;
    }
    return true;
}

bool address_in_network(const char *address, const char *network)
{
    unsigned char a[16], p[16];
    int fa, fp, la, lp;

    return parse_prefix(address, a, &fa, &la) && parse_prefix(network, p, &fp, &lp)
        && fa == fp && in_prefix(a, p, lp);
}

bool network_valid(const char *network)
{
    unsigned char p[16];
    int fp, lp;

    return parse_prefix(network, p, &fp, &lp);
}

static tbl_result cidr_lookup(const char *path, const char *key, char **value,
                              const char **why)
{
    table_file tf;
    unsigned char a[16], p[16];
    int fa, fp, la, lp, line, err;
    const char *text;
    tbl_result r = TBL_NOT_FOUND;

    if (!parse_prefix(key, a, &fa, &la)) {
        *why = "the key is not an address";
        return TBL_UNKNOWN;
    }
    if (!table_file_open(&tf, path, why, &err))
        return TBL_UNKNOWN;
    while ((text = table_file_next(&tf, &line)) != NULL) {
        char pattern[INET6_ADDRSTRLEN + 8];
        size_t n = strcspn(text, " \t");
        const char *rest = text + n;

        if (n >= sizeof(pattern) || strncasecmp(text, "if", 2) == 0
            || strncasecmp(text, "endif", 5) == 0 || text[0] == '!') {
            *why = "a cidr: line postlint does not evaluate";
            r = TBL_UNKNOWN;
            break;
        }
        memcpy(pattern, text, n);
        pattern[n] = '\0';
        if (!parse_prefix(pattern, p, &fp, &lp))
            continue;           /* postmap warns and skips it */
        if (fp != fa || !in_prefix(a, p, lp))
            continue;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        *value = xstrdup(rest);
        r = TBL_FOUND;
        break;
    }
    table_file_close(&tf);
    return r;
}

/* ---- key value files -------------------------------------------------- */

static tbl_result text_lookup(const char *path, const char *key, char **value,
                              const char **why)
{
    table_file tf;
    int line, err;
    const char *text;
    size_t klen = strlen(key);
    tbl_result r = TBL_NOT_FOUND;

    if (!table_file_open(&tf, path, why, &err))
        return TBL_UNKNOWN;
    while ((text = table_file_next(&tf, &line)) != NULL) {
        size_t n = strcspn(text, " \t");
        const char *rest = text + n;

        if (n != klen || strncasecmp(text, key, n) != 0)
            continue;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        *value = xstrdup(rest);
        {
            size_t l = strlen(*value);

            while (l && isspace((unsigned char) (*value)[l - 1]))
                (*value)[--l] = '\0';
        }
        r = TBL_FOUND;
        break;
    }
    table_file_close(&tf);
    return r;
}

/* ---- inline: and static: ------------------------------------------- */

static tbl_result inline_lookup(const char *spec, const char *key, char **value,
                                const char **why)
{
    list_tokens items = {0};
    size_t off, len;
    list_token whole = {spec, 0, strlen(spec), true};
    tbl_result r = TBL_NOT_FOUND;

    if (spec[0] != '{' || !list_group_inside(&whole, &off, &len)) {
        *why = "an inline: table without { }";
        return TBL_BROKEN;
    }
    list_split(spec + off, len, LIST_SEPARATORS, true, &items);
    /* Postfix refuses the whole table for one element that is not
     * name=value ("need name=value"): check them all first. */
    for (size_t i = 0; i < items.n; i++) {
        const list_token *t = &items.items[i];
        size_t ioff = t->off, ilen = t->len;

        if ((t->braced && !list_group_inside(t, &ioff, &ilen))
            || memchr(spec + off + ioff, '=', ilen) == NULL) {
            *why = "an inline: element without name=value";
            list_tokens_free(&items);
            return TBL_BROKEN;
        }
    }
    for (size_t i = 0; i < items.n && r == TBL_NOT_FOUND; i++) {
        const list_token *t = &items.items[i];
        size_t ioff = t->off, ilen = t->len;
        const char *s, *eq;
        char *k;

        /* "{ key = value }": the inside of the braces. */
        if (t->braced && !list_group_inside(t, &ioff, &ilen))
            continue;
        s = spec + off + ioff;
        eq = memchr(s, '=', ilen);
        if (eq == NULL) {
            /* Postfix refuses the whole table ("need name=value"). */
            *why = "an inline: element without name=value";
            r = TBL_BROKEN;
            break;
        }
        k = xstrndup(s, (size_t) (eq - s));
        while (k[0] && isspace((unsigned char) k[strlen(k) - 1]))
            k[strlen(k) - 1] = '\0';
        if (strcasecmp(k, key) == 0) {
            const char *v = eq + 1;
            size_t vlen = ilen - (size_t) (v - s);

            while (vlen && isspace((unsigned char) *v))
                v++, vlen--;
            while (vlen && isspace((unsigned char) v[vlen - 1]))
                vlen--;
            *value = xstrndup(v, vlen);
            r = TBL_FOUND;
        }
        free(k);
    }
    list_tokens_free(&items);
    return r;
}

/* ---- indexed tables ---------------------------------------------------- */

/* The file postmap builds from the source, as the type names it. */
static const char *built_suffix(const char *type)
{
    if (str_eq(type, "hash:") || str_eq(type, "btree:"))
        return ".db";
    if (str_eq(type, "lmdb:"))
        return ".lmdb";
    if (str_eq(type, "cdb:"))
        return ".cdb";
    if (str_eq(type, "dbm:") || str_eq(type, "sdbm:"))
        return ".dir";
    return NULL;                /* texthash: reads the source itself */
}

/* TBL_FOUND when the source can be read for the built table: the built
 * file exists and is not older than the source. Missing: Postfix cannot
 * open the table; older: it answers from the old content. */
static tbl_result built_state(const char *type, const char *path,
                              const char **why)
{
    const char *suffix = built_suffix(type);
    table_file src, built;
    char *built_path;
    int err;
    tbl_result r = TBL_FOUND;

    if (suffix == NULL)
        return TBL_FOUND;
    if (!table_file_open(&src, path, why, &err))
        return TBL_UNKNOWN;
    built_path = xasprintf("%s%s", path, suffix);
    if (!table_file_open(&built, built_path, why, &err)) {
        r = err == ENOENT ? TBL_BROKEN : TBL_UNKNOWN;
        if (err == ENOENT)
            *why = "the table was never built (postmap)";
    } else {
        if (built.st.st_mtime < src.st.st_mtime) {
            *why = "the built table is older than its source (postmap)";
            r = TBL_UNKNOWN;
        }
        table_file_close(&built);
    }
    table_file_close(&src);
    free(built_path);
    return r;
}

/* ---- the dispatcher --------------------------------------------------- */

static tbl_result lookup(const char *ref, const char *key, char **value,
                         const char **why)
{
    static const char *const indexed[] = {
        "texthash:", "hash:", "btree:", "lmdb:", "cdb:", "dbm:", "sdbm:", NULL
    };

    while (strncmp(ref, "proxy:", 6) == 0)
        ref += 6;
    if (strncmp(ref, "cidr:", 5) == 0)
        return cidr_lookup(ref + 5, key, value, why);
    for (const char *const *t = indexed; *t; t++)
        if (strncmp(ref, *t, strlen(*t)) == 0) {
            tbl_result built = built_state(*t, ref + strlen(*t), why);

            return built == TBL_FOUND
                ? text_lookup(ref + strlen(*t), key, value, why) : built;
        }
    if (strncmp(ref, "inline:", 7) == 0)
        return inline_lookup(ref + 7, key, value, why);
    if (strncmp(ref, "static:", 7) == 0) {
        const char *v = ref + 7;
        size_t n = strlen(v);

        if (v[0] == '{' && n >= 2 && v[n - 1] == '}')
            *value = xstrndup(v + 1, n - 2);
        else
            *value = xstrdup(v);
        return TBL_FOUND;
    }
    *why = "a table type postlint does not look into";
    return TBL_UNKNOWN;
}

tbl_result table_lookup(const char *ref, const char *key, char **value,
                        const char **why)
{
    answer *a = kept(ref, key);
    tbl_result r;

    *value = NULL;
    *why = NULL;
    if (a) {
        *value = a->value ? xstrdup(a->value) : NULL;
        *why = a->why;
        return a->result;
    }
    r = lookup(ref, key, value, why);
    keep(ref, key, r, *value, *why);
    return r;
}

/* ---- sources for findings in table files ----------------------------- */

static source **sources;
static size_t n_sources, cap_sources;

const source *table_source(const char *path)
{
    char *why = NULL;
    source *s;

    for (size_t i = 0; i < n_sources; i++)
        if (str_eq(sources[i]->path, path))
            return sources[i];
    if ((s = source_from_text(path, xstrdup(""), 0, &why)) == NULL) {
        free(why);
        return NULL;
    }
    sources = grow_array(sources, &cap_sources, n_sources + 1, sizeof(*sources));
    sources[n_sources++] = s;
    return s;
}

void table_sources_clear(void)
{
    for (size_t i = 0; i < n_sources; i++)
        source_free(sources[i]);
    free(sources);
    sources = NULL;
    n_sources = cap_sources = 0;
}
