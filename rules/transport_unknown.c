/*
 * transport_unknown.c - rule "transport-unknown": a transport that
 * master.cf does not define.
 *
 * content_filter, default_transport, relay_transport, local_transport,
 * virtual_transport, mailbox_transport, fallback_transport and their
 * address_verify_ twins name a transport ("amavis:[127.0.0.1]:10024");
 * so do the right-hand sides of transport_maps tables postlint can read.
 * The delivery agent is the master.cf service of that name with type
 * unix: qmgr connects to private/NAME. Without it, qmgr logs "warning:
 * connect to transport private/NAME: No such file or directory" and the
 * mail stays deferred until the service exists (qmgr_transport.c). The
 * rule needs the master.cf; it says nothing when linting main.cf alone.
 */
#include "rule.h"
#include "effective.h"
#include "params.h"
#include "table.h"
#include "table_file.h"
#include "table_refs.h"
#include "value_span.h"

#include <stdlib.h>
#include <string.h>

static bool has_transport(const model *m, const char *name, size_t n)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (s->has_fields && strlen(s->argv[MF_SERVICE].text) == n
            && strncmp(s->argv[MF_SERVICE].text, name, n) == 0
            && str_eq(s->argv[MF_TYPE].text, "unix"))
            return true;
    }
    return false;
}

static void report_missing(const lint_ctx *ctx, const rule_desc *self,
                           const span *sp, const char *where, const char *name,
                           size_t n)
{
    report(ctx, self, sp,
           "%s names the transport \"%.*s\", but master.cf has no unix "
           "service %.*s:" DIAG_NOTE
           " qmgr of Postfix %s logs \"connect to transport private/%.*s: No "
           "such file or directory\" and the mail stays "
           "deferred", where, (int) n, name, (int) n, name, ctx->version_text,
           (int) n, name);
}

/* Does name expand to something in svc's scope? */
static bool nonempty(const model *m, const service *svc, const char *name)
{
    eff_value v = effective_lookup(m, svc, name);
    expand_result res = {0};
    strbuf out;
    bool yes;

    if (v.value == NULL)
        return false;
    sb_init(&out);
    effective_expand(m, svc, name, v.value, &out, &res);
    yes = !res.error && out.data && out.data[strspn(out.data, " \t\r\n,")];
    sb_free(&out);
    expand_result_free(&res);
    return yes;
}

/*
 * "transport:nexthop" with nothing before the ':'. trivial-rewrite
 * (resolve.c) takes the transport of an address class from
 * local_transport, virtual_transport, relay_transport or
 * default_transport (address_verify_*: the same for probes), and refuses
 * an empty one: "file $config_directory/main.cf: parameter NAME: null
 * transport is not allowed"; the address does not resolve, and the
 * resolve client (smtpd, cleanup, qmgr) retries every second without end
 * ("resolve_clnt: null transport result for: <ADDRESS>"). local passes mailbox_transport and fallback_transport to
 * deliver_pass(), which stops with "fatal: missing transport name in
 * ":host"". (A transport_maps entry ":nexthop" is fine: it keeps the
 * transport.) Reported where mail certainly uses the setting: the class
 * has domains (mydestination, virtual_mailbox_domains, relay_domains),
 * or local runs.
 */
static void check_empty(const lint_ctx *ctx, const rule_desc *self,
                        const service *svc, const char *name,
                        const char *value, const span *sp)
{
    static const struct {
        const char *param;
        const char *domains;    /* the class's domains, or NULL */
    } classes[] = {
        {"local_transport", "mydestination"},
        {"virtual_transport", "virtual_mailbox_domains"},
        {"relay_transport", "relay_domains"},
        {"default_transport", NULL},
    };
    const char *base = name;
    const param_info *p = param_lookup(name);

    if (strncmp(base, "address_verify_", 15) == 0)
        base += 15;
    if (p == NULL)
        return;
    if (str_eq(base, "mailbox_transport") || str_eq(base, "fallback_transport")) {
        if (base != name || !setting_reaches(ctx->m, svc, p, "local"))
            return;
        report(ctx, self, sp, "%s = %s has no transport name before the "
               "':'" DIAG_NOTE " local of Postfix %s stops with \"fatal: "
               "missing transport name in \"%s\"\" at each delivery that "
               "uses it, and the mail waits in the queue; write the "
               "transport, e.g. lmtp%s", name, value, ctx->version_text,
               value, value);
        return;
    }
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        if (!str_eq(base, classes[i].param))
            continue;
        if (!setting_reaches(ctx->m, svc, p, "trivial-rewrite")
            || (classes[i].domains
                && !nonempty(ctx->m, svc, classes[i].domains)))
            return;
        report(ctx, self, sp, "%s = %s has no transport name before the "
               "':'" DIAG_NOTE " trivial-rewrite of Postfix %s logs "
               "\"warning: file %s/main.cf: parameter %s: null transport "
               "is not allowed\" for each address of that class, and its "
               "clients (smtpd, cleanup, qmgr) log \"warning: resolve_clnt: "
               "null transport result for: <ADDRESS>\" and ask again every "
               "second, without end: the client's RCPT TO gets no answer "
               "and queued mail waits; write the transport, e.g. %s%s", name, value, ctx->version_text,
               ctx->m->config_dir && ctx->m->config_dir[0] == '/'
               ? ctx->m->config_dir : "$config_directory", name,
               str_eq(base, "local_transport") ? "local"
               : str_eq(base, "virtual_transport") ? "virtual"
               : str_eq(base, "relay_transport") ? "relay" : "smtp", value);
        return;
    }
}

