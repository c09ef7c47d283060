/*
 * parameter_refused.c - rule "parameter-refused": a main.cf setting that
 * the start-up checks of every Postfix program (global/mail_params.c and
 * the helpers it calls) refuse.
 *
 * Each check below is a msg_fatal() (or msg_warn()) of Postfix 3.7.11,
 * the same in 2.6-3.11 unless noted; values are taken after $name
 * expansion, as the program sees them:
 *   myhostname, mydomain   valid_hostname(): letters, digits, '-', '_',
 *                          labels of 1-63, no leading or trailing '-' or
 *                          '.', not all digits, at most 255: "parameter
 *                          myhostname: bad parameter value"
 *   relayhost              must not equal myhostname (case-insensitive)
 *   myorigin               one value: no comma or blank
 *   default_privs          must not be the same user as mail_owner
 *   default_verp_delimiters  each character in verp_delimiter_filter
 *   maillog_file           must start with a maillog_file_prefixes entry
 *                          (3.4 and later)
 *   import_environment     no element that starts with '='
 *   import_environment, export_environment  a "{ }" element must be
 *                          closed, nothing after its '}' (3.0 and later;
 *                          export_environment: sendmail, and local and
 *                          pipe when they run a command)
 *   address_verify_sender  must not start or end with '@' (smtpd, verify)
 *   known_tcp_ports        name=value elements (3.6 and later; a warning)
 * The postmaster sees postfix check, postfix start and every daemon stop
 * with the quoted message: no mail moves.
 */
#include "rule.h"
#include "rootpath.h"
#include "safe_file.h"
#include "attr_override.h"
#include "effective.h"
#include "listtok.h"

#include <stdlib.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The value as programs see it; NULL when main.cf does not set it or the
 * expansion fails (other rules say why). The span is the setting's. */
static char *expanded(const lint_ctx *ctx, const char *name,
                      const span **sp)
{
    const main_param *p = model_main_param(ctx->m, name);
    expand_result res;
    strbuf out;
    char *v = NULL;

    *sp = NULL;
    memset(&res, 0, sizeof(res));
    sb_init(&out);
    if (p) {
        effective_expand(ctx->m, NULL, name, p->entry->value, &out, &res);
        *sp = &p->entry->value_sp;
    } else {
        eff_value e = effective_lookup(ctx->m, NULL, name);

        if (e.value)
            effective_expand(ctx->m, NULL, name, e.value, &out, &res);
    }
    if (!res.error && !res.too_large && (p || out.len))
        v = xstrdup(out.data);
    sb_free(&out);
    expand_result_free(&res);
    return v;
}

static void check_hostnames(const lint_ctx *ctx, const rule_desc *self)
{
    static const char *const names[] = {"myhostname", "mydomain", NULL};

    for (const char *const *n = names; *n; n++) {
        const span *sp;
        char *v = expanded(ctx, *n, &sp);
        const char *why;

        /* An empty value is value-length's; a value run together with
         * the next line (a bare CR, an indented line) is reported by
         * bare-carriage-return or suspicious-continuation. */
        if (v && sp && *v && !strpbrk(v, "\r\n \t")
            && (why = pf_hostname_problem(v)) != NULL)
        {
            char logged[160];

            /* valid_hostname() prints at most 100 bytes of the name;
             * the length complaint has a form of its own. */
            if (str_eq(why, "bad length"))
                snprintf(logged, sizeof logged, "bad length %zu for "
                         "%.100s...", strlen(v), v);
            else
                snprintf(logged, sizeof logged, "%s: %.100s", why, v);
            report(ctx, self, sp, "%s = %.80s%s is not a valid host name "
                                  "(%s):" DIAG_NOTE
                                  " every Postfix program (postfix check too) "
                                  "of Postfix %s "
                   "logs \"warning: valid_hostname: %s\" and stops "
                   "with \"fatal: file %s/main.cf: parameter %s: bad "
                   "parameter value: %s\"", *n, v,
                   strlen(v) > 80 ? "..." : "", why, ctx->version_text,
                   logged, ctx->m->config_dir ? ctx->m->config_dir : "...",
                   *n, v);
        }
        free(v);
    }
}

