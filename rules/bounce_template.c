/*
 * bounce_template.c - rule "bounce-template": a bounce_template_file
 * (bounce(5)) that bounce(8) refuses, ignores in part, or cannot expand.
 *
 * bounce(8) reads the file when it starts (bounce/bounce_templates.c):
 * each line outside a template is "name = value" (split_nameval), a value
 * "<<MARKER" takes the lines up to one that is exactly MARKER, and the
 * names are failure_template, delay_template, success_template and
 * verify_template (the last of each wins). A line that is not
 * name = value, or "<<" without a marker that starts with a letter or
 * digit, stops bounce(8) ("fatal"); a missing end marker and an unknown
 * name are warnings. Postfix's line numbers there are one more than the
 * line's (its counter starts at 1 and counts before the first line);
 * postlint points at the line itself and quotes what Postfix logs.
 *
 * When a template is first used (bounce/bounce_template.c) its header
 * lines (Charset:, From:, Subject:, Postmaster-Subject:, any case) are
 * read up to the first line that is not a header; an empty or non-ASCII
 * value, an unknown label, Postmaster-Subject: in a success or verify
 * template, no text after the headers, or 8-bit text while the charset
 * is us-ascii make Postfix ignore the template and send its built-in
 * one (a warning). Each text line is then expanded with mac_expand():
 * bad $ syntax or a $name that bounce(8) does not have stops the daemon
 * at every notice of that kind; $delay_warning_time_UNIT and
 * $maximal_queue_lifetime_UNIT are the parameter's time in seconds,
 * minutes, hours, days or weeks (another unit stops the daemon; 0, or
 * above 999 with a unit below days, is logged with a warning each time).
 *
 * bounce(8)'s $names are the main.cf parameters, the service's -o
 * settings, and the parameters bounce(8) itself reads. postlint calls a
 * name undefined only when it is none of these nor a parameter Postfix
 * knows at all (a known parameter that bounce(8) does not read is
 * undefined there too, but the knowledge base does not say so for sure).
 * A ${name?...} whose truth cannot be known here, and ${{a} op {b}...}
 * expressions, are not looked into. Lookups use the scope of the first
 * bounce(8) service that reads the file. Only an absolute file name is
 * read (bounce(8) runs in the queue directory); not with --no-files.
 */
#include "rule.h"
#include "effective.h"
#include "macscan.h"
#include "params.h"
#include "rootpath.h"
#include "safe_file.h"
#include "table.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TMPL_MAX_BYTES (16u * 1024 * 1024)
#define PF_SPACE " \t\r\n"

enum { CL_FAILURE, CL_DELAY, CL_SUCCESS, CL_VERIFY, N_CLASSES };

static const char *const class_name[N_CLASSES] = {
    "failure", "delay", "success", "verify"
};

/* A template as loaded: its lines, each with its line in the file. */
typedef struct tdef {
    bool set;
    int name_line;          /* the "name = value" line */
    char **lines;
    int *at;
    size_t n, cap;
} tdef;

typedef struct tctx {
    const lint_ctx *ctx;
    const rule_desc *self;
    const char *path;       /* as bounce(8) names it */
    const service *svc;     /* lookup scope (NULL: main.cf) */
    const char *who;        /* "bounce (services bounce, defer, trace)" */
    const char *cls;        /* the template class being expanded */
    int line;               /* the line being expanded */
    const char *text;       /* its text */
    bool stop;              /* a finding ended this line's expansion */
    int found;              /* findings in this file */
} tctx;

static bool pf_alnum(int c)
{
    return c < 128 && isalnum(c);
}

static bool all_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char) *s >= 128)
            return false;
    return true;
}

static bool all_space(const char *s)
{
    for (; *s; s++)
        if (!pf_isspace((unsigned char) *s))
            return false;
    return true;
}

/* Report at line of the template file; fmt's text after DIAG_NOTE ends
 * with the program and what it logs (log, quoted). */
