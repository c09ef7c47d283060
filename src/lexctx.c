/*
 * lexctx.c - position tracking and logical-line text for the scanners.
 *
 * Interface: see lexctx.h. No diagnostics of its own.
 */
#include "lexctx.h"
#include "ast.h"

#include <string.h>

void lexctx_init(lexctx *ctx, const source *src, void *builder,
                 struct ast_comment **comments, size_t *n_comments,
                 size_t *cap_comments)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->src = src;
    ctx->line = 1;
    ctx->col = 1;
    ctx->builder = builder;
    ctx->comments = comments;
    ctx->n_comments = n_comments;
    ctx->cap_comments = cap_comments;
    sb_init(&ctx->logical);
    sb_init(&ctx->word);
}

void lexctx_free(lexctx *ctx)
{
    sb_free(&ctx->logical);
    sb_free(&ctx->word);
}

void lexctx_word_add(lexctx *ctx, const span *loc, const char *text,
                     size_t len)
{
    if (!ctx->in_word) {
        ctx->in_word = true;
        sb_reset(&ctx->word);
        ctx->word_sp = *loc;
    }
    sb_add(&ctx->word, text, len);
    ctx->word_sp.end_line = loc->end_line;
    ctx->word_sp.end_col = loc->end_col;
    ctx->word_sp.end_off = loc->end_off;
}

char *lexctx_word_end(lexctx *ctx, span *loc)
{
    *loc = ctx->word_sp;
    ctx->in_word = false;
    ctx->depth = 0;
    return xstrndup(ctx->word.data ? ctx->word.data : "", ctx->word.len);
}

void lexctx_advance(lexctx *ctx, span *loc, const char *text, size_t len)
{
    loc->src = ctx->src;
    loc->off = ctx->off;
    loc->line = ctx->line;
    loc->col = ctx->col;
    /* The scanners' tokens hold at most one newline, always last. */
    if (len > 0 && text[len - 1] == '\n') {
        ctx->line++;
        ctx->col = 1;
    } else {
        ctx->col += (int) len;
    }
    ctx->off += len;
    loc->end_off = ctx->off;
    loc->end_line = ctx->line;
    loc->end_col = ctx->col;
}

void lexctx_unread(lexctx *ctx, const span *loc)
{
    ctx->off = loc->off;
    ctx->line = loc->line;
    ctx->col = loc->col;
}

void lexctx_line_begin(lexctx *ctx, const span *first, bool orphan)
{
    ctx->in_line = true;
    ctx->orphan = orphan;
    sb_reset(&ctx->logical);
    ctx->line_sp = *first;
    ctx->line_sp.end_off = first->off;
    ctx->line_sp.end_line = first->line;
    ctx->line_sp.end_col = first->col;
}

void lexctx_line_add(lexctx *ctx, const span *loc, const char *text,
                     size_t len)
{
    size_t n = len;

    /* A well-formed line's text is never quoted: do not copy it. */
    if (!ctx->text_unneeded)
        sb_add(&ctx->logical, text, len);
    /* The span ends at the last non-blank byte of the line so far.
     * (The scanners never pass a newline here.) */
    while (n > 0 && pf_isspace((unsigned char) text[n - 1]))
        n--;
    if (n > 0) {
        ctx->line_sp.end_off = loc->off + n;
        ctx->line_sp.end_line = loc->line;
        ctx->line_sp.end_col = loc->col + (int) n;
    }
}

char *lexctx_line_end(lexctx *ctx, span *loc)
{
    bool unneeded = ctx->text_unneeded;

    *loc = ctx->line_sp;
    ctx->in_line = false;
    ctx->orphan = false;
    ctx->text_unneeded = false;
    if (unneeded)
        return NULL;
    return xstrndup(ctx->logical.data ? ctx->logical.data : "",
                    ctx->logical.len);
}

void lexctx_comment(lexctx *ctx, const char *text, size_t len,
                    const span *loc)
{
    span sp = *loc;
    size_t start = 0;

    /* The comment proper: without leading blanks and the line end. */
    while (start < len && pf_isspace((unsigned char) text[start]))
        start++;
    while (len > start && pf_isspace((unsigned char) text[len - 1]))
        len--;
    sp.off = loc->off + start;
    sp.col = loc->col + (int) start;
    sp.end_off = loc->off + len;
    sp.end_line = loc->line;
    sp.end_col = loc->col + (int) len;
    *ctx->comments = grow_array(*ctx->comments, ctx->cap_comments,
                                *ctx->n_comments + 1, sizeof(ast_comment));
    (*ctx->comments)[*ctx->n_comments].text = xstrndup(text + start,
                                                       len - start);
    (*ctx->comments)[*ctx->n_comments].sp = sp;
    (*ctx->n_comments)++;
}
