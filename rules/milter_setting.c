/*
 * milter_setting.c - rule "milter-setting": a milter entry or milter
 * setting that smtpd or cleanup refuses when it talks to the milter.
 *
 * Checked for every milter of smtpd_milters (smtpd services) and
 * non_smtpd_milters (cleanup services), with the milter's own
 * "{ ..., protocol=..., default_action=... }" settings or else the
 * service's milter_protocol and milter_default_action. What Postfix
 * 3.7.11 does (milter8.c, milter8_connect(), before each connection to
 * the milter):
 *   - the entry is not transport:endpoint ('Milter service needs
 *     transport:endpoint instead of "..."'), or the transport is not
 *     inet, unix or local, case-sensitive ('invalid transport name: ...
 *     in Milter service: ...');
 *   - milter_protocol has a word other than 2, 3, 4, 6 or
 *     no_header_reply (case-insensitive), or two version numbers ('milter
 *     ...: bad protocol information: ...'), or none ('no protocol version
 *     information').
 * Then the milter is never asked: with default_action accept mail passes
 * unfiltered (a warning), with quarantine every message is put on hold,
 * otherwise every message gets "451 4.3.5 Server configuration problem -
 * try again later" (errors).
 *   - milter_default_action is not accept, reject, tempfail or quarantine
 *     (case-insensitive): when the milter fails, Postfix logs 'milter ...:
 *     unrecognized default action: ...' and answers 451 4.3.5 instead (a
 *     warning: it matters only when the milter fails).
 * Settings are checked only where a milter is configured; a { } entry
 * that override-list refuses is left to it.
 */
#include "rule.h"
#include "attr_override.h"
#include "effective.h"
#include "listtok.h"
#include "value_span.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static seen_places reported;    /* this run's places (seen_place()) */

/* A "{ milter, name=value ... }" group the program takes: the milter
 * and its own protocol= and default_action= (NULL when not set; the
 * last one counts). False when the program refuses the group
 * (override-list's). */
static bool group_settings(const lint_ctx *ctx, const char *spec,
                           char **milter, char **protocol, char **action)
{
    char *what = NULL, *fatal = ovr_judge_group(spec, spec, OVR_MILTER,
                                                ctx->version, &what);
    char *copy, *op;
    list_tokens items = {0};

    free(what);
    if (fatal) {
        free(fatal);
        return false;
    }
    copy = xstrdup(spec);
    op = copy;
    free(ovr_extpar(&op, false));
    list_split(op, strlen(op), LIST_SEPARATORS, true, &items);
    *milter = xstrndup(items.items[0].text, items.items[0].len);
    for (size_t k = 1; k < items.n; k++) {
        char *nv = xstrndup(items.items[k].text, items.items[k].len);
        char *in = nv, *name, *value;

        if (*in == '{')
            free(ovr_extpar(&in, false));
        if (ovr_nameval(in, &name, &value) == NULL) {
            char **slot = str_eq(name, "protocol") ? protocol
                : str_eq(name, "default_action") ? action : NULL;

            if (slot) {
                free(*slot);
                *slot = xstrdup(value);
            }
        }
        free(nv);
    }
    list_tokens_free(&items);
    free(copy);
    return true;
}

/* milter8_connect()'s protocol check: the warning it logs, or false. */
static bool protocol_bad(const char *milter, const char *protocol,
                         strbuf *log, strbuf *what)
{
    static const char *const words[] = {"2", "3", "4", "6",
                                        "no_header_reply", NULL};
    const char *cp = protocol;
    bool version = false;

    for (;;) {
        size_t n, k;

        cp += strspn(cp, LIST_SEPARATORS);
        if (*cp == '\0')
            break;
        n = strcspn(cp, LIST_SEPARATORS);
        for (k = 0; words[k]; k++)
            if (strlen(words[k]) == n && strncasecmp(words[k], cp, n) == 0)
                break;
        if (words[k] == NULL || (k < 4 && version)) {
            sb_printf(log, "warning: milter %s: bad protocol information: "
                      "%.*s", milter, (int) n, cp);
            sb_printf(what, words[k] == NULL
                      ? "\"%.*s\" is not a milter protocol version (2, 3, 4 "
                      "or 6) or no_header_reply"
                      : "\"%.*s\" is a second protocol version", (int) n, cp);
            return true;
        }
        version |= k < 4;
        cp += n;
    }
    if (!version) {
        sb_printf(log, "warning: milter %s: no protocol version information",
                  milter);
        sb_adds(what, "it names no protocol version (2, 3, 4 or 6)");
        return true;
    }
    return false;
}

