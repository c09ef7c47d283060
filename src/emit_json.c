/*
 * emit_json.c - machine-readable output (--format json).
 *
 * One object: {"tool":"postlint","tool_version":...,"postfix_version":...,
 * "openssl_version":...,"diagnostics":[{"file","line","column","end_line",
 * "end_column","severity","rule","message","fix"}]}; "fix" is null or
 * {"file","line","column","end_line","end_column","replacement"}. Columns
 * are 1-based bytes; end positions are one past the last character.
 * Bytes that are not valid UTF-8 are replaced by U+FFFD so that the
 * output is always valid JSON.
 */
#include "emit.h"
#include "tls_sim.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s, or 0. Valid as RFC 3629
 * has it: no overlong forms (E0 80..9F, F0 80..8F), no UTF-16
 * surrogates (ED A0..BF), nothing past U+10FFFF (F4 90..BF), which
 * strict JSON readers reject. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4;
    else
        return 0;
    if (s[0] == 0xe0)
        lo = 0xa0;
    else if (s[0] == 0xed)
        hi = 0x9f;
    else if (s[0] == 0xf0)
        lo = 0x90;
    else if (s[0] == 0xf4)
        hi = 0x8f;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

static void add_string(strbuf *out, const char *s)
{
    strbuf clean;

    sb_init(&clean);
    for (const unsigned char *p = (const unsigned char *) s; *p;) {
        size_t n = utf8_len(p);

        if (n == 0) {
            sb_adds(&clean, "\xef\xbf\xbd");
            p++;
        } else {
            sb_add(&clean, (const char *) p, n);
            p += n;
        }
    }
    sb_addc(out, '"');
    sb_add_json(out, clean.data ? clean.data : "");
    sb_addc(out, '"');
    sb_free(&clean);
}

static void add_position(strbuf *out, const span *sp)
{
    sb_adds(out, "\"file\":");
    add_string(out, sp->src ? sp->src->path : "");
    sb_printf(out, ",\"line\":%d,\"column\":%d,\"end_line\":%d,"
              "\"end_column\":%d", sp->line, sp->col, sp->end_line,
              sp->end_col);
}

static void add_field(strbuf *out, const char *name, const char *value)
{
    sb_printf(out, ",\"%s\":", name);
    if (value && value[0])
        add_string(out, value);
    else
        sb_adds(out, "null");
}

/* "simulation": one object per service and profile (tls_sim.h). */
static void add_simulation(strbuf *out, const sim_run *sim)
{
    sb_adds(out, ",\"simulation\":[");
    for (size_t i = 0; i < sim->n; i++) {
        const sim_result *r = &sim->rows[i];

        sb_adds(out, i ? ",\n{\"service\":" : "\n{\"service\":");
        add_string(out, r->server->name);
        add_field(out, "program", r->server->names->program);
        add_field(out, "profile", r->profile->id);
        add_field(out, "result", r->result);
        add_field(out, "protocol", r->protocol);
        add_field(out, "cipher", r->cipher);
        add_field(out, "reason", r->reason);
        add_field(out, "fallback", r->fallback);
        sb_printf(out, ",\"analytic\":%s}", r->analytic ? "true" : "false");
    }
    sb_adds(out, sim->n ? "\n]" : "]");
}

void emit_json(const diag_set *set, const emit_info *info, strbuf *out)
{
    sb_adds(out, "{\"tool\":\"postlint\",\"tool_version\":");
    add_string(out, info->tool_version);
    sb_adds(out, ",\"postfix_version\":");
    add_string(out, info->postfix_version);
    sb_adds(out, ",\"openssl_version\":");
    add_string(out, info->openssl_version);
    sb_adds(out, ",\"diagnostics\":[");
    for (size_t i = 0; i < set->n; i++) {
        const diagnostic *d = &set->items[i];

        sb_adds(out, i ? ",\n{" : "\n{");
        add_position(out, &d->sp);
        sb_adds(out, ",\"severity\":");
        add_string(out, severity_name(d->sev));
        sb_adds(out, ",\"rule\":");
        add_string(out, d->rule);
        sb_adds(out, ",\"message\":");
        add_string(out, d->message);
        sb_adds(out, ",\"fix\":");
        if (d->has_fix) {
            sb_addc(out, '{');
            add_position(out, &d->fix.sp);
            sb_adds(out, ",\"replacement\":");
            add_string(out, d->fix.replacement);
            sb_addc(out, '}');
        } else {
            sb_adds(out, "null");
        }
        sb_addc(out, '}');
    }
    sb_adds(out, set->n ? "\n]" : "]");
    if (info->sim)
        add_simulation(out, info->sim);
    sb_adds(out, "}\n");
}
