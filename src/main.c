/*
 * main.c - the postlint command line.
 *
 * Reads the options, finds and reads main.cf and master.cf, decides the
 * target Postfix version, then either prints a postconf view (--print) or
 * runs every rule and emits the diagnostics. Nothing else lives here.
 *
 * Exit status: 0 no finding at or above --fail-on (default warning);
 * 1 findings; 2 could not lint (usage, missing or unreadable file, ...).
 */
#include "ast.h"
#include "diag.h"
#include "effective.h"
#include "emit.h"
#include "exec.h"
#include "log_cmd.h"
#include "model.h"
#include "postconf_view.h"
#include "print.h"
#include "tls_sim.h"
#include "rule.h"
#include "source.h"
#include "tls_ciphers.h"
#include "util.h"
#include "version.h"

#include <getopt.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NEWEST_KNOWN_VERSION "3.11.6"
#define EXIT_FINDINGS 1
#define EXIT_CANNOT_LINT 2

typedef struct options {
    const char *config_dir;
    const char *main_file;
    const char *master_file;
    const char *stdin_name;
    const char *postfix_version;
    const char *openssl_version;
    const char *format;
    const char *print;
    const char *print_service;  /* --print effective SERVICE */
    const char *explain;
    bool expand;
    severity fail_on;
    bool no_exec;
    bool list_rules;
    bool simulate;
} options;

static const char usage_text[] =
    "usage: postlint [-c DIR] [--main FILE] [--master FILE] "
    "[--stdin-name NAME]\n"
    "                [--postfix-version V] [--openssl-version V]\n"
    "                [--format gcc|json] [--fail-on error|warning|info]\n"
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
    "                           -d mail_version, else the newest known)\n"
    "      --openssl-version V  target OpenSSL version\n"
    "      --format FORMAT      gcc (default) or json\n"
    "      --fail-on SEVERITY   exit 1 on findings at or above this\n"
    "                           severity: error, warning (default), info\n"
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
    "      --explain RULE       explain one rule\n"
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

