/*
 * fixes.h - turn the diagnostics' fixes into edits: a unified diff
 * (--diff) or the files rewritten in place (--fix).
 *
 * A plan holds, per file, the edits that can be applied together. An
 * edit is left out, and listed with the reason, when it is unsafe (a
 * guess), when it overlaps the edit of a more severe finding (dropped:
 * the correction wins over advice), when it overlaps another edit of the
 * same severity with different text (a conflict: neither is applied),
 * or when its file came from stdin.
 * Identical edits proposed by two rules are applied once.
 */
#ifndef POSTLINT_FIXES_H
#define POSTLINT_FIXES_H

#include "diag.h"

typedef struct fix_file {
    const source *src;
    const char *disk_path;      /* NULL: read from stdin, not writable */
} fix_file;

typedef struct fix_edit {
    const diagnostic *d;
    size_t off, end;            /* byte range replaced in src->text */
    const char *text;
} fix_edit;

typedef struct fix_skip {
    const diagnostic *d;
    char *why;
} fix_skip;

typedef struct fix_plan {
    const fix_file *files;
    size_t n_files;
    fix_edit *edits;            /* sorted by file, then offset */
    size_t n_edits, cap_edits;
    fix_skip *skipped;
    size_t n_skipped, cap_skipped;
} fix_plan;

void fix_plan_build(fix_plan *plan, const diag_set *set,
                    const fix_file *files, size_t n_files);
void fix_plan_free(fix_plan *plan);

/* The new text of src with the plan's edits applied. */
char *fix_plan_render(const fix_plan *plan, const source *src,
                      size_t *len_out);

/* Write text over disk_path atomically (safe_write.h: a symbolic link
 * only to a file inside the directory, with the directory's owner), but
 * only when the file still holds orig's text and postlint may trust it.
 * NULL on success, else why not. */
char *fix_write_file(const char *disk_path, const source *orig,
                     const char *text, size_t len);

/* The skipped fixes, one line each. */
void fix_plan_list_skipped(const fix_plan *plan, strbuf *out);

#endif
