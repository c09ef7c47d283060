/*
 * target.h - which Postfix and OpenSSL versions postlint judges for:
 * what the user named, else what postconf reports, else the newest
 * Postfix postlint knows. Shared by the lint (main.c) and by postlint
 * log's tie-in (log_tiein.c), so both decide the same way.
 */
#ifndef POSTLINT_TARGET_H
#define POSTLINT_TARGET_H

#include "rule.h"

#define NEWEST_KNOWN_VERSION "3.11.6"

/*
 * The target Postfix version. wanted (from --postfix-version) wins;
 * else postconf -d mail_version unless no_exec; else the newest known.
 * Sets *v, *text (allocated), *origin and *note: why the version was
 * assumed, or how wanted was read (a package version's upstream part, a
 * version newer than postlint knows); else NULL.
 * Returns false only when wanted is not a version.
 */
bool target_postfix(const char *wanted, bool no_exec, pf_version *v,
                    char **text, version_origin *origin, const char **note);

/* Which postconf postlint runs, and where it was found, for -v. */
const char *target_postconf_where(bool no_exec);

/*
 * The OpenSSL the target Postfix is built with: wanted (from
 * --openssl-version), else the one postlint is linked with. *approx says
 * the two differ in major.minor. Returns false when wanted is not a
 * version.
 */
bool target_openssl(const char *wanted, pf_version *v, const char **text,
                    bool *approx);

/* When v is the version installed here (postconf -d mail_version, never
 * under no_exec), make postconf -d's list of parameters the one that
 * decides which names v has (params_install). */
void target_installed_params(bool no_exec, pf_version v);

/* The lookup table types the installed Postfix supports (postconf -m:
 * built-in ones and the plugins dynamicmaps.cf registers), one per line,
 * when it is version v; NULL under --no-exec or for another version. */
const char *target_installed_map_types(bool no_exec, pf_version v);

/* The default of a directory parameter (command_directory,
 * daemon_directory, meta_directory, queue_directory) that the installed
 * Postfix was built with, when it is version v; NULL under --no-exec, for
 * another version or another name. */
const char *target_installed_default(bool no_exec, pf_version v,
                                    const char *name);

/* Why postconf -m failed, when it did (for a warning); else NULL. */
const char *target_map_types_failure(void);

#endif
