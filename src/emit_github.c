/*
 * emit_github.c - GitHub Actions workflow commands (--format github).
 *
 *   ::error file=F,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE
 *
 * One line per diagnostic; the runner turns each into an annotation on
 * the pull request. info becomes ::notice. Values are escaped as the
 * runner expects (%, CR, LF everywhere; also ':' and ',' in properties).
 */
#include "emit.h"

static void add_escaped(strbuf *out, const char *text, bool property)
{
    strbuf safe;
    const char *s;

    /* Control characters visible first (the log shows them raw). */
    sb_init(&safe);
    sb_add_terminal(&safe, text);
    for (s = safe.data ? safe.data : ""; *s; s++) {
        switch (*s) {
        case '%': sb_adds(out, "%25"); break;
        case '\r': sb_adds(out, "%0D"); break;
        case '\n': sb_adds(out, "%0A"); break;
        case ':':
            sb_adds(out, property ? "%3A" : ":");
            break;
        case ',':
            sb_adds(out, property ? "%2C" : ",");
            break;
        default: sb_addc(out, *s);
        }
    }
    sb_free(&safe);
}

void emit_github(const diag_set *set, const emit_info *info, strbuf *out)
{
    (void) info;
    for (size_t i = 0; i < set->n; i++) {
        const diagnostic *d = &set->items[i];
        const char *cmd = d->sev == SEV_ERROR ? "error"
            : d->sev == SEV_WARNING ? "warning" : "notice";

        sb_printf(out, "::%s ", cmd);
        if (d->sp.src) {
            sb_adds(out, "file=");
            add_escaped(out, d->sp.src->path, true);
            sb_printf(out, ",line=%d,col=%d,endLine=%d,endColumn=%d,",
                      d->sp.line, d->sp.col, d->sp.end_line, d->sp.end_col);
        }
        sb_adds(out, "title=");
        add_escaped(out, d->rule, true);
        sb_adds(out, "::");
        add_escaped(out, d->message, false);
        if (d->has_fix) {
            sb_adds(out, "%0Afix: replace with \"");
            add_escaped(out, d->fix.replacement, false);
            sb_adds(out, "\"");
        }
        sb_addc(out, '\n');
    }
}
