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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A note that outlives the call (one per run is enough: every pass
 * asks with the same input). */
static char note_buf[512];

/* Why postconf could not tell, for the note. */
static const char *postconf_failed(char *why)
{
    snprintf(note_buf, sizeof(note_buf), "postconf -d mail_version failed: %s",
             why ? why : "no reason given");
    free(why);
    return note_buf;
}

/* --postfix-version as the user wrote it: "3.7.11" or "3.7"; a Debian or
 * RPM package version ("3.7.11-0+deb12u1", "1:3.7.11-1", "3.5.25-1.el9")
 * is read as its upstream part, with a note. False: not a version. */
static bool parse_wanted(const char *wanted, pf_version *v, char **text,
                         const char **note)
{
    const char *cp = wanted, *end;
    char buf[32];

    /* A Debian epoch, "1:". */
    while (*cp >= '0' && *cp <= '9')
        cp++;
    cp = (*cp == ':' && cp > wanted) ? cp + 1 : wanted;
    end = cp + strspn(cp, "0123456789.");
    {
        /* "3.7" or "3.7.11": version_parse() refuses "3.", "3..7" and
         * "3.7.11.2"; a bare "3" is not a Postfix release. */
        char *upstream = xstrndup(cp, (size_t) (end - cp));
        bool ok = version_parse(upstream, v) && strchr(upstream, '.');

        free(upstream);
        if (!ok)
            return false;
    }
    if (*end == '\0' && cp == wanted) {
        *text = xstrdup(wanted);
        return true;
    }
    /* The package's own revision: "-" then letters, digits, . + ~ _ */
    if (*end != '\0'
        && (*end != '-' || end[1] == '\0'
            || end[1 + strspn(end + 1, "0123456789abcdefghijklmnopqrstuvwxyz"
                              "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+~_")] != '\0'))
        return false;
    *text = xstrdup(version_format(*v, buf));
    snprintf(note_buf, sizeof(note_buf),
             "--postfix-version %s is read as Postfix %s: a package version "
             "(Debian, RPM) whose upstream part is %s; distributions' patches "
             "are not known", wanted, *text, *text);
    *note = note_buf;
    return true;
}

/* A release series postlint does not know yet: say so. */
static void newer_note(pf_version v, const char *text, pf_version newest,
                       const char **note)
{
    if (v.major > newest.major
        || (v.major == newest.major && v.minor > newest.minor)) {
        snprintf(note_buf, sizeof(note_buf),
                 "Postfix %s is newer than the newest version postlint "
                 "knows (%s): findings say what %s does, and parameters "
                 "or syntax new since then are not known",
                 text, NEWEST_KNOWN_VERSION, NEWEST_KNOWN_VERSION);
        *note = note_buf;
    }
}

bool target_postfix(const char *wanted, bool no_exec, pf_version *v,
                    char **text, version_origin *origin, const char **note)
{
    char *found = NULL, *why = NULL;
    pf_version newest;

    *note = NULL;
    version_parse(NEWEST_KNOWN_VERSION, &newest);
    if (wanted) {
        if (!parse_wanted(wanted, v, text, note))
            return false;
        *origin = VERSION_FROM_OPTION;
        newer_note(*v, *text, newest, note);
        return true;
    }
    if (!no_exec && exec_in_path("postconf")) {
        /* A config directory that cannot exist: postconf -d reads
         * master.cf, and a broken one must not hide the version. */
        char *argv[] = {"postconf", "-c", "/dev/null/postlint", "-d", "-h",
                        "mail_version", NULL};

        found = exec_first_line_why(argv, &why);
        if (found && version_parse(found, v)) {
            *origin = VERSION_FROM_POSTCONF;
            *text = found;
            free(why);
            newer_note(*v, found, newest, note);
            return true;
        }
        if (found == NULL) {
            *note = postconf_failed(why);
            why = NULL;
        }
        free(found);
        found = (char *) "";
    }
    free(why);
    *v = newest;
    *origin = VERSION_ASSUMED;
    if (*note == NULL)
        *note = no_exec ? "--no-exec: postconf was not asked"
            : found ? "postconf printed no usable mail_version"
            : "postconf is not installed (not in PATH, /usr/sbin or "
              "/usr/local/sbin)";
    *text = xstrdup(NEWEST_KNOWN_VERSION);
    return true;
}

const char *target_postconf_where(bool no_exec)
{
    static char where[512];
    bool in_path = false;
    const char *path;

    if (no_exec)
        return "--no-exec: no program is run";
    if ((path = exec_find("postconf", &in_path)) == NULL)
        return "postconf not found (not in PATH, /usr/sbin or "
            "/usr/local/sbin)";
    snprintf(where, sizeof(where), "%s%s", path,
             in_path ? " (from PATH)" : " (not in PATH; where Postfix "
             "installs it)");
    return where;
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
    char **dir_values;          /* the values of installed_dirs[] */
} installed;

/* The defaults a packager compiles in, which postlint's own table (the
 * upstream source's) cannot know: kept from postconf -d. */
static const char *const installed_dirs[] = {
    "command_directory", "daemon_directory", "meta_directory",
    "queue_directory", NULL
};

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
        for (size_t d = 0; installed_dirs[d]; d++)
            if (str_eq(line, installed_dirs[d])) {
                if (installed.dir_values == NULL)
                    installed.dir_values = xcalloc(
                        sizeof installed_dirs / sizeof installed_dirs[0],
                        sizeof(char *));
                free(installed.dir_values[d]);
                installed.dir_values[d] = xstrdup(value);
            }
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

const char *target_installed_default(bool no_exec, pf_version v,
                                    const char *name)
{
    if (no_exec)
        return NULL;
    if (!installed.asked && exec_in_path("postconf"))
        ask_postconf();
    if (!installed.have_version || version_cmp(installed.version, v) != 0
        || installed.dir_values == NULL)
        return NULL;
    for (size_t d = 0; installed_dirs[d]; d++)
        if (str_eq(name, installed_dirs[d]))
            return installed.dir_values[d];
    return NULL;
}

static char map_types_failure[512];

const char *target_map_types_failure(void)
{
    return map_types_failure[0] ? map_types_failure : NULL;
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

        char *why = NULL;

        asked = true;
        if ((types = exec_output_why(argv, 64u * 1024, &why)) == NULL) {
            snprintf(map_types_failure, sizeof(map_types_failure),
                     "postconf -m failed (%s): lookup table types are "
                     "checked against Postfix's built-in list, without this "
                     "host's plugins", why ? why : "no reason given");
        }
        free(why);
    }
    return types;
}
