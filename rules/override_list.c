/*
 * override_list.c - rule "override-list": a "{ ... }" list of name=value
 * settings that the Postfix program refuses.
 *
 * From Postfix 3.0 a policy server and a milter can carry settings of
 * their own:
 *   check_policy_service { inet:host:port, timeout=10s, default_action=DUNNO }
 *   smtpd_milters = { inet:host:port, connect_timeout=10s, protocol=6 }
 * and from 3.5 check_ccert_access takes a table with a search order:
 *   check_ccert_access { hash:/etc/postfix/ccerts, { search_order = cert_fingerprint } }
 * milter_macro_defaults is a name=value list too. What Postfix 3.7.11
 * does with each (smtpd_check.c policy_client_register(), milter.c
 * milter_new() and milter_macro_defaults_create(), attr_override.c,
 * map_search.c):
 *   - a "{" group that is not closed, or text after its "}": fatal
 *     ("milter service syntax error: missing '}' in ...", "policy service
 *     syntax error: ...", "missing '}' in ... in ...");
 *   - "{ }" with no server: "empty milter definition", "empty policy
 *     service";
 *   - a setting that is not name=value: "malformed option: missing '='
 *     after attribute name: ..."; a name the list does not take
 *     (case-sensitive): 'unknown option: "name = value"';
 *   - a time that conv_time() refuses ("timeout: bad time value or unit:
 *     10x") or below 1s ("invalid timeout: 0 (min 1)"), an integer that
 *     is not one ("bad numerical configuration: try_limit = abc") or too
 *     small (try_limit >= 1), an empty string ("bad string length 0 < 1");
 *   - milter_macro_defaults: an entry that is not name=value or an
 *     unclosed "{" (fatal), the same macro twice (a warning);
 *   - a map search spec: an unclosed group, no maptype:mapname, an
 *     attribute other than search_order=, a search word other than
 *     cert_fingerprint, pubkey_fingerprint, issuer_cn or subject_cn: smtpd
 *     logs a warning at start and check_ccert_access then answers 451
 *     4.3.5 Server configuration error.
 * smtpd registers every policy server when it starts, so a bad list stops
 * every smtpd that reads it; smtpd builds its milters for each
 * connection (the connection dies) and cleanup when it starts.
 */
#include "rule.h"
#include "effective.h"
#include "attr_override.h"
#include "listtok.h"
#include "restriction_lists.h"
#include "value_span.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Places reported in this run: a main.cf line read by several services
 * is one finding. */
static seen_places reported;    /* this run's places (seen_place()) */

/* s for a headline: at most 50 characters, "..." when cut. */
static char *clip(const char *s)
{
    return strlen(s) > 50 ? xasprintf("%.47s...", s) : xstrdup(s);
}

/* ---- check_policy_service { ... } ---- */

static void check_policies(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;

    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];

        for (size_t i = 0; i < l->n; i++) {
            const ritem *it = &l->items[i];
            char *what = NULL, *fatal, *shown;
            strbuf where;

            if (it->kind != RI_BUILTIN || it->arg == NULL
                || it->arg_state == RA_MISSING || it->info->arg != RARG_POLICY
                || it->arg[0] != '{')
                continue;
            fatal = ovr_judge_group(it->arg, it->arg, OVR_POLICY,
                                    ctx->version, &what);
            if (fatal == NULL)
                continue;
            sb_init(&where);
            rlist_describe(l, &where);
            {
                const char *p = it->arg + 1 + strspn(it->arg + 1, " \t");
                size_t n = strcspn(p, ", \t\r\n}");

                shown = n == 0 ? xstrdup("(none)")
                    : xasprintf("%.*s", (int) (n > 40 ? 40 : n), p);
            }
            if (!seen_place(&reported, &it->arg_sp))
                report(ctx, self, &it->arg_sp,
                       "check_policy_service %s in %s: its settings are "
                       "refused: %s:" DIAG_NOTE
                       " smtpd of Postfix %s stops when it starts with "
                       "\"fatal: %s\" (it registers every policy server, "
                       "reachable or not), and no mail is received",
                       shown, where.data, what, ctx->version_text, fatal);
            free(shown);
            sb_free(&where);
            free(what);
            free(fatal);
        }
    }
}

