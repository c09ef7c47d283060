/*
 * fuzz_lint.c - libFuzzer harness: the whole lint, main.cf and master.cf.
 *
 * Input: main.cf text, then optionally a form feed (\f) and master.cf
 * text. Both are parsed and linted as postlint does: model, postconf's
 * views, the TLS policy of every service (cipher strings evaluated with
 * OpenSSL), every rule, both emitters. Slow per input (OpenSSL), so it
 * is run for a fixed time rather than a number of inputs. Files named in
 * the configuration (certificates, keys) are read, read-only, through
 * safe_file.c: the fuzzer may name /dev/zero or a FIFO.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *ff = memchr(data, '\f', size);
    size_t main_len = ff ? (size_t) (ff - data) : size;
    source *main_src = fuzz_source("fuzz/main.cf", data, main_len, false);
    source *master_src = ff ? fuzz_source("fuzz/master.cf", ff + 1,
                                          size - main_len - 1, true) : NULL;
    maincf_ast *main_ast = main_src ? maincf_parse(main_src) : NULL;
    mastercf_ast *master_ast = master_src ? mastercf_parse(master_src)
        : NULL;

    fuzz_lint(main_ast, master_ast, size, true);
    mastercf_free(master_ast);
    maincf_free(main_ast);
    source_free(master_src);
    source_free(main_src);
    return 0;
}
