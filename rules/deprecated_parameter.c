/*
 * deprecated_parameter.c - rule "deprecated-parameter": an old name that
 * still works but has a replacement.
 *
 * The TLS booleans *_use_tls and *_enforce_tls (smtpd, smtp, lmtp,
 * postscreen, tlsproxy) gave way to *_tls_security_level in 2.3 (2.8 for
 * postscreen and tlsproxy): a non-empty level overrides them, and from
 * 3.9 postconf warns that they will be removed. Renamed parameters whose
 * new default still falls back to the old name (virtual_maps,
 * smtpd_per_record_deadline, ...) keep working but mislead readers.
 * (smtp/lmtp_enforce_tls = yes meant "verify" unless
 * *_tls_enforce_peername = no.)
 * Fix: the equivalent security level, or the new name, when the
 * replacement is not already set; when both are set, the note says which
 * one wins.
 * sun_mailtool_compatibility = yes: mailbox_delivery_lock = dotlock
 * (local.c), an error when that list has no dotlock (local stops).
 * Severity: info, as the old name still works; a warning when the new
 * setting overrides it with another meaning (smtpd_enforce_tls = yes
 * under smtpd_tls_security_level = may: TLS is not required, whatever the
 * line says).
 */
#include "rule.h"
#include "effective.h"
#include "params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct tls_family {
    const char *prefix;
    pf_version since;       /* when *_tls_security_level appeared */
} tls_family;

static const tls_family families[] = {
    {"smtpd", {2, 3, 0}}, {"smtp", {2, 3, 0}}, {"lmtp", {2, 3, 0}},
    {"postscreen", {2, 8, 0}}, {"tlsproxy", {2, 8, 0}}, {NULL, {0, 0, 0}}
};

static bool is_yes(const main_param *p)
{
    return p && strcasecmp(p->entry->value, "yes") == 0;
}

static void check_family(const lint_ctx *ctx, const rule_desc *self,
                         const tls_family *f)
{
    const model *m = ctx->m;
    char use_name[64], enforce_name[64], level_name[64];
    const main_param *use, *enforce, *level;
    const char *equiv;

    snprintf(use_name, sizeof(use_name), "%s_use_tls", f->prefix);
    snprintf(enforce_name, sizeof(enforce_name), "%s_enforce_tls", f->prefix);
    snprintf(level_name, sizeof(level_name), "%s_tls_security_level",
             f->prefix);
    use = model_main_param(m, use_name);
    enforce = model_main_param(m, enforce_name);
    level = model_main_param(m, level_name);
    if ((!use && !enforce) || version_cmp(ctx->version, f->since) < 0)
        return;
    equiv = is_yes(enforce) ? "encrypt" : is_yes(use) ? "may" : "none";
    /* The clients' enforce_tls meant "verify" unless peer name checks
     * were turned off (*_tls_enforce_peername, default yes). */
    if (is_yes(enforce) && (str_eq(f->prefix, "smtp")
                            || str_eq(f->prefix, "lmtp"))) {
        char peer[64];
        const main_param *pn;

        snprintf(peer, sizeof(peer), "%s_tls_enforce_peername", f->prefix);
        pn = model_main_param(m, peer);
        if (pn == NULL || strcasecmp(pn->entry->value, "no") != 0)
            equiv = "verify";
    }
    for (int i = 0; i < 2; i++) {
        const main_param *old = i == 0 ? use : enforce;
        diagnostic *d;

        if (old == NULL)
            continue;
        if (level && level->entry->value[0]) {
            /* Ignored: harmless when it says what the level says, a
             * mistake with a consequence when it claims more (or less). */
            const char *says = i == 0 ? (is_yes(use) ? "may" : "none")
                : equiv;
            bool agrees = strcasecmp(says, level->entry->value) == 0
                || (i == 0 && !is_yes(use));

            report_sev(ctx, self, agrees ? SEV_INFO : SEV_WARNING,
                       &old->entry->name_sp,
                       "%s is obsolete, and %s = %s (line %d) overrides "
                       "it:" DIAG_NOTE
                       " Postfix %s ignores this line%s; delete it",
                       old->name, level_name, level->entry->value,
                       level->entry->name_sp.line, ctx->version_text,
                       agrees ? "" : ", so TLS is not what it says");
            continue;
        }
        d = report(ctx, self, &old->entry->name_sp,
                   "%s is obsolete since Postfix %d.%d (3.9 and later warn "
                   "that it will be removed):" DIAG_NOTE
                   " write %s = %s instead%s",
                   old->name, f->since.major, f->since.minor, level_name,
                   equiv, use && enforce ? ", replacing both lines" : "");
        /* One old line and no level: replace it with the level. */
        if (!(use && enforce) && old->entry->line_sp.line
            == old->entry->line_sp.end_line) {
            char fix[128];

            snprintf(fix, sizeof(fix), "%s = %s", level_name, equiv);
            diag_set_fix(d, &old->entry->line_sp, fix);
        }
    }
}

