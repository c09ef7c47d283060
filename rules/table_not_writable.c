/*
 * table_not_writable.c - rule "table-not-writable": a cache that Postfix
 * writes, kept in a table type that cannot be written.
 *
 * verify (address_verify_map), postscreen (postscreen_cache_map), tlsmgr
 * (*_tls_session_cache_database) and smtp/lmtp (*_sasl_auth_cache_name)
 * open their cache read-write. The read-only types refuse that when the
 * table is opened: the program logs "error: TYPE:NAME map requires
 * O_RDONLY access mode" and then "TYPE:NAME is unavailable" at every
 * access (util/dict_regexp.c and the other dict_*.c, 2.6-3.11; seen with
 * Postfix 3.7.11: address verification then answers 450 "Address
 * verification in progress" for ever, as no result is ever kept). static:,
 * fail: and environ: open but refuse updates ("update operation is not
 * supported"); cdb: is write-once, and the read-write open is fatal. The
 * writable types are hash, btree, lmdb, dbm, sdbm, memcache and proxy:
 * (whose proxy_write_maps proxy-table-unapproved does not check here).
 * alias_database is what newaliases builds: postalias refuses a proxy:
 * table there ("fatal: can't create maps via the proxy service").
 */
#include "rule.h"
#include "effective.h"
#include "listtok.h"

#include <string.h>

typedef struct writer {
    const char *param;
    const char *program;    /* the daemon that writes it */
    const char *effect;     /* what the postmaster sees */
} writer;

static const writer writers[] = {
    {"address_verify_map", "verify", "no verification result is kept, so "
     "a recipient that reject_unverified_recipient checks gets 450 "
     "\"Address verification in progress\" every time and the mail never "
     "gets in"},
    {"postscreen_cache_map", "postscreen", "postscreen remembers no client "
     "that passed its tests and runs them again on every connection"},
    {"smtpd_tls_session_cache_database", "tlsmgr", "no TLS session is "
     "resumed"},
    {"smtp_tls_session_cache_database", "tlsmgr", "no TLS session is "
     "resumed"},
    {"lmtp_tls_session_cache_database", "tlsmgr", "no TLS session is "
     "resumed"},
    {"smtp_sasl_auth_cache_name", "smtp", "failed SASL logins are not "
     "remembered"},
    {"lmtp_sasl_auth_cache_name", "lmtp", "failed SASL logins are not "
     "remembered"},
};

static bool one_of(const char *type, const char *const *list)
{
    for (; *list; list++)
        if (str_eq(type, *list))
            return true;
    return false;
}

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const writer *w, const service *svc,
                        const char *raw, const span *sp)
{
    static const char *const read_only[] = {
        "cidr", "inline", "nis", "nisplus", "pcre", "pipemap", "randmap",
        "regexp", "socketmap", "tcp", "texthash", "unionmap", "unix",
        "ldap", "mysql", "pgsql", "sqlite", NULL
    };
    static const char *const no_update[] = {
        "static", "fail", "environ", "internal", NULL
    };
    expand_result res;
    strbuf value;
    const char *colon;
    char type[32];
    size_t n;

    memset(&res, 0, sizeof(res));
    sb_init(&value);
    effective_expand(ctx->m, svc, w->param, raw, &value, &res);
    colon = strchr(value.data, ':');
    n = colon ? (size_t) (colon - value.data) : 0;
    if (!res.error && colon && n > 0 && n < sizeof(type)
        && !strpbrk(value.data, " \t,")) {
        memcpy(type, value.data, n);
        type[n] = '\0';
        if (one_of(type, read_only))
            report(ctx, self, sp, "%s is a %s: table, which cannot be "
                   "written, but %s writes its cache there:" DIAG_NOTE
                   " Postfix %s logs \"error: %.100s map requires O_RDONLY "
                   "access mode\" and "
                   "\"%.100s is unavailable\" at each access, and %s; use "
                   "btree: (or lmdb:)", w->param, type, w->program,
                   ctx->version_text, value.data, value.data, w->effect);
        else if (one_of(type, no_update))
            report(ctx, self, sp, "%s is a %s: table, which cannot be "
                   "updated, but %s writes its cache there:" DIAG_NOTE
                   " Postfix %s logs \"table %.100s: update operation is not "
                   "supported\", "
                   "and %s; use btree: (or lmdb:)", w->param, type,
                   w->program, ctx->version_text, value.data, w->effect);
        else if (str_eq(type, "cdb") && !strstr(w->param, "tls_session"))
            report(ctx, self, sp, "%s is a cdb: table, which can only be "
                   "built whole by postmap, but %s opens it "
                   "read-write:" DIAG_NOTE
                   " Postfix %s stops %s with \"fatal: dict_cdb_open: "
                   "inappropriate open flags for cdb database\"; use btree: "
                   "(or lmdb:)", w->param, w->program, ctx->version_text,
                   w->program);
    }
    sb_free(&value);
    expand_result_free(&res);
}

/* alias_database: the tables newaliases builds with postalias, which
 * cannot build one behind proxymap ("can't create maps via the proxy
 * service", postalias.c). alias_maps may read through proxy:. */
static void check_alias_database(const lint_ctx *ctx, const rule_desc *self)
{
    const main_param *p = model_main_param(ctx->m, "alias_database");
    expand_result res = {0};
    list_tokens items = {0};
    strbuf value;

    if (p == NULL)
        return;
    sb_init(&value);
    effective_expand(ctx->m, NULL, "alias_database", p->entry->value,
                     &value, &res);
    if (!res.error && !res.too_large)
        list_split(value.data, value.len, LIST_SEPARATORS,
                   list_braces_in(ctx->version), &items);
    for (size_t i = 0; i < items.n; i++)
        if (items.items[i].len > 6
            && strncmp(items.items[i].text, "proxy:", 6) == 0) {
            report(ctx, self, &p->entry->value_sp, "alias_database names "
                   "%.*s, which postalias cannot build" DIAG_NOTE
                   " newaliases (postalias) of Postfix %s stops with "
                   "\"fatal: can't create maps via the proxy service\", "
                   "and the aliases are never rebuilt; name the table "
                   "without proxy: here (alias_maps may keep it)",
                   (int) items.items[i].len, items.items[i].text,
                   ctx->version_text);
            break;
        }
    list_tokens_free(&items);
    sb_free(&value);
    expand_result_free(&res);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    check_alias_database(ctx, self);

    for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++) {
        const writer *w = &writers[i];
        const main_param *p = model_main_param(m, w->param);

        if (p)
            check_value(ctx, self, w, NULL, p->entry->value,
                        &p->entry->value_sp);
        for (size_t s = 0; s < m->n_services; s++) {
            const service *svc = &m->services[s];
            const svc_option *o = service_option(svc, w->param);

            if (o && str_eq(service_daemon(svc), w->program))
                check_value(ctx, self, w, svc, o->value, &o->sp);
        }
    }
}

const rule_desc rule_table_not_writable = {
    "table-not-writable", SEV_ERROR,
    "a table Postfix writes (address verification, postscreen and TLS "
    "session caches, alias_database) of a type that cannot be written",
    "verify, postscreen, tlsmgr and smtp write their caches to the table "
    "that address_verify_map, postscreen_cache_map, the "
    "*_tls_session_cache_database and *_sasl_auth_cache_name parameters "
    "name. regexp:, texthash:, cidr:, the SQL and LDAP types and other "
    "read-only types refuse to be opened for writing: the cache is "
    "unavailable, and for address verification the mail is deferred for "
    "ever. Use btree: or lmdb:. newaliases cannot build an alias_database "
    "behind proxy:.",
    check,
    0
};
