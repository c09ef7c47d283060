/*
 * postconf_view.c - classify main.cf names the way postconf 2.9+ does.
 *
 * Interface: see postconf_view.h. Follows postconf's
 * pcf_register_service_parameters() (per-service names for services whose
 * command is local, error, virtual, smtp, lmtp, pipe or spawn) and
 * pcf_register_user_parameters(): every main.cf value, every built-in
 * default not overridden in main.cf, and every master.cf -o value is
 * scanned for $name references in all branches; a referenced name that has
 * a main.cf entry becomes a user-defined parameter (a master.cf reference
 * to a name its own service sets with -o stays local). Raw parameters
 * (not macro-expanded) are not scanned.
 * No diagnostics.
 */
#include "postconf_view.h"
#include "listtok.h"
#include "dbms.h"
#include "effective.h"
#include "service_params.h"
#include "params.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const readonly_names[] = {
    "process_id", "process_name", "service_name", NULL
};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (str_eq(*list, s))
            return true;
    return false;
}

static bool is_raw(const param_info *p)
{
    return param_is_raw(p);
}

typedef struct scan_ctx {
    const model *m;
    postconf_view *v;
    const bool *default_ref;    /* param_table rows that defaults name */
    const service *local;       /* scanning this service's -o values */
    const main_param *param;    /* scanning this main.cf value */
    const svc_option *opt;      /* scanning this -o value */
    const char *text;           /* the value being scanned */
    bool any_dbms;              /* some value names a database client */
    const char **opt_names;     /* every -o name, sorted (for bsearch) */
    size_t n_opt_names;
} scan_ctx;

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* Does any service set name with -o? (Most references are not.) */
static bool some_option_named(const scan_ctx *ctx, const char *name)
{
    return ctx->n_opt_names > 0
        && bsearch(&name, ctx->opt_names, ctx->n_opt_names,
                   sizeof(*ctx->opt_names), compare_strings) != NULL;
}

static void mark_options(scan_ctx *ctx, size_t svc, const char *name)
{
    const service *s = &ctx->m->services[svc];
    bool found = false;

    for (size_t o = 0; o < s->n_opts; o++) {
        if (str_eq(s->opts[o].name, name)) {
            if (ctx->v->opts[svc][o] == PARAM_UNUSED)
                ctx->v->opts[svc][o] = PARAM_USER;
            /* Defaults that mention a name do not count: they matter
             * only to the programs that read them. */
            if (ctx->param || ctx->local || ctx->text == NULL)
                ctx->v->opt_referenced[svc][o] = true;
            found = true;
        }
    }
    (void) found;
}

static bool service_has(const service *s, const char *name)
{
    for (size_t o = 0; s && o < s->n_opts; o++)
        if (str_eq(s->opts[o].name, name))
            return true;
    return false;
}

/* Known to postconf without a name=value: built-in, per-service, or a
 * (legacy) name that a built-in default refers to. */
static bool known_name(scan_ctx *ctx, const char *name)
{
    const param_info *p = param_lookup(name);

    if (p && (param_builtin_in(p, ctx->m->version)
              || ctx->default_ref[p - param_table]))
        return true;
    return service_param_suffix(ctx->m, name) != NULL;
}

static void note_undefined(scan_ctx *ctx, const char *name, const char *at,
                           size_t len)
{
    postconf_view *v = ctx->v;
    undefined_ref *u;

    if (ctx->text == NULL || (ctx->param == NULL && ctx->opt == NULL))
        return;
    /* Once per name and value (${x?$x} names x twice). */
    for (size_t i = v->n_undefined; i > 0; i--) {
        const undefined_ref *prev = &v->undefined[i - 1];

        if (prev->param != ctx->param || prev->opt != ctx->opt)
            break;
        if (str_eq(prev->name, name))
            return;
    }
    v->undefined = grow_array(v->undefined, &v->cap_undefined,
                              v->n_undefined + 1, sizeof(*v->undefined));
    u = &v->undefined[v->n_undefined++];
    u->name = xstrdup(name);
    u->param = ctx->param;
    u->svc = ctx->local;
    u->opt = ctx->opt;
    u->off = (size_t) (at - ctx->text);
    u->len = len;
}

