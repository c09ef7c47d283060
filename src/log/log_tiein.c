/*
 * log_tiein.c - explain the failures of a mail log against the
 * configuration that produced them.
 *
 * Interface: see log_tiein.h.
 * Diagnostics: on stderr, exit status 2: the configuration cannot be read
 * (as for the lint: "postlint: FILE: why"), a bad --postfix-version or
 * --openssl-version, the cidr table cannot be written.
 *
 * Which service: a reason remembers the program that logged it
 * ("postfix/smtpd", "postfix/submission/smtpd", "postfix/tlsproxy",
 * "postfix/smtp"); the service is the one whose syslog_name and daemon
 * give that program, the public MX first when several do (smtp and
 * submission both log as postfix/smtpd unless syslog_name says
 * otherwise). Which setting: the one in charge of the failure's kind
 * (the protocol list for protocol mismatches, cipher_setting_in_charge()
 * for cipher mismatches, the certificate for local problems), located
 * with setting_span() as the TLS rules locate it.
 */
#include "log_tiein.h"
#include "lint.h"
#include "log_relief.h"
#include "safe_file.h"
#include "tls_ciphers.h"
#include "tls_report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The configuration, loaded by the lint's own pipeline (lint.c): the
 * same limits, versions and model. */
typedef struct config {
    lint_input in;
    lint_pass pass;
    const model *m;
    const tls_model *tls;
    const char *dir;
    const char *version_text;
    const char *openssl_text;
} config;

static bool config_load(const tiein_opts *o, config *c)
{
    lint_settings s = {NULL, o->openssl_version, o->no_exec, false};
    const char *dir = o->config_dir ? o->config_dir
        : o->main_file || o->master_file ? NULL : ".";
    char *why;

    memset(c, 0, sizeof(*c));
    if (!lint_read(&s, dir, o->main_file, o->master_file, &c->in, &why)
        || !lint_prepare(&s, &c->in, o->postfix_version, &c->pass, &why)) {
        pl_say("%s", why);
        free(why);
        return false;
    }
    c->m = c->pass.m;
    c->tls = lint_tls(&c->pass);
    c->dir = c->in.config_dir;
    c->version_text = c->pass.version_text;
    c->openssl_text = c->pass.ctx.openssl_text;
    return true;
}

static void config_free(config *c)
{
    lint_pass_free(&c->pass);
    lint_input_free(&c->in);
}

/* "postfix/submission/smtpd" is this service's syslog_name + daemon? */
static bool logs_as(const config *c, const tls_server *t, const char *prog)
{
    tls_setting name;
    const char *daemon = t->svc ? service_daemon(t->svc) : t->names->program;
    size_t n;
    bool same;

    tls_setting_get(c->m, t->svc, "syslog_name", &name);
    n = strlen(name.value);
    same = strncmp(prog, name.value, n) == 0 && prog[n] == '/'
        && str_eq(prog + n + 1, daemon);
    tls_setting_free(&name);
    return same;
}

/* The service whose policy explains a reason logged by prog. */
static const tls_server *service_for(const config *c, const char *prog,
                                     bool client)
{
    const tls_server *list = client ? c->tls->clients : c->tls->servers;
    size_t n = client ? c->tls->n_clients : c->tls->n_servers;
    const tls_server *best = NULL;

    for (size_t i = 0; i < n; i++) {
        if (!logs_as(c, &list[i], prog))
            continue;
        if (list[i].role == ROLE_PUBLIC_MX)
            return &list[i];
        if (best == NULL)
            best = &list[i];
    }
    return best;
}

/* Where the explanation points: the first setting named wins. */
typedef struct located {
    span sp;
    bool found;
} located;

/* Set in main.cf or by a master.cf -o: a line that can be cited. */
static bool is_set(const tls_setting *s)
{
    return s->raw.origin == ORIGIN_MAIN || s->raw.origin == ORIGIN_MASTER;
}

/* Only a line that holds the setting is cited: a default has none (the
 * service's master.cf line does not say it). */
