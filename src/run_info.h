/*
 * run_info.h - --list-rules, --explain, and what a run says on stderr
 * about itself (run_info.c).
 */
#ifndef POSTLINT_RUN_INFO_H
#define POSTLINT_RUN_INFO_H

#include "diag.h"
#include "lint.h"
#include "options.h"

/* --list-rules: id, severity range, summary. Exit status 0. */
int rules_list(void);

/* --explain RULE: the rule's page. 2 for an unknown rule. */
int rules_explain(const char *id);

/* How the files were found (lint.c's notes): warnings always, notes
 * unless -q. */
void run_say_notes(const options *o, const lint_input *in);

/* -v: what was checked, on stderr, after the findings. */
void run_say_checked(const options *o, const lint_input *in,
                     const lint_pass *pass, size_t n_passes,
                     const diag_set *diags);

#endif
