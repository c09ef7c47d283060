/*
 * log_pipe.c - a mail log read block by block on one or more threads.
 *
 * Interface: see log_pipe.h. No diagnostics (a thread that cannot be
 * started just leaves the work to the others; the caller's thread is
 * always one of the workers).
 *
 * The work per line splits in two: parsing the line into a digest
 * (log_parse_line and log_digest_event, pure functions; order-free counts
 * go to the block's tally) and folding the digest into the per-process
 * and per-peer state (log_stats_fold, which depends on the order of
 * lines). Each worker loops: take the next block of the file
 * (log_reader_block, one worker at a time, which numbers the blocks),
 * parse all its lines into digests, wait until the block before it has
 * been folded, fold its tally and digests, and let the next one go.
 * Parsing, the larger half, runs on all workers at once; folding runs in
 * block order, each block's while the other workers parse. The output is
 * the one-thread output by
 * construction: the same parse of the same lines, folded in the same
 * order with the same sequence numbers.
 *
 * Memory: per worker one block buffer (LOG_BLOCK_SIZE) and the events of
 * one block, whatever the size of the file.
 */
#include "log_pipe.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_THREADS 2
#define AHEAD 8             /* events between a peer's prefetch and use */

typedef struct pipe_state {
    log_reader *r;
    log_stats *s;
    uint64_t *seq;
    pthread_mutex_t read_lock;  /* taking the next block */
    uint64_t blocks_taken;
    pthread_mutex_t fold_lock;  /* whose turn it is to fold */
    pthread_cond_t folded_cond;
    uint64_t blocks_folded;
} pipe_state;

typedef struct worker {
    pipe_state *p;
    char *buf;
    log_digest *dg;             /* the block's events, digested */
    size_t n_dg, cap_dg;
    log_event *whole;           /* the events the fold needs whole */
    size_t n_whole, cap_whole;
    log_tally tally;            /* the block's order-free counts */
    uint64_t lines, long_lines;
} worker;

int log_pipe_threads(void)
{
    const char *env = getenv("POSTLINT_LOG_THREADS");
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (env && str_eq(env, "1"))
        return 1;
    return n >= MAX_THREADS ? MAX_THREADS : 1;
}

/* The next block into w->buf and its number; false at the end. */
static bool take_block(worker *w, size_t *len, uint64_t *number)
{
    bool got;

    pthread_mutex_lock(&w->p->read_lock);
    got = log_reader_block(w->p->r, w->buf, len);
    if (got)
        *number = w->p->blocks_taken++;
    pthread_mutex_unlock(&w->p->read_lock);
    return got;
}

/* One line of the block: an event or nothing. */
static inline __attribute__((always_inline)) void
parse_one(worker *w, const char *line, size_t n)
{
    log_event ev;
    log_digest *d;

    if (n > LOG_LINE_MAX) {
        w->long_lines++;
        return;
    }
    w->lines++;
    if (!log_parse_line(line, n, &ev))
        return;
    if (w->n_dg == w->cap_dg)
        w->dg = grow_array(w->dg, &w->cap_dg, w->n_dg + 1, sizeof(*w->dg));
    d = &w->dg[w->n_dg++];
    d->line = (uint32_t) w->lines;
    d->whole = 0;
    if (log_digest_event(&w->tally, &ev, d)) {
        if (w->n_whole == w->cap_whole)
            w->whole = grow_array(w->whole, &w->cap_whole, w->n_whole + 1,
                                  sizeof(*w->whole));
        w->whole[w->n_whole++] = ev;
        d->whole = (uint32_t) w->n_whole;
    }
}

/* The lines from at to end, cut by log_block_line (which skips and
 * counts the long ones). */
