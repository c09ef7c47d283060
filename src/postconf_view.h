/*
 * postconf_view.h - which main.cf settings postconf considers "in use".
 *
 * postconf -n prints a main.cf setting only when it knows the name: a
 * built-in parameter of that Postfix version, a name derived from a
 * master.cf service (smtp_destination_concurrency_limit ...), or a
 * user-defined parameter that some value refers to as $name (or that
 * smtpd_restriction_classes lists). Everything else is "unused", and
 * read-only names (process_name ...) are dropped.
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

/* One status per m->params entry (caller frees). */
param_status *postconf_classify_main(const model *m);

/* Is name a per-service parameter for one of the model's services? */
bool postconf_service_param(const model *m, const char *name);

#endif
