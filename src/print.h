/*
 * print.h - the --print views, byte for byte what postconf prints.
 *
 *   main    postconf -n  (without the config_directory line -c adds)
 *   fields  postconf -F
 *   params  postconf -P
 */
#ifndef POSTLINT_PRINT_H
#define POSTLINT_PRINT_H

#include "model.h"
#include "util.h"

void print_main(const model *m, strbuf *out);
void print_fields(const model *m, strbuf *out);
void print_params(const model *m, strbuf *out);

#endif
