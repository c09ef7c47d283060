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

/* A source for the input (a copy), or NULL when postlint would refuse
 * it (a NUL byte, an over-long line, main.c's entry and word limits for
 * master.cf when master is set): that refusal is the tested path. */
static inline source *fuzz_source(const char *name, const uint8_t *data,
                                  size_t size, bool master)
{
    char *why = NULL;
    source *src = source_from_text(name, fuzz_cstring(data, size), size,
                                   &why);

    if (src && (why = source_check_entries(src, master
                                           ? MASTERCF_MAX_SERVICES
                                           : MAINCF_MAX_PARAMS,
                                           master ? MASTERCF_MAX_WORDS
                                           : (size_t) -1, "entries"))) {
        source_free(src);
        src = NULL;
    }
    free(why);
    return src;
}

/* Target versions worth telling apart (syntax and defaults differ). */
static const char *const fuzz_versions[] = {
    "2.6.6", "2.11.11", "3.4.0", "3.7.11", "3.11.6"
};

/* What postlint does after parsing: the model and postconf's views;
 * with rules set, also every rule (with the TLS model, which evaluates
 * cipher strings with OpenSSL: a hundred times slower) and both
 * emitters, as main.c does them. */
static inline void fuzz_lint(const maincf_ast *main_ast,
                             const mastercf_ast *master_ast, size_t pick,
                             bool rules)
{
    const char *vtext = fuzz_versions[pick % 5];
    diag_set diags = {0};
    lint_ctx ctx;
    emit_info info = {0};
    strbuf out;
    char *why = NULL;
    model *m;

    memset(&ctx, 0, sizeof(ctx));
    version_parse(vtext, &ctx.version);
    ctx.version_text = vtext;
    ctx.openssl = openssl_linked_version();
    ctx.openssl_text = openssl_linked_text();
    m = model_build(main_ast, master_ast, ctx.version);
    m->version_text = vtext;
    m->config_dir = "/etc/postfix";
    ctx.m = m;
    ctx.diags = &diags;
    ctx.view = postconf_view_build(m);
    if (rules) {
        ctx.tls = tls_model_build(m, ctx.openssl);
        rules_run(&ctx);
    }
    /* Half the inputs get -n and -F, the other half -n -x and -P: each
     * view builds postconf's classification again, and the fuzzer's
     * mutations reach both halves alike. */
    sb_init(&out);
    if (pick & 1) {
        print_main(m, &out);
        print_fields(m, &out);
    } else {
        if (!print_main_expanded(m, &out, &why))
            free(why);
        print_params(m, &out);
    }
    diag_sort(&diags);
    info.tool_version = "fuzz";
    info.postfix_version = vtext;
    info.openssl_version = ctx.openssl_text;
    emit_gcc(&diags, &info, &out);
    emit_json(&diags, &info, &out);
    sb_free(&out);
    postconf_view_free(m, (postconf_view *) ctx.view);
    if (ctx.tls)
        tls_model_free((tls_model *) ctx.tls);
    diag_free(&diags);
    model_free(m);
    pem_cache_clear();      /* what a lint run frees at its end */
}

#endif
