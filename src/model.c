/*
 * model.c - build the model from the ASTs.
 *
 * Interface: see model.h. main.cf: entries grouped by name, last one
 * effective. master.cf: daemon arguments normalised exactly as postconf's
 * pcf_normalize_daemon_args() does, so that --print fields and params
 * match postconf, and the -o settings collected as
 * pcf_register_user_parameters() collects them (options end at the first
 * argument that does not start with '-', or at "--").
 * No diagnostics: the rules report what they find in the model.
 */
#include "model.h"
#include "params.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const char *const master_field_names[MASTER_FIELDS] = {
    "service", "type", "private", "unprivileged", "chroot", "wakeup",
    "process_limit", "command"
};

/* ---- main.cf ---------------------------------------------------------- */

static size_t hash_name(const char *s)
{
    size_t h = 2166136261u;

    for (; *s; s++)
        h = (h ^ (unsigned char) *s) * 16777619u;
    return h;
}

/* An open-addressing index over params (slots hold index + 1). */
static void build_index(model *m)
{
    m->n_slots = 16;
    while (m->n_slots < 2 * m->n_params)
        m->n_slots *= 2;
    m->slots = xcalloc(m->n_slots, sizeof(*m->slots));
    for (size_t i = 0; i < m->n_params; i++) {
        size_t h = hash_name(m->params[i].name) & (m->n_slots - 1);

        while (m->slots[h])
            h = (h + 1) & (m->n_slots - 1);
        m->slots[h] = i + 1;
    }
}

/* By name, then file order (entries sit in one array, in file order). */
static int compare_entries(const void *a, const void *b)
{
    const mc_entry *const *x = a, *const *y = b;
    int c = strcmp((*x)->name, (*y)->name);

    if (c != 0)
        return c;
    return *x < *y ? -1 : *x > *y;
}

static void build_main(model *m)
{
    const maincf_ast *ast = m->main;
    const mc_entry **sorted;
    size_t n = 0;

    if (ast == NULL)
        return;
    sorted = xmalloc((ast->n_entries + 1) * sizeof(*sorted));
    for (size_t i = 0; i < ast->n_entries; i++)
        if (ast->entries[i].kind == LL_ENTRY)
            sorted[n++] = &ast->entries[i];
    qsort(sorted, n, sizeof(*sorted), compare_entries);
    m->params = xcalloc(n + 1, sizeof(*m->params));
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        main_param *p = &m->params[m->n_params++];

        while (j < n && str_eq(sorted[j]->name, sorted[i]->name))
            j++;
        p->name = sorted[i]->name;
        p->n_entries = j - i;
        p->entries = sorted + i;
        p->entry = sorted[j - 1];
        p->info = param_lookup(p->name);
        i = j;
    }
    m->sorted_entries = sorted;
    build_index(m);
}

const main_param *model_main_param(const model *m, const char *name)
{
    if (m->n_params == 0)
        return NULL;
    for (size_t h = hash_name(name) & (m->n_slots - 1); m->slots[h];
         h = (h + 1) & (m->n_slots - 1))
        if (str_eq(m->params[m->slots[h] - 1].name, name))
            return &m->params[m->slots[h] - 1];
    return NULL;
}

span mc_value_span_at(const mc_entry *e, size_t value_off, size_t len)
{
    span sp = e->value_sp;
    size_t i = 0, src_off;

    if (e->n_seg == 0) {
        src_off = e->value_sp.off + value_off;
    } else {
        while (i + 1 < e->n_seg && e->seg_val[i + 1] <= value_off)
            i++;
        src_off = e->seg_src[i] + (value_off - e->seg_val[i]);
    }
    sp.off = src_off;
    source_position(sp.src, src_off, &sp.line, &sp.col);
    sp.end_off = src_off + (len ? len : 1);
    if (sp.end_off > e->value_sp.end_off)
        sp.end_off = e->value_sp.end_off > src_off ? e->value_sp.end_off
            : src_off;
    sp.end_line = sp.line;
    sp.end_col = sp.col + (int) (sp.end_off - sp.off);
    return sp;
}