static void check_relayhost(const lint_ctx *ctx, const rule_desc *self)
{
    const span *sp, *hsp;
    char *relay = expanded(ctx, "relayhost", &sp);
    char *host = expanded(ctx, "myhostname", &hsp);

    if (relay && host && sp && *relay && strcasecmp(relay, host) == 0)
        report(ctx, self, sp, "relayhost is %s, the same as myhostname: "
               "Postfix would relay mail to itself;" DIAG_NOTE
               " every Postfix program of Postfix %s stops with \"fatal: "
               "myhostname and relayhost "
               "parameter settings must not be identical: %.60s\"", relay,
               ctx->version_text, host);
    free(relay);
    free(host);
}

/* myorigin = /etc/mailname: Postfix built with MYORIGIN_FROM_FILE (as
 * Debian's and Ubuntu's are) reads the domain from the file's first line
 * (mail_params.c); without it, the path itself would be the domain. */
static void check_myorigin_file(const lint_ctx *ctx, const rule_desc *self,
                                const span *sp, const char *path)
{
    char *why = NULL, *real = root_resolve(path, &why);
    char *buf = NULL;
    size_t len = 0;
    int err = 0;
    sf_status st = real ? safe_read_file(real, 64 * 1024, 0, &buf, &len,
                                         &err) : SF_OPEN;
    const char *first;

    if (real == NULL)
        err = ELOOP;
    if (st != SF_OK)
        report(ctx, self, sp, "myorigin = %s: the file cannot be read (%s)"
               DIAG_NOTE " every Postfix program of Postfix %s stops with "
               "\"fatal: %s: cannot open file: %s\" (a build that reads "
               "myorigin from a file, as Debian's does; other builds take "
               "the path as the domain)", path, sf_reason(st, err),
               ctx->version_text, path, sf_reason(st, err));
    else {
        first = buf + strspn(buf, " \t\r");
        if (*first == '\n' || *first == '\0')
            report(ctx, self, sp, "myorigin = %s: the file's first line is "
                   "empty" DIAG_NOTE " every Postfix program of Postfix %s "
                   "stops with \"fatal: myorigin file %s is empty\" (a "
                   "build that reads myorigin from a file, as Debian's "
                   "does); write the mail domain on its first line",
                   path, ctx->version_text, path);
    }
    free(buf);
    free(real);
    free(why);
}

static void check_myorigin(const lint_ctx *ctx, const rule_desc *self)
{
    const span *sp;
    char *v = expanded(ctx, "myorigin", &sp);

    if (v && sp && v[strcspn(v, ", \t")])
        report(ctx, self, sp, "myorigin must be one domain, but it is "
               "\"%.60s\":" DIAG_NOTE
               " every Postfix program of Postfix %s stops with \"fatal: "
               "myorigin parameter setting must not contain "
               "multiple values: %.60s\"", v, ctx->version_text, v);
    else if (v && sp && v[0] == '/' && !ctx->no_files)
        check_myorigin_file(ctx, self, sp, v);
    free(v);
}

static void check_users(const lint_ctx *ctx, const rule_desc *self)
{
    const span *sp, *osp;
    char *privs = expanded(ctx, "default_privs", &sp);
    char *owner = expanded(ctx, "mail_owner", &osp);
    const span *where = sp ? sp : osp;

    if (privs && owner && where && str_eq(privs, owner))
        report(ctx, self, where, "default_privs and mail_owner are both "
               "%s: the user that runs external commands must not own the "
               "queue;" DIAG_NOTE
               " every Postfix program of Postfix %s stops with \"fatal: file "
               ".../main.cf: parameters default_privs and "
               "mail_owner specify the same user %.40s\"", privs,
               ctx->version_text, privs);
    free(privs);
    free(owner);
}

