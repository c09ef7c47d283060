/*
 * master_option_syntax.c - rule "master-option-syntax": a -o option the
 * daemon will refuse.
 *
 * postconf accepts these silently; the daemon dies when master starts it:
 *   -o name = value      blanks around '=' split the option into words:
 *                        'invalid "-o name" option value: missing '=''
 *   -o name              no '=' at all (same message)
 *   -o =value            no name ("missing attribute name")
 *   -o                   at the end of the entry: "invalid option"
 *   { ... } not closed, or text after its '}' (3.0 and later): master
 *                        itself stops ("fatal: .../master.cf: line N:
 *                        missing '}' in ..."); postconf only warns
 * Before Postfix 2.7 the daemon split "-o" at the first '=' instead:
 * "-o name" quietly set name to an empty value (a warning here), and the
 * stray words of "-o name = value" stop it with "unexpected command-line
 * argument: =".
 * Fix for the first form: "name=value" (or "-o { name = value }" from
 * Postfix 3.0 on, which allows blanks).
 */
#include "rule.h"
#include "attr_override.h"
#include "effective.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Postfix 2.7 moved -o parsing to split_nameval(), which refuses a
 * missing '='; before, "-o name" meant an empty value. */
static bool lenient_options(const lint_ctx *ctx)
{
    static const pf_version v2_7 = {2, 7, 0};

    return version_cmp(ctx->version, v2_7) < 0;
}

static span join_span(const span *a, const span *b)
{
    span sp = *a;

    sp.end_line = b->end_line;
    sp.end_col = b->end_col;
    sp.end_off = b->end_off;
    return sp;
}

/* Report a bad "-o" at argv[f]; return how many extra words it used. */
static size_t check_option(const lint_ctx *ctx, const rule_desc *self,
                           const service *s, size_t f)
{
    const svc_word *val = &s->argv[f + 1];
    const char *daemon = s->argv[MF_COMMAND].text;
    char *name, *value;
    diagnostic *d;

    if (split_nameval(val->text, &name, &value)) {
        free(name);
        free(value);
        return 1;
    }
    if (val->text[0] == '=') {
        if (lenient_options(ctx)) {
            report_sev(ctx, self, SEV_WARNING, &val->sp,
                       "\"-o %s\" in service %s/%s has no parameter name: "
                       "Postfix %s ignores it",
                       val->text, s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
                       ctx->version_text);
            return 1;
        }
        report(ctx, self, &val->sp,
               "\"-o %s\" in service %s/%s has no parameter name:" DIAG_NOTE
               " the %s daemon of Postfix %s stops with \"missing attribute "
               "name\"",
               val->text, s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, daemon,
               ctx->version_text);
        return 1;
    }
    /* "-o name = value" or "-o name =value": three or two words. */
    if (f + 2 < s->argc && s->argv[f + 2].text[0] == '=') {
        const svc_word *eq = &s->argv[f + 2];
        const svc_word *last = eq;
        strbuf fix;

        sb_init(&fix);
        if (str_eq(eq->text, "=") && f + 3 < s->argc) {
            last = &s->argv[f + 3];
            sb_printf(&fix, "%s=%s", val->text, last->text);
        } else {
            sb_printf(&fix, "%s%s", val->text, eq->text);
        }
        span sp = join_span(&val->sp, &last->sp);

        if (lenient_options(ctx))
            d = report(ctx, self, &sp,
                       "blanks around '=' in \"-o %s %s%s%s\" of service "
                       "%s/%s: master.cf splits the option at the "
                       "blanks;" DIAG_NOTE
                       " Postfix %s sets %s to an empty value and the %s "
                       "daemon stops with \"unexpected command-line "
                       "argument: %s\"; write \"%s\"",
                       val->text, eq->text, last != eq ? " " : "",
                       last != eq ? last->text : "", s->argv[MF_SERVICE].text,
                       s->argv[MF_TYPE].text, ctx->version_text, val->text, daemon,
                       eq->text, fix.data);
        else
            d = report(ctx, self, &sp,
                       "blanks around '=' in \"-o %s %s%s%s\" of service %s/%s: "
                       "master.cf splits the option at the blanks," DIAG_NOTE
                       " and the %s daemon of Postfix %s stops with 'invalid "
                       "\"-o %s\" "
                       "option value: missing '=' after attribute name'; write "
                       "\"%s\"",
                       val->text, eq->text, last != eq ? " " : "",
                       last != eq ? last->text : "", s->argv[MF_SERVICE].text,
                       s->argv[MF_TYPE].text, daemon, ctx->version_text, val->text,
                       fix.data);
        if (sp.line == sp.end_line)
            diag_set_fix(d, &sp, fix.data);
        sb_free(&fix);
        /* Go on after the stray words, as if the fix had been made. */
        return (size_t) (last - val) + 1;
    }
    if (lenient_options(ctx)) {
        report_sev(ctx, self, SEV_WARNING, &val->sp,
                   "\"-o %s\" in service %s/%s has no '=value':" DIAG_NOTE
                   " Postfix %s sets %s to an empty value (from 2.7 on this "
                   "stops the "
                   "daemon); write \"-o %s=\" if that is what you mean",
                   val->text, s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
                   ctx->version_text, val->text, val->text);
        return 1;
    }
    report(ctx, self, &val->sp,
           "\"-o %s\" in service %s/%s has no '=value':" DIAG_NOTE
           " the %s daemon of Postfix %s stops with 'invalid \"-o %s\" option "
           "value: missing "
           "'=' after attribute name'; write \"-o %s=\" for an empty value",
           val->text, s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, daemon,
           ctx->version_text, val->text, val->text);
    return 1;
}

