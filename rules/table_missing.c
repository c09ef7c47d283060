/*
 * table_missing.c - rule "table-missing": a lookup table file that is
 * not there, or that Postfix cannot read.
 *
 * For tables read from a file (texthash:, regexp:, pcre:, cidr:, and the
 * .cf of mysql:, pgsql:, ldap:, sqlite:, memcache:, mongodb:), the file
 * must be a readable regular file; for indexed tables (hash:, btree:,
 * lmdb:, cdb:, dbm:) the file postmap built (see table-not-built). A
 * daemon that cannot open a table logs "error: open /etc/postfix/x:
 * No such file or directory" ("open database ..." for indexed types and
 * texthash:), then "warning: TYPE:NAME is unavailable" at every lookup,
 * which fails: mail is deferred (dict_surrogate.c). Names that are not
 * paths (the old mysql:NAME style, whose settings are NAME_* parameters
 * in main.cf) have no file. Skipped under --no-files.
 */
#include "rule.h"
#include "table_file.h"
#include "table_refs.h"
#include "table_types.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Can the file be opened for reading as Postfix opens it? */
static bool readable(const char *path, const char **why, int *err)
{
    table_file tf;

    if (!table_file_open(&tf, path, why, err))
        return false;
    table_file_close(&tf);
    return true;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    if (ctx->no_files)
        return;
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        const char *suffix = table_built_suffix(r->type), *why;
        char *built;
        int err;

        if (!r->located || r->name[0] != '/' || !table_type_has_file(r->type)
            || !table_type_usable(ctx, r->type))
            continue;
        if (suffix == NULL) {
            if (readable(r->name, &why, &err))
                continue;
            report(ctx, self, &r->sp,
                   "%s in %s: %s (%s):" DIAG_NOTE
                   " Postfix %s logs \"open %s%s: %s\" and every lookup "
                   "fails, so mail that needs the table is "
                   "deferred", r->text, r->param, r->name, why,
                   ctx->version_text, str_eq(r->type, "texthash")
                   ? "database " : "", r->name, why);
            continue;
        }
        /* Indexed: Postfix reads only the built file. Both missing, or
         * the built file unreadable, is this rule's; a missing built
         * file next to its source is table-not-built's. */
        built = xasprintf("%s%s", r->name, suffix);
        if (!readable(built, &why, &err)
            && (err != ENOENT || !readable(r->name, &why, &err)))
            report(ctx, self, &r->sp,
                   "%s in %s: neither %s nor its source can be read:" DIAG_NOTE
                   " Postfix %s logs \"open database %s: No such file or "
                   "directory\" "
                   "and every lookup fails, so mail that needs the table is "
                   "deferred", r->text, r->param, built, ctx->version_text,
                   built);
        free(built);
    }
}

const rule_desc rule_table_missing = {
    "table-missing", SEV_ERROR,
    "a lookup table file that is missing or cannot be read",
    "A table that Postfix cannot open makes every lookup fail: the daemon "
    "logs \"open FILE: No such file or directory\" once and \"TYPE:NAME is "
    "unavailable\" at each lookup, and the mail that needs the table is "
    "deferred. postlint checks that each file a table names is a readable "
    "regular file (inside --root when given; not at all with --no-files).",
    check,
    0
};
