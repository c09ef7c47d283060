/*
 * options.h - the command line of the lint (postlint log has its own,
 * log_cmd.c).
 */
#ifndef POSTLINT_OPTIONS_H
#define POSTLINT_OPTIONS_H

#include "diag.h"

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
    bool no_files;              /* --no-files: read no named file */
    bool list_rules;
    bool simulate;
    bool fix;
    bool fix_all;               /* --fix=all: every round's fixes */
    bool diff;
    bool no_inline;             /* --no-inline-suppressions */
    bool no_config;
    bool verbose;               /* -v: what was checked, on stderr */
    bool quiet;                 /* -q: errors only */
    color_mode color;
} options;

/* Parse argv into o; a usage error exits with status 2, --help and
 * --version exit 0. */
void parse_options(int argc, char **argv, options *o);

/* "postlint: " fmt (with arg) " (see postlint --help)", exit 2. */
void usage_error(const char *fmt, const char *arg) PL_NORETURN;

#endif
