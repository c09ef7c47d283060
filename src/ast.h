/*
 * ast.h - what the main.cf and master.cf parsers produce.
 *
 * The parsers (grammar/maincf.y, mastercf.y) know nothing about Postfix versions or
 * parameters: they turn logical lines into these records, each with the
 * spans of its parts, exactly as Postfix's readllines() + split_nameval()
 * (main.cf) and argv_splitq() (master.cf) would cut the text.
 */
#ifndef POSTLINT_AST_H
#define POSTLINT_AST_H

#include "source.h"
#include "util.h"

#include <stdbool.h>

/* A comment line (first non-blank character '#'), kept for inline
 * suppressions and for fixes that must not disturb it. */
typedef struct ast_comment {
    char *text;         /* the line without leading blanks */
    span sp;
} ast_comment;

typedef enum logical_kind {
    LL_ENTRY,           /* main.cf name = value, or a master.cf entry */
    LL_MISSING_EQUALS,  /* main.cf: "missing '=' after attribute name" */
    LL_MISSING_NAME,    /* main.cf: "missing attribute name" */
    LL_LEADING_SPACE    /* "logical line must not start with whitespace" */
} logical_kind;

/* One main.cf logical line. */
typedef struct mc_entry {
    logical_kind kind;
    char *name;         /* LL_ENTRY only */
    span name_sp;
    span eq_sp;         /* the '=' */
    char *value;        /* continuation lines joined, ends trimmed */
    span value_sp;      /* first to last value byte; empty: just after '=' */
    char *text;         /* problems only: the whole logical line */
    span line_sp;       /* first to last content byte of the logical line */
    /* Where value bytes come from when the value spans continuation
     * lines: piece i starts at value offset seg_val[i] and source offset
     * seg_src[i] (one allocation). n_seg == 0: one line, no map. */
    size_t *seg_val, *seg_src;
    size_t n_seg;
} mc_entry;

typedef struct maincf_ast {
    const source *src;
    arena strings;      /* names, values, texts and maps of the entries */
    mc_entry *entries;
    size_t n_entries, cap_entries;
    ast_comment *comments;
    size_t n_comments, cap_comments;
} maincf_ast;

/* One whitespace-separated master.cf word ({...} kept as one word). */
typedef struct ms_word {
    char *text;
    span sp;
} ms_word;

/* One master.cf logical line. */
typedef struct ms_entry {
    logical_kind kind;  /* LL_ENTRY or LL_LEADING_SPACE */
    ms_word *words;
    size_t n_words, cap_words;
    char *text;         /* the whole logical line as Postfix reads it */
    span line_sp;
} ms_entry;

typedef struct mastercf_ast {
    const source *src;
    ms_entry *entries;
    size_t n_entries, cap_entries;
    ast_comment *comments;
    size_t n_comments, cap_comments;
} mastercf_ast;

/* Parse a whole file. These never fail on content: every problem is a
 * record in the AST for the rules to report. */
maincf_ast *maincf_parse(const source *src);
mastercf_ast *mastercf_parse(const source *src);
void maincf_free(maincf_ast *ast);
void mastercf_free(mastercf_ast *ast);

#endif
