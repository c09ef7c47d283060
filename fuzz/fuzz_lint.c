/*
 * fuzz_lint.c - libFuzzer harness: the whole lint, main.cf and master.cf.
 *
 * Input: main.cf text, then optionally a form feed (\f) and master.cf
 * text. Both go through lint.c's pipeline as postlint runs it: read with
 * the limits, model, postconf's views, the TLS policy of every service
 * (cipher strings evaluated with OpenSSL), every rule, the
 * post-processing (suppression comments), both emitters. Files named in
 * the configuration (certificates, keys) are read, read-only, through
 * safe_file.c: the fuzzer may name /dev/zero or a FIFO.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *ff = memchr(data, '\f', size);
    size_t main_len = ff ? (size_t) (ff - data) : size;

    fuzz_lint(data, main_len, ff ? ff + 1 : NULL,
              ff ? size - main_len - 1 : 0, size, true, NULL);
    return 0;
}
