/*
 * relay_check_missing.c - rule "relay-check-missing": neither
 * smtpd_relay_restrictions nor smtpd_recipient_restrictions has a
 * restriction that can refuse relaying.
 *
 * smtpd checks this when it starts (has_required() in smtpd_check.c) and
 * stops when it fails; master throttles the service and no mail comes
 * in. The check, as each version makes it:
 *  - 2.6 to 2.9: smtpd_recipient_restrictions only, names compared with
 *    case: check_relay_domains, reject_unauth_destination, reject, defer,
 *    defer_if_permit; fatal 'parameter "smtpd_recipient_restrictions":
 *    specify at least one working instance of: ...';
 *  - 2.10 on: either list will do, names without case, plus
 *    defer_unauth_destination; "permit" ends the search in its list;
 *    fatal "in parameter smtpd_relay_restrictions or
 *    smtpd_recipient_restrictions, specify at least one working instance
 *    of: ...".
 * warn_if_reject hides the next word; classes are searched through. From
 * 3.3 the default of smtpd_relay_restrictions is empty below
 * compatibility_level 1, the classic upgrade failure.
 */
#include "rule.h"
#include "restriction_lists.h"

#include <string.h>

static const pf_version v2_10 = {2, 10, 0};

/* Where to point: a list set in a file, else compatibility_level. */
static bool where(const lint_ctx *ctx, const smtpd_restrictions *s, span *sp)
{
    const main_param *compat;

    if (s->lists[RL_RELAY] && s->lists[RL_RELAY]->where.origin >= ORIGIN_MAIN) {
        *sp = s->lists[RL_RELAY]->sp;
        return true;
    }
    if (s->lists[RL_RECIPIENT]->where.origin >= ORIGIN_MAIN) {
        *sp = s->lists[RL_RECIPIENT]->sp;
        return true;
    }
    if ((compat = model_main_param(ctx->m, "compatibility_level")) != NULL) {
        *sp = compat->entry->value_sp;
        return true;
    }
    if (s->svc && s->svc->has_fields) {
        *sp = s->svc->argv[MF_SERVICE].sp;
        return true;
    }
    memset(sp, 0, sizeof(*sp));
    return true;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;
    bool modern = version_cmp(ctx->version, v2_10) >= 0;

    for (size_t i = 0; i < rm->n_services; i++) {
        const smtpd_restrictions *s = &rm->services[i];
        const rlist *relay = s->lists[RL_RELAY], *rcpt = s->lists[RL_RECIPIENT];
        bool dup = false;
        strbuf users, why;
        span sp;

        if (rlists_have_relay_check(s, ctx->version))
            continue;
        for (size_t j = 0; j < i; j++)
            dup |= rm->services[j].lists[RL_RELAY] == relay
                && rm->services[j].lists[RL_RECIPIENT] == rcpt;
        if (dup || !where(ctx, s, &sp))
            continue;
        sb_init(&users);
        sb_init(&why);
        /* The services with this very pair of lists. */
        for (size_t j = 0, n = 0; j < rm->n_services; j++)
            if (rm->services[j].lists[RL_RELAY] == relay
                && rm->services[j].lists[RL_RECIPIENT] == rcpt)
                sb_printf(&users, "%s%s", n++ ? ", " : "",
                          rm->services[j].name);
        if (modern && relay->where.origin == ORIGIN_DEFAULT
            && relay->text[0] == '\0')
            sb_adds(&why, " (smtpd_relay_restrictions is empty by default "
                    "while compatibility_level is below 1: set "
                    "compatibility_level, or the list)");
        if (modern)
            report(ctx, self, &sp,
                   "neither smtpd_relay_restrictions nor "
                   "smtpd_recipient_restrictions can refuse relaying" DIAG_NOTE
                   "%s: smtpd of Postfix %s (%s) stops at start with \"fatal: "
                   "in parameter smtpd_relay_restrictions or "
                   "smtpd_recipient_restrictions, specify at least one "
                   "working instance of: reject_unauth_destination, "
                   "defer_unauth_destination, reject, defer, defer_if_permit "
                   "or check_relay_domains\", and no mail is received; end "
                   "smtpd_relay_restrictions with reject_unauth_destination",
                   why.data ? why.data : "", ctx->version_text, users.data);
        else
            report(ctx, self, &sp,
                   "smtpd_recipient_restrictions cannot refuse "
                   "relaying:" DIAG_NOTE
                   " smtpd of Postfix %s (%s) stops at start with 'fatal: "
                   "parameter \"smtpd_recipient_restrictions\": specify "
                   "at least one working instance of: check_relay_domains, "
                   "reject_unauth_destination, reject, defer or "
                   "defer_if_permit', and no mail is received; end it with "
                   "reject_unauth_destination", ctx->version_text, users.data);
        sb_free(&users);
        sb_free(&why);
    }
}

const rule_desc rule_relay_check_missing = {
    "relay-check-missing", SEV_ERROR,
    "no restriction can refuse relaying: smtpd will not start",
    "smtpd refuses to run as an open relay by accident: when it starts, "
    "smtpd_relay_restrictions or smtpd_recipient_restrictions must name "
    "reject_unauth_destination, defer_unauth_destination, reject, defer, "
    "defer_if_permit or check_relay_domains, before any permit. When neither "
    "does, smtpd stops with \"specify at least one working instance of\", "
    "master throttles the service, and no mail is received.",
    check,
    0
};
