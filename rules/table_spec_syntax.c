/*
 * table_spec_syntax.c - rule "table-spec-syntax": a table whose name
 * Postfix cannot parse when it opens the table.
 *
 * Several table types take their whole content in the name
 * (dict_inline.c, dict_pipe.c, dict_union.c, dict_random.c,
 * dict_static.c, dict_unix.c, dict_sockmap.c, auto_clnt.c):
 *   inline:{name=value, ...}    one balanced { } group, non-empty, each
 *                               element name=value (split_qnameval())
 *   pipemap:, unionmap:{type:name, ...}   one group, every element with
 *                               a ':'
 *   randmap:{value, ...}        one group with at least one value
 *   static:{text}               when braced: balanced, nothing after '}'
 *   unix:passwd.byname, unix:group.byname   nothing else
 *   socketmap:inet:host:port:name, socketmap:unix:path:name
 * A daemon that opens such a table logs "error: bad syntax: ..." and the
 * table then fails every lookup (dict_surrogate()): mail that needs it
 * is deferred, smtpd answers 451 4.3.5. A socketmap server that is not
 * transport:endpoint stops the program ("fatal: need service
 * transport:endpoint ..."). postconf warns about an unclosed group or
 * text after its '}' in a type:{...} element (postconf_dbms.c).
 * The names are checked after $name expansion, as the programs see
 * them. proxy_read_maps and proxy_write_maps only list tables: proxymap
 * does not open them from there, but skips a unionmap:/pipemap: group
 * that extpar() refuses, with a warning ("bad proxy_read_maps parameter
 * value: ..."), and its tables are then not approved (proxymap.c).
 */
#include "rule.h"
#include "effective.h"
#include "listtok.h"
#include "params.h"
#include "table_refs.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static const pf_version v3_2 = {3, 2, 0};

/* split_qnameval() (3.2 and later): NULL when text is name=value. */
static const char *qnameval_error(const char *text, size_t len)
{
    size_t i = 0;
    bool quoted = false;

    while (i < len && pf_isspace((unsigned char) text[i]))
        i++;
    if (i == len)
        return "no key found; expected format: key = value";
    for (; i < len; i++) {
        if (text[i] == '\\') {
            if (++i == len)
                break;
        } else if (pf_isspace((unsigned char) text[i]) || text[i] == '=') {
            if (!quoted)
                break;
        } else if (text[i] == '"') {
            quoted = !quoted;
        }
    }
    if (quoted)
        return "unbalanced '\"'";
    while (i < len && pf_isspace((unsigned char) text[i]))
        i++;
    if (i == len || text[i] != '=')
        return "missing '=' after attribute name";
    return NULL;
}

/* What dict_inline_open() says about name, into why; false when fine. */
static bool inline_problem(const lint_ctx *ctx, const char *name,
                           char *why, size_t size)
{
    size_t len = strlen(name);
    list_tokens items = {0};
    int count = 0;
    bool bad = false;

    if (list_group_check(name, len) != LIST_GROUP_OK || len == 2) {
        snprintf(why, size, "bad syntax");
        return true;
    }
    list_split(name + 1, len - 2, LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n && !bad; i++) {
        const char *e = items.items[i].text;
        size_t n = items.items[i].len;
        const char *err;

        if (e[0] == '{') {
            list_token t = items.items[i];
            size_t in_off, in_len;
            list_group_state st = list_group_check(e, n);

            if (st != LIST_GROUP_OK) {
                list_group_message(st, e, n, why, size);
                bad = true;
                break;
            }
            t.off = 0;
            if (!list_group_inside(&t, &in_off, &in_len))
                in_off = in_len = 0;
            e += in_off;
            n = in_len;
        }
        if (version_cmp(ctx->version, v3_2) >= 0)
            err = qnameval_error(e, n);
        else        /* split_nameval(): only the plain case is certain */
            err = memchr(e, '=', n) ? NULL
                : "missing '=' after attribute name";
        if (err) {
            snprintf(why, size, "%s", err);
            bad = true;
        }
        count++;
    }
    list_tokens_free(&items);
    if (!bad && count == 0) {
        snprintf(why, size, "empty table");
        bad = true;
    }
    return bad;
}

