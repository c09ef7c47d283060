/*
 * suggest.h - "did you mean": the known parameter names nearest a typo.
 */
#ifndef POSTLINT_SUGGEST_H
#define POSTLINT_SUGGEST_H

#include "version.h"

#include <stddef.h>

/* Up to max names of parameters that exist in version v, nearest to
 * name by edit distance (transpositions count one), within a distance
 * that grows with the length of the name. Returns how many. */
size_t suggest_names(const char *name, pf_version v, const char **out,
                     size_t max);

/* The same among the n names of cands (restriction names, classes):
 * the nearest ones, case ignored. Returns how many (at most max). */
size_t suggest_among(const char *name, const char *const *cands, size_t n,
                     const char **out, size_t max);

/* Edit distance with adjacent transpositions, capped at limit + 1. */
int edit_distance(const char *a, const char *b, int limit);

#endif
