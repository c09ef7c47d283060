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
#include "table.h"
#include "table_file.h"
#include "table_refs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct cf_key {
    const char *type, *key, *since;
    char required;              /* y: always; l: unless query is set */
    bool secret;
} cf_key;

static const cf_key keys[] = {
    {"mysql", "hosts", "2.6", 'n', false},
    {"mysql", "user", "2.6", 'n', false},
    {"mysql", "password", "2.6", 'n', true},
    {"mysql", "dbname", "2.6", 'y', false},
    {"mysql", "query", "2.6", 'n', false},
    {"mysql", "result_format", "2.6", 'n', false},
    {"mysql", "expansion_limit", "2.6", 'n', false},
    {"mysql", "option_file", "2.6", 'n', false},
    {"mysql", "option_group", "2.6", 'n', false},
    {"mysql", "tls_key_file", "2.6", 'n', false},
    {"mysql", "tls_cert_file", "2.6", 'n', false},
    {"mysql", "tls_CAfile", "2.6", 'n', false},
    {"mysql", "tls_CApath", "2.6", 'n', false},
    {"mysql", "tls_ciphers", "2.6", 'n', false},
    {"mysql", "tls_verify_cert", "2.6", 'n', false},
    {"mysql", "require_result_set", "2.6", 'n', false},
    {"mysql", "charset", "3.9", 'n', false},
    {"mysql", "retry_interval", "3.9", 'n', false},
    {"mysql", "idle_interval", "3.9", 'n', false},
    {"mysql", "table", "2.6", 'l', false},
    {"mysql", "select_field", "2.6", 'l', false},
    {"mysql", "where_field", "2.6", 'l', false},
    {"mysql", "additional_conditions", "2.6", 'n', false},
    {"mysql", "domain", "2.6", 'n', false},
    {"pgsql", "hosts", "2.6", 'n', false},
    {"pgsql", "user", "2.6", 'n', false},
    {"pgsql", "password", "2.6", 'n', true},
    {"pgsql", "dbname", "2.6", 'y', false},
    {"pgsql", "query", "2.6", 'n', false},
    {"pgsql", "select_function", "2.6", 'n', false},
    {"pgsql", "result_format", "2.6", 'n', false},
    {"pgsql", "expansion_limit", "2.6", 'n', false},
    {"pgsql", "encoding", "3.8", 'n', false},
    {"pgsql", "retry_interval", "3.9", 'n', false},
    {"pgsql", "idle_interval", "3.9", 'n', false},
    {"pgsql", "table", "2.6", 'l', false},
    {"pgsql", "select_field", "2.6", 'l', false},
    {"pgsql", "where_field", "2.6", 'l', false},
    {"pgsql", "additional_conditions", "2.6", 'n', false},
    {"pgsql", "domain", "2.6", 'n', false},
    {"sqlite", "dbpath", "2.6", 'y', false},
    {"sqlite", "query", "2.6", 'n', false},
    {"sqlite", "result_format", "2.6", 'n', false},
    {"sqlite", "expansion_limit", "2.6", 'n', false},
    {"sqlite", "table", "2.6", 'l', false},
    {"sqlite", "select_field", "2.6", 'l', false},
    {"sqlite", "where_field", "2.6", 'l', false},
    {"sqlite", "additional_conditions", "2.6", 'n', false},
    {"sqlite", "domain", "2.6", 'n', false},
    {"ldap", "server_host", "2.6", 'n', false},
    {"ldap", "server_port", "2.6", 'n', false},
    {"ldap", "version", "2.6", 'n', false},
    {"ldap", "search_base", "2.6", 'n', false},
    {"ldap", "scope", "2.6", 'n', false},
    {"ldap", "timeout", "2.6", 'n', false},
    {"ldap", "query_filter", "2.6", 'n', false},
    {"ldap", "result_format", "2.6", 'n', false},
    {"ldap", "result_filter", "2.6", 'n', false},
    {"ldap", "domain", "2.6", 'n', false},
    {"ldap", "terminal_result_attribute", "2.6", 'n', false},
    {"ldap", "leaf_result_attribute", "2.6", 'n', false},
    {"ldap", "result_attribute", "2.6", 'n', false},
    {"ldap", "special_result_attribute", "2.6", 'n', false},
    {"ldap", "bind", "2.6", 'n', false},
    {"ldap", "bind_dn", "2.6", 'n', false},
    {"ldap", "bind_pw", "2.6", 'n', true},
    {"ldap", "cache", "2.6", 'n', false},
    {"ldap", "cache_expiry", "2.6", 'n', false},
    {"ldap", "cache_size", "2.6", 'n', false},
    {"ldap", "recursion_limit", "2.6", 'n', false},
    {"ldap", "expansion_limit", "2.6", 'n', false},
    {"ldap", "size_limit", "2.6", 'n', false},
    {"ldap", "dereference", "2.6", 'n', false},
    {"ldap", "chase_referrals", "2.6", 'n', false},
    {"ldap", "sasl_mechs", "2.6", 'n', false},
    {"ldap", "sasl_realm", "2.6", 'n', false},
    {"ldap", "sasl_authz_id", "2.6", 'n', false},
    {"ldap", "sasl_minssf", "2.6", 'n', false},
    {"ldap", "start_tls", "2.6", 'n', false},
    {"ldap", "tls_require_cert", "2.6", 'n', false},
    {"ldap", "tls_ca_cert_file", "2.6", 'n', false},
    {"ldap", "tls_ca_cert_dir", "2.6", 'n', false},
    {"ldap", "tls_cert", "2.6", 'n', false},
    {"ldap", "tls_key", "2.6", 'n', false},
    {"ldap", "tls_random_file", "2.6", 'n', false},
    {"ldap", "tls_cipher_suite", "2.6", 'n', false},
    {"ldap", "debuglevel", "2.6", 'n', false},
    {"memcache", "memcache", "2.6", 'n', false},
    {"memcache", "backup", "2.6", 'n', false},
    {"memcache", "key_format", "2.6", 'n', false},
    {"memcache", "ttl", "2.6", 'n', false},
    {"memcache", "timeout", "2.6", 'n', false},
    {"memcache", "flags", "2.6", 'n', false},
    {"memcache", "max_try", "2.6", 'n', false},
    {"memcache", "line_size_limit", "2.6", 'n', false},
    {"memcache", "data_size_limit", "2.6", 'n', false},
    {"memcache", "retry_pause", "2.6", 'n', false},
    {"memcache", "domain", "2.6", 'n', false},
    {"mongodb", "uri", "3.9", 'y', true},
    {"mongodb", "dbname", "3.9", 'y', false},
    {"mongodb", "collection", "3.9", 'y', false},
    {"mongodb", "query_filter", "3.9", 'y', false},
    {"mongodb", "projection", "3.9", 'n', false},
    {"mongodb", "result_attribute", "3.9", 'n', false},
    {"mongodb", "result_format", "3.9", 'n', false},
    {"mongodb", "expansion_limit", "3.9", 'n', false},
    {"mongodb", "domain", "3.9", 'n', false},
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

typedef struct seen_keys {
    char names[64][48];
    size_t n;
    bool secret;
} seen_keys;

/* Reads the keys; false at a line where Postfix stops reading. */
static bool read_cf(const lint_ctx *ctx, const rule_desc *self,
                    const table_ref *r, table_file *tf, seen_keys *seen)
{
    const char *text;
    int line, unknown = 0;

    while ((text = table_file_next(tf, &line)) != NULL) {
        const char *eq = strchr(text, '=');
        char key[48];
        size_t n;
        const cf_key *k;

        if (eq == NULL) {
            at_line(ctx, self, SEV_ERROR, r->name, line,
                    "no '=' on this line of the %s client file:" DIAG_NOTE
                    " the program that opens %s stops with \"fatal: FILE, "
                    "line N: missing "
                    "'=' after attribute name\"", r->type, r->text);
            return false;       /* where Postfix stops reading */
        }
        n = (size_t) (eq - text);
        while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
            n--;
        if (n == 0 || n >= sizeof(key))
            continue;
        memcpy(key, text, n);
        key[n] = '\0';
        k = find_key(r->type, key);
        if ((k == NULL || !in_version(k, ctx->version)) && unknown++ < 20)
            at_line(ctx, self, SEV_WARNING, r->name, line,
                    "%s is not a key of %s client files of Postfix "
                    "%s:" DIAG_NOTE
                    " it is ignored without a word (a misspelled key means "
                    "the "
                    "setting is not made)", key, r->type, ctx->version_text);
        else if (seen->n < 64)
            snprintf(seen->names[seen->n++], sizeof(seen->names[0]), "%s", key);
        if (k && k->secret)
            seen->secret = true;
    }
    return true;
}

static bool has(const seen_keys *s, const char *key)
{
    for (size_t i = 0; i < s->n; i++)
        if (str_eq(s->names[i], key))
            return true;
    return false;
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
            || (k->required == 'l' && (has(&seen, "query")
                                        || has(&seen, "select_function"))))
            continue;
        at_line(ctx, self, SEV_ERROR, r->name, 1,
                "%s client file without \"%s = ...\":" DIAG_NOTE
                " the program that opens the table stops with \"fatal: FILE: "
                "bad string length "
                "0 < 1: %s = \" (Postfix %s)", r->type, k->key, k->key,
                ctx->version_text);
    }
    if (seen.secret && (tf.st.st_mode & S_IROTH))
        at_line(ctx, self, SEV_WARNING, r->name, 1,
                "this %s client file holds a password and anybody on the "
                "machine may read it:" DIAG_NOTE
                " run \"chmod 640 %s\" and \"chgrp postfix "
                "%s\"", r->type, r->name, r->name);
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
}

const rule_desc rule_table_client_config = {
    "table-client-config", SEV_ERROR,
    "a database client file (mysql:, pgsql:, ldap: ...) with a missing, "
    "unknown or exposed setting",
    "The .cf file of a database table has main.cf syntax. A line without "
    "'=' or a missing required key (dbname, dbpath ...) stops the program "
    "that opens the table; an unknown key is ignored without a word; a file "
    "with a password that anybody may read exposes the database account.",
    check,
    SEV_ALSO(SEV_WARNING)
};
