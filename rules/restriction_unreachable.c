/*
 * restriction_unreachable.c - rule "restriction-unreachable": words after
 * a restriction that always ends the list.
 *
 * permit ends a list for every request; reject, defer and
 * check_relay_domains do too unless warn_if_reject comes before them.
 * What follows never runs, and each time smtpd gets there it logs
 * "restriction `reject_unauth_destination' after `permit' is ignored"
 * (smtpd_check.c, 2.6 to 3.11). One finding per list, at the first word
 * that is ignored.
 */
#include "rule.h"
#include "restriction_lists.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;

    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];
        strbuf what;

        for (size_t i = 0; i < l->n; i++) {
            const ritem *it = &l->items[i];
            const ritem *end;
            size_t rest = l->n - i - 1;

            if (it->ended_by == RITEM_REACHABLE)
                continue;
            end = &l->items[it->ended_by];
            sb_init(&what);
            rlist_describe(l, &what);
            report(ctx, self, &it->sp,
                   "\"%s\" in %s can never run: %s before it ends the list "
                   "for every request," DIAG_NOTE
                   " so smtpd of Postfix %s logs \"restriction `%s' after "
                   "`%s' is ignored\"%s; move it "
                   "before %s or delete it",
                   it->word, what.data, end->word, ctx->version_text,
                   it->word, end->word,
                   rest == 0 ? "" : rest == 1 ? " (and ignores 1 more word)"
                   : " (and ignores the words after it too)", end->word);
            sb_free(&what);
            break;
        }
    }
}

const rule_desc rule_restriction_unreachable = {
    "restriction-unreachable", SEV_WARNING,
    "a restriction after one that always ends the list",
    "permit ends a restriction list for every request, and so do reject, "
    "defer and check_relay_domains unless warn_if_reject comes before them. "
    "Whatever follows never runs; smtpd logs \"restriction `X' after "
    "`permit' is ignored\" each time. In smtpd_relay_restrictions and "
    "smtpd_recipient_restrictions a relay check after permit also fails the "
    "start-up check (see relay-check-missing).",
    check,
    0
};