/* milter8_connect()'s endpoint check. */
static bool endpoint_bad(const char *milter, strbuf *log, strbuf *what)
{
    const char *colon = strchr(milter, ':');
    size_t tlen = colon ? (size_t) (colon - milter) : 0;

    if (colon == NULL || colon[1] == '\0' || tlen == 0) {
        sb_printf(log, "warning: Milter service needs transport:endpoint "
                  "instead of \"%s\"", milter);
        sb_adds(what, "it is not transport:endpoint (inet:host:port, "
                "unix:/path or local:/path)");
        return true;
    }
    if ((tlen == 4 && strncmp(milter, "inet", 4) == 0)
        || (tlen == 4 && strncmp(milter, "unix", 4) == 0)
        || (tlen == 5 && strncmp(milter, "local", 5) == 0))
        return false;
    sb_printf(log, "warning: invalid transport name: %.*s in Milter "
              "service: %s", (int) tlen, milter, milter);
    sb_printf(what, "its transport \"%.*s\" is not inet, unix or local "
              "(lower case)", (int) tlen, milter);
    return true;
}

static bool action_known(const lint_ctx *ctx, const char *a)
{
    static const pf_version v3_11 = {3, 11, 0};

    if (strcasecmp(a, "shutdown") == 0)
        return version_cmp(ctx->version, v3_11) >= 0;
    return strcasecmp(a, "accept") == 0 || strcasecmp(a, "reject") == 0
        || strcasecmp(a, "tempfail") == 0 || strcasecmp(a, "quarantine") == 0;
}

