/*
 * enum_value.c - rule "enum-value": a word the program does not know in
 * a parameter Postfix parses as an enumeration.
 *
 * The programs turn these values into codes with name_code() (the whole
 * value is one word: defer or defer_if_permit) or name_mask() (a list of
 * words separated by ", \t\r\n": notify_classes = resource, software),
 * and stop on an unknown word with their own fatal message. The words,
 * their case rules, the version that brought each word, the programs
 * that stop and the exact message are data: rules/enums.tsv. Values are
 * checked after $name expansion, for every main.cf setting and -o.
 * (Security levels and cipher grades stay with bad-value.)
 *
 * Two lists accept words that select nothing: internal_mail_filter_classes
 * takes sendmail, smtpd, qmqpd, forward and verify but filters only bounce
 * and notify mail (int_filt.c), and smtputf8_autodetect_classes can be
 * left with no word at all (only separators). A non-empty value that
 * selects no class is logged as "NAME: bad input: VALUE" and does
 * nothing: a warning.
 */
#include "rule.h"
#include "effective.h"
#include "value_tables.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * smtpd reads smtpd_upstream_proxy_protocol only for connections it
 * accepts itself (smtpd_peer.c): an smtpd behind postscreen (type pass)
 * ignores it, with a warning (master-service-requirement's). A -o of
 * svc, or main.cf (svc NULL) when an smtpd service that is not a pass
 * service and has no -o of its own takes it. (No master.cf: yes.)
 */
static bool proxy_protocol_read(const model *m, const service *svc)
{
    bool any = false;

    if (svc)
        return !str_eq(svc->argv[MF_TYPE].text, "pass");
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (!s->has_fields || !str_eq(service_daemon(s), "smtpd"))
            continue;
        any = true;
        if (!str_eq(s->argv[MF_TYPE].text, "pass")
            && service_option(s, "smtpd_upstream_proxy_protocol") == NULL)
            return true;
    }
    return !any;
}

/* The list of valid words for version v, as "a, b or c". */
static void words_text(const enum_info *e, pf_version v, strbuf *out)
{
    const char *cp = e->words ? e->words : "";
    const char *last = NULL;
    size_t last_len = 0;

    while (*cp) {
        size_t n;
        const char *at;

        cp += strspn(cp, " ");
        if (*cp == '\0')
            break;
        n = strcspn(cp, " ");
        at = memchr(cp, '@', n);
        if (at == NULL || version_since(at + 1, v)) {
            if (last) {
                if (out->len)
                    sb_adds(out, ", ");
                sb_add(out, last, last_len);
            }
            last = cp;
            last_len = at ? (size_t)(at - cp) : n;
        }
        cp += n;
    }
    if (last) {
        if (out->len)
            sb_adds(out, " or ");
        sb_add(out, last, last_len);
    }
}

/* Find word (len bytes) among e's words. *since: the version spec when
 * the word is newer than v; *case_only: found only ignoring case. */
static bool word_known(const enum_info *e, const char *word, size_t len,
                       pf_version v, const char **since, const char **cased)
{
    const char *cp = e->words ? e->words : "";

    *since = NULL;
    *cased = NULL;
    while (*cp) {
        size_t n, wlen;
        const char *at;

        cp += strspn(cp, " ");
        if (*cp == '\0')
            break;
        n = strcspn(cp, " ");
        at = memchr(cp, '@', n);
        wlen = at ? (size_t)(at - cp) : n;
        if (wlen == len && strncasecmp(cp, word, len) == 0) {
            if (e->exact_case && strncmp(cp, word, len) != 0) {
                *cased = cp;
            } else {
                if (at && !version_since(at + 1, v)) {
                    *since = at + 1;
                    return false;
                }
                return true;
            }
        }
        cp += n;
    }
    return false;
}

/* The log line with %n, %v, %w filled in. */
static void fill_log(strbuf *out, const char *fmt, const char *name,
                     const char *value, const char *word, size_t wlen,
                     const char *config_dir)
{
    for (const char *cp = fmt; *cp; cp++) {
        if (*cp == '%' && cp[1] == 'c') {
            sb_adds(out, config_dir ? config_dir : "/etc/postfix");
            cp++;
        } else if (*cp == '%' && cp[1] == 'n') {
            sb_adds(out, name);
            cp++;
        } else if (*cp == '%' && cp[1] == 'v') {
            sb_add_printable(out, value, 100);
            cp++;
        } else if (*cp == '%' && cp[1] == 'w') {
            sb_add(out, word, wlen);
            cp++;
        } else {
            sb_addc(out, *cp);
        }
    }
}

