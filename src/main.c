/*
 * main.c - the postlint command: read the options, then dispatch.
 *
 * `postlint log` goes to log_cmd.c. Otherwise: --list-rules, --explain,
 * --print (a postconf view), or the lint: the pipeline of lint.c for one
 * or several target versions (merged by diag_merge.c), or its fix rounds
 * (fix_rounds.c); then --write-baseline, --compare-to (compare.c) and
 * the chosen emitter (emit.c).
 *
 * Exit status: 0 no finding at or above --fail-on (default warning);
 * 1 findings; 2 could not lint (usage, missing or unreadable file, ...).
 */
#include "compare.h"
#include "diag_merge.h"
#include "effective.h"
#include "emit.h"
#include "fix_rounds.h"
#include "lint.h"
#include "log_cmd.h"
#include "options.h"
#include "pem_file.h"
#include "print.h"
#include "rootpath.h"
#include "run_info.h"
#include "target.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static lint_settings settings_of(const options *o)
{
    lint_settings s = {o->stdin_name, o->openssl_version, o->no_exec,
                       o->no_inline};

    return s;
}

/* What stops a run: the message, exit status 2. */
static int cannot_lint(char *why)
{
    pl_say("%s", why);
    free(why);
    return EXIT_CANNOT_LINT;
}

/* A malformed --postfix-version or --openssl-version (lint_prepare()):
 * a usage error. */
static int bad_version(char *why)
{
    pl_say("%s (see postlint --help)", why);
    free(why);
    return EXIT_CANNOT_LINT;
}

static void write_out(const strbuf *out)
{
    fwrite(out->data ? out->data : "", 1, out->len, stdout);
}

/* Text for stderr that may quote files: made safe for the terminal. */
static void say_text(const char *text)
{
    strbuf safe;

    if (text == NULL || *text == '\0')
        return;
    sb_init(&safe);
    sb_add_terminal_text(&safe, text);
    fputs(safe.data, stderr);
    sb_free(&safe);
}

/* -q: only the errors, a view of the set (the items are not copied). */
static const diag_set *errors_only(const diag_set *all, diag_set *view)
{
    memset(view, 0, sizeof(*view));
    for (size_t i = 0; i < all->n; i++) {
        if (all->items[i].sev < SEV_ERROR)
            continue;
        view->items = grow_array(view->items, &view->cap, view->n + 1,
                                 sizeof(diagnostic));
        view->items[view->n++] = all->items[i];
    }
    return view;
}

/* ---- --print VIEW ---------------------------------------------------- */

static int print_one(const options *o, const lint_ctx *ctx, strbuf *out)
{
    const model *m = ctx->m;
    char *why = NULL;

    if (str_eq(o->print, "tls")) {
        print_tls(m, ctx->tls, ctx->openssl_text, out);     /* built */
    } else if (str_eq(o->print, "effective")) {
        const service *svc = model_find_service(m, o->print_service);

        if (svc == NULL) {
            pl_say("no service \"%s\" in master.cf (name or name/type, as "
                   "in smtp/inet)", o->print_service);
            return EXIT_CANNOT_LINT;
        }
        print_effective(m, svc, out);
    } else if (str_eq(o->print, "main") && o->expand) {
        if (!print_main_expanded(m, out, &why)) {
            write_out(out);
            sb_reset(out);
            fflush(stdout);
            pl_say("%s", why);
            free(why);
            return EXIT_FINDINGS;
        }
    } else if (str_eq(o->print, "main")) {
        print_main(m, out);
    } else if (str_eq(o->print, "fields")) {
        print_fields(m, out);
    } else {
        print_params(m, out);
    }
    return 0;
}

static int print_view(const options *o)
{
    lint_settings s = settings_of(o);
    lint_input in;
    lint_pass pass;
    strbuf out;
    char *why;
    int status = EXIT_CANNOT_LINT;

    if (!lint_read(&s, o->config_dir, o->main_file, o->master_file, &in,
                   &why)) {
        run_say_notes(o, &in);
        lint_input_free(&in);
        return cannot_lint(why);
    }
    run_say_notes(o, &in);
    /* A view prints the file's content: never one postlint cannot trust. */
    for (int i = 0; i < 2; i++) {
        const source *src = i ? in.master_src : in.main_src;

        if (src && src->untrusted) {
            pl_say("%s: not printed: %s", src->path, src->untrusted);
            lint_input_free(&in);
            return EXIT_CANNOT_LINT;
        }
    }
    if (!lint_prepare(&s, &in, o->n_versions ? o->versions[0] : NULL, &pass,
                      &why)) {
        status = bad_version(why);
    } else {
        if (str_eq(o->print, "tls"))
            lint_tls(&pass);
        sb_init(&out);
        status = print_one(o, &pass.ctx, &out);
        write_out(&out);
        sb_free(&out);
    }
    lint_pass_free(&pass);
    lint_input_free(&in);
    return status;
}

