/*
 * main.c - the postlint command line.
 *
 * Reads the options, finds and reads main.cf and master.cf, decides the
 * target Postfix version(s), then either prints a postconf view (--print)
 * or lints: runs every rule, applies the suppressions, postlint.conf and
 * the baseline, and emits the findings in the chosen format, or their
 * fixes as a diff (--diff) or written back (--fix). Each step lives in
 * its own module; this file only wires them together.
 *
 * Exit status: 0 no finding at or above --fail-on (default warning);
 * 1 findings; 2 could not lint (usage, missing or unreadable file, ...).
 */
#include "ast.h"
#include "baseline.h"
#include "compare.h"
#include "diag.h"
#include "effective.h"
#include "emit.h"
#include "exec.h"
#include "fixes.h"
#include "lintconf.h"
#include "log_cmd.h"
#include "model.h"
#include "pem_file.h"
#include "postconf_view.h"
#include "print.h"
#include "rule.h"
#include "rootpath.h"
#include "rule_docs.h"
#include "source.h"
#include "suppress.h"
#include "target.h"
#include "tls_sim.h"
#include "udiff.h"
#include "util.h"
#include "version.h"

#include <getopt.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_FINDINGS 1
#define EXIT_CANNOT_LINT 2
#define MAX_VERSIONS 8

typedef enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } color_mode;

typedef struct options {
    const char *config_dir;
    const char *main_file;
    const char *master_file;
    const char *stdin_name;
    const char *versions[MAX_VERSIONS]; /* --postfix-version A,B,... */
    size_t n_versions;
    char *version_arg;                  /* the split copy */
    const char *openssl_version;
    const char *format;
    const char *print;
    const char *print_service;  /* --print effective SERVICE */
    const char *explain;
    const char *lint_config;    /* --config FILE */
    const char *baseline;
    const char *write_baseline;
    const char *compare_to;
    const char *root;           /* --root DIR */
    bool expand;
    severity fail_on;
    bool fail_on_given;
    bool no_exec;
    bool list_rules;
    bool simulate;
    bool fix;
    bool diff;
    bool no_inline;             /* --no-inline-suppressions */
    bool no_config;
    color_mode color;
} options;

static const char usage_text[] =
    "usage: postlint [-c DIR] [--main FILE] [--master FILE] "
    "[--stdin-name NAME]\n"
    "                [--postfix-version V[,V...]] [--openssl-version V]\n"
    "                [--format gcc|json|sarif|github|checkstyle] "
    "[--color[=WHEN]]\n"
    "                [--fail-on error|warning|info] [--fix | --diff]\n"
    "                [--config FILE | --no-config] "
    "[--no-inline-suppressions]\n"
    "                [--baseline FILE | --write-baseline FILE] "
    "[--compare-to DIR]\n"
    "                [--root DIR]\n"
    "                [--print main|fields|params|tls|effective SERVICE] "
    "[--expand]\n"
    "                [--simulate] [--list-rules] [--explain RULE]\n"
    "                [--no-exec] [--version] [--help]\n"
    "       postlint log [-c DIR] [--format text|json] [FILE...|-]\n";

static const char help_text[] =
    "Lint Postfix main.cf and master.cf before `postfix reload`.\n"
    "\n"
    "  -c, --config-dir DIR     read DIR/main.cf and DIR/master.cf\n"
    "                           (default: postconf -h config_directory,\n"
    "                           else /etc/postfix)\n"
    "      --main FILE          main.cf to read ('-' for stdin)\n"
    "      --master FILE        master.cf to read ('-' for stdin)\n"
    "      --stdin-name NAME    file name to report for stdin\n"
    "      --postfix-version V  target Postfix version (default: postconf\n"
    "                           -d mail_version, else the newest known);\n"
    "                           V1,V2,...: lint for each and say which\n"
    "                           findings appear or disappear between them\n"
    "      --openssl-version V  target OpenSSL version\n"
    "      --format FORMAT      gcc (default), json, sarif (SARIF 2.1.0),\n"
    "                           github (workflow annotations), checkstyle\n"
    "      --color[=WHEN]       colour gcc output: auto (default: on a\n"
    "                           terminal, unless NO_COLOR is set), always,\n"
    "                           never\n"
    "      --fail-on SEVERITY   exit 1 on findings at or above this\n"
    "                           severity: error, warning (default), info\n"
    "      --diff               print every available fix as one unified\n"
    "                           diff (for patch -p0), change nothing\n"
    "      --fix                apply the fixes in place (atomically; files\n"
    "                           changed since they were read are left\n"
    "                           alone), then report what remains\n"
    "      --config FILE        postlint's own settings (default:\n"
    "                           postlint.conf beside main.cf, if present)\n"
    "      --no-config          read no postlint.conf\n"
    "      --no-inline-suppressions\n"
    "                           ignore '# postlint: disable=' comments\n"
    "      --baseline FILE      report only findings FILE does not record\n"
    "      --write-baseline FILE\n"
    "                           record the current findings in FILE\n"
    "      --compare-to DIR     also say what changes in TLS behaviour\n"
    "                           against the configuration in DIR (the\n"
    "                           running one)\n"
    "      --root DIR           look up the absolute paths the configuration\n"
    "                           names (certificates, keys) inside DIR, a\n"
    "                           package build root, as if DIR were /\n"
    "      --print VIEW         print what postconf -n (main), -F (fields)\n"
    "                           or -P (params) would print, and exit;\n"
    "                           tls: each smtpd service's TLS policy;\n"
    "                           effective SERVICE: what that service's\n"
    "                           daemon reads (not defaults), and from where\n"
    "      --expand             with --print main: expand values (-n -x)\n"
    "      --simulate           also shake hands in memory: every TLS\n"
    "                           service against every sender (smtpd) or\n"
    "                           receiver (smtp client) profile\n"
    "      --list-rules         list every rule with its id and severity\n"
    "      --explain RULE       print the rule's documentation page\n"
    "      --no-exec            run no program at all (no postconf)\n"
    "      --version            print the version and exit\n"
    "      --help               print this help and exit\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-on, 1 findings,\n"
    "2 could not lint (usage, missing or unreadable file).\n";

