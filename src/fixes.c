/*
 * fixes.c - the diagnostics' fixes as one plan: rendered, diffed, or
 * written back atomically.
 *
 * Interface: see fixes.h.
 *
 * --fix and --diff run the plan in rounds (src/main.c): a fix can make
 * the next finding visible (a repaired protocol list may now be too
 * strict for port 25), so the text is linted again until no safe fix is
 * left, and only the final text is written or diffed.
 *
 * Edits are byte ranges of the text as read, so every byte no fix names
 * (comments, layout, CR LF line ends) is written back unchanged. Writing
 * is atomic and careful: the file is read again and must still hold the
 * bytes postlint linted (else it was changed by someone else and is left
 * alone); the new text goes to a temporary file in the same directory
 * with the old file's mode and owner, is synced, checked against the
 * file once more, and renamed over it; then the directory is synced.
 * A symbolic link is followed: its target is rewritten, the link stays.
 *
 * Diagnostics: none; fix_plan_apply() reports per file in its strbuf.
 */
#include "fixes.h"
#include "safe_write.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- building the plan --------------------------------------------- */

static const fix_file *file_of(const fix_plan *plan, const source *src)
{
    for (size_t i = 0; i < plan->n_files; i++)
        if (plan->files[i].src == src)
            return &plan->files[i];
    return NULL;
}

static void skip(fix_plan *plan, const diagnostic *d, char *why)
{
    plan->skipped = grow_array(plan->skipped, &plan->cap_skipped,
                               plan->n_skipped + 1, sizeof(fix_skip));
    plan->skipped[plan->n_skipped].d = d;
    plan->skipped[plan->n_skipped++].why = why;
}

static int compare_edits(const void *a, const void *b)
{
    const fix_edit *x = a, *y = b;
    const char *px = x->d->fix.sp.src->path, *py = y->d->fix.sp.src->path;
    int c = strcmp(px, py);

    if (c)
        return c;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return strcmp(x->text, y->text);
}

static bool same_file(const fix_edit *a, const fix_edit *b)
{
    return a->d->fix.sp.src == b->d->fix.sp.src;
}

static bool same_edit(const fix_edit *a, const fix_edit *b)
{
    return same_file(a, b) && a->off == b->off && a->end == b->end
        && str_eq(a->text, b->text);
}

/* b (sorted after a) cannot be applied together with a. Two insertions
 * at one point conflict (which goes first?); an insertion where a
 * replacement starts does not (it goes before). */
static bool overlaps(const fix_edit *a, const fix_edit *b)
{
    if (!same_file(a, b))
        return false;
    if (b->off < a->end)
        return true;
    return a->off == a->end && b->off == b->end && a->off == b->off;
}

static char *conflict_why(const diagnostic *other)
{
    return xasprintf("conflicts with the fix of %s at %d:%d (overlapping "
                     "text, different replacements): neither is applied",
                     other->rule, other->fix.sp.line, other->fix.sp.col);
}

/* a and b (in any order) cannot be applied together. */
static bool clash(const fix_edit *a, const fix_edit *b)
{
    if (same_edit(a, b))
        return false;
    if (compare_edits(a, b) > 0) {
        const fix_edit *t = a;

        a = b;
        b = t;
    }
    return overlaps(a, b);
}

static const char *kind_of(severity sev)
{
    return sev == SEV_ERROR ? "an error's correction"
        : sev == SEV_WARNING ? "a warning's correction" : "advice (info)";
}

/* Correctness wins over advice: an edit that clashes with the edit of a
 * finding of higher severity (an error's over a warning's, either over
 * an info note's) is dropped and listed, so the correction can apply.
 * Clashes between edits of the same severity stay for
 * resolve_conflicts(): neither is applied. */
static void drop_outranked(fix_plan *plan)
{
    fix_edit *e = plan->edits;
    const fix_edit **beaten = xcalloc(plan->n_edits + 1, sizeof(*beaten));
    size_t kept = 0;

    /* Highest severity first: an edit beaten by a dropped one stays. */
    for (int sev = SEV_ERROR - 1; sev >= SEV_INFO; sev--)
        for (size_t i = 0; i < plan->n_edits; i++) {
            if ((int) e[i].d->sev != sev)
                continue;
            for (size_t j = 0; j < plan->n_edits; j++)
                if (e[j].d->sev > e[i].d->sev && beaten[j] == NULL
                    && clash(&e[i], &e[j])
                    && (beaten[i] == NULL
                        || e[j].d->sev > beaten[i]->d->sev))
                    beaten[i] = &e[j];
        }
    for (size_t i = 0; i < plan->n_edits; i++) {
        const fix_edit *w = beaten[i];

        if (w == NULL)
            continue;
        skip(plan, e[i].d,
             xasprintf("dropped: it is %s and conflicts with the fix of "
                       "%s at %d:%d, %s (\"%s\"), which is applied instead",
                       kind_of(e[i].d->sev), w->d->rule, w->d->fix.sp.line,
                       w->d->fix.sp.col, kind_of(w->d->sev), w->text));
    }
    for (size_t i = 0; i < plan->n_edits; i++)
        if (beaten[i] == NULL)
            e[kept++] = e[i];
    plan->n_edits = kept;
    free(beaten);
}

