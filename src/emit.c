/*
 * emit.c - the table of output formats (--format).
 *
 * Interface: see emit.h. Each format is one emit_NAME.c. No diagnostics.
 */
#include "emit.h"

const emitter emitters[] = {
    {"gcc", emit_gcc},
    {"json", emit_json},
    {"sarif", emit_sarif},
    {"github", emit_github},
    {"checkstyle", emit_checkstyle},
    {NULL, NULL}
};

const emitter *emitter_find(const char *name)
{
    for (const emitter *e = emitters; e->name; e++)
        if (str_eq(e->name, name))
            return e;
    return NULL;
}
