/*
 * fuzz_maincf.c - libFuzzer harness: the input is a main.cf.
 *
 * Through lint.c's pipeline (the limits, the flex/bison main.cf parser),
 * then every value's $ expressions are parsed, and the model and
 * postconf's views (-n, -n -x, -F, -P) are built with no master.cf. The
 * rules are fuzz_lint.c's (they are much slower). The target version is
 * chosen by the input's length.
 */
#include "fuzz.h"
#include "value.h"

static void visit_node(const vx_node *node, void *ctx)
{
    (void) node;
    (void) ctx;
}

static void visit_values(const lint_input *in)
{
    for (size_t i = 0; in->main_ast && i < in->main_ast->n_entries; i++) {
        const mc_entry *e = &in->main_ast->entries[i];

        if (e->kind == LL_ENTRY) {
            vx_list *expr = value_parse(e->value);

            vx_each_node(expr, visit_node, NULL);
            vx_free(expr);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lint(data, size, NULL, 0, size, false, visit_values);
    return 0;
}
