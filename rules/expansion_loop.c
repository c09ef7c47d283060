/*
 * expansion_loop.c - rule "expansion-loop": parameters whose values need
 * each other, or nest too deep.
 *
 * Expanding a = $b with b = $a never ends; Postfix gives up after 100
 * levels ("unreasonable macro call nesting") and the program dies with
 * "macro processing error". When a built-in parameter leads into the loop,
 * every program that reads it (and postconf, postfix check, postfix
 * reload) dies: an error. A loop among user-defined parameters that no
 * built-in uses only breaks postconf -x: a warning. Each loop is reported
 * once, at the first of its members in main.cf, with the cycle.
 */
#include "rule.h"
#include "effective.h"

#include <stdlib.h>
#include <string.h>

typedef struct seen {
    char **loops;
    size_t n, cap;
} seen;

/* "a -> b -> a" and "b -> a -> b" are one loop: key by sorted members. */
static char *loop_key(const char *path)
{
    char *copy = xstrdup(path), *save, *w, *names[EXPAND_MAX_LEVEL + 2];
    size_t n = 0;
    strbuf key;

    for (w = strtok_r(copy, " ->", &save); w && n < EXPAND_MAX_LEVEL + 1;
         w = strtok_r(NULL, " ->", &save)) {
        bool dup = false;

        for (size_t i = 0; i < n; i++)
            dup |= str_eq(names[i], w);
        if (!dup)
            names[n++] = w;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];

            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    sb_init(&key);
    for (size_t i = 0; i < n; i++)
        sb_printf(&key, "%s ", names[i]);
    free(copy);
    return sb_steal(&key);
}

static bool seen_before(seen *s, const char *path)
{
    char *key = loop_key(path);

    for (size_t i = 0; i < s->n; i++) {
        if (str_eq(s->loops[i], key)) {
            free(key);
            return true;
        }
    }
    s->loops = grow_array(s->loops, &s->cap, s->n + 1, sizeof(char *));
    s->loops[s->n++] = key;
    return false;
}

/* The cycle proper: from the first repeated name on. */
static const char *cycle_start(const char *path)
{
    const char *last = strrchr(path, ' ');
    const char *name = last ? last + 1 : path;
    size_t len = strlen(name);

    for (const char *p = path; *p; p++)
        if ((p == path || p[-1] == ' ') && strncmp(p, name, len) == 0
            && (p[len] == ' ' || p[len] == '\0'))
            return p;
    return path;
}

static void report_loop(const lint_ctx *ctx, const rule_desc *self,
                        const main_param *p, const char *path)
{
    const model *m = ctx->m;
    const char *cycle = cycle_start(path);
    char *first = xstrndup(cycle, strcspn(cycle, " "));
    const main_param *at = model_main_param(m, first);
    bool builtin = p->info && param_builtin_in(p->info, m->version);
    bool self_ref = strchr(cycle, '>') == strrchr(cycle, '>');
    bool entry_outside = !str_eq(first, p->name);
    const span *sp = at ? &at->entry->name_sp : &p->entry->name_sp;
    strbuf effect;

    sb_init(&effect);
    if (builtin && entry_outside)
        sb_printf(&effect, "the built-in parameter %s uses it, so every "
                  "program that reads %s dies when it starts, and so do postconf "
                  "and postfix check", p->name, p->name);
    else if (builtin)
        sb_printf(&effect, "%s is a built-in parameter, so every program "
                  "that reads it dies when it starts, and so do postconf and "
                  "postfix check",
                  p->name);
    else
        sb_adds(&effect, "no built-in parameter uses it, so only postconf "
                "-x fails, but the value is useless");
    if (self_ref)
        report_sev(ctx, self, builtin ? SEV_ERROR : SEV_WARNING, sp,
                   "%s refers to itself (%s);" DIAG_NOTE
                   " %s; Postfix %s logs \"unreasonable macro call nesting\" "
                   "and \"macro "
                   "processing error\"",
                   first, cycle, effect.data, ctx->version_text);
    else
        report_sev(ctx, self, builtin ? SEV_ERROR : SEV_WARNING, sp,
                   "parameters refer to each other in a loop: %s;" DIAG_NOTE
                   " %s; Postfix %s logs \"unreasonable macro call nesting\" "
                   "and "
                   "\"macro processing error\"", cycle, effect.data,
                   ctx->version_text);
    sb_free(&effect);
    free(first);
}

static void check_param(const lint_ctx *ctx, const rule_desc *self,
                        const main_param *p, seen *s, strbuf *out,
                        bool *deep_reported)
{
    expand_result res = {0};

    if (strchr(p->entry->value, '$') == NULL)
        return;
    sb_reset(out);
    effective_expand(ctx->m, NULL, p->name, p->entry->value, out, &res);
    if (res.error && res.loop && !seen_before(s, res.loop))
        report_loop(ctx, self, p, res.loop);
    else if (res.error && !res.loop && strstr(res.why, "nesting")
             && !*deep_reported && (*deep_reported = true))
        report(ctx, self, &p->entry->name_sp,
               "expanding %s nests more than %d levels deep:" DIAG_NOTE
               " Postfix %s stops with \"unreasonable macro call nesting\"",
               p->name, EXPAND_MAX_LEVEL, ctx->version_text);
    expand_result_free(&res);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;
    seen s = {0};
    strbuf out;
    bool deep_reported = false;     /* one chain, one report */

    sb_init(&out);
    /* Built-in parameters first: a loop they reach is an error. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m->n_params; i++) {
            const main_param *p = &m->params[i];
            bool builtin = p->info && param_builtin_in(p->info, m->version);

            if (builtin == (pass == 0))
                check_param(ctx, self, p, &s, &out, &deep_reported);
        }
    }
    sb_free(&out);
    for (size_t i = 0; i < s.n; i++)
        free(s.loops[i]);
    free(s.loops);
}

const rule_desc rule_expansion_loop = {
    "expansion-loop", SEV_ERROR,
    "parameters whose $name values refer to each other in a loop",
    "Postfix expands $name references recursively. When a value needs "
    "itself (a = $b, b = $a, or smtpd_banner = $smtpd_banner ...), the "
    "expansion never ends: Postfix stops after 100 levels with "
    "\"unreasonable macro call nesting\" and the program dies. If a built-in "
    "parameter leads into the loop, postfix start and reload fail.",
    check,
    SEV_ALSO(SEV_WARNING)
};
