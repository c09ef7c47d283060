/*
 * restriction_class_loop.c - rule "restriction-class-loop": restriction
 * classes that name each other in a loop.
 *
 * smtpd follows a class into its definition with no depth limit, both
 * in its start-up check of the relay and recipient lists and when it
 * evaluates a request: a loop recurses until the stack runs out. Seen
 * with real smtpd 3.7.11: master logs "process /usr/lib/postfix/sbin/
 * smtpd pid N killed by signal 11" and "bad command startup --
 * throttling"; no mail is received. (Access-table results that recurse
 * are caught instead, with "unreasonable recursion"; classes are not.)
 * Reported once per loop, at the class that closes it, when a list
 * smtpd evaluates reaches it.
 */
#include "rule.h"
#include "restriction_lists.h"

#include <stdlib.h>
#include <string.h>

typedef struct walk {
    const rlist **path;         /* the classes being followed */
    size_t depth, cap;
    const rlist **done;         /* classes with no loop below */
    size_t n_done, cap_done;
    const rlist **reported;
    size_t n_reported, cap_reported;
} walk;

static bool seen(const rlist *const *set, size_t n, const rlist *l)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == l)
            return true;
    return false;
}

static void report_loop(const lint_ctx *ctx, const rule_desc *self, walk *w,
                        size_t from, const ritem *closing)
{
    strbuf path;

    if (seen(w->reported, w->n_reported, w->path[from]))
        return;
    sb_init(&path);
    for (size_t i = from; i < w->depth; i++) {
        /* A long loop: its first classes name it well enough. */
        if (i - from < 8 || i + 1 == w->depth)
            sb_printf(&path, "%s -> ", w->path[i]->param);
        else if (i - from == 8)
            sb_printf(&path, "(%zu more) -> ", w->depth - from - 9);
        w->reported = grow_array(w->reported, &w->cap_reported,
                                 w->n_reported + 1, sizeof(*w->reported));
        w->reported[w->n_reported++] = w->path[i];
    }
    sb_adds(&path, w->path[from]->param);
    report(ctx, self, &closing->sp,
           "restriction classes refer to each other in a loop (%s):" DIAG_NOTE
           " smtpd of Postfix %s follows them without end and crashes (master "
           "logs "
           "\"process .../smtpd pid N killed by signal 11\" and \"bad command "
           "startup -- throttling\"): no mail is received", path.data,
           ctx->version_text);
    sb_free(&path);
}

/* Depth-first through the classes a list names, with a stack of our
 * own (a chain of thousands of classes must not exhaust the C stack). */
static void follow(const lint_ctx *ctx, const rule_desc *self, walk *w,
                   const rlist *start)
{
    size_t *next = NULL, cap_next = 0;
    const rlist *l = start;
    size_t i = 0;

    w->depth = 0;
    for (;;) {
        if (i < l->n) {
            const ritem *it = &l->items[i++];
            const rlist *c = it->cls;
            size_t at;

            if (it->kind != RI_CLASS || it->ended_by != RITEM_REACHABLE
                || seen(w->done, w->n_done, c))
                continue;
            for (at = 0; at < w->depth && w->path[at] != c; at++)
                ;
            if (at < w->depth) {
                report_loop(ctx, self, w, at, it);
                continue;
            }
            /* Go down into c; remember where to go on in l. */
            w->path = grow_array(w->path, &w->cap, w->depth + 1,
                                 sizeof(*w->path));
            next = grow_array(next, &cap_next, w->depth + 1, sizeof(*next));
            w->path[w->depth] = c;
            next[w->depth++] = i;
            l = c;
            i = 0;
            continue;
        }
        if (w->depth == 0)
            break;
        /* l is done: no loop below it that is not reported. */
        w->done = grow_array(w->done, &w->cap_done, w->n_done + 1,
                             sizeof(*w->done));
        w->done[w->n_done++] = l;
        i = next[--w->depth];
        l = w->depth ? w->path[w->depth - 1] : start;
    }
    free(next);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;
    walk w;

    memset(&w, 0, sizeof(w));
    for (size_t u = 0; u < rm->n_unique; u++)
        if (rm->unique[u]->id != RL_CLASS)
            follow(ctx, self, &w, rm->unique[u]);
    free(w.path);
    free(w.done);
    free(w.reported);
}

const rule_desc rule_restriction_class_loop = {
    "restriction-class-loop", SEV_ERROR,
    "restriction classes that name each other in a loop",
    "A restriction class may name other classes, but not itself, directly "
    "or through others: smtpd follows classes without a depth limit, so a "
    "loop makes it recurse until it crashes (signal 11), at start for the "
    "relay and recipient lists, or at the first request for the others. "
    "master throttles the service and no mail is received.",
    check,
    0
};
