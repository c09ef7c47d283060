/*
 * limit_relation.c - rule "limit-relation": two limits that a daemon
 * compares when it starts, finding one on the wrong side of the other.
 *
 * Postfix 3.7.11 (the same in 2.6-3.11) warns and goes on:
 *   qmgr, oqmgr (qmgr.c, oqmgr/qmgr.c, at start)
 *     qmgr_message_recipient_limit < qmgr_message_active_limit
 *       "warning: qmgr_message_recipient_limit is smaller than
 *        qmgr_message_active_limit - adjusting qmgr_message_recipient_limit"
 *     bounce_queue_lifetime > maximal_queue_lifetime
 *       "warning: bounce_queue_lifetime is larger than
 *        maximal_queue_lifetime - adjusting bounce_queue_lifetime"
 *   smtpd (smtpd.c, at start; both limits non-zero)
 *     queue_minfree / 1.5 < message_size_limit
 *       "warning: queue_minfree(N) should be at least
 *        1.5*message_size_limit(M)"
 * The first two replace the configured value (warning; info when
 * bounce_queue_lifetime is its 5d default, lowered with a shorter
 * maximal_queue_lifetime as its user meant). The third is
 * advice (info): smtpd refuses mail ("452 4.3.1 Insufficient system
 * storage") when free space is below queue_minfree or below 1.5 times
 * message_size_limit, so a smaller queue_minfree has no effect. Values are taken per master.cf
 * service that runs the daemon, with its -o settings, after $name
 * expansion; a value that is not a number is bad-value's.
 */
#include "rule.h"
#include "effective.h"

#include <string.h>

typedef struct limit {
    const char *name;
    char unit;              /* time: the default unit; 0: a number */
    long value;
    eff_value ev;
} limit;

static bool read_limit(const lint_ctx *ctx, const service *svc, limit *l)
{
    expand_result res = {0};
    strbuf value;
    bool ok;

    l->ev = effective_lookup(ctx->m, svc, l->name);
    if (l->ev.value == NULL)
        return false;
    sb_init(&value);
    effective_expand(ctx->m, svc, l->name, l->ev.value, &value, &res);
    ok = !res.error && !res.too_large
        && (l->unit ? conf_time(value.data, l->unit, &l->value)
                    : conf_long(value.data, &l->value));
    sb_free(&value);
    expand_result_free(&res);
    return ok;
}

/* The explicit setting to point at: the -o option, else the main.cf
 * line; of the one that is set, the first. NULL when both are defaults. */
static const span *where(const limit *a, const limit *b)
{
    const limit *pick[2] = {a, b};

    for (int i = 0; i < 2; i++)
        if (pick[i]->ev.origin == ORIGIN_MASTER && pick[i]->ev.opt)
            return &pick[i]->ev.opt->sp;
    for (int i = 0; i < 2; i++)
        if (pick[i]->ev.origin == ORIGIN_MAIN && pick[i]->ev.entry)
            return &pick[i]->ev.entry->value_sp;
    return NULL;
}