/* "renamed to NEW in V" / "replaced by NEW in V" in the knowledge base. */
static bool replacement(const param_info *p, char *name, size_t size)
{
    const char *note = p->deprecated_note, *at;
    size_t n;

    if ((at = strstr(note, "renamed to ")) != NULL)
        at += 11;
    else if ((at = strstr(note, "replaced by ")) != NULL)
        at += 12;
    else
        return false;
    n = strspn(at, "abcdefghijklmnopqrstuvwxyz0123456789_");
    if (n == 0 || n >= size)
        return false;
    memcpy(name, at, n);
    name[n] = '\0';
    return param_lookup(name) != NULL;
}

static void check_renamed(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_params; i++) {
        const main_param *p = &m->params[i], *q;
        const param_info *now;
        char name[128];
        diagnostic *d;

        /* Only names still honoured (a default refers to them). */
        if (p->info == NULL || ctx->view->main[i] != PARAM_USER
            || !replacement(p->info, name, sizeof(name))
            || (now = param_lookup(name)) == NULL
            || !param_builtin_in(now, ctx->version))
            continue;
        if ((q = model_main_param(m, name)) != NULL) {
            bool same = str_eq(q->entry->value, p->entry->value);

            report_sev(ctx, self, same ? SEV_INFO : SEV_WARNING,
                       &p->entry->name_sp,
                       "%s is the old name of %s, which is also "
                       "set%s:" DIAG_NOTE
                       " Postfix %s uses %s and ignores this line; delete it",
                       p->name, name, same ? " to the same value"
                       : " to another value", ctx->version_text, name);
            continue;
        }
        d = report(ctx, self, &p->entry->name_sp,
                   "%s is the old name of %s:" DIAG_NOTE
                   " Postfix %s still honours it through the default of %s, "
                   "but write %s",
                   p->name, name, ctx->version_text, name, name);
        diag_set_fix(d, &p->entry->name_sp, name);
    }
}

