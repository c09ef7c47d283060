/*
 * tls_wrappermode_port.c - rule "tls-wrappermode-port": wrapper mode on a
 * port other than 465, or port 465 without it.
 *
 * Port 465 (smtps, submissions) speaks TLS from the first byte: smtpd
 * needs smtpd_tls_wrappermode = yes there, or clients see garbage and
 * time out. On port 25 or 587 wrapper mode breaks every STARTTLS client.
 * (Other ports, such as an internal 10465 behind a proxy, are the
 * administrator's business.)
 */
#include "rule.h"
#include "tls_report.h"

#include <string.h>

static bool port_465(const service *svc)
{
    const char *name = svc->argv[MF_SERVICE].text;
    const char *port = strrchr(name, ':') ? strrchr(name, ':') + 1 : name;

    return str_eq(port, "smtps") || str_eq(port, "submissions")
        || str_eq(port, "465");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        /* The pre-greeting pipelining log line exists from 2.9 on. */
        static const pf_version v2_9 = {2, 9, 0};

        if (t->svc == NULL || !str_eq(t->svc->argv[MF_TYPE].text, "inet"))
            continue;
        if (port_465(t->svc) && !t->wrapper)
            report(ctx, self, &t->svc->argv[MF_SERVICE].sp,
                   "%s listens on port 465, where clients start TLS at once, "
                   "but smtpd_tls_wrappermode is not yes:" DIAG_NOTE
                   " smtpd of Postfix %s reads their TLS hello as SMTP%s and "
                   "every client "
                   "gives up (\"wrong version number\"); add -o "
                   "smtpd_tls_wrappermode=yes", t->name, ctx->version_text,
                   version_cmp(ctx->version, v2_9) >= 0
                   ? " (\"improper command pipelining after CONNECT from "
                   "CLIENT: \\026\\003...\", \"lost connection after "
                   "CONNECT\")" : "");
        else if (t->wrapper && (t->role == ROLE_PUBLIC_MX
                                || t->role == ROLE_SUBMISSION))
            report(ctx, self, &t->svc->argv[MF_SERVICE].sp,
                   "%s uses smtpd_tls_wrappermode = yes on port %s, where "
                   "clients expect a plaintext greeting and "
                   "STARTTLS:" DIAG_NOTE
                   " smtpd of Postfix %s waits for a TLS hello, the clients "
                   "wait "
                   "for a greeting, and each connection ends with "
                   "\"SSL_accept error from CLIENT: -1\" and \"TLS library "
                   "problem: ... wrong version number\"; none of them can "
                   "deliver",
                   t->name, t->role == ROLE_PUBLIC_MX ? "25" : "587",
                   ctx->version_text);
    }
}

const rule_desc rule_tls_wrappermode_port = {
    "tls-wrappermode-port", SEV_ERROR,
    "TLS wrapper mode on the wrong port, or port 465 without it",
    "Port 465 (smtps, submissions; RFC 8314) speaks TLS from the first "
    "byte, so its smtpd service needs -o smtpd_tls_wrappermode=yes. Any "
    "other port starts in plaintext and upgrades with STARTTLS; wrapper "
    "mode there breaks every client.",
    check,
    0
};
