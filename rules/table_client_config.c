/*
 * table_client_config.c - rule "table-client-config": the .cf file of a
 * mysql:, pgsql:, sqlite:, ldap:, memcache: or mongodb: table.
 *
 * The file has main.cf syntax (cfg_parser.c, dict.c):
 *  - a line without '=' stops the program that opens it ("fatal: FILE,
 *    line N: missing '=' after attribute name"): an error;
 *  - a required key missing (dbname, dbpath, or the table/select_field/
 *    where_field of the old form without query): "fatal: FILE: bad
 *    string length 0 < 1: dbname = ": an error;
 *  - a value that cfg_get_int()/cfg_get_bool()/cfg_get_str() refuse (not
 *    a number, out of min..max, not yes/no, empty where 1 character is
 *    the least), a '%' template that db_common_parse() refuses (query,
 *    result_format, ldap search_base/query_filter, memcache key_format,
 *    the query built from table/select_field/...), an unknown ldap bind:
 *    the program stops: an error;
 *  - ldap values dict_ldap_open() replaces with a warning (version,
 *    scope, dereference, a fixed query_filter, the obsolete cache
 *    options, a server URL with a bad port): a warning, an error when no
 *    server URL is left; version = 2 raised to 3 for start_tls or an
 *    ldaps:/ldapi: URL: info;
 *  - a memcache table without backup as postscreen_cache_map or
 *    address_verify_map while its cache cleanup runs: each cleanup logs
 *    "first/next support requires backup database" and removes nothing:
 *    a warning;
 *  - an unknown key is silently ignored (a typo such as "passwd" means
 *    no password at all): a warning;
 *  - a file that holds a password (password, bind_pw, a mongodb uri)
 *    and that others may read exposes the database account: a warning,
 *    with the chmod and chgrp to run.
 * Keys per driver and version: dbcf research of dict_mysql.c,
 * dict_pgsql.c, dict_sqlite.c, dict_ldap.c, dict_memcache.c,
 * dict_mongodb.c and db_common.c (3.7.11; additions of 3.8 and 3.9).
 * Secrets are never quoted. Skipped under --no-files.
 */
#include "rule.h"
#include "effective.h"
#include "table.h"
#include "table_file.h"
#include "table_refs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct cf_key {
    const char *type, *key, *since;
    char required;              /* y: always; l: unless query is set */
    bool secret;
    /* How Postfix 3.7.11 reads the value (cfg_parser.c, db_common.c):
     * 's' a string at least min long; 'i' an integer in min..max (0: no
     * limit); 'b' a boolean; 'q' a query template, 'r' a result template
     * (at least min long). Keys of later versions: 's', 0. */
    char kind;
    int min, max;
} cf_key;

