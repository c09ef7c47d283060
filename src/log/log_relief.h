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

/* Which peers the table leaves out: those that failed fewer than
 * min_failures times, loopback, and the networks of mynetworks (its
 * value, expanded; NULL when Postfix computes it: then only loopback is
 * known). The counts of what was left out come back in it. */
typedef struct relief_filter {
    unsigned long min_failures;
    const char *mynetworks;
    size_t few, local;          /* out: left out for each reason */
} relief_filter;

#define RELIEF_MIN_FAILURES 3

/* Append the entries (comment lines and "ADDR/32 starttls" lines) of the
 * peers not in skip (a table's text, or NULL: its addresses are left
 * out) to table; returns the number of entries. */
size_t relief_entries(const log_stats *s, relief_filter *f,
                      const char *skip, strbuf *table);

/* The table's first lines (what it is), and its last line: a checksum
 * of everything above it, by which a later --fix knows whether the file
 * was changed by hand. */
void relief_header(strbuf *table);
void relief_seal(strbuf *table);

/* Is text a table postlint log wrote and nobody changed since? *body_len
 * gets the length of what is above the checksum line. */
bool relief_unchanged(const char *text, size_t len, size_t *body_len);

/* The main.cf line that makes param (smtpd_ or postscreen_
 * discard_ehlo_keyword_address_maps) use the table; existing: its current
 * value (NULL or ""), kept in front. */
char *relief_main_line(const char *param, const char *table_path,
                       const char *existing);

/* Did inbound peers fail at postscreen's STARTTLS (tlsproxy)? Then
 * postscreen, which answers EHLO before smtpd does, needs the table too. */
bool relief_needs_postscreen(const log_stats *s);

/* Write text to path atomically (temporary file, fsync, rename), but
 * only when the file still holds expect (expect_len bytes; NULL: the
 * file did not exist). false and *why (to free) on failure. */
bool relief_write(const char *path, const char *expect, size_t expect_len,
                  const char *text, size_t len, char **why);

#endif
