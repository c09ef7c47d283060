/*
 * mastercf.y - pure bison parser for Postfix master.cf logical lines.
 *
 * Input: tokens from mastercf.l. Output: a mastercf_ast with one entry per
 * logical line: its words (with spans) or, for a line that starts with
 * white space, the problem Postfix reports ("logical line must not start
 * with whitespace"). Field checks (count, types, y/n/-, wakeup, process
 * limit) and daemon arguments are the model's and the rules' business:
 * this parser only cuts words. No token sequence from the scanner is a
 * syntax error; ms_error() reports an internal error should one occur.
 */
%define api.pure full
%define api.prefix {ms_}
%define api.location.type {span}
%define parse.error verbose
%locations

%code requires {
#include "mastercf_build.h"
#define MS_LLOC_DEFAULT(Cur, Rhs, N) do { \
        if (N) { \
            (Cur) = YYRHSLOC(Rhs, 1); \
            (Cur).end_line = YYRHSLOC(Rhs, N).end_line; \
            (Cur).end_col = YYRHSLOC(Rhs, N).end_col; \
            (Cur).end_off = YYRHSLOC(Rhs, N).end_off; \
        } else { \
            (Cur) = YYRHSLOC(Rhs, 0); \
            (Cur).line = (Cur).end_line; \
            (Cur).col = (Cur).end_col; \
            (Cur).off = (Cur).end_off; \
        } \
    } while (0)
#define YYLLOC_DEFAULT MS_LLOC_DEFAULT
}

%code provides {
int ms_lex(MS_STYPE *lval, span *lloc, void *scanner);
}

%code {
#include "util.h"
#include <stdlib.h>
static void ms_error(span *loc, void *scanner, ms_builder *b,
                     const char *msg);
}

%param {void *scanner}
%parse-param {ms_builder *b}

%union {
    char *text;
}

%token <text> T_WORD T_EOL
%token T_ORPHAN
%destructor { free($$); } <text>

%%

file
    : %empty
    | file logical_line
    ;

logical_line
    : words T_EOL               { msb_end_entry(b, $2, &@2); }
    | T_ORPHAN T_EOL            { msb_add_orphan(b, $2, &@2); }
    ;

words
    : T_WORD                    { msb_add_word(b, $1, &@1); }
    | words T_WORD              { msb_add_word(b, $2, &@2); }
    ;

%%

static void ms_error(span *loc, void *scanner, ms_builder *b,
                     const char *msg)
{
    (void) scanner;
    fatal("%s:%d:%d: internal error in the master.cf parser: %s",
          b->ast->src->path, loc->line, loc->col, msg);
}