static const cf_key keys[] = {
    {"mysql", "hosts", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "user", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "password", "2.6", 'n', true, 's', 0, 0},
    {"mysql", "dbname", "2.6", 'y', false, 's', 1, 0},
    {"mysql", "query", "2.6", 'n', false, 'q', 0, 0},
    {"mysql", "result_format", "2.6", 'n', false, 'r', 1, 0},
    {"mysql", "expansion_limit", "2.6", 'n', false, 'i', 0, 0},
    {"mysql", "option_file", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "option_group", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "tls_key_file", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "tls_cert_file", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "tls_CAfile", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "tls_CApath", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "tls_ciphers", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "tls_verify_cert", "2.6", 'n', false, 'b', 0, 0},
    {"mysql", "require_result_set", "2.6", 'n', false, 'b', 0, 0},
    {"mysql", "charset", "3.9", 'n', false, 's', 0, 0},
    {"mysql", "retry_interval", "3.9", 'n', false, 's', 0, 0},
    {"mysql", "idle_interval", "3.9", 'n', false, 's', 0, 0},
    {"mysql", "table", "2.6", 'l', false, 's', 0, 0},
    {"mysql", "select_field", "2.6", 'l', false, 's', 0, 0},
    {"mysql", "where_field", "2.6", 'l', false, 's', 0, 0},
    {"mysql", "additional_conditions", "2.6", 'n', false, 's', 0, 0},
    {"mysql", "domain", "2.6", 'n', false, 's', 0, 0},
    {"pgsql", "hosts", "2.6", 'n', false, 's', 0, 0},
    {"pgsql", "user", "2.6", 'n', false, 's', 0, 0},
    {"pgsql", "password", "2.6", 'n', true, 's', 0, 0},
    {"pgsql", "dbname", "2.6", 'y', false, 's', 1, 0},
    {"pgsql", "query", "2.6", 'n', false, 'q', 0, 0},
    {"pgsql", "select_function", "2.6", 'n', false, 's', 0, 0},
    {"pgsql", "result_format", "2.6", 'n', false, 'r', 1, 0},
    {"pgsql", "expansion_limit", "2.6", 'n', false, 'i', 0, 0},
    {"pgsql", "encoding", "3.8", 'n', false, 's', 0, 0},
    {"pgsql", "retry_interval", "3.9", 'n', false, 's', 0, 0},
    {"pgsql", "idle_interval", "3.9", 'n', false, 's', 0, 0},
    {"pgsql", "table", "2.6", 'l', false, 's', 0, 0},
    {"pgsql", "select_field", "2.6", 'l', false, 's', 0, 0},
    {"pgsql", "where_field", "2.6", 'l', false, 's', 0, 0},
    {"pgsql", "additional_conditions", "2.6", 'n', false, 's', 0, 0},
    {"pgsql", "domain", "2.6", 'n', false, 's', 0, 0},
    {"sqlite", "dbpath", "2.6", 'y', false, 's', 1, 0},
    {"sqlite", "query", "2.6", 'n', false, 'q', 0, 0},
    {"sqlite", "result_format", "2.6", 'n', false, 'r', 1, 0},
    {"sqlite", "expansion_limit", "2.6", 'n', false, 'i', 0, 0},
    {"sqlite", "table", "2.6", 'l', false, 's', 0, 0},
    {"sqlite", "select_field", "2.6", 'l', false, 's', 0, 0},
    {"sqlite", "where_field", "2.6", 'l', false, 's', 0, 0},
    {"sqlite", "additional_conditions", "2.6", 'n', false, 's', 0, 0},
    {"sqlite", "domain", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "server_host", "2.6", 'n', false, 's', 1, 0},
    {"ldap", "server_port", "2.6", 'n', false, 'i', 0, 0},
    {"ldap", "version", "2.6", 'n', false, 'i', 2, 0},
    {"ldap", "search_base", "2.6", 'n', false, 'q', 0, 0},
    {"ldap", "scope", "2.6", 'n', false, 's', 1, 0},
    {"ldap", "timeout", "2.6", 'n', false, 'i', 0, 0},
    {"ldap", "query_filter", "2.6", 'n', false, 'q', 0, 0},
    {"ldap", "result_format", "2.6", 'n', false, 'r', 0, 0},
    {"ldap", "result_filter", "2.6", 'n', false, 'r', 1, 0},
    {"ldap", "domain", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "terminal_result_attribute", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "leaf_result_attribute", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "result_attribute", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "special_result_attribute", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "bind", "2.6", 'n', false, 's', 1, 0},
    {"ldap", "bind_dn", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "bind_pw", "2.6", 'n', true, 's', 0, 0},
    {"ldap", "cache", "2.6", 'n', false, 'b', 0, 0},
    {"ldap", "cache_expiry", "2.6", 'n', false, 'i', 0, 0},
    {"ldap", "cache_size", "2.6", 'n', false, 'i', 0, 0},
    {"ldap", "recursion_limit", "2.6", 'n', false, 'i', 1, 0},
    {"ldap", "expansion_limit", "2.6", 'n', false, 'i', 0, 0},
    {"ldap", "size_limit", "2.6", 'n', false, 'i', 0, 0},
    {"ldap", "dereference", "2.6", 'n', false, 'i', 0, 0},
    {"ldap", "chase_referrals", "2.6", 'n', false, 'b', 0, 0},
    {"ldap", "sasl_mechs", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "sasl_realm", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "sasl_authz_id", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "sasl_minssf", "2.6", 'n', false, 'i', 0, 4096},
    {"ldap", "start_tls", "2.6", 'n', false, 'b', 0, 0},
    {"ldap", "tls_require_cert", "2.6", 'n', false, 'b', 0, 0},
    {"ldap", "tls_ca_cert_file", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "tls_ca_cert_dir", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "tls_cert", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "tls_key", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "tls_random_file", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "tls_cipher_suite", "2.6", 'n', false, 's', 0, 0},
    {"ldap", "debuglevel", "2.6", 'n', false, 'i', 0, 0},
    {"memcache", "memcache", "2.6", 'n', false, 's', 0, 0},
    {"memcache", "backup", "2.6", 'n', false, 's', 0, 0},
    {"memcache", "key_format", "2.6", 'n', false, 'q', 0, 0},
    {"memcache", "ttl", "2.6", 'n', false, 'i', 0, 0},
    {"memcache", "timeout", "2.6", 'n', false, 'i', 0, 0},
    {"memcache", "flags", "2.6", 'n', false, 'i', 0, 0},
    {"memcache", "max_try", "2.6", 'n', false, 'i', 1, 0},
    {"memcache", "line_size_limit", "2.6", 'n', false, 'i', 1, 0},
    {"memcache", "data_size_limit", "2.6", 'n', false, 'i', 1, 0},
    {"memcache", "retry_pause", "2.6", 'n', false, 'i', 1, 0},
    {"memcache", "domain", "2.6", 'n', false, 's', 0, 0},
    {"mongodb", "uri", "3.9", 'y', true, 's', 0, 0},
    {"mongodb", "dbname", "3.9", 'y', false, 's', 0, 0},
    {"mongodb", "collection", "3.9", 'y', false, 's', 0, 0},
    {"mongodb", "query_filter", "3.9", 'y', false, 's', 0, 0},
    {"mongodb", "projection", "3.9", 'n', false, 's', 0, 0},
    {"mongodb", "result_attribute", "3.9", 'n', false, 's', 0, 0},
    {"mongodb", "result_format", "3.9", 'n', false, 's', 0, 0},
    {"mongodb", "expansion_limit", "3.9", 'n', false, 's', 0, 0},
    {"mongodb", "domain", "3.9", 'n', false, 's', 0, 0},
};

