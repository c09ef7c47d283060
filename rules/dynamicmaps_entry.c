/*
 * dynamicmaps_entry.c - rule "dynamicmaps-entry": $meta_directory/
 * dynamicmaps.cf (and the files in dynamicmaps.cf.d), where the lookup
 * table plugins are registered, as dymap_init() of 3.7.11 reads them
 * (global/dynamicmaps.c).
 *
 * Every Postfix daemon (the master(8) server skeletons), postmap,
 * postalias, sendmail and postconf -m read them when they start; postfix
 * check and postfix start do not. A file is read line by line, a line
 * that starts with '#' or is empty is skipped, the others are split at
 * blanks and tabs:
 *   - not 3 or 4 fields (a blank line that is not empty too): fatal
 *     "PATH, line N: Expected \"dict-type .so-name dict-function
 *     [mkmap-function]\"";
 *   - a first field that does not start with a letter or digit (an
 *     indented comment too): fatal "PATH, line N: unsupported syntax";
 *   - a type registered again: warning "ignoring duplicate entry";
 *   - a file not owned by root or writable by group or other: warning,
 *     and the file is skipped.
 * dynamicmaps.cf.d existing and not a readable directory: warning
 * "directory open failed". A plugin (.so-name, relative to
 * $shlib_directory) that does not exist, or that is not root's or is
 * group/other writable, is found out when a table of its type is opened:
 * warning "unsupported dictionary type: TYPE (PATH: ...)", then "error:
 * unsupported dictionary type" and every lookup fails. That is reported
 * for the types the configuration uses; and an indexed plugin type (lmdb,
 * cdb) whose line has no mkmap-function, which postmap and postalias
 * cannot build: fatal "unsupported dictionary type: lmdb does not
 * support bulk-mode creation." (a warning: the daemons still read it).
 *
 * Under --root the files are read inside the root and their owner and
 * mode are not judged (a build root is not owned by root); --no-files:
 * nothing is read.
 */
#include "rule.h"
#include "effective.h"
#include "rootpath.h"
#include "safe_file.h"
#include "table.h"
#include "table_refs.h"
#include "table_types.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DYMAP_MAX_LINES 10000
#define DYMAP_MAX_FILES 200
#define DYMAP_MAX_BYTES (1u * 1024 * 1024)

typedef struct dymap_entry {
    char *type, *soname;        /* soname made absolute */
    bool mkmap;                 /* a 4th field: postmap can build it */
    const char *path;           /* the file that registered it */
    int line;
} dymap_entry;

typedef struct dymap_state {
    const lint_ctx *ctx;
    const rule_desc *self;
    char *shlib;                /* $shlib_directory */
    dymap_entry *e;
    size_t n, cap;
    char **paths;               /* the files read, kept for the entries */
    size_t n_paths, cap_paths;
} dymap_state;

static char *expanded(const lint_ctx *ctx, const char *name)
{
    eff_value e = effective_lookup(ctx->m, NULL, name);
    expand_result res;
    strbuf out;
    char *v = NULL;

    if (e.value == NULL)
        return NULL;
    memset(&res, 0, sizeof(res));
    sb_init(&out);
    effective_expand(ctx->m, NULL, name, e.value, &out, &res);
    if (!res.error && !res.too_large && out.len > 0)
        v = xstrdup(out.data);
    sb_free(&out);
    expand_result_free(&res);
    return v;
}

/* The on-disk path of a configured path (inside --root), or NULL. */
static char *on_disk(const char *path)
{
    char *why = NULL, *real;

    if (root_get() == NULL)
        return xstrdup(path);
    real = root_resolve(path, &why);
    free(why);
    return real;
}

static span line_span(const char *path, int line, int col)
{
    span sp;

    memset(&sp, 0, sizeof(sp));
    sp.src = table_source(path);
    sp.line = sp.end_line = line;
    sp.col = sp.end_col = col;
    return sp;
}

