/*
 * table_types.c - the lookup table types per Postfix version.
 *
 * Interface: see table_types.h. No diagnostics. Facts: research of
 * dict_open.c / mail_dict.c at every x.y.0 tag (the patch releases of a
 * branch do not differ); packages from Debian 12 and the Fedora spec.
 */
#include "table_types.h"
#include "util.h"

#include <string.h>

typedef struct map_type {
    const char *name;
    const char *since;
    const char *package;        /* plugin package, or NULL */
} map_type;

static const map_type types[] = {
    {"btree", "2.6", NULL}, {"cdb", "2.6", "postfix-cdb"},
    {"cidr", "2.6", NULL}, {"dbm", "2.6", NULL}, {"debug", "3.11", NULL},
    {"environ", "2.6", NULL}, {"fail", "2.9", NULL}, {"hash", "2.6", NULL},
    {"inline", "3.0", NULL}, {"internal", "2.7", NULL},
    {"ldap", "2.6", "postfix-ldap"}, {"lmdb", "2.11", "postfix-lmdb"},
    {"memcache", "2.9", NULL}, {"mongodb", "3.9", "postfix-mongodb"},
    {"mysql", "2.6", "postfix-mysql"}, {"netinfo", "2.6", NULL},
    {"nis", "2.6", NULL}, {"nisplus", "2.6", NULL},
    {"pcre", "2.6", "postfix-pcre"}, {"pgsql", "2.6", "postfix-pgsql"},
    {"pipemap", "3.0", NULL}, {"proxy", "2.6", NULL},
    {"randmap", "3.0", NULL}, {"regexp", "2.6", NULL},
    {"sdbm", "2.6", NULL}, {"socketmap", "2.10", NULL},
    {"sqlite", "2.8", "postfix-sqlite"}, {"static", "2.6", NULL},
    {"tcp", "2.7", NULL}, {"texthash", "2.8", NULL},
    {"unionmap", "3.0", NULL}, {"unix", "2.6", NULL},
};

static const map_type *find(const char *type)
{
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (str_eq(types[i].name, type))
            return &types[i];
    return NULL;
}

bool table_type_in_version(const char *type, pf_version v)
{
    const map_type *t = find(type);
    pf_version since;

    return t && version_parse_loose(t->since, &since)
        && version_cmp(v, since) >= 0;
}

const char *table_type_since(const char *type)
{
    const map_type *t = find(type);

    return t ? t->since : NULL;
}

const char *table_type_package(const char *type)
{
    const map_type *t = find(type);

    return t ? t->package : NULL;
}

bool table_type_usable_in(const char *type, pf_version v, const char *types)
{
    size_t n = strlen(type);

    if (!table_type_in_version(type, v))
        return false;
    if (types == NULL)
        return true;
    for (const char *p = types; (p = strstr(p, type)) != NULL; p += n)
        if ((p == types || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return true;
    return false;
}
