/*
 * size_limit_conflict.c - rule "size-limit-conflict": a mailbox size
 * limit below the message size limit.
 *
 * local(8) and virtual(8) compare their mailbox limit with
 * message_size_limit when they start (local.c, virtual.c), and stop:
 *   "fatal: configuration error: mailbox_size_limit is smaller than
 *    message_size_limit"
 *   "fatal: configuration error: mailbox_size_limit is limited but
 *    message_size_limit is unlimited"
 * (0 means no limit; the same for virtual_mailbox_limit). Decided per
 * master.cf service that runs local or virtual, with its -o settings,
 * when mail certainly reaches it (local_transport with mydestination,
 * virtual_transport with virtual_mailbox_domains ...: service_delivers);
 * mail for that transport then stays in the queue. A service only
 * transport_maps could name is not judged.
 */
#include "rule.h"
#include "effective.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool limit_of(const lint_ctx *ctx, const service *svc,
                     const char *name, long *out, eff_value *ev)
{
    expand_result res = {0};
    strbuf value;
    char *end;
    bool ok;

    *ev = effective_lookup(ctx->m, svc, name);
    if (ev->value == NULL)
        return false;
    sb_init(&value);
    effective_expand(ctx->m, svc, name, ev->value, &value, &res);
    errno = 0;
    *out = strtol(value.data, &end, 10);
    ok = !res.error && !res.too_large && value.len > 0 && *end == '\0'
        && errno != ERANGE;
    sb_free(&value);
    expand_result_free(&res);
    return ok;
}

static const span *where(const eff_value *a, const eff_value *b)
{
    const eff_value *pick[2] = {a, b};

    for (int i = 0; i < 2; i++) {
        if (pick[i]->origin == ORIGIN_MASTER && pick[i]->opt)
            return &pick[i]->opt->sp;
        if (pick[i]->origin == ORIGIN_MAIN && pick[i]->entry)
            return &pick[i]->entry->value_sp;
    }
    return NULL;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    static const struct {
        const char *daemon, *param;
    } agents[] = {
        {"local", "mailbox_size_limit"},
        {"virtual", "virtual_mailbox_limit"},
    };
    const model *m = ctx->m;

    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];
        const char *daemon = service_daemon(svc);

        for (size_t a = 0; a < sizeof agents / sizeof agents[0]; a++) {
            eff_value box, msg;
            long box_limit, msg_limit;
            const span *sp;

            if (!str_eq(daemon, agents[a].daemon)
                || !service_delivers(m, svc))
                continue;
            if (!limit_of(ctx, svc, agents[a].param, &box_limit, &box)
                || !limit_of(ctx, svc, "message_size_limit", &msg_limit,
                             &msg))
                continue;
            if (box_limit <= 0)
                continue;
            sp = where(&box, &msg);
            if (sp == NULL)
                continue;
            if (msg_limit <= 0)
                report(ctx, self, sp,
                       "%s = %ld limits mailboxes, but message_size_limit "
                       "= %ld means no limit:" DIAG_NOTE
                       " %s (service %s) of Postfix %s stops with \"fatal: "
                       "configuration error: %s is "
                       "limited but message_size_limit is unlimited\", and "
                       "mail for it stays in the queue; set "
                       "message_size_limit to at most %ld, or %s = 0",
                       agents[a].param, box_limit, msg_limit, daemon,
                       svc->argv[MF_SERVICE].text, ctx->version_text,
                       agents[a].param, box_limit, agents[a].param);
            else if (box_limit < msg_limit)
                report(ctx, self, sp,
                       "%s = %ld is smaller than message_size_limit = "
                       "%ld:" DIAG_NOTE
                       " %s (service %s) of Postfix %s stops with \"fatal: "
                       "configuration error: %s is smaller than "
                       "message_size_limit\", and mail for it stays in the "
                       "queue; make %s at least %ld (or 0, no limit)",
                       agents[a].param, box_limit, msg_limit, daemon,
                       svc->argv[MF_SERVICE].text, ctx->version_text,
                       agents[a].param, agents[a].param, msg_limit);
        }
    }
}

const rule_desc rule_size_limit_conflict = {
    "size-limit-conflict", SEV_ERROR,
    "a mailbox size limit smaller than message_size_limit: local or "
    "virtual stops",
    "local(8) refuses to start when mailbox_size_limit is smaller than "
    "message_size_limit, or limited while message_size_limit is 0 (no "
    "limit); virtual(8) does the same with virtual_mailbox_limit. The "
    "mail for those transports stays in the queue.",
    check,
    0
};
