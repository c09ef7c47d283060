/*
 * override_not_used_by_daemon.c - rule "override-not-used-by-daemon": a
 * master.cf -o that the service's program never reads.
 *
 * "-o smtp_tls_mandatory_protocols=TLSv1" on an smtpd service (the founding
 * case) changes nothing: smtpd reads smtpd_tls_*, the smtp client reads
 * smtp_tls_*. postconf and postfix check accept it, because the name is a
 * valid parameter of some program. The rule suggests the same setting for
 * the service's own program (smtp_ <-> smtpd_ ...); the fix removes the
 * option, which changes nothing (a rename could change behaviour: a
 * mandatory protocol list is inert at level may, and "TLSv1" as an
 * opportunistic list would allow TLSv1 only). A setting that another
 * value uses as $name is not reported: it matters through that
 * reference.
 * Severity: a warning, as the service does not do what the line says;
 * info where the line would change nothing even if it were read: its
 * value is the one in force anyway (main.cf or the default), the setting
 * it was probably meant as is set on the service too, or it is
 * non_smtpd_milters on smtpd (mail smtpd receives never passes those:
 * smtpd hands cleanup its own milter list, or none).
 */
#include "rule.h"
#include "effective.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The parameter prefix of a program, where its settings have one. */
static const char *daemon_prefix(const char *daemon)
{
    static const char *const prefixed[] = {
        "smtpd", "smtp", "lmtp", "postscreen", "tlsproxy", "qmqpd", NULL
    };

    for (const char *const *p = prefixed; *p; p++)
        if (str_eq(*p, daemon))
            return *p;
    return NULL;
}

/* smtp_tls_mandatory_protocols for smtpd -> smtpd_tls_mandatory_protocols */
static const param_info *likely_meant(const char *name, const char *daemon)
{
    const char *prefix = daemon_prefix(daemon), *rest = strchr(name, '_');
    char candidate[256];
    const param_info *p;

    if (prefix == NULL || rest == NULL)
        return NULL;
    snprintf(candidate, sizeof(candidate), "%s%s", prefix, rest);
    p = param_lookup(candidate);
    return p && daemon_reads(p, daemon) ? p : NULL;
}

/* Why the option would change nothing even if it were read, or NULL. */
static const char *harmless(const model *m, const service *svc,
                            const svc_option *opt, const char *daemon,
                            const param_info *meant)
{
    eff_value anyway = effective_lookup(m, NULL, opt->name);

    if (str_eq(opt->name, "non_smtpd_milters") && str_eq(daemon, "smtpd"))
        return "mail that smtpd receives never passes non_smtpd_milters "
            "(cleanup applies them to local submissions only), so the "
            "line changes nothing";
    if (anyway.value && strcasecmp(anyway.value, opt->value) == 0)
        return "its value is the one in force anyway, so the line changes "
            "nothing";
    if (meant && service_option(svc, meant->name))
        return "the service sets that one too, so the line changes nothing";
    return NULL;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;
    strbuf readers;

    sb_init(&readers);
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];
        const char *daemon = service_daemon(svc);

        if (!svc->has_fields || !daemon_known(daemon))
            continue;
        for (size_t o = 0; o < svc->n_opts; o++) {
            const svc_option *opt = &svc->opts[o];
            const param_info *p = param_lookup(opt->name), *meant;
            span name_sp = opt->sp;
            const char *why;
            diagnostic *d;

            if (p == NULL || !param_builtin_in(p, m->version)
                || daemon_reads(p, daemon)
                || ctx->view->opts[s][o] == PARAM_USER
                || ctx->view->opt_referenced[s][o])
                continue;
            meant = likely_meant(opt->name, daemon);
            if (name_sp.line == name_sp.end_line) {
                name_sp.end_off = name_sp.off + strlen(opt->name);
                name_sp.end_col = name_sp.col + (int) strlen(opt->name);
            }
            sb_reset(&readers);
            readers_text(p, m->version, &readers);
            why = harmless(m, svc, opt, daemon, meant);
            d = report_sev(ctx, self, why ? SEV_INFO : SEV_WARNING, &name_sp,
                           "-o %s on service %s/%s has no effect: that "
                           "service runs %s, and %s never reads %s (%s "
                           "%s)" DIAG_NOTE
                           "%s%s; delete it%s%s%s",
                           opt->name, svc->argv[MF_SERVICE].text,
                           svc->argv[MF_TYPE].text, daemon, daemon,
                           opt->name, readers.data,
                           strchr(readers.data, ',') ? "do" : "does",
                           why ? "; " : "", why ? why : "",
                           meant && !why ? ", or if you meant " : "",
                           meant && !why ? meant->name : "",
                           meant && !why && strstr(meant->name, "_tls_")
                           ? ", check what that setting does at this "
                           "service's TLS level first" : "");
            /* The safe fix removes the option: it does nothing now, and
             * renaming could change what the service does (a protocol
             * list meant for mandatory TLS, at level may). */
            if (opt->opt_sp.line == opt->sp.end_line) {
                span whole = opt->opt_sp;

                whole.end_off = opt->sp.end_off;
                whole.end_col = opt->sp.end_col;
                diag_set_fix(d, &whole, "");
            }
        }
    }
    sb_free(&readers);
}

const rule_desc rule_override_not_used_by_daemon = {
    "override-not-used-by-daemon", SEV_WARNING,
    "a master.cf -o sets a parameter that the service's program never reads",
    "A -o option overrides a parameter for one service, but only the "
    "parameters that the service's program reads matter. The classic "
    "mistake is an smtp_ client setting on an smtpd (server) service, or "
    "the reverse: postconf accepts it because the name is valid for some "
    "program, and the setting silently does nothing.",
    check,
    SEV_ALSO(SEV_INFO)
};