/* pcf_flag_user_parameter(): a reference validates the name=value it
 * refers to (local -o first, then main.cf; a main.cf reference also
 * validates every service's -o of that name). */
static void flag_user(scan_ctx *ctx, const char *name, const char *at,
                      size_t len)
{
    const model *m = ctx->m;
    const main_param *p;
    bool supplied = false;

    if (ctx->local && service_has(ctx->local, name)) {
        mark_options(ctx, (size_t) (ctx->local - m->services), name);
        supplied = true;
    } else if ((p = model_main_param(m, name)) != NULL) {
        size_t i = (size_t) (p - m->params);

        if (ctx->v->main[i] == PARAM_UNUSED)
            ctx->v->main[i] = PARAM_USER;
        supplied = true;
    }
    if (ctx->local == NULL && some_option_named(ctx, name)) {
        for (size_t s = 0; s < m->n_services; s++) {
            if (service_has(&m->services[s], name)) {
                mark_options(ctx, s, name);
                supplied = true;
            }
        }
    }
    if (!supplied && at && !known_name(ctx, name))
        note_undefined(ctx, name, at, len);
}

static void flag_ref(const char *name, size_t len, void *vctx)
{
    char buf[256];

    if (len >= sizeof(buf))
        return;                 /* longer than any name worth checking */
    memcpy(buf, name, len);
    buf[len] = '\0';
    flag_user(vctx, buf, name, len);
}

static void scan_text(scan_ctx *ctx, const char *text)
{
    ctx->text = text;
    vx_scan_refs(text, strlen(text), flag_ref, ctx);
    ctx->text = NULL;
}

/* What the built-in defaults of one version refer to depends on the
 * version only: worked out once per version (the last few are kept), not
 * once per lint. */
typedef struct default_ref_at {
    size_t row;                 /* the parameter whose default it is */
    const char *at;             /* the name in its default text */
    size_t len;
    char *name;                 /* the name, NUL-terminated */
    bool builtin;               /* a built-in parameter of the version */
} default_ref_at;

typedef struct default_scan {
    bool used;
    pf_version v;
    bool *default_ref;          /* param_table rows a default names */
    default_ref_at *refs;       /* every $name in the defaults, in order */
    size_t n_refs, cap_refs;
    size_t row;                 /* while scanning: the current row */
} default_scan;

static void mark_default_ref(const char *name, size_t len, void *vctx)
{
    default_scan *d = vctx;
    char buf[256];
    const param_info *p;

    if (len >= sizeof(buf))
        return;
    memcpy(buf, name, len);
    buf[len] = '\0';
    if ((p = param_lookup(buf)) != NULL)
        d->default_ref[p - param_table] = true;
    d->refs = grow_array(d->refs, &d->cap_refs, d->n_refs + 1,
                         sizeof(*d->refs));
    d->refs[d->n_refs++] = (default_ref_at) {
        d->row, name, len, xstrdup(buf), p && param_builtin_in(p, d->v)
    };
}

static const default_scan *defaults_of(pf_version v)
{
    static default_scan cache[8];
    static size_t next;
    default_scan *d;

    for (size_t k = 0; k < 8; k++)
        if (cache[k].used && version_cmp(cache[k].v, v) == 0)
            return &cache[k];
    d = &cache[next++ % 8];
    free(d->default_ref);
    for (size_t k = 0; k < d->n_refs; k++)
        free(d->refs[k].name);
    free(d->refs);
    memset(d, 0, sizeof(*d));
    d->used = true;
    d->v = v;
    d->default_ref = xcalloc(param_table_len + 1, sizeof(bool));
    for (size_t i = 0; i < param_table_len; i++) {
        const param_info *info = &param_table[i];
        const char *def;

        if (!param_builtin_in(info, v) || is_raw(info)
            || (def = param_default_in(info, v)) == NULL
            || strchr(def, '$') == NULL)
            continue;
        d->row = i;
        vx_scan_refs(def, strlen(def), mark_default_ref, d);
    }
    return d;
}

