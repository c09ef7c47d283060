/*
 * tls_profiles.h - what real mail senders and receivers offer in TLS.
 *
 * One row per profile (rules/tls-profiles.tsv): protocol range, TLS 1.2
 * and older suites in OpenSSL names, TLS 1.3 suites, groups, whether the
 * peer falls back to plaintext after a failed handshake, provenance, and
 * whether it is a common peer that rules should name.
 */
#ifndef POSTLINT_TLS_PROFILES_H
#define POSTLINT_TLS_PROFILES_H

#include <stdbool.h>
#include <stddef.h>

typedef struct tls_profile {
    const char *id;
    const char *role;           /* "sender" or "receiver" */
    const char *min_proto;      /* "TLSv1", ... or "unknown" */
    const char *max_proto;
    const char *ciphers;        /* colon-separated OpenSSL names */
    const char *tls13;
    const char *groups;
    const char *sigalgs;        /* signature algorithms, TLS names */
    const char *fallback;       /* yes / no / unknown */
    const char *source;
    bool common;
} tls_profile;

extern const tls_profile tls_profiles[];
extern const size_t tls_profiles_len;

/* Does the profile offer this TLS 1.2-or-older suite? */
bool profile_offers(const tls_profile *p, const char *suite);

/* Its protocols as a PROTO_* bit set (tls_proto.h); unknown ends are
 * taken as TLSv1 and TLSv1.2. */
unsigned profile_protocols(const tls_profile *p);

#endif