/* ---- { type:table, search = ... } ---- */

/* map_search_create(): the warnings it logs for spec, or false. */
static bool judge_map_search(const char *spec, strbuf *log, char **what)
{
    static const char *const words[] = {
        "cert_fingerprint", "pubkey_fingerprint", "issuer_cn", "subject_cn",
        NULL
    };
    char *copy = xstrdup(spec), *bp = copy, *err;
    list_tokens items = {0};
    bool bad = false;
    char *table;
    size_t n;

    if ((err = ovr_extpar(&bp, true)) != NULL) {
        sb_printf(log, "warning: malformed map specification: '%s'", err);
        *what = xstrdup(strncmp(err, "missing", 7) == 0
                        ? "its \"{\" is not closed"
                        : "text follows its \"}\"");
        free(err);
        free(copy);
        return true;
    }
    list_split(bp, strlen(bp), LIST_SEPARATORS, true, &items);
    if (items.n == 0) {
        sb_printf(log, "warning: empty map specification: '%s'", spec);
        *what = xstrdup("it names no table");
        bad = true;
    } else if (table = xstrndup(items.items[0].text, items.items[0].len),
               strchr(table, ':') == NULL) {
        sb_printf(log, "warning: malformed map specification: '%s'\" and "
                  "\"warning: expected maptype:mapname instead of '%s'",
                  spec, table);
        *what = xasprintf("\"%.40s\" is not type:table", table);
        bad = true;
        free(table);
    } else {
        free(table);
        for (size_t i = 1; i < items.n && !bad; i++) {
            char *attr = xstrndup(items.items[i].text, items.items[i].len);
            char *nv = attr, *name, *value;
            const char *e;

            if (*nv == '{' && (err = ovr_extpar(&nv, true)) != NULL) {
                sb_printf(log, "warning: malformed map attribute: %s", err);
                *what = xasprintf("the attribute \"%.40s\" has unbalanced "
                                  "braces", attr);
                free(err);
                bad = true;
            } else if ((e = ovr_nameval(nv, &name, &value)) != NULL) {
                sb_printf(log, "warning: malformed map attribute in '%s': "
                          "'%s'", spec, e);
                *what = xasprintf("\"%.40s\" is not name=value", nv);
                bad = true;
            } else if (strcasecmp(name, "search_order") != 0) {
                sb_printf(log, "warning: unknown map attribute in '%s': "
                          "'%s'", spec, name);
                *what = xasprintf("it has no attribute \"%.40s\" (only "
                                  "search_order=)", name);
                bad = true;
            } else {
                for (char *w = value; *w && !bad; w += n) {
                    size_t k;

                    w += strspn(w, LIST_SEPARATORS);
                    n = strcspn(w, LIST_SEPARATORS);
                    if (n == 0)
                        break;
                    for (k = 0; words[k]; k++)
                        if (strlen(words[k]) == n
                            && strncasecmp(words[k], w, n) == 0)
                            break;
                    if (words[k] == NULL) {
                        sb_printf(log, "warning: unknown search type '%.*s' "
                                  "in '%s'", (int) n, w, spec);
                        *what = xasprintf("the search type \"%.*s\" is not "
                                          "cert_fingerprint, "
                                          "pubkey_fingerprint, issuer_cn or "
                                          "subject_cn",
                                          (int) (n > 40 ? 40 : n), w);
                        bad = true;
                    }
                }
            }
            free(attr);
        }
    }
    list_tokens_free(&items);
    free(copy);
    return bad;
}

