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
#include "params.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const delivery_suffixes[] = {
    "_recipient_limit", "_extra_recipient_limit",
    "_recipient_refill_limit", "_recipient_refill_delay",
    "_delivery_slot_cost", "_delivery_slot_loan",
    "_delivery_slot_discount", "_minimum_delivery_slots",
    "_initial_destination_concurrency",
    "_destination_concurrency_limit", "_destination_recipient_limit",
    "_destination_concurrency_positive_feedback",
    "_destination_concurrency_negative_feedback",
    "_destination_concurrency_failed_cohort_limit",
    "_destination_rate_delay", "_transport_rate_delay", NULL
};

static const char *const delivery_programs[] = {
    "local", "error", "virtual", "smtp", "lmtp", NULL
};

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

static bool suffix_applies(const model *m, const char *suffix)
{
    static const pf_version v3_1 = {3, 1, 0};

    return !str_eq(suffix, "_transport_rate_delay")
        || version_cmp(m->version, v3_1) >= 0;
}

bool postconf_service_param(const model *m, const char *name)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *svc, *cmd, *suffix;
        size_t len;

        if (!s->has_fields)
            continue;
        svc = s->argv[0].text;
        cmd = s->argv[7].text;
        len = strlen(svc);
        if (strncmp(name, svc, len) != 0)
            continue;
        suffix = name + len;
        if (str_eq(cmd, "pipe") || str_eq(cmd, "spawn"))
            if (str_eq(suffix, "_time_limit"))
                return true;
        if (str_eq(cmd, "pipe") || in_list(delivery_programs, cmd))
            if (in_list(delivery_suffixes, suffix)
                && suffix_applies(m, suffix))
                return true;
    }
    return false;
}

static bool is_raw(const param_info *p)
{
    return p != NULL && str_starts(p->kind, "raw_string");
}

typedef struct scan_ctx {
    const model *m;
    param_status *status;
    const service *local;   /* the master.cf service being scanned */
} scan_ctx;

static bool local_has(const service *s, const char *name)
{
    for (size_t i = 0; s && i < s->n_opts; i++)
        if (str_eq(s->opts[i].name, name))
            return true;
    return false;
}

static void flag_user(const char *name, const vx_node *node, void *vctx)
{
    scan_ctx *ctx = vctx;
    const main_param *p;

    (void) node;
    if (ctx->local && local_has(ctx->local, name))
        return;
    if ((p = model_main_param(ctx->m, name)) != NULL) {
        size_t i = (size_t) (p - ctx->m->params);

        if (ctx->status[i] == PARAM_UNUSED)
            ctx->status[i] = PARAM_USER;
    }
}

static void scan_text(scan_ctx *ctx, const char *text)
{
    vx_list *expr = value_parse(text);

    vx_each_ref(expr, flag_user, ctx);
    vx_free(expr);
}

static void scan_restriction_classes(scan_ctx *ctx)
{
    const main_param *p = model_main_param(ctx->m, "smtpd_restriction_classes");
    char *copy, *save, *word;

    if (p == NULL)
        return;
    copy = xstrdup(p->entry->value);
    for (word = strtok_r(copy, ", \t\r\n", &save); word;
         word = strtok_r(NULL, ", \t\r\n", &save))
        flag_user(word, NULL, ctx);
    free(copy);
}

param_status *postconf_classify_main(const model *m)
{
    param_status *status = xcalloc(m->n_params + 1, sizeof(*status));
    scan_ctx ctx = {m, status, NULL};

    for (size_t i = 0; i < m->n_params; i++) {
        const param_info *info = param_lookup(m->params[i].name);

        if (in_list(readonly_names, m->params[i].name))
            status[i] = PARAM_READONLY;
        else if (info && param_builtin_in(info, m->version))
            status[i] = PARAM_BUILTIN;
        else if (postconf_service_param(m, m->params[i].name))
            status[i] = PARAM_SERVICE;
    }
    /* $name in main.cf values. */
    for (size_t i = 0; i < m->n_params; i++) {
        const param_info *info = param_lookup(m->params[i].name);

        if (status[i] == PARAM_READONLY)
            continue;
        if (status[i] == PARAM_BUILTIN && is_raw(info))
            continue;
        vx_each_ref(m->params[i].expr, flag_user, &ctx);
    }
    /* $name in the defaults of built-in parameters not set in main.cf. */
    for (size_t i = 0; i < param_table_len; i++) {
        const param_info *info = &param_table[i];
        const char *def;

        if (!param_builtin_in(info, m->version) || is_raw(info)
            || model_main_param(m, info->name) != NULL)
            continue;
        if ((def = param_default_in(info, m->version)) != NULL
            && strchr(def, '$') != NULL)
            scan_text(&ctx, def);
    }
    /* $name in master.cf -o values. */
    for (size_t i = 0; i < m->n_services; i++) {
        ctx.local = &m->services[i];
        for (size_t o = 0; o < m->services[i].n_opts; o++)
            vx_each_ref(m->services[i].opts[o].expr, flag_user, &ctx);
    }
    ctx.local = NULL;
    scan_restriction_classes(&ctx);
    return status;
}
