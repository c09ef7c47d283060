/*
 * suppress.h - inline suppressions written in the configuration files:
 *
 *   # postlint: disable=RULE[,RULE...] -- reason
 *       on the comment line(s) just before a main.cf parameter or a
 *       master.cf entry: silences those rules on that entry (all its
 *       continuation lines);
 *   # postlint: disable-file=RULE[,RULE...] -- reason
 *       anywhere: silences those rules in the whole file.
 *
 * A suppression without a reason is reported (suppression-without-
 * reason), as is one that silenced nothing, names a rule postlint does
 * not have, or cannot be read (unused-suppression).
 */
#ifndef POSTLINT_SUPPRESS_H
#define POSTLINT_SUPPRESS_H

#include "diag.h"

typedef struct suppression {
    span sp;                /* the directive, from "postlint:" on */
    bool whole_file;
    bool malformed;
    bool has_reason;
    int first, last;        /* lines of the entry it covers */
    char **rules;
    bool *used;             /* per rule */
    size_t n_rules;
} suppression;

typedef struct suppress_set {
    suppression *items;
    size_t n, cap;
} suppress_set;

/* Find every directive in src. */
void suppress_scan(suppress_set *set, const source *src);

/* Remove the diagnostics the directives silence; then report the
 * directives without a reason and those that silenced nothing. */
void suppress_apply(suppress_set *set, diag_set *diags);

void suppress_free(suppress_set *set);

#endif
