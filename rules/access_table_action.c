/*
 * access_table_action.c - rule "access-table-action": a right-hand side
 * in an access table that smtpd cannot use.
 *
 * smtpd reads the value a check_*_access table returns as an access(5)
 * action (check_table_result() in smtpd_check.c, 2.6 to 3.11): OK,
 * RELAY, REJECT, DEFER, DUNNO, 4NN/5NN text, DEFER_IF_PERMIT,
 * DEFER_IF_REJECT, WARN, HOLD, DISCARD, FILTER, REDIRECT, PREPEND, and
 * from 3.0 INFO, BCC, HANGUP. Anything else is run as a list of
 * restrictions, so:
 *  - a word that is neither an action, a restriction nor a class
 *    ("PERMIT", "OKAY", "250 ok"): 'unknown smtpd restriction' and "451
 *    4.3.5 Server configuration error": an error;
 *  - a value with a lookup table in it: "access table ... has entry with
 *    lookup table" and 451 4.3.5: an error;
 *  - a bare "550" (no text) is all digits, which means OK: a warning;
 *  - FILTER without transport:destination, REDIRECT or BCC without an
 *    address, PREPEND without "Name: text": smtpd warns and ignores the
 *    action: a warning.
 * Tables postlint reads: texthash:, the sources of indexed tables, cidr:
 * and inline:. Findings are at the table file's line.
 */
#include "rule.h"
#include "listtok.h"
#include "restrictions.h"
#include "table.h"
#include "table_file.h"
#include "table_refs.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool keyword(const char *w, pf_version v)
{
    static const char *const always[] = {
        "OK", "RELAY", "REJECT", "DEFER", "DUNNO", "DEFER_IF_PERMIT",
        "DEFER_IF_REJECT", "WARN", "HOLD", "DISCARD", "FILTER", "REDIRECT",
        "PREPEND", NULL
    };
    static const pf_version v3_0 = {3, 0, 0};

    for (const char *const *k = always; *k; k++)
        if (strcasecmp(w, *k) == 0)
            return true;
    return version_cmp(v, v3_0) >= 0 && (strcasecmp(w, "INFO") == 0
                                         || strcasecmp(w, "BCC") == 0
                                         || strcasecmp(w, "HANGUP") == 0);
}

static bool is_class(const lint_ctx *ctx, const char *w)
{
    const restriction_model *rm = ctx->restrictions;

    for (size_t i = 0; i < rm->n_services; i++)
        for (size_t c = 0; c < rm->services[i].n_classes; c++)
            if (str_eq(rm->services[i].classes[c]->param, w))
                return true;
    return false;
}

/* head ": " detail, *head_len the length of head (the headline). */
static char *why_of(size_t *head_len, char *head, char *detail)
{
    char *why = xasprintf("%s: %s", head, detail);

    *head_len = strlen(head);
    free(head);
    free(detail);
    return why;
}

/* Why the value is no good, or NULL; *sev its severity; the first
 * *head_len bytes say what is wrong, the rest after ": " the detail. */
