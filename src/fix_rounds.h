/*
 * fix_rounds.h - --fix and --diff: lint, fix in memory, lint again.
 *
 * A fix can make the next finding visible (a repaired protocol list may
 * now be too strict for port 25), so the text is linted again until no
 * safe fix is left, at most FIX_MAX_ROUNDS times; only the final text is
 * diffed or written.
 */
#ifndef POSTLINT_FIX_ROUNDS_H
#define POSTLINT_FIX_ROUNDS_H

#include "lint.h"

#define FIX_MAX_ROUNDS 8

typedef struct fix_request {
    bool diff;                  /* show a unified diff, write nothing */
    const char *version;        /* --postfix-version, or NULL */
    const lintconf *conf;       /* postlint.conf, or NULL */
    const baseline *base;       /* --baseline, or NULL */
} fix_request;

/*
 * The rounds on in (its sources are replaced by the fixed texts; the
 * texts as read stay in orig_main and orig_master). The last round's
 * pass stays in *pass: what remains. out gets the diff (--diff); notes
 * gets what was applied or skipped and why, for stderr. False with *why
 * when a version is malformed; *written false when a file could not be
 * written.
 */
bool fix_rounds(const lint_settings *s, lint_input *in,
                const fix_request *r, lint_pass *pass, strbuf *out,
                strbuf *notes, bool *written, char **why);

#endif
