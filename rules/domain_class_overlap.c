/*
 * domain_class_overlap.c - rule "domain-class-overlap": one domain named
 * in two address classes.
 *
 * trivial-rewrite puts a recipient domain in the first class that lists
 * it (resolve.c): local (mydestination), else virtual alias
 * (virtual_alias_domains), else virtual mailbox (virtual_mailbox_domains),
 * else relay (relay_domains). The later class is then never used for
 * that domain, and with helpful_warnings = yes (the default) it logs, as
 * mail for the domain arrives:
 *   "warning: do not list domain example.com in BOTH mydestination and
 *    virtual_mailbox_domains"
 * Decided only for domain names written in the lists (after $name
 * expansion); tables (type:name), files and lists with exclusions are
 * not read. mydestination with relay_domains is not a conflict.
 */
#include "rule.h"
#include "effective.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum { C_LOCAL, C_ALIAS, C_MAILBOX, C_RELAY, N_CLASSES };

static const char *const class_param[N_CLASSES] = {
    "mydestination", "virtual_alias_domains", "virtual_mailbox_domains",
    "relay_domains"
};

static const char *const class_effect[N_CLASSES] = {
    "local mail (local_transport, local users and aliases)",
    ("a virtual alias domain (addresses not in virtual_alias_maps are "
     "rejected: \"User unknown in virtual alias table\")"),
    "a virtual mailbox domain (virtual_transport)",
    "a relay domain"
};

typedef struct dlist {
    strbuf text;            /* expanded value */
    bool usable;            /* literal names only are compared */
    eff_value ev;
} dlist;

static bool literal_domain(const char *w, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)w[i]) || w[i] == '-' || w[i] == '.'))
            return false;
    return w[0] != '.';
}

static bool list_has(const dlist *l, const char *w, size_t n)
{
    const char *cp = l->text.data;

    if (!l->usable)
        return false;
    while (*cp) {
        size_t k;

        cp += strspn(cp, ", \t\r\n");
        k = strcspn(cp, ", \t\r\n");
        if (k == 0)
            break;
        if (k == n && strncasecmp(cp, w, n) == 0)
            return true;
        cp += k;
    }
    return false;
}

/* Where to point: the domain in the later class's setting, if written
 * there literally; else that setting; else the earlier one's. */
static span where(const dlist *later, const dlist *first, const char *w,
                  size_t n, bool *found)
{
    const dlist *pick[2] = {later, first};

    *found = true;
    for (int i = 0; i < 2; i++) {
        const eff_value *ev = &pick[i]->ev;

        if (ev->origin == ORIGIN_MAIN && ev->entry) {
            const char *v = ev->entry->value;

            for (const char *cp = v; *cp; ) {
                size_t k;

                cp += strspn(cp, ", \t\r\n");
                k = strcspn(cp, ", \t\r\n");
                if (k == 0)
                    break;
                if (k == n && strncasecmp(cp, w, n) == 0)
                    return mc_value_span_at(ev->entry, (size_t)(cp - v), n);
                cp += k;
            }
            return ev->entry->value_sp;
        }
    }
    *found = false;
    return later->ev.entry ? later->ev.entry->value_sp : (span){0};
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    dlist lists[N_CLASSES];

    for (int c = 0; c < N_CLASSES; c++) {
        expand_result res = {0};
        const char *cp;

        sb_init(&lists[c].text);
        lists[c].ev = effective_lookup(ctx->m, NULL, class_param[c]);
        lists[c].usable = lists[c].ev.value != NULL;
        if (!lists[c].usable)
            continue;
        effective_expand(ctx->m, NULL, class_param[c], lists[c].ev.value,
                         &lists[c].text, &res);
        if (res.error || res.too_large)
            lists[c].usable = false;
        /* An exclusion (!name) makes the order matter: not decided. */
        for (cp = lists[c].text.data; *cp; ) {
            size_t k;

            cp += strspn(cp, ", \t\r\n");
            k = strcspn(cp, ", \t\r\n");
            if (k == 0)
                break;
            if (*cp == '!')
                lists[c].usable = false;
            cp += k;
        }
        expand_result_free(&res);
    }
    /* Every literal domain, in its first class; then the later ones. */
    for (int c = 0; c < N_CLASSES; c++) {
        const char *cp;

        if (!lists[c].usable)
            continue;
        for (cp = lists[c].text.data; *cp; ) {
            size_t k;

            cp += strspn(cp, ", \t\r\n");
            k = strcspn(cp, ", \t\r\n");
            if (k == 0)
                break;
            if (literal_domain(cp, k)) {
                bool earlier = false;

                for (int e = 0; e < c; e++)
                    if (list_has(&lists[e], cp, k))
                        earlier = true;
                for (int l = c + 1; !earlier && l < N_CLASSES; l++) {
                    bool found;
                    span sp;

                    /* trivial-rewrite's pairs: local with the virtual
                     * classes, alias with mailbox and relay, mailbox
                     * with relay. */
                    if (c == C_LOCAL && l == C_RELAY)
                        continue;
                    if (!list_has(&lists[l], cp, k))
                        continue;
                    sp = where(&lists[l], &lists[c], cp, k, &found);
                    if (!found)
                        continue;
                    report(ctx, self, &sp,
                           "domain %.*s is listed in both %s and %s:" DIAG_NOTE
                           " trivial-rewrite of Postfix %s takes the first "
                           "class, so it is handled as %s, and %s is ignored "
                           "for it; %s\"warning: do not list domain %.*s in "
                           "BOTH %s and %s\"; remove it from one of the two",
                           (int)k, cp, class_param[c], class_param[l],
                           ctx->version_text, class_effect[c],
                           class_param[l],
                           "with helpful_warnings = yes it logs, for each "
                           "such recipient, ",
                           (int)k, cp, class_param[c], class_param[l]);
                }
            }
            cp += k;
        }
    }
    for (int c = 0; c < N_CLASSES; c++)
        sb_free(&lists[c].text);
}

const rule_desc rule_domain_class_overlap = {
    "domain-class-overlap", SEV_WARNING,
    "a domain listed in two address classes (mydestination, "
    "virtual_alias_domains, virtual_mailbox_domains, relay_domains)",
    "trivial-rewrite gives a recipient domain the first class that lists "
    "it: local (mydestination), virtual alias, virtual mailbox, relay. A "
    "domain listed again in a later class is never handled by it, and "
    "trivial-rewrite logs \"do not list domain X in BOTH ...\". Only "
    "domain names written in the lists are compared, not tables.",
    check,
    0
};
