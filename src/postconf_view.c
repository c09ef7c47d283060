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

/* Does a service named name[0..len) run a program that reads suffix? */
static bool service_reads(const model *m, const char *name, size_t len,
                          const char *suffix)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *svc, *cmd;

        if (!s->has_fields)
            continue;
        svc = s->argv[0].text;
        cmd = s->argv[7].text;
        if (strlen(svc) != len || strncmp(name, svc, len) != 0)
            continue;
        if (str_eq(suffix, "_time_limit")) {
            if (str_eq(cmd, "pipe") || str_eq(cmd, "spawn"))
                return true;
        } else if ((str_eq(cmd, "pipe") || in_list(delivery_programs, cmd))
                   && suffix_applies(m, suffix)) {
            return true;
        }
    }
    return false;
}

bool postconf_service_param(const model *m, const char *name)
{
    size_t len = strlen(name);

    static size_t suffix_len[sizeof(delivery_suffixes)
                             / sizeof(delivery_suffixes[0])];

    if (suffix_len[0] == 0)
        for (size_t i = 0; delivery_suffixes[i]; i++)
            suffix_len[i] = strlen(delivery_suffixes[i]);
    /* Every suffix ends in one of these letters: a cheap first filter. */
    if (len == 0 || strchr("tyesn", name[len - 1]) == NULL)
        return false;
    /* Suffixes overlap (_recipient_limit, _destination_recipient_limit):
     * try every one that matches. */
    for (size_t i = 0; delivery_suffixes[i]; i++) {
        size_t n = suffix_len[i];

        if (len > n && memcmp(name + len - n, delivery_suffixes[i], n) == 0
            && service_reads(m, name, len - n, delivery_suffixes[i]))
            return true;
    }
    return len > 11 && str_eq(name + len - 11, "_time_limit")
        && service_reads(m, name, len - 11, "_time_limit");
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

static void flag_user(const char *name, void *vctx)
{
    scan_ctx *ctx = vctx;
    const main_param *p;

    if (ctx->local && local_has(ctx->local, name))
        return;
    if ((p = model_main_param(ctx->m, name)) != NULL) {
        size_t i = (size_t) (p - ctx->m->params);

        if (ctx->status[i] == PARAM_UNUSED)
            ctx->status[i] = PARAM_USER;
    }
}

static void flag_ref(const char *name, size_t len, void *vctx)
{
    char buf[256];

    if (len >= sizeof(buf))
        return;                 /* longer than any name worth checking */
    memcpy(buf, name, len);
    buf[len] = '\0';
    flag_user(buf, vctx);
}

static void scan_text(scan_ctx *ctx, const char *text)
{
    vx_scan_refs(text, strlen(text), flag_ref, ctx);
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
        flag_user(word, ctx);
    free(copy);
}

param_status *postconf_classify_main(const model *m)
{
    param_status *status = xcalloc(m->n_params + 1, sizeof(*status));
    scan_ctx ctx = {m, status, NULL};

    for (size_t i = 0; i < m->n_params; i++) {
        const param_info *info = m->params[i].info;

        if (in_list(readonly_names, m->params[i].name))
            status[i] = PARAM_READONLY;
        else if (info && param_builtin_in(info, m->version))
            status[i] = PARAM_BUILTIN;
        else if (postconf_service_param(m, m->params[i].name))
            status[i] = PARAM_SERVICE;
    }
    /* $name in main.cf values. */
    for (size_t i = 0; i < m->n_params; i++) {
        const param_info *info = m->params[i].info;

        if (status[i] == PARAM_READONLY)
            continue;
        if (status[i] == PARAM_BUILTIN && is_raw(info))
            continue;
        scan_text(&ctx, m->params[i].entry->value);
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
            scan_text(&ctx, m->services[i].opts[o].value);
    }
    ctx.local = NULL;
    scan_restriction_classes(&ctx);
    return status;
}
