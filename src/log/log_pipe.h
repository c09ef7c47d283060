/*
 * log_pipe.h - read a mail log on one or more threads: each takes the
 * next block of lines, parses it, and folds its events into the stats
 * when its turn comes, so the events are folded in line order.
 */
#ifndef POSTLINT_LOG_PIPE_H
#define POSTLINT_LOG_PIPE_H

#include "log_read.h"
#include "log_stats.h"

/* Threads `postlint log` may use: the online CPUs, at most 2; 1 when
 * the environment sets POSTLINT_LOG_THREADS=1 (tests compare the two). */
int log_pipe_threads(void);

/* Read every line of r into s on `threads` threads (the caller's among
 * them), as one thread would: the same events folded in the same order
 * with the same sequence numbers (*seq counts lines across files). */
void log_pipe_read(log_reader *r, log_stats *s, uint64_t *seq, int threads);

#endif
