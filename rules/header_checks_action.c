/*
 * header_checks_action.c - rule "header-checks-action": an action in a
 * content-inspection table of the SMTP/LMTP client or of
 * milter_header_checks that Postfix does not carry out.
 *
 * smtp(8) and lmtp(8) apply smtp_header_checks, smtp_mime_header_checks,
 * smtp_nested_header_checks and smtp_body_checks (lmtp_* likewise), and
 * cleanup(8) applies milter_header_checks, through header_body_checks.c
 * (hbc_action(), 2.5 to 3.11). The first word of a result is compared
 * without case with WARN, INFO, REPLACE, PREPEND, STRIP, IGNORE, DUNNO
 * and OK; milter_header_checks also has BCC, REJECT, FILTER, DISCARD,
 * HOLD and REDIRECT (cleanup_milter_hbc_extend()). Anything else is
 * logged as "unsupported command in MAP map: ..." and the header or body
 * line passes unchanged. REPLACE and PREPEND need text, and in a header
 * table that text must be "Name: value" (is_header()); else Postfix
 * warns and does nothing. All these are warnings: mail flows, but not
 * as the table says.
 *
 * Tables read: regexp: and pcre: (the result after the pattern and its
 * flags). A result with $n is judged only where the substitution cannot
 * change the verdict. Findings are at the table file's line.
 */
#include "rule.h"
#include "effective.h"
#include "table.h"
#include "table_file.h"
#include "table_refs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct hc_param {
    const char *name;
    const char *program;        /* for programs_in_use() */
    bool body;                  /* body lines, not headers */
    bool milter;                /* cleanup's extra actions */
} hc_param;

static const hc_param params[] = {
    {"smtp_header_checks", "smtp", false, false},
    {"smtp_mime_header_checks", "smtp", false, false},
    {"smtp_nested_header_checks", "smtp", false, false},
    {"smtp_body_checks", "smtp", true, false},
    {"lmtp_header_checks", "lmtp", false, false},
    {"lmtp_mime_header_checks", "lmtp", false, false},
    {"lmtp_nested_header_checks", "lmtp", false, false},
    {"lmtp_body_checks", "lmtp", true, false},
    {"milter_header_checks", "cleanup", false, true},
};

static bool word_is(const char *w, size_t n, const char *k)
{
    return strlen(k) == n && strncasecmp(w, k, n) == 0;
}

/* is_header(): printable ASCII name, optional blanks, then ':'. */
static bool is_header(const char *s)
{
    const unsigned char *c = (const unsigned char *) s;
    bool name = false, space = false;

    for (;; c++) {
        if (*c == ':')
            return name;
        if (*c == ' ' || *c == '\t') {
            if (!name)
                return false;
            space = true;
        } else if (*c == 0 || *c >= 0x7f || *c < 0x20 || space) {
            return false;
        } else {
            name = true;
        }
    }
}

/* The result of a regexp:/pcre: rule line, or NULL (IF, ENDIF, a line
 * table-syntax reports, or no result). */
static const char *rule_result(const char *line)
{
    const char *p = line;
    char delim;

    if (*p == '!')
        p++;
    while (pf_isspace(*p))
        p++;
    if (*p == '\0' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')
        || (*p >= 'A' && *p <= 'Z'))
        return NULL;            /* IF, ENDIF or garbage */
    delim = *p++;
    for (; *p && *p != delim; p++)
        if (*p == '\\' && p[1])
            p++;
    if (*p != delim)
        return NULL;
    for (p++; *p && !pf_isspace(*p); p++)
        ;                       /* flags */
    while (pf_isspace(*p))
        p++;
    return *p ? p : NULL;
}