static void usage_error(const char *fmt, const char *arg)
{
    fputs("postlint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see postlint --help)\n", stderr);
    exit(EXIT_CANNOT_LINT);
}

static void split_versions(options *o, const char *arg)
{
    free(o->version_arg);
    o->version_arg = xstrdup(arg);
    o->n_versions = 0;
    for (char *v = strtok(o->version_arg, ","); v; v = strtok(NULL, ",")) {
        if (o->n_versions == MAX_VERSIONS)
            usage_error("--postfix-version takes at most %s versions", "8");
        o->versions[o->n_versions++] = v;
    }
    if (o->n_versions == 0)
        usage_error("--postfix-version needs a version, not \"%s\"", arg);
}

static color_mode parse_color(const char *arg)
{
    if (arg == NULL || str_eq(arg, "always"))
        return COLOR_ALWAYS;    /* a bare --color, as in ls and grep */
    if (str_eq(arg, "auto"))
        return COLOR_AUTO;
    if (str_eq(arg, "never"))
        return COLOR_NEVER;
    usage_error("--color takes auto, always or never, not \"%s\"", arg);
    return COLOR_NEVER;
}

/* Option combinations that make no sense are usage errors (exit 2). */
static void check_combinations(const options *o)
{
    static const char *const formats[] = {"gcc", "json", "sarif", "github",
                                          "checkstyle", NULL};
    bool known = false;

    for (size_t i = 0; formats[i]; i++)
        known |= str_eq(o->format, formats[i]);
    if (!known)
        usage_error("--format takes gcc, json, sarif, github or checkstyle, "
                    "not \"%s\"", o->format);
    if (o->print && !str_eq(o->print, "main") && !str_eq(o->print, "fields")
        && !str_eq(o->print, "params") && !str_eq(o->print, "effective")
        && !str_eq(o->print, "tls"))
        usage_error("--print takes main, fields, params, tls or effective "
                    "SERVICE, not \"%s\"", o->print);
    if (o->simulate && o->print)
        usage_error("%s", "--simulate runs with the lint, not with --print");
    if (o->expand && (!o->print || !str_eq(o->print, "main")))
        usage_error("%s", "--expand goes with --print main");
    if (o->main_file && o->master_file && str_eq(o->main_file, "-")
        && str_eq(o->master_file, "-"))
        usage_error("%s", "only one of --main and --master can read stdin");
    if (o->fix && o->diff)
        usage_error("%s", "--fix writes the files, --diff only shows the "
                    "changes: choose one");
    if ((o->fix || o->diff || o->write_baseline || o->compare_to)
        && (o->print || o->n_versions > 1))
        usage_error("%s", "--fix, --diff, --write-baseline and --compare-to "
                    "go with a plain lint for one Postfix version");
    if (o->print && o->n_versions > 1)
        usage_error("%s", "--print takes one --postfix-version");
    if (o->baseline && o->write_baseline)
        usage_error("%s", "--baseline and --write-baseline: choose one");
    if (o->lint_config && o->no_config)
        usage_error("%s", "--config and --no-config: choose one");
}