static void check_verp(const lint_ctx *ctx, const rule_desc *self)
{
    const span *sp, *fsp;
    char *delims = expanded(ctx, "default_verp_delimiters", &sp);
    char *filter = expanded(ctx, "verp_delimiter_filter", &fsp);
    const span *where = sp ? sp : fsp;

    /* A length other than 2 is value-length's. */
    if (delims && filter && where && strlen(delims) == 2) {
        for (int i = 0; i < 2; i++)
            if (strchr(filter, delims[i]) == NULL) {
                report(ctx, self, where, "default_verp_delimiters \"%s\": "
                       "'%c' is not in verp_delimiter_filter \"%s\":" DIAG_NOTE
                       " every Postfix program of Postfix %s stops with "
                       "\"fatal: "
                       "file .../main.cf: parameters default_verp_delimiters "
                       "and verp_delimiter_filter: bad %s VERP delimiter "
                       "character\"", delims, delims[i], filter,
                       ctx->version_text, i ? "second" : "first");
                break;
            }
    }
    free(delims);
    free(filter);
}

static void check_maillog(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_4 = {3, 4, 0};
    const span *sp, *psp;
    char *file, *prefixes;

    if (version_cmp(ctx->version, v3_4) < 0)
        return;
    file = expanded(ctx, "maillog_file", &sp);
    prefixes = expanded(ctx, "maillog_file_prefixes", &psp);
    if (file && prefixes && sp && *file) {
        bool match = false;
        char *copy = xstrdup(prefixes), *save = NULL;

        for (char *p = strtok_r(copy, ", \t\r\n", &save); p;
             p = strtok_r(NULL, ", \t\r\n", &save))
            match |= strncmp(file, p, strlen(p)) == 0;
        free(copy);
        if (!match)
            report(ctx, self, sp, "maillog_file %s is not under any of "
                   "maillog_file_prefixes (%s):" DIAG_NOTE
                   " postlog and every program that logs through it (Postfix "
                   "%s) stop with \"fatal: "
                   "maillog_file value '%.60s' does not match any prefix in "
                   "maillog_file_prefixes\"; add the directory to "
                   "maillog_file_prefixes", file, prefixes,
                   ctx->version_text, file);
    }
    free(file);
    free(prefixes);
}

static void check_environment(const lint_ctx *ctx, const rule_desc *self)
{
    const span *sp;
    char *v = expanded(ctx, "import_environment", &sp);
    char *save = NULL;

    if (v && sp)
        for (char *w = strtok_r(v, ", \t\r\n", &save); w;
             w = strtok_r(NULL, ", \t\r\n", &save))
            if (*w == '=') {
                report(ctx, self, sp, "import_environment element \"%s\" "
                       "has no name before '=':" DIAG_NOTE
                       " every Postfix program of Postfix %s stops with "
                       "\"fatal: clean_env: missing "
                       "attribute name in: %.40s\"", w, ctx->version_text,
                       w);
                break;
            }
    free(v);
}

/* mail_parm_split() (Postfix 3.0 and later): a "{ ... }" element of
 * import_environment or export_environment must be closed, with nothing
 * after its '}'. */
static void check_environment_groups(const lint_ctx *ctx,
                                     const rule_desc *self, const char *name,
                                     const char *who)
{
    static const pf_version v3_0 = {3, 0, 0};
    const span *sp;
    char *v;
    list_tokens items = {0};

    if (version_cmp(ctx->version, v3_0) < 0)
        return;
    v = expanded(ctx, name, &sp);
    if (v && sp) {
        list_split(v, strlen(v), LIST_SEPARATORS, true, &items);
        for (size_t i = 0; i < items.n; i++) {
            char *t = xstrndup(items.items[i].text, items.items[i].len);
            size_t len = ovr_group_len(t);

            if (t[0] == '{' && (len == 0 || t[len] != '\0')) {
                report(ctx, self, sp, "%s element \"%.60s\" %s:" DIAG_NOTE
                       " %s of Postfix %s stop%s with \"fatal: %s: %s '}' "
                       "in \\\"%.60s\\\"\"", name, t,
                       len == 0 ? "has no closing '}'"
                       : "has text after its '}'", who, ctx->version_text,
                       strchr(who, ',') ? "" : "s", name,
                       len == 0 ? "missing" : "syntax error after", t);
                free(t);
                break;
            }
            free(t);
        }
        list_tokens_free(&items);
    }
    free(v);
}