/* What is wrong with result in this table, or NULL. */
static char *judge(const hc_param *hp, const char *result, const char *map)
{
    size_t n = strcspn(result, " \t");
    const char *text = result + n + strspn(result + n, " \t");
    static const char *const core[] = {
        "WARN", "INFO", "REPLACE", "PREPEND", "STRIP", "IGNORE", "DUNNO",
        "OK", NULL
    };
    static const char *const milter[] = {
        "BCC", "REJECT", "FILTER", "DISCARD", "HOLD", "REDIRECT", NULL
    };
    bool known = false;

    if (memchr(result, '$', n))
        return NULL;            /* the word comes from the pattern */
    for (const char *const *k = core; *k && !known; k++)
        known = word_is(result, n, *k);
    for (const char *const *k = milter; hp->milter && *k && !known; k++)
        known = word_is(result, n, *k);
    if (!known)
        return xasprintf("\"%.*s\" is not an action %s carries out for "
                         "%s, so the line passes unchanged\x1f"
                         "\"warning: unsupported command in %s map: %s\"",
                         (int) n, result, hp->program, map, map, result);
    if (!word_is(result, n, "REPLACE") && !word_is(result, n, "PREPEND"))
        return NULL;
    if (*text == '\0')
        return xasprintf("%.*s has no text, so it does nothing\x1f"
                         "\"warning: %s action without text in %s "
                         "map\"", (int) n, result, word_is(result, n, "REPLACE") ? "REPLACE"
                         : "PREPEND", map);
    if (!hp->body && strcspn(text, "$") >= strcspn(text, ":")
        && !is_header(text))
        return xasprintf("%.*s text is not \"Name: value\", so it does "
                         "nothing\x1f\"warning: bad %s header "
                         "text \"%s\" in %s map -- need \"headername: "
                         "headervalue\"\"", (int) n, result,
                         word_is(result, n, "REPLACE") ? "REPLACE" : "PREPEND", text, map);
    return NULL;
}

static void check_file(const lint_ctx *ctx, const rule_desc *self,
                       const hc_param *hp, const table_ref *r)
{
    table_file tf;
    const char *text, *why;
    int line, err, found = 0;

    if (!table_file_open(&tf, r->name, &why, &err))
        return;
    while ((text = table_file_next(&tf, &line)) != NULL && found < 50) {
        const char *result = rule_result(text);
        char *bad, *head;
        span sp;

        if (result == NULL || (bad = judge(hp, result, r->param)) == NULL)
            continue;
        head = xstrndup(bad, strcspn(bad, "\x1f"));
        memset(&sp, 0, sizeof(sp));
        sp.src = table_source(r->name);
        sp.line = sp.end_line = line;
        sp.col = sp.end_col = 1;
        report(ctx, self, &sp, "%s (%s in %s):" DIAG_NOTE " %s of Postfix "
               "%s logs %s", head, r->text, r->param,
               hp->milter ? "cleanup" : hp->program, ctx->version_text,
               bad + strlen(head) + 1);
        free(head);
        free(bad);
        found++;
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
        const hc_param *hp = NULL;
        bool dup = false;

        for (size_t k = 0; k < sizeof(params) / sizeof(params[0]); k++)
            if (str_eq(r->param, params[k].name))
                hp = &params[k];
        if (hp == NULL || r->name[0] != '/'
            || !(str_eq(r->type, "regexp") || str_eq(r->type, "pcre")))
            continue;
        if (r->svc == NULL && !programs_in_use(ctx->m, hp->program))
            continue;
        for (size_t j = 0; j < i; j++)
            dup |= str_eq(t->refs[j].text, r->text)
                && str_eq(t->refs[j].param, r->param);
        if (!dup)
            check_file(ctx, self, hp, r);
    }
}

const rule_desc rule_header_checks_action = {
    "header-checks-action", SEV_WARNING,
    "an smtp_*_checks or milter_header_checks action Postfix ignores",
    "The SMTP and LMTP clients carry out only WARN, INFO, REPLACE, "
    "PREPEND, STRIP, IGNORE, DUNNO and OK from smtp_header_checks, "
    "smtp_mime_header_checks, smtp_nested_header_checks and "
    "smtp_body_checks; milter_header_checks adds BCC, REJECT, FILTER, "
    "DISCARD, HOLD and REDIRECT. Another action (REJECT in "
    "smtp_header_checks) is logged as unsupported and the line passes "
    "unchanged; REPLACE or PREPEND without text, or in a header table "
    "without \"Name: value\" text, does nothing.",
    check,
    0
};
