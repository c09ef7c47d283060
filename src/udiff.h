/*
 * udiff.h - a unified diff between two texts (for --diff).
 */
#ifndef POSTLINT_UDIFF_H
#define POSTLINT_UDIFF_H

#include "util.h"

/* Append to out the diff -u of old and new text, both files called
 * name (fix_rounds.c passes an absolute name, for patch -p1 -d /);
 * nothing when they are equal. */
void udiff(const char *name, const char *old_text, size_t old_len,
           const char *new_text, size_t new_len, strbuf *out);

#endif
