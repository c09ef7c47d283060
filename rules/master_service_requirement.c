/*
 * master_service_requirement.c - rule "master-service-requirement": a
 * master.cf entry that the daemon it runs refuses.
 *
 * Each daemon is built on one of master(8)'s server skeletons, which
 * checks the entry when the daemon starts (master/single_server.c and the other skeletons, 2.6-3.11):
 *  - solitary daemons (qmgr, pickup, anvil, scache, tlsmgr, verify,
 *    postscreen, postlogd) need a process limit of 1: "fatal: service
 *    NAME requires a process limit of 1";
 *  - unlimited ones (cleanup, bounce, flush, dnsblog, tlsproxy) need 0:
 *    "... requires a process limit of 0";
 *  - privileged ones (local, pipe, spawn, virtual) need unprivileged = n:
 *    "fatal: service NAME requires privileged operation";
 *  - each skeleton accepts some service types only: "fatal: unsupported
 *    transport type: TYPE";
 *  - most daemons take no arguments besides the skeleton's options; a
 *    word that is not an option ends the options (getopt with '+'), and
 *    the daemon stops at its first request with "fatal: unexpected
 *    command-line argument: WORD". (A '#' word is master-trailing-
 *    comment's, one right after a -o master-option-syntax's.)
 *  - bounce uses its service name as a queue directory name: letters and
 *    digits only ("fatal: malformed service name: NAME", bounce/bounce.c),
 *    when bounce_service_name, defer_service_name or trace_service_name
 *    names the service.
 * And what single daemons refuse (3.7 sources):
 *  - -r (retirement time, single and event skeletons, 3.4+) must be a
 *    positive number (atoi): "fatal: invalid retirement time: 0";
 *  - error runs only as service error or retry ("bad error service
 *    name"), proxymap only as proxymap or proxywrite (2.5+);
 *  - nqmgr is the old name of qmgr, a hard link that still works with
 *    three warnings (info here; fix: qmgr).
 *  - smtpd refuses a network connection (inet, no upstream proxy) as
 *    root, and ignores smtpd_upstream_proxy_protocol behind postscreen
 *    (pass), with a warning (smtpd_peer.c).
 * A '-' process limit is $default_process_limit. Fixes: the field value
 * the daemon needs.
 */
#include "rule.h"
#include "effective.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct daemon_needs {
    const char *daemon;
    const char *skeleton;   /* single, multi, event, trigger, dgram */
    char limit;             /* '1', '0' or 0: any */
    bool privileged;
    bool no_arguments;
} daemon_needs;

static const daemon_needs needs[] = {
    {"anvil", "multi", '1', false, true},
    {"bounce", "single", '0', false, true},
    {"cleanup", "single", '0', false, true},
    {"discard", "single", 0, false, true},
    {"dnsblog", "single", '0', false, true},
    {"error", "single", 0, false, true},
    {"flush", "single", '0', false, true},
    {"local", "single", 0, true, true},
    {"nqmgr", "trigger", '1', false, true},
    {"lmtp", "single", 0, false, false},
    {"oqmgr", "trigger", '1', false, true},
    {"pickup", "trigger", '1', false, true},
    {"pipe", "single", 0, true, false},
    {"postlogd", "dgram", '1', false, true},
    {"postscreen", "event", '1', false, false},
    {"proxymap", "multi", 0, false, true},
    {"qmgr", "trigger", '1', false, true},
    {"qmqpd", "single", 0, false, false},
    {"scache", "multi", '1', false, true},
    {"showq", "single", 0, false, true},
    {"smtp", "single", 0, false, false},
    {"smtpd", "single", 0, false, true},
    {"spawn", "single", 0, true, false},
    {"tlsmgr", "multi", '1', false, true},
    {"tlsproxy", "event", '0', false, true},
    {"trivial-rewrite", "multi", 0, false, true},
    {"verify", "multi", '1', false, true},
    {"virtual", "single", 0, true, true},
};

static const daemon_needs *needs_of(const char *daemon)
{
    for (size_t i = 0; i < sizeof(needs) / sizeof(needs[0]); i++)
        if (str_eq(needs[i].daemon, daemon))
            return &needs[i];
    return NULL;
}

