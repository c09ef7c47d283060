/*
 * log_cmd.c - `postlint log`: read mail logs, report who fails TLS and
 * why, and (with a configuration) tie each failure to the setting that
 * causes it.
 *
 * Interface: log_main() (log_cmd.h), called by main.c for "postlint log".
 * Diagnostics (stderr): usage errors and unreadable files (exit 2, the
 * message names the file), truncated or corrupt gzip data (a warning
 * naming the file; the lines before it count).
 *
 * Exit status: 0 no TLS failure in the logs, 1 failures, 2 could not read
 * a log or the configuration (or a usage error).
 *
 * Several files are read in time order: by the first timestamp in each
 * when they all have one with a year; by rotation number (maillog.2.gz,
 * maillog.1.gz, maillog) when they have none, or timestamps without a
 * year (which cannot order December before January), the timestamp then
 * ordering files of the same number; so the "what did the peer do
 * afterwards" answer follows time, not argument order.
 *
 * With two or more CPUs a log is read by two threads (log_pipe.c: both
 * parse blocks of lines, and fold them into the stats in turn; the same
 * output). The environment variable POSTLINT_LOG_THREADS=1 keeps it to
 * one thread (the tests compare both).
 */
#include "log_cmd.h"
#include "log_pipe.h"
#include "log_read.h"
#include "log_report.h"
#include "log_tiein.h"
#include "log_relief.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_FAILURES 1
#define EXIT_CANNOT_READ 2

static const char usage_text[] =
    "usage: postlint log [-c DIR] [--main FILE] [--master FILE]\n"
    "                    [--postfix-version V] [--openssl-version V]\n"
    "                    [--format text|json] [--fix] [--min-failures N]\n"
    "                    [--no-exec] [FILE...|-]\n";

static const char help_text[] =
    "Read Postfix mail logs (syslog, RFC 3339/ISO, RFC 5424, maillog_file;\n"
    "gzip-compressed or not; '-' or nothing: stdin) and report TLS sessions\n"
    "by protocol and cipher, handshake failures by reason and by peer, and\n"
    "what each failing peer did afterwards.\n"
    "\n"
    "  -c, --config-dir DIR     explain each failure against DIR/main.cf and\n"
    "                           DIR/master.cf, and suggest a cidr: table of\n"
    "                           peers not to offer STARTTLS\n"
    "      --main FILE, --master FILE   name the files one by one\n"
    "      --postfix-version V  target Postfix version (with a configuration)\n"
    "      --openssl-version V  target OpenSSL version\n"
    "      --format FORMAT      text (default) or json\n"
    "      --fix                write the cidr: table into DIR (never main.cf):\n"
    "                           only the peers not in it yet; a table\n"
    "                           changed by hand is left alone\n"
    "      --min-failures N     list in the table only peers that failed at\n"
    "                           least N times (default 3); loopback and\n"
    "                           mynetworks are never listed\n"
    "      --no-exec            run no program at all (no postconf)\n"
    "      --help               print this help and exit\n"
    "\n"
    "Exit status: 0 no TLS failure in the logs, 1 failures, 2 could not\n"
    "read a log or the configuration.\n";

typedef struct log_opts {
    tiein_opts tie;
    bool tiein;
    const char **files;
    size_t n_files;
} log_opts;

static void usage_error(const char *fmt, const char *arg)
{
    fputs("postlint log: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see postlint log --help)\n", stderr);
    exit(EXIT_CANNOT_READ);
}

static void parse_options(int argc, char **argv, log_opts *o)
{
    enum {
        OPT_MAIN = 256, OPT_MASTER, OPT_PF, OPT_SSL, OPT_FORMAT, OPT_FIX,
        OPT_NO_EXEC, OPT_HELP, OPT_MIN_FAILURES
    };
    static const struct option longopts[] = {
        {"config-dir", required_argument, NULL, 'c'},
        {"main", required_argument, NULL, OPT_MAIN},
        {"master", required_argument, NULL, OPT_MASTER},
        {"postfix-version", required_argument, NULL, OPT_PF},
        {"openssl-version", required_argument, NULL, OPT_SSL},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"fix", no_argument, NULL, OPT_FIX},
        {"min-failures", required_argument, NULL, OPT_MIN_FAILURES},
        {"no-exec", no_argument, NULL, OPT_NO_EXEC},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0}
    };
    const char *format = "text";
    int c;

    memset(o, 0, sizeof(*o));
    o->tie.min_failures = RELIEF_MIN_FAILURES;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":c:", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': o->tie.config_dir = optarg; break;
        case OPT_MAIN: o->tie.main_file = optarg; break;
        case OPT_MASTER: o->tie.master_file = optarg; break;
        case OPT_PF: o->tie.postfix_version = optarg; break;
        case OPT_SSL: o->tie.openssl_version = optarg; break;
        case OPT_FORMAT: format = optarg; break;
        case OPT_FIX: o->tie.fix = true; break;
        case OPT_MIN_FAILURES: {
            char *end;

            errno = 0;
            o->tie.min_failures = strtoul(optarg, &end, 10);
            if (errno || end == optarg || *end || optarg[0] == '-'
                || o->tie.min_failures == 0 || o->tie.min_failures > 1000000)
                usage_error("--min-failures takes a number from 1 to "
                            "1000000, not \"%s\"", optarg);
            break;
        }
        case OPT_NO_EXEC: o->tie.no_exec = true; break;
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
    if (!str_eq(format, "text") && !str_eq(format, "json"))
        usage_error("--format takes text or json, not \"%s\"", format);
    o->tie.json = str_eq(format, "json");
    o->tiein = o->tie.config_dir || o->tie.main_file;
    if (o->tie.master_file && !o->tiein)
        usage_error("%s", "--master needs -c DIR or --main FILE");
    if (o->tie.fix && !o->tie.config_dir)
        usage_error("%s", "--fix needs -c DIR (the table is written there)");
    o->files = (const char **) argv + optind;
    o->n_files = (size_t) (argc - optind);
    if (o->n_files == 0 && isatty(0))
        usage_error("%s", "no log file given, and stdin is a terminal "
                    "(name a file, or pipe a log in)");
}

