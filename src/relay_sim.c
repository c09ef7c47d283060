/*
 * relay_sim.c - evaluate smtpd's restriction lists for standard clients
 * and recipients, as smtpd_check.c does at RCPT TO.
 *
 * Interface: see relay_sim.h. No diagnostics: rules/open_relay.c reports
 * an open relay from these rows; --simulate prints them.
 *
 * What is modelled (smtpd_check.c, 2.6 to 3.11):
 *  - start-up: no relay check, an undefined class or a class loop, and
 *    smtpd never answers (no-service);
 *  - at RCPT with smtpd_delay_reject = yes (the default), the client,
 *    helo and sender lists, then the relay and recipient lists in the
 *    version's order (2.10-3.2 relay first; 3.3-3.5 recipient first; 3.6
 *    on relay first when smtpd_relay_before_recipient_restrictions =
 *    yes), both always, unless the first refuses;
 *  - permit ends a list (the next list still runs), reject/defer end the
 *    evaluation, warn_if_reject makes the next refusal a warning,
 *    defer_if_permit is remembered, an unknown word or a bad argument is
 *    "451 4.3.5 Server configuration error";
 *  - the recipient's class: local ($mydestination), virtual alias,
 *    virtual mailbox, relay ($relay_domains) or none of ours;
 *  - after the lists, smtpd_reject_unlisted_recipient.
 */
#include "relay_sim.h"
#include "listtok.h"
#include "table.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SENDER "sender@example.net"
/* smtpd follows classes to any depth (its "unreasonable recursion" limit
 * of 100 is for access-table results, which are not followed here); a
 * bound keeps the C stack safe: deeper than this, "depends". */
#define MAX_NESTING 10000

/* ---- the situation ------------------------------------------------- */

typedef enum rcpt_class {
    RC_LOCAL, RC_ALIAS, RC_MAILBOX, RC_RELAY, RC_REMOTE, RC_UNKNOWN
} rcpt_class;

typedef struct sim {
    const model *m;
    const smtpd_restrictions *s;
    const char *client, *client_name;   /* address, reverse name */
    bool sasl;
    const char *rcpt;
    rcpt_class rclass;
    bool delay_reject;          /* smtpd_delay_reject */
    /* the outcome of what ran so far */
    relay_result result;
    bool decided;               /* reject/defer/depends: stop */
    char reply[32];
    char *reply_text;
    const char *setting;
    const ritem *decider;
    const rlist *decider_list;
    char *why;
    bool defer_if_permit, defer_if_reject;
    const ritem *pending;       /* the defer_if_permit word */
    const rlist *pending_list;
} sim;

static char *value_of(const sim *x, const char *name)
{
    eff_value v = effective_lookup(x->m, x->s->svc, name);
    strbuf out;
    expand_result res;

    sb_init(&out);
    memset(&res, 0, sizeof(res));
    if (v.value)
        effective_expand(x->m, x->s->svc, name, v.value, &out, &res);
    expand_result_free(&res);
    return out.data ? sb_steal(&out) : xstrdup("");
}

static bool is_yes(const char *v)
{
    return strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0
        || strcmp(v, "1") == 0;
}

static bool param_yes(const sim *x, const char *name)
{
    char *v = value_of(x, name);
    bool yes = is_yes(v);

    free(v);
    return yes;
}

static int param_int(const sim *x, const char *name, int fallback)
{
    char *v = value_of(x, name), *end;
    long n = strtol(v, &end, 10);

    free(v);
    return end != v && n >= 200 && n <= 599 ? (int) n : fallback;
}

/* ---- outcomes --------------------------------------------------------- */

static void decide(sim *x, relay_result r, const char *reply, const char *text,
                   const rlist *l, const ritem *it)
{
    x->result = r;
    x->decided = r != RELAY_ACCEPT;
    snprintf(x->reply, sizeof(x->reply), "%s", reply ? reply : "");
    free(x->reply_text);
    x->reply_text = text ? xstrdup(text) : NULL;
    x->decider = it;
    x->decider_list = l;
}

static void depends(sim *x, const rlist *l, const ritem *it, const char *fmt,
                    const char *arg)
{
    decide(x, RELAY_DEPENDS, NULL, NULL, l, it);
    free(x->why);
    x->why = xasprintf(fmt, arg);
}