/* Does "ldap:", "mysql:" ... occur in value? (Checked at each ':'.) */
static bool names_dbms(const char *value)
{
    static const char *const types[] = {"ldap", "mysql", "pgsql", "sqlite",
                                        "memcache", NULL};

    for (const char *colon = strchr(value, ':'); colon;
         colon = strchr(colon + 1, ':')) {
        for (const char *const *t = types; *t; t++) {
            size_t n = strlen(*t);

            if ((size_t) (colon - value) >= n
                && memcmp(colon - n, *t, n) == 0)
                return true;
        }
    }
    return false;
}

/* A database client keyword: validates a name=value, never "undefined". */
static void flag_dbms(const char *name, void *vctx)
{
    flag_user(vctx, name, NULL, 0);
}

/* pcf_register_dbms_parameters(): "mysql:NAME" in the expanded value of
 * a built-in or per-service parameter makes NAME_user ... valid. */
static void scan_dbms(scan_ctx *ctx, const service *svc, const char *name,
                      const char *value)
{
    strbuf expanded;
    expand_result res = {0};
    bool named = names_dbms(value);

    /* Cheap tests first: this runs for every main.cf line. Expansion can
     * only produce a database reference when some value holds one. */
    if (!ctx->any_dbms || strchr(value, ':') == NULL)
        return;
    if (strchr(value, '$') == NULL) {
        if (named)
            dbms_each_name(value, ctx->m->version, flag_dbms, ctx);
        return;
    }
    sb_init(&expanded);
    effective_expand(ctx->m, svc, name, value, &expanded, &res);
    if (!res.error)
        dbms_each_name(expanded.data, ctx->m->version, flag_dbms, ctx);
    expand_result_free(&res);
    sb_free(&expanded);
}

static void scan_restriction_classes(scan_ctx *ctx)
{
    const main_param *p = model_main_param(ctx->m, "smtpd_restriction_classes");
    list_tokens words = {0};

    if (p == NULL)
        return;
    list_split(p->entry->value, strlen(p->entry->value), LIST_SEPARATORS,
               list_braces_in(ctx->m->version), &words);
    for (size_t i = 0; i < words.n; i++) {
        char *word = xstrndup(words.items[i].text, words.items[i].len);

        flag_user(ctx, word, NULL, 0);
        free(word);
    }
    list_tokens_free(&words);
}

static param_status builtin_status(const model *m, const char *name,
                                   const param_info *info)
{
    bool applies;

    if (in_list(readonly_names, name))
        return PARAM_READONLY;
    if (info && param_builtin_in(info, m->version))
        return PARAM_BUILTIN;
    /* A name the installed Postfix knows and the table does not (a
     * distribution's own patch). */
    if (info == NULL && params_installed(name, m->version, &applies))
        return PARAM_BUILTIN;
    if (service_param_suffix(m, name))
        return PARAM_SERVICE;
    return PARAM_UNUSED;
}