static void say(tctx *t, severity sev, int line, const char *head,
                bool fatal, const char *log)
{
    span sp;
    strbuf q;

    if (t->found++ >= 100)
        return;                 /* a file of garbage: enough said */
    memset(&sp, 0, sizeof(sp));
    sp.src = table_source(t->path);
    sp.line = sp.end_line = line;
    sp.col = sp.end_col = 1;
    sb_init(&q);
    sb_add_printable(&q, log, 300);
    report_sev(t->ctx, t->self, sev, &sp,
               "%s" DIAG_NOTE " (bounce_template_file = %s) %s of Postfix %s "
               "%s \"%s: %s\"%s", head, t->path, t->who,
               t->ctx->version_text, fatal ? "stops with" : "logs",
               fatal ? "fatal" : "warning", q.data, fatal ? ", and mail "
               "that needs this notice waits in the queue" : "");
    sb_free(&q);
}

static void sayf(tctx *t, severity sev, int line, bool fatal,
                 const char *log, const char *fmt, ...) PL_PRINTF(6, 7);

static void sayf(tctx *t, severity sev, int line, bool fatal,
                 const char *log, const char *fmt, ...)
{
    strbuf head;
    va_list ap;

    sb_init(&head);
    va_start(ap, fmt);
    sb_vprintf(&head, fmt, ap);
    va_end(ap);
    say(t, sev, line, head.data, fatal, log);
    sb_free(&head);
}

/* ---- the template text: headers, then lines ($names) ---- */

/* is_header(): a label of printable ASCII, optional blanks, ':'. */
static size_t header_len(const char *s)
{
    size_t len = 0;
    int state = 0;

    for (;; s++) {
        int c = (unsigned char) *s;

        if (c == ':')
            return state ? len : 0;
        if (c == ' ' || c == '\t') {
            if (state == 0)
                return 0;
            state = 2;
            continue;
        }
        if (c == 0 || c >= 128 || iscntrl(c) || state == 2)
            return 0;
        state = 1;
        len++;
    }
}

/* The value of a time parameter in the scope, in seconds; false when it
 * is not a plain number with an optional unit (value-range's to judge). */
static bool time_value(const tctx *t, const char *name, char unit,
                       long *secs)
{
    char *v = effective_text(t->ctx->m, t->svc, name, NULL);
    char *end = NULL;
    bool ok;

    if (v == NULL)
        return false;
    /* A plain number and at most one unit letter (conv_time()). */
    if (isdigit((unsigned char) v[0]))
        (void) strtol(v, &end, 10);
    ok = end != NULL && (*end == '\0' || end[1] == '\0')
         && conf_time(v, unit, secs);
    free(v);
    return ok;
}

/* bounce_template_lookup(): 1 defined and non-empty, 0 undefined or
 * empty, -1 not known here. *undefined: certainly undefined. */
static int lookup(tctx *t, const char *name, bool *undefined)
{
    static const struct {
        const char *param;
        char unit;
    } times[] = {{"delay_warning_time", 'h'}, {"maximal_queue_lifetime", 'd'}};
    static const struct {
        const char *suffix;
        long divisor;
    } units[] = {{"seconds", 1}, {"minutes", 60}, {"hours", 3600},
                 {"days", 86400}, {"weeks", 604800}};
    const param_info *p;
    eff_value ev;
    char log[600];

    *undefined = false;
    for (size_t i = 0; i < 2; i++) {
        size_t pl = strlen(times[i].param);
        const char *sfx = name + pl + 1;
        long secs, result;

        if (strncmp(name, times[i].param, pl) != 0 || name[pl] != '_')
            continue;
        for (size_t u = 0; u < 5; u++) {
            if (!str_eq(sfx, units[u].suffix))
                continue;
            if (!time_value(t, times[i].param, times[i].unit, &secs))
                return 1;
            result = secs / units[u].divisor;
            if (result > 999 && units[u].divisor < 86400) {
                snprintf(log, sizeof(log), "%s: excessive result \"%ld\" in "
                         "%s template conversion of parameter \"%s\"",
                         t->path, result, t->cls, name);
                sayf(t, SEV_WARNING, t->line, false, log, "%s_template: "
                     "$%s is %ld: Postfix asks for a larger unit",
                     t->cls, name, result);
            } else if (result == 0 && secs && units[u].divisor > 1) {
                snprintf(log, sizeof(log), "%s: zero result in %s template "
                         "conversion of parameter \"%s\"", t->path, t->cls,
                         name);
                sayf(t, SEV_WARNING, t->line, false, log, "%s_template: "
                     "$%s is 0 (%s is %ld seconds): the notice says 0 %s",
                     t->cls, name, times[i].param, secs, sfx);
            }
            return 1;
        }
        snprintf(log, sizeof(log), "%s: unrecognized suffix \"%s\" in "
                 "parameter \"%s\"", t->path, sfx, name);
        sayf(t, SEV_ERROR, t->line, true, log, "%s_template: $%s: \"%s\" "
             "is not seconds, minutes, hours, days or weeks, and bounce(8) "
             "stops at every %s notice", t->cls, name, sfx, t->cls);
        t->stop = true;
        return -1;
    }
    ev = effective_lookup(t->ctx->m, t->svc, name);
    p = param_lookup(name);
    if (ev.origin != ORIGIN_MAIN && ev.origin != ORIGIN_MASTER) {
        if (p == NULL) {
            *undefined = true;
            return 0;
        }
        /* bounce(8) has a default only for what it reads. */
        if (!daemon_reads(p, "bounce") || ev.value == NULL)
            return -1;
    }
    if (ev.value == NULL)
        return -1;
    {
        expand_result res = {0};
        strbuf v;
        int truth;

        sb_init(&v);
        effective_expand(t->ctx->m, t->svc, name, ev.value, &v, &res);
        truth = res.error || res.too_large ? -1 : v.len > 0;
        sb_free(&v);
        expand_result_free(&res);
        return truth;
    }
}

