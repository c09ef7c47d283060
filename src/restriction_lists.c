/*
 * restriction_lists.c - smtpd's restriction lists per service, classified
 * word by word as generic_checks() in smtpd_check.c reads them.
 *
 * Interface: see restriction_lists.h. No diagnostics: the rules in
 * rules/restriction_*.c, rules/relay_*.c and rules/open_relay.c report.
 *
 * How smtpd reads a list (Postfix 2.6 to 3.11, from the source):
 *  - the value is expanded and cut on ", \t\r\n" ({ } groups whole
 *    from 3.0);
 *  - "warn_if_reject" applies to the next restriction;
 *  - a word with ':' is TYPE:TABLE, the list's own check_*_access;
 *  - then the built-in names, without regard to case; a name that takes
 *    an argument takes the next word (check_*_access only when it has a
 *    ':', sleep only digits, check_policy_service only TRANSPORT:SERVER;
 *    the DNSBL family takes any word, even another restriction);
 *  - then the classes of smtpd_restriction_classes, with case;
 *  - anything else is "unknown smtpd restriction".
 * permit always ends a list; reject, defer and check_relay_domains end it
 * unless warn_if_reject came before; smtpd logs "restriction `X' after
 * `permit' is ignored" for the next word.
 */
#include "restriction_lists.h"
#include "listtok.h"
#include "value_span.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const rlist_param[RL_COUNT] = {
    "smtpd_client_restrictions", "smtpd_helo_restrictions",
    "smtpd_sender_restrictions", "smtpd_relay_restrictions",
    "smtpd_recipient_restrictions", "smtpd_data_restrictions",
    "smtpd_end_of_data_restrictions", "smtpd_etrn_restrictions"
};

const char *rlist_default_access(rlist_id id)
{
    switch (id) {
    case RL_CLIENT: return "check_client_access";
    case RL_HELO: return "check_helo_access";
    case RL_SENDER: return "check_sender_access";
    case RL_RELAY:
    case RL_RECIPIENT: return "check_recipient_access";
    case RL_ETRN: return "check_etrn_access";
    default: return NULL;
    }
}

bool ritem_ends_list(const ritem *it)
{
    const char *n;

    if (it->kind != RI_BUILTIN)
        return false;
    n = it->info->name;
    if (str_eq(n, "permit"))
        return true;
    return !it->warn && (str_eq(n, "reject") || str_eq(n, "defer")
                         || str_eq(n, "check_relay_domains"));
}

/* ---- one list ------------------------------------------------------- */

static ritem *add_item(rlist *l)
{
    ritem *it;

    l->items = grow_array(l->items, &l->cap, l->n + 1, sizeof(*l->items));
    it = &l->items[l->n++];
    memset(it, 0, sizeof(*it));
    it->ended_by = RITEM_REACHABLE;
    return it;
}

bool policy_endpoint_ok(const char *w)
{
    const char *colon = strchr(w, ':');
    size_t n = colon ? (size_t) (colon - w) : 0;

    return colon && colon[1] && ((n == 4 && strncmp(w, "inet", 4) == 0)
                                 || (n == 4 && strncmp(w, "unix", 4) == 0)
                                 || (n == 5 && strncmp(w, "local", 5) == 0));
}

/* Does the word take the argument it needs (see the header comment)? */
static rarg_state argument_state(const restriction_info *r, const char *next,
                                 bool next_braced)
{
    switch (r->arg) {
    case RARG_NONE:
        return RA_NONE;
    case RARG_TABLE:
        if (next == NULL)
            return RA_MISSING;
        return strchr(next, ':') || next_braced ? RA_OK : RA_BAD;
    case RARG_POLICY:
        /* smtpd registers the next word as a policy client when it
         * starts (auto_clnt_create): inet:, unix: or local:ENDPOINT. */
        if (next == NULL)
            return RA_MISSING;
        return next_braced || policy_endpoint_ok(next) ? RA_OK : RA_BAD;
    case RARG_SECONDS:
        if (next == NULL)
            return RA_MISSING;
        return str_all_digits(next, strlen(next)) ? RA_OK : RA_BAD;
    case RARG_DOMAIN:
        if (next == NULL)
            return RA_MISSING;
        return restriction_lookup(next) && !strchr(next, '.')
            ? RA_SWALLOWED : RA_OK;
    }
    return RA_NONE;
}

typedef struct build {
    const model *m;
    const service *svc;
    rlist **classes;
    size_t n_classes;
} build;

static rlist *find_class(const build *b, const char *word)
{
    for (size_t i = 0; i < b->n_classes; i++)
        if (str_eq(b->classes[i]->param, word))     /* with case */
            return b->classes[i];
    return NULL;
}