static void where(const tls_setting *s, const tls_server *t, located *at)
{
    span sp;

    if (!at->found && is_set(s) && setting_span(s, t, &sp) && sp.src) {
        at->sp = sp;
        at->found = true;
    }
}

/* name = "value" with white space collapsed, as postconf prints it. */
static void setting_text(const tls_setting *s, strbuf *out)
{
    sb_printf(out, "%s = \"", s->name);
    sb_add_collapsed(out, s->value);
    sb_adds(out, "\"");
    if (!is_set(s))
        sb_adds(out, " (the default: set in neither main.cf nor master.cf)");
}

typedef enum reason_kind {
    RK_CIPHER, RK_PROTOCOL, RK_CERT, RK_LOCAL, RK_LOST, RK_OTHER
} reason_kind;

static reason_kind kind_of(const char *r)
{
    if (strstr(r, "no shared cipher") || strstr(r, "no cipher")
        || strstr(r, "no suitable signature") || strstr(r, "cipher"))
        return RK_CIPHER;
    if (strstr(r, "protocol") || strstr(r, "wrong version number")
        || strstr(r, "version too low"))
        return RK_PROTOCOL;
    if (strstr(r, "local problem"))
        return RK_LOCAL;
    if (strstr(r, "certificate") || strstr(r, "issuer")
        || strstr(r, "verify"))
        return RK_CERT;
    if (str_eq(r, "lost connection after STARTTLS"))
        return RK_LOST;
    return RK_OTHER;
}

static void explain_cipher(const config *c, const tls_server *t, strbuf *out,
                           located *at)
{
    const tls_setting *s = cipher_setting_in_charge(t);

    where(s, t, at);
    setting_text(s, out);
    sb_printf(out, " is in charge of the suites: %s hands OpenSSL \"%s\" "
              "(grade %s at level %s)", t->name, t->cipher_string,
              t->grade_word, t->level_word);
    if (!t->client && !t->ecdhe)
        sb_printf(out, "; Postfix %s offers no ECDHE here (%s = \"%s\"), "
                  "so senders that offer only ECDHE and plain-RSA suites "
                  "(Gmail) need a plain-RSA suite in this list: %s, or set "
                  "%s = strong", c->version_text, t->eecdh_grade.name,
                  t->eecdh_grade.value, s == &t->exclude
                  ? "drop the exclusions that remove them (such as RSA+AES)"
                  : "keep them in the grade's list", t->eecdh_grade.name);
    else
        sb_adds(out, "; the peers share no suite with it: widen the "
                "grade or drop exclusions");
}

static void explain_protocol(const tls_server *t, strbuf *out, located *at)
{
    char set[80];

    where(&t->protocols, t, at);
    setting_text(&t->protocols, out);
    if (t->proto.invalid) {
        sb_adds(out, " is invalid for this Postfix: it logs \"Invalid TLS "
                "protocol list\" and disables TLS");
        return;
    }
    proto_set_text(t->proto.enabled, set, sizeof(set));
    sb_printf(out, " leaves %s only %s: peers that speak none of these fail "
              "the handshake", t->name, set[0] ? set : "no protocol");
    if (!t->client && t->role == ROLE_PUBLIC_MX && !t->enforce
        && !(t->proto.enabled & PROTO_TLSV1))
        sb_adds(out, "; on an opportunistic public MX allow TLSv1 again "
                "(those senders then use TLS instead of plaintext or nothing)");
}

static void explain_local(const tls_server *t, strbuf *out, located *at)
{
    if (t->client) {
        sb_adds(out, "the remote server's TLS is broken on its side; "
                "nothing in this configuration causes it");
        return;
    }
    where(&t->cert, t, at);
    setting_text(&t->cert, out);
    sb_adds(out, ": smtpd answers STARTTLS with 454 when it cannot load "
            "its certificate and key (");
    setting_text(&t->key, out);
    sb_adds(out, "); check both files");
}

