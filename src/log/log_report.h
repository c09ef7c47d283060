/*
 * log_report.h - the report of `postlint log`, as text and JSON, from
 * what log_stats.h gathered.
 */
#ifndef POSTLINT_LOG_REPORT_H
#define POSTLINT_LOG_REPORT_H

#include "log_stats.h"

/* The report without the configuration tie-in. */
void log_report_text(const log_stats *s, strbuf *out);
void log_report_json(const log_stats *s, strbuf *out);

#endif
