/*
 * log_tiein.h - tie what the mail log says back to the configuration.
 *
 * With -c DIR (or --main/--master), `postlint log` loads the model as the
 * lint does, computes each service's TLS policy (tls_policy.h), and
 * explains every failure reason in the log against the policy of the
 * service that logged it, naming FILE:LINE:COL of the setting in charge.
 * It also prints a cidr: table for smtpd_discard_ehlo_keyword_address_maps
 * (STARTTLS no longer offered to the inbound peers that keep failing) and
 * the main.cf line that would use it; --fix writes the table (never
 * main.cf), atomically.
 */
#ifndef POSTLINT_LOG_TIEIN_H
#define POSTLINT_LOG_TIEIN_H

#include "log_stats.h"

typedef struct tiein_opts {
    const char *config_dir;     /* -c DIR */
    const char *main_file, *master_file;
    const char *postfix_version, *openssl_version;
    bool no_exec;
    bool fix;                   /* write the cidr table */
    unsigned long min_failures; /* --min-failures: peers in the table */
    bool json;
} tiein_opts;

/* Append the tie-in (text, or JSON members starting with ",") to out.
 * Returns 0, or 2 with a message on stderr when the configuration cannot
 * be read or the table cannot be written. */
int log_tiein(const log_stats *s, const tiein_opts *o, strbuf *out);

#endif
