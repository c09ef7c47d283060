/*
 * open_relay.c - rule "open-relay": an Internet client may relay mail
 * to any domain through an smtpd service.
 *
 * From the relay simulation (relay_sim.h): client 203.0.113.7, no SASL
 * login, recipient user@remote.example, and smtpd would answer "250
 * 2.1.5 Ok" (checked against real smtpd 3.7 with XCLIENT: with
 * mynetworks = 0.0.0.0/0 that is what it answers). Spammers find such a
 * server within hours; its address ends on every block list and the
 * mail of its own users is refused everywhere. Two more Internet hosts
 * (198.51.100.7, 192.0.2.7) must get through as well, so a server that
 * trusts one network on purpose is not called open. Reported at the word that
 * lets the client through: the mynetworks entry that covers the
 * Internet, the permit before the relay check, or the list that has no
 * relay check at all. Services bound to loopback or a private address
 * are left alone: the Internet cannot reach them.
 */
#include "rule.h"
#include "relay_sim.h"
#include "restriction_lists.h"

#include <stdio.h>
#include <string.h>

/* Where an Internet client cannot connect. */
static bool internal(const smtpd_restrictions *s)
{
    const char *host;
    unsigned a, b;

    if (s->svc == NULL || !s->svc->has_fields)
        return false;
    if (!str_eq(s->svc->argv[MF_TYPE].text, "inet"))
        return !str_eq(s->svc->argv[MF_TYPE].text, "pass");
    host = s->svc->argv[MF_SERVICE].text;
    if (host[0] == '[')
        host++;
    if (str_starts(host, "127.") || str_starts(host, "::1")
        || str_starts(host, "localhost:"))
        return true;
    return sscanf(host, "%u.%u.", &a, &b) == 2
        && (a == 10 || (a == 172 && b >= 16 && b <= 31)
            || (a == 192 && b == 168));
}

/* The mynetworks setting, when it is what let the client in. */
static bool mynetworks_span(const lint_ctx *ctx, const smtpd_restrictions *s,
                            span *sp)
{
    eff_value v = effective_lookup(ctx->m, s->svc, "mynetworks");

    if (v.origin == ORIGIN_MAIN) {
        *sp = v.entry->value_sp;
        return true;
    }
    if (v.origin == ORIGIN_MASTER) {
        *sp = v.opt->sp;
        return true;
    }
    return false;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;
    const relay_run *run = ctx->relay;
    span done[64];
    size_t n_done = 0;

    for (size_t i = 0; i < rm->n_services; i++) {
        const smtpd_restrictions *s = &rm->services[i];
        const relay_row *row = relay_open_row(run, s->name);
        bool by_mynetworks, seen = false;
        span sp;

        /* 203.0.113.7 could be in a network the server trusts on
         * purpose: two more Internet hosts must get through too. */
        if (row == NULL || internal(s)
            || relay_probe(ctx->m, s, "198.51.100.7", "user@remote.example")
            != RELAY_ACCEPT
            || relay_probe(ctx->m, s, "192.0.2.7", "user@remote.example")
            != RELAY_ACCEPT)
            continue;
        by_mynetworks = row->word && str_eq(row->word, "permit_mynetworks")
            && mynetworks_span(ctx, s, &sp);
        if (!by_mynetworks) {
            if (row->setting && row->located)
                sp = row->sp;
            else if (s->lists[RL_RELAY] && s->lists[RL_RELAY]->located)
                sp = s->lists[RL_RELAY]->sp;
            else if (s->lists[RL_RECIPIENT]->located)
                sp = s->lists[RL_RECIPIENT]->sp;
            else
                memset(&sp, 0, sizeof(sp));
        }
        /* One finding per place: services that share it are one relay. */
        for (size_t k = 0; k < n_done; k++)
            seen |= done[k].src == sp.src && done[k].off == sp.off;
        if (seen)
            continue;
        if (n_done < 64)
            done[n_done++] = sp;
        report(ctx, self, &sp,
               "%s is an open relay:" DIAG_NOTE
               " a client anywhere on the Internet (203.0.113.7, no login) "
               "may send to any domain "
               "(user@remote.example) and smtpd of Postfix %s answers \"250 "
               "2.1.5 Ok\"%s%s%s; spammers will use it within hours and its "
               "address will be on every block list",
               s->name, ctx->version_text,
               by_mynetworks ? ", because mynetworks covers that address "
               "and permit_mynetworks lets it through" : "",
               !by_mynetworks && row->setting ? ", let through by " : "",
               !by_mynetworks && row->setting ? row->setting : "");
    }
}

const rule_desc rule_open_relay = {
    "open-relay", SEV_ERROR,
    "an Internet client may relay mail to any domain",
    "An smtpd service that accepts mail from any client for any domain is "
    "an open relay. postlint evaluates the relay and recipient restrictions "
    "as smtpd does for a client on the Internet without a login and a "
    "recipient in a domain that is not ours: when smtpd would accept, the "
    "finding points at what lets the client through (mynetworks covering "
    "the Internet, a permit before reject_unauth_destination, a list "
    "without any relay check).",
    check,
    0
};