static inline __attribute__((always_inline)) void
parse_rest(worker *w, const char *at, const char *end)
{
    const char *line;
    size_t n;

    while (log_block_line(&at, end, &line, &n, &w->long_lines))
        parse_one(w, line, n);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_SCAN 1

/* The same with AVX2: the newlines of 64 bytes at a time as a bit mask,
 * so a line costs a few instructions instead of a memchr call (about an
 * eighth of the parse time on the bench log). */
__attribute__((target("avx2")))
static void parse_lines_avx2(worker *w, const char *p, const char *end)
{
    const __m256i nl = _mm256_set1_epi8('\n');
    const char *line = p;

    for (; end - p >= 64; p += 64) {
        __m256i lo = _mm256_loadu_si256((const __m256i *) p);
        __m256i hi = _mm256_loadu_si256((const __m256i *) (p + 32));
        uint64_t m = (uint32_t) _mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, nl))
            | (uint64_t) (uint32_t) _mm256_movemask_epi8(
                  _mm256_cmpeq_epi8(hi, nl)) << 32;

        while (m) {
            const char *at = p + __builtin_ctzll(m);

            m &= m - 1;
            parse_one(w, line, (size_t) (at - line));
            line = at + 1;
        }
    }
    parse_rest(w, line, end);
}
#endif

/* Every line of the block to events. */
static void parse_block(worker *w, size_t len)
{
    w->n_dg = 0;
    w->n_whole = 0;
    w->lines = 0;
    log_tally_reset(&w->tally);
#ifdef HAVE_AVX2_SCAN
    if (__builtin_cpu_supports("avx2")) {
        parse_lines_avx2(w, w->buf, w->buf + len);
        return;
    }
#endif
    parse_rest(w, w->buf, w->buf + len);
}

/* Fold the block's events once the blocks before it are folded. */
static void fold_block(worker *w, uint64_t number)
{
    pipe_state *p = w->p;

    pthread_mutex_lock(&p->fold_lock);
    while (p->blocks_folded != number)
        pthread_cond_wait(&p->folded_cond, &p->fold_lock);
    pthread_mutex_unlock(&p->fold_lock);
    log_stats_fold_tally(p->s, &w->tally);
    for (size_t i = 0; i < w->n_dg; i++) {
        const log_digest *d = &w->dg[i];

        if (i + 2 * AHEAD < w->n_dg)
            log_stats_prefetch(p->s, &w->dg[i + 2 * AHEAD]);
        if (i + AHEAD < w->n_dg)
            log_stats_prefetch_more(p->s, &w->dg[i + AHEAD]);
        log_stats_fold(p->s, d, d->whole ? &w->whole[d->whole - 1] : NULL,
                       *p->seq + d->line);
    }
    *p->seq += w->lines;
    p->s->lines += w->lines;
    pthread_mutex_lock(&p->fold_lock);
    p->blocks_folded++;
    pthread_cond_broadcast(&p->folded_cond);
    pthread_mutex_unlock(&p->fold_lock);
}

static void *work(void *arg)
{
    worker *w = arg;
    size_t len;
    uint64_t number;

    while (take_block(w, &len, &number)) {
        parse_block(w, len);
        fold_block(w, number);
    }
    return NULL;
}

void log_pipe_read(log_reader *r, log_stats *s, uint64_t *seq, int threads)
{
    pipe_state p = {.r = r, .s = s, .seq = seq};
    worker w[MAX_THREADS];
    pthread_t thread[MAX_THREADS];
    bool started[MAX_THREADS] = {false};

    if (threads < 1 || threads > MAX_THREADS)
        threads = 1;
    pthread_mutex_init(&p.read_lock, NULL);
    pthread_mutex_init(&p.fold_lock, NULL);
    pthread_cond_init(&p.folded_cond, NULL);
    for (int i = 0; i < threads; i++) {
        w[i] = (worker) {.p = &p};
        w[i].buf = xmalloc(LOG_BLOCK_SIZE);
    }
    for (int i = 1; i < threads; i++)
        started[i] = pthread_create(&thread[i], NULL, work, &w[i]) == 0;
    work(&w[0]);
    for (int i = 0; i < threads; i++) {
        if (started[i])
            pthread_join(thread[i], NULL);
        s->long_lines += w[i].long_lines;
        free(w[i].buf);
        free(w[i].dg);
        free(w[i].whole);
    }
    pthread_cond_destroy(&p.folded_cond);
    pthread_mutex_destroy(&p.fold_lock);
    pthread_mutex_destroy(&p.read_lock);
}
