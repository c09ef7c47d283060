/*
 * master_field_count.c - rule "master-field-count": a master.cf entry with
 * fewer than eight fields.
 *
 * Every entry needs service, type, private, unprivileged, chroot, wakeup,
 * process limit and command. With fewer, postconf and postfix check stop
 * with "bad field count" and Postfix will not start or reload.
 */
#include "rule.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (s->has_fields)
            continue;
        report(ctx, self, &s->entry->line_sp,
               "master.cf entry \"%s\" has %zu field%s, needs 8 (service "
               "type private unprivileged chroot wakeup maxproc "
               "command):" DIAG_NOTE
               " Postfix %s will not start or reload (fatal: bad field count)",
               s->argv[MF_SERVICE].text, s->argc, s->argc == 1 ? "" : "s",
               ctx->version_text);
    }
}

const rule_desc rule_master_field_count = {
    "master-field-count", SEV_ERROR,
    "a master.cf entry has fewer than 8 fields",
    "A master.cf service entry has eight fields: service name, type, "
    "private, unprivileged, chroot, wakeup, process limit and command, "
    "followed by the command's arguments. With fewer fields postconf and "
    "postfix check stop with \"bad field count\" and Postfix does not start. "
    "Use '-' for a field's default.",
    check,
    0
};
