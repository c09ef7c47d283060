/*
 * rule.h - what a rule is, and what it may see.
 *
 * A rule is one file in rules/ defining a descriptor
 *     const rule_desc rule_NAME = { "rule-id", SEVERITY, "summary",
 *                                   "explanation", check_function };
 * The build registers every such descriptor (tools/gen-rule-list.sh), so a
 * new rule touches nothing else. check() reads the lint context and
 * reports through report(); it keeps nothing after it returns.
 */
#ifndef POSTLINT_RULE_H
#define POSTLINT_RULE_H

#include "diag.h"
#include "model.h"
#include "postconf_view.h"
#include "tls_policy.h"
#include "version.h"

typedef enum version_origin {
    VERSION_FROM_OPTION,    /* --postfix-version */
    VERSION_FROM_POSTCONF,  /* postconf -d mail_version */
    VERSION_ASSUMED         /* neither: the newest version we know */
} version_origin;

typedef struct lint_ctx {
    const model *m;
    const postconf_view *view;  /* what postconf calls unused/undefined */
    diag_set *diags;
    pf_version version;
    version_origin version_origin;
    const char *version_text;   /* "3.7.11" */
    const char *version_note;   /* VERSION_ASSUMED: why */
    const tls_model *tls;       /* every smtpd service's TLS policy */
    const struct restriction_model *restrictions;   /* restriction lists */
    const struct relay_run *relay;  /* the relay simulation's rows */
    const struct table_refs *tables;    /* every lookup table named */
    pf_version openssl;         /* target OpenSSL (--openssl-version) */
    const char *openssl_text;
    bool openssl_approx;        /* target differs from the linked one */
    bool no_files;              /* --no-files: named files are not here */
    const char *map_types;      /* postconf -m of the Postfix installed
                                 * here, when it is the target; or NULL */
    bool installed_target;      /* the Postfix installed here is the
                                 * target: its postconf -d answered
                                 * (target_installed_default()) */
} lint_ctx;

typedef struct rule_desc {
    const char *id;
    severity sev;
    const char *summary;        /* one line */
    const char *explanation;    /* a paragraph, for --explain */
    /* NULL for the few rules decided after all others have run
     * (unused-suppression, suppression-without-reason). */
    void (*check)(const lint_ctx *ctx, const struct rule_desc *self);
    /* The other severities its findings can have (SEV_ALSO(SEV_ERROR)
     * | ...), for --list-rules' range; 0: always sev. */
    unsigned also;
} rule_desc;

#define SEV_ALSO(sev) (1u << (sev))

/* Report a finding of rule r at sp, with r's default severity. DIAG_NOTE
 * in fmt marks where the headline ends and the note begins (diag.h). */
diagnostic *report(const lint_ctx *ctx, const rule_desc *r, const span *sp,
                   const char *fmt, ...) PL_PRINTF(4, 5);
diagnostic *report_sev(const lint_ctx *ctx, const rule_desc *r,
                       severity sev, const span *sp, const char *fmt, ...)
    PL_PRINTF(5, 6);

/* One setting as a program reads it: the effective main.cf entry of a
 * name (svc NULL) or a master.cf -o of svc (entry NULL). */
typedef struct setting {
    const service *svc;
    const char *name;
    const char *value;          /* raw, as written */
    const span *sp;             /* the value (main.cf) or name=value (-o) */
    const mc_entry *entry;
} setting;

/* Call fn for every main.cf setting, then every -o of every service, in
 * file order: the walk of the rules that judge values. */
void each_setting(const lint_ctx *ctx, const rule_desc *self,
                  void (*fn)(const lint_ctx *ctx, const rule_desc *self,
                             const setting *st));

/* A milter list as a program reads it: smtpd_milters for every smtpd
 * service, non_smtpd_milters for every cleanup service; with no master.cf,
 * smtpd_milters of main.cf once (svc NULL). */
typedef void (*milter_list_fn)(const lint_ctx *ctx, const rule_desc *self,
                               const service *svc, const char *param,
                               const char *program);
void each_milter_list(const lint_ctx *ctx, const rule_desc *self,
                      milter_list_fn fn);

/* The places a rule has reported in one run, so that a main.cf line read
 * by several services with the same outcome is one finding. Zero it
 * before the walk. */
typedef struct seen_places {
    struct { const struct source *src; size_t off; } at[64];
    size_t n;
} seen_places;

/* True when sp was seen before; else remember it (the first 64). */
bool seen_place(seen_places *s, const span *sp);

/* All registered rules, sorted by id. */
const rule_desc *const *rule_all(size_t *count);
const rule_desc *rule_find(const char *id);
void rules_run(const lint_ctx *ctx);

#endif
