/*
 * compare.h - what a candidate configuration changes in TLS behaviour
 * against the running one (--compare-to DIR): per service, the security
 * level, the protocol floor, the number of cipher suites, and the peers
 * (sender or receiver profiles) that newly fail or newly succeed.
 */
#ifndef POSTLINT_COMPARE_H
#define POSTLINT_COMPARE_H

#include "lint.h"
#include "tls_sim.h"

typedef struct tls_change {
    char service[160];
    const char *what;       /* "service", "level", "protocol floor",
                               "cipher suites", "newly fail",
                               "newly succeed" */
    char *before, *after;
} tls_change;

typedef struct tls_changes {
    tls_change *items;
    size_t n, cap;
} tls_changes;

void compare_tls(const tls_model *before, const sim_run *sim_before,
                 const tls_model *after, const sim_run *sim_after,
                 tls_changes *out);
void compare_format_text(const tls_changes *c, const char *running_dir,
                         strbuf *out);
void compare_format_json(const tls_changes *c, strbuf *out);
void compare_free(tls_changes *c);

/* --compare-to DIR: lint DIR (the running configuration) for the same
 * version and compare its TLS behaviour with the candidate's (whose
 * simulation is run if it has none): the text report, or the JSON member
 * ",\"tls_changes\":[...]". NULL with *why when DIR cannot be linted. */
char *compare_running(const lint_settings *s, const char *dir,
                      const char *version, lint_pass *candidate, bool json,
                      char **why);

#endif
