/*
 * fuzz_log_line.c - libFuzzer harness for the hot path of `postlint log`
 * that every byte of a mail log goes through (make fuzz
 * FUZZ_NAMES=log_line): log_parse_line() and log_parse_time() on the
 * whole input as one line, then every line of the input parsed, digested
 * and folded into fresh stats (log_stats_add), the stats finished and
 * the report printed, as text and as JSON.
 *
 * Any crash, out-of-bounds read (ASan), undefined behaviour (UBSan) or
 * leak is a bug: the parser and the fold must accept any bytes. Seeds:
 * the golden mail logs (fuzz/log_line.seeds).
 */
#include "fuzz.h"
#include "log_parse.h"
#include "log_report.h"
#include "util.h"

#include <string.h>

/* Every line of the input through the fold, and both reports. */
static void fold_lines(const char *data, size_t size)
{
    log_stats *s = log_stats_new();
    const char *p = data, *end = data + size, *nl;
    uint64_t seq = 0;
    log_event ev;
    strbuf out;

    while (p < end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        seq++;
        if (log_parse_line(p, (size_t) ((nl ? nl : end) - p), &ev))
            log_stats_add(s, &ev, seq);
        p = nl ? nl + 1 : end;
    }
    s->lines = seq;
    log_stats_finish(s);
    sb_init(&out);
    log_report_text(s, &out);
    log_report_json(s, &out);
    sb_free(&out);
    log_stats_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    log_event ev;
    int64_t when;
    bool has_year;

    log_parse_line((const char *) data, size, &ev);
    log_parse_time((const char *) data, size, &when, &has_year);
    fold_lines((const char *) data, size);
    return 0;
}