static void check_map_searches(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_5 = {3, 5, 0};
    const restriction_model *rm = ctx->restrictions;

    if (version_cmp(ctx->version, v3_5) < 0)
        return;
    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];

        for (size_t i = 0; i < l->n; i++) {
            const ritem *it = &l->items[i];
            bool ccert;
            char *what = NULL;
            strbuf log, where;

            /* smtpd parses every "{" word except a policy server. */
            if (it->kind != RI_BUILTIN || it->arg == NULL
                || it->arg_state != RA_OK || it->info->arg != RARG_TABLE
                || it->arg[0] != '{')
                continue;
            ccert = str_eq(it->info->name, "check_ccert_access");
            sb_init(&log);
            if (judge_map_search(it->arg, &log, &what)
                && !seen_place(&reported, &it->arg_sp)) {
                sb_init(&where);
                rlist_describe(l, &where);
                if (ccert && it->ended_by == RITEM_REACHABLE)
                    report(ctx, self, &it->arg_sp,
                           "%s in %s: its table spec is refused: %s:"
                           DIAG_NOTE
                           " smtpd of Postfix %s logs \"%s\" when it starts, "
                           "then %s and answers \"451 4.3.5 Server "
                           "configuration error\" to every request that "
                           "reaches it",
                           it->info->name, where.data, what,
                           ctx->version_text, log.data,
                           strchr(it->arg, ':') ? "\"See earlier parsing "
                           "error messages\""
                           : "\"restriction check_ccert_access: bad "
                           "argument ...: need maptype:mapname\"");
                else
                    report_sev(ctx, self, SEV_WARNING, &it->arg_sp,
                               "%s in %s: its table spec is refused: %s:"
                               DIAG_NOTE
                               " smtpd of Postfix %s logs \"%s\" each time "
                               "it starts",
                               it->info->name, where.data, what,
                               ctx->version_text, log.data);
                sb_free(&where);
            }
            free(what);
            sb_free(&log);
        }
    }
}

/* ---- smtpd_milters, non_smtpd_milters, milter_macro_defaults ---- */

/* Where a setting is made: "main.cf" or "master.cf service NAME". */
static char *setting_place(const service *svc, eff_value v)
{
    return v.origin == ORIGIN_MASTER && svc
        ? xasprintf("master.cf service %s", svc->argv[MF_SERVICE].text)
        : xstrdup("main.cf");
}

/* milter_macro_defaults_create(): fatal (true) or warning text. */
static bool judge_macro_defaults(const char *value, strbuf *log, char **what)
{
    list_tokens items = {0};
    char **names = NULL;
    size_t n_names = 0;
    bool fatal = false;

    list_split(value, strlen(value), LIST_SEPARATORS, true, &items);
    names = xcalloc(items.n + 1, sizeof(*names));
    for (size_t i = 0; i < items.n && !fatal; i++) {
        char *copy = xstrndup(items.items[i].text, items.items[i].len);
        char *nv = copy, *name, *val, *err;
        const char *e;
        size_t len = ovr_group_len(nv);

        if (*nv == '{' && nv[len] != '=' && (err = ovr_extpar(&nv, false))) {
            free(*what);
            sb_reset(log);
            sb_printf(log, "fatal: malformed default macro entry: %s in "
                      "\"%s\"", err, value);
            *what = xasprintf("the entry \"%.*s\" has unbalanced braces",
                              (int) (items.items[i].len > 40 ? 40 : items.items[i].len), items.items[i].text);
            free(err);
            fatal = true;
        } else if ((e = ovr_nameval(nv, &name, &val)) != NULL) {
            free(*what);
            sb_reset(log);
            sb_printf(log, "fatal: malformed default macro entry: %s in "
                      "\"%s\"", e, value);
            *what = xasprintf("\"%.40s\" is not name=value", nv);
            fatal = true;
        } else {
            char *canon = *name == '{' ? xstrdup(name)
                : xasprintf("{%s}", name);

            for (size_t k = 0; k < n_names && log->len == 0; k++)
                if (str_eq(names[k], canon)) {
                    sb_printf(log, "warning: ignoring multiple default macro "
                              "entries for %s in \"%s\"", canon, value);
                    *what = xasprintf("the macro %s is listed twice; the "
                                      "first value counts", canon);
                    break;
                }
            names[n_names++] = canon;
        }
        free(copy);
    }
    for (size_t k = 0; k < n_names; k++)
        free(names[k]);
    free(names);
    list_tokens_free(&items);
    return fatal;
}

