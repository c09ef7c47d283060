/*
 * log_stats.h - what `postlint log` learns from a mail log: the events
 * folded into per-peer records and small tables (log_stats.c).
 *
 * Events (log_parse.h) go in one by one, in time order; the tables keep
 * a record per failing peer address, up to LOG_PEERS_MAX, then totals by
 * network, and a few bounded tables (the reasons, the protocol/cipher
 * pairs, the cipher lists logged): memory is bounded whatever the log
 * holds.
 */
#ifndef POSTLINT_LOG_STATS_H
#define POSTLINT_LOG_STATS_H

#include "log_parse.h"
#include "util.h"

#include <stdint.h>

#define LOG_STAMP_MAX 40
#define LOG_ADDR_MAX 48
#define LOG_REASON_MAX 96
#define LOG_TEXT_MAX 512

/* One handshake failure reason, per side and logging program. */
typedef struct log_reason {
    char text[LOG_REASON_MAX];
    bool client;                /* our smtp/lmtp client saw it */
    char program[48];           /* who logged it first: postfix/smtpd */
    uint64_t count;
    uint64_t peers;             /* distinct peers with this reason */
    uint64_t no_peer;           /* failures logged without a peer address */
} log_reason;

/* A time as parsed (log_parse.h), printed back by log_time_text. */
typedef struct log_time {
    int64_t when;
    bool has_year, set;
} log_time;

/* A peer that failed at least once: records are made on the first
 * failure, so memory follows the failing peers; what the peer does after
 * that (connects, TLS sessions, mail) is counted from then on. */
typedef struct log_peer {
    char addr[LOG_ADDR_MAX];
    char *name;                 /* as logged first ("unknown" kept) */
    bool client;                /* a server we sent to, not a sender */
    bool used;
    int reason;                 /* index of the first failure reason */
    uint64_t reasons_seen[2];   /* bit r: failed with reasons[r] */
    uint32_t fails, connects, tls_ok, plain_mail, tls_mail;
    uint64_t last_fail, last_plain, last_tls;   /* line sequence numbers */
    log_time first_fail, last_fail_at;
} log_peer;

/* Memory stays bounded whatever the log holds: at most LOG_PEERS_MAX
 * peers are kept exactly. Past that, a new failing peer takes the place
 * of the least important one (fewest failures, then the oldest last
 * failure, among a random sample), whose failures are then counted only
 * in the total of its network (IPv4 /24, IPv6 /64), at most
 * LOG_NETWORKS_MAX networks, and the rest together. With the JSON
 * report of all of them, under 50 MB. */
#define LOG_PEERS_MAX 50000
#define LOG_NETWORKS_MAX 16384

typedef struct log_network {
    char prefix[64];            /* "192.0.2.0/24", "2001:db8::/64",
                                 * "other" (not an address, or no room) */
    bool client;
    uint64_t peers, fails;
    log_time first_fail, last_fail_at;
} log_network;

/* The pairs table's last two rows, when there are more pairs than rows,
 * count all the rest of each side under this name (no log word has a
 * space). */
#define LOG_OTHER_PROTOCOL "other"
#define LOG_OTHER_CIPHERS "(other ciphers)"

typedef struct log_pair {       /* protocol + cipher, with the count */
    char protocol[16];
    char cipher[64];
    bool client;
    uint64_t count;
} log_pair;

typedef struct log_message {    /* "TLS cipher list", bad protocol lists */
    char text[LOG_TEXT_MAX];
    char program[48];
    bool bad_protocols;
    uint64_t count;
    log_time first_seen;
} log_message;

typedef struct log_stats {
    uint64_t lines, events, long_lines, files;
    log_peer *peers;            /* dense, in order of first failure */
    size_t n_peers, cap_peers;
    uint64_t *slots;            /* hash index: the hash's high 32 bits,
                                 * low 32 bits index + 1 */
    size_t n_slots;             /* a power of 2, at least 2 * n_peers */
    bool peers_mapped, slots_mapped;    /* mmap'd, not malloc'd */
    uint64_t peer_inserts;      /* records made (a generation count) */
    uint64_t peer_evictions;    /* records given up for a newer peer */
    log_network *networks;      /* the peers given up, by network */
    size_t n_networks, cap_networks;
    uint64_t *network_slots;    /* hash index of networks, like slots */
    uint64_t rng;               /* picks the sample of eviction victims */
    log_reason reasons[128];
    size_t n_reasons;
    uint64_t reasons_dropped;
    log_pair pairs[256];
    size_t n_pairs;
    uint64_t trust[2][5];       /* [client][Anonymous..Unverified] */
    log_message messages[32];
    size_t n_messages;
    log_time first_seen, last_seen;
    struct log_conns *conns;    /* per-process state (log_stats.c) */
} log_stats;

log_stats *log_stats_new(void);
void log_stats_free(log_stats *s);

/* Feed one event; seq numbers lines across all files, increasing. */
void log_stats_add(log_stats *s, const log_event *ev, uint64_t seq);

/* The fold, for a log read in blocks on several threads (log_pipe.c):
 * the parsing thread digests each event (log_digest_event: the little
 * the fold needs, hashes computed, and the order-free counts of the
 * block - sessions by protocol, cipher and trust - kept in the block's
 * tally); the folding thread then folds the tally and the digests in
 * line order. log_digest_event returns true when the fold needs the
 * whole event too (failures, messages, a pair the tally had no room
 * for), which must then stay valid until it is folded; the digest
 * points into the line either way. log_stats_add is the two steps at
 * once. */
typedef struct log_digest {
    const char *program;        /* into the line */
    const char *addr;
    uint64_t peer_hash;
    long pid;
    uint32_t program_len, prog_hash;
    uint32_t line, whole;       /* the caller's (log_pipe: the line in the
                                 * block, the whole event's index + 1) */
    uint8_t kind, client, addr_len;
} log_digest;

typedef struct log_tally {
    uint64_t events;
    log_time first_seen, last_seen;
    log_pair pairs[256];
    size_t protocol_len[256], cipher_len[256];  /* of the raw words */
    size_t n_pairs;
    uint64_t trust[2][5];
} log_tally;

void log_tally_reset(log_tally *t);
bool log_digest_event(log_tally *t, const log_event *ev, log_digest *d);
void log_stats_fold_tally(log_stats *s, const log_tally *t);
void log_stats_fold(log_stats *s, const log_digest *d, const log_event *ev,
                    uint64_t seq);

/* Hints that bring the index slots, then the records of the peer and
 * the process of an event to be folded soon into the cache: the tables
 * outgrow the caches on a busy log, and their lookups are what the fold
 * would wait for. They read the tables, so they belong to the folding
 * thread. */
void log_stats_prefetch(const log_stats *s, const log_digest *d);
void log_stats_prefetch_more(const log_stats *s, const log_digest *d);

/* End of input: settle handshake errors still waiting for a reason. */
void log_stats_finish(log_stats *s);

/* Peers with failures, sorted by failures (most first), then address;
 * *n gets the count. Free the array (not the peers) with free(). */
const log_peer **log_failing_peers(const log_stats *s, size_t *n);

/* The networks of the peers given up (memory bound), sorted the same
 * way; free the array with free(). */
const log_network **log_failing_networks(const log_stats *s, size_t *n);

/* "Nov 29 14:00:00" (no year known) or "2026-11-29T14:00:00Z". */
void log_time_text(const log_time *t, char buf[LOG_STAMP_MAX]);

/* "TLS later", "plaintext later", "gave up"; for servers we send to,
 * "TLS later" or "no TLS success since". */
const char *log_peer_outcome(const log_peer *p);

#endif
