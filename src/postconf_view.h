/*
 * postconf_view.h - which names postconf considers in use or undefined.
 *
 * postconf -n prints a main.cf setting only when it knows the name: a
 * built-in parameter of that Postfix version, a name derived from a
 * master.cf service (smtp_destination_concurrency_limit ...), or a
 * user-defined parameter that some value refers to as $name (or that
 * smtpd_restriction_classes lists). Everything else is "unused", and
 * read-only names (process_name ...) are dropped. The same test applies
 * to master.cf -o names, with the service's own -o settings as a local
 * scope. A $name that nothing defines is "undefined".
 */
#ifndef POSTLINT_POSTCONF_VIEW_H
#define POSTLINT_POSTCONF_VIEW_H

#include "model.h"

typedef enum param_status {
    PARAM_UNUSED = 0,       /* postconf: "unused parameter" */
    PARAM_BUILTIN,
    PARAM_SERVICE,          /* derived from a master.cf service name */
    PARAM_USER,             /* user-defined, referenced somewhere */
    PARAM_READONLY          /* postconf: "read-only parameter assignment" */
} param_status;

/* A $name reference to something nothing defines. */
typedef struct undefined_ref {
    char *name;
    const main_param *param;    /* in this main.cf value ... */
    const service *svc;         /* ... or in this service's -o */
    const svc_option *opt;
    size_t off, len;            /* of the name in the value text */
} undefined_ref;

typedef struct postconf_view {
    param_status *main;         /* one per model param */
    param_status **opts;        /* [service][option] */
    bool **opt_referenced;      /* some $name uses this -o setting */
    undefined_ref *undefined;
    size_t n_undefined, cap_undefined;
} postconf_view;

postconf_view *postconf_view_build(const model *m);
void postconf_view_free(const model *m, postconf_view *v);

/* Just the main.cf statuses (caller frees). */
param_status *postconf_classify_main(const model *m);

#endif
