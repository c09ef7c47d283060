/*
 * log_stats.c - fold log events into per-peer records and small tables.
 *
 * Interface: log_stats_new/add/finish/free, log_failing_peers,
 * log_peer_outcome (log_report.h). No diagnostics.
 *
 * A handshake error line ("SSL_accept error from peer: -1") names the
 * peer but not the reason; the reason comes on the next line(s) of the
 * same process ("warning: TLS library problem: ...:no shared cipher:...").
 * So each process (program + pid) has a small state: the peer of its
 * current connection, whether TLS came up, and a handshake error waiting
 * for its reason. The state table has a fixed size: a process that is
 * pushed out settles its pending error first. Everything kept is copied
 * with control and non-ASCII bytes replaced, so the output is clean text
 * and valid JSON whatever the log holds.
 */
#include "log_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONN_SLOTS 4096
#define NO_REASON "handshake failed (no reason logged)"
#define LOST_REASON "lost connection after STARTTLS"

typedef struct log_conn {
    bool used, client, tls_ok, pending;
    long pid;
    uint32_t prog;              /* hash of the program name */
    char program[48];
    char addr[LOG_ADDR_MAX];
    char name[128];
    char reason[LOG_REASON_MAX];
    log_time at;
    uint64_t seq;
} log_conn;

static const char *const trust_words[] = {
    "Anonymous", "Untrusted", "Trusted", "Verified", "Unverified"
};

/* Copy a log string into a fixed buffer: printable ASCII only. */
static void copy_clean(char *dst, size_t size, const char *p, size_t n)
{
    size_t i;

    if (n >= size)
        n = size - 1;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char) p[i];

        dst[i] = c < 0x20 || c >= 0x7f ? '?' : (char) c;
    }
    dst[i] = '\0';
}
#define COPY(dst, s) copy_clean((dst), sizeof(dst), (s).p, (s).n)

/* Eight bytes at a time (every session looks up its peer and process,
 * so this is on the hot path), then a final mix so the low bits used for
 * the slot depend on every byte. */
static uint64_t hash_bytes(const char *p, size_t n, uint64_t h)
{
    uint64_t w;

    for (; n >= 8; p += 8, n -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
        h ^= h >> 29;
    }
    if (n) {
        w = 0;
        memcpy(&w, p, n);
        h = (h ^ w ^ ((uint64_t) n << 59)) * 0x9e3779b97f4a7c15ULL;
    }
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    return h ^ (h >> 32);
}

log_stats *log_stats_new(void)
{
    log_stats *s = xcalloc(1, sizeof(*s));

    s->n_slots = 1024;
    s->slots = xcalloc(s->n_slots, sizeof(uint64_t));
    s->conns = xcalloc(CONN_SLOTS, sizeof(log_conn));
    return s;
}

void log_stats_free(log_stats *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_peers; i++)
        free(s->peers[i].name);
    free(s->peers);
    free(s->slots);
    free(s->conns);
    free(s);
}

static uint64_t peer_hash(const char *addr, size_t n, bool client)
{
    return hash_bytes(addr, n, client ? 0x84222325ULL : 0xcbf29ce484222325ULL);
}

/* Place record i in the index (the slot array is a small, cache-friendly
 * table of hash tags; records are compared only on a tag match). */
static void slot_put(log_stats *s, uint64_t h, size_t i)
{
    size_t j = h & (s->n_slots - 1);

    while (s->slots[j])
        j = (j + 1) & (s->n_slots - 1);
    s->slots[j] = (h >> 32 << 32) | (uint64_t) (i + 1);
}

static void slots_grow(log_stats *s)
{
    free(s->slots);
    s->n_slots *= 2;
    s->slots = xcalloc(s->n_slots, sizeof(uint64_t));
    for (size_t i = 0; i < s->n_peers; i++)
        slot_put(s, peer_hash(s->peers[i].addr, strlen(s->peers[i].addr),
                              s->peers[i].client), i);
}

/* The record of one peer address on one side; made when insert is set
 * (a failure), else NULL for a peer that never failed. */
