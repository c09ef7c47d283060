/*
 * unknown_parameter.c - rule "unknown-parameter": a name no Postfix
 * version has, that nothing refers to.
 *
 * Postfix ignores such a setting without a word at run time (postconf
 * says "unused parameter", without a line number). Usually a typo: the
 * nearest real names are suggested, and when there is exactly one, the
 * fix replaces the name. A per-service name (relay_destination_...) for
 * a service that does not exist gets its own explanation, and so does a
 * UTF-8 byte order mark glued to the first name of the file.
 * Names that exist in another version: see parameter-not-in-version.
 */
#include "rule.h"
#include "params.h"
#include "suggest.h"

#include <stdio.h>
#include <string.h>

static const char *const service_suffixes[] = {
    "_destination_concurrency_limit", "_destination_recipient_limit",
    "_destination_rate_delay", "_time_limit", "_recipient_limit", NULL
};

/* "smtp-amavis_destination_recipient_limit": the service part. */
static size_t service_prefix(const char *name)
{
    size_t len = strlen(name);

    for (const char *const *s = service_suffixes; *s; s++) {
        size_t n = strlen(*s);

        if (len > n && str_eq(name + len - n, *s))
            return len - n;
    }
    return 0;
}

#define UTF8_BOM "\xEF\xBB\xBF"

/* A UTF-8 byte order mark (editors on Windows write one) glued to the
 * first name: the name is then unknown, whatever follows the mark. The
 * fix deletes the three bytes. */
static void report_bom(const lint_ctx *ctx, const rule_desc *self,
                       const char *name, const span *sp)
{
    span bom = *sp;
    diagnostic *d;

    bom.end_line = bom.line;
    bom.end_col = bom.col + 3;
    bom.end_off = bom.off + 3;
    d = report(ctx, self, &bom,
               "the file starts with a UTF-8 byte order mark (BOM): Postfix "
               "%s reads it as part of the name, \"\\xEF\\xBB\\xBF%s\", "
               "which it does not know, so it ignores this setting of %s "
               "(postconf: unused parameter); save the file without the BOM",
               ctx->version_text, name + 3, name + 3);
    diag_set_fix(d, &bom, "");
}

static void report_name(const lint_ctx *ctx, const rule_desc *self,
                        const char *name, const span *sp, const char *where)
{
    const char *near[3];
    size_t n = suggest_names(name, ctx->version, near, 3);
    size_t svc_len = service_prefix(name);
    strbuf hint;
    diagnostic *d;

    if (str_starts(name, UTF8_BOM) && sp->col == 1 && sp->off == 0) {
        report_bom(ctx, self, name, sp);
        return;
    }
    sb_init(&hint);
    if (n == 1)
        sb_printf(&hint, "; did you mean %s?", near[0]);
    else if (n > 1)
        sb_printf(&hint, "; did you mean %s%s%s%s%s?", near[0],
                  n == 2 ? " or " : ", ", near[1], n == 3 ? " or " : "",
                  n == 3 ? near[2] : "");
    if (svc_len > 0 && n == 0)
        d = report(ctx, self, sp,
                   "unknown parameter %s%s: a per-service setting, but "
                   "master.cf has no delivery service named \"%.*s\": "
                   "Postfix %s ignores it (postconf: unused parameter)",
                   name, where, (int) svc_len, name, ctx->version_text);
    else
        d = report(ctx, self, sp,
                   "unknown parameter %s%s: no Postfix version has it and "
                   "no value refers to it as $%s, so Postfix %s ignores it "
                   "(postconf: unused parameter)%s",
                   name, where, name, ctx->version_text,
                   hint.data ? hint.data : "");
    if (n == 1) {
        diag_set_fix(d, sp, near[0]);
        d->fix.unsafe = true;   /* a spelling guess: never applied */
    }
    sb_free(&hint);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_params; i++)
        if (ctx->view->main[i] == PARAM_UNUSED && m->params[i].info == NULL)
            report_name(ctx, self, m->params[i].name,
                        &m->params[i].entry->name_sp, "");
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            const svc_option *opt = &svc->opts[o];
            span name_sp = opt->sp;
            char where[160];

            if (ctx->view->opts[s][o] != PARAM_UNUSED
                || param_lookup(opt->name) != NULL)
                continue;
            if (name_sp.line == name_sp.end_line) {
                name_sp.end_off = name_sp.off + strlen(opt->name);
                name_sp.end_col = name_sp.col + (int) strlen(opt->name);
            }
            snprintf(where, sizeof(where), " (-o of service %s/%s)",
                     svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text);
            report_name(ctx, self, opt->name, &name_sp, where);
        }
    }
}

const rule_desc rule_unknown_parameter = {
    "unknown-parameter", SEV_WARNING,
    "a parameter name that no Postfix version knows (a typo?)",
    "Postfix ignores main.cf settings and master.cf -o options whose name "
    "it does not know: no error, no log line at run time (postconf prints "
    "\"unused parameter\" without a line number). A name counts as known "
    "when it is a Postfix parameter, a per-service name for an existing "
    "master.cf service, or a user-defined name that some value uses as "
    "$name (or smtpd_restriction_classes lists). postlint suggests the "
    "nearest real names and fixes an unambiguous typo.",
    check
};
