/*
 * exec.h - run a helper program and capture the first line it prints.
 */
#ifndef POSTLINT_EXEC_H
#define POSTLINT_EXEC_H

#include <stdbool.h>
#include <stddef.h>

/* NULL when the program cannot run, fails, or prints nothing. */
char *exec_first_line(char *const argv[]);

/* The whole standard output, at most about max bytes; NULL as above. */
char *exec_output(char *const argv[], size_t max);
bool exec_in_path(const char *name);

#endif