static void classify(const build *b, rlist *l, const value_map *map)
{
    list_tokens words = {0};
    bool warn_next = false;
    size_t ender = RITEM_REACHABLE;
    pf_version v = b->m->version;

    list_split(l->text, strlen(l->text), LIST_SEPARATORS, list_braces_in(v),
               &words);
    for (size_t w = 0; w < words.n; w++) {
        const list_token *t = &words.items[w];
        ritem *it = add_item(l);
        const restriction_info *r;

        it->word = xstrndup(t->text, t->len);
        it->sp = value_span(map, t->off, t->len, &it->exact);
        if (!it->exact)
            it->sp = l->sp;
        it->warn = warn_next;
        it->ended_by = ender;
        warn_next = false;
        r = restriction_lookup(it->word);
        if (r && str_eq(r->name, "warn_if_reject")) {
            it->kind = RI_BUILTIN;
            it->info = r;
            warn_next = true;
            continue;
        }
        if (strchr(it->word, ':') || t->braced) {
            it->kind = RI_TABLE;
        } else if (r && restriction_known_in(r, v)) {
            const list_token *next = w + 1 < words.n ? &words.items[w + 1]
                : NULL;
            char *next_word = next ? xstrndup(next->text, next->len) : NULL;

            it->kind = RI_BUILTIN;
            it->info = r;
            it->arg_state = argument_state(r, next_word, next && next->braced);
            if (next && it->arg_state != RA_NONE
                && it->arg_state != RA_MISSING) {
                bool exact;

                it->arg = next_word;
                next_word = NULL;
                it->arg_sp = value_span(map, next->off, next->len, &exact);
                if (!exact)
                    it->arg_sp = l->sp;
                if (it->arg_state != RA_BAD)
                    w++;        /* consumed */
            }
            free(next_word);
        } else if ((it->cls = find_class(b, it->word)) != NULL) {
            it->kind = RI_CLASS;
        } else {
            it->kind = RI_UNKNOWN;
            it->info = r;       /* a name of another version, or NULL */
        }
        if (ender == RITEM_REACHABLE && ritem_ends_list(it))
            ender = l->n - 1;
    }
    list_tokens_free(&words);
}

static rlist *make_list(const build *b, rlist_id id, const char *param)
{
    rlist *l = xmalloc(sizeof(*l));
    strbuf text;
    expand_result res;

    memset(l, 0, sizeof(*l));
    l->id = id;
    l->param = xstrdup(param);
    l->where = effective_lookup(b->m, b->svc, param);
    l->sp = value_setting_span(l->where, b->svc, &l->located);
    sb_init(&text);
    memset(&res, 0, sizeof(res));
    if (l->where.value)
        effective_expand(b->m, b->svc, param, l->where.value, &text, &res);
    l->text = xstrdup(text.data ? text.data : "");
    expand_result_free(&res);
    sb_free(&text);
    return l;
}

static void free_list(rlist *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].word);
        free(l->items[i].arg);
    }
    free(l->items);
    free(l->param);
    free(l->text);
    free(l);
}

/* ---- sharing ---------------------------------------------------------- */

/* Two services read the same list when it comes from the same place, has
 * the same text and sees the same classes (the same objects). */
static bool same_list(const rlist *a, const rlist *b)
{
    return a->id == b->id && str_eq(a->param, b->param)
        && a->where.origin == b->where.origin
        && a->where.entry == b->where.entry && a->where.opt == b->where.opt
        && str_eq(a->text, b->text);
}

static void keep_unique(restriction_model *rm, rlist *l)
{
    rm->unique = grow_array(rm->unique, &rm->cap_unique, rm->n_unique + 1,
                            sizeof(*rm->unique));
    rm->unique[rm->n_unique++] = l;
}

/* An earlier service with the same classes, defined the same way. */
static const smtpd_restrictions *same_classes(const restriction_model *rm,
                                              const smtpd_restrictions *s)
{
    for (const smtpd_restrictions *o = rm->services; o < s; o++) {
        size_t i;

        if (o->n_classes != s->n_classes)
            continue;
        for (i = 0; i < s->n_classes; i++)
            if (!same_list(o->classes[i], s->classes[i]))
                break;
        if (i == s->n_classes)
            return o;
    }
    return NULL;
}

/* The shared copy of list l of service s (l is freed when one exists). */
static rlist *share(restriction_model *rm, rlist *l, const smtpd_restrictions *s)
{
    for (const smtpd_restrictions *o = rm->services; o < s; o++)
        if (o->lists[l->id] && o->classes == s->classes
            && same_list(o->lists[l->id], l)) {
            rlist *shared = o->lists[l->id];

            free_list(l);
            return shared;
        }
    keep_unique(rm, l);
    return l;
}

/* ---- a service --------------------------------------------------------- */

