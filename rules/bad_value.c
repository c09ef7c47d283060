/*
 * bad_value.c - rule "bad-value": a value the reading program refuses.
 *
 * postconf never checks value types; the daemons do, at start-up, and die:
 *   bool   yes or no, any case          "bad boolean configuration"
 *   int    a whole number (strtol, all of it; empty is bad)
 *                                        "bad numerical configuration"
 *   long, size   the same for long numbers ("10MB" is bad)
 *   time   a non-negative number, optionally followed by s, m, h, d or w
 *                                        "bad time value or unit"
 * and the TLS enumerations, case-insensitively: security levels (per
 * version: fingerprint from 2.5, dane and dane-only from 2.11; smtpd takes
 * only none, may, encrypt and the verify family) and cipher grades. Values
 * are checked after $name expansion, as the program sees them, for every
 * main.cf setting and every master.cf -o. A pipe or spawn service's
 * <service>_time_limit is a time, as command_time_limit.
 * Checked when used: virtual_mailbox_base must be absolute (virtual
 * stops at each delivery), undisclosed_recipients_header must be a
 * header (cleanup warns and adds none: a warning).
 *
 * Three values with a form of their own (Postfix 3.7.11):
 *   - smtp_sasl_auth_cache_name / lmtp_: one table, and a proxy: one;
 *     smtp(8) with SASL enabled stops ("SASL authentication cache name
 *     ... contains multiple values" / "must start with "proxy:").
 *   - hash_queue_names must not list maildrop while hash_queue_depth > 0:
 *     postsuper stops ("maildrop queue must not be hashed"), and
 *     postfix-script runs postsuper in postfix start, check and reload.
 *   - default_destination_concurrency_{positive,negative}_feedback and
 *     the per-transport <transport>_destination_concurrency_*_feedback:
 *     "number" or "number/concurrency" (case-insensitive) or
 *     "number/number", within 0..1; qmgr ignores any other value with a
 *     warning and uses 1 (sqrt_concurrency is not compiled in 3.7.11:
 *     the real qmgr warns about it too). A warning, not an error.
 */
#include "rule.h"
#include "effective.h"
#include "service_params.h"
#include "value_tables.h"
#include "listtok.h"

#include <errno.h>
#include <netdb.h>
#include <sys/socket.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

typedef struct verdict {
    const char *what;       /* "boolean", "numerical", ... */
    const char *postfix;    /* what the program logs */
    const char *expect;     /* what would be right */
    bool fatal;             /* the program dies (else: TLS fails) */
} verdict;

static bool check_int(const char *v, bool is_long)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno == ERANGE)
        return false;
    return is_long || (n >= INT_MIN && n <= INT_MAX);
}

static bool check_time(const char *v)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(v, &end, 10);
    if (*v == '\0' || errno == ERANGE || n < 0 || n > INT_MAX)
        return false;
    return *end == '\0' || strchr("wdhms", *end) != NULL;
}

static bool in_words(const char *v, const char *const *words)
{
    for (; *words; words++)
        if (strcasecmp(v, *words) == 0)
            return true;
    return false;
}

static bool check_level(const char *v, const param_info *p, pf_version ver)
{
    static const char *const base[] = {"none", "may", "encrypt", "verify",
                                       "secure", "", NULL};
    static const pf_version v2_5 = {2, 5, 0}, v2_11 = {2, 11, 0};
    bool server = str_starts(p->name, "smtpd_")
        || str_starts(p->name, "postscreen_")
        || str_eq(p->name, "tlsproxy_tls_security_level");

    if (in_words(v, base))
        return true;
    if (strcasecmp(v, "fingerprint") == 0)
        return version_cmp(ver, v2_5) >= 0;
    if (strcasecmp(v, "dane") == 0 || strcasecmp(v, "dane-only") == 0)
        return !server && version_cmp(ver, v2_11) >= 0;
    return false;
}

/* smtp_connect_addr(): "[addr]" or addr, numeric (hostaddr_to_sockaddr()
 * with AI_NUMERICHOST: the C library decides, as it does for Postfix). */
