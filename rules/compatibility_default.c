/*
 * compatibility_default.c - rule "compatibility-default": a default that
 * Postfix keeps backwards-compatible because compatibility_level is below
 * the level that changed it, and the message Postfix logs for it.
 *
 * From Postfix 3.0, the defaults of some parameters depend on
 * compatibility_level (mail_params.h: "${{$compatibility_level} <level
 * {2} ? {$mydestination} : {}}"). While the level is below, the program
 * that uses such a default logs "using backwards-compatible default
 * setting NAME=VALUE" when the old value decides something
 * (trivial-rewrite rewrite.c, smtpd smtpd.c and smtpd_check.c, postscreen,
 * flush_clnt.c, tls_dane.c; master_ent.c for a "-" in the chroot column),
 * and every postfix(1) command logs "Postfix is using backwards-compatible
 * default settings" (postfix.c). An explicit setting of the parameter
 * silences its message; compatibility_level at the current level (3.6
 * from Postfix 3.6) silences them all and takes the new defaults.
 * Advice (info): the old value is what Postfix uses, as before.
 */
#include "rule.h"
#include "effective.h"
#include "expand.h"

#include <stdio.h>
#include <string.h>

typedef struct compat_default {
    const char *name;
    const char *level;          /* the level that changed the default */
    pf_version since;           /* the first Postfix with it */
    const char *old_value, *new_value;
    const char *programs;       /* who reads it (and logs) */
    const char *when;           /* when the message is logged */
} compat_default;

static const compat_default defaults[] = {
    {"append_dot_mydomain", "1", {3, 0, 0}, "yes", "no", "trivial-rewrite",
     "when it appends .$mydomain to an address whose domain has no dot"},
    {"smtputf8_enable", "1", {3, 0, 0}, "no", "yes", "smtpd",
     "when a client sends a non-ASCII address"},
    {"smtpd_relay_restrictions", "1", {3, 6, 0}, "",
     "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination",
     "smtpd", "when a recipient passes that the new default would defer"},
    {"relay_domains", "2", {3, 0, 0}, "$mydestination", "", "smtpd",
     "when a domain is a relay destination only by the old default"},
    {"mynetworks_style", "2", {3, 0, 0}, "subnet", "host", "smtpd",
     "when a client is in mynetworks only by the old default"},
    {"smtpd_tls_fingerprint_digest", "3.6", {3, 6, 0}, "md5", "sha256",
     "smtpd", "when it computes a client certificate fingerprint"},
    {"smtp_tls_fingerprint_digest", "3.6", {3, 6, 0}, "md5", "sha256",
     "smtp", "when it matches a server certificate fingerprint"},
    {"lmtp_tls_fingerprint_digest", "3.6", {3, 6, 0}, "md5", "sha256",
     "lmtp", "when it matches a server certificate fingerprint"},
    {"smtpd_relay_before_recipient_restrictions", "3.6", {3, 6, 0}, "no",
     "yes", "smtpd", "when smtpd_recipient_restrictions rejects a "
     "recipient before smtpd_relay_restrictions is evaluated"},
    {"respectful_logging", "3.6", {3, 6, 0}, "no", "yes", "postscreen",
     "when it logs with the old terms (whitelist, blacklist)"},
};

/* Is the default of d in play: not set anywhere, read by a program that
 * runs, and (for the narrow ones) the feature that uses it configured? */
