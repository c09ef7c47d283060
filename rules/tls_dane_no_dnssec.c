/*
 * tls_dane_no_dnssec.c - rule "tls-dane-no-dnssec": DANE without DNSSEC
 * lookups.
 *
 * smtp_tls_security_level = dane (or dane-only) needs validated DNS
 * answers: smtp_dns_support_level = dnssec and a validating resolver.
 * Without it Postfix logs a warning and falls back (dane: to may; dane-only:
 * deliveries fail). Also: DANE levels exist from Postfix 2.11.
 */
#include "rule.h"
#include "effective.h"

#include "listtok.h"

#include <stdio.h>
#include <strings.h>

/* With DNSSEC lookups on, smtp_tls_policy.c dane_init() still gives up
 * DANE when host lookups skip DNS, when MX lookup errors are ignored
 * (smtp only) or when the resolver may append local domains. */
static void check_dns_settings(const lint_ctx *ctx, const rule_desc *self,
                               const service *svc, const char *level,
                               const span *sp, const char *where)
{
    eff_value host = effective_lookup(ctx->m, svc, "smtp_host_lookup");
    eff_value ign = effective_lookup(ctx->m, svc, "ignore_mx_lookup_error");
    eff_value res = effective_lookup(ctx->m, svc,
                                     "smtp_dns_resolver_options");
    bool dane = strcasecmp(level, "dane") == 0;
    const char *what = NULL, *log = NULL;
    char written[200];

    if (host.value && !list_has(host.value, "dns")) {
        snprintf(written, sizeof(written), "smtp_host_lookup = %s",
                 host.value);
        what = "does not use DNS";
        log = "%s configured with dnssec lookups disabled";
    } else if (ign.value && strcasecmp(ign.value, "yes") == 0) {
        snprintf(written, sizeof(written), "ignore_mx_lookup_error = yes");
        what = "ignores MX lookup errors, DNSSEC failures among them";
        log = "%s configured with MX lookup errors ignored";
    } else if (res.value && (list_has(res.value, "res_defnames")
                             || list_has(res.value, "res_dnsrch"))) {
        snprintf(written, sizeof(written), "smtp_dns_resolver_options = %s",
                 res.value);
        what = "lets the resolver append local domains to names";
        log = "dns resolver options incompatible with %s TLS";
    }
    if (what == NULL)
        return;
    {
        char msg[200];

        snprintf(msg, sizeof(msg), log, level);
        report(ctx, self, sp,
               "smtp_tls_security_level%s = %s, but %s %s:" DIAG_NOTE
               " the smtp client of Postfix %s logs \"warning: DOMAIN: %s\" "
               "for each destination and %s", where, level, written, what,
               ctx->version_text, msg, dane
               ? "falls back to opportunistic TLS without DANE"
               : "defers the mail (dane-only)");
    }
}

static void check_one(const lint_ctx *ctx, const rule_desc *self,
                      const service *svc, const char *level, const span *sp,
                      const char *where)
{
    static const pf_version v2_11 = {2, 11, 0};
    eff_value dns = effective_lookup(ctx->m, svc, "smtp_dns_support_level");

    /* Before 2.11 there is no dane level at all (bad-value says so). */
    if (version_cmp(ctx->version, v2_11) < 0)
        return;
    if (strcasecmp(level, "dane") != 0 && strcasecmp(level, "dane-only") != 0)
        return;
    if (dns.value && strcasecmp(dns.value, "dnssec") == 0) {
        check_dns_settings(ctx, self, svc, level, sp, where);
        return;
    }
    report(ctx, self, sp,
           "smtp_tls_security_level%s = %s needs DNSSEC lookups, but "
           "smtp_dns_support_level is \"%s\"%s:" DIAG_NOTE
           " Postfix %s %s; set smtp_dns_support_level = dnssec (and use a "
           "validating resolver)",
           where, level, dns.value ? dns.value : "",
           dns.value && dns.value[0] ? "" : " (empty: no DNSSEC)",
           ctx->version_text, strcasecmp(level, "dane") == 0
           ? "falls back to opportunistic TLS without DANE"
           : "cannot deliver with dane-only");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const main_param *p = model_main_param(ctx->m, "smtp_tls_security_level");

    if (p)
        check_one(ctx, self, NULL, p->entry->value, &p->entry->value_sp, "");
    for (size_t s = 0; s < ctx->m->n_services; s++) {
        const service *svc = &ctx->m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++)
            if (str_eq(svc->opts[o].name, "smtp_tls_security_level")) {
                char where[160];

                snprintf(where, sizeof(where), " (-o of %s/%s)",
                         svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text);
                check_one(ctx, self, svc, svc->opts[o].value,
                          &svc->opts[o].sp, where);
            }
    }
}

const rule_desc rule_tls_dane_no_dnssec = {
    "tls-dane-no-dnssec", SEV_WARNING,
    "DANE TLS without DNSSEC lookups",
    "The smtp client's dane and dane-only levels need DNSSEC-validated DNS "
    "answers (smtp_dns_support_level = dnssec, and a validating resolver "
    "such as a local unbound). Without them Postfix logs a warning and "
    "dane degrades to may; dane-only mail cannot be delivered.",
    check,
    0
};
