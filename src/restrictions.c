/*
 * restrictions.c - lookups in the restriction knowledge base.
 *
 * Interface: see restrictions.h. No diagnostics.
 */
#include "restrictions.h"

#include <strings.h>

const restriction_info *restriction_lookup(const char *name)
{
    for (size_t i = 0; i < restriction_table_len; i++)
        if (strcasecmp(restriction_table[i].name, name) == 0)
            return &restriction_table[i];
    return NULL;
}

static bool from(const char *when, pf_version v)
{
    pf_version since;

    return when && version_parse_loose(when, &since)
        && version_cmp(v, since) >= 0;
}

bool restriction_known_in(const restriction_info *r, pf_version v)
{
    return r && !(r->since && r->since[0] == 'n') && from(r->since, v);
}

bool restriction_fails_in(const restriction_info *r, pf_version v)
{
    return r && from(r->fails, v);
}

bool restriction_deprecated_in(const restriction_info *r, pf_version v)
{
    return r && from(r->deprecated, v);
}
