/*
 * file_ownership.c - rule "file-ownership": a configuration file that
 * somebody other than root (or the user running postlint) controls.
 *
 * Postfix runs as root and trusts main.cf and master.cf completely:
 * whoever may write them may run commands as root (a pipe(8) service, a
 * command in an alias). `postfix check` warns "not owned by root" and
 * "group or other writable" for every file in the configuration
 * directory. postlint reports the same for the files it reads, and also
 * a symbolic link another user made (it can point anywhere, such as
 * /etc/shadow). The other findings in such a file quote none of its
 * content (main.c redacts them) and --fix leaves it alone.
 */
#include "rule.h"

static void check_file(const lint_ctx *ctx, const rule_desc *self,
                       const source *src, const char *what)
{
    span sp = {0};

    if (src == NULL || src->untrusted == NULL)
        return;
    sp.src = src;
    sp.line = sp.end_line = 1;
    sp.col = sp.end_col = 1;
    report(ctx, self, &sp,
           "%s cannot be trusted: %s;" DIAG_NOTE
           " anybody who can write it can make Postfix %s run commands as "
           "root (postfix check warns \"not "
           "owned by root\" or \"group or other writable\"); postlint "
           "quotes none of its content and will not fix it; make it owned "
           "by root and not writable by others (chown root, chmod go-w)",
           what, src->untrusted, ctx->version_text);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    check_file(ctx, self, ctx->m->main ? ctx->m->main->src : NULL,
               "main.cf");
    check_file(ctx, self, ctx->m->master ? ctx->m->master->src : NULL,
               "master.cf");
}

const rule_desc rule_file_ownership = {
    "file-ownership", SEV_WARNING,
    "a configuration file is owned or writable by somebody other than root",
    "Postfix trusts main.cf and master.cf as root does. A file another "
    "user owns, a file anybody may write, or a symbolic link another user "
    "made lets that user control what Postfix runs as root. postlint quotes "
    "nothing from such a file and does not fix it.",
    check,
    0
};
