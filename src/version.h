/*
 * version.h - Postfix and OpenSSL version numbers that compare properly.
 *
 * "2.6.6" < "2.6.15" < "3.7.11": versions are major.minor.patch triples,
 * never strings or floats, so that patch-level backports (2.6.15 learned
 * TLSv1.2, 2.6.6 did not) are represented exactly.
 */
#ifndef POSTLINT_VERSION_H
#define POSTLINT_VERSION_H

#include <stdbool.h>

typedef struct pf_version {
    int major, minor, patch;
} pf_version;

/* Parse "3", "3.7", "3.7.11" (a trailing "-snapshot" etc. is ignored).
 * Returns false on anything else. */
bool version_parse(const char *text, pf_version *out);

/* Parse the first version found in free text such as "<=1.0 (...)" or
 * "3.1.14 / 3.2.11". Returns false when there is none. */
bool version_parse_loose(const char *text, pf_version *out);

int version_cmp(pf_version a, pf_version b);

/* "3.7.11"; the buffer needs 32 bytes. */
const char *version_format(pf_version v, char buf[32]);

#endif