static void walk(tctx *t, const char *text, size_t len, int depth);

static void syntax_error(tctx *t, const char *why)
{
    char log[600];

    if (t->stop)
        return;
    snprintf(log, sizeof(log), "%s: bad $name syntax in %s template: %s",
             t->path, t->cls, t->text);
    sayf(t, SEV_ERROR, t->line, true, log, "%s_template: bad $ syntax (%s), "
         "and bounce(8) stops at every %s notice", t->cls, why, t->cls);
    t->stop = true;
}

/* At '{' after blanks? Then *cp is at it. */
static bool at_curly(const char **cp)
{
    const char *p = *cp + strspn(*cp, PF_SPACE);

    if (*p != '{')
        return false;
    *cp = p;
    return true;
}

/* The payload of the balanced {...} at *cp (a new string); *cp after it
 * and its trailing blanks. NULL when unbalanced. */
static char *payload(const char **cp)
{
    const char *s = *cp + 1;
    int level = 1;

    for (const char *p = s; *p; p++) {
        if (*p == '{')
            level++;
        else if (*p == '}' && --level == 0) {
            char *out = xstrndup(s, (size_t) (p - s));

            p++;
            *cp = p + strspn(p, PF_SPACE);
            return out;
        }
    }
    return NULL;
}

/* The text of a ${name?...} or ${name:...} branch: a {...} group's
 * inside, or the rest of the text; NULL for an unbalanced group. */
static char *take_branch(const char **cp)
{
    char *branch;

    if (at_curly(cp))
        return payload(cp);
    branch = xstrdup(*cp);
    *cp += strlen(*cp);
    return branch;
}

