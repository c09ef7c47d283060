/*
 * restrictions.h - what smtpd knows of each restriction name, per
 * version (rules/restrictions.tsv, from generic_checks() in
 * smtpd_check.c of every release tag 2.6 to 3.11).
 *
 * Names are matched without regard to case, as smtpd does (strcasecmp);
 * restriction classes are matched with case, after every built-in name.
 */
#ifndef POSTLINT_RESTRICTIONS_H
#define POSTLINT_RESTRICTIONS_H

#include "version.h"

#include <stdbool.h>
#include <stddef.h>

/* The word a restriction takes after it, as smtpd checks it. */
typedef enum restr_arg {
    RARG_NONE,
    RARG_TABLE,     /* check_*_access TYPE:TABLE (the next word has ':') */
    RARG_DOMAIN,    /* reject_rbl_client DOMAIN[=PATTERN] (any next word) */
    RARG_POLICY,    /* check_policy_service TRANSPORT:SERVER */
    RARG_SECONDS    /* sleep N (digits) */
} restr_arg;

typedef struct restriction_info {
    const char *name;
    const char *alias_of;       /* the current name, for an old alias */
    const char *since;          /* first version that accepts it; "never" */
    const char *deprecated;     /* version from which smtpd warns */
    const char *fails;          /* version from which every use fails */
    const char *replacement;    /* what to write instead (text) */
    restr_arg arg;
    const char *needs;          /* none, sasl, tls, dns, verify, policy */
} restriction_info;

extern const restriction_info restriction_table[];
extern const size_t restriction_table_len;

/* The entry for name (any case), or NULL: not a name of any version. */
const restriction_info *restriction_lookup(const char *name);

/* Does smtpd of version v accept the name (a look-alike never does)? */
bool restriction_known_in(const restriction_info *r, pf_version v);

/* Does every use fail in version v (3.9 removed three old names)? */
bool restriction_fails_in(const restriction_info *r, pf_version v);

/* Does smtpd of version v log a deprecation warning for it? */
bool restriction_deprecated_in(const restriction_info *r, pf_version v);

#endif
