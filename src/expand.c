/*
 * expand.c - expand parameter values as Postfix's mac_expand() does.
 *
 * Interface: see expand.h. The text is cut into pieces by macscan.c (as
 * mac_parse() cuts it: '$$', '${...}' / '$(...)' with same-kind nesting,
 * '$name'); every text expanded counts one nesting level while it is
 * processed, and more than EXPAND_MAX_LEVEL levels is an error, as in
 * Postfix. Inside an expression: "{a} op {b}" comparisons (numeric when
 * both sides are all digits, else bytewise; "level" operators compare
 * compatibility levels major.minor.patch), or a name with optional blanks,
 * then '?' / ':' with braced or plain text.
 * Every expansion is bounded (EXPAND_MAX_BYTES put out, EXPAND_MAX_WORK
 * walked): a = $b $b, b = $c $c, ... doubles at each step, and sixty
 * such lines would need 2^60 bytes. Postfix itself has no such bound.
 * Diagnostics: none printed; errors, loops, undefined names and an
 * expansion over the bound are returned in expand_result.
 */
#include "expand.h"
#include "macscan.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define BLANKS " \t\r\n"

typedef struct exp_ctx {
    expand_lookup_fn lookup;
    expand_bound_fn bound;
    void *lookup_ctx;
    strbuf *out;
    expand_result *res;
    size_t produced;        /* bytes put out, in every branch */
    size_t work;            /* bytes walked, values looked up */
    int level;
    const char *stack[EXPAND_MAX_LEVEL + 2];   /* names being expanded */
    int depth;
} exp_ctx;

static void expand_text(exp_ctx *c, const char *text, size_t len);

/* Names are copied for the lookup: into the caller's buffer when they
 * fit (almost always), else onto the heap. */
#define NAME_BUF 128

static char *name_copy(char *buf, size_t size, const char *s, size_t len)
{
    if (len >= size)
        return xstrndup(s, len);
    memcpy(buf, s, len);
    buf[len] = '\0';
    return buf;
}

static void name_free(char *buf, char *name)
{
    if (name != buf)
        free(name);
}

static void fail(exp_ctx *c, const char *fmt, const char *arg)
{
    if (c->res->error)
        return;
    c->res->error = true;
    c->res->why = xasprintf(fmt, arg);
}

size_t expand_max_work = EXPAND_MAX_WORK;

/* The bound on what one expansion may cost (expand.h): past it the
 * expansion stops, with res->too_large set. */
static bool over_budget(exp_ctx *c)
{
    if (c->produced <= EXPAND_MAX_BYTES && c->work <= expand_max_work)
        return false;
    if (!c->res->error) {
        c->res->error = true;
        c->res->too_large = true;
        c->res->why = xasprintf("the value expands to more than %u bytes",
                                EXPAND_MAX_BYTES);
    }
    return true;
}

static void put(exp_ctx *c, const char *text, size_t len)
{
    c->produced += len;
    if (!over_budget(c))
        sb_add(c->out, text, len);
}

static void note_undefined(exp_ctx *c, const char *name)
{
    expand_result *r = c->res;

    for (size_t i = 0; i < r->n_undefined; i++)
        if (str_eq(r->undefined[i], name))
            return;
    r->undefined = grow_array(r->undefined, &r->cap_undefined,
                              r->n_undefined + 1, sizeof(char *));
    r->undefined[r->n_undefined++] = xstrdup(name);
}

/* The payload of "{...}" at *cp (which is '{'); *cp moves past the '}'
 * and the blanks after it. NULL when unbalanced. */
static char *curly_payload(exp_ctx *c, const char **cp)
{
    const char *start = *cp + 1, *p = start;
    int level = 1;

    for (;; p++) {
        if (*p == '\0') {
            fail(c, "unbalanced {} in expression \"%s\"", *cp);
            return NULL;
        }
        if (*p == '{')
            level++;
        else if (*p == '}' && --level == 0)
            break;
    }
    *cp = p + 1 + strspn(p + 1, BLANKS);
    return xstrndup(start, (size_t) (p - start));
}

static bool at_curly(const char **cp)
{
    const char *p = *cp + strspn(*cp, BLANKS);

    if (*p != '{')
        return false;
    *cp = p;
    return true;
}

long compat_level_value(const char *s)
{
    long part[3] = {0, 0, 0};
    int n = 0;

    for (;;) {
        char *end;

        if (!isdigit((unsigned char) *s))
            return -1;
        part[n] = strtol(s, &end, 10);
        if (part[n] > 1000)
            return -1;
        n++;
        if (*end == '\0')
            break;
        if (*end != '.' || n == 3)
            return -1;
        s = end + 1;
    }
    return part[0] * 1000000 + part[1] * 1000 + part[2];
}

