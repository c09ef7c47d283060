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

    if (ctx->version_origin != VERSION_ASSUMED)
        return;
    report(ctx, self, &none,
           "no --postfix-version given (%s): assuming Postfix %s, the "
           "newest version postlint knows; name the version you run with "
           "--postfix-version",
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
    "and says so with this note.",
    check
};