static void parse_options(int argc, char **argv, options *o)
{
    enum {
        OPT_MAIN = 256, OPT_MASTER, OPT_STDIN_NAME, OPT_PF_VERSION,
        OPT_SSL_VERSION, OPT_FORMAT, OPT_FAIL_ON, OPT_PRINT, OPT_LIST,
        OPT_EXPLAIN, OPT_NO_EXEC, OPT_VERSION, OPT_HELP, OPT_EXPAND,
        OPT_SIMULATE, OPT_COLOR, OPT_FIX, OPT_DIFF, OPT_NO_INLINE,
        OPT_CONFIG, OPT_NO_CONFIG, OPT_BASELINE, OPT_WRITE_BASELINE,
        OPT_COMPARE_TO, OPT_ROOT
    };
    static const struct option longopts[] = {
        {"config-dir", required_argument, NULL, 'c'},
        {"main", required_argument, NULL, OPT_MAIN},
        {"master", required_argument, NULL, OPT_MASTER},
        {"stdin-name", required_argument, NULL, OPT_STDIN_NAME},
        {"postfix-version", required_argument, NULL, OPT_PF_VERSION},
        {"openssl-version", required_argument, NULL, OPT_SSL_VERSION},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"color", optional_argument, NULL, OPT_COLOR},
        {"colour", optional_argument, NULL, OPT_COLOR},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"fix", no_argument, NULL, OPT_FIX},
        {"diff", no_argument, NULL, OPT_DIFF},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"no-config", no_argument, NULL, OPT_NO_CONFIG},
        {"no-inline-suppressions", no_argument, NULL, OPT_NO_INLINE},
        {"baseline", required_argument, NULL, OPT_BASELINE},
        {"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
        {"compare-to", required_argument, NULL, OPT_COMPARE_TO},
        {"root", required_argument, NULL, OPT_ROOT},
        {"print", required_argument, NULL, OPT_PRINT},
        {"expand", no_argument, NULL, OPT_EXPAND},
        {"simulate", no_argument, NULL, OPT_SIMULATE},
        {"list-rules", no_argument, NULL, OPT_LIST},
        {"explain", required_argument, NULL, OPT_EXPLAIN},
        {"no-exec", no_argument, NULL, OPT_NO_EXEC},
        {"version", no_argument, NULL, OPT_VERSION},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}
    };
    int c;

    memset(o, 0, sizeof(*o));
    o->format = "gcc";
    o->fail_on = SEV_WARNING;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o->config_dir = optarg; break;
        case OPT_MAIN: o->main_file = optarg; break;
        case OPT_MASTER: o->master_file = optarg; break;
        case OPT_STDIN_NAME: o->stdin_name = optarg; break;
        case OPT_PF_VERSION: split_versions(o, optarg); break;
        case OPT_SSL_VERSION: o->openssl_version = optarg; break;
        case OPT_FORMAT: o->format = optarg; break;
        case OPT_COLOR: o->color = parse_color(optarg); break;
        case OPT_FIX: o->fix = true; break;
        case OPT_DIFF: o->diff = true; break;
        case OPT_CONFIG: o->lint_config = optarg; break;
        case OPT_NO_CONFIG: o->no_config = true; break;
        case OPT_NO_INLINE: o->no_inline = true; break;
        case OPT_BASELINE: o->baseline = optarg; break;
        case OPT_WRITE_BASELINE: o->write_baseline = optarg; break;
        case OPT_COMPARE_TO: o->compare_to = optarg; break;
        case OPT_ROOT: o->root = optarg; break;
        case OPT_PRINT: o->print = optarg; break;
        case OPT_LIST: o->list_rules = true; break;
        case OPT_EXPLAIN: o->explain = optarg; break;
        case OPT_NO_EXEC: o->no_exec = true; break;
        case OPT_EXPAND: o->expand = true; break;
        case OPT_SIMULATE: o->simulate = true; break;
        case OPT_FAIL_ON:
            if (!severity_parse(optarg, &o->fail_on))
                usage_error("--fail-on takes error, warning or info, "
                            "not \"%s\"", optarg);
            o->fail_on_given = true;
            break;
        case OPT_VERSION:
            printf("postlint %s\n", POSTLINT_VERSION);
            exit(0);
        case OPT_HELP:
            fputs(usage_text, stdout);
            fputs(help_text, stdout);
            exit(0);
        case ':':
            usage_error("option %s needs a value", argv[optind - 1]);
            break;
        default:
            usage_error("unknown option \"%s\"", argv[optind - 1]);
        }
    }
    /* --print effective SERVICE: the service is the next argument. */
    if (o->print && str_starts(o->print, "effective")) {
        if (o->print[9] == ':' || o->print[9] == '=')
            o->print_service = o->print + 10;
        else if (o->print[9] == '\0' && optind < argc)
            o->print_service = argv[optind++];
        else
            usage_error("%s", "--print effective needs a service, as in "
                        "--print effective smtp/inet");
        o->print = "effective";
    }
    if (optind < argc)
        usage_error("unexpected argument \"%s\" (use -c DIR, --main FILE "
                    "or --master FILE)", argv[optind]);
    check_combinations(o);
}

