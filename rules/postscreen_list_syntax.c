/*
 * postscreen_list_syntax.c - rule "postscreen-list-syntax": a
 * postscreen_dnsbl_sites entry postscreen cannot parse, or a word of
 * postscreen_access_list (or of a result of a table in it) that
 * postscreen does not know.
 *
 * postscreen_dnsbl_sites (psc_dnsbl_add_site(), postscreen_dnsbl.c,
 * 2.8 to 3.11): each entry, split on ", \t\r\n", is
 * domain[=filter][*weight]. The text after the first '*' must be one
 * integer (sscanf "%d%c" == 1), the text after the first '=' an IPv4
 * reply pattern (ip_match_parse(): four fields, each 0..255 or
 * [n;n..m]), and what is left a host name (valid_hostname()). Each is a
 * fatal error when postscreen starts: nothing answers on the port
 * (error).
 *
 * postscreen_access_list (server_acl.c, 2.8 to 3.11): the words are
 * permit_mynetworks, permit, reject, dunno (without case) and type:table.
 * Another word is logged as "unknown command" when a client reaches it,
 * and the rest of the list is ignored for that client (a warning).
 * Words after permit, reject or dunno are never reached. A table's
 * result is a list of the same words, except that it may not name a
 * table ("lookup result ... is not allowed"). postlint reads the results
 * of cidr: and texthash: tables and of the sources of indexed tables.
 */
#include "rule.h"
#include "effective.h"
#include "listtok.h"
#include "params.h"
#include "table.h"
#include "table_file.h"
#include "table_refs.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- postscreen_dnsbl_sites -------------------------------------------- */

/* ip_match_next_token(): an octet (ERR when > 255), a byte, or 0. */
enum { T_OVAL = 256, T_ERR = 257 };

static int next_token(const char **pcp, const char **saved, int *oval)
{
    const char *cp = *pcp;

    *saved = cp;
    if (*cp >= '0' && *cp <= '9') {
        int v = *cp - '0', type = T_OVAL;

        for (cp++; *cp >= '0' && *cp <= '9'; cp++) {
            v = v * 10 + (*cp - '0');
            if (v > 255) {
                type = T_ERR;
                v = 256;        /* (no overflow; the value is not used) */
            }
        }
        *oval = v;
        *pcp = cp;
        return type;
    }
    *pcp = *cp ? cp + 1 : cp;
    return (unsigned char) *cp;
}

/* ip_match_parse()'s message, or NULL when pattern is good. */
static char *filter_error(const char *pattern_in)
{
    char *copy = xstrdup(pattern_in), *pattern = copy, *err = NULL;
    const char *cp, *saved = NULL;
    int octets = 0, oval, saved_oval, tok, look;

#define PERR(fmt) do { \
        err = xasprintf(fmt " at \"%.*s>%.*s<%s\"", \
                        (int) (saved - pattern), pattern, \
                        (int) (cp - saved), saved, cp); \
        goto done; \
    } while (0)

    if (*pattern == '[') {
        int level = 0;
        char *e;

        for (e = pattern; *e; e++) {
            if (*e == '[')
                level++;
            if (*e != ']')
                continue;
            if (--level == 0)
                break;
        }
        if (*e == '\0') {
            err = xstrdup("missing \"]\" character");
            goto done;
        }
        if (e[1] == '\0') {
            *e = '\0';
            pattern++;
        }
    }
    if (*pattern == '\0') {
        err = xstrdup("empty address pattern");
        goto done;
    }
    cp = pattern;
    for (;;) {
        tok = next_token(&cp, &saved, &oval);
        if (tok == '[') {
            for (;;) {
                tok = next_token(&cp, &saved, &oval);
                if (tok != T_OVAL)
                    PERR("need decimal number 0..255");
                saved_oval = oval;
                look = next_token(&cp, &saved, &oval);
                if (look == '.') {
                    if (next_token(&cp, &saved, &oval) == '.'
                        && next_token(&cp, &saved, &oval) == T_OVAL
                        && saved_oval <= oval)
                        look = next_token(&cp, &saved, &oval);
                    else
                        PERR("numeric range error");
                }
                if (look == ';')
                    continue;
                if (look == ']')
                    break;
                PERR("need \";\" or \"]\"");
            }
        } else if (tok != T_OVAL) {
            PERR("need decimal number 0..255 or \"[\"");
        }
        if (++octets == 4) {
            if (*cp) {
                (void) next_token(&cp, &saved, &oval);
                PERR("garbage after pattern");
            }
            goto done;
        }
        if (next_token(&cp, &saved, &oval) != '.')
            PERR("need \".\"");
    }
