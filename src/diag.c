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

    va_start(ap, fmt);
    d = diag_vadd(set, rule, sev, sp, fmt, ap);
    va_end(ap);
    return d;
}

/*
 * The message of fmt, with DIAG_NOTE taken out and its place in *split
 * (0: none). The marker's byte may also come from an argument (text
 * quoted from a file), so the format string is printed a second time
 * with another byte at the marker: the first byte where the two
 * differ is the marker's.
 */
static char *format_message(const char *fmt, va_list ap, size_t *split)
{
    const char *mark = strchr(fmt, DIAG_NOTE[0]);
    strbuf msg, other;
    va_list ap2;
    char *alt;
    size_t i = 0;

    *split = 0;
    sb_init(&msg);
    if (mark == NULL) {
        sb_vprintf(&msg, fmt, ap);
        return sb_steal(&msg);
    }
    va_copy(ap2, ap);
    sb_vprintf(&msg, fmt, ap);
    alt = xstrdup(fmt);
    alt[mark - fmt] = '\x1e';
    sb_init(&other);
    sb_vprintf(&other, alt, ap2);
    va_end(ap2);
    while (i < msg.len && i < other.len && msg.data[i] == other.data[i])
        i++;
    if (i < msg.len) {
        memmove(msg.data + i, msg.data + i + 1, msg.len - i);
        msg.len--;
        *split = i;
    }
    sb_free(&other);
    free(alt);
    return sb_steal(&msg);
}

diagnostic *diag_vadd(diag_set *set, const char *rule, severity sev,
                      const span *sp, const char *fmt, va_list ap)
{
    diagnostic *d;

    set->items = grow_array(set->items, &set->cap, set->n + 1,
                            sizeof(*set->items));
    d = &set->items[set->n++];
    memset(d, 0, sizeof(*d));
    d->rule = rule;
    d->sev = sev;
    d->sp = *sp;
    d->message = format_message(fmt, ap, &d->split);
    return d;
}

diagnostic *diag_copy(diag_set *set, const diagnostic *d)
{
    diagnostic *c = diag_add(set, d->rule, d->sev, &d->sp, "%s",
                             d->message);

    c->split = d->split;
    if (d->has_fix) {
        diag_set_fix(c, &d->fix.sp, d->fix.replacement);
        c->fix.unsafe = d->fix.unsafe;
    }
    return c;
}

const char *diag_headline(const diagnostic *d, size_t *len)
{
    size_t n = d->split;

    if (n == 0 || d->message[n] == '\0') {
        *len = strlen(d->message);
        return d->message;
    }
    while (n > 0 && d->message[n - 1] == ' ')
        n--;
    if (n > 0 && strchr(":;,", d->message[n - 1]))
        n--;
    while (n > 0 && d->message[n - 1] == ' ')
        n--;
    *len = n;
    return d->message;
}

const char *diag_note(const diagnostic *d)
{
    const char *s;

    if (d->split == 0 || d->message[d->split] == '\0')
        return NULL;
    for (s = d->message + d->split; *s == ' '; s++)
        continue;
    if (*s && strchr(":;,", *s))
        for (s++; *s == ' '; s++)
            continue;
    return *s ? s : NULL;
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
    d->split = 0;
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
