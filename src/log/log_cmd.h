/*
 * log_cmd.h - the `postlint log` subcommand (see log_cmd.c).
 */
#ifndef POSTLINT_LOG_CMD_H
#define POSTLINT_LOG_CMD_H

/* argv[0] is "log"; returns the exit status. */
int log_main(int argc, char **argv);

#endif
