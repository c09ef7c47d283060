/*
 * exec.h - run a helper program and capture the first line it prints.
 */
#ifndef POSTLINT_EXEC_H
#define POSTLINT_EXEC_H

#include <stdbool.h>

/* NULL when the program cannot run, fails, or prints nothing. */
char *exec_first_line(char *const argv[]);
bool exec_in_path(const char *name);

#endif
