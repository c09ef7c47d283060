/*
 * tls_client_policy_invalid.c - rule "tls-client-policy-invalid": an
 * smtp client TLS setting that makes every TLS delivery fail.
 *
 * The smtp (and lmtp) client decides a TLS policy for each destination.
 * Some settings make it give up on that policy or on every address, log
 * a warning and defer the mail (Postfix 3.7.11 source, file:line):
 *   *_tls_servername that is not a valid host name, at any level above
 *       none: the policy is invalid, mail waits with "client TLS
 *       configuration problem" (smtp_tls_policy.c:591)
 *   *_tls_wrappermode = yes below level encrypt: each address is skipped
 *       and mail waits (smtp_connect.c:1007)
 *   *_tls_trust_anchor_file that does not exist, at level verify or
 *       secure: the policy is invalid (tls_dane.c:729); checked only for
 *       a service that does not run chrooted, where the path is the one
 *       the client opens
 * Only where the setting is written, the client runs (a master.cf
 * service), and no *_tls_policy_maps may choose another level per
 * destination.
 */
#include "pem_file.h"
#include "rule.h"
#include "tls_report.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* A setting written in main.cf or as -o of the client's service. */
static bool written(const lint_ctx *ctx, const tls_server *t,
                    const char *name, tls_setting *s, span *sp)
{
    tls_setting_get(ctx->m, t->svc, name, s);
    if ((s->raw.origin != ORIGIN_MAIN && s->raw.origin != ORIGIN_MASTER)
        || !setting_span(s, t, sp)) {
        tls_setting_free(s);
        return false;
    }
    return true;
}

static bool has_policy_maps(const lint_ctx *ctx, const tls_server *t)
{
    char name[64];
    tls_setting s;
    bool any;

    snprintf(name, sizeof(name), "%s_tls_policy_maps", t->names->program);
    tls_setting_get(ctx->m, t->svc, name, &s);
    any = s.value[0] != '\0';
    tls_setting_free(&s);
    return any;
}

/* master.cf chroot field "n": the client opens paths as written. */
static bool not_chrooted(const tls_server *t)
{
    return t->svc && str_eq(t->svc->argv[MF_CHROOT].text, "n");
}

/* The client's level as smtp_tls_policy.c reads it (wrapper mode does
 * not change it): the level parameter, else the legacy booleans. Into
 * buf; true when it is encrypt or stronger. */
static bool client_level(const lint_ctx *ctx, const tls_server *t,
                         char *buf, size_t size)
{
    tls_setting level, use, enforce;

    tls_setting_get(ctx->m, t->svc, t->names->level, &level);
    if (level.value[0]) {
        snprintf(buf, size, "%s", level.value);
    } else {
        tls_setting_get(ctx->m, t->svc, t->names->enforce, &enforce);
        tls_setting_get(ctx->m, t->svc, t->names->use, &use);
        snprintf(buf, size, "%s", strcasecmp(enforce.value, "yes") == 0
                 ? "encrypt" : strcasecmp(use.value, "yes") == 0 ? "may"
                 : "none");
        tls_setting_free(&enforce);
        tls_setting_free(&use);
    }
    tls_setting_free(&level);
    return strcasecmp(buf, "none") != 0 && strcasecmp(buf, "may") != 0;
}

static void check_client(const lint_ctx *ctx, const rule_desc *self,
                         const tls_server *t, reported *done)
{
    const char *prog = t->names->program;
    char name[64];
    tls_setting s;
    span sp;
    const char *why;
    char level[32];
    bool strong = client_level(ctx, t, level, sizeof(level));

    snprintf(name, sizeof(name), "%s_tls_servername", prog);
    if ((strcasecmp(level, "none") != 0 || has_policy_maps(ctx, t))
        && written(ctx, t, name, &s, &sp)) {
        if (s.value[0] && (why = pf_hostname_problem(s.value)) != NULL
            && !already_reported(done, &s, t))
            report(ctx, self, &sp, "%s = %s is not a valid host name (%s)"
                   DIAG_NOTE " the %s client (service %s) of Postfix %s "
                   "logs \"warning: \"%s = %s\" specifies an invalid "
                   "hostname\" for each destination and defers the mail "
                   "(\"client TLS configuration problem\"); use hostname, "
                   "nexthop or a host name", name, s.value, why, prog,
                   t->name, ctx->version_text, name, s.value);
        tls_setting_free(&s);
    }
    snprintf(name, sizeof(name), "%s_tls_wrappermode", prog);
    if (t->wrapper && !strong && !has_policy_maps(ctx, t)
        && written(ctx, t, name, &s, &sp)) {
        if (!already_reported(done, &s, t))
            report(ctx, self, &sp, "%s = yes, but the TLS level of %s is %s"
                   DIAG_NOTE " the %s client of Postfix %s logs \"warning: "
                   "%s requires \"%s_tls_security_level = encrypt\" (or "
                   "stronger)\" for each address, skips them all and defers "
                   "the mail (\"server unavailable or unable to receive "
                   "mail\"); set %s_tls_security_level = encrypt for this "
                   "service", name, t->name, level, prog,
                   ctx->version_text, name, prog, prog);
        tls_setting_free(&s);
    }
    snprintf(name, sizeof(name), "%s_tls_trust_anchor_file", prog);
    if (!ctx->no_files && not_chrooted(t)
        && (strcasecmp(level, "verify") == 0
            || strcasecmp(level, "secure") == 0)
        && !has_policy_maps(ctx, t) && written(ctx, t, name, &s, &sp)) {
        pem_file pf;

        if (s.value[0] && !pem_open(&pf, s.value) && pf.err == ENOENT
            && !already_reported(done, &s, t))
            report(ctx, self, &sp, "%s: %s does not exist" DIAG_NOTE
                   " the %s client (service %s) of Postfix %s logs "
                   "\"warning: error opening trust anchor file: %s: %s\" "
                   "for each destination and defers the mail (\"client TLS "
                   "configuration problem\")", name, s.value, prog, t->name,
                   ctx->version_text, s.value, strerror(pf.err));
        if (s.value[0])
            pem_close(&pf);
        tls_setting_free(&s);
    }
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    reported done = {{0}, 0};

    for (size_t i = 0; i < ctx->tls->n_clients; i++)
        if (ctx->tls->clients[i].svc)
            check_client(ctx, self, &ctx->tls->clients[i], &done);
}

const rule_desc rule_tls_client_policy_invalid = {
    "tls-client-policy-invalid", SEV_ERROR,
    "an smtp client TLS setting makes every TLS delivery wait",
    "The smtp and lmtp clients give up a destination's TLS policy, log a "
    "warning and defer the mail when *_tls_servername is not a valid host "
    "name, when *_tls_wrappermode = yes is used below level encrypt, or "
    "when the *_tls_trust_anchor_file of level verify or secure does not "
    "exist. The mail stays in the queue until the setting is fixed.",
    check,
    0
};