static const cf_key *find_key(const char *type, const char *key)
{
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (str_eq(keys[i].type, type) && str_eq(keys[i].key, key))
            return &keys[i];
    return NULL;
}

static bool in_version(const cf_key *k, pf_version v)
{
    pf_version since;

    return version_parse_loose(k->since, &since) && version_cmp(v, since) >= 0;
}

/* A finding at line of the .cf file. */
static void at_line(const lint_ctx *ctx, const rule_desc *self, severity sev,
                    const char *path, int line, const char *fmt, ...)
    PL_PRINTF(6, 7);

static void at_line(const lint_ctx *ctx, const rule_desc *self, severity sev,
                    const char *path, int line, const char *fmt, ...)
{
    span sp;
    va_list ap;

    memset(&sp, 0, sizeof(sp));
    sp.src = table_source(path);
    sp.line = sp.end_line = line;
    sp.col = sp.end_col = 1;
    va_start(ap, fmt);
    diag_vadd(ctx->diags, self->id, sev, &sp, fmt, ap);
    va_end(ap);
}

/* The keys of the file with their last value (Postfix keeps the last). */
typedef struct seen_keys {
    char names[64][48];
    char *values[64];
    int lines[64];
    size_t n;
    bool secret;
} seen_keys;

static void remember(seen_keys *seen, const char *key, const char *value,
                     int line)
{
    for (size_t i = 0; i < seen->n; i++)
        if (str_eq(seen->names[i], key)) {
            free(seen->values[i]);
            seen->values[i] = xstrdup(value);
            seen->lines[i] = line;
            return;
        }
    if (seen->n < 64) {
        snprintf(seen->names[seen->n], sizeof(seen->names[0]), "%s", key);
        seen->values[seen->n] = xstrdup(value);
        seen->lines[seen->n++] = line;
    }
}

static void forget_all(seen_keys *seen)
{
    for (size_t i = 0; i < seen->n; i++)
        free(seen->values[i]);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
        || c == '\v';
}

/* A line cut as split_nameval() cuts it: *np the name (to *ep), *vp the
 * value after '=' and white space. False when there is no name or no
 * '=' after it (where Postfix stops reading the file). */
static bool cut_line(const char *text, const char **np, const char **ep,
                     const char **vp)
{
    const char *n = text, *e, *v;

    while (is_space(*n))
        n++;
    for (e = n; *e && !is_space(*e) && *e != '='; e++)
        continue;
    for (v = e; is_space(*v); v++)
        continue;
    *np = n;
    *ep = e;
    *vp = v;
    if (e == n || *v != '=')
        return false;
    for (v++; is_space(*v); v++)
        continue;
    *vp = v;
    return true;
}

/* Reads the keys; false at a line where Postfix stops reading. The line
 * is cut as split_nameval() cuts it: a name up to white space or '=',
 * then '=', then the value without white space around it. */
static bool read_cf(const lint_ctx *ctx, const rule_desc *self,
                    const table_ref *r, table_file *tf, seen_keys *seen)
{
    const char *text;
    int line, unknown = 0;

    while ((text = table_file_next(tf, &line)) != NULL) {
        const char *np, *ep, *vp;
        char key[48];
        size_t n, vn;
        const cf_key *k;

        if (!cut_line(text, &np, &ep, &vp)) {
            at_line(ctx, self, SEV_ERROR, r->name, line,
                    "%s on this line of the %s client file:" DIAG_NOTE
                    " the program that opens %s stops with \"fatal: FILE, "
                    "line N: %s\"", ep == np ? "no name before '='"
                    : strchr(ep, '=') ? "white space inside the name before "
                    "'='" : "no '='", r->type, r->text,
                    ep == np ? "missing attribute name"
                    : "missing '=' after attribute name");
            return false;       /* where Postfix stops reading */
        }
        n = (size_t) (ep - np);
        for (vn = strlen(vp); vn && is_space(vp[vn - 1]); vn--)
            continue;
        if (n >= sizeof(key))
            continue;
        memcpy(key, np, n);
        key[n] = '\0';
        k = find_key(r->type, key);
        if ((k == NULL || !in_version(k, ctx->version)) && unknown++ < 20)
            at_line(ctx, self, SEV_WARNING, r->name, line,
                    "%s is not a key of %s client files of Postfix "
                    "%s:" DIAG_NOTE
                    " it is ignored without a word (a misspelled key means "
                    "the "
                    "setting is not made)", key, r->type, ctx->version_text);
        else {
            char *value = xstrndup(vp, vn);

            remember(seen, key, value, line);
            free(value);
        }
        if (k && k->secret)
            seen->secret = true;
    }
    return true;
}