static const char *readers =
    "every Postfix daemon (smtpd, cleanup, qmgr, postlogd ...), "
    "sendmail, postmap and postconf -m";

static const dymap_entry *registered(const dymap_state *s, const char *type)
{
    for (size_t i = 0; i < s->n; i++)
        if (str_eq(s->e[i].type, type))
            return &s->e[i];
    return NULL;
}

static bool bad_owner(const struct stat *st)
{
    return root_get() == NULL
        && (st->st_uid != 0 || (st->st_mode & (S_IWGRP | S_IWOTH)) != 0);
}

static void read_line(dymap_state *s, const char *path, int line,
                      char *text)
{
    char *field[5], *p = text;
    int cols[5], n = 0;
    span sp;

    while (*p) {
        p += strspn(p, " \t");
        if (*p == '\0')
            break;
        if (n < 5) {
            field[n] = p;
            cols[n] = (int) (p - text) + 1;
        }
        n++;
        p += strcspn(p, " \t");
        if (*p)
            *p++ = '\0';
    }
    if (n != 3 && n != 4) {
        sp = line_span(path, line, n ? cols[0] : 1);
        report(s->ctx, s->self, &sp,
               "this line has %d field%s, not 3 or 4 (dict-type .so-name "
               "dict-function [mkmap-function]):" DIAG_NOTE
               " %s of Postfix %s stop with \"fatal: %s, line %d: Expected "
               "\\\"dict-type .so-name dict-function [mkmap-function]\\\"\": "
               "no mail moves (postfix check and postfix start say nothing)",
               n, n == 1 ? "" : "s", readers,
               s->ctx->version_text, path, line);
        return;
    }
    if (!isalnum((unsigned char) field[0][0])) {
        sp = line_span(path, line, cols[0]);
        report(s->ctx, s->self, &sp,
               "the table type \"%.60s\" does not start with a letter or "
               "digit%s:" DIAG_NOTE
               " %s of Postfix %s stop with \"fatal: %s, line %d: "
               "unsupported syntax \\\"%.60s\\\"\": no mail moves (postfix "
               "check and postfix start say nothing)", field[0],
               field[0][0] == '#' ? " (a comment must start in the first "
               "column)" : "", readers, s->ctx->version_text, path, line,
               field[0]);
        return;
    }
    if (registered(s, field[0])) {
        const dymap_entry *first = registered(s, field[0]);

        sp = line_span(path, line, cols[0]);
        report_sev(s->ctx, s->self, SEV_WARNING, &sp,
                   "the table type \"%.60s\" is registered again (first: "
                   "%.60s, line %d):" DIAG_NOTE
                   " every program that reads it (Postfix %s) logs "
                   "\"warning: %s: ignoring duplicate entry for \\\"%.60s\\\"\" "
                   "and uses the first entry; remove one", field[0], first->path, first->line, s->ctx->version_text,
                   path, field[0]);
        return;
    }
    s->e = grow_array(s->e, &s->cap, s->n + 1, sizeof(*s->e));
    s->e[s->n].type = xstrdup(field[0]);
    s->e[s->n].soname = field[1][0] == '/' ? xstrdup(field[1])
        : xasprintf("%s/%s", s->shlib ? s->shlib : "", field[1]);
    s->e[s->n].mkmap = n == 4;
    s->e[s->n].path = path;
    s->e[s->n].line = line;
    s->n++;
}

