/*
 * tls_cipherlist_override.c - rule "tls-cipherlist-override": a
 * tls_<grade>_cipherlist set in main.cf.
 *
 * These lists are Postfix's own, maintained with each release and OpenSSL
 * version; overriding one freezes a hand-made recipe (and its mistakes)
 * into every TLS service that uses that grade. If no smtpd service and no
 * smtp client setting selects the grade, the override does nothing at all.
 * The recommended way to trim suites is *_tls_exclude_ciphers, or a
 * different grade. Severity: info (advice; Postfix uses the list).
 */
#include "rule.h"
#include "tls_report.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const grades[] = {"high", "medium", "low", "export",
                                     "null", NULL};

/* Does any service or client setting select this grade? */
static bool grade_used(const lint_ctx *ctx, const char *grade,
                       strbuf *users)
{
    static const char *const client_params[] = {
        "smtp_tls_ciphers", "smtp_tls_mandatory_ciphers",
        "lmtp_tls_ciphers", "lmtp_tls_mandatory_ciphers", NULL
    };
    bool used = false;

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];

        if (t->use_tls && strcasecmp(t->grade_word, grade) == 0) {
            sb_printf(users, "%s%s", used ? ", " : "", t->name);
            used = true;
        }
    }
    for (const char *const *cp = client_params; *cp; cp++) {
        const main_param *p = model_main_param(ctx->m, *cp);

        if (p && strcasecmp(p->entry->value, grade) == 0) {
            sb_printf(users, "%s%s", used ? ", " : "", *cp);
            used = true;
        }
    }
    return used;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    for (const char *const *g = grades; *g; g++) {
        char name[64];
        const main_param *p;
        strbuf users;

        snprintf(name, sizeof(name), "tls_%s_cipherlist", *g);
        if ((p = model_main_param(ctx->m, name)) == NULL)
            continue;
        diagnostic *d;

        sb_init(&users);
        if (grade_used(ctx, *g, &users))
            d = report(ctx, self, &p->entry->name_sp,
                   "%s overrides Postfix's own \"%s\" cipher list for "
                   "%s:" DIAG_NOTE
                   " Postfix %s keeps that list current, this copy will not "
                   "age well; trim suites with *_tls_exclude_ciphers instead "
                   "and delete this line",
                   name, *g, users.data, ctx->version_text);
        else
            d = report(ctx, self, &p->entry->name_sp,
                       "%s has no effect:" DIAG_NOTE
                       " no smtpd service and no smtp client setting selects "
                       "the \"%s\" grade (Postfix "
                       "%s); delete the line",
                       name, *g, ctx->version_text);
        /* Deleting the override brings back Postfix's list. */
        if (p->n_entries == 1)
            diag_set_fix(d, &p->entry->line_sp, "");
        sb_free(&users);
    }
}

const rule_desc rule_tls_cipherlist_override = {
    "tls-cipherlist-override", SEV_INFO,
    "a tls_<grade>_cipherlist override: discouraged, and inert unless that "
    "grade is selected",
    "tls_high_cipherlist and its siblings are the lists Postfix keeps up to "
    "date for each grade. Overriding one freezes a cipher recipe that will "
    "not follow OpenSSL or Postfix changes, and it only matters where that "
    "grade is selected (smtpd_tls_ciphers, smtpd_tls_mandatory_ciphers, "
    "the smtp client's *_ciphers). Use *_tls_exclude_ciphers to remove "
    "suites.",
    check,
    0
};
