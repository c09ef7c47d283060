/*
 * target.c - decide the Postfix and OpenSSL versions to lint for.
 *
 * Interface: see target.h. Runs postconf (through exec.c, never under
 * --no-exec) to learn the installed version. Diagnostics: none; callers
 * word the usage errors.
 */
#include "target.h"
#include "exec.h"
#include "tls_ciphers.h"

#include <stdlib.h>

bool target_postfix(const char *wanted, bool no_exec, pf_version *v,
                    char **text, version_origin *origin, const char **note)
{
    char *found = NULL;

    *note = NULL;
    if (wanted) {
        if (!version_parse(wanted, v))
            return false;
        *origin = VERSION_FROM_OPTION;
        *text = xstrdup(wanted);
        return true;
    }
    if (!no_exec && exec_in_path("postconf")) {
        /* A config directory that cannot exist: postconf -d reads
         * master.cf, and a broken one must not hide the version. */
        char *argv[] = {"postconf", "-c", "/dev/null/postlint", "-d", "-h",
                        "mail_version", NULL};

        found = exec_first_line(argv);
        if (found && version_parse(found, v)) {
            *origin = VERSION_FROM_POSTCONF;
            *text = found;
            return true;
        }
        free(found);
        found = (char *) "";
    }
    version_parse(NEWEST_KNOWN_VERSION, v);
    *origin = VERSION_ASSUMED;
    *note = no_exec ? "--no-exec: postconf was not asked"
        : found ? "postconf printed no usable mail_version"
        : "postconf is not installed";
    *text = xstrdup(NEWEST_KNOWN_VERSION);
    return true;
}

bool target_openssl(const char *wanted, pf_version *v, const char **text,
                    bool *approx)
{
    pf_version linked = openssl_linked_version();

    *v = linked;
    *text = openssl_linked_text();
    *approx = false;
    if (wanted == NULL)
        return true;
    if (!version_parse(wanted, v))
        return false;
    *text = wanted;
    *approx = v->major != linked.major || v->minor != linked.minor;
    return true;
}
