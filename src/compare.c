/*
 * compare.c - the TLS behaviour of two configurations, side by side.
 *
 * Interface: see compare.h. Services are matched by name ("smtp/inet",
 * "smtp/unix" for the client). Each is described by what a sending or
 * receiving MTA would notice: the security level, the lowest protocol
 * it accepts, how many TLS 1.2-and-older suites it offers (evaluated
 * with the target OpenSSL's rules, tls_ciphers.h), and the outcome of
 * the in-memory handshake with every profile (tls_sim.h). Only the
 * differences are listed. Diagnostics: none.
 */
#include "compare.h"
#include "json.h"
#include "tls_ciphers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add_change(tls_changes *c, const char *svc, const char *what,
                       char *before, char *after)
{
    tls_change *ch;

    c->items = grow_array(c->items, &c->cap, c->n + 1, sizeof(*ch));
    ch = &c->items[c->n++];
    snprintf(ch->service, sizeof(ch->service), "%s", svc);
    ch->what = what;
    ch->before = before;
    ch->after = after;
}

static const tls_server *find(const tls_server *list, size_t n,
                              const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(list[i].name, name))
            return &list[i];
    return NULL;
}

static char *floor_text(const tls_server *s)
{
    if (!s->use_tls)
        return xstrdup("no TLS");
    if (s->proto.invalid)
        return xstrdup("invalid list: TLS off");
    return xstrdup(proto_lowest(s->proto.enabled)
                   ? proto_name(proto_lowest(s->proto.enabled)) : "none");
}

static size_t suite_count(const tls_server *s, pf_version target)
{
    suite_list l = {0};
    size_t n;

    cipher_string_eval(s->cipher_string ? s->cipher_string : "", target,
                       s->ecdhe, s->client ? AUTH_ANY : s->auth, &l);
    n = l.n;
    suite_list_free(&l);
    return n;
}

/* Each service's rows are one block in each run: the blocks of the two
 * runs are compared profile by profile, so the comparison is linear in
 * the rows. */
static bool fails_in(const sim_run *run, const sim_block *b, const char *peer)
{
    for (size_t i = b ? b->first : 0; b && i < b->first + b->count; i++)
        if (str_eq(run->rows[i].profile->id, peer))
            return str_eq(run->rows[i].result, "fail");
    return false;
}

static void peer_changes(const sim_run *before, const sim_run *after,
                         const char *name, tls_changes *out)
{
    strbuf worse, better;
    const sim_block *bb = sim_block_of(before, name);
    const sim_block *ab = sim_block_of(after, name);

    sb_init(&worse);
    sb_init(&better);
    for (size_t i = ab ? ab->first : 0; ab && i < ab->first + ab->count; i++) {
        const sim_result *r = &after->rows[i];
        size_t k = i - ab->first;
        bool was = bb && k < bb->count
            && str_eq(before->rows[bb->first + k].profile->id, r->profile->id)
            ? str_eq(before->rows[bb->first + k].result, "fail")
            : fails_in(before, bb, r->profile->id);
        bool is = str_eq(r->result, "fail");

        if (was == is)
            continue;
        if (is)
            sb_printf(&worse, "%s%s (%s)", worse.len ? ", " : "",
                      r->profile->id, r->reason);
        else
            sb_printf(&better, "%s%s", better.len ? ", " : "",
                      r->profile->id);
    }
    if (worse.len)
        add_change(out, name, "newly fail", xstrdup(""), sb_steal(&worse));
    if (better.len)
        add_change(out, name, "newly succeed", xstrdup(""),
                   sb_steal(&better));
    sb_free(&worse);
    sb_free(&better);
}

/* Services either run could not simulate: their handshakes were not
 * compared, and the gate must say so. */
static bool skipped_in(const sim_run *run, const char *name)
{
    for (size_t i = 0; run && i < run->n_skipped; i++)
        if (str_eq(run->skipped[i]->name, name))
            return true;
    return false;
}

static void note_skipped(const sim_run *before, const sim_run *after,
                         tls_changes *out)
{
    size_t n = after ? after->n_skipped : 0;
    strbuf names;

    /* Services skipped in the running configuration only (rare: the
     * lists are mostly the same services). */
    for (size_t i = 0; before && i < before->n_skipped && i < 1000; i++)
        n += !skipped_in(after, before->skipped[i]->name);
    if (n == 0)
        return;
    sb_init(&names);
    for (size_t i = 0; after && i < after->n_skipped && names.len < 200; i++)
        sb_printf(&names, "%s%s", names.len ? ", " : "",
                  after->skipped[i]->name);
    add_change(out, "(more services)", "handshakes not compared",
               xstrdup(""), xasprintf("%zu service%s past %d distinct TLS "
                                      "policies: %s%s", n, n == 1 ? "" : "s",
                                      SIM_MAX_POLICIES, names.data ? names.data
                                      : "", names.len >= 200 ? ", ..." : ""));
    sb_free(&names);
}

