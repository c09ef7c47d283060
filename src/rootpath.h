/*
 * rootpath.h - --root DIR: absolute paths named in a configuration, looked
 * up inside a package build root as if DIR were "/".
 */
#ifndef POSTLINT_ROOTPATH_H
#define POSTLINT_ROOTPATH_H

#include <stdbool.h>

/* Set by --root (NULL: paths are used as they are). */
void root_set(const char *dir);
const char *root_get(void);

/*
 * The on-disk path for a path named in the configuration. Without --root,
 * a copy of path. With --root, path is resolved component by component
 * inside the root: ".." stops at the root, and symbolic links are followed
 * as on the installed system (an absolute target starts again at the
 * root), so no link leads out of it. NULL with *why set when the path
 * cannot be resolved (a link loop, a component that is not a directory).
 * A missing final component is not an error: the caller's open() says so.
 */
char *root_resolve(const char *path, char **why);

/*
 * --no-files: the files the configuration names (certificates, keys,
 * lookup tables) are not on this machine, as for a configuration kept in
 * a repository. Every reader of such a file asks here first and reads
 * nothing; the rules that need a file's contents say nothing.
 */
void root_set_no_files(bool no_files);
bool root_no_files(void);

#endif
