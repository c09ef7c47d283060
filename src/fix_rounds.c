/*
 * fix_rounds.c - apply the safe fixes in rounds, then diff or write.
 *
 * Interface: see fix_rounds.h. The plan of each round is fixes.c's; the
 * files are written through safe_write.c by fix_write_file(). Notes (a
 * file written, a fix skipped, a file not written and why) go to the
 * caller's strbuf.
 */
#include "fix_rounds.h"
#include "fixes.h"
#include "udiff.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static size_t fix_files(const lint_input *in, fix_file *files)
{
    size_t n = 0;

    if (in->main_src)
        files[n++] = (fix_file) {in->main_src, str_eq(in->main_path, "-")
                                 ? NULL : in->main_path};
    if (in->master_src)
        files[n++] = (fix_file) {in->master_src,
                                 str_eq(in->master_path, "-")
                                 ? NULL : in->master_path};
    return n;
}

/* Replace one source of in by its text with the plan applied. The text
 * as read stays in *orig (for the diff and the write-back check). */
static void apply_to_source(const fix_plan *plan, source **cur,
                            source *orig)
{
    size_t len;
    char *text = fix_plan_render(plan, *cur, &len), *why = NULL;
    source *next = source_from_text((*cur)->path, text, len, &why);

    if (next == NULL)
        fatal("fixed text cannot be read back: %s", why);
    next->crlf = orig->crlf;
    if (*cur != orig)
        source_free(*cur);
    *cur = next;
}

static bool plan_touches(const fix_plan *plan, const source *src)
{
    for (size_t i = 0; i < plan->n_edits; i++)
        if (plan->edits[i].d->fix.sp.src == src)
            return true;
    return false;
}

static void input_apply_plan(lint_input *in, const fix_plan *plan)
{
    if (in->main_src && plan_touches(plan, in->main_src))
        apply_to_source(plan, &in->main_src, in->orig_main);
    if (in->master_src && plan_touches(plan, in->master_src))
        apply_to_source(plan, &in->master_src, in->orig_master);
    lint_reparse(in);
}

/* ---- what each round did, for stderr --------------------------------- */

typedef struct round_notes {
    char **withheld;            /* rule, file, replacement of fixes skipped */
    size_t n_withheld, cap_withheld;
    strbuf applied[2];          /* per file (main, master): one line a fix */
    size_t n_applied[2];
    strbuf *notes;
} round_notes;

static char *fix_key(const diagnostic *d)
{
    return xasprintf("%s\x01%s\x01%s", d->rule, d->fix.sp.src->path,
                     d->fix.replacement);
}

static bool was_withheld(const round_notes *rn, const diagnostic *d)
{
    char *key = fix_key(d);
    bool found = false;

    for (size_t i = 0; i < rn->n_withheld && !found; i++)
        found = str_eq(rn->withheld[i], key);
    free(key);
    return found;
}

/* Say each skipped fix once, and remember it: a later round does not
 * apply what an earlier one withheld or dropped. */
static void note_skipped(round_notes *rn, const fix_plan *plan)
{
    for (size_t i = 0; i < plan->n_skipped; i++) {
        const diagnostic *d = plan->skipped[i].d;
        fix_plan one = *plan;

        if (was_withheld(rn, d))
            continue;
        rn->withheld = grow_array(rn->withheld, &rn->cap_withheld,
                                  rn->n_withheld + 1, sizeof(char *));
        rn->withheld[rn->n_withheld++] = fix_key(d);
        one.skipped = &plan->skipped[i];
        one.n_skipped = 1;
        fix_plan_list_skipped(&one, rn->notes);
    }
}

/* Take out of the plan the edits an earlier round withheld. */
static void drop_withheld(const round_notes *rn, fix_plan *plan)
{
    size_t kept = 0;

    for (size_t i = 0; i < plan->n_edits; i++)
        if (!was_withheld(rn, plan->edits[i].d))
            plan->edits[kept++] = plan->edits[i];
    plan->n_edits = kept;
}

