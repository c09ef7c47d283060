/*
 * lexctx.h - state shared by the main.cf and master.cf scanners.
 *
 * Both files use Postfix's logical-line rules (readllines()): blank and
 * comment lines are skipped anywhere, a line that starts with white space
 * continues the previous logical line, and the newline itself is dropped.
 * The scanners keep their position here (for bison locations) and collect
 * the text of the current logical line, as Postfix would see it.
 */
#ifndef POSTLINT_LEXCTX_H
#define POSTLINT_LEXCTX_H

#include "source.h"
#include "util.h"

typedef struct lexctx {
    const source *src;
    size_t off;             /* byte offset of the next character */
    int line, col;          /* its position */
    bool in_line;           /* inside a logical line */
    bool orphan;            /* the logical line starts with white space */
    bool text_unneeded;     /* a good line: nobody will quote its text */
    int resume_state;       /* scanner state to resume after a continuation */
    strbuf logical;         /* text of the current logical line */
    span line_sp;           /* content span of the current logical line */
    void *builder;          /* the parser's AST under construction */
    strbuf word;            /* master.cf: the word being collected */
    span word_sp;
    bool in_word;
    int depth;              /* master.cf: '{' nesting inside the word */
    struct ast_comment **comments;  /* where comment lines go */
    size_t *n_comments, *cap_comments;
} lexctx;

void lexctx_init(lexctx *ctx, const source *src, void *builder,
                 struct ast_comment **comments, size_t *n_comments,
                 size_t *cap_comments);

/* Record a comment line (text may include the newline). */
void lexctx_comment(lexctx *ctx, const char *text, size_t len,
                    const span *loc);
void lexctx_free(lexctx *ctx);

/* Advance over text; set *loc to the span it covers. A token may hold
 * one newline, as its last character (true of both scanners' rules). */
void lexctx_advance(lexctx *ctx, span *loc, const char *text, size_t len);

/* Undo the last advance (the scanner used yyless(0)). */
void lexctx_unread(lexctx *ctx, const span *loc);

/* master.cf words: collect pieces (possibly across continuation lines
 * inside braces), then hand the word over with its span. */
void lexctx_word_add(lexctx *ctx, const span *loc, const char *text,
                     size_t len);
char *lexctx_word_end(lexctx *ctx, span *loc);

/* Logical-line bookkeeping. */
void lexctx_line_begin(lexctx *ctx, const span *first, bool orphan);
void lexctx_line_add(lexctx *ctx, const span *loc, const char *text,
                     size_t len);
/* End the logical line: *loc becomes its span, the text is handed over
 * (NULL when the scanner said text_unneeded). */
char *lexctx_line_end(lexctx *ctx, span *loc);

#endif
