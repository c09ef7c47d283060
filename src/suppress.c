/*
 * suppress.c - read "# postlint: disable=..." comments and apply them.
 *
 * Interface: see suppress.h.
 *
 * Postfix ignores comment lines and blank lines everywhere, also between
 * a line and its continuation lines (those that start with white space).
 * So the entry a directive covers starts at the next line that is
 * neither blank nor a comment, and ends at its last continuation line.
 * Several directives in a row all cover the same entry.
 *
 * Diagnostics: suppression-without-reason, unused-suppression (their
 * descriptors live in rules/; they are reported here because they can
 * only be decided after every other rule has run).
 */
#include "suppress.h"
#include "rule.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define DIRECTIVE "postlint:"

extern const rule_desc rule_unused_suppression;
extern const rule_desc rule_suppression_without_reason;

typedef struct text_line {
    const char *p;
    size_t len;             /* without the newline (and CR) */
    size_t off;
} text_line;

static bool next_line(const source *src, size_t *at, text_line *l)
{
    const char *nl;

    if (*at >= src->len)
        return false;
    l->p = src->text + *at;
    l->off = *at;
    nl = memchr(l->p, '\n', src->len - *at);
    l->len = nl ? (size_t) (nl - l->p) : src->len - *at;
    *at += l->len + (nl != NULL);
    if (l->len && l->p[l->len - 1] == '\r')
        l->len--;
    return true;
}

static size_t skip_space(const text_line *l, size_t i)
{
    while (i < l->len && (l->p[i] == ' ' || l->p[i] == '\t'))
        i++;
    return i;
}

static bool is_comment_or_blank(const text_line *l)
{
    size_t i = skip_space(l, 0);

    return i == l->len || l->p[i] == '#';
}

/* Lines [first, last] of the entry that starts after line `line`. */
static void covered_entry(const source *src, size_t at, int line,
                          int *first, int *last)
{
    text_line l;

    *first = *last = 0;
    while (next_line(src, &at, &l)) {
        line++;
        if (is_comment_or_blank(&l))
            continue;
        if (*first && (l.p[0] != ' ' && l.p[0] != '\t'))
            break;
        if (*first == 0 && (l.p[0] == ' ' || l.p[0] == '\t'))
            break;          /* a stray continuation: nothing to cover */
        if (*first == 0)
            *first = line;
        *last = line;
    }
}

static void add_rule(suppression *s, const char *name, size_t len)
{
    size_t cap = s->n_rules;

    s->rules = grow_array(s->rules, &cap, s->n_rules + 1, sizeof(char *));
    s->rules[s->n_rules++] = xstrndup(name, len);
}

/* Parse "disable[-file]=A,B -- reason" at l->p[i]. */
static void parse_directive(suppression *s, const text_line *l, size_t i)
{
    static const char rule_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789-";
    size_t k;

    if (l->len - i >= 13 && memcmp(l->p + i, "disable-file=", 13) == 0) {
        s->whole_file = true;
        i += 13;
    } else if (l->len - i >= 8 && memcmp(l->p + i, "disable=", 8) == 0) {
        i += 8;
    } else {
        s->malformed = true;
        return;
    }
    for (;;) {
        k = i;
        while (k < l->len && strchr(rule_chars, l->p[k]) && l->p[k])
            k++;
        if (k == i) {
            s->malformed = true;
            return;
        }
        add_rule(s, l->p + i, k - i);
        i = skip_space(l, k);
        if (i < l->len && l->p[i] == ',') {
            i = skip_space(l, i + 1);
            continue;
        }
        break;
    }
    if (i == l->len)
        return;
    if (l->len - i < 2 || memcmp(l->p + i, "--", 2) != 0) {
        s->malformed = true;
        return;
    }
    s->has_reason = skip_space(l, i + 2) < l->len;
}

static void set_span(suppression *s, const source *src, const text_line *l,
                     size_t i, int line)
{
    s->sp.src = src;
    s->sp.line = s->sp.end_line = line;
    s->sp.col = (int) i + 1;
    s->sp.end_col = (int) l->len + 1;
    s->sp.off = l->off + i;
    s->sp.end_off = l->off + l->len;
}

