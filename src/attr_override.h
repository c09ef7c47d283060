/*
 * attr_override.h - Postfix's "{ server, name=value ... }" lists, read
 * as Postfix 3.x reads them (attr_override.c, extpar.c, split_nameval.c):
 * the settings a policy server (check_policy_service) or a milter
 * (smtpd_milters, non_smtpd_milters) may carry, and the fatal message the
 * program stops with when it refuses one.
 */
#ifndef POSTLINT_ATTR_OVERRIDE_H
#define POSTLINT_ATTR_OVERRIDE_H

#include "version.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum ovr_kind { OVR_POLICY, OVR_MILTER } ovr_kind;

/* balpar(): the length of the balanced "{...}" at s, or 0. */
size_t ovr_group_len(const char *s);

/* extpar() on the group at *tok, in place (*tok moves past the '{', the
 * '}' is cut; strip: EXTPAR_FLAG_STRIP). Its error text (allocated:
 * "missing '}' in ...", "syntax error after '}' in ...") or NULL. */
char *ovr_extpar(char **tok, bool strip);

/* split_nameval(): its error text, or NULL with *name and *value
 * pointing into text (modified). */
const char *ovr_nameval(char *text, char **name, char **value);

/* The program's fatal message for the "{ server, settings }" group spec
 * (whole: the list it came from), or NULL when it takes the group. *what
 * (allocated) says what is wrong in words. */
char *ovr_judge_group(const char *spec, const char *whole, ovr_kind kind,
                      pf_version v, char **what);

#endif