/* ---- master.cf -------------------------------------------------------- */

static void argv_insert(service *s, size_t *cap, size_t at, char *text,
                        span sp)
{
    s->argv = grow_array(s->argv, cap, s->argc + 1, sizeof(*s->argv));
    memmove(&s->argv[at + 1], &s->argv[at],
            (s->argc - at) * sizeof(*s->argv));
    s->argv[at].text = text;
    s->argv[at].sp = sp;
    s->argc++;
}

/* A sub-span of a word: bytes [from, to) of its text (exact when the word
 * does not cross a line; otherwise the start of the word is kept). */
static span word_subspan(const svc_word *w, size_t from, size_t to)
{
    span sp = w->sp;

    if (sp.line != sp.end_line)
        return sp;
    sp.off += from;
    sp.col += (int) from;
    sp.end_off = w->sp.off + to;
    sp.end_col = w->sp.col + (int) to;
    return sp;
}

/* extpar(..., EXTPAR_FLAG_STRIP): "{ text }" becomes "text". */
static void extract_braces(svc_word *w)
{
    size_t len = strlen(w->text), level = 0, close = 0, start, end;

    for (size_t i = 0; i < len; i++) {
        if (w->text[i] == '{') {
            level++;
        } else if (w->text[i] == '}' && --level == 0) {
            close = i;
            break;
        }
    }
    start = 1;
    end = close ? close : len;      /* a missing '}' runs to the end */
    while (start < end && pf_isspace((unsigned char) w->text[start]))
        start++;
    while (end > start && pf_isspace((unsigned char) w->text[end - 1]))
        end--;
    w->sp = word_subspan(w, start, end);
    memmove(w->text, w->text + start, end - start);
    w->text[end - start] = '\0';
}

bool split_nameval(const char *text, char **name, char **value)
{
    const char *np = text, *ep, *cp, *vp, *end;

    while (*np && pf_isspace((unsigned char) *np))
        np++;
    if (*np == '\0' || *np == '=')
        return false;
    for (ep = np; *ep && !pf_isspace((unsigned char) *ep) && *ep != '='; ep++)
        ;
    for (cp = ep; *cp && pf_isspace((unsigned char) *cp); cp++)
        ;
    if (*cp != '=')
        return false;
    for (vp = cp + 1; *vp && pf_isspace((unsigned char) *vp); vp++)
        ;
    end = vp + strlen(vp);
    while (end > vp && pf_isspace((unsigned char) end[-1]))
        end--;
    *name = xstrndup(np, (size_t) (ep - np));
    *value = xstrndup(vp, (size_t) (end - vp));
    return true;
}

static void normalize_args(service *s, size_t *cap)
{
    size_t field;

    for (field = MASTER_FIELDS; field < s->argc; field++) {
        char *arg = s->argv[field].text;
        bool extract, lone;

        if (arg[0] != '-' || str_eq(arg, "--"))
            break;
        /* A lone "-": postconf looks its letter up with strchr("o", ...),
         * which finds the terminating NUL, so "-" takes the next argument
         * as its value ("- -o x=y" sets nothing; postconf -P agrees).
         * arg + 2 would be past its end: go straight to the value. */
        lone = arg[1] == '\0';
        /* "-stuffozz" becomes "-stuff" "-ozz". */
        for (char *cp = arg + 2; !lone && *cp; cp++) {
            if (*cp == 'o') {
                size_t at = (size_t) (cp - arg);

                argv_insert(s, cap, field + 1, xasprintf("-%s", cp),
                            word_subspan(&s->argv[field], at - 1,
                                         strlen(arg)));
                arg = s->argv[field].text;
                arg[at] = '\0';
                s->argv[field].sp = word_subspan(&s->argv[field], 0, at);
                break;
            }
        }
        if (!lone && arg[1] != 'o')
            continue;
        if (!lone && arg[2] != '\0') {
            /* "-oname=value" becomes "-o" "name=value". */
            argv_insert(s, cap, field + 1, xstrdup(arg + 2),
                        word_subspan(&s->argv[field], 2, strlen(arg)));
            s->argv[field].text[2] = '\0';
            s->argv[field].sp = word_subspan(&s->argv[field], 0, 2);
            field++;
            extract = s->argv[field].text[0] == '{';
        } else if (field + 1 < s->argc) {
            field++;
            extract = s->argv[field].text[0] == '{';
        } else {
            extract = false;
        }
        if (extract) {
            char *name, *value;

            extract_braces(&s->argv[field]);
            if (split_nameval(s->argv[field].text, &name, &value)) {
                free(s->argv[field].text);
                s->argv[field].text = xasprintf("%s=%s", name, value);
                free(name);
                free(value);
            }
        }
    }
    for (; field < s->argc; field++)
        if (s->argv[field].text[0] == '{')
            extract_braces(&s->argv[field]);
}

