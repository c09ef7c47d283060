/*
 * safe_write.c - atomic replacement of a file, confined to its directory.
 *
 * Interface: see safe_write.h.
 * Diagnostics: none printed; each refusal is returned as a sentence
 * ("it is a symbolic link to /etc/services, outside /etc/postfix", "it
 * changed since postlint read it", an errno text with what failed).
 *
 * The steps, all relative to one open directory descriptor: find the
 * file (following at most the one permitted link, component by component
 * with O_NOFOLLOW), open it and check its content, create the temporary
 * file with O_EXCL and a random name, give it the old owner, mode and
 * extended attributes, write and sync it, check the target once more
 * (same inode, same bytes), rename it over the target, sync the
 * directory. A failure after the temporary file exists removes it.
 */
#include "safe_write.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

/* The file to replace: a name in an open directory. */
typedef struct place {
    int dfd;
    char *name;
} place;

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    if (slash == NULL)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    return xstrndup(path, (size_t) (slash - path));
}

static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

/* Follow rel (a path without links, relative to dfd) down to its last
 * component: every directory on the way is opened with O_NOFOLLOW, so
 * nothing swapped in meanwhile can lead elsewhere. */
static char *walk_down(int dfd, const char *rel, place *at)
{
    char *copy = xstrdup(rel), *part, *next, *save = NULL;
    int cur = dup(dfd);

    if (cur < 0) {
        free(copy);
        return xasprintf("cannot use the directory: %s", strerror(errno));
    }
    part = strtok_r(copy, "/", &save);
    while (part && (next = strtok_r(NULL, "/", &save)) != NULL) {
        int sub = openat(cur, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW
                         | O_CLOEXEC);

        close(cur);
        if (sub < 0) {
            char *why = xasprintf("cannot open its directory %s: %s", part,
                                  strerror(errno));

            free(copy);
            return why;
        }
        cur = sub;
        part = next;
    }
    if (part == NULL) {
        close(cur);
        free(copy);
        return xstrdup("the link names no file");
    }
    at->dfd = cur;
    at->name = xstrdup(part);
    free(copy);
    return NULL;
}

/* A symbolic link may be written through only when it leads to a file
 * inside the directory that has the directory's owner. */
static char *through_link(const char *path, const char *dir, int dfd,
                          const struct stat *dir_st, place *at)
{
    char *target = realpath(path, NULL), *real_dir = realpath(dir, NULL);
    char *why = NULL;
    size_t n;
    struct stat st;

    if (target == NULL || real_dir == NULL) {
        why = xasprintf("it is a symbolic link that cannot be resolved: %s",
                        strerror(errno));
        goto out;
    }
    n = strlen(real_dir);
    if (strncmp(target, real_dir, n) != 0
        || (target[n] != '/' && !str_eq(real_dir, "/"))) {
        why = xasprintf("it is a symbolic link to %s, outside %s; postlint "
                        "writes no file outside the configuration directory",
                        target, dir);
        goto out;
    }
    if ((why = walk_down(dfd, target + n + (target[n] == '/'), at)) != NULL)
        goto out;
    if (fstatat(at->dfd, at->name, &st, AT_SYMLINK_NOFOLLOW) != 0
        || !S_ISREG(st.st_mode)) {
        why = xasprintf("its link target %s is not a regular file", target);
    } else if (st.st_uid != dir_st->st_uid) {
        why = xasprintf("it is a symbolic link to %s, owned by uid %lu, not "
                        "by the directory's owner (uid %lu)", target,
                        (unsigned long) st.st_uid,
                        (unsigned long) dir_st->st_uid);
    }
out:
    free(target);
    free(real_dir);
    return why;
}

/* Where path is, as a directory descriptor and a name. */
static char *locate(const char *path, bool create, place *at, bool *exists)
{
    char *dir = dir_of(path), *why = NULL;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat dir_st, st;

    at->dfd = -1;
    at->name = NULL;
    *exists = true;
    if (dfd < 0 || fstat(dfd, &dir_st) != 0) {
        why = xasprintf("cannot open its directory %s: %s", dir,
                        strerror(errno));
    } else if (fstatat(dfd, base_of(path), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT && create) {
            *exists = false;
            at->dfd = dup(dfd);
            at->name = xstrdup(base_of(path));
        } else
            why = xstrdup(strerror(errno));
    } else if (S_ISLNK(st.st_mode)) {
        why = through_link(path, dir, dfd, &dir_st, at);
    } else if (!S_ISREG(st.st_mode)) {
        why = xstrdup("it is not a regular file");
    } else {
        at->dfd = dup(dfd);
        at->name = xstrdup(base_of(path));
    }
    if (why == NULL && at->dfd < 0)
        why = xasprintf("cannot use the directory: %s", strerror(errno));
    if (dfd >= 0)
        close(dfd);
    free(dir);
    return why;
}

/* Does fd hold exactly len bytes of text? */
static bool holds(int fd, const char *text, size_t len)
{
    char buf[65536];
    size_t at = 0;

    if (lseek(fd, 0, SEEK_SET) != 0)
        return false;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 && at == len;
        if (at + (size_t) n > len || memcmp(text + at, buf, (size_t) n) != 0)
            return false;
        at += (size_t) n;
    }
}

static bool write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data += n;
        len -= (size_t) n;
    }
    return true;
}

/* Give to every extended attribute of from (ACLs, SELinux label,
 * user.*): a replacement that lost them would change who may read the
 * file, or how it is labelled. */
