/*
 * unit.c - unit checks for modules whose corner cases the golden files
 * cannot reach, linked with postlint's own objects (all but main.o).
 *
 *   postlint-unit fixes          the fix plan: duplicates, conflicts,
 *                                guesses, whole-line deletions, rendering
 *   postlint-unit udiff OLD NEW  print udiff(OLD, NEW) (tests/unit.sh
 *                                checks that patch turns OLD into NEW)
 *   postlint-unit logread blocks|lines FILE
 *                                print the lines log_read delivers, in
 *                                blocks or one by one, then "#long N"
 *                                (tests/unit.sh compares with Python)
 *   postlint-unit table KIND FILE [VERSION] [noregsub] [columns]
 *                                table_check_file() on a regexp, pcre or
 *                                cidr table: one "LINE: MESSAGE" per
 *                                problem ("LINE:COL: EFFECT: MESSAGE"
 *                                with columns; tests/table-postmap.sh
 *                                compares with real postmap)
 *
 * Prints "ok ..." / "FAIL ..." lines, as the other test drivers do.
 */
#include "fixes.h"
#include "log_read.h"
#include "suggest.h"
#include "table_check.h"
#include "udiff.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(bool ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* A span of src covering bytes [off, end). */
static span at(const source *src, size_t off, size_t end)
{
    span sp = {0};

    sp.src = src;
    sp.off = off;
    sp.end_off = end;
    source_position(src, off, &sp.line, &sp.col);
    source_position(src, end, &sp.end_line, &sp.end_col);
    return sp;
}

static void add_fix(diag_set *set, const source *src, const char *rule,
                    size_t off, size_t end, const char *text, bool unsafe)
{
    span sp = at(src, off, end);
    diagnostic *d = diag_add(set, rule, SEV_WARNING, &sp, "test");

    diag_set_fix(d, &sp, text);
    d->fix.unsafe = unsafe;
}

static source *text_source(const char *text)
{
    char *why = NULL;
    source *src = source_from_text("main.cf", xstrdup(text), strlen(text),
                                   &why);

    if (src == NULL)
        fatal("%s", why);
    return src;
}

static char *render(const diag_set *set, const source *src, fix_plan *plan)
{
    fix_file file = {src, "main.cf"};
    size_t len;

    fix_plan_build(plan, set, &file, 1);
    return fix_plan_render(plan, src, &len);
}

static void check_fixes(void)
{
    const char *text = "a = 1\nb = 2\n  -o x=y\nc = 3\n";
    source *src = text_source(text);
    diag_set set = {0};
    fix_plan plan;
    char *out;

    /* Two rules, the same edit: applied once. */
    add_fix(&set, src, "r1", 4, 5, "9", false);
    add_fix(&set, src, "r2", 4, 5, "9", false);
    out = render(&set, src, &plan);
    expect(str_eq(out, "a = 9\nb = 2\n  -o x=y\nc = 3\n")
           && plan.n_skipped == 0, "fixes: a duplicate edit is applied once");
    free(out);
    fix_plan_free(&plan);
    diag_free(&set);

    /* Overlapping, different: neither applied, both listed. */
    add_fix(&set, src, "r1", 10, 11, "8", false);
    add_fix(&set, src, "r2", 6, 11, "b = 7", false);
    add_fix(&set, src, "r3", 0, 1, "A", false);
    out = render(&set, src, &plan);
    expect(str_eq(out, "A = 1\nb = 2\n  -o x=y\nc = 3\n")
           && plan.n_skipped == 2, "fixes: overlapping different edits are "
           "both withheld and listed; the rest applies");
    free(out);
    fix_plan_free(&plan);
    diag_free(&set);

    /* Two insertions at one point conflict; a guess is never applied. */
    add_fix(&set, src, "r1", 5, 5, "\nx = 1", false);
    add_fix(&set, src, "r2", 5, 5, "\ny = 1", false);
    add_fix(&set, src, "r3", 25, 26, "4", true);
    out = render(&set, src, &plan);
    expect(str_eq(out, text) && plan.n_skipped == 3,
           "fixes: two insertions at one point conflict; a guess is listed");
    free(out);
    fix_plan_free(&plan);
    diag_free(&set);

    /* Deleting all of a line's text removes the line itself. */
    add_fix(&set, src, "r1", 14, 20, "", false);
    out = render(&set, src, &plan);
    expect(str_eq(out, "a = 1\nb = 2\nc = 3\n"),
           "fixes: a deletion that empties its line removes the line");
    free(out);
    fix_plan_free(&plan);
    diag_free(&set);
    source_free(src);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    strbuf sb;
    char buf[4096];
    size_t n;

    if (fp == NULL)
        fatal("cannot read %s", path);
    sb_init(&sb);
    sb_add(&sb, "", 0);
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        sb_add(&sb, buf, n);
    fclose(fp);
    *len = sb.len;
    return sb_steal(&sb);
}

/* Every line log_read delivers from path, one per output line, then
 * the count of lines skipped as too long. */