static void check_qmgr(const lint_ctx *ctx, const rule_desc *self,
                       const service *svc, seen_places *done)
{
    const char *daemon = service_daemon(svc);
    const char *name = svc->argv[MF_SERVICE].text;
    limit rcpt = {"qmgr_message_recipient_limit", 0, 0, {0}};
    limit active = {"qmgr_message_active_limit", 0, 0, {0}};
    limit bounce = {"bounce_queue_lifetime", 'd', 0, {0}};
    limit life = {"maximal_queue_lifetime", 'd', 0, {0}};
    const span *sp;

    if (read_limit(ctx, svc, &rcpt) && read_limit(ctx, svc, &active)
        && rcpt.value < active.value && (sp = where(&rcpt, &active))
        && !seen_place(done, sp))
        report(ctx, self, sp,
               "qmgr_message_recipient_limit = %ld is smaller than "
               "qmgr_message_active_limit = %ld:" DIAG_NOTE
               " %s (service %s) of Postfix %s logs \"warning: "
               "qmgr_message_recipient_limit is smaller than "
               "qmgr_message_active_limit - adjusting "
               "qmgr_message_recipient_limit\" when it starts, and uses "
               "%ld; set qmgr_message_recipient_limit to at least %ld",
               rcpt.value, active.value, daemon, name, ctx->version_text,
               active.value, active.value);
    if (read_limit(ctx, svc, &bounce) && read_limit(ctx, svc, &life)
        && bounce.value > life.value && (sp = where(&bounce, &life))
        && !seen_place(done, sp)) {
        /* The 5d default above a shorter lifetime is common and meant:
         * advice to say so. An explicit bounce_queue_lifetime is lost. */
        bool explicit = bounce.ev.origin == ORIGIN_MAIN
                        || bounce.ev.origin == ORIGIN_MASTER;

        report_sev(ctx, self, explicit ? SEV_WARNING : SEV_INFO, sp,
                   "bounce_queue_lifetime = %s%s is longer than "
                   "maximal_queue_lifetime = %s:" DIAG_NOTE
                   " %s (service %s) of Postfix %s logs \"warning: "
                   "bounce_queue_lifetime is larger than "
                   "maximal_queue_lifetime - adjusting "
                   "bounce_queue_lifetime\" each time it starts, and "
                   "gives up on a bounce message it cannot deliver after %s; set "
                   "bounce_queue_lifetime = %s to say so",
                   bounce.ev.value, explicit ? "" : " (the default)",
                   life.ev.value, daemon, name, ctx->version_text,
                   life.ev.value, life.ev.value);
    }
}

static void check_smtpd(const lint_ctx *ctx, const rule_desc *self,
                        const service *svc, seen_places *done)
{
    limit minfree = {"queue_minfree", 0, 0, {0}};
    limit size = {"message_size_limit", 0, 0, {0}};
    const span *sp;

    if (!read_limit(ctx, svc, &minfree) || !read_limit(ctx, svc, &size)
        || minfree.value <= 0 || size.value <= 0
        || minfree.value / 1.5 >= (double) size.value
        || (sp = where(&minfree, &size)) == NULL || seen_place(done, sp))
        return;
    report_sev(ctx, self, SEV_INFO, sp,
               "queue_minfree = %ld is less than 1.5 times "
               "message_size_limit = %ld, and has no effect:" DIAG_NOTE
               " smtpd (service %s) of Postfix %s logs \"warning: "
               "queue_minfree(%ld) should be at least 1.5*message_size_limit"
               "(%ld)\" each time it starts; it refuses mail (\"452 4.3.1 "
               "Insufficient system storage\") when the queue file system "
               "has less free space than queue_minfree or than 1.5 times "
               "message_size_limit, so the larger one decides; set "
               "queue_minfree to at least %ld, or to 0",
               minfree.value, size.value, svc->argv[MF_SERVICE].text,
               ctx->version_text, minfree.value, size.value,
               size.value + size.value / 2);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    seen_places done = {0};     /* one report per setting */

    for (size_t s = 0; s < ctx->m->n_services; s++) {
        const service *svc = &ctx->m->services[s];
        const char *daemon = service_daemon(svc);

        if (str_eq(daemon, "qmgr") || str_eq(daemon, "oqmgr"))
            check_qmgr(ctx, self, svc, &done);
        else if (str_eq(daemon, "smtpd"))
            check_smtpd(ctx, self, svc, &done);
    }
}

const rule_desc rule_limit_relation = {
    "limit-relation", SEV_WARNING,
    "two limits a daemon compares at start on the wrong side of each "
    "other (queue manager limits, bounce_queue_lifetime, queue_minfree)",
    "qmgr(8) replaces qmgr_message_recipient_limit when it is smaller than "
    "qmgr_message_active_limit, and bounce_queue_lifetime when it is longer "
    "than maximal_queue_lifetime. smtpd(8) warns when queue_minfree is "
    "less than 1.5 times message_size_limit, where it has no effect.",
    check,
    SEV_ALSO(SEV_INFO)
};
