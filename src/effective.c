/*
 * effective.c - per-service effective values, defaults, daemons.
 *
 * Interface: see effective.h. Defaults come from rules/params.tsv for the
 * target version; per-service names (smtp_destination_concurrency_limit)
 * default to their global fallback as postconf shows it; myhostname and
 * mydomain are computed as Postfix computes them (gethostname(), then
 * ".localdomain" when the name has no dot). No diagnostics.
 */
#include "effective.h"
#include "listtok.h"
#include "service_params.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <ctype.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* What this module computes once per model and keeps in its cache:
 * expansion bounds (below) and the computed mynetworks. */
typedef struct bound_slot {
    char *name;
    size_t bound;
} bound_slot;

typedef struct bound_table {
    bound_slot *slots;
    size_t n, cap;              /* cap: a power of two, or 0 */
} bound_table;

typedef struct bound_cache {
    bound_table *tables;        /* [0]: main.cf; [1 + i]: service i */
    size_t n_tables;
    char *mynetworks;           /* computed_mynetworks(), once */
} bound_cache;

const svc_option *service_option(const service *svc, const char *name)
{
    for (size_t i = svc ? svc->n_opts : 0; i > 0; i--)
        if (str_eq(svc->opts[i - 1].name, name))
            return &svc->opts[i - 1];
    return NULL;
}


/* One mynetworks item for an interface address, or false to skip it. */
static bool network_item(const struct ifaddrs *i, const char *style,
                         bool all, bool loop_only, const char *ifaces,
                         char *item, size_t size)
{
    char addr[INET6_ADDRSTRLEN];
    unsigned char a[16], mask[16];
    size_t alen;
    int prefix = 0;
    bool v6 = i->ifa_addr->sa_family == AF_INET6;
    bool host = str_eq(style, "host");

    if (v6) {
        memcpy(a, &((struct sockaddr_in6 *) i->ifa_addr)->sin6_addr, 16);
        memcpy(mask, &((struct sockaddr_in6 *) i->ifa_netmask)->sin6_addr,
               16);
        alen = 16;
    } else {
        memcpy(a, &((struct sockaddr_in *) i->ifa_addr)->sin_addr, 4);
        memcpy(mask, &((struct sockaddr_in *) i->ifa_netmask)->sin_addr, 4);
        alen = 4;
    }
    inet_ntop(v6 ? AF_INET6 : AF_INET, a, addr, sizeof(addr));
    if (loop_only && !(i->ifa_flags & IFF_LOOPBACK))
        return false;
    if (!all && !loop_only && !list_has(ifaces, addr))
        return false;
    if (host) {
        prefix = (int) alen * 8;
    } else if (!v6 && str_eq(style, "class")) {
        prefix = a[0] < 128 ? 8 : a[0] < 192 ? 16 : a[0] < 224 ? 24 : 32;
        for (size_t k = 0; k < alen; k++)
            a[k] &= (unsigned char) (k * 8 < (size_t) prefix ? 0xff : 0);
    } else {
        for (size_t k = 0; k < alen; k++) {
            a[k] &= mask[k];
            for (int bit = 7; bit >= 0; bit--)
                prefix += (mask[k] >> bit) & 1;
        }
    }
    inet_ntop(v6 ? AF_INET6 : AF_INET, a, addr, sizeof(addr));
    snprintf(item, size, v6 ? "[%s]/%d" : "%s/%d", addr, prefix);
    return true;
}

static const char *computed_mynetworks(const model *m);
static struct bound_cache *cache_of(const model *m);

/* The host's interfaces, asked once per run: they do not change while
 * postlint runs, and each lint asks for every default. */
static struct ifaddrs *cached_ifs;

static void free_interfaces(void)
{
    freeifaddrs(cached_ifs);
    cached_ifs = NULL;
}

static struct ifaddrs *host_interfaces(void)
{
    static bool asked;

    if (!asked) {
        asked = true;
        if (getifaddrs(&cached_ifs) != 0)
            cached_ifs = NULL;
        else
            atexit(free_interfaces);
    }
    return cached_ifs;
}

