/*
 * log_stats.c - fold log events into per-peer records and small tables.
 *
 * Interface (log_stats.h): log_stats_new/free; log_stats_add, or its two
 * halves for a log read on several threads (log_pipe.c):
 * log_digest_event and log_tally_reset on the parsing side,
 * log_stats_fold_tally, log_stats_fold and the prefetch hints on the
 * folding side; log_stats_finish; log_failing_peers, log_peer_outcome.
 * No diagnostics.
 *
 * A handshake error line ("SSL_accept error from peer: -1") names the
 * peer but not the reason; the reason comes on the next line(s) of the
 * same process ("warning: TLS library problem: ...:no shared cipher:...").
 * So each process (program + pid) has a small state: the peer of its
 * current connection, whether TLS came up, and a handshake error waiting
 * for its reason. The states are kept in an exact table (program and
 * pid; a session's state is reset when its connection ends) of at most
 * CONN_MAX processes: past that the one not heard from for the longest
 * time is forgotten, its pending error settled first. Processes and
 * peers are matched on the bytes as logged, so the result never depends
 * on hash values, and memory is bounded whatever the log holds.
 * Everything kept for the report is copied with control and non-ASCII
 * bytes replaced, so the output is clean text and valid JSON whatever
 * the log holds.
 */
#include "log_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define CONN_MAX 16384          /* processes remembered at once */
#define CONN_BUCKETS (2 * CONN_MAX)
#define NO_REASON "handshake failed (no reason logged)"
#define LOST_REASON "lost connection after STARTTLS"

typedef struct log_conn {
    uint32_t chain;             /* the next in its bucket (0: none) */
    uint32_t newer, older;      /* the list by last use */
    bool client, tls_ok, pending;
    long pid;
    uint32_t prog, prog_len;    /* hash and length of the program name */
    char program[48];           /* cleaned, for the report */
    char raw_in[48];            /* the name as logged, to match on, when */
    char *raw_heap;             /* it fits, else a heap copy (conn_raw) */
    char addr[LOG_ADDR_MAX];
    size_t addr_len;            /* 0 unless addr is the raw bytes */
    char name[128];
    char reason[LOG_REASON_MAX];
    log_time at;
    uint64_t seq;
    /* The peer record of addr, looked up once per session rather than
     * on each of its lines: peer_known says whether `peer` (index + 1,
     * 0: none) is valid; a miss stays valid while no record is made
     * (inserts_then), a hit while no record is given up (evictions_then). */
    bool peer_known;
    uint32_t peer;
    uint64_t inserts_then, evictions_then;
} log_conn;

/* The processes: conn[1..CONN_MAX] (0 means none), hashed on program
 * and pid into buckets, and listed from the most to the least recently
 * heard from. */
struct log_conns {
    log_conn *conn;
    uint32_t bucket[CONN_BUCKETS];
    uint32_t never_used;        /* conn[never_used..] were never handed out */
    size_t cap;                 /* conn[] has room for cap entries */
    uint32_t newest, oldest;
};

static const char *const trust_words[] = {
    "Anonymous", "Untrusted", "Trusted", "Verified", "Unverified"
};

/* n bytes equal: a word at a time, inlined (the fold compares program
 * names and addresses of a few to some tens of bytes on every event). */
