/*
 * postfix_version_assumed.c - rule "postfix-version-assumed": say which
 * Postfix version the findings are for when nobody told us.
 *
 * Without --postfix-version, postlint asks postconf; with --no-exec or
 * without postconf it assumes the newest version it knows. Every message
 * names the version, but a run whose target was guessed says so once.
 */
#include "rule.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    span none = {0};

    if (ctx->version_origin != VERSION_ASSUMED) {
        /* A package version read as its upstream part, or a version
         * newer than postlint knows: the user should know. */
        if (ctx->version_note)
            report(ctx, self, &none, "%s", ctx->version_note);
        return;
    }
    report(ctx, self, &none,
           "no --postfix-version given (%s): assuming Postfix %s, the "
           "newest version postlint knows;" DIAG_NOTE
           " name the version you run with --postfix-version",
           ctx->version_note ? ctx->version_note : "version unknown",
           ctx->version_text);
}

const rule_desc rule_postfix_version_assumed = {
    "postfix-version-assumed", SEV_INFO,
    "the target Postfix version was assumed, not known",
    "Findings depend on the Postfix version: parameter names, defaults and "
    "accepted syntax change between releases. postlint takes the version "
    "from --postfix-version, else from `postconf -d mail_version`; with "
    "--no-exec or without postconf it assumes the newest version it knows "
    "and says so with this note. It also says how a package version "
    "(3.7.11-0+deb12u1, read as 3.7.11) was read, and when the version "
    "named is newer than the newest postlint knows.",
    check,
    0
};