/* compatibility_level: 3.6+ major[.minor[.patch]]; before, an int. */
static bool compat_ok(const char *v, bool dotted)
{
    int parts = 0;
    const char *cp = v;

    for (;;) {
        const char *start;
        long n;
        char *end;

        while (parts == 0 && (*cp == ' ' || *cp == '\t'))
            cp++;
        if (parts == 0 && (*cp == '+' || *cp == '-'))
            cp++;
        start = cp;
        errno = 0;
        n = strtol(start, &end, 10);
        if (end == start || errno == ERANGE)
            return false;
        if (parts > 0 && (n < 0 || n > 1023))
            return false;
        if (parts == 0 && n < 0 && dotted)
            return false;
        parts++;
        cp = end;
        if (*cp == '\0')
            return true;
        if (!dotted || *cp != '.' || parts == 3)
            return false;
        cp++;
    }
}

/* Is one of the conditions ("NAME", "NAME=", "NAME=VALUE") true, so that
 * the program never parses the value? */
static bool not_read(const lint_ctx *ctx, const service *svc,
                     const char *conds)
{
    const char *cp = conds;

    while (*cp) {
        size_t n = strcspn(cp, " ");
        const char *eq = memchr(cp, '=', n);
        char name[64];
        size_t nlen = eq ? (size_t)(eq - cp) : n;

        if (nlen > 0 && nlen < sizeof name) {
            eff_value ev;

            memcpy(name, cp, nlen);
            name[nlen] = '\0';
            ev = effective_lookup(ctx->m, svc, name);
            if (eq == NULL) {
                if (ev.origin >= ORIGIN_MAIN)
                    return true;
            } else {
                expand_result res = {0};
                strbuf v;
                size_t want = n - nlen - 1;
                bool same;

                sb_init(&v);
                if (ev.value)
                    effective_expand(ctx->m, svc, name, ev.value, &v, &res);
                same = !res.error && v.len == want
                    && strncasecmp(v.data, eq + 1, want) == 0;
                sb_free(&v);
                expand_result_free(&res);
                if (same)
                    return true;
            }
        }
        cp += n;
        cp += strspn(cp, " ");
    }
    return false;
}

/* Lists whose words may select nothing; bits: the words that select a
 * class (NULL: every word does). */
typedef struct class_list {
    const char *param;
    const char *bits;
    const char *effect;
} class_list;

static const class_list class_lists[] = {
    {"internal_mail_filter_classes", "bounce notify",
     "no bounce or notice is inspected by header_checks, body_checks or "
     "non_smtpd_milters; only "
     "bounce and notify select mail here (sendmail, smtpd, qmqpd, forward "
     "and verify are accepted and ignored)"},
    {"smtputf8_autodetect_classes", NULL,
     "SMTPUTF8 autodetection is on for no mail"},
    {NULL, NULL, NULL}
};

/* A non-empty list with no word that selects a class. */
static bool selects_nothing(const class_list *cl, const char *v)
{
    const char *cp = v;

    while (*cp) {
        size_t n;

        cp += strspn(cp, ", \t\r\n");
        if (*cp == '\0')
            break;
        n = strcspn(cp, ", \t\r\n");
        if (cl->bits == NULL)
            return false;
        for (const char *b = cl->bits; *b; ) {
            size_t k = strcspn(b, " ");

            if (k == n && strncmp(b, cp, n) == 0)
                return false;
            b += k;
            b += strspn(b, " ");
        }
        cp += n;
    }
    return true;
}

static void check_classes(const lint_ctx *ctx, const rule_desc *self,
                          const service *svc, const enum_info *e,
                          const char *name, const char *value,
                          const char *raw, const span *sp)
{
    for (const class_list *cl = class_lists; cl->param; cl++) {
        if (!str_eq(cl->param, name) || *value == '\0'
            || !selects_nothing(cl, value))
            continue;
        report_sev(ctx, self, SEV_WARNING, sp, "%s = \"%.60s\"%s%s%s "
                   "selects no class of mail" DIAG_NOTE " %s (Postfix %s) "
                   "%s \"warning: %s: bad input: %s\", and %s", name,
                   value, strcmp(value, raw) ? " (from \"" : "",
                   strcmp(value, raw) ? raw : "",
                   strcmp(value, raw) ? "\")" : "",
                   svc ? service_daemon(svc) : e->programs,
                   ctx->version_text,
                   svc || !strchr(e->programs, ',') ? "logs" : "log",
                   name, value, cl->effect);
    }
}

