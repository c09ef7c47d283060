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
 */
#include "rule.h"
#include "params.h"

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

static void visit(const vx_node *n, void *vctx)
{
    walk *w = vctx;
    span sp;
    diagnostic *d;

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
                       "3.0 or later: Postfix %s inserts the text after '?' "
                       "literally, braces and ':' included, into %s",
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
                   "stops the %s daemon with \"macro processing error\"%s",
                   n->error, w->name, w->value,
                   strlen(w->value) > 50 ? "..." : "",
                   w->svc->argv[MF_SERVICE].text, w->svc->argv[MF_TYPE].text,
                   w->ctx->version_text, w->svc->argv[MF_COMMAND].text,
                   strstr(n->error, "lone") ? "; write $$ for a dollar sign"
                   : "");
    else
        d = report(w->ctx, w->self, &sp,
                   "%s in the value of %s: Postfix %s programs that read "
                   "%s stop with \"macro processing error\"%s",
                   n->error, w->name, w->ctx->version_text, w->name,
                   strstr(n->error, "lone") ? "; write $$ for a dollar sign"
                   : "");
    if (strstr(n->error, "lone") && sp.end_off == sp.off + 1)
        diag_set_fix(d, &sp, "$$");
}

static bool is_raw(const char *name)
{
    const param_info *p = param_lookup(name);

    return p != NULL && str_starts(p->kind, "raw_string");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_params; i++) {
        walk w = {ctx, self, m->params[i].name, m->params[i].entry->value,
                  m->params[i].entry, NULL, NULL};

        if (!is_raw(w.name) && strchr(w.value, '$')) {
            vx_list *expr = value_parse(w.value);

            vx_each_node(expr, visit, &w);
            vx_free(expr);
        }
    }
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            walk w = {ctx, self, svc->opts[o].name, svc->opts[o].value,
                      NULL, &svc->opts[o], svc};

            if (!is_raw(w.name) && strchr(w.value, '$')) {
                vx_list *expr = value_parse(w.value);

                vx_each_node(expr, visit, &w);
                vx_free(expr);
            }
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
    check
};
