/*
 * mastercf_build.c - build master.cf AST records from the parser's actions.
 *
 * Interface: see mastercf_build.h. No diagnostics: problems are records.
 */
#include "mastercf_build.h"

#include <stdlib.h>
#include <string.h>

void msb_init(ms_builder *b, mastercf_ast *ast)
{
    memset(b, 0, sizeof(*b));
    b->ast = ast;
}

void msb_free(ms_builder *b)
{
    for (size_t i = 0; i < b->n_words; i++)
        free(b->words[i].text);
    free(b->words);
}

void msb_add_word(ms_builder *b, char *text, const span *sp)
{
    b->words = grow_array(b->words, &b->cap_words, b->n_words + 1,
                          sizeof(*b->words));
    b->words[b->n_words].text = text;
    b->words[b->n_words].sp = *sp;
    b->n_words++;
}

static ms_entry *new_entry(mastercf_ast *ast, logical_kind kind,
                           char *line_text, const span *line_sp)
{
    ms_entry *e;

    ast->entries = grow_array(ast->entries, &ast->cap_entries,
                              ast->n_entries + 1, sizeof(*ast->entries));
    e = &ast->entries[ast->n_entries++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->text = line_text;
    e->line_sp = *line_sp;
    return e;
}

void msb_end_entry(ms_builder *b, char *line_text, const span *line_sp)
{
    ms_entry *e = new_entry(b->ast, LL_ENTRY, line_text, line_sp);

    /* The entry takes the collected words over. */
    e->words = b->words;
    e->n_words = b->n_words;
    e->cap_words = b->cap_words;
    b->words = NULL;
    b->n_words = b->cap_words = 0;
}

void msb_add_orphan(ms_builder *b, char *line_text, const span *line_sp)
{
    new_entry(b->ast, LL_LEADING_SPACE, line_text, line_sp);
}

void mastercf_free(mastercf_ast *ast)
{
    if (ast == NULL)
        return;
    for (size_t i = 0; i < ast->n_entries; i++) {
        for (size_t w = 0; w < ast->entries[i].n_words; w++)
            free(ast->entries[i].words[w].text);
        free(ast->entries[i].words);
        free(ast->entries[i].text);
    }
    for (size_t i = 0; i < ast->n_comments; i++)
        free(ast->comments[i].text);
    free(ast->entries);
    free(ast->comments);
    free(ast);
}
