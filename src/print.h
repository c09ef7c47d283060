/*
 * print.h - the --print views, byte for byte what postconf prints.
 *
 *   main    postconf -n  (without the config_directory line -c adds)
 *   fields  postconf -F
 *   params  postconf -P
 *   main --expand   postconf -n -x
 *   effective SERVICE   what one service's daemon sees
 */
#ifndef POSTLINT_PRINT_H
#define POSTLINT_PRINT_H

#include "model.h"
#include "util.h"

void print_main(const model *m, strbuf *out);

/* postconf -n -x: values expanded. On a macro error (postconf: "fatal:
 * macro processing error") returns false with *why set. */
bool print_main_expanded(const model *m, strbuf *out, char **why);

/* Every parameter that service's daemon reads and that is not at its
 * default, expanded, with where the value comes from. */
void print_effective(const model *m, const service *svc, strbuf *out);

/* Every smtpd service's TLS policy: level, protocols, grade, the cipher
 * string Postfix hands to OpenSSL and the suites it leaves. */
struct tls_model;
void print_tls(const model *m, const struct tls_model *t,
               const char *openssl_text, strbuf *out);
void print_fields(const model *m, strbuf *out);
void print_params(const model *m, strbuf *out);

#endif
