/*
 * lintconf.h - postlint's own configuration file (postlint.conf beside
 * main.cf, or --config FILE): which rules run and at what severity.
 *
 *   # comments and blank lines are ignored
 *   disable = RULE[, RULE...]        # repeatable
 *   severity.RULE = error|warning|info|off
 *   fail-on = error|warning|info
 *
 * Unknown keys, unknown rules and bad values are errors (exit 2) with
 * file and line: a typo must not silently turn a rule back on.
 */
#ifndef POSTLINT_LINTCONF_H
#define POSTLINT_LINTCONF_H

#include "diag.h"

typedef struct lintconf {
    char *path;
    char **disabled;
    size_t n_disabled, cap_disabled;
    struct { char *rule; severity sev; } *sevs;
    size_t n_sevs, cap_sevs;
    bool has_fail_on;
    severity fail_on;
} lintconf;

/* Read path into conf. On error return false and set *why (file:line). */
bool lintconf_read(lintconf *conf, const char *path, char **why);

/* The same for text already in memory, reported as name. */
bool lintconf_parse(lintconf *conf, const char *name, const char *text,
                    char **why);

/* Drop disabled rules' diagnostics; set configured severities. */
void lintconf_apply(const lintconf *conf, diag_set *diags);

void lintconf_free(lintconf *conf);

#endif