static void config_error(sim *x, const rlist *l, const ritem *it)
{
    decide(x, RELAY_DEFER, "451 4.3.5", "Server configuration error", l, it);
}

/* A refusal of code c (with DSN d) by word it, as smtpd words it; a
 * pending defer_if_reject turns a 5xx into 450. */
static void refuse(sim *x, const rlist *l, const ritem *it, int code,
                   const char *dsn, const char *text)
{
    char reply[32];

    if (code >= 500 && x->defer_if_reject) {
        code = 450;
        dsn = "4.7.1";
    }
    snprintf(reply, sizeof(reply), "%03d %c%.8s", code % 1000,
             code >= 500 ? '5' : '4', dsn + 1);
    decide(x, code >= 500 ? RELAY_REJECT : RELAY_DEFER, reply, text, l, it);
}

/* ---- matching ---------------------------------------------------------- */

typedef enum match { M_NO, M_YES, M_DEPENDS, M_BROKEN } match;

/* One element of a domain list: a domain, .domain, !neg, or a table. */
static match domain_item(const char *item, const char *domain,
                         bool parent_ok, const char **why)
{
    const char *d;
    char *value;

    if (strchr(item, ':')) {
        tbl_result r;

        for (d = domain; d; d = strchr(d + 1, '.')) {
            const char *key = d == domain ? domain : d;

            if (d != domain && !parent_ok)
                break;
            r = table_lookup(item, d == domain ? key : key + (parent_ok ? 0 : 1),
                             &value, why);
            free(value);
            if (r == TBL_FOUND)
                return M_YES;
            if (r == TBL_UNKNOWN || r == TBL_BROKEN)
                return strstr(domain, ".example") ? M_NO : M_DEPENDS;
        }
        return M_NO;
    }
    if (item[0] == '/') {
        *why = "a file of domains postlint does not read";
        return strstr(domain, ".example") ? M_NO : M_DEPENDS;
    }
    if (strcasecmp(item, domain) == 0)
        return M_YES;
    for (d = strchr(domain, '.'); d; d = strchr(d + 1, '.')) {
        if (item[0] == '.' && strcasecmp(item, d) == 0)
            return M_YES;
        if (parent_ok && strcasecmp(item, d + 1) == 0)
            return M_YES;
    }
    return M_NO;
}

/* Is domain in the list value of param? */
static match domain_in(const sim *x, const char *param, const char *domain,
                       const char **why)
{
    char *list = value_of(x, param), *parents;
    list_tokens items = {0};
    match result = M_NO;
    bool parent_ok;

    parents = value_of(x, "parent_domain_matches_subdomains");
    parent_ok = list_has(parents, param);
    free(parents);
    list_split(list, strlen(list), LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n && result == M_NO; i++) {
        char *item = xstrndup(items.items[i].text, items.items[i].len);
        bool neg = item[0] == '!';
        match mm = domain_item(item + neg, domain, parent_ok, why);

        if (mm == M_YES)
            result = neg ? M_NO : M_YES;
        else if (mm == M_DEPENDS)
            result = M_DEPENDS;
        free(item);
        if (neg && mm == M_YES)
            break;
    }
    list_tokens_free(&items);
    free(list);
    return result;
}

/* Is the client address in mynetworks? *item: the matching element. */
static match client_in_mynetworks(const sim *x, char **item, const char **why)
{
    char *list = value_of(x, "mynetworks");
    list_tokens items = {0};
    match result = M_NO;

    *item = NULL;
    list_split(list, strlen(list), LIST_SEPARATORS, true, &items);
    for (size_t i = 0; i < items.n; i++) {
        char *it = xstrndup(items.items[i].text, items.items[i].len);
        bool neg = it[0] == '!';
        const char *net = it + neg;
        match mm = M_NO;

        if (strchr(net, ':') && net[0] != '[' && !strchr(net, '/')
            && strncmp(net, "::", 2) != 0) {
            char *value;
            tbl_result r = table_lookup(net, x->client, &value, why);

            free(value);
            mm = r == TBL_FOUND ? M_YES : r != TBL_NOT_FOUND ? M_DEPENDS : M_NO;
        } else if (net[0] == '/') {
            *why = "a file of networks postlint does not read";
            mm = M_DEPENDS;
        } else if (isdigit((unsigned char) net[0]) || net[0] == '['
                   || strchr(net, ':')) {
            /* "0/0" and the like: smtpd logs "mynetworks: bad network
             * value" and every lookup fails (451 4.3.0). */
            if (!network_valid(net)) {
                *why = "a bad network value in mynetworks";
                result = M_BROKEN;
                free(it);
                break;
            }
            mm = address_in_network(x->client, net) ? M_YES : M_NO;
        } else {
            /* A host or domain name: the client's name decides. */
            mm = x->client_name && strcasecmp(net, x->client_name) == 0
                ? M_YES : M_NO;
        }
        if (mm == M_YES) {
            result = neg ? M_NO : M_YES;
            if (!neg)
                *item = xstrdup(net);
            free(it);
            break;
        }
        if (mm == M_DEPENDS)
            result = M_DEPENDS;
        free(it);
    }
    list_tokens_free(&items);
    free(list);
    return result;
}

