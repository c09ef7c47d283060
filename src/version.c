/*
 * version.c - parse, compare and print version triples.
 *
 * Interface: see version.h. No diagnostics: callers report bad input.
 */
#include "version.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static bool parse_number(const char **cp, int *out)
{
    long n = 0;

    if (!isdigit((unsigned char) **cp))
        return false;
    while (isdigit((unsigned char) **cp)) {
        n = n * 10 + (**cp - '0');
        if (n > 100000)
            return false;
        (*cp)++;
    }
    *out = (int) n;
    return true;
}

/* Parse a version at *cp; advance past it. */
static bool parse_at(const char **cp, pf_version *out)
{
    pf_version v = {0, 0, 0};

    if (!parse_number(cp, &v.major))
        return false;
    if (**cp == '.') {
        (*cp)++;
        if (!parse_number(cp, &v.minor))
            return false;
        if (**cp == '.') {
            (*cp)++;
            if (!parse_number(cp, &v.patch))
                return false;
        }
    }
    *out = v;
    return true;
}

bool version_parse(const char *text, pf_version *out)
{
    const char *cp = text;

    if (!parse_at(&cp, out))
        return false;
    /* OpenSSL letter releases: "1.0.1e", "1.0.2p-fips". */
    while (*cp >= 'a' && *cp <= 'z')
        cp++;
    return *cp == '\0' || *cp == '-';
}

bool version_parse_loose(const char *text, pf_version *out)
{
    for (const char *cp = text; *cp; cp++) {
        if (isdigit((unsigned char) *cp)) {
            const char *start = cp;

            return parse_at(&start, out);
        }
    }
    return false;
}

int version_cmp(pf_version a, pf_version b)
{
    if (a.major != b.major)
        return a.major < b.major ? -1 : 1;
    if (a.minor != b.minor)
        return a.minor < b.minor ? -1 : 1;
    if (a.patch != b.patch)
        return a.patch < b.patch ? -1 : 1;
    return 0;
}

const char *version_format(pf_version v, char buf[32])
{
    snprintf(buf, 32, "%d.%d.%d", v.major, v.minor, v.patch);
    return buf;
}
