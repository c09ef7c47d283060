/*
 * value_syntax.c - rule "value-syntax": a '$' expression Postfix cannot
 * parse.
 *
 * A lone '$' (not followed by a name, '{' or '('), an unterminated '${' or
 * '$(', an empty or bad name inside braces, or a malformed conditional
 * makes every program that reads the parameter die with "macro processing
 * error" (postconf -x and postfix check say the same). Checked in the
 * effective main.cf value of every parameter that is macro-expanded, and in
 * every master.cf -o value. Fix for a lone '$': write '$$'.
 * Raw parameters (params.tsv: raw_string) are never expanded, so their
 * '$' is only a character (smtpd_expansion_filter's default holds one);
 * raw templates (raw_template: default_rbl_reply, smtpd_reject_footer,
 * forward_path ...) are expanded by the program when used, with names of
 * its own: their syntax errors have the consequence at that use.
 * A comparison ${{a} op {b} ? ...} of two whole numbers converts both
 * with strtol(); a literal operand too large for a long makes the program
 * die with "mac_exp_eval: bad conversion" (mac_expand.c).
 */
#include "rule.h"
#include "params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct walk {
    const lint_ctx *ctx;
    const rule_desc *self;
    const char *name;
    const char *value;
    const mc_entry *entry;      /* main.cf, or NULL for -o */
    const svc_option *opt;
    const service *svc;
} walk;

static span node_span(const walk *w, const vx_node *n)
{
    if (w->entry)
        return mc_value_span_at(w->entry, n->off, n->end - n->off);
    /* -o: the value follows "name=" in the option word. */
    span sp = w->opt->sp;
    size_t skip = strlen(w->opt->name) + 1;

    if (sp.line == sp.end_line && sp.off + skip + n->end <= sp.end_off) {
        sp.off += skip + n->off;
        sp.col += (int) (skip + n->off);
        sp.end_off = sp.off + (n->end - n->off);
        sp.end_col = sp.col + (int) (n->end - n->off);
    }
    return sp;
}

/* A comparison operand that is literal digits only: its text, else NULL. */
static const char *literal_digits(const walk *w, const vx_list *l, size_t *len)
{
    const vx_node *t;

    if (l == NULL || l->n != 1 || l->nodes[0].kind != VX_TEXT)
        return NULL;
    t = &l->nodes[0];
    *len = t->end - t->off;
    if (*len == 0 || !str_all_digits(w->value + t->off, *len))
        return NULL;
    return w->value + t->off;
}

/* Postfix compares two all-digit operands as numbers (strtol); one too
 * large for a long is fatal. Only literal operands are decided. */
static void check_compare(walk *w, const vx_node *n)
{
    const char *a, *b, *big = NULL;
    size_t alen, blen, blen_big = 0;

    if (strstr(n->op, "level"))
        return;
    if ((a = literal_digits(w, n->part[0], &alen)) == NULL
        || (b = literal_digits(w, n->part[1], &blen)) == NULL)
        return;
    for (int i = 0; i < 2 && big == NULL; i++) {
        char *num = xstrndup(i ? b : a, i ? blen : alen);

        errno = 0;
        (void) strtol(num, NULL, 10);
        if (errno == ERANGE) {
            big = i ? b : a;
            blen_big = i ? blen : alen;
        }
        free(num);
    }
    if (big) {
        span sp = node_span(w, n);

        report(w->ctx, w->self, &sp, "the number %.*s in a comparison in "
               "the value of %s is too large to compare" DIAG_NOTE
               " Postfix %s compares two whole numbers as numbers (a long); "
               "programs that read %s (and postconf -x) stop with \"fatal: "
               "mac_exp_eval: bad conversion: %.*s\"", (int) blen_big, big,
               w->name, w->ctx->version_text, w->name, (int) blen_big, big);
    }
}

