/*
 * value_span.c - map offsets in an expanded value back to the files.
 *
 * Interface: see value_span.h. No diagnostics.
 */
#include "value_span.h"
#include "util.h"

#include <string.h>

/* How offsets in the expanded text map to the files: exactly when the
 * text is a literal value in main.cf or a -o, possibly reached through
 * "$name" references that are the whole value. */

/* The name of a value that is one reference and nothing else. */
static bool single_reference(const char *v, char *name, size_t size)
{
    size_t n;
    char close = 0;

    while (*v == ' ' || *v == '\t')
        v++;
    if (*v++ != '$')
        return false;
    if (*v == '{' || *v == '(')
        close = *v++ == '{' ? '}' : ')';
    n = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
               "0123456789_");
    if (n == 0 || n >= size)
        return false;
    memcpy(name, v, n);
    name[n] = '\0';
    v += n;
    if (close && *v++ != close)
        return false;
    while (*v == ' ' || *v == '\t')
        v++;
    return *v == '\0';
}

value_map value_locate(const model *m, const service *svc, eff_value v)
{
    value_map map = {NULL, NULL};

    for (int depth = 0; depth < 8 && v.value; depth++) {
        char name[128];

        if (strchr(v.value, '$') == NULL) {
            if (v.origin == ORIGIN_MAIN)
                map.entry = v.entry;
            else if (v.origin == ORIGIN_MASTER)
                map.opt = v.opt;
            return map;
        }
        if (!single_reference(v.value, name, sizeof(name)))
            break;
        v = effective_lookup(m, svc, name);
    }
    return map;
}

span value_span(const value_map *map, size_t off, size_t len, bool *exact)
{
    span sp = {0};

    *exact = false;
    if (map->entry) {
        *exact = true;
        return mc_value_span_at(map->entry, off, len);
    }
    if (map->opt) {
        size_t skip = strlen(map->opt->name) + 1;

        sp = map->opt->sp;
        if (sp.line == sp.end_line && sp.off + skip + off + len <= sp.end_off) {
            sp.off += skip + off;
            sp.col += (int) (skip + off);
            sp.end_off = sp.off + len;
            sp.end_col = sp.col + (int) len;
            *exact = true;
        }
    }
    return sp;
}

/* The span of the setting itself: its value, its -o, or the service. */
span value_setting_span(eff_value v, const service *svc, bool *located)
{
    span none = {0};

    *located = true;
    if (v.origin == ORIGIN_MAIN)
        return v.entry->value_sp;
    if (v.origin == ORIGIN_MASTER)
        return v.opt->sp;
    if (svc && svc->has_fields)
        return svc->argv[MF_SERVICE].sp;
    *located = false;
    return none;
}