static void explain_cert(const tls_server *t, strbuf *out, located *at)
{
    where(&t->level, t, at);
    sb_printf(out, "%s is \"%s\" on %s: ", t->level.name,
              t->level_word, t->name);
    if (t->client && (str_starts(t->level_word, "verify")
                      || str_starts(t->level_word, "secure")
                      || str_eq(t->level_word, "dane")))
        sb_adds(out, "verification is required, so the delivery is "
                "deferred; check the peer's certificate and the CA files");
    else
        sb_adds(out, "verification is not required at this level; the "
                "session continues unverified (logged for information)");
}

static void explain(const config *c, const tls_server *t,
                    const char *reason, strbuf *out, located *at)
{
    switch (kind_of(reason)) {
    case RK_CIPHER:
        explain_cipher(c, t, out, at);
        break;
    case RK_PROTOCOL:
        explain_protocol(t, out, at);
        break;
    case RK_LOCAL:
        explain_local(t, out, at);
        break;
    case RK_CERT:
        explain_cert(t, out, at);
        break;
    default:
        sb_adds(out, "the peer gave up during or right after the handshake "
                "(a protocol or cipher it does not accept, or our "
                "certificate); ");
        explain_protocol(t, out, at);
        sb_printf(out, "; the suites come from %s",
                  cipher_setting_in_charge(t)->name);
        break;
    }
}

/* "FILE:LINE:COL: " or "" */
static void location_text(const located *at, strbuf *out)
{
    if (at->found)
        sb_printf(out, "%s:%d:%d: ", at->sp.src->path, at->sp.line,
                  at->sp.col);
}

/* One line per reason: "FILE:LINE:COL: SETTING ...", preceded by what the
 * log says. */
static void reason_lines(const config *c, const log_stats *s, strbuf *out,
                         bool json)
{
    size_t n = 0;

    for (size_t i = 0; i < s->n_reasons; i++) {
        const log_reason *r = &s->reasons[i];
        const tls_server *t = service_for(c, r->program, r->client);
        located at = {{0}, false};
        strbuf why;

        sb_init(&why);
        if (t)
            explain(c, t, r->text, &why, &at);
        else
            sb_printf(&why, "no service in this configuration logs as %s",
                      r->program);
        if (json) {
            sb_adds(out, n++ ? ",\n{\"reason\":\"" : "\n{\"reason\":\"");
            sb_add_json(out, r->text);
            sb_printf(out, "\",\"direction\":\"%s\",\"program\":\"",
                      r->client ? "outbound" : "inbound");
            sb_add_json(out, r->program);
            sb_adds(out, "\",\"service\":\"");
            sb_add_json(out, t ? t->name : "");
            sb_adds(out, "\",\"file\":\"");
            sb_add_json(out, at.found ? at.sp.src->path : "");
            sb_printf(out, "\",\"line\":%d,\"column\":%d,"
                      "\"explanation\":\"", at.found ? at.sp.line : 0,
                      at.found ? at.sp.col : 0);
            sb_add_json(out, why.data ? why.data : "");
            sb_adds(out, "\"}");
        } else {
            location_text(&at, out);
            sb_printf(out, "%s: \"%s\" (%llu time%s): %s\n", r->program,
                      r->text, (unsigned long long) r->count,
                      r->count == 1 ? "" : "s", why.data ? why.data : "");
        }
        sb_free(&why);
    }
}

/* Logged cipher lists and protocol lists against the computed ones. */
static void message_lines(const config *c, const log_stats *s, strbuf *out)
{
    for (size_t i = 0; i < s->n_messages; i++) {
        const log_message *msg = &s->messages[i];
        const tls_server *t = service_for(c, msg->program, false);
        located at = {{0}, false};
        strbuf why;

        if (t == NULL)
            continue;
        sb_init(&why);
        if (msg->bad_protocols)
            explain_protocol(t, &why, &at);
        else if (str_eq(msg->text, t->cipher_string))
            sb_printf(&why, "matches what %s hands OpenSSL with this "
                      "configuration", t->name);
        else {
            where(cipher_setting_in_charge(t), t, &at);
            sb_printf(&why, "this configuration gives %s \"%s\" instead "
                      "(the log was written with other settings)", t->name,
                      t->cipher_string);
        }
        location_text(&at, out);
        sb_printf(out, "%s: %s \"%s\": %s\n", msg->program,
                  msg->bad_protocols ? "Invalid TLS protocol list"
                  : "TLS cipher list", msg->text, why.data);
        sb_free(&why);
    }
}