/* Does smtpd (svc, or main.cf's) use Dovecot SASL? */
static bool is_dovecot(const lint_ctx *ctx, const service *svc)
{
    eff_value v = effective_lookup(ctx->m, svc, "smtpd_sasl_type");

    return v.value && str_eq(v.value, "dovecot");
}

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const service *svc, const char *name,
                        const char *raw, const span *sp,
                        const mc_entry *entry)
{
    const param_info *p = param_lookup(name);
    const enum_info *e = enum_lookup(name);
    expand_result res = {0};
    strbuf value, msg, log, expect;
    size_t head;                /* msg's headline: what is wrong */
    const char *bad = NULL, *since = NULL, *cased = NULL;
    size_t bad_len = 0, bad_off = 0;
    const char *log_fmt;
    const char *what = NULL;
    static const pf_version v3_6 = {3, 6, 0};

    enum_info dovecot;

    if (e == NULL || p == NULL || !param_builtin_in(p, ctx->version))
        return;
    /* smtpd with Dovecot SASL: the same words, in any case, and fatal at
     * once (xsasl_dovecot_server.c); the row itself is Cyrus's. */
    if ((str_eq(name, "smtpd_sasl_security_options")
         || str_eq(name, "smtpd_sasl_tls_security_options"))
        && is_dovecot(ctx, svc)) {
        dovecot = *e;
        dovecot.exact_case = false;
        dovecot.log = "fatal: unknown xsasl_dovecot_server_create value "
                      "\"%w\" in \"%v\"";
        dovecot.skip_if = str_eq(name, "smtpd_sasl_security_options")
            ? "smtpd_sasl_auth_enable=no"
            : "smtpd_sasl_auth_enable=no smtpd_tls_security_level= "
              "smtpd_tls_security_level=none";
        e = &dovecot;
    }
    /* A setting hurts only programs that run. */
    if (!setting_reaches(ctx->m, svc, p, e->programs))
        return;
    if (e->skip_if && not_read(ctx, svc, e->skip_if))
        return;
    if (str_eq(name, "smtpd_upstream_proxy_protocol")
        && !proxy_protocol_read(ctx->m, svc))
        return;
    sb_init(&value);
    effective_expand(ctx->m, svc, name, raw, &value, &res);
    if (res.error || res.too_large) {
        sb_free(&value);
        expand_result_free(&res);
        return;
    }
    log_fmt = e->log;
    if (e->older_log) {
        const char *sp_ = strchr(e->older_log, ' ');
        char spec[128];
        size_t n = sp_ ? (size_t)(sp_ - e->older_log) : 0;

        if (sp_ && n < sizeof spec) {
            memcpy(spec, e->older_log, n);
            spec[n] = '\0';
            if (!version_since(spec, ctx->version))
                log_fmt = sp_ + 1;
        }
    }

    if (e->form == EF_COMPAT) {
        if (!compat_ok(value.data, version_cmp(ctx->version, v3_6) >= 0)) {
            bad = value.data;
            bad_len = value.len;
            what = version_cmp(ctx->version, v3_6) >= 0
                ? "expected a level such as 0, 1, 2 or 3.6 (major[.minor"
                  "[.patch]], decimal numbers)"
                : "expected a whole number (0, 1 or 2; levels such as "
                  "3.6 exist from Postfix 3.6)";
        }
    } else if (value.len == 0) {
        const range_info *r = range_lookup(name, ctx->version);

        /* Empty where a length is required: the program stops earlier,
         * at "bad string length 0 < 1" (value-range says so). */
        if (r && (r->kind == RK_STR || r->kind == RK_RAW) && r->min > 0)
            ;
        else if (!e->empty_ok) {
            bad = value.data;
            what = "the value is empty";
        }
    } else if (e->form == EF_ONE) {
        if (!word_known(e, value.data, value.len, ctx->version, &since,
                        &cased)) {
            bad = value.data;
            bad_len = value.len;
        }
    } else {
        const char *cp = value.data;
        size_t count = 0;

        while (*cp) {
            size_t n;

            cp += strspn(cp, ", \t\r\n");
            if (*cp == '\0')
                break;
            n = strcspn(cp, ", \t\r\n");
            count++;
            if (!word_known(e, cp, n, ctx->version, &since, &cased)) {
                bad = cp;
                bad_len = n;
                bad_off = (size_t)(cp - value.data);
                break;
            }
            cp += n;
        }
        if (bad == NULL && e->form == EF_EXACTLY_ONE && count != 1) {
            bad = value.data;
            bad_len = value.len;
            what = "specify exactly one value";
            log_fmt = "fatal: bad %n value: %v; specify exactly one value";
        }
    }
    if (bad == NULL) {
        if (e->form == EF_LIST)
            check_classes(ctx, self, svc, e, name, value.data, raw, sp);
        sb_free(&value);
        expand_result_free(&res);
        return;
    }

    sb_init(&msg);
    sb_init(&log);
    sb_init(&expect);
    fill_log(&log, log_fmt, name, value.data, bad, bad_len,
             ctx->m->config_dir);
    words_text(e, ctx->version, &expect);
    if (e->form == EF_COMPAT || what) {
        sb_printf(&msg, "%s = \"%.60s\"%s%s%s: %s", name, value.data,
                  strcmp(value.data, raw) ? " (from \"" : "",
                  strcmp(value.data, raw) ? raw : "",
                  strcmp(value.data, raw) ? "\")" : "", what);
        head = msg.len;
    } else {
        sb_printf(&msg, "%s \"%.*s\" in %s = \"%.60s\"%s%s%s: ",
                  since ? "word" : "unknown word", (int)bad_len, bad, name,
                  value.data, strcmp(value.data, raw) ? " (from \"" : "",
                  strcmp(value.data, raw) ? raw : "",
                  strcmp(value.data, raw) ? "\")" : "");
        if (since) {
            char vb[32];
            pf_version first;
            char spec[32];
            size_t n = strcspn(since, "/ ");

            char port[96] = "";

            snprintf(spec, sizeof spec, "%.*s", (int)n, since);
            version_parse(spec, &first);
            /* A backport to the target's release series, if any. */
            for (const char *bp = since + n; *bp == '/'; ) {
                size_t k = strcspn(++bp, "/ ");
                char one[32];
                pf_version b;

                snprintf(one, sizeof one, "%.*s", (int)k, bp);
                if (version_parse(one, &b) && b.major == ctx->version.major
                    && b.minor == ctx->version.minor)
                    snprintf(port, sizeof port, " (%s in the %d.%d series)",
                             one, b.major, b.minor);
                bp += k;
            }
            sb_printf(&msg, "it exists from Postfix %s%s, not in %s; ",
                      version_format(first, vb), port, ctx->version_text);
        } else if (cased) {
            sb_printf(&msg, "names are case-sensitive here (write \"%.*s\"); ",
                      (int)bad_len, cased);
        }
        head = msg.len;
        if (e->form == EF_ONE)
            sb_printf(&msg, "expected %s", expect.data);
        else
            sb_printf(&msg, "expected one or more of %s", expect.data);
        if (!since && !cased)   /* what is expected is the headline */
            head = msg.len;
    }
    {
        diagnostic *d;
        bool several = strchr(e->programs, ',') != NULL;

        d = report(ctx, self, sp, "%.*s" DIAG_NOTE "%s; %s (Postfix %s) %s "
                   "with \"%s\"", (int) head, msg.data, msg.data + head,
                   svc ? service_daemon(svc) : e->programs,
                   ctx->version_text,
                   svc == NULL && several ? "stop" : "stops", log.data);
        /* A word that differs only in case, written literally: safe. */
        if (d && cased && entry && strcmp(value.data, raw) == 0
            && e->form != EF_COMPAT) {
            span fsp = mc_value_span_at(entry, bad_off, bad_len);
            char *rep = xstrndup(cased, bad_len);

            diag_set_fix(d, &fsp, rep);
            free(rep);
        }
    }
    sb_free(&msg);
    sb_free(&log);
    sb_free(&expect);
    sb_free(&value);
    expand_result_free(&res);
}

static void check_setting(const lint_ctx *ctx, const rule_desc *self,
                          const setting *st)
{
    check_value(ctx, self, st->svc, st->name, st->value, st->sp, st->entry);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    each_setting(ctx, self, check_setting);
}

const rule_desc rule_enum_value = {
    "enum-value", SEV_ERROR,
    "a word the program does not know in an enumerated value",
    "Postfix parses many values as a fixed set of words (inet_protocols, "
    "notify_classes, the *_tempfail_action and postscreen_*_action "
    "settings, header_from_format, compatibility_level ...). postconf "
    "prints any text; the program that reads the value stops at start-up "
    "with its own fatal message (\"unknown inet_protocols value\", \"bad "
    "configuration: unknown_address_tempfail_action = ...\"). Some words "
    "exist only from a certain version; some lists are case-sensitive. "
    "A list that selects no class at all (internal_mail_filter_classes = "
    "smtpd) is only logged as \"bad input\" and does nothing (a warning).",
    check,
    SEV_ALSO(SEV_WARNING)
};
