/*
 * table_check.h - check the content of regexp:, pcre: and cidr: lookup
 * tables as Postfix parses them when it opens the table (dict_regexp.c,
 * dict_pcre.c, dict_cidr.c and cidr_match.c, lines read by readllines()).
 *
 * Every problem Postfix would log while loading the table is reported
 * once, worded exactly as Postfix words it after its "regexp map FILE,
 * line N: " (or "pcre map", "cidr map") prefix, at the line Postfix
 * names. The wording follows the target Postfix version: IF/ENDIF and
 * '!' in cidr: tables from 3.2, "IF has no matching ENDIF" (3.2; before:
 * "more IFs than ENDIFs"), the split cidr mask messages (3.6; before:
 * "bad net/mask pattern"), the PCRE2 messages of pcre: tables (3.7),
 * readllines()' first-line numbering (3.0; before: the last line read).
 *
 * The file is streamed: memory stays bounded whatever its size. A logical
 * line longer than TABLE_CHECK_MAX_LINE, or a POSIX regular expression
 * too large to compile safely (glibc's regcomp() needs memory quadratic
 * in the size of some patterns), is reported as TE_NOT_CHECKED instead of
 * being checked.
 */
#ifndef POSTLINT_TABLE_CHECK_H
#define POSTLINT_TABLE_CHECK_H

#include "util.h"
#include "version.h"

#include <stdbool.h>

typedef enum table_kind { TK_REGEXP, TK_PCRE, TK_CIDR } table_kind;

typedef enum table_effect {
    TE_RULE_DROPPED,   /* Postfix skips this rule/line: it never matches */
    TE_RULE_KEPT,      /* Postfix warns but uses it (e.g. empty replacement,
                        * obsolete flag, extra text after IF) */
    TE_TABLE,          /* about the whole table (IF has no matching ENDIF) */
    TE_NOT_CHECKED     /* postlint's own note: this rule was too large to
                        * check; not a Postfix message */
} table_effect;

/*
 * One problem, worded exactly as postmap words it after its "regexp map
 * FILE, line N: " / "pcre map FILE, line N: " / "cidr map FILE, line N: "
 * prefix (e.g. "Unmatched ( or \\(", "no closing regexp delimiter \"/\":
 * skipping this rule", "bad mask length in \"10.0.0.0/33\": skipping this
 * rule"), at physical line `line` (1-based, the line postmap names) and
 * column `col` (1-based byte column in that line; 1 if unknown or when
 * the problem lies in a continuation line). Control and non-ASCII bytes
 * of the message are replaced by '?' as Postfix's printable() does.
 *
 * readllines()' warning about an indented first line has no map prefix
 * in postmap's output ("FILE: logical line must not start with
 * whitespace: \"...\""); it is reported as the text after "FILE: ".
 * mac_parse()'s own warnings ("truncated macro reference", "empty macro
 * name") have no prefix either: they are not reported, the map-prefixed
 * "bad replacement syntax: skipping this rule" that follows them is.
 */
typedef void (*table_problem_fn)(void *ctx, int line, int col,
                                 const char *message, table_effect effect);

/* The table is opened with DICT_FLAG_NO_REGSUB (e.g. transport_maps):
 * $n rules are refused. */
#define TABLE_CHECK_NO_REGSUB 1u

/* Longest logical line checked (longer ones are TE_NOT_CHECKED). */
#define TABLE_CHECK_MAX_LINE (1024 * 1024)

/*
 * Check the file at path (resolved and refused as table_file.h does: a
 * regular file only, inside --root, nothing under --no-files). False with
 * *why (static text) when it cannot be read at all. v is the target
 * Postfix version; flags are TABLE_CHECK_* bits. fn is called once per
 * problem, in the order Postfix logs them.
 */
bool table_check_file(table_kind kind, const char *path, pf_version v,
                      unsigned flags, table_problem_fn fn, void *ctx,
                      const char **why);

/* An address or net/mask pattern as cidr_match_parse() of version v
 * reads it (cidr: tables, and address match lists such as mynetworks);
 * false with the reason, worded as Postfix logs it, added to why. */
bool cidr_pattern_valid(const char *pattern, pf_version v, strbuf *why);

/* "regexp", "pcre", "cidr": the map type as Postfix names it. */
const char *table_kind_name(table_kind kind);

#endif