static rcpt_class classify_rcpt(const sim *x, const char **why)
{
    const char *domain = strchr(x->rcpt, '@') + 1;
    static const struct { const char *param; rcpt_class c; } order[] = {
        {"mydestination", RC_LOCAL}, {"virtual_alias_domains", RC_ALIAS},
        {"virtual_mailbox_domains", RC_MAILBOX}, {"relay_domains", RC_RELAY}
    };

    for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
        match mm = domain_in(x, order[i].param, domain, why);

        if (mm == M_YES)
            return order[i].c;
        if (mm == M_DEPENDS)
            return RC_UNKNOWN;
    }
    return RC_REMOTE;
}

/* ---- one restriction -------------------------------------------------- */

static void eval_list(sim *x, const rlist *l, int depth, bool *permitted);

/* The result of an access table: an action as access(5) has them. */
static void table_action(sim *x, const rlist *l, const ritem *it,
                         const char *value, bool *permitted)
{
    char word[32];
    size_t n = strcspn(value, " \t");
    const char *text = value + n;

    while (*text == ' ' || *text == '\t')
        text++;
    snprintf(word, sizeof(word), "%.*s", (int) (n < 31 ? n : 31), value);
    if (strcasecmp(word, "OK") == 0 || strcasecmp(word, "RELAY") == 0
        || (word[0] && strspn(word, "0123456789") == strlen(word)
            && strlen(word) != 3)) {
        *permitted = true;
        x->decider = it;
        x->decider_list = l;
    } else if (strcasecmp(word, "REJECT") == 0) {
        refuse(x, l, it, param_int(x, "access_map_reject_code", 554), "5.7.1",
               *text ? text : "Access denied");
    } else if (strcasecmp(word, "DEFER") == 0) {
        refuse(x, l, it, param_int(x, "access_map_defer_code", 450), "4.7.1",
               *text ? text : "Access denied");
    } else if (strlen(word) == 3 && (word[0] == '4' || word[0] == '5')
               && isdigit((unsigned char) word[1])) {
        /* "451 4.3.5 text": the enhanced code when the text starts
         * with one, else x.7.1. */
        char dsn[16];
        size_t d = strspn(text, "0123456789.");

        if (d >= 5 && d < sizeof(dsn) && text[1] == '.') {
            snprintf(dsn, sizeof(dsn), "%.*s", (int) d, text);
            text += d;
            while (*text == ' ')
                text++;
        } else {
            snprintf(dsn, sizeof(dsn), "%s", word[0] == '4' ? "4.7.1" : "5.7.1");
        }
        refuse(x, l, it, atoi(word), dsn, text);
    } else if (strcasecmp(word, "DUNNO") == 0 || strcasecmp(word, "HOLD") == 0
               || strcasecmp(word, "WARN") == 0 || strcasecmp(word, "INFO") == 0
               || strcasecmp(word, "PREPEND") == 0
               || strcasecmp(word, "FILTER") == 0
               || strcasecmp(word, "REDIRECT") == 0
               || strcasecmp(word, "BCC") == 0) {
        /* no decision */
    } else if (strcasecmp(word, "DISCARD") == 0) {
        *permitted = true;
        x->decider = it;
        x->decider_list = l;
    } else if (strcasecmp(word, "DEFER_IF_PERMIT") == 0) {
        x->defer_if_permit = true;
        x->pending = it;
        x->pending_list = l;
    } else if (strcasecmp(word, "DEFER_IF_REJECT") == 0) {
        x->defer_if_reject = true;
    } else {
        depends(x, l, it, "the table answer \"%s\"", value);
    }
}