/* The value of key, or NULL when the file does not set it. */
static const char *value_of(const seen_keys *s, const char *key, int *line)
{
    for (size_t i = 0; i < s->n; i++)
        if (str_eq(s->names[i], key)) {
            if (line)
                *line = s->lines[i];
            return s->values[i];
        }
    if (line)
        *line = 1;
    return NULL;
}

static bool has(const seen_keys *s, const char *key)
{
    return value_of(s, key, NULL) != NULL;
}

/* Set and not empty: cfg_get_str() with a null default. */
static bool set_nonempty(const seen_keys *s, const char *key)
{
    const char *v = value_of(s, key, NULL);

    return v && *v;
}

/* cfg_get_int()'s reading of v: false when it is not an int. */
static bool parse_int(const char *v, int *out)
{
    char *end;
    long l;

    errno = 0;
    l = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || errno == ERANGE || l < INT_MIN
        || l > INT_MAX)
        return false;
    *out = (int) l;
    return true;
}

/* An int the file sets validly, or def. */
static int int_of(const seen_keys *s, const char *key, int def, bool *set)
{
    const char *v = value_of(s, key, NULL);
    int i;

    if (v && parse_int(v, &i)) {
        if (set)
            *set = true;
        return i;
    }
    if (set)
        *set = false;
    return def;
}

static bool is_yes(const char *v)
{
    return v && strcasecmp(v, "yes") == 0;
}

/* db_common_parse(): false with the fatal's text when a '%' is followed
 * by something other than % s S u U d D 1-9; *dynamic when some
 * substitution is there. */
static bool template_ok(const char *t, bool *dynamic)
{
    *dynamic = false;
    for (const char *p = t; *p; p++) {
        if (*p != '%')
            continue;
        p++;
        if (*p == '%')
            continue;
        if (*p == '\0' || !strchr("sSuUdD123456789", *p))
            return false;
        *dynamic = true;
    }
    return true;
}

static const char *pf_version_text(const lint_ctx *ctx)
{
    return ctx->version_text;
}

/* A fatal of the program that opens the table. */
#define STOPS_NOTE " the program that opens %s (Postfix %s) stops with " \
    "\"fatal: "

static void check_template(const lint_ctx *ctx, const rule_desc *self,
                           const table_ref *r, const char *key,
                           const char *text, int line, bool query)
{
    bool dynamic;

    if (template_ok(text, &dynamic))
        return;
    at_line(ctx, self, SEV_ERROR, r->name, line,
            "%s of this %s client file has a '%%' that is not %%%%, %%s, "
            "%%u, %%d, %%S, %%U, %%D or %%1..%%9:" DIAG_NOTE STOPS_NOTE
            "db_common_parse: %s: Invalid %s template: %s\"", key, r->type,
            r->text, pf_version_text(ctx), r->name,
            query ? "query" : "result", text);
}

/* ldap server_host: an ldap URL that ldap_url_parse() rejects because
 * its port is empty or not a number (OpenLDAP 2.5, as Debian 12 links
 * it). Other URL errors are not judged. */
static bool url_like(const char *h, const char **scheme_end)
{
    static const char *const schemes[] = {
        "ldap://", "ldaps://", "ldapi://", "cldap://", NULL
    };

    for (const char *const *s = schemes; *s; s++)
        if (strncasecmp(h, *s, strlen(*s)) == 0) {
            *scheme_end = h + strlen(*s) - 3;
            return true;
        }
    return false;
}

static bool url_port_bad(const char *h, const char *scheme_end)
{
    const char *hp = scheme_end + 3, *end = hp + strcspn(hp, "/?"),
        *colon, *p;
    char *endp;

    if ((size_t) (scheme_end - h) == 5 && strncasecmp(h, "ldapi", 5) == 0)
        return false;           /* a socket path, no port */
    p = hp;
    if (*p == '[') {            /* [IPv6] */
        const char *close = memchr(p, ']', (size_t) (end - p));

        if (close == NULL)
            return false;
        p = close;
    }
    colon = memchr(p, ':', (size_t) (end - p));
    if (colon == NULL)
        return false;
    {
        char *port = xstrndup(colon + 1, (size_t) (end - colon - 1));
        bool bad;

        errno = 0;
        (void) strtol(port, &endp, 10);
        bad = endp == port || *endp != '\0';
        free(port);
        return bad;
    }
}

