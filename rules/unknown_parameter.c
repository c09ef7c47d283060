/*
 * unknown_parameter.c - rule "unknown-parameter": a name no Postfix
 * version has, that nothing refers to.
 *
 * Postfix ignores such a setting without a word at run time (postconf
 * says "unused parameter", without a line number). Usually a typo: the
 * nearest real names are suggested, and when there is exactly one, the
 * fix replaces the name. A per-service name (relay_destination_...) for
 * a service that does not exist, or runs a program that does not read
 * it, gets its own explanation and no spelling guess, and so does a
 * UTF-8 byte order mark glued to the first name of the file.
 * Names that exist in another version: see parameter-not-in-version.
 */
#include "rule.h"
#include "effective.h"
#include "params.h"
#include "service_params.h"
#include "suggest.h"

#include <stdio.h>
#include <string.h>

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
               "which it does not know," DIAG_NOTE
               " so it ignores this setting of %s (postconf: unused "
               "parameter); save the file without the BOM",
               ctx->version_text, name + 3, name + 3);
    diag_set_fix(d, &bom, "");
}

static void report_name(const lint_ctx *ctx, const rule_desc *self,
                        const char *name, const span *sp, const char *where)
{
    const char *near[3];
    size_t n = suggest_names(name, ctx->version, near, 3), svc_len;
    const service_suffix *sfx = service_suffix_of(name, &svc_len);
    strbuf hint;
    diagnostic *d;

    if (str_starts(name, UTF8_BOM) && sp->col == 1 && sp->off == 0) {
        report_bom(ctx, self, name, sp);
        return;
    }
    /* <service>_<suffix> is well formed: about the service, not a typo.
     * A near name would mislead (smtp_recipient_limit is one letter from
     * smtpd_recipient_limit, a server setting). */
    if (sfx)
        n = 0;
    sb_init(&hint);
    if (n == 1)
        sb_printf(&hint, "; did you mean %s?", near[0]);
    else if (n > 1)
        sb_printf(&hint, "; did you mean %s%s%s%s%s?", near[0],
                  n == 2 ? " or " : ", ", near[1], n == 3 ? " or " : "",
                  n == 3 ? near[2] : "");
    if (sfx) {
        const service *svc = service_named(ctx->m, name, svc_len);

        if (svc)
            d = report(ctx, self, sp,
                       "unknown parameter %s%s: %s is a per-service setting "
                       "(transport%s)," DIAG_NOTE
                       " but the master.cf service \"%.*s\" runs %s, and only "
                       "%s services read it: Postfix %s "
                       "ignores it (postconf: unused parameter)%s",
                       name, where, name, sfx->suffix, (int) svc_len, name,
                       service_daemon(svc), service_suffix_readers(sfx),
                       ctx->version_text, hint.data ? hint.data : "");
        else
            d = report(ctx, self, sp,
                       "unknown parameter %s%s: %s is a per-service setting "
                       "(transport%s)" DIAG_NOTE
                       " for a service named \"%.*s\", and master.cf has "
                       "none: Postfix %s ignores it (postconf: "
                       "unused parameter)%s",
                       name, where, name, sfx->suffix, (int) svc_len, name,
                       ctx->version_text, hint.data ? hint.data : "");
    } else
        d = report(ctx, self, sp,
                   "unknown parameter %s%s:" DIAG_NOTE
                   " no Postfix version has it and no value refers to it as "
                   "$%s, so Postfix %s ignores it "
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
    check,
    0
};
