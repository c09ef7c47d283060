/*
 * exec.c - run a helper program (postconf) and capture its output.
 *
 * Interface: see exec.h. The program is run directly (execvp, no shell),
 * with stdin from /dev/null and stderr discarded; its standard output is
 * kept (bounded), or only the first line of it. main.c never calls this under --no-exec.
 */
#include "exec.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run argv; its standard output (at most max bytes kept) when it exits
 * with status 0 and prints something, else NULL. */
static char *run(char *const argv[], size_t max)
{
    int fds[2];
    pid_t pid;
    strbuf out;
    char buf[512];
    ssize_t n;
    int status;

    if (pipe(fds) < 0)
        return NULL;
    pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return NULL;
    }
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);

        if (devnull >= 0) {
            dup2(devnull, 0);
            dup2(devnull, 2);
        }
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execvp(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    sb_init(&out);
    while ((n = read(fds[0], buf, sizeof(buf))) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (out.len < max)
            sb_add(&out, buf, (size_t) n);
    }
    close(fds[0]);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || out.len == 0) {
        sb_free(&out);
        return NULL;
    }
    return sb_steal(&out);
}

char *exec_first_line(char *const argv[])
{
    char *out = run(argv, 64 * 1024);

    if (out)
        out[strcspn(out, "\n")] = '\0';
    return out;
}

char *exec_output(char *const argv[], size_t max)
{
    return run(argv, max);
}

bool exec_in_path(const char *name)
{
    const char *path = getenv("PATH");
    char *copy, *save, *dir;
    bool found = false;

    if (path == NULL)
        return false;
    copy = xstrdup(path);
    for (dir = strtok_r(copy, ":", &save); dir && !found;
         dir = strtok_r(NULL, ":", &save)) {
        char *full = xasprintf("%s/%s", *dir ? dir : ".", name);

        found = access(full, X_OK) == 0;
        free(full);
    }
    free(copy);
    return found;
}
