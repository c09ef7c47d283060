/*
 * fix_rounds.h - --fix and --diff: lint, fix in memory, lint again.
 *
 * A fix can make the next finding visible (a repaired protocol list may
 * now be too strict for port 25), so the text is linted again until no
 * safe fix is left, at most FIX_MAX_ROUNDS times. --fix writes only the
 * first round: the fixes of the findings the user has seen. Fixes that
 * only later rounds find are listed; --fix=all writes them too, and
 * --diff shows them (the diff is what --fix=all would write). A fix
 * withheld or dropped in one round (a conflict, a guess) is not applied
 * by a later round either.
 */
#ifndef POSTLINT_FIX_ROUNDS_H
#define POSTLINT_FIX_ROUNDS_H

#include "lint.h"

#define FIX_MAX_ROUNDS 8

typedef struct fix_request {
    bool diff;                  /* show a unified diff, write nothing */
    bool all_rounds;            /* --fix=all: write every round's fixes */
    const char *version;        /* --postfix-version, or NULL */
    const lintconf *conf;       /* postlint.conf, or NULL */
    const baseline *base;       /* --baseline, or NULL */
} fix_request;

/*
 * The rounds on in (its sources are replaced by the fixed texts; the
 * texts as read stay in orig_main and orig_master). The last round's
 * pass stays in *pass: what remains after what was written (--fix), or
 * after every round (--diff). on_disk[sev] counts the findings at or
 * above each severity in the files as they are on disk (the first
 * round). out gets
 * the diff (--diff); notes gets what was applied, shown or skipped and
 * why, for stderr. False with *why when a version is malformed; *written
 * false when a file could not be written.
 */
bool fix_rounds(const lint_settings *s, lint_input *in,
                const fix_request *r, lint_pass *pass, strbuf *out,
                strbuf *notes, size_t on_disk[3], bool *written,
                char **why);

#endif
