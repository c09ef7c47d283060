/*
 * dbms.c - find "type:NAME" database references in a value.
 *
 * Interface: see dbms.h. No diagnostics.
 */
#include "dbms.h"
#include "listtok.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* One "type:NAME" (or proxy:type:NAME, or a {...} group of them). */
static void scan(const char *value, size_t len, dbms_name_fn fn, void *ctx,
                 int depth);

static void scan_item(const char *item, size_t len, dbms_name_fn fn,
                      void *ctx, int depth)
{
    char *copy = xstrndup(item, len), *type = copy, *name = NULL;

    while ((name = strchr(type, ':')) != NULL) {
        *name++ = '\0';
        if (!str_eq(type, "proxy"))
            break;
        type = name;
    }
    if (name && *name == '{') {
        list_token t = {name, 0, strlen(name), true};
        size_t off, n;

        if (list_group_inside(&t, &off, &n))
            scan(name + off, n, fn, ctx, depth + 1);
        else
            scan(name + 1, strlen(name + 1), fn, ctx, depth + 1);
    } else if (name && *name != '/' && *name != '.') {
        for (size_t i = 0; i < dbms_table_len; i++) {
            if (str_eq(dbms_table[i].type, type)) {
                char *param = xasprintf("%s_%s", name, dbms_table[i].keyword);

                fn(param, ctx);
                free(param);
            }
        }
    }
    free(copy);
}

static void scan(const char *value, size_t len, dbms_name_fn fn, void *ctx,
                 int depth)
{
    list_tokens items = {0};

    if (depth > 20)
        return;
    /* mystrtokq(): {} groups kept whole. */
    list_split(value, len, LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n; i++) {
        const list_token *t = &items.items[i];
        size_t off, n;

        if (t->braced) {
            if (list_group_inside(t, &off, &n))
                scan(value + off, n, fn, ctx, depth + 1);
            else
                scan(t->text + 1, t->len - 1, fn, ctx, depth + 1);
        } else {
            scan_item(t->text, t->len, fn, ctx, depth);
        }
    }
    list_tokens_free(&items);
}

void dbms_each_name(const char *value, dbms_name_fn fn, void *ctx)
{
    scan(value, strlen(value), fn, ctx, 0);
}
