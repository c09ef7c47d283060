/*
 * fuzz_lintconf.c - libFuzzer harness: postlint.conf and baselines.
 *
 * The input is tried both ways: as a postlint.conf (disable, severity.RULE,
 * fail-on: strict, errors name the line) and as a baseline file
 * (fingerprint, rule, file:line, message per line). Whatever parses is
 * applied to a small set of findings, so the filters run too: a config
 * or baseline read from a user's directory must never crash postlint.
 */
#include "fuzz.h"
#include "baseline.h"
#include "lintconf.h"

/* A few findings with rules postlint.conf may name. */
static void some_findings(const source *src, diag_set *set)
{
    static const char *const rules[] = {
        "unknown-parameter", "tls-protocol-floor", "deprecated-parameter",
        "missing-equals", "bad-value"
    };
    span sp = {0};

    sp.src = src;
    sp.line = sp.end_line = 1;
    sp.col = 1;
    sp.end_col = 2;
    sp.end_off = src->len ? 1 : 0;
    for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
        diagnostic *d = diag_add(set, rules[i], (severity) (i % 3), &sp,
                                 "finding %zu", i);

        if (i % 2)
            diag_set_fix(d, &sp, "x");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size), *why = NULL;
    source *src = fuzz_source("fuzz/main.cf", data, size);
    diag_set set = {0};
    lintconf conf;
    baseline base;

    if (src == NULL)
        src = source_from_text("fuzz/main.cf", xstrdup(""), 0, &why);
    free(why);
    why = NULL;
    some_findings(src, &set);
    if (lintconf_parse(&conf, "fuzz/postlint.conf", text, &why))
        lintconf_apply(&conf, &set);
    lintconf_free(&conf);
    free(why);
    why = NULL;
    /* baseline_parse cuts lines in place: a copy of its own. */
    memcpy(text, data, size);
    if (baseline_parse(&base, "fuzz/baseline", text, size, &why)) {
        baseline_filter(&base, &set);
        baseline_free(&base);
    }
    free(why);
    diag_free(&set);
    source_free(src);
    free(text);
    return 0;
}