static void check_ldap(const lint_ctx *ctx, const rule_desc *self,
                       const table_ref *r, const seen_keys *s)
{
    const char *v, *vt = pf_version_text(ctx);
    int line, version, vline = 1;
    bool vset;

    /* version: 2 or 3; an int below 2 is cfg_get_int's fatal. */
    version = int_of(s, "version", 2, &vset);
    (void) value_of(s, "version", &vline);
    if (vset && version > 3)
        at_line(ctx, self, SEV_WARNING, r->name, vline,
                "ldap version %d is not 2 or 3:" DIAG_NOTE
                " the program that opens %s (Postfix %s) logs \"warning: "
                "dict_ldap_open: %s Unknown version %d, using 2.\"", version,
                r->text, vt, r->name, version);
    if (!vset || version != 2)
        version = 0;            /* judged only when the file says 2 */

    if ((v = value_of(s, "server_host", &line)) != NULL) {
        char *copy = xstrdup(v), *save = NULL;
        int hosts = 0, bad = 0;

        for (int pass = 0; pass < 2; pass++) {
            char *h;

            /* First count the servers, then judge each URL. */
            memcpy(copy, v, strlen(v) + 1);
            for (h = strtok_r(copy, ", \t\r\n", &save); h;
                 h = strtok_r(NULL, ", \t\r\n", &save)) {
                const char *se;

                if (pass == 0) {
                    hosts++;
                    bad += url_like(h, &se) && url_port_bad(h, se);
                    continue;
                }
                if (!url_like(h, &se))
                    continue;
                if (url_port_bad(h, se))
                    at_line(ctx, self, bad == hosts ? SEV_ERROR : SEV_WARNING,
                            r->name, line,
                            "ldap server URL %s in server_host has an empty "
                            "or non-numeric port:" DIAG_NOTE
                            " the program that opens %s (Postfix %s) logs "
                            "\"error: dict_ldap_open: error parsing URL %s: "
                            "...; skipping\"%s", h, r->text, vt, h,
                            bad == hosts ? ", so no server is left and every "
                            "lookup fails: mail that needs the table waits"
                            : " and uses only the other servers");
                else if (version == 2 && strncasecmp(h, "ldap://", 7) != 0) {
                    at_line(ctx, self, SEV_INFO, r->name, line,
                            "ldap server URL %s with version = 2:" DIAG_NOTE
                            " the program that opens %s (Postfix %s) logs "
                            "\"warning: dict_ldap_open: URL scheme %.*s "
                            "requires protocol version 3\" and uses version 3",
                            h, r->text, vt, (int) (se - h), h);
                    version = 3;
                }
            }
        }
        free(copy);
    }

    if ((v = value_of(s, "scope", &line)) != NULL && *v
        && strcasecmp(v, "one") && strcasecmp(v, "base")
        && strcasecmp(v, "sub"))
        at_line(ctx, self, SEV_WARNING, r->name, line,
                "ldap scope = %s is not one, base or sub:" DIAG_NOTE
                " the program that opens %s (Postfix %s) logs \"warning: "
                "dict_ldap_open: %s: Unrecognized value %s specified for "
                "scope; using sub\"", v, r->text, vt, r->name, v);

    if ((v = value_of(s, "query_filter", &line)) != NULL) {
        bool dynamic;

        if (template_ok(v, &dynamic) && !dynamic)
            at_line(ctx, self, SEV_WARNING, r->name, line,
                    "ldap query_filter \"%s\" has no %%s, %%u, %%d ... of "
                    "the lookup key: every lookup asks the same "
                    "question:" DIAG_NOTE
                    " the program that opens %s (Postfix %s) logs "
                    "\"warning: dict_ldap_open: %s: Fixed query_filter %s "
                    "is probably useless\"", v, r->text, vt, r->name, v);
    }

    if ((v = value_of(s, "bind", &line)) != NULL && *v
        && strcasecmp(v, "yes") && strcasecmp(v, "no")
        && strcasecmp(v, "none") && strcasecmp(v, "simple")
        && strcasecmp(v, "sasl"))
        at_line(ctx, self, SEV_ERROR, r->name, line,
                "ldap bind = %s is not yes, no, none, simple or sasl:"
                DIAG_NOTE STOPS_NOTE "%s: unsupported parameter value: "
                "bind = %s\"", v, r->text, vt, r->name, v);

    if (is_yes(value_of(s, "cache", &line)))
        at_line(ctx, self, SEV_WARNING, r->name, line,
                "ldap cache = yes is obsolete: LDAP caching is gone:" DIAG_NOTE
                " the program that opens %s (Postfix %s) logs \"warning: "
                "dict_ldap_open: %s ignoring cache\"", r->text, vt, r->name);
    static const char *const obsolete[] = {"cache_expiry", "cache_size"};

    for (size_t i = 0; i < 2; i++) {
        bool set;

        (void) value_of(s, obsolete[i], &line);
        if (int_of(s, obsolete[i], -1, &set) >= 0 && set)
            at_line(ctx, self, SEV_WARNING, r->name, line,
                    "ldap %s is obsolete: LDAP caching is gone:" DIAG_NOTE
                    " the program that opens %s (Postfix %s) logs "
                    "\"warning: dict_ldap_open: %s ignoring %s\"",
                    obsolete[i], r->text, vt, r->name, obsolete[i]);
    }

    {
        bool set;
        int d = int_of(s, "dereference", 0, &set);

        (void) value_of(s, "dereference", &line);
        if (set && (d < 0 || d > 3))
            at_line(ctx, self, SEV_WARNING, r->name, line,
                    "ldap dereference = %d is not 0, 1, 2 or 3:" DIAG_NOTE
                    " the program that opens %s (Postfix %s) logs "
                    "\"warning: dict_ldap_open: %s Unrecognized value %d "
                    "specified for dereference; using 0\" (never)", d,
                    r->text, vt, r->name, d);
    }

    if (version == 2 && is_yes(value_of(s, "start_tls", &line)))
        at_line(ctx, self, SEV_INFO, r->name, line,
                "ldap start_tls = yes with version = 2:" DIAG_NOTE
                " the program that opens %s (Postfix %s) logs \"warning: "
                "dict_ldap_open: %s start_tls requires protocol version 3\" "
                "and uses version 3", r->text, vt, r->name);
}