static char *copy_xattrs(int from, int to)
{
    ssize_t size = flistxattr(from, NULL, 0);
    char *names, *why = NULL;

    if (size < 0)
        return errno == ENOTSUP ? NULL
            : xasprintf("cannot list its extended attributes: %s",
                        strerror(errno));
    if (size == 0)
        return NULL;
    names = xmalloc((size_t) size);
    size = flistxattr(from, names, (size_t) size);
    for (ssize_t i = 0; size > 0 && i < size && why == NULL;
         i += (ssize_t) strlen(names + i) + 1) {
        const char *name = names + i;
        ssize_t vlen = fgetxattr(from, name, NULL, 0);
        char *value = xmalloc(vlen > 0 ? (size_t) vlen : 1);

        if (vlen < 0 || (vlen = fgetxattr(from, name, value,
                                          (size_t) vlen)) < 0
            || fsetxattr(to, name, value, (size_t) vlen, 0) != 0)
            why = xasprintf("cannot keep its extended attribute %s: %s",
                            name, strerror(errno));
        free(value);
    }
    if (size < 0)
        why = xasprintf("cannot list its extended attributes: %s",
                        strerror(errno));
    free(names);
    return why;
}

/* A new temporary file beside the target, with a random name. */
static int make_temp(const place *at, char **tmp_name)
{
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";

    for (int attempt = 0; attempt < 16; attempt++) {
        unsigned char rnd[12];
        char suffix[sizeof(rnd) + 1];
        int fd;

        if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t) sizeof(rnd))
            for (size_t i = 0; i < sizeof(rnd); i++)
                rnd[i] = (unsigned char) (rand() ^ (int) getpid() ^ attempt);
        for (size_t i = 0; i < sizeof(rnd); i++)
            suffix[i] = alnum[rnd[i] % (sizeof(alnum) - 1)];
        suffix[sizeof(rnd)] = '\0';
        *tmp_name = xasprintf(".%.200s.postlint-%s", at->name, suffix);
        fd = openat(at->dfd, *tmp_name, O_WRONLY | O_CREAT | O_EXCL
                    | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0 || errno != EEXIST)
            return fd;
        free(*tmp_name);
        *tmp_name = NULL;
    }
    errno = EEXIST;
    return -1;
}

/* The new file gets the old one's owner, mode and attributes; a file
 * made anew gets create_mode. */
static char *dress(int tfd, int ofd, const struct stat *st, int create_mode)
{
    if (ofd < 0)
        return fchmod(tfd, (mode_t) create_mode & 07777) == 0 ? NULL
            : xasprintf("cannot set its mode: %s", strerror(errno));
    if ((st->st_uid != geteuid() || st->st_gid != getegid())
        && fchown(tfd, st->st_uid, st->st_gid) != 0)
        return xasprintf("cannot give the new file the old owner: %s",
                         strerror(errno));
    if (fchmod(tfd, st->st_mode & 07777) != 0)
        return xasprintf("cannot give the new file the old mode: %s",
                         strerror(errno));
    return copy_xattrs(ofd, tfd);
}

/* Still the same file with the same bytes, just before the rename? */
static bool still_there(const place *at, const struct stat *st,
                        const char *expect, size_t expect_len)
{
    int fd = openat(at->dfd, at->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK
                    | O_NOCTTY | O_CLOEXEC);
    struct stat now;
    bool same;

    if (fd < 0)
        return false;
    same = fstat(fd, &now) == 0 && now.st_dev == st->st_dev
        && now.st_ino == st->st_ino
        && (expect == NULL || holds(fd, expect, expect_len));
    close(fd);
    return same;
}

char *safe_replace(const char *path, const char *expect, size_t expect_len,
                   int create_mode, const char *text, size_t len)
{
    place at;
    bool exists;
    char *why = locate(path, create_mode != -1, &at, &exists), *tmp = NULL;
    struct stat st;
    int ofd = -1, tfd = -1;

    if (why)
        goto out;
    if (exists) {
        ofd = openat(at.dfd, at.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK
                     | O_NOCTTY | O_CLOEXEC);
        if (ofd < 0 || fstat(ofd, &st) != 0 || !S_ISREG(st.st_mode)) {
            why = xstrdup("it is not a regular file any more");
            goto out;
        }
        if (expect && !holds(ofd, expect, expect_len)) {
            why = xstrdup("it changed since postlint read it; left untouched");
            goto out;
        }
    } else if (expect) {
        why = xstrdup("it no longer exists");
        goto out;
    }
    if ((tfd = make_temp(&at, &tmp)) < 0) {
        why = xasprintf("cannot create a temporary file beside it: %s",
                        strerror(errno));
        goto out;
    }
    if ((why = dress(tfd, ofd, &st, create_mode)) != NULL)
        goto out;
    if (!write_all(tfd, text, len) || fsync(tfd) != 0) {
        why = xasprintf("cannot write the new text: %s", strerror(errno));
        goto out;
    }
    if (close(tfd) != 0) {
        tfd = -1;
        why = xasprintf("cannot write the new text: %s", strerror(errno));
        goto out;
    }
    tfd = -1;
    /* The last look: somebody may have written or replaced it meanwhile. */
    if (exists && !still_there(&at, &st, expect, expect_len)) {
        why = xstrdup("it changed while postlint was fixing it; left "
                      "untouched");
        goto out;
    }
    if (exists ? renameat(at.dfd, tmp, at.dfd, at.name) != 0
        : renameat2(at.dfd, tmp, at.dfd, at.name, RENAME_NOREPLACE) != 0) {
        why = xasprintf("cannot rename the new file into place: %s",
                        strerror(errno));
        goto out;
    }
    free(tmp);
    tmp = NULL;
    (void) fsync(at.dfd);
out:
    if (tfd >= 0)
        close(tfd);
    if (tmp) {
        unlinkat(at.dfd, tmp, 0);
        free(tmp);
    }
    if (ofd >= 0)
        close(ofd);
    if (at.dfd >= 0)
        close(at.dfd);
    free(at.name);
    return why;
}
