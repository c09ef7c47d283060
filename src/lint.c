/*
 * lint.c - the lint pipeline, from files to sorted findings.
 *
 * Interface: see lint.h.
 * Diagnostics: none printed. What stops a lint (an unreadable file, a
 * limit of source.h, a malformed version) is returned as one line that
 * names the file and line, for the caller to print (exit status 2).
 */
#include "lint.h"
#include "exec.h"
#include "pem_file.h"
#include "postconf_view.h"
#include "rootpath.h"
#include "suppress.h"
#include "table.h"
#include "table_refs.h"
#include "target.h"
#include "template_sniff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- reading ------------------------------------------------------- */

/* Past the limits of source.h, or a template and not a configuration:
 * a message naming the file and line. */
static char *check_limits(const source *src, bool master)
{
    char *why = master
        ? source_check_entries(src, MASTERCF_MAX_SERVICES, MASTERCF_MAX_WORDS,
                               "services")
        : source_check_entries(src, MAINCF_MAX_PARAMS, (size_t) -1,
                               "parameter settings");

    return why ? why : template_sniff(src);
}

/* One file; NULL and no *why when it is missing and may be. */
static source *read_one(const lint_settings *s, const char *path,
                        bool master, bool missing_ok, char **why)
{
    const char *shown = path;
    bool missing;
    source *src;

    if (str_eq(path, "-"))
        shown = s->stdin_name ? s->stdin_name : "<stdin>";
    src = source_read(path, shown, why, &missing);
    if (src == NULL && missing && missing_ok) {
        free(*why);
        *why = NULL;
        return NULL;
    }
    if (src && (*why = check_limits(src, master)) != NULL) {
        source_free(src);
        src = NULL;
    }
    return src;
}

/* config_directory as Postfix would see it: -c DIR, else the directory
 * that holds main.cf. */
static char *config_dir_of(const char *dir, const char *main_path)
{
    const char *slash;

    if (dir)
        return xstrdup(dir);
    if (main_path == NULL || str_eq(main_path, "-")
        || (slash = strrchr(main_path, '/')) == NULL)
        return xstrdup(".");
    if (slash == main_path)
        return xstrdup("/");
    return xstrndup(main_path, (size_t) (slash - main_path));
}

static void note(lint_input *in, const char *kind, char *text)
{
    strbuf sb;

    sb_init(&sb);
    if (in->notes)
        sb_adds(&sb, in->notes);
    sb_printf(&sb, "%s: %s\n", kind, text);
    free(in->notes);
    in->notes = sb_steal(&sb);
    free(text);
}

/* The configuration directory when neither -c nor a file is named, found
 * as Postfix finds it: $MAIL_CONFIG (postconf honours it), else what
 * postconf -h config_directory prints, else Postfix's default. False
 * with *why when MAIL_CONFIG is set but empty. */
static bool default_config_dir(const lint_settings *s, lint_input *in,
                               char **why)
{
    const char *env = getenv("MAIL_CONFIG");
    char *pc_why = NULL;

    if (env) {
        if (*env == '\0') {
            *why = xstrdup("MAIL_CONFIG is set but empty: name a directory "
                           "in it, unset it, or use -c DIR");
            return false;
        }
        in->dir = xstrdup(env);
        in->dir_origin = xstrdup("from MAIL_CONFIG, as postconf reads it");
        return true;
    }
    if (!s->no_exec && exec_in_path("postconf")) {
        char *argv[] = {"postconf", "-h", "config_directory", NULL};
        char *dir = exec_first_line_why(argv, &pc_why);

        if (dir && dir[0] == '/') {
            in->dir = dir;
            in->dir_origin = xasprintf("from postconf -h config_directory "
                                       "(%s)", exec_find("postconf", NULL));
            return true;
        }
        /* Never fall back silently: postconf may have died on the very
         * main.cf to lint (a stray '$'); lint it anyway, and say so. */
        note(in, "warning",
             dir ? xasprintf("postconf -h config_directory printed \"%s\", "
                             "not a directory; linting /etc/postfix, "
                             "Postfix's default (use -c DIR to name another)",
                             dir)
             : xasprintf("postconf -h config_directory failed (%s); "
                         "linting /etc/postfix, Postfix's default (use -c "
                         "DIR to name another)",
                         pc_why ? pc_why : "no reason given"));
        free(dir);
        free(pc_why);
        in->dir = xstrdup("/etc/postfix");
        in->dir_origin = xstrdup("Postfix's default: postconf failed");
        return true;
    }
    in->dir = xstrdup("/etc/postfix");
    in->dir_origin = xstrdup(s->no_exec
                             ? "Postfix's default: --no-exec, postconf "
                               "not asked"
                             : "Postfix's default: postconf not found");
    return true;
}

