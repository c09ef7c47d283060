/*
 * restriction_class_undefined.c - rule "restriction-class-undefined": a
 * name in smtpd_restriction_classes without a definition.
 *
 * smtpd reads every class when it starts; one that is not set, or set to
 * nothing, is fatal: "restriction class `NAME' needs a definition"
 * (smtpd_check.c, 2.6 to 3.11). master then logs the exit and throttles
 * the service: no mail is received at all.
 */
#include "rule.h"
#include "restriction_lists.h"

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const restriction_model *rm = ctx->restrictions;

    for (size_t u = 0; u < rm->n_unique; u++) {
        const rlist *l = rm->unique[u];

        if (l->id != RL_CLASS || l->defined)
            continue;
        report(ctx, self, &l->name_sp,
               "restriction class %s is listed in smtpd_restriction_classes "
               "but %s:" DIAG_NOTE
               " smtpd of Postfix %s stops at start with \"fatal: restriction "
               "class `%s' needs a definition\", and no mail is "
               "received; define it in main.cf (%s = the restrictions it "
               "stands for) or take it out of the list",
               l->param, l->where.value ? "set to nothing" : "never defined",
               ctx->version_text, l->param, l->param);
    }
}

const rule_desc rule_restriction_class_undefined = {
    "restriction-class-undefined", SEV_ERROR,
    "a restriction class without a definition",
    "Every name in smtpd_restriction_classes must be a main.cf parameter "
    "with a non-empty value: the list of restrictions the class stands for. "
    "smtpd reads them when it starts and stops with \"restriction class "
    "`NAME' needs a definition\" when one is missing; the smtpd service then "
    "receives no mail at all.",
    check,
    0
};
