/*
 * master_command_argument.c - rule "master-command-argument": a pipe,
 * spawn, smtp or lmtp attribute in master.cf that the daemon refuses.
 *
 * These daemons read "name=value" words after the skeleton's options
 * (Postfix 3.7 pipe.c get_service_attr(), spawn.c get_service_attr(),
 * smtp.c get_cli_attr()); attribute names are case-insensitive:
 *   pipe   flags= (B D F O R X . > h q u), user=, directory=, chroot=,
 *          eol=, null_sender=, size= (digits), argv= (the rest is the
 *          command); user= and argv= are required. Each is fatal at the
 *          first delivery: "unknown flag: z (ignored)", "get_service_attr:
 *          bad size= value: 10k", "unknown attribute name: foo=bar",
 *          "missing user= command-line attribute", "missing argv= ...".
 *          The command's $name macros must be one of pipe's own names
 *          (case-sensitive); any other is logged per delivery ("unknown
 *          macro name") and the mail is deferred, as for a '$' that
 *          starts no name (mac_parse: "empty macro name", "truncated
 *          macro reference").
 *   spawn  user= and argv= only, both required: "unknown attribute name",
 *          "missing user= attribute", "missing argv= attribute".
 *   smtp, lmtp (3.5+)  flags= (D O R X) only, fatal at start: 'unknown
 *          flags=DZ value "Z" in "DZ"', "unknown attribute name: extra".
 *          lmtp with lmtp_assume_final = yes and no X flag warns that the
 *          parameter is obsolete (info: it still works).
 * A '#' word is master-trailing-comment's: the checks stop there; a word
 * of smtp's right after an -o is master-option-syntax's.
 */
#include "rule.h"
#include "effective.h"
#include "macscan.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

static bool attr_is(const char *word, const char *name)
{
    return strncasecmp(word, name, strlen(name)) == 0;
}

static const char *svc_name(const service *s)
{
    return s->argv[MF_SERVICE].text;
}

/* off_cvt_string(): digits only (none is 0), no overflow of off_t. */
static bool size_ok(const char *v)
{
    int64_t n = 0;

    for (; *v; v++) {
        if (*v < '0' || *v > '9' || n > (INT64_MAX - (*v - '0')) / 10)
            return false;
        n = n * 10 + (*v - '0');
    }
    return true;
}

/* pipe(8)'s macro names (pipe.c parse_callback(); envid from 3.9). */
static bool pipe_macro(const lint_ctx *ctx, const char *name, size_t len)
{
    static const pf_version v3_9 = {3, 9, 0};

    static const char *const names[] = {
        "nexthop", "recipient", "original_recipient", "sender", "user",
        "extension", "mailbox", "domain", "size", "client_address",
        "client_hostname", "client_port", "client_protocol", "client_helo",
        "sasl_method", "sasl_username", "sasl_sender", "queue_id", NULL
    };

    for (const char *const *n = names; *n; n++)
        if (strlen(*n) == len && strncmp(*n, name, len) == 0)
            return true;
    return len == 5 && strncmp(name, "envid", 5) == 0
        && version_cmp(ctx->version, v3_9) >= 0;
}

typedef struct macro_walk {
    const lint_ctx *ctx;
    const char *bad;            /* the first bad piece */
    size_t bad_len;
    const char *why;            /* what pipe logs for it */
} macro_walk;

static bool macro_piece(const mac_piece *p, const char *text, void *ctx)
{
    macro_walk *mw = ctx;

    if (p->kind == MAC_ERROR) {
        mw->why = str_eq(p->error, "lone '$'") ? "empty macro name"
            : "truncated macro reference";
    } else if ((p->kind == MAC_NAME || p->kind == MAC_EXPR)
               && p->inner_len == 0) {
        mw->why = "empty macro name";
    } else if ((p->kind == MAC_NAME || p->kind == MAC_EXPR)
               && !pipe_macro(mw->ctx, text + p->inner, p->inner_len)) {
        mw->why = "unknown macro name";
        mw->bad = text + p->inner;
        mw->bad_len = p->inner_len;
        return false;
    } else {
        return true;
    }
    mw->bad = text + p->off;
    mw->bad_len = p->end - p->off;
    return false;
}