static log_peer *peer_get(log_stats *s, const char *addr, size_t n,
                          const char *name, bool client, bool insert)
{
    uint64_t h, tag;
    size_t j;
    log_peer *p;

    if (!insert && s->n_peers == 0)
        return NULL;
    h = peer_hash(addr, n, client);
    tag = h >> 32 << 32;
    for (j = h & (s->n_slots - 1); s->slots[j]; j = (j + 1) & (s->n_slots - 1)) {
        if ((s->slots[j] >> 32 << 32) != tag)
            continue;
        p = &s->peers[(s->slots[j] & 0xffffffffu) - 1];
        if (p->client == client && strncmp(p->addr, addr, n) == 0
            && p->addr[n] == '\0')
            return p;
    }
    if (!insert)
        return NULL;
    s->peers = grow_array(s->peers, &s->cap_peers, s->n_peers + 1,
                          sizeof(log_peer));
    p = &s->peers[s->n_peers];
    memset(p, 0, sizeof(*p));
    p->used = true;
    p->client = client;
    p->reason = -1;
    copy_clean(p->addr, sizeof(p->addr), addr, n);
    p->name = xstrdup(name);
    slot_put(s, h, s->n_peers++);
    if (2 * s->n_peers > s->n_slots)
        slots_grow(s);
    return p;
}

/* The record of the event's peer if it ever failed. */
static log_peer *peer_of(log_stats *s, const log_event *ev)
{
    if (ev->peer_addr.n >= LOG_ADDR_MAX)
        return NULL;
    return peer_get(s, ev->peer_addr.p, ev->peer_addr.n, NULL, ev->client,
                    false);
}

static log_time time_of(const log_event *ev)
{
    log_time t = {ev->when, ev->has_year, true};

    return t;
}

static void seen(log_time *first, log_time *last, log_time at)
{
    if (!first->set)
        *first = at;
    *last = at;
}

void log_time_text(const log_time *t, char buf[LOG_STAMP_MAX])
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int64_t days = t->when >= 0 ? t->when / 86400 : (t->when - 86399) / 86400;
    int64_t secs = t->when - days * 86400, z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned) (z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    long long y = (long long) yoe + era * 400 + (m <= 2);

    if (!t->set)
        buf[0] = '\0';
    else if (!t->has_year)
        snprintf(buf, LOG_STAMP_MAX, "%.3s %2u %02d:%02d:%02d",
                 months + 3 * (m - 1), d, (int) (secs / 3600),
                 (int) (secs / 60 % 60), (int) (secs % 60));
    else
        snprintf(buf, LOG_STAMP_MAX, "%04lld-%02u-%02uT%02d:%02d:%02dZ", y, m,
                 d, (int) (secs / 3600), (int) (secs / 60 % 60),
                 (int) (secs % 60));
}

static int reason_index(log_stats *s, const char *text, bool client,
                        const char *program)
{
    for (size_t i = 0; i < s->n_reasons; i++)
        if (s->reasons[i].client == client
            && strcmp(s->reasons[i].text, text) == 0
            && strcmp(s->reasons[i].program, program) == 0)
            return (int) i;
    if (s->n_reasons == sizeof(s->reasons) / sizeof(s->reasons[0])) {
        s->reasons_dropped++;
        return -1;
    }
    copy_clean(s->reasons[s->n_reasons].text, LOG_REASON_MAX, text,
               strlen(text));
    s->reasons[s->n_reasons].client = client;
    copy_clean(s->reasons[s->n_reasons].program, 48, program,
               strlen(program));
    return (int) s->n_reasons++;
}

/* One failure of a peer (addr may be empty: a failure with no peer). */
static void record_failure(log_stats *s, const char *addr, const char *name,
                           bool client, const char *program,
                           const char *reason, log_time at, uint64_t seq)
{
    int r = reason_index(s, reason, client, program);
    log_peer *p;

    if (r >= 0)
        s->reasons[r].count++;
    if (!addr[0])
        return;
    p = peer_get(s, addr, strlen(addr), name, client, true);
    if (p->fails == 0 && r >= 0)
        s->reasons[r].peers++;
    if (p->reason < 0)
        p->reason = r;
    p->fails++;
    p->last_fail = seq;
    seen(&p->first_fail, &p->last_fail_at, at);
}