/* The same TLS booleans as master.cf -o options. */
static void check_options(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            const svc_option *opt = &svc->opts[o];
            const tls_family *f;
            char level[64], fix[128];
            const char *equiv;
            size_t plen;
            diagnostic *d;

            for (f = families; f->prefix; f++) {
                plen = strlen(f->prefix);
                if (strncmp(opt->name, f->prefix, plen) == 0
                    && (str_eq(opt->name + plen, "_use_tls")
                        || str_eq(opt->name + plen, "_enforce_tls")))
                    break;
            }
            if (f->prefix == NULL || version_cmp(ctx->version, f->since) < 0)
                continue;
            snprintf(level, sizeof(level), "%s_tls_security_level",
                     f->prefix);
            if (strcasecmp(opt->value, "yes") != 0)
                equiv = "none";
            else
                equiv = strstr(opt->name, "enforce") ? "encrypt" : "may";
            /* The clients' enforce meant verify (see check_family). */
            if (str_eq(equiv, "encrypt") && (str_eq(f->prefix, "smtp")
                                             || str_eq(f->prefix, "lmtp"))) {
                char peer[64];
                eff_value pn;

                snprintf(peer, sizeof(peer), "%s_tls_enforce_peername",
                         f->prefix);
                pn = effective_lookup(m, svc, peer);
                if (pn.value == NULL || strcasecmp(pn.value, "no") != 0)
                    equiv = "verify";
            }
            {
                eff_value lv = effective_lookup(m, svc, level);

                if (lv.value && lv.value[0]) {
                    bool agrees = strcasecmp(equiv, lv.value) == 0;

                    d = report_sev(ctx, self, agrees ? SEV_INFO : SEV_WARNING,
                                   &opt->sp,
                                   "-o %s is ignored right now: %s = %s (%s) "
                                   "overrides it for service %s/%s;" DIAG_NOTE
                                   " write -o %s=%s if that is what the "
                                   "service needs",
                                   opt->name, level, lv.value,
                                   lv.origin == ORIGIN_MASTER ? "-o"
                                   : lv.origin == ORIGIN_MAIN ? "main.cf"
                                   : "default", svc->argv[MF_SERVICE].text,
                                   svc->argv[MF_TYPE].text, level, equiv);
                    snprintf(fix, sizeof(fix), "%s=%s", level, equiv);
                    if (opt->sp.line == opt->sp.end_line)
                        diag_set_fix(d, &opt->sp, fix);
                    continue;
                }
            }
            d = report(ctx, self, &opt->sp,
                       "-o %s is obsolete since Postfix %d.%d:" DIAG_NOTE
                       " write -o %s=%s (a non-empty level overrides %s)",
                       opt->name, f->since.major, f->since.minor, level,
                       equiv, opt->name);
            snprintf(fix, sizeof(fix), "%s=%s", level, equiv);
            if (opt->sp.line == opt->sp.end_line)
                diag_set_fix(d, &opt->sp, fix);
        }
    }
}

typedef struct retired {
    const char *name;
    pf_version since;       /* from this version the note applies */
    const char *why;
} retired;

/* Settings that still parse but no longer do what they used to. */
static const retired retired_names[] = {
    {"smtpd_tls_eecdh_grade", {3, 6, 0}, "ignored since Postfix 3.6: the "
     "server always uses tls_eecdh_auto_curves (postconf 3.9+ warns about "
     "it); delete the line"},
    {"tlsproxy_tls_eecdh_grade", {3, 6, 0}, "ignored since Postfix 3.6: "
     "tlsproxy always uses tls_eecdh_auto_curves; delete the line"},
    {"smtpd_tls_dh512_param_file", {3, 6, 0}, "ignored since Postfix 3.6 "
     "(export-grade DH is gone); delete the line"},
    {"smtpd_tls_dh1024_param_file", {3, 9, 0}, "discouraged since Postfix "
     "3.9, which warns about it: with OpenSSL 3 the default (auto) picks "
     "standard groups; delete the line"},
    {"disable_dns_lookups", {2, 11, 0}, "replaced by smtp_dns_support_level "
     "in Postfix 2.11: write smtp_dns_support_level = disabled for yes, "
     "nothing for no"},
    {"smtp_tls_per_site", {2, 3, 0}, "superseded by smtp_tls_policy_maps "
     "in Postfix 2.3 (postconf 3.9+ warns that it will be removed)"},
    {"lmtp_tls_per_site", {2, 3, 0}, "superseded by lmtp_tls_policy_maps "
     "in Postfix 2.3 (postconf 3.9+ warns that it will be removed)"},
    {NULL, {0, 0, 0}, NULL}
};

static void check_retired(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (const retired *r = retired_names; r->name; r++) {
        const main_param *p = model_main_param(m, r->name);

        if (version_cmp(ctx->version, r->since) < 0)
            continue;
        if (p && !(p->info && !param_builtin_in(p->info, ctx->version)))
            report(ctx, self, &p->entry->name_sp, "Postfix %s: %s is %s",
                   ctx->version_text, r->name, r->why);
        /* The same names as master.cf -o (disable_dns_lookups on an
         * amavis smtp service is common). */
        for (size_t s = 0; s < m->n_services; s++) {
            const service *svc = &m->services[s];

            for (size_t o = 0; o < svc->n_opts; o++)
                if (str_eq(svc->opts[o].name, r->name))
                    report(ctx, self, &svc->opts[o].sp,
                           "Postfix %s: -o %s (service %s/%s) is %s",
                           ctx->version_text, r->name, svc->argv[MF_SERVICE].text,
                           svc->argv[MF_TYPE].text, r->why);
        }
    }
}