/* One "${...}" (inner text) or "$name", as mac_expand_callback(). */
static void expression(tctx *t, const char *expr, int depth)
{
    const char *start = expr + strspn(expr, PF_SPACE), *cp = start;
    char *name, *branch;
    bool undefined = false;
    int truth;
    char ch;

    if (*start == '{') {
        t->stop = true;         /* {a} op {b}: not judged */
        return;
    }
    for (;; cp++) {
        size_t n = strspn(cp, PF_SPACE);

        ch = cp[n];
        if (ch == '\0' || ch == '?' || ch == ':')
            break;
        if (!pf_alnum((unsigned char) *cp) && *cp != '_') {
            syntax_error(t, "a parameter name has a character that cannot "
                         "be in one");
            return;
        }
    }
    name = xstrndup(start, (size_t) (cp - start));
    truth = lookup(t, name, &undefined);
    if (t->stop) {
        free(name);
        return;
    }
    if (ch == '\0') {
        if (undefined) {
            char log[600];

            snprintf(log, sizeof(log), "%s: undefined $name in %s template: "
                     "%s", t->path, t->cls, t->text);
            sayf(t, SEV_ERROR, t->line, true, log, "%s_template: $%s is not "
                 "a parameter bounce(8) knows, and bounce(8) stops at every "
                 "%s notice", t->cls, name, t->cls);
            t->stop = true;
        }
        free(name);
        return;
    }
    free(name);
    cp += strspn(cp, PF_SPACE) + 1;
    if (ch == '?') {
        if ((branch = take_branch(&cp)) == NULL)
            return syntax_error(t, "unbalanced {}");
        if (truth == 1)
            walk(t, branch, strlen(branch), depth + 1);
        free(branch);
        if (t->stop || *cp == '\0')
            return;
        if (*cp != ':')
            return syntax_error(t, "\":\" expected after the {text}");
        cp++;
    }
    if ((branch = take_branch(&cp)) == NULL)
        return syntax_error(t, "unbalanced {}");
    if (truth == 0)
        walk(t, branch, strlen(branch), depth + 1);
    free(branch);
    if (!t->stop && *cp != '\0')
        syntax_error(t, "unexpected text after the {text}");
}

typedef struct walk_arg {
    tctx *t;
    int depth;
} walk_arg;

static bool piece(const mac_piece *p, const char *text, void *vctx)
{
    walk_arg *w = vctx;
    char *inner;

    if (w->t->stop)
        return false;
    switch (p->kind) {
    case MAC_ERROR:
        syntax_error(w->t, p->error);
        return false;
    case MAC_NAME:
    case MAC_EXPR:
        if (p->inner_len == 0) {
            syntax_error(w->t, "an empty name");
            return false;
        }
        inner = xstrndup(text + p->inner, p->inner_len);
        expression(w->t, inner, w->depth);
        free(inner);
        return !w->t->stop;
    default:
        return true;
    }
}

static void walk(tctx *t, const char *text, size_t len, int depth)
{
    walk_arg w = {t, depth};

    if (depth > 100) {
        t->stop = true;
        return;
    }
    mac_scan(text, len, piece, &w);
}

/* bounce_template_parse_buffer() and bounce_template_expand(). */
static void check_template(tctx *t, int cls, const tdef *d)
{
    bool charset_ascii = true;
    bool has_pm_subject = cls == CL_FAILURE || cls == CL_DELAY;
    char log[600];
    size_t i = 0, body;

    t->cls = class_name[cls];
    for (; i < d->n; i++) {
        char *line = d->lines[i], *label, *hval;
        size_t hlen = header_len(line);

        if (hlen == 0)
            break;
        label = xstrndup(line, hlen);
        for (hval = line + hlen; *hval == ':' || pf_isspace((unsigned char) *hval); hval++)
            ;
        if (*hval == '\0' || !all_ascii(hval)) {
            const char *what = *hval ? "non-ASCII" : "empty";

            snprintf(log, sizeof(log), "%s: %s \"%s\" header value in %s "
                     "template -- ignoring this template", t->path, what,
                     label, t->cls);
            sayf(t, SEV_WARNING, d->at[i], false, log, "%s_template: %s "
                 "value of header \"%s\": Postfix ignores this template and "
                 "sends its built-in one", t->cls, what, label);
            free(label);
            return;
        }
        if (strcasecmp(label, "charset") == 0)
            charset_ascii = strcasecmp(hval, "us-ascii") == 0;
        else if (strcasecmp(label, "from") == 0
                 || strcasecmp(label, "subject") == 0)
            ;
        else if (strcasecmp(label, "postmaster-subject") != 0
                 || !has_pm_subject) {
            bool pm = strcasecmp(label, "postmaster-subject") == 0;

            snprintf(log, sizeof(log), "%s: %s \"%s\" header label in %s "
                     "template -- ignoring this template", t->path,
                     pm ? "inapplicable" : "unknown", label, t->cls);
            sayf(t, SEV_WARNING, d->at[i], false, log, "%s_template: "
                 "header \"%s\" %s: Postfix ignores this template and sends "
                 "its built-in one", t->cls, label, pm ? "is for postmaster "
                 "copies, which success and verify notices do not have"
                 : "is not Charset, From, Subject or Postmaster-Subject");
            free(label);
            return;
        }
        free(label);
    }
    while (i < d->n && all_space(d->lines[i]))
        i++;
    if (i == d->n) {
        snprintf(log, sizeof(log), "%s: missing message text in %s template "
                 "-- ignoring this template", t->path, t->cls);
        sayf(t, SEV_WARNING, d->name_line, false, log, "%s_template has no "
             "text after its headers: Postfix ignores it and sends its "
             "built-in one", t->cls);
        return;
    }
    body = i;
    for (; i < d->n; i++)
        if (!all_ascii(d->lines[i]))
            break;
    if (i < d->n && charset_ascii) {
        snprintf(log, sizeof(log), "%s: 8-bit message text in %s template",
                 t->path, t->cls);
        sayf(t, SEV_WARNING, d->at[i], false, log, "%s_template: 8-bit text "
             "with charset us-ascii: Postfix ignores this template (\"please "
             "specify a charset value other than us-ascii\") and sends its "
             "built-in one", t->cls);
        return;
    }
    for (i = body; i < d->n; i++) {
        t->line = d->at[i];
        t->text = d->lines[i];
        t->stop = false;
        walk(t, d->lines[i], strlen(d->lines[i]), 0);
    }
}

