/*
 * json.h - the small pieces every JSON-shaped emitter needs.
 */
#ifndef POSTLINT_JSON_H
#define POSTLINT_JSON_H

#include "util.h"

/* Append s as a JSON string, quotes included. Bytes that are not valid
 * UTF-8 become U+FFFD, so the output is always valid JSON. */
void json_add_string(strbuf *out, const char *s);

/* Append s with invalid UTF-8 replaced by U+FFFD (no escaping). */
void sb_add_utf8_clean(strbuf *out, const char *s);

#endif
