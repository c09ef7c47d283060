/*
 * tls_report.c - helpers for the TLS rules: where a setting is written,
 * report-once bookkeeping, lists of peer profiles.
 *
 * Interface: see tls_report.h. No diagnostics.
 */
#include "tls_report.h"
#include "params.h"
#include "tls_profiles.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

bool setting_span(const tls_setting *s, const tls_server *srv, span *out)
{
    if (s->raw.origin == ORIGIN_MAIN) {
        *out = s->raw.entry->value_sp;
        return true;
    }
    if (s->raw.origin == ORIGIN_MASTER) {
        *out = s->raw.opt->sp;
        return true;
    }
    if (srv && srv->svc) {
        *out = srv->svc->argv[MF_SERVICE].sp;
        return true;
    }
    return false;
}

const char *setting_name_written(const tls_setting *s, char *buf,
                                 size_t size)
{
    if (s->raw.origin == ORIGIN_MAIN)
        snprintf(buf, size, "%s", s->name);
    else if (s->raw.origin == ORIGIN_MASTER)
        snprintf(buf, size, "-o %s", s->name);
    else
        snprintf(buf, size, "%s (not set)", s->name);
    return buf;
}

const char *setting_written(const tls_setting *s, char *buf, size_t size)
{
    const char *v = s->raw.value ? s->raw.value : "";
    size_t len = strlen(v);
    int n = len > 120 ? 120 : (int) len;
    const char *more = len > 120 ? "..." : "";

    if (s->raw.origin == ORIGIN_MAIN)
        snprintf(buf, size, "%s = %.*s%s", s->name, n, v, more);
    else if (s->raw.origin == ORIGIN_MASTER)
        snprintf(buf, size, "-o %s=%.*s%s", s->name, n, v, more);
    else if (len)
        snprintf(buf, size, "%s (default: %.*s%s)", s->name, n, v, more);
    else
        snprintf(buf, size, "%s (not set)", s->name);
    return buf;
}

bool level_span(const model *m, const tls_server *t, span *sp, char *buf,
                size_t size)
{
    static const char *const legacy_yes[] = {"yes", "true", "1", NULL};

    if (t->level.value[0] || t->level.raw.origin == ORIGIN_MAIN
        || t->level.raw.origin == ORIGIN_MASTER) {
        char written[160];

        setting_written(&t->level, written, sizeof(written));
        if (strchr(written, '$'))
            snprintf(buf, size, "%s, that is level %s", written,
                     t->level_word);
        else
            snprintf(buf, size, "%s", written);
        return setting_span(&t->level, t, sp);
    }
    /* No level: the legacy booleans decide; point at the one that does. */
    for (int i = 0; i < 2; i++) {
        tls_setting legacy;
        bool on = false, found;

        tls_setting_get(m, t->svc, i == 0 ? t->names->enforce : t->names->use,
                        &legacy);
        for (int k = 0; legacy_yes[k]; k++)
            on |= strcasecmp(legacy.value, legacy_yes[k]) == 0;
        found = on && (legacy.raw.origin == ORIGIN_MAIN
                       || legacy.raw.origin == ORIGIN_MASTER);
        if (found) {
            char written[160];

            snprintf(buf, size, "%s, with %s not set",
                     setting_written(&legacy, written, sizeof(written)),
                     t->level.name);
            found = setting_span(&legacy, t, sp);
        }
        tls_setting_free(&legacy);
        if (found)
            return true;
    }
    snprintf(buf, size, "level %s", t->level_word);
    return setting_span(&t->level, t, sp);
}

const tls_setting *cipher_setting_in_charge(const tls_server *t)
{
    return t->exclude.value[0] ? &t->exclude
        : t->cipherlist.raw.origin != ORIGIN_DEFAULT ? &t->cipherlist
        : &t->grade;
}

bool already_reported(reported *r, const tls_setting *s,
                      const tls_server *srv)
{
    const void *key = s->raw.origin == ORIGIN_MAIN ? (const void *) s->raw.entry
        : s->raw.origin == ORIGIN_MASTER ? (const void *) s->raw.opt
        : (const void *) srv;

    for (size_t i = 0; i < r->n; i++)
        if (r->keys[i] == key)
            return true;
    if (r->n < sizeof(r->keys) / sizeof(r->keys[0]))
        r->keys[r->n++] = key;
    return false;
}

static size_t names_of_role(const char *role, profile_pick pick, void *ctx,
                            bool common_only, strbuf *out)
{
    size_t n = 0;

    for (size_t i = 0; i < tls_profiles_len; i++) {
        const tls_profile *p = &tls_profiles[i];

        if (!str_eq(p->role, role) || (common_only && !p->common)
            || !pick(p, ctx))
            continue;
        sb_printf(out, "%s%s", n ? ", " : "", p->id);
        n++;
    }
    return n;
}