postconf_view *postconf_view_build(const model *m)
{
    postconf_view *v = xcalloc(1, sizeof(*v));
    const default_scan *defaults;
    scan_ctx ctx;

    memset(&ctx, 0, sizeof(ctx));
    ctx.m = m;
    ctx.v = v;
    defaults = defaults_of(m->version);
    ctx.default_ref = defaults->default_ref;
    v->main = xcalloc(m->n_params + 1, sizeof(*v->main));
    for (size_t s = 0; s < m->n_services; s++)
        ctx.n_opt_names += m->services[s].n_opts;
    ctx.opt_names = xcalloc(ctx.n_opt_names + 1, sizeof(char *));
    ctx.n_opt_names = 0;
    for (size_t s = 0; s < m->n_services; s++)
        for (size_t o = 0; o < m->services[s].n_opts; o++)
            ctx.opt_names[ctx.n_opt_names++] = m->services[s].opts[o].name;
    qsort(ctx.opt_names, ctx.n_opt_names, sizeof(char *), compare_strings);
    for (size_t i = 0; i < m->n_params && !ctx.any_dbms; i++)
        ctx.any_dbms = names_dbms(m->params[i].entry->value);
    for (size_t s = 0; s < m->n_services && !ctx.any_dbms; s++)
        for (size_t o = 0; o < m->services[s].n_opts; o++)
            ctx.any_dbms |= names_dbms(m->services[s].opts[o].value);
    v->opts = xcalloc(m->n_services + 1, sizeof(*v->opts));
    v->opt_referenced = xcalloc(m->n_services + 1,
                                sizeof(*v->opt_referenced));
    for (size_t i = 0; i < m->n_params; i++)
        v->main[i] = builtin_status(m, m->params[i].name, m->params[i].info);
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        v->opts[s] = xcalloc(svc->n_opts + 1, sizeof(param_status));
        v->opt_referenced[s] = xcalloc(svc->n_opts + 1, sizeof(bool));
        for (size_t o = 0; o < svc->n_opts; o++)
            v->opts[s][o] = builtin_status(m, svc->opts[o].name,
                                           param_lookup(svc->opts[o].name));
    }
    /* $name in the defaults of built-in parameters not set in main.cf. */
    for (size_t k = 0; k < defaults->n_refs; k++) {
        const default_ref_at *r = &defaults->refs[k];

        /* A built-in name that neither main.cf nor an -o sets changes
         * nothing (it is known, and there is nothing to mark). */
        if (r->builtin && model_main_param(m, r->name) == NULL
            && !some_option_named(&ctx, r->name))
            continue;
        if (model_main_param(m, param_table[r->row].name) == NULL) {
            /* Scanning a default (mark_options tells them apart). */
            ctx.text = param_default_in(&param_table[r->row], m->version);
            flag_user(&ctx, r->name, r->at, r->len);
            ctx.text = NULL;
        }
    }
    /* $name in main.cf values. */
    for (size_t i = 0; i < m->n_params; i++) {
        if (v->main[i] == PARAM_READONLY
            || (v->main[i] == PARAM_BUILTIN && is_raw(m->params[i].info)))
            continue;
        ctx.param = &m->params[i];
        scan_text(&ctx, m->params[i].entry->value);
        if (v->main[i] == PARAM_BUILTIN || v->main[i] == PARAM_SERVICE) {
            ctx.param = NULL;
            scan_dbms(&ctx, NULL, m->params[i].name,
                      m->params[i].entry->value);
        }
    }
    ctx.param = NULL;
    /* $name in master.cf -o values. */
    for (size_t s = 0; s < m->n_services; s++) {
        ctx.local = &m->services[s];
        for (size_t o = 0; o < m->services[s].n_opts; o++) {
            ctx.opt = &m->services[s].opts[o];
            scan_text(&ctx, ctx.opt->value);
            if (v->opts[s][o] == PARAM_BUILTIN
                || v->opts[s][o] == PARAM_SERVICE) {
                const svc_option *opt = ctx.opt;

                ctx.opt = NULL;
                scan_dbms(&ctx, ctx.local, opt->name, opt->value);
            }
        }
    }
    ctx.local = NULL;
    ctx.opt = NULL;
    scan_restriction_classes(&ctx);
    /* An -o name that main.cf validated globally is known too. */
    for (size_t s = 0; s < m->n_services; s++) {
        for (size_t o = 0; o < m->services[s].n_opts; o++) {
            const main_param *p;

            if (v->opts[s][o] == PARAM_UNUSED
                && (p = model_main_param(m, m->services[s].opts[o].name))
                && v->main[p - m->params] != PARAM_UNUSED)
                v->opts[s][o] = PARAM_USER;
        }
    }
    free(ctx.opt_names);
    return v;
}

void postconf_view_free(const model *m, postconf_view *v)
{
    if (v == NULL)
        return;
    for (size_t s = 0; s < m->n_services; s++) {
        free(v->opts[s]);
        free(v->opt_referenced[s]);
    }
    free(v->opt_referenced);
    for (size_t i = 0; i < v->n_undefined; i++)
        free(v->undefined[i].name);
    free(v->undefined);
    free(v->opts);
    free(v->main);
    free(v);
}

param_status *postconf_classify_main(const model *m)
{
    postconf_view *v = postconf_view_build(m);
    param_status *status = v->main;

    v->main = NULL;
    postconf_view_free(m, v);
    return status;
}
