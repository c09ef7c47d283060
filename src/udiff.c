/*
 * udiff.c - a unified diff of two texts, as diff -u prints it.
 *
 * Interface: see udiff.h.
 *
 * Lines are compared byte for byte (a CR before the newline is part of
 * the line). Common leading and trailing lines are set aside first; the
 * middle is compared with Myers' O((N+M)D) algorithm, which is quick for
 * the few-line changes fixes make. A middle so large that the edit graph
 * would need too much memory is shown as one replaced block: still a
 * correct patch, only less minimal. Diagnostics: none.
 */
#include "udiff.h"

#include <stdlib.h>
#include <string.h>

#define CONTEXT 3
#define MAX_EDIT_COST 1000  /* D beyond which the middle is one block */

typedef struct lines {
    const char **p;
    size_t *len;
    size_t n;
} lines;

static void split_lines(const char *text, size_t size, lines *l)
{
    size_t cap = 0, cap2 = 0, i = 0;

    memset(l, 0, sizeof(*l));
    while (i < size) {
        const char *nl = memchr(text + i, '\n', size - i);
        size_t n = nl ? (size_t) (nl - (text + i)) + 1 : size - i;

        l->p = grow_array(l->p, &cap, l->n + 1, sizeof(*l->p));
        l->len = grow_array(l->len, &cap2, l->n + 1, sizeof(*l->len));
        l->p[l->n] = text + i;
        l->len[l->n++] = n;
        i += n;
    }
}

static bool same_line(const lines *a, size_t i, const lines *b, size_t j)
{
    return a->len[i] == b->len[j] && memcmp(a->p[i], b->p[j], a->len[i]) == 0;
}

/* An edit script: for each line of a and b, kept or changed. */
typedef struct script {
    bool *a_changed, *b_changed;
} script;

/* Myers' greedy algorithm on a[a0..a1) and b[b0..b1); marks changes.
 * Returns false when the cost exceeds MAX_EDIT_COST. */
static bool myers(const lines *a, size_t a0, size_t a1, const lines *b,
                  size_t b0, size_t b1, script *s)
{
    long n = (long) (a1 - a0), m = (long) (b1 - b0), max = n + m;
    long limit = max < MAX_EDIT_COST ? max : MAX_EDIT_COST;
    long off = limit + 1;
    long *v = xcalloc((size_t) (2 * off + 1), sizeof(long));
    long **trace = xcalloc((size_t) limit + 2, sizeof(long *));
    long d, found = -1;

    for (d = 0; d <= limit && found < 0; d++) {
        trace[d] = xmalloc((size_t) (2 * off + 1) * sizeof(long));
        for (long k = -d; k <= d; k += 2) {
            long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1]))
                ? v[off + k + 1] : v[off + k - 1] + 1;
            long y = x - k;

            while (x < n && y < m && same_line(a, a0 + (size_t) x, b,
                                               b0 + (size_t) y))
                x++, y++;
            v[off + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
        memcpy(trace[d], v, (size_t) (2 * off + 1) * sizeof(long));
    }
    if (found >= 0) {
        long x = n, y = m;

        for (d = found; d > 0; d--) {
            long *pv = trace[d - 1], k = x - y;
            long pk = (k == -d || (k != d && pv[off + k - 1]
                                   < pv[off + k + 1])) ? k + 1 : k - 1;
            long px = pv[off + pk], py = px - pk;

            while (x > px && y > py)
                x--, y--;
            if (x == px)
                s->b_changed[b0 + (size_t) py] = true;
            else
                s->a_changed[a0 + (size_t) px] = true;
            x = px;
            y = py;
        }
    }
    for (d = 0; d <= limit + 1 && trace[d]; d++)
        free(trace[d]);
    free(trace);
    free(v);
    return found >= 0;
}

static void add_line(strbuf *out, char mark, const lines *l, size_t i)
{
    sb_addc(out, mark);
    sb_add(out, l->p[i], l->len[i]);
    if (l->len[i] == 0 || l->p[i][l->len[i] - 1] != '\n')
        sb_adds(out, "\n\\ No newline at end of file\n");
}

/* Print the hunks of a marked script. */
static void hunks(const lines *a, const lines *b, const script *s,
                  strbuf *out)
{
    size_t i = 0, j = 0;

    while (i < a->n || j < b->n) {
        size_t ci = i, cj = j, hi, hj, ei, ej, run = 0;

        /* Find the next change. */
        while (ci < a->n && cj < b->n && !s->a_changed[ci]
               && !s->b_changed[cj])
            ci++, cj++;
        if (ci == a->n && cj == b->n)
            break;
        hi = ci > CONTEXT ? ci - CONTEXT : 0;
        hj = cj - (ci - hi);
        /* Extend the hunk while changes are less than 2*CONTEXT apart. */
        ei = ci;
        ej = cj;
        while (ei < a->n || ej < b->n) {
            if ((ei < a->n && s->a_changed[ei])
                || (ej < b->n && s->b_changed[ej])) {
                while (ei < a->n && s->a_changed[ei])
                    ei++;
                while (ej < b->n && s->b_changed[ej])
                    ej++;
                run = 0;
                continue;
            }
            if (run == 2 * CONTEXT || ei == a->n || ej == b->n)
                break;
            ei++, ej++, run++;
        }
        if (run > CONTEXT) {
            ei -= run - CONTEXT;
            ej -= run - CONTEXT;
        }
        sb_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
                  ei > hi ? hi + 1 : hi, ei - hi,
                  ej > hj ? hj + 1 : hj, ej - hj);
        i = hi;
        j = hj;
        while (i < ei || j < ej) {
            if (i < ei && s->a_changed[i])
                add_line(out, '-', a, i++);
            else if (j < ej && s->b_changed[j])
                add_line(out, '+', b, j++);
            else {
                add_line(out, ' ', a, i++);
                j++;
            }
        }
    }
}

void udiff(const char *name, const char *old_text, size_t old_len,
           const char *new_text, size_t new_len, strbuf *out)
{
    lines a, b;
    script s;
    size_t pre = 0, post = 0;

    if (old_len == new_len && memcmp(old_text, new_text, old_len) == 0)
        return;
    split_lines(old_text, old_len, &a);
    split_lines(new_text, new_len, &b);
    while (pre < a.n && pre < b.n && same_line(&a, pre, &b, pre))
        pre++;
    while (post < a.n - pre && post < b.n - pre
           && same_line(&a, a.n - 1 - post, &b, b.n - 1 - post))
        post++;
    s.a_changed = xcalloc(a.n + 1, sizeof(bool));
    s.b_changed = xcalloc(b.n + 1, sizeof(bool));
    if (!myers(&a, pre, a.n - post, &b, pre, b.n - post, &s)) {
        for (size_t i = pre; i < a.n - post; i++)
            s.a_changed[i] = true;
        for (size_t j = pre; j < b.n - post; j++)
            s.b_changed[j] = true;
    }
    sb_printf(out, "--- %s\n+++ %s\n", name, name);
    hunks(&a, &b, &s, out);
    free(s.a_changed);
    free(s.b_changed);
    free(a.p);
    free(a.len);
    free(b.p);
    free(b.len);
}
