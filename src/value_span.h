/*
 * value_span.h - where in the files a piece of a (maybe expanded) value is.
 *
 * A list value is expanded before it is cut into words; a finding about
 * one word should still point at that word. That is possible when the
 * expanded text is a literal value in main.cf or a -o, possibly reached
 * through "$name" references that are the whole value (a common idiom:
 * -o smtpd_client_restrictions=$mua_client_restrictions). Otherwise the
 * finding points at the whole setting.
 */
#ifndef POSTLINT_VALUE_SPAN_H
#define POSTLINT_VALUE_SPAN_H

#include "effective.h"

typedef struct value_map {
    const mc_entry *entry;      /* offsets are in this main.cf value */
    const svc_option *opt;      /* or in this -o value */
} value_map;

/* Follow v (through whole-value references) to the literal text the
 * expansion equals, if any. */
value_map value_locate(const model *m, const service *svc, eff_value v);

/* The span of value[off, off+len) of the located text; *exact false (and
 * an empty span) when the text could not be located. */
span value_span(const value_map *map, size_t off, size_t len, bool *exact);

/* The span of the setting itself: its main.cf value, its -o, or the
 * service's master.cf line; *located false when it is in no file. */
span value_setting_span(eff_value v, const service *svc, bool *located);

#endif
