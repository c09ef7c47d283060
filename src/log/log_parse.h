/*
 * log_parse.h - one Postfix log line to one TLS-relevant event.
 *
 * log_parse_line() is a pure function of its input: no allocation, no
 * state, every string in the event points into the line. It recognises
 * the timestamp formats syslog daemons and Postfix write (traditional
 * "Mmm dd hh:mm:ss", with or without fractions; RFC 3339 / ISO 8601 as
 * rsyslog and journald's short-iso write it; RFC 5424 "<pri>1 ..."), and
 * the smtpd, smtp, lmtp, postscreen and tlsproxy messages that say how a
 * TLS handshake went. A libFuzzer harness may call it directly.
 */
#ifndef POSTLINT_LOG_PARSE_H
#define POSTLINT_LOG_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct log_str {
    const char *p;
    size_t n;
} log_str;

typedef enum log_kind {
    EV_NONE,            /* not a line we use (the parser returns false) */
    EV_CONNECT,         /* connect from host[addr] (also CONNECT from) */
    EV_DISCONNECT,      /* disconnect from host[addr] ... */
    EV_TLS_OK,          /* X TLS connection established from/to ... */
    EV_TLS_ERROR,       /* SSL_accept / SSL_connect error from/to ... */
    EV_TLS_LIBRARY,     /* warning: TLS library problem: ... (no peer) */
    EV_LOST_STARTTLS,   /* lost connection after STARTTLS from ... */
    EV_CERT_FAIL,       /* certificate verification failed / untrusted */
    EV_LOCAL_PROBLEM,   /* TLS not available due to local problem */
    EV_CIPHER_LIST,     /* host[addr]: TLS cipher list "..." */
    EV_BAD_PROTOCOLS,   /* warning: Invalid TLS protocol list "..." */
    EV_DELIVERY         /* QUEUEID: client=host[addr] (mail accepted) */
} log_kind;

typedef enum log_format {
    FMT_NONE,
    FMT_TRADITIONAL,    /* Mmm dd hh:mm:ss (syslog, maillog_file) */
    FMT_ISO,            /* 2026-11-29T14:00:00.123+00:00 host ... */
    FMT_RFC5424         /* <22>1 2026-11-29T14:00:00Z host app pid - - */
} log_format;

typedef struct log_event {
    log_format format;
    log_kind kind;
    int64_t when;       /* seconds; without a year: within the year */
    bool has_year;
    log_str stamp;      /* the timestamp as written */
    log_str program;    /* "postfix/smtpd", "postfix-out/smtp" */
    log_str daemon;     /* its last component: "smtpd" */
    long pid;
    bool client;        /* our smtp/lmtp client talked to the peer */
    log_str peer_name;  /* "mail.example.com", "unknown", or empty */
    log_str peer_addr;  /* "192.0.2.1", "2001:db8::1" */
    log_str trust;      /* Anonymous, Untrusted, Trusted, Verified */
    log_str protocol;   /* TLSv1.2 */
    log_str cipher;     /* AES128-GCM-SHA256 */
    int bits, alg_bits;
    log_str reason;     /* failures: OpenSSL's reason, or Postfix words */
    log_str text;       /* the cipher list / protocol list */
} log_event;

/* Parse one line (without its newline). true: ev describes a line from a
 * TLS-relevant Postfix daemon that we use; false: anything else (other
 * programs, other messages, garbage), and ev->kind is EV_NONE. */
bool log_parse_line(const char *line, size_t len, log_event *ev);

/* The quick first test of log_parse_line: false when the line is
 * certainly not one it uses (another program's line). */
bool log_parse_may_match(const char *line, size_t len);

/* Only the timestamp: true when the line starts with one we know. */
bool log_parse_time(const char *line, size_t len, int64_t *when,
                    bool *has_year);

#endif
