/*
 * log_relief.h - per-peer STARTTLS relief from a mail log: a cidr: table
 * for smtpd_discard_ehlo_keyword_address_maps listing the inbound peers
 * whose handshakes fail (and that never succeeded with TLS afterwards),
 * so smtpd stops announcing STARTTLS to them and they send in plaintext
 * instead of failing.
 */
#ifndef POSTLINT_LOG_RELIEF_H
#define POSTLINT_LOG_RELIEF_H

#include "log_report.h"

#define RELIEF_TABLE_NAME "starttls-relief.cidr"

/* Append the table (comment lines and "ADDR/32 starttls" entries) to
 * table; returns the number of entries. */
size_t relief_table(const log_stats *s, strbuf *table);

/* The main.cf line that uses the table; existing: the current value of
 * smtpd_discard_ehlo_keyword_address_maps (NULL or ""), kept in front. */
char *relief_main_line(const char *table_path, const char *existing);

/* Write text to path atomically (temporary file, fsync, rename).
 * false and *why (to free) on failure. */
bool relief_write(const char *path, const char *text, size_t len,
                  char **why);

#endif
