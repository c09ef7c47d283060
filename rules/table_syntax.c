/*
 * table_syntax.c - rule "table-syntax": a line of a regexp:, pcre: or
 * cidr: table that Postfix skips or reads otherwise than it looks.
 *
 * Postfix parses these tables when a program opens them and logs each
 * problem as "warning: regexp map FILE, line N: ..." (dict_regexp.c,
 * dict_pcre.c, dict_cidr.c): a pattern that does not compile
 * ("Unmatched ( or \("), a bad mask ("bad mask length"), an unknown
 * flag, a bad $n, an ENDIF without IF. The line is then skipped: the
 * rule silently never matches (a warning). Lines Postfix keeps with a
 * warning (an obsolete flag, extra text after IF) are info. Patterns
 * are compiled as Postfix compiles them: regcomp() for regexp:, PCRE2
 * for pcre: (table_check.c; checked against postmap on crafted lines by
 * tests/table-postmap.sh). Findings are at the table file's line.
 *
 * The sources of indexed tables (hash:, btree:, cdb:, lmdb:, dbm:,
 * sdbm:) are read as postmap reads them (postmap_body(), 2.x-3.11):
 * a line not UTF-8 while smtputf8_enable = yes, an unbalanced '"', a key
 * without a value is skipped; a key ending in ':' is kept but never
 * matches; a duplicate key keeps the first value ("duplicate entry",
 * postmap's default DICT_FLAG_DUP_WARN; keys folded to lower case). An
 * aliases file (alias_maps, alias_database) is read as postalias reads
 * it: "need name:value pair", "name must be local", duplicates. These
 * are warnings. texthash: is read the same way by the program that
 * opens it, which has no DICT_FLAG_DUP_* flag: a duplicate key makes the
 * table fail to open (dict_surrogate(), every lookup fails): an error.
 */
#include "rule.h"
#include "table.h"
#include "table_check.h"
#include "table_refs.h"
#include "table_file.h"
#include "effective.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct sink {
    const lint_ctx *ctx;
    const rule_desc *self;
    const table_ref *r;
    int found;
} sink;

static void problem(void *vctx, int line, int col, const char *message,
                    table_effect effect)
{
    sink *s = vctx;
    span sp;

    if (s->found++ >= 100)
        return;                 /* a table of garbage: enough said */
    memset(&sp, 0, sizeof(sp));
    sp.src = table_source(s->r->name);
    sp.line = sp.end_line = line;
    sp.col = sp.end_col = col;
    report_sev(s->ctx, s->self,
               effect == TE_RULE_DROPPED || effect == TE_TABLE ? SEV_WARNING
               : SEV_INFO, &sp, "%s (%s in %s)%s:" DIAG_NOTE " Postfix %s "
               "logs \"%s map %s, line %d: %s\"",
               effect == TE_RULE_DROPPED ? "this line is skipped"
               : effect == TE_TABLE ? "this table is read otherwise than "
               "it looks" : effect == TE_NOT_CHECKED ? "not checked"
               : "this line is used with a warning",
               s->r->text, s->r->param,
               effect == TE_RULE_DROPPED ? ", so the rule never matches" : "",
               s->ctx->version_text, s->r->type, s->r->name, line, message);
}


/* ---- sources of indexed tables, texthash:, aliases -------------------- */

/* Postfix's valid_utf8_string(): strict UTF-8, no overlong forms, no
 * surrogates, nothing above U+10FFFF. */