static void access_check(sim *x, const rlist *l, const ritem *it,
                         const char *table, bool *permitted)
{
    const char *obj = it->kind == RI_TABLE
        ? rlist_default_access(l->id == RL_CLASS ? RL_RECIPIENT : l->id)
        : it->info->name;
    const char *keys[8];
    size_t n = 0;
    char dom[256], local_at[256];

    if (obj == NULL) {
        config_error(x, l, it);
        return;
    }
    if (strstr(obj, "_ns_") || strstr(obj, "_mx_") || strstr(obj, "_a_")
        || str_eq(obj, "check_reverse_client_hostname_access")
        || str_eq(obj, "check_ccert_access") || str_eq(obj, "check_sasl_access")
        || str_eq(obj, "check_helo_access") || str_eq(obj, "check_etrn_access")) {
        depends(x, l, it, "what %s looks up", obj);
        return;
    }
    if (str_eq(obj, "check_client_access")) {
        if (x->client_name)
            keys[n++] = x->client_name;
        keys[n++] = x->client;
    } else {
        const char *addr = str_eq(obj, "check_sender_access") ? SENDER : x->rcpt;
        const char *at = strchr(addr, '@');

        snprintf(dom, sizeof(dom), "%s", at + 1);
        snprintf(local_at, sizeof(local_at), "%.*s@", (int) (at - addr), addr);
        keys[n++] = addr;
        keys[n++] = dom;
        keys[n++] = local_at;
    }
    for (size_t k = 0; k < n && !x->decided && !*permitted; k++) {
        char *value;
        const char *why;
        tbl_result r = table_lookup(table, keys[k], &value, &why);

        if (r == TBL_FOUND)
            table_action(x, l, it, value, permitted);
        else if (r == TBL_BROKEN)
            decide(x, RELAY_DEFER, "451 4.3.5", "Server configuration error",
                   l, it);
        else if (r == TBL_UNKNOWN)
            depends(x, l, it, "%s", table);
        free(value);
        if (r == TBL_FOUND)
            break;
    }
}

/* The relay checks: permit_auth_destination and friends. */
static bool authorized_destination(const sim *x)
{
    return x->rclass != RC_REMOTE;
}

/* unix:private/NAME with no master.cf service NAME: smtpd cannot
 * connect and answers 451 4.3.5 (policy-service-missing). */
static bool missing_policy_service(const sim *x, const char *arg)
{
    const char *p = arg;
    size_t n;

    if (p == NULL || x->m->master == NULL)
        return false;
    if (*p == '{')
        for (p++; *p == ' ' || *p == '\t'; p++)
            ;
    if (strncmp(p, "unix:private/", 13) != 0)
        return false;
    p += 13;
    n = strcspn(p, ", \t}");
    for (size_t i = 0; i < x->m->n_services; i++) {
        const service *s = &x->m->services[i];

        if (s->has_fields && strlen(s->argv[MF_SERVICE].text) == n
            && strncmp(s->argv[MF_SERVICE].text, p, n) == 0
            && str_eq(s->argv[MF_TYPE].text, "unix"))
            return false;
    }
    return n > 0;
}

/* What smtpd does when the policy server cannot be reached: 3.0+
 * default_action= of the { } form, else smtpd_policy_service_default_action. */
static char *policy_default_action(const sim *x, const char *arg)
{
    static const pf_version v3_0 = {3, 0, 0};
    const char *attr = arg ? strstr(arg, "default_action") : NULL;

    if (version_cmp(x->m->version, v3_0) < 0)
        return xstrdup("451 4.3.5 Server configuration problem");
    if (arg && arg[0] == '{' && attr) {
        attr += strlen("default_action");
        attr += strspn(attr, " \t");
        if (*attr == '=') {
            attr++;
            attr += strspn(attr, " \t");
            return xstrndup(attr, strcspn(attr, ",}"));
        }
    }
    return value_of(x, "smtpd_policy_service_default_action");
}

