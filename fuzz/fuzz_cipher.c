/*
 * fuzz_cipher.c - libFuzzer harness: cipher strings and grades.
 *
 * Input: one byte that picks the target OpenSSL version, ECDHE and the
 * certificate types, then the cipher string handed to OpenSSL (the text
 * a grade, tls_*_cipherlist and exclusions make). cipher_string_eval()
 * keeps one SSL_CTX for the whole run (making one per call would load
 * OpenSSL's configuration each time), so the fuzzer tests that reuse too.
 */
#include "fuzz.h"

static const char *const openssl[] = {
    "0.9.8", "1.0.0", "1.0.1e", "1.1.1"
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int auths[] = {AUTH_ANY, AUTH_RSA, AUTH_ECDSA,
                                AUTH_RSA | AUTH_ECDSA};
    pf_version target;
    suite_list suites;
    char *text;

    if (size < 1)
        return 0;
    version_parse(openssl[data[0] & 3], &target);
    text = fuzz_cstring(data + 1, size - 1);
    cipher_string_eval(text, target, (data[0] & 4) != 0,
                       auths[(data[0] >> 3) & 3], &suites);
    if (suites.no_match && suites.n)
        abort();
    for (size_t i = 0; i < suites.n; i++)
        (void) suite_list_has(&suites, suites.names[i]);
    suite_list_free(&suites);
    free(text);
    return 0;
}