static void check_macros(const lint_ctx *ctx, const rule_desc *self,
                         const service *s, size_t first)
{
    for (size_t i = first; i < s->argc; i++) {
        const svc_word *w = &s->argv[i];
        const char *text = w->text + (i == first ? strlen("argv=") : 0);
        macro_walk mw = {ctx, NULL, 0, NULL};

        mac_scan(text, strlen(text), macro_piece, &mw);
        if (mw.why == NULL)
            continue;
        if (str_eq(mw.why, "unknown macro name"))
            report(ctx, self, &w->sp, "pipe service %s has the unknown "
                   "macro \"%.*s\" in its command \"%.60s\":" DIAG_NOTE
                   " pipe of Postfix %s logs \"warning: file "
                   "%s/master.cf: service %s: unknown macro name: "
                   "\\\"%.*s\\\"\" and defers every message (\"mail system "
                   "configuration error\"); pipe knows ${nexthop}, "
                   "${recipient}, ${sender}, ${user}, ${extension}, "
                   "${mailbox}, ${domain}, ${size}, ${original_recipient}, "
                   "${queue_id}, ${client_*} and ${sasl_*}; write $$ for a "
                   "literal '$'",
                   svc_name(s), (int) mw.bad_len, mw.bad, text,
                   ctx->version_text, ctx->m->config_dir
                   && ctx->m->config_dir[0] == '/' ? ctx->m->config_dir
                   : "$config_directory", svc_name(s),
                   (int) mw.bad_len, mw.bad);
        else
            report(ctx, self, &w->sp, "pipe service %s: \"%.*s\" in its "
                   "command \"%.60s\" names no macro:" DIAG_NOTE
                   " pipe of Postfix %s logs \"warning: %s: \\\"%s\\\"\" "
                   "and defers every message (\"mail system configuration "
                   "error\"); write $$ for a literal '$'", svc_name(s),
                   (int) mw.bad_len, mw.bad, text, ctx->version_text,
                   mw.why, text);
        return;                 /* pipe stops at the first */
    }
}

static void missing(const lint_ctx *ctx, const rule_desc *self,
                    const service *s, const char *attr, const char *log)
{
    report(ctx, self, &s->argv[MF_COMMAND].sp, "%s service %s has no %s "
           "attribute:" DIAG_NOTE " %s of Postfix %s stops with \"fatal: %s\" "
           "%s", service_daemon(s), svc_name(s), attr, service_daemon(s),
           ctx->version_text, log, str_eq(service_daemon(s), "pipe")
           ? "at its first delivery, and the mail waits in the queue"
           : "when a client connects");
}

static void unknown_attr(const lint_ctx *ctx, const rule_desc *self,
                         const service *s, const svc_word *w,
                         const char *known, const char *when)
{
    report(ctx, self, &w->sp, "\"%s\" is not an attribute of %s "
           "(service %s/%s):" DIAG_NOTE
           " %s of Postfix %s stops with \"fatal: unknown attribute name: "
           "%s\" %s; it takes %s", w->text, service_daemon(s), svc_name(s),
           s->argv[MF_TYPE].text, service_daemon(s), ctx->version_text,
           w->text, when, known);
}

static void check_pipe(const lint_ctx *ctx, const rule_desc *self,
                       const service *s, size_t first)
{
    static const char *const plain[] = {
        "directory=", "chroot=", "eol=", "null_sender=", NULL
    };
    static const char when[] = "at its first delivery, and the mail waits "
        "in the queue";
    bool user = false;

    for (size_t i = first; i < s->argc; i++) {
        const svc_word *w = &s->argv[i];
        bool known = false;

        if (w->text[0] == '#')
            return;             /* master-trailing-comment */
        if (attr_is(w->text, "argv=")) {
            check_macros(ctx, self, s, i);
            if (!user)
                missing(ctx, self, s, "user=",
                        "missing user= command-line attribute");
            return;
        }
        for (const char *const *p = plain; *p; p++)
            known |= attr_is(w->text, *p);
        if (known)
            continue;
        if (attr_is(w->text, "user=")) {
            user = true;
        } else if (attr_is(w->text, "flags=")) {
            const char *f = w->text + strlen("flags=");

            f += strspn(f, "BDFORX.>hqu");
            if (*f)
                report(ctx, self, &w->sp, "pipe flag '%c' in \"%s\" of "
                       "service %s does not exist:" DIAG_NOTE
                       " pipe of Postfix %s stops with \"fatal: unknown "
                       "flag: %c (ignored)\" %s; pipe's flags are B, D, F, O, "
                       "R, X, ., >, h, q and u (case matters)", *f, w->text,
                       svc_name(s), ctx->version_text, *f, when);
        } else if (attr_is(w->text, "size=")) {
            const char *v = w->text + strlen("size=");

            if (!size_ok(v))
                report(ctx, self, &w->sp, "pipe size limit \"%s\" of "
                       "service %s is not a number of bytes:" DIAG_NOTE
                       " pipe of Postfix %s stops with \"fatal: "
                       "get_service_attr: bad size= value: %s\" %s; write "
                       "digits only (10240000, not 10M)", w->text,
                       svc_name(s), ctx->version_text, v, when);
        } else {
            unknown_attr(ctx, self, s, w, "flags=, user=, directory=, "
                         "chroot=, eol=, null_sender=, size= and, last, "
                         "argv=", when);
            return;             /* the daemon stops here */
        }
    }
    if (!user)
        missing(ctx, self, s, "user=", "missing user= command-line attribute");
    missing(ctx, self, s, "argv=", "missing argv= command-line attribute");
}

