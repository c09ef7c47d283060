/*
 * log_report.c - print what `postlint log` found: sessions by protocol and
 * cipher (what the founding `egrep | awk | sort | uniq -c` pipeline gave),
 * handshake failures by reason and by peer with first/last seen and what
 * each failing peer did afterwards, and the TLS settings the daemons
 * logged ("TLS cipher list", "Invalid TLS protocol list").
 *
 * Interface: log_report_text, log_report_json (log_report.h). Output is
 * deterministic: every table is sorted (count, then text). No diagnostics.
 */
#include "log_report.h"

#include <stdlib.h>
#include <string.h>

/* The text report lists this many failing peers (JSON: all). */
#define TEXT_PEERS_MAX 100

static const char *const trust_words[] = {
    "Anonymous", "Untrusted", "Trusted", "Verified", "Unverified"
};

static const char *direction(bool client)
{
    return client ? "outbound" : "inbound";
}

static int by_pair_count(const void *a, const void *b)
{
    const log_pair *x = a, *y = b;
    int c;

    if (x->client != y->client)
        return x->client ? 1 : -1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    if ((c = strcmp(x->protocol, y->protocol)) != 0)
        return c;
    return strcmp(x->cipher, y->cipher);
}

static int by_reason_count(const void *a, const void *b)
{
    const log_reason *x = a, *y = b;
    int c;

    if (x->client != y->client)
        return x->client ? 1 : -1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    if ((c = strcmp(x->text, y->text)) != 0)
        return c;
    return strcmp(x->program, y->program);
}

/* Sorted copies of the small tables (the stats stay as they are). */
typedef struct sorted {
    log_pair pairs[256];
    log_pair protocols[256];    /* cipher empty: per protocol */
    size_t n_pairs, n_protocols;
    log_reason reasons[128];
    size_t n_reasons;
} sorted;

static void sort_tables(const log_stats *s, sorted *t)
{
    memcpy(t->pairs, s->pairs, s->n_pairs * sizeof(log_pair));
    t->n_pairs = s->n_pairs;
    qsort(t->pairs, t->n_pairs, sizeof(log_pair), by_pair_count);
    t->n_protocols = 0;
    for (size_t i = 0; i < t->n_pairs; i++) {
        size_t j;

        for (j = 0; j < t->n_protocols; j++)
            if (t->protocols[j].client == t->pairs[i].client
                && str_eq(t->protocols[j].protocol, t->pairs[i].protocol))
                break;
        if (j == t->n_protocols) {
            t->protocols[j] = t->pairs[i];
            t->protocols[j].cipher[0] = '\0';
            t->protocols[j].count = 0;
            t->n_protocols++;
        }
        t->protocols[j].count += t->pairs[i].count;
    }
    qsort(t->protocols, t->n_protocols, sizeof(log_pair), by_pair_count);
    memcpy(t->reasons, s->reasons, s->n_reasons * sizeof(log_reason));
    t->n_reasons = s->n_reasons;
    qsort(t->reasons, t->n_reasons, sizeof(log_reason), by_reason_count);
}

static void text_sessions(const log_stats *s, const sorted *t, strbuf *out,
                          bool client)
{
    bool any = false;

    sb_printf(out, "TLS sessions %s (%s):\n", direction(client),
              client ? "smtp, lmtp to servers"
              : "smtpd, postscreen/tlsproxy from clients");
    for (size_t i = 0; i < t->n_pairs; i++)
        if (t->pairs[i].client == client) {
            sb_printf(out, "  %8llu  %-8s %s\n",
                      (unsigned long long) t->pairs[i].count,
                      t->pairs[i].protocol, t->pairs[i].cipher);
            any = true;
        }
    if (!any) {
        /* Postfix logs a session that succeeds only at loglevel >= 1. */
        sb_printf(out, "  none logged: %s logs successful sessions only at "
                  "%s = 1 or more (at 0, the default, only failures)\n",
                  client ? "smtp" : "smtpd",
                  client ? "smtp_tls_loglevel" : "smtpd_tls_loglevel");
        return;
    }
    sb_adds(out, "  by protocol:");
    for (size_t i = 0; i < t->n_protocols; i++)
        if (t->protocols[i].client == client)
            sb_printf(out, " %s %llu", t->protocols[i].protocol,
                      (unsigned long long) t->protocols[i].count);
    sb_adds(out, "\n  by trust:");
    for (size_t k = 0; k < 5; k++)
        if (s->trust[client][k])
            sb_printf(out, " %s %llu", trust_words[k],
                      (unsigned long long) s->trust[client][k]);
    sb_adds(out, "\n");
}