/* ---- the lint ------------------------------------------------------ */

static bool use_color(const options *o)
{
    const char *term = getenv("TERM");
    const char *no_color = getenv("NO_COLOR");

    if (o->color != COLOR_AUTO)
        return o->color == COLOR_ALWAYS;
    return isatty(STDOUT_FILENO) && !(no_color && *no_color)
        && !(term && str_eq(term, "dumb"));
}

/* The findings in the chosen format; for gcc the simulation table and
 * the --compare-to report follow as text. */
static void emit_all(const options *o, const diag_set *diags,
                     emit_info *info, const char *changes, strbuf *out)
{
    bool gcc = str_eq(o->format, "gcc"), json = str_eq(o->format, "json");

    info->extra_json = json ? changes : NULL;
    emitter_find(o->format)->emit(diags, info, out);
    if (gcc && info->sim) {
        strbuf sim;

        sb_init(&sim);
        sim_format_text(info->sim, &sim);
        if (info->relay) {
            sb_adds(&sim, "\n");
            relay_format_text(info->relay, &sim);
        }
        sb_adds(out, diags->n ? "\n" : "");
        sb_add_terminal_text(out, sim.data ? sim.data : "");
        sb_free(&sim);
    }
    if (changes && gcc) {
        sb_adds(out, out->len ? "\n" : "");
        sb_add_terminal_text(out, changes);
    } else if (changes && !json) {
        say_text(changes);
    }
}

/* The passes: one per version, or the fix rounds. False: exit 2. */
static bool run_passes(const options *o, const lint_settings *s,
                       lint_input *in, const lintconf *conf,
                       const baseline *base, lint_pass *pass, bool *written,
                       size_t on_disk[3])
{
    size_t n = o->n_versions ? o->n_versions : 1;
    char *why = NULL;

    *written = true;
    if (o->fix || o->diff) {
        fix_request r = {o->diff, o->fix_all,
                         o->n_versions ? o->versions[0] : NULL, conf, base};
        strbuf out, notes;
        bool ok;

        sb_init(&out);
        sb_init(&notes);
        ok = fix_rounds(s, in, &r, &pass[0], &out, &notes, on_disk, written,
                        &why);
        write_out(&out);
        fflush(stdout);
        say_text(notes.data);
        sb_free(&out);
        sb_free(&notes);
        if (!ok)
            bad_version(why);
        return ok;
    }
    for (size_t v = 0; v < n; v++) {
        if (!lint_prepare(s, in, o->n_versions ? o->versions[v] : NULL,
                          &pass[v], &why)) {
            bad_version(why);
            return false;
        }
        lint_run(&pass[v], o->simulate && v == 0);
        lint_postprocess(s, in, conf, base, &pass[v].diags);
    }
    return true;
}

/* The findings of every version as one set (diag_merge.c). */
static const diag_set *merged_findings(const options *o, lint_pass *pass,
                                       diag_set *merged)
{
    const diag_set *sets[MAX_VERSIONS];
    const char *names[MAX_VERSIONS];
    strbuf steps;

    if (o->n_versions < 2)
        return &pass[0].diags;
    for (size_t v = 0; v < o->n_versions; v++) {
        sets[v] = &pass[v].diags;
        names[v] = pass[v].version_text;
    }
    sb_init(&steps);
    diag_merge_versions(sets, names, o->n_versions, merged, &steps);
    for (char *l = steps.data, *nl; l && *l; l = nl + 1) {
        nl = strchr(l, '\n');
        *nl = '\0';
        pl_say("%s", l);
    }
    sb_free(&steps);
    return merged;
}

/* --write-baseline FILE: exit 0, or 2 when it cannot be written. */
static int write_baseline(const options *o, const diag_set *diags)
{
    char *why = baseline_write(diags, o->write_baseline);

    if (why)
        return cannot_lint(why);
    pl_say("recorded %zu finding%s in %s", diags->n, diags->n == 1 ? "" : "s",
           o->write_baseline);
    return 0;
}

