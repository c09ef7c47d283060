/*
 * tls_protocol_include_list.c - rule "tls-protocol-include-list": a list
 * of included names that silently excludes newer protocols.
 *
 * A list with plain names ("TLSv1.2, TLSv1.1") excludes every other
 * protocol the Postfix version knows. Written for an older release, it
 * turns off what a newer release learned: TLSv1.3 from 3.0.14/3.1.10/
 * 3.2.7/3.3.2/3.4 on (with OpenSSL 1.1.1+). The fix, from 3.6, is a lower
 * bound (">=TLSv1.2"), which keeps new protocols on; before, exclusions.
 * (A blank after ">=" makes an include list too: tls-protocol-bound-space.)
 */
#include "rule.h"
#include "tls_report.h"

#include <stdio.h>

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const char *param, const char *value,
                        const span *sp, const char *where, bool indirect)
{
    static const pf_version v3_6 = {3, 6, 0};
    proto_list p;
    unsigned dropped, newer = 0, top;
    char names[64], fix[96];
    diagnostic *d;

    proto_list_parse(value, ctx->version, ctx->openssl, &p);
    if (p.invalid || !p.has_include || p.bound_space)
        return;
    /* Known, supported, newer than every included one, not excluded by
     * name: dropped only because the list includes others. */
    top = proto_highest(p.included);
    dropped = p.known & openssl_protocols(ctx->openssl) & ~p.included;
    for (unsigned b = top << 1; b && b <= PROTO_TLSV1_3; b <<= 1)
        if (dropped & b)
            newer |= b;
    if (newer == 0)
        return;
    proto_set_text(newer, names, sizeof(names));
    if (version_cmp(ctx->version, v3_6) >= 0)
        snprintf(fix, sizeof(fix), ">=%s", proto_name(proto_lowest(p.included)));
    else    /* the included ones and everything newer, as exclusions */
        protocol_list_for(ctx, p.included | newer, fix, sizeof(fix));
    d = report(ctx, self, sp,
               "%s%s = \"%s\" names the protocols to allow, so Postfix %s "
               "turns off every other one it knows, including %s (with "
               "OpenSSL %s)" DIAG_NOTE "%s%s%s",
               param, where, value, ctx->version_text, names,
               ctx->openssl_text, fix[0] ? "; write \"" : "", fix,
               fix[0] ? "\" instead" : "");
    if (fix[0] && !indirect && sp->line == sp->end_line)
        diag_set_fix(d, sp, fix);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_protocol_setting(ctx, self, check_value);
}

const rule_desc rule_tls_protocol_include_list = {
    "tls-protocol-include-list", SEV_WARNING,
    "a protocol list of included names silently turns off newer protocols",
    "When a protocol list names protocols to include, Postfix excludes "
    "every other protocol it knows. A list such as \"TLSv1.2, TLSv1.1\" "
    "written for an older release therefore disables TLSv1.3 once Postfix "
    "(3.0.14+, 3.4+) and OpenSSL (1.1.1+) know it. Use exclusions, or from "
    "Postfix 3.6 a lower bound such as \">=TLSv1.2\".",
    check,
    0
};
