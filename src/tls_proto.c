/*
 * tls_proto.c - parse TLS protocol lists per Postfix and OpenSSL version.
 *
 * Interface: see tls_proto.h. Follows tls_protocol_mask() (2.5 - 3.5) and
 * tls_proto_mask_lims() (3.6+): tokens separated by blanks, commas and
 * colons; "!name" excludes; a plain name includes, and any include makes
 * every other known protocol excluded; ">=v" and "<=v" (3.6+) set bounds,
 * where v is a name, "None", or a hexadecimal number (">=" alone parses as
 * 0: no bound). The first unknown token makes the whole list invalid.
 * Which names exist depends on the release and patch level:
 *   2.5 - 2.6.14, 2.7.0 - 2.7.8, 2.8.0 - 2.8.9, 2.9.0 - 2.9.1: SSLv2,
 *     SSLv3, TLSv1;
 *   2.6.15+, 2.7.9+, 2.8.10+, 2.9.2+, 2.10, 2.11: also TLSv1.1 and
 *     TLSv1.2 when built with OpenSSL 1.0.1 or later;
 *   3.0 - 3.3.1 (before 3.0.14, 3.1.10, 3.2.7, 3.3.2): all six names,
 *     TLSv1.3 not among the known (excludable-by-omission) ones;
 *   later: TLSv1.3 known when OpenSSL has it (1.1.1+).
 * No diagnostics.
 */
#include "tls_proto.h"
#include "listtok.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    unsigned bit;
    int version;        /* protocol version number, for bounds */
} protocols[] = {
    {"SSLv2", PROTO_SSLV2, 0x0002},
    {"SSLv3", PROTO_SSLV3, 0x0300},
    {"TLSv1", PROTO_TLSV1, 0x0301},
    {"TLSv1.1", PROTO_TLSV1_1, 0x0302},
    {"TLSv1.2", PROTO_TLSV1_2, 0x0303},
    {"TLSv1.3", PROTO_TLSV1_3, 0x0304},
};
enum { N_PROTOCOLS = sizeof(protocols) / sizeof(protocols[0]) };

static pf_version V(int a, int b, int c)
{
    pf_version v = {a, b, c};

    return v;
}

static bool at_least(pf_version v, int a, int b, int c)
{
    return version_cmp(v, V(a, b, c)) >= 0;
}

/* A patch-level feature: in series a.b from patch p on, and in every
 * series after a.b. */
static bool since_patch(pf_version v, int a, int b, int p)
{
    if (v.major == a && v.minor == b)
        return v.patch >= p;
    return at_least(v, a, b + 1, 0);
}

unsigned openssl_protocols(pf_version ossl)
{
    if (at_least(ossl, 1, 1, 1))
        return PROTO_TLSV1 | PROTO_TLSV1_1 | PROTO_TLSV1_2 | PROTO_TLSV1_3;
    if (at_least(ossl, 1, 1, 0))
        return PROTO_TLSV1 | PROTO_TLSV1_1 | PROTO_TLSV1_2;
    if (at_least(ossl, 1, 0, 1))
        return PROTO_SSLV3 | PROTO_TLSV1 | PROTO_TLSV1_1 | PROTO_TLSV1_2;
    return PROTO_SSLV2 | PROTO_SSLV3 | PROTO_TLSV1;
}

/* The names a Postfix version accepts, and those it "knows" (K). */
static void names_of(pf_version pf, pf_version ossl, unsigned *names,
                     unsigned *known)
{
    unsigned base = PROTO_SSLV2 | PROTO_SSLV3 | PROTO_TLSV1;
    bool new_tls = at_least(ossl, 1, 0, 1);

    if (!at_least(pf, 3, 0, 0)) {
        bool named = since_patch(pf, 2, 6, 15) && (pf.minor != 7
                                                   || pf.patch >= 9)
            && (pf.minor != 8 || pf.patch >= 10)
            && (pf.minor != 9 || pf.patch >= 2);

        *names = base | (named && new_tls ? PROTO_TLSV1_1 | PROTO_TLSV1_2 : 0);
        *known = *names;
        return;
    }
    *names = PROTO_ALL;
    *known = PROTO_ALL & ~PROTO_TLSV1_3;
    /* TLSv1.3 joined the known set in 3.0.14, 3.1.10, 3.2.7, 3.3.2. */
    if ((pf.major == 3 && pf.minor == 0 && pf.patch >= 14)
        || (pf.major == 3 && pf.minor == 1 && pf.patch >= 10)
        || (pf.major == 3 && pf.minor == 2 && pf.patch >= 7)
        || (pf.major == 3 && pf.minor == 3 && pf.patch >= 2)
        || at_least(pf, 3, 4, 0))
        if (at_least(ossl, 1, 1, 1))
            *known |= PROTO_TLSV1_3;
}

static unsigned name_bit(const char *tok, unsigned names)
{
    for (int i = 0; i < N_PROTOCOLS; i++)
        if (strcasecmp(tok, protocols[i].name) == 0)
            return protocols[i].bit & names ? protocols[i].bit : 0;
    return 0;
}

