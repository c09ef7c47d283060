/*
 * table_refs.c - collect the lookup tables a configuration names.
 *
 * Interface: see table_refs.h. No diagnostics: the table rules report.
 */
#include "table_refs.h"
#include "listtok.h"
#include "params.h"
#include "value_span.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

bool table_type_has_file(const char *type)
{
    static const char *const with_file[] = {
        "hash", "btree", "lmdb", "cdb", "dbm", "sdbm", "texthash", "regexp",
        "pcre", "cidr", "mysql", "pgsql", "ldap", "sqlite", "memcache",
        "mongodb", NULL
    };

    for (const char *const *t = with_file; *t; t++)
        if (str_eq(type, *t))
            return true;
    return false;
}

const char *table_built_suffix(const char *type)
{
    if (str_eq(type, "hash") || str_eq(type, "btree"))
        return ".db";
    if (str_eq(type, "lmdb"))
        return ".lmdb";
    if (str_eq(type, "cdb"))
        return ".cdb";
    if (str_eq(type, "dbm") || str_eq(type, "sdbm"))
        return ".dir";
    return NULL;
}

/* Tables that Postfix writes itself: not lookup tables to check. */
static bool written_by_postfix(const char *param)
{
    size_t n = strlen(param);

    return (n > 15 && str_eq(param + n - 15, "_cache_database"))
        || str_eq(param, "postscreen_cache_map")
        || str_eq(param, "address_verify_map")
        || (n > 16 && str_eq(param + n - 16, "_auth_cache_name"));
}

/* Opened with DICT_FLAG_NO_REGSUB: $n substitution is refused. */
static bool no_regsub(const char *param)
{
    static const char *const names[] = {
        "transport_maps", "sender_dependent_relayhost_maps",
        "sender_dependent_default_transport_maps",
        "address_verify_transport_maps",
        "address_verify_sender_dependent_relayhost_maps",
        "address_verify_sender_dependent_default_transport_maps",
        "mailbox_transport_maps", "fallback_transport_maps", NULL
    };

    for (const char *const *p = names; *p; p++)
        if (str_eq(param, *p))
            return true;
    return false;
}

typedef struct collect {
    const model *m;
    table_refs *out;
    const char *param;
    const service *svc;
    value_map map;
    span setting;
    bool located;
    bool access;
} collect;

static void add_ref(collect *c, const char *text, size_t len, size_t off,
                    const char *outer, size_t outer_len, bool proxied)
{
    table_ref *r;
    const char *colon = memchr(text, ':', len);

    if (colon == NULL || colon == text)
        return;
    c->out->refs = grow_array(c->out->refs, &c->out->cap, c->out->n + 1,
                              sizeof(*c->out->refs));
    r = &c->out->refs[c->out->n++];
    memset(r, 0, sizeof(*r));
    r->text = xstrndup(text, len);
    r->type = xstrndup(text, (size_t) (colon - text));
    r->name = xstrndup(colon + 1, len - (size_t) (colon - text) - 1);
    r->outer = xstrndup(outer, outer_len);
    r->param = c->param;
    r->svc = c->svc;
    r->sp = value_span(&c->map, off, len, &r->exact);
    if (!r->exact)
        r->sp = c->setting;
    r->located = r->exact || c->located;
    r->proxied = proxied;
    r->access = c->access;
    r->no_regsub = no_regsub(c->param);
}

/* One element: type:name, with proxy:, debug:, unionmap:{}, pipemap:{}
 * looked through. base is the element's offset in the value. */
static void element(collect *c, const char *value, size_t off, size_t len,
                    size_t outer_off, size_t outer_len, bool proxied, int depth)
{
    const char *e = value + off;

    if (depth > 16)
        return;
    if (len > 6 && strncmp(e, "proxy:", 6) == 0) {
        element(c, value, off + 6, len - 6, outer_off, outer_len, true,
                depth + 1);
        return;
    }
    if (len > 6 && strncmp(e, "debug:", 6) == 0) {
        element(c, value, off + 6, len - 6, outer_off, outer_len, proxied,
                depth + 1);
        return;
    }
    if ((len > 9 && strncmp(e, "unionmap:", 9) == 0)
        || (len > 8 && strncmp(e, "pipemap:", 8) == 0)) {
        size_t skip = e[0] == 'u' ? 9 : 8, in_off, in_len;
        list_token group = {e + skip, off + skip, len - skip, true};
        list_tokens inner = {0};

        add_ref(c, e, len, off, value + outer_off, outer_len, proxied);
        /* Postfix opens the members only of one balanced group. */
        if (list_group_check(e + skip, len - skip) != LIST_GROUP_OK
            || !list_group_inside(&group, &in_off, &in_len))
            return;
        list_split(value + in_off, in_len, LIST_SEPARATORS, true, &inner);
        for (size_t i = 0; i < inner.n; i++)
            element(c, value, in_off + inner.items[i].off, inner.items[i].len,
                    in_off + inner.items[i].off, inner.items[i].len, proxied,
                    depth + 1);
        list_tokens_free(&inner);
        return;
    }
    add_ref(c, e, len, off, value + outer_off, outer_len, proxied);
}