static int print_log_lines(const char *mode, const char *path)
{
    char *why = NULL, *buf;
    log_reader *r = log_reader_open(path, &why);
    const char *line, *at;
    size_t len, n;
    uint64_t long_lines = 0;

    if (r == NULL) {
        fprintf(stderr, "%s\n", why);
        free(why);
        return 2;
    }
    if (str_eq(mode, "blocks")) {
        buf = xmalloc(LOG_BLOCK_SIZE);
        while (log_reader_block(r, buf, &n))
            for (at = buf; log_block_line(&at, buf + n, &line, &len,
                                          &long_lines);)
                printf("%.*s\n", (int) len, line);
        free(buf);
    } else
        while (log_reader_next(r, &line, &len))
            printf("%.*s\n", (int) len, line);
    printf("#long %llu\n",
           (unsigned long long) (long_lines + log_reader_long_lines(r)));
    log_reader_close(r);
    return 0;
}

/* Optimal string alignment distance, the whole table: what suggest.c's
 * banded version must agree with (capped at limit + 1). */
static int full_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int d[40][40];

    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int) i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int) j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int c = a[i - 1] != b[j - 1], m = d[i - 1][j] + 1;

            if (d[i][j - 1] + 1 < m)
                m = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + c < m)
                m = d[i - 1][j - 1] + c;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < m)
                m = d[i - 2][j - 2] + 1;
            d[i][j] = m;
        }
    return d[la][lb];
}

/* Random pairs over a small alphabet (many near misses): 200,000 pairs,
 * each at limits 1, 2 and 3, with a fixed seed. */
static void check_edit_distance(void)
{
    unsigned long seed = 7;
    long bad = 0;

    for (int t = 0; t < 200000; t++) {
        char a[32], b[32];
        size_t la, n;

#define RND() (seed = seed * 6364136223846793005UL + 1442695040888963407UL, \
               (unsigned) (seed >> 33))
        la = RND() % 14;
        for (size_t i = 0; i < la; i++)
            a[i] = "abc_"[RND() % 4];
        a[la] = '\0';
        memcpy(b, a, la + 1);
        for (unsigned k = RND() % 4; k > 0; k--) {
            size_t p;

            n = strlen(b);
            p = n ? RND() % (n + 1) : 0;
            switch (RND() % 3) {
            case 0:
                if (n < 30) {
                    memmove(b + p + 1, b + p, n - p + 1);
                    b[p] = "abc_"[RND() % 4];
                }
                break;
            case 1:
                if (p < n)
                    memmove(b + p, b + p + 1, n - p);
                break;
            default:
                if (p < n)
                    b[p] = "abc_"[RND() % 4];
            }
        }
#undef RND
        for (int limit = 1; limit <= 3; limit++) {
            int want = full_distance(a, b);

            bad += edit_distance(a, b, limit) != (want > limit ? limit + 1
                                                  : want);
        }
    }
    expect(bad == 0, "edit_distance (banded) agrees with the full table on "
           "600,000 random cases");
}

static void print_table_problem(void *ctx, int line, int col,
                                const char *message, table_effect effect)
{
    static const char *const effects[] = {
        "dropped", "kept", "table", "not-checked"
    };

    if (*(const bool *) ctx)
        printf("%d:%d: %s: %s\n", line, col, effects[effect], message);
    else
        printf("%d: %s\n", line, message);
}

/* table KIND FILE [VERSION] [noregsub] [columns] */
static int check_table(int argc, char **argv)
{
    static const char *const kinds[] = { "regexp", "pcre", "cidr" };
    pf_version v = { 3, 7, 11 };
    unsigned flags = 0;
    bool columns = false;
    const char *why;
    int kind = -1;

    for (int k = 0; k < 3; k++)
        if (str_eq(argv[2], kinds[k]))
            kind = k;
    for (int i = 4; i < argc; i++) {
        if (str_eq(argv[i], "noregsub"))
            flags |= TABLE_CHECK_NO_REGSUB;
        else if (str_eq(argv[i], "columns"))
            columns = true;
        else if (!version_parse(argv[i], &v))
            kind = -1;
    }
    if (kind < 0) {
        fprintf(stderr, "usage: postlint-unit table regexp|pcre|cidr FILE "
                "[VERSION] [noregsub] [columns]\n");
        return 2;
    }
    if (!table_check_file((table_kind) kind, argv[3], v, flags,
                          print_table_problem, &columns, &why)) {
        fprintf(stderr, "postlint-unit: %s: %s\n", argv[3], why);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && str_eq(argv[1], "table"))
        return check_table(argc, argv);
    if (argc == 4 && str_eq(argv[1], "logread"))
        return print_log_lines(argv[2], argv[3]);
    if (argc == 2 && str_eq(argv[1], "fixes")) {
        check_fixes();
        return failures != 0;
    }
    if (argc == 2 && str_eq(argv[1], "distance")) {
        check_edit_distance();
        return failures != 0;
    }
    if (argc == 4 && str_eq(argv[1], "udiff")) {
        size_t alen, blen;
        char *a = slurp(argv[2], &alen), *b = slurp(argv[3], &blen);
        strbuf out;

        sb_init(&out);
        udiff(argv[2], a, alen, b, blen, &out);
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
        sb_free(&out);
        free(a);
        free(b);
        return 0;
    }
    fprintf(stderr, "usage: postlint-unit fixes | distance | udiff OLD NEW"
            " | logread blocks|lines FILE | table KIND FILE\n");
    return 2;
}