static char *host_name(void)
{
    static char name[HOST_NAME_MAX + 1];

    if (name[0] == '\0' && gethostname(name, sizeof(name) - 1) != 0)
        snprintf(name, sizeof(name), "localhost");
    return name;
}

/* An expanded main.cf-or-default value (for the few computed defaults
 * that depend on other parameters). */
static char *expanded(const model *m, const char *name)
{
    strbuf out;
    expand_result res = {0};
    eff_value v = effective_lookup(m, NULL, name);

    sb_init(&out);
    if (v.value)
        effective_expand(m, NULL, name, v.value, &out, &res);
    expand_result_free(&res);
    if (out.data == NULL)
        sb_add(&out, "", 0);
    return sb_steal(&out);
}

/* Postfix computes mynetworks from this host's interfaces (those that
 * inet_interfaces and inet_protocols select) and mynetworks_style:
 * host (each address), subnet (each address's network) or class. */
static const char *computed_mynetworks(const model *m)
{
    static strbuf result;
    static bool busy;
    char *style, *ifaces, *protos;
    bool all, loop_only, v4, v6;
    struct ifaddrs *ifs = NULL;

    /* inet_interfaces = $mynetworks (or the like) with mynetworks not
     * set: computing mynetworks needs itself. Each expansion is a fresh
     * mac_expand(), so its loop check cannot see this; without the flag
     * the recursion ran until the stack overflowed. Postfix computes
     * mynetworks after reading those parameters, so to them it is still
     * undefined (expands to nothing): so here too. */
    if (busy)
        return NULL;
    busy = true;
    style = expanded(m, "mynetworks_style");
    ifaces = expanded(m, "inet_interfaces");
    protos = expanded(m, "inet_protocols");
    busy = false;
    all = list_has(ifaces, "all");
    loop_only = list_has(ifaces, "loopback-only");
    v4 = list_has(protos, "all") || list_has(protos, "ipv4");
    v6 = list_has(protos, "all") || list_has(protos, "ipv6");
    sb_reset(&result);
    if ((ifs = host_interfaces()) != NULL) {
        for (int family = 0; family < 2; family++) {
            for (struct ifaddrs *i = ifs; i; i = i->ifa_next) {
                char item[INET6_ADDRSTRLEN + 8];

                if (i->ifa_addr == NULL || i->ifa_netmask == NULL
                    || i->ifa_addr->sa_family != (family ? AF_INET6 : AF_INET)
                    || (family == 0 && !v4) || (family == 1 && !v6))
                    continue;
                if (!network_item(i, style, all, loop_only, ifaces, item,
                                  sizeof(item)))
                    continue;
                /* Postfix ends every item with a space, the last too. */
                if (!list_has(result.data ? result.data : "", item))
                    sb_printf(&result, "%s ", item);
            }
        }
    }
    free(style);
    free(ifaces);
    free(protos);
    return result.data ? result.data : "";
}

/* Postfix: myhostname = the host name, made fully qualified with
 * $mydomain (or "localdomain") when it has no dot; mydomain = what follows
 * the first dot of myhostname, or "localdomain". */
static const char *computed_default(const model *m, const char *name)
{
    static char buf[2 * HOST_NAME_MAX + 32];

    if (str_eq(name, "myhostname")) {
        const char *host = host_name();
        const main_param *dom;

        if (strchr(host, '.'))
            return host;
        dom = model_main_param(m, "mydomain");
        snprintf(buf, sizeof(buf), "%s.%s", host,
                 dom ? dom->entry->value : "localdomain");
        return buf;
    }
    if (str_eq(name, "mydomain")) {
        const main_param *hn = model_main_param(m, "myhostname");
        const char *host = hn ? hn->entry->value : host_name();
        const char *dot = strchr(host, '.');

        snprintf(buf, sizeof(buf), "%s", dot && dot[1] ? dot + 1
                 : "localdomain");
        return buf;
    }
    if (str_eq(name, "mynetworks")) {
        /* From main.cf and the host's interfaces: the same each time. */
        bound_cache *c = cache_of(m);
        const char *value;

        if (c->mynetworks == NULL && (value = computed_mynetworks(m)) != NULL)
            c->mynetworks = xstrdup(value);
        return c->mynetworks;
    }
    return NULL;
}

