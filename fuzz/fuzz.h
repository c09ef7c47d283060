/*
 * fuzz.h - what every fuzz harness (fuzz/fuzz_NAME.c) shares.
 *
 * A harness defines LLVMFuzzerTestOneInput() and nothing else global. It
 * is linked with libFuzzer for `make fuzz` and with fuzz/replay.c for
 * `make check`, so it must not exit(), write files, or keep memory from
 * one input to the next (libFuzzer's leak check runs per input).
 */
#ifndef POSTLINT_FUZZ_H
#define POSTLINT_FUZZ_H

#include "ast.h"
#include "diag.h"
#include "expand.h"
#include "emit.h"
#include "lint.h"
#include "model.h"
#include "pem_file.h"
#include "postconf_view.h"
#include "print.h"
#include "rule.h"
#include "source.h"
#include "tls_ciphers.h"
#include "tls_policy.h"
#include "version.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Once per process, before the first input: a smaller expansion budget
 * (its paths are the same, an input just reaches them sooner), and the
 * caches built on first use (parameter versions, the OpenSSL context)
 * are warmed by the first input, not counted against each. */
__attribute__((constructor)) static void fuzz_setup(void)
{
    expand_max_work = 16 * 1024;
}

/* The input as a NUL-terminated string (inputs may hold NUL bytes: the
 * string then ends at the first one, as C string APIs would see it). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s == NULL)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* A source for the input (a copy), or NULL when it holds a NUL byte or
 * an over-long line (for harnesses that need no more than a source). */
static inline source *fuzz_source(const char *name, const uint8_t *data,
                                  size_t size)
{
    char *why = NULL;
    source *src = source_from_text(name, fuzz_cstring(data, size), size,
                                   &why);

    free(why);
    return src;
}

/* Target versions worth telling apart (syntax and defaults differ). */
static const char *const fuzz_versions[] = {
    "2.6.6", "2.11.11", "3.4.0", "3.7.11", "3.11.6"
};

/* What postlint does with a main.cf and a master.cf (either may be
 * NULL), through lint.c's pipeline as main.c runs it: read with the
 * limits (a refusal is the tested path), parsed, the model and
 * postconf's views; with rules set, also the TLS model, every rule, the
 * post-processing and both emitters. visit, when set, sees the input
 * as parsed. */
typedef void (*fuzz_visit_fn)(const lint_input *in);

static inline void fuzz_lint(const uint8_t *main_text, size_t main_len,
                             const uint8_t *master_text, size_t master_len,
                             size_t pick, bool rules, fuzz_visit_fn visit)
{
    const lint_settings settings = {NULL, NULL, true, false};
    const char *vtext = fuzz_versions[pick % 5];
    emit_info info = {0};
    lint_input in;
    lint_pass p;
    strbuf out;
    char *why = NULL;

    memset(&p, 0, sizeof(p));
    if (!lint_from_text((const char *) main_text, main_len,
                        (const char *) master_text, master_len, &in, &why)
        || !lint_prepare(&settings, &in, vtext, &p, &why)) {
        free(why);
        lint_pass_free(&p);
        lint_input_free(&in);
        return;
    }
    if (visit)
        visit(&in);
    if (rules) {
        lint_run(&p, false);
        lint_postprocess(&settings, &in, NULL, NULL, &p.diags);
    } else {
        p.ctx.view = postconf_view_build(p.m);
        postconf_view_free(p.m, (postconf_view *) p.ctx.view);
        p.ctx.view = NULL;
    }
    /* Half the inputs get -n and -F, the other half -n -x and -P: each
     * view builds postconf's classification again, and the fuzzer's
     * mutations reach both halves alike. */
    sb_init(&out);
    if (pick & 1) {
        print_main(p.m, &out);
        print_fields(p.m, &out);
    } else {
        if (!print_main_expanded(p.m, &out, &why))
            free(why);
        print_params(p.m, &out);
    }
    info.tool_version = "fuzz";
    info.postfix_version = vtext;
    info.openssl_version = p.ctx.openssl_text;
    if (pick & 2)               /* one emitter each, alternately */
        emit_gcc(&p.diags, &info, &out);
    else
        emit_json(&p.diags, &info, &out);
    sb_free(&out);
    lint_pass_free(&p);
    lint_input_free(&in);
}

#endif
