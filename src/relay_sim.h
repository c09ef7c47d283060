/*
 * relay_sim.h - who can send and relay through each smtpd service:
 * the relay and recipient restrictions evaluated as smtpd evaluates
 * them at RCPT TO, for a few standard clients and recipients.
 *
 * Clients: 127.0.0.1; 203.0.113.7 (TEST-NET-3, no reverse name: any
 * Internet host); 203.0.113.7 after SASL login, where SASL is on.
 * Recipients: root@$myhostname; user@remote.example (no domain of ours);
 * user@ the first domain of relay_domains, when it is set. The sender is
 * sender@example.net and the HELO name is not known.
 *
 * What depends on DNS, a DNS list, a policy server, the HELO name, or a
 * table postlint cannot read is "depends", never guessed; the row says
 * what it depends on. The simulated domains are reserved names
 * (.example), so no real table lists them: tables postlint cannot read
 * are taken not to (documented in docs/relay.md).
 */
#ifndef POSTLINT_RELAY_SIM_H
#define POSTLINT_RELAY_SIM_H

#include "model.h"
#include "restriction_lists.h"

typedef enum relay_result {
    RELAY_ACCEPT,
    RELAY_REJECT,       /* 5xx */
    RELAY_DEFER,        /* 4xx */
    RELAY_NO_SERVICE,   /* smtpd dies before it answers */
    RELAY_DEPENDS
} relay_result;

typedef struct relay_row {
    const char *service;        /* "smtp/inet" (the restriction model's) */
    const char *client;         /* "127.0.0.1", "203.0.113.7" */
    bool sasl;                  /* the client logged in with SASL */
    char *recipient;
    relay_result result;
    char reply[32];             /* "454 4.7.1", "" when none */
    char *reply_text;           /* the whole reply, or NULL */
    char *setting;              /* the list or class that decided, or NULL */
    char *word;                 /* the restriction that decided, or NULL */
    span sp;                    /* the deciding word (or setting) */
    bool located;
    char *why;                  /* depends: on what; otherwise NULL */
} relay_row;

typedef struct relay_run {
    relay_row *rows;
    size_t n, cap;
} relay_run;

relay_run *relay_sim_run(const model *m, const restriction_model *rm);
void relay_run_free(relay_run *r);

const char *relay_result_name(relay_result r);

/* The rows as a text table (after the TLS table of --simulate). */
void relay_format_text(const relay_run *r, strbuf *out);

/* Can an Internet client relay through service s? The row that says so
 * (203.0.113.7, no SASL, user@remote.example, accepted), or NULL. */
const relay_row *relay_open_row(const relay_run *r, const char *service);

/* One case outside the standard rows: what smtpd answers client (no
 * SASL) for rcpt. */
relay_result relay_probe(const model *m, const smtpd_restrictions *s,
                         const char *client, const char *rcpt);

/* Does smtpd of this service start at all (relay check present, classes
 * defined, no class loop)? */
bool relay_service_starts(const smtpd_restrictions *s, pf_version v,
                          const char **why);

#endif
