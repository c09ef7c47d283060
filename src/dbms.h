/*
 * dbms.h - database client settings postconf accepts as parameters.
 *
 * A value such as "mysql:virtual" (not an absolute path) makes
 * virtual_hosts, virtual_user, ... (the mysql client's keywords) valid
 * main.cf parameter names. The keyword lists are data:
 * rules/dbms-keywords.tsv, compiled by tools/gen-dbms.awk.
 */
#ifndef POSTLINT_DBMS_H
#define POSTLINT_DBMS_H

#include "version.h"

#include <stddef.h>

typedef struct dbms_keyword {
    const char *type;
    const char *keyword;
} dbms_keyword;

extern const dbms_keyword dbms_table[];
extern const size_t dbms_table_len;

/* Call fn(NAME_keyword) for every "type:NAME" database reference in an
 * (expanded) value, as postconf's pcf_register_dbms_helper() does:
 * list items split at commas and blanks, "{...}" groups opened, "proxy:"
 * prefixes skipped, absolute paths ignored. */
typedef void (*dbms_name_fn)(const char *name, void *ctx);
void dbms_each_name(const char *value, pf_version v, dbms_name_fn fn,
                    void *ctx);

#endif
