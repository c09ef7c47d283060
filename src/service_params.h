/*
 * service_params.h - parameters named after a master.cf service.
 *
 * qmgr reads <transport>_destination_concurrency_limit and its siblings
 * for each delivery transport, and pipe(8) and spawn(8) read
 * <service>_time_limit. postconf (2.9+) knows such a name when master.cf
 * has a service of that name whose command is one of the programs that
 * suffix is for. One table of the suffixes, with the version each came
 * in and the global parameter each falls back to.
 */
#ifndef POSTLINT_SERVICE_PARAMS_H
#define POSTLINT_SERVICE_PARAMS_H

#include "model.h"

typedef struct service_suffix {
    const char *suffix;         /* "_destination_concurrency_limit" */
    const char *fallback;       /* its default: "$default_destination..." */
    pf_version since;           /* the first version with it */
    bool time_limit;            /* pipe and spawn only, not qmgr */
} service_suffix;

extern const service_suffix service_suffixes[];
extern const size_t n_service_suffixes;

/* The longest suffix name ends in (with at least one character before
 * it, the service name: *prefix_len), whatever the services; NULL when
 * none. */
const service_suffix *service_suffix_of(const char *name, size_t *prefix_len);

/* The first service named name[0..len), or NULL. */
const service *service_named(const model *m, const char *name, size_t len);

/* Which programs read suffix sfx: "local, error, virtual, smtp, lmtp or
 * pipe", or "pipe or spawn". */
const char *service_suffix_readers(const service_suffix *sfx);

/* The suffix that makes name a per-service parameter of one of m's
 * services (a service named by the rest, running a program that reads
 * it, in m's version), or NULL. */
const service_suffix *service_param_suffix(const model *m, const char *name);

/* The pipe or spawn service that reads name as its <service>_time_limit
 * (for a name that is no parameter of its own), or NULL. Postfix checks
 * it as it checks command_time_limit, which it falls back to. */
const service *time_limit_service(const model *m, const char *name);

#endif