const char *effective_default(const model *m, const char *name,
                              origin_kind *origin)
{
    const param_info *p = param_lookup(name);
    const service_suffix *sfx;
    const char *def;

    *origin = ORIGIN_DEFAULT;
    /* Set by the program itself, not by a table: what postconf says. */
    if (str_eq(name, "config_directory") && m->config_dir)
        return m->config_dir;
    if (str_eq(name, "mail_version") && m->version_text)
        return m->version_text;
    if (str_eq(name, "process_name"))
        return "postconf";
    if (str_eq(name, "process_id")) {
        static char pid[24];

        snprintf(pid, sizeof(pid), "%ld", (long) getpid());
        return pid;
    }
    if (p && param_builtin_in(p, m->version)) {
        def = param_default_in(p, m->version);
        if (def && str_eq(def, "(computed)")) {
            *origin = ORIGIN_COMPUTED;
            return computed_default(m, name);
        }
        return def;
    }
    /* A per-service name (relay_destination_rate_delay) falls back to
     * its global parameter (default_destination_rate_delay). */
    sfx = service_param_suffix(m, name);
    return sfx ? sfx->fallback : NULL;
}

eff_value effective_lookup(const model *m, const service *svc,
                           const char *name)
{
    eff_value v;
    const svc_option *o;
    const main_param *p;

    memset(&v, 0, sizeof(v));
    if ((o = service_option(svc, name)) != NULL) {
        v.value = o->value;
        v.origin = ORIGIN_MASTER;
        v.opt = o;
    } else if ((p = model_main_param(m, name)) != NULL) {
        v.value = p->entry->value;
        v.origin = ORIGIN_MAIN;
        v.entry = p->entry;
    } else {
        v.value = effective_default(m, name, &v.origin);
        if (v.value == NULL)
            v.origin = ORIGIN_UNDEFINED;
    }
    return v;
}

char *effective_text(const model *m, const service *svc, const char *name,
                     const char *raw)
{
    expand_result res = {0};
    strbuf out;
    char *text = NULL;

    if (raw == NULL && (raw = effective_lookup(m, svc, name).value) == NULL)
        return NULL;
    sb_init(&out);
    effective_expand(m, svc, name, raw, &out, &res);
    if (!res.error && !res.too_large)
        text = xstrdup(out.data ? out.data : "");
    sb_free(&out);
    expand_result_free(&res);
    return text;
}

char *effective_string(const model *m, const service *svc, const char *name)
{
    char *text = effective_text(m, svc, name, NULL);

    return text ? text : xstrdup("");
}

/* ---- what an expansion can cost ---------------------------------------
 *
 * A chain such as e1 = $e2 $e2, e2 = $e3 $e3 ... doubles at each link:
 * expanding e1 would take 2^N steps. expand.c stops any expansion at
 * EXPAND_MAX_WORK, but each rule would still walk that far for every
 * parameter on the chain. So the cost of expanding a name is bounded
 * first, once per scope and name: the bytes of its value, less the text
 * of its references, plus one (walking a value costs even when it is
 * empty), plus, for every name it refers to in any branch, that name's
 * bound (saturating). A
 * name whose bound exceeds what is left of the budget is not expanded at
 * all (expand.c's bound callback). The bound is exact for values without
 * conditionals, an overestimate with them. A service without -o settings
 * shares the main.cf scope's table. */

#define BOUND_BUSY SIZE_MAX     /* being computed: a loop, counted 0 */

static void bound_cache_free(void *p)
{
    bound_cache *c = p;

    for (size_t t = 0; t < c->n_tables; t++) {
        for (size_t i = 0; i < c->tables[t].cap; i++)
            free(c->tables[t].slots[i].name);
        free(c->tables[t].slots);
    }
    free(c->tables);
    free(c->mynetworks);
    free(c);
}

