/*
 * exec.h - run a helper program and capture what it prints.
 */
#ifndef POSTLINT_EXEC_H
#define POSTLINT_EXEC_H

#include <stdbool.h>
#include <stddef.h>

/* NULL when the program cannot run, fails, or prints nothing. */
char *exec_first_line(char *const argv[]);

/* The same; on failure *why (to free) says why: the last line the
 * program wrote on stderr (postconf's "fatal: ..."), or how it ended. */
char *exec_first_line_why(char *const argv[], char **why);

/* The whole standard output, at most about max bytes; NULL as above. */
char *exec_output(char *const argv[], size_t max);
char *exec_output_why(char *const argv[], size_t max, char **why);

/* Where the program name is: in PATH, else where Postfix installs its
 * commands (/usr/sbin, /usr/local/sbin, ...); NULL when nowhere.
 * *in_path (may be NULL) says whether PATH had it. Looked up once. */
const char *exec_find(const char *name, bool *in_path);
bool exec_in_path(const char *name);

#endif