/* The transport part of "transport:nexthop" (empty: the default one). */
static size_t transport_len(const char *v)
{
    return strcspn(v, ":");
}

static void check_setting(const lint_ctx *ctx, const rule_desc *self,
                          const service *svc, const char *name, eff_value v)
{
    strbuf text;
    expand_result res;
    size_t n;
    span sp;
    bool located;
    const char *t;

    if (v.origin < ORIGIN_MAIN || v.value == NULL)
        return;
    sb_init(&text);
    memset(&res, 0, sizeof(res));
    effective_expand(ctx->m, svc, name, v.value, &text, &res);
    t = text.data ? text.data : "";
    while (*t == ' ' || *t == '\t')
        t++;
    n = transport_len(t);
    sp = value_setting_span(v, svc, &located);
    if (n > 0 && located && !has_transport(ctx->m, t, n))
        report_missing(ctx, self, &sp, name, t, n);
    else if (n == 0 && *t == ':' && located)
        check_empty(ctx, self, svc, name, t, &sp);
    expand_result_free(&res);
    sb_free(&text);
}

/* transport_maps tables postlint can read: "key transport:nexthop". */
static void check_table(const lint_ctx *ctx, const rule_desc *self,
                        const table_ref *r)
{
    table_file tf;
    const char *text, *why;
    int line, err;

    if (ctx->no_files || r->name[0] != '/'
        || !(str_eq(r->type, "texthash") || table_built_suffix(r->type))
        || !table_file_open(&tf, r->name, &why, &err))
        return;
    while ((text = table_file_next(&tf, &line)) != NULL) {
        const char *rhs = text + strcspn(text, " \t");
        size_t n;

        rhs += strspn(rhs, " \t");
        n = transport_len(rhs);
        if (n > 0 && rhs[n] == ':' && !has_transport(ctx->m, rhs, n)) {
            span sp;
            char *where = xasprintf("%s (transport_maps)", r->text);

            memset(&sp, 0, sizeof(sp));
            sp.src = table_source(r->name);
            sp.line = sp.end_line = line;
            sp.col = (int) (rhs - text) + 1;
            sp.end_col = sp.col + (int) n;
            report_missing(ctx, self, &sp, where, rhs, n);
            free(where);
        }
    }
    table_file_close(&tf);
}

static bool transport_param(const char *name)
{
    const param_info *p = param_lookup(name);

    return p && p->kind && str_eq(p->kind, "transport");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    if (m->master == NULL || m->n_services == 0)
        return;
    for (size_t i = 0; i < m->n_params; i++)
        if (transport_param(m->params[i].name))
            check_setting(ctx, self, NULL, m->params[i].name,
                          effective_lookup(m, NULL, m->params[i].name));
    for (size_t s = 0; s < m->n_services; s++)
        for (size_t o = 0; o < m->services[s].n_opts; o++) {
            const char *name = m->services[s].opts[o].name;

            if (transport_param(name))
                check_setting(ctx, self, &m->services[s], name,
                              effective_lookup(m, &m->services[s], name));
        }
    for (size_t i = 0; i < ctx->tables->n; i++)
        if (str_eq(ctx->tables->refs[i].param, "transport_maps"))
            check_table(ctx, self, &ctx->tables->refs[i]);
}

const rule_desc rule_transport_unknown = {
    "transport-unknown", SEV_ERROR,
    "a transport that master.cf does not define",
    "content_filter, default_transport, relay_transport, local_transport, "
    "virtual_transport and transport_maps entries name a delivery "
    "transport: the master.cf service of that name (type unix). When "
    "master.cf has none, qmgr cannot connect to private/NAME and the mail "
    "stays in the deferred queue.",
    check,
    0
};
