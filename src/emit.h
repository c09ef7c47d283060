/*
 * emit.h - one emitter per output format; emitters only format.
 */
#ifndef POSTLINT_EMIT_H
#define POSTLINT_EMIT_H

#include "diag.h"

typedef struct emit_info {
    const char *tool_version;
    const char *postfix_version;
    const char *openssl_version;
    const struct sim_run *sim;  /* --simulate, else NULL */
    const struct relay_run *relay;  /* --simulate, else NULL */
    bool color;                 /* gcc: ANSI colours (--color) */
    const char *extra_json;     /* json: more members, ",\"k\":v..." */
} emit_info;

void emit_gcc(const diag_set *set, const emit_info *info, strbuf *out);
void emit_json(const diag_set *set, const emit_info *info, strbuf *out);
void emit_sarif(const diag_set *set, const emit_info *info, strbuf *out);
void emit_github(const diag_set *set, const emit_info *info, strbuf *out);
void emit_checkstyle(const diag_set *set, const emit_info *info,
                     strbuf *out);

/* The formats of --format, by name: the first is the default. */
typedef void (*emit_fn)(const diag_set *set, const emit_info *info,
                        strbuf *out);
typedef struct emitter {
    const char *name;
    emit_fn emit;
} emitter;

extern const emitter emitters[];

/* The emitter named name, or NULL. */
const emitter *emitter_find(const char *name);

#endif
