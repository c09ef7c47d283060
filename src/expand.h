/*
 * expand.h - expand $name expressions the way Postfix does.
 *
 * Follows mac_expand() with recursion (what daemons and postconf -x do):
 * $name and ${name} insert the named value, itself expanded; ${name?text}
 * and ${name:text} test for a non-empty value; ${name?{t}:{f}} and
 * ${{a} op {b} ? {t} : {f}} (3.0+; "<level" etc. from 3.6) choose a
 * branch. An undefined name expands to nothing. A name whose expansion
 * needs itself is a loop (Postfix: "unreasonable macro call nesting");
 * deeper than 100 levels is an error too, as in Postfix.
 */
#ifndef POSTLINT_EXPAND_H
#define POSTLINT_EXPAND_H

#include "util.h"
#include "version.h"

/* The value of name, or NULL when it is not defined anywhere. */
typedef const char *(*expand_lookup_fn)(const char *name, void *ctx);

enum { EXPAND_MAX_LEVEL = 100 };

/* One expansion puts out at most EXPAND_MAX_BYTES (the longest logical
 * line postlint reads) and walks at most EXPAND_MAX_WORK bytes of values
 * (each name looked up counts as many as the names it is checked against
 * for a loop);
 * past that it stops with too_large set. Each costs at most a few
 * milliseconds, however the values refer to each other. */
#define EXPAND_MAX_BYTES (1024u * 1024)
#define EXPAND_MAX_WORK (2u * 1024 * 1024)

/* The work bound in force: EXPAND_MAX_WORK. The fuzz harnesses lower it,
 * so that no input spends its time on one long (legal) expansion. */
extern size_t expand_max_work;

typedef struct expand_result {
    bool error;             /* Postfix: "macro processing error" */
    bool too_large;         /* stopped at EXPAND_MAX_BYTES/_WORK */
    char *why;              /* what went wrong (error only) */
    char *loop;             /* "a -> b -> a" when the error is a loop */
    char **undefined;       /* names that were not defined, in order */
    size_t n_undefined, cap_undefined;
} expand_result;

/*
 * Expand value into out (appended). name, when not NULL, is the parameter
 * whose value this is (it starts the loop path). lookup finds values.
 */
void expand_value(const char *name, const char *value,
                  expand_lookup_fn lookup, void *ctx, strbuf *out,
                  expand_result *res);
/* The same, with bound(name, ctx) giving an upper bound of the work of
 * expanding name: a name that cannot fit in what is left of the budget
 * is not expanded at all (res->too_large), which spares walking it. */
typedef size_t (*expand_bound_fn)(const char *name, void *ctx);
void expand_value_bounded(const char *name, const char *value,
                          expand_lookup_fn lookup, expand_bound_fn bound,
                          void *ctx, strbuf *out, expand_result *res);
void expand_result_free(expand_result *res);

/* Postfix's compat_level_from_string(): major[.minor[.patch]] as one
 * number (major * 1000000 + minor * 1000 + patch), or -1. */
long compat_level_value(const char *s);

#endif
