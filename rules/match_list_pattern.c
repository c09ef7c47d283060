/*
 * match_list_pattern.c - rule "match-list-pattern": an element of a
 * match list (mynetworks, relay_domains, mydestination ...) that Postfix
 * cannot use.
 *
 * match_list_parse() and match_hostaddr() of Postfix 3.7.11 (util/):
 *   - a word that starts with '#': "warning: NAME: comment at end of line
 *     is not supported: # ...", and the rest of the list is dropped;
 *   - '!' with nothing after it: "fatal: NAME: no pattern after '!'", the
 *     program that reads the list stops;
 *   - /file/name that cannot be opened: "open file /x: No such file or
 *     directory" (a daemon: every match that reaches it fails);
 *   - in an address list, an address or net/mask that cidr_match_parse()
 *     refuses ("non-null host address bits in "10.0.0.1/8", perhaps you
 *     should use "10.0.0.0/8" instead", "bad mask length" ...): the match
 *     fails with an error each time a client of that address family
 *     reaches the element. For mynetworks, permit_mynetworks then answers
 *     "451 4.3.0 Temporary lookup failure" (seen with Postfix 3.7.11).
 * Lines of a /file/name are read the same way, each one a list.
 */
#include "rule.h"
#include "effective.h"
#include "listtok.h"
#include "table.h"
#include "table_check.h"
#include "table_file.h"
#include "value_span.h"

#include <stdlib.h>
#include <string.h>

/* Lists that match_list_init() parses, and which of them hold client
 * addresses (namadr_list, addr_match_list: match_hostaddr()). */
static const struct {
    const char *name;
    bool addresses;
    bool defer;         /* a failed match defers mail (else: no match) */
} lists[] = {
    {"mynetworks", true, true},
    {"permit_mx_backup_networks", true, true},
    {"smtpd_client_event_limit_exceptions", true, false},
    {"smtpd_sasl_exceptions_networks", true, false},
    {"smtpd_authorized_xclient_hosts", true, false},
    {"smtpd_authorized_xforward_hosts", true, false},
    {"smtpd_authorized_verp_clients", true, false},
    {"authorized_verp_clients", true, false},
    {"smtpd_forbid_bare_newline_exclusions", true, false},
    {"debug_peer_list", true, false},
    {"qmqpd_authorized_clients", true, false},
    {"postscreen_allowlist_interfaces", true, false},
    {"postscreen_whitelist_interfaces", true, false},
    {"mydestination", false, true},
    {"relay_domains", false, true},
    {"virtual_alias_domains", false, true},
    {"virtual_mailbox_domains", false, true},
    {"fast_flush_domains", false, false},
    {"masquerade_exceptions", false, false},
    {"authorized_flush_users", false, false},
    {"authorized_mailq_users", false, false},
    {"authorized_submit_users", false, false},
    {"smtp_connection_cache_destinations", false, false},
    {"lmtp_connection_cache_destinations", false, false},
};

typedef struct walk {
    const lint_ctx *ctx;
    const rule_desc *self;
    const setting *st;
    const param_info *p;
    bool addresses, defer;
    int depth;
    value_map map;              /* where the expanded value was written */
    const span *sp;             /* where to report: the element, or the
                                 * setting when it cannot be located */
} walk;

static void check_list(walk *w, const char *text, size_t len,
                       const char *file);

/* The clients or lookups an element failing to match hurts. */
static const char *consequence(const walk *w)
{
    if (!w->defer)
        return "the element never matches";
    if (w->addresses)
        return "smtpd answers \"451 4.3.0 Temporary lookup failure\" to "
               "every client of that address family that the list "
               "reaches (a client matched by an earlier element is not "
               "affected)";
    return "the lookup fails, and mail that reaches it is deferred";
}

/* A '#' word: Postfix drops it and every word after it. When one of
 * those looks like a list element (a dot, a colon, a slash or a digit),
 * an element is lost: warning; else only the log says so: info. */
static void comment_found(walk *w, const list_tokens *items, size_t at,
                          const char *file)
{
    bool lost = false;
    char *word = xstrndup(items->items[at].text, items->items[at].len);

    for (size_t j = at + 1; j < items->n && !lost; j++)
        for (size_t k = 0; k < items->items[j].len && !lost; k++)
            lost = strchr("./:0123456789", items->items[j].text[k])
                   != NULL;
    report_sev(w->ctx, w->self, lost ? SEV_WARNING : SEV_INFO, w->sp,
               "%s: \"#\" starts no comment inside a value%s%s; Postfix "
               "ignores it and the %zu word%s after it%s" DIAG_NOTE
               " Postfix %s logs \"warning: %s: comment at end of line is "
               "not supported: %s ...\" each time a program reads %s; put "
               "comments on lines of their own",
               w->st->name, file ? " in " : "", file ? file : "",
               items->n - at - 1, items->n - at - 1 == 1 ? "" : "s",
               lost ? ", list elements among them" : "",
               w->ctx->version_text, w->st->name, word, w->st->name);
    free(word);
}