/* "{ ... }" grouping of master.cf arguments is Postfix 3.0 syntax. */
static void check_braces(const lint_ctx *ctx, const rule_desc *self,
                         const service *s)
{
    static const pf_version v3_0 = {3, 0, 0};
    const ms_entry *e = s->entry;

    if (version_cmp(ctx->version, v3_0) >= 0)
        return;
    for (size_t w = MASTER_FIELDS; w < e->n_words; w++) {
        if (e->words[w].text[0] != '{')
            continue;
        report(ctx, self, &e->words[w].sp,
               "\"{ ... }\" around master.cf arguments needs Postfix 3.0 or "
               "later:" DIAG_NOTE
               " Postfix %s splits \"%.40s\" at the blanks and passes the "
               "braces to the %s daemon",
               ctx->version_text, e->words[w].text, s->argv[MF_COMMAND].text);
        return;
    }
}

/* From Postfix 3.0 a "{" argument group must be closed, with nothing
 * after its "}": master stops at start ("fatal: .../master.cf: line N:
 * missing '}' in ..."), postconf warns. */
static void check_unbalanced(const lint_ctx *ctx, const rule_desc *self,
                             const service *s)
{
    static const pf_version v3_0 = {3, 0, 0};
    const ms_entry *e = s->entry;

    if (version_cmp(ctx->version, v3_0) < 0)
        return;
    for (size_t w = MASTER_FIELDS; w < e->n_words; w++) {
        const char *t = e->words[w].text;
        size_t len = ovr_group_len(t);

        if (t[0] != '{' || (len > 0 && t[len] == '\0'))
            continue;
        report(ctx, self, &e->words[w].sp,
               "the argument group \"%.60s\" of service %s/%s %s:" DIAG_NOTE
               " master of Postfix %s stops with \"fatal: ...master.cf: line "
               "%d: %s '}' in \\\"%.60s\\\"\" and starts no service (postconf "
               "and postfix check only warn)",
               t, s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
               len == 0 ? "has no closing '}'" : "has text after its '}'",
               ctx->version_text, e->line_sp.line,
               len == 0 ? "missing" : "syntax error after", t);
        return;
    }
}

/* A word after the options that the daemon will not take: usually a -o
 * value split at a blank ("-o x=a, b" or "-o x= b"). */