static bound_slot *bound_find(bound_table *t, const char *name, size_t len)
{
    uint64_t h = 1469598103934665603ULL;

    if (t->cap == 0 || 2 * (t->n + 1) > t->cap) {
        bound_table grown = {xcalloc(t->cap ? 2 * t->cap : 64,
                                     sizeof(bound_slot)), 0,
                             t->cap ? 2 * t->cap : 64};

        for (size_t i = 0; i < t->cap; i++) {
            bound_slot *s;

            if (t->slots[i].name == NULL)
                continue;
            s = bound_find(&grown, t->slots[i].name,
                           strlen(t->slots[i].name));
            *s = t->slots[i];
            grown.n++;
        }
        free(t->slots);
        *t = grown;
    }
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char) name[i]) * 1099511628211ULL;
    for (size_t i = h & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
        bound_slot *s = &t->slots[i];

        if (s->name == NULL || (strncmp(s->name, name, len) == 0
                                && s->name[len] == '\0'))
            return s;
    }
}

typedef struct bound_walk {
    const model *m;
    const service *svc;
    bound_table *table;
    size_t sum;
    int depth;
} bound_walk;

static size_t bound_of(const model *m, const service *svc, bound_table *t,
                       const char *name, size_t len, int depth);

/* A reference adds the bound of the name and takes out its own text
 * ("$name": at least the name and the '$'). */
static void bound_ref(const char *name, size_t len, void *ctx)
{
    bound_walk *w = ctx;
    size_t b = bound_of(w->m, w->svc, w->table, name, len, w->depth + 1);

    w->sum -= len + 1 < w->sum ? len + 1 : w->sum - 1;
    w->sum = b > SIZE_MAX / 2 - w->sum ? SIZE_MAX / 2 : w->sum + b;
}

static size_t bound_of(const model *m, const service *svc, bound_table *t,
                       const char *name, size_t len, int depth)
{
    bound_slot *slot = bound_find(t, name, len);
    bound_walk w = {m, svc, t, 0, depth};
    char *key;
    const char *value;

    if (slot->name)
        return slot->bound == BOUND_BUSY ? 0 : slot->bound;
    /* Deeper than Postfix expands: expand.c reports the nesting. */
    if (depth > EXPAND_MAX_LEVEL)
        return 0;
    key = xstrndup(name, len);
    slot->name = key;
    slot->bound = BOUND_BUSY;
    t->n++;
    value = effective_lookup(m, svc, key).value;
    if (value) {
        w.sum = strlen(value) + 1;
        vx_scan_refs(value, strlen(value), bound_ref, &w);
    }
    /* The table may have grown meanwhile: find the slot again. */
    bound_find(t, key, len)->bound = w.sum;
    return w.sum;
}

/* What this module computes once per model (no part of the model). */
static bound_cache *cache_of(const model *m)
{
    model *mm = (model *) m;
    bound_cache *c = mm->cache;

    if (c == NULL) {
        c = xcalloc(1, sizeof(*c));
        c->n_tables = 1 + m->n_services;
        c->tables = xcalloc(c->n_tables, sizeof(bound_table));
        mm->cache = c;
        mm->cache_free = bound_cache_free;
    }
    return c;
}

size_t effective_expand_bound(const model *m, const service *svc,
                              const char *name)
{
    bound_cache *c = cache_of(m);
    size_t t;

    t = svc && svc->n_opts ? 1 + (size_t) (svc - m->services) : 0;
    return bound_of(m, t ? svc : NULL, &c->tables[t], name, strlen(name), 0);
}

typedef struct scope {
    const model *m;
    const service *svc;
} scope;

static const char *scope_lookup(const char *name, void *ctx)
{
    scope *s = ctx;

    return effective_lookup(s->m, s->svc, name).value;
}

static size_t scope_bound(const char *name, void *ctx)
{
    scope *s = ctx;

    return effective_expand_bound(s->m, s->svc, name);
}

