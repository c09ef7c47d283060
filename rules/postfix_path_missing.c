/*
 * postfix_path_missing.c - rule "postfix-path-missing": a directory or
 * program Postfix needs is not there.
 *
 * Postfix 3.7.11 (the same in 2.6-3.11):
 *   - postfix(1) changes to command_directory, daemon_directory and
 *     queue_directory before anything else ("fatal: chdir(DIR): No such
 *     file or directory", postfix.c), as master(8), every daemon skeleton,
 *     postdrop, postsuper and sendmail do with queue_directory: Postfix
 *     does not start, and a reload or a submission fails;
 *   - postfix(1) runs $daemon_directory/postfix-script ("fatal:
 *     DIR/postfix-script: No such file or directory"), sendmail(1) runs
 *     $command_directory/postdrop ("unable to execute");
 *   - master(8) runs $daemon_directory/COMMAND for each master.cf entry
 *     (master_ent.c joins them even when COMMAND starts with '/'); a
 *     missing one dies at once ("fatal: master_spawn: exec PATH: No such
 *     file or directory"), and master throttles the service;
 *   - with multi_instance_directories non-empty, postfix(1) hands every
 *     command to multi_instance_wrapper instead of postfix-script: an
 *     empty wrapper is fatal ("multi-instance support is requested, but
 *     multi_instance_wrapper is empty", judged from main.cf alone), and
 *     a wrapper whose first word is an absolute path that cannot be run
 *     is fatal too ("fatal: PATH: No such file or directory").
 * Judged only where the files are the ones Postfix will use: under
 * --root (explicit settings only: a package's compiled-in directories
 * are not known there), or for the Postfix installed here when it is the
 * target (its postconf -d gives the compiled-in directories). Never under
 * --no-files.
 */
#include "rule.h"
#include "effective.h"
#include "listtok.h"
#include "rootpath.h"
#include "suggest.h"
#include "target.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct dir_param {
    const char *name;
    char *value;                /* expanded; NULL when not judged */
    const span *sp;             /* the main.cf setting; NULL: a default */
    bool present;               /* an existing directory */
} dir_param;

/* The value Postfix uses and where it is written; false when it is a
 * default postlint cannot know (see above). */
static bool read_dir(const lint_ctx *ctx, dir_param *d)
{
    eff_value v = effective_lookup(ctx->m, NULL, d->name);
    const char *def;

    if (v.origin == ORIGIN_MAIN && v.entry) {
        expand_result res = {0};
        strbuf out;

        sb_init(&out);
        effective_expand(ctx->m, NULL, d->name, v.value, &out, &res);
        if (!res.error && !res.too_large && out.data[0] == '/') {
            d->value = sb_steal(&out);
            d->sp = &v.entry->value_sp;
        }
        sb_free(&out);
        expand_result_free(&res);
        return d->value != NULL;
    }
    if (root_get() != NULL || !ctx->installed_target)
        return false;
    def = target_installed_default(false, ctx->version, d->name);
    if (def == NULL || def[0] != '/')
        return false;
    d->value = xstrdup(def);
    return true;
}

/* stat() of path as Postfix will see it (inside --root); errno kept. */
static int stat_path(const char *path, struct stat *st)
{
    char *why = NULL;
    char *real = root_resolve(path, &why);
    int rc;

    if (real == NULL) {
        free(why);
        errno = ELOOP;
        return -1;
    }
    rc = stat(real, st);
    free(real);
    return rc;
}

static const char *where_text(void);
static bool program_ok(const char *dir, const char *name, int *err);

/* The value of name in main.cf scope, expanded ("" when undefined, NULL
 * when the expansion fails); *sp its main.cf line, if any. */
static char *main_value(const lint_ctx *ctx, const char *name,
                        const span **sp)
{
    eff_value v = effective_lookup(ctx->m, NULL, name);

    *sp = v.origin == ORIGIN_MAIN && v.entry ? &v.entry->value_sp : NULL;
    return v.value ? effective_text(ctx->m, NULL, name, v.value)
                   : xstrdup("");
}

