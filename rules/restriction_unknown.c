/*
 * restriction_unknown.c - rule "restriction-unknown": a word in an smtpd
 * restriction list that smtpd does not know.
 *
 * smtpd checks the names only when a request reaches them: then it logs
 * 'warning: unknown smtpd restriction: "permit_mynetwork"' and answers
 * "451 4.3.5 Server configuration error" (smtpd_check.c, 2.6 to 3.11),
 * so every client whose request gets that far is turned away, again and
 * again. postconf and postfix check say nothing. A typo gets the nearest
 * names (a guess: listed, never applied); a name of a later version says
 * which; a main.cf parameter used as a class without being listed in
 * smtpd_restriction_classes says that. local_header_rewrite_clients
 * takes a few permit_* names and tables; smtpd skips any other word with
 * "invalid request" (a warning).
 */
#include "rule.h"
#include "listtok.h"
#include "restriction_lists.h"
#include "suggest.h"
#include "value_span.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Restriction names of the version and the list's classes. */
static size_t candidates(const lint_ctx *ctx, const smtpd_restrictions *s,
                         const char **out, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < restriction_table_len && n < max; i++)
        if (restriction_known_in(&restriction_table[i], ctx->version))
            out[n++] = restriction_table[i].name;
    for (size_t i = 0; s && i < s->n_classes && n < max; i++)
        out[n++] = s->classes[i]->param;
    return n;
}

/* A service that reads l (for its classes). */
static const smtpd_restrictions *reader(const restriction_model *rm,
                                        const rlist *l)
{
    for (size_t i = 0; i < rm->n_services; i++)
        for (int id = 0; id < RL_COUNT; id++)
            if (rm->services[i].lists[id] == l)
                return &rm->services[i];
    return rm->n_services ? &rm->services[0] : NULL;
}

static void explain(const lint_ctx *ctx, const ritem *it, strbuf *why,
                    const char **fix)
{
    const main_param *p;

    *fix = NULL;
    if (it->info && it->info->since && it->info->since[0] == 'n')
        sb_printf(why, "; %s is not an smtpd restriction in any Postfix "
                  "version%s%s", it->word,
                  it->info->replacement ? " (write " : "",
                  it->info->replacement ? it->info->replacement : "");
    else if (it->info)
        sb_printf(why, "; %s needs Postfix %s", it->info->name,
                  it->info->since);
    else if ((p = model_main_param(ctx->m, it->word)) != NULL)
        sb_printf(why, "; it is set in main.cf (line %d), but a restriction "
                  "class must also be listed in smtpd_restriction_classes",
                  p->entry->name_sp.line);
    if (it->info && it->info->replacement && it->info->since[0] == 'n')
        sb_adds(why, ")");
}

/*
 * local_header_rewrite_clients is a list of its own (smtpd_check.c,
 * smtpd_check_rewrite()): permit_inet_interfaces, permit_mynetworks,
 * permit_sasl_authenticated, permit_tls_clientcerts,
 * permit_tls_all_clientcerts (any case), check_address_map TYPE:TABLE or
 * a bare TYPE:TABLE. Any other word: "warning: parameter
 * local_header_rewrite_clients: invalid request: WORD", and smtpd goes
 * on with the next one (a warning: that word never permits).
 */