/* The values as cfg_get_int(), cfg_get_bool(), cfg_get_str() and
 * db_common_parse() of Postfix 3.7.11 read them. */
static void check_values(const lint_ctx *ctx, const rule_desc *self,
                         const table_ref *r, const seen_keys *s)
{
    const char *vt = pf_version_text(ctx);
    bool ldap = str_eq(r->type, "ldap");
    bool legacy = !set_nonempty(s, "query")
        && !(str_eq(r->type, "pgsql") && set_nonempty(s, "select_function"));

    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const cf_key *k = &keys[i];
        int line, n;
        const char *v;

        if (!str_eq(k->type, r->type) || !in_version(k, ctx->version)
            || (v = value_of(s, k->key, &line)) == NULL)
            continue;
        /* sasl_minssf is read only with bind = sasl. */
        if (str_eq(k->key, "sasl_minssf")) {
            const char *b = value_of(s, "bind", NULL);

            if (b == NULL || strcasecmp(b, "sasl") != 0)
                continue;
        }
        /* result_filter is read only without result_format. */
        if (ldap && str_eq(k->key, "result_filter")
            && set_nonempty(s, "result_format"))
            continue;
        switch (k->kind) {
        case 'i':
            if (!parse_int(v, &n))
                at_line(ctx, self, SEV_ERROR, r->name, line,
                        "%s = %s in this %s client file is not a whole "
                        "number:" DIAG_NOTE STOPS_NOTE "%s: bad numerical "
                        "configuration: %s = %s\"", k->key, v, r->type,
                        r->text, vt, r->name, k->key, v);
            else if (k->min && n < k->min)
                at_line(ctx, self, SEV_ERROR, r->name, line,
                        "%s = %d in this %s client file is below %d:"
                        DIAG_NOTE STOPS_NOTE "%s: invalid %s parameter value "
                        "%d < %d\"", k->key, n, r->type, k->min, r->text, vt,
                        r->name, k->key, n, k->min);
            else if (k->max && n > k->max)
                at_line(ctx, self, SEV_ERROR, r->name, line,
                        "%s = %d in this %s client file is above %d:"
                        DIAG_NOTE STOPS_NOTE "%s: invalid %s parameter value "
                        "%d > %d\"", k->key, n, r->type, k->max, r->text, vt,
                        r->name, k->key, n, k->max);
            break;
        case 'b':
            if (strcasecmp(v, "yes") && strcasecmp(v, "no"))
                at_line(ctx, self, SEV_ERROR, r->name, line,
                        "%s = %s in this %s client file is not yes or no:"
                        DIAG_NOTE STOPS_NOTE "%s: bad boolean configuration: "
                        "%s = %s\"", k->key, v, r->type, r->text, vt,
                        r->name, k->key, v);
            break;
        default:
            /* An empty value of a key that must not be empty; a missing
             * key is judged with the required ones. The ldap
             * result_format, empty, is as if not set. */
            if ((k->min || (k->required == 'l' && legacy)) && *v == '\0')
                at_line(ctx, self, SEV_ERROR, r->name, line,
                        "%s is empty in this %s client file:" DIAG_NOTE
                        STOPS_NOTE "%s: bad string length 0 < 1: %s = \"",
                        k->key, r->type, r->text, vt, r->name,
                        k->key);
            else if (k->kind == 'q' || k->kind == 'r')
                check_template(ctx, self, r, k->key, v, line, k->kind == 'q');
            break;
        }
    }

    /* The old form: "SELECT select_field FROM table WHERE where_field='%s'
     * additional_conditions", a query template too. */
    if (legacy && !ldap && !str_eq(r->type, "memcache")
        && !str_eq(r->type, "mongodb") && set_nonempty(s, "table")
        && set_nonempty(s, "select_field") && set_nonempty(s, "where_field")) {
        const char *add = value_of(s, "additional_conditions", NULL);
        char *q = xasprintf("SELECT %s FROM %s WHERE %s='%%s' %s",
                            value_of(s, "select_field", NULL),
                            value_of(s, "table", NULL),
                            value_of(s, "where_field", NULL), add ? add : "");
        int line;

        (void) value_of(s, "table", &line);
        check_template(ctx, self, r, "the query built from table, "
                       "select_field, where_field and additional_conditions",
                       q, line, true);
        free(q);
    } else if (legacy) {
        /* not reached: the required keys are judged in check_file() */
    } else if (str_eq(r->type, "pgsql") && !set_nonempty(s, "query")) {
        int line;
        char *q = xasprintf("SELECT %s('%%s')",
                            value_of(s, "select_function", &line));

        check_template(ctx, self, r, "the query built from select_function",
                       q, line, true);
        free(q);
    }
    if (ldap)
        check_ldap(ctx, self, r, s);
}

