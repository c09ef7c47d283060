/*
 * fuzz_mastercf.c - libFuzzer harness: the input is a master.cf.
 *
 * Through lint.c's pipeline (the limits, the flex/bison master.cf parser
 * with {} groups and -o options), then the model with an empty main.cf
 * (services, normalised arguments, -o settings) and postconf's views. The
 * rules are fuzz_lint.c's. The target version follows the length.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_lint((const uint8_t *) "", 0, data, size, size, false, NULL);
    return 0;
}