static const char *const protocol_params[] = {
    "smtpd_tls_protocols", "smtpd_tls_mandatory_protocols",
    "smtp_tls_protocols", "smtp_tls_mandatory_protocols",
    "lmtp_tls_protocols", "lmtp_tls_mandatory_protocols",
    "tlsproxy_tls_protocols", "tlsproxy_tls_mandatory_protocols",
    "tlsproxy_client_protocols", "tlsproxy_client_mandatory_protocols",
    "postscreen_tls_protocols", "postscreen_tls_mandatory_protocols", NULL
};

bool server_side_param(const char *param)
{
    return str_starts(param, "smtpd_") || str_starts(param, "tlsproxy_tls")
        || str_starts(param, "postscreen_");
}

/* Expand the value as the program would, then call fn. */
static void call_expanded(const lint_ctx *ctx, const rule_desc *self,
                          protocol_setting_fn fn, const service *svc,
                          const char *param, const char *raw, const span *sp,
                          const char *where)
{
    strbuf value;
    expand_result res = {0};

    sb_init(&value);
    effective_expand(ctx->m, svc, param, raw, &value, &res);
    if (!res.error) {
        char *v = value.data ? value.data : "";
        size_t len = strlen(v);

        while (len > 0 && pf_isspace((unsigned char) v[len - 1]))
            v[--len] = '\0';
        v += strspn(v, " \t\r\n");
        fn(ctx, self, param, v, sp, where, strchr(raw, '$') != NULL);
    }
    expand_result_free(&res);
    sb_free(&value);
}

void each_protocol_setting(const lint_ctx *ctx, const rule_desc *self,
                           protocol_setting_fn fn)
{
    const model *m = ctx->m;

    for (const char *const *pp = protocol_params; *pp; pp++) {
        const main_param *p = model_main_param(m, *pp);

        if (p)
            call_expanded(ctx, self, fn, NULL, *pp, p->entry->value,
                          &p->entry->value_sp, "");
    }
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++) {
            const svc_option *opt = &svc->opts[o];

            for (const char *const *pp = protocol_params; *pp; pp++) {
                char where[160];
                span sp = opt->sp;
                size_t skip = strlen(opt->name) + 1;

                const param_info *info;

                if (!str_eq(opt->name, *pp))
                    continue;
                /* An -o the service's program never reads is
                 * override-not-used-by-daemon's business. */
                info = param_lookup(opt->name);
                if (info && daemon_known(service_daemon(svc))
                    && !daemon_reads(info, service_daemon(svc)))
                    continue;
                if (sp.line == sp.end_line) {
                    sp.off += skip;
                    sp.col += (int) skip;
                }
                snprintf(where, sizeof(where), " (-o of %s/%s)",
                         svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text);
                call_expanded(ctx, self, fn, svc, *pp, opt->value, &sp, where);
            }
        }
    }
}

/* A list the version accepts for that intent. */
void protocol_list_for(const lint_ctx *ctx, unsigned want, char *buf,
                       size_t size)
{
    static const pf_version v3_6 = {3, 6, 0};
    proto_list probe;
    size_t used = 0;

    buf[0] = '\0';
    /* 3.6+: a lower bound reads best, when the intent is "X and newer". */
    if (version_cmp(ctx->version, v3_6) >= 0 && want
        && (want | (proto_lowest(want) - 1)) == PROTO_ALL) {
        snprintf(buf, size, ">=%s", proto_name(proto_lowest(want)));
        return;
    }
    /* Exclude every name this version knows that is not wanted. */
    proto_list_parse("", ctx->version, ctx->openssl, &probe);
    for (unsigned b = 1; b <= PROTO_TLSV1_3; b <<= 1) {
        char name[16];
        proto_list one;

        snprintf(name, sizeof(name), "!%s", proto_name(b));
        proto_list_parse(name, ctx->version, ctx->openssl, &one);
        if (one.invalid || (want & b))
            continue;
        used += (size_t) snprintf(buf + used, size - used, "%s%s",
                                  used ? ", " : "", name);
        if (used >= size)
            break;
    }
}


size_t profile_names(profile_pick pick, void *ctx, bool common_only,
                     strbuf *out)
{
    return names_of_role("sender", pick, ctx, common_only, out);
}

size_t receiver_names(profile_pick pick, void *ctx, bool common_only,
                      strbuf *out)
{
    return names_of_role("receiver", pick, ctx, common_only, out);
}