/* Drop duplicates, then every cluster of overlapping edits. */
static void resolve_conflicts(fix_plan *plan)
{
    size_t kept = 0, i = 0;
    fix_edit *e = plan->edits;

    while (i < plan->n_edits) {
        size_t j = i + 1, cluster_end = e[i].end;
        bool conflict = false;

        while (j < plan->n_edits && same_file(&e[i], &e[j])
               && (same_edit(&e[j - 1], &e[j]) || e[j].off < cluster_end
                   || overlaps(&e[j - 1], &e[j]))) {
            if (!same_edit(&e[j - 1], &e[j]))
                conflict = true;
            if (e[j].end > cluster_end)
                cluster_end = e[j].end;
            j++;
        }
        if (conflict) {
            for (size_t k = i; k < j; k++)
                skip(plan, e[k].d, conflict_why(e[k == i ? i + 1 : i].d));
        } else {
            e[kept++] = e[i];   /* duplicates of e[i] are dropped */
        }
        i = j;
    }
    plan->n_edits = kept;
}

/* A deletion that leaves only white space on its line(s) takes the
 * whole line, newline included: Postfix ignores white-space-only lines,
 * so this changes nothing but the clutter left behind. */
static void whole_line_deletion(const source *src, fix_edit *e)
{
    size_t start = e->off, end = e->end;

    if (e->text[0] != '\0' || e->end == e->off)
        return;
    while (start > 0 && (src->text[start - 1] == ' '
                         || src->text[start - 1] == '\t'))
        start--;
    while (end < src->len && (src->text[end] == ' ' || src->text[end] == '\t'
                              || src->text[end] == '\r'))
        end++;
    if ((start > 0 && src->text[start - 1] != '\n')
        || (end < src->len && src->text[end] != '\n'))
        return;
    e->off = start;
    e->end = end < src->len ? end + 1 : end;
}

void fix_plan_build(fix_plan *plan, const diag_set *set,
                    const fix_file *files, size_t n_files)
{
    memset(plan, 0, sizeof(*plan));
    plan->files = files;
    plan->n_files = n_files;
    for (size_t i = 0; i < set->n; i++) {
        const diagnostic *d = &set->items[i];
        const fix_file *f;

        if (!d->has_fix || d->fix.sp.src == NULL)
            continue;
        f = file_of(plan, d->fix.sp.src);
        if (d->fix.unsafe) {
            skip(plan, d, xasprintf("a guess (\"%s\"): make the change by "
                                    "hand if it is what you meant",
                                    d->fix.replacement));
            continue;
        }
        if (f == NULL || f->disk_path == NULL) {
            skip(plan, d, xstrdup("the file was read from stdin"));
            continue;
        }
        plan->edits = grow_array(plan->edits, &plan->cap_edits,
                                 plan->n_edits + 1, sizeof(fix_edit));
        plan->edits[plan->n_edits] = (fix_edit) {
            d, d->fix.sp.off, d->fix.sp.end_off, d->fix.replacement
        };
        whole_line_deletion(d->fix.sp.src, &plan->edits[plan->n_edits++]);
    }
    if (plan->n_edits > 1)
        qsort(plan->edits, plan->n_edits, sizeof(fix_edit), compare_edits);
    drop_outranked(plan);
    resolve_conflicts(plan);
}

void fix_plan_free(fix_plan *plan)
{
    for (size_t i = 0; i < plan->n_skipped; i++)
        free(plan->skipped[i].why);
    free(plan->skipped);
    free(plan->edits);
    memset(plan, 0, sizeof(*plan));
}

void fix_plan_list_skipped(const fix_plan *plan, strbuf *out)
{
    for (size_t i = 0; i < plan->n_skipped; i++) {
        const diagnostic *d = plan->skipped[i].d;

        sb_printf(out, "postlint: %s:%d:%d: fix not applied [%s]: %s\n",
                  d->fix.sp.src->path, d->fix.sp.line, d->fix.sp.col,
                  d->rule, plan->skipped[i].why);
    }
}

/* ---- rendering ----------------------------------------------------- */

/* The edits are sorted by offset and do not overlap: copy the text
 * between them and each replacement in turn. */
char *fix_plan_render(const fix_plan *plan, const source *src,
                      size_t *len_out)
{
    strbuf out;
    size_t at = 0;

    sb_init(&out);
    sb_add(&out, "", 0);
    for (size_t i = 0; i < plan->n_edits; i++) {
        const fix_edit *e = &plan->edits[i];

        if (e->d->fix.sp.src != src)
            continue;
        sb_add(&out, src->text + at, e->off - at);
        sb_adds(&out, e->text);
        at = e->end;
    }
    sb_add(&out, src->text + at, src->len - at);
    *len_out = out.len;
    return sb_steal(&out);
}

/* ---- writing ------------------------------------------------------- */

char *fix_write_file(const char *disk_path, const source *orig,
                     const char *text, size_t len)
{
    if (orig->untrusted)
        return xasprintf("not written: %s", orig->untrusted);
    return safe_replace(disk_path, orig->text, orig->len, -1, text, len);
}
