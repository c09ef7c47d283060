/*
 * lmtp_unix_destination.c - rule "lmtp-unix-destination": an LMTP
 * destination "unix:PATH" that cannot work as configured.
 *
 * lmtp(8) of Postfix 3.7.11 (smtp_connect.c) connects to a next-hop
 * "unix:PATH" through a UNIX-domain socket:
 *   - a PATH that does not fit a socket address (sun_path: 108 bytes on
 *     Linux, with its terminating null) is refused at each delivery:
 *     "warning: unix-domain name too long: PATH", and the mail is deferred
 *     ("4.3.5 Server configuration error");
 *   - lmtp_fallback_relay applies only to TCP destinations; with a unix:
 *     destination lmtp logs "warning: ignoring "lmtp_fallback_relay =
 *     ..." setting for non-TCP connections" at each delivery, and the
 *     fallback is never tried.
 * The destinations judged are the transport:nexthop values of main.cf
 * that mail certainly reaches: default_transport always, mailbox_transport
 * and fallback_transport when local(8) delivers (local_transport with
 * mydestination), virtual_transport with virtual_mailbox_domains,
 * relay_transport with relay_domains, whose transport is a master.cf
 * service that runs lmtp. transport_maps entries are not judged.
 */
#include "rule.h"
#include "effective.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

typedef struct route {
    const char *param;          /* the transport parameter */
    const char *needs;          /* a list that must be non-empty, or NULL */
    const char *via;            /* a program that must deliver, or NULL */
} route;

static const route routes[] = {
    {"default_transport", NULL, NULL},
    {"mailbox_transport", NULL, "local"},
    {"fallback_transport", NULL, "local"},
    {"virtual_transport", "virtual_mailbox_domains", NULL},
    {"relay_transport", "relay_domains", NULL},
    {NULL, NULL, NULL}
};

static bool route_used(const lint_ctx *ctx, const route *r)
{
    bool used = true;

    if (r->needs) {
        char *v = effective_text(ctx->m, NULL, r->needs, NULL);

        used = v && v[strspn(v, ", \t\r\n")] != '\0';
        free(v);
    }
    if (used && r->via)
        used = daemon_delivers(ctx->m, r->via);
    return used;
}

static void check_route(const lint_ctx *ctx, const rule_desc *self,
                        const route *r, bool *fallback_told)
{
    eff_value ev = effective_lookup(ctx->m, NULL, r->param);
    char *v, *colon, *transport, *path;
    const service *svc;
    size_t limit = sizeof(((struct sockaddr_un *) 0)->sun_path);

    if (ev.origin != ORIGIN_MAIN || ev.entry == NULL
        || (v = effective_text(ctx->m, NULL, r->param, NULL)) == NULL)
        return;
    if ((colon = strchr(v, ':')) == NULL || strncmp(colon + 1, "unix:", 5)
        || !route_used(ctx, r)) {
        free(v);
        return;
    }
    transport = xstrndup(v, (size_t) (colon - v));
    path = colon + 6;
    svc = model_find_service(ctx->m, transport);
    if (svc && svc->has_fields && str_eq(service_daemon(svc), "lmtp")) {
        eff_value fb = effective_lookup(ctx->m, svc, "lmtp_fallback_relay");
        const char *name = svc->argv[MF_SERVICE].text;

        if (strlen(path) >= limit)
            report(ctx, self, &ev.entry->value_sp, "%s = %.40s...: the "
                   "socket path is %zu bytes, at most %zu fit a UNIX-domain "
                   "socket address" DIAG_NOTE " lmtp (service %s) of Postfix "
                   "%s logs \"warning: unix-domain name too long: %.40s...\" "
                   "and defers the mail (4.3.5 Server configuration error)",
                   r->param, v, strlen(path), limit - 1, name,
                   ctx->version_text, path);
        if (fb.value && fb.value[strspn(fb.value, " \t\r\n")] != '\0') {
            const span *fsp = fb.origin == ORIGIN_MASTER && fb.opt
                ? &fb.opt->sp : fb.entry ? &fb.entry->value_sp : NULL;

            if (fsp && !*fallback_told) {
                *fallback_told = true;
                report_sev(ctx, self, SEV_WARNING, fsp,
                           "lmtp_fallback_relay is set, but %s delivers "
                           "with service %s to the UNIX-domain socket %s, "
                           "where it does not apply" DIAG_NOTE " lmtp of "
                           "Postfix %s logs 'warning: ignoring "
                           "\"lmtp_fallback_relay = %s\" setting for "
                           "non-TCP connections' at each delivery, and "
                           "never tries the fallback", r->param, name,
                           path, ctx->version_text, fb.value);
            }
        }
    }
    free(transport);
    free(v);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    bool fallback_told = false;

    for (const route *r = routes; r->param; r++)
        check_route(ctx, self, r, &fallback_told);
}

const rule_desc rule_lmtp_unix_destination = {
    "lmtp-unix-destination", SEV_ERROR,
    "an LMTP destination unix:PATH that cannot work as configured (a path "
    "too long for a socket, lmtp_fallback_relay that does not apply)",
    "lmtp(8) connects to a next hop unix:PATH through a UNIX-domain socket. "
    "A PATH too long for a socket address (107 bytes on Linux) is refused "
    "at each delivery and the mail is deferred (4.3.5 Server configuration "
    "error). lmtp_fallback_relay applies only to TCP destinations: with a "
    "unix: destination lmtp logs that it ignores the setting, and never "
    "tries the fallback.",
    check,
    SEV_ALSO(SEV_WARNING)
};
