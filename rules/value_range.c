/*
 * value_range.c - rule "value-range": a number outside the bounds the
 * program enforces, an empty string it requires, or an SMTP reply code
 * smtpd cannot send. A pipe or spawn service's <service>_time_limit has
 * the bounds of command_time_limit.
 *
 * Every CONFIG_INT/LONG/TIME/STR/RAW_TABLE entry of a Postfix program
 * has a minimum and a maximum (0: not checked); get_mail_conf_*() stops
 * the program when the value, after $name expansion, is outside them:
 *   int, long  "invalid NAME parameter value V < MIN" (or > MAX)
 *   time       "invalid NAME: SECONDS (min MIN)" (or max), in seconds
 *   str        "bad string length LEN < MIN: NAME = VALUE"
 *   raw        "bad string length (LEN < MIN): NAME = VALUE"
 * The bounds are data (rules/ranges.tsv, from the 3.7.11 tables, kept
 * for each release series whose first and last release have the same
 * table entry). The *_reject_code and *_defer_code parameters smtpd uses
 * in its replies have no bounds in the table, but smtpd_check_reject()
 * sends only 4xx and 5xx: any other code is logged as "SMTP reply code
 * configuration error" and the client gets "450 4.7.1 Service
 * unavailable" instead. A value that is not a number at all is
 * bad-value's.
 */
