/*
 * files_not_read.c - rule "files-not-read": with --no-files, say once
 * which named files were not read, so a clean run is not mistaken for
 * checked certificates.
 *
 * A configuration kept in a repository names certificates and keys that
 * exist only on the server. --no-files skips every check that reads such
 * a file (tls-certificate; the simulation uses stand-in certificates of
 * the configured type); this note lists the parameters whose files were
 * left alone. On the server, run without --no-files: a missing
 * certificate there is an error.
 */
#include "rule.h"
#include "table_refs.h"
#include "tls_report.h"

#include <string.h>

/* Add name to the list once (the same parameter serves many services). */
static void add_name(strbuf *names, size_t *n, const char *name)
{
    size_t len = strlen(name);

    for (const char *p = names->data; p && (p = strstr(p, name)); p += len)
        if ((p == names->data || p[-1] == ' ') && (p[len] == ',' || !p[len]))
            return;
    sb_printf(names, "%s%s", *n ? ", " : "", name);
    (*n)++;
}

static void add_setting(strbuf *names, size_t *n, const tls_setting *s)
{
    if (s->value && s->value[0] && s->name)
        add_name(names, n, s->name);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    strbuf names;
    size_t n = 0;
    span none = {0};

    if (!ctx->no_files)
        return;
    sb_init(&names);
    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        tls_setting chain;

        if (!t->use_tls)
            continue;
        add_setting(&names, &n, &t->cert);
        add_setting(&names, &n, &t->key);
        tls_setting_get(ctx->m, t->svc, "smtpd_tls_chain_files", &chain);
        add_setting(&names, &n, &chain);
        tls_setting_free(&chain);
    }
    if (n > 0)
        report(ctx, self, &none,
               "--no-files: the certificate and key files named by %s were "
               "not read," DIAG_NOTE
               " so whether they exist, parse and match is not checked "
               "(tls-certificate); run postlint on the server for "
               "that (Postfix %s)", names.data, ctx->version_text);
    sb_reset(&names);
    n = 0;
    for (size_t i = 0; i < ctx->tables->n; i++) {
        const table_ref *r = &ctx->tables->refs[i];

        if (r->located && r->name[0] == '/' && table_type_has_file(r->type))
            add_name(&names, &n, r->param);
    }
    if (n > 0)
        report(ctx, self, &none,
               "--no-files: the lookup tables named by %s were not "
               "read," DIAG_NOTE
               " so whether they exist, are built, parse and give actions "
               "smtpd "
               "can use is not checked (table-missing, table-not-built, "
               "table-syntax, access-table-action, table-client-config); "
               "their types and proxy_read_maps were checked (Postfix %s)",
               names.data, ctx->version_text);
    sb_free(&names);
}

const rule_desc rule_files_not_read = {
    "files-not-read", SEV_INFO,
    "--no-files: the certificates and keys named were not checked",
    "With --no-files postlint reads none of the files a configuration "
    "names (certificates, keys): they live on the server, not in the "
    "repository being linted. This note says once which parameters name "
    "files that were skipped, so that a clean result is not read as "
    "\"the certificates are fine\". Run postlint on the server, without "
    "--no-files, to check them.",
    check,
    0
};