/* ---- the file: bounce_templates_load() ---- */

static void tdef_free(tdef *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->lines[i]);
    free(d->lines);
    free(d->at);
    memset(d, 0, sizeof(*d));
}

static void tdef_add(tdef *d, const char *s, size_t len, int at)
{
    size_t cap = d->cap;

    d->lines = grow_array(d->lines, &d->cap, d->n + 1, sizeof(*d->lines));
    d->at = grow_array(d->at, &cap, d->n + 1, sizeof(*d->at));
    d->lines[d->n] = xstrndup(s, len);
    d->at[d->n++] = at;
}

typedef struct reader {
    const char *buf;
    size_t len, pos;
    int line;
    bool eof;               /* vstream_feof(): a read met the end */
    /* Postfix's line buffer: each read writes its line and a NUL over
     * the start and leaves older bytes after them (the missing end
     * marker warning prints what is then at the marker's offset). */
    char *lb;
    size_t lb_len;
    size_t cap;             /* its size: vstring_alloc(100), doubled */
    bool moved;             /* it grew, to a new place, after the marker */
} reader;

static void overlay(reader *r, const char *s, size_t n)
{
    while (n >= r->cap) {
        r->cap *= 2;
        r->moved = true;
    }
    if (n + 1 > r->lb_len) {
        r->lb = xrealloc(r->lb, n + 1);
        memset(r->lb + r->lb_len, 0, n + 1 - r->lb_len);
        r->lb_len = n + 1;
    }
    memcpy(r->lb, s, n);
    r->lb[n] = '\0';
}

/* vstring_get_nonl(): the next line (a new string), or NULL. */
static char *next_line(reader *r)
{
    const char *s = r->buf + r->pos, *nl;
    size_t n;

    if (r->pos >= r->len) {
        r->eof = true;
        overlay(r, "", 0);
        return NULL;
    }
    nl = memchr(s, '\n', r->len - r->pos);
    n = nl ? (size_t) (nl - s) : r->len - r->pos;
    r->pos += n + (nl != NULL);
    if (nl == NULL)
        r->eof = true;
    r->line++;
    overlay(r, s, n);
    return xstrndup(s, n);  /* a NUL byte ends it, as in C */
}