static void check_verify_sender(const lint_ctx *ctx, const rule_desc *self)
{
    const span *sp;
    char *v = expanded(ctx, "address_verify_sender", &sp);
    size_t n = v ? strlen(v) : 0;

    if (v && sp && n && (v[0] == '@' || v[n - 1] == '@'))
        report(ctx, self, sp, "address_verify_sender \"%s\" %s with "
                              "'@':" DIAG_NOTE
                              " smtpd and verify of Postfix %s stop with "
                              "\"fatal: parameter "
               "address_verify_sender: value \\\"%.60s\\\" must not %s with "
               "'@'\" at the first address verification", v,
               v[0] == '@' ? "starts" : "ends", ctx->version_text, v,
               v[0] == '@' ? "start" : "end");
    free(v);
}

static void check_known_ports(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_6 = {3, 6, 0};
    const span *sp;
    char *v, *save = NULL;

    if (version_cmp(ctx->version, v3_6) < 0)
        return;
    v = expanded(ctx, "known_tcp_ports", &sp);
    if (v && sp)
        for (char *w = strtok_r(v, ",", &save); w;
             w = strtok_r(NULL, ",", &save)) {
            w += strspn(w, " \t\r\n");
            if (*w == '\0')
                continue;
            if (strchr(w, '=') == NULL || *w == '=') {
                report_sev(ctx, self, SEV_WARNING, sp, "known_tcp_ports "
                           "element \"%s\" is not name=port:" DIAG_NOTE
                           " every Postfix program of Postfix %s logs "
                           "\"warning: "
                           "known_tcp_ports: in \\\"%.40s\\\" ...\" and "
                           "ignores it, so that service name may not "
                           "resolve", w, ctx->version_text, w);
                break;
            }
        }
    free(v);
}

/* process_name, service_name and process_id are the program's own:
 * postconf drops an assignment ("read-only parameter assignment",
 * postconf_user.c) and each program sets them itself. */
static void check_readonly(const lint_ctx *ctx, const rule_desc *self,
                           const setting *st)
{
    if (!str_eq(st->name, "process_name") && !str_eq(st->name, "service_name")
        && !str_eq(st->name, "process_id"))
        return;
    report_sev(ctx, self, SEV_WARNING, st->sp, "%s is read-only: each "
               "Postfix program sets it itself, and this %s is ignored"
               DIAG_NOTE " postconf of Postfix %s logs \"warning: %s/%s: "
               "read-only parameter assignment: %s=%s\" and drops it; "
               "delete the line", st->name, st->svc ? "-o" : "setting",
               ctx->version_text, ctx->m->config_dir ? ctx->m->config_dir
               : "...", st->svc ? "master.cf" : "main.cf", st->name,
               st->value);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_setting(ctx, self, check_readonly);
    check_hostnames(ctx, self);
    check_relayhost(ctx, self);
    check_myorigin(ctx, self);
    check_users(ctx, self);
    check_verp(ctx, self);
    check_maillog(ctx, self);
    check_environment(ctx, self);
    check_environment_groups(ctx, self, "import_environment",
                             "master, postfix check, postfix start and every "
                             "command-line program");
    check_environment_groups(ctx, self, "export_environment",
                             "local and pipe (when they run a command for "
                             "a delivery, which is then deferred) and "
                             "sendmail");
    check_verify_sender(ctx, self);
    check_known_ports(ctx, self);
}

const rule_desc rule_parameter_refused = {
    "parameter-refused", SEV_ERROR,
    "a main.cf setting that Postfix's start-up checks refuse "
    "(myhostname, relayhost, myorigin, maillog_file ...)",
    "Every Postfix program checks a few settings when it starts: myhostname "
    "and mydomain must be valid host names, relayhost must not be "
    "myhostname, myorigin must be one domain, default_privs must not be "
    "mail_owner, the VERP delimiters must pass verp_delimiter_filter, "
    "maillog_file must be under maillog_file_prefixes. Otherwise postfix "
    "check, postfix start and every daemon stop with a fatal error.",
    check,
    SEV_ALSO(SEV_WARNING)
};
