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

/* Show (--diff) or write (--fix) the final text of one file. */
static bool finish_file(bool diff, const source *orig, const source *cur,
                        const char *disk_path, size_t n_fixes, strbuf *out,
                        strbuf *notes)
{
    char *why;

    if (orig == NULL || orig == cur)
        return true;
    if (diff) {
        udiff(orig->path, orig->text, orig->len, cur->text, cur->len, out);
        return true;
    }
    if ((why = fix_write_file(disk_path, orig, cur->text, cur->len))) {
        sb_printf(notes, "postlint: %s: not fixed: %s\n", orig->path, why);
        free(why);
        return false;
    }
    sb_printf(notes, "postlint: %s: applied %zu fix%s\n", orig->path,
              n_fixes, n_fixes == 1 ? "" : "es");
    return true;
}

bool fix_rounds(const lint_settings *s, lint_input *in,
                const fix_request *r, lint_pass *pass, strbuf *out,
                strbuf *notes, bool *written, char **why)
{
    size_t fixes[2] = {0, 0};
    fix_file files[2];
    fix_plan plan;

    for (int round = 0;; round++) {
        if (!lint_prepare(s, in, r->version, pass, why))
            return false;
        lint_run(pass, false);
        lint_postprocess(s, in, r->conf, r->base, &pass->diags);
        fix_plan_build(&plan, &pass->diags, files, fix_files(in, files));
        if (plan.n_edits == 0 || round == FIX_MAX_ROUNDS)
            break;
        for (size_t i = 0; i < plan.n_edits; i++)
            fixes[plan.edits[i].d->fix.sp.src == in->main_src ? 0 : 1]++;
        input_apply_plan(in, &plan);
        fix_plan_free(&plan);
        lint_pass_free(pass);
    }
    fix_plan_list_skipped(&plan, notes);
    *written = finish_file(r->diff, in->orig_main, in->main_src,
                           in->main_path, fixes[0], out, notes);
    *written &= finish_file(r->diff, in->orig_master, in->master_src,
                            in->master_path, fixes[1], out, notes);
    fix_plan_free(&plan);
    return true;
}
