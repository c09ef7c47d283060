/*
 * diag_merge.c - several versions' findings as one set.
 *
 * Interface: see diag_merge.h. The findings of all versions are sorted
 * by rule and position, so equal findings sit together: linear after the
 * sort, whatever their number. The first version's wording is kept; the
 * versions a finding holds for are added at the end of its message (so
 * of its note, when it has one).
 * No diagnostics.
 */
#include "diag_merge.h"

#include <stdlib.h>
#include <string.h>

typedef struct tagged {
    const diagnostic *d;
    size_t version;
} tagged;

static int finding_order(const diagnostic *a, const diagnostic *b)
{
    int c = strcmp(a->rule, b->rule);

    if (c)
        return c;
    if (a->sp.src != b->sp.src)
        return a->sp.src < b->sp.src ? -1 : 1;
    if (a->sp.line != b->sp.line)
        return a->sp.line < b->sp.line ? -1 : 1;
    if (a->sp.col != b->sp.col)
        return a->sp.col < b->sp.col ? -1 : 1;
    /* Notes about the run have no place: their words tell them apart
     * (3.7.11-1 read as 3.7.11, 4.0.0 newer than postlint knows). */
    return a->sp.src == NULL ? strcmp(a->message, b->message) : 0;
}

static int tagged_order(const void *x, const void *y)
{
    const tagged *a = x, *b = y;
    int c = finding_order(a->d, b->d);

    if (c)
        return c;
    return a->version < b->version ? -1 : a->version > b->version;
}

void diag_merge_versions(const diag_set *const *sets,
                         const char *const *names, size_t n, diag_set *out,
                         strbuf *steps)
{
    size_t total = 0, k = 0;
    tagged *all;
    unsigned *mask = NULL;
    size_t cap = 0;

    for (size_t v = 0; v < n; v++)
        total += sets[v]->n;
    all = xcalloc(total + 1, sizeof(*all));
    for (size_t v = 0; v < n; v++)
        for (size_t i = 0; i < sets[v]->n; i++)
            all[k++] = (tagged) {&sets[v]->items[i], v};
    qsort(all, total, sizeof(*all), tagged_order);
    for (size_t i = 0; i < total; i++) {
        if (i == 0 || finding_order(all[i - 1].d, all[i].d) != 0) {
            diag_copy(out, all[i].d);
            mask = grow_array(mask, &cap, out->n, sizeof(unsigned));
            mask[out->n - 1] = 0;
        }
        mask[out->n - 1] |= 1u << all[i].version;
    }
    for (size_t v = 0; v + 1 < n; v++) {
        size_t appear = 0, disappear = 0;

        for (size_t j = 0; j < out->n; j++) {
            appear += (mask[j] >> (v + 1) & 1) && !(mask[j] >> v & 1);
            disappear += (mask[j] >> v & 1) && !(mask[j] >> (v + 1) & 1);
        }
        sb_printf(steps, "Postfix %s -> %s: %zu finding%s, %zu disappear%s\n",
                  names[v], names[v + 1], appear,
                  appear == 1 ? " appears" : "s appear", disappear,
                  disappear == 1 ? "s" : "");
    }
    for (size_t j = 0; j < out->n; j++) {
        strbuf note;
        char *msg;

        if (mask[j] == (1u << n) - 1)
            continue;
        sb_init(&note);
        for (size_t v = 0; v < n; v++)
            if (mask[j] >> v & 1)
                sb_printf(&note, "%s%s", note.len ? ", " : "", names[v]);
        msg = xasprintf("%s [only with Postfix %s]", out->items[j].message,
                        note.data);
        free(out->items[j].message);
        out->items[j].message = msg;
        sb_free(&note);
    }
    free(mask);
    free(all);
    diag_sort(out);
}
