/*
 * emit_gcc.c - the default, compiler-style output.
 *
 *   FILE:LINE:COL: SEVERITY: HEADLINE [rule-id]
 *     note: DETAIL
 *     fix: replace LINE:COL-LINE:COL with "TEXT"
 *
 * The shape editors and CI parse (errorformat %f:%l:%c: %t%*[^:]: %m).
 * Diagnostics without a file (about the run itself) use "postlint" as
 * the file name and no position. A message with a note (diag.h) shows
 * its headline, then the note on a line of its own before the fix; the
 * whole message is in the machine formats. With --color, the severity,
 * the note and the fix are coloured as compilers colour them. File
 * names, messages and fix texts may hold bytes from the files: control
 * characters are made visible (sb_add_terminal), so no line can erase
 * or fake another.
 */
#include "emit.h"

#include <stdlib.h>

/* The fix's text, quoted as a C string (what \\, \" and \t mean is
 * what a reader expects), every other control byte made visible. */
static void add_quoted(strbuf *out, const char *s)
{
    strbuf raw;

    sb_init(&raw);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sb_addc(&raw, '\\');
        if (*s == '\t')
            sb_adds(&raw, "\\t");
        else
            sb_addc(&raw, *s);
    }
    sb_addc(out, '"');
    sb_add_terminal(out, raw.data ? raw.data : "");
    sb_addc(out, '"');
    sb_free(&raw);
}

/* ANSI colours, as compilers use them. */
#define BOLD    "\033[1m"
#define RED     "\033[1;31m"
#define MAGENTA "\033[1;35m"
#define CYAN    "\033[1;36m"
#define GREEN   "\033[32m"
#define RESET   "\033[0m"

static const char *severity_color(severity sev)
{
    return sev == SEV_ERROR ? RED : sev == SEV_WARNING ? MAGENTA : CYAN;
}

void emit_gcc(const diag_set *set, const emit_info *info, strbuf *out)
{
    bool c = info->color;

    for (size_t i = 0; i < set->n; i++) {
        const diagnostic *d = &set->items[i];

        sb_adds(out, c ? BOLD : "");
        if (d->sp.src) {
            sb_add_terminal(out, d->sp.src->path);
            sb_printf(out, ":%d:%d: ", d->sp.line, d->sp.col);
        } else
            sb_adds(out, "postlint: ");
        sb_printf(out, "%s%s:%s ", c ? severity_color(d->sev) : "",
                  severity_name(d->sev), c ? RESET : "");
        {
            size_t len;
            const char *head = diag_headline(d, &len);
            char *text = xstrndup(head, len);

            sb_add_terminal(out, text);
            free(text);
        }
        sb_printf(out, " [%s]\n", d->rule);
        if (diag_note(d)) {
            sb_printf(out, "  %snote%s: ", c ? CYAN : "", c ? RESET : "");
            sb_add_terminal(out, diag_note(d));
            sb_addc(out, '\n');
        }
        if (d->has_fix) {
            const span *f = &d->fix.sp;

            sb_printf(out, "  %sfix%s: replace %d:%d-%d:%d with ",
                      c ? GREEN : "", c ? RESET : "", f->line, f->col,
                      f->end_line, f->end_col);
            add_quoted(out, d->fix.replacement);
            sb_addc(out, '\n');
        }
    }
}