static int list_rules(void)
{
    size_t n;
    const rule_desc *const *all = rule_all(&n);

    for (size_t i = 0; i < n; i++)
        printf("%-28s %-8s %s\n", all[i]->id, severity_name(all[i]->sev),
               all[i]->summary);
    return 0;
}

/* The rule's documentation page (docs/rules/RULE.md, built in). */
static int explain_rule(const char *id)
{
    const rule_desc *r = rule_find(id);
    const char *page = rule_doc_page(id);

    if (r == NULL) {
        pl_say("no rule \"%s\" (see --list-rules)", id);
        return EXIT_CANNOT_LINT;
    }
    if (page)
        fputs(page, stdout);
    else
        printf("%s (%s): %s\n\n%s\n", r->id, severity_name(r->sev),
               r->summary, r->explanation);
    return 0;
}

/* Read one file; exit 2 with a one-line message when it cannot be read
 * or has more than max_entries logical lines (what they are) or one with
 * more than max_words words. */
static source *read_or_die(const char *path, const options *o,
                           bool missing_ok, size_t max_entries,
                           size_t max_words, const char *what)
{
    const char *shown = path;
    bool missing;
    char *why;
    source *src;

    if (str_eq(path, "-"))
        shown = o->stdin_name ? o->stdin_name : "<stdin>";
    src = source_read(path, shown, &why, &missing);
    if (src == NULL && missing && missing_ok) {
        free(why);
        return NULL;
    }
    if (src && (why = source_check_entries(src, max_entries, max_words,
                                           what)) != NULL) {
        source_free(src);
        src = NULL;
    }
    if (src == NULL) {
        pl_say("%s", why);
        free(why);
        exit(EXIT_CANNOT_LINT);
    }
    return src;
}

/* config_directory as Postfix would see it: -c DIR, else the directory
 * that holds main.cf. */
static const char *config_dir_of(const char *dir, const char *main_path)
{
    static char buf[4096];
    const char *slash;

    if (dir)
        return dir;
    if (main_path == NULL || str_eq(main_path, "-")
        || (slash = strrchr(main_path, '/')) == NULL)
        return ".";
    snprintf(buf, sizeof(buf), "%.*s", (int) (slash - main_path), main_path);
    return buf[0] ? buf : "/";
}

static char *default_config_dir(const options *o)
{
    if (!o->no_exec && exec_in_path("postconf")) {
        char *argv[] = {"postconf", "-h", "config_directory", NULL};
        char *dir = exec_first_line(argv);

        if (dir && *dir)
            return dir;
        free(dir);
    }
    return xstrdup("/etc/postfix");
}

/* One target version: wanted (from --postfix-version), else postconf's,
 * else the newest we know (target.c). */
static void decide_version(const options *o, const char *wanted,
                           lint_ctx *ctx, char **text)
{
    if (!target_postfix(wanted, o->no_exec, &ctx->version, text,
                        &ctx->version_origin, &ctx->version_note))
        usage_error("--postfix-version takes a version such as 3.7.11, "
                    "not \"%s\"", wanted);
}

/* The OpenSSL the target Postfix is built with (target.c). */
static void decide_openssl(const options *o, lint_ctx *ctx)
{
    if (!target_openssl(o->openssl_version, &ctx->openssl,
                        &ctx->openssl_text, &ctx->openssl_approx))
        usage_error("--openssl-version takes a version such as 1.0.2, "
                    "not \"%s\"", o->openssl_version);
}

static int do_print(const options *o, const lint_ctx *ctx)
{
    const model *m = ctx->m;
    const char *view = o->print;
    strbuf out;
    char *why = NULL;

    sb_init(&out);
    if (str_eq(view, "tls")) {
        tls_model *t = tls_model_build(m, ctx->openssl);

        print_tls(m, t, ctx->openssl_text, &out);
        tls_model_free(t);
    } else if (str_eq(view, "effective")) {
        const service *svc = model_find_service(m, o->print_service);

        if (svc == NULL) {
            pl_say("no service \"%s\" in master.cf "
                   "(name or name/type, as in smtp/inet)",
                   o->print_service);
            sb_free(&out);
            return EXIT_CANNOT_LINT;
        }
        print_effective(m, svc, &out);
    } else if (str_eq(view, "main") && o->expand) {
        if (!print_main_expanded(m, &out, &why)) {
            fwrite(out.data ? out.data : "", 1, out.len, stdout);
            fflush(stdout);
            pl_say("%s", why);
            free(why);
            sb_free(&out);
            return EXIT_FINDINGS;
        }
    } else if (str_eq(view, "main"))
        print_main(m, &out);
    else if (str_eq(view, "fields"))
        print_fields(m, &out);
    else
        print_params(m, &out);
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    sb_free(&out);
    return 0;
}