static const char *const ops[] = {"==", "!=", "<", "<=", ">=", ">", NULL};

/* "{a} op {b}": true/false, or -1 on error. */
static int relational(exp_ctx *c, const char **cp)
{
    char *left = NULL, *right = NULL, *op = NULL;
    strbuf lv, rv;
    strbuf *saved = c->out;
    size_t op_len;
    long delta = 0;
    int result = -1, opi;
    bool level_op = false;

    sb_init(&lv);
    sb_init(&rv);
    if ((left = curly_payload(c, cp)) == NULL)
        goto done;
    op_len = strspn(*cp, "<>!=?+-*/~&|%");
    op = xstrndup(*cp, op_len);
    for (opi = 0; ops[opi] && !str_eq(ops[opi], op); opi++)
        ;
    if (ops[opi] == NULL) {
        fail(c, "comparison operator expected at \"%.20s\"", *cp);
        goto done;
    }
    *cp += op_len;
    if (isalnum((unsigned char) **cp)) {
        if (strncmp(*cp, "level", 5) != 0 || isalnum((unsigned char) (*cp)[5])) {
            fail(c, "bad operator suffix at \"%.20s\"", *cp);
            goto done;
        }
        level_op = true;
        *cp += 5;
    }
    if (!at_curly(cp)) {
        fail(c, "\"{expression}\" expected at \"%.20s\"", *cp);
        goto done;
    }
    if ((right = curly_payload(c, cp)) == NULL)
        goto done;
    c->out = &lv;
    expand_text(c, left, strlen(left));
    c->out = &rv;
    expand_text(c, right, strlen(right));
    c->out = saved;
    if (c->res->error)
        goto done;
    lv.data = lv.data ? lv.data : xstrdup("");
    rv.data = rv.data ? rv.data : xstrdup("");
    if (level_op) {
        long a = compat_level_value(lv.data), b = compat_level_value(rv.data);

        if (a < 0 || b < 0) {
            fail(c, "malformed compatibility level \"%s\"",
                 a < 0 ? lv.data : rv.data);
            goto done;
        }
        delta = a - b;
    } else if (str_all_digits(lv.data, lv.len)
               && str_all_digits(rv.data, rv.len)) {
        delta = atol(lv.data) - atol(rv.data);
    } else {
        delta = strcmp(lv.data, rv.data);
    }
    switch (opi) {
    case 0: result = delta == 0; break;
    case 1: result = delta != 0; break;
    case 2: result = delta < 0; break;
    case 3: result = delta <= 0; break;
    case 4: result = delta >= 0; break;
    default: result = delta > 0; break;
    }
done:
    c->out = saved;
    free(left);
    free(right);
    free(op);
    sb_free(&lv);
    sb_free(&rv);
    return result;
}

/* Insert the value of name, expanded (USE mode). */
static void use_name(exp_ctx *c, const char *name)
{
    const char *value = c->lookup(name, c->lookup_ctx);

    if (value == NULL) {
        note_undefined(c, name);
        return;
    }
    if (*value == '\0')
        return;
    if (c->work > expand_max_work || (c->bound && c->bound(name, c->lookup_ctx)
                                      > expand_max_work - c->work))
        c->work = expand_max_work + 1;  /* cannot fit: do not try */
    if (over_budget(c))
        return;
    c->work += (size_t) c->depth;   /* the loop check below */
    for (int i = 0; i < c->depth; i++) {
        if (c->stack[i] && str_eq(c->stack[i], name)) {
            strbuf path;

            sb_init(&path);
            for (int j = i; j < c->depth; j++)
                sb_printf(&path, "%s -> ", c->stack[j]);
            sb_adds(&path, name);
            fail(c, "\"%s\" needs its own value (a loop)", name);
            if (c->res->loop == NULL)
                c->res->loop = sb_steal(&path);
            sb_free(&path);
            return;
        }
    }
    c->stack[c->depth++] = name;
    expand_text(c, value, strlen(value));
    c->depth--;
}

