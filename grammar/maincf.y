/*
 * maincf.y - pure bison parser for Postfix main.cf logical lines.
 *
 * Input: tokens from maincf.l (one logical line at a time, see there).
 * Output: a maincf_ast whose entries record either a parameter assignment
 * (name, '=', value, with spans) or the problem Postfix would report for
 * the line: "missing '=' after attribute name", "missing attribute name",
 * or "logical line must not start with whitespace". No token sequence the
 * scanner can produce is a syntax error; mc_error() reports an internal
 * error should one ever occur.
 */
%define api.pure full
%define api.prefix {mc_}
%define api.location.type {span}
%define parse.error verbose
%locations

%code requires {
#include "maincf_build.h"
/* Locations are spans; a rule's span runs from its first to last part. */
#define MC_LLOC_DEFAULT(Cur, Rhs, N) do { \
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
#define YYLLOC_DEFAULT MC_LLOC_DEFAULT
}

%code provides {
int mc_lex(MC_STYPE *lval, span *lloc, void *scanner);
}

%code {
#include "util.h"
#include <stdlib.h>
static void mc_error(span *loc, void *scanner, mc_builder *b,
                     const char *msg);
}

%param {void *scanner}
%parse-param {mc_builder *b}

%union {
    char *text;
}

%token <text> T_EOL
%token T_NAME T_EQ T_NONAME T_ORPHAN T_VTEXT T_VWS
%destructor { free($$); } <text>

%%

file
    : %empty
    | file logical_line
    ;

logical_line
    : T_NAME T_EQ { mcb_value_begin(b, &@2); } value T_EOL
        { mcb_add_entry(b, &@1, &@2, $5, &@5); }
    | T_NAME T_EOL
        { mcb_add_problem(b, LL_MISSING_EQUALS, $2, &@2); }
    | T_NONAME T_EOL
        { mcb_add_problem(b, LL_MISSING_NAME, $2, &@2); }
    | T_ORPHAN T_EOL
        { mcb_add_problem(b, LL_LEADING_SPACE, $2, &@2); }
    ;

value
    : %empty
    | value T_VTEXT     { mcb_value_add(b, true, &@2); }
    | value T_VWS       { mcb_value_add(b, false, &@2); }
    ;

%%

static void mc_error(span *loc, void *scanner, mc_builder *b,
                     const char *msg)
{
    (void) scanner;
    fatal("%s:%d:%d: internal error in the main.cf parser: %s",
          b->ast->src->path, loc->line, loc->col, msg);
}
