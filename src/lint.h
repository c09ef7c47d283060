/*
 * lint.h - the one lint pipeline: read, parse, model, rules, findings.
 *
 * Every entry point goes through here: the lint itself (main.c),
 * --print, --fix rounds (fix_rounds.c), --compare-to, `postlint log -c`
 * (log_tiein.c) and the fuzz harnesses. So the limits, the version
 * decisions and the post-processing are the same everywhere.
 *
 *   lint_read / lint_from_text   the files, read with the limits, parsed
 *   lint_prepare                 one target version: the model
 *   lint_tls                     its TLS policy (on first use)
 *   lint_run                     every rule (and --simulate)
 *   lint_postprocess             redaction, suppressions, postlint.conf,
 *                                the baseline, then sorted
 */
#ifndef POSTLINT_LINT_H
#define POSTLINT_LINT_H

#include "ast.h"
#include "baseline.h"
#include "lintconf.h"
#include "rule.h"
#include "relay_sim.h"
#include "restriction_lists.h"
#include "tls_sim.h"

/* What the command line decides for the pipeline. */
typedef struct lint_settings {
    const char *stdin_name;     /* the name to report for "-" */
    const char *openssl_version;
    bool no_exec;               /* run no program (no postconf) */
    bool no_inline;             /* ignore "# postlint: disable" comments */
} lint_settings;

/* The configuration as read and parsed, once; every pass lints it. */
typedef struct lint_input {
    char *dir, *main_path, *master_path, *config_dir;
    char *dir_origin;           /* how dir was found, for -v */
    char *notes;                /* "warning: ...\n", "note: ...\n" lines
                                 * about how the files were found, for the
                                 * caller to print on stderr */
    source *main_src, *master_src;
    source *orig_main, *orig_master;    /* as read (--fix keeps them) */
    maincf_ast *main_ast;
    mastercf_ast *master_ast;
} lint_input;

/* One target version: the model, its TLS policy, the findings. */
typedef struct lint_pass {
    lint_ctx ctx;
    char *version_text;
    char *version_note;         /* ctx.version_note's own copy */
    model *m;
    tls_model *tls;
    restriction_model *restrictions;
    relay_run *relay;           /* who can send and relay (relay_sim.h) */
    struct table_refs *tables;  /* the lookup tables named (table_refs.h) */
    sim_run *sim;
    diag_set diags;
} lint_pass;

/*
 * Read and parse: dir gives main.cf and master.cf (master.cf may be
 * missing, as for postconf), main_file / master_file one each ("-":
 * stdin; --master alone also reads the main.cf beside it); with none,
 * $MAIL_CONFIG, else postconf's config_directory, else /etc/postfix
 * (in->notes says when postconf failed). False
 * with *why (to free, naming the file and line) when the input cannot be
 * linted: unreadable, or past the limits of source.h.
 */
bool lint_read(const lint_settings *s, const char *dir, const char *main_file,
               const char *master_file, lint_input *in, char **why);

/* The same for texts in memory (either may be NULL), with the same
 * limits; the texts are copied. */
bool lint_from_text(const char *main_text, size_t main_len,
                    const char *master_text, size_t master_len,
                    lint_input *in, char **why);

/* Parse the sources again after they were replaced (a fix round). */
void lint_reparse(lint_input *in);
void lint_input_free(lint_input *in);

/* One target version: wanted (--postfix-version), else postconf's, else
 * the newest known. False with *why when a version is malformed. */
bool lint_prepare(const lint_settings *s, const lint_input *in,
                  const char *wanted, lint_pass *p, char **why);

/* The TLS policy of every service (tls_policy.h), built on first use:
 * cipher strings are evaluated with OpenSSL. */
const tls_model *lint_tls(lint_pass *p);

/* Every rule; with simulate, the handshakes too. */
void lint_run(lint_pass *p, bool simulate);
void lint_pass_free(lint_pass *p);

/* postlint.conf: config_file, else beside main.cf when it exists (none
 * with no_config). False: none; exit 2 is for *why set (to free). */
bool lint_load_config(const lint_input *in, const char *config_file,
                      bool no_config, lintconf *conf, char **why);

/* Findings in files postlint cannot trust lose their words, then the
 * suppressions, postlint.conf and the baseline apply, in that order: what
 * a comment silences cannot count as unused because the config file also
 * disabled the rule. Sorted at the end. */
void lint_postprocess(const lint_settings *s, const lint_input *in,
                      const lintconf *conf, const baseline *base,
                      diag_set *diags);

#endif
