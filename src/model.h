/*
 * model.h - the configuration as Postfix will see it.
 *
 * Built from the ASTs and the target version, read-only for the rules:
 *  - main.cf parameters: for each name the effective entry (the last one
 *    wins, as in Postfix) and every entry that set it, in file order;
 *  - master.cf services: the entry, its daemon arguments normalised as
 *    postconf normalises them ("-oname=value" split, "{ ... }" unwrapped,
 *    "-o { name = value }" rewritten to "name=value"), and its -o
 *    parameter overrides, each word with its span.
 */
#ifndef POSTLINT_MODEL_H
#define POSTLINT_MODEL_H

#include "ast.h"
#include "value.h"
#include "version.h"

typedef struct main_param {
    const char *name;
    const mc_entry *entry;          /* the effective (last) entry */
    const mc_entry **entries;       /* all entries for the name, in order */
    size_t n_entries;
    const struct param_info *info;  /* knowledge-base row, or NULL */
} main_param;

typedef struct svc_word {
    char *text;
    span sp;
} svc_word;

/* One "-o name=value" (in any of its spellings) of a service. */
typedef struct svc_option {
    char *name;
    char *value;
    span sp;            /* the name=value text */
    span opt_sp;        /* the "-o" */
} svc_option;

/* The eight master.cf fields, in order: svc->argv[MF_COMMAND] ... */
enum master_field {
    MF_SERVICE, MF_TYPE, MF_PRIVATE, MF_UNPRIV, MF_CHROOT, MF_WAKEUP,
    MF_MAXPROC, MF_COMMAND, MASTER_FIELDS
};

typedef struct service {
    const ms_entry *entry;
    bool has_fields;            /* at least 8 words */
    svc_word *argv;             /* normalised words, fields first */
    size_t argc;
    svc_option *opts;           /* valid -o settings, in order */
    size_t n_opts;
} service;

typedef struct model {
    const maincf_ast *main;     /* may be NULL: no main.cf */
    const mastercf_ast *master; /* may be NULL: no master.cf */
    pf_version version;
    const char *version_text;   /* as given: "3.7.11" */
    const char *config_dir;     /* where main.cf is (config_directory) */
    main_param *params;         /* sorted by name */
    size_t n_params;
    const mc_entry **sorted_entries;    /* backs params[].entries */
    size_t *slots, n_slots;     /* hash index: params[slot - 1] */
    service *services;          /* in master.cf order */
    size_t n_services;
    /* Results computed from the model and kept for the run (effective.c:
     * expansion bounds); freed by model_free through cache_free. */
    void *cache;
    void (*cache_free)(void *cache);
} model;

model *model_build(const maincf_ast *main, const mastercf_ast *master,
                   pf_version version);
void model_free(model *m);

const main_param *model_main_param(const model *m, const char *name);

/* The field names postconf uses: service, type, private, ... command. */
extern const char *const master_field_names[MASTER_FIELDS];

/* Postfix's split_nameval(): name, blanks, '=', blanks, value, trailing
 * blanks. On success both parts are new strings. */
bool split_nameval(const char *text, char **name, char **value);

/* Map a byte offset in an entry's value to a source span of one byte. */
span mc_value_span_at(const mc_entry *e, size_t value_off, size_t len);

#endif