/* The peers kept only as totals of their network (the memory bound). */
static void text_networks(const log_stats *s, strbuf *out)
{
    const log_network **nets;
    size_t n;

    if (s->peer_evictions == 0)
        return;
    nets = log_failing_networks(s, &n);
    sb_printf(out, "\nTLS failures by network: %llu peers with fewer or "
              "older failures are counted only here (memory bound: %d "
              "peers are kept one by one):\n",
              (unsigned long long) s->peer_evictions, LOG_PEERS_MAX);
    for (size_t i = 0; i < n && i < TEXT_PEERS_MAX; i++) {
        char first[LOG_STAMP_MAX], last[LOG_STAMP_MAX];

        log_time_text(&nets[i]->first_fail, first);
        log_time_text(&nets[i]->last_fail_at, last);
        sb_printf(out, "  %8llu  %-8s %s: %llu peer%s; first %s, last %s\n",
                  (unsigned long long) nets[i]->fails,
                  direction(nets[i]->client), nets[i]->prefix,
                  (unsigned long long) nets[i]->peers,
                  nets[i]->peers == 1 ? "" : "s", first, last);
    }
    if (n > TEXT_PEERS_MAX)
        sb_printf(out, "  ... and %zu more networks (--format json lists "
                  "them all)\n", n - TEXT_PEERS_MAX);
    free(nets);
}

static void text_failures(const log_stats *s, const sorted *t, strbuf *out)
{
    const log_peer **peers;
    size_t n;

    if (t->n_reasons == 0) {
        sb_adds(out, "\nTLS failures: none\n");
        return;
    }
    sb_adds(out, "\nTLS failures by reason:\n");
    for (size_t i = 0; i < t->n_reasons; i++) {
        const log_reason *r = &t->reasons[i];

        sb_printf(out, "  %8llu  %-8s %s: %s (%llu peer%s",
                  (unsigned long long) r->count, direction(r->client),
                  r->program, r->text, (unsigned long long) r->peers,
                  r->peers == 1 ? "" : "s");
        if (r->no_peer)
            sb_printf(out, "; %llu time%s logged without the peer's "
                      "address", (unsigned long long) r->no_peer,
                      r->no_peer == 1 ? "" : "s");
        sb_adds(out, ")\n");
    }
    if (s->reasons_dropped)
        sb_printf(out, "  %8llu  with other reasons (more than %zu "
                  "distinct)\n", (unsigned long long) s->reasons_dropped,
                  sizeof(s->reasons) / sizeof(s->reasons[0]));
    peers = log_failing_peers(s, &n);
    sb_adds(out, "\nTLS failures by peer (afterwards: what the peer did "
            "after its last failure):\n");
    for (size_t i = 0; i < n && i < TEXT_PEERS_MAX; i++) {
        const log_peer *p = peers[i];
        char first[LOG_STAMP_MAX], last[LOG_STAMP_MAX];

        log_time_text(&p->first_fail, first);
        log_time_text(&p->last_fail_at, last);
        sb_printf(out, "  %8llu  %-8s %s[%s]: %s; first %s, last %s; %s\n",
                  (unsigned long long) p->fails, direction(p->client),
                  p->name, p->addr,
                  p->reason >= 0 ? s->reasons[p->reason].text : "?",
                  first, last, log_peer_outcome(p));
    }
    if (n > TEXT_PEERS_MAX)
        sb_printf(out, "  ... and %zu more peers (--format json lists "
                  "them all)\n", n - TEXT_PEERS_MAX);
    free(peers);
    text_networks(s, out);
}