/* ---- the lint pipeline --------------------------------------------- */

/* The configuration as read and parsed, once; every pass lints it. */
typedef struct lint_input {
    char *dir, *main_path, *master_path, *config_dir;
    source *main_src, *master_src;
    source *orig_main, *orig_master;    /* as read (--fix keeps them) */
    maincf_ast *main_ast;
    mastercf_ast *master_ast;
} lint_input;

/* One target version: the model, its TLS policy, the findings. */
typedef struct lint_pass {
    lint_ctx ctx;
    char *version_text;
    model *m;
    tls_model *tls;
    sim_run *sim;
    diag_set diags;
} lint_pass;

static void input_read(const options *o, const char *dir,
                       const char *main_file, const char *master_file,
                       lint_input *in)
{
    memset(in, 0, sizeof(*in));
    /* Which files: a directory gives both; --main/--master one each. */
    if (dir || (!main_file && !master_file))
        in->dir = dir ? xstrdup(dir) : default_config_dir(o);
    in->main_path = main_file ? xstrdup(main_file)
        : in->dir ? xasprintf("%s/main.cf", in->dir) : NULL;
    in->master_path = master_file ? xstrdup(master_file)
        : in->dir ? xasprintf("%s/master.cf", in->dir) : NULL;
    if (in->main_path)
        in->main_src = read_or_die(in->main_path, o, false,
                                   MAINCF_MAX_PARAMS, (size_t) -1,
                                   "parameter settings");
    /* master.cf found through a directory may be absent, as for postconf. */
    if (in->master_path)
        in->master_src = read_or_die(in->master_path, o,
                                     master_file == NULL,
                                     MASTERCF_MAX_SERVICES,
                                     MASTERCF_MAX_WORDS, "services");
    if (in->main_src)
        in->main_ast = maincf_parse(in->main_src);
    if (in->master_src)
        in->master_ast = mastercf_parse(in->master_src);
    in->config_dir = xstrdup(config_dir_of(in->dir, in->main_path));
    in->orig_main = in->main_src;
    in->orig_master = in->master_src;
}

static void input_free(lint_input *in)
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
    memset(in, 0, sizeof(*in));
}

/* Everything a pass needs before the rules: version, model, TLS. */
static void pass_prepare(const options *o, const lint_input *in,
                         const char *wanted, lint_pass *p)
{
    memset(p, 0, sizeof(*p));
    decide_version(o, wanted, &p->ctx, &p->version_text);
    p->ctx.version_text = p->version_text;
    decide_openssl(o, &p->ctx);
    p->m = model_build(in->main_ast, in->master_ast, p->ctx.version);
    p->m->version_text = p->version_text;
    p->m->config_dir = in->config_dir;
    p->ctx.m = p->m;
    p->ctx.diags = &p->diags;
    p->ctx.tls = p->tls = tls_model_build(p->m, p->ctx.openssl);
}

static void pass_lint(lint_pass *p, bool simulate)
{
    p->ctx.view = postconf_view_build(p->m);
    rules_run(&p->ctx);
    postconf_view_free(p->m, (postconf_view *) p->ctx.view);
    p->ctx.view = NULL;
    if (simulate)
        p->sim = sim_run_all(p->m, p->tls);
}

static void pass_free(lint_pass *p)
{
    sim_run_free(p->sim);
    tls_model_free(p->tls);
    diag_free(&p->diags);
    model_free(p->m);
    free(p->version_text);
    memset(p, 0, sizeof(*p));
}

/* postlint.conf: --config FILE, else beside main.cf when it exists. */
static bool load_lintconf(const options *o, const lint_input *in,
                          lintconf *conf)
{
    char *path, *why = NULL;
    bool ok;

    if (o->no_config)
        return false;
    if (o->lint_config)
        path = xstrdup(o->lint_config);
    else if (in->main_path && !str_eq(in->main_path, "-"))
        path = xasprintf("%s/postlint.conf", in->config_dir);
    else
        return false;
    if (!o->lint_config && access(path, F_OK) != 0) {
        free(path);
        return false;
    }
    ok = lintconf_read(conf, path, &why);
    free(path);
    if (!ok) {
        pl_say("%s", why);
        exit(EXIT_CANNOT_LINT);
    }
    return true;
}

/* Suppressions, postlint.conf and the baseline, in that order: what a
 * comment silences cannot count as unused because the config file
 * also disabled the rule. */
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