/* The main.cf line(s) for the table, one per line: smtpd's, and
 * postscreen's when postscreen runs and its tlsproxy saw failures.
 * $config_directory:
 * the daemons open tables from their own working directory, so main.cf
 * must not name the table relatively. */
static char *relief_lines(const config *c, const log_stats *s)
{
    static const char *const params[] = {
        "smtpd_discard_ehlo_keyword_address_maps",
        "postscreen_discard_ehlo_keyword_address_maps"
    };
    bool postscreen = false;
    strbuf lines;

    for (size_t i = 0; i < c->m->n_services; i++)
        if (str_eq(service_daemon(&c->m->services[i]), "postscreen"))
            postscreen = relief_needs_postscreen(s);
    sb_init(&lines);
    for (int i = 0; i < (postscreen ? 2 : 1); i++) {
        const main_param *p = model_main_param(c->m, params[i]);
        char *line = relief_main_line(params[i], "$config_directory/"
                                      RELIEF_TABLE_NAME,
                                      p ? p->entry->value : NULL);

        sb_printf(&lines, "%s%s", i ? "\n" : "", line);
        free(line);
    }
    return sb_steal(&lines);
}

/* Successful sessions are logged only at *_tls_loglevel 1 or more: with
 * none in the log and the level at 0, say so, and what shows them. In
 * JSON, the members of a "loglevel" array. */
static void loglevel_lines(const config *c, const log_stats *s, strbuf *out,
                           bool json)
{
    size_t notes = 0;

    for (int client = 0; client < 2; client++) {
        const tls_server *list = client ? c->tls->clients : c->tls->servers;
        size_t n = client ? c->tls->n_clients : c->tls->n_servers;
        const tls_server *t = NULL;
        const char *param = client ? "smtp_tls_loglevel"
            : "smtpd_tls_loglevel";
        tls_setting level;
        located at = {{0}, false};
        bool any = false;
        strbuf why;

        for (size_t i = 0; i < s->n_pairs; i++)
            any |= s->pairs[i].client == (client == 1);
        for (size_t i = 0; i < n; i++)
            if (str_eq(list[i].names->program, client ? "smtp" : "smtpd")
                && (t == NULL || (list[i].role == ROLE_PUBLIC_MX
                                  && t->role != ROLE_PUBLIC_MX)))
                t = &list[i];
        if (any || t == NULL)
            continue;
        tls_setting_get(c->m, t->svc, param, &level);
        if (strtol(level.value, NULL, 10) >= 1) {
            tls_setting_free(&level);
            continue;
        }
        sb_init(&why);
        where(&level, t, &at);
        setting_text(&level, &why);
        sb_printf(&why, " on %s: %s logs a TLS session that succeeds only "
                  "at level 1 or more, so this log cannot show successful "
                  "%s sessions (\"none\" does not mean there were none); "
                  "to see them, set %s = 1", t->name,
                  client ? "smtp" : "smtpd", client ? "outbound" : "inbound",
                  param);
        if (json) {
            sb_adds(out, notes++ ? ",\n{\"direction\":\""
                    : ",\n\"loglevel\":[\n{\"direction\":\"");
            sb_printf(out, "%s\",\"setting\":\"%s\",\"value\":\"",
                      client ? "outbound" : "inbound", param);
            sb_add_json(out, level.value);
            sb_adds(out, "\",\"file\":\"");
            sb_add_json(out, at.found ? at.sp.src->path : "");
            sb_printf(out, "\",\"line\":%d,\"explanation\":\"",
                      at.found ? at.sp.line : 0);
            sb_add_json(out, why.data);
            sb_adds(out, "\"}");
        } else {
            location_text(&at, out);
            sb_printf(out, "%s\n", why.data);
        }
        sb_free(&why);
        tls_setting_free(&level);
    }
    if (json && notes)
        sb_adds(out, "]");
}

