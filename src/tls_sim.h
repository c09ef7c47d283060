/*
 * tls_sim.h - who can talk to this server: real TLS handshakes in memory.
 *
 * For every smtpd service's TLS policy (tls_policy.h), a server SSL_CTX
 * is built the way that Postfix version builds it (protocols, the cipher
 * string, ECDHE only where that version can do it, DHE, a stand-in
 * certificate of the right key type), and one client SSL_CTX per sender
 * profile (rules/tls-profiles.tsv: protocol range, suites, TLS 1.3 suites,
 * groups). They shake hands over a memory BIO pair: the negotiated
 * protocol and suite, or the failure in the words Postfix logs. Profiles
 * the linked OpenSSL cannot express (SSLv3-only peers) are decided from
 * the protocol and suite sets, and marked so.
 */
#ifndef POSTLINT_TLS_SIM_H
#define POSTLINT_TLS_SIM_H

#include "tls_policy.h"
#include "tls_profiles.h"
#include "util.h"

typedef struct sim_result {
    const tls_server *server;
    const tls_profile *profile;
    char result[12];        /* "ok", "fail", "unsupported" */
    char protocol[16];      /* TLSv1.2 ... (ok) */
    char cipher[64];        /* OpenSSL name (ok) */
    char reason[128];       /* fail: as Postfix logs it */
    char fallback[8];       /* does the sender retry in plaintext */
    bool analytic;          /* decided from the sets, not a handshake */
} sim_result;

/* At most this many distinct TLS policies are simulated per side: each
 * costs a few dozen handshakes (30 ms), and 1000 services with policies
 * of their own took 30 s. Services past the bound get no rows and are
 * listed in `skipped`; services that share a simulated policy share its
 * rows whatever their number. */
#define SIM_MAX_POLICIES 32

/* One service's part of a run: its rows are those of the first service
 * with the same policy (rows[first .. first + count)). */
typedef struct sim_block {
    const tls_server *server;
    size_t first, count;
} sim_block;

typedef struct sim_run {
    sim_result *rows;       /* per distinct policy: its first service
                               against every profile of the other role */
    size_t n, cap;
    sim_block *blocks;      /* per simulated service, in service order:
                               servers, then clients */
    size_t n_blocks, cap_blocks;
    size_t *by_name;        /* blocks sorted by service name */
    const tls_server **skipped; /* not simulated: past SIM_MAX_POLICIES */
    size_t n_skipped, cap_skipped;
} sim_run;

/* The block of service name in run, or NULL. */
const sim_block *sim_block_of(const sim_run *run, const char *name);

/* Does the peer retry in plaintext when the handshake with s fails? */
const char *sim_fallback(const tls_server *s, const tls_profile *p);

/* One service against each of n profiles (for rules): out gets n rows;
 * the service's OpenSSL context is made once. */
void sim_profiles(const model *m, const tls_server *s,
                  const tls_profile *const *profiles, size_t n,
                  pf_version target, sim_result *out);

/* Every TLS-offering service against every profile of the other role. */
sim_run *sim_run_all(const model *m, const tls_model *t);
void sim_run_free(sim_run *run);

/* The table --simulate prints, then the services not simulated. */
void sim_format_text(const sim_run *run, strbuf *out);
void sim_format_skipped(const sim_run *run, strbuf *out);

#endif
