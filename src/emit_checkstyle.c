/*
 * emit_checkstyle.c - Checkstyle XML (--format checkstyle), which many CI
 * systems and editors import.
 *
 *   <checkstyle version="4.3"><file name="F"><error line= column=
 *     severity= message= source="postlint.RULE"/></file></checkstyle>
 *
 * Diagnostics arrive sorted by file, so each <file> element is opened
 * once. Text is escaped for XML attributes; bytes that are not valid
 * UTF-8, and control characters XML 1.0 forbids, become U+FFFD.
 * Diagnostics about the run itself go under <file name="postlint">.
 */
#include "emit.h"
#include "json.h"

static void add_attr(strbuf *out, const char *s)
{
    strbuf clean;

    sb_init(&clean);
    sb_add_utf8_clean(&clean, s);
    for (const char *p = clean.data ? clean.data : ""; *p; p++) {
        unsigned char c = (unsigned char) *p;

        switch (c) {
        case '&': sb_adds(out, "&amp;"); break;
        case '<': sb_adds(out, "&lt;"); break;
        case '>': sb_adds(out, "&gt;"); break;
        case '"': sb_adds(out, "&quot;"); break;
        case '\n': sb_adds(out, "&#10;"); break;
        case '\t': sb_adds(out, "&#9;"); break;
        case '\r': sb_adds(out, "&#13;"); break;
        default:
            if (c < 0x20 || c == 0x7f)
                sb_adds(out, "\xef\xbf\xbd");
            else if (c == 0xc2 && (unsigned char) p[1] >= 0x80
                     && (unsigned char) p[1] <= 0x9f) {
                sb_adds(out, "\xef\xbf\xbd");    /* a C1 control */
                p++;
            } else
                sb_addc(out, (char) c);
        }
    }
    sb_free(&clean);
}

void emit_checkstyle(const diag_set *set, const emit_info *info,
                     strbuf *out)
{
    const char *open_file = NULL;

    (void) info;
    sb_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<checkstyle version=\"4.3\">\n");
    for (size_t i = 0; i < set->n; i++) {
        const diagnostic *d = &set->items[i];
        const char *file = d->sp.src ? d->sp.src->path : "postlint";

        if (open_file == NULL || !str_eq(open_file, file)) {
            if (open_file)
                sb_adds(out, "</file>\n");
            sb_adds(out, "<file name=\"");
            add_attr(out, file);
            sb_adds(out, "\">\n");
            open_file = file;
        }
        sb_printf(out, "<error line=\"%d\" column=\"%d\" severity=\"%s\" "
                  "message=\"", d->sp.src ? d->sp.line : 0,
                  d->sp.src ? d->sp.col : 0, severity_name(d->sev));
        add_attr(out, d->message);
        sb_adds(out, "\" source=\"postlint.");
        add_attr(out, d->rule);
        sb_adds(out, "\"/>\n");
    }
    if (open_file)
        sb_adds(out, "</file>\n");
    sb_adds(out, "</checkstyle>\n");
}