static void builtin(sim *x, const rlist *l, const ritem *it, int depth,
                    bool *permitted)
{
    const char *n = it->info->alias_of ? it->info->alias_of : it->info->name;
    pf_version v = x->m->version;
    const char *why = NULL;

    (void) depth;
    /* smtpd_delay_reject = no: the client, helo and sender lists run
     * before there is a recipient; what needs one does nothing there. */
    if (!x->delay_reject && (l->id == RL_CLIENT || l->id == RL_HELO
                             || l->id == RL_SENDER)
        && (strstr(n, "recipient") || strstr(n, "destination")
            || str_eq(n, "check_relay_domains") || str_eq(n, "permit_mx_backup")))
        return;
    if (restriction_fails_in(it->info, v)
        || (it->arg_state == RA_BAD && it->info->arg != RARG_DOMAIN)
        || (it->arg_state == RA_MISSING && it->info->arg != RARG_DOMAIN)) {
        config_error(x, l, it);
        return;
    }
    if (str_eq(n, "permit")) {
        *permitted = true;
        x->decider = it;
        x->decider_list = l;
    } else if (str_eq(n, "reject")) {
        refuse(x, l, it, param_int(x, "reject_code", 554), "5.7.1",
               "Access denied");
    } else if (str_eq(n, "defer")) {
        refuse(x, l, it, param_int(x, "defer_code", 450), "4.3.2",
               "Try again later");
    } else if (str_eq(n, "defer_if_permit")) {
        x->defer_if_permit = true;
        x->pending = it;
        x->pending_list = l;
    } else if (str_eq(n, "defer_if_reject")) {
        x->defer_if_reject = true;
    } else if (str_eq(n, "warn_if_reject") || str_eq(n, "sleep")
               || str_eq(n, "reject_unauth_pipelining")
               || str_eq(n, "reject_multi_recipient_bounce")
               || str_eq(n, "permit_tls_clientcerts")
               || str_eq(n, "permit_tls_all_clientcerts")
               || str_eq(n, "reject_non_fqdn_sender")
               || str_eq(n, "reject_unlisted_sender")
               || str_eq(n, "reject_non_fqdn_recipient")) {
        /* Nothing to refuse here: the session is plaintext and the
         * sender and recipients are fully qualified. */
    } else if (str_eq(n, "reject_plaintext_session")) {
        refuse(x, l, it, param_int(x, "plaintext_reject_code", 450), "4.7.1",
               "Session encryption is required");
    } else if (str_eq(n, "permit_mynetworks")) {
        char *item;
        match mm = client_in_mynetworks(x, &item, &why);

        if (mm == M_YES) {
            *permitted = true;
            x->decider = it;
            x->decider_list = l;
        } else if (mm == M_BROKEN) {
            decide(x, RELAY_DEFER, "451 4.3.0", "Temporary lookup failure",
                   l, it);
        } else if (mm == M_DEPENDS) {
            depends(x, l, it, "%s in mynetworks", why);
        }
        free(item);
    } else if (str_eq(n, "permit_sasl_authenticated")) {
        if (x->sasl) {
            *permitted = true;
            x->decider = it;
            x->decider_list = l;
        }
    } else if (str_eq(n, "permit_inet_interfaces")) {
        if (str_starts(x->client, "127.")) {
            *permitted = true;
            x->decider = it;
            x->decider_list = l;
        }
    } else if (str_eq(n, "permit_auth_destination")) {
        if (x->rclass == RC_UNKNOWN)
            depends(x, l, it, "%s", "which domains are ours");
        else if (authorized_destination(x)) {
            *permitted = true;
            x->decider = it;
            x->decider_list = l;
        }
    } else if (str_eq(n, "reject_unauth_destination")
               || str_eq(n, "defer_unauth_destination")
               || str_eq(n, "check_relay_domains")) {
        int code = param_int(x, "relay_domains_reject_code", 554);

        if (x->rclass == RC_UNKNOWN)
            depends(x, l, it, "%s", "which domains are ours");
        else if (!authorized_destination(x)) {
            char text[300];

            snprintf(text, sizeof(text), "<%s>: Relay access denied", x->rcpt);
            if (n[0] == 'd')
                refuse(x, l, it, code - 100, "4.7.1", text);
            else
                refuse(x, l, it, code, "5.7.1", text);
        } else if (n[0] == 'c') {
            *permitted = true;
            x->decider = it;
            x->decider_list = l;
        }
    } else if (it->info->arg == RARG_TABLE) {
        access_check(x, l, it, it->arg, permitted);
    } else if (str_eq(n, "check_policy_service")) {
        if (missing_policy_service(x, it->arg)) {
            /* smtpd cannot connect: the default action answers. */
            char *action = policy_default_action(x, it->arg);

            table_action(x, l, it, action, permitted);
            free(action);
        } else
            depends(x, l, it, "the policy server %s", it->arg ? it->arg : "");
    } else if (str_eq(n, "reject_unlisted_recipient")) {
        /* Done after the lists as well; here too, once. */
    } else {
        depends(x, l, it, "%s", it->info->needs && str_eq(it->info->needs, "sasl")
                ? "the SASL login" : str_eq(it->info->needs, "verify")
                ? "address verification" : str_eq(it->info->needs, "none")
                ? "the HELO name" : "DNS");
    }
}