/* One ${...} or $name expression (the text inside the braces). */
static void expression(exp_ctx *c, const char *expr)
{
    const char *cp = expr;
    const char *lookup = NULL;
    bool tested = false, truth = false;
    char ch;

    if (at_curly(&cp)) {
        int r = relational(c, &cp);

        if (r < 0)
            return;
        tested = true;
        truth = r == 1;
        if ((ch = *cp) != '\0') {
            if (ch != '?' && ch != ':') {
                fail(c, "\"?\" or \":\" expected at \"%.20s\"", cp);
                return;
            }
            cp++;
        }
    } else {
        const char *start = cp + strspn(cp, BLANKS), *p = start;
        char buf[NAME_BUF], *name;

        while (isalnum((unsigned char) *p) || *p == '_')
            p++;
        if (p == start || (p[strspn(p, BLANKS)] != '\0'
                           && p[strspn(p, BLANKS)] != '?'
                           && p[strspn(p, BLANKS)] != ':')) {
            fail(c, "bad parameter name in \"%s\"", expr);
            return;
        }
        name = name_copy(buf, sizeof(buf), start, (size_t) (p - start));
        p += strspn(p, BLANKS);
        ch = *p;
        if (ch == '\0') {
            use_name(c, name);
            name_free(buf, name);
            return;
        }
        lookup = c->lookup(name, c->lookup_ctx);
        if (lookup == NULL)
            note_undefined(c, name);
        name_free(buf, name);
        truth = lookup != NULL && *lookup != '\0';
        tested = true;
        cp = p + 1;
    }
    if (!tested)
        return;
    if (ch == '\0') {
        /* A bare comparison: nothing to insert. */
        return;
    }
    if (ch == '?') {
        char *then_text;

        if (at_curly(&cp)) {
            if ((then_text = curly_payload(c, &cp)) == NULL)
                return;
        } else {
            then_text = xstrdup(cp);
            cp += strlen(cp);
        }
        if (truth)
            expand_text(c, then_text, strlen(then_text));
        free(then_text);
        if (*cp == '\0')
            return;
        if (*cp != ':') {
            fail(c, "\":\" expected at \"%.20s\"", cp);
            return;
        }
        cp++;
    }
    /* The ':' (else) part. */
    {
        char *else_text;

        if (at_curly(&cp)) {
            if ((else_text = curly_payload(c, &cp)) == NULL)
                return;
        } else {
            else_text = xstrdup(cp);
            cp += strlen(cp);
        }
        if (!truth)
            expand_text(c, else_text, strlen(else_text));
        free(else_text);
        if (*cp != '\0')
            fail(c, "unexpected text at \"%.20s\"", cp);
    }
}

/* One piece of mac_scan() (macscan.c), expanded into c->out. */
typedef struct piece_ctx {
    exp_ctx *c;
    const char *text;           /* for messages: the text being expanded */
} piece_ctx;

static bool expand_piece(const mac_piece *p, const char *text, void *vctx)
{
    piece_ctx *pc = vctx;
    exp_ctx *c = pc->c;
    char buf[NAME_BUF], *name;

    switch (p->kind) {
    case MAC_TEXT:
        put(c, text + p->off, p->end - p->off);
        break;
    case MAC_DOLLAR:
        put(c, "$", 1);
        break;
    case MAC_NAME:
        /* A plain $name: what expression() would do, without parsing it
         * again. */
        name = name_copy(buf, sizeof(buf), text + p->inner, p->inner_len);
        use_name(c, name);
        name_free(buf, name);
        break;
    case MAC_EXPR:
        if (p->inner_len == 0) {
            fail(c, "empty macro name in \"%.40s\"", pc->text);
        } else {
            name = xstrndup(text + p->inner, p->inner_len);
            expression(c, name);
            free(name);
        }
        break;
    case MAC_ERROR:
        fail(c, p->error[0] == 'l' ? "empty macro name in \"%.40s\""
             : "unterminated macro reference in \"%.40s\"", pc->text);
        break;
    }
    return !c->res->error;
}

/* mac_parse() over text[0..len), with a nesting count per piece. */
static void expand_text(exp_ctx *c, const char *text, size_t len)
{
    piece_ctx pc = {c, text};

    if (++c->level > EXPAND_MAX_LEVEL + 1) {
        fail(c, "unreasonable macro call nesting in \"%.40s\"", text);
        c->level--;
        return;
    }
    c->work += len + 1;
    if (!over_budget(c))
        mac_scan(text, len, expand_piece, &pc);
    c->level--;
}

void expand_value_bounded(const char *name, const char *value,
                          expand_lookup_fn lookup, expand_bound_fn bound,
                          void *ctx, strbuf *out, expand_result *res)
{
    exp_ctx c;

    memset(&c, 0, sizeof(c));
    c.lookup = lookup;
    c.bound = bound;
    c.lookup_ctx = ctx;
    c.out = out;
    c.res = res;
    if (name)
        c.stack[c.depth++] = name;
    expand_text(&c, value, strlen(value));
    if (out->data == NULL)
        sb_add(out, "", 0);
}

void expand_value(const char *name, const char *value,
                  expand_lookup_fn lookup, void *ctx, strbuf *out,
                  expand_result *res)
{
    expand_value_bounded(name, value, lookup, NULL, ctx, out, res);
}

void expand_result_free(expand_result *res)
{
    free(res->why);
    free(res->loop);
    for (size_t i = 0; i < res->n_undefined; i++)
        free(res->undefined[i]);
    free(res->undefined);
    memset(res, 0, sizeof(*res));
}
