/*
 * safe_write.h - replace a file in a directory postlint may not own,
 * without writing anywhere else.
 *
 * postlint runs as root in reload hooks. A file it rewrites (--fix, the
 * relief table of postlint log, a baseline) is replaced atomically: a
 * temporary file is made beside it, given the old owner, mode and
 * extended attributes (POSIX ACLs and SELinux labels live there),
 * written, synced, its target checked once more, and renamed over it.
 * Every step works from a directory file descriptor, not a path, so a
 * directory swapped meanwhile cannot redirect the write.
 *
 * Symbolic links: the file may be a link only when its target lies
 * inside the confining directory and has the directory's owner; a link
 * that leads out, or to somebody else's file, is refused.
 */
#ifndef POSTLINT_SAFE_WRITE_H
#define POSTLINT_SAFE_WRITE_H

#include <stddef.h>

/*
 * Replace path with text. Its directory confines the write: a symbolic
 * link is followed only to a file inside that directory with the
 * directory's owner. When expect is not NULL the file must still hold
 * exactly expect_len bytes of expect, checked before the temporary file
 * is made and again last, just before the rename. When create_mode is not
 * -1 and the file does not exist, it is made with that mode, owned by
 * the caller. NULL on success, else a sentence saying why nothing was
 * written (to free).
 */
char *safe_replace(const char *path, const char *expect, size_t expect_len,
                   int create_mode, const char *text, size_t len);

#endif
