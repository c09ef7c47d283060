/*
 * value.c - parse parameter values into expression trees.
 *
 * Interface: see value.h. The pieces of a value come from macscan.c (as
 * mac_parse() cuts them); inside braces the expression is read as
 * mac_expand() reads it (see value.h).
 * Diagnostics: none here; VX_ERROR nodes carry the message.
 */
#include "value.h"
#include "macscan.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const pf_version V_ALL = {1, 0, 0};
static const pf_version V_2_2 = {2, 2, 0};
static const pf_version V_3_0 = {3, 0, 0};
static const pf_version V_3_6 = {3, 6, 0};
static const pf_version V_3_11 = {3, 11, 0};

static void parse_into(vx_list *list, const char *text, size_t base,
                       size_t len);

static vx_node *add_node(vx_list *list, vx_kind kind, size_t off, size_t end)
{
    vx_node *n;

    list->nodes = grow_array(list->nodes, &list->cap, list->n + 1,
                             sizeof(*list->nodes));
    n = &list->nodes[list->n++];
    memset(n, 0, sizeof(*n));
    n->kind = kind;
    n->off = off;
    n->end = end;
    n->since = V_ALL;
    return n;
}

static vx_list *new_list(void)
{
    return xcalloc(1, sizeof(vx_list));
}

static void add_error(vx_list *list, size_t off, size_t end, const char *why)
{
    add_node(list, VX_ERROR, off, end)->error = why;
}

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
    while (i < len && pf_isspace((unsigned char) s[i]))
        i++;
    return i;
}

/* Parse "{text}" at s[*i]; the inside becomes a new list. */
static vx_list *braced_operand(const char *s, size_t base, size_t *i,
                               size_t len)
{
    size_t g;
    vx_list *sub;

    if (*i >= len || s[*i] != '{' || (g = mac_brace_group(s + *i, len - *i)) == 0)
        return NULL;
    sub = new_list();
    parse_into(sub, s + *i + 1, base + *i + 1, g - 2);
    *i += g;
    return sub;
}

static const char *const compare_ops[] = {
    "==", "!=", "<=", ">=", "<", ">", NULL
};

/* ${{a} op {b} ? {t} : {f}} with s = the inside of the outer braces. */
static void parse_compare(vx_list *list, vx_node *n, const char *s,
                          size_t base, size_t len)
{
    size_t i = 0;
    const char *const *op;

    n->kind = VX_COMPARE;
    n->since = V_3_0;
    if ((n->part[0] = braced_operand(s, base, &i, len)) == NULL)
        goto bad;
    i = skip_blanks(s, i, len);
    for (op = compare_ops; *op; op++)
        if (strncmp(s + i, *op, strlen(*op)) == 0)
            break;
    if (*op == NULL)
        goto bad;
    snprintf(n->op, sizeof(n->op), "%s", *op);
    i += strlen(*op);
    if (strncmp(s + i, "level", 5) == 0) {
        /* Compatibility-level comparison, Postfix 3.6 and later. */
        snprintf(n->op, sizeof(n->op), "%slevel", *op);
        n->since = V_3_6;
        i += 5;
    }
    i = skip_blanks(s, i, len);
    if ((n->part[1] = braced_operand(s, base, &i, len)) == NULL)
        goto bad;
    i = skip_blanks(s, i, len);
    if (i >= len || s[i] != '?')
        goto bad;
    i = skip_blanks(s, i + 1, len);
    if ((n->part[2] = braced_operand(s, base, &i, len)) == NULL)
        goto bad;
    i = skip_blanks(s, i, len);
    if (i < len && s[i] == ':') {
        i = skip_blanks(s, i + 1, len);
        if ((n->part[3] = braced_operand(s, base, &i, len)) == NULL)
            goto bad;
        i = skip_blanks(s, i, len);
    }
    if (i == len)
        return;
bad:
    (void) list;
    n->kind = VX_ERROR;
    n->error = "malformed comparison: expected ${{a} == {b} ? {then} : "
               "{else}}";
}

/* ${name?text}, ${name:text} and their braced 3.0 forms. */
static void parse_cond(vx_node *n, const char *s, size_t base, size_t i,
                       size_t len)
{
    n->kind = VX_COND;
    n->op[0] = s[i];
    n->since = V_2_2;
    i++;
    if (skip_blanks(s, i, len) < len && s[skip_blanks(s, i, len)] == '{') {
        i = skip_blanks(s, i, len);
        size_t j = i;

        n->since = V_3_0;
        n->part[0] = braced_operand(s, base, &j, len);
        if (n->part[0] == NULL)
            goto bad;
        j = skip_blanks(s, j, len);
        if (j == len)
            return;
        if (s[j] != ':' || n->op[0] != '?')
            goto bad;
        j = skip_blanks(s, j + 1, len);
        n->part[1] = new_list();
        if (j < len && s[j] == '{') {
            size_t g = mac_brace_group(s + j, len - j);

            if (g == 0 || skip_blanks(s, j + g, len) != len)
                goto bad;
            parse_into(n->part[1], s + j + 1, base + j + 1, g - 2);
        } else {
            parse_into(n->part[1], s + j, base + j, len - j);
        }
        return;
    }
    n->part[0] = new_list();
    parse_into(n->part[0], s + i, base + i, len - i);
    return;
bad:
    n->kind = VX_ERROR;
    n->error = "malformed conditional: expected ${name?{text}:{text}}";
}