static void text_messages(const log_stats *s, strbuf *out)
{
    if (s->n_messages == 0)
        return;
    sb_adds(out, "\nTLS settings the daemons logged:\n");
    for (size_t i = 0; i < s->n_messages; i++) {
        const log_message *m = &s->messages[i];
        char first[LOG_STAMP_MAX];

        log_time_text(&m->first_seen, first);
        sb_printf(out, "  %8llu  %s: %s \"%s\" (first %s)\n",
                  (unsigned long long) m->count, m->program,
                  m->bad_protocols ? "warning: Invalid TLS protocol list"
                  : "TLS cipher list", m->text, first);
    }
}

void log_report_text(const log_stats *s, strbuf *out)
{
    sorted *t = xmalloc(sizeof(*t));

    sort_tables(s, t);
    sb_printf(out, "%llu line%s in %llu file%s",
              (unsigned long long) s->lines, s->lines == 1 ? "" : "s",
              (unsigned long long) s->files, s->files == 1 ? "" : "s");
    if (s->first_seen.set) {
        char first[LOG_STAMP_MAX], last[LOG_STAMP_MAX];

        log_time_text(&s->first_seen, first);
        log_time_text(&s->last_seen, last);
        sb_printf(out, ", %s .. %s", first, last);
    }
    sb_printf(out, "; %llu TLS-relevant Postfix event%s",
              (unsigned long long) s->events, s->events == 1 ? "" : "s");
    if (s->long_lines)
        sb_printf(out, "; %llu line%s over 64 KiB skipped",
                  (unsigned long long) s->long_lines,
                  s->long_lines == 1 ? "" : "s");
    sb_adds(out, "\n\n");
    text_sessions(s, t, out, false);
    text_sessions(s, t, out, true);
    text_failures(s, t, out);
    text_messages(s, out);
    free(t);
}

static void json_str(strbuf *out, const char *key, const char *value,
                     bool comma)
{
    sb_printf(out, "%s\"%s\":\"", comma ? "," : "", key);
    sb_add_json(out, value);
    sb_adds(out, "\"");
}

static void json_time(strbuf *out, const char *key, const log_time *t)
{
    char buf[LOG_STAMP_MAX];

    log_time_text(t, buf);
    json_str(out, key, buf, true);
}

static void json_num(strbuf *out, const char *key, uint64_t v)
{
    sb_printf(out, ",\"%s\":%llu", key, (unsigned long long) v);
}

static void json_sessions(const log_stats *s, const sorted *t, strbuf *out)
{
    sb_adds(out, ",\"sessions\":[");
    for (size_t i = 0; i < t->n_pairs; i++) {
        sb_adds(out, i ? ",\n{" : "\n{");
        json_str(out, "direction", direction(t->pairs[i].client), false);
        json_str(out, "protocol", t->pairs[i].protocol, true);
        json_str(out, "cipher", t->pairs[i].cipher, true);
        json_num(out, "count", t->pairs[i].count);
        sb_adds(out, "}");
    }
    sb_adds(out, "],\n\"protocols\":[");
    for (size_t i = 0; i < t->n_protocols; i++) {
        sb_adds(out, i ? ",{" : "{");
        json_str(out, "direction", direction(t->protocols[i].client), false);
        json_str(out, "protocol", t->protocols[i].protocol, true);
        json_num(out, "count", t->protocols[i].count);
        sb_adds(out, "}");
    }
    sb_adds(out, "],\n\"trust\":[");
    for (int c = 0, n = 0; c < 2; c++)
        for (size_t k = 0; k < 5; k++)
            if (s->trust[c][k])
                sb_printf(out, "%s{\"direction\":\"%s\",\"trust\":\"%s\","
                          "\"count\":%llu}", n++ ? "," : "", direction(c),
                          trust_words[k],
                          (unsigned long long) s->trust[c][k]);
    sb_adds(out, "]");
}

