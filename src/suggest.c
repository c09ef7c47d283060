/*
 * suggest.c - nearest parameter names for a misspelt one.
 *
 * Interface: see suggest.h. Optimal string alignment distance over the
 * knowledge base, pruned by length difference; only names that exist in
 * the target version are offered. No diagnostics.
 */
#include "suggest.h"
#include "params.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

int edit_distance(const char *a, const char *b, int limit)
{
    size_t la = strlen(a), lb = strlen(b);
    int *prev2, *prev, *cur, result;

    if ((int) (la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    prev2 = xcalloc(lb + 1, sizeof(int));
    prev = xcalloc(lb + 1, sizeof(int));
    cur = xcalloc(lb + 1, sizeof(int));
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int) j;
    for (size_t i = 1; i <= la; i++) {
        int row_min;

        cur[0] = (int) i;
        row_min = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            int cost = a[i - 1] != b[j - 1];
            int best = prev[j] + 1;

            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best;
            if (best < row_min)
                row_min = best;
        }
        if (row_min > limit) {
            free(prev2);
            free(prev);
            free(cur);
            return limit + 1;
        }
        {
            int *t = prev2;

            prev2 = prev;
            prev = cur;
            cur = t;
        }
    }
    result = prev[lb];
    free(prev2);
    free(prev);
    free(cur);
    return result > limit ? limit + 1 : result;
}

size_t suggest_names(const char *name, pf_version v, const char **out,
                     size_t max)
{
    int limit = strlen(name) < 8 ? 1 : strlen(name) < 20 ? 2 : 3;
    int best = limit + 1;
    size_t n = 0;

    for (size_t i = 0; i < param_table_len; i++) {
        const param_info *p = &param_table[i];
        int d;

        if (!param_builtin_in(p, v))
            continue;
        d = edit_distance(name, p->name, best < limit ? best : limit);
        if (d > limit || d > best)
            continue;
        if (d < best) {
            best = d;
            n = 0;
        }
        if (n < max)
            out[n++] = p->name;
    }
    return n;
}
