/*
 * mastercf_build.h - how the master.cf parser's actions build the AST.
 */
#ifndef POSTLINT_MASTERCF_BUILD_H
#define POSTLINT_MASTERCF_BUILD_H

#include "ast.h"
#include "lexctx.h"

typedef struct ms_builder {
    mastercf_ast *ast;
    ms_word *words;         /* words of the entry being read */
    size_t n_words, cap_words;
} ms_builder;

void msb_init(ms_builder *b, mastercf_ast *ast);
void msb_free(ms_builder *b);
void msb_add_word(ms_builder *b, char *text, const span *sp);
void msb_end_entry(ms_builder *b, char *line_text, const span *line_sp);
void msb_add_orphan(ms_builder *b, char *line_text, const span *line_sp);

#endif