/* pipemap:, unionmap:, randmap: one group with elements (with a ':'
 * each, unless values). */
static bool group_problem(const char *name, bool need_colon)
{
    size_t len = strlen(name);
    list_tokens items = {0};
    bool bad;

    if (list_group_check(name, len) != LIST_GROUP_OK || len == 2)
        return true;
    list_split(name + 1, len - 2, LIST_SEPARATORS, true, &items);
    bad = items.n == 0;
    for (size_t i = 0; i < items.n && !bad && need_colon; i++)
        bad = memchr(items.items[i].text, ':', items.items[i].len) == NULL;
    list_tokens_free(&items);
    return bad;
}

/* The tables of alias_maps, mailbox_command_maps (local) and
 * virtual_mailbox/uid/gid_maps (virtual) refuse socketmap: before its
 * name is read: table-security-sensitive says so. */
static bool paranoid(const char *param)
{
    return str_eq(param, "alias_maps") || str_eq(param, "mailbox_command_maps")
        || str_eq(param, "virtual_mailbox_maps")
        || str_eq(param, "virtual_uid_maps")
        || str_eq(param, "virtual_gid_maps");
}

/* Where the finding's setting is, for postconf's own warning. */
static void postconf_scope(const table_ref *r, strbuf *out)
{
    if (r->svc == NULL) {
        sb_adds(out, "main.cf");
        return;
    }
    sb_printf(out, "master.cf:%s/%s", r->svc->argv[MF_SERVICE].text,
              r->svc->argv[MF_TYPE].text);
}

/* Who opens r's table: "smtpd of Postfix 3.7.11" or "the programs
 * that read virtual_alias_maps in Postfix 3.7.11 (cleanup, smtpd)";
 * *plural says which. */
static void opener(const lint_ctx *ctx, const table_ref *r, strbuf *out,
                   bool *plural)
{
    const param_info *p = param_lookup(r->param);
    strbuf who;

    sb_init(&who);
    if (r->svc && !r->access)
        sb_adds(&who, service_daemon(r->svc));
    else if (!r->access && p != NULL)
        readers_text(p, ctx->version, &who);
    *plural = who.data && strchr(who.data, ',') != NULL;
    if (r->access || p == NULL || who.data == NULL || who.data[0] == '\0')
        sb_printf(out, "%s of Postfix %s", r->access || p == NULL ? "smtpd"
                  : "every program that reads it", ctx->version_text);
    else if (*plural)
        sb_printf(out, "the programs that read %s in Postfix %s (%s)",
                  r->param, ctx->version_text, who.data);
    else
        sb_printf(out, "%s of Postfix %s", who.data, ctx->version_text);
    sb_free(&who);
}

/* The part of the note saying what the program does with a table that
 * failed to open (dict_surrogate). */
static void surrogate_note(const lint_ctx *ctx, const table_ref *r,
                           const char *logged, strbuf *note)
{
    bool plural;

    opener(ctx, r, note, &plural);
    sb_printf(note, " %s 'error: %s' when %s the table, and every lookup in "
              "it then fails ('%s is unavailable')", plural ? "log" : "logs",
              logged, plural ? "they open" : "it opens", r->text);
    if (r->access)
        sb_adds(note, ": smtpd answers \"451 4.3.5 Server configuration "
                "error\" where the restriction is reached");
    else
        sb_adds(note, ": mail that needs the table is deferred");
}

static void postconf_note(const table_ref *r,
                          strbuf *note)
{
    list_group_state st;
    char msg[300];
    strbuf scope;

    if (r->name[0] != '{' || param_lookup(r->param) == NULL)
        return;
    st = list_group_check(r->name, strlen(r->name));
    if (st == LIST_GROUP_OK)
        return;
    list_group_message(st, r->name, strlen(r->name), msg, sizeof msg);
    sb_init(&scope);
    postconf_scope(r, &scope);
    sb_printf(note, "; postconf warns '%s: %s'", scope.data, msg);
    sb_free(&scope);
}

