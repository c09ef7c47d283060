/*
 * params.h - the Postfix parameter knowledge base (rules/params.tsv).
 *
 * One row per parameter name ever known to Postfix: when it appeared and
 * went, which programs read it, its kind, and its default in each release
 * series. The table is generated at build time; see tools/gen-params.awk.
 */
#ifndef POSTLINT_PARAMS_H
#define POSTLINT_PARAMS_H

#include "version.h"

#include <stdbool.h>
#include <stddef.h>

enum { PARAM_SERIES = 6 };  /* 2.6, 2.11, 3.4, 3.7, 3.9, 3.11 */

typedef struct param_info {
    const char *name;
    const char *introduced;     /* free text, first version first */
    const char *removed;        /* empty when still present */
    const char *deprecated_note;
    const char *used_by;
    const char *kind;
    const char *defaults[PARAM_SERIES];  /* NULL: not in that series */
} param_info;

extern const param_info param_table[];
extern const size_t param_table_len;

const param_info *param_lookup(const char *name);
const param_info *param_lookup_sorted(const char *name);  /* bisection */

/* Does postconf of version v know this name as a built-in parameter?
 * (Not for documentation-only names and per-transport pattern names.) */
bool param_builtin_in(const param_info *p, pf_version v);

/*
 * The installed Postfix is the truth: when postlint lints for the version
 * installed here, `postconf -d` lists every parameter it knows (patch
 * backports and distribution patches included), and that list decides
 * which names the version has, instead of the table. params_install
 * takes the names (copied) for version v; params_installed() tells
 * whether name is one of them (*applies false: no list for v).
 */
void params_install(pf_version v, const char *const *names, size_t n);
bool params_installed(const char *name, pf_version v, bool *applies);
void params_uninstall(void);

/* Read raw by the program that uses it (a CONFIG_RAW_TABLE): main.cf's
 * $name references are not expanded in it, and postconf neither scans
 * nor expands it. A raw template is expanded later by that program with
 * names of its own ($client_address, $user ...), so its $ syntax still
 * counts; a plain raw value ($ as shell syntax, a character set) is
 * never expanded at all. */
bool param_is_raw(const param_info *p);
bool param_is_template(const param_info *p);

/* The default for version v (the nearest release series at or below v);
 * NULL when the series has none. */
const char *param_default_in(const param_info *p, pf_version v);

#endif
