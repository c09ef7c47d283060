/*
 * target.c - decide the Postfix and OpenSSL versions to lint for.
 *
 * Interface: see target.h. Runs postconf (through exec.c, never under
 * --no-exec) to learn the installed version. Diagnostics: none; callers
 * word the usage errors.
 */
#include "target.h"
#include "exec.h"
#include "params.h"
#include "tls_ciphers.h"

#include <stdlib.h>
#include <string.h>

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

/* postconf -d, asked once per run (about 15 ms): every parameter the
 * installed Postfix knows, and its version. */
static struct {
    bool asked;
    char **names;
    size_t n, cap;
    pf_version version;
    bool have_version;
} installed;

static void ask_postconf(void)
{
    char *argv[] = {"postconf", "-c", "/dev/null/postlint", "-d", NULL};
    char *out, *line, *save = NULL;

    installed.asked = true;
    if ((out = exec_output(argv, 4u * 1024 * 1024)) == NULL)
        return;
    for (line = strtok_r(out, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t n = strcspn(line, " =");
        const char *value;

        if (n == 0 || strncmp(line + n, " =", 2) != 0)
            continue;
        value = line + n + 2 + (line[n + 2] == ' ');
        line[n] = '\0';
        if (str_eq(line, "mail_version"))
            installed.have_version = version_parse(value, &installed.version);
        installed.names = grow_array(installed.names, &installed.cap,
                                     installed.n + 1, sizeof(char *));
        installed.names[installed.n++] = xstrdup(line);
    }
    free(out);
}

void target_installed_params(bool no_exec, pf_version v)
{
    if (no_exec)
        return;
    if (!installed.asked && exec_in_path("postconf"))
        ask_postconf();
    if (installed.have_version && version_cmp(installed.version, v) == 0)
        params_install(v, (const char *const *) installed.names, installed.n);
}

const char *target_installed_map_types(bool no_exec, pf_version v)
{
    static bool asked;
    static char *types;

    if (no_exec)
        return NULL;
    if (!installed.asked && exec_in_path("postconf"))
        ask_postconf();
    if (!installed.have_version || version_cmp(installed.version, v) != 0)
        return NULL;
    if (!asked) {
        /* The plugins are registered in $meta_directory/dynamicmaps.cf
         * of the installed Postfix: its own configuration it is. */
        char *argv[] = {"postconf", "-m", NULL};

        asked = true;
        types = exec_output(argv, 64u * 1024);
    }
    return types;
}
