/*
 * params.c - look up parameters and their version facts.
 *
 * Interface: see params.h. No diagnostics.
 */
#include "params.h"
#include "util.h"

#include <stdbool.h>

#include <stdlib.h>
#include <string.h>

static const pf_version series[PARAM_SERIES] = {
    {2, 6, 0}, {2, 11, 0}, {3, 4, 0}, {3, 7, 0}, {3, 9, 0}, {3, 11, 0}
};

/* An open-addressing hash index over param_table, built on first use:
 * lookups happen once per main.cf line, so they must be cheap. */
#define HASH_SLOTS 4096     /* a power of two, well above the table size */

static unsigned hash_name(const char *s)
{
    unsigned h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char) *s) * 16777619u;
    return h;
}

static const param_info **hash_index(void)
{
    static const param_info *slots[HASH_SLOTS];
    static bool built;

    if (!built) {
        for (size_t i = 0; i < param_table_len; i++) {
            unsigned h = hash_name(param_table[i].name) & (HASH_SLOTS - 1);

            while (slots[h])
                h = (h + 1) & (HASH_SLOTS - 1);
            slots[h] = &param_table[i];
        }
        built = true;
    }
    return slots;
}

const param_info *param_lookup(const char *name)
{
    const param_info **slots;
    unsigned h;

    if (param_table_len < HASH_SLOTS / 2) {
        slots = hash_index();
        for (h = hash_name(name) & (HASH_SLOTS - 1); slots[h];
             h = (h + 1) & (HASH_SLOTS - 1))
            if (str_eq(slots[h]->name, name))
                return slots[h];
        return NULL;
    }
    return param_lookup_sorted(name);
}

const param_info *param_lookup_sorted(const char *name)
{
    size_t lo = 0, hi = param_table_len;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, param_table[mid].name);

        if (c == 0)
            return &param_table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

static int series_index(pf_version v)
{
    int i = 0;

    while (i + 1 < PARAM_SERIES && version_cmp(series[i + 1], v) <= 0)
        i++;
    return i;
}

/*
 * "3.9 (also backported to 3.5.23, 3.6.13, 3.7.9, 3.8.4)": present from 3.9
 * on, and in each listed release series from that patch level on.
 */
static bool introduced_by(const char *text, pf_version v)
{
    pf_version since, port;
    const char *cp;

    if (!version_parse_loose(text, &since) || version_cmp(v, since) >= 0)
        return true;
    if ((cp = strstr(text, "also")) == NULL)
        return false;
    for (; *cp; cp++) {
        if (!version_parse_loose(cp, &port))
            break;
        cp += strcspn(cp, "0123456789");
        cp += strspn(cp, "0123456789.");
        if (port.major == v.major && port.minor == v.minor
            && v.patch >= port.patch)
            return true;
        if (*cp == '\0')
            break;
    }
    return false;
}

static struct {
    bool loaded;
    pf_version v;
    char **names;               /* sorted */
    size_t n;
} installed;

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static void forget_memo(void);

void params_install(pf_version v, const char *const *names, size_t n)
{
    params_uninstall();
    forget_memo();
    installed.loaded = true;
    installed.v = v;
    installed.names = xcalloc(n + 1, sizeof(char *));
    for (size_t i = 0; i < n; i++)
        installed.names[i] = xstrdup(names[i]);
    installed.n = n;
    qsort(installed.names, n, sizeof(char *), compare_names);
}

void params_uninstall(void)
{
    if (installed.loaded)
        forget_memo();
    for (size_t i = 0; i < installed.n; i++)
        free(installed.names[i]);
    free(installed.names);
    memset(&installed, 0, sizeof(installed));
}

bool params_installed(const char *name, pf_version v, bool *applies)
{
    *applies = installed.loaded && version_cmp(installed.v, v) == 0;
    return *applies && bsearch(&name, installed.names, installed.n,
                               sizeof(char *), compare_names) != NULL;
}

static bool builtin_in(const param_info *p, pf_version v)
{
    bool applies, known = params_installed(p->name, v, &applies);

    /* The installed Postfix's own list, where there is one. */
    if (applies)
        return known;
    pf_version gone;

    if (str_starts(p->used_by, "none")
        || strstr(p->used_by, "per-transport") != NULL)
        return false;
    if (!introduced_by(p->introduced, v))
        return false;
    if (p->removed[0] && version_parse_loose(p->removed, &gone)
        && version_cmp(v, gone) >= 0)
        return false;
    return true;
}

/* Parsing the version texts each time cost most of a run with many
 * unknown names (each is compared with every parameter of the version):
 * the answers are kept for the last eight versions asked about. */
static struct {
    pf_version v;
    signed char *rows;      /* per row: -1 unknown, 0, 1 */
} memo[8];
static size_t memo_next;

static void forget_memo(void)
{
    for (size_t k = 0; k < 8; k++)
        if (memo[k].rows)
            memset(memo[k].rows, -1, param_table_len);
}

bool param_builtin_in(const param_info *p, pf_version v)
{
    size_t i = (size_t) (p - param_table), k;

    if (i >= param_table_len)
        return builtin_in(p, v);
    for (k = 0; k < 8; k++)
        if (memo[k].rows && version_cmp(memo[k].v, v) == 0)
            break;
    if (k == 8) {
        k = memo_next++ % 8;
        if (memo[k].rows == NULL)
            memo[k].rows = xmalloc(param_table_len);
        memset(memo[k].rows, -1, param_table_len);
        memo[k].v = v;
    }
    if (memo[k].rows[i] < 0)
        memo[k].rows[i] = builtin_in(p, v);
    return memo[k].rows[i];
}

bool param_is_raw(const param_info *p)
{
    return p != NULL && str_starts(p->kind, "raw_");
}

bool param_is_template(const param_info *p)
{
    return p != NULL && str_starts(p->kind, "raw_template");
}

const char *param_default_in(const param_info *p, pf_version v)
{
    int i = series_index(v);

    /* A parameter that came between two series (postscreen_dnsbl_max_ttl
     * in 3.1, between the 2.11 and 3.4 columns) has no default in the
     * series below it: the next series' default is the one it came with. */
    if (p->defaults[i] == NULL && param_builtin_in(p, v))
        while (i + 1 < PARAM_SERIES && p->defaults[i] == NULL)
            i++;
    return p->defaults[i];
}
