/*
 * dbms.c - find "type:NAME" database references in a value.
 *
 * Interface: see dbms.h. No diagnostics.
 */
#include "dbms.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define SEPARATORS ", \t\r\n"

/* mystrtokq(): the next item, with {} groups kept whole. */
static char *next_item(char **cursor)
{
    char *start = *cursor + strspn(*cursor, SEPARATORS), *cp;
    int level = 0;

    if (*start == '\0')
        return NULL;
    for (cp = start; *cp; cp++) {
        if (*cp == '{')
            level++;
        else if (level > 0 && *cp == '}')
            level--;
        else if (level == 0 && strchr(SEPARATORS, *cp)) {
            *cp++ = '\0';
            break;
        }
    }
    *cursor = cp;
    return start;
}

/* "{text}" -> "text" (in place; an unbalanced group keeps its tail). */
static char *inside_braces(char *item)
{
    size_t len = strlen(item);

    if (len >= 2 && item[len - 1] == '}')
        item[len - 1] = '\0';
    return item + 1;
}

static void scan(char *value, dbms_name_fn fn, void *ctx, int depth)
{
    char *cursor = value, *item;

    if (depth > 20)
        return;
    while ((item = next_item(&cursor)) != NULL) {
        char *type = item, *name;

        if (*item == '{') {
            scan(inside_braces(item), fn, ctx, depth + 1);
            continue;
        }
        while ((name = strchr(type, ':')) != NULL) {
            *name++ = '\0';
            if (!str_eq(type, "proxy"))
                break;
            type = name;
        }
        if (name == NULL || *name == '/' || *name == '.')
            continue;
        if (*name == '{') {
            scan(inside_braces(name), fn, ctx, depth + 1);
            continue;
        }
        for (size_t i = 0; i < dbms_table_len; i++) {
            if (str_eq(dbms_table[i].type, type)) {
                char *param = xasprintf("%s_%s", name, dbms_table[i].keyword);

                fn(param, ctx);
                free(param);
            }
        }
    }
}

void dbms_each_name(const char *value, dbms_name_fn fn, void *ctx)
{
    char *copy = xstrdup(value);

    scan(copy, fn, ctx, 0);
    free(copy);
}
