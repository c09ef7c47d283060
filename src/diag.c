/*
 * diag.c - collect, sort and count diagnostics.
 *
 * Interface: see diag.h. No diagnostics of its own.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

diagnostic *diag_add(diag_set *set, const char *rule, severity sev,
                     const span *sp, const char *fmt, ...)
{
    diagnostic *d;
    va_list ap;
    strbuf msg;

    set->items = grow_array(set->items, &set->cap, set->n + 1,
                            sizeof(*set->items));
    d = &set->items[set->n++];
    memset(d, 0, sizeof(*d));
    d->rule = rule;
    d->sev = sev;
    d->sp = *sp;
    sb_init(&msg);
    va_start(ap, fmt);
    sb_vprintf(&msg, fmt, ap);
    va_end(ap);
    d->message = sb_steal(&msg);
    return d;
}

void diag_set_fix(diagnostic *d, const span *sp, const char *replacement)
{
    free(d->fix.replacement);
    d->has_fix = true;
    d->fix.unsafe = false;
    d->fix.sp = *sp;
    d->fix.replacement = xstrdup(replacement);
}

void diag_redact(diagnostic *d, char *message)
{
    free(d->message);
    d->message = message;
    if (d->has_fix) {
        free(d->fix.replacement);
        memset(&d->fix, 0, sizeof(d->fix));
        d->has_fix = false;
    }
}

static int compare_diags(const void *a, const void *b)
{
    const diagnostic *x = a, *y = b;
    const char *fx = x->sp.src ? x->sp.src->path : "";
    const char *fy = y->sp.src ? y->sp.src->path : "";
    int c;

    if ((c = strcmp(fx, fy)) != 0)
        return c;
    if (x->sp.line != y->sp.line)
        return x->sp.line < y->sp.line ? -1 : 1;
    if (x->sp.col != y->sp.col)
        return x->sp.col < y->sp.col ? -1 : 1;
    if ((c = strcmp(x->rule, y->rule)) != 0)
        return c;
    return strcmp(x->message, y->message);
}

void diag_sort(diag_set *set)
{
    if (set->n > 1)
        qsort(set->items, set->n, sizeof(*set->items), compare_diags);
}

void diag_free(diag_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        free(set->items[i].message);
        free(set->items[i].fix.replacement);
    }
    free(set->items);
    memset(set, 0, sizeof(*set));
}

size_t diag_count_at_least(const diag_set *set, severity min)
{
    size_t n = 0;

    for (size_t i = 0; i < set->n; i++)
        if (set->items[i].sev >= min)
            n++;
    return n;
}

static const char *const severity_names[] = {"info", "warning", "error"};

const char *severity_name(severity sev)
{
    return severity_names[sev];
}

bool severity_parse(const char *name, severity *out)
{
    for (int i = 0; i < 3; i++) {
        if (str_eq(name, severity_names[i])) {
            *out = (severity) i;
            return true;
        }
    }
    return false;
}