/* Settle a process's pending handshake error. */
static void settle(log_stats *s, log_conn *c)
{
    if (!c->pending)
        return;
    c->pending = false;
    record_failure(s, c->addr, c->name, c->client, c->program,
                   c->reason[0] ? c->reason : NO_REASON, c->at, c->seq);
}

/* The hash of the event's program name; consecutive events mostly come
 * from the same program, so the last one is remembered. */
static uint32_t program_hash(log_stats *s, const log_event *ev)
{
    size_t n = ev->program.n;

    if (n == 0 || n != s->last_prog_n
        || memcmp(s->last_prog, ev->program.p, n) != 0) {
        s->last_prog_hash = (uint32_t) hash_bytes(ev->program.p, n,
                                                  0xcbf29ce484222325ULL);
        s->last_prog_n = n < sizeof(s->last_prog) ? n : 0;
        memcpy(s->last_prog, ev->program.p, s->last_prog_n);
    }
    return s->last_prog_hash;
}

static log_conn *conn_of(log_stats *s, const log_event *ev)
{
    uint32_t prog = program_hash(s, ev);
    log_conn *c = &s->conns[((uint64_t) ev->pid * 2654435761u ^ prog)
                            % CONN_SLOTS];

    if (c->used && (c->pid != ev->pid || c->prog != prog)) {
        settle(s, c);
        memset(c, 0, sizeof(*c));
    }
    if (!c->used) {
        c->used = true;
        c->pid = ev->pid;
        c->prog = prog;
        COPY(c->program, ev->program);
    }
    return c;
}

/* The connection's peer address (the name is copied only when a
 * handshake fails: copying it for every session costs time). */
static void conn_peer(log_conn *c, const log_event *ev)
{
    COPY(c->addr, ev->peer_addr);
    c->client = ev->client;
}

static bool same_str(const char *kept, const log_str *s)
{
    return strncmp(kept, s->p, s->n) == 0 && kept[s->n] == '\0';
}

static void count_pair(log_stats *s, const log_event *ev)
{
    char protocol[16], cipher[64];
    size_t i;

    for (i = 0; i < s->n_pairs; i++)
        if (s->pairs[i].client == ev->client
            && same_str(s->pairs[i].protocol, &ev->protocol)
            && same_str(s->pairs[i].cipher, &ev->cipher))
            break;
    if (i == s->n_pairs) {
        COPY(protocol, ev->protocol);
        COPY(cipher, ev->cipher);
        if (i == sizeof(s->pairs) / sizeof(s->pairs[0]))
            i--;                /* the last row collects the rest */
        else
            s->n_pairs++;
        memcpy(s->pairs[i].protocol, protocol, sizeof(protocol));
        memcpy(s->pairs[i].cipher, cipher, sizeof(cipher));
        s->pairs[i].client = ev->client;
    }
    s->pairs[i].count++;
    for (size_t t = 0; t < 5; t++)
        if (ev->trust.n == strlen(trust_words[t])
            && memcmp(ev->trust.p, trust_words[t], ev->trust.n) == 0)
            s->trust[ev->client][t]++;
}

static void count_message(log_stats *s, const log_event *ev)
{
    char text[LOG_TEXT_MAX];
    bool bad = ev->kind == EV_BAD_PROTOCOLS;
    size_t i;

    COPY(text, ev->text);
    for (i = 0; i < s->n_messages; i++)
        if (s->messages[i].bad_protocols == bad
            && strcmp(s->messages[i].text, text) == 0)
            break;
    if (i == s->n_messages) {
        if (i == sizeof(s->messages) / sizeof(s->messages[0]))
            return;
        s->n_messages++;
        memcpy(s->messages[i].text, text, sizeof(text));
        COPY(s->messages[i].program, ev->program);
        s->messages[i].bad_protocols = bad;
        s->messages[i].first_seen = time_of(ev);
    }
    s->messages[i].count++;
}

static void on_tls_error(log_stats *s, log_conn *c, const log_event *ev,
                         uint64_t seq)
{
    settle(s, c);
    conn_peer(c, ev);
    COPY(c->name, ev->peer_name);
    c->pending = true;
    c->tls_ok = false;
    COPY(c->reason, ev->reason);
    c->at = time_of(ev);
    c->seq = seq;
}

