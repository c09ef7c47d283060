/*
 * table_type_unsupported.c - rule "table-type-unsupported": a lookup
 * table of a type the target Postfix does not have.
 *
 * A type of a later version (inline: before 3.0, lmdb: before 2.11,
 * debug: before 3.11), a misspelled one, or a plugin type whose package
 * is not installed (pcre: without postfix-pcre). The program that opens
 * the table logs "error: unsupported dictionary type: pcre" (postmap and
 * postconf stop with "fatal: unsupported dictionary type: pcre. Is the
 * postfix-pcre package installed?"), and every lookup fails: smtpd
 * answers "451 4.3.5" or "451 4.3.0", mail is deferred (dict_open.c,
 * dict_surrogate.c, dynamicmaps.c). What is installed is known from
 * postconf -m when the target is the Postfix installed here; otherwise
 * only the version is checked.
 */
#include "rule.h"
#include "table_refs.h"
#include "table_types.h"

#include <string.h>

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        const char *since = table_type_since(r->type);
        const char *package = table_type_package(r->type);

        if (!r->located)
            continue;
        if (since == NULL)
            report(ctx, self, &r->sp,
                   "\"%s\" in %s is not a table type of any Postfix "
                   "version:" DIAG_NOTE
                   " the program that opens it logs \"unsupported dictionary "
                   "type: %s\" and every lookup fails, so mail is deferred "
                   "(Postfix %s)", r->type, r->param, r->type,
                   ctx->version_text);
        else if (!table_type_in_version(r->type, ctx->version))
            report(ctx, self, &r->sp,
                   "%s: tables in %s need Postfix %s:" DIAG_NOTE
                   " Postfix %s logs \"unsupported dictionary type: %s\" and "
                   "every lookup "
                   "fails, so mail is deferred", r->type, r->param, since,
                   ctx->version_text, r->type);
        else if (!table_type_usable(ctx, r->type))
            report(ctx, self, &r->sp,
                   "%s: tables in %s are not supported by the Postfix "
                   "installed here (postconf -m does not list %s):" DIAG_NOTE
                   " it logs \"unsupported dictionary type: %s\" and every "
                   "lookup "
                   "fails, so mail is deferred%s%s%s",
                   r->type, r->param, r->type, r->type,
                   package ? "; install the package " : "",
                   package ? package : "", package ? " (or its RPM namesake)"
                   : "");
    }
}

const rule_desc rule_table_type_unsupported = {
    "table-type-unsupported", SEV_ERROR,
    "a lookup table of a type the target Postfix does not have",
    "Each table type comes with a Postfix version (inline: 3.0, lmdb: "
    "2.11, debug: 3.11), and several are plugins in their own package on "
    "Debian and Fedora (postfix-pcre, postfix-mysql, postfix-ldap, "
    "postfix-pgsql, postfix-sqlite, postfix-lmdb, postfix-cdb). A table of "
    "a type Postfix does not have cannot be opened: every lookup fails and "
    "mail is deferred. postlint asks postconf -m when the target is the "
    "Postfix installed here.",
    check,
    0
};