/* The table as it is in DIR: *text NULL when there is none. False when
 * it cannot be read (said on stderr). */
static bool relief_existing(const char *path, char **text, size_t *len)
{
    int err = 0;
    sf_status st = safe_read_file(path, 64u << 20, 0, text, len, &err);

    if (st == SF_OK)
        return true;
    *text = NULL;
    *len = 0;
    if (st == SF_OPEN && err == ENOENT)
        return true;
    pl_say("%s: cannot read it: %s", path, sf_reason(st, err));
    return false;
}

/* What was left out of the table, and why; "" when nothing was. */
static void relief_left_out(const relief_filter *f, strbuf *out)
{
    if (f->few)
        sb_printf(out, "Left out: %zu peer%s that failed fewer than %lu "
                  "time%s (--min-failures).\n", f->few, f->few == 1 ? "" : "s",
                  f->min_failures, f->min_failures == 1 ? "" : "s");
    if (f->local)
        sb_printf(out, "Left out: %zu peer%s on loopback%s.\n", f->local,
                  f->local == 1 ? "" : "s",
                  f->mynetworks ? " or in mynetworks" : " (mynetworks is "
                  "computed by Postfix, not set: its networks are not "
                  "known here)");
}

/* Does main.cf's smtpd_discard_ehlo_keyword_address_maps name the table? */
static bool relief_in_use(const config *c)
{
    const main_param *p = model_main_param(c->m,
                                           "smtpd_discard_ehlo_keyword_"
                                           "address_maps");

    return p && strstr(p->entry->value, RELIEF_TABLE_NAME) != NULL;
}