/* The service types a skeleton accepts, as a list for messages. */
static const char *types_of(const char *skeleton)
{
    if (str_eq(skeleton, "trigger"))
        return "unix fifo pass";
    if (str_eq(skeleton, "dgram"))
        return "unix-dgram";
    return "inet unix pass";
}

static bool type_ok(const char *skeleton, const char *type)
{
    const char *list = types_of(skeleton);
    size_t n = strlen(type);

    for (const char *p = list; (p = strstr(p, type)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* The process limit master.cf gives: the field, or default_process_limit
 * for '-'. -1 when it is not a number (bad-value, master-field-value). */
static long process_limit(const lint_ctx *ctx, const service *s)
{
    const char *f = s->argv[MF_MAXPROC].text;
    strbuf out;
    expand_result res;
    eff_value v;
    char *end;
    long n = -1;

    if (!str_eq(f, "-")) {
        n = strtol(f, &end, 10);
        return *f && *end == '\0' ? n : -1;
    }
    v = effective_lookup(ctx->m, NULL, "default_process_limit");
    if (v.value == NULL)
        return -1;
    sb_init(&out);
    memset(&res, 0, sizeof(res));
    effective_expand(ctx->m, NULL, "default_process_limit", v.value, &out,
                     &res);
    if (out.data && *out.data) {
        n = strtol(out.data, &end, 10);
        if (*end != '\0')
            n = -1;
    }
    sb_free(&out);
    return n;
}

static void check_limit(const lint_ctx *ctx, const rule_desc *self,
                        const service *s, const daemon_needs *nd)
{
    const svc_word *f = &s->argv[MF_MAXPROC];
    long n = process_limit(ctx, s);
    char want[2] = {nd->limit, '\0'};
    diagnostic *d;

    if (nd->limit == 0 || n < 0 || n == nd->limit - '0')
        return;
    d = report(ctx, self, &f->sp, "service %s/%s runs %s, which needs a "
               "process limit of %s, but the field says %s%s:" DIAG_NOTE
               " %s of Postfix %s stops with \"fatal: service %s requires a "
               "process limit "
               "of %s\"; write %s", s->argv[MF_SERVICE].text,
               s->argv[MF_TYPE].text, nd->daemon, want, f->text,
               str_eq(f->text, "-") ? " (default_process_limit)" : "",
               nd->daemon, ctx->version_text, s->argv[MF_SERVICE].text,
               want, want);
    diag_set_fix(d, &f->sp, want);
}

static void check_privileged(const lint_ctx *ctx, const rule_desc *self,
                             const service *s, const daemon_needs *nd)
{
    const svc_word *f = &s->argv[MF_UNPRIV];
    diagnostic *d;

    if (!nd->privileged || str_eq(f->text, "n"))
        return;
    if (!str_eq(f->text, "y") && !str_eq(f->text, "-"))
        return;                 /* master-field-value */
    d = report(ctx, self, &f->sp, "service %s/%s runs %s, which must run "
               "as root, but the unprivileged field is \"%s\"%s:" DIAG_NOTE
               " %s of Postfix %s stops with \"fatal: service %s requires "
               "privileged operation\"; write n", s->argv[MF_SERVICE].text,
               s->argv[MF_TYPE].text, nd->daemon, f->text,
               str_eq(f->text, "-") ? " (the default, y)" : "", nd->daemon,
               ctx->version_text, s->argv[MF_SERVICE].text);
    diag_set_fix(d, &f->sp, "n");
}

static void check_type(const lint_ctx *ctx, const rule_desc *self,
                       const service *s, const daemon_needs *nd)
{
    const svc_word *f = &s->argv[MF_TYPE];
    static const char *const known[] = {
        "inet", "unix", "unix-dgram", "fifo", "pass", NULL
    };
    bool valid = false;

    for (const char *const *k = known; *k; k++)
        valid |= str_eq(f->text, *k);
    if (!valid || type_ok(nd->skeleton, f->text))
        return;                 /* an invalid type: master-field-value */
    report(ctx, self, &f->sp, "service %s has type %s, but %s accepts only "
           "%s:" DIAG_NOTE
           " %s of Postfix %s stops with \"fatal: unsupported transport type: "
           "%s\"", s->argv[MF_SERVICE].text, f->text, nd->daemon,
           types_of(nd->skeleton), nd->daemon, ctx->version_text, f->text);
}

static void check_arguments(const lint_ctx *ctx, const rule_desc *self,
                            const service *s, const daemon_needs *nd)
{
    size_t first = service_first_argument(s);
    const svc_word *w = first < s->argc ? &s->argv[first] : NULL;

    if (!nd->no_arguments || w == NULL || w->text[0] == '#')
        return;
    /* A word right after "-o name=value" is master-option-syntax's (a
     * value split at a blank). */
    if (w - s->argv >= MF_COMMAND + 3 && str_eq(w[-2].text, "-o"))
        return;
    /* A word that starts an indented line is suspicious-continuation's
     * (an entry indented by mistake). */
    if (w[-1].sp.line < w->sp.line)
        return;
    report(ctx, self, &w->sp, "%s takes no arguments besides its options, "
           "so \"%s\" stops service %s/%s:" DIAG_NOTE
           " %s of Postfix %s logs \"fatal: unexpected command-line argument: "
           "%s\" at its first request "
           "(and any -o after it is not applied); remove the word or make "
           "it \"-o name=value\"", nd->daemon, w->text,
           s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, nd->daemon,
           ctx->version_text, w->text);
}

/* Is name the value of param, in main.cf or in a -o of any service? */
static bool named_by(const model *m, const char *param, const char *name)
{
    eff_value v = effective_lookup(m, NULL, param);
    expand_result res = {0};
    strbuf out;
    bool hit;

    sb_init(&out);
    if (v.value)
        effective_expand(m, NULL, param, v.value, &out, &res);
    hit = out.data && str_eq(out.data, name);
    sb_free(&out);
    expand_result_free(&res);
    for (size_t i = 0; i < m->n_services && !hit; i++) {
        const svc_option *o = service_option(&m->services[i], param);

        hit = o && str_eq(o->value, name);
    }
    return hit;
}

/*
 * bounce(8) uses its service name as the name of a queue directory
 * (bounce, defer, trace): mail_queue_name_ok() allows 1 to 100 letters
 * and digits, nothing else. Reported when a client is told to use the
 * service (bounce_service_name, defer_service_name, trace_service_name):
 * otherwise nothing connects to it.
 */
static void check_queue_name(const lint_ctx *ctx, const rule_desc *self,
                             const service *s, const daemon_needs *nd)
{
    static const char *const params[] = {
        "bounce_service_name", "defer_service_name", "trace_service_name"
    };
    const svc_word *f = &s->argv[MF_SERVICE];
    const char *name = f->text, *param = NULL;
    size_t n = strlen(name);
    bool ok = n > 0 && n <= 100;

    if (!str_eq(nd->daemon, "bounce"))
        return;
    for (const char *c = name; *c && ok; c++)
        ok = (unsigned char) *c < 128 && isalnum((unsigned char) *c);
    if (ok)
        return;
    for (size_t i = 0; i < 3 && param == NULL; i++)
        if (named_by(ctx->m, params[i], name))
            param = params[i];
    if (param == NULL)
        return;
    report(ctx, self, &f->sp, "service %s runs bounce, which uses its name "
           "as a queue directory name, and that may have only letters and "
           "digits (%s names it):" DIAG_NOTE " bounce of Postfix %s stops "
           "with \"fatal: malformed service name: %s\" at every request, "
           "and mail that needs it waits in the queue; name the service "
           "with letters and digits only", name, param, ctx->version_text,
           name);
}

/* -r (retirement time, single and event skeletons): atoi() > 0. */
static void check_retirement(const lint_ctx *ctx, const rule_desc *self,
                             const service *s, const daemon_needs *nd)
{
    static const pf_version v3_4 = {3, 4, 0};
    size_t first = service_first_argument(s);

    if ((!str_eq(nd->skeleton, "single") && !str_eq(nd->skeleton, "event"))
        || version_cmp(ctx->version, v3_4) < 0)
        return;
    for (size_t i = MF_COMMAND + 1; i < first; i++) {
        const char *w = s->argv[i].text, *c, *val;
        const span *sp = &s->argv[i].sp;
        long n;

        if (w[0] != '-' || str_eq(w, "--"))
            continue;
        c = w + 1 + strcspn(w + 1, "imnorst");
        if (*c == '\0')
            continue;
        if (c[1]) {
            val = c + 1;
        } else if (i + 1 < first) {
            val = s->argv[++i].text;
            sp = &s->argv[i].sp;
        } else {
            continue;
        }
        if (*c != 'r')
            continue;
        n = strtol(val, NULL, 10);
        if (n > 0 || n < INT_MIN)
            continue;           /* (beyond int, atoi() wraps: not sure) */
        report(ctx, self, sp, "retirement time \"%s\" (-r) of service %s/%s "
               "is not a positive number:" DIAG_NOTE
               " %s of Postfix %s stops with \"fatal: invalid retirement "
               "time: %s\" when it starts; write a number of seconds above "
               "0, or drop -r", val, s->argv[MF_SERVICE].text,
               s->argv[MF_TYPE].text, nd->daemon, ctx->version_text, val);
    }
}

/* The service names some daemons insist on (the name is master.cf's
 * first field, passed with -n). */
static void check_name(const lint_ctx *ctx, const rule_desc *self,
                       const service *s, const daemon_needs *nd)
{
    static const pf_version v2_5 = {2, 5, 0};
    const svc_word *f = &s->argv[MF_SERVICE];
    const char *name = f->text;
    if (str_eq(nd->daemon, "error") && !str_eq(name, "error")
        && !str_eq(name, "retry"))
        report(ctx, self, &f->sp, "service %s/%s runs error, which works "
               "only as service error or retry:" DIAG_NOTE
               " error of Postfix %s stops with \"fatal: bad error service "
               "name: %s\" at its first delivery, and the mail waits in "
               "the queue; use the error or retry service (transport "
               "error:text or retry:text), or name this one error or retry",
               name, s->argv[MF_TYPE].text, ctx->version_text, name);
    else if (str_eq(nd->daemon, "proxymap")
             && version_cmp(ctx->version, v2_5) >= 0
             && !str_eq(name, "proxymap")
             && !str_eq(name, "proxywrite"))
    {
        static const pf_version v3_9 = {3, 9, 0};
        char *says = version_cmp(ctx->version, v3_9) >= 0
            ? xasprintf("invalid service name: \\\"%s\\\" - service name "
                        "must be \\\"proxywrite\\\" or \\\"proxymap\\\"", name)
            : xstrdup("service name must be one of proxymap or proxymap");

        report(ctx, self, &f->sp, "service %s/%s runs proxymap, which works "
               "only as service proxymap or proxywrite:" DIAG_NOTE
               " proxymap of Postfix %s stops with \"fatal: %s\" when a "
               "client connects", name, s->argv[MF_TYPE].text,
               ctx->version_text, says);
        free(says);
    }
}

/* nqmgr: the old name of qmgr (a hard link to it). */
static void check_nqmgr(const lint_ctx *ctx, const rule_desc *self,
                        const service *s, const daemon_needs *nd)
{
    diagnostic *d;
    const svc_word *f = &s->argv[MF_COMMAND];

    if (!str_eq(nd->daemon, "nqmgr") || !str_eq(f->text, "nqmgr"))
        return;
    d = report_sev(ctx, self, SEV_INFO, &f->sp, "service %s/%s runs the "
                   "queue manager under its old name nqmgr:" DIAG_NOTE
                   " the queue manager of Postfix %s, started as nqmgr, logs "
                   "\"warning: please update the "
                   "%s/master.cf file; the new queue manager\", \"(old "
                   "name: nqmgr) has become the standard queue manager (new "
                   "name: qmgr)\" and \"support for the name old name "
                   "(nqmgr) will be removed from Postfix\"; write qmgr",
                   s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
                   ctx->version_text, ctx->m->config_dir
                   && ctx->m->config_dir[0] == '/' ? ctx->m->config_dir
                   : "$config_directory");
    diag_set_fix(d, &f->sp, "qmgr");
}

/* The expanded value of name for svc ("" when undefined). */
/*
 * smtpd (smtpd_peer.c): a network connection (inet service, no upstream
 * proxy protocol) to an smtpd that runs as root: "error: incorrect SMTP
 * server privileges: uid=0 euid=0", then "fatal: the Postfix SMTP server
 * must run with $mail_owner privileges". A connection passed by
 * postscreen (type pass) ignores smtpd_upstream_proxy_protocol: "warning:
 * ignoring non-empty smtpd_upstream_proxy_protocol setting behind
 * postscreen", at each connection.
 */
static void check_smtpd(const lint_ctx *ctx, const rule_desc *self,
                        const service *s, const daemon_needs *nd)
{
    const svc_word *f = &s->argv[MF_UNPRIV];
    const char *type = s->argv[MF_TYPE].text;
    char *proxy;
    diagnostic *d;
    static const pf_version v2_10 = {2, 10, 0};

    if (!str_eq(nd->daemon, "smtpd"))
        return;

    /* smtpd_upstream_proxy_protocol: 2.10 and later. */
    proxy = version_cmp(ctx->version, v2_10) >= 0
        ? effective_string(ctx->m, s, "smtpd_upstream_proxy_protocol") : xstrdup("");
    if (str_eq(type, "inet") && str_eq(f->text, "n") && *proxy == '\0') {
        d = report(ctx, self, &f->sp, "service %s/inet runs smtpd as root "
                   "(unprivileged field n), and smtpd refuses network "
                   "connections as root:" DIAG_NOTE " smtpd of Postfix %s "
                   "logs \"error: incorrect SMTP server privileges: uid=0 "
                   "euid=0\" and stops with \"fatal: the Postfix SMTP "
                   "server must run with $mail_owner privileges\" at each "
                   "connection; write -", s->argv[MF_SERVICE].text,
                   ctx->version_text);
        diag_set_fix(d, &f->sp, "-");
    }
    if (str_eq(type, "pass") && *proxy) {
        eff_value v = effective_lookup(ctx->m, s,
                                       "smtpd_upstream_proxy_protocol");
        const span *sp = v.origin == ORIGIN_MASTER && v.opt ? &v.opt->sp
            : &s->argv[MF_TYPE].sp;

        report_sev(ctx, self, SEV_WARNING, sp, "service %s/pass receives "
                   "its connections from postscreen, so "
                   "smtpd_upstream_proxy_protocol = %s (%s) is ignored"
                   DIAG_NOTE " smtpd of Postfix %s logs \"warning: ignoring "
                   "non-empty smtpd_upstream_proxy_protocol setting behind "
                   "postscreen\" at each connection; the proxy protocol "
                   "belongs in postscreen_upstream_proxy_protocol; %s",
                   s->argv[MF_SERVICE].text, proxy,
                   v.origin == ORIGIN_MASTER ? "its -o" : "main.cf",
                   ctx->version_text, v.origin == ORIGIN_MASTER
                   ? "remove the -o" : "add -o smtpd_upstream_proxy_protocol= "
                   "to this service");
    }
    free(proxy);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const daemon_needs *nd;

        if (!s->has_fields || (nd = needs_of(service_daemon(s))) == NULL)
            continue;
        check_type(ctx, self, s, nd);
        check_limit(ctx, self, s, nd);
        check_privileged(ctx, self, s, nd);
        check_arguments(ctx, self, s, nd);
        check_retirement(ctx, self, s, nd);
        check_name(ctx, self, s, nd);
        check_nqmgr(ctx, self, s, nd);
        check_queue_name(ctx, self, s, nd);
        check_smtpd(ctx, self, s, nd);
    }
}

const rule_desc rule_master_service_requirement = {
    "master-service-requirement", SEV_ERROR,
    "a master.cf entry that the daemon it runs refuses",
    "Each Postfix daemon checks its master.cf entry when it starts: qmgr, "
    "pickup, anvil, scache, tlsmgr, verify, postscreen and postlogd need a "
    "process limit of 1; cleanup, bounce, flush, dnsblog and tlsproxy need "
    "0; local, pipe, spawn and virtual must not be unprivileged; each "
    "accepts some service types only; and most take no arguments but "
    "options; a -r retirement time must be a positive number; error runs "
    "only as service error or retry, proxymap only as proxymap or "
    "proxywrite, bounce only under a name of letters and digits, smtpd on an "
    "inet service only unprivileged. Otherwise "
    "the daemon stops with a fatal error and the mail it handles waits. nqmgr "
    "is the old name of qmgr. smtpd behind postscreen (type pass) ignores "
    "smtpd_upstream_proxy_protocol with a warning at each connection.",
    check,
    SEV_ALSO(SEV_WARNING) | SEV_ALSO(SEV_INFO)
};
