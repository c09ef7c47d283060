/*
 * restriction_lists.h - every smtpd service's restriction lists, read as
 * smtpd reads them.
 *
 * For each service that runs smtpd (or main.cf alone, without master.cf):
 * the eight lists (client, helo, sender, relay from 2.10, recipient,
 * data, end-of-data, etrn) and the restriction classes, each value taken
 * for that service (-o, main.cf, the version's default), expanded, and
 * cut into words with the list tokenizer. Each word is classified as
 * smtpd's generic_checks() would: a built-in restriction (with the
 * argument it takes), a class, a TYPE:TABLE standing for the list's own
 * check_*_access, or unknown; and marked when it can never run because
 * an earlier word ends the list.
 *
 * A list with the same origin and text is built once and shared by the
 * services that use it, so a rule reports a main.cf line once however
 * many services read it (restriction_model.unique).
 */
#ifndef POSTLINT_RESTRICTION_LISTS_H
#define POSTLINT_RESTRICTION_LISTS_H

#include "effective.h"
#include "model.h"
#include "restrictions.h"

typedef enum rlist_id {
    RL_CLIENT, RL_HELO, RL_SENDER, RL_RELAY, RL_RECIPIENT, RL_DATA,
    RL_EOD, RL_ETRN, RL_COUNT,
    RL_CLASS = RL_COUNT     /* a restriction class */
} rlist_id;

/* "smtpd_client_restrictions" ... */
extern const char *const rlist_param[RL_COUNT];

typedef enum ritem_kind {
    RI_BUILTIN,     /* a restriction smtpd knows in this version */
    RI_CLASS,       /* a name listed in smtpd_restriction_classes */
    RI_TABLE,       /* TYPE:TABLE: the list's own check_*_access */
    RI_UNKNOWN      /* "unknown smtpd restriction" */
} ritem_kind;

typedef enum rarg_state {
    RA_NONE,        /* takes no argument */
    RA_OK,          /* took the next word */
    RA_MISSING,     /* needs one and the list ends */
    RA_BAD,         /* the next word is not what it needs (not taken) */
    RA_SWALLOWED    /* took the next word, which looks like a restriction */
} rarg_state;

struct rlist;

typedef struct ritem {
    char *word;
    span sp;                    /* the word; the whole setting if !exact */
    bool exact;
    ritem_kind kind;
    const restriction_info *info;   /* RI_BUILTIN (or a name of another
                                     * version, for RI_UNKNOWN) */
    struct rlist *cls;          /* RI_CLASS */
    char *arg;                  /* RA_OK, RA_SWALLOWED, RA_BAD: next word */
    span arg_sp;
    rarg_state arg_state;
    bool warn;                  /* preceded by warn_if_reject */
    size_t ended_by;            /* RITEM_REACHABLE, or the item that ends
                                 * the list before this one */
} ritem;

#define RITEM_REACHABLE ((size_t) -1)

typedef struct rlist {
    rlist_id id;
    char *param;                /* the list parameter, or the class name */
    eff_value where;            /* where the value comes from */
    span sp;                    /* the setting's value, or the service */
    bool located;               /* sp points into a file */
    char *text;                 /* the value, expanded */
    ritem *items;
    size_t n, cap;
    bool defined;               /* a class with a non-empty definition */
    span name_sp;               /* a class: its name in
                                 * smtpd_restriction_classes */
} rlist;

typedef struct smtpd_restrictions {
    const service *svc;         /* NULL: main.cf alone */
    char name[160];             /* "smtp/inet", "main.cf" */
    rlist *lists[RL_COUNT];     /* RL_RELAY is NULL before 2.10 */
    rlist **classes;            /* smtpd_restriction_classes, in order */
    size_t n_classes;
    eff_value classes_where;    /* where smtpd_restriction_classes is set */
    bool classes_shared;        /* classes belongs to an earlier service */
} smtpd_restrictions;

typedef struct restriction_model {
    smtpd_restrictions *services;
    size_t n_services;
    rlist **unique;             /* every distinct list once */
    size_t n_unique, cap_unique;
    pf_version version;
} restriction_model;

restriction_model *restriction_model_build(const model *m);
void restriction_model_free(restriction_model *rm);

/* The check_*_access a bare TYPE:TABLE stands for in list id, or NULL
 * (data and end-of-data lists have none). */
const char *rlist_default_access(rlist_id id);

/* Is w a policy server smtpd accepts: inet:, unix: or local:ENDPOINT? */
bool policy_endpoint_ok(const char *w);

/* Does any list or class of s name check_policy_service with a server
 * smtpd refuses when it starts? (smtpd registers every one, reachable
 * or not: "need service transport:endpoint", "invalid transport
 * name".) */
const ritem *rlists_bad_policy(const smtpd_restrictions *s);

/* The services that read list l, as "smtp/inet, submission/inet". */
void rlist_users(const restriction_model *rm, const rlist *l, strbuf *out);

/* What a list is, for messages: "smtpd_recipient_restrictions" or
 * "restriction class my_class". */
void rlist_describe(const rlist *l, strbuf *out);

/* smtpd's start-up check (has_required() in smtpd_check.c): does
 * smtpd_relay_restrictions or smtpd_recipient_restrictions name a
 * restriction that can refuse relaying, as version v looks for one? */
bool rlists_have_relay_check(const smtpd_restrictions *s, pf_version v);

/* Do the classes a list of s reaches refer to each other in a loop? */
bool rlists_class_loop(const smtpd_restrictions *s);

/* Does the word end its list at run time (permit; reject, defer and
 * check_relay_domains unless warn_if_reject came before)? */
bool ritem_ends_list(const ritem *it);

#endif