static void check_rewrite_clients(const lint_ctx *ctx, const rule_desc *self,
                                  const setting *st)
{
    static const char *const known[] = {
        "permit_inet_interfaces", "permit_mynetworks",
        "permit_sasl_authenticated", "permit_tls_clientcerts",
        "permit_tls_all_clientcerts", "check_address_map", NULL
    };
    const param_info *p = param_lookup(st->name);
    expand_result res = {0};
    list_tokens toks = {0};
    strbuf value;
    eff_value v;
    value_map map;

    if (!str_eq(st->name, "local_header_rewrite_clients") || p == NULL
        || !setting_reaches(ctx->m, st->svc, p, "smtpd"))
        return;
    sb_init(&value);
    effective_expand(ctx->m, st->svc, st->name, st->value, &value, &res);
    if (res.error || res.too_large || value.data == NULL) {
        sb_free(&value);
        expand_result_free(&res);
        return;
    }
    v = effective_lookup(ctx->m, st->svc, st->name);
    map = value_locate(ctx->m, st->svc, v);
    list_split(value.data, value.len, LIST_SEPARATORS,
               list_braces_in(ctx->version), &toks);
    for (size_t i = 0; i < toks.n; i++) {
        const list_token *t = &toks.items[i];
        bool ok = t->braced || memchr(t->text, ':', t->len) != NULL;
        span sp;
        bool exact;

        for (const char *const *k = known; *k && !ok; k++)
            ok = strlen(*k) == t->len && strncasecmp(*k, t->text,
                                                      t->len) == 0;
        if (ok)
            continue;
        sp = value_span(&map, t->off, t->len, &exact);
        report_sev(ctx, self, SEV_WARNING, exact ? &sp : st->sp,
                   "unknown word \"%.*s\" in local_header_rewrite_clients"
                   ":" DIAG_NOTE " it takes permit_inet_interfaces, "
                   "permit_mynetworks, permit_sasl_authenticated, "
                   "permit_tls_clientcerts, permit_tls_all_clientcerts and "
                   "tables only; smtpd of Postfix %s logs \"warning: parameter "
                   "local_header_rewrite_clients: invalid request: %.*s\" "
                   "for each client that gets that far, and skips the word "
                   "(it never lets a client's headers be rewritten)",
                   (int) t->len, t->text, ctx->version_text, (int) t->len,
                   t->text);
    }
    list_tokens_free(&toks);
    sb_free(&value);
    expand_result_free(&res);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;
    const char *cands[256];

    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];
        const smtpd_restrictions *s = reader(rm, l);
        size_t n_cands = candidates(ctx, s, cands, 256);

        for (size_t i = 0; i < l->n; i++) {
            const ritem *it = &l->items[i];
            strbuf why, what;
            const char *near[3], *fix;
            size_t n_near = 0;
            diagnostic *d;

            /* The word after "sleep" or "check_*_access" that is not the
             * argument they need: restriction-argument says so. */
            if (it->kind != RI_UNKNOWN || it->ended_by != RITEM_REACHABLE
                || (i > 0 && l->items[i - 1].arg_state == RA_BAD))
                continue;
            sb_init(&why);
            sb_init(&what);
            rlist_describe(l, &what);
            explain(ctx, it, &why, &fix);
            if (why.len == 0 && (n_near = suggest_among(it->word, cands,
                                                        n_cands, near, 3)))
                sb_printf(&why, "; did you mean %s%s%s?", near[0],
                          n_near > 1 ? " or " : "", n_near > 1 ? near[1] : "");
            d = report(ctx, self, &it->sp,
                       "unknown restriction \"%s\" in %s:" DIAG_NOTE
                       " smtpd of Postfix %s logs 'unknown smtpd restriction: "
                       "\"%s\"' and answers "
                       "\"451 4.3.5 Server configuration error\" to every "
                       "request that reaches it%s",
                       it->word, what.data, ctx->version_text, it->word,
                       why.data ? why.data : "");
            if (n_near == 1 && it->exact) {
                diag_set_fix(d, &it->sp, near[0]);
                d->fix.unsafe = true;   /* a spelling guess: never applied */
            }
            sb_free(&why);
            sb_free(&what);
        }
    }
    each_setting(ctx, self, check_rewrite_clients);
}

const rule_desc rule_restriction_unknown = {
    "restriction-unknown", SEV_ERROR,
    "a word in an smtpd restriction list that smtpd does not know",
    "smtpd checks restriction names only when a request reaches them. An "
    "unknown word (a typo, a name of a later version, a class not listed in "
    "smtpd_restriction_classes) makes it log \"unknown smtpd restriction\" "
    "and answer 451 4.3.5 Server configuration error to every client that "
    "gets that far, so mail is deferred until the list is fixed. postconf "
    "and postfix check do not notice. A word that local_header_rewrite_"
    "clients does not take is skipped with a warning.",
    check,
    SEV_ALSO(SEV_WARNING)
};
