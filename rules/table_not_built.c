/*
 * table_not_built.c - rule "table-not-built": an indexed table (hash:,
 * btree:, lmdb:, cdb:, dbm:) whose built file is missing, older than its
 * source, or not what its type reads.
 *
 * Postfix reads the file postmap (postalias for alias tables) builds
 * from the source: FILE.db, FILE.lmdb, FILE.cdb, FILE.dir. Forgetting
 * postmap after an edit is the most common Postfix support question:
 *  - missing: "error: open database FILE.db: No such file or directory"
 *    and every lookup fails (virtual_alias_maps: "451 4.3.0 Temporary
 *    lookup failure" to every recipient): an error;
 *  - older than the source: "warning: database FILE.db is older than
 *    source file FILE", and lookups answer from the old content: a
 *    warning;
 *  - a .db that is not a Berkeley DB file of the type (btree: built as
 *    hash:, or garbage): "open database FILE.db: Invalid argument": an
 *    error.
 * The message gives the exact command. Skipped under --no-files.
 */
#include "rule.h"
#include "safe_file.h"
#include "table_file.h"
#include "table_refs.h"
#include "table_types.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Berkeley DB metadata: the magic number at offset 12, either order. */
static bool bdb_magic(const unsigned char *b, size_t n, uint32_t magic)
{
    uint32_t le, be;

    if (n < 16)
        return false;
    le = (uint32_t) b[12] | (uint32_t) b[13] << 8 | (uint32_t) b[14] << 16
        | (uint32_t) b[15] << 24;
    be = (uint32_t) b[15] | (uint32_t) b[14] << 8 | (uint32_t) b[13] << 16
        | (uint32_t) b[12] << 24;
    return le == magic || be == magic;
}

/* Is the built file of a hash:/btree: table a Berkeley DB of its type?
 * Other types are not looked into. */
static bool right_format(const table_ref *r, int fd)
{
    unsigned char head[64];
    ssize_t got = read(fd, head, sizeof(head));

    if (str_eq(r->type, "hash"))
        return got > 0 && bdb_magic(head, (size_t) got, 0x061561);
    if (str_eq(r->type, "btree"))
        return got > 0 && bdb_magic(head, (size_t) got, 0x053162);
    return true;
}

static const char *builder(const table_ref *r)
{
    return str_eq(r->param, "alias_maps") || str_eq(r->param, "alias_database")
        ? "postalias" : "postmap";
}

static void check_ref(const lint_ctx *ctx, const rule_desc *self,
                      const table_ref *r, const char *suffix)
{
    table_file src, built;
    char *built_path = xasprintf("%s%s", r->name, suffix);
    const char *why;
    int err;

    if (!table_file_open(&src, r->name, &why, &err)) {
        free(built_path);
        return;                 /* no source: table-missing's concern */
    }
    if (!table_file_open(&built, built_path, &why, &err)) {
        report(ctx, self, &r->sp,
               "%s in %s was never built: %s does not exist," DIAG_NOTE
               " so Postfix %s logs \"open database %s: No such file or "
               "directory\" and "
               "every lookup fails (mail that needs it is deferred); run "
               "\"%s %s\"", r->text, r->param, built_path, ctx->version_text,
               built_path, builder(r), r->text);
    } else {
        if (!right_format(r, built.fd))
            report(ctx, self, &r->sp,
                   "%s in %s: %s is not a Berkeley DB %s file:" DIAG_NOTE
                   " Postfix %s logs \"open database %s: Invalid argument\" "
                   "and every "
                   "lookup fails; run \"%s %s\"", r->text, r->param,
                   built_path, r->type, ctx->version_text, built_path,
                   builder(r), r->text);
        else if (built.st.st_mtime < src.st.st_mtime)
            report_sev(ctx, self, SEV_WARNING, &r->sp,
                       "%s in %s: %s is older than its source," DIAG_NOTE
                       " so Postfix %s logs \"database %s is older than "
                       "source file %s\" "
                       "and answers from the old content; run \"%s %s\"",
                       r->text, r->param, built_path, ctx->version_text,
                       built_path, r->name, builder(r), r->text);
        table_file_close(&built);
    }
    table_file_close(&src);
    free(built_path);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    if (ctx->no_files)
        return;
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        const char *suffix = table_built_suffix(r->type);

        /* A type Postfix does not have: table-type-unsupported's. */
        if (r->located && suffix && r->name[0] == '/'
            && table_type_usable(ctx, r->type))
            check_ref(ctx, self, r, suffix);
    }
}

const rule_desc rule_table_not_built = {
    "table-not-built", SEV_ERROR,
    "an indexed table that was never built, is stale, or is not of its type",
    "hash:, btree:, lmdb:, cdb: and dbm: tables are read from the file "
    "postmap builds from the source (FILE.db ...). Without it every lookup "
    "fails and mail is deferred; when it is older than the source, Postfix "
    "answers from the old content. Run the postmap (or postalias) command "
    "the message gives after every edit.",
    check,
    SEV_ALSO(SEV_WARNING)
};