/* ">=" / "<=" operand: a name, None, or hex. -1: invalid. */
static int bound_version(const char *tok)
{
    char *end;
    unsigned long v;

    if (strcasecmp(tok, "None") == 0)
        return 0;
    for (int i = 1; i < N_PROTOCOLS; i++)   /* SSLv2 is not a bound */
        if (strcasecmp(tok, protocols[i].name) == 0)
            return protocols[i].version;
    errno = 0;
    v = strtoul(tok, &end, 16);
    if (*end != '\0' || errno == ERANGE || v > 0x7fffffff)
        return -1;
    return (int) v;
}

/* The protocol bit for a version number, -1 when it names none. */
static int version_to_index(int version)
{
    for (int i = 0; i < N_PROTOCOLS; i++)
        if (protocols[i].version == version)
            return i;
    return -1;
}

static void set_invalid(proto_list *out, const char *tok, size_t off)
{
    out->invalid = true;
    snprintf(out->bad_token, sizeof(out->bad_token), "%.63s", tok);
    out->bad_off = off;
}

void proto_list_parse(const char *list, pf_version pf, pf_version ossl,
                      proto_list *out)
{
    unsigned names, exclude = 0, include = 0;
    bool bounds = at_least(pf, 3, 6, 0);
    int floor_v = 0, ceil_v = 0;
    list_tokens words = {0};

    memset(out, 0, sizeof(*out));
    out->min_bit = out->max_bit = -1;
    names_of(pf, ossl, &names, &out->known);
    list_split(list, strlen(list), LIST_SEPARATORS_TLS, false, &words);
    for (size_t w = 0; w < words.n; w++) {
        char tok[256];
        size_t n = words.items[w].len, start = words.items[w].off;
        unsigned bit;

        snprintf(tok, sizeof(tok), "%.*s", (int) (n < 255 ? n : 255),
                 words.items[w].text);
        if (bounds && (strncmp(tok, ">=", 2) == 0
                       || strncmp(tok, "<=", 2) == 0)) {
            int v = bound_version(tok + 2);

            if (v < 0) {
                set_invalid(out, tok, start);
                goto done;
            }
            if (tok[2] == '\0')
                out->bound_space = true;
            if (tok[0] == '>')
                floor_v = v;
            else
                ceil_v = v;
            continue;
        }
        if (tok[0] == '!') {
            if ((bit = name_bit(tok + 1, names)) == 0) {
                set_invalid(out, tok, start);
                goto done;
            }
            exclude |= bit;
        } else {
            if ((bit = name_bit(tok, names)) == 0) {
                set_invalid(out, tok, start);
                goto done;
            }
            include |= bit;
            out->has_include = true;
        }
    }
    out->included = include;
    out->excluded = include ? (exclude | (out->known & ~include)) : exclude;
    out->enabled = openssl_protocols(ossl) & ~out->excluded;
    if (floor_v > 0) {
        for (int k = 0; k < N_PROTOCOLS; k++)
            if (protocols[k].version < floor_v)
                out->enabled &= ~protocols[k].bit;
        out->min_bit = version_to_index(floor_v);
    }
    if (ceil_v > 0) {
        for (int k = 0; k < N_PROTOCOLS; k++)
            if (protocols[k].version > ceil_v)
                out->enabled &= ~protocols[k].bit;
        out->max_bit = version_to_index(ceil_v);
    }
done:
    list_tokens_free(&words);
}

const char *proto_name(unsigned bit)
{
    for (int i = 0; i < N_PROTOCOLS; i++)
        if (protocols[i].bit == bit)
            return protocols[i].name;
    return "?";
}

unsigned proto_bit(const char *name)
{
    return name_bit(name, PROTO_ALL);
}

void proto_set_text(unsigned set, char *buf, size_t size)
{
    size_t used = 0;

    buf[0] = '\0';
    for (int i = 0; i < N_PROTOCOLS && used < size; i++)
        if (set & protocols[i].bit)
            used += (size_t) snprintf(buf + used, size - used, "%s%s",
                                      used ? ", " : "", protocols[i].name);
    if (used == 0)
        snprintf(buf, size, "none");
}

unsigned proto_lowest(unsigned set)
{
    for (int i = 0; i < N_PROTOCOLS; i++)
        if (set & protocols[i].bit)
            return protocols[i].bit;
    return 0;
}

unsigned proto_highest(unsigned set)
{
    for (int i = N_PROTOCOLS - 1; i >= 0; i--)
        if (set & protocols[i].bit)
            return protocols[i].bit;
    return 0;
}

const char *proto_mismatch_reason(pf_version openssl)
{
    static const pf_version v1_1_0 = {1, 1, 0};

    return version_cmp(openssl, v1_1_0) < 0 ? "unknown protocol"
        : "unsupported protocol";
}

bool proto_has_gap(unsigned set, unsigned *missing)
{
    unsigned lo = proto_lowest(set), hi = proto_highest(set), gap = 0;

    for (unsigned b = lo; b && b < hi; b <<= 1)
        if (!(set & b))
            gap |= b;
    if (missing)
        *missing = gap;
    return gap != 0;
}
