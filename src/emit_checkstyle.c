/*
 * emit_checkstyle.c - Checkstyle XML (--format checkstyle), which many CI
 * systems and editors import.
 *
 *   <checkstyle version="4.3"><file name="F"><error line= column=
 *     severity= message= source="postlint.RULE"/></file></checkstyle>
 *
 * Diagnostics arrive sorted by file, so each <file> element is opened
 * once. Text is escaped for XML attributes, after control characters
 * and bytes that are not valid UTF-8 are made visible (sb_add_terminal).
 * Diagnostics about the run itself go under <file name="postlint">.
 */
#include "emit.h"
#include "json.h"

static void add_attr(strbuf *out, const char *s)
{
    strbuf clean;

    /* Control characters, C1 controls, bidirectional overrides and bytes
     * that are not UTF-8 become visible escapes first (XML 1.0 forbids
     * most of them, and a viewer may show the file on a terminal). */
    sb_init(&clean);
    sb_add_terminal(&clean, s);
    for (const char *p = clean.data ? clean.data : ""; *p; p++) {
        switch (*p) {
        case '&': sb_adds(out, "&amp;"); break;
        case '<': sb_adds(out, "&lt;"); break;
        case '>': sb_adds(out, "&gt;"); break;
        case '"': sb_adds(out, "&quot;"); break;
        case '\t': sb_adds(out, "&#9;"); break;
        default: sb_addc(out, *p);
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
