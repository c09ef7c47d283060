/*
 * table_types.h - which lookup table types a Postfix version has, and
 * which Debian or RPM package provides the plugins.
 *
 * From dict_open.c and mail_dict.c of every x.y.0 tag 2.6 to 3.11:
 * texthash (2.8), sqlite (2.8), fail and memcache (2.9), socketmap
 * (2.10), lmdb (2.11), inline, pipemap, unionmap and randmap (3.0),
 * mongodb (3.9), debug (3.11). From 3.0 pcre, cdb, sdbm, lmdb, ldap,
 * mysql, pgsql and sqlite are plugins when Postfix is built with
 * dynamic maps, as Debian and Fedora build it: each comes in its own
 * package (postfix-pcre ...).
 */
#ifndef POSTLINT_TABLE_TYPES_H
#define POSTLINT_TABLE_TYPES_H

#include "version.h"

#include <stdbool.h>

/* Does any build of Postfix version v know the type? */
bool table_type_in_version(const char *type, pf_version v);

/* The first version that has it ("3.0"), or NULL for an unknown type. */
const char *table_type_since(const char *type);

/* The package that provides a plugin type ("postfix-pcre"), or NULL
 * when the type is built into the main package. */
const char *table_type_package(const char *type);

/* Can the target Postfix open tables of type at all (its version has it
 * and, when postconf -m was asked, it is installed)? types: postconf -m
 * output or NULL. */
bool table_type_usable_in(const char *type, pf_version v, const char *types);
#define table_type_usable(ctx, type) \
    table_type_usable_in((type), (ctx)->version, (ctx)->map_types)

#endif
