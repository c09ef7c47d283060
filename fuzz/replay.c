/*
 * replay.c - run a fuzz harness over files without libFuzzer.
 *
 * Usage: fuzz_NAME FILE...  Each file is handed to LLVMFuzzerTestOneInput()
 * once. This is how make check replays the seeds and every crash
 * reproducer in testdata/fuzz-regressions/NAME/ with any compiler (and
 * under ASan or valgrind). Exit status: 0 all replayed, 2 a file could
 * not be read; a crash is the harness's own (a signal or sanitizer exit).
 */
#include "fuzz.h"
#include "safe_file.h"
#include "source.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    int status = 0;

    for (int i = 1; i < argc; i++) {
        char *text = NULL;
        size_t len = 0;
        int err;
        sf_status st = safe_read_file(argv[i], SOURCE_MAX_BYTES, 0, &text,
                                      &len, &err);

        if (st != SF_OK) {
            fprintf(stderr, "replay: %s: %s\n", argv[i], sf_reason(st, err));
            status = 2;
            continue;
        }
        LLVMFuzzerTestOneInput((const uint8_t *) text, len);
        free(text);
    }
    return status;
}