static void compare_one(const tls_server *b, const tls_server *a,
                        const tls_model *mb, const tls_model *ma,
                        tls_changes *out)
{
    char *fb = floor_text(b), *fa = floor_text(a);
    size_t nb = suite_count(b, mb->openssl), na = suite_count(a, ma->openssl);

    if (!str_eq(b->level_word, a->level_word))
        add_change(out, a->name, "level", xstrdup(b->level_word),
                   xstrdup(a->level_word));
    if (!str_eq(fb, fa)) {
        add_change(out, a->name, "protocol floor", fb, fa);
    } else {
        free(fb);
        free(fa);
    }
    if (nb != na)
        add_change(out, a->name, "cipher suites", xasprintf("%zu", nb),
                   xasprintf("%zu", na));
}

static void compare_list(const tls_server *bl, size_t bn,
                         const tls_server *al, size_t an,
                         const tls_model *mb, const tls_model *ma,
                         tls_changes *out)
{
    for (size_t i = 0; i < an; i++) {
        const tls_server *b = find(bl, bn, al[i].name);

        if (b == NULL)
            add_change(out, al[i].name, "service", xstrdup("absent"),
                       xstrdup("new"));
        else
            compare_one(b, &al[i], mb, ma, out);
    }
    for (size_t i = 0; i < bn; i++)
        if (find(al, an, bl[i].name) == NULL)
            add_change(out, bl[i].name, "service", xstrdup("present"),
                       xstrdup("removed"));
}

void compare_tls(const tls_model *before, const sim_run *sim_before,
                 const tls_model *after, const sim_run *sim_after,
                 tls_changes *out)
{
    memset(out, 0, sizeof(*out));
    compare_list(before->servers, before->n_servers, after->servers,
                 after->n_servers, before, after, out);
    compare_list(before->clients, before->n_clients, after->clients,
                 after->n_clients, before, after, out);
    for (size_t i = 0; i < after->n_servers; i++)
        peer_changes(sim_before, sim_after, after->servers[i].name, out);
    for (size_t i = 0; i < after->n_clients; i++)
        peer_changes(sim_before, sim_after, after->clients[i].name, out);
    note_skipped(sim_before, sim_after, out);
}

void compare_format_text(const tls_changes *c, const char *running_dir,
                         strbuf *out)
{
    sb_printf(out, "TLS changes against the running configuration in %s:"
              "\n", running_dir);
    if (c->n == 0)
        sb_adds(out, "  none: every service keeps its TLS behaviour\n");
    for (size_t i = 0; i < c->n; i++) {
        const tls_change *ch = &c->items[i];

        if (ch->before[0])
            sb_printf(out, "  %s: %s %s -> %s\n", ch->service, ch->what,
                      ch->before, ch->after);
        else
            sb_printf(out, "  %s: %s: %s\n", ch->service, ch->what,
                      ch->after);
    }
}

void compare_format_json(const tls_changes *c, strbuf *out)
{
    sb_adds(out, "[");
    for (size_t i = 0; i < c->n; i++) {
        const tls_change *ch = &c->items[i];

        sb_adds(out, i ? ",\n{\"service\":" : "\n{\"service\":");
        json_add_string(out, ch->service);
        sb_adds(out, ",\"what\":");
        json_add_string(out, ch->what);
        sb_adds(out, ",\"before\":");
        json_add_string(out, ch->before);
        sb_adds(out, ",\"after\":");
        json_add_string(out, ch->after);
        sb_addc(out, '}');
    }
    sb_adds(out, c->n ? "\n]" : "]");
}

void compare_free(tls_changes *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].before);
        free(c->items[i].after);
    }
    free(c->items);
    memset(c, 0, sizeof(*c));
}

char *compare_running(const lint_settings *s, const char *dir,
                      const char *version, lint_pass *candidate, bool json,
                      char **why)
{
    lint_input running;
    lint_pass before;
    tls_changes changes;
    strbuf out;

    if (!lint_read(s, dir, NULL, NULL, &running, why)) {
        lint_input_free(&running);
        return NULL;
    }
    if (!lint_prepare(s, &running, version, &before, why)) {
        lint_pass_free(&before);
        lint_input_free(&running);
        return NULL;
    }
    before.sim = sim_run_all(before.m, lint_tls(&before));
    if (candidate->sim == NULL)
        candidate->sim = sim_run_all(candidate->m, lint_tls(candidate));
    compare_tls(before.tls, before.sim, candidate->tls, candidate->sim,
                &changes);
    sb_init(&out);
    if (json) {
        sb_adds(&out, ",\"tls_changes\":");
        compare_format_json(&changes, &out);
    } else {
        compare_format_text(&changes, dir, &out);
    }
    compare_free(&changes);
    lint_pass_free(&before);
    lint_input_free(&running);
    return sb_steal(&out);
}