static bool in_play(const lint_ctx *ctx, const compat_default *d)
{
    const param_info *p = param_lookup(d->name);

    if (p == NULL || !param_builtin_in(p, ctx->version)
        || model_main_param(ctx->m, d->name) != NULL
        || !programs_in_use(ctx->m, d->programs))
        return false;
    for (size_t s = 0; s < ctx->m->n_services; s++)
        if (service_option(&ctx->m->services[s], d->name))
            return false;
    /* mynetworks set by hand: the style is not used. */
    if (str_eq(d->name, "mynetworks_style")
        && model_main_param(ctx->m, "mynetworks") != NULL)
        return false;
    if (strstr(d->name, "_tls_fingerprint_digest")) {
        const char *proto = str_eq(d->name, "smtpd_tls_fingerprint_digest")
            ? NULL : d->programs;
        char level[64], match[64];
        eff_value v;

        if (proto == NULL)
            return false;       /* smtpd: only with client certificates */
        snprintf(level, sizeof level, "%s_tls_security_level", proto);
        snprintf(match, sizeof match, "%s_tls_fingerprint_cert_match",
                 proto);
        v = effective_lookup(ctx->m, NULL, level);
        return (v.value && str_eq(v.value, "fingerprint"))
            || model_main_param(ctx->m, match) != NULL;
    }
    if (str_eq(d->name, "smtpd_relay_before_recipient_restrictions"))
        return model_main_param(ctx->m, "smtpd_recipient_restrictions")
               != NULL;
    if (str_eq(d->name, "respectful_logging"))
        return programs_in_use(ctx->m, "postscreen");
    return true;
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_0 = {3, 0, 0}, v3_6 = {3, 6, 0};
    const main_param *cl = model_main_param(ctx->m, "compatibility_level");
    static const span nowhere;  /* no line: about the whole configuration */
    const span *sp = cl ? &cl->entry->value_sp : &nowhere;
    const char *last = version_cmp(ctx->version, v3_6) >= 0 ? "3.6" : "2";
    expand_result res = {0};
    strbuf value, keep;
    long level;
    size_t n = 0;

    if (version_cmp(ctx->version, v3_0) < 0)
        return;
    sb_init(&value);
    if (cl)
        effective_expand(ctx->m, NULL, "compatibility_level",
                         cl->entry->value, &value, &res);
    level = compat_level_value(cl ? value.data : "0");
    if (level < 0 || res.error) {       /* enum-value says why */
        sb_free(&value);
        expand_result_free(&res);
        return;
    }
    if (level >= compat_level_value(last)) {
        sb_free(&value);
        expand_result_free(&res);
        return;
    }
    /* One finding: the level, then each default it keeps with the line
     * that keeps it and silences its message. */
    sb_init(&keep);
    for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
        const compat_default *d = &defaults[i];

        if (version_cmp(ctx->version, d->since) < 0
            || level >= compat_level_value(d->level) || !in_play(ctx, d))
            continue;
        n++;
        sb_printf(&keep, "%s \"%s = %s\" (%s logs \"using "
                  "backwards-compatible default setting %s=%s\" %s; new "
                  "default: \"%s\")", n > 1 ? ";" : "", d->name,
                  d->old_value, d->programs, d->name, d->old_value,
                  d->when, d->new_value);
    }
    /* master(8): a '-' in the chroot column means y below level 1. */
    for (size_t s = 0; level < compat_level_value("1")
                       && s < ctx->m->n_services; s++) {
        const service *svc = &ctx->m->services[s];

        if (svc->has_fields && str_eq(svc->argv[MF_CHROOT].text, "-")) {
            n++;
            sb_printf(&keep, "%s y in the chroot column of %s/%s (master "
                      "logs \"using backwards-compatible default setting "
                      "chroot=y\")", n > 1 ? ";" : "",
                      svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text);
        }
    }
    if (n == 0)
        report(ctx, self, sp, "compatibility_level = %s is below %s" DIAG_NOTE
               " every postfix command of Postfix %s logs \"Postfix is using "
               "backwards-compatible default settings\" (each default the "
               "level changed is written out here); set "
               "compatibility_level = %s to silence it",
               cl ? value.data : "0 (the default)", last, ctx->version_text,
               last);
    else
        report(ctx, self, sp, "compatibility_level = %s is below %s: "
               "Postfix %s keeps %zu backwards-compatible default%s"
               DIAG_NOTE " every postfix command logs \"Postfix is using "
               "backwards-compatible default settings\". To keep the old "
               "behaviour and silence the messages, write:%s; or set "
               "compatibility_level = %s for the new defaults",
               cl ? value.data : "0 (the default)", last, ctx->version_text,
               n, n == 1 ? "" : "s", keep.data, last);
    sb_free(&keep);
    sb_free(&value);
    expand_result_free(&res);
}

const rule_desc rule_compatibility_default = {
    "compatibility-default", SEV_INFO,
    "a default Postfix keeps backwards-compatible (compatibility_level "
    "below the level that changed it), and the setting that silences its "
    "message",
    "From Postfix 3.0 some defaults depend on compatibility_level. Below "
    "the level that changed them, Postfix keeps the old value and logs "
    "\"using backwards-compatible default setting NAME=VALUE\" when it "
    "decides something; every postfix command logs \"Postfix is using "
    "backwards-compatible default settings\". Writing the parameter "
    "explicitly silences its message; compatibility_level = 3.6 takes "
    "the new defaults.",
    check,
    0
};
