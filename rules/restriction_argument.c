/*
 * restriction_argument.c - rule "restriction-argument": a restriction
 * without the argument it needs, or with the wrong one.
 *
 * What smtpd logs (smtpd_check.c, 2.6 to 3.11), each followed by "451
 * 4.3.5 Server configuration error" to the client:
 *   check_*_access  'restriction %s: bad argument "%s": need
 *                   maptype:mapname'
 *   check_policy_service  'restriction %s must be followed by
 *                   transport:server' (last in the list; any next word is
 *                   registered as the server when smtpd starts, and one
 *                   that is not inet:, unix: or local:ENDPOINT stops
 *                   smtpd: "need service transport:endpoint instead of",
 *                   "invalid transport name")
 *   sleep           'restriction %s must be followed by number'
 *   TYPE:TABLE in smtpd_data_restrictions or _end_of_data_: 'specify one
 *                   of (check_client_access, ...) before ... restriction'
 * The DNSBL family only warns ('restriction %s requires domain name
 * argument') and skips itself, and takes any next word as its domain,
 * even "permit": that restriction then never runs (warnings).
 */
#include "rule.h"
#include "restriction_lists.h"

#include <string.h>

static void report_bad(const lint_ctx *ctx, const rule_desc *self,
                       const rlist *l, const ritem *it, const char *what)
{
    const char *name = it->info->name;
    const char *next = it->arg ? it->arg : name;

    switch (it->info->arg) {
    case RARG_TABLE:
        report(ctx, self, &it->sp,
               "%s in %s needs a TYPE:TABLE after it:" DIAG_NOTE
               " smtpd of Postfix %s logs 'restriction %s: bad argument "
               "\"%s\": need "
               "maptype:mapname' and answers \"451 4.3.5 Server "
               "configuration error\" to every request that reaches it",
               name, what, ctx->version_text, name, next);
        break;
    case RARG_POLICY:
        if (it->arg_state == RA_MISSING)
            report(ctx, self, &it->sp,
                   "%s in %s needs a policy server after it (inet:host:port "
                   "or unix:private/NAME):" DIAG_NOTE
                   " smtpd of Postfix %s logs 'restriction %s must be "
                   "followed by transport:server' and "
                   "answers \"451 4.3.5 Server configuration error\" to every "
                   "request that reaches it", name, what, ctx->version_text,
                   name);
        else if (strchr(it->arg, ':') == NULL)
            report(ctx, self, &it->arg_sp,
                   "%s in %s takes \"%s\" as its policy server, which has no "
                   "transport:" DIAG_NOTE
                   " smtpd of Postfix %s stops at start with 'fatal: need "
                   "service transport:endpoint instead of \"%s\"' "
                   "and no mail is received; write inet:host:port or "
                   "unix:private/NAME", name, what, it->arg,
                   ctx->version_text, it->arg);
        else
            report(ctx, self, &it->arg_sp,
                   "%s in %s names the server \"%s\", whose transport is not "
                   "inet, unix or local:" DIAG_NOTE
                   " smtpd of Postfix %s stops at start with 'fatal: invalid "
                   "transport name: %.*s in service: %s' "
                   "and no mail is received", name, what, it->arg,
                   ctx->version_text, (int) strcspn(it->arg, ":"), it->arg,
                   it->arg);
        break;
    case RARG_SECONDS:
        report(ctx, self, &it->sp,
               "sleep in %s needs a number of seconds after it:" DIAG_NOTE
               " smtpd of Postfix %s logs 'restriction sleep must be followed "
               "by "
               "number' and answers \"451 4.3.5 Server configuration "
               "error\" to every request that reaches it", what,
               ctx->version_text);
        break;
    case RARG_DOMAIN:
        report_sev(ctx, self, SEV_WARNING, &it->sp,
                   "%s in %s needs a DNS list domain after it:" DIAG_NOTE
                   " smtpd of Postfix %s logs 'restriction %s requires domain "
                   "name "
                   "argument' and skips it, so the list is never asked",
                   name, what, ctx->version_text, name);
        break;
    case RARG_NONE:
        break;
    }
    (void) l;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;

    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];
        strbuf what;

        sb_init(&what);
        rlist_describe(l, &what);
        for (size_t i = 0; i < l->n; i++) {
            const ritem *it = &l->items[i];

            /* A policy server is registered when smtpd starts, even
             * where no request reaches it. */
            if (it->ended_by != RITEM_REACHABLE
                && !(it->kind == RI_BUILTIN && it->info->arg == RARG_POLICY
                     && it->arg_state == RA_BAD))
                continue;
            if (it->kind == RI_TABLE && (l->id == RL_DATA || l->id == RL_EOD))
                report(ctx, self, &it->sp,
                       "%s in %s is a table without a check_*_access before "
                       "it, and this list has no default one:" DIAG_NOTE
                       " smtpd of Postfix %s logs 'specify one of "
                       "(check_client_access, "
                       "check_reverse_client_hostname_access, "
                       "check_helo_access, check_sender_access, "
                       "check_recipient_access, check_etrn_access) before %s "
                       "restriction \"%s\"' and answers \"451 4.3.5 Server "
                       "configuration error\"", it->word, what.data,
                       ctx->version_text,
                       l->id == RL_DATA ? "Data command" : "End-of-data",
                       it->word);
            else if (it->kind == RI_BUILTIN
                     && (it->arg_state == RA_MISSING
                         || it->arg_state == RA_BAD))
                report_bad(ctx, self, l, it, what.data);
            else if (it->kind == RI_BUILTIN && it->arg_state == RA_SWALLOWED)
                report_sev(ctx, self, SEV_WARNING, &it->arg_sp,
                           "%s in %s takes the next word, %s, as its DNS "
                           "list domain:" DIAG_NOTE
                           " smtpd of Postfix %s queries a domain named "
                           "\"%s\" and never runs %s as a "
                           "restriction; name the DNS list (%s "
                           "zen.spamhaus.org)", it->info->name, what.data,
                           it->arg, ctx->version_text, it->arg, it->arg,
                           it->info->name);
        }
        sb_free(&what);
    }
}

const rule_desc rule_restriction_argument = {
    "restriction-argument", SEV_ERROR,
    "a restriction without the argument it needs, or with the wrong one",
    "check_*_access needs a TYPE:TABLE after it, check_policy_service a "
    "policy server, sleep a number, and the DNSBL restrictions a DNS list "
    "domain. Without it smtpd answers 451 4.3.5 Server configuration error "
    "to every request that reaches the restriction (a DNSBL restriction is "
    "skipped with a warning instead). A DNSBL restriction takes any next "
    "word as its domain, so \"reject_rbl_client, permit\" never runs permit.",
    check,
    SEV_ALSO(SEV_WARNING)
};