static void check_stray(const lint_ctx *ctx, const rule_desc *self,
                        const service *s, size_t f)
{
    const char *daemon = service_daemon(s), *word = s->argv[f].text;
    const svc_word *prev = &s->argv[f - 1];
    size_t plen = strlen(prev->text);
    bool split = plen > 0 && strchr(prev->text, '=')
        && (prev->text[plen - 1] == ',' || prev->text[plen - 1] == '='
            || word[0] == ',');
    diagnostic *d;

    /* pipe and spawn take attributes: master-command-argument's, as are
     * smtp's and lmtp's flags= (3.5+), which say "unknown attribute name"
     * for any other word; '#' is master-trailing-comment's. */
    static const pf_version v3_5 = {3, 5, 0};
    bool attrs = (str_eq(daemon, "smtp") || str_eq(daemon, "lmtp"))
        && version_cmp(ctx->version, v3_5) >= 0;
    const char *says = attrs ? "unknown attribute name"
        : "unexpected command-line argument";

    if (str_eq(daemon, "pipe") || str_eq(daemon, "spawn") || word[0] == '#'
        || (attrs && strncasecmp(word, "flags=", 6) == 0)
        || word[0] == '{' || !str_eq(s->argv[f - 2].text, "-o"))
        return;
    if (!split) {
        report(ctx, self, &s->argv[f].sp,
               "\"%s\" after the -o options of service %s/%s is not an "
               "option:" DIAG_NOTE " %s (Postfix %s) stops with \"%s: %s\"",
               word, s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, daemon,
               ctx->version_text, says, word);
        return;
    }
    span sp = prev->sp;

    sp.end_line = s->argv[f].sp.end_line;
    sp.end_col = s->argv[f].sp.end_col;
    sp.end_off = s->argv[f].sp.end_off;
    d = report(ctx, self, &s->argv[f].sp,
               "a blank splits \"-o %s %s\" of service %s/%s:" DIAG_NOTE
               " master.cf cuts arguments at blanks, and %s (Postfix %s) "
               "stops with "
               "\"%s: %s\"; write \"%s%s\"",
               prev->text, word, s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, daemon,
               ctx->version_text, says, word, prev->text, word);
    if (sp.line == sp.end_line) {
        char *fix = xasprintf("%s%s", prev->text, word);

        diag_set_fix(d, &sp, fix);
        free(fix);
    }
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (s->has_fields) {
            check_braces(ctx, self, s);
            check_unbalanced(ctx, self, s);
        }

        for (size_t f = MASTER_FIELDS; s->has_fields && f < s->argc; f++) {
            const char *arg = s->argv[f].text;

            if (arg[0] != '-' || str_eq(arg, "--")) {
                if (f > MASTER_FIELDS)
                    check_stray(ctx, self, s, f);
                break;
            }
            if (!str_eq(arg, "-o"))
                continue;
            if (f + 1 >= s->argc) {
                report(ctx, self, &s->argv[f].sp,
                       "\"-o\" without a setting at the end of service "
                       "%s/%s:" DIAG_NOTE
                       " the %s daemon of Postfix %s stops with \"invalid "
                       "option\"",
                       s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, s->argv[MF_COMMAND].text,
                       ctx->version_text);
                break;
            }
            f += check_option(ctx, self, s, f);
        }
    }
}

const rule_desc rule_master_option_syntax = {
    "master-option-syntax", SEV_ERROR,
    "a master.cf -o option is malformed and the daemon will refuse it",
    "master.cf splits daemon arguments at blanks, so \"-o name = value\" "
    "is the option \"-o name\" followed by two stray words. postconf and "
    "postfix check accept it; the daemon dies when it starts (\"invalid -o "
    "option value: missing '=' after attribute name\"), and master keeps "
    "restarting it. Write -o name=value, or from Postfix 3.0 on "
    "-o { name = value } when the value contains blanks.",
    check,
    SEV_ALSO(SEV_WARNING)
};