/* A memcache table as postscreen's or verify's cache, without backup:
 * the cache cleanup (dict_cache.c) walks the table with first/next,
 * which a memcache table can do only through its backup database
 * (dict_memcache.c). The interval is on unless it is a zero number. */
static bool interval_on(const lint_ctx *ctx, const service *svc,
                        const char *name, char *shown, size_t shown_len)
{
    eff_value ev = effective_lookup(ctx->m, svc, name);
    strbuf value;
    expand_result res;
    bool on = false;

    if (ev.value == NULL)
        return false;
    memset(&res, 0, sizeof(res));
    sb_init(&value);
    effective_expand(ctx->m, svc, name, ev.value, &value, &res);
    if (!res.error && !res.too_large && value.data) {
        const char *p = value.data;
        bool nonzero = false;
        size_t digits = 0;

        for (; *p >= '0' && *p <= '9'; p++, digits++)
            nonzero |= *p != '0';
        /* digits and at most one unit letter: anything else is judged by
         * value-range, not here */
        if (digits && (p[0] == '\0' || (strchr("smhdw", p[0]) && !p[1])))
            on = nonzero;
        snprintf(shown, shown_len, "%s", value.data);
    }
    sb_free(&value);
    expand_result_free(&res);
    return on;
}

/* Does the memcache client file set a backup database? False with
 * *known false when the file cannot be read or Postfix stops in it. */
static bool memcache_backup(const char *path, bool *known)
{
    table_file tf;
    const char *why, *text;
    int err, line;
    bool backup = false;

    *known = false;
    if (!table_file_open(&tf, path, &why, &err))
        return false;
    while ((text = table_file_next(&tf, &line)) != NULL) {
        const char *np, *ep, *vp;

        if (!cut_line(text, &np, &ep, &vp)) {
            table_file_close(&tf);
            return false;       /* a fatal: the rest is moot */
        }
        if ((size_t) (ep - np) == 6 && strncmp(np, "backup", 6) == 0)
            backup = *vp != '\0';      /* the last one counts */
    }
    table_file_close(&tf);
    *known = true;
    return backup;
}