/* --master FILE alone: the main.cf beside it is the one Postfix would
 * read with that master.cf; without it every main.cf setting would be
 * taken for its default (a certificate set in main.cf, say). */
static char *partner_main(lint_input *in, const char *master_file)
{
    const char *slash = strrchr(master_file, '/');
    char *dir, *path;

    if (str_eq(master_file, "-"))
        return NULL;
    dir = slash == NULL ? xstrdup(".")
        : slash == master_file ? xstrdup("")
        : xstrndup(master_file, (size_t) (slash - master_file));
    path = xasprintf("%s/main.cf", dir);
    if (access(path, F_OK) == 0) {
        note(in, "note", xasprintf("also reading %s, the main.cf beside "
                                   "--master %s (name another with --main)",
                                   path, master_file));
    } else {
        note(in, "note", xasprintf("no main.cf beside --master %s: main.cf "
                                   "settings are taken as Postfix's "
                                   "defaults (name one with --main)",
                                   master_file));
        free(path);
        path = NULL;
    }
    free(dir);
    return path;
}

static void parse_sources(lint_input *in)
{
    if (in->main_src)
        in->main_ast = maincf_parse(in->main_src);
    if (in->master_src)
        in->master_ast = mastercf_parse(in->master_src);
    in->orig_main = in->main_src;
    in->orig_master = in->master_src;
}

bool lint_read(const lint_settings *s, const char *dir, const char *main_file,
               const char *master_file, lint_input *in, char **why)
{
    memset(in, 0, sizeof(*in));
    *why = NULL;
    /* Which files: a directory gives both; --main/--master one each, and
     * --master alone the main.cf beside it. */
    if (dir) {
        in->dir = xstrdup(dir);
        in->dir_origin = xstrdup("from -c");
    } else if (!main_file && !master_file
               && !default_config_dir(s, in, why)) {
        return false;
    }
    in->main_path = main_file ? xstrdup(main_file)
        : in->dir ? xasprintf("%s/main.cf", in->dir)
        : partner_main(in, master_file);
    in->master_path = master_file ? xstrdup(master_file)
        : in->dir ? xasprintf("%s/master.cf", in->dir) : NULL;
    in->config_dir = config_dir_of(in->dir, in->main_path);
    if (in->main_path
        && (in->main_src = read_one(s, in->main_path, false, false,
                                    why)) == NULL)
        return false;
    /* master.cf found through a directory may be absent, as for postconf. */
    if (in->master_path
        && (in->master_src = read_one(s, in->master_path, true,
                                      master_file == NULL, why)) == NULL
        && *why)
        return false;
    parse_sources(in);
    return true;
}

bool lint_from_text(const char *main_text, size_t main_len,
                    const char *master_text, size_t master_len,
                    lint_input *in, char **why)
{
    memset(in, 0, sizeof(*in));
    *why = NULL;
    in->config_dir = xstrdup("/etc/postfix");
    if (main_text && ((in->main_src = source_from_text(
                           "main.cf", xstrndup(main_text, main_len),
                           main_len, why)) == NULL
                      || (*why = check_limits(in->main_src, false))))
        return false;
    if (master_text && ((in->master_src = source_from_text(
                             "master.cf", xstrndup(master_text, master_len),
                             master_len, why)) == NULL
                        || (*why = check_limits(in->master_src, true))))
        return false;
    parse_sources(in);
    return true;
}

void lint_reparse(lint_input *in)
{
    maincf_free(in->main_ast);
    mastercf_free(in->master_ast);
    in->main_ast = in->main_src ? maincf_parse(in->main_src) : NULL;
    in->master_ast = in->master_src ? mastercf_parse(in->master_src) : NULL;
}

void lint_input_free(lint_input *in)
{
    maincf_free(in->main_ast);
    mastercf_free(in->master_ast);
    if (in->main_src != in->orig_main)
        source_free(in->main_src);
    if (in->master_src != in->orig_master)
        source_free(in->master_src);
    source_free(in->orig_main);
    source_free(in->orig_master);
    free(in->dir);
    free(in->main_path);
    free(in->master_path);
    free(in->config_dir);
    free(in->dir_origin);
    free(in->notes);
    memset(in, 0, sizeof(*in));
}

/* ---- one version --------------------------------------------------- */

