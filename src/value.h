/*
 * value.h - parameter values as expression trees.
 *
 * A main.cf value or master.cf -o value is text with macro expressions, as
 * Postfix's mac_parse()/mac_expand() read them:
 *   $$                          a literal '$'                    (all)
 *   $name ${name} $(name)       the value of another parameter   (all)
 *   ${name?text} ${name:text}   text if name is non-empty/empty  (2.2)
 *   ${name?{t}:{f}} ${name:{t}} braced operands                  (3.0)
 *   ${{a} == {b} ? {t} : {f}}   comparisons == != < <= >= >      (3.0)
 *   ${{a} <level {b} ? ...}     compatibility-level comparisons  (3.6)
 *   ${name{text}}               named functions                  (3.11)
 * Every node records its byte range in the value and the first Postfix
 * version that understands it. Syntax errors (a lone '$', an unterminated
 * '${', a bad name) become VX_ERROR nodes; parsing never fails.
 */
#ifndef POSTLINT_VALUE_H
#define POSTLINT_VALUE_H

#include "version.h"

#include <stddef.h>

typedef enum vx_kind {
    VX_TEXT,        /* literal text */
    VX_DOLLAR,      /* $$ */
    VX_REF,         /* $name, ${name}, $(name) */
    VX_COND,        /* ${name?...} / ${name:...} */
    VX_COMPARE,     /* ${{a} op {b} ? {t} : {f}} */
    VX_FUNC,        /* ${name{text}} */
    VX_ERROR        /* a syntax error Postfix dies on when expanding */
} vx_kind;

struct vx_list;

typedef struct vx_node {
    vx_kind kind;
    size_t off, end;        /* byte range in the value text */
    char *name;             /* VX_REF, VX_COND, VX_FUNC */
    char form;              /* '$' for $name, '{' or '(' for braces */
    char op[8];             /* VX_COND "?" or ":"; VX_COMPARE operator */
    struct vx_list *part[4];/* COND: then, else; COMPARE: a, b, then, else;
                               FUNC: argument */
    pf_version since;       /* first Postfix version with this syntax */
    const char *error;      /* VX_ERROR: what is wrong */
} vx_node;

typedef struct vx_list {
    vx_node *nodes;
    size_t n, cap;
} vx_list;

vx_list *value_parse(const char *text);
void vx_free(vx_list *list);

/* Call fn for every parameter name the text refers to, in every branch,
 * as postconf's scan for user-defined parameters does; no tree is built
 * (a hot path): fn gets each name as a pointer and length into text. */
typedef void (*vx_name_fn)(const char *name, size_t len, void *ctx);
void vx_scan_refs(const char *text, size_t len, vx_name_fn fn, void *ctx);

/* Call fn for every node, depth first (syntax errors, versioned forms). */
typedef void (*vx_node_fn)(const vx_node *node, void *ctx);
void vx_each_node(const vx_list *list, vx_node_fn fn, void *ctx);

#endif
