/*
 * maincf_build.c - build main.cf AST records from the parser's actions.
 *
 * Interface: see maincf_build.h. The value of an entry is what
 * split_nameval() leaves: the text after '=' with blanks at both ends
 * trimmed; blanks inside (including the leading blanks of continuation
 * lines) are kept verbatim. Value text arrives one piece per physical line
 * (blanks at its end included), blanks between pieces separately. No diagnostics: problems become records.
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

/* Strings live in the AST's arena: one allocation per 64 KiB, not per
 * line, which matters for large files. */
static char *keep(mc_builder *b, const char *s, size_t len)
{
    return arena_strndup(&b->ast->strings, s, len);
}

static char *keep_text(mc_builder *b, char *text)
{
    char *kept;

    if (text == NULL)
        return NULL;
    kept = keep(b, text, strlen(text));
    free(text);
    return kept;
}

void mcb_add_entry(mc_builder *b, const span *name_sp, const span *eq_sp,
                   char *line_text, const span *line_sp)
{
    mc_entry *e = new_entry(b->ast);

    e->kind = LL_ENTRY;
    e->name = keep(b, name_sp->src->text + name_sp->off,
                   name_sp->end_off - name_sp->off);
    e->name_sp = *name_sp;
    e->eq_sp = *eq_sp;
    e->text = keep_text(b, line_text);
    e->line_sp = *line_sp;
    if (b->has_text) {
        /* The last piece runs to the end of its line: trim its blanks. */
        size_t end = b->raw_text_end, trimmed;

        while (end > b->raw_text_start
               && pf_isspace((unsigned char) b->raw.data[end - 1]))
            end--;
        trimmed = b->raw_text_end - end;
        e->value = keep(b, b->raw.data + b->raw_text_start,
                        end - b->raw_text_start);
        e->value_sp = b->first_text;
        e->value_sp.end_line = b->last_text.end_line;
        e->value_sp.end_col = b->last_text.end_col - (int) trimmed;
        e->value_sp.end_off = b->last_text.end_off - trimmed;
        /* A one-line value needs no map: it starts at value_sp.off. */
        if (b->n_seg > 1) {
            e->n_seg = b->n_seg;
            e->seg_val = arena_alloc(&b->ast->strings,
                                     2 * b->n_seg * sizeof(size_t));
            e->seg_src = e->seg_val + b->n_seg;
            memcpy(e->seg_val, b->seg_val, b->n_seg * sizeof(size_t));
            memcpy(e->seg_src, b->seg_src, b->n_seg * sizeof(size_t));
        }
    } else {
        e->value = keep(b, "", 0);
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
    e->text = keep_text(b, line_text);
    e->line_sp = *line_sp;
}

void maincf_free(maincf_ast *ast)
{
    if (ast == NULL)
        return;
    arena_free(&ast->strings);
    for (size_t i = 0; i < ast->n_comments; i++)
        free(ast->comments[i].text);
    free(ast->entries);
    free(ast->comments);
    free(ast);
}