/* "text" for a note: on one line, at most 60 bytes of it. */
static void add_quoted(strbuf *sb, const char *text, size_t len)
{
    sb_adds(sb, "\"");
    for (size_t i = 0; i < len && i < 60; i++) {
        unsigned char c = (unsigned char) text[i];

        if (c == '\n')
            sb_adds(sb, "\\n");
        else if (c == '"' || c == '\\')
            sb_printf(sb, "\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            sb_printf(sb, "\\x%02x", c);
        else
            sb_add(sb, (const char *) &text[i], 1);
    }
    sb_adds(sb, len > 60 ? "...\"" : "\"");
}

/* One line for an edit: where, which rule, old and new text; what NULL:
 * an indented line of the summary of what was applied. */
static void describe_edit(strbuf *sb, const char *what, const fix_edit *e,
                          int round)
{
    const diagnostic *d = e->d;
    const source *src = d->fix.sp.src;

    if (what)
        sb_printf(sb, "postlint: %s:%d:%d: %s [%s]: ", src->path,
                  d->fix.sp.line, d->fix.sp.col, what, d->rule);
    else
        sb_printf(sb, "postlint:   %s:%d:%d [%s]: ", src->path,
                  d->fix.sp.line, d->fix.sp.col, d->rule);
    add_quoted(sb, src->text + e->off, e->end - e->off);
    sb_adds(sb, " -> ");
    add_quoted(sb, e->text, strlen(e->text));
    if (round > 0)
        sb_printf(sb, " (round %d: found only after the fixes of round %d; "
                  "line and column of the text as round %d left it)",
                  round + 1, round, round);
    sb_adds(sb, "\n");
}

/* The file's name for the diff's header: absolute, with no symbolic
 * link, "." or "..", so that `patch -p1 -d /` finds it from any working
 * directory (GNU patch refuses an absolute name with -p0, and any name
 * with "..", as "dangerous"; it does not follow symbolic links, so a
 * main.cf that is a link is named by its target, as --fix rewrites the
 * target). */
static char *absolute_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir, *real = realpath(path, NULL), *name;

    if (real)
        return real;
    dir = slash ? xstrndup(path, (size_t) (slash - path)) : NULL;
    real = realpath(dir ? (*dir ? dir : "/") : ".", NULL);
    if (real == NULL)           /* cannot happen for a file just read */
        name = xstrdup(path);
    else
        name = xasprintf("%s/%s", str_eq(real, "/") ? "" : real,
                         slash ? slash + 1 : path);
    free(real);
    free(dir);
    return name;
}

/* Show (--diff) or write (--fix) the final text of one file. */
static bool finish_file(bool diff, const source *orig, const source *cur,
                        const char *disk_path, size_t n_fixes,
                        const strbuf *applied, strbuf *out, strbuf *notes)
{
    char *why;

    if (orig == NULL || orig == cur)
        return true;
    if (diff) {
        char *name = absolute_name(disk_path ? disk_path : orig->path);

        udiff(name, orig->text, orig->len, cur->text, cur->len, out);
        free(name);
        return true;
    }
    if ((why = fix_write_file(disk_path, orig, cur->text, cur->len))) {
        sb_printf(notes, "postlint: %s: not fixed: %s\n", orig->path, why);
        free(why);
        return false;
    }
    sb_printf(notes, "postlint: %s: applied %zu fix%s:\n", orig->path,
              n_fixes, n_fixes == 1 ? "" : "es");
    sb_adds(notes, applied->data ? applied->data : "");
    return true;
}

bool fix_rounds(const lint_settings *s, lint_input *in,
                const fix_request *r, lint_pass *pass, strbuf *out,
                strbuf *notes, size_t on_disk[3], bool *written,
                char **why)
{
    fix_file files[2];
    fix_plan plan;
    round_notes rn;
    bool ok = true, later = false;

    memset(&rn, 0, sizeof(rn));
    sb_init(&rn.applied[0]);
    sb_init(&rn.applied[1]);
    rn.notes = notes;
    for (int round = 0;; round++) {
        if (!lint_prepare(s, in, r->version, pass, why)) {
            ok = false;
            goto out;
        }
        lint_run(pass, false);
        lint_postprocess(s, in, r->conf, r->base, &pass->diags);
        if (round == 0)
            for (int sev = SEV_INFO; sev <= SEV_ERROR; sev++)
                on_disk[sev] = diag_count_at_least(&pass->diags,
                                                   (severity) sev);
        fix_plan_build(&plan, &pass->diags, files, fix_files(in, files));
        note_skipped(&rn, &plan);
        drop_withheld(&rn, &plan);
        if (plan.n_edits == 0 || round == FIX_MAX_ROUNDS)
            break;
        if (round > 0 && !r->diff && !r->all_rounds) {
            /* The user saw the first round's findings, not these. */
            for (size_t i = 0; i < plan.n_edits; i++)
                describe_edit(notes, "not applied", &plan.edits[i], 0);
            sb_printf(notes, "postlint: %zu more fix%s found only after "
                      "the fixes above, never reported: review with --diff, "
                      "apply with --fix=all\n", plan.n_edits,
                      plan.n_edits == 1 ? "" : "es");
            break;
        }
        for (size_t i = 0; i < plan.n_edits; i++) {
            const fix_edit *e = &plan.edits[i];
            int f = e->d->fix.sp.src == in->main_src ? 0 : 1;

            rn.n_applied[f]++;
            describe_edit(&rn.applied[f], NULL, e, round);
            if (r->diff && round > 0)
                describe_edit(notes, "in the diff", e, round);
        }
        if (r->diff && round == 1)
            later = true;
        input_apply_plan(in, &plan);
        fix_plan_free(&plan);
        lint_pass_free(pass);
    }
    if (later)
        sb_printf(notes, "postlint: --fix writes only the first round's "
                  "fixes; --fix=all writes this diff as shown\n");
    *written = finish_file(r->diff, in->orig_main, in->main_src,
                           in->main_path, rn.n_applied[0], &rn.applied[0],
                           out, notes);
    *written &= finish_file(r->diff, in->orig_master, in->master_src,
                            in->master_path, rn.n_applied[1], &rn.applied[1],
                            out, notes);
    fix_plan_free(&plan);
out:
    for (size_t i = 0; i < rn.n_withheld; i++)
        free(rn.withheld[i]);
    free(rn.withheld);
    sb_free(&rn.applied[0]);
    sb_free(&rn.applied[1]);
    return ok;
}
