/*
 * tls_protocol_bound_space.c - rule "tls-protocol-bound-space":
 * ">= TLSv1.2" with a blank after the operator.
 *
 * Blanks separate tokens, so ">= TLSv1.2" is the bound ">=" (empty: no
 * bound at all, accepted silently) followed by the included name TLSv1.2,
 * which makes the list an include list: only TLSv1.2, TLSv1.3 off.
 * Applies from 3.6 (earlier versions reject ">=" outright: see
 * tls-protocol-list). Fix: the list with the blanks after >= and <= gone.
 */
#include "rule.h"
#include "tls_report.h"

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const char *param, const char *value,
                        const span *sp, const char *where, bool indirect)
{
    proto_list p;
    char set[80];
    strbuf fix;
    diagnostic *d;

    proto_list_parse(value, ctx->version, ctx->openssl, &p);
    if (p.invalid || !p.bound_space)
        return;
    proto_set_text(p.enabled, set, sizeof(set));
    d = report(ctx, self, sp,
               "a blank after '>=' or '<=' in %s%s = \"%s\":" DIAG_NOTE
               " Postfix %s reads an empty bound (none) and then a protocol "
               "name to include, so "
               "only %s stays enabled; write the bound without a blank",
               param, where, value, ctx->version_text, set);
    sb_init(&fix);
    for (size_t k = 0; value[k]; k++) {
        sb_addc(&fix, value[k]);
        if (value[k] == '=' && k > 0 && (value[k - 1] == '>'
                                         || value[k - 1] == '<'))
            while (value[k + 1] == ' ' || value[k + 1] == '\t')
                k++;
    }
    if (!indirect && sp->line == sp->end_line)
        diag_set_fix(d, sp, fix.data);
    sb_free(&fix);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_protocol_setting(ctx, self, check_value);
}

const rule_desc rule_tls_protocol_bound_space = {
    "tls-protocol-bound-space", SEV_WARNING,
    "\">= TLSv1.2\" with a blank: an include list of one protocol, not a bound",
    "Postfix 3.6 accepts bounds such as \">=TLSv1.2\" in protocol lists. "
    "Blanks separate list items, so \">= TLSv1.2\" is an empty bound (no "
    "bound) followed by the name TLSv1.2 to include, which excludes every "
    "other protocol: TLSv1.3 is off. Write \">=TLSv1.2\".",
    check,
    0
};