/* Does the value hold at least one word of the separators' kind? */
static bool has_words(const char *v, const char *seps)
{
    return v[strspn(v, seps)] != '\0';
}

/* multi_instance_directories non-empty: postfix(1), run without -c and
 * MAIL_CONFIG (as at boot), runs the wrapper; postmulti then runs
 * postfix -c for each instance, which still runs postfix-script. */
static void multi_instance(const lint_ctx *ctx, const rule_desc *self,
                           bool files)
{
    const span *dsp, *wsp;
    char *dirs = main_value(ctx, "multi_instance_directories", &dsp);
    char *wrapper = NULL;
    bool multi = dirs && has_words(dirs, LIST_SEPARATORS);

    if (!multi)
        goto done;
    wrapper = main_value(ctx, "multi_instance_wrapper", &wsp);
    if (wrapper == NULL)
        goto done;
    if (!has_words(wrapper, " \t\r\n")) {
        if (dsp)
            report(ctx, self, wsp ? wsp : dsp, "multi_instance_directories "
                   "is set, but multi_instance_wrapper is empty" DIAG_NOTE
                   " postfix of Postfix %s, run without -c (as at boot), "
                   "hands every command (start, stop, reload, check) to the "
                   "wrapper and stops with "
                   "\"fatal: multi-instance support is requested, but "
                   "multi_instance_wrapper is empty\"; set "
                   "multi_instance_wrapper (postmulti: "
                   "\"${command_directory}/postmulti -p --\") or empty "
                   "multi_instance_directories", ctx->version_text);
    } else if (files && wsp) {
        size_t off = strspn(wrapper, " \t\r\n");
        size_t n = strcspn(wrapper + off, " \t\r\n");
        char *prog = xstrndup(wrapper + off, n);
        char *slash = strrchr(prog, '/');
        int err;

        /* A bare name is looked up in PATH: not judged. */
        if (prog[0] == '/' && slash) {
            *slash = '\0';
            if (!program_ok(slash == prog ? "/" : prog, slash + 1, &err)) {
                *slash = '/';
                report(ctx, self, wsp, "multi_instance_wrapper runs %s, "
                       "which is not an executable program %s (%s)"
                       DIAG_NOTE " postfix of Postfix %s, run without -c "
                       "(as at boot), hands every command to it "
                       "(multi_instance_directories is set) and stops with \"fatal: %s: %s\"", prog,
                       where_text(), strerror(err), ctx->version_text,
                       prog, strerror(err));
            }
        }
        free(prog);
    }
done:
    free(dirs);
    free(wrapper);
}

static const char *where_text(void)
{
    return root_get() ? "under --root" : "on this machine";
}

static void check_dir(const lint_ctx *ctx, const rule_desc *self,
                      dir_param *d)
{
    struct stat st;
    int err;

    if (stat_path(d->value, &st) == 0 && S_ISDIR(st.st_mode)) {
        d->present = true;
        return;
    }
    err = stat_path(d->value, &st) == 0 ? ENOTDIR : errno;
    if (d->sp == NULL)
        return;
    report(ctx, self, d->sp, "%s = %s: no such directory %s (%s)"
           DIAG_NOTE " postfix of Postfix %s stops with \"fatal: chdir(%s): "
           "%s\" before it starts, reloads or checks anything%s",
           d->name, d->value, where_text(), strerror(err),
           ctx->version_text, d->value, strerror(err),
           str_eq(d->name, "queue_directory")
           ? ", and master, every daemon, postdrop and sendmail stop the "
             "same way: no mail moves" : "");
}

/* A program Postfix runs from a directory: there and executable. */
static bool program_ok(const char *dir, const char *name, int *err)
{
    char *path = xasprintf("%s/%s", dir, name);
    struct stat st;
    bool ok;

    ok = stat_path(path, &st) == 0 && S_ISREG(st.st_mode)
         && (st.st_mode & 0111) != 0;
    *err = ok ? 0 : stat_path(path, &st) == 0 ? EACCES : errno;
    free(path);
    return ok;
}

