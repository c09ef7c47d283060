/*
 * proxy_table_unapproved.c - rule "proxy-table-unapproved": a proxy:
 * table that proxy_read_maps does not list.
 *
 * proxymap serves only the tables that proxy_read_maps lists with a
 * proxy: prefix, compared as exact strings after the prefix (the
 * defaults list the usual parameters as $names, so a proxy: table in
 * virtual_alias_maps is approved, one in a restriction class is not in
 * 3.7). For any other, proxymap logs 'warning: request for unapproved
 * table: "hash:/x"' and the program that asked stops with 'fatal:
 * proxymap service is not configured for table "hash:/x"' (proxymap.c,
 * dict_proxy.c; seen with real Postfix 3.7.11). From 3.5 a { } element
 * counts by its first word; unionmap: and pipemap: are looked into; from
 * 3.11 the classes of smtpd_restriction_classes are scanned too.
 */
#include "rule.h"
#include "listtok.h"
#include "table_refs.h"
#include "effective.h"

#include <stdlib.h>
#include <string.h>

typedef struct approved {
    char **names;
    size_t n, cap;
} approved;

static void approve(approved *a, const char *text, size_t len, int depth)
{
    list_tokens items = {0};

    if (depth > 8)
        return;
    list_split(text, len, LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n; i++) {
        const char *t = items.items[i].text;
        size_t n = items.items[i].len, off, in;

        if (items.items[i].braced) {
            if (list_group_inside(&items.items[i], &off, &in))
                approve(a, text + off, strcspn(text + off, " \t,}") < in
                        ? strcspn(text + off, " \t,}") : in, depth + 1);
            continue;
        }
        if (n <= 6 || strncmp(t, "proxy:", 6) != 0) {
            /* unionmap:{...} and pipemap:{...} are looked into. */
            const char *brace = memchr(t, '{', n);

            if (brace && (strncmp(t, "unionmap:", 9) == 0
                          || strncmp(t, "pipemap:", 8) == 0))
                approve(a, brace + 1, n - (size_t) (brace + 1 - t) - 1,
                        depth + 1);
            continue;
        }
        while (n > 6 && strncmp(t, "proxy:", 6) == 0)
            t += 6, n -= 6;
        a->names = grow_array(a->names, &a->cap, a->n + 1, sizeof(*a->names));
        a->names[a->n++] = xstrndup(t, n);
    }
    list_tokens_free(&items);
}

static bool listed(const approved *a, const char *text)
{
    for (size_t i = 0; i < a->n; i++)
        if (str_eq(a->names[i], text))
            return true;
    return false;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;
    eff_value v = effective_lookup(ctx->m, NULL, "proxy_read_maps");
    approved a = {NULL, 0, 0};
    strbuf text;
    expand_result res;
    bool any = false;

    for (size_t i = 0; i < t->n; i++)
        any |= t->refs[i].proxied;
    if (!any || v.value == NULL)
        return;
    sb_init(&text);
    memset(&res, 0, sizeof(res));
    effective_expand(ctx->m, NULL, "proxy_read_maps", v.value, &text, &res);
    if (res.error || res.too_large) {
        expand_result_free(&res);
        sb_free(&text);
        return;                 /* expansion-loop and friends say so */
    }
    approve(&a, text.data ? text.data : "", text.len, 0);
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];

        /* alias_database is built by postalias, never read through
         * proxymap (table-not-writable reports a proxy: one). */
        if (!r->proxied || !r->located || listed(&a, r->text)
            || str_eq(r->param, "alias_database"))
            continue;
        report(ctx, self, &r->sp,
               "proxy:%s in %s is not listed in proxy_read_maps:" DIAG_NOTE
               " proxymap of Postfix %s logs 'warning: request for unapproved "
               "table: "
               "\"%s\"', and the program that asked stops with 'fatal: "
               "proxymap service is not configured for table \"%s\"'; add "
               "proxy:%s to proxy_read_maps (after its default entries: "
               "postconf -d proxy_read_maps)", r->text, r->param,
               ctx->version_text, r->text, r->text, r->text);
    }
    for (size_t i = 0; i < a.n; i++)
        free(a.names[i]);
    free(a.names);
    expand_result_free(&res);
    sb_free(&text);
}

const rule_desc rule_proxy_table_unapproved = {
    "proxy-table-unapproved", SEV_ERROR,
    "a proxy: table that proxy_read_maps does not list",
    "proxymap answers only for the tables proxy_read_maps lists (with their "
    "proxy: prefix, as exact strings). The defaults list the usual table "
    "parameters, but not restriction classes (before 3.11) or parameters "
    "added by hand. For any other table the program that asks stops with "
    "\"proxymap service is not configured for table\".",
    check,
    0
};