static void postprocess(const options *o, const lint_input *in,
                        const lintconf *conf, const baseline *base,
                        diag_set *diags)
{
    redact_untrusted(diags);
    if (!o->no_inline) {
        suppress_set s = {0};

        suppress_scan(&s, in->main_src);
        suppress_scan(&s, in->master_src);
        suppress_apply(&s, diags);
        suppress_free(&s);
    }
    if (conf)
        lintconf_apply(conf, diags);
    if (base)
        baseline_filter(base, diags);
    diag_sort(diags);
}

static void emit(const options *o, const diag_set *diags, emit_info *info,
                 strbuf *out)
{
    if (str_eq(o->format, "json"))
        emit_json(diags, info, out);
    else if (str_eq(o->format, "sarif"))
        emit_sarif(diags, info, out);
    else if (str_eq(o->format, "github"))
        emit_github(diags, info, out);
    else if (str_eq(o->format, "checkstyle"))
        emit_checkstyle(diags, info, out);
    else {
        emit_gcc(diags, info, out);
        if (info->sim) {
            strbuf sim;

            sb_init(&sim);
            sim_format_text(info->sim, &sim);
            sb_adds(out, diags->n ? "\n" : "");
            sb_add_terminal_text(out, sim.data ? sim.data : "");
            sb_free(&sim);
        }
    }
}

static bool use_color(const options *o)
{
    const char *term = getenv("TERM");
    const char *no_color = getenv("NO_COLOR");

    if (o->color != COLOR_AUTO)
        return o->color == COLOR_ALWAYS;
    return isatty(STDOUT_FILENO) && !(no_color && *no_color)
        && !(term && str_eq(term, "dumb"));
}

static void write_out(const strbuf *out)
{
    fwrite(out->data ? out->data : "", 1, out->len, stdout);
}

/* ---- several Postfix versions in one run ----------------------------- */

static bool same_finding(const diagnostic *a, const diagnostic *b)
{
    return str_eq(a->rule, b->rule) && a->sp.src == b->sp.src
        && a->sp.line == b->sp.line && a->sp.col == b->sp.col;
}

static void copy_diag(diag_set *out, const diagnostic *d)
{
    diagnostic *c = diag_add(out, d->rule, d->sev, &d->sp, "%s",
                             d->message);

    if (d->has_fix) {
        diag_set_fix(c, &d->fix.sp, d->fix.replacement);
        c->fix.unsafe = d->fix.unsafe;
    }
}

/* The union of every pass's findings; a finding not found for every
 * version says for which it holds. Per step, how many appear and
 * disappear goes to stderr. */
static void merge_versions(lint_pass *p, size_t n, diag_set *out)
{
    unsigned *mask = NULL;
    size_t cap = 0;

    for (size_t v = 0; v < n; v++) {
        for (size_t i = 0; i < p[v].diags.n; i++) {
            const diagnostic *d = &p[v].diags.items[i];
            size_t k = 0;

            while (k < out->n && !same_finding(&out->items[k], d))
                k++;
            if (k == out->n) {
                copy_diag(out, d);
                mask = grow_array(mask, &cap, out->n, sizeof(unsigned));
                mask[k] = 0;
            }
            mask[k] |= 1u << v;
        }
    }
    for (size_t v = 0; v + 1 < n; v++) {
        size_t appear = 0, disappear = 0;

        for (size_t k = 0; k < out->n; k++) {
            appear += (mask[k] >> (v + 1) & 1) && !(mask[k] >> v & 1);
            disappear += (mask[k] >> v & 1) && !(mask[k] >> (v + 1) & 1);
        }
        pl_say("Postfix %s -> %s: %zu finding%s, "
               "%zu disappear%s", p[v].version_text, p[v + 1].version_text,
               appear, appear == 1 ? " appears" : "s appear", disappear,
               disappear == 1 ? "s" : "");
    }
    for (size_t k = 0; k < out->n; k++) {
        strbuf note;
        char *msg;

        if (mask[k] == (1u << n) - 1)
            continue;
        sb_init(&note);
        for (size_t v = 0; v < n; v++)
            if (mask[k] >> v & 1)
                sb_printf(&note, "%s%s", note.len ? ", " : "",
                          p[v].version_text);
        msg = xasprintf("%s [only with Postfix %s]", out->items[k].message,
                        note.data);
        free(out->items[k].message);
        out->items[k].message = msg;
        sb_free(&note);
    }
    free(mask);
    diag_sort(out);
}

/* ---- --compare-to DIR ---------------------------------------------- */