#include "rule.h"
#include "effective.h"
#include "service_params.h"
#include "value_tables.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void programs_text(const char *list, strbuf *out)
{
    if (str_eq(list, "all")) {
        sb_adds(out, "every Postfix program");
        return;
    }
    for (const char *cp = list; *cp; cp++) {
        if (*cp == ',')
            sb_adds(out, ", ");
        else
            sb_addc(out, *cp);
    }
}

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const service *svc, const char *name,
                        const char *raw, const span *sp)
{
    const param_info *p = param_lookup(name);
    const range_info *r = range_lookup(name, ctx->version);
    const service *tl = NULL;
    expand_result res = {0};
    strbuf value, who, log, what;
    long n = 0;
    bool bad = false;

    /* <service>_time_limit of a pipe or spawn service has the bounds of
     * command_time_limit (get_mail_conf_time2(..., 1, 0)); only that
     * service reads it. */
    if (p == NULL && (tl = time_limit_service(ctx->m, name)) != NULL) {
        if (svc && !str_eq(svc->argv[MF_SERVICE].text,
                           tl->argv[MF_SERVICE].text))
            return;
        p = param_lookup("command_time_limit");
        r = range_lookup("command_time_limit", ctx->version);
    }
    if (r == NULL || p == NULL || !param_builtin_in(p, ctx->version))
        return;
    /* A setting hurts only programs that run. */
    if (!setting_reaches(ctx->m, svc, p, r->programs))
        return;
    sb_init(&value);
    if (r->kind == RK_RAW)
        sb_adds(&value, raw);
    else
        effective_expand(ctx->m, svc, name, raw, &value, &res);
    if (res.error || res.too_large) {
        sb_free(&value);
        expand_result_free(&res);
        return;
    }
    sb_init(&log);
    sb_init(&what);
    switch (r->kind) {
    case RK_INT:
    case RK_LONG:
        if (!conf_long(value.data, &n)
            || (r->kind == RK_INT && (n < INT_MIN || n > INT_MAX)))
            break;
        if (r->min && n < r->min) {
            bad = true;
            sb_printf(&what, "%ld is below the minimum %ld", n, r->min);
            sb_printf(&log, "fatal: invalid %s parameter value %ld < %ld",
                      name, n, r->min);
        } else if (r->max && n > r->max) {
            bad = true;
            sb_printf(&what, "%ld is above the maximum %ld", n, r->max);
            sb_printf(&log, "fatal: invalid %s parameter value %ld > %ld",
                      name, n, r->max);
        }
        break;
    case RK_TIME:
        if (!conf_time(value.data, r->unit, &n))
            break;
        if (r->min && n < r->min) {
            bad = true;
            sb_printf(&what, "%ld seconds is below the minimum %ld", n,
                      r->min);
            sb_printf(&log, "fatal: invalid %s: %ld (min %ld)", name, n,
                      r->min);
        } else if (r->max && n > r->max) {
            bad = true;
            sb_printf(&what, "%ld seconds is above the maximum %ld", n,
                      r->max);
            sb_printf(&log, "fatal: invalid %s: %ld (max %ld)", name, n,
                      r->max);
        }
        break;
    case RK_STR:
    case RK_RAW:
        n = (long)value.len;
        if ((r->min && n < r->min) || (r->max && n > r->max)) {
            bool low = r->min && n < r->min;

            bad = true;
            if (n == 0)
                sb_adds(&what, "the value is empty");
            else
                sb_printf(&what, "the value is %ld characters long, %s %ld",
                          n, low ? "the minimum is" : "the maximum is",
                          low ? r->min : r->max);
            sb_printf(&log, r->kind == RK_RAW
                      ? "fatal: bad string length (%ld %s %ld): %s = "
                      : "fatal: bad string length %ld %s %ld: %s = ", n,
                      low ? "<" : ">", low ? r->min : r->max, name);
            sb_add_printable(&log, value.data, 100);
        }
        break;
    case RK_REPLY:
        if (!conf_long(value.data, &n) || (n >= 400 && n <= 599))
            break;
        sb_init(&who);
        programs_text(r->programs, &who);
        report(ctx, self, sp,
               "%s = %ld is not an SMTP error code:" DIAG_NOTE
               " smtpd (Postfix %s) replies only with 4xx or 5xx; when it "
               "uses this code it "
               "logs \"warning: SMTP reply code configuration error: %ld "
               "...\" and answers \"450 4.7.1 Service unavailable\" "
               "instead, so the client retries; write a code from 400 to "
               "599 (4xx: try again later, 5xx: rejected)",
               name, n, ctx->version_text, n);
        sb_free(&who);
        break;
    }
    if (bad) {
        sb_init(&who);
        if (svc)
            sb_adds(&who, service_daemon(svc));
        else if (tl)
            sb_printf(&who, "%s of service %s", service_daemon(tl),
                      tl->argv[MF_SERVICE].text);
        else
            programs_text(r->programs, &who);
        report(ctx, self, sp, "%s = \"%.60s\"%s%s%s: %s;" DIAG_NOTE
                              " %s (Postfix %s) %s with "
                              "\"%s\"", name, value.data,
               strcmp(value.data, raw) ? " (from \"" : "",
               strcmp(value.data, raw) ? raw : "",
               strcmp(value.data, raw) ? "\")" : "", what.data, who.data,
               ctx->version_text,
               strchr(who.data, ',') ? "stop" : "stops", log.data);
        sb_free(&who);
    }
    sb_free(&log);
    sb_free(&what);
    sb_free(&value);
    expand_result_free(&res);
}

static void check_setting(const lint_ctx *ctx, const rule_desc *self,
                          const setting *st)
{
    check_value(ctx, self, st->svc, st->name, st->value, st->sp);
}

/* The explicit setting of name for svc (its -o, else main.cf); NULL
 * when it is a default. */
static const span *explicit_at(const lint_ctx *ctx, const service *svc,
                               const char *name)
{
    eff_value v = effective_lookup(ctx->m, svc, name);

    if (v.origin == ORIGIN_MASTER && v.opt)
        return &v.opt->sp;
    if (v.origin == ORIGIN_MAIN && v.entry)
        return &v.entry->value_sp;
    return NULL;
}

/* smtp(8) and lmtp(8) with SASL: smtp_sasl_initialize() refuses an empty
 * password table when the client starts (smtp_sasl_glue.c). */