static char *judge(const lint_ctx *ctx, const char *value, severity *sev,
                   size_t *head_len)
{
    char first[64];
    size_t n = strcspn(value, " \t");
    const char *text = value + n + strspn(value + n, " \t");
    list_tokens words = {0};
    char *why = NULL;

    *sev = SEV_WARNING;
    snprintf(first, sizeof(first), "%.*s", (int) (n < 63 ? n : 63), value);
    if (n == 0)
        return NULL;
    if (keyword(first, ctx->version)) {
        if (strcasecmp(first, "FILTER") == 0 && !strchr(text, ':'))
            return why_of(head_len,
                          xstrdup("FILTER needs transport:destination"),
                          xstrdup("smtpd logs 'requires "
                                  "transport:destination' and ignores the "
                                  "action"));
        if ((strcasecmp(first, "REDIRECT") == 0 || strcasecmp(first, "BCC") == 0)
            && !strchr(text, '@'))
            return why_of(head_len, xasprintf("%s needs user@domain", first),
                          xstrdup("smtpd logs 'requires user@domain "
                                  "target' and ignores the action"));
        if (strcasecmp(first, "PREPEND") == 0 && !strchr(text, ':'))
            return why_of(head_len,
                          xstrdup("PREPEND needs \"Header-Name: text\""),
                          xstrdup("smtpd logs 'requires header: text' and "
                                  "ignores it"));
        return NULL;
    }
    if (strspn(first, "0123456789") == n) {
        if (n == 3 && (first[0] == '4' || first[0] == '5') && *text == '\0')
            return why_of(head_len,
                          xasprintf("a bare \"%s\" has no text, so smtpd "
                                    "reads it as a number, which means OK",
                                    first),
                          xasprintf("the request is accepted; write \"%s "
                                    "text\" or REJECT", first));
        return NULL;            /* all digits: OK; NNN text: a reply */
    }
    *sev = SEV_ERROR;
    if (strchr(value, ':'))
        return why_of(head_len,
                      xstrdup("the value has a lookup table in it"),
                      xstrdup("smtpd logs 'access table ... has entry with "
                              "lookup table' and answers \"451 4.3.5 Server "
                              "configuration error\"; define a restriction "
                              "class and name it instead"));
    list_split(value, strlen(value), LIST_SEPARATORS, true, &words);
    for (size_t i = 0; i < words.n && why == NULL; i++) {
        char *w = xstrndup(words.items[i].text, words.items[i].len);
        const restriction_info *r = restriction_lookup(w);

        if (r && restriction_known_in(r, ctx->version)) {
            if (r->arg == RARG_DOMAIN || r->arg == RARG_SECONDS)
                i++;            /* its argument */
        } else if (!is_class(ctx, w)) {
            why = why_of(head_len,
                         xasprintf("\"%s\" is neither an access(5) action "
                                   "nor a restriction", w),
                         xasprintf("smtpd of Postfix %s logs 'unknown smtpd "
                                   "restriction: \"%s\"' and answers \"451 "
                                   "4.3.5 Server configuration error\"",
                                   ctx->version_text, w));
        }
        free(w);
    }
    list_tokens_free(&words);
    return why;
}

static void report_at(const lint_ctx *ctx, const rule_desc *self,
                      const table_ref *r, int line, severity sev, char *why,
                      size_t head_len)
{
    span sp;

    memset(&sp, 0, sizeof(sp));
    sp.src = table_source(r->name);
    sp.line = sp.end_line = line;
    sp.col = sp.end_col = 1;
    report_sev(ctx, self, sev, &sp, "%.*s (access table %s in %s):"
               DIAG_NOTE " %s", (int) head_len, why, r->text, r->param,
               why + head_len + 2);
    free(why);
}

static void check_file(const lint_ctx *ctx, const rule_desc *self,
                       const table_ref *r)
{
    table_file tf;
    const char *text, *why;
    int line, err, found = 0;

    if (!table_file_open(&tf, r->name, &why, &err))
        return;
    /* A table of garbage: the first findings say enough. */
    while ((text = table_file_next(&tf, &line)) != NULL && found < 50) {
        const char *v = text + strcspn(text, " \t");
        severity sev;
        size_t head_len;
        char *bad;

        v += strspn(v, " \t");
        if ((bad = judge(ctx, v, &sev, &head_len)) != NULL) {
            report_at(ctx, self, r, line, sev, bad, head_len);
            found++;
        }
    }
    table_file_close(&tf);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    if (ctx->no_files)
        return;
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        bool dup = false;

        if (!r->access || r->name[0] != '/'
            || !(str_eq(r->type, "texthash") || str_eq(r->type, "cidr")
                 || table_built_suffix(r->type)))
            continue;
        for (size_t j = 0; j < i; j++)
            dup |= t->refs[j].access && str_eq(t->refs[j].text, r->text);
        if (!dup)
            check_file(ctx, self, r);
    }
}

const rule_desc rule_access_table_action = {
    "access-table-action", SEV_ERROR,
    "an access table answer smtpd cannot use",
    "What a check_*_access table returns is an access(5) action (OK, "
    "REJECT, DEFER, DUNNO, 4NN/5NN text ...) or else a list of "
    "restrictions. A word that is neither makes smtpd answer 451 4.3.5 "
    "Server configuration error; a bare \"550\" is a number and means OK; "
    "FILTER, REDIRECT, BCC and PREPEND without their argument are ignored.",
    check,
    SEV_ALSO(SEV_WARNING)
};