static char *compare_running(const options *o, lint_pass *candidate,
                             bool json)
{
    lint_input running;
    lint_pass before;
    tls_changes changes;
    strbuf out;

    input_read(o, o->compare_to, NULL, NULL, &running);
    pass_prepare(o, &running, o->n_versions ? o->versions[0] : NULL,
                 &before);
    before.sim = sim_run_all(before.m, before.tls);
    if (candidate->sim == NULL)
        candidate->sim = sim_run_all(candidate->m, candidate->tls);
    compare_tls(before.tls, before.sim, candidate->tls, candidate->sim,
                &changes);
    sb_init(&out);
    if (json) {
        sb_adds(&out, ",\"tls_changes\":");
        compare_format_json(&changes, &out);
    } else {
        compare_format_text(&changes, o->compare_to, &out);
    }
    compare_free(&changes);
    pass_free(&before);
    input_free(&running);
    return sb_steal(&out);
}

/* ---- --fix and --diff ---------------------------------------------- */

#define MAX_FIX_ROUNDS 8

static size_t fix_files(const lint_input *in, fix_file *files)
{
    size_t n = 0;

    if (in->main_src)
        files[n++] = (fix_file) {in->main_src, str_eq(in->main_path, "-")
                                 ? NULL : in->main_path};
    if (in->master_src)
        files[n++] = (fix_file) {in->master_src,
                                 str_eq(in->master_path, "-")
                                 ? NULL : in->master_path};
    return n;
}

/* Replace one source of in by its text with the plan applied. The text
 * as read stays in *orig (for the diff and the write-back check). */
static void apply_to_source(const fix_plan *plan, source **cur,
                            source *orig)
{
    size_t len;
    char *text = fix_plan_render(plan, *cur, &len), *why = NULL;
    source *next = source_from_text((*cur)->path, text, len, &why);

    if (next == NULL)
        fatal("fixed text cannot be read back: %s", why);
    next->crlf = orig->crlf;
    if (*cur != orig)
        source_free(*cur);
    *cur = next;
}

static bool plan_touches(const fix_plan *plan, const source *src)
{
    for (size_t i = 0; i < plan->n_edits; i++)
        if (plan->edits[i].d->fix.sp.src == src)
            return true;
    return false;
}

static void input_apply_plan(lint_input *in, const fix_plan *plan)
{
    if (in->main_src && plan_touches(plan, in->main_src)) {
        apply_to_source(plan, &in->main_src, in->orig_main);
        maincf_free(in->main_ast);
        in->main_ast = maincf_parse(in->main_src);
    }
    if (in->master_src && plan_touches(plan, in->master_src)) {
        apply_to_source(plan, &in->master_src, in->orig_master);
        mastercf_free(in->master_ast);
        in->master_ast = mastercf_parse(in->master_src);
    }
}

/* Show (--diff) or write (--fix) the final text of one file. */
static bool finish_file(const options *o, const source *orig,
                        const source *cur, const char *disk_path,
                        size_t n_fixes, strbuf *out, strbuf *notes)
{
    char *why;

    if (orig == NULL || orig == cur)
        return true;
    if (o->diff) {
        udiff(orig->path, orig->text, orig->len, cur->text, cur->len, out);
        return true;
    }
    if ((why = fix_write_file(disk_path, orig, cur->text, cur->len))) {
        sb_printf(notes, "postlint: %s: not fixed: %s\n", orig->path, why);
        free(why);
        return false;
    }
    sb_printf(notes, "postlint: %s: applied %zu fix%s\n", orig->path,
              n_fixes, n_fixes == 1 ? "" : "es");
    return true;
}

/* Lint, apply the safe fixes in memory, lint again, until nothing is
 * left to fix; then diff or write the result. The last pass stays in
 * *pass: what remains. Returns false when a file could not be written. */
static bool fix_rounds(const options *o, lint_input *in,
                       const lintconf *conf, const baseline *base,
                       lint_pass *pass)
{
    size_t fixes[2] = {0, 0};
    fix_file files[2];
    fix_plan plan;
    strbuf out, notes;
    bool ok = true;

    for (int round = 0;; round++) {
        pass_prepare(o, in, o->n_versions ? o->versions[0] : NULL, pass);
        pass_lint(pass, false);
        postprocess(o, in, conf, base, &pass->diags);
        fix_plan_build(&plan, &pass->diags, files, fix_files(in, files));
        if (plan.n_edits == 0 || round == MAX_FIX_ROUNDS)
            break;
        for (size_t i = 0; i < plan.n_edits; i++)
            fixes[plan.edits[i].d->fix.sp.src == in->main_src ? 0 : 1]++;
        input_apply_plan(in, &plan);
        fix_plan_free(&plan);
        pass_free(pass);
    }
    sb_init(&out);
    sb_init(&notes);
    fix_plan_list_skipped(&plan, &notes);
    ok &= finish_file(o, in->orig_main, in->main_src, in->main_path,
                      fixes[0], &out, &notes);
    ok &= finish_file(o, in->orig_master, in->master_src, in->master_path,
                      fixes[1], &out, &notes);
    write_out(&out);
    fflush(stdout);
    if (notes.data) {
        strbuf safe;

        sb_init(&safe);
        sb_add_terminal_text(&safe, notes.data);
        fputs(safe.data, stderr);
        sb_free(&safe);
    }
    sb_free(&out);
    sb_free(&notes);
    fix_plan_free(&plan);
    return ok;
}