void suppress_scan(suppress_set *set, const source *src)
{
    size_t at = 0;
    int line = 0;
    text_line l;

    /* A file postlint cannot trust must not silence its own findings
     * (file-ownership above all). */
    if (src == NULL || src->untrusted)
        return;
    while (next_line(src, &at, &l)) {
        size_t i = skip_space(&l, 0);
        suppression *s;

        line++;
        if (i == l.len || l.p[i] != '#')
            continue;
        i = skip_space(&l, i + 1);
        if (l.len - i < strlen(DIRECTIVE)
            || memcmp(l.p + i, DIRECTIVE, strlen(DIRECTIVE)) != 0)
            continue;
        set->items = grow_array(set->items, &set->cap, set->n + 1,
                                sizeof(*set->items));
        s = memset(&set->items[set->n++], 0, sizeof(*s));
        set_span(s, src, &l, i, line);
        parse_directive(s, &l, skip_space(&l, i + strlen(DIRECTIVE)));
        s->used = xcalloc(s->n_rules + 1, sizeof(bool));
        if (!s->whole_file)
            covered_entry(src, at, line, &s->first, &s->last);
    }
}

/* Does s silence d? Marks the rule used when it does. */
static bool silences(suppression *s, const diagnostic *d)
{
    if (s->malformed || d->sp.src != s->sp.src)
        return false;
    if (!s->whole_file && (d->sp.line < s->first || d->sp.line > s->last))
        return false;
    for (size_t i = 0; i < s->n_rules; i++) {
        if (str_eq(s->rules[i], d->rule)) {
            s->used[i] = true;
            return true;
        }
    }
    return false;
}

static void report_unused(const suppression *s, diag_set *diags)
{
    const rule_desc *r = &rule_unused_suppression;

    if (s->malformed) {
        diag_add(diags, r->id, r->sev, &s->sp, "postlint cannot read this "
                 "suppression, so it silences nothing;" DIAG_NOTE
                 " write \"# postlint: disable=RULE[,RULE] -- reason\" (or "
                 "disable-file=)");
        return;
    }
    if (!s->whole_file && s->first == 0) {
        diag_add(diags, r->id, r->sev, &s->sp, "this suppression is not "
                 "followed by a parameter or master.cf entry, so it "
                 "silences nothing;" DIAG_NOTE
                 " put it on the line just before the entry, or use "
                 "disable-file=");
        return;
    }
    for (size_t i = 0; i < s->n_rules; i++) {
        if (s->used[i])
            continue;
        if (rule_find(s->rules[i]) == NULL)
            diag_add(diags, r->id, r->sev, &s->sp, "no rule \"%s\" "
                     "(postlint --list-rules lists them), so this "
                     "suppression silences nothing", s->rules[i]);
        else
            diag_add(diags, r->id, r->sev, &s->sp, "%s reports nothing "
                     "%s, so this suppression is unused; delete it",
                     s->rules[i], s->whole_file ? "in this file"
                     : "on the entry below");
    }
}

void suppress_apply(suppress_set *set, diag_set *diags)
{
    size_t kept = 0;

    for (size_t i = 0; i < diags->n; i++) {
        bool silenced = false;

        for (size_t k = 0; k < set->n; k++)
            silenced |= silences(&set->items[k], &diags->items[i]);
        if (silenced) {
            free(diags->items[i].message);
            free(diags->items[i].fix.replacement);
        } else {
            diags->items[kept++] = diags->items[i];
        }
    }
    diags->n = kept;
    for (size_t k = 0; k < set->n; k++) {
        const suppression *s = &set->items[k];

        report_unused(s, diags);
        if (!s->malformed && !s->has_reason)
            diag_add(diags, rule_suppression_without_reason.id,
                     rule_suppression_without_reason.sev, &s->sp,
                     "suppression without a reason:" DIAG_NOTE
                     " say why after \"--\" (\"# postlint: disable=RULE -- "
                     "why\") so the next "
                     "postmaster knows whether it still holds");
    }
}

void suppress_free(suppress_set *set)
{
    for (size_t k = 0; k < set->n; k++) {
        for (size_t i = 0; i < set->items[k].n_rules; i++)
            free(set->items[k].rules[i]);
        free(set->items[k].rules);
        free(set->items[k].used);
    }
    free(set->items);
    memset(set, 0, sizeof(*set));
}