void effective_expand(const model *m, const service *svc, const char *name,
                      const char *value, strbuf *out, expand_result *res)
{
    scope s = {m, svc};

    expand_value_bounded(name, value, scope_lookup, scope_bound, &s, out,
                         res);
}

const char *service_daemon(const service *svc)
{
    const char *cmd, *slash;

    if (!svc->has_fields)
        return "";
    cmd = svc->argv[MF_COMMAND].text;
    slash = strrchr(cmd, '/');
    return slash ? slash + 1 : cmd;
}

size_t service_first_argument(const service *svc)
{
    static const char with_arg[] = "imnorst";

    if (!svc->has_fields)
        return svc->argc;
    for (size_t i = MF_COMMAND + 1; i < svc->argc; i++) {
        const char *w = svc->argv[i].text;

        if (str_eq(w, "--"))
            return i + 1;
        if (w[0] != '-' || w[1] == '\0')
            return i;
        for (const char *c = w + 1; *c; c++)
            if (strchr(with_arg, *c)) {
                if (c[1] == '\0')
                    i++;        /* the argument is the next word */
                break;
            }
    }
    return svc->argc;
}

static bool has_word(const char *list, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n) {
        bool start = p == list || !(p[-1] == '_' || p[-1] == '-'
                                    || (p[-1] >= 'a' && p[-1] <= 'z'));
        char after = p[n];
        bool end = !(after == '_' || after == '-'
                     || (after >= 'a' && after <= 'z'));

        if (start && end)
            return true;
    }
    return false;
}

bool daemon_reads(const param_info *p, const char *daemon)
{
    if (has_word(p->used_by, "global") || strstr(p->used_by, "all programs"))
        return true;
    return has_word(p->used_by, daemon);
}

bool daemon_known(const char *daemon)
{
    static const char *const known[] = {
        "smtpd", "smtp", "lmtp", "postscreen", "tlsproxy", "cleanup",
        "qmgr", "oqmgr", "trivial-rewrite", "local", "virtual", "pipe",
        "spawn", "proxymap", "tlsmgr", "bounce", "verify", "qmqpd",
        "showq", "scache", "pickup", "flush", "anvil", "dnsblog",
        "postlogd", "error", "discard", NULL
    };

    for (const char *const *k = known; *k; k++)
        if (str_eq(*k, daemon))
            return true;
    return false;
}

const service *model_find_service(const model *m, const char *spec)
{
    const char *slash = strchr(spec, '/');
    size_t len = slash ? (size_t) (slash - spec) : strlen(spec);

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (!s->has_fields || strlen(s->argv[MF_SERVICE].text) != len
            || strncmp(s->argv[MF_SERVICE].text, spec, len) != 0)
            continue;
        if (slash == NULL || str_eq(slash + 1, s->argv[MF_TYPE].text))
            return s;
    }
    return NULL;
}

/* Does a used_by qualifier ("2.8+", "until 2.10", "2.8-2.10",
 * "3.12-snapshot+") include version v? */
static bool qualifier_applies(const char *q, pf_version v)
{
    pf_version a, b;
    const char *dash;

    while (*q == ' ' || *q == '(')
        q++;
    if (*q == '\0' || *q == ')')
        return true;
    if (str_starts(q, "until ")) {
        return !version_parse_loose(q + 6, &b) || version_cmp(v, b) <= 0
            || (v.major == b.major && v.minor == b.minor);
    }
    if (!version_parse_loose(q, &a))
        return true;
    if (version_cmp(v, a) < 0)
        return false;
    dash = strchr(q, '-');
    if (dash && version_parse_loose(dash + 1, &b) && isdigit((unsigned char) dash[1]))
        return version_cmp(v, b) <= 0 || (v.major == b.major
                                          && v.minor == b.minor);
    return true;
}