static void eval_list(sim *x, const rlist *l, int depth, bool *permitted)
{
    if (depth > MAX_NESTING) {
        depends(x, l, NULL, "%s", "classes nested too deep to follow");
        return;
    }
    for (size_t i = 0; i < l->n && !x->decided && !*permitted; i++) {
        const ritem *it = &l->items[i];
        bool warn = it->warn;
        relay_result before = x->result;

        if (it->kind == RI_UNKNOWN) {
            config_error(x, l, it);
        } else if (it->kind == RI_CLASS) {
            if (!it->cls->defined)
                config_error(x, l, it);
            else
                eval_list(x, it->cls, depth + 1, permitted);
        } else if (it->kind == RI_TABLE) {
            access_check(x, l, it, it->word, permitted);
        } else {
            builtin(x, l, it, depth, permitted);
        }
        /* warn_if_reject: a refusal is only logged (never a 451). */
        if (warn && x->decided && (x->result == RELAY_REJECT
                                   || (x->result == RELAY_DEFER
                                       && !str_starts(x->reply, "451")))) {
            x->decided = false;
            x->result = before;
            x->reply[0] = '\0';
        }
    }
}

/* ---- one row ---------------------------------------------------------- */

static bool relay_first(const sim *x)
{
    static const pf_version v2_10 = {2, 10, 0}, v3_3 = {3, 3, 0},
        v3_6 = {3, 6, 0};
    pf_version v = x->m->version;

    if (version_cmp(v, v2_10) < 0)
        return false;
    if (version_cmp(v, v3_3) < 0)
        return true;
    if (version_cmp(v, v3_6) < 0)
        return false;
    return param_yes(x, "smtpd_relay_before_recipient_restrictions");
}

/* Below compatibility_level 1, with smtpd_relay_restrictions not in
 * main.cf, 3.3+ runs no relay list at all (only a logging stand-in). */
static bool relay_list_off(const sim *x)
{
    static const pf_version v3_3 = {3, 3, 0};
    const rlist *r = x->s->lists[RL_RELAY];
    char *compat;
    bool off;

    if (r == NULL)
        return true;
    if (version_cmp(x->m->version, v3_3) < 0 || r->where.origin != ORIGIN_DEFAULT)
        return false;
    compat = value_of(x, "compatibility_level");
    off = atof(compat) < 1;
    free(compat);
    return off;
}

static bool unlisted_ok(sim *x)
{
    char *maps;
    const char *why;
    bool ok = true;

    if (!param_yes(x, "smtpd_reject_unlisted_recipient"))
        return true;
    if (x->rclass == RC_LOCAL) {
        maps = value_of(x, "local_recipient_maps");
        /* root is in the passwd file; other tables cannot be read. */
        if (maps[0] && !strstr(maps, "unix:passwd.byname")) {
            char *v;
            list_tokens t = {0};

            list_split(maps, strlen(maps), LIST_SEPARATORS, true, &t);
            ok = false;
            for (size_t i = 0; i < t.n && !ok; i++) {
                char *ref = xstrndup(t.items[i].text, t.items[i].len);
                tbl_result r = table_lookup(ref, "root", &v, &why);

                free(v);
                if (r == TBL_FOUND)
                    ok = true;
                else if (r != TBL_NOT_FOUND) {
                    free(ref);
                    free(maps);
                    list_tokens_free(&t);
                    depends(x, NULL, NULL, "%s", "local_recipient_maps");
                    return false;
                }
                free(ref);
            }
            list_tokens_free(&t);
            if (!ok)
                refuse(x, NULL, NULL,
                       param_int(x, "unknown_local_recipient_reject_code", 550),
                       "5.1.1", "Recipient address rejected: User unknown in "
                       "local recipient table");
        }
        free(maps);
    } else if (x->rclass == RC_MAILBOX || x->rclass == RC_ALIAS) {
        depends(x, NULL, NULL, "%s", "virtual_mailbox_maps");
        return false;
    } else if (x->rclass == RC_RELAY) {
        maps = value_of(x, "relay_recipient_maps");
        if (maps[0]) {
            free(maps);
            depends(x, NULL, NULL, "%s", "relay_recipient_maps");
            return false;
        }
        free(maps);
    }
    return ok;
}

