/*
 * rootpath.c - resolve configuration paths inside --root, as a chroot
 * would, without ever leaving it.
 *
 * Interface: see rootpath.h. Each component is looked up with lstat();
 * a symbolic link's target is spliced into the rest of the path (an
 * absolute one restarts at the root); ".." never climbs above the root.
 * At most 40 links are followed (the kernel's limit), so a link loop is
 * an error, not a hang. Diagnostics: none; errors are returned as text.
 */
#include "rootpath.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_LINKS 40

static char *root_dir;
static bool no_files;

void root_set_no_files(bool skip)
{
    no_files = skip;
}

bool root_no_files(void)
{
    return no_files;
}

void root_set(const char *dir)
{
    free(root_dir);
    root_dir = dir ? xstrdup(dir) : NULL;
}

const char *root_get(void)
{
    return root_dir;
}

/* Drop the last component of the resolved part (stays at least "/"). */
static void go_up(strbuf *done)
{
    while (done->len > 1 && done->data[done->len - 1] != '/')
        done->len--;
    if (done->len > 1)
        done->len--;
    done->data[done->len] = '\0';
}

/* out = root + "/" + inside (a path relative to the root) [+ "/" + name]. */
static void on_disk(strbuf *out, const char *inside, const char *name)
{
    sb_reset(out);
    sb_adds(out, root_dir);
    if (out->len == 0 || out->data[out->len - 1] != '/')
        sb_addc(out, '/');
    sb_adds(out, inside);
    if (name) {
        if (out->data[out->len - 1] != '/')
            sb_addc(out, '/');
        sb_adds(out, name);
    }
}

/* Resolve todo (a path inside the root) into done (inside the root). */
static char *walk(const char *path, char **why)
{
    strbuf done, todo, disk, next;
    int links = 0;
    char *result = NULL;

    sb_init(&done);
    sb_init(&todo);
    sb_init(&disk);
    sb_init(&next);
    sb_adds(&done, "/");
    sb_adds(&todo, path);
    while (todo.len > 0) {
        char *p = todo.data, *slash, target[PATH_MAX];
        size_t len;
        struct stat st;
        ssize_t n;

        while (*p == '/')
            p++;
        slash = strchr(p, '/');
        len = slash ? (size_t) (slash - p) : strlen(p);
        sb_reset(&next);
        sb_add(&next, p, len);
        memmove(todo.data, p + len, strlen(p + len) + 1);
        todo.len = strlen(todo.data);
        if (len == 0 || str_eq(next.data, "."))
            continue;
        if (str_eq(next.data, "..")) {
            go_up(&done);
            continue;
        }
        on_disk(&disk, done.data + 1, next.data);
        if (lstat(disk.data, &st) != 0 || !S_ISLNK(st.st_mode)) {
            if (done.len > 1)
                sb_addc(&done, '/');
            sb_adds(&done, next.data);
            continue;
        }
        if (++links > MAX_LINKS
            || (n = readlink(disk.data, target, sizeof(target) - 1)) < 0) {
            *why = xasprintf("%s: too many symbolic links (a loop?) under "
                             "--root %s", path, root_dir);
            goto out;
        }
        target[n] = '\0';
        /* The link's target, then what was left of the path. */
        sb_reset(&next);
        sb_adds(&next, target);
        if (todo.len)
            sb_adds(&next, todo.data);
        sb_reset(&todo);
        sb_adds(&todo, next.data);
        if (target[0] == '/') {
            sb_reset(&done);
            sb_adds(&done, "/");
        }
    }
    on_disk(&disk, done.data + 1, NULL);
    result = sb_steal(&disk);
out:
    sb_free(&done);
    sb_free(&todo);
    sb_free(&disk);
    sb_free(&next);
    return result;
}

char *root_resolve(const char *path, char **why)
{
    *why = NULL;
    if (root_dir == NULL || path == NULL || path[0] != '/')
        return xstrdup(path ? path : "");
    return walk(path, why);
}
