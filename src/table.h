/*
 * table.h - look keys up in the lookup tables a configuration names, for
 * the tables postlint can read as Postfix does: cidr:, texthash:, the
 * source file of hash:, btree:, lmdb:, cdb:, dbm: and sdbm:, inline:
 * and static: (proxy: is looked through). Anything else (regexp:,
 * pcre:, databases, DNS) is "unknown": the caller says "depends".
 *
 * Keys are compared without case, as smtpd's access lookups fold them.
 * Files are streamed (table_file.h) and each (table, key) answer is kept
 * for the run.
 */
#ifndef POSTLINT_TABLE_H
#define POSTLINT_TABLE_H

#include <stdbool.h>

typedef enum tbl_result {
    TBL_FOUND,
    TBL_NOT_FOUND,
    TBL_UNKNOWN,        /* cannot tell from here: *why says why */
    TBL_BROKEN          /* Postfix cannot open it: every lookup fails
                         * (smtpd answers 451 4.3.5); *why says why */
} tbl_result;

/* Look key up in ref ("cidr:/etc/postfix/clients"). *value (to free) on
 * TBL_FOUND; *why (static text) on TBL_UNKNOWN. */
tbl_result table_lookup(const char *ref, const char *key, char **value,
                        const char **why);

/* Is address (IPv4 or IPv6, IPv6 maybe in brackets) inside network
 * ("192.0.2.0/24", "[2001:db8::]/32", or one address)? */
bool address_in_network(const char *address, const char *network);

/* Is network a valid address or address/length, as Postfix reads one? */
bool network_valid(const char *network);

/* A source standing for the table file at path, for findings inside it
 * (file name, line, column; its text is not held). Kept until
 * table_sources_clear(), which the lint pipeline calls when a run ends. */
struct source;
const struct source *table_source(const char *path);
void table_sources_clear(void);

/* Forget the answers kept (the lint pipeline calls it when a run ends). */
void table_cache_clear(void);

#endif
