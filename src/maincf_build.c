/*
 * maincf_build.c - build main.cf AST records from the parser's actions.
 *
 * Interface: see maincf_build.h. The value of an entry is what
 * split_nameval() leaves: the text after '=' with blanks at both ends
 * trimmed; blanks inside (including the leading blanks of continuation
 * lines) are kept verbatim. No diagnostics: problems become records.
 */
#include "maincf_build.h"

#include <stdlib.h>
#include <string.h>

void mcb_init(mc_builder *b, maincf_ast *ast)
{
    memset(b, 0, sizeof(*b));
    b->ast = ast;
    sb_init(&b->raw);
}

void mcb_free(mc_builder *b)
{
    sb_free(&b->raw);
    free(b->seg_val);
    free(b->seg_src);
}

static void add_segment(mc_builder *b, size_t src_off)
{
    b->seg_val = grow_array(b->seg_val, &b->cap_seg_val, b->n_seg + 1,
                            sizeof(size_t));
    b->seg_src = grow_array(b->seg_src, &b->cap_seg_src, b->n_seg + 1,
                            sizeof(size_t));
    b->seg_val[b->n_seg] = b->raw.len;
    b->seg_src[b->n_seg] = src_off;
    b->n_seg++;
}

void mcb_value_begin(mc_builder *b, const span *eq)
{
    b->eq_sp = *eq;
    b->has_text = false;
    sb_reset(&b->raw);
    b->raw_text_start = b->raw_text_end = 0;
    b->n_seg = 0;
}

void mcb_value_add(mc_builder *b, bool is_text, const span *piece)
{
    const char *text = piece->src->text + piece->off;
    size_t len = piece->end_off - piece->off;

    if (is_text) {
        if (!b->has_text) {
            b->has_text = true;
            b->first_text = *piece;
            b->raw_text_start = b->raw.len;
        }
        b->last_text = *piece;
        add_segment(b, piece->off);
        sb_add(&b->raw, text, len);
        b->raw_text_end = b->raw.len;
    } else if (b->has_text) {
        add_segment(b, piece->off);
        sb_add(&b->raw, text, len);
    }
}

static mc_entry *new_entry(maincf_ast *ast)
{
    mc_entry *e;

    ast->entries = grow_array(ast->entries, &ast->cap_entries,
                              ast->n_entries + 1, sizeof(*ast->entries));
    e = &ast->entries[ast->n_entries++];
    memset(e, 0, sizeof(*e));
    return e;
}

void mcb_add_entry(mc_builder *b, char *name, const span *name_sp,
                   const span *eq_sp, char *line_text, const span *line_sp)
{
    mc_entry *e = new_entry(b->ast);

    e->kind = LL_ENTRY;
    e->name = name;
    e->name_sp = *name_sp;
    e->eq_sp = *eq_sp;
    e->text = line_text;
    e->line_sp = *line_sp;
    if (b->has_text) {
        e->value = xstrndup(b->raw.data + b->raw_text_start,
                            b->raw_text_end - b->raw_text_start);
        e->value_sp = b->first_text;
        e->value_sp.end_line = b->last_text.end_line;
        e->value_sp.end_col = b->last_text.end_col;
        e->value_sp.end_off = b->last_text.end_off;
        e->n_seg = b->n_seg;
        e->seg_val = xmalloc(b->n_seg * sizeof(size_t));
        e->seg_src = xmalloc(b->n_seg * sizeof(size_t));
        memcpy(e->seg_val, b->seg_val, b->n_seg * sizeof(size_t));
        memcpy(e->seg_src, b->seg_src, b->n_seg * sizeof(size_t));
    } else {
        e->value = xstrdup("");
        e->value_sp = *eq_sp;
        e->value_sp.line = eq_sp->end_line;
        e->value_sp.col = eq_sp->end_col;
        e->value_sp.off = eq_sp->end_off;
    }
}

void mcb_add_problem(mc_builder *b, logical_kind kind, char *line_text,
                     const span *line_sp)
{
    mc_entry *e = new_entry(b->ast);

    e->kind = kind;
    e->text = line_text;
    e->line_sp = *line_sp;
}

void maincf_free(maincf_ast *ast)
{
    if (ast == NULL)
        return;
    for (size_t i = 0; i < ast->n_entries; i++) {
        free(ast->entries[i].name);
        free(ast->entries[i].value);
        free(ast->entries[i].text);
        free(ast->entries[i].seg_val);
        free(ast->entries[i].seg_src);
    }
    for (size_t i = 0; i < ast->n_comments; i++)
        free(ast->comments[i].text);
    free(ast->entries);
    free(ast->comments);
    free(ast);
}
