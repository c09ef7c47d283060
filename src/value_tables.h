/*
 * value_tables.h - what the Postfix programs accept in a value, beyond
 * its type: the enumerations they parse with name_code()/name_mask()
 * (rules/enums.tsv) and the minimum and maximum of the CONFIG_*_TABLEs,
 * with the SMTP reply codes smtpd requires (rules/ranges.tsv). Both are
 * compiled into C tables at build time (tools/gen-enums.awk,
 * tools/gen-ranges.awk).
 */
#ifndef POSTLINT_VALUE_TABLES_H
#define POSTLINT_VALUE_TABLES_H

#include "version.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum enum_form {
    EF_ONE,         /* name_code(): the whole value is one word */
    EF_LIST,        /* name_mask(): words separated by ", \t\r\n" */
    EF_EXACTLY_ONE, /* name_mask(), and exactly one word */
    EF_COMPAT       /* compatibility_level: major[.minor[.patch]] */
} enum_form;

typedef struct enum_info {
    const char *params;     /* comma-separated names */
    enum_form form;
    bool exact_case;        /* else case-insensitive */
    bool empty_ok;
    const char *words;      /* "a b@3.9.0/3.7.10 c": since, backports */
    const char *programs;   /* who stops */
    const char *log;        /* %n name, %v value, %w word */
    const char *older_log;  /* "VERSIONS LOG": before them, this log */
    const char *skip_if;    /* not read when one of these holds: "NAME"
                             * (set), "NAME=" (empty), "NAME=VALUE" */
    const char *source;     /* Postfix source lines (3.7.11) */
} enum_info;

extern const enum_info enum_table[];
extern const size_t enum_table_len;

const enum_info *enum_lookup(const char *param);

typedef enum range_kind {
    RK_INT, RK_LONG, RK_TIME, RK_STR, RK_RAW, RK_REPLY
} range_kind;

typedef struct range_info {
    const char *name;
    range_kind kind;
    long min, max;          /* 0: that bound is not checked */
    char unit;              /* time: the default unit */
    const char *programs;
    const char *source;
    const char *series;     /* "2.6 ... 3.7.10+ ... 3.11": where the bounds
                             * hold (a series, or one from a patch level) */
} range_info;

extern const range_info range_table[];
extern const size_t range_table_len;

/* The bounds for name in version v; NULL when none are known. */
const range_info *range_lookup(const char *name, pf_version v);

/* Is v at or past "3.9.0/3.5.24/3.7.10" (a version, then backports to
 * other release series at that patch level)? */
bool version_since(const char *spec, pf_version v);

#endif