static bool valid_utf8(const unsigned char *s)
{
    for (; *s; s++) {
        unsigned char c0 = *s;

        if (c0 <= 0x7f)
            continue;
        if (c0 < 0xc2 || c0 > 0xf4)
            return false;
        if (c0 <= 0xdf) {
            if ((s[1] & 0xc0) != 0x80)
                return false;
            s += 1;
        } else if (c0 <= 0xef) {
            if (s[1] < (c0 == 0xe0 ? 0xa0 : 0x80)
                || s[1] > (c0 == 0xed ? 0x9f : 0xbf)
                || (s[2] & 0xc0) != 0x80)
                return false;
            s += 2;
        } else {
            if (s[1] < (c0 == 0xf0 ? 0x90 : 0x80)
                || s[1] > (c0 == 0xf4 ? 0x8f : 0xbf)
                || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
                return false;
            s += 3;
        }
    }
    return true;
}

/* The keys seen so far, to find duplicates; at most MAX_KEYS. */
#define MAX_KEYS (1u << 20)

typedef struct key_set {
    char **slot;
    int *line;
    size_t cap, n;
    bool full;
} key_set;

static size_t key_hash(const char *s)
{
    size_t h = 5381;

    while (*s)
        h = h * 33 + (unsigned char) *s++;
    return h;
}

/* The line of an earlier equal key, or 0 after adding it. */
static int key_seen(key_set *ks, const char *key, int line)
{
    size_t i;

    if (ks->full)
        return 0;
    if (ks->n * 2 >= ks->cap) {
        key_set big = {0};

        if (ks->n >= MAX_KEYS) {
            ks->full = true;
            return 0;
        }
        big.cap = ks->cap ? ks->cap * 2 : 1024;
        big.slot = xcalloc(big.cap, sizeof(*big.slot));
        big.line = xcalloc(big.cap, sizeof(*big.line));
        for (size_t j = 0; j < ks->cap; j++)
            if (ks->slot[j]) {
                for (i = key_hash(ks->slot[j]) & (big.cap - 1); big.slot[i];
                     i = (i + 1) & (big.cap - 1))
                    ;
                big.slot[i] = ks->slot[j];
                big.line[i] = ks->line[j];
            }
        big.n = ks->n;
        free(ks->slot);
        free(ks->line);
        *ks = big;
    }
    for (i = key_hash(key) & (ks->cap - 1); ks->slot[i];
         i = (i + 1) & (ks->cap - 1))
        if (strcmp(ks->slot[i], key) == 0)
            return ks->line[i];
    ks->slot[i] = xstrdup(key);
    ks->line[i] = line;
    ks->n++;
    return 0;
}

static void key_set_free(key_set *ks)
{
    for (size_t j = 0; j < ks->cap; j++)
        free(ks->slot[j]);
    free(ks->slot);
    free(ks->line);
}

typedef enum source_kind {
    SK_POSTMAP,                 /* hash: & co, built by postmap */
    SK_POSTALIAS,               /* an aliases file, built by postalias */
    SK_TEXTHASH                 /* read by the program itself */
} source_kind;

/* One finding about a source line: head (taken) is the headline; logged
 * is what Postfix logs, said by prog, or a whole note when prog is NULL. */
static void source_problem(sink *s, severity sev, int line, char *head,
                           const char *prog, const char *logged)
{
    span sp;

    if (s->found++ < 100) {
        memset(&sp, 0, sizeof(sp));
        sp.src = table_source(s->r->name);
        sp.line = sp.end_line = line;
        sp.col = sp.end_col = 1;
        if (prog)
            report_sev(s->ctx, s->self, sev, &sp, "%s (%s in %s):" DIAG_NOTE
                       " %s of Postfix %s logs \"warning: %s\"", head,
                       s->r->text, s->r->param, prog, s->ctx->version_text,
                       logged);
        else
            report_sev(s->ctx, s->self, sev, &sp, "%s (%s in %s):" DIAG_NOTE
                       " %s", head, s->r->text, s->r->param, logged);
    }
    free(head);
}

/* A line of an aliases file as postalias tokenizes it (tok822_scan()):
 * the first ':' must have a name before it, a value after it, no ','
 * before it; the name has no '@' or '%'. Lines with quotes, comments,
 * domain literals or backslashes are not judged. *key is the name when
 * it is one plain word (for duplicates), else NULL. */
static const char *alias_problem(const char *text, char **key)
{
    const char *colon = strchr(text, ':'), *p;
    size_t n;

    *key = NULL;
    if (strpbrk(text, "\"()[]\\"))
        return NULL;
    if (colon == NULL)
        return "need name:value pair";
    for (p = text; p < colon && pf_isspace(*p); p++)
        ;
    if (p == colon || colon[strspn(colon + 1, " \t\r\n\f\v") + 1] == '\0')
        return "need name:value pair";
    for (p = text; p < colon; p++)
        if (*p == ',')
            return "need name:value pair";
    for (p = text; p < colon; p++)
        if (*p == '@' || *p == '%')
            return "name must be local";
    n = (size_t) (colon - text);
    while (n > 0 && pf_isspace(text[n - 1]))
        n--;
    if (strcspn(text, " \t<>;") >= n) {
        *key = xstrndup(text, n);
        for (char *c = *key; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char) (*c - 'A' + 'a');
    }
    return NULL;
}

/* postmap's and dict_thash's split: the key ends at the first white
 * space outside quotes (a backslash escapes the next byte). False when a
 * quote is left open; else *key_len and *value (trimmed). */
static bool split_key(const char *text, size_t *key_len, const char **value,
                      size_t *value_len)
{
    const char *v;
    bool in_quotes = false;
    size_t n;

    for (v = text; *v; v++) {
        if (*v == '\\') {
            if (*++v == '\0')
                break;
        } else if (pf_isspace(*v)) {
            if (!in_quotes)
                break;
        } else if (*v == '"') {
            in_quotes = !in_quotes;
        }
    }
    if (in_quotes)
        return false;
    *key_len = (size_t) (v - text);
    while (*v && pf_isspace(*v))
        v++;
    n = strlen(v);
    while (n > 0 && pf_isspace(v[n - 1]))
        n--;
    *value = v;
    *value_len = n;
    return true;
}

static bool utf8_active(const lint_ctx *ctx)
{
    eff_value ev = effective_lookup(ctx->m, NULL, "smtputf8_enable");
    strbuf out;
    expand_result res;
    bool yes;

    if (ev.value == NULL)
        return false;
    sb_init(&out);
    memset(&res, 0, sizeof(res));
    effective_expand(ctx->m, NULL, "smtputf8_enable", ev.value, &out, &res);
    yes = !res.error && !res.too_large && out.data
        && strcasecmp(out.data, "yes") == 0;
    sb_free(&out);
    expand_result_free(&res);
    return yes;
}

static void check_source(const lint_ctx *ctx, const rule_desc *self,
                         const table_ref *r, source_kind sk, bool utf8)
{
    table_file tf;
    const char *text, *why;
    int line, err;
    key_set keys = {0};
    sink s = {ctx, self, r, 0};
    const char *prog = sk == SK_POSTMAP ? "postmap"
        : sk == SK_POSTALIAS ? "postalias" : "every program";
    const char *skipped = sk == SK_TEXTHASH ? " -- ignoring this line" : "";

    if (!table_file_open(&tf, r->name, &why, &err))
        return;
    while ((text = table_file_next(&tf, &line)) != NULL && s.found < 100) {
        char *msg = NULL, *key = NULL;
        const char *value;
        size_t key_len, value_len;
        int earlier;

        if (utf8 && !valid_utf8((const unsigned char *) text)) {
            char *shown = xstrdup(text);

            for (unsigned char *c = (unsigned char *) shown; *c; c++)
                if (*c < 0x20 || *c >= 0x7f)
                    *c = '?';
            msg = xasprintf("%s, line %d: non-UTF-8 input \"%s\" -- "
                            "ignoring this line", r->name, line, shown);
            source_problem(&s, SEV_WARNING, line, xstrdup("this line is not "
                           "UTF-8 and smtputf8_enable = yes: it is skipped"),
                           prog, msg);
            free(shown);
            free(msg);
            continue;
        }
        if (sk == SK_POSTALIAS) {
            const char *bad = alias_problem(text, &key);

            if (bad) {
                msg = xasprintf("%s, line %d: %s", r->name, line, bad);
                source_problem(&s, SEV_WARNING, line, xstrdup(
                               bad[0] == 'n' && bad[1] == 'e'
                               ? "this line is not \"name: value\": it is "
                               "skipped" : "an alias name with '@' or '%' is "
                               "not local: this line is skipped"), prog, msg);
                free(msg);
            }
        } else if (!split_key(text, &key_len, &value, &value_len)) {
            msg = xasprintf("%s, line %d: unbalanced '\"' in '%s' -- "
                            "ignoring this line", r->name, line, text);
            source_problem(&s, SEV_WARNING, line, xstrdup("a double quote is "
                           "not closed: this line is skipped"), prog, msg);
            free(msg);
        } else if (key_len == 0 || value_len == 0) {
            msg = xasprintf("%s, line %d: expected format: key whitespace "
                            "value%s", r->name, line, skipped);
            source_problem(&s, SEV_WARNING, line, xstrdup("a key without a "
                           "value: this line is skipped"), prog, msg);
            free(msg);
        } else {
            if (text[key_len - 1] == ':') {
                msg = xasprintf("%s, line %d: record is in \"key: value\" "
                                "format; is this an alias file?", r->name,
                                line);
                source_problem(&s, SEV_WARNING, line, xstrdup("the key ends "
                               "in ':' (aliases syntax), so it never matches "
                               "a lookup"), prog, msg);
                free(msg);
            }
            key = xstrndup(text, key_len);
            if (sk != SK_TEXTHASH)      /* DICT_FLAG_FOLD_FIX (ASCII) */
                for (char *c = key; *c; c++)
                    if (*c >= 'A' && *c <= 'Z')
                        *c = (char) (*c - 'A' + 'a');
        }
        if (key && (earlier = key_seen(&keys, key, line)) != 0) {
            if (sk == SK_TEXTHASH) {
                msg = xasprintf("every program of Postfix %s that opens "
                                "it logs \"error: %s, line %d: duplicate "
                                "entry: \"%s\"\" and every lookup in it "
                                "fails, so mail that needs it waits (smtpd "
                                "answers \"451 4.3.0 <rcpt>: Temporary "
                                "lookup failure\"); "
                                "postmap -q only warns", ctx->version_text,
                                r->name, line, key);
                source_problem(&s, SEV_ERROR, line, xasprintf("the key "
                               "\"%s\" is also at line %d, so the table "
                               "cannot be opened", key, earlier), NULL, msg);
            } else {
                /* The name the dict_*.c of the type logs. */
                if (str_eq(r->type, "hash") || str_eq(r->type, "btree"))
                    msg = xasprintf("%s.db: duplicate entry: \"%s\"",
                                    r->name, key);
                else if (str_eq(r->type, "lmdb"))
                    msg = xasprintf("lmdb:%s: duplicate entry: \"%s\"",
                                    r->name, key);
                else
                    msg = xasprintf("%s: duplicate entry: \"%s\"",
                                    r->name, key);
                source_problem(&s, SEV_WARNING, line, xasprintf("the key "
                               "\"%s\" is also at line %d, whose value is "
                               "kept: this line is ignored", key, earlier),
                               prog, msg);
            }
            free(msg);
        }
        free(key);
    }
    key_set_free(&keys);
    table_file_close(&tf);
}

static bool alias_param(const char *param)
{
    return str_eq(param, "alias_maps") || str_eq(param, "alias_database");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;
    bool utf8;

    if (ctx->no_files)
        return;
    utf8 = utf8_active(ctx);
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        table_kind kind;
        bool dup = false;
        const char *why;
        sink s = {ctx, self, r, 0};

        if (str_eq(r->type, "regexp"))
            kind = TK_REGEXP;
        else if (str_eq(r->type, "pcre"))
            kind = TK_PCRE;
        else if (str_eq(r->type, "cidr"))
            kind = TK_CIDR;
        else if (str_eq(r->type, "texthash") || table_built_suffix(r->type)) {
            source_kind sk = str_eq(r->type, "texthash") ? SK_TEXTHASH
                : alias_param(r->param) ? SK_POSTALIAS : SK_POSTMAP;

            if (!r->located || r->name[0] != '/')
                continue;
            for (size_t j = 0; j < i; j++)
                dup |= str_eq(t->refs[j].text, r->text)
                    && (sk == SK_TEXTHASH
                        || alias_param(t->refs[j].param) == alias_param(r->param));
            if (!dup)
                check_source(ctx, self, r, sk, utf8);
            continue;
        } else
            continue;
        if (!r->located || r->name[0] != '/')
            continue;
        for (size_t j = 0; j < i; j++)
            dup |= str_eq(t->refs[j].text, r->text)
                && t->refs[j].no_regsub == r->no_regsub;
        if (!dup)
            table_check_file(kind, r->name, ctx->version,
                             r->no_regsub ? TABLE_CHECK_NO_REGSUB : 0,
                             problem, &s, &why);
    }
}

const rule_desc rule_table_syntax = {
    "table-syntax", SEV_WARNING,
    "a lookup table line Postfix skips or misreads",
    "Postfix parses regexp:, pcre: and cidr: tables when a program opens "
    "them. A pattern that does not compile, a bad network mask, an unknown "
    "flag, a bad $n in the result, or an ENDIF without IF is logged once and "
    "the line is skipped: that rule never matches, and nothing else says "
    "so. postlint compiles the patterns as Postfix does (POSIX regcomp, "
    "PCRE2) and reports each such line at its place in the table. The "
    "sources of hash: (and other indexed) tables, aliases files and "
    "texthash: tables are read as postmap and postalias read them: a key "
    "without a value, an unclosed quote, a non-UTF-8 line, an alias name "
    "that is not local, a duplicate key. A duplicate key in a texthash: "
    "table makes the whole table fail to open.",
    check,
    SEV_ALSO(SEV_INFO) | SEV_ALSO(SEV_ERROR)
};