static void found(const lint_ctx *ctx, const rule_desc *self,
                  const table_ref *r, const char *problem, const char *logged)
{
    strbuf note;

    sb_init(&note);
    surrogate_note(ctx, r, logged, &note);
    postconf_note(r, &note);
    report(ctx, self, &r->sp, "%s in %s %s:" DIAG_NOTE " %s", r->text,
           r->param, problem, note.data);
    sb_free(&note);
}

static void check_socketmap(const lint_ctx *ctx, const rule_desc *self,
                            const table_ref *r)
{
    const char *last = strrchr(r->name, ':');
    const char *colon;
    size_t server_len, tlen;
    strbuf who;
    bool plural;

    if (last == NULL) {
        found(ctx, self, r, "names no socketmap server (socketmap:inet:"
              "host:port:name or socketmap:unix:path:name)",
              "socketmap requires server:socketmap argument");
        return;
    }
    server_len = (size_t) (last - r->name);
    colon = memchr(r->name, ':', server_len);
    tlen = colon ? (size_t) (colon - r->name) : server_len;
    if (colon && colon + 1 < last && tlen > 0
        && ((tlen == 4 && strncmp(r->name, "inet", 4) == 0)
            || (tlen == 4 && strncmp(r->name, "unix", 4) == 0)
            || (tlen == 5 && strncmp(r->name, "local", 5) == 0)))
        return;
    sb_init(&who);
    opener(ctx, r, &who, &plural);
    if (colon == NULL || colon + 1 == last || tlen == 0)
        report(ctx, self, &r->sp,
               "%s in %s: its server \"%.*s\" is not transport:endpoint "
               "(inet:host:port or unix:path):" DIAG_NOTE
               " %s %s when %s the table, with 'fatal: need service "
               "transport:endpoint instead of \"%.*s\"' (the name after the "
               "last ':' is the socketmap name)", r->text, r->param,
               (int) server_len, r->name, who.data, plural ? "stop" : "stops",
               plural ? "they open" : "it opens", (int) server_len, r->name);
    else
        report(ctx, self, &r->sp,
               "%s in %s: the transport \"%.*s\" of its server is not inet, "
               "unix or local:" DIAG_NOTE
               " %s %s when %s the table, with 'fatal: invalid transport "
               "name: %.*s in service: %.*s'",
               r->text, r->param, (int) tlen, r->name, who.data,
               plural ? "stop" : "stops", plural ? "they open" : "it opens",
               (int) tlen, r->name, (int) server_len, r->name);
    sb_free(&who);
}

/* Is r's text also a reference of another setting at the same place
 * (proxy_read_maps = $virtual_alias_maps ...)? That one is reported. */
static bool reported_elsewhere(const table_refs *t, const table_ref *r)
{
    for (size_t k = 0; k < t->n; k++) {
        const table_ref *o = &t->refs[k];

        if (o != r && o->sp.src == r->sp.src && o->sp.off == r->sp.off
            && o->sp.end_off == r->sp.end_off && !str_eq(o->param, r->param)
            && !str_eq(o->param, "proxy_read_maps")
            && !str_eq(o->param, "proxy_write_maps"))
            return true;
    }
    return false;
}

/* proxy_read_maps, proxy_write_maps: proxymap only approves the tables
 * (authorize_proxied_maps()), and skips a unionmap:/pipemap: whose group
 * extpar() refuses, with a warning. */
static void check_approved(const lint_ctx *ctx, const rule_desc *self,
                           const table_ref *r)
{
    const table_refs *t = ctx->tables;
    list_group_state st;
    char msg[300];
    bool writer = str_eq(r->param, "proxy_write_maps");

    if (r->proxied || r->name[0] != '{'
        || !(str_eq(r->type, "unionmap") || str_eq(r->type, "pipemap")))
        return;
    st = list_group_check(r->name, strlen(r->name));
    if (st == LIST_GROUP_OK || reported_elsewhere(t, r))
        return;
    list_group_message(st, r->name, strlen(r->name), msg, sizeof msg);
    report_sev(ctx, self, SEV_WARNING, &r->sp,
               "%s in %s %s:" DIAG_NOTE
               " %s of Postfix %s logs 'warning: bad %s parameter value: %s' "
               "and skips it, so the tables in it are not approved: a "
               "proxy: lookup of them is refused (\"request for unapproved "
               "table\")", r->text, r->param,
               st == LIST_GROUP_UNCLOSED ? "has no closing '}'"
               : "has text after its closing '}'",
               writer ? "proxywrite" : "proxymap", ctx->version_text,
               r->param, msg);
}

