/*
 * fuzz_log_line.c - libFuzzer harness for log_parse_line() and
 * log_parse_time(), the hot path of `postlint log` that every byte of a
 * mail log goes through (make fuzz FUZZ_NAMES=log_line).
 *
 * Any crash, out-of-bounds read (ASan) or undefined behaviour (UBSan) is a
 * bug: the parser must accept any bytes. Seeds: the golden mail logs
 * (fuzz/log_line.seeds).
 */
#include "fuzz.h"
#include "log_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    log_event ev;
    int64_t when;
    bool has_year;

    log_parse_line((const char *) data, size, &ev);
    log_parse_time((const char *) data, size, &when, &has_year);
    return 0;
}
