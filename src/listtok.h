/*
 * listtok.h - the one list tokenizer: a list-valued parameter cut into
 * its elements as Postfix cuts it, each with its place in the value.
 *
 * Postfix splits lists with mystrtok() on CHARS_COMMA_SP (", \t\r\n");
 * from 3.0, mystrtokq() keeps text between balanced { } as one element
 * (match lists, restriction lists, table lists, milter lists). TLS
 * protocol and cipher-exclusion lists also split on ':'.
 */
#ifndef POSTLINT_LISTTOK_H
#define POSTLINT_LISTTOK_H

#include "version.h"

#include <stdbool.h>
#include <stddef.h>

#define LIST_SEPARATORS ", \t\r\n"          /* CHARS_COMMA_SP */
#define LIST_SEPARATORS_TLS ", \t\r\n:"     /* TLS protocol lists */

typedef struct list_token {
    const char *text;           /* into the value (not terminated) */
    size_t off, len;            /* where in the value */
    bool braced;                /* a "{...}" group, braces included */
} list_token;

typedef struct list_tokens {
    list_token *items;
    size_t n, cap;
} list_tokens;

/* Do lists of version v keep { } groups whole? (3.0 and later.) */
bool list_braces_in(pf_version v);

/* Split value[0..len) on the characters of seps; with braces, a
 * balanced "{...}" stays one token (an unbalanced '{' runs to the end,
 * as mystrtokq() leaves it). Appends to out. */
void list_split(const char *value, size_t len, const char *seps, bool braces,
                list_tokens *out);
void list_tokens_free(list_tokens *t);

/* A braced token's inside, without the braces and the blanks next to
 * them (extpar() with EXTPAR_FLAG_STRIP): *off and *len within the
 * value. False when the group is not closed. */
bool list_group_inside(const list_token *t, size_t *off, size_t *len);

/* balpar(): the length of the balanced "{...}" group that text[0..len)
 * starts with, braces included; 0 when text does not start with '{' or
 * the group is not closed. */
size_t list_balpar(const char *text, size_t len);

/* What extpar() says about text[0..len) as a "{...}" group. */
typedef enum list_group_state {
    LIST_GROUP_OK,              /* "{...}" and nothing after it */
    LIST_GROUP_NO_OPEN,         /* "no '{' at start of text in ..." */
    LIST_GROUP_UNCLOSED,        /* "missing '}' in ..." */
    LIST_GROUP_TRAILING         /* "syntax error after '}' in ..." */
} list_group_state;

list_group_state list_group_check(const char *text, size_t len);

/* extpar()'s message for state about text[0..len) ("missing '}' in
 * \"{a=b\""), into buf; "" for LIST_GROUP_OK. */
void list_group_message(list_group_state state, const char *text, size_t len,
                        char *buf, size_t size);

/* Is word one of the elements of value (split on LIST_SEPARATORS)? */
bool list_has(const char *value, const char *word);

#endif
