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
 */
#include "rule.h"
#include "table.h"
#include "table_check.h"
#include "table_refs.h"

#include <string.h>

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

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    if (ctx->no_files)
        return;
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
        else
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
    "a regexp:, pcre: or cidr: table line Postfix skips",
    "Postfix parses regexp:, pcre: and cidr: tables when a program opens "
    "them. A pattern that does not compile, a bad network mask, an unknown "
    "flag, a bad $n in the result, or an ENDIF without IF is logged once and "
    "the line is skipped: that rule never matches, and nothing else says "
    "so. postlint compiles the patterns as Postfix does (POSIX regcomp, "
    "PCRE2) and reports each such line at its place in the table.",
    check,
    SEV_ALSO(SEV_INFO)
};