static void check_sasl_maps(const lint_ctx *ctx, const rule_desc *self)
{
    seen_places done = {0};     /* one report per setting */

    for (size_t s = 0; s < ctx->m->n_services; s++) {
        const service *svc = &ctx->m->services[s];
        const char *proto = service_daemon(svc);
        char enable[64], maps[64];
        eff_value on;
        expand_result res = {0};
        strbuf value;
        const span *sp;

        if (!str_eq(proto, "smtp") && !str_eq(proto, "lmtp"))
            continue;
        snprintf(enable, sizeof enable, "%s_sasl_auth_enable", proto);
        snprintf(maps, sizeof maps, "%s_sasl_password_maps", proto);
        on = effective_lookup(ctx->m, svc, enable);
        if (on.value == NULL || strcasecmp(on.value, "yes") != 0
            || (sp = explicit_at(ctx, svc, enable)) == NULL)
            continue;
        sb_init(&value);
        effective_expand(ctx->m, svc, maps,
                         effective_lookup(ctx->m, svc, maps).value, &value,
                         &res);
        if (!res.error && !res.too_large
            && value.data[strspn(value.data, " \t\r\n,")] == '\0'
            && !seen_place(&done, sp)) {
            report(ctx, self, sp,
                   "%s = yes, but %s is empty:" DIAG_NOTE " %s (service "
                   "%s) of Postfix %s stops with \"fatal: specify a "
                   "password table via the `%s' configuration parameter\" "
                   "when it starts, and the mail for it stays in the "
                   "queue; name the table with the SASL passwords in %s",
                   enable, maps, proto, svc->argv[MF_SERVICE].text,
                   ctx->version_text, maps, maps);
        }
        sb_free(&value);
        expand_result_free(&res);
    }
}

/* inet_protocols with no word at all: inet_proto_init() accepts it, and
 * then master(8) disables every inet service (master_ent.c). */
static void check_inet_protocols(const lint_ctx *ctx, const rule_desc *self)
{
    const span *sp = explicit_at(ctx, NULL, "inet_protocols");
    eff_value v = effective_lookup(ctx->m, NULL, "inet_protocols");
    expand_result res = {0};
    strbuf value;
    size_t inet = 0;

    if (sp == NULL)
        return;
    for (size_t s = 0; s < ctx->m->n_services; s++)
        inet += ctx->m->services[s].has_fields
                && str_eq(ctx->m->services[s].argv[MF_TYPE].text, "inet");
    sb_init(&value);
    effective_expand(ctx->m, NULL, "inet_protocols", v.value, &value, &res);
    if (inet > 0 && !res.error && !res.too_large
        && value.data[strspn(value.data, " \t\r\n,")] == '\0')
        report(ctx, self, sp,
               "inet_protocols is empty: no network protocol is enabled, "
               "and master.cf has %zu inet service%s:" DIAG_NOTE
               " master of Postfix %s logs \"warning: all network protocols "
               "are disabled (inet_protocols = )\" and \"warning: disabling "
               "all type \"inet\" services in master.cf\": nothing listens "
               "on the network, and no mail comes in by SMTP; write ipv4, "
               "ipv6 or all", inet, inet == 1 ? "" : "s", ctx->version_text);
    sb_free(&value);
    expand_result_free(&res);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_setting(ctx, self, check_setting);
    check_sasl_maps(ctx, self);
    check_inet_protocols(ctx, self);
}

const rule_desc rule_value_range = {
    "value-range", SEV_ERROR,
    "a number outside the bounds Postfix enforces, a required value left "
    "empty, or a reply code that is not 4xx/5xx",
    "Each Postfix program checks its numeric parameters against a minimum "
    "and a maximum when it starts, and stops: \"invalid "
    "smtpd_recipient_limit parameter value 0 < 1\", \"invalid "
    "maximal_queue_lifetime: 8726400 (max 8640000)\"; a string it needs "
    "must not be empty (\"bad string length 0 < 1: myorigin = \"). smtpd "
    "sends only 4xx and 5xx replies: a *_reject_code of 250 is logged as "
    "\"SMTP reply code configuration error\" and the client gets 450 "
    "4.7.1 instead.",
    check,
    0
};