static bool check_bind_address(const char *v)
{
    struct addrinfo hints, *res = NULL;
    char *addr = xstrdup(v);
    char *host = addr;
    bool ok = true;

    if (*host == '[') {
        char *close = strchr(++host, ']');

        ok = close != NULL && close[1] == '\0';
        if (close)
            *close = '\0';
    }
    if (ok) {
        memset(&hints, 0, sizeof(hints));
        hints.ai_flags = AI_NUMERICHOST;
        hints.ai_socktype = SOCK_STREAM;
        ok = getaddrinfo(host, NULL, &hints, &res) == 0;
        if (res)
            freeaddrinfo(res);
    }
    free(addr);
    return ok;
}

static bool is_bind_address(const char *name)
{
    return str_eq(name, "smtp_bind_address")
        || str_eq(name, "smtp_bind_address6")
        || str_eq(name, "lmtp_bind_address")
        || str_eq(name, "lmtp_bind_address6");
}

/* NULL when fine; else what is wrong. */
static const verdict *judge(const param_info *p, const char *v,
                            pf_version ver)
{
    static const verdict bad_bool = {"boolean", "bad boolean configuration",
                                     "yes or no", true};
    static const verdict bad_int = {"numerical", "bad numerical "
                                    "configuration", "a whole number", true};
    static const verdict bad_time = {"time", "bad time value or unit",
                                     "a number, optionally followed by s, m, "
                                     "h, d or w", true};
    static const verdict bad_level = {"TLS security level",
                                      "Invalid TLS level", "none, may or "
                                      "encrypt (and for clients fingerprint, "
                                      "verify, secure; dane and dane-only "
                                      "from Postfix 2.11)", true};
    static const verdict bad_grade = {"cipher grade", "invalid cipher grade",
                                      "high, medium, low, export or null",
                                      false};
    static const char *const grades[] = {"high", "medium", "low", "export",
                                         "null", NULL};
    static char bind_log[96];
    static const verdict bad_bind = {"bind address", bind_log,
                                     "a numeric IP address, optionally in "
                                     "[ ]", true};
    const char *k = p->kind;

    if (is_bind_address(p->name)) {
        if (*v == '\0' || check_bind_address(v))
            return NULL;
        /* smtp_connect.c: "malformed" for a [ ] form that does not
         * close at the end, else "bad" with the address (the C library's
         * reason follows it in the log). */
        if (*v == '[' && (strchr(v, ']') == NULL
                          || strchr(v, ']')[1] != '\0'))
            snprintf(bind_log, sizeof bind_log, "smtp_connect_addr: "
                     "malformed %s parameter: %.40s", p->name, v);
        else
            snprintf(bind_log, sizeof bind_log, "smtp_connect_addr: bad "
                     "%s parameter: %.*s", p->name,
                     *v == '[' ? (int) strlen(v) - 2 : 40, v + (*v == '['));
        return &bad_bind;
    }
    if (str_eq(k, "bool"))
        return strcasecmp(v, "yes") == 0 || strcasecmp(v, "no") == 0
            ? NULL : &bad_bool;
    if (str_eq(k, "int") || str_eq(k, "long") || str_eq(k, "size"))
        return check_int(v, !str_eq(k, "int")) ? NULL : &bad_int;
    if (str_eq(k, "time"))
        return check_time(v) ? NULL : &bad_time;
    if (str_eq(k, "security_level"))
        return check_level(v, p, ver) ? NULL : &bad_level;
    if (str_eq(k, "cipher_grade"))
        return in_words(v, grades) ? NULL : &bad_grade;
    return NULL;
}

/* cleanup's is_header(): a name of printable ASCII without ':' or
 * blanks, optional blanks, then ':'. */
static bool header_text(const char *v)
{
    const char *cp = v;

    while (*cp > ' ' && *cp < 127 && *cp != ':')
        cp++;
    if (cp == v)
        return false;
    cp += strspn(cp, " \t");
    return *cp == ':';
}

/*
 * Two values that are checked when used, not when the program starts:
 *  - virtual_mailbox_base must be absolute (virtual/mailbox.c): "fatal: do
 *    not specify relative pathname: virtual_mailbox_base = V" at each
 *    delivery;
 *  - undisclosed_recipients_header must be "name: value"
 *    (cleanup_message.c): "warning: bad undisclosed_recipients_header
 *    header text "V" -- need "headername: headervalue"", for each
 *    message without To or Cc whose headers cleanup rewrites (local
 *    submissions, local_header_rewrite_clients), which then gets no
 *    such header.
 * (Empty: value-range for the first, "add none" for the second.)
 */
