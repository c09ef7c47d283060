/*
 * log_pipe.h - read a mapped mail log with two threads: one cuts and
 * parses lines, the other folds the events into the stats, in line order.
 */
#ifndef POSTLINT_LOG_PIPE_H
#define POSTLINT_LOG_PIPE_H

#include "log_read.h"
#include "log_report.h"

/* Threads `postlint log` may use: the online CPUs, at most 2; 1 when
 * the environment sets POSTLINT_LOG_THREADS=1 (tests compare the two). */
int log_pipe_threads(void);

/* Read every line of r (log_reader_mapped(r) must be true) into s, as
 * the one-thread loop would: the same events in the same order with the
 * same sequence numbers (*seq counts lines across files). false when the
 * second thread cannot be started (nothing was read then). */
bool log_pipe_read(log_reader *r, log_stats *s, uint64_t *seq);

#endif
