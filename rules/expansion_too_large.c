/*
 * expansion_too_large.c - rule "expansion-too-large": values whose $name
 * references multiply.
 *
 * e1 = $e2 $e2, e2 = $e3 $e3, ... doubles the text at each link: sixty
 * such lines expand to 2^60 bytes. Postfix's mac_expand() has no bound:
 * every program that reads such a parameter builds the whole text (or
 * walks it, when the values are empty), and never gets to start when it
 * is too big. postlint bounds every expansion (expand.h) and reports here
 * the parameters where the bound was reached: the first of each chain
 * (a parameter no other too-large value refers to), with the size the
 * full expansion would have.
 */
#include "rule.h"
#include "effective.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Past this Postfix would not build the value at all on most machines. */
#define HOPELESS ((size_t) 1 << 32)

typedef struct marks {
    const model *m;
    bool *referenced;           /* per model param */
} marks;

static void mark_ref(const char *name, size_t len, void *ctx)
{
    marks *k = ctx;
    char *copy = xstrndup(name, len);
    const main_param *p = model_main_param(k->m, copy);

    if (p)
        k->referenced[p - k->m->params] = true;
    free(copy);
}

static void size_text(size_t bytes, char *buf, size_t size)
{
    static const char *const units[] = {"bytes", "KiB", "MiB", "GiB",
                                        "TiB", "PiB", "EiB"};
    double v = (double) bytes;
    int u = 0;

    while (v >= 1024 && u < 6) {
        v /= 1024;
        u++;
    }
    if (bytes >= SIZE_MAX / 2)
        snprintf(buf, size, "more than 8 EiB");
    else
        snprintf(buf, size, "up to about %.0f %s", v, units[u]);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;
    size_t *bound = xcalloc(m->n_params + 1, sizeof(size_t));
    marks k = {m, xcalloc(m->n_params + 1, sizeof(bool))};

    for (size_t i = 0; i < m->n_params; i++) {
        const main_param *p = &m->params[i];

        if (strchr(p->entry->value, '$') == NULL)
            continue;
        bound[i] = effective_expand_bound(m, NULL, p->name);
        if (bound[i] > EXPAND_MAX_BYTES)
            vx_scan_refs(p->entry->value, strlen(p->entry->value),
                         mark_ref, &k);
    }
    for (size_t i = 0; i < m->n_params; i++) {
        const main_param *p = &m->params[i];
        bool builtin = p->info && param_builtin_in(p->info, m->version);
        char size[48];

        if (bound[i] <= EXPAND_MAX_BYTES || k.referenced[i])
            continue;
        size_text(bound[i], size, sizeof(size));
        report_sev(ctx, self,
                   builtin && bound[i] >= HOPELESS ? SEV_ERROR : SEV_WARNING,
                   &p->entry->name_sp,
                   "expanding %s walks %s of text:" DIAG_NOTE
                   " its $name references name values that repeat $name "
                   "references in turn; %s; "
                   "postlint stops at %u bytes",
                   p->name, size, builtin
                   ? (bound[i] >= HOPELESS
                      ? "every Postfix program that reads it expands it "
                        "without limit and never starts (it runs out of "
                        "memory or time)"
                      : "every Postfix program that reads it builds the "
                        "whole text, in memory, each time it reads it")
                   : "no built-in parameter uses it, so only postconf -x "
                     "builds it, but it is certainly a mistake",
                   EXPAND_MAX_BYTES);
    }
    free(bound);
    free(k.referenced);
}

const rule_desc rule_expansion_too_large = {
    "expansion-too-large", SEV_WARNING,
    "a value whose $name references multiply into an enormous text",
    "Each $name is replaced by that parameter's value, itself expanded. "
    "When values refer to other values more than once (a = $b $b, b = $c "
    "$c, ...), the text doubles at each step: thirty such lines make a "
    "gigabyte. Postfix has no limit: every program that reads the "
    "parameter builds the whole text and dies when memory runs out.",
    check,
    SEV_ALSO(SEV_ERROR)
};
