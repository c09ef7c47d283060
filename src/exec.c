/*
 * exec.c - run a helper program (postconf) and capture its output.
 *
 * Interface: see exec.h. The program is run directly (execv, no shell),
 * with stdin from /dev/null; its standard output is kept (bounded), or
 * only the first line of it, and the last line of its standard error is
 * kept to say why it failed. The program is looked for in PATH, then
 * where Postfix installs its commands (exec_find()), so a user whose
 * PATH lacks /usr/sbin still reaches postconf. main.c never calls this
 * under --no-exec.
 */
#include "exec.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Where Postfix installs postconf and postmap: command_directory's
 * default (/usr/sbin), a source or ports install under /usr/local,
 * pkgsrc, MacPorts. */
static const char *const command_dirs[] = {
    "/usr/sbin", "/usr/local/sbin", "/usr/pkg/sbin", "/opt/local/sbin", NULL
};

static bool executable(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode)
        && access(path, X_OK) == 0;
}

static char *find_in_path(const char *name)
{
    const char *path = getenv("PATH");
    char *copy, *save, *dir, *found = NULL;

    if (path == NULL)
        return NULL;
    copy = xstrdup(path);
    for (dir = strtok_r(copy, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char *full = xasprintf("%s/%s", *dir ? dir : ".", name);

        if (executable(full))
            found = full;
        else
            free(full);
    }
    free(copy);
    return found;
}

/* One answer per name and run (postconf, postmap). */
static struct found_cmd {
    char *name, *path;
    bool in_path;
} found_cmds[4];

const char *exec_find(const char *name, bool *in_path)
{
    size_t i;
    char *path;
    bool from_path = true;

    for (i = 0; i < sizeof(found_cmds) / sizeof(found_cmds[0])
         && found_cmds[i].name; i++) {
        if (str_eq(found_cmds[i].name, name)) {
            if (in_path)
                *in_path = found_cmds[i].in_path;
            return found_cmds[i].path;
        }
    }
    if ((path = find_in_path(name)) == NULL) {
        from_path = false;
        for (const char *const *d = command_dirs; *d && !path; d++) {
            char *full = xasprintf("%s/%s", *d, name);

            if (executable(full))
                path = full;
            else
                free(full);
        }
    }
    if (in_path)
        *in_path = from_path && path;
    if (i < sizeof(found_cmds) / sizeof(found_cmds[0])) {
        found_cmds[i].name = xstrdup(name);
        found_cmds[i].path = path;
        found_cmds[i].in_path = from_path && path;
    }
    return path;
}

bool exec_in_path(const char *name)
{
    return exec_find(name, NULL) != NULL;
}

/* The environment for the program, made before fork() (postlint log
 * has threads): this one without MAIL_CONFIG, which names the
 * configuration under test, while postconf is asked about the installed
 * Postfix, which that configuration must not break (postconf -m dies on
 * a stray '$' in it). The strings are environ's own; free the array. */
static char **child_environment(void)
{
    extern char **environ;
    size_t n = 0, k = 0;
    char **envp;

    while (environ && environ[n])
        n++;
    envp = xmalloc((n + 1) * sizeof(char *));
    for (size_t i = 0; i < n; i++)
        if (strncmp(environ[i], "MAIL_CONFIG=", 12) != 0)
            envp[k++] = environ[i];
    envp[k] = NULL;
    return envp;
}

/* Keep the last non-empty line of text in *last. */
static void last_line(const strbuf *err, char **last)
{
    const char *end, *start;

    free(*last);
    *last = NULL;
    if (err->len == 0)
        return;
    end = err->data + err->len;
    while (end > err->data && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    start = end;
    while (start > err->data && start[-1] != '\n')
        start--;
    if (end > start)
        *last = xstrndup(start, (size_t) (end - start));
}

/* Run argv; its standard output (at most max bytes kept) when it exits
 * with status 0 and prints something, else NULL and, with why, the
 * reason (its last line on stderr, or how it ended). */
static char *run(char *const argv[], size_t max, char **why)
{
    int out_fds[2], err_fds[2];
    pid_t pid;
    strbuf out, err;
    char buf[512];
    int status = 0, open_fds = 2;
    const char *path = exec_find(argv[0], NULL);
    struct pollfd pfd[2];
    char *reason = NULL;
    char **envp;

    if (why)
        *why = NULL;
    if (path == NULL) {
        if (why)
            *why = xasprintf("%s is not installed", argv[0]);
        return NULL;
    }
    if (pipe(out_fds) < 0)
        return NULL;
    if (pipe(err_fds) < 0) {
        close(out_fds[0]);
        close(out_fds[1]);
        return NULL;
    }
    envp = child_environment();
    pid = fork();
    if (pid < 0) {
        close(out_fds[0]);
        close(out_fds[1]);
        close(err_fds[0]);
        close(err_fds[1]);
        free(envp);
        return NULL;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);

        if (devnull >= 0)
            dup2(devnull, 0);

        dup2(out_fds[1], 1);
        dup2(err_fds[1], 2);
        close(out_fds[0]);
        close(out_fds[1]);
        close(err_fds[0]);
        close(err_fds[1]);
        execve(path, argv, envp);
        _exit(127);
    }
    free(envp);
    close(out_fds[1]);
    close(err_fds[1]);
    sb_init(&out);
    sb_init(&err);
    pfd[0].fd = out_fds[0];
    pfd[1].fd = err_fds[0];
    pfd[0].events = pfd[1].events = POLLIN;
    while (open_fds > 0) {
        if (poll(pfd, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < 2; i++) {
            ssize_t n;

            if (pfd[i].fd < 0 || pfd[i].revents == 0)
                continue;
            n = read(pfd[i].fd, buf, sizeof(buf));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                close(pfd[i].fd);
                pfd[i].fd = -1;
                open_fds--;
                continue;
            }
            if (i == 0 && out.len < max)
                sb_add(&out, buf, (size_t) n);
            else if (i == 1 && err.len < 64 * 1024)
                sb_add(&err, buf, (size_t) n);
        }
    }
    for (int i = 0; i < 2; i++)
        if (pfd[i].fd >= 0)
            close(pfd[i].fd);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || out.len == 0) {
        last_line(&err, &reason);
        if (why && reason) {
            *why = reason;
            reason = NULL;
        } else if (why && WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            *why = xasprintf("%s could not be run", path);
        } else if (why && WIFEXITED(status) && WEXITSTATUS(status) != 0) {
            *why = xasprintf("%s exited with status %d", path,
                             WEXITSTATUS(status));
        } else if (why && WIFSIGNALED(status)) {
            *why = xasprintf("%s was killed by signal %d", path,
                             WTERMSIG(status));
        } else if (why) {
            *why = xasprintf("%s printed nothing", path);
        }
        free(reason);
        sb_free(&out);
        sb_free(&err);
        return NULL;
    }
    sb_free(&err);
    return sb_steal(&out);
}

char *exec_first_line_why(char *const argv[], char **why)
{
    char *out = run(argv, 64 * 1024, why);

    if (out)
        out[strcspn(out, "\n")] = '\0';
    return out;
}

char *exec_first_line(char *const argv[])
{
    return exec_first_line_why(argv, NULL);
}

char *exec_output(char *const argv[], size_t max)
{
    return run(argv, max, NULL);
}

char *exec_output_why(char *const argv[], size_t max, char **why)
{
    return run(argv, max, why);
}