/* Evaluate one case into x (the caller frees x->reply_text, x->why). */
static void evaluate(sim *x, const model *m, const smtpd_restrictions *s,
                     const char *client, bool sasl, const char *rcpt)
{
    const char *why = NULL;

    memset(x, 0, sizeof(*x));
    x->m = m;
    x->s = s;
    x->client = client;
    x->client_name = str_eq(client, "127.0.0.1") ? "localhost" : NULL;
    x->sasl = sasl;
    x->rcpt = rcpt;
    x->result = RELAY_ACCEPT;
    x->delay_reject = param_yes(x, "smtpd_delay_reject");
    if (!relay_service_starts(s, m->version, &why)) {
        x->result = RELAY_NO_SERVICE;
        x->why = xstrdup(why);
    } else {
        const rlist *order[5];
        size_t n = 0;
        bool rf = relay_first(x), off = relay_list_off(x);

        x->rclass = classify_rcpt(x, &why);
        order[n++] = s->lists[RL_CLIENT];
        order[n++] = s->lists[RL_HELO];
        order[n++] = s->lists[RL_SENDER];
        if (rf && !off)
            order[n++] = s->lists[RL_RELAY];
        order[n++] = s->lists[RL_RECIPIENT];
        if (!rf && !off)
            order[n++] = s->lists[RL_RELAY];
        for (size_t i = 0; i < n && !x->decided; i++) {
            bool permitted = false;

            eval_list(x, order[i], 0, &permitted);
        }
        if (!x->decided && x->defer_if_permit)
            refuse(x, x->pending_list, x->pending, 450, "4.7.0",
                   "defer_if_permit requested");
        if (!x->decided)
            unlisted_ok(x);
        if (!x->decided && x->result == RELAY_ACCEPT) {
            snprintf(x->reply, sizeof(x->reply), "250 2.1.5");
            x->reply_text = xstrdup("Ok");
        }
    }
}

relay_result relay_probe(const model *m, const smtpd_restrictions *s,
                         const char *client, const char *rcpt)
{
    sim x;

    evaluate(&x, m, s, client, false, rcpt);
    free(x.reply_text);
    free(x.why);
    return x.result;
}

static void run_row(relay_run *run, const model *m, const smtpd_restrictions *s,
                    const char *client, bool sasl, const char *rcpt)
{
    sim x;
    relay_row *row;

    evaluate(&x, m, s, client, sasl, rcpt);
    run->rows = grow_array(run->rows, &run->cap, run->n + 1, sizeof(*run->rows));
    row = &run->rows[run->n++];
    memset(row, 0, sizeof(*row));
    row->service = s->name;
    row->client = client;
    row->sasl = sasl;
    row->recipient = xstrdup(rcpt);
    row->result = x.result;
    memcpy(row->reply, x.reply, sizeof(row->reply));
    row->reply_text = x.reply_text;
    row->why = x.why;
    if (x.decider_list) {
        row->setting = xstrdup(x.decider_list->param);
        if (x.decider)
            row->word = xstrdup(x.decider->kind == RI_BUILTIN
                                ? x.decider->info->name : x.decider->word);
        row->sp = x.decider ? x.decider->sp : x.decider_list->sp;
        /* A default value is in no file: name the setting only. */
        row->located = x.decider_list->where.origin >= ORIGIN_MAIN;
    }
}

/* ---- the run ---------------------------------------------------------- */

