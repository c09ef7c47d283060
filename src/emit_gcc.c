/*
 * emit_gcc.c - the default, compiler-style output.
 *
 *   FILE:LINE:COL: SEVERITY: MESSAGE [rule-id]
 *     fix: replace LINE:COL-LINE:COL with "TEXT"
 *
 * The shape editors and CI parse (errorformat %f:%l:%c: %t%*[^:]: %m).
 * Diagnostics without a file (about the run itself) use "postlint" as
 * the file name and no position.
 */
#include "emit.h"

static void add_quoted(strbuf *out, const char *s)
{
    sb_addc(out, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sb_addc(out, '\\');
        if (*s == '\n')
            sb_adds(out, "\\n");
        else if (*s == '\t')
            sb_adds(out, "\\t");
        else
            sb_addc(out, *s);
    }
    sb_addc(out, '"');
}

void emit_gcc(const diag_set *set, const emit_info *info, strbuf *out)
{
    (void) info;
    for (size_t i = 0; i < set->n; i++) {
        const diagnostic *d = &set->items[i];

        if (d->sp.src)
            sb_printf(out, "%s:%d:%d: ", d->sp.src->path, d->sp.line,
                      d->sp.col);
        else
            sb_adds(out, "postlint: ");
        sb_printf(out, "%s: %s [%s]\n", severity_name(d->sev), d->message,
                  d->rule);
        if (d->has_fix) {
            const span *f = &d->fix.sp;

            sb_printf(out, "  fix: replace %d:%d-%d:%d with ", f->line,
                      f->col, f->end_line, f->end_col);
            add_quoted(out, d->fix.replacement);
            sb_addc(out, '\n');
        }
    }
}
