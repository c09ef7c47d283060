/*
 * tlsmgr_setting.c - rule "tlsmgr-setting": what tlsmgr(8) says about its
 * own settings when it starts.
 *
 * tlsmgr keeps the TLS session caches and the PRNG seed for every
 * program that does TLS (smtpd, smtp, lmtp, tlsproxy); master starts it
 * when the first of them asks. tlsmgr.c tlsmgr_pre_init() (Postfix 2.5
 * to 3.11, unchanged):
 *   - an empty tls_random_source: "warning: no entropy source specified
 *     with parameter tls_random_source" and "warning: encryption keys
 *     etc. may be predictable" (tlsmgr.c:912, 914 in 3.7.11): tlsmgr
 *     mixes no external entropy into the seed it hands out;
 *   - two of smtpd_, smtp_ and lmtp_tls_session_cache_database with the
 *     same value (compared as strings, after $name expansion), each with
 *     its *_tls_session_cache_timeout above 0: "fatal: do not use the same
 *     TLS cache file %s for %s and %s" (tlsmgr.c:957). master restarts it
 *     every minute and it stops again; meanwhile every TLS program waits
 *     for it: real smtpd 3.7.11 with smtpd_tls_security_level = may sent
 *     no greeting for 140 seconds (an error).
 * Judged for the tlsmgr service in master.cf (with its -o options, the
 * only ones tlsmgr reads), when a program in master.cf uses TLS.
 */
#include "rule.h"
#include "tls_report.h"

#include <stdio.h>
#include <string.h>

/* The tlsmgr service TLS programs reach (private/$tlsmgr_service_name). */
static const service *tlsmgr_service(const model *m)
{
    tls_setting name;
    const service *found = NULL;

    tls_setting_get(m, NULL, "tlsmgr_service_name", &name);
    for (size_t i = 0; i < m->n_services && !found; i++) {
        const service *s = &m->services[i];

        if (s->has_fields && str_eq(service_daemon(s), "tlsmgr")
            && str_eq(s->argv[MF_SERVICE].text, name.value)
            && str_eq(s->argv[MF_TYPE].text, "unix"))
            found = s;
    }
    tls_setting_free(&name);
    return found;
}

/* A program that starts tlsmgr: smtpd or tlsproxy offering TLS, a client
 * that may use it. Its name goes into buf. */
static bool tls_user(const lint_ctx *ctx, char *buf, size_t size)
{
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];

        if (t->use_tls && (!str_eq(t->names->program, "tlsproxy")
                           || t->postscreen || t->proxy_smtp)) {
            snprintf(buf, size, "%s of service %s", t->names->program,
                     t->name);
            return true;
        }
    }
    for (size_t i = 0; i < ctx->tls->n_clients; i++) {
        const tls_server *t = &ctx->tls->clients[i];
        char name[64];
        tls_setting policy;
        bool any;

        snprintf(name, sizeof(name), "%s_tls_policy_maps", t->names->program);
        tls_setting_get(ctx->m, t->svc, name, &policy);
        any = t->use_tls || policy.value[0] != '\0';
        tls_setting_free(&policy);
        if (any) {
            snprintf(buf, size, "%s of service %s", t->names->program,
                     t->name);
            return true;
        }
    }
    return false;
}

static void check_random_source(const lint_ctx *ctx, const rule_desc *self,
                                const service *mgr, const char *user)
{
    tls_setting s;
    span sp;

    tls_setting_get(ctx->m, mgr, "tls_random_source", &s);
    if (s.value[0] == '\0'
        && (s.raw.origin == ORIGIN_MAIN || s.raw.origin == ORIGIN_MASTER)
        && setting_span(&s, NULL, &sp))
        report(ctx, self, &sp, "tls_random_source is empty: tlsmgr has no "
               "entropy source" DIAG_NOTE " tlsmgr of Postfix %s (started "
               "for %s) logs \"warning: no entropy source specified with "
               "parameter tls_random_source\" and \"warning: encryption keys "
               "etc. may be predictable\" each time it starts, and seeds the "
               "TLS programs without outside entropy; remove the line (the "
               "default is dev:/dev/urandom)", ctx->version_text, user);
    tls_setting_free(&s);
}

static void check_caches(const lint_ctx *ctx, const rule_desc *self,
                         const service *mgr, const char *user)
{
    static const char *const progs[] = {"smtpd", "smtp", "lmtp"};
    tls_setting db[3];
    bool on[3];

    for (int i = 0; i < 3; i++) {
        char name[64];
        tls_setting timeout;
        long secs;

        /* tls_setting keeps the name pointer: use the literal table. */
        tls_setting_get(ctx->m, mgr, i == 0 ? "smtpd_tls_session_cache_database"
                        : i == 1 ? "smtp_tls_session_cache_database"
                        : "lmtp_tls_session_cache_database", &db[i]);
        snprintf(name, sizeof(name), "%s_tls_session_cache_timeout",
                 progs[i]);
        tls_setting_get(ctx->m, mgr, name, &timeout);
        on[i] = db[i].value[0] && conf_time(timeout.value, 's', &secs)
            && secs > 0;
        tls_setting_free(&timeout);
    }
    /* tlsmgr stops at the first pair: report that one. */
    for (int i = 1, done = 0; i < 3 && !done; i++)
        for (int k = 0; k < i && !done; k++) {
            span sp;

            if (!on[i] || !on[k] || strcmp(db[i].value, db[k].value) != 0
                || !setting_span(&db[i], NULL, &sp))
                continue;
            report_sev(ctx, self, SEV_ERROR, &sp, "%s and %s name the same "
                       "TLS session cache %s" DIAG_NOTE " tlsmgr of Postfix "
                       "%s stops with \"fatal: do not use the same TLS cache "
                       "file %s for %s and %s\" each time master starts it; "
                       "the programs that use TLS (here %s) wait for it, an "
                       "smtpd that offers TLS sends no greeting; give each "
                       "its own file",
                       db[k].name, db[i].name, db[i].value,
                       ctx->version_text, db[i].value, progs[k], progs[i],
                       user);
            done = 1;
        }
    for (int i = 0; i < 3; i++)
        tls_setting_free(&db[i]);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const service *mgr = tlsmgr_service(ctx->m);
    char user[200];

    if (mgr == NULL || !tls_user(ctx, user, sizeof(user)))
        return;
    check_caches(ctx, self, mgr, user);
    check_random_source(ctx, self, mgr, user);
}

const rule_desc rule_tlsmgr_setting = {
    "tlsmgr-setting", SEV_WARNING,
    "tlsmgr stops on a TLS session cache shared by two programs, or warns "
    "that tls_random_source is empty",
    "tlsmgr(8) keeps the TLS session caches and hands out PRNG seeds to "
    "every program that does TLS. It refuses to start when two of "
    "smtpd_tls_session_cache_database, smtp_tls_session_cache_database "
    "and lmtp_tls_session_cache_database name the same table (fatal: do "
    "not use the same TLS cache file): the TLS programs then wait for it "
    "and smtpd sends no greeting (an error). An empty tls_random_source "
    "makes it warn at each start that encryption keys may be predictable.",
    check,
    SEV_ALSO(SEV_ERROR)
};
