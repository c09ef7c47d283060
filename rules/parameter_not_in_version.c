/*
 * parameter_not_in_version.c - rule "parameter-not-in-version": a real
 * Postfix parameter that the target version does not have.
 *
 * Added later ("ignored by Postfix 2.6.6: added in 2.8"), removed
 * already ("removed in 3.7: use smtpd_per_request_deadline"), or only
 * documented and never read by any program. Postfix ignores the setting
 * silently; postconf calls it an "unused parameter". A name that a value
 * still refers to as $name (how renamed parameters keep working) is not
 * reported here.
 *
 * Distributions backport too: Ubuntu's USN-6591 packages (3.6.4 on
 * 22.04, 3.4.13 on 20.04, 3.3.0, 3.1.0, 2.11.0 under ESM) and upstream's
 * own "-smuggling-patch" tags of 2.11 to 3.4 carry the bare-newline
 * settings under an unchanged mail_version. When the installed postconf
 * said which names this Postfix has, that is the truth (a warning);
 * otherwise the version number cannot tell, and the finding is an info
 * note that says so.
 */
#include "rule.h"
#include "params.h"

#include <stdio.h>
#include <string.h>

static void describe(const lint_ctx *ctx, const param_info *p, strbuf *why)
{
    pf_version since, gone;

    if (str_starts(p->used_by, "none")) {
        sb_adds(why, "it is documented, but no Postfix program reads it");
        return;
    }
    {
        /* "renamed to X" / "replaced by X", and X is set: that is why. */
        const char *note = p->deprecated_note, *at = NULL;
        char name[128];
        size_t n;
        const main_param *now;

        if ((at = strstr(note, "renamed to ")) != NULL)
            at += 11;
        else if ((at = strstr(note, "replaced by ")) != NULL)
            at += 12;
        if (at && (n = strspn(at, "abcdefghijklmnopqrstuvwxyz0123456789_")) > 0
            && n < sizeof(name)) {
            memcpy(name, at, n);
            name[n] = '\0';
            if ((now = model_main_param(ctx->m, name)) != NULL) {
                sb_printf(why, "%s (line %d), its replacement, is set; "
                          "delete this line", name, now->entry->name_sp.line);
                return;
            }
        }
    }
    if (p->removed[0] && version_parse_loose(p->removed, &gone)
        && version_cmp(ctx->version, gone) >= 0) {
        sb_printf(why, "it was removed in %d.%d", gone.major, gone.minor);
        if (p->deprecated_note && p->deprecated_note[0])
            sb_printf(why, "; %s", p->deprecated_note);
        return;
    }
    if (version_parse_loose(p->introduced, &since)
        && version_cmp(ctx->version, since) < 0) {
        sb_printf(why, "it was added in %s", p->introduced);
        /* The relay check written there does not exist for smtpd. */
        if (str_eq(p->name, "smtpd_relay_restrictions"))
            sb_adds(why, "; smtpd reads only smtpd_recipient_restrictions, "
                    "so the relay check (reject_unauth_destination) must be "
                    "there");
        return;
    }
    sb_adds(why, "that version does not read it");
}

/* The SMTP smuggling settings (CVE-2023-51764), which distributions
 * backported without changing mail_version (research: the Ubuntu USN
 * records and the mirror's v2.11.11- to v3.4.29-smuggling-patch tags). */
static bool distro_backported(const lint_ctx *ctx, const param_info *p)
{
    static const char *const names[] = {
        "smtpd_forbid_bare_newline", "smtpd_forbid_bare_newline_exclusions",
        "smtpd_forbid_bare_newline_reject_code",
        "cleanup_replace_stray_cr_lf", NULL
    };
    static const pf_version v2_11 = {2, 11, 0};
    bool applies;

    params_installed(p->name, ctx->version, &applies);
    if (applies || version_cmp(ctx->version, v2_11) < 0)
        return false;           /* postconf said, or no backport exists */
    for (int i = 0; names[i]; i++)
        if (str_eq(p->name, names[i]))
            return true;
    return false;
}

static void report_param(const lint_ctx *ctx, const rule_desc *self,
                         const param_info *p, const span *sp,
                         const char *where)
{
    strbuf why;

    sb_init(&why);
    describe(ctx, p, &why);
    if (distro_backported(ctx, p))
        report_sev(ctx, self, SEV_INFO, sp, "%s%s is ignored by Postfix %s "
                   "as released upstream: %s;" DIAG_NOTE
                   " but distributions backported it without changing the "
                   "version (Ubuntu's 22.04 and "
                   "20.04 packages, for example): run postlint on the "
                   "server, where postconf -d says whether this Postfix "
                   "has it", p->name, where, ctx->version_text, why.data);
    else
        report(ctx, self, sp, "%s%s is ignored by Postfix %s:" DIAG_NOTE " %s",
               p->name, where, ctx->version_text, why.data);
    sb_free(&why);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_params; i++)
        if (ctx->view->main[i] == PARAM_UNUSED && m->params[i].info)
            report_param(ctx, self, m->params[i].info,
                         &m->params[i].entry->name_sp, "");
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            const param_info *p = param_lookup(svc->opts[o].name);
            char where[160];

            if (ctx->view->opts[s][o] != PARAM_UNUSED || p == NULL)
                continue;
            snprintf(where, sizeof(where), " (-o of service %s/%s)",
                     svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text);
            report_param(ctx, self, p, &svc->opts[o].sp, where);
        }
    }
}

const rule_desc rule_parameter_not_in_version = {
    "parameter-not-in-version", SEV_WARNING,
    "a Postfix parameter that the target version does not have",
    "Parameters come and go between Postfix releases (and a few were only "
    "ever documented). A setting the target version does not know is "
    "silently ignored: the feature it was meant to enable or tune is not "
    "there. The message says when the parameter was added or removed and, "
    "for removed ones, what replaced it.",
    check,
    SEV_ALSO(SEV_INFO)
};