/* Every type:name element of a list value (match lists skip addresses,
 * [ipv6] and /file elements; '!' is looked through). */
static void from_list(collect *c, const char *value)
{
    list_tokens items = {0};

    list_split(value, strlen(value), LIST_SEPARATORS, list_braces_in(c->m->version),
               &items);
    for (size_t i = 0; i < items.n; i++) {
        const list_token *t = &items.items[i];
        size_t off = t->off, len = t->len;

        while (len && value[off] == '!')
            off++, len--;
        if (len == 0 || value[off] == '[' || value[off] == '/'
            || value[off] == '{' || !memchr(value + off, ':', len))
            continue;
        element(c, value, off, len, off, len, false, 0);
    }
    list_tokens_free(&items);
}

static bool table_kind(const param_info *p, bool *match_list)
{
    *match_list = false;
    if (p == NULL || p->kind == NULL)
        return false;
    if (str_starts(p->kind, "map") && !str_eq(p->kind, "map_type")) {
        return true;
    }
    if (str_eq(p->kind, "match_list") || str_starts(p->kind, "access_list")) {
        *match_list = true;
        return true;
    }
    return false;
}

static void from_setting(collect *c, const char *name, eff_value v)
{
    strbuf text;
    expand_result res;

    if (v.value == NULL || written_by_postfix(name))
        return;
    sb_init(&text);
    memset(&res, 0, sizeof(res));
    effective_expand(c->m, c->svc, name, v.value, &text, &res);
    c->param = name;
    c->map = value_locate(c->m, c->svc, v);
    c->setting = value_setting_span(v, c->svc, &c->located);
    c->access = false;
    from_list(c, text.data ? text.data : "");
    expand_result_free(&res);
    sb_free(&text);
}

/* check_*_access arguments and bare TYPE:TABLE words of a list. */
static void from_restrictions(collect *c, const rlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const ritem *it = &l->items[i];
        const char *word = NULL;
        span sp;
        bool exact;

        if (it->kind == RI_TABLE) {
            word = it->word;
            sp = it->sp;
            exact = it->exact;
        } else if (it->kind == RI_BUILTIN && it->info->arg == RARG_TABLE
                   && it->arg_state == RA_OK) {
            word = it->arg;
            sp = it->arg_sp;
            exact = it->exact && sp.line != 0;
        }
        if (word == NULL || word[0] == '{')
            continue;
        c->param = l->param;
        c->map.entry = NULL;
        c->map.opt = NULL;
        c->setting = sp;
        c->located = l->located || exact;
        c->access = true;
        {
            size_t before = c->out->n;

            element(c, word, 0, strlen(word), 0, strlen(word), false, 0);
            /* The references' span is the word's own. */
            for (size_t k = before; k < c->out->n; k++) {
                c->out->refs[k].sp = sp;
                c->out->refs[k].exact = exact;
            }
        }
    }
}

table_refs *table_refs_build(const model *m, const restriction_model *rm)
{
    table_refs *t = xmalloc(sizeof(*t));
    collect c;

    memset(t, 0, sizeof(*t));
    memset(&c, 0, sizeof(c));
    c.m = m;
    c.out = t;
    /* main.cf settings, as every program reads them. */
    for (size_t i = 0; i < m->n_params; i++) {
        const main_param *p = &m->params[i];
        bool match_list;

        if (table_kind(p->info, &match_list))
            from_setting(&c, p->name, effective_lookup(m, NULL, p->name));
    }
    /* -o settings of each service. */
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            bool match_list;

            if (!table_kind(param_lookup(svc->opts[o].name), &match_list))
                continue;
            c.svc = svc;
            from_setting(&c, svc->opts[o].name,
                         effective_lookup(m, svc, svc->opts[o].name));
            c.svc = NULL;
        }
    }
    for (size_t u = 0; rm && u < rm->n_unique; u++)
        from_restrictions(&c, rm->unique[u]);
    return t;
}

void table_refs_free(table_refs *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->refs[i].text);
        free(t->refs[i].type);
        free(t->refs[i].name);
        free(t->refs[i].outer);
    }
    free(t->refs);
    free(t);
}