static void read_conf(dymap_state *s, const char *conf)
{
    char *real = on_disk(conf), *buf = NULL;
    size_t cap = 0;
    ssize_t len;
    struct stat st;
    const char *path;
    int line = 0, fd, err;
    FILE *fp;
    span sp;

    /* Missing: Postfix says nothing. A directory: it reads nothing. */
    if (real == NULL
        || safe_open_file(real, DYMAP_MAX_BYTES,
                          root_get() ? SF_NO_SYMLINK : 0, &fd, &st,
                          &err) != SF_OK) {
        free(real);
        return;
    }
    free(real);
    if ((fp = fdopen(fd, "r")) == NULL) {
        close(fd);
        return;
    }
    s->paths = grow_array(s->paths, &s->cap_paths, s->n_paths + 1,
                          sizeof(*s->paths));
    path = s->paths[s->n_paths++] = xstrdup(conf);
    if (bad_owner(&st)) {
        sp = line_span(path, 1, 1);
        report_sev(s->ctx, s->self, SEV_WARNING, &sp,
                   "%.80s is %s: Postfix does not read it, and the table types "
                   "it registers are unknown:" DIAG_NOTE
                   " %s of Postfix %s log \"warning: %s: file is owned or "
                   "writable by non-root users -- skipping this file\"; "
                   "chown root and chmod go-w it", path, st.st_uid != 0
                   ? "not owned by root" : "writable by group or other",
                   readers, s->ctx->version_text, path);
        fclose(fp);
        return;
    }
    while (line < DYMAP_MAX_LINES && (len = getline(&buf, &cap, fp)) >= 0) {
        line++;
        if (len > 0 && buf[len - 1] == '\n')
            buf[--len] = '\0';
        if (buf[0] == '#' || buf[0] == '\0')
            continue;
        read_line(s, path, line, buf);
    }
    free(buf);
    fclose(fp);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static void read_conf_dir(dymap_state *s, const char *conf)
{
    char *dir = xasprintf("%s.d", conf), *real = on_disk(dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    struct stat st;
    DIR *dp;
    span sp;

    if (real == NULL || stat(real, &st) != 0) {
        free(real);
        free(dir);
        return;                 /* none: Postfix says nothing */
    }
    if (!S_ISDIR(st.st_mode) && (st.st_mode & 0111) != 0) {
        /* access(R_OK | X_OK) passes for root, opendir() fails. */
        sp = line_span(dir, 1, 1);
        report(s->ctx, s->self, &sp,
               "%.80s is not a directory:" DIAG_NOTE
               " %s of Postfix %s stop with \"fatal: scan_dir_push: open "
               "directory %s: Not a directory\": no mail moves (postfix "
               "check and postfix start say nothing); remove it, or make it "
               "a directory", dir, readers, s->ctx->version_text, dir);
        free(real);
        free(dir);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        sp = line_span(dir, 1, 1);
        report_sev(s->ctx, s->self, SEV_WARNING, &sp,
                   "%.80s is not a directory: the plugins meant to be "
                   "registered there are not:" DIAG_NOTE
                   " %s of Postfix %s log \"warning: %s: directory open "
                   "failed: Permission denied\"; remove it, or make it a "
                   "directory", dir, readers, s->ctx->version_text, dir);
        free(real);
        free(dir);
        return;
    }
    if ((dp = opendir(real)) == NULL) {
        free(real);             /* postlint may not; root's Postfix can */
        free(dir);
        return;
    }
    /* Postfix reads them in directory order; sorted here, so that a
     * duplicate between two of them is named the same way every run. */
    while ((de = readdir(dp)) != NULL && n < DYMAP_MAX_FILES) {
        if (str_eq(de->d_name, ".") || str_eq(de->d_name, ".."))
            continue;
        names = grow_array(names, &cap, n + 1, sizeof(*names));
        names[n++] = xasprintf("%s/%s", dir, de->d_name);
    }
    closedir(dp);
    if (n > 1)
        qsort(names, n, sizeof(*names), by_name);
    for (size_t i = 0; i < n; i++) {
        read_conf(s, names[i]);
        free(names[i]);
    }
    free(names);
    free(real);
    free(dir);
}

/* The plugins of the types the configuration uses. */
static void check_plugins(dymap_state *s)
{
    const table_refs *t = s->ctx->tables;

    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        const dymap_entry *e = registered(s, r->type);
        char *real;
        struct stat st;
        const char *why = NULL;
        bool seen = false;

        /* A built-in type is found before the plugins. */
        if (!r->located || e == NULL || table_type_package(r->type) == NULL)
            continue;
        for (size_t j = 0; j < i && !seen; j++)
            seen = str_eq(t->refs[j].type, r->type) && t->refs[j].located;
        if (seen)
            continue;
        real = on_disk(e->soname);
        if (real == NULL || stat(real, &st) != 0)
            why = strerror(real ? errno : ENOENT);
        else if (bad_owner(&st))
            why = "file is owned or writable by non-root users";
        free(real);
        if (why == NULL) {
            if (!e->mkmap && table_built_suffix(r->type))
                report_sev(s->ctx, s->self, SEV_WARNING, &r->sp,
                           "%.60s in %s: postmap cannot build %s tables: "
                           "the %s line of dynamicmaps.cf (%.60s, line %d) "
                           "names no mkmap-function:" DIAG_NOTE
                           " postmap and postalias of Postfix %s stop with "
                           "\"fatal: unsupported dictionary type: %s does "
                           "not support bulk-mode creation.\"; the daemons "
                           "still read a table built before. Add the 4th "
                           "field (mkmap_%s_open)", r->outer, r->param,
                           r->type, r->type, e->path, e->line,
                           s->ctx->version_text, r->type, r->type);
            continue;
        }
        report(s->ctx, s->self, &r->sp,
               "%.60s in %s: the %.20s plugin %.60s (%.60s, line %d) "
               "cannot be loaded: %s:" DIAG_NOTE
               " each program that opens it (Postfix %s) logs \"warning: "
               "unsupported dictionary type: %s (%s: %s)\" and \"error: "
               "unsupported dictionary type: %s\", and every lookup fails: "
               "mail is deferred (postmap stops with \"fatal: unsupported "
               "dictionary type: %s\")", r->outer, r->param, r->type,
               e->soname, e->path, e->line, why, s->ctx->version_text,
               r->type, e->soname, why, r->type, r->type);
    }
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_0 = {3, 0, 0};
    dymap_state s;
    char *meta, *conf;

    if (root_no_files() || version_cmp(ctx->version, v3_0) < 0)
        return;
    /* The file of the Postfix that will read this configuration: inside
     * --root, or this machine's when its Postfix is the target. */
    if (root_get() == NULL && !ctx->installed_target)
        return;
    if ((meta = expanded(ctx, "meta_directory")) == NULL)
        return;
    memset(&s, 0, sizeof(s));
    s.ctx = ctx;
    s.self = self;
    s.shlib = expanded(ctx, "shlib_directory");
    conf = xasprintf("%s/dynamicmaps.cf", meta);
    read_conf(&s, conf);
    read_conf_dir(&s, conf);
    check_plugins(&s);
    for (size_t i = 0; i < s.n; i++) {
        free(s.e[i].type);
        free(s.e[i].soname);
    }
    for (size_t i = 0; i < s.n_paths; i++)
        free(s.paths[i]);
    free(s.paths);
    free(s.e);
    free(s.shlib);
    free(conf);
    free(meta);
}

const rule_desc rule_dynamicmaps_entry = {
    "dynamicmaps-entry", SEV_ERROR,
    "dynamicmaps.cf (or dynamicmaps.cf.d) has a line Postfix refuses, a "
    "duplicate, or a plugin that cannot be loaded",
    "$meta_directory/dynamicmaps.cf and the files in dynamicmaps.cf.d "
    "register the lookup table plugins. Every Postfix daemon, sendmail, "
    "postmap and postconf -m read them at start: a line without 3 or 4 "
    "fields, or whose type does not start with a letter or digit, stops "
    "them all. A type registered twice, a file not owned by root or "
    "writable by others, and a dynamicmaps.cf.d that is not a directory "
    "are warnings. A plugin of a type the configuration uses that does "
    "not exist, or is not root's, makes every lookup in those tables fail; "
    "an lmdb or cdb line without a mkmap-function stops postmap.",
    check,
    SEV_ALSO(SEV_WARNING)
};
