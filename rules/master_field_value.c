/*
 * master_field_value.c - rule "master-field-value": a master.cf field with
 * a value master(8) rejects.
 *
 * type: inet, unix, fifo, pass (2.5+), unix-dgram (3.4+); private,
 * unprivileged, chroot: y, n or -; wakeup: digits with an optional '?', or
 * -; process limit: digits or -. Anything else is fatal for postconf,
 * postfix check and master(8): Postfix does not start. From 2.11 postconf
 * checks the fields (postconf_master.c) and postfix start, check and
 * reload stop with its "invalid chroot field" message; before, master(8)
 * itself logs 'field "chroot": bad value' (master_ent.c) and exits.
 * An inet service name is [host:]port as host_port() reads it ("[::1]:25",
 * "127.0.0.1:10025", "smtp"); master stops with its error ("garbage
 * after numerical service in \"127.0.0.1\"") while postconf and postfix
 * check say nothing. Only sure cases of a bad host are reported.
 * A unix, unix-dgram or pass service listens on the socket
 * "private/NAME" (or "public/NAME"), relative to queue_directory; a path
 * that does not fit a socket address (sun_path, 108 bytes on Linux)
 * stops master(8): "fatal: unix-domain name too long: private/NAME"
 * (unix_listen.c; unix_dgram_listen.c says "unix_dgram_listen: ...").
 */
#include "rule.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool valid_type(const char *t, pf_version v, const char **needs)
{
    static const pf_version v2_5 = {2, 5, 0}, v3_4 = {3, 4, 0};

    *needs = NULL;
    if (str_eq(t, "inet") || str_eq(t, "unix") || str_eq(t, "fifo"))
        return true;
    if (str_eq(t, "pass")) {
        *needs = "2.5";
        return version_cmp(v, v2_5) >= 0;
    }
    if (str_eq(t, "unix-dgram")) {
        *needs = "3.4";
        return version_cmp(v, v3_4) >= 0;
    }
    return false;
}

static bool valid_bool(const char *s)
{
    return s[0] && s[1] == '\0' && strchr("yn-", s[0]) != NULL;
}

static bool valid_wakeup(const char *s)
{
    size_t len = strlen(s);

    if (str_eq(s, "-"))
        return true;
    if (len > 0 && s[len - 1] == '?')
        len--;
    return len > 0 && strspn(s, "0123456789") == len;
}

static bool valid_maxproc(const char *s)
{
    return str_eq(s, "-") || (s[0] && s[strspn(s, "0123456789")] == '\0');
}

/* What Postfix logs for a bad field, as it words it in that version. */
static void postfix_says(const lint_ctx *ctx, const service *s, int field,
                         strbuf *out)
{
    static const pf_version v2_11 = {2, 11, 0};
    /* master(8)'s own names for the fields, before 2.11. */
    static const char *const master_names[] = {
        "service", "type", "private", "unprivileged", "chroot",
        "wakeup_time", "max_proc", "command"
    };
    const char *value = s->argv[field].text;

    if (version_cmp(ctx->version, v2_11) >= 0)
        sb_printf(out, "postconf: fatal: invalid %s field \"%s\" in "
                  "\"%s ...\"", master_field_names[field], value,
                  s->argv[MF_SERVICE].text);
    else if (field == MF_TYPE)
        sb_printf(out, "master: fatal: master.cf: line %d: bad transport "
                  "type: %s", s->argv[field].sp.line, value);
    else
        sb_printf(out, "master: fatal: master.cf: line %d: field \"%s\": "
                  "bad value: \"%s\"", s->argv[field].sp.line,
                  master_names[field], value);
}

static void bad_field(const lint_ctx *ctx, const rule_desc *self,
                      const service *s, int field, const char *expected)
{
    strbuf says;

    sb_init(&says);
    postfix_says(ctx, s, field, &says);
    report(ctx, self, &s->argv[field].sp,
           "invalid %s field \"%s\" in master.cf entry %s/%s: expected "
           "%s;" DIAG_NOTE
           " Postfix %s will not start or reload (%s)",
           master_field_names[field], s->argv[field].text,
           s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, expected,
           ctx->version_text, says.data);
    sb_free(&says);
}

/* Can no host name or address be this? Only what is sure: an empty
 * name, or a character neither names nor addresses have (a name with
 * bytes beyond ASCII may be an SMTPUTF8 name: not judged). */
static bool never_host(const char *h)
{
    if (*h == '\0')
        return true;
    for (const unsigned char *c = (const unsigned char *) h; *c; c++)
        if (*c >= 0x80)
            return false;
    return h[strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    "0123456789._-:")] != '\0';
}

/* host_port() as master(8) reads an inet service name ("" the default
 * host, no default port): NULL when fine, else the error it returns. */
