/*
 * suspicious_continuation.c - rule "suspicious-continuation": an indented
 * line that looks like a setting of its own but continues the one above.
 *
 * A line that starts with white space continues the previous logical
 * line, even after blank and comment lines. "  mydomain = example.net"
 * under "myhostname = mx.example.net" makes myhostname
 * "mx.example.net mydomain = example.net", and mydomain is not set at
 * all. In master.cf, an indented service entry (typically under a
 * commented-out one) becomes arguments of the service above. Fix: remove
 * the indentation.
 */
#include "rule.h"
#include "effective.h"
#include "params.h"

#include <stdio.h>
#include <string.h>

/* Call back for every continuation line (start offset, its blanks'
 * length) inside [off, end_off). */
typedef void (*line_fn)(const lint_ctx *, const rule_desc *, const source *,
                        size_t line_off, size_t blanks, const char *owner);

static void each_continuation(const lint_ctx *ctx, const rule_desc *self,
                              const span *sp, const char *owner, line_fn fn)
{
    const source *src = sp->src;
    size_t off = sp->off;

    while (off < sp->end_off) {
        const char *nl = memchr(src->text + off, '\n', sp->end_off - off);
        size_t next, blanks;

        if (nl == NULL)
            break;
        next = (size_t) (nl - src->text) + 1;
        blanks = strspn(src->text + next, " \t");
        if (next < sp->end_off && blanks > 0
            && src->text[next + blanks] != '#'
            && src->text[next + blanks] != '\n')
            fn(ctx, self, src, next, blanks, owner);
        off = next;
    }
}

static void line_span(const source *src, size_t off, size_t blanks,
                      span *sp)
{
    sp->src = src;
    sp->off = off;
    source_position(src, off, &sp->line, &sp->col);
    sp->end_off = off + blanks;
    sp->end_line = sp->line;
    sp->end_col = sp->col + (int) blanks;
}

/* main.cf: "  name = value" where name is a real parameter. */
static void main_line(const lint_ctx *ctx, const rule_desc *self,
                      const source *src, size_t off, size_t blanks,
                      const char *owner)
{
    const char *t = src->text + off + blanks;
    size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789_");
    char name[128];
    span sp;
    diagnostic *d;

    if (n == 0 || n >= sizeof(name) || t[n + strspn(t + n, " \t")] != '=')
        return;
    memcpy(name, t, n);
    name[n] = '\0';
    if (param_lookup(name) == NULL)
        return;
    line_span(src, off, blanks, &sp);
    d = report(ctx, self, &sp,
               "this indented line continues the value of %s, so Postfix "
               "%s does not set %s here:" DIAG_NOTE
               " it reads \"%s = ... %s = ...\"; remove the indentation if %s "
               "is meant as its own setting",
               owner, ctx->version_text, name, owner, name, name);
    diag_set_fix(d, &sp, "");
}

/* master.cf: an indented line that looks like a whole service entry. */
static void master_line(const lint_ctx *ctx, const rule_desc *self,
                        const source *src, size_t off, size_t blanks,
                        const char *owner)
{
    static const char *const types[] = {"inet", "unix", "fifo", "pass",
                                         "unix-dgram", NULL};
    const char *t = src->text + off + blanks;
    const char *eol = strchr(t, '\n');
    size_t len = eol ? (size_t) (eol - t) : strlen(t), words = 0;
    bool typed = false;
    span sp;
    diagnostic *d;

    if (*t == '-')
        return;
    for (size_t i = 0; i < len;) {
        size_t w;

        i += strspn(t + i, " \t");
        if (i >= len)
            break;
        w = strcspn(t + i, " \t\n");
        if (words == 1)
            for (int k = 0; types[k]; k++)
                typed |= w == strlen(types[k])
                    && strncmp(t + i, types[k], w) == 0;
        words++;
        i += w;
    }
    if (words < 8 || !typed)
        return;
    line_span(src, off, blanks, &sp);
    /* owner is "name/type command": most daemons die on stray words. */
    {
        const char *cmd = strchr(owner, ' ');
        bool takes_args = cmd && (str_eq(cmd + 1, "pipe")
                                  || str_eq(cmd + 1, "spawn"));

        d = report_sev(ctx, self, takes_args ? SEV_WARNING : SEV_ERROR, &sp,
                       "this indented line looks like a service entry, but "
                       "the indentation makes it arguments of service %.*s "
                       "above%s (Postfix %s);" DIAG_NOTE
                       " remove the indentation if it is meant as its own "
                       "service",
                       cmd ? (int) (cmd - owner) : (int) strlen(owner), owner,
                       takes_args ? "" : ", whose daemon then stops with "
                       "\"unexpected command-line argument\"",
                       ctx->version_text);
    }
    diag_set_fix(d, &sp, "");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; m->main && i < m->main->n_entries; i++) {
        const mc_entry *e = &m->main->entries[i];

        if (e->kind == LL_ENTRY && e->line_sp.line != e->line_sp.end_line)
            each_continuation(ctx, self, &e->line_sp, e->name, main_line);
    }
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        char owner[160];

        if (s->entry->line_sp.line == s->entry->line_sp.end_line)
            continue;
        snprintf(owner, sizeof(owner), "%s/%s %s", s->argv[MF_SERVICE].text,
                 s->has_fields ? s->argv[MF_TYPE].text : "?",
                 s->has_fields ? service_daemon(s) : "?");
        each_continuation(ctx, self, &s->entry->line_sp, owner, master_line);
    }
}

const rule_desc rule_suspicious_continuation = {
    "suspicious-continuation", SEV_WARNING,
    "an indented line that looks like its own setting continues the one above",
    "In main.cf and master.cf a line that starts with white space continues "
    "the previous logical line, even across blank and comment lines. An "
    "indented \"name = value\" therefore becomes part of the value above "
    "and the parameter is not set; an indented service entry (often below "
    "a commented-out one) becomes arguments of the service above.",
    check,
    SEV_ALSO(SEV_ERROR)
};
