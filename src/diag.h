/*
 * diag.h - diagnostics: what rules report and emitters print.
 *
 * A diagnostic has a stable rule id, a severity, a span (file, line,
 * column, end one past the last character), a message, and optionally a
 * fix: replacement text for a span. The set is sorted deterministically
 * (file, line, column, rule id) before anything is printed.
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

typedef struct diagnostic {
    const char *rule;
    severity sev;
    span sp;
    char *message;
    bool has_fix;
    diag_fix fix;
} diagnostic;

typedef struct diag_set {
    diagnostic *items;
    size_t n, cap;
} diag_set;

diagnostic *diag_add(diag_set *set, const char *rule, severity sev,
                     const span *sp, const char *fmt, ...) PL_PRINTF(5, 6);
void diag_set_fix(diagnostic *d, const span *sp, const char *replacement);
/* Replace d's message (taking ownership) and drop its fix: for files
 * whose content must not be quoted. */
void diag_redact(diagnostic *d, char *message);
void diag_sort(diag_set *set);
void diag_free(diag_set *set);
size_t diag_count_at_least(const diag_set *set, severity min);

const char *severity_name(severity sev);
bool severity_parse(const char *name, severity *out);

#endif