static void build_classes(restriction_model *rm, const model *m,
                          smtpd_restrictions *s)
{
    build b = {m, s->svc, NULL, 0};
    list_tokens names = {0};
    rlist *all;
    const smtpd_restrictions *o;
    size_t cap = 0;
    value_map map;
    bool exact;

    /* The class names: a list of its own, expanded. */
    all = make_list(&b, RL_CLASS, "smtpd_restriction_classes");
    s->classes_where = all->where;
    map = value_locate(m, s->svc, all->where);
    list_split(all->text, strlen(all->text), LIST_SEPARATORS,
               list_braces_in(m->version), &names);
    for (size_t i = 0; i < names.n; i++) {
        char *name = xstrndup(names.items[i].text, names.items[i].len);
        rlist *c = make_list(&b, RL_CLASS, name);

        c->defined = c->text[0] != '\0';
        c->name_sp = value_span(&map, names.items[i].off, names.items[i].len,
                              &exact);
        if (!exact)
            c->name_sp = all->sp;
        s->classes = grow_array(s->classes, &cap, s->n_classes + 1,
                                sizeof(*s->classes));
        s->classes[s->n_classes++] = c;
        free(name);
    }
    list_tokens_free(&names);
    free_list(all);
    if ((o = same_classes(rm, s)) != NULL) {
        for (size_t i = 0; i < s->n_classes; i++)
            free_list(s->classes[i]);
        free(s->classes);
        s->classes = o->classes;
        s->classes_shared = true;
        return;
    }
    b.classes = s->classes;
    b.n_classes = s->n_classes;
    for (size_t i = 0; i < s->n_classes; i++) {
        value_map map = value_locate(m, s->svc, s->classes[i]->where);

        classify(&b, s->classes[i], &map);
        keep_unique(rm, s->classes[i]);
    }
}

static void build_service(restriction_model *rm, const model *m,
                          smtpd_restrictions *s)
{
    static const pf_version v2_10 = {2, 10, 0};
    build b = {m, s->svc, NULL, 0};

    build_classes(rm, m, s);
    b.classes = s->classes;
    b.n_classes = s->n_classes;
    for (int id = 0; id < RL_COUNT; id++) {
        rlist *l;
        value_map map;

        if (id == RL_RELAY && version_cmp(m->version, v2_10) < 0)
            continue;
        l = make_list(&b, (rlist_id) id, rlist_param[id]);
        map = value_locate(m, s->svc, l->where);
        classify(&b, l, &map);
        s->lists[id] = share(rm, l, s);
    }
}

restriction_model *restriction_model_build(const model *m)
{
    restriction_model *rm = xmalloc(sizeof(*rm));
    size_t n = 0;

    memset(rm, 0, sizeof(*rm));
    rm->version = m->version;
    for (size_t i = 0; i < m->n_services; i++)
        if (str_eq(service_daemon(&m->services[i]), "smtpd"))
            n++;
    rm->services = xmalloc((n ? n : 1) * sizeof(*rm->services));
    memset(rm->services, 0, (n ? n : 1) * sizeof(*rm->services));
    if (m->master == NULL || m->n_services == 0) {
        /* main.cf alone: one smtpd as main.cf sets it. */
        snprintf(rm->services[0].name, sizeof(rm->services[0].name),
                 "main.cf");
        rm->n_services = 1;
        build_service(rm, m, &rm->services[0]);
        return rm;
    }
    for (size_t i = 0; i < m->n_services; i++) {
        const service *svc = &m->services[i];
        smtpd_restrictions *s;

        if (!str_eq(service_daemon(svc), "smtpd"))
            continue;
        s = &rm->services[rm->n_services++];
        s->svc = svc;
        snprintf(s->name, sizeof(s->name), "%s/%s",
                 svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text);
        build_service(rm, m, s);
    }
    return rm;
}

void restriction_model_free(restriction_model *rm)
{
    if (rm == NULL)
        return;
    for (size_t i = 0; i < rm->n_unique; i++)
        free_list(rm->unique[i]);
    for (size_t i = 0; i < rm->n_services; i++)
        if (!rm->services[i].classes_shared)
            free(rm->services[i].classes);
    free(rm->unique);
    free(rm->services);
    free(rm);
}

static bool uses(const smtpd_restrictions *s, const rlist *l)
{
    for (int id = 0; id < RL_COUNT; id++)
        if (s->lists[id] == l)
            return true;
    for (size_t i = 0; i < s->n_classes; i++)
        if (s->classes[i] == l)
            return true;
    return false;
}

void rlist_users(const restriction_model *rm, const rlist *l, strbuf *out)
{
    size_t n = 0;

    for (size_t i = 0; i < rm->n_services; i++)
        if (uses(&rm->services[i], l))
            sb_printf(out, "%s%s", n++ ? ", " : "", rm->services[i].name);
}

