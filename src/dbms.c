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

/* What postconf of a version follows (research: postconf_dbms.c 2.9 ..
 * 3.11): wrappers skipped (proxy:, and debug: from 3.11), tables nested
 * in pipemap:{...} / unionmap:{...} (3.0), a bare {...} token (3.5). */
typedef struct scan_opts {
    dbms_name_fn fn;
    void *ctx;
    bool debug_wrapper, nested, bare_braces;
} scan_opts;

static void scan(const char *value, size_t len, const scan_opts *o,
                 int depth);

/* One "type:NAME" (or proxy:type:NAME, or pipemap:{...}). */
static void scan_item(const char *item, size_t len, const scan_opts *o,
                      int depth)
{
    char *copy = xstrndup(item, len), *type = copy, *name = NULL;

    while ((name = strchr(type, ':')) != NULL) {
        *name++ = '\0';
        if (!str_eq(type, "proxy")
            && !(o->debug_wrapper && str_eq(type, "debug")))
            break;
        type = name;
    }
    if (name && *name == '{' && !o->nested) {
        /* Not looked into before 3.0. */
    } else if (name && *name == '{') {
        list_token t = {name, 0, strlen(name), true};
        size_t off, n;

        if (list_group_inside(&t, &off, &n))
            scan(name + off, n, o, depth + 1);
        else
            scan(name + 1, strlen(name + 1), o, depth + 1);
    } else if (name && *name != '/' && *name != '.') {
        for (size_t i = 0; i < dbms_table_len; i++) {
            if (str_eq(dbms_table[i].type, type)) {
                char *param = xasprintf("%s_%s", name, dbms_table[i].keyword);

                o->fn(param, o->ctx);
                free(param);
            }
        }
    }
    free(copy);
}

static void scan(const char *value, size_t len, const scan_opts *o,
                 int depth)
{
    list_tokens items = {0};

    if (depth > 20)
        return;
    /* mystrtokq(): {} groups kept whole (3.0). */
    list_split(value, len, LIST_SEPARATORS, o->nested, &items);
    for (size_t i = 0; i < items.n; i++) {
        const list_token *t = &items.items[i];
        size_t off, n;

        if (!t->braced)
            scan_item(t->text, t->len, o, depth);
        else if (!o->bare_braces)
            continue;
        else if (list_group_inside(t, &off, &n))
            scan(value + off, n, o, depth + 1);
        else
            scan(t->text + 1, t->len - 1, o, depth + 1);
    }
    list_tokens_free(&items);
}

void dbms_each_name(const char *value, pf_version v, dbms_name_fn fn,
                    void *ctx)
{
    static const pf_version v3_0 = {3, 0, 0}, v3_5 = {3, 5, 0},
        v3_11 = {3, 11, 0};
    scan_opts o = {fn, ctx, version_cmp(v, v3_11) >= 0,
                   version_cmp(v, v3_0) >= 0, version_cmp(v, v3_5) >= 0};

    scan(value, strlen(value), &o, 0);
}
