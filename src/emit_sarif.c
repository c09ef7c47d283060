/*
 * emit_sarif.c - SARIF 2.1.0 output (--format sarif).
 *
 * One run: the tool driver with metadata for every rule (id, short and
 * full description, help URI to the rule's page, default level), then
 * one result per diagnostic with its physical location and, where the
 * rule offers one, a fix as an artifact change. Regions carry 1-based
 * line and column plus byteOffset/byteLength. postlint counts columns in
 * bytes, which SARIF has no columnKind for: the run says "columnKind":
 * "unicodeCodePoints" and the columns are converted (each UTF-8 sequence
 * is one column; a byte that is not valid UTF-8 is one column too), and
 * the byte offsets keep a fix exact whatever a consumer assumes. Paths
 * become URI references (percent-encoded; absolute paths as file://
 * URIs). Severity maps to SARIF levels: error -> error, warning ->
 * warning, info -> note.
 *
 * Help links point at the rule pages where this binary is installed:
 * BINDIR/../share/doc/postlint/rules/ (BINDIR from /proc/self/exe) when
 * that directory exists, so a binary installed under another PREFIX or
 * DESTDIR than it was built for links its own pages; else the
 * compile-time POSTLINT_DOC_URI.
 */
#include "emit.h"
#include "json.h"
#include "rule.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef POSTLINT_DOC_URI
#define POSTLINT_DOC_URI "file:///usr/local/share/doc/postlint/rules/"
#endif

static const char *sarif_level(severity sev)
{
    return sev == SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning"
        : "note";
}

/* RFC 3986: keep unreserved characters and '/', escape the rest. */
static void uri_encode(strbuf *uri, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";

    if (path[0] == '/')
        sb_adds(uri, "file://");
    for (const unsigned char *p = (const unsigned char *) path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
            || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            sb_addc(uri, (char) *p);
        else {
            sb_addc(uri, '%');
            sb_addc(uri, hex[*p >> 4]);
            sb_addc(uri, hex[*p & 15]);
        }
    }
}

static void add_uri(strbuf *out, const char *path)
{
    strbuf uri;

    sb_init(&uri);
    uri_encode(&uri, path);
    json_add_string(out, uri.data ? uri.data : "");
    sb_free(&uri);
}

/*
 * The rule pages of this installation: BINDIR/../share/doc/postlint/rules/
 * when that is a directory (as a file:// URI), else the compile-time one.
 */
static void doc_base(strbuf *base)
{
    char exe[PATH_MAX], dir[PATH_MAX + 64], real[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    struct stat st;
    char *slash;

    if (n > 0) {
        exe[n] = 0;
        slash = strrchr(exe, '/');
        if (slash && slash != exe) {
            *slash = 0;
            snprintf(dir, sizeof(dir), "%s/../share/doc/postlint/rules", exe);
            if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)
                && realpath(dir, real) && real[0] == '/') {
                uri_encode(base, real);
                sb_addc(base, '/');
                return;
            }
        }
    }
    sb_adds(base, POSTLINT_DOC_URI);
}

/* Code points from the start of the line to byte offset off (the 1-based
 * byte column col): the SARIF column. A byte that does not start a
 * valid UTF-8 sequence counts as one. When col and off do not describe
 * the same line, the byte column is kept. */
static int codepoint_col(const source *src, size_t off, int col)
{
    size_t start, i;
    int n = 1;

    if (!src || !src->text || col < 1 || off > src->len
        || (size_t) (col - 1) > off)
        return col;
    start = off - (size_t) (col - 1);
    if (start > 0 && src->text[start - 1] != '\n')
        return col;
    for (i = start; i < off;) {
        const unsigned char *p = (const unsigned char *) src->text + i;
        size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2
            : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 1;
        size_t k;

        if (*p == 0xC0 || *p == 0xC1)
            len = 1;                /* overlong: never valid */
        for (k = 1; k < len; k++)
            if (i + k >= off || (p[k] & 0xC0) != 0x80)
                break;
        i += k < len ? 1 : len;
        n++;
    }
    return n;
}

static void add_region(strbuf *out, const span *sp)
{
    sb_printf(out, "{\"startLine\":%d,\"startColumn\":%d,\"endLine\":%d,"
              "\"endColumn\":%d,\"byteOffset\":%zu,\"byteLength\":%zu}",
              sp->line, codepoint_col(sp->src, sp->off, sp->col),
              sp->end_line, codepoint_col(sp->src, sp->end_off, sp->end_col),
              sp->off, sp->end_off - sp->off);
}