static void check_used_value(const lint_ctx *ctx, const rule_desc *self,
                             const service *svc, const param_info *p,
                             const char *raw, const char *v,
                             const span *sp)
{
    char from[200] = "";

    if (strcmp(v, raw))
        snprintf(from, sizeof from, " (from \"%.80s\")", raw);
    if (str_eq(p->name, "virtual_mailbox_base") && *v && *v != '/'
        && setting_reaches(ctx->m, svc, p, "virtual"))
        report(ctx, self, sp, "virtual_mailbox_base = %.80s%s is not an "
               "absolute pathname:" DIAG_NOTE " virtual of Postfix %s stops "
               "with \"fatal: do not specify relative pathname: "
               "virtual_mailbox_base = %.80s\" at each delivery, and the "
               "mail waits in the queue; write a path that starts with /",
               v, from, ctx->version_text, v);
    if (str_eq(p->name, "undisclosed_recipients_header") && *v
        && !header_text(v) && setting_reaches(ctx->m, svc, p, "cleanup"))
        report_sev(ctx, self, SEV_WARNING, sp, "undisclosed_recipients_"
                   "header = %.80s%s is not a header (\"name: value\"):"
                   DIAG_NOTE " cleanup of Postfix %s logs \"warning: bad "
                   "undisclosed_recipients_header header text \"%.80s\" -- "
                   "need \"headername: headervalue\"\" for each message "
                   "without To or Cc whose headers it rewrites (local "
                   "submissions, local_header_rewrite_clients), and adds no "
                   "header; write e.g. "
                   "\"To: undisclosed-recipients:;\", or leave it empty",
                   v, from, ctx->version_text, v);
}

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const service *svc, const char *name,
                        const char *raw, const span *sp)
{
    const param_info *p = param_lookup(name);
    const range_info *r;
    const verdict *bad;
    const service *tl = NULL;
    expand_result res = {0};
    strbuf value;

    /* <service>_time_limit of a pipe or spawn service: read by that
     * service only, as command_time_limit is. */
    if (p == NULL && (tl = time_limit_service(ctx->m, name)) != NULL) {
        if (svc && !str_eq(svc->argv[MF_SERVICE].text,
                           tl->argv[MF_SERVICE].text))
            return;
        p = param_lookup("command_time_limit");
    }
    if (p == NULL || !param_builtin_in(p, ctx->version))
        return;
    /* An -o the service's program never reads cannot hurt it. */
    if (svc && daemon_known(service_daemon(svc))
        && !daemon_reads(p, service_daemon(svc)))
        return;
    /* smtpd ignores its level in wrapper mode (smtps). */
    if (str_eq(name, "smtpd_tls_security_level")) {
        eff_value w = effective_lookup(ctx->m, svc, "smtpd_tls_wrappermode");

        if (w.value && strcasecmp(w.value, "yes") == 0)
            return;
    }
    sb_init(&value);
    effective_expand(ctx->m, svc, name, raw, &value, &res);
    /* An empty string where the program requires one: it stops earlier,
     * at "bad string length 0 < 1" (value-range). */
    if (value.len == 0 && (r = range_lookup(name, ctx->version)) != NULL
        && (r->kind == RK_STR || r->kind == RK_RAW) && r->min > 0) {
        sb_free(&value);
        expand_result_free(&res);
        return;
    }
    if (!res.error && !res.too_large)
        check_used_value(ctx, self, svc, p, raw, value.data, sp);
    if (!res.error && (bad = judge(p, value.data, ctx->version)) != NULL) {
        strbuf who;

        sb_init(&who);
        if (svc)
            sb_adds(&who, service_daemon(svc));
        else if (tl)
            sb_printf(&who, "%s of service %s", service_daemon(tl),
                      tl->argv[MF_SERVICE].text);
        else
            readers_text(p, ctx->version, &who);
        report(ctx, self, sp,
               "bad %s value \"%.60s\" for %s%s%s%s: expected %s;" DIAG_NOTE
               " %s (Postfix %s) %s \"%s\"",
               bad->what, value.data, name,
               strcmp(value.data, raw) ? " (from \"" : "",
               strcmp(value.data, raw) ? raw : "",
               strcmp(value.data, raw) ? "\")" : "", bad->expect,
               who.data, ctx->version_text,
               bad->fatal ? (strchr(who.data, ',') ? "stop with"
                             : "stops with")
               : (strchr(who.data, ',') ? "fail every TLS handshake that "
                  "uses it, logging" : "fails every TLS handshake that uses "
                  "it, logging"), bad->postfix);
        sb_free(&who);
    }
    sb_free(&value);
    expand_result_free(&res);
}