static void load(tctx *t, const char *buf, size_t len, tdef *defs)
{
    reader r = {buf, len, 0, 0, false, NULL, 0, 100, false};
    char *line, *name, *value;
    char log[900];

    while ((line = next_line(&r)) != NULL) {
        const char *cp = line + strspn(line, " \t\n\v\f\r");
        int at = r.line, cls;
        size_t moff;
        tdef d = {0};

        if (*cp == '\0' || *cp == '#') {
            free(line);
            continue;
        }
        if (!split_nameval(line, &name, &value)) {
            const char *err = *cp == '=' ? "missing attribute name"
                : "missing '=' after attribute name";

            snprintf(log, sizeof(log), "%s, line %d: %s: \"%s\"", t->path,
                     at + 1, err, line);
            sayf(t, SEV_ERROR, at, true, log, "this line is not \"name = "
                 "value\" (%s), and bounce(8) stops when it starts: no "
                 "notice of any kind is sent", err);
            free(line);
            free(r.lb);
            return;             /* Postfix stops here */
        }
        /* Where Postfix's value starts in its line buffer. */
        {
            const char *vp = strchr(line, '=') + 1;

            vp += strspn(vp, " \t\n\v\f\r");
            moff = (size_t) (vp - line) + 2;
            if (strlen(vp) >= 2)
                moff += strspn(vp + 2, " \t\n\v\f\r");
        }
        free(line);
        d.name_line = at;
        if (value[0] == '<' && value[1] == '<') {
            const char *marker = value + 2 + strspn(value + 2, " \t\n\v\f\r");

            if (*marker == '\0' || !pf_alnum((unsigned char) *marker)) {
                bool missing = *marker == '\0';

                snprintf(log, sizeof(log), "%s, line %d: %s end marker "
                         "after <<", t->path, at + 1,
                         missing ? "missing" : "malformed");
                sayf(t, SEV_ERROR, at, true, log, "%s: %s: \"<<\" needs an "
                     "end marker word that starts with a letter or digit, "
                     "and bounce(8) stops when it starts: no notice of any "
                     "kind is sent", name, missing ? "no end marker"
                     : "a malformed end marker");
                free(name);
                free(value);
                free(r.lb);
                return;
            }
            bool matched = false;

            r.moved = false;

            while ((line = next_line(&r)) != NULL) {
                if (str_eq(line, marker)) {
                    free(line);
                    matched = true;
                    break;
                }
                tdef_add(&d, line, strlen(line), r.line);
                free(line);
            }
            if (r.eof) {
                /* After the buffer moved, freed memory: unknowable. */
                const char *shown = r.moved ? "..."
                    : moff < r.lb_len ? r.lb + moff : "";

                snprintf(log, sizeof(log), "%s, line %d: missing \"%s\" end "
                         "marker", t->path, r.line + 1, shown);
                sayf(t, SEV_WARNING, at, false, log, "%s: no line \"%s\" "
                     "ends this template%s", name, marker, matched ? " (the "
                     "marker is the last line, and it has no newline)"
                     : ": it runs to the end of the file, and any template "
                     "after it is part of its text");
            }
        } else {
            tdef_add(&d, value, strlen(value), at);
        }
        for (cls = 0; cls < N_CLASSES; cls++) {
            size_t n = strlen(class_name[cls]);

            if (strncmp(name, class_name[cls], n) == 0
                && str_eq(name + n, "_template"))
                break;
        }
        if (cls == N_CLASSES) {
            snprintf(log, sizeof(log), "%s, line %d: unknown template name: "
                     "%s -- ignoring this template", t->path, r.line + 1,
                     name);
            sayf(t, SEV_WARNING, at, false, log, "%s: not failure_template, "
                 "delay_template, success_template or verify_template: "
                 "Postfix ignores it", name);
            tdef_free(&d);
        } else {
            tdef_free(&defs[cls]);
            defs[cls] = d;
            defs[cls].set = true;
        }
        free(name);
        free(value);
    }
    free(r.lb);
    for (int cls = 0; cls < N_CLASSES; cls++)
        if (defs[cls].set)
            check_template(t, cls, &defs[cls]);
}

static void check_file(const lint_ctx *ctx, const rule_desc *self,
                       const char *path, const service *svc, const char *who)
{
    tctx t = {ctx, self, path, svc, who, NULL, 0, NULL, false, 0};
    char *resolved = NULL, *why = NULL, *buf = NULL;
    size_t len = 0;
    int err = 0;
    tdef defs[N_CLASSES];

    if (root_get()) {
        if ((resolved = root_resolve(path, &why)) == NULL) {
            free(why);
            return;
        }
    }
    if (safe_read_file(resolved ? resolved : path, TMPL_MAX_BYTES,
                       root_get() ? SF_NO_SYMLINK : 0, &buf, &len, &err)
        != SF_OK) {
        free(resolved);
        return;                 /* bounce(8): "fatal: open ..." */
    }
    free(resolved);
    memset(defs, 0, sizeof(defs));
    load(&t, buf, len, defs);
    for (int cls = 0; cls < N_CLASSES; cls++)
        tdef_free(&defs[cls]);
    free(buf);
}

