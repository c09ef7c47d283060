/*
 * master_command_missing.c - rule "master-command-missing": '-' in the
 * command field.
 *
 * Every field but the command has a default. "-" there (often a ninth
 * field typed by mistake, which shifts the command into the arguments)
 * makes master(8) stop with 'field "command" has no default value'.
 */
#include "rule.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (!s->has_fields || !str_eq(s->argv[MF_COMMAND].text, "-"))
            continue;
        report(ctx, self, &s->argv[MF_COMMAND].sp,
               "the command field of master.cf entry %s/%s is "
               "\"-\"%s%s%s:" DIAG_NOTE
               " master(8) of Postfix %s stops with 'field \"command\" has no "
               "default value' (postfix start fails; after postfix reload "
               "the running master exits, taking mail service down)",
               s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
               s->argc > 8 ? " (a ninth field? the next word is \"" : "",
               s->argc > 8 ? s->argv[8].text : "",
               s->argc > 8 ? "\")" : "", ctx->version_text);
    }
}

const rule_desc rule_master_command_missing = {
    "master-command-missing", SEV_ERROR,
    "a master.cf entry has '-' as its command",
    "The eighth master.cf field names the daemon program and has no "
    "default. A '-' there, usually an extra '-' typed among the fields, "
    "stops master(8) with 'field \"command\" has no default value'; "
    "postconf and postfix check do not notice: postfix start fails, and "
    "postfix reload succeeds but the running master then exits.",
    check,
    0
};
