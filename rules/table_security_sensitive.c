/*
 * table_security_sensitive.c - rule "table-security-sensitive": a
 * tcp:, socketmap: or memcache: table where the delivery agent wants
 * only trusted data.
 *
 * local opens alias_maps and mailbox_command_maps, and virtual opens
 * virtual_mailbox_maps, virtual_uid_maps and virtual_gid_maps, with
 * DICT_FLAG_PARANOID (local.c, mailbox.c, virtual.c). Its
 * DICT_FLAG_NO_UNAUTH makes dict_tcp.c, dict_sockmap.c and
 * dict_memcache.c refuse the table ("tcp:HOST:PORT map is not allowed for
 * security sensitive data"; the other two write "security-sensitive"),
 * also through proxy: (DICT_FLAG_NO_PROXY opens it directly) and inside
 * unionmap:/pipemap:. The table fails every lookup (dict_surrogate):
 * local defers the mail with "alias database unavailable", virtual with
 * a lookup failure. The same tables are fine elsewhere (smtpd reads
 * alias_maps through local_recipient_maps), so only the delivery agent
 * that mail reaches counts.
 */
#include "rule.h"
#include "effective.h"
#include "table_refs.h"
#include "util.h"

#include <string.h>

/* The delivery agent that opens param with DICT_FLAG_PARANOID, or NULL. */
static const char *paranoid_reader(const char *param)
{
    if (str_eq(param, "alias_maps") || str_eq(param, "mailbox_command_maps"))
        return "local";
    if (str_eq(param, "virtual_mailbox_maps")
        || str_eq(param, "virtual_uid_maps")
        || str_eq(param, "virtual_gid_maps"))
        return "virtual";
    return NULL;
}

/* Does r's setting reach a daemon service that mail reaches? */
static bool reaches(const lint_ctx *ctx, const table_ref *r,
                    const char *daemon)
{
    const model *m = ctx->m;

    if (r->svc)
        return str_eq(service_daemon(r->svc), daemon)
            && service_delivers(m, r->svc);
    if (m->n_services == 0)
        return true;
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        if (str_eq(service_daemon(svc), daemon) && service_delivers(m, svc)
            && service_option(svc, r->param) == NULL)
            return true;
    }
    return false;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        const char *daemon = paranoid_reader(r->param);
        const char *how;

        if (daemon == NULL || !r->located)
            continue;
        if (str_eq(r->type, "tcp"))
            how = "security sensitive";
        else if (str_eq(r->type, "socketmap") || str_eq(r->type, "memcache"))
            how = "security-sensitive";
        else
            continue;
        if (!reaches(ctx, r, daemon))
            continue;
        report(ctx, self, &r->sp,
               "%s in %s: %s does not accept %s: tables there:" DIAG_NOTE
               " %s of Postfix %s logs 'error: %s map is not allowed for "
               "%s data' when it opens the table, and every lookup in it "
               "fails, so %s", r->text, r->param, daemon, r->type, daemon,
               ctx->version_text, r->text, how,
               str_eq(r->param, "alias_maps")
               ? "mail to local recipients is deferred (\"alias database "
                 "unavailable\")"
               : str_eq(daemon, "local")
               ? "mail to local recipients is deferred (\"table lookup "
                 "failure\")"
               : str_eq(r->param, "virtual_mailbox_maps")
               ? "mail to virtual mailboxes is deferred"
               : "mail to virtual mailboxes is deferred (\"mail system "
                 "configuration error\")");
    }
}

const rule_desc rule_table_security_sensitive = {
    "table-security-sensitive", SEV_ERROR,
    "a tcp:, socketmap: or memcache: table in a table local or virtual "
    "trusts",
    "local(8) opens alias_maps and mailbox_command_maps, and virtual(8) "
    "opens virtual_mailbox_maps, virtual_uid_maps and virtual_gid_maps, "
    "as security-sensitive tables: their results choose a command to run "
    "or a file and uid to write as. Tables whose data comes unauthenticated "
    "over the network (tcp:, socketmap:, memcache:) are refused there, even "
    "through proxy: or inside unionmap:/pipemap:; every lookup fails and the "
    "mail is deferred. The same table is fine in smtpd's "
    "local_recipient_maps or virtual_mailbox_maps checks: only the delivery "
    "agent refuses it.",
    check,
    0
};
