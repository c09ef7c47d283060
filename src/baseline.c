/*
 * baseline.c - fingerprints of findings, written to and read from a
 * baseline file.
 *
 * Interface: see baseline.h. The file is written through a temporary
 * file in the same directory, synced and renamed: a crash never leaves
 * half a baseline. Diagnostics: none; errors are returned as one line.
 */
#include "baseline.h"
#include "safe_write.h"
#include "safe_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long long fnv1a(unsigned long long h, const char *s,
                                size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char) s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The line the span starts on, white space collapsed. */
static unsigned long long hash_line(unsigned long long h, const span *sp)
{
    const char *text = sp->src->text;
    size_t start = sp->off, end = sp->off;
    bool space = true;

    while (start > 0 && text[start - 1] != '\n')
        start--;
    while (end < sp->src->len && text[end] != '\n')
        end++;
    for (size_t i = start; i < end; i++) {
        if (pf_isspace(text[i])) {
            space = true;
            continue;
        }
        if (space && i > start)
            h = fnv1a(h, " ", 1);
        space = false;
        h = fnv1a(h, text + i, 1);
    }
    return h;
}

static unsigned long long fingerprint(const diagnostic *d)
{
    unsigned long long h = 14695981039346656037ULL;

    h = fnv1a(h, d->rule, strlen(d->rule) + 1);
    if (d->sp.src) {
        const char *slash = strrchr(d->sp.src->path, '/');
        const char *base = slash ? slash + 1 : d->sp.src->path;

        h = fnv1a(h, base, strlen(base) + 1);
        h = hash_line(h, &d->sp);
        h = fnv1a(h, d->sp.src->text + d->sp.off,
                  d->sp.end_off - d->sp.off);
        /* A table file's text is not held: its line and message then. */
        if (d->sp.src->len == 0) {
            h = fnv1a(h, (const char *) &d->sp.line, sizeof(d->sp.line));
            h = fnv1a(h, d->message, strlen(d->message));
        }
    } else {
        h = fnv1a(h, d->message, strlen(d->message));
    }
    return h;
}

/* A baseline line: "FINGERPRINT<TAB>..."; comments and blank lines skip. */
static bool parse_line(baseline *b, const char *line)
{
    unsigned long long print;
    char *end;

    if (line[0] == '#' || line[0] == '\0')
        return true;
    print = strtoull(line, &end, 16);
    if (end == line || (*end != '\t' && *end != '\0'))
        return false;
    b->prints = grow_array(b->prints, &b->cap, b->n + 1, sizeof(*b->prints));
    b->prints[b->n++] = print;
    return true;
}

static int compare_prints(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *) a;
    unsigned long long y = *(const unsigned long long *) b;

    return x < y ? -1 : x > y;
}

bool baseline_parse(baseline *b, const char *name, char *text, size_t len,
                    char **why)
{
    char *line, *nl;
    int lineno = 0;

    memset(b, 0, sizeof(*b));
    for (line = text; line < text + len; line = nl + 1) {
        nl = memchr(line, '\n', (size_t) (text + len - line));
        if (nl == NULL)
            nl = text + len;
        *nl = '\0';
        lineno++;
        if (strlen(line) != (size_t) (nl - line) || !parse_line(b, line)) {
            *why = xasprintf("%s:%d: not a postlint baseline line", name,
                             lineno);
            baseline_free(b);
            return false;
        }
    }
    /* Sorted: each finding is looked up by bisection. */
    if (b->n)
        qsort(b->prints, b->n, sizeof(*b->prints), compare_prints);
    return true;
}

bool baseline_read(baseline *b, const char *path, char **why)
{
    char *text;
    size_t len;
    int err;
    sf_status st;
    bool ok;

    memset(b, 0, sizeof(*b));
    /* The shared careful reader: no FIFO, device or directory, bounded. */
    st = safe_read_file(path, BASELINE_MAX_BYTES, 0, &text, &len, &err);
    if (st != SF_OK) {
        *why = xasprintf("%s: cannot read the baseline: %s", path,
                         sf_reason(st, err));
        return false;
    }
    ok = baseline_parse(b, path, text, len, why);
    free(text);
    return ok;
}

void baseline_free(baseline *b)
{
    free(b->prints);
    memset(b, 0, sizeof(*b));
}

/* The first entry of print in the sorted prints not yet taken, or
 * SIZE_MAX: equal prints sit together, and each is taken once. */
static size_t take(const baseline *b, bool *taken, unsigned long long print)
{
    size_t lo = 0, hi = b->n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (b->prints[mid] < print)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < b->n && b->prints[lo] == print; lo++)
        if (!taken[lo])
            return lo;
    return SIZE_MAX;
}

size_t baseline_filter(const baseline *b, diag_set *diags)
{
    bool *taken = xcalloc(b->n + 1, sizeof(bool));
    size_t kept = 0, removed = 0, k;

    for (size_t i = 0; i < diags->n; i++) {
        if ((k = take(b, taken, fingerprint(&diags->items[i]))) != SIZE_MAX) {
            taken[k] = true;
            free(diags->items[i].message);
            free(diags->items[i].fix.replacement);
            removed++;
        } else {
            diags->items[kept++] = diags->items[i];
        }
    }
    diags->n = kept;
    free(taken);
    return removed;
}

char *baseline_write(const diag_set *diags, const char *path)
{
    strbuf text;
    char *why, *msg = NULL;
    mode_t mask = umask(0);

    umask(mask);
    sb_init(&text);
    sb_adds(&text, "# postlint baseline: findings recorded on purpose; "
            "postlint --baseline FILE reports only new ones.\n"
            "# fingerprint\trule\tfile:line\tmessage\n");
    for (size_t i = 0; i < diags->n; i++) {
        const diagnostic *d = &diags->items[i];

        sb_printf(&text, "%016llx\t%s\t%s:%d\t", fingerprint(d), d->rule,
                  d->sp.src ? d->sp.src->path : "postlint", d->sp.line);
        sb_add_printable(&text, d->message, 300);
        sb_addc(&text, '\n');
    }
    why = safe_replace(path, NULL, 0, (int) (0666 & ~mask),
                       text.data ? text.data : "", text.len);
    if (why)
        msg = xasprintf("%s: cannot write the baseline: %s", path, why);
    free(why);
    sb_free(&text);
    return msg;
}