static void visit(const vx_node *n, void *vctx)
{
    walk *w = vctx;
    span sp;
    diagnostic *d;

    if (n->kind == VX_COMPARE && version_cmp(n->since, w->ctx->version) <= 0)
        check_compare(w, n);

    if (n->kind != VX_ERROR) {
        char since[32];

        /* A form this version does not understand is a parse error. */
        if (version_cmp(n->since, w->ctx->version) <= 0)
            return;
        sp = node_span(w, n);
        if (n->kind == VX_COND) {
            /* Before 3.0 the braces are just text: no error, wrong value. */
            report_sev(w->ctx, w->self, SEV_WARNING, &sp,
                       "the braced ${name?{text}:{text}} form needs Postfix "
                       "3.0 or later:" DIAG_NOTE
                       " Postfix %s inserts the text after '?' literally, "
                       "braces and ':' included, into %s",
                       w->ctx->version_text, w->name);
            return;
        }
        report(w->ctx, w->self, &sp,
               "this %s needs Postfix %d.%d or later: Postfix %s programs "
               "that read %s stop with \"macro processing error\"",
               n->kind == VX_FUNC ? "${name{text}} function call"
               : n->kind == VX_COMPARE ? (strstr(n->op, "level")
                                          ? "compatibility-level comparison"
                                          : "${{a} op {b} ? ...} comparison")
               : "expression",
               n->since.major, n->since.minor, w->ctx->version_text,
               w->name);
        (void) since;
        return;
    }
    sp = node_span(w, n);
    if (w->svc)
        d = report(w->ctx, w->self, &sp,
                   "%s in \"-o %s=%.50s%s\" of service %s/%s: Postfix %s "
                   "stops the %s daemon with \"macro processing "
                   "error\"" DIAG_NOTE
                   "%s",
                   n->error, w->name, w->value,
                   strlen(w->value) > 50 ? "..." : "",
                   w->svc->argv[MF_SERVICE].text, w->svc->argv[MF_TYPE].text,
                   w->ctx->version_text, w->svc->argv[MF_COMMAND].text,
                   strstr(n->error, "lone") ? "; write $$ for a dollar sign"
                   : "");
    else
        d = report(w->ctx, w->self, &sp,
                   "%s in the value of %s: Postfix %s programs that read "
                   "%s stop with \"macro processing error\"" DIAG_NOTE "%s",
                   n->error, w->name, w->ctx->version_text, w->name,
                   strstr(n->error, "lone") ? "; write $$ for a dollar sign"
                   : "");
    if (strstr(n->error, "lone") && sp.end_off == sp.off + 1)
        diag_set_fix(d, &sp, "$$");
}

/* Raw templates: main.cf's $ is not expanded in them, but the program
 * expands them later with its own names, where a syntax error has its
 * own consequence (from the source of each; see params.tsv). */
typedef struct template_effect {
    const char *name;
    severity sev;
    const char *effect;
} template_effect;

static const template_effect templates[] = {
    {"default_rbl_reply", SEV_ERROR, "smtpd stops with \"bad default rbl "
     "reply template\" at the first RBL reject"},
    {"command_execution_directory", SEV_ERROR, "local(8) logs \"bad "
     "parameter value syntax for command_execution_directory\" and defers "
     "every command delivery (4.3.5 mail system configuration error)"},
    {"smtpd_reject_footer", SEV_WARNING, "smtpd logs \"empty macro name\" "
     "or \"truncated macro reference\" and drops the footer from its "
     "replies"},
    {"postscreen_reject_footer", SEV_WARNING, "postscreen logs \"empty macro "
     "name\" or \"truncated macro reference\" and drops the footer from "
     "its replies"},
    {"forward_path", SEV_WARNING, "local(8) skips that .forward location"},
    {"luser_relay", SEV_WARNING, "local(8) relays to a malformed address"},
    {NULL, SEV_INFO, NULL}
};

static const template_effect *template_of(const char *name)
{
    for (const template_effect *t = templates; t->name; t++)
        if (str_eq(t->name, name))
            return t;
    return NULL;
}

/* A template: only syntax errors, with what they do at use. */
static void visit_template(const vx_node *n, void *vctx)
{
    walk *w = vctx;
    const template_effect *t = template_of(w->name);
    span sp;
    diagnostic *d;

    if (n->kind != VX_ERROR || t == NULL)
        return;
    sp = node_span(w, n);
    d = report_sev(w->ctx, w->self, t->sev, &sp,
                   "%s in %s:" DIAG_NOTE
                   " it is not expanded from main.cf, but when it is used "
                   "(Postfix %s) %s%s", n->error, w->name,
                   w->ctx->version_text, t->effect,
                   strstr(n->error, "lone") ? "; write $$ for a dollar sign"
                   : "");
    if (strstr(n->error, "lone") && sp.end_off == sp.off + 1)
        diag_set_fix(d, &sp, "$$");
}

static void check_value(walk *w)
{
    const param_info *p = param_lookup(w->name);
    vx_list *expr;

    /* A raw value that is never expanded: $ is just a character. */
    if (strchr(w->value, '$') == NULL
        || (param_is_raw(p) && !param_is_template(p)))
        return;
    expr = value_parse(w->value);
    vx_each_node(expr, param_is_template(p) ? visit_template : visit, w);
    vx_free(expr);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_params; i++) {
        walk w = {ctx, self, m->params[i].name, m->params[i].entry->value,
                  m->params[i].entry, NULL, NULL};

        check_value(&w);
    }
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            walk w = {ctx, self, svc->opts[o].name, svc->opts[o].value,
                      NULL, &svc->opts[o], svc};

            check_value(&w);
        }
    }
}

const rule_desc rule_value_syntax = {
    "value-syntax", SEV_ERROR,
    "a '$' expression in a value cannot be parsed",
    "Postfix expands $name, ${name}, $(name) and the conditional forms in "
    "parameter values. A '$' that is not followed by a name or a brace, an "
    "unterminated '${', or a malformed ${name?...} makes every program "
    "that reads the parameter stop with \"macro processing error\". Write "
    "$$ for a literal dollar sign.",
    check,
    SEV_ALSO(SEV_WARNING)
};