void readers_text(const param_info *p, pf_version v, strbuf *out)
{
    char *copy = xstrdup(p->used_by), *save, *item;
    size_t start = out->len;

    for (item = strtok_r(copy, ",", &save); item;
         item = strtok_r(NULL, ",", &save)) {
        size_t n;

        item += strspn(item, " ");
        n = strspn(item, "abcdefghijklmnopqrstuvwxyz-");
        if (n == 0 || !qualifier_applies(item + n, v))
            continue;
        if (strncmp(item, "global", 6) == 0 && n == 6) {
            out->len = start;
            sb_adds(out, "every Postfix program");
            break;
        }
        if (out->len > start)
            sb_adds(out, ", ");
        sb_add(out, item, n);
    }
    if (out->len == start)
        sb_adds(out, "no program");
    if (out->data)
        out->data[out->len] = '\0';
    free(copy);
}

/* The expanded main.cf-scope value of name ("" when undefined). */
static void expand_main(const model *m, const char *name, strbuf *out)
{
    eff_value v = effective_lookup(m, NULL, name);
    expand_result res = {0};

    if (v.value)
        effective_expand(m, NULL, name, v.value, out, &res);
    expand_result_free(&res);
}

/* Does the transport setting name this service ("virtual",
 * "local:$myhostname")? */
static bool transport_names(const model *m, const char *param,
                            const char *service_name)
{
    strbuf v;
    const char *cp;
    size_t n;
    bool yes;

    sb_init(&v);
    expand_main(m, param, &v);
    cp = v.data + strspn(v.data, " \t");
    n = strcspn(cp, ": \t");
    yes = n > 0 && strlen(service_name) == n
        && strncmp(cp, service_name, n) == 0;
    sb_free(&v);
    return yes;
}

static bool list_nonempty(const model *m, const char *param)
{
    strbuf v;
    bool yes;

    sb_init(&v);
    expand_main(m, param, &v);
    yes = v.data[strspn(v.data, ", \t\r\n")] != '\0';
    sb_free(&v);
    return yes;
}

bool service_delivers(const model *m, const service *svc)
{
    const char *name;

    if (!svc->has_fields || list_nonempty(m, "transport_maps"))
        return false;
    name = svc->argv[MF_SERVICE].text;
    return (transport_names(m, "local_transport", name)
            && list_nonempty(m, "mydestination"))
        || (transport_names(m, "virtual_transport", name)
            && list_nonempty(m, "virtual_mailbox_domains"))
        || (transport_names(m, "relay_transport", name)
            && list_nonempty(m, "relay_domains"))
        || transport_names(m, "default_transport", name);
}

bool daemon_delivers(const model *m, const char *daemon)
{
    for (size_t s = 0; s < m->n_services; s++)
        if (str_eq(service_daemon(&m->services[s]), daemon)
            && service_delivers(m, &m->services[s]))
            return true;
    return false;
}

bool programs_in_use(const model *m, const char *programs)
{
    const char *cp = programs;

    if (m->n_services == 0 || str_starts(programs, "every"))
        return true;
    while (*cp) {
        char name[32];
        size_t n;

        cp += strspn(cp, ", ");
        n = strcspn(cp, ", ");
        if (n == 0)
            break;
        if (n >= sizeof name)
            return true;
        memcpy(name, cp, n);
        name[n] = '\0';
        cp += n;
        if (str_eq(name, "all") || !daemon_known(name))
            return true;
        if (str_eq(name, "local") || str_eq(name, "virtual")) {
            if (daemon_delivers(m, name))
                return true;
            continue;
        }
        for (size_t s = 0; s < m->n_services; s++)
            if (str_eq(service_daemon(&m->services[s]), name))
                return true;
    }
    return false;
}

bool setting_reaches(const model *m, const service *svc,
                     const param_info *p, const char *programs)
{
    const char *daemon;

    if (svc == NULL)
        return programs_in_use(m, programs);
    daemon = service_daemon(svc);
    if (daemon_known(daemon) && !daemon_reads(p, daemon))
        return false;
    return !((str_eq(daemon, "local") || str_eq(daemon, "virtual"))
             && !service_delivers(m, svc));
}
