/*
 * emit_sarif.c - SARIF 2.1.0 output (--format sarif).
 *
 * One run: the tool driver with metadata for every rule (id, short and
 * full description, help URI to the rule's page, default level), then
 * one result per diagnostic with its physical location and, where the
 * rule offers one, a fix as an artifact change. Regions carry 1-based
 * line and column plus byteOffset/byteLength: postlint counts columns
 * in bytes, and the byte offsets make a fix exact whatever a consumer
 * assumes about columns. Paths become URI references (percent-encoded;
 * absolute paths as file:// URIs). Severity maps to SARIF levels:
 * error -> error, warning -> warning, info -> note.
 */
#include "emit.h"
#include "json.h"
#include "rule.h"

#include <string.h>

#ifndef POSTLINT_DOC_URI
#define POSTLINT_DOC_URI "file:///usr/local/share/doc/postlint/rules/"
#endif

static const char *sarif_level(severity sev)
{
    return sev == SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning"
        : "note";
}

/* RFC 3986: keep unreserved characters and '/', escape the rest. */
static void add_uri(strbuf *out, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    strbuf uri;

    sb_init(&uri);
    if (path[0] == '/')
        sb_adds(&uri, "file://");
    for (const unsigned char *p = (const unsigned char *) path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')
            || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            sb_addc(&uri, (char) *p);
        else {
            sb_addc(&uri, '%');
            sb_addc(&uri, hex[*p >> 4]);
            sb_addc(&uri, hex[*p & 15]);
        }
    }
    json_add_string(out, uri.data ? uri.data : "");
    sb_free(&uri);
}

static void add_region(strbuf *out, const span *sp)
{
    sb_printf(out, "{\"startLine\":%d,\"startColumn\":%d,\"endLine\":%d,"
              "\"endColumn\":%d,\"byteOffset\":%zu,\"byteLength\":%zu}",
              sp->line, sp->col, sp->end_line, sp->end_col, sp->off,
              sp->end_off - sp->off);
}

static void add_text(strbuf *out, const char *key, const char *text)
{
    sb_printf(out, "\"%s\":{\"text\":", key);
    json_add_string(out, text);
    sb_addc(out, '}');
}

static void add_rules(strbuf *out, const rule_desc *const *all, size_t n)
{
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
        sb_printf(out, ",\"helpUri\":\"%s%s.md\"", POSTLINT_DOC_URI, r->id);
        sb_printf(out, ",\"defaultConfiguration\":{\"level\":\"%s\"}}",
                  sarif_level(r->sev));
    }
    sb_adds(out, "]");
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