bool relay_service_starts(const smtpd_restrictions *s, pf_version v,
                          const char **why)
{
    for (size_t i = 0; i < s->n_classes; i++)
        if (!s->classes[i]->defined) {
            *why = "a restriction class needs a definition";
            return false;
        }
    if (!rlists_have_relay_check(s, v)) {
        *why = "no relay check: smtpd stops at start";
        return false;
    }
    if (rlists_bad_policy(s)) {
        *why = "a check_policy_service server smtpd refuses: it stops at start";
        return false;
    }
    if (rlists_class_loop(s)) {
        *why = "restriction classes in a loop: smtpd crashes";
        return false;
    }
    return true;
}

relay_run *relay_sim_run(const model *m, const restriction_model *rm)
{
    relay_run *run = xmalloc(sizeof(*run));
    char host_rcpt[300], relay_rcpt[300];

    memset(run, 0, sizeof(*run));
    for (size_t i = 0; i < rm->n_services; i++) {
        const smtpd_restrictions *s = &rm->services[i];
        sim probe = {.m = m, .s = s};
        char *host = value_of(&probe, "myhostname");
        char *relays = value_of(&probe, "relay_domains");
        char *sasl = value_of(&probe, "smtpd_sasl_auth_enable");
        list_tokens t = {0};
        const char *rcpts[3];
        size_t nr = 0;

        snprintf(host_rcpt, sizeof(host_rcpt), "root@%s", host);
        rcpts[nr++] = host_rcpt;
        rcpts[nr++] = "user@remote.example";
        list_split(relays, strlen(relays), LIST_SEPARATORS, true, &t);
        if (t.n && !memchr(t.items[0].text, ':', t.items[0].len)
            && t.items[0].text[0] != '/' && t.items[0].text[0] != '$') {
            snprintf(relay_rcpt, sizeof(relay_rcpt), "user@%.*s",
                     (int) t.items[0].len, t.items[0].text);
            if (!str_eq(relay_rcpt + 5, host))
                rcpts[nr++] = relay_rcpt;
        }
        for (size_t r = 0; r < nr; r++) {
            run_row(run, m, s, "127.0.0.1", false, rcpts[r]);
            run_row(run, m, s, "203.0.113.7", false, rcpts[r]);
            if (is_yes(sasl))
                run_row(run, m, s, "203.0.113.7", true, rcpts[r]);
        }
        list_tokens_free(&t);
        free(host);
        free(relays);
        free(sasl);
    }
    return run;
}

void relay_run_free(relay_run *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->rows[i].recipient);
        free(r->rows[i].reply_text);
        free(r->rows[i].setting);
        free(r->rows[i].word);
        free(r->rows[i].why);
    }
    free(r->rows);
    free(r);
}

const char *relay_result_name(relay_result r)
{
    static const char *const names[] = {
        "accept", "reject", "defer", "no-service", "depends"
    };

    return names[r];
}

const relay_row *relay_open_row(const relay_run *r, const char *service)
{
    for (size_t i = 0; i < r->n; i++) {
        const relay_row *row = &r->rows[i];

        if (str_eq(row->service, service) && !row->sasl
            && str_eq(row->client, "203.0.113.7")
            && str_eq(row->recipient, "user@remote.example")
            && row->result == RELAY_ACCEPT)
            return row;
    }
    return NULL;
}

void relay_format_text(const relay_run *r, strbuf *out)
{
    const char *last = "";

    sb_adds(out, "Who can send and relay (RCPT TO, as smtpd decides; sender "
            SENDER "):\n");
    for (size_t i = 0; i < r->n; i++) {
        const relay_row *row = &r->rows[i];
        char client[40];

        if (!str_eq(row->service, last)) {
            sb_printf(out, "  %s\n", row->service);
            last = row->service;
        }
        snprintf(client, sizeof(client), "%s%s", row->client,
                 row->sasl ? " (SASL)" : "");
        sb_printf(out, "    %-20s %-28s %-10s %s", client, row->recipient,
                  relay_result_name(row->result),
                  row->reply[0] ? row->reply : "");
        if (row->why)
            sb_printf(out, "%s(%s)", row->reply[0] ? " " : "", row->why);
        if (row->setting && row->located)
            sb_printf(out, "  [%s, line %d]", row->setting, row->sp.line);
        else if (row->setting)
            sb_printf(out, "  [%s]", row->setting);
        sb_adds(out, "\n");
    }
}