static void check_cidr(walk *w, const char *item)
{
    strbuf why;

    /* match_hostaddr() leaves host names, plain IPv4 addresses and junk
     * it used to ignore alone; only address patterns reach the parser. */
    if (item[strcspn(item, ":/")] == '\0'
        || item[strspn(item, "01234567890.")] == '\0'
        || item[strspn(item, "01234567890.abcdefABCDEF:[]/")] != '\0')
        return;
    sb_init(&why);
    if (!cidr_pattern_valid(item, w->ctx->version, &why))
        report_sev(w->ctx, w->self, w->defer ? SEV_ERROR : SEV_WARNING,
                   w->sp, "%s: \"%s\" is not an address or network "
                   "Postfix can match (%s)" DIAG_NOTE " Postfix %s logs "
                   "\"warning: %s: %s\" each time a client address "
                   "reaches it, and %s",
                   w->st->name, item, why.data, w->ctx->version_text,
                   w->st->name, why.data, consequence(w));
    sb_free(&why);
}

static void check_file(walk *w, const char *path)
{
    table_file tf;
    const char *why, *line;
    int err, n;

    if (w->ctx->no_files || w->depth > 8)
        return;
    if (!table_file_open(&tf, path, &why, &err)) {
        if (err != 0)
            report_sev(w->ctx, w->self, w->defer ? SEV_ERROR : SEV_WARNING,
                       w->sp, "%s: the file %s cannot be read (%s)" DIAG_NOTE
                       " Postfix %s logs \"open file %s: %s\"; a command "
                       "that reads %s stops, and in a daemon %s",
                       w->st->name, path, why, w->ctx->version_text, path,
                       why, w->st->name, consequence(w));
        return;
    }
    w->depth++;
    while ((line = table_file_next(&tf, &n)) != NULL) {
        const span *outer = w->sp;
        span here;

        /* Findings in the file point at its line. */
        memset(&here, 0, sizeof(here));
        here.src = table_source(path);
        here.line = here.end_line = n;
        here.col = here.end_col = 1;
        w->sp = &here;
        check_list(w, line, strlen(line), path);
        w->sp = outer;
    }
    w->depth--;
    table_file_close(&tf);
}

static void check_list(walk *w, const char *text, size_t len,
                       const char *file)
{
    list_tokens items = {0};

    list_split(text, len, LIST_SEPARATORS,
               list_braces_in(w->ctx->version), &items);
    for (size_t i = 0; i < items.n; i++) {
        const list_token *t = &items.items[i];
        char *item = xstrndup(t->text, t->len);
        const char *pattern = item + strspn(item, "!");
        span at;
        bool exact = false;

        if (file == NULL) {
            at = value_span(&w->map, t->off, t->len, &exact);
            w->sp = exact ? &at : w->st->sp;
        }

        if (*item == '#') {
            comment_found(w, &items, i, file);
            free(item);
            break;
        }
        if (*pattern == '\0')
            report_sev(w->ctx, w->self, SEV_ERROR, w->sp,
                       "%s: \"%s\" negates nothing%s%s" DIAG_NOTE
                       " every program of Postfix %s that reads %s stops "
                       "with \"fatal: %s: no pattern after '!'\"; write "
                       "\"!pattern\" as one word",
                       w->st->name, item, file ? " in " : "",
                       file ? file : "", w->ctx->version_text,
                       w->st->name, w->st->name);
        else if (*pattern == '/' && !t->braced)
            check_file(w, pattern);
        else if (*pattern != '[' && strchr(pattern, ':') != NULL)
            ;   /* type:table, as match lists read it (other rules') */
        else if (w->addresses)
            check_cidr(w, pattern);
        free(item);
    }
    list_tokens_free(&items);
}

static void check_setting(const lint_ctx *ctx, const rule_desc *self,
                          const setting *st)
{
    walk w = {ctx, self, st, NULL, false, false, 0, {NULL, NULL}, st->sp};
    expand_result res = {0};
    strbuf value;
    size_t i;

    for (i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (str_eq(st->name, lists[i].name))
            break;
    if (i == sizeof lists / sizeof lists[0])
        return;
    w.p = param_lookup(st->name);
    if (w.p == NULL || !param_builtin_in(w.p, ctx->version)
        || !setting_reaches(ctx->m, st->svc, w.p, w.p->used_by))
        return;
    w.map = value_locate(ctx->m, st->svc, (eff_value) {
        st->value, st->entry ? ORIGIN_MAIN : ORIGIN_MASTER, st->entry,
        st->entry ? NULL : service_option(st->svc, st->name)});
    w.addresses = lists[i].addresses;
    w.defer = lists[i].defer;
    sb_init(&value);
    effective_expand(ctx->m, st->svc, st->name, st->value, &value, &res);
    if (!res.error && !res.too_large)
        check_list(&w, value.data, value.len, NULL);
    sb_free(&value);
    expand_result_free(&res);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_setting(ctx, self, check_setting);
}

const rule_desc rule_match_list_pattern = {
    "match-list-pattern", SEV_ERROR,
    "an element of a match list (mynetworks, relay_domains ...) that "
    "Postfix cannot use: a bad network, a lone '!', a '#' comment, a "
    "missing /file",
    "Postfix reads mynetworks, relay_domains, mydestination and the other "
    "match lists element by element. A net/mask it cannot parse (such as "
    "10.0.0.1/8) makes every match that reaches it fail: for mynetworks, "
    "smtpd then answers 451 to the clients it was meant to trust. A lone "
    "'!' stops the program; a '#' inside a value is not a comment and "
    "drops the rest of the list.",
    check,
    SEV_ALSO(SEV_WARNING) | SEV_ALSO(SEV_INFO)
};