typedef struct log_file {
    const char *path;
    log_reader *r;              /* opened once, by probe() */
    size_t arg;                 /* position on the command line */
    long rotation;              /* maillog.N[.gz]: N; else 0 */
    bool has_time, has_year;
    int64_t first;
} log_file;

static long rotation_of(const char *path)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    size_t len;
    long n = 0;

    base = base ? base + 1 : path;
    len = strlen(base);
    if (len > 3 && str_eq(base + len - 3, ".gz"))
        len -= 3;
    for (dot = base + len; dot > base && dot[-1] >= '0' && dot[-1] <= '9';
         dot--)
        ;
    if (dot == base + len || dot == base || dot[-1] != '.')
        return 0;
    for (const char *p = dot; p < base + len && n < 1000000; p++)
        n = n * 10 + (*p - '0');
    return n;
}

static bool first_time(const char *line, size_t len, void *ctx)
{
    log_file *f = ctx;

    if (!log_parse_time(line, len, &f->first, &f->has_year))
        return false;
    f->has_time = true;
    return true;
}

/* Open each file, once, and find its first timestamp (failing early);
 * the reader stays open for read_file(), with the lines looked at still
 * to come (a pipe cannot be read twice). */
static bool probe(log_file *f, char **why)
{
    f->rotation = rotation_of(f->path);
    if ((f->r = log_reader_open(f->path, why)) == NULL)
        return false;
    log_reader_peek(f->r, first_time, f, 1000);
    return true;
}

static bool by_time;

/* Time stamps with a year order files outright. Without one, "Jan  1"
 * comes before "Dec 31" although the January file is the newer one, so
 * the rotation number goes first (maillog.1 before maillog) and the time
 * only orders files of the same number (logs of several hosts). */
static int file_order(const void *a, const void *b)
{
    const log_file *x = a, *y = b;
    bool rotation_first = !x->has_year;

    if (rotation_first && x->rotation != y->rotation)
        return x->rotation > y->rotation ? -1 : 1;
    if (by_time && x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->rotation != y->rotation)
        return x->rotation > y->rotation ? -1 : 1;
    return x->arg < y->arg ? -1 : 1;
}

static void order_files(log_file *f, size_t n)
{
    by_time = true;
    for (size_t i = 0; i < n; i++)
        if (!f[i].has_time || f[i].has_year != f[0].has_year)
            by_time = false;
    qsort(f, n, sizeof(*f), file_order);
}

/* Read one opened file into the stats and close it; false when it
 * could not be read whole (a read error, damaged gzip data). */
static bool read_file(log_reader *r, log_stats *s, uint64_t *seq)
{
    bool ok;

    log_pipe_read(r, s, seq, log_pipe_threads());
    s->long_lines += log_reader_long_lines(r);
    s->files++;
    ok = log_reader_error(r) == NULL || log_reader_shrank(r);
    if (log_reader_error(r))
        pl_say("%s%s", ok ? "warning: " : "",
               log_reader_error(r));
    log_reader_close(r);
    return ok;
}

static int read_all(const log_opts *o, log_stats *s)
{
    static const char *const stdin_only[] = {"-"};
    const char *const *names = o->n_files ? o->files : stdin_only;
    size_t n = o->n_files ? o->n_files : 1, stdin_count = 0;
    log_file *f = xcalloc(n, sizeof(*f));
    uint64_t seq = 0;
    int status = 0;
    char *why;

    for (size_t i = 0; i < n; i++)
        stdin_count += str_eq(names[i], "-");
    if (stdin_count > 1) {
        fputs("postlint log: stdin ('-') can be read only once\n", stderr);
        status = EXIT_CANNOT_READ;
    }
    for (size_t i = 0; i < n && status == 0; i++) {
        f[i].path = names[i];
        f[i].arg = i;
        if (!probe(&f[i], &why)) {
            pl_say("%s", why);
            free(why);
            status = EXIT_CANNOT_READ;
        }
    }
    if (status == 0)
        order_files(f, n);
    for (size_t i = 0; i < n; i++) {
        if (status == 0 && !read_file(f[i].r, s, &seq))
            status = EXIT_CANNOT_READ;
        else if (status != 0)
            log_reader_close(f[i].r);
    }
    free(f);
    log_stats_finish(s);
    return status;
}

int log_main(int argc, char **argv)
{
    log_opts o;
    log_stats *s = log_stats_new();
    strbuf out;
    int status;

    parse_options(argc, argv, &o);
    if ((status = read_all(&o, s)) != 0) {
        log_stats_free(s);
        return status;
    }
    sb_init(&out);
    if (o.tie.json)
        log_report_json(s, &out);
    else
        log_report_text(s, &out);
    if (o.tiein)
        status = log_tiein(s, &o.tie, &out);
    if (o.tie.json)
        sb_adds(&out, "}\n");
    if (status == 0)
        status = s->n_reasons ? EXIT_FAILURES : 0;
    if (out.data && status != EXIT_CANNOT_READ)
        fwrite(out.data, 1, out.len, stdout);
    sb_free(&out);
    log_stats_free(s);
    fflush(stdout);
    if (ferror(stdout)) {
        fputs("postlint: error writing output\n", stderr);
        status = EXIT_CANNOT_READ;
    }
    return status;
}
