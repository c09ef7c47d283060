/*
 * tls_export_grade.c - rule "tls-export-grade": opportunistic smtpd TLS
 * at the "export" grade.
 *
 * Before 2.9.14, 2.10.8, 2.11.6 and 3.0.2 the default smtpd_tls_ciphers
 * was "export": at level may, smtpd (the public MX) offers every suite
 * OpenSSL has, down to export-grade ones. This is also where the
 * *_mandatory_* settings mislead: they apply only where TLS is enforced
 * (submission with encrypt, smtps), never on port 25 at level may. The
 * fix sets the later default, medium.
 */
#include "rule.h"
#include "tls_report.h"

#include <strings.h>

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    static const pf_version v3_8 = {3, 8, 0};
    reported done = {{0}, 0};

    /* From 3.8 "export" is an alias of "medium". */
    if (version_cmp(ctx->version, v3_8) >= 0)
        return;

    for (size_t i = 0; i < ctx->tls->n_servers; i++) {
        const tls_server *t = &ctx->tls->servers[i];
        span sp;
        diagnostic *d;
        char level[200];

        if (!t->use_tls || t->enforce || strcasecmp(t->grade_word, "export")
            || !setting_span(&t->grade, t, &sp)
            || already_reported(&done, &t->grade, t))
            continue;
        if (t->grade.raw.origin == ORIGIN_DEFAULT) {
            /* Not written anywhere: point at the level that selects it. */
            if (!level_span(ctx->m, t, &sp, level, sizeof(level)))
                continue;
            d = report(ctx, self, &sp,
                       "%s uses TLS level %s (%s), where smtpd takes its cipher "
                       "grade from smtpd_tls_ciphers, by default \"export\" "
                       "in Postfix %s" DIAG_NOTE
                       " (every suite, export-grade ones included; the "
                       "smtpd_tls_mandatory_* settings do not "
                       "apply at this level); add smtpd_tls_ciphers = medium",
                       t->name, t->level_word, level, ctx->version_text);
            /* Insert the setting after the level's value. */
            if (t->level.raw.origin == ORIGIN_MAIN) {
                span at = t->level.raw.entry->value_sp;

                at.off = at.end_off;
                at.line = at.end_line;
                at.col = at.end_col;
                diag_set_fix(d, &at, "\nsmtpd_tls_ciphers = medium");
            }
            continue;
        }
        d = report(ctx, self, &sp,
                   "%s = export on %s (TLS level %s) offers every "
                   "suite," DIAG_NOTE
                   " export-grade ones included (Postfix %s); write medium",
                   t->grade.name, t->name, t->level_word, ctx->version_text);
        if (sp.line == sp.end_line)
            diag_set_fix(d, &sp, "medium");
    }
}

const rule_desc rule_tls_export_grade = {
    "tls-export-grade", SEV_WARNING,
    "opportunistic smtpd TLS at the \"export\" cipher grade",
    "At TLS level may, smtpd picks suites from smtpd_tls_ciphers, whose "
    "default was \"export\" before Postfix 2.9.14/2.10.8/2.11.6/3.0.2: "
    "every suite OpenSSL has, export-grade ones included. The "
    "smtpd_tls_mandatory_* settings do not apply at that level, only where "
    "TLS is enforced. Set smtpd_tls_ciphers = medium.",
    check,
    0
};
