/*
 * fuzz_tls_proto.c - libFuzzer harness: TLS protocol lists.
 *
 * Input: one byte that picks the target Postfix and OpenSSL versions,
 * then the protocol list ("!SSLv2, !SSLv3", ">=TLSv1.2", ...). Runs
 * proto_list_parse() and the set helpers the rules and --print tls use,
 * and checks the invariants they rely on.
 */
#include "fuzz.h"
#include "tls_proto.h"

static const char *const postfix[] = {
    "2.2.0", "2.5.0", "2.6.6", "2.11.11", "3.4.0", "3.6.0", "3.7.11", "3.11.6"
};
static const char *const openssl[] = {
    "0.9.8", "1.0.0", "1.0.1e", "1.0.2", "1.1.0", "1.1.1", "3.0.0", "3.5.0"
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pf_version pf, ossl;
    proto_list pl;
    unsigned missing;
    char set[128], *list;

    if (size < 1)
        return 0;
    version_parse(postfix[data[0] & 7], &pf);
    version_parse(openssl[(data[0] >> 3) & 7], &ossl);
    list = fuzz_cstring(data + 1, size - 1);
    proto_list_parse(list, pf, ossl, &pl);
    if ((pl.enabled & ~PROTO_ALL) || (pl.excluded & ~PROTO_ALL)
        || memchr(pl.bad_token, '\0', sizeof(pl.bad_token)) == NULL)
        abort();
    proto_set_text(pl.enabled, set, sizeof(set));
    proto_set_text(pl.excluded, set, sizeof(set));
    (void) proto_has_gap(pl.enabled, &missing);
    (void) proto_name(proto_lowest(pl.enabled));
    (void) proto_name(proto_highest(pl.enabled));
    (void) proto_bit(list);
    free(list);
    return 0;
}