static void check_helper(const lint_ctx *ctx, const rule_desc *self,
                         const dir_param *d, const char *program,
                         const char *who, const char *log)
{
    int err;

    if (!d->present || d->sp == NULL || program_ok(d->value, program, &err))
        return;
    report(ctx, self, d->sp, "%s = %s has no %s %s (%s)" DIAG_NOTE " %s of "
           "Postfix %s stops with \"%s%s/%s: %s\"", d->name, d->value,
           program, where_text(), strerror(err), who, ctx->version_text,
           log, d->value, program, strerror(err));
}

/* The daemons in the directory, for "did you mean". */
static size_t daemons_in(const char *dir, char ***out)
{
    char *why = NULL, *real = root_resolve(dir, &why);
    DIR *dp = real ? opendir(real) : NULL;
    struct dirent *e;
    size_t n = 0, cap = 0;

    free(why);
    *out = NULL;
    while (dp && (e = readdir(dp)) != NULL && n < 512) {
        if (e->d_name[0] == '.')
            continue;
        *out = grow_array(*out, &cap, n + 1, sizeof(char *));
        (*out)[n++] = xstrdup(e->d_name);
    }
    if (dp)
        closedir(dp);
    free(real);
    return n;
}

static void check_commands(const lint_ctx *ctx, const rule_desc *self,
                           const dir_param *daemons)
{
    char **names = NULL;
    size_t n_names = 0;
    bool listed = false;

    if (!daemons->present)
        return;
    for (size_t s = 0; s < ctx->m->n_services; s++) {
        const service *svc = &ctx->m->services[s];
        const svc_word *cmd;
        const char *near[1];
        bool close;
        int err;

        if (!svc->has_fields || svc->argc <= MF_COMMAND)
            continue;
        cmd = &svc->argv[MF_COMMAND];
        if (str_eq(cmd->text, "-")
            || program_ok(daemons->value, cmd->text, &err))
            continue;
        if (!listed) {
            n_names = daemons_in(daemons->value, &names);
            listed = true;
        }
        close = suggest_among(cmd->text, (const char *const *) names,
                              n_names, near, 1) > 0;
        report(ctx, self, &cmd->sp, "service %s/%s runs %s, which is not a "
               "program in daemon_directory (%s) %s (%s)%s%s%s" DIAG_NOTE
               " master of Postfix %s logs \"fatal: "
               "master_spawn: exec %s/%s: %s\" each time it starts it, "
               "then throttles the "
               "service, and it does no work",
               svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text,
               cmd->text, daemons->value, where_text(), strerror(err),
               close ? "; did you mean \"" : "", close ? near[0] : "",
               close ? "\"?" : "",
               ctx->version_text, daemons->value, cmd->text,
               strerror(err));
    }
    for (size_t i = 0; i < n_names; i++)
        free(names[i]);
    free(names);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    dir_param dirs[] = {
        {"queue_directory", NULL, NULL, false},
        {"command_directory", NULL, NULL, false},
        {"daemon_directory", NULL, NULL, false},
    };
    size_t n = sizeof dirs / sizeof dirs[0];
    bool files = !ctx->no_files
        && (root_get() != NULL || ctx->installed_target);

    multi_instance(ctx, self, files);

    if (!files)
        return;
    for (size_t i = 0; i < n; i++)
        if (read_dir(ctx, &dirs[i]))
            check_dir(ctx, self, &dirs[i]);
    check_helper(ctx, self, &dirs[1], "postdrop", "sendmail",
                 "unable to execute ");
    check_helper(ctx, self, &dirs[2], "postfix-script", "postfix",
                 "fatal: ");
    check_commands(ctx, self, &dirs[2]);
    for (size_t i = 0; i < n; i++)
        free(dirs[i].value);
}

const rule_desc rule_postfix_path_missing = {
    "postfix-path-missing", SEV_ERROR,
    "a directory or program Postfix needs is not there (queue, command "
    "or daemon directory, a master.cf command)",
    "postfix(1) changes to command_directory, daemon_directory and "
    "queue_directory before it does anything, and runs postfix-script from "
    "daemon_directory; master(8) runs each master.cf command from "
    "daemon_directory. A directory that is not there stops Postfix; a "
    "misspelt command (smptd) dies at every start and its service does no "
    "work.",
    check,
    0
};
