/*
 * attr_override.c - Postfix's "{ server, name=value ... }" lists (see
 * attr_override.h). The names and their checks are those of Postfix
 * 3.7.11: smtpd_check.c policy_client_register() (the
 * smtpd_policy_service_* names without the prefix) and milter.c
 * milter_new() (the milter_* names without the prefix); times are read
 * by conv_time() with unit s and must be at least 1s, try_limit at least
 * 1, strings non-empty.
 */
#include "attr_override.h"
#include "listtok.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef enum { OV_TIME, OV_INT, OV_STR } ov_kind;

typedef struct ov_attr {
    const char *name;
    ov_kind kind;
    int min;
    pf_version since;
} ov_attr;

/* smtpd_check.c: the smtpd_policy_service_* names without the prefix. */
static const ov_attr policy_attrs[] = {
    {"timeout", OV_TIME, 1, {3, 0, 0}},
    {"max_idle", OV_TIME, 1, {3, 0, 0}},
    {"max_ttl", OV_TIME, 1, {3, 0, 0}},
    {"retry_delay", OV_TIME, 1, {3, 0, 0}},
    {"request_limit", OV_INT, 0, {3, 0, 0}},
    {"try_limit", OV_INT, 1, {3, 0, 0}},
    {"default_action", OV_STR, 1, {3, 0, 0}},
    {"policy_context", OV_STR, 1, {3, 1, 0}},
    {NULL, OV_STR, 0, {0, 0, 0}}
};

/* milter.c: the milter_* names without the prefix. */
static const ov_attr milter_attrs[] = {
    {"connect_timeout", OV_TIME, 1, {3, 0, 0}},
    {"command_timeout", OV_TIME, 1, {3, 0, 0}},
    {"content_timeout", OV_TIME, 1, {3, 0, 0}},
    {"protocol", OV_STR, 1, {3, 0, 0}},
    {"default_action", OV_STR, 1, {3, 0, 0}},
    {NULL, OV_STR, 0, {0, 0, 0}}
};

/* Postfix's balpar(): the length of the balanced "{...}" at s, or 0. */
size_t ovr_group_len(const char *s)
{
    size_t level = 1;

    if (*s != '{')
        return 0;
    for (const char *cp = s + 1; *cp; cp++) {
        if (*cp == '}' && --level == 0)
            return (size_t) (cp - s + 1);
        if (*cp == '{')
            level++;
    }
    return 0;
}

/* Postfix's extpar() on the group at *tok (modified in place as extpar
 * does: *tok moves past the '{', the '}' is cut). Returns its error
 * text ("missing '}' in ...", "syntax error after '}' in ...") or NULL;
 * strip: EXTPAR_FLAG_STRIP (blanks next to the braces go). */
char *ovr_extpar(char **tok, bool strip)
{
    char *cp = *tok, *err = NULL;
    size_t len = ovr_group_len(cp);

    if (len == 0) {
        err = xasprintf("missing '}' in \"%s\"", cp);
        cp += 1;
    } else {
        if (cp[len] != '\0')
            err = xasprintf("syntax error after '}' in \"%s\"", cp);
        cp += 1;
        cp[len - 2] = '\0';
    }
    if (strip) {
        size_t n = strlen(cp);

        while (n > 0 && pf_isspace((unsigned char) cp[n - 1]))
            cp[--n] = '\0';
        while (pf_isspace((unsigned char) *cp))
            cp++;
    }
    *tok = cp;
    return err;
}

/* Postfix's split_nameval() error text, or NULL (then *name, *value
 * point into text, which is modified). */
const char *ovr_nameval(char *text, char **name, char **value)
{
    char *np = text, *ep, *cp, *vp;
    size_t n;

    while (pf_isspace((unsigned char) *np))
        np++;
    if (*np == '\0' || *np == '=')
        return "missing attribute name";
    for (ep = np; *ep && !pf_isspace((unsigned char) *ep) && *ep != '='; ep++)
        ;
    for (cp = ep; pf_isspace((unsigned char) *cp); cp++)
        ;
    if (*cp != '=')
        return "missing '=' after attribute name";
    *ep = '\0';
    for (vp = cp + 1; pf_isspace((unsigned char) *vp); vp++)
        ;
    n = strlen(vp);
    while (n > 0 && pf_isspace((unsigned char) vp[n - 1]))
        vp[--n] = '\0';
    *name = np;
    *value = vp;
    return NULL;
}

