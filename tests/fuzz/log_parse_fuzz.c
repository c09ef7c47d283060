/*
 * log_parse_fuzz.c - libFuzzer harness for log_parse_line(), the hot path
 * of `postlint log` that every byte of a mail log goes through.
 *
 * Build and run (clang with compiler-rt):
 *     make fuzz-log            (builds build/fuzz/log_parse_fuzz)
 *     build/fuzz/log_parse_fuzz -max_total_time=60 CORPUS_DIR
 * (CORPUS_DIR: e.g. the lines of the testdata/log-... maillog files.)
 * Any crash, out-of-bounds read (ASan) or undefined behaviour (UBSan) is a
 * bug; the parser must accept any bytes.
 */
#include "log_parse.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    log_event ev;
    int64_t when;
    bool has_year;

    log_parse_line((const char *) data, size, &ev);
    log_parse_time((const char *) data, size, &when, &has_year);
    return 0;
}
