/*
 * table_refs.h - every lookup table the configuration names, with where.
 *
 * From every main.cf setting and master.cf -o whose value is a table
 * list (params.tsv kinds map_list, map), a match list with type:name
 * elements (mynetworks, mydestination, relay_domains ...) or an access
 * list (postscreen_access_list), and the
 * restriction lists (check_*_access TYPE:TABLE and bare TYPE:TABLE
 * words). Nested references are followed: proxy:TYPE:NAME,
 * unionmap:{...}, pipemap:{...}, and debug:TYPE:NAME (3.11). Caches that
 * Postfix writes itself (*_cache_database, postscreen_cache_map,
 * address_verify_map, *_sasl_auth_cache_name) are not lookup tables and
 * are left out. Values are expanded for the service; each reference
 * keeps the span of its text when it can be located (value_span.h).
 */
#ifndef POSTLINT_TABLE_REFS_H
#define POSTLINT_TABLE_REFS_H

#include "model.h"
#include "restriction_lists.h"

typedef struct table_ref {
    char *text;             /* "hash:/etc/postfix/virtual" (inner, if nested) */
    char *type;             /* "hash" */
    char *name;             /* "/etc/postfix/virtual", or "{...}" */
    char *outer;            /* the whole element as written: "proxy:hash:/x" */
    const char *param;      /* the setting that names it */
    const service *svc;     /* a -o of this service, or NULL */
    span sp;                /* the element; the setting if !exact */
    bool exact, located;
    bool proxied;           /* reached through proxy: */
    bool access;            /* a check_*_access table (access(5) actions) */
    bool no_regsub;         /* opened with DICT_FLAG_NO_REGSUB */
} table_ref;

typedef struct table_refs {
    table_ref *refs;
    size_t n, cap;
} table_refs;

table_refs *table_refs_build(const model *m, const restriction_model *rm);
void table_refs_free(table_refs *t);

/* Is type one whose name is a file postlint can look at (a source, a
 * database client .cf)? */
bool table_type_has_file(const char *type);

/* The suffix of the file postmap builds for type (".db"), or NULL. */
const char *table_built_suffix(const char *type);

#endif
