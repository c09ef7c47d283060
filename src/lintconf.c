/*
 * lintconf.c - read postlint.conf and apply it to the findings.
 *
 * Interface: see lintconf.h. The file is small and read whole through
 * source_read() (same limits and refusals as main.cf). Diagnostics: none;
 * errors are returned as one line naming file and line.
 */
#include "lintconf.h"
#include "rule.h"

#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
    char *end;

    while (pf_isspace(*s))
        s++;
    end = s + strlen(s);
    while (end > s && pf_isspace(end[-1]))
        *--end = '\0';
    return s;
}

static bool known_rule(const char *id, const char *path, int line,
                       char **why)
{
    if (rule_find(id))
        return true;
    *why = xasprintf("%s:%d: no rule \"%s\" (postlint --list-rules lists "
                     "them)", path, line, id);
    return false;
}

static bool add_disabled(lintconf *c, char *list, int line, char **why)
{
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        char *id = trim(tok);

        if (!*id)
            continue;
        if (!known_rule(id, c->path, line, why))
            return false;
        c->disabled = grow_array(c->disabled, &c->cap_disabled,
                                 c->n_disabled + 1, sizeof(char *));
        c->disabled[c->n_disabled++] = xstrdup(id);
    }
    return true;
}

static bool add_severity(lintconf *c, const char *id, const char *value,
                         int line, char **why)
{
    severity sev = SEV_INFO;
    bool off = str_eq(value, "off");

    if (!known_rule(id, c->path, line, why))
        return false;
    if (!off && !severity_parse(value, &sev)) {
        *why = xasprintf("%s:%d: severity.%s takes error, warning, info or "
                         "off, not \"%s\"", c->path, line, id, value);
        return false;
    }
    if (off) {
        char *copy = xstrdup(id);
        bool ok = add_disabled(c, copy, line, why);

        free(copy);
        return ok;
    }
    c->sevs = grow_array(c->sevs, &c->cap_sevs, c->n_sevs + 1,
                         sizeof(*c->sevs));
    c->sevs[c->n_sevs].rule = xstrdup(id);
    c->sevs[c->n_sevs++].sev = sev;
    return true;
}

static bool parse_line(lintconf *c, char *text, int line, char **why)
{
    char *eq = strchr(text, '='), *key, *value;

    text = trim(text);
    if (!*text || *text == '#')
        return true;
    if (eq == NULL) {
        *why = xasprintf("%s:%d: expected \"key = value\"", c->path, line);
        return false;
    }
    *eq = '\0';
    key = trim(text);
    value = trim(eq + 1);
    if (str_eq(key, "disable"))
        return add_disabled(c, value, line, why);
    if (str_starts(key, "severity."))
        return add_severity(c, key + 9, value, line, why);
    if (str_eq(key, "fail-on")) {
        if (severity_parse(value, &c->fail_on)) {
            c->has_fail_on = true;
            return true;
        }
        *why = xasprintf("%s:%d: fail-on takes error, warning or info, not "
                         "\"%s\"", c->path, line, value);
        return false;
    }
    *why = xasprintf("%s:%d: unknown setting \"%s\" (postlint.conf knows "
                     "disable, severity.RULE and fail-on)", c->path, line,
                     key);
    return false;
}

bool lintconf_parse(lintconf *conf, const char *name, const char *text,
                    char **why)
{
    char *copy = xstrdup(text);
    bool ok = true;
    int line = 0;

    memset(conf, 0, sizeof(*conf));
    conf->path = xstrdup(name);
    for (char *p = copy; ok && *p;) {
        char *nl = strchr(p, '\n');

        if (nl)
            *nl = '\0';
        line++;
        ok = parse_line(conf, p, line, why);
        p = nl ? nl + 1 : p + strlen(p);
    }
    free(copy);
    return ok;
}

bool lintconf_read(lintconf *conf, const char *path, char **why)
{
    bool missing, ok;
    source *src = source_read(path, path, why, &missing);

    if (src == NULL) {
        memset(conf, 0, sizeof(*conf));
        conf->path = xstrdup(path);
        return false;
    }
    ok = lintconf_parse(conf, path, src->text, why);
    source_free(src);
    return ok;
}

static bool is_disabled(const lintconf *c, const char *rule)
{
    for (size_t i = 0; i < c->n_disabled; i++)
        if (str_eq(c->disabled[i], rule))
            return true;
    return false;
}

void lintconf_apply(const lintconf *conf, diag_set *diags)
{
    size_t kept = 0;

    for (size_t i = 0; i < diags->n; i++) {
        diagnostic *d = &diags->items[i];

        if (is_disabled(conf, d->rule)) {
            free(d->message);
            free(d->fix.replacement);
            continue;
        }
        for (size_t k = 0; k < conf->n_sevs; k++)
            if (str_eq(conf->sevs[k].rule, d->rule))
                d->sev = conf->sevs[k].sev;
        diags->items[kept++] = *d;
    }
    diags->n = kept;
}

void lintconf_free(lintconf *conf)
{
    for (size_t i = 0; i < conf->n_disabled; i++)
        free(conf->disabled[i]);
    for (size_t i = 0; i < conf->n_sevs; i++)
        free(conf->sevs[i].rule);
    free(conf->disabled);
    free(conf->sevs);
    free(conf->path);
    memset(conf, 0, sizeof(*conf));
}
