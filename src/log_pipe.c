/*
 * log_pipe.c - a mapped mail log read by two threads.
 *
 * Interface: see log_pipe.h. No diagnostics (a thread that cannot be
 * started makes log_pipe_read return false; the caller reads the file
 * on one thread instead).
 *
 * The work per line splits in two: cutting and parsing the line
 * (log_parse_line, a pure function), and folding the event into the
 * per-process and per-peer state (log_stats_add, which depends on the
 * order of lines). So the started thread cuts lines, parses them and
 * hands events over in batches through a small ring; the calling thread
 * takes the batches in order and adds them. Cutting and parsing is the
 * larger half, so every DEFER-th line that passes the quick test is
 * handed over unparsed and the taker parses it (about balancing the two
 * threads on the bench log). The output is the same as on one thread by
 * construction: the same parse of the same lines, folded in the same
 * order with the same sequence numbers.
 *
 * The events point into the mapped file, which stays valid until a
 * batch is done; then the pages behind it are released
 * (log_reader_release), so memory is the ring (RING batches of BATCH
 * events) and a few MB of mapping, whatever the file's size. A batch is
 * handed over when full or when it covers BATCH_SPAN bytes of log, so a
 * stretch without events does not hold its pages either. BATCH and RING
 * were tried at 64..2048 and 4..16: smaller batches cost more CPU in
 * hand-overs, larger ones gained nothing.
 */
#include "log_pipe.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define BATCH 512
#define RING 8
#define BATCH_SPAN (1024 * 1024)    /* bytes of log a batch may cover */
#define DEFER 8         /* every 8th candidate line is parsed by the taker */

typedef struct batch {
    log_event ev[BATCH];
    uint64_t seq[BATCH];
    const char *raw[BATCH];     /* non-NULL: a line left to the taker */
    size_t raw_len[BATCH];
    size_t n;
    const char *end;            /* past the last line parsed */
} batch;

typedef struct pipe_state {
    log_reader *r;
    batch *ring;
    size_t head, tail;          /* batches filled, batches taken */
    bool done;                  /* the parser has no more batches */
    uint64_t lines;             /* lines the parser read */
    pthread_mutex_t lock;
    pthread_cond_t filled, freed;
} pipe_state;

int log_pipe_threads(void)
{
    const char *env = getenv("POSTLINT_LOG_THREADS");
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (env && str_eq(env, "1"))
        return 1;
    return n >= 2 ? 2 : 1;
}

/* Wait for a free batch (the parser's side). */
static batch *take_free(pipe_state *p)
{
    batch *b;

    pthread_mutex_lock(&p->lock);
    while (p->head - p->tail == RING)
        pthread_cond_wait(&p->freed, &p->lock);
    b = &p->ring[p->head % RING];
    pthread_mutex_unlock(&p->lock);
    b->n = 0;
    return b;
}

static void hand_over(pipe_state *p, bool last)
{
    pthread_mutex_lock(&p->lock);
    if (last)
        p->done = true;
    else
        p->head++;
    pthread_cond_signal(&p->filled);
    pthread_mutex_unlock(&p->lock);
}

/* The parser thread: lines to batches of events. */
static void *parser(void *arg)
{
    pipe_state *p = arg;
    batch *b = take_free(p);
    const char *line = NULL, *start = NULL;
    size_t len = 0;
    uint64_t seq = 0;
    unsigned turn = 0;

    while (log_reader_next(p->r, &line, &len)) {
        seq++;
        if (start == NULL)
            start = line;
        if (!log_parse_may_match(line, len))
            continue;
        b->raw[b->n] = ++turn % DEFER == 0 ? line : NULL;
        b->raw_len[b->n] = len;
        if (b->raw[b->n] || log_parse_line(line, len, &b->ev[b->n]))
            b->seq[b->n++] = seq;
        if (b->n == BATCH || (size_t) (line - start) > BATCH_SPAN) {
            b->end = line + len;
            hand_over(p, false);
            b = take_free(p);
            start = NULL;
        }
    }
    if (start != NULL) {
        b->end = line + len;
        hand_over(p, false);
    }
    p->lines = seq;
    hand_over(p, true);
    return NULL;
}

/* The next filled batch, or NULL when there are no more. */
static batch *take_filled(pipe_state *p)
{
    batch *b = NULL;

    pthread_mutex_lock(&p->lock);
    while (p->tail == p->head && !p->done)
        pthread_cond_wait(&p->filled, &p->lock);
    if (p->tail != p->head)
        b = &p->ring[p->tail % RING];
    pthread_mutex_unlock(&p->lock);
    return b;
}

static void give_back(pipe_state *p)
{
    pthread_mutex_lock(&p->lock);
    p->tail++;
    pthread_cond_signal(&p->freed);
    pthread_mutex_unlock(&p->lock);
}

bool log_pipe_read(log_reader *r, log_stats *s, uint64_t *seq)
{
    pipe_state p = {.r = r};
    pthread_t thread;
    batch *b;
    bool ok;

    p.ring = xmalloc(RING * sizeof(batch));
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.filled, NULL);
    pthread_cond_init(&p.freed, NULL);
    ok = pthread_create(&thread, NULL, parser, &p) == 0;
    while (ok && (b = take_filled(&p)) != NULL) {
        for (size_t i = 0; i < b->n; i++)
            if (b->raw[i] == NULL
                || log_parse_line(b->raw[i], b->raw_len[i], &b->ev[i]))
                log_stats_add(s, &b->ev[i], *seq + b->seq[i]);
        log_reader_release(r, b->end);
        give_back(&p);
    }
    if (ok) {
        pthread_join(thread, NULL);
        *seq += p.lines;
        s->lines += p.lines;
    }
    pthread_cond_destroy(&p.freed);
    pthread_cond_destroy(&p.filled);
    pthread_mutex_destroy(&p.lock);
    free(p.ring);
    return ok;
}