/* The inside of ${...} or $(...): s[0..len), at value offset base. */
static void parse_expression(vx_list *list, vx_node *n, const char *s,
                             size_t base, size_t len)
{
    size_t start = skip_blanks(s, 0, len), i, after;

    /* mac_expand() allows blanks around the name and before ? or :. */
    if (start < len && s[start] == '{') {
        parse_compare(list, n, s + start, base + start, len - start);
        return;
    }
    for (i = start; i < len && mac_name_char((unsigned char) s[i]); i++)
        ;
    if (i == start) {
        n->kind = VX_ERROR;
        n->error = len == 0 ? "empty macro name" : "bad macro name";
        return;
    }
    n->name = xstrndup(s + start, i - start);
    after = skip_blanks(s, i, len);
    if (after == len)
        return;
    if (s[after] == '?' || s[after] == ':') {
        parse_cond(n, s, base, after, len);
        return;
    }
    if (s[i] == '{' && mac_brace_group(s + i, len - i) == len - i) {
        n->kind = VX_FUNC;
        n->since = V_3_11;
        n->part[0] = new_list();
        parse_into(n->part[0], s + i + 1, base + i + 1, len - i - 2);
        return;
    }
    n->kind = VX_ERROR;
    n->error = "unexpected text after the macro name";
}

/* One piece of mac_scan() as a node (an expression parsed further). */
typedef struct parse_ctx {
    vx_list *list;
    size_t base;                /* the text's offset in the value */
} parse_ctx;

static bool parse_piece(const mac_piece *p, const char *text, void *vctx)
{
    parse_ctx *c = vctx;
    size_t off = c->base + p->off, end = c->base + p->end;
    vx_node *n;

    switch (p->kind) {
    case MAC_TEXT:
        add_node(c->list, VX_TEXT, off, end);
        break;
    case MAC_DOLLAR:
        add_node(c->list, VX_DOLLAR, off, end);
        break;
    case MAC_ERROR:
        add_error(c->list, off, end, p->error);
        break;
    case MAC_EXPR:
        n = add_node(c->list, VX_REF, off, end);
        n->form = p->open;
        parse_expression(c->list, n, text + p->inner, c->base + p->inner,
                         p->inner_len);
        break;
    case MAC_NAME:
        n = add_node(c->list, VX_REF, off, end);
        n->form = '$';
        n->name = xstrndup(text + p->inner, p->inner_len);
        break;
    }
    return true;
}

static void parse_into(vx_list *list, const char *text, size_t base,
                       size_t len)
{
    parse_ctx c = {list, base};

    mac_scan(text, len, parse_piece, &c);
}

vx_list *value_parse(const char *text)
{
    vx_list *list = new_list();

    parse_into(list, text, 0, strlen(text));
    return list;
}

void vx_free(vx_list *list)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->n; i++) {
        free(list->nodes[i].name);
        for (int p = 0; p < 4; p++)
            vx_free(list->nodes[i].part[p]);
    }
    free(list->nodes);
    free(list);
}

void vx_each_node(const vx_list *list, vx_node_fn fn, void *ctx)
{
    if (list == NULL)
        return;
    for (size_t i = 0; i < list->n; i++) {
        fn(&list->nodes[i], ctx);
        for (int p = 0; p < 4; p++)
            vx_each_node(list->nodes[i].part[p], fn, ctx);
    }
}

/* Inside ${...}: a name (then ?/: text, or {function text}), or a
 * comparison whose braced operands may hold references. */
static void scan_expression(const char *s, size_t len, vx_name_fn fn,
                            void *ctx)
{
    size_t i = 0;

    size_t start;

    i = start = skip_blanks(s, 0, len);
    if (start < len && s[start] == '{') {
        vx_scan_refs(s, len, fn, ctx);      /* operands are braced text */
        return;
    }
    while (i < len && mac_name_char((unsigned char) s[i]))
        i++;
    /* name{text} calls a function (3.11): the name is no parameter. */
    if (i > start && !(i < len && s[i] == '{'))
        fn(s + start, i - start, ctx);
    i = skip_blanks(s, i, len);
    if (i < len && (s[i] == '?' || s[i] == ':' || s[i] == '{'))
        vx_scan_refs(s + i + 1, len - i - 1, fn, ctx);
}

typedef struct refs_ctx {
    vx_name_fn fn;
    void *ctx;
} refs_ctx;

static bool ref_piece(const mac_piece *p, const char *text, void *vctx)
{
    refs_ctx *r = vctx;

    if (p->kind == MAC_NAME)
        r->fn(text + p->inner, p->inner_len, r->ctx);
    else if (p->kind == MAC_EXPR)
        scan_expression(text + p->inner, p->inner_len, r->fn, r->ctx);
    return true;
}

void vx_scan_refs(const char *text, size_t len, vx_name_fn fn, void *ctx)
{
    refs_ctx r = {fn, ctx};

    mac_scan(text, len, ref_piece, &r);
}
