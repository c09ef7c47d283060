/*
 * macscan.h - the one scanner of $ syntax, shaped like Postfix's
 * mac_parse(): a value is literal text, "$$" (a literal '$'), "$name",
 * or "${...}" / "$(...)" running to the matching close bracket of the
 * same kind. Every reader of $ syntax walks values with it: the value
 * parser (value.c, spans and versions), postconf's reference scan
 * (vx_scan_refs), expansion (expand.c) and the nesting limit (source.c).
 *
 * The scanner calls back once per piece, in order; a syntax error is the
 * last piece. It does not recurse: what is inside the brackets is the
 * caller's to read (with mac_scan again, for the text of a branch).
 */
#ifndef POSTLINT_MACSCAN_H
#define POSTLINT_MACSCAN_H

#include <stdbool.h>
#include <stddef.h>

typedef enum mac_kind {
    MAC_TEXT,           /* literal text */
    MAC_DOLLAR,         /* "$$" */
    MAC_NAME,           /* "$name": inner is the name */
    MAC_EXPR,           /* "${...}" or "$(...)": inner is inside the brackets */
    MAC_ERROR           /* a lone '$', or an unterminated "${" / "$(" */
} mac_kind;

typedef struct mac_piece {
    mac_kind kind;
    size_t off, end;            /* the piece in the text */
    size_t inner, inner_len;    /* MAC_NAME, MAC_EXPR */
    char open;                  /* MAC_EXPR: '{' or '('; MAC_NAME: '$' */
    const char *error;          /* MAC_ERROR: "lone '$'", "unterminated '${'" */
} mac_piece;

/* Called for each piece of text; return false to stop the scan. */
typedef bool (*mac_fn)(const mac_piece *piece, const char *text, void *ctx);

/* Scan text[0..len). Returns false when a callback stopped it or the
 * text has a syntax error (the MAC_ERROR piece was passed last). */
bool mac_scan(const char *text, size_t len, mac_fn fn, void *ctx);

/* A character of a parameter name: a letter, a digit or '_'. */
bool mac_name_char(int c);

/* The length of the balanced "{...}" at s[0..len), or 0 when unclosed. */
size_t mac_brace_group(const char *s, size_t len);

/* How deeply brackets nest in a logical line, fed a physical line at a
 * time (source.c bounds it before any parser recurses): "${" and "$("
 * count as $ expressions, a bare '{' as a brace; max_ the deepest since
 * the last reset. */
typedef struct mac_nest {
    char *opens;                /* the open brackets, innermost last */
    size_t n, cap;
    size_t dollar, brace, max_dollar, max_brace;
} mac_nest;

void mac_nest_feed(mac_nest *st, const char *text, size_t len);
void mac_nest_reset(mac_nest *st);
void mac_nest_free(mac_nest *st);

#endif