/* "networks": the peers given up for the memory bound, by network. */
static void json_networks(const log_stats *s, strbuf *out)
{
    const log_network **nets;
    size_t n;

    sb_printf(out, ",\n\"peers_kept_max\":%d", LOG_PEERS_MAX);
    json_num(out, "peers_by_network_only", s->peer_evictions);
    sb_adds(out, ",\n\"networks\":[");
    nets = log_failing_networks(s, &n);
    for (size_t i = 0; i < n; i++) {
        sb_adds(out, i ? ",\n{" : "\n{");
        json_str(out, "direction", direction(nets[i]->client), false);
        json_str(out, "network", nets[i]->prefix, true);
        json_num(out, "peers", nets[i]->peers);
        json_num(out, "failures", nets[i]->fails);
        json_time(out, "first_failure", &nets[i]->first_fail);
        json_time(out, "last_failure", &nets[i]->last_fail_at);
        sb_adds(out, "}");
    }
    free(nets);
    sb_adds(out, "]");
}

static void json_failures(const log_stats *s, const sorted *t, strbuf *out)
{
    const log_peer **peers;
    size_t n;

    sb_adds(out, ",\n\"failures\":[");
    for (size_t i = 0; i < t->n_reasons; i++) {
        sb_adds(out, i ? ",\n{" : "\n{");
        json_str(out, "direction", direction(t->reasons[i].client), false);
        json_str(out, "program", t->reasons[i].program, true);
        json_str(out, "reason", t->reasons[i].text, true);
        json_num(out, "count", t->reasons[i].count);
        json_num(out, "peers", t->reasons[i].peers);
        json_num(out, "without_peer", t->reasons[i].no_peer);
        sb_adds(out, "}");
    }
    sb_adds(out, "],\n\"peers\":[");
    peers = log_failing_peers(s, &n);
    for (size_t i = 0; i < n; i++) {
        const log_peer *p = peers[i];

        sb_adds(out, i ? ",\n{" : "\n{");
        json_str(out, "direction", direction(p->client), false);
        json_str(out, "name", p->name, true);
        json_str(out, "addr", p->addr, true);
        json_num(out, "failures", p->fails);
        json_str(out, "reason",
                 p->reason >= 0 ? s->reasons[p->reason].text : "", true);
        json_time(out, "first_failure", &p->first_fail);
        json_time(out, "last_failure", &p->last_fail_at);
        json_num(out, "connects", p->connects);
        json_num(out, "tls_sessions", p->tls_ok);
        json_num(out, "plaintext_mail", p->plain_mail);
        json_num(out, "tls_mail", p->tls_mail);
        json_str(out, "afterwards", log_peer_outcome(p), true);
        sb_adds(out, "}");
    }
    free(peers);
    sb_adds(out, "]");
    json_networks(s, out);
}

static void json_messages(const log_stats *s, strbuf *out)
{
    sb_adds(out, ",\n\"messages\":[");
    for (size_t i = 0; i < s->n_messages; i++) {
        const log_message *m = &s->messages[i];

        sb_adds(out, i ? ",\n{" : "\n{");
        json_str(out, "program", m->program, false);
        json_str(out, "kind", m->bad_protocols ? "invalid_protocol_list"
                 : "cipher_list", true);
        json_str(out, "text", m->text, true);
        json_num(out, "count", m->count);
        json_time(out, "first_seen", &m->first_seen);
        sb_adds(out, "}");
    }
    sb_adds(out, "]");
}

void log_report_json(const log_stats *s, strbuf *out)
{
    sorted *t = xmalloc(sizeof(*t));

    sort_tables(s, t);
    sb_printf(out, "{\"tool\":\"postlint\",\"command\":\"log\"");
    json_num(out, "lines", s->lines);
    json_num(out, "files", s->files);
    json_num(out, "events", s->events);
    json_num(out, "long_lines_skipped", s->long_lines);
    json_time(out, "first_seen", &s->first_seen);
    json_time(out, "last_seen", &s->last_seen);
    sb_adds(out, "\n");
    json_sessions(s, t, out);
    json_failures(s, t, out);
    json_messages(s, out);
    free(t);
}