void rlist_describe(const rlist *l, strbuf *out)
{
    if (l->id == RL_CLASS)
        sb_printf(out, "restriction class %s", l->param);
    else
        sb_adds(out, l->param);
}

/* ---- start-up ---------------------------------------------------------- */

static bool required(const char *word, bool modern)
{
    static const char *const old_names[] = {
        "check_relay_domains", "reject_unauth_destination", "reject",
        "defer", "defer_if_permit", NULL
    };
    static const char *const new_names[] = {
        "reject_unauth_destination", "defer_unauth_destination", "reject",
        "defer", "defer_if_permit", "check_relay_domains", NULL
    };

    for (const char *const *n = modern ? new_names : old_names; *n; n++)
        if (modern ? strcasecmp(word, *n) == 0 : strcmp(word, *n) == 0)
            return true;
    return false;
}

/* 2.6-2.9: names with case, no notion of permit; 2.10+: without case,
 * and "permit" ends the search in its list (or class). warn_if_reject
 * hides the next word. Classes are searched as smtpd searches them, to
 * any depth; *budget bounds the work (a loop, or classes that name each
 * other many times over: restriction-class-loop's business). */
static bool has_required(const rlist *l, bool modern, int depth, long *budget)
{
    if (l == NULL || depth > 10000 || --*budget < 0)
        return false;
    for (size_t i = 0; i < l->n; i++) {
        const ritem *it = &l->items[i];

        if (it->warn)
            continue;
        if (modern && strcasecmp(it->word, "permit") == 0)
            return false;
        if (required(it->word, modern))
            return true;
        if (it->kind == RI_CLASS
            && has_required(it->cls, modern, depth + 1, budget))
            return true;
    }
    return false;
}

bool rlists_have_relay_check(const smtpd_restrictions *s, pf_version v)
{
    static const pf_version v2_10 = {2, 10, 0};
    bool modern = version_cmp(v, v2_10) >= 0;

    long budget = 1000000;

    return (modern && has_required(s->lists[RL_RELAY], true, 0, &budget))
        || has_required(s->lists[RL_RECIPIENT], modern, 0, &budget);
}

/* Is l in set[0..n)? */
static bool member(const rlist *const *set, size_t n, const rlist *l)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == l)
            return true;
    return false;
}

/* Depth-first from one list with a stack of our own: a class on the
 * current path seen again is a loop; a class fully explored is done.
 * done, *n_done and *cap_done persist across the starting lists. */
static bool loops_from(const rlist *start, const rlist ***done,
                       size_t *n_done, size_t *cap_done)
{
    const rlist **path = NULL, *l = start;
    size_t *next = NULL, depth = 0, cap_path = 0, cap_next = 0, i = 0;
    bool found = false;

    for (;;) {
        if (i < l->n) {
            const ritem *it = &l->items[i++];

            if (it->kind != RI_CLASS || it->ended_by != RITEM_REACHABLE
                || member(*done, *n_done, it->cls))
                continue;
            if (it->cls == start || member(path, depth, it->cls)) {
                found = true;
                break;
            }
            path = grow_array(path, &cap_path, depth + 1, sizeof(*path));
            next = grow_array(next, &cap_next, depth + 1, sizeof(*next));
            path[depth] = it->cls;
            next[depth++] = i;
            l = it->cls;
            i = 0;
            continue;
        }
        if (depth == 0)
            break;
        *done = grow_array(*done, cap_done, *n_done + 1, sizeof(**done));
        (*done)[(*n_done)++] = l;
        i = next[--depth];
        l = depth ? path[depth - 1] : start;
    }
    free(path);
    free(next);
    return found;
}

bool rlists_class_loop(const smtpd_restrictions *s)
{
    const rlist **done = NULL;
    size_t n_done = 0, cap_done = 0;
    bool found = false;

    for (int id = 0; id < RL_COUNT && !found; id++)
        if (s->lists[id])
            found = loops_from(s->lists[id], &done, &n_done, &cap_done);
    free(done);
    return found;
}

static const ritem *bad_policy_in(const rlist *l)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (l->items[i].kind == RI_BUILTIN && l->items[i].arg_state == RA_BAD
            && l->items[i].info->arg == RARG_POLICY)
            return &l->items[i];
    return NULL;
}

const ritem *rlists_bad_policy(const smtpd_restrictions *s)
{
    const ritem *it;

    for (int id = 0; id < RL_COUNT; id++)
        if ((it = bad_policy_in(s->lists[id])) != NULL)
            return it;
    for (size_t i = 0; i < s->n_classes; i++)
        if ((it = bad_policy_in(s->classes[i])) != NULL)
            return it;
    return NULL;
}