/* ---- one whole lint run -------------------------------------------- */

static int lint(const options *o)
{
    lint_input in;
    lint_pass pass[MAX_VERSIONS];
    size_t n = o->n_versions ? o->n_versions : 1;
    lintconf conf;
    baseline base;
    bool has_conf, has_base = false, write_ok = true;
    diag_set merged = {0}, *diags = &pass[0].diags;
    severity fail_on = o->fail_on;
    emit_info info = {0};
    char *why = NULL, *changes = NULL;
    strbuf out;
    int status;

    input_read(o, o->config_dir, o->main_file, o->master_file, &in);
    has_conf = load_lintconf(o, &in, &conf);
    if (has_conf && conf.has_fail_on && !o->fail_on_given)
        fail_on = conf.fail_on;
    if (o->baseline && !(has_base = baseline_read(&base, o->baseline, &why))) {
        pl_say("%s", why);
        exit(EXIT_CANNOT_LINT);
    }
    if (o->fix || o->diff) {
        write_ok = fix_rounds(o, &in, has_conf ? &conf : NULL,
                              has_base ? &base : NULL, &pass[0]);
    } else {
        for (size_t v = 0; v < n; v++) {
            pass_prepare(o, &in, o->n_versions ? o->versions[v] : NULL,
                         &pass[v]);
            pass_lint(&pass[v], o->simulate && v == 0);
            postprocess(o, &in, has_conf ? &conf : NULL,
                        has_base ? &base : NULL, &pass[v].diags);
        }
    }
    if (n > 1) {
        merge_versions(pass, n, &merged);
        diags = &merged;
    }
    if (o->write_baseline && (why = baseline_write(diags, o->write_baseline)))
        pl_say("%s", why);
    else if (o->write_baseline)
        pl_say("recorded %zu finding%s in %s", diags->n,
               diags->n == 1 ? "" : "s", o->write_baseline);
    if (o->compare_to)
        changes = compare_running(o, &pass[0], str_eq(o->format, "json"));

    info.tool_version = POSTLINT_VERSION;
    info.postfix_version = pass[0].ctx.version_text;
    info.openssl_version = o->openssl_version ? o->openssl_version
        : OpenSSL_version(OPENSSL_VERSION_STRING);
    info.sim = o->simulate ? pass[0].sim : NULL;
    info.color = use_color(o);
    info.extra_json = str_eq(o->format, "json") ? changes : NULL;
    sb_init(&out);
    if (!o->diff)
        emit(o, diags, &info, &out);
    if (changes && str_eq(o->format, "gcc")) {
        sb_adds(&out, out.len ? "\n" : "");
        sb_add_terminal_text(&out, changes);
    } else if (changes && !str_eq(o->format, "json")) {
        strbuf safe;

        sb_init(&safe);
        sb_add_terminal_text(&safe, changes);
        fputs(safe.data ? safe.data : "", stderr);
        sb_free(&safe);
    }
    write_out(&out);
    sb_free(&out);

    status = diag_count_at_least(diags, fail_on) ? EXIT_FINDINGS : 0;
    if (o->write_baseline)
        status = why ? EXIT_CANNOT_LINT : 0;
    if (!write_ok)
        status = EXIT_CANNOT_LINT;
    free(why);
    free(changes);
    diag_free(&merged);
    for (size_t v = 0; v < n; v++)
        pass_free(&pass[v]);
    if (has_base)
        baseline_free(&base);
    if (has_conf)
        lintconf_free(&conf);
    input_free(&in);
    return status;
}

static int print_view(const options *o)
{
    lint_input in;
    lint_pass pass;
    int status;

    input_read(o, o->config_dir, o->main_file, o->master_file, &in);
    /* A view prints the file's content: never one postlint cannot trust. */
    for (int i = 0; i < 2; i++) {
        const source *src = i ? in.master_src : in.main_src;

        if (src && src->untrusted) {
            pl_say("%s: not printed: %s", src->path,
                   src->untrusted);
            input_free(&in);
            return EXIT_CANNOT_LINT;
        }
    }
    pass_prepare(o, &in, o->n_versions ? o->versions[0] : NULL, &pass);
    status = do_print(o, &pass.ctx);
    pass_free(&pass);
    input_free(&in);
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
    if (o.list_rules)
        status = list_rules();
    else if (o.explain)
        status = explain_rule(o.explain);
    else if (o.print)
        status = print_view(&o);
    else
        status = lint(&o);

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