/* The expanded value of name in svc's scope, or NULL on error. */
/*
 * sun_mailtool_compatibility = yes (local.c): local logs "warning:
 * sun_mailtool_compatibility: deprecated parameter, use
 * "mailbox_delivery_lock = dotlock" instead" and keeps only dotlock of
 * mailbox_delivery_lock; without dotlock there, no method is left and
 * local stops: "fatal: parameter mailbox_delivery_lock specifies no
 * applicable mailbox locking method" (an error).
 */
static void check_mailtool(const lint_ctx *ctx, const rule_desc *self,
                           const setting *st)
{
    const param_info *p = param_lookup(st->name);
    char *v, *lock;
    bool dotlock = false;

    if (!str_eq(st->name, "sun_mailtool_compatibility") || p == NULL
        || !setting_reaches(ctx->m, st->svc, p, "local"))
        return;
    v = effective_text(ctx->m, st->svc, st->name, st->value);
    if (v == NULL || strcasecmp(v, "yes") != 0) {
        free(v);
        return;
    }
    free(v);
    {
        eff_value lv = effective_lookup(ctx->m, st->svc,
                                        "mailbox_delivery_lock");

        lock = lv.value ? effective_text(ctx->m, st->svc,
                                         "mailbox_delivery_lock", lv.value)
                        : NULL;
    }
    if (lock == NULL)
        return;
    for (char *w = lock; *w; ) {
        size_t n;

        w += strspn(w, ", \t\r\n");
        n = strcspn(w, ", \t\r\n");
        dotlock |= n == 7 && strncmp(w, "dotlock", 7) == 0;
        w += n;
    }
    if (!dotlock && *lock)
        report_sev(ctx, self, SEV_ERROR, st->sp, "sun_mailtool_"
                   "compatibility = yes keeps only dotlock of "
                   "mailbox_delivery_lock = %.80s, which has none:"
                   DIAG_NOTE " local of Postfix %s logs \"warning: "
                   "sun_mailtool_compatibility: deprecated parameter, use "
                   "\"mailbox_delivery_lock = dotlock\" instead\" and stops "
                   "with \"fatal: parameter mailbox_delivery_lock specifies "
                   "no applicable mailbox locking method\" when it starts, "
                   "so every local delivery waits in the queue; delete this line and set "
                   "mailbox_delivery_lock = dotlock", lock, ctx->version_text);
    else if (dotlock)
        report(ctx, self, st->sp, "sun_mailtool_compatibility is obsolete: "
               "use mailbox_delivery_lock = dotlock" DIAG_NOTE " local of "
               "Postfix %s logs \"warning: sun_mailtool_compatibility: "
               "deprecated parameter, use \"mailbox_delivery_lock = "
               "dotlock\" instead\" at each start, and locks mailboxes "
               "with dotlock only", ctx->version_text);
    free(lock);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_setting(ctx, self, check_mailtool);
    for (const tls_family *f = families; f->prefix; f++)
        check_family(ctx, self, f);
    check_options(ctx, self);
    check_retired(ctx, self);
    check_renamed(ctx, self);
}

const rule_desc rule_deprecated_parameter = {
    "deprecated-parameter", SEV_INFO,
    "an obsolete parameter that has a replacement",
    "Some parameters were replaced but still work: the TLS booleans "
    "smtpd_use_tls / smtpd_enforce_tls (and their smtp, lmtp, postscreen "
    "and tlsproxy twins) gave way to *_tls_security_level, which overrides "
    "them when it is set; renamed parameters keep working through the new "
    "parameter's default. Postfix 3.9 and later warn that the TLS booleans "
    "will be removed. The fix writes the equivalent new setting. "
    "sun_mailtool_compatibility = yes means mailbox_delivery_lock = dotlock; "
    "when that list has no dotlock, local stops (an error).",
    check,
    SEV_ALSO(SEV_WARNING) | SEV_ALSO(SEV_ERROR)
};