static const char *inet_name_problem(const char *name)
{
    char *buf = xstrdup(name), *host, *port, *cp;
    bool default_host = false;
    const char *err = NULL;

    if (buf[0] == '[') {
        bool ipv6 = strncasecmp(buf + 1, "ipv6:", 5) == 0;

        host = buf + 1 + (ipv6 ? 5 : 0);
        if ((cp = strchr(host, ']')) == NULL) {
            err = "missing \"]\"";
            goto done;
        }
        *cp++ = '\0';
        if (*cp && *cp++ != ':') {
            err = "garbage after \"]\"";
            goto done;
        }
        /* valid_ipv6_hostaddr(): hex fields, at least two ':' */
        if (ipv6 && (host[strspn(host, "0123456789abcdefABCDEF:.")]
                     || strchr(host, ':') == NULL
                     || strchr(strchr(host, ':') + 1, ':') == NULL)) {
            err = "malformed IPv6 address";
            goto done;
        }
        port = *cp ? cp : NULL;
    } else if ((cp = strrchr(buf, ':')) != NULL) {
        *cp++ = '\0';
        host = buf;
        default_host = *buf == '\0';
        port = *cp ? cp : NULL;
    } else {
        host = buf + strlen(buf);
        default_host = true;
        port = *buf ? buf : NULL;
    }
    if (port == NULL)
        err = "missing service information";
    else if (!default_host && never_host(host))
        err = "valid hostname or network address required";
    else if (*port >= '0' && *port <= '9'
             && !str_all_digits(port, strlen(port)))
        err = "garbage after numerical service";
done:
    free(buf);
    return err;
}

static void check_inet_name(const lint_ctx *ctx, const rule_desc *self,
                            const service *s)
{
    const svc_word *f = &s->argv[MF_SERVICE];
    const char *err;

    if (!str_eq(s->argv[MF_TYPE].text, "inet")
        || (err = inet_name_problem(f->text)) == NULL)
        return;
    report(ctx, self, &f->sp, "inet service name \"%s\" is not "
           "[host:]port: %s;" DIAG_NOTE
           " postconf and postfix check accept it, but master(8) of Postfix "
           "%s stops with 'fatal: %s/master.cf: line %d: %s in \"%s\"' "
           "(postfix start fails; after postfix reload the running master "
           "exits)%s", f->text, err, ctx->version_text,
           ctx->m->config_dir && ctx->m->config_dir[0] == '/'
           ? ctx->m->config_dir : "$config_directory", f->sp.line, err,
           f->text, str_eq(err, "garbage after numerical service")
           && strchr(f->text, ':') == NULL
           ? "; to listen on one address, write address:port "
           "(127.0.0.1:10025)" : "");
}

static void check_unix_name(const lint_ctx *ctx, const rule_desc *self,
                            const service *s)
{
    const char *type = s->argv[MF_TYPE].text;
    const char *name = s->argv[MF_SERVICE].text;
    bool dgram = str_eq(type, "unix-dgram");
    /* private: "n" means public; "y" and "-" (the default) private. */
    const char *dir = str_eq(s->argv[MF_PRIVATE].text, "n") ? "public"
        : "private";
    size_t limit = sizeof(((struct sockaddr_un *) 0)->sun_path);
    size_t len = strlen(dir) + 1 + strlen(name);

    if (!(str_eq(type, "unix") || dgram || str_eq(type, "pass"))
        || len < limit)
        return;
    report(ctx, self, &s->argv[MF_SERVICE].sp, "service name \"%.40s...\" "
           "is too long for a %s socket: %s/NAME is %zu bytes, at most "
           "%zu fit" DIAG_NOTE " master(8) of Postfix %s stops with \"fatal: "
           "%sunix-domain name too long: %s/%.40s...\" (postfix start "
           "fails; after postfix reload the running master exits)", name,
           type, dir, len, limit - 1, ctx->version_text,
           dgram ? "unix_dgram_listen: " : "", dir, name);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *needs;

        if (!s->has_fields)
            continue;
        if (!valid_type(s->argv[MF_TYPE].text, ctx->version, &needs)) {
            if (needs) {
                strbuf says;

                sb_init(&says);
                postfix_says(ctx, s, MF_TYPE, &says);
                report(ctx, self, &s->argv[MF_TYPE].sp,
                       "service type \"%s\" needs Postfix %s or "
                       "later;" DIAG_NOTE
                       " Postfix %s will not start with entry %s/%s (%s)",
                       s->argv[MF_TYPE].text, needs, ctx->version_text,
                       s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
                       says.data);
                sb_free(&says);
            } else
                bad_field(ctx, self, s, 1,
                          "inet, unix, fifo, pass or unix-dgram");
        }
        for (int f = 2; f <= 4; f++)
            if (!valid_bool(s->argv[f].text))
                bad_field(ctx, self, s, f, "y, n or -");
        if (!valid_wakeup(s->argv[MF_WAKEUP].text))
            bad_field(ctx, self, s, 5,
                      "a number of seconds, optionally followed by '?', "
                      "or -");
        if (!valid_maxproc(s->argv[MF_MAXPROC].text))
            bad_field(ctx, self, s, 6, "a number or -");
        check_inet_name(ctx, self, s);
        check_unix_name(ctx, self, s);
    }
}

const rule_desc rule_master_field_value = {
    "master-field-value", SEV_ERROR,
    "a master.cf field has a value master(8) rejects",
    "master(8) accepts only these field values: type inet, unix, fifo, "
    "pass (Postfix 2.5+) or unix-dgram (3.4+); private, unprivileged and "
    "chroot y, n or -; wakeup a number with an optional '?' or -; process "
    "limit a number or -. postconf and postfix check refuse any other value "
    "(\"invalid ... field\"), so postfix start and postfix reload fail. "
    "An inet service name must be [host:]port; master(8) stops at one it "
    "cannot split: 127.0.0.1 without a port, [::1 without ']'. A unix "
    "service name too long for a socket path stops master(8) too.",
    check,
    0
};