static void check_milters(const lint_ctx *ctx, const rule_desc *self,
                          const service *svc, const char *param,
                          const char *program)
{
    eff_value v = effective_lookup(ctx->m, svc, param);
    char *text, *main_protocol, *main_action;
    list_tokens items = {0};
    value_map map;
    bool located;
    span setting;
    char *who = v.origin == ORIGIN_MASTER && svc
        ? xasprintf("master.cf service %s", svc->argv[MF_SERVICE].text)
        : xstrdup("main.cf");

    if (v.origin < ORIGIN_MAIN) {
        free(who);
        return;
    }
    text = effective_string(ctx->m, svc, param);
    if (str_eq(program, "smtpd") && strcasecmp(text, "DISABLE") == 0) {
        free(text);
        free(who);
        return;
    }
    main_protocol = effective_string(ctx->m, svc, "milter_protocol");
    main_action = effective_string(ctx->m, svc, "milter_default_action");
    map = value_locate(ctx->m, svc, v);
    setting = value_setting_span(v, svc, &located);
    /* Before 3.0 a "{" is just part of a milter's name. */
    list_split(text, strlen(text), LIST_SEPARATORS,
               list_braces_in(ctx->version), &items);
    for (size_t i = 0; i < items.n; i++) {
        char *spec = xstrndup(items.items[i].text, items.items[i].len);
        char *milter = NULL, *protocol = NULL, *action = NULL;
        bool bad = false, exact, own_protocol, own_action;
        span sp = value_span(&map, items.items[i].off, items.items[i].len,
                             &exact);
        strbuf log, what;
        span at;

        if (!exact)
            sp = setting;
        if (spec[0] == '{' && list_braces_in(ctx->version)) {
            bad = !group_settings(ctx, spec, &milter, &protocol, &action);
        } else {
            milter = xstrdup(spec);
        }
        own_protocol = protocol != NULL;
        own_action = action != NULL;
        if (!protocol)
            protocol = xstrdup(main_protocol);
        if (!action)
            action = xstrdup(main_action);
        sb_init(&log);
        sb_init(&what);
        if (bad || *protocol == '\0' || *action == '\0') {
            /* override-list's, or value-range's (empty) */
        } else if (protocol_bad(milter, protocol, &log, &what)
                   || endpoint_bad(milter, &log, &what)) {
            bool accept = strcasecmp(action, "accept") == 0;
            bool hold = strcasecmp(action, "quarantine") == 0;
            bool shut = strcasecmp(action, "shutdown") == 0
                && action_known(ctx, action);
            bool proto = strstr(log.data, "protocol") != NULL
                && strstr(log.data, "Milter service") == NULL;

            at = sp;
            if (proto && !own_protocol) {
                eff_value pv = effective_lookup(ctx->m, svc,
                                                "milter_protocol");

                at = value_setting_span(pv, svc, &located);
            }
            if (!seen_place(&reported, &at))
                report_sev(ctx, self, accept ? SEV_WARNING : SEV_ERROR, &at,
                           "%s in %s: the milter %s %s: %s:" DIAG_NOTE
                           " %s of Postfix %s logs \"%s\" and never talks to "
                           "it; with default_action %s %s",
                           param, who, milter,
                           proto ? (own_protocol ? "has a bad protocol= "
                                    "setting" : "cannot use milter_protocol")
                           : "is not a milter address", what.data, program,
                           ctx->version_text, log.data, action,
                           accept ? "mail passes without the milter"
                           : hold ? "every message is put on hold"
                           : shut ? "every session ends with \"421 4.3.5 "
                           "Server configuration problem - try again later\""
                           : "every message gets \"451 4.3.5 Server "
                           "configuration problem - try again later\" and "
                           "waits in the client's queue");
        } else if (!action_known(ctx, action)) {
            eff_value av = effective_lookup(ctx->m, svc,
                                            "milter_default_action");

            at = own_action ? sp : value_setting_span(av, svc, &located);
            if (!seen_place(&reported, &at))
                report_sev(ctx, self, SEV_WARNING, &at,
                           "%s \"%s\" of the milter %s (%s in %s) is not "
                           "accept, reject, tempfail%s or quarantine:"
                           DIAG_NOTE
                           " when the milter fails, %s of Postfix %s logs "
                           "\"warning: milter %s: unrecognized default "
                           "action: %s\" and answers \"451 4.3.5 Server "
                           "configuration problem - try again later\"",
                           own_action ? "default_action" : "milter_default_action",
                           action, milter, param, who,
                           action_known(ctx, "shutdown") ? ", shutdown" : "",
                           program, ctx->version_text, milter, action);
        }
        sb_free(&log);
        sb_free(&what);
        free(spec);
        free(milter);
        free(protocol);
        free(action);
    }
    list_tokens_free(&items);
    free(text);
    free(main_protocol);
    free(main_action);
    free(who);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    memset(&reported, 0, sizeof(reported));
    each_milter_list(ctx, self, check_milters);
}

const rule_desc rule_milter_setting = {
    "milter-setting", SEV_ERROR,
    "a milter address, milter_protocol or milter_default_action Postfix "
    "cannot use",
    "Before each connection to a milter, smtpd and cleanup check its "
    "address (inet:, unix: or local:ENDPOINT) and milter_protocol (one "
    "version of 2, 3, 4 or 6, optionally no_header_reply). When either is "
    "wrong the milter is never asked, and milter_default_action decides: "
    "tempfail or reject defer every message with 451 4.3.5, accept lets it "
    "pass unfiltered. A milter_default_action other than accept, reject, "
    "tempfail or quarantine turns a milter failure into 451 4.3.5.",
    check,
    SEV_ALSO(SEV_WARNING)
};