/* The value of a setting as its program sees it; NULL on error. */
static bool is_yes(const lint_ctx *ctx, const service *svc, const char *name)
{
    eff_value v = effective_lookup(ctx->m, svc, name);

    return v.value && strcasecmp(v.value, "yes") == 0;
}

/* smtp/lmtp_sasl_auth_cache_name: one proxy: table (smtp_sasl_glue.c,
 * smtp_sasl_auth_cache.c), read when SASL is enabled for the service. */
static void check_sasl_cache(const lint_ctx *ctx, const rule_desc *self,
                             const setting *st, const char *proto)
{
    char enable[64], *v;
    const service *who = NULL;
    const char *why;

    snprintf(enable, sizeof enable, "%s_sasl_auth_enable", proto);
    /* The first service that runs the client with SASL on and reads this
     * value (a -o of its own wins over main.cf). */
    for (size_t s = 0; s < ctx->m->n_services && who == NULL; s++) {
        const service *svc = &ctx->m->services[s];

        if (!svc->has_fields || !str_eq(service_daemon(svc), proto))
            continue;
        if (st->svc ? st->svc != svc : service_option(svc, st->name) != NULL)
            continue;
        if (is_yes(ctx, svc, enable))
            who = svc;
    }
    if (who == NULL
        || (v = effective_text(ctx->m, st->svc, st->name, st->value)) == NULL)
        return;
    if (*v == '\0')
        why = NULL;
    else if (v[strcspn(v, LIST_SEPARATORS)] != '\0')
        why = "contains multiple values";
    else if (strncmp(v, "proxy:", 6) != 0)
        why = "must start with \"proxy:";
    else
        why = NULL;
    if (why)
        report(ctx, self, st->sp, "%s = \"%.60s\": %s" DIAG_NOTE
               " %s (service %s, %s = yes) of Postfix %s stops with "
               "\"fatal: SASL authentication cache name \"%s\" %s\"; the "
               "cache is written by several %s processes, so it must be "
               "one table behind proxywrite (proxy:btree:..., listed in "
               "proxy_write_maps)", st->name, v,
               why[0] == 'c' ? "more than one table"
               : "not a proxy: table", proto,
               who->argv[MF_SERVICE].text, enable, ctx->version_text, v,
               why, proto);
    free(v);
}

/* hash_queue_names with maildrop (postsuper.c: not RECURSE). */
static void check_hash_queues(const lint_ctx *ctx, const rule_desc *self,
                              const setting *st)
{
    char *v, *depth_v;
    setting d = {NULL, "hash_queue_depth", NULL, NULL, NULL};
    eff_value dv = effective_lookup(ctx->m, NULL, "hash_queue_depth");
    list_tokens t = {0};
    bool listed = false;

    if (st->svc != NULL || dv.value == NULL)
        return;
    d.value = dv.value;
    if ((depth_v = effective_text(ctx->m, d.svc, d.name, d.value)) == NULL)
        return;
    if ((v = effective_text(ctx->m, st->svc, st->name, st->value)) == NULL
        || atoi(depth_v) <= 0) {
        free(depth_v);
        free(v);
        return;
    }
    list_split(v, strlen(v), LIST_SEPARATORS, false, &t);
    for (size_t i = 0; i < t.n; i++)
        if (t.items[i].len == 8 && strncmp(t.items[i].text, "maildrop", 8) == 0)
            listed = true;
    if (listed)
        report(ctx, self, st->sp, "hash_queue_names = \"%.60s\" lists the "
               "maildrop queue, which cannot be hashed" DIAG_NOTE
               " postsuper of Postfix %s stops with \"fatal: maildrop "
               "queue must not be hashed\"; postfix start and postfix check "
               "run postsuper and fail (\"postfix check\" exits 1), and postfix reload stops before it signals master; remove "
               "maildrop", v, ctx->version_text);
    list_tokens_free(&t);
    free(v);
    free(depth_v);
}

/* qmgr_feedback_init(): number, number/concurrency, number/number, in
 * 0..1 after the division. */
