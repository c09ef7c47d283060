/*
 * maincf_build.h - how the main.cf parser's actions build the AST.
 */
#ifndef POSTLINT_MAINCF_BUILD_H
#define POSTLINT_MAINCF_BUILD_H

#include "ast.h"
#include "lexctx.h"

typedef struct mc_builder {
    maincf_ast *ast;
    span eq_sp;             /* the '=' of the entry being read */
    size_t value_start;     /* offset of the first value text byte */
    size_t value_end;       /* offset one past the last value text byte */
    span first_text, last_text;
    bool has_text;
    strbuf raw;             /* the value pieces as read */
    size_t raw_text_start, raw_text_end;
    size_t *seg_val, *seg_src;  /* pieces of the value being read */
    size_t n_seg, cap_seg_val, cap_seg_src;
} mc_builder;

void mcb_init(mc_builder *b, maincf_ast *ast);
void mcb_free(mc_builder *b);
void mcb_value_begin(mc_builder *b, const span *eq);
void mcb_value_add(mc_builder *b, bool is_text, const span *piece);
void mcb_add_entry(mc_builder *b, const span *name_sp, const span *eq_sp,
                   char *line_text, const span *line_sp);
void mcb_add_problem(mc_builder *b, logical_kind kind, char *line_text,
                     const span *line_sp);

#endif
