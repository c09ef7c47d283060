/*
 * policy_service_missing.c - rule "policy-service-missing":
 * check_policy_service unix:private/NAME, and master.cf has no service
 * NAME.
 *
 * The socket private/NAME exists only when master runs a unix service
 * NAME. Without it, every request that reaches the restriction makes
 * smtpd log "warning: connect to private/NAME: No such file or
 * directory", then "problem talking to server private/NAME", and answer
 * "451 4.3.5 <...>: Recipient address rejected: Server configuration
 * problem" (seen with real smtpd 3.7.11). From 3.0 the answer is the
 * default action: default_action= in the { } form, else
 * smtpd_policy_service_default_action. An action that refuses (4xx,
 * 5xx, DEFER, REJECT) is an error; one that does not (DUNNO) means the
 * policy check silently never runs: a warning. Servers on inet: sockets
 * and on absolute paths cannot be checked from the configuration.
 */
#include "rule.h"
#include "restriction_lists.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* "unix:private/NAME" or "{ unix:private/NAME, timeout=... }": NAME. */
static bool private_socket(const char *arg, char *name, size_t size)
{
    const char *p = arg, *end;
    size_t n;

    if (*p == '{') {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
    }
    if (strncmp(p, "unix:", 5) != 0)
        return false;
    p += 5;
    if (strncmp(p, "private/", 8) != 0)
        return false;
    p += 8;
    end = p + strcspn(p, ", \t}");
    n = (size_t) (end - p);
    if (n == 0 || n >= size || memchr(p, '/', n))
        return false;
    memcpy(name, p, n);
    name[n] = '\0';
    return true;
}

/* The action smtpd takes when the server cannot be reached. */
static char *default_action(const lint_ctx *ctx, const rlist *l,
                            const char *arg)
{
    static const pf_version v3_0 = {3, 0, 0};
    const char *attr = strstr(arg, "default_action");
    const smtpd_restrictions *s = NULL;
    eff_value v;

    if (version_cmp(ctx->version, v3_0) < 0)
        return xstrdup("451 4.3.5 Server configuration problem");
    if (arg[0] == '{' && attr) {
        attr += strlen("default_action");
        attr += strspn(attr, " \t");
        if (*attr == '=') {
            attr++;
            attr += strspn(attr, " \t");
            return xstrndup(attr, strcspn(attr, ",}"));
        }
    }
    for (size_t i = 0; i < ctx->restrictions->n_services && !s; i++)
        for (int id = 0; id < RL_COUNT; id++)
            if (ctx->restrictions->services[i].lists[id] == l)
                s = &ctx->restrictions->services[i];
    v = effective_lookup(ctx->m, s ? s->svc : NULL,
                         "smtpd_policy_service_default_action");
    return xstrdup(v.value ? v.value : "451 4.3.5 Server configuration problem");
}

static bool refuses(const char *action)
{
    return action[0] == '4' || action[0] == '5'
        || strncasecmp(action, "DEFER", 5) == 0
        || strncasecmp(action, "REJECT", 6) == 0;
}

static bool has_unix_service(const model *m, const char *name)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (s->has_fields && str_eq(s->argv[MF_SERVICE].text, name)
            && str_eq(s->argv[MF_TYPE].text, "unix"))
            return true;
    }
    return false;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;

    if (ctx->m->master == NULL)
        return;                 /* no master.cf to look in */
    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];

        for (size_t i = 0; i < l->n; i++) {
            const ritem *it = &l->items[i];
            char name[128], *action;
            strbuf what;

            if (it->kind != RI_BUILTIN || it->arg_state != RA_OK
                || !str_eq(it->info->name, "check_policy_service")
                || it->ended_by != RITEM_REACHABLE
                || !private_socket(it->arg, name, sizeof(name))
                || has_unix_service(ctx->m, name))
                continue;
            sb_init(&what);
            rlist_describe(l, &what);
            action = default_action(ctx, l, it->arg);
            if (refuses(action))
                report(ctx, self, &it->arg_sp,
                       "check_policy_service in %s talks to private/%s, but "
                       "master.cf has no unix service %s:" DIAG_NOTE
                       " smtpd of Postfix %s logs \"connect to private/%s: No "
                       "such file or "
                       "directory\" and \"problem talking to server "
                       "private/%s\", and answers \"%s\" to every request "
                       "that reaches it; add the service to master.cf",
                       what.data, name, name, ctx->version_text, name, name,
                       action);
            else
                report_sev(ctx, self, SEV_WARNING, &it->arg_sp,
                           "check_policy_service in %s talks to private/%s, "
                           "but master.cf has no unix service %s:" DIAG_NOTE
                           " smtpd of Postfix %s logs \"connect to "
                           "private/%s: No such "
                           "file or directory\" and applies the default "
                           "action %s, so the policy check never runs; add "
                           "the service to master.cf",
                           what.data, name, name, ctx->version_text, name,
                           action);
            free(action);
            sb_free(&what);
        }
    }
}

const rule_desc rule_policy_service_missing = {
    "policy-service-missing", SEV_ERROR,
    "check_policy_service names a private socket master.cf does not provide",
    "check_policy_service unix:private/NAME talks to the socket of the "
    "master.cf service NAME (a unix service running spawn or a policy "
    "daemon). Without that service every request that reaches the "
    "restriction gets 451 4.3.5 Server configuration problem, and mail is "
    "deferred.",
    check,
    SEV_ALSO(SEV_WARNING)
};