static void add_text(strbuf *out, const char *key, const char *text)
{
    sb_printf(out, "\"%s\":{\"text\":", key);
    json_add_string(out, text);
    sb_addc(out, '}');
}

static void add_rules(strbuf *out, const rule_desc *const *all, size_t n)
{
    strbuf base;

    sb_init(&base);
    doc_base(&base);
    sb_adds(out, "\"rules\":[");
    for (size_t i = 0; i < n; i++) {
        const rule_desc *r = all[i];

        sb_adds(out, i ? ",\n{\"id\":" : "\n{\"id\":");
        json_add_string(out, r->id);
        sb_adds(out, ",\"name\":");
        json_add_string(out, r->id);
        sb_addc(out, ',');
        add_text(out, "shortDescription", r->summary);
        sb_addc(out, ',');
        add_text(out, "fullDescription", r->explanation);
        sb_adds(out, ",\"helpUri\":");
        {
            strbuf uri;

            sb_init(&uri);
            sb_adds(&uri, base.data);
            sb_adds(&uri, r->id);
            sb_adds(&uri, ".md");
            json_add_string(out, uri.data);
            sb_free(&uri);
        }
        sb_printf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"}}",
                  sarif_level(r->sev));
    }
    sb_adds(out, "]");
    sb_free(&base);
}

static void add_fix(strbuf *out, const diagnostic *d)
{
    const span *f = &d->fix.sp;

    sb_adds(out, ",\"fixes\":[{");
    add_text(out, "description", d->fix.replacement[0]
             ? "replace the text" : "delete the text");
    sb_adds(out, ",\"artifactChanges\":[{\"artifactLocation\":{\"uri\":");
    add_uri(out, f->src->path);
    sb_adds(out, "},\"replacements\":[{\"deletedRegion\":");
    add_region(out, f);
    sb_adds(out, ",\"insertedContent\":{\"text\":");
    json_add_string(out, d->fix.replacement);
    sb_adds(out, "}}]}]}]");
}

static size_t rule_index(const rule_desc *const *all, size_t n,
                         const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(all[i]->id, id))
            return i;
    return (size_t) -1;
}

static void add_result(strbuf *out, const diagnostic *d,
                       const rule_desc *const *all, size_t n)
{
    size_t idx = rule_index(all, n, d->rule);

    sb_adds(out, "{\"ruleId\":");
    json_add_string(out, d->rule);
    if (idx != (size_t) -1)
        sb_printf(out, ",\"ruleIndex\":%zu", idx);
    sb_printf(out, ",\"level\":\"%s\",", sarif_level(d->sev));
    add_text(out, "message", d->message);
    if (d->sp.src) {
        sb_adds(out, ",\"locations\":[{\"physicalLocation\":"
                "{\"artifactLocation\":{\"uri\":");
        add_uri(out, d->sp.src->path);
        sb_adds(out, "},\"region\":");
        add_region(out, &d->sp);
        sb_adds(out, "}}]");
    }
    if (d->has_fix && d->fix.sp.src)
        add_fix(out, d);
    sb_addc(out, '}');
}

void emit_sarif(const diag_set *set, const emit_info *info, strbuf *out)
{
    size_t n;
    const rule_desc *const *all = rule_all(&n);

    sb_adds(out, "{\"$schema\":\"https://json.schemastore.org/"
            "sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":[{"
            "\"tool\":{\"driver\":{\"name\":\"postlint\",\"version\":");
    json_add_string(out, info->tool_version);
    sb_adds(out, ",\"semanticVersion\":");
    json_add_string(out, info->tool_version);
    sb_addc(out, ',');
    add_rules(out, all, n);
    sb_adds(out, "}},\n\"invocations\":[{\"executionSuccessful\":true}],"
            "\n\"columnKind\":\"unicodeCodePoints\","
            "\n\"properties\":{\"postfixVersion\":");
    json_add_string(out, info->postfix_version);
    sb_adds(out, ",\"opensslVersion\":");
    json_add_string(out, info->openssl_version);
    sb_adds(out, "},\n\"results\":[");
    for (size_t i = 0; i < set->n; i++) {
        sb_adds(out, i ? ",\n" : "\n");
        add_result(out, &set->items[i], all, n);
    }
    sb_adds(out, set->n ? "\n]}]}\n" : "]}]}\n");
}
