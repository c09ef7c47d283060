/*
 * diag.h - diagnostics: what rules report and emitters print.
 *
 * A diagnostic has a stable rule id, a severity, a span (file, line,
 * column, end one past the last character), a message, and optionally a
 * fix: replacement text for a span. A message may be split into a
 * headline (what is wrong and what Postfix does, in a few words) and a
 * note (the detail: Postfix's log line, consequences, what to write):
 * the rule puts DIAG_NOTE in its format string where the note begins.
 * The message stays the whole text; the gcc format prints the headline,
 * then the note on a line of its own; the machine formats keep it
 * whole. The set is sorted deterministically (file, line, column, rule
 * id) before anything is printed.
 */
#ifndef POSTLINT_DIAG_H
#define POSTLINT_DIAG_H

#include "source.h"
#include "util.h"

typedef enum severity {
    SEV_INFO = 0,
    SEV_WARNING = 1,
    SEV_ERROR = 2
} severity;

typedef struct diag_fix {
    span sp;
    char *replacement;
    bool unsafe;        /* a guess (a spelling suggestion): --fix lists
                           it and leaves the text alone */
} diag_fix;

/*
 * In a format string, where the headline ends and the note begins:
 *     "%s is invalid for Postfix %s:" DIAG_NOTE " smtpd logs ..."
 * The marker is removed from the message, which reads as it would
 * without it. The headline is the text before it, less trailing blanks
 * and one ':', ';' or ','; the note the text after it, less the same
 * at its start (so the marker may sit on either side of "; "). Only
 * the format string's marker counts: the same byte in an argument
 * (quoted from a file) is text. At most one per message.
 */
#define DIAG_NOTE "\x1f"

typedef struct diagnostic {
    const char *rule;
    severity sev;
    span sp;
    char *message;          /* the whole text */
    size_t split;           /* where DIAG_NOTE was in message; 0: no note */
    bool has_fix;
    diag_fix fix;
} diagnostic;

typedef struct diag_set {
    diagnostic *items;
    size_t n, cap;
} diag_set;

diagnostic *diag_add(diag_set *set, const char *rule, severity sev,
                     const span *sp, const char *fmt, ...) PL_PRINTF(5, 6);
diagnostic *diag_vadd(diag_set *set, const char *rule, severity sev,
                      const span *sp, const char *fmt, va_list ap);
/* A copy of d (message, split and fix) added to set. */
diagnostic *diag_copy(diag_set *set, const diagnostic *d);
void diag_set_fix(diagnostic *d, const span *sp, const char *replacement);
/* The headline: the first *len bytes of d->message (all of it when
 * there is no note). */
const char *diag_headline(const diagnostic *d, size_t *len);
/* The note, a suffix of d->message, or NULL. */
const char *diag_note(const diagnostic *d);
/* Replace d's message (taking ownership) and drop its fix: for files
 * whose content must not be quoted. */
void diag_redact(diagnostic *d, char *message);
void diag_sort(diag_set *set);
void diag_free(diag_set *set);
size_t diag_count_at_least(const diag_set *set, severity min);

const char *severity_name(severity sev);
bool severity_parse(const char *name, severity *out);

#endif
