/*
 * fuzz_expand.c - libFuzzer harness: $ expansion and value syntax.
 *
 * Input: the first line is the value to expand; every further line
 * "name=value" defines a parameter (later lines win), so the fuzzer can
 * build references, conditionals, comparisons and loops between them.
 * The value goes through value_parse() (the syntax tree the rules see),
 * vx_scan_refs() (postconf's reference scan) and expand_value() as
 * parameter "self" (mac_expand(), with loops and the nesting limit).
 */
#include "fuzz.h"
#include "expand.h"
#include "value.h"

typedef struct table {
    char **names, **values;
    size_t n;
} table;

static const char *lookup(const char *name, void *ctx)
{
    const table *t = ctx;

    for (size_t i = t->n; i-- > 0;)
        if (strcmp(t->names[i], name) == 0)
            return t->values[i];
    return NULL;
}

static void count_ref(const char *name, size_t len, void *ctx)
{
    (void) name;
    *(size_t *) ctx += len;
}

static void count_node(const vx_node *node, void *ctx)
{
    (void) node;
    ++*(size_t *) ctx;
}

/* Split "value\nname=value\n..." in place (text is a private copy):
 * every '\n' becomes the end of the string before it. */
static void split(char *text, table *t)
{
    char *line = strchr(text, '\n');

    memset(t, 0, sizeof(*t));
    while (line) {
        char *eq;

        *line++ = '\0';
        eq = strchr(line, '=');
        if (eq && (strchr(line, '\n') == NULL || eq < strchr(line, '\n'))) {
            *eq = '\0';
            t->names = realloc(t->names, (t->n + 1) * sizeof(char *));
            t->values = realloc(t->values, (t->n + 1) * sizeof(char *));
            if (t->names == NULL || t->values == NULL)
                abort();
            t->names[t->n] = line;
            t->values[t->n++] = eq + 1;
        }
        line = strchr(line, '\n');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    size_t seen = 0;
    expand_result res = {0};
    strbuf out;
    table t;
    vx_list *expr;

    split(text, &t);
    expr = value_parse(text);
    vx_each_node(expr, count_node, &seen);
    vx_free(expr);
    vx_scan_refs(text, strlen(text), count_ref, &seen);
    sb_init(&out);
    expand_value("self", text, lookup, &t, &out, &res);
    sb_free(&out);
    expand_result_free(&res);
    free(t.names);
    free(t.values);
    free(text);
    return 0;
}