static bool feedback_ok(const char *v)
{
    double num, den, base = -1;
    char slash[2], denom[31], junk;

    switch (sscanf(v, "%lf %1[/] %30s%c", &num, slash, denom, &junk)) {
    case 1:
        base = num;
        break;
    case 3:
        if (strcasecmp(denom, "concurrency") == 0)
            base = num;
        else if (num >= 0 && num <= INT_MAX
                 && sscanf(denom, "%lf%c", &den, &junk) == 1
                 && den >= 1.0 / INT_MAX && den <= INT_MAX)
            base = num / den;
        break;
    }
    return base >= 0 && base <= 1;
}

#define FEEDBACK_POS "_destination_concurrency_positive_feedback"
#define FEEDBACK_NEG "_destination_concurrency_negative_feedback"

/* Is name a feedback setting qmgr reads: the default, or one of a
 * master.cf service (a transport)? */
static bool feedback_name(const lint_ctx *ctx, const char *name)
{
    size_t n = strlen(name), k = strlen(FEEDBACK_POS);
    char *transport;
    bool known;

    if (n <= k || (strcmp(name + n - k, FEEDBACK_POS) != 0
                   && strcmp(name + n - k, FEEDBACK_NEG) != 0))
        return false;
    if (strncmp(name, "default", n - k) == 0 && n - k == 7)
        return true;
    transport = xstrndup(name, n - k);
    known = model_find_service(ctx->m, transport) != NULL;
    free(transport);
    return known;
}

static void check_feedback(const lint_ctx *ctx, const rule_desc *self,
                           const setting *st)
{
    char *v;
    const char *daemon = st->svc ? service_daemon(st->svc) : NULL;

    if (daemon ? !str_eq(daemon, "qmgr") && !str_eq(daemon, "oqmgr")
        : !programs_in_use(ctx->m, "qmgr, oqmgr"))
        return;
    if ((v = effective_text(ctx->m, st->svc, st->name, st->value)) == NULL)
        return;
    if (daemon == NULL)
        daemon = programs_in_use(ctx->m, "oqmgr")
            && !programs_in_use(ctx->m, "qmgr") ? "oqmgr" : "qmgr";
    if (!feedback_ok(v))
        report_sev(ctx, self, SEV_WARNING, st->sp, "%s = \"%.60s\" is not a "
                   "feedback %s accepts: it is ignored, and 1 is used"
                   DIAG_NOTE " expected a number from 0 to 1, "
                   "\"N/concurrency\" or a ratio such as \"1/8\" (0..1); "
                   "%s of Postfix %s logs \"warning: %s: ignoring malformed "
                   "or unreasonable feedback: %s\"%s", st->name, v, daemon,
                   daemon, ctx->version_text, st->name, v,
                   str_starts(st->name, "default_") ? ""
                   : " when it first delivers with that transport");
    free(v);
}

static void check_setting(const lint_ctx *ctx, const rule_desc *self,
                          const setting *st)
{
    check_value(ctx, self, st->svc, st->name, st->value, st->sp);
    if (str_eq(st->name, "smtp_sasl_auth_cache_name"))
        check_sasl_cache(ctx, self, st, "smtp");
    else if (str_eq(st->name, "lmtp_sasl_auth_cache_name"))
        check_sasl_cache(ctx, self, st, "lmtp");
    else if (str_eq(st->name, "hash_queue_names"))
        check_hash_queues(ctx, self, st);
    else if (feedback_name(ctx, st->name))
        check_feedback(ctx, self, st);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_setting(ctx, self, check_setting);
}

const rule_desc rule_bad_value = {
    "bad-value", SEV_ERROR,
    "a value the program that reads it will refuse (and die)",
    "postconf prints any value without checking it; the Postfix programs "
    "check when they start, and stop with a fatal error: \"bad boolean "
    "configuration\" for anything but yes/no, \"bad numerical "
    "configuration\" for a number with junk (10MB) or an empty value, "
    "\"bad time value or unit\" for 10x, \"Invalid TLS level\" for a "
    "misspelt security level. A global parameter stops every program, so "
    "Postfix does not start; others stop only the programs that read them. "
    "A relative virtual_mailbox_base stops virtual at each delivery; an "
    "undisclosed_recipients_header that is not \"name: value\" is "
    "ignored with a warning. A malformed concurrency feedback is only "
    "ignored by qmgr (a warning).",
    check,
    SEV_ALSO(SEV_WARNING)
};
