/*
 * tls_proto.h - TLS protocol lists as a given Postfix version parses them.
 *
 * "!SSLv2, !SSLv3", "TLSv1.2, TLSv1.1, !TLSv1", ">=TLSv1.2": which names
 * the version knows (and which only with OpenSSL 1.0.1 or later), how
 * included and excluded names combine (an include list excludes every
 * other protocol the version knows), the 3.6 bounds, and what is left
 * once the OpenSSL build's own protocols are taken into account.
 */
#ifndef POSTLINT_TLS_PROTO_H
#define POSTLINT_TLS_PROTO_H

#include "version.h"

#include <stdbool.h>
#include <stddef.h>

enum {
    PROTO_SSLV2 = 1 << 0,
    PROTO_SSLV3 = 1 << 1,
    PROTO_TLSV1 = 1 << 2,
    PROTO_TLSV1_1 = 1 << 3,
    PROTO_TLSV1_2 = 1 << 4,
    PROTO_TLSV1_3 = 1 << 5,
    PROTO_ALL = (1 << 6) - 1
};

typedef struct proto_list {
    bool invalid;               /* Postfix: "Invalid TLS protocol list" */
    char bad_token[64];         /* the token that made it invalid */
    size_t bad_off;             /* its offset in the text */
    unsigned known;             /* K: names this version can exclude */
    unsigned included;          /* I: plain names */
    unsigned excluded;          /* the resulting exclusion set */
    unsigned enabled;           /* what the handshake may use */
    int min_bit, max_bit;       /* >= / <= bounds (-1: none) */
    bool bound_space;           /* ">= TLSv1.2": a bound with a blank */
    bool has_include;
} proto_list;

/* The protocols an OpenSSL version can negotiate (by default build). */
unsigned openssl_protocols(pf_version openssl);

/* Parse list for Postfix pf built with OpenSSL ossl. */
void proto_list_parse(const char *list, pf_version pf, pf_version ossl,
                      proto_list *out);

/* "TLSv1.2" for one bit; "TLSv1 .. TLSv1.3" style text for a set. */
const char *proto_name(unsigned bit);
void proto_set_text(unsigned set, char *buf, size_t size);

/* The lowest/highest protocol in a set (a bit), 0 for an empty set. */
unsigned proto_lowest(unsigned set);
unsigned proto_highest(unsigned set);

/* How smtpd's log names a handshake with no protocol in common: OpenSSL
 * before 1.1.0 says "unknown protocol" (SSL23_GET_CLIENT_HELLO), later
 * ones "unsupported protocol". */
const char *proto_mismatch_reason(pf_version openssl);

/* Does the set have a gap (a protocol missing between two enabled)? */
bool proto_has_gap(unsigned set, unsigned *missing);

/* Parse "TLSv1.2" (case-insensitive) to a bit, 0 if unknown. */
unsigned proto_bit(const char *name);

#endif