static bool reaches(const lint_ctx *ctx, const table_ref *r)
{
    const param_info *p = param_lookup(r->param);

    if (p == NULL)
        return true;            /* a restriction class: smtpd */
    return setting_reaches(ctx->m, r->svc, p,
                           p->used_by && *p->used_by ? p->used_by : "all");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    if (!list_braces_in(ctx->version))
        return;                 /* none of these types before 3.0 */
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        const char *ty = r->type;
        char why[400], logged[1200];

        if (!r->located || !reaches(ctx, r))
            continue;
        if (str_eq(r->param, "proxy_read_maps")
            || str_eq(r->param, "proxy_write_maps")) {
            check_approved(ctx, self, r);
            continue;
        }
        if (str_eq(ty, "inline")) {
            if (!inline_problem(ctx, r->name, why, sizeof why))
                continue;
            snprintf(logged, sizeof logged, "%s: \"%s\"; need "
                     "\"inline:{name=%s...}\"", why, r->text,
                     str_eq(r->param, "tls_server_sni_maps") ? "filename"
                     : "value");
            found(ctx, self, r, "is not {name=value, ...}", logged);
        } else if (str_eq(ty, "pipemap") || str_eq(ty, "unionmap")) {
            if (!group_problem(r->name, true))
                continue;
            snprintf(logged, sizeof logged, "bad syntax: \"%s\"; need "
                     "\"%s:{type:name...}\"", r->text, ty);
            found(ctx, self, r, "is not {type:name, ...}", logged);
        } else if (str_eq(ty, "randmap")) {
            if (!group_problem(r->name, false))
                continue;
            snprintf(logged, sizeof logged, "bad syntax: \"%s\"; need "
                     "\"randmap:{value...}\"", r->text);
            found(ctx, self, r, "is not {value, ...}", logged);
        } else if (str_eq(ty, "static") && r->name[0] == '{') {
            list_group_state st = list_group_check(r->name, strlen(r->name));

            if (st == LIST_GROUP_OK)
                continue;
            list_group_message(st, r->name, strlen(r->name), why, sizeof why);
            snprintf(logged, sizeof logged, "bad static:name syntax: %s", why);
            found(ctx, self, r, st == LIST_GROUP_UNCLOSED
                  ? "has no closing '}'" : "has text after its closing '}'",
                  logged);
        } else if (str_eq(ty, "unix")) {
            if (str_eq(r->name, "passwd.byname")
                || str_eq(r->name, "group.byname"))
                continue;
            snprintf(logged, sizeof logged, "unknown table: %s", r->text);
            found(ctx, self, r, "is not unix:passwd.byname or "
                  "unix:group.byname", logged);
        } else if (str_eq(ty, "socketmap") && !paranoid(r->param)) {
            check_socketmap(ctx, self, r);
        }
    }
}

const rule_desc rule_table_spec_syntax = {
    "table-spec-syntax", SEV_ERROR,
    "a table whose name Postfix cannot parse when it opens the table",
    "inline:, pipemap:, unionmap:, randmap: and static: tables carry their "
    "content in the name, in one balanced { } group: inline:{name=value, "
    "...}, pipemap:{type:name, ...}, unionmap:{type:name, ...}, "
    "randmap:{value, ...}, static:{text}. unix: knows only passwd.byname "
    "and group.byname, and socketmap: needs inet:host:port:name or "
    "unix:path:name. A table whose name breaks these rules cannot be "
    "opened: the program logs an error and every lookup in the table "
    "fails, so mail is deferred (a socketmap server that is not "
    "transport:endpoint stops the program). In proxy_read_maps and "
    "proxy_write_maps, proxymap skips such a unionmap:/pipemap: group with "
    "a warning, and does not approve the tables in it.",
    check,
    SEV_ALSO(SEV_WARNING)
};