static void check_spawn(const lint_ctx *ctx, const rule_desc *self,
                        const service *s, size_t first)
{
    bool user = false;

    for (size_t i = first; i < s->argc; i++) {
        const svc_word *w = &s->argv[i];

        if (w->text[0] == '#')
            return;
        if (attr_is(w->text, "argv=")) {
            if (!user)
                missing(ctx, self, s, "user=", "missing user= attribute");
            return;
        }
        if (attr_is(w->text, "user=")) {
            user = true;
            continue;
        }
        unknown_attr(ctx, self, s, w, "user= and, last, argv=",
                     "when a client connects");
        return;
    }
    if (!user)
        missing(ctx, self, s, "user=", "missing user= attribute");
    missing(ctx, self, s, "argv=", "missing argv= attribute");
}

static void check_smtp(const lint_ctx *ctx, const rule_desc *self,
                       const service *s, size_t first)
{
    const char *daemon = service_daemon(s);
    const char *last_flags = "flags=";
    eff_value v;

    for (size_t i = first; i < s->argc; i++) {
        const svc_word *w = &s->argv[i];

        if (w->text[0] == '#')
            return;
        if (!attr_is(w->text, "flags=")) {
            /* A word right after "-o name=value" is master-option-
             * syntax's (a value split at a blank). */
            if (i >= MF_COMMAND + 3 && str_eq(s->argv[i - 2].text, "-o"))
                return;
            unknown_attr(ctx, self, s, w, "only flags=", "when it starts, "
                         "and mail for this transport waits in the queue");
            return;
        }
        last_flags = w->text;
        const char *f = w->text + strlen("flags=");

        f += strspn(f, "DORX");
        if (*f) {
            report(ctx, self, &w->sp, "%s flag '%c' in \"%s\" of service "
                   "%s does not exist:" DIAG_NOTE
                   " %s of Postfix %s stops with 'fatal: unknown %s value "
                   "\"%c\" in \"%s\"' when it starts, and mail for this "
                   "transport waits in the queue; %s's flags are D, O, R "
                   "and X (case matters)", daemon, *f, w->text, svc_name(s),
                   daemon, ctx->version_text, w->text, *f,
                   w->text + strlen("flags="), daemon);
            return;
        }
    }
    if (!str_eq(daemon, "lmtp") || strchr(last_flags + strlen("flags="), 'X'))
        return;
    v = effective_lookup(ctx->m, s, "lmtp_assume_final");
    if (v.value == NULL || strcasecmp(v.value, "yes") != 0
        || v.origin == ORIGIN_DEFAULT)
        return;
    report_sev(ctx, self, SEV_INFO, &s->argv[MF_COMMAND].sp,
               "lmtp_assume_final = yes is obsolete for service %s:"
               DIAG_NOTE " lmtp of Postfix %s still honours it and logs "
               "\"warning: lmtp_assume_final is obsolete; instead, specify "
               "\\\"%sX\\\" in master.cf\"; add the X flag to the lmtp entry "
               "and remove the parameter", svc_name(s), ctx->version_text,
               last_flags);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_5 = {3, 5, 0};
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *daemon;
        size_t first;

        if (!s->has_fields)
            continue;
        daemon = service_daemon(s);
        first = service_first_argument(s);
        if (str_eq(daemon, "pipe"))
            check_pipe(ctx, self, s, first);
        else if (str_eq(daemon, "spawn"))
            check_spawn(ctx, self, s, first);
        else if ((str_eq(daemon, "smtp") || str_eq(daemon, "lmtp"))
                 && version_cmp(ctx->version, v3_5) >= 0)
            check_smtp(ctx, self, s, first);
    }
}

const rule_desc rule_master_command_argument = {
    "master-command-argument", SEV_ERROR,
    "a pipe, spawn, smtp or lmtp attribute in master.cf that the daemon "
    "refuses",
    "pipe, spawn, smtp and lmtp read name=value attributes after their "
    "options in master.cf. pipe takes flags=, user=, directory=, chroot=, "
    "eol=, null_sender=, size= and argv=, and needs user= and argv=; spawn "
    "takes user= and argv=, both needed; smtp and lmtp take flags=. A "
    "misspelt attribute, an unknown flag letter, a size= that is not a "
    "number or a missing user= or argv= stops the daemon (pipe at the first "
    "delivery), and the mail waits in the queue. An unknown $macro in "
    "pipe's argv= defers every message. postconf and postfix check accept "
    "all of this.",
    check,
    SEV_ALSO(SEV_INFO)
};
