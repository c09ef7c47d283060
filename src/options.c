/*
 * options.c - the lint's command line: options, their combinations, the
 * usage and help texts.
 *
 * Interface: see options.h.
 * Diagnostics: a usage error is one line on stderr, "postlint: ... (see
 * postlint --help)", and exit status 2.
 */
#include "options.h"
#include "emit.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "usage: postlint [-c DIR] [--main FILE] [--master FILE] "
    "[--stdin-name NAME]\n"
    "                [--postfix-version V[,V...]] [--openssl-version V]\n"
    "                [--format gcc|json|sarif|github|checkstyle] "
    "[--color[=WHEN]]\n"
    "                [--fail-on error|warning|info] [--fix[=all] | --diff]\n"
    "                [--config FILE | --no-config] "
    "[--no-inline-suppressions]\n"
    "                [--baseline FILE | --write-baseline FILE] "
    "[--compare-to DIR]\n"
    "                [--root DIR | --no-files]\n"
    "                [--print main|fields|params|tls|effective SERVICE] "
    "[--expand]\n"
    "                [--simulate] [--list-rules] [--explain RULE]\n"
    "                [-v | -q] [--no-exec] [--version] [--help]\n"
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
    "      --diff               print every available fix, later rounds\n"
    "                           too, as one unified diff with absolute\n"
    "                           paths (for patch -p1 -d /); change nothing;\n"
    "                           exit status of the files as they are\n"
    "      --fix[=all]          apply the fixes of the findings reported\n"
    "                           (=all: also those found only after them)\n"
    "                           in place (atomically; files changed since\n"
    "                           they were read are left alone), then\n"
    "                           report what remains\n"
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
    "      --no-files           read none of the files the configuration\n"
    "                           names (certificates, keys, tables): they\n"
    "                           are on the server, not here\n"
    "      --print VIEW         print what postconf -n (main), -F (fields)\n"
    "                           or -P (params) would print, and exit;\n"
    "                           tls: each smtpd service's TLS policy;\n"
    "                           effective SERVICE: what that service's\n"
    "                           daemon reads (not defaults), and from where\n"
    "      --expand             with --print main: expand values (-n -x)\n"
    "      --simulate           also shake hands in memory: every TLS\n"
    "                           service against every sender (smtpd) or\n"
    "                           receiver (smtp client) profile\n"
    "      --list-rules         list every rule with its id and the\n"
    "                           severities it reports (warning..error)\n"
    "      --explain RULE       print the rule's documentation page\n"
    "      --no-exec            run no program at all (no postconf)\n"
    "  -v, --verbose            also say on stderr what was checked: the\n"
    "                           configuration directory and files, the\n"
    "                           Postfix and OpenSSL versions assumed and\n"
    "                           where they came from, the rules run\n"
    "  -q, --quiet              print only errors: no warnings, info notes\n"
    "                           or notes on stderr (the exit status still\n"
    "                           follows --fail-on)\n"
    "      --version            print the version and exit\n"
    "      --help               print this help and exit\n"
    "\n"
    "Without -c, --main or --master: $MAIL_CONFIG, else postconf -h\n"
    "config_directory, else /etc/postfix. postconf is looked for in PATH,\n"
    "then in /usr/sbin and /usr/local/sbin. --master FILE alone also reads\n"
    "the main.cf beside FILE.\n"
    "\n"
    "Exit status: 0 no finding at or above --fail-on, 1 findings,\n"
    "2 could not lint (usage, missing or unreadable file).\n";

void usage_error(const char *fmt, const char *arg)
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
    if (emitter_find(o->format) == NULL)
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
    if (o->verbose && o->quiet)
        usage_error("%s", "-v says more, -q says less: choose one");
    if (o->config_dir && *o->config_dir == '\0')
        usage_error("%s", "-c needs a directory, not an empty name");
    if (o->root && *o->root == '\0')
        usage_error("%s", "--root needs a directory, not an empty name");
    if (o->root) {
        struct stat st;

        if (stat(o->root, &st) != 0)
            usage_error("--root %s: no such directory", o->root);
        if (!S_ISDIR(st.st_mode))
            usage_error("--root %s: not a directory", o->root);
    }
    if (o->root && o->no_files)
        usage_error("%s", "--root reads the named files inside DIR, "
                    "--no-files reads none: choose one");
}

void parse_options(int argc, char **argv, options *o)
{
    enum {
        OPT_MAIN = 256, OPT_MASTER, OPT_STDIN_NAME, OPT_PF_VERSION,
        OPT_SSL_VERSION, OPT_FORMAT, OPT_FAIL_ON, OPT_PRINT, OPT_LIST,
        OPT_EXPLAIN, OPT_NO_EXEC, OPT_NO_FILES, OPT_VERSION, OPT_HELP,
        OPT_EXPAND, OPT_SIMULATE, OPT_COLOR, OPT_FIX, OPT_DIFF, OPT_NO_INLINE,
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
        {"fix", optional_argument, NULL, OPT_FIX},
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
        {"no-files", no_argument, NULL, OPT_NO_FILES},
        {"version", no_argument, NULL, OPT_VERSION},
        {"help", no_argument, NULL, OPT_HELP},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {NULL, 0, NULL, 0}
    };
    int c;

    memset(o, 0, sizeof(*o));
    o->format = "gcc";
    o->fail_on = SEV_WARNING;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":c:vq", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o->config_dir = optarg; break;
        case 'v': o->verbose = true; break;
        case 'q': o->quiet = true; break;
        case OPT_MAIN: o->main_file = optarg; break;
        case OPT_MASTER: o->master_file = optarg; break;
        case OPT_STDIN_NAME: o->stdin_name = optarg; break;
        case OPT_PF_VERSION: split_versions(o, optarg); break;
        case OPT_SSL_VERSION: o->openssl_version = optarg; break;
        case OPT_FORMAT: o->format = optarg; break;
        case OPT_COLOR: o->color = parse_color(optarg); break;
        case OPT_FIX:
            o->fix = true;
            if (optarg && !(o->fix_all = str_eq(optarg, "all")))
                usage_error("--fix takes =all or nothing, not \"%s\"",
                            optarg);
            break;
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
        case OPT_NO_FILES: o->no_files = true; break;
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

