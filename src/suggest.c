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

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Three rows of the distance table: on the stack for the names of a
 * configuration, on the heap past that. Only the band of cells within
 * limit of the diagonal is computed (a cell outside it is over the
 * limit anyway): the cost is length x (2 limit + 1), not length^2. */
#define ROW_STACK 128

int edit_distance(const char *a, const char *b, int limit)
{
    size_t la = strlen(a), lb = strlen(b), w = (size_t) limit;
    int stack[3][ROW_STACK], *heap = NULL, *prev2, *prev, *cur, result;
    const int over = limit + 1;

    if ((int) (la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    if (lb + 1 <= ROW_STACK) {
        prev2 = stack[0], prev = stack[1], cur = stack[2];
    } else {
        heap = xcalloc(3 * (lb + 1), sizeof(int));
        prev2 = heap, prev = heap + lb + 1, cur = heap + 2 * (lb + 1);
    }
    for (size_t j = 0; j <= lb; j++) {
        prev2[j] = over;
        prev[j] = j <= w ? (int) j : over;
        cur[j] = over;
    }
    result = -1;
    for (size_t i = 1; i <= la && result < 0; i++) {
        size_t lo = i > w ? i - w : 1, hi = i + w < lb ? i + w : lb;
        int row_min = over;

        cur[0] = i <= w ? (int) i : over;
        row_min = cur[0];
        if (lo > 1)
            cur[lo - 1] = over;
        for (size_t j = lo; j <= hi; j++) {
            int cost = a[i - 1] != b[j - 1];
            int best = prev[j] + 1;

            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (prev[j - 1] + cost < best)
                best = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && prev2[j - 2] + 1 < best)
                best = prev2[j - 2] + 1;
            cur[j] = best > over ? over : best;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (hi < lb)
            cur[hi + 1] = over;
        if (row_min > limit)
            result = over;
        {
            int *t = prev2;

            prev2 = prev;
            prev = cur;
            cur = t;
        }
    }
    if (result < 0)
        result = prev[lb] > limit ? over : prev[lb];
    free(heap);
    return result;
}

/* The characters a name holds, as bits ('a'..'z', digits, '_' and the
 * rest share bits). An edit changes at most two bits of the difference
 * between two such sets, so half of it bounds the distance from below:
 * a cheap test that rules out most names. */
static uint64_t char_set(const char *s)
{
    uint64_t bits = 0;

    for (; *s; s++)
        bits |= (uint64_t) 1 << ((unsigned char) *s % 64);
    return bits;
}

/* The occurrences in name of the characters in `absent` (counted up to
 * past limit). */
static int missing_chars(const unsigned count[64], uint64_t absent, int limit)
{
    int n = 0;

    while (absent && n <= limit) {
        n += (int) count[__builtin_ctzll(absent)];
        absent &= absent - 1;
    }
    return n;
}

size_t suggest_names(const char *name, pf_version v, const char **out,
                     size_t max)
{
    static uint64_t *sets;
    static size_t *lens;
    int limit = strlen(name) < 8 ? 1 : strlen(name) < 20 ? 2 : 3;
    int best = limit + 1;
    size_t n = 0, len = strlen(name);
    uint64_t mine = char_set(name);
    unsigned count[64] = {0};

    /* How often each character (bit) occurs in name: every occurrence
     * of a character the candidate lacks costs an edit. */
    for (const char *c = name; *c; c++)
        count[(unsigned char) *c % 64]++;

    if (sets == NULL) {
        sets = xmalloc(param_table_len * sizeof(uint64_t) + 1);
        lens = xmalloc(param_table_len * sizeof(size_t) + 1);
        for (size_t i = 0; i < param_table_len; i++) {
            sets[i] = char_set(param_table[i].name);
            lens[i] = strlen(param_table[i].name);
        }
    }

    for (size_t i = 0; i < param_table_len; i++) {
        const param_info *p = &param_table[i];
        size_t plen;
        int d;

        /* The length difference bounds the distance: most names are
         * ruled out before anything else is looked at. */
        plen = lens[i];
        if ((plen > len ? plen - len : len - plen) > (size_t) limit
            || (__builtin_popcountll(sets[i] ^ mine) + 1) / 2 > limit
            || missing_chars(count, mine & ~sets[i], limit) > limit
            || !param_builtin_in(p, v))
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

size_t suggest_among(const char *name, const char *const *cands, size_t n,
                     const char **out, size_t max)
{
    size_t len = strlen(name), found = 0;
    int limit = len < 8 ? 1 : len < 20 ? 2 : 3, best = limit + 1;
    char lower[128];

    if (len < 4 || len >= sizeof(lower) || max == 0)
        return 0;           /* "x" is one edit from every short name */
    for (size_t i = 0; i <= len; i++)
        lower[i] = (char) tolower((unsigned char) name[i]);
    for (size_t i = 0; i < n; i++) {
        size_t clen = strlen(cands[i]);
        int d;

        if ((clen > len ? clen - len : len - clen) > (size_t) limit)
            continue;
        d = edit_distance(lower, cands[i], best < limit ? best : limit);
        if (d > limit || d > best)
            continue;
        if (d < best) {
            best = d;
            found = 0;
        }
        if (found < max)
            out[found++] = cands[i];
    }
    return found;
}
