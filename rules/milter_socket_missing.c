/*
 * milter_socket_missing.c - rule "milter-socket-missing": a milter on a
 * unix socket that does not exist where the Postfix program looks.
 *
 * smtpd_milters (read by smtpd) and non_smtpd_milters (read by cleanup)
 * name milters as unix:PATH, local:PATH or inet:HOST:PORT. A relative
 * PATH is relative to queue_directory, where Postfix programs run; a
 * chrooted program (master.cf chroot y; "-" means y below
 * compatibility_level 1) sees every absolute path inside
 * queue_directory too (the classic opendkim.sock outside the chroot).
 * When the socket is not there, the program logs "warning: connect to
 * Milter service unix:PATH: No such file or directory" and applies
 * milter_default_action: tempfail (the default) answers "451 4.7.1
 * Service unavailable - try again later" and mail is deferred (an
 * error); accept lets mail through without the milter (a warning).
 * Only unix sockets can be checked; nothing is read under --no-files.
 */
#include "rule.h"
#include "effective.h"
#include "listtok.h"
#include "rootpath.h"
#include "value_span.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Places reported in this run: a main.cf line read by several smtpd
 * services with the same outcome is one finding. */
static seen_places reported;    /* this run's places (seen_place()) */

static bool chrooted(const lint_ctx *ctx, const service *svc)
{
    const char *f = svc->argv[MF_CHROOT].text;
    eff_value compat;

    if (str_eq(f, "y"))
        return true;
    if (!str_eq(f, "-"))
        return false;
    compat = effective_lookup(ctx->m, NULL, "compatibility_level");
    return compat.value == NULL || atof(compat.value) < 1;
}

/* Is there a socket at path (inside --root when given)? */
static bool socket_there(const char *path)
{
    char *why = NULL, *real = root_get() ? root_resolve(path, &why) : xstrdup(path);
    struct stat st;
    bool there;

    free(why);
    there = real && stat(real, &st) == 0 && S_ISSOCK(st.st_mode);
    free(real);
    return there;
}

static void check_milter(const lint_ctx *ctx, const rule_desc *self,
                         const service *svc, const char *param,
                         const char *spec, const span *sp)
{
    char *queue, *path, *action;
    const char *p = spec;
    size_t n;
    bool braced = *p == '{';

    if (braced)
        p += 1 + strspn(p + 1, " \t");
    if (strncmp(p, "unix:", 5) == 0)
        p += 5;
    else if (strncmp(p, "local:", 6) == 0)
        p += 6;
    else
        return;
    n = strcspn(p, braced ? ", \t}" : "");
    queue = effective_string(ctx->m, svc, "queue_directory");
    path = p[0] == '/' && !chrooted(ctx, svc) ? xstrndup(p, n)
        : xasprintf("%s%s%.*s", queue, p[0] == '/' ? "" : "/", (int) n, p);
    if (!socket_there(path) && !seen_place(&reported, sp)) {
        action = effective_string(ctx->m, svc, "milter_default_action");
        if (braced && strstr(spec, "default_action")) {
            const char *a = strstr(spec, "default_action");

            a += strcspn(a, "=") + 1;
            a += strspn(a, " \t");
            free(action);
            action = xstrndup(a, strcspn(a, ", \t}"));
        }
        report_sev(ctx, self, strcasecmp(action, "accept") == 0 ? SEV_WARNING
                   : SEV_ERROR, sp,
                   "%s of %s/%s names the milter socket %.*s, but there is "
                   "no socket at %s%s:" DIAG_NOTE
                   " Postfix %s logs \"connect to Milter service %.*s: No "
                   "such file or directory\" and applies "
                   "milter_default_action = %s%s", param,
                   svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text,
                   (int) n, p, path, chrooted(ctx, svc)
                   ? " (the service is chrooted to queue_directory)" : "",
                   ctx->version_text, (int) (p - spec + n - braced), spec + braced,
                   action, strcasecmp(action, "tempfail") == 0
                   ? " (\"451 4.7.1 Service unavailable - try again later\": "
                   "mail is deferred)" : strcasecmp(action, "accept") == 0
                   ? " (mail passes without the milter)" : "");
        free(action);
    }
    free(queue);
    free(path);
}

static void check_service(const lint_ctx *ctx, const rule_desc *self,
                          const service *svc, const char *param)
{
    eff_value v = effective_lookup(ctx->m, svc, param);
    char *text;
    list_tokens items = {0};
    value_map map;
    bool located;
    span setting;

    if (v.origin < ORIGIN_MAIN)
        return;
    text = effective_string(ctx->m, svc, param);
    map = value_locate(ctx->m, svc, v);
    setting = value_setting_span(v, svc, &located);
    list_split(text, strlen(text), LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n; i++) {
        char *spec = xstrndup(items.items[i].text, items.items[i].len);
        bool exact;
        span sp = value_span(&map, items.items[i].off, items.items[i].len,
                             &exact);

        check_milter(ctx, self, svc, param, spec, exact ? &sp : &setting);
        free(spec);
    }
    list_tokens_free(&items);
    free(text);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    if (ctx->no_files)
        return;
    memset(&reported, 0, sizeof(reported));
    for (size_t i = 0; i < m->n_services; i++) {
        const service *svc = &m->services[i];
        const char *daemon = service_daemon(svc);

        if (str_eq(daemon, "smtpd"))
            check_service(ctx, self, svc, "smtpd_milters");
        else if (str_eq(daemon, "cleanup") && str_eq(svc->argv[MF_SERVICE].text,
                                                     "cleanup"))
            check_service(ctx, self, svc, "non_smtpd_milters");
    }
}

const rule_desc rule_milter_socket_missing = {
    "milter-socket-missing", SEV_ERROR,
    "a milter's unix socket is not where the Postfix program looks",
    "smtpd_milters and non_smtpd_milters name milters by socket. A relative "
    "unix: path is relative to queue_directory, and a chrooted smtpd or "
    "cleanup finds even absolute paths inside queue_directory. When no "
    "socket is there, milter_default_action decides: tempfail (the "
    "default) defers all mail, accept lets it pass unfiltered.",
    check,
    SEV_ALSO(SEV_WARNING)
};