static int relief(const config *c, const log_stats *s, const tiein_opts *o,
                  strbuf *out)
{
    char *path = xasprintf("%s/%s", c->dir, RELIEF_TABLE_NAME);
    char *line = relief_lines(c, s), *old = NULL, *why;
    tls_setting mynet;
    relief_filter f = {o->min_failures, NULL, 0, 0};
    strbuf entries, text;
    size_t n, old_len = 0, body_len = 0, total;
    bool by_hand = false, written = false;
    int status = 0;

    tls_setting_get(c->m, NULL, "mynetworks", &mynet);
    if (mynet.raw.origin == ORIGIN_MAIN)
        f.mynetworks = mynet.value;
    sb_init(&entries);
    sb_init(&text);
    if (!relief_existing(path, &old, &old_len)) {
        status = 2;
        goto done;
    }
    by_hand = old && !relief_unchanged(old, old_len, &body_len);
    n = relief_entries(s, &f, old, &entries);
    if (n && o->fix && by_hand) {
        pl_say("%s: not written: it was changed by hand since postlint log "
               "wrote it (or postlint log did not write it); add the %zu "
               "new entr%s below yourself, or move the file away and run "
               "again:", path, n, n == 1 ? "y" : "ies");
        fputs(entries.data, stderr);    /* stdout is not printed: exit 2 */
        status = 2;
    } else if (n && o->fix) {
        if (old)
            sb_add(&text, old, body_len);
        else
            relief_header(&text);
        sb_add(&text, entries.data, entries.len);
        relief_seal(&text);
        if (!relief_write(path, old, old_len, text.data, text.len, &why)) {
            pl_say("%s", why);
            free(why);
            status = 2;
        } else {
            written = true;
        }
    }
    total = 0;
    for (const char *l = written ? text.data : old; l && *l;
         l = strchr(l, '\n'), l = l ? l + 1 : NULL)
        total += *l != '#' && *l != '\n' && strchr(l, '/') != NULL;
    if (o->json) {
        sb_adds(out, ",\n\"relief\":{\"file\":\"");
        sb_add_json(out, path);
        sb_printf(out, "\",\"entries\":%zu,\"written\":%s,\"table\":\"", n,
                  written ? "true" : "false");
        if (n && !old) {        /* a new table: as it would begin */
            strbuf head;

            sb_init(&head);
            relief_header(&head);
            sb_add_json(out, head.data);
            sb_free(&head);
        }
        sb_add_json(out, n ? entries.data : "");
        sb_adds(out, "\",\"main_cf\":\"");
        sb_add_json(out, n ? line : "");
        sb_printf(out, "\",\"min_failures\":%lu,\"left_out_few_failures\":"
                  "%zu,\"left_out_local\":%zu,\"changed_by_hand\":%s}",
                  f.min_failures, f.few, f.local,
                  by_hand ? "true" : "false");
    } else {
        if (written)
            sb_printf(out, "\nPer-peer relief: wrote %s with %zu new "
                      "entr%s (%zu in all): smtpd will stop offering "
                      "STARTTLS to these inbound peers, which keep failing "
                      "the handshake, once main.cf uses the table.\n",
                      path, n, n == 1 ? "y" : "ies", total);
        else if (n)
            sb_printf(out, "\nPer-peer relief: %zu inbound peer%s failed the "
                      "handshake at least %lu time%s and never succeeded "
                      "with TLS afterwards. To make smtpd offer %s no "
                      "STARTTLS (%s send%s in plaintext instead), %s %s "
                      "(postlint log --fix %s):\n%s", n, n == 1 ? "" : "s",
                      f.min_failures, f.min_failures == 1 ? "" : "s",
                      n == 1 ? "it" : "them", n == 1 ? "it" : "they",
                      n == 1 ? "s" : "", old ? "add these lines to"
                      : "put this table in", path,
                      by_hand ? "does not: the file was changed by hand"
                      : "writes it", entries.data);
        else if (o->fix && old)
            sb_printf(out, "\nPer-peer relief: no new peer for %s; nothing "
                      "written.\n", path);
        else if (f.few || f.local)
            sb_printf(out, "\nPer-peer relief: no inbound peer to list.\n");
        if (n || f.few || f.local)
            relief_left_out(&f, out);
        if (n && relief_in_use(c))
            sb_adds(out, "main.cf uses the table already.\n");
        else if (n) {
            sb_adds(out, "and add to main.cf (not done for you):\n");
            for (char *l = line, *nl; l; l = nl ? nl + 1 : NULL) {
                size_t len = (nl = strchr(l, '\n')) ? (size_t) (nl - l)
                    : strlen(l);

                sb_adds(out, "    ");
                sb_add(out, l, len);
                sb_adds(out, "\n");
            }
        }
    }
done:
    tls_setting_free(&mynet);
    sb_free(&entries);
    sb_free(&text);
    free(old);
    free(line);
    free(path);
    return status;
}

int log_tiein(const log_stats *s, const tiein_opts *o, strbuf *out)
{
    config c;
    int status;

    if (!config_load(o, &c)) {
        config_free(&c);
        return 2;
    }
    if (o->json) {
        sb_printf(out, ",\n\"postfix_version\":\"%s\",\"openssl_version\":"
                  "\"", c.version_text);
        sb_add_json(out, c.openssl_text);
        sb_adds(out, "\",\n\"tiein\":[");
        reason_lines(&c, s, out, true);
        sb_adds(out, "]");
        loglevel_lines(&c, s, out, true);
    } else {
        sb_printf(out, "\nAgainst the configuration in %s (Postfix %s, "
                  "OpenSSL %s):\n", c.dir, c.version_text, c.openssl_text);
        reason_lines(&c, s, out, false);
        message_lines(&c, s, out);
        loglevel_lines(&c, s, out, false);
    }
    status = relief(&c, s, o, out);
    config_free(&c);
    return status;
}
