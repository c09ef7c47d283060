/*
 * diag_merge.h - the findings of several target versions as one set
 * (--postfix-version A,B,...).
 */
#ifndef POSTLINT_DIAG_MERGE_H
#define POSTLINT_DIAG_MERGE_H

#include "diag.h"

/*
 * The union of n sets of findings (one per version, names[v] its version
 * text), into out: a finding is the same when its rule and position are;
 * one that not every version has says for which it holds ("[only with
 * Postfix 3.7.11]"). steps gets one line per step from a version to the
 * next: how many findings appear and disappear. out is sorted.
 */
void diag_merge_versions(const diag_set *const *sets,
                         const char *const *names, size_t n, diag_set *out,
                         strbuf *steps);

#endif