/* A failure the line itself states (with or without a peer). */
static void on_stated_failure(log_stats *s, log_conn *c, const log_event *ev,
                              const char *reason, uint64_t seq)
{
    char addr[LOG_ADDR_MAX], name[128];

    COPY(addr, ev->peer_addr);
    COPY(name, ev->peer_name);
    record_failure(s, addr, name, ev->client, c->program, reason,
                   time_of(ev), seq);
}

static void on_connection_event(log_stats *s, log_conn *c,
                                const log_event *ev, uint64_t seq)
{
    log_peer *p;

    switch (ev->kind) {
    case EV_CONNECT:
        settle(s, c);
        conn_peer(c, ev);
        c->tls_ok = false;
        if ((p = peer_of(s, ev)) != NULL)
            p->connects++;
        break;
    case EV_DISCONNECT:
        settle(s, c);
        c->tls_ok = false;
        c->addr[0] = '\0';
        break;
    case EV_LOST_STARTTLS:
        if (c->pending)
            settle(s, c);
        else if (!c->tls_ok)
            on_stated_failure(s, c, ev, LOST_REASON, seq);
        break;
    case EV_DELIVERY:
        if ((p = peer_of(s, ev)) == NULL)
            break;
        if (c->tls_ok && str_eq(c->addr, p->addr))
            p->tls_mail++, p->last_tls = seq;
        else
            p->plain_mail++, p->last_plain = seq;
        break;
    default:
        break;
    }
}

void log_stats_add(log_stats *s, const log_event *ev, uint64_t seq)
{
    char reason[LOG_REASON_MAX];
    log_conn *c = conn_of(s, ev);
    log_peer *p;

    s->events++;
    if (ev->when || ev->has_year)
        seen(&s->first_seen, &s->last_seen, time_of(ev));
    switch (ev->kind) {
    case EV_TLS_OK:
        settle(s, c);           /* an earlier handshake of this process */
        conn_peer(c, ev);
        c->tls_ok = true;
        if ((p = peer_of(s, ev)) != NULL)
            p->tls_ok++, p->last_tls = seq;
        count_pair(s, ev);
        break;
    case EV_TLS_ERROR:
        on_tls_error(s, c, ev, seq);
        break;
    case EV_TLS_LIBRARY:
        if (c->pending && !c->reason[0])
            COPY(c->reason, ev->reason);
        break;
    case EV_CERT_FAIL:
    case EV_LOCAL_PROBLEM:
        COPY(reason, ev->reason);
        on_stated_failure(s, c, ev, reason, seq);
        break;
    case EV_CIPHER_LIST:
    case EV_BAD_PROTOCOLS:
        count_message(s, ev);
        break;
    default:
        on_connection_event(s, c, ev, seq);
        break;
    }
}

void log_stats_finish(log_stats *s)
{
    for (size_t i = 0; i < CONN_SLOTS; i++)
        settle(s, &s->conns[i]);
}

static int by_failures(const void *a, const void *b)
{
    const log_peer *x = *(const log_peer *const *) a;
    const log_peer *y = *(const log_peer *const *) b;

    if (x->fails != y->fails)
        return x->fails > y->fails ? -1 : 1;
    if (x->client != y->client)
        return x->client ? 1 : -1;
    return strcmp(x->addr, y->addr);
}

const log_peer **log_failing_peers(const log_stats *s, size_t *n)
{
    const log_peer **v = xcalloc(s->n_peers + 1, sizeof(*v));

    *n = 0;
    for (size_t i = 0; i < s->n_peers; i++)
        if (s->peers[i].fails)
            v[(*n)++] = &s->peers[i];
    qsort(v, *n, sizeof(*v), by_failures);
    return v;
}

const char *log_peer_outcome(const log_peer *p)
{
    if (p->last_tls > p->last_fail)
        return "TLS later";
    if (p->client)              /* we are the sender: we retry */
        return "no TLS success since";
    if (p->last_plain > p->last_fail)
        return "plaintext later";
    return "gave up";
}
