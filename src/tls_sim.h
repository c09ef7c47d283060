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

typedef struct sim_run {
    sim_result *rows;       /* servers x senders, then clients x receivers */
    size_t n, cap;
} sim_run;

/* One service against each of n profiles (for rules): out gets n rows;
 * the service's OpenSSL context is made once. */
void sim_profiles(const model *m, const tls_server *s,
                  const tls_profile *const *profiles, size_t n,
                  pf_version target, sim_result *out);

/* Every TLS-offering service against every profile of the other role. */
sim_run *sim_run_all(const model *m, const tls_model *t);
void sim_run_free(sim_run *run);

/* The table --simulate prints. */
void sim_format_text(const sim_run *run, strbuf *out);

#endif
