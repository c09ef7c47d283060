/*
 * log_relief.h - per-peer STARTTLS relief from a mail log: a cidr: table
 * for smtpd_discard_ehlo_keyword_address_maps listing the inbound peers
 * whose handshakes fail (and that never succeeded with TLS afterwards),
 * so smtpd stops announcing STARTTLS to them and they send in plaintext
 * instead of failing.
 */
#ifndef POSTLINT_LOG_RELIEF_H
#define POSTLINT_LOG_RELIEF_H

#include "log_stats.h"

#define RELIEF_TABLE_NAME "starttls-relief.cidr"

/* Append the table (comment lines and "ADDR/32 starttls" entries) to
 * table; returns the number of entries. */
size_t relief_table(const log_stats *s, strbuf *table);

/* The main.cf line that makes param (smtpd_ or postscreen_
 * discard_ehlo_keyword_address_maps) use the table; existing: its current
 * value (NULL or ""), kept in front. */
char *relief_main_line(const char *param, const char *table_path,
                       const char *existing);

/* Did inbound peers fail at postscreen's STARTTLS (tlsproxy)? Then
 * postscreen, which answers EHLO before smtpd does, needs the table too. */
bool relief_needs_postscreen(const log_stats *s);

/* Write text to path atomically (temporary file, fsync, rename).
 * false and *why (to free) on failure. */
bool relief_write(const char *path, const char *text, size_t len,
                  char **why);

#endif
