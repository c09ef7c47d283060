/*
 * value_tables.c - lookups in the enumeration and bounds tables
 * (rules/enums.tsv, rules/ranges.tsv; see value_tables.h).
 */
#include "value_tables.h"

#include <stdio.h>
#include <string.h>

const enum_info *enum_lookup(const char *param)
{
    size_t len = strlen(param);

    for (size_t i = 0; i < enum_table_len; i++) {
        const char *cp = enum_table[i].params;

        while (*cp) {
            size_t n = strcspn(cp, ",");

            if (n == len && strncmp(cp, param, n) == 0)
                return &enum_table[i];
            cp += n;
            if (*cp == ',')
                cp++;
        }
    }
    return NULL;
}

/* Is v's release series ("3.7") one of the words of series, or is v at
 * or past a patch level given for its series ("3.7.10+")? */
static bool in_series(const char *series, pf_version v)
{
    const char *cp = series;

    if (series == NULL)
        return false;
    while (*cp) {
        size_t n = strcspn(cp, " ");
        char word[32];
        pf_version w;

        if (n > 0 && n < sizeof word) {
            memcpy(word, cp, n);
            word[n] = '\0';
            if (word[n - 1] == '+') {
                word[n - 1] = '\0';
                if (version_parse(word, &w) && w.major == v.major
                    && w.minor == v.minor && v.patch >= w.patch)
                    return true;
            } else if (version_parse(word, &w) && w.major == v.major
                       && w.minor == v.minor) {
                return true;
            }
        }
        cp += n;
        cp += strspn(cp, " ");
    }
    return false;
}

const range_info *range_lookup(const char *name, pf_version v)
{
    for (size_t i = 0; i < range_table_len; i++)
        if (strcmp(range_table[i].name, name) == 0)
            return in_series(range_table[i].series, v) ? &range_table[i]
                : NULL;
    return NULL;
}

bool version_since(const char *spec, pf_version v)
{
    char buf[32];
    const char *cp = spec;
    bool first = true;

    while (*cp && *cp != ' ') {
        size_t n = strcspn(cp, "/ ");
        pf_version at;

        if (n >= sizeof buf)
            return true;
        memcpy(buf, cp, n);
        buf[n] = '\0';
        if (version_parse(buf, &at)) {
            if (first && version_cmp(v, at) >= 0)
                return true;
            if (!first && at.major == v.major && at.minor == v.minor
                && v.patch >= at.patch)
                return true;
        }
        first = false;
        cp += n;
        if (*cp == '/')
            cp++;
    }
    return false;
}