#undef PERR
  done:
    free(copy);
    return err;
}

static bool pf_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z');
}

/* valid_hostname() without wildcards. */
static bool valid_hostname(const char *name)
{
    size_t label = 0;
    bool non_numeric = false;
    const char *cp;

    if (*name == '\0')
        return false;
    for (cp = name; *cp; cp++) {
        if (pf_alnum((unsigned char) *cp) || *cp == '_') {
            if (++label > 63)
                return false;
            if (*cp < '0' || *cp > '9')
                non_numeric = true;
        } else if (*cp == '.') {
            if (label == 0 || cp[1] == '\0')
                return false;
            label = 0;
        } else if (*cp == '-') {
            non_numeric = true;
            if (++label == 1 || cp[1] == '\0' || cp[1] == '.')
                return false;
        } else {
            return false;
        }
    }
    return non_numeric && cp - name <= 255;
}

/* sscanf(text, "%d%c", ...) == 1 */
static bool one_integer(const char *text)
{
    int weight;
    char junk;

    return sscanf(text, "%d%c", &weight, &junk) == 1;
}

/* Postfix's fatal message for one site, or NULL. */
static char *site_error(const char *site)
{
    char *copy = xstrdup(site), *star, *eq, *err = NULL, *why;

    if ((star = strchr(copy, '*')) != NULL) {
        *star++ = '\0';
        if (!one_integer(star)) {
            err = xasprintf("bad DNSBL weight factor \"%s\" in \"%s\"",
                            star, site);
            goto done;
        }
    }
    if ((eq = strchr(copy, '=')) != NULL) {
        *eq++ = '\0';
        if ((why = filter_error(eq)) != NULL) {
            err = xasprintf("bad DNSBL filter syntax: %s", why);
            free(why);
            goto done;
        }
    }
    if (!valid_hostname(copy))
        err = xasprintf("bad DNSBL domain name \"%s\" in \"%s\"", copy,
                        site);
  done:
    free(copy);
    return err;
}

/* ---- postscreen_access_list -------------------------------------------- */

static bool acl_word(const char *w, size_t n, const char *k)
{
    return strlen(k) == n && strncasecmp(w, k, n) == 0;
}

/* The first word of list (a table result when in_table) postscreen
 * rejects, or NULL; *msg what Postfix logs. origin: the parameter or
 * the table. */
static const char *acl_problem(const char *list, bool in_table,
                               const char *origin, size_t *len, char **msg)
{
    list_tokens words = {0};
    const char *bad = NULL;

    list_split(list, strlen(list), LIST_SEPARATORS, true, &words);
    /* A table result is parsed first: a table name in it is refused. */
    for (size_t i = 0; in_table && i < words.n && bad == NULL; i++)
        if (memchr(words.items[i].text, ':', words.items[i].len)) {
            bad = words.items[i].text;
            *len = words.items[i].len;
            *msg = xasprintf("table %s: lookup result \"%.*s\" is not "
                             "allowed -- ignoring remainder of access list",
                             origin, (int) *len, bad);
        }
    for (size_t i = 0; i < words.n && bad == NULL; i++) {
        const char *w = words.items[i].text;
        size_t n = words.items[i].len;

        if (memchr(w, ':', n))
            continue;           /* a table */
        if (acl_word(w, n, "permit") || acl_word(w, n, "reject")
            || acl_word(w, n, "dunno"))
            break;              /* the rest is never reached */
        if (acl_word(w, n, "permit_mynetworks"))
            continue;
        *msg = xasprintf("%s: unknown command: %.*s -- ignoring the "
                         "remainder of this access list", origin, (int) n,
                         w);
        bad = w;
        *len = n;
    }
    list_tokens_free(&words);
    return bad;
}

static void check_acl_table(const lint_ctx *ctx, const rule_desc *self,
                            const table_ref *r)
{
    table_file tf;
    const char *text, *why;
    int line, err, found = 0;
    bool cidr = str_eq(r->type, "cidr");

    if (!table_file_open(&tf, r->name, &why, &err))
        return;
    while ((text = table_file_next(&tf, &line)) != NULL && found < 50) {
        size_t n = strcspn(text, " \t"), len;
        const char *value = text + n + strspn(text + n, " \t");
        char *msg = NULL, *vcopy;
        span sp;

        if (cidr && (acl_word(text, n, "if") || acl_word(text, n, "endif")))
            continue;
        if (*value == '\0')
            continue;           /* table-syntax's business */
        vcopy = xstrdup(value);
        for (size_t k = strlen(vcopy); k > 0 && pf_isspace(vcopy[k - 1]);)
            vcopy[--k] = '\0';
        if (acl_problem(vcopy, true, r->text, &len, &msg)) {
            memset(&sp, 0, sizeof(sp));
            sp.src = table_source(r->name);
            sp.line = sp.end_line = line;
            sp.col = sp.end_col = 1;
            report_sev(ctx, self, SEV_WARNING, &sp, "a result of %s in "
                       "postscreen_access_list that postscreen cannot use: "
                       "for these clients the rest of the list is ignored"
                       DIAG_NOTE " postscreen of Postfix %s logs \"warning: "
                       "%s\"; the result may be permit, reject, dunno or "
                       "permit_mynetworks", r->text, ctx->version_text, msg);
            found++;
        }
        free(msg);
        free(vcopy);
    }
    table_file_close(&tf);
}

