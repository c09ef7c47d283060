/*
 * fuzz_mastercf.c - libFuzzer harness: the input is a master.cf.
 *
 * Reads it as source.c would, parses it with the flex/bison master.cf
 * parser ({} groups, -o options), then builds the model with an empty
 * main.cf (services, normalised arguments, -o settings) and postconf's
 * -F and -P views. The rules are fuzz_lint.c's. The target version
 * follows the length.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    source *src = fuzz_source("fuzz/master.cf", data, size, true);
    source *empty;
    maincf_ast *main_ast;
    mastercf_ast *ast;

    if (src == NULL)
        return 0;
    empty = fuzz_source("fuzz/main.cf", (const uint8_t *) "", 0, false);
    main_ast = maincf_parse(empty);
    ast = mastercf_parse(src);
    fuzz_lint(main_ast, ast, size, false);
    mastercf_free(ast);
    maincf_free(main_ast);
    source_free(empty);
    source_free(src);
    return 0;
}