static void parse_options(int argc, char **argv, options *o)
{
    enum {
        OPT_MAIN = 256, OPT_MASTER, OPT_STDIN_NAME, OPT_PF_VERSION,
        OPT_SSL_VERSION, OPT_FORMAT, OPT_FAIL_ON, OPT_PRINT, OPT_LIST,
        OPT_EXPLAIN, OPT_NO_EXEC, OPT_VERSION, OPT_HELP, OPT_EXPAND,
        OPT_SIMULATE
    };
    static const struct option longopts[] = {
        {"config-dir", required_argument, NULL, 'c'},
        {"main", required_argument, NULL, OPT_MAIN},
        {"master", required_argument, NULL, OPT_MASTER},
        {"stdin-name", required_argument, NULL, OPT_STDIN_NAME},
        {"postfix-version", required_argument, NULL, OPT_PF_VERSION},
        {"openssl-version", required_argument, NULL, OPT_SSL_VERSION},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
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
        case OPT_PF_VERSION: o->postfix_version = optarg; break;
        case OPT_SSL_VERSION: o->openssl_version = optarg; break;
        case OPT_FORMAT: o->format = optarg; break;
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
    if (!str_eq(o->format, "gcc") && !str_eq(o->format, "json"))
        usage_error("--format takes gcc or json, not \"%s\"", o->format);
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

static int explain_rule(const char *id)
{
    const rule_desc *r = rule_find(id);

    if (r == NULL) {
        fprintf(stderr, "postlint: no rule \"%s\" (see --list-rules)\n", id);
        return EXIT_CANNOT_LINT;
    }
    printf("%s (%s): %s\n\n%s\n\nMore: docs/rules/%s.md\n", r->id,
           severity_name(r->sev), r->summary, r->explanation, r->id);
    return 0;
}

/* Read one file; exit 2 with a one-line message when it cannot be read. */
static source *read_or_die(const char *path, const options *o,
                           bool missing_ok)
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
    if (src == NULL) {
        fprintf(stderr, "postlint: %s\n", why);
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

static void decide_version(const options *o, lint_ctx *ctx, char **text)
{
    char *found = NULL;

    if (o->postfix_version) {
        if (!version_parse(o->postfix_version, &ctx->version))
            usage_error("--postfix-version takes a version such as 3.7.11, "
                        "not \"%s\"", o->postfix_version);
        ctx->version_origin = VERSION_FROM_OPTION;
        *text = xstrdup(o->postfix_version);
        return;
    }
    if (!o->no_exec && exec_in_path("postconf")) {
        /* A config directory that cannot exist: postconf -d reads
         * master.cf, and a broken one must not hide the version. */
        char *argv[] = {"postconf", "-c", "/dev/null/postlint", "-d", "-h",
                        "mail_version", NULL};

        found = exec_first_line(argv);
        if (found && version_parse(found, &ctx->version)) {
            ctx->version_origin = VERSION_FROM_POSTCONF;
            *text = found;
            return;
        }
        free(found);
        found = (char *) "";
    }
    version_parse(NEWEST_KNOWN_VERSION, &ctx->version);
    ctx->version_origin = VERSION_ASSUMED;
    ctx->version_note = o->no_exec ? "--no-exec: postconf was not asked"
        : found ? "postconf printed no usable mail_version"
        : "postconf is not installed";
    *text = xstrdup(NEWEST_KNOWN_VERSION);
}

/* The OpenSSL the target Postfix is built with: --openssl-version, else
 * the one postlint is linked with. */
static void decide_openssl(const options *o, lint_ctx *ctx)
{
    pf_version linked = openssl_linked_version();

    ctx->openssl = linked;
    ctx->openssl_text = openssl_linked_text();
    if (o->openssl_version) {
        if (!version_parse(o->openssl_version, &ctx->openssl))
            usage_error("--openssl-version takes a version such as 1.0.2, "
                        "not \"%s\"", o->openssl_version);
        ctx->openssl_text = o->openssl_version;
        ctx->openssl_approx = ctx->openssl.major != linked.major
            || ctx->openssl.minor != linked.minor;
    }
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
            fprintf(stderr, "postlint: no service \"%s\" in master.cf "
                    "(name or name/type, as in smtp/inet)\n",
                    o->print_service);
            sb_free(&out);
            return EXIT_CANNOT_LINT;
        }
        print_effective(m, svc, &out);
    } else if (str_eq(view, "main") && o->expand) {
        if (!print_main_expanded(m, &out, &why)) {
            fwrite(out.data ? out.data : "", 1, out.len, stdout);
            fflush(stdout);
            fprintf(stderr, "postlint: %s\n", why);
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

static int do_lint(const options *o, lint_ctx *ctx)
{
    diag_set diags = {0};
    emit_info info;
    strbuf out;
    size_t failing;
    tls_model *tls;
    sim_run *sim = NULL;

    ctx->diags = &diags;
    ctx->view = postconf_view_build(ctx->m);
    ctx->tls = tls = tls_model_build(ctx->m, ctx->openssl);
    rules_run(ctx);
    if (o->simulate)
        sim = sim_run_all(ctx->m, tls);
    postconf_view_free(ctx->m, (postconf_view *) ctx->view);
    diag_sort(&diags);
    info.tool_version = POSTLINT_VERSION;
    info.postfix_version = ctx->version_text;
    info.openssl_version = o->openssl_version ? o->openssl_version
        : OpenSSL_version(OPENSSL_VERSION_STRING);
    info.sim = sim;
    sb_init(&out);
    if (str_eq(o->format, "json"))
        emit_json(&diags, &info, &out);
    else {
        emit_gcc(&diags, &info, &out);
        if (sim) {
            sb_adds(&out, diags.n ? "\n" : "");
            sim_format_text(sim, &out);
        }
    }
    sim_run_free(sim);
    tls_model_free(tls);
    fwrite(out.data ? out.data : "", 1, out.len, stdout);
    sb_free(&out);
    failing = diag_count_at_least(&diags, o->fail_on);
    diag_free(&diags);
    return failing ? EXIT_FINDINGS : 0;
}

int main(int argc, char **argv)
{
    options o;
    char *dir = NULL, *main_path = NULL, *master_path = NULL;
    char *version_text = NULL;
    source *main_src = NULL, *master_src = NULL;
    maincf_ast *main_ast = NULL;
    mastercf_ast *master_ast = NULL;
    lint_ctx ctx;
    model *m;
    int status;

    if (argc > 1 && str_eq(argv[1], "log"))
        return log_main(argc - 1, argv + 1);
    parse_options(argc, argv, &o);
    if (o.list_rules)
        return list_rules();
    if (o.explain)
        return explain_rule(o.explain);

    memset(&ctx, 0, sizeof(ctx));
    decide_version(&o, &ctx, &version_text);
    ctx.version_text = version_text;
    decide_openssl(&o, &ctx);

    /* Which files: -c DIR gives both; --main/--master name one each. */
    if (o.config_dir || (!o.main_file && !o.master_file))
        dir = o.config_dir ? xstrdup(o.config_dir) : default_config_dir(&o);
    main_path = o.main_file ? xstrdup(o.main_file)
        : dir ? xasprintf("%s/main.cf", dir) : NULL;
    master_path = o.master_file ? xstrdup(o.master_file)
        : dir ? xasprintf("%s/master.cf", dir) : NULL;

    if (main_path)
        main_src = read_or_die(main_path, &o, false);
    /* master.cf found through a directory may be absent, as for postconf. */
    if (master_path)
        master_src = read_or_die(master_path, &o, o.master_file == NULL);
    if (main_src)
        main_ast = maincf_parse(main_src);
    if (master_src)
        master_ast = mastercf_parse(master_src);

    m = model_build(main_ast, master_ast, ctx.version);
    m->version_text = version_text;
    m->config_dir = config_dir_of(dir, main_path);
    ctx.m = m;
    if (o.print)
        status = do_print(&o, &ctx);
    else
        status = do_lint(&o, &ctx);

    fflush(stdout);
    if (ferror(stdout)) {
        fprintf(stderr, "postlint: error writing output\n");
        status = EXIT_CANNOT_LINT;
    }
    model_free(m);
    maincf_free(main_ast);
    mastercf_free(master_ast);
    source_free(main_src);
    source_free(master_src);
    free(dir);
    free(main_path);
    free(master_path);
    free(version_text);
    return status;
}