/* The milters of svc (param: smtpd_milters or non_smtpd_milters). */
static void check_milters(const lint_ctx *ctx, const rule_desc *self,
                          const service *svc, const char *param,
                          const char *program)
{
    static const pf_version v3_0 = {3, 0, 0};
    eff_value v = effective_lookup(ctx->m, svc, param);
    char *text, *what = NULL, *fatal = NULL;
    list_tokens items = {0};
    value_map map;
    bool located, exact;
    size_t n_milters;
    span setting, sp;
    const char *when = str_eq(program, "smtpd")
        ? "for each connection, so no mail is received"
        : "when it starts, so no mail is queued";

    if (v.origin < ORIGIN_MAIN || version_cmp(ctx->version, v3_0) < 0)
        return;
    text = effective_string(ctx->m, svc, param);
    if (str_eq(program, "smtpd") && strcasecmp(text, "DISABLE") == 0) {
        free(text);
        return;
    }
    map = value_locate(ctx->m, svc, v);
    setting = value_setting_span(v, svc, &located);
    list_split(text, strlen(text), LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n; i++) {
        char *spec = xstrndup(items.items[i].text, items.items[i].len);

        if (spec[0] == '{')
            fatal = ovr_judge_group(spec, text, OVR_MILTER, ctx->version,
                                    &what);
        if (fatal) {
            sp = value_span(&map, items.items[i].off, items.items[i].len,
                            &exact);
            if (!exact)
                sp = setting;
            char *shown = clip(spec), *place = setting_place(svc, v);

            if (!seen_place(&reported, &sp))
                report(ctx, self, &sp,
                       "%s in %s: the milter \"%s\" is refused: %s:" DIAG_NOTE
                       " %s of Postfix %s stops with \"fatal: %s\" %s",
                       param, place, shown, what, program,
                       ctx->version_text, fatal, when);
            free(shown);
            free(place);
            free(spec);
            free(what);
            free(fatal);
            break;          /* the program stops at the first */
        }
        free(spec);
    }
    n_milters = items.n;
    list_tokens_free(&items);
    if (n_milters > 0 && fatal == NULL) {
        eff_value d = effective_lookup(ctx->m, svc, "milter_macro_defaults");
        char *defaults = effective_string(ctx->m, svc, "milter_macro_defaults");
        strbuf log;
        bool stop;
        char *where = NULL;

        sb_init(&log);
        what = NULL;
        stop = judge_macro_defaults(defaults, &log, &what);
        if (log.len && d.origin >= ORIGIN_MAIN) {
            sp = value_setting_span(d, svc, &located);
            where = setting_place(svc, d);
            if (!seen_place(&reported, &sp)) {
                if (stop)
                    report(ctx, self, &sp,
                           "milter_macro_defaults in %s: %s:" DIAG_NOTE
                           " %s of Postfix %s (it has %s) stops with \"%s\" "
                           "%s", where, what, program,
                           ctx->version_text, param, log.data, when);
                else
                    report_sev(ctx, self, SEV_WARNING, &sp,
                               "milter_macro_defaults in %s: %s:" DIAG_NOTE
                               " %s of Postfix %s (it has %s) logs \"%s\"",
                               where, what, program,
                               ctx->version_text, param, log.data);
            }
        }
        free(where);
        free(what);
        sb_free(&log);
        free(defaults);
    }
    free(text);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    memset(&reported, 0, sizeof(reported));
    if (list_braces_in(ctx->version)) {
        check_policies(ctx, self);
        check_map_searches(ctx, self);
    }
    each_milter_list(ctx, self, check_milters);
}

const rule_desc rule_override_list = {
    "override-list", SEV_ERROR,
    "a { name=value } list of a policy server, milter or table is refused",
    "check_policy_service { server, name=value ... }, smtpd_milters = "
    "{ milter, name=value ... } and check_ccert_access { type:table, "
    "search = ... } carry settings of their own, and milter_macro_defaults "
    "is a name=value list. Postfix takes only certain names there, checks "
    "their values as strictly as main.cf's, and stops smtpd or cleanup on "
    "an unclosed brace, a setting that is not name=value, an unknown name "
    "or a bad time or number; a bad table spec makes check_ccert_access "
    "answer 451 4.3.5.",
    check,
    SEV_ALSO(SEV_WARNING)
};