static inline __attribute__((always_inline)) bool
bytes_equal(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    size_t i;

    if (n < 8) {
        for (i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    for (i = 0; i + 8 <= n; i += 8) {
        memcpy(&x, a + i, 8), memcpy(&y, b + i, 8);
        if (x != y)
            return false;
    }
    memcpy(&x, a + n - 8, 8), memcpy(&y, b + n - 8, 8);
    return x == y;
}

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

/* Eight bytes at a time (every event hashes its program and its peer,
 * so this is on the hot path); the last, partial word is read as the
 * last 8 (or 4) bytes, overlapping the one before, rather than byte by
 * byte. A final mix makes the low bits used for the slot depend on every
 * byte. */
static uint64_t hash_bytes(const char *p, size_t n, uint64_t h)
{
    uint64_t w;
    uint32_t a, b;

    h ^= (uint64_t) n << 56;
    if (n >= 8) {
        const char *last = p + n - 8;

        for (; p < last; p += 8) {
            memcpy(&w, p, 8);
            h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
            h ^= h >> 29;
        }
        memcpy(&w, last, 8);
    } else if (n >= 4) {
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        w = a | (uint64_t) b << 32;
    } else
        w = n ? (uint64_t) (unsigned char) p[0]
            | (uint64_t) (unsigned char) p[n / 2] << 8
            | (uint64_t) (unsigned char) p[n - 1] << 16 : 0;
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    return h ^ (h >> 32);
}

/* The peer index and records are looked up at random, once per session:
 * tables of a few MB and more are mapped on their own, aligned to 2 MB
 * and offered huge pages (MADV_HUGEPAGE), which spares the lookups most
 * of their TLB misses (measured: about a tenth of the time of postlint
 * log on the bench log, on a virtual machine). Smaller ones, or when
 * mapping fails, come from malloc. Zeroed either way. */
#define HUGE_PAGE ((size_t) 2 << 20)

static size_t table_span(size_t bytes)
{
    return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

static void *table_alloc(size_t bytes, bool *mapped)
{
    *mapped = false;
#ifdef MADV_HUGEPAGE
    if (bytes >= HUGE_PAGE) {
        size_t span = table_span(bytes);
        char *m = mmap(NULL, span + HUGE_PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

        if (m != MAP_FAILED) {
            char *at = (char *) (((uintptr_t) m + HUGE_PAGE - 1)
                                 & ~(uintptr_t) (HUGE_PAGE - 1));

            if (at > m)
                munmap(m, (size_t) (at - m));
            munmap(at + span, (size_t) (m + HUGE_PAGE - at));
            madvise(at, span, MADV_HUGEPAGE);
            *mapped = true;
            return at;
        }
    }
#endif
    return xcalloc(1, bytes);
}

static void table_free(void *p, size_t bytes, bool mapped)
{
    if (mapped)
        munmap(p, table_span(bytes));
    else
        free(p);
}

/* The hashes are seeded at random, once per run: whoever can write to
 * syslog chooses the pids, program names and addresses a log holds, and
 * with fixed hashes could make them all land in one bucket (16,000 pids
 * in one bucket took a 1M-line log from 0.18 s to 24 s). Results never
 * depend on the hash values: records are matched on the bytes. */
static struct {
    uint64_t peer[2], program;
    uint64_t pid_mult;          /* odd */
} seed;

static void seed_hashes(void)
{
    uint64_t r[4];

    if (seed.pid_mult)
        return;
    if (getrandom(r, sizeof(r), 0) != (ssize_t) sizeof(r)) {
        uint64_t t = (uint64_t) time(NULL) ^ (uint64_t) getpid() << 32
            ^ (uint64_t) (uintptr_t) &r;

        for (int i = 0; i < 4; i++)
            r[i] = t = (t ^ (t >> 31)) * 0x9e3779b97f4a7c15ULL + (uint64_t) i;
    }
    seed.peer[0] = r[0];
    seed.peer[1] = r[1];
    seed.program = r[2];
    seed.pid_mult = r[3] | 1;
}

log_stats *log_stats_new(void)
{
    log_stats *s = xcalloc(1, sizeof(*s));

    seed_hashes();
    s->n_slots = 1024;
    s->slots = xcalloc(s->n_slots, sizeof(uint64_t));
    s->conns = xcalloc(1, sizeof(*s->conns));
    s->conns->never_used = 1;   /* conn[] grows as processes come */
    return s;
}

void log_stats_free(log_stats *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_peers; i++)
        free(s->peers[i].name);
    for (uint32_t i = 1; i < s->conns->never_used; i++)
        free(s->conns->conn[i].raw_heap);
    table_free(s->peers, s->cap_peers * sizeof(log_peer), s->peers_mapped);
    table_free(s->slots, s->n_slots * sizeof(uint64_t), s->slots_mapped);
    free(s->networks);
    free(s->network_slots);
    free(s->conns->conn);
    free(s->conns);
    free(s);
}

static uint64_t peer_hash(const char *addr, size_t n, bool client)
{
    return hash_bytes(addr, n, seed.peer[client]);
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
    table_free(s->slots, s->n_slots * sizeof(uint64_t), s->slots_mapped);
    s->n_slots *= 2;
    s->slots = table_alloc(s->n_slots * sizeof(uint64_t), &s->slots_mapped);
    for (size_t i = 0; i < s->n_peers; i++)
        slot_put(s, peer_hash(s->peers[i].addr, strlen(s->peers[i].addr),
                              s->peers[i].client), i);
}

/* ---- the memory bound: peers given up, counted by network ----------- */

/* "192.0.2.0/24" for an IPv4 address, "2001:db8::/64" for IPv6, else
 * "other" (a name, "unknown"). */
static void network_of(const char *addr, char *out, size_t size)
{
    unsigned char a[16];
    char text[INET6_ADDRSTRLEN];

    if (inet_pton(AF_INET, addr, a) == 1) {
        snprintf(out, size, "%u.%u.%u.0/24", a[0], a[1], a[2]);
    } else if (inet_pton(AF_INET6, addr, a) == 1) {
        memset(a + 8, 0, 8);
        inet_ntop(AF_INET6, a, text, sizeof(text));
        snprintf(out, size, "%s/64", text);
    } else {
        snprintf(out, size, "other");
    }
}

static log_network *network_get(log_stats *s, const char *prefix,
                                bool client)
{
    uint64_t h = hash_bytes(prefix, strlen(prefix), seed.peer[client]);
    size_t mask = 2 * LOG_NETWORKS_MAX - 1, j;
    log_network *nw;

    if (s->network_slots == NULL) {
        s->network_slots = xcalloc(mask + 1, sizeof(uint64_t));
        s->networks = xcalloc(LOG_NETWORKS_MAX + 2, sizeof(log_network));
        s->cap_networks = LOG_NETWORKS_MAX + 2;
    }
    for (j = h & mask; s->network_slots[j]; j = (j + 1) & mask) {
        nw = &s->networks[s->network_slots[j] - 1];
        if (nw->client == client && str_eq(nw->prefix, prefix))
            return nw;
    }
    /* Full: the rest of this side together, under "other". */
    if (s->n_networks >= LOG_NETWORKS_MAX && !str_eq(prefix, "other"))
        return network_get(s, "other", client);
    nw = &s->networks[s->n_networks];
    snprintf(nw->prefix, sizeof(nw->prefix), "%s", prefix);
    nw->client = client;
    s->network_slots[j] = ++s->n_networks;
    return nw;
}

/* Count peer p in its network's total. */
static void network_add(log_stats *s, const log_peer *p)
{
    char prefix[64];
    log_network *nw;

    network_of(p->addr, prefix, sizeof(prefix));
    nw = network_get(s, prefix, p->client);
    nw->peers++;
    nw->fails += p->fails;
    if (!nw->first_fail.set || p->first_fail.when < nw->first_fail.when)
        nw->first_fail = p->first_fail;
    if (!nw->last_fail_at.set || p->last_fail_at.when > nw->last_fail_at.when)
        nw->last_fail_at = p->last_fail_at;
}

/* Take record i's slot out of the index (linear probing: the entries
 * after it move back where their hash allows, so no search ends early). */
static void slot_remove(log_stats *s, size_t i)
{
    size_t mask = s->n_slots - 1, j, k;
    const log_peer *p = &s->peers[i];

    j = peer_hash(p->addr, strlen(p->addr), p->client) & mask;
    while ((s->slots[j] & 0xffffffffu) != i + 1)
        j = (j + 1) & mask;
    s->slots[j] = 0;
    for (k = (j + 1) & mask; s->slots[k]; k = (k + 1) & mask) {
        const log_peer *q = &s->peers[(s->slots[k] & 0xffffffffu) - 1];
        size_t home = peer_hash(q->addr, strlen(q->addr), q->client) & mask;

        /* Move back unless home lies cyclically in (j, k]. */
        if (j < k ? (home <= j || home > k) : (home <= j && home > k)) {
            s->slots[j] = s->slots[k];
            s->slots[k] = 0;
            j = k;
        }
    }
}

/* The least important of a few records picked at random: fewest
 * failures, then the longest since its last failure. */
static size_t pick_victim(log_stats *s)
{
    size_t best = SIZE_MAX;

    for (int k = 0; k < 8; k++) {
        size_t i;

        s->rng ^= s->rng << 13;
        s->rng ^= s->rng >> 7;
        s->rng ^= s->rng << 17;
        i = (size_t) (s->rng % s->n_peers);
        if (best == SIZE_MAX || s->peers[i].fails < s->peers[best].fails
            || (s->peers[i].fails == s->peers[best].fails
                && s->peers[i].last_fail < s->peers[best].last_fail))
            best = i;
    }
    return best;
}

/* The table is full: a new peer takes the place of a less important one,
 * whose failures go to its network's total. */
static log_peer *peer_replace(log_stats *s, uint64_t h, const char *addr,
                              size_t n, const char *name, bool client)
{
    size_t i;
    log_peer *p;

    if (s->rng == 0)
        s->rng = seed.program | 1;
    i = pick_victim(s);
    p = &s->peers[i];
    network_add(s, p);
    slot_remove(s, i);
    free(p->name);
    memset(p, 0, sizeof(*p));
    p->used = true;
    p->client = client;
    p->reason = -1;
    copy_clean(p->addr, sizeof(p->addr), addr, n);
    p->name = xstrdup(name);
    slot_put(s, h, i);
    s->peer_inserts++;
    s->peer_evictions++;
    return p;
}

/* The record of one peer address on one side; made when insert is set
 * (a failure), else NULL for a peer that never failed. */
static log_peer *peer_get(log_stats *s, uint64_t h, const char *addr,
                          size_t n, const char *name, bool client,
                          bool insert)
{
    uint64_t tag;
    size_t j;
    log_peer *p;

    if (!insert && s->n_peers == 0)
        return NULL;
    tag = h >> 32 << 32;
    for (j = h & (s->n_slots - 1); s->slots[j]; j = (j + 1) & (s->n_slots - 1)) {
        if ((s->slots[j] >> 32 << 32) != tag)
            continue;
        p = &s->peers[(s->slots[j] & 0xffffffffu) - 1];
        if (p->client == client && n < sizeof(p->addr)
            && p->addr[n] == '\0' && bytes_equal(p->addr, addr, n))
            return p;
    }
    if (!insert)
        return NULL;
    if (s->n_peers == LOG_PEERS_MAX)
        return peer_replace(s, h, addr, n, name, client);
    if (s->n_peers == s->cap_peers) {
        size_t cap = s->cap_peers ? 2 * s->cap_peers : 64;
        bool mapped;
        log_peer *grown = table_alloc(cap * sizeof(log_peer), &mapped);

        if (s->n_peers)
            memcpy(grown, s->peers, s->n_peers * sizeof(log_peer));
        table_free(s->peers, s->cap_peers * sizeof(log_peer),
                   s->peers_mapped);
        s->peers_mapped = mapped;
        s->peers = grown;
        s->cap_peers = cap;
    }
    p = &s->peers[s->n_peers];
    memset(p, 0, sizeof(*p));
    p->used = true;
    p->client = client;
    p->reason = -1;
    copy_clean(p->addr, sizeof(p->addr), addr, n);
    p->name = xstrdup(name);
    slot_put(s, h, s->n_peers++);
    s->peer_inserts++;
    if (2 * s->n_peers > s->n_slots)
        slots_grow(s);
    return p;
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
    if (!addr[0]) {
        if (r >= 0)
            s->reasons[r].no_peer++;
        return;
    }
    p = peer_get(s, peer_hash(addr, strlen(addr), client), addr,
                 strlen(addr), name, client, true);
    /* Each reason counts the distinct peers that failed with it, not
     * only those whose first failure it was. */
    if (r >= 0 && !(p->reasons_seen[r / 64] & (UINT64_C(1) << (r % 64)))) {
        p->reasons_seen[r / 64] |= UINT64_C(1) << (r % 64);
        s->reasons[r].peers++;
    }
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

static uint32_t program_hash(const char *p, size_t n)
{
    return (uint32_t) hash_bytes(p, n, seed.program);
}

/* Multiply-shift with a random odd multiplier: no pids chosen without
 * knowing it collide more than by chance. */
static uint32_t conn_bucket(long pid, uint32_t prog)
{
    return (uint32_t) ((((uint64_t) pid ^ (uint64_t) prog << 32)
                        * seed.pid_mult) >> 40) & (CONN_BUCKETS - 1);
}

/* Unlink conn i from the list by last use. */
static void lru_unlink(struct log_conns *t, uint32_t i)
{
    log_conn *c = &t->conn[i];

    if (c->newer)
        t->conn[c->newer].older = c->older;
    else
        t->newest = c->older;
    if (c->older)
        t->conn[c->older].newer = c->newer;
    else
        t->oldest = c->newer;
    c->newer = c->older = 0;
}

static void lru_push_newest(struct log_conns *t, uint32_t i)
{
    t->conn[i].older = t->newest;
    t->conn[i].newer = 0;
    if (t->newest)
        t->conn[t->newest].newer = i;
    t->newest = i;
    if (!t->oldest)
        t->oldest = i;
}

/* Forget conn i (its state must be settled): out of its bucket and
 * the list by last use, its name copy freed. */
static void conn_forget(struct log_conns *t, uint32_t i)
{
    uint32_t *link = &t->bucket[conn_bucket(t->conn[i].pid,
                                            t->conn[i].prog)];

    while (*link != i)
        link = &t->conn[*link].chain;
    *link = t->conn[i].chain;
    lru_unlink(t, i);
    free(t->conn[i].raw_heap);
}

/* A fresh conn: never used, or the least recently used one forgotten. */
static uint32_t conn_take(log_stats *s)
{
    struct log_conns *t = s->conns;
    uint32_t i;

    if (t->never_used <= CONN_MAX) {
        if (t->never_used >= t->cap)
            t->conn = grow_array(t->conn, &t->cap, t->never_used + 1,
                                 sizeof(log_conn));
        i = t->never_used++;
    } else {
        i = t->oldest;
        settle(s, &t->conn[i]);
        conn_forget(t, i);
    }
    memset(&t->conn[i], 0, sizeof(t->conn[i]));
    return i;
}

/* The program name of c as logged (not a pointer kept in c: the table
 * moves when it grows). */
static const char *conn_raw(const log_conn *c)
{
    return c->prog_len <= sizeof(c->raw_in) ? c->raw_in : c->raw_heap;
}

/* Is c the process of d? Program names are compared whole, as logged. */
static bool same_process(const log_conn *c, const log_digest *d)
{
    return c->pid == d->pid && c->prog == d->prog_hash
        && c->prog_len == d->program_len
        && bytes_equal(conn_raw(c), d->program, d->program_len);
}

/* The state of the process that logged d, made if new. */
static log_conn *conn_of(log_stats *s, const log_digest *d)
{
    struct log_conns *t = s->conns;
    uint32_t b = conn_bucket(d->pid, d->prog_hash), i;
    log_conn *c;

    if ((i = t->newest) != 0 && same_process(&t->conn[i], d))
        return &t->conn[i];     /* a session's lines come together */
    for (i = t->bucket[b]; i; i = t->conn[i].chain) {
        c = &t->conn[i];
        if (same_process(c, d)) {
            if (t->newest != i) {
                lru_unlink(t, i);
                lru_push_newest(t, i);
            }
            return c;
        }
    }
    i = conn_take(s);
    c = &t->conn[i];
    c->pid = d->pid;
    c->prog = d->prog_hash;
    c->prog_len = d->program_len;
    copy_clean(c->program, sizeof(c->program), d->program, d->program_len);
    if (d->program_len > sizeof(c->raw_in))
        c->raw_heap = xmalloc(d->program_len);
    memcpy((char *) conn_raw(c), d->program, d->program_len);
    c->chain = t->bucket[b];
    t->bucket[b] = i;
    lru_push_newest(t, i);
    return c;
}

/* Is the connection's kept peer address the one of d? */
static bool same_peer(const log_conn *c, const log_digest *d)
{
    return c->client == d->client && c->addr_len == d->addr_len
        && bytes_equal(c->addr, d->addr, d->addr_len);
}

/* The connection's peer address (the name is copied only when a
 * handshake fails: copying it for every session costs time). */
static void conn_peer(log_conn *c, const log_digest *d)
{
    if (same_peer(c, d))
        return;
    copy_clean(c->addr, sizeof(c->addr), d->addr, d->addr_len);
    c->addr_len = d->addr_len < sizeof(c->addr) ? d->addr_len : 0;
    if (memcmp(c->addr, d->addr, c->addr_len) != 0)
        c->addr_len = 0;        /* cleaned: compare by lookup, not here */
    c->client = d->client;
    c->peer_known = false;
}

/* The record of d's peer if it ever failed. */
static log_peer *peer_of(log_stats *s, const log_digest *d)
{
    if (d->addr_len >= LOG_ADDR_MAX)
        return NULL;
    return peer_get(s, d->peer_hash, d->addr, d->addr_len, NULL, d->client,
                    false);
}

/* The same through the connection's cache when d names the connection's
 * peer: a session's lines look the peer up once. */
static log_peer *session_peer(log_stats *s, log_conn *c, const log_digest *d)
{
    log_peer *p;

    if (!same_peer(c, d))
        return peer_of(s, d);
    if (c->peer_known && (c->peer ? c->evictions_then == s->peer_evictions
                          : c->inserts_then == s->peer_inserts))
        return c->peer ? &s->peers[c->peer - 1] : NULL;
    p = peer_of(s, d);
    c->peer_known = true;
    c->peer = p ? (uint32_t) (p - s->peers) + 1 : 0;
    c->inserts_then = s->peer_inserts;
    c->evictions_then = s->peer_evictions;
    return p;
}

/* Does the NUL-terminated kept equal the log string s (which may hold
 * NUL bytes, and be longer than kept's buffer)? */
static bool same_str(const char *kept, const log_str *s)
{
    return strnlen(kept, s->n + 1) == s->n && memcmp(kept, s->p, s->n) == 0;
}

/* The row of a protocol and cipher in a table of n rows (cap at most),
 * added if new. The last two rows are kept for the pairs that do not
 * fit, one per side, under a name no log word can have (words hold no
 * spaces), so the counts do not depend on the order pairs come in. */
static size_t pair_row(log_pair *pairs, size_t *n, size_t cap,
                       const char *protocol, const char *cipher, bool client)
{
    size_t i;

    for (i = 0; i < *n; i++)
        if (pairs[i].client == client && str_eq(pairs[i].protocol, protocol)
            && str_eq(pairs[i].cipher, cipher))
            return i;
    if (*n >= cap - 2 && !str_eq(cipher, LOG_OTHER_CIPHERS))
        return pair_row(pairs, n, cap, LOG_OTHER_PROTOCOL, LOG_OTHER_CIPHERS,
                        client);
    memset(&pairs[*n], 0, sizeof(pairs[*n]));
    snprintf(pairs[*n].protocol, sizeof(pairs[*n].protocol), "%s", protocol);
    snprintf(pairs[*n].cipher, sizeof(pairs[*n].cipher), "%s", cipher);
    pairs[*n].client = client;
    return (*n)++;
}

#define PAIR_CAP (sizeof(((log_stats *) 0)->pairs) / sizeof(log_pair))

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

static void on_tls_error(log_stats *s, log_conn *c, const log_digest *d,
                         const log_event *ev, uint64_t seq)
{
    settle(s, c);
    conn_peer(c, d);
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

/* The events every session has: connect, TLS, mail, disconnect. */
static void on_session_event(log_stats *s, log_conn *c, const log_digest *d,
                             uint64_t seq)
{
    log_peer *p;

    switch (d->kind) {
    case EV_CONNECT:
        settle(s, c);
        conn_peer(c, d);
        c->tls_ok = false;
        if ((p = session_peer(s, c, d)) != NULL)
            p->connects++;
        break;
    case EV_TLS_OK:
        settle(s, c);           /* an earlier handshake of this process */
        conn_peer(c, d);
        c->tls_ok = true;
        if ((p = session_peer(s, c, d)) != NULL)
            p->tls_ok++, p->last_tls = seq;
        break;
    case EV_DELIVERY:
        if ((p = session_peer(s, c, d)) == NULL)
            break;
        if (c->tls_ok && same_peer(c, d))   /* p is d's peer */
            p->tls_mail++, p->last_tls = seq;
        else
            p->plain_mail++, p->last_plain = seq;
        break;
    case EV_DISCONNECT:         /* the session's state ends here */
        settle(s, c);
        c->tls_ok = false;
        c->addr[0] = '\0';
        c->addr_len = 0;
        c->peer_known = false;
        break;
    default:
        break;
    }
}

/* The rarer events, which need the whole event. */
static void on_other_event(log_stats *s, log_conn *c, const log_digest *d,
                           const log_event *ev, uint64_t seq)
{
    char reason[LOG_REASON_MAX];

    switch (d->kind) {
    case EV_TLS_OK:         /* a pair the block's tally had no room for */
    {
        char protocol[16], cipher[64];

        COPY(protocol, ev->protocol);
        COPY(cipher, ev->cipher);
        s->pairs[pair_row(s->pairs, &s->n_pairs, PAIR_CAP, protocol, cipher,
                          ev->client)].count++;
        on_session_event(s, c, d, seq);
        break;
    }
    case EV_TLS_ERROR:
        on_tls_error(s, c, d, ev, seq);
        break;
    case EV_TLS_LIBRARY:
        if (c->pending && !c->reason[0])
            COPY(c->reason, ev->reason);
        break;
    case EV_LOST_STARTTLS:
        if (c->pending)
            settle(s, c);
        else if (!c->tls_ok)
            on_stated_failure(s, c, ev, LOST_REASON, seq);
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
        on_session_event(s, c, d, seq);
        break;
    }
}

void log_stats_fold(log_stats *s, const log_digest *d, const log_event *ev,
                    uint64_t seq)
{
    log_conn *c = conn_of(s, d);

    if (ev)
        on_other_event(s, c, d, ev, seq);
    else
        on_session_event(s, c, d, seq);
}

/* A block's tally: in block order, so the pairs table gets new rows in
 * the order of their first sessions, as if counted line by line. */
void log_stats_fold_tally(log_stats *s, const log_tally *t)
{
    s->events += t->events;
    if (t->first_seen.set) {
        if (!s->first_seen.set)
            s->first_seen = t->first_seen;
        s->last_seen = t->last_seen;
    }
    for (size_t i = 0; i < t->n_pairs; i++)
        s->pairs[pair_row(s->pairs, &s->n_pairs, PAIR_CAP,
                          t->pairs[i].protocol, t->pairs[i].cipher,
                          t->pairs[i].client)].count += t->pairs[i].count;
    for (int side = 0; side < 2; side++)
        for (int k = 0; k < 5; k++)
            s->trust[side][k] += t->trust[side][k];
}

void log_tally_reset(log_tally *t)
{
    t->events = 0;
    t->first_seen.set = false;
    t->n_pairs = 0;
    memset(t->trust, 0, sizeof(t->trust));
}

/* The trust word's index in trust_words, or -1 (the first letter and
 * the length pick the candidate). */
static int trust_index(const log_str *w)
{
    int k;

    switch (w->n ? w->p[0] : 0) {
    case 'A': k = 0; break;
    case 'U': k = w->n == 9 ? 1 : 4; break;
    case 'T': k = 2; break;
    case 'V': k = 3; break;
    default: return -1;
    }
    return w->n == strlen(trust_words[k])
        && bytes_equal(w->p, trust_words[k], w->n) ? k : -1;
}

/* Count a session's pair in the tally; false when the tally is full and
 * the pair is not in it (the fold counts it then, in order). */
static bool tally_pair(log_tally *t, const log_event *ev)
{
    char protocol[16], cipher[64];
    size_t i;

    for (i = 0; i < t->n_pairs; i++)
        if (t->protocol_len[i] == ev->protocol.n
            && t->cipher_len[i] == ev->cipher.n
            && t->pairs[i].client == ev->client
            && bytes_equal(t->pairs[i].cipher, ev->cipher.p, ev->cipher.n)
            && bytes_equal(t->pairs[i].protocol, ev->protocol.p,
                           ev->protocol.n)) {
            t->pairs[i].count++;
            return true;
        }
    if (t->n_pairs == sizeof(t->pairs) / sizeof(t->pairs[0]))
        return false;
    COPY(protocol, ev->protocol);
    COPY(cipher, ev->cipher);
    i = pair_row(t->pairs, &t->n_pairs, SIZE_MAX, protocol, cipher,
                 ev->client);
    t->pairs[i].count++;
    /* the lengths of the raw words when they were kept as they are, so
     * the quick compare above can match them; else no raw word matches */
    t->protocol_len[i] = same_str(protocol, &ev->protocol)
        ? ev->protocol.n : SIZE_MAX;
    t->cipher_len[i] = same_str(cipher, &ev->cipher)
        ? ev->cipher.n : SIZE_MAX;
    return true;
}

bool log_digest_event(log_tally *t, const log_event *ev, log_digest *d)
{
    bool whole;

    t->events++;
    if (ev->when || ev->has_year) {
        log_time at = time_of(ev);

        seen(&t->first_seen, &t->last_seen, at);
    }
    d->kind = (uint8_t) ev->kind;
    d->client = ev->client;
    d->pid = ev->pid;
    d->program = ev->program.p;
    d->program_len = (uint32_t) ev->program.n;
    d->prog_hash = program_hash(ev->program.p, ev->program.n);
    d->addr = ev->peer_addr.p;
    d->addr_len = (uint8_t) ev->peer_addr.n;   /* peer() keeps it < 64 */
    d->peer_hash = peer_hash(ev->peer_addr.p, ev->peer_addr.n, ev->client);
    switch (ev->kind) {
    case EV_TLS_OK:
    {
        int k = trust_index(&ev->trust);

        if (k >= 0)
            t->trust[ev->client][k]++;
        whole = !tally_pair(t, ev);
        break;
    }
    case EV_CONNECT:
    case EV_DISCONNECT:
    case EV_DELIVERY:
        whole = false;
        break;
    default:
        whole = true;
        break;
    }
    return whole;
}

void log_stats_add(log_stats *s, const log_event *ev, uint64_t seq)
{
    log_tally t;
    log_digest d;
    bool whole;

    log_tally_reset(&t);
    whole = log_digest_event(&t, ev, &d);
    log_stats_fold_tally(s, &t);
    log_stats_fold(s, &d, whole ? ev : NULL, seq);
}

void log_stats_finish(log_stats *s)
{
    for (uint32_t i = s->conns->oldest; i; i = s->conns->conn[i].newer)
        settle(s, &s->conns->conn[i]);
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

static int networks_by_failures(const void *a, const void *b)
{
    const log_network *x = *(const log_network *const *) a;
    const log_network *y = *(const log_network *const *) b;

    if (x->fails != y->fails)
        return x->fails > y->fails ? -1 : 1;
    if (x->client != y->client)
        return x->client ? 1 : -1;
    return strcmp(x->prefix, y->prefix);
}

const log_network **log_failing_networks(const log_stats *s, size_t *n)
{
    const log_network **v = xcalloc(s->n_networks + 1, sizeof(*v));

    for (*n = 0; *n < s->n_networks; ++*n)
        v[*n] = &s->networks[*n];
    qsort(v, *n, sizeof(*v), networks_by_failures);
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

/* Prefetch hints, two stages apart: first the index slot of the peer
 * and the bucket of the process, then (once those are in the cache) the
 * records they point to. */
void log_stats_prefetch(const log_stats *s, const log_digest *d)
{
    __builtin_prefetch(&s->slots[d->peer_hash & (s->n_slots - 1)]);
    __builtin_prefetch(&s->conns->bucket[conn_bucket(d->pid, d->prog_hash)]);
}

void log_stats_prefetch_more(const log_stats *s, const log_digest *d)
{
    uint64_t slot = s->slots[d->peer_hash & (s->n_slots - 1)];
    uint32_t i = s->conns->bucket[conn_bucket(d->pid, d->prog_hash)];

    if (slot && (slot >> 32 << 32) == (d->peer_hash >> 32 << 32))
        __builtin_prefetch(&s->peers[(slot & 0xffffffffu) - 1]);
    if (i)
        __builtin_prefetch(&s->conns->conn[i]);
}