bool lint_prepare(const lint_settings *s, const lint_input *in,
                  const char *wanted, lint_pass *p, char **why)
{
    memset(p, 0, sizeof(*p));
    *why = NULL;
    if (!target_postfix(wanted, s->no_exec, &p->ctx.version, &p->version_text,
                        &p->ctx.version_origin, &p->ctx.version_note)) {
        *why = xasprintf("--postfix-version takes a version such as 3.7.11 "
                         "(MAJOR.MINOR.PATCH, or a package version such as "
                         "3.7.11-0+deb12u1), not \"%s\"", wanted);
        return false;
    }
    if (!target_openssl(s->openssl_version, &p->ctx.openssl,
                        &p->ctx.openssl_text, &p->ctx.openssl_approx)) {
        *why = xasprintf("--openssl-version takes a version such as 1.0.2, "
                         "not \"%s\"", s->openssl_version);
        return false;
    }
    /* target.c's note lives until its next call: each pass keeps its own
     * (-v prints them all at the end). */
    if (p->ctx.version_note)
        p->ctx.version_note = p->version_note = xstrdup(p->ctx.version_note);
    p->ctx.version_text = p->version_text;
    p->ctx.no_files = root_no_files();
    /* Linting for the Postfix installed here: its own list of parameters
     * (backports included) decides which names exist. */
    target_installed_params(s->no_exec, p->ctx.version);
    p->ctx.map_types = target_installed_map_types(s->no_exec, p->ctx.version);
    p->ctx.installed_target = target_installed_default(
        s->no_exec, p->ctx.version, "daemon_directory") != NULL;
    p->m = model_build(in->main_ast, in->master_ast, p->ctx.version);
    p->m->version_text = p->version_text;
    p->m->config_dir = in->config_dir;
    p->ctx.m = p->m;
    p->ctx.diags = &p->diags;
    return true;
}

const tls_model *lint_tls(lint_pass *p)
{
    if (p->tls == NULL)
        p->ctx.tls = p->tls = tls_model_build(p->m, p->ctx.openssl);
    return p->tls;
}

void lint_run(lint_pass *p, bool simulate)
{
    lint_tls(p);
    if (p->restrictions == NULL) {
        p->ctx.restrictions = p->restrictions = restriction_model_build(p->m);
        p->ctx.relay = p->relay = relay_sim_run(p->m, p->restrictions);
        p->ctx.tables = p->tables = table_refs_build(p->m, p->restrictions);
    }
    p->ctx.view = postconf_view_build(p->m);
    rules_run(&p->ctx);
    postconf_view_free(p->m, (postconf_view *) p->ctx.view);
    p->ctx.view = NULL;
    if (simulate)
        p->sim = sim_run_all(p->m, p->tls);
}

void lint_pass_free(lint_pass *p)
{
    sim_run_free(p->sim);
    tls_model_free(p->tls);
    relay_run_free(p->relay);
    table_refs_free(p->tables);
    restriction_model_free(p->restrictions);
    diag_free(&p->diags);
    model_free(p->m);
    free(p->version_text);
    free(p->version_note);
    memset(p, 0, sizeof(*p));
    /* Certificates and keys are read once per run: the run ends here. */
    pem_cache_clear();
    table_cache_clear();
    table_sources_clear();
}

/* ---- after the rules ----------------------------------------------- */

bool lint_load_config(const lint_input *in, const char *config_file,
                      bool no_config, lintconf *conf, char **why)
{
    char *path;
    bool ok;

    *why = NULL;
    if (no_config)
        return false;
    if (config_file)
        path = xstrdup(config_file);
    else if (in->main_path && !str_eq(in->main_path, "-"))
        path = xasprintf("%s/postlint.conf", in->config_dir);
    else
        return false;
    if (!config_file && access(path, F_OK) != 0) {
        free(path);
        return false;
    }
    ok = lintconf_read(conf, path, why);
    free(path);
    if (!ok)
        lintconf_free(conf);
    return ok;
}

/* Findings in a file postlint cannot trust keep their place and rule,
 * but not their words: those may quote the file, which may be a link to
 * /etc/shadow (file-ownership says why). */
static void redact_untrusted(diag_set *diags)
{
    for (size_t i = 0; i < diags->n; i++) {
        diagnostic *d = &diags->items[i];
        const rule_desc *r = rule_find(d->rule);

        if (d->sp.src == NULL || d->sp.src->untrusted == NULL
            || str_eq(d->rule, "file-ownership"))
            continue;
        diag_redact(d, xasprintf("%s (details withheld: %s is not "
                                 "trusted, see file-ownership)",
                                 r ? r->summary : d->rule, d->sp.src->path));
    }
}

void lint_postprocess(const lint_settings *s, const lint_input *in,
                      const lintconf *conf, const baseline *base,
                      diag_set *diags)
{
    redact_untrusted(diags);
    if (!s->no_inline) {
        suppress_set set = {0};

        suppress_scan(&set, in->main_src);
        suppress_scan(&set, in->master_src);
        suppress_apply(&set, diags);
        suppress_free(&set);
    }
    if (conf)
        lintconf_apply(conf, diags);
    if (base)
        baseline_filter(base, diags);
    diag_sort(diags);
}
