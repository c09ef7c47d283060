/*
 * effective.h - the value every parameter has for a service, and why.
 *
 * Postfix's order: a master.cf -o of the service, else main.cf, else the
 * default of the target version (a few defaults are computed from the
 * host: myhostname, mydomain). Values are raw here; expand.c expands them.
 * Also: which daemon a service runs, and whether it reads a parameter.
 */
#ifndef POSTLINT_EFFECTIVE_H
#define POSTLINT_EFFECTIVE_H

#include "expand.h"
#include "model.h"
#include "params.h"

typedef enum origin_kind {
    ORIGIN_UNDEFINED = 0,
    ORIGIN_DEFAULT,         /* the version's default */
    ORIGIN_COMPUTED,        /* computed at run time (host name ...) */
    ORIGIN_MAIN,            /* main.cf entry */
    ORIGIN_MASTER           /* master.cf -o of the service */
} origin_kind;

typedef struct eff_value {
    const char *value;      /* raw; NULL when undefined */
    origin_kind origin;
    const mc_entry *entry;  /* ORIGIN_MAIN */
    const svc_option *opt;  /* ORIGIN_MASTER */
} eff_value;

/* svc may be NULL (main.cf scope, as postconf -n -x sees it). */
eff_value effective_lookup(const model *m, const service *svc,
                           const char *name);

/* The default of name for the model's version (NULL: not a parameter
 * postconf would know, or computed and not computable here). */
const char *effective_default(const model *m, const char *name,
                              origin_kind *origin);

/* An upper bound of the bytes that expanding name walks in svc's scope
 * (its value and, in every branch, the values it names; saturating).
 * Memoised per scope in the model's cache. */
size_t effective_expand_bound(const model *m, const service *svc,
                              const char *name);

/* Expand a value in a scope; out receives the text. A name whose bound
 * exceeds what is left of EXPAND_MAX_WORK is not expanded: res->too_large. */
void effective_expand(const model *m, const service *svc, const char *name,
                      const char *value, strbuf *out, expand_result *res);

/* The program a service runs: the base name of its command field. */
/* The text of raw (or, with raw NULL, of name's effective value for svc)
 * after $name expansion, allocated; NULL when name is undefined or the
 * expansion fails or grows too large (other rules say why). */
char *effective_text(const model *m, const service *svc, const char *name,
                     const char *raw);

/* The same for name's effective value, "" in place of NULL. */
char *effective_string(const model *m, const service *svc, const char *name);

const char *service_daemon(const service *svc);

/* Where the daemon's own arguments start: the index in svc->argv of the
 * first word after the skeleton's options, as getopt("+...") ends them
 * ("--" ends them too); svc->argc when there is none. */
size_t service_first_argument(const service *svc);

/* Does the program read this parameter? (used_by lists it, or it is a
 * global parameter every program reads.) */
bool daemon_reads(const param_info *p, const char *daemon);

/* The programs of version v that read p, as "smtpd, postscreen", or
 * "every Postfix program" for a global parameter. */
void readers_text(const param_info *p, pf_version v, strbuf *out);

/* Is daemon one of the programs the knowledge base describes? */
bool daemon_known(const char *daemon);

/* Is svc a delivery service that mail certainly reaches: the service
 * local_transport (with mydestination), virtual_transport (with
 * virtual_mailbox_domains), relay_transport (with relay_domains) or
 * default_transport names? (transport_maps are not read: with any, no
 * service counts, as they may send the mail elsewhere.) daemon_delivers: some service running
 * that program does. */
bool service_delivers(const model *m, const service *svc);
bool daemon_delivers(const model *m, const char *daemon);

/* Does any of programs ("smtpd, postscreen", "all", "every Postfix
 * program") run here: a master.cf service runs it (local and virtual:
 * one that mail reaches), or it is not a daemon (postfix, sendmail)?
 * True when there is no master.cf to tell. */
bool programs_in_use(const model *m, const char *programs);

/* Does a setting of p reach a program that runs? A -o of svc: when the
 * service's program reads p (local and virtual: when mail reaches them);
 * main.cf (svc NULL): when one of programs runs (programs_in_use()). */
bool setting_reaches(const model *m, const service *svc,
                     const param_info *p, const char *programs);

/* A -o value of svc for name (the last one), or NULL. */
const svc_option *service_option(const service *svc, const char *name);

/* The service named "name/type" (or just "name"), or NULL. */
const service *model_find_service(const model *m, const char *spec);

#endif
