/*
 * fuzz_maincf.c - libFuzzer harness: the input is a main.cf.
 *
 * Reads it as source.c would (limits, NUL bytes), parses it with the
 * flex/bison main.cf parser, parses every value's $ expressions, then
 * builds the model and postconf's views (-n, -n -x, -F, -P) with no
 * master.cf. The rules are fuzz_lint.c's (they are much slower). The
 * target version is chosen by the input's length.
 */
#include "fuzz.h"
#include "value.h"

static void visit(const vx_node *node, void *ctx)
{
    (void) node;
    (void) ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    source *src = fuzz_source("fuzz/main.cf", data, size, false);
    maincf_ast *ast;

    if (src == NULL)
        return 0;
    ast = maincf_parse(src);
    for (size_t i = 0; i < ast->n_entries; i++) {
        if (ast->entries[i].kind == LL_ENTRY) {
            vx_list *expr = value_parse(ast->entries[i].value);

            vx_each_node(expr, visit, NULL);
            vx_free(expr);
        }
    }
    fuzz_lint(ast, NULL, size, false);
    maincf_free(ast);
    source_free(src);
    return 0;
}
