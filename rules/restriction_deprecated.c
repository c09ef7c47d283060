/*
 * restriction_deprecated.c - rule "restriction-deprecated": an old
 * restriction name, or one Postfix has removed.
 *
 * Three kinds (smtpd_check.c of every tag 2.6 to 3.11):
 *  - old aliases smtpd still accepts silently (reject_unknown_client for
 *    reject_unknown_client_hostname ...): info, the fix is the new name;
 *  - names smtpd warns about and still honours: check_relay_domains and
 *    reject_maps_rbl ("support for restriction ... will be removed"),
 *    permit_naked_ip_address ("restriction ... is deprecated"; a warning,
 *    as it lets any client that says HELO [1.2.3.4] through), and from
 *    3.9 permit_mx_backup;
 *  - from 3.9, check_relay_domains, reject_maps_rbl and
 *    permit_naked_ip_address always fail: smtpd logs 'support for
 *    restriction "X" has been removed in Postfix 3.9' and answers "451
 *    4.3.5 Server configuration error": an error.
 */
#include "rule.h"
#include "restriction_lists.h"

#include <stdio.h>
#include <string.h>

/* What smtpd logs for a deprecated name that still works
 * (smtpd_check.c; var_mail_name is "Postfix"). */
static void deprecation_log(const char *name, pf_version v, char *out,
                            size_t size)
{
    static const pf_version v2_9 = {2, 9, 0};

    if (str_eq(name, "permit_naked_ip_address"))
        snprintf(out, size, "restriction permit_naked_ip_address is "
                 "deprecated. Use permit_mynetworks%s instead",
                 version_cmp(v, v2_9) >= 0 ? " or permit_sasl_authenticated"
                 : "");
    else if (str_eq(name, "reject_maps_rbl"))
        snprintf(out, size, "support for restriction \"reject_maps_rbl\" "
                 "will be removed from Postfix; use \"reject_rbl_client "
                 "domain-name\" instead");
    else if (str_eq(name, "check_relay_domains"))
        snprintf(out, size, "support for restriction \"check_relay_domains\" "
                 "will be removed from Postfix; use "
                 "\"reject_unauth_destination\" instead");
    else
        snprintf(out, size, "support for restriction \"%s\" will be "
                 "removed from Postfix", name);
}

static void check_item(const lint_ctx *ctx, const rule_desc *self,
                       const rlist *l, const ritem *it)
{
    const restriction_info *r = it->info;
    strbuf what;
    diagnostic *d;

    sb_init(&what);
    rlist_describe(l, &what);
    if (restriction_fails_in(r, ctx->version))
        report_sev(ctx, self, SEV_ERROR, &it->sp,
                   "%s in %s was removed in Postfix 3.9:" DIAG_NOTE
                   " smtpd of Postfix %s logs 'support for restriction \"%s\" "
                   "has been removed' "
                   "and answers \"451 4.3.5 Server configuration error\" to "
                   "every request that reaches it; instead: %s", r->name,
                   what.data, ctx->version_text, r->name, r->replacement);
    else if (restriction_deprecated_in(r, ctx->version)) {
        char says[300];

        deprecation_log(r->name, ctx->version, says, sizeof(says));
        report_sev(ctx, self, str_eq(r->name, "permit_naked_ip_address")
                   ? SEV_WARNING : SEV_INFO, &it->sp,
                   "%s in %s is deprecated:" DIAG_NOTE
                   " smtpd of Postfix %s still runs it and logs \"%s\"%s; "
                   "instead: %s",
                   r->name, what.data, ctx->version_text, says,
                   str_eq(r->name, "permit_naked_ip_address")
                   ? ", and it lets through any client that says HELO with "
                   "an IP address" : "", r->replacement);
    }
    else if (r->alias_of) {
        d = report_sev(ctx, self, SEV_INFO, &it->sp,
                       "%s in %s is the old name of %s:" DIAG_NOTE
                       " Postfix %s still accepts it; write "
                       "%s", it->word, what.data,
                       r->alias_of, ctx->version_text, r->alias_of);
        if (it->exact)
            diag_set_fix(d, &it->sp, r->alias_of);
    }
    sb_free(&what);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;

    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];

        for (size_t i = 0; i < l->n; i++)
            if (l->items[i].kind == RI_BUILTIN
                && l->items[i].ended_by == RITEM_REACHABLE)
                check_item(ctx, self, l, &l->items[i]);
    }
}

const rule_desc rule_restriction_deprecated = {
    "restriction-deprecated", SEV_INFO,
    "an old restriction name, or one Postfix has removed",
    "Old aliases (reject_unknown_client, reject_rbl, check_recipient_maps "
    "...) still work: write the current name. check_relay_domains, "
    "reject_maps_rbl and permit_naked_ip_address have been deprecated for "
    "years and fail every request from Postfix 3.9 (451 4.3.5 Server "
    "configuration error); permit_mx_backup is deprecated from 3.9.",
    check,
    SEV_ALSO(SEV_WARNING) | SEV_ALSO(SEV_ERROR)
};