static int lint_command(const options *o)
{
    lint_settings s = settings_of(o);
    lint_input in;
    lint_pass pass[MAX_VERSIONS];
    lintconf conf;
    baseline base;
    bool has_conf, has_base = false, written = true;
    size_t on_disk[3] = {0, 0, 0};
    diag_set merged = {0}, quiet = {0};
    const diag_set *diags;
    severity fail_on = o->fail_on;
    emit_info info = {0};
    char *why = NULL, *changes = NULL;
    strbuf out;
    int status = EXIT_CANNOT_LINT;

    memset(pass, 0, sizeof(pass));
    if (!lint_read(&s, o->config_dir, o->main_file, o->master_file, &in,
                   &why)) {
        run_say_notes(o, &in);
        lint_input_free(&in);
        return cannot_lint(why);
    }
    run_say_notes(o, &in);
    has_conf = lint_load_config(&in, o->lint_config, o->no_config, &conf,
                                &why);
    if (why == NULL && o->baseline)
        has_base = baseline_read(&base, o->baseline, &why);
    if (why) {
        cannot_lint(why);
        goto out;
    }
    if (!run_passes(o, &s, &in, has_conf ? &conf : NULL,
                    has_base ? &base : NULL, pass, &written, on_disk))
        goto out;
    if (has_conf && conf.has_fail_on && !o->fail_on_given)
        fail_on = conf.fail_on;
    diags = merged_findings(o, pass, &merged);
    if (o->compare_to
        && (changes = compare_running(&s, o->compare_to,
                                      o->n_versions ? o->versions[0] : NULL,
                                      &pass[0], str_eq(o->format, "json"),
                                      &why)) == NULL) {
        cannot_lint(why);
        goto out;
    }
    info.tool_version = POSTLINT_VERSION;
    info.postfix_version = pass[0].ctx.version_text;
    info.openssl_version = o->openssl_version ? o->openssl_version
        : OpenSSL_version(OPENSSL_VERSION_STRING);
    info.sim = o->simulate ? pass[0].sim : NULL;
    info.relay = o->simulate ? pass[0].relay : NULL;
    info.color = use_color(o);
    sb_init(&out);
    if (!o->diff)
        emit_all(o, o->quiet ? errors_only(diags, &quiet) : diags, &info,
                 changes, &out);
    write_out(&out);
    sb_free(&out);
    if (target_map_types_failure() && !o->quiet) {
        fflush(stdout);
        pl_say("warning: %s", target_map_types_failure());
    }
    if (o->verbose) {
        fflush(stdout);
        run_say_checked(o, &in, pass, o->n_versions ? o->n_versions : 1, diags);
    }
    status = diag_count_at_least(diags, fail_on) ? EXIT_FINDINGS : 0;
    /* --diff changes nothing: the status is that of the files as they
     * are on disk, as a lint run would give. */
    if (o->diff)
        status = on_disk[fail_on] ? EXIT_FINDINGS : 0;
    if (o->write_baseline)
        status = write_baseline(o, diags);
    if (!written)
        status = EXIT_CANNOT_LINT;
out:
    free(changes);
    free(quiet.items);     /* a view: the diagnostics are merged's or pass's */
    diag_free(&merged);
    for (size_t v = 0; v < MAX_VERSIONS; v++)
        lint_pass_free(&pass[v]);
    if (has_base)
        baseline_free(&base);
    if (has_conf)
        lintconf_free(&conf);
    lint_input_free(&in);
    return status;
}

int main(int argc, char **argv)
{
    options o;
    int status;

    if (argc > 1 && str_eq(argv[1], "log"))
        return log_main(argc - 1, argv + 1);
    parse_options(argc, argv, &o);
    if (o.root)
        root_set(o.root);
    root_set_no_files(o.no_files);
    if (o.list_rules)
        status = rules_list();
    else if (o.explain)
        status = rules_explain(o.explain);
    else if (o.print)
        status = print_view(&o);
    else
        status = lint_command(&o);

    fflush(stdout);
    if (ferror(stdout)) {
        pl_say("error writing output");
        status = EXIT_CANNOT_LINT;
    }
    free(o.version_arg);
    pem_cache_clear();
    root_set(NULL);
    return status;
}