static void collect_options(service *s)
{
    size_t cap = 0;

    for (size_t f = MASTER_FIELDS; f < s->argc; f++) {
        const char *arg = s->argv[f].text;
        char *name, *value;

        if (arg[0] != '-' || str_eq(arg, "--"))
            break;
        if (arg[1] == '\0') {      /* "-" and its value (normalize_args) */
            f++;
            continue;
        }
        if (arg[1] != 'o' || f + 1 >= s->argc)
            continue;
        if (str_eq(arg, "-o")
            && split_nameval(s->argv[f + 1].text, &name, &value)) {
            svc_option *o;

            s->opts = grow_array(s->opts, &cap, s->n_opts + 1,
                                 sizeof(*s->opts));
            o = &s->opts[s->n_opts++];
            o->name = name;
            o->value = value;
            o->sp = s->argv[f + 1].sp;
            o->opt_sp = s->argv[f].sp;
        }
        f++;
    }
}

static void build_master(model *m)
{
    const mastercf_ast *ast = m->master;

    if (ast == NULL)
        return;
    m->services = xcalloc(ast->n_entries + 1, sizeof(*m->services));
    for (size_t i = 0; i < ast->n_entries; i++) {
        const ms_entry *e = &ast->entries[i];
        service *s;
        size_t cap = 0;

        if (e->kind != LL_ENTRY)
            continue;
        s = &m->services[m->n_services++];
        s->entry = e;
        s->has_fields = e->n_words >= MASTER_FIELDS;
        s->argv = grow_array(NULL, &cap, e->n_words + 1, sizeof(*s->argv));
        for (size_t w = 0; w < e->n_words; w++) {
            s->argv[w].text = xstrdup(e->words[w].text);
            s->argv[w].sp = e->words[w].sp;
        }
        s->argc = e->n_words;
        if (s->has_fields) {
            normalize_args(s, &cap);
            collect_options(s);
        }
    }
}

model *model_build(const maincf_ast *main, const mastercf_ast *master,
                   pf_version version)
{
    model *m = xcalloc(1, sizeof(*m));

    m->main = main;
    m->master = master;
    m->version = version;
    build_main(m);
    build_master(m);
    return m;
}

void model_free(model *m)
{
    if (m == NULL)
        return;
    if (m->cache_free)
        m->cache_free(m->cache);
    free(m->params);
    free(m->sorted_entries);
    free(m->slots);
    for (size_t i = 0; i < m->n_services; i++) {
        service *s = &m->services[i];

        for (size_t a = 0; a < s->argc; a++)
            free(s->argv[a].text);
        for (size_t o = 0; o < s->n_opts; o++) {
            free(s->opts[o].name);
            free(s->opts[o].value);
        }
        free(s->argv);
        free(s->opts);
    }
    free(m->services);
    free(m);
}
