/*
 * emit_json.c - machine-readable output (--format json).
 *
 * One object: {"tool":"postlint","tool_version":...,"postfix_version":...,
 * "openssl_version":...,"diagnostics":[{"file","line","column","end_line",
 * "end_column","severity","rule","message","headline","note","fix"}]};
 * "message" is the whole text, "headline" its first part and "note" the
 * rest (null when the message has no note, diag.h); "fix" is null or
 * {"file","line","column","end_line","end_column","replacement"}. Columns
 * are 1-based bytes; end positions are one past the last character.
 * Bytes that are not valid UTF-8 are replaced by U+FFFD so that the
 * output is always valid JSON.
 */
#include "emit.h"
#include "json.h"
#include "relay_sim.h"
#include "tls_sim.h"

#include <stdlib.h>

static void add_string(strbuf *out, const char *s)
{
    json_add_string(out, s);
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

/* "relay": one object per service, client and recipient (relay_sim.h). */
static void add_relay(strbuf *out, const relay_run *r)
{
    sb_adds(out, ",\"relay\":[");
    for (size_t i = 0; i < r->n; i++) {
        const relay_row *row = &r->rows[i];

        sb_adds(out, i ? ",\n{" : "\n{");
        sb_adds(out, "\"service\":");
        add_string(out, row->service);
        sb_adds(out, ",\"client\":");
        add_string(out, row->client);
        sb_printf(out, ",\"sasl\":%s", row->sasl ? "true" : "false");
        sb_adds(out, ",\"recipient\":");
        add_string(out, row->recipient);
        sb_adds(out, ",\"result\":");
        add_string(out, relay_result_name(row->result));
        sb_adds(out, ",\"reply\":");
        if (row->reply[0])
            add_string(out, row->reply);
        else
            sb_adds(out, "null");
        sb_adds(out, ",\"setting\":");
        if (row->setting)
            add_string(out, row->setting);
        else
            sb_adds(out, "null");
        if (row->setting && row->located)
            sb_printf(out, ",\"line\":%d", row->sp.line);
        else
            sb_adds(out, ",\"line\":null");
        sb_adds(out, ",\"file\":");
        if (row->setting && row->located && row->sp.src)
            add_string(out, row->sp.src->path);
        else
            sb_adds(out, "null");
        sb_adds(out, ",\"depends_on\":");
        if (row->why)
            add_string(out, row->why);
        else
            sb_adds(out, "null");
        sb_addc(out, '}');
    }
    sb_adds(out, r->n ? "\n]" : "]");
}

/* "simulation": one object per service and profile (tls_sim.h). */
static void add_simulation(strbuf *out, const sim_run *sim)
{
    size_t rows = 0;

    sb_adds(out, ",\"simulation\":[");
    for (size_t b = 0; b < sim->n_blocks; b++) {
        const sim_block *blk = &sim->blocks[b];

        for (size_t i = blk->first; i < blk->first + blk->count; i++) {
            const sim_result *r = &sim->rows[i];

            sb_adds(out, rows++ ? ",\n{\"service\":" : "\n{\"service\":");
            add_string(out, blk->server->name);
            add_field(out, "program", blk->server->names->program);
            add_field(out, "profile", r->profile->id);
            add_field(out, "result", r->result);
            add_field(out, "protocol", r->protocol);
            add_field(out, "cipher", r->cipher);
            add_field(out, "reason", r->reason);
            add_field(out, "fallback", sim_fallback(blk->server, r->profile));
            sb_printf(out, ",\"analytic\":%s}", r->analytic ? "true" : "false");
        }
    }
    sb_adds(out, rows ? "\n]" : "]");
    sb_adds(out, ",\"simulation_skipped\":[");
    for (size_t i = 0; i < sim->n_skipped; i++) {
        sb_adds(out, i ? "," : "");
        add_string(out, sim->skipped[i]->name);
    }
    sb_adds(out, "]");
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
        {
            size_t len;
            const char *head = diag_headline(d, &len);
            char *text = xstrndup(head, len);

            sb_adds(out, ",\"headline\":");
            add_string(out, text);
            free(text);
        }
        sb_adds(out, ",\"note\":");
        if (diag_note(d))
            add_string(out, diag_note(d));
        else
            sb_adds(out, "null");
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
    if (info->relay)
        add_relay(out, info->relay);
    if (info->extra_json)
        sb_adds(out, info->extra_json);
    sb_adds(out, "}\n");
}