/* Postfix's conv_time() with default unit 's'. */
static bool time_value(const char *v, long *secs)
{
    char *end;
    long n, mult;

    errno = 0;
    n = strtol(v, &end, 10);
    if (*v == '\0' || errno == ERANGE || n < 0 || n > INT_MAX)
        return false;
    switch (*end ? *end : 's') {
    case 'w': mult = 7 * 24 * 3600; break;
    case 'd': mult = 24 * 3600; break;
    case 'h': mult = 3600; break;
    case 'm': mult = 60; break;
    case 's': mult = 1; break;
    default: return false;
    }
    if (mult > 1 && n >= INT_MAX / mult)
        return false;
    *secs = n * mult;
    return true;
}

/* Postfix's attr_override() on the settings text (after the server):
 * the fatal message of the first setting it refuses, or NULL; *what
 * says in words what is wrong. */
static char *judge_settings(const char *text, const ov_attr *tab,
                            pf_version v, char **what)
{
    list_tokens items = {0};
    char *fatal = NULL;

    list_split(text, strlen(text), LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n && fatal == NULL; i++) {
        char *copy = xstrndup(items.items[i].text, items.items[i].len);
        char *nv = copy, *name, *value, *err;
        const char *e;
        const ov_attr *a;

        if (*nv == '{' && (err = ovr_extpar(&nv, false)) != NULL) {
            fatal = xasprintf("%s in \"%s\"", err, nv);
            *what = xasprintf("the setting \"%.*s\" has unbalanced braces",
                              (int) (items.items[i].len > 40 ? 40 : items.items[i].len), items.items[i].text);
            free(err);
        } else if ((e = ovr_nameval(nv, &name, &value)) != NULL) {
            fatal = xasprintf("malformed option: %s: \"...%s...\"", e, nv);
            *what = xasprintf("\"%.40s\" is not name=value", nv);
        } else {
            for (a = tab; a->name; a++)
                if (strcmp(a->name, name) == 0
                    && version_cmp(v, a->since) >= 0)
                    break;
            if (a->name == NULL) {
                fatal = xasprintf("unknown option: \"%s = %s\"", name, value);
                *what = xasprintf("it has no setting \"%.40s\"", name);
            } else if (a->kind == OV_STR && *value == '\0') {
                fatal = xasprintf("bad string length 0 < 1: %s = ", name);
                *what = xasprintf("%.40s is empty", name);
            } else if (a->kind == OV_INT) {
                char *end;
                long n;

                errno = 0;
                n = strtol(value, &end, 10);
                if (*value == '\0' || *end != '\0' || errno == ERANGE
                    || n != (int) n) {
                    fatal = xasprintf("bad numerical configuration: %s = %s",
                                      name, value);
                    *what = xasprintf("%.40s = %.40s is not a whole number",
                                      name, value);
                } else if (n < a->min) {
                    fatal = xasprintf("invalid %s parameter value %ld < %d",
                                      name, n, a->min);
                    *what = xasprintf("%.40s = %.40s is below %d", name, value,
                                      a->min);
                }
            } else if (a->kind == OV_TIME) {
                long secs;

                if (!time_value(value, &secs)) {
                    fatal = xasprintf("%s: bad time value or unit: %s",
                                      name, value);
                    *what = xasprintf("%.40s = %.40s is not a time (a number with "
                                      "s, m, h, d or w)", name, value);
                } else if (secs < a->min) {
                    fatal = xasprintf("invalid %s: %ld (min %d)", name, secs,
                                      a->min);
                    *what = xasprintf("%.40s = %.40s is below %ds", name, value,
                                      a->min);
                }
            }
        }
        free(copy);
    }
    list_tokens_free(&items);
    return fatal;
}

/* A server with settings, "{ server, name=value ... }": the fatal message
 * of the program, or NULL. kind: "milter" or "policy". */
char *ovr_judge_group(const char *spec, const char *whole, ovr_kind kind,
                      pf_version v, char **what)
{
    char *copy = xstrdup(spec), *op = copy, *err, *fatal = NULL;
    bool milter = kind == OVR_MILTER;
    const ov_attr *tab = milter ? milter_attrs : policy_attrs;
    size_t n;

    if ((err = ovr_extpar(&op, false)) != NULL) {
        fatal = milter ? xasprintf("milter service syntax error: %s", err)
            : xasprintf("policy service syntax error: %s", op);
        *what = xstrdup(strstr(err, "missing") == err
                        ? "its \"{\" is not closed"
                        : "text follows its \"}\"");
        free(err);
    } else {
        op += strspn(op, LIST_SEPARATORS);
        if (*op == '\0') {
            fatal = milter ? xasprintf("empty milter definition: \"%s\"", whole)
                : xasprintf("empty policy service: \"%s\"", spec);
            *what = xasprintf("it names no %.40s", milter ? "milter" : "server");
        } else {
            n = strcspn(op, LIST_SEPARATORS);
            op += n;
            if (*op)
                op++;
            fatal = judge_settings(op, tab, v, what);
        }
    }
    free(copy);
    return fatal;
}

