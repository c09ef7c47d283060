/*
 * baseline.h - recorded findings (--write-baseline FILE) and reporting
 * only the new ones (--baseline FILE), so that a server with old findings
 * can adopt postlint today and still stop every new mistake.
 *
 * A finding is recognised by a fingerprint of its rule, its file's base
 * name, and the text of the line and span it points at: it survives
 * lines added above it, and changes when the finding's own line does.
 * The file is text, one finding per line:
 *   FINGERPRINT <TAB> RULE <TAB> FILE:LINE <TAB> MESSAGE
 * Only the fingerprint counts; the rest is for the reader.
 */
#ifndef POSTLINT_BASELINE_H
#define POSTLINT_BASELINE_H

#include "diag.h"

/* One line (a few hundred bytes) per finding: 256 MiB is far beyond
 * any real baseline, so a larger file is refused, not read. */
#define BASELINE_MAX_BYTES (256u * 1024 * 1024)

typedef struct baseline {
    unsigned long long *prints;
    size_t n, cap;
} baseline;

bool baseline_read(baseline *b, const char *path, char **why);

/* The same for text in memory (changed in place: lines are cut), named
 * name in messages. */
bool baseline_parse(baseline *b, const char *name, char *text, size_t len,
                    char **why);
void baseline_free(baseline *b);

/* Remove the findings the baseline records (each recorded finding
 * matches one current finding). Returns how many were removed. */
size_t baseline_filter(const baseline *b, diag_set *diags);

/* Write every finding, atomically. NULL on success, else why not. */
char *baseline_write(const diag_set *diags, const char *path);

#endif