static void who_prefix(strbuf *who, size_t k)
{
    char *rest = xstrdup(who->data + strlen("bounce ("));

    sb_reset(who);
    sb_printf(who, "bounce (service%s %s", k > 1 ? "s" : "", rest);
    free(rest);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;
    char **paths = NULL;
    size_t n_paths = 0, cap = 0;

    if (ctx->no_files || root_no_files())
        return;
    /* Each service running bounce(8) reads its bounce_template_file. */
    for (size_t i = 0; i <= m->n_services; i++) {
        const service *svc = i < m->n_services ? &m->services[i] : NULL;
        eff_value ev;
        expand_result res = {0};
        strbuf path, who;
        bool seen = false;

        if (svc == NULL && (m->master != NULL || n_paths > 0))
            break;              /* no master.cf: main.cf's scope */
        if (svc && (!svc->has_fields || !str_eq(service_daemon(svc), "bounce")))
            continue;
        ev = effective_lookup(m, svc, "bounce_template_file");
        if (ev.value == NULL || ev.value[0] == '\0')
            continue;
        sb_init(&path);
        effective_expand(m, svc, "bounce_template_file", ev.value, &path, &res);
        for (size_t j = 0; j < n_paths; j++)
            seen |= str_eq(paths[j], path.data);
        if (res.error || res.too_large || path.data[0] != '/' || seen) {
            sb_free(&path);
            expand_result_free(&res);
            continue;
        }
        expand_result_free(&res);
        /* The services that read this file, for the note. */
        sb_init(&who);
        sb_adds(&who, "bounce");
        if (svc) {
            size_t k = 0;

            for (size_t j = i; j < m->n_services; j++) {
                const service *o = &m->services[j];
                eff_value ov;
                expand_result ores = {0};
                strbuf op;

                if (!o->has_fields || !str_eq(service_daemon(o), "bounce"))
                    continue;
                ov = effective_lookup(m, o, "bounce_template_file");
                if (ov.value == NULL)
                    continue;
                sb_init(&op);
                effective_expand(m, o, "bounce_template_file", ov.value, &op,
                                 &ores);
                if (str_eq(op.data, path.data)) {
                    sb_printf(&who, "%s%s", k ? ", " : " (",
                              o->argv[MF_SERVICE].text);
                    k++;
                }
                sb_free(&op);
                expand_result_free(&ores);
            }
            if (k) {
                /* "(bounce, defer, trace)" -> "(services bounce, ...)" */
                sb_adds(&who, ")");
                who_prefix(&who, k);
            }
        }
        paths = grow_array(paths, &cap, n_paths + 1, sizeof(*paths));
        paths[n_paths++] = xstrdup(path.data);
        check_file(ctx, self, path.data, svc, who.data);
        sb_free(&path);
        sb_free(&who);
    }
    for (size_t i = 0; i < n_paths; i++)
        free(paths[i]);
    free(paths);
}

const rule_desc rule_bounce_template = {
    "bounce-template", SEV_ERROR,
    "a bounce_template_file that bounce(8) refuses or partly ignores",
    "bounce(8) reads bounce_template_file (bounce(5)) when it starts and "
    "each template when it first sends that kind of notice. A line that is "
    "not name = value, or \"<<\" without a proper end marker, stops the "
    "daemon when it starts; bad $ syntax, a $name bounce(8) does not have, "
    "or a time unit other than seconds, minutes, hours, days or weeks in "
    "$delay_warning_time_UNIT or $maximal_queue_lifetime_UNIT stops it at "
    "every notice of that kind (errors: no notice is sent). An unknown "
    "template name, an unknown or empty header, Postmaster-Subject: in a "
    "success or verify template, a template with no text, or 8-bit text "
    "with charset us-ascii make Postfix ignore the template and send its "
    "built-in one; a time that converts to 0, or to more than 999 of a "
    "unit below days, is logged each time (warnings). postlint reads the "
    "file as bounce(8) does and reports each problem at its line; "
    "`postconf -b` shows the same.",
    check,
    SEV_ALSO(SEV_WARNING)
};
