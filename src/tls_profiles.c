/*
 * tls_profiles.c - queries on the peer profiles.
 *
 * Interface: see tls_profiles.h. No diagnostics.
 */
#include "tls_profiles.h"
#include "tls_proto.h"
#include "util.h"

#include <string.h>

bool profile_offers(const tls_profile *p, const char *suite)
{
    size_t n = strlen(suite);

    for (const char *c = p->ciphers; (c = strstr(c, suite)) != NULL; c += n)
        if ((c == p->ciphers || c[-1] == ':') && (c[n] == ':' || c[n] == '\0'))
            return true;
    return false;
}

unsigned profile_protocols(const tls_profile *p)
{
    unsigned lo = proto_bit(p->min_proto), hi = proto_bit(p->max_proto);
    unsigned set = 0;

    if (lo == 0)
        lo = PROTO_TLSV1;
    if (hi == 0)
        hi = PROTO_TLSV1_2;
    for (unsigned b = lo; b && b <= hi; b <<= 1)
        set |= b;
    return set;
}
