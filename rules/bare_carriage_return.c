/*
 * bare_carriage_return.c - rule "bare-carriage-return": a CR that does
 * not end a line for Postfix.
 *
 * Postfix ends lines at LF only. A CR before an LF is trailing white
 * space and harmless (CR LF files, even mixed with LF, read fine), but a
 * CR anywhere else (a file saved with old Mac CR-only line endings) joins
 * what follows to the same line: in main.cf everything after the first
 * setting becomes part of its value, in master.cf the next service
 * becomes arguments of the one before. Reported once per file, at the
 * first such CR, quoting the text that gets swallowed.
 */
#include "rule.h"

#include <stdlib.h>
#include <string.h>

/* Offset of the first CR after which, past blanks and more CRs, comes
 * something other than LF or the end of the file (those make the CR
 * trailing white space, which Postfix trims), or len when none. */
static size_t first_bare_cr(const char *text, size_t len)
{
    for (size_t at = 0; at < len; at++) {
        const char *p = memchr(text + at, '\r', len - at);
        size_t next;

        if (p == NULL)
            break;
        at = (size_t) (p - text);
        next = at + strspn(text + at, "\r \t\v\f");
        if (next < len && text[next] != '\n')
            return at;
    }
    return len;
}

/* The main.cf parameter whose logical line holds offset at, as
 * " (in the value of NAME)", or "" (master.cf, a comment, no name). */
static char *owner_of(const source *src, size_t at, bool main_cf)
{
    size_t start = at, n;
    const char *t = src->text;

    if (!main_cf)
        return xstrdup("");
    for (;;) {
        while (start > 0 && t[start - 1] != '\n')
            start--;
        /* A continuation line (white space first) belongs to the line
         * above it. */
        if (start == 0 || (t[start] != ' ' && t[start] != '\t'))
            break;
        start--;
    }
    n = strspn(t + start, "abcdefghijklmnopqrstuvwxyz"
               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.");
    if (n == 0 || n > 200 || start + n > at)
        return xstrdup("");
    return xasprintf(" (in the value of %.*s)", (int) n, t + start);
}

static void check_source(const lint_ctx *ctx, const rule_desc *self,
                         const source *src, const char *file)
{
    char *owner;
    size_t at = first_bare_cr(src->text, src->len), n;
    const char *next;
    char *piece;
    strbuf what;
    span sp;

    if (at == src->len)
        return;
    next = src->text + at + 1;
    n = strcspn(next, "\r\n");
    piece = xstrndup(next, n);
    sb_init(&what);
    sb_add_printable(&what, piece, 40);
    free(piece);
    memset(&sp, 0, sizeof(sp));
    sp.src = src;
    sp.off = at;
    sp.end_off = at + 1;
    source_position(src, at, &sp.line, &sp.col);
    sp.end_line = sp.line;
    sp.end_col = sp.col + 1;
    owner = owner_of(src, at, str_eq(file, "main.cf"));
    report(ctx, self, &sp,
           "%s has a carriage return (CR) that does not end a "
           "line%s:" DIAG_NOTE
           " Postfix %s ends lines only at LF, so \"%s\" after it is part "
           "of this line, not a line of its own (CR-only line endings?); "
           "save the file with LF line endings", file, owner,
           ctx->version_text, what.data ? what.data : "");
    free(owner);
    sb_free(&what);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    if (ctx->m->main)
        check_source(ctx, self, ctx->m->main->src, "main.cf");
    if (ctx->m->master)
        check_source(ctx, self, ctx->m->master->src, "master.cf");
}

const rule_desc rule_bare_carriage_return = {
    "bare-carriage-return", SEV_WARNING,
    "a carriage return that Postfix does not read as a line end",
    "Postfix ends lines in main.cf and master.cf at LF only. A CR before "
    "an LF (Windows line endings) is trailing white space and does no "
    "harm, but a CR anywhere else, as in files saved with old Mac CR-only "
    "line endings, joins what follows to the same line: in main.cf every "
    "setting after the first becomes part of the first one's value, in "
    "master.cf the following services become arguments. Postfix says "
    "nothing. Save the file with LF line endings.",
    check,
    0
};