/* ---- the settings --------------------------------------------------------- */

static bool reaches(const lint_ctx *ctx, const setting *st)
{
    const param_info *p = param_lookup(st->name);

    return p && param_builtin_in(p, ctx->version)
        && setting_reaches(ctx->m, st->svc, p, "postscreen");
}

static void check_setting(const lint_ctx *ctx, const rule_desc *self,
                          const setting *st)
{
    bool dnsbl = str_eq(st->name, "postscreen_dnsbl_sites");
    expand_result res = {0};
    strbuf value;

    if (!(dnsbl || str_eq(st->name, "postscreen_access_list"))
        || !reaches(ctx, st))
        return;
    sb_init(&value);
    effective_expand(ctx->m, st->svc, st->name, st->value, &value, &res);
    if (!res.error && !res.too_large && value.data) {
        if (dnsbl) {
            list_tokens sites = {0};

            list_split(value.data, value.len, LIST_SEPARATORS, false,
                       &sites);
            for (size_t i = 0; i < sites.n; i++) {
                char *site = xstrndup(sites.items[i].text,
                                      sites.items[i].len);
                char *msg = site_error(site);

                if (msg)
                    report_sev(ctx, self, SEV_ERROR, st->sp,
                               "postscreen_dnsbl_sites entry \"%s\" is not "
                               "domain[=filter][*weight]" DIAG_NOTE
                               " postscreen of Postfix %s stops with "
                               "\"fatal: %s\" when it starts, and nothing "
                               "answers on its port", site,
                               ctx->version_text, msg);
                free(msg);
                free(site);
            }
            list_tokens_free(&sites);
        } else {
            size_t len;
            char *msg = NULL;
            const char *bad = acl_problem(value.data, false, st->name, &len,
                                          &msg);

            if (bad)
                report_sev(ctx, self, SEV_WARNING, st->sp,
                           "postscreen_access_list word \"%.*s\" is not "
                           "permit_mynetworks, permit, reject, dunno or "
                           "type:table" DIAG_NOTE " postscreen of Postfix %s "
                           "logs \"warning: %s\" for each client that gets "
                           "there, and the rest of the list is ignored",
                           (int) len, bad, ctx->version_text, msg);
            free(msg);
        }
    }
    sb_free(&value);
    expand_result_free(&res);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const table_refs *t = ctx->tables;

    each_setting(ctx, self, check_setting);
    if (ctx->no_files || !programs_in_use(ctx->m, "postscreen"))
        return;
    for (size_t i = 0; i < t->n; i++) {
        const table_ref *r = &t->refs[i];
        bool dup = false;

        if (!str_eq(r->param, "postscreen_access_list") || r->name[0] != '/'
            || !(str_eq(r->type, "cidr") || str_eq(r->type, "texthash")
                 || table_built_suffix(r->type)))
            continue;
        for (size_t j = 0; j < i; j++)
            dup |= str_eq(t->refs[j].text, r->text)
                && str_eq(t->refs[j].param, r->param);
        if (!dup)
            check_acl_table(ctx, self, r);
    }
}

const rule_desc rule_postscreen_list_syntax = {
    "postscreen-list-syntax", SEV_ERROR,
    "a postscreen_dnsbl_sites or postscreen_access_list entry postscreen "
    "cannot use",
    "postscreen stops at start-up when a postscreen_dnsbl_sites entry is "
    "not domain[=filter][*weight]: a weight that is not an integer, a "
    "reply filter that is not an IPv4 pattern such as 127.0.0.[2..11], or "
    "a domain that is not a host name. In postscreen_access_list, and in "
    "what its tables return, a word other than permit_mynetworks, "
    "permit, reject, dunno or type:table (a table may not return a table) "
    "is logged for each client that reaches it, and the rest of the list "
    "is ignored.",
    check,
    SEV_ALSO(SEV_WARNING)
};