static void check_sequence(const lint_ctx *ctx, const rule_desc *self)
{
    static const char *const uses[][3] = {
        {"postscreen_cache_map", "postscreen",
         "postscreen_cache_cleanup_interval"},
        {"address_verify_map", "verify",
         "address_verify_cache_cleanup_interval"},
    };

    for (size_t u = 0; u < 2; u++) {
        for (size_t i = 0; i < ctx->m->n_services; i++) {
            const service *svc = &ctx->m->services[i];
            eff_value ev;
            strbuf value;
            expand_result res;
            char shown[64];
            const char *type, *name;
            bool known, reported = false;

            if (!str_eq(service_daemon(svc), uses[u][1]))
                continue;
            ev = effective_lookup(ctx->m, svc, uses[u][0]);
            if (ev.value == NULL || (ev.entry == NULL && ev.opt == NULL))
                continue;       /* the default is a btree: file */
            memset(&res, 0, sizeof(res));
            sb_init(&value);
            effective_expand(ctx->m, svc, uses[u][0], ev.value, &value, &res);
            type = value.data ? value.data : "";
            bool proxied = false;

            while (strncmp(type, "proxy:", 6) == 0) {
                type += 6;
                proxied = true;
            }
            name = type + 9;
            if (!res.error && !res.too_large
                && strncmp(type, "memcache:/", 10) == 0
                && !memcache_backup(name, &known) && known
                && interval_on(ctx, svc, uses[u][2], shown, sizeof(shown))) {
                report_sev(ctx, self, SEV_WARNING,
                           ev.opt ? &ev.opt->sp : &ev.entry->value_sp,
                           "%s = %s has no backup database, and %s = %s:"
                           DIAG_NOTE " at each cache cleanup, %s%s of Postfix "
                           "%s logs \"warning: database memcache:%s: "
                           "first/next support requires backup database\" "
                           "and removes no expired entry; set \"backup = "
                           "...\" in %s or %s = 0", uses[u][0], value.data,
                           uses[u][2], shown, proxied ? "proxymap for " : "",
                           uses[u][1], ctx->version_text, name, name,
                           uses[u][2]);
                reported = true;
            }
            sb_free(&value);
            expand_result_free(&res);
            if (reported && ev.opt == NULL)
                break;          /* main.cf: once */
        }
    }
}

static void check_file(const lint_ctx *ctx, const rule_desc *self,
                       const table_ref *r)
{
    table_file tf;
    seen_keys seen;
    const char *why;
    int err;

    memset(&seen, 0, sizeof(seen));
    if (!table_file_open(&tf, r->name, &why, &err))
        return;                 /* table-missing says so */
    /* A client file is a few lines; megabytes are something else. */
    if (tf.st.st_size > 1024 * 1024) {
        at_line(ctx, self, SEV_WARNING, r->name, 1,
                "this %s client file is %lld bytes, not a few settings: "
                "is it the right file? (not read further)", r->type,
                (long long) tf.st.st_size);
        table_file_close(&tf);
        return;
    }
    /* After a fatal line, Postfix never looks for the required keys. */
    bool read_all = read_cf(ctx, self, r, &tf, &seen);

    for (size_t i = 0; read_all && i < sizeof(keys) / sizeof(keys[0]); i++) {
        const cf_key *k = &keys[i];

        if (!str_eq(k->type, r->type) || !in_version(k, ctx->version)
            || has(&seen, k->key) || k->required == 'n'
            || (k->required == 'l' && (set_nonempty(&seen, "query")
                                        || set_nonempty(&seen,
                                                        "select_function"))))
            continue;
        at_line(ctx, self, SEV_ERROR, r->name, 1,
                "%s client file without \"%s = ...\":" DIAG_NOTE
                " the program that opens the table stops with \"fatal: FILE: "
                "bad string length "
                "0 < 1: %s = \" (Postfix %s)", r->type, k->key, k->key,
                ctx->version_text);
    }
    if (read_all)
        check_values(ctx, self, r, &seen);
    if (seen.secret && (tf.st.st_mode & S_IROTH))
        at_line(ctx, self, SEV_WARNING, r->name, 1,
                "this %s client file holds a password and anybody on the "
                "machine may read it:" DIAG_NOTE
                " run \"chmod 640 %s\" and \"chgrp postfix "
                "%s\"", r->type, r->name, r->name);
    forget_all(&seen);
    table_file_close(&tf);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;
    static const char *const clients[] = {
        "mysql", "pgsql", "sqlite", "ldap", "memcache", "mongodb", NULL
    };

    if (ctx->no_files)
        return;
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        bool client = false, dup = false;

        for (const char *const *c = clients; *c; c++)
            client |= str_eq(r->type, *c);
        if (!client || r->name[0] != '/')
            continue;           /* NAME: NAME_* parameters in main.cf */
        for (size_t j = 0; j < i; j++)
            dup |= str_eq(t->refs[j].text, r->text);
        if (!dup)
            check_file(ctx, self, r);
    }
    check_sequence(ctx, self);
}

const rule_desc rule_table_client_config = {
    "table-client-config", SEV_ERROR,
    "a database client file (mysql:, pgsql:, ldap: ...) with a missing, "
    "wrong, unknown or exposed setting",
    "The .cf file of a database table has main.cf syntax. A line without "
    "'=', a missing required key (dbname, dbpath ...), a number or yes/no "
    "Postfix cannot read or that is out of range, a bad '%' template or an "
    "unknown ldap bind stops the program that opens the table; ldap values "
    "Postfix does not know (version, scope, dereference ...) are replaced "
    "with a warning; an unknown key is ignored without a word; a file with "
    "a password that anybody may read exposes the database account.",
    check,
    SEV_ALSO(SEV_WARNING) | SEV_ALSO(SEV_INFO)
};
