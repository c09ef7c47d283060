/*
 * master_field_value.c - rule "master-field-value": a master.cf field with
 * a value master(8) rejects.
 *
 * type: inet, unix, fifo, pass (2.5+), unix-dgram (3.4+); private,
 * unprivileged, chroot: y, n or -; wakeup: digits with an optional '?', or
 * -; process limit: digits or -. Anything else is fatal for postconf,
 * postfix check and master(8): Postfix does not start. From 2.11 postconf
 * checks the fields (postconf_master.c) and postfix start, check and
 * reload stop with its "invalid chroot field" message; before, master(8)
 * itself logs 'field "chroot": bad value' (master_ent.c) and exits.
 */
#include "rule.h"

#include <string.h>

static bool valid_type(const char *t, pf_version v, const char **needs)
{
    static const pf_version v2_5 = {2, 5, 0}, v3_4 = {3, 4, 0};

    *needs = NULL;
    if (str_eq(t, "inet") || str_eq(t, "unix") || str_eq(t, "fifo"))
        return true;
    if (str_eq(t, "pass")) {
        *needs = "2.5";
        return version_cmp(v, v2_5) >= 0;
    }
    if (str_eq(t, "unix-dgram")) {
        *needs = "3.4";
        return version_cmp(v, v3_4) >= 0;
    }
    return false;
}

static bool valid_bool(const char *s)
{
    return s[0] && s[1] == '\0' && strchr("yn-", s[0]) != NULL;
}

static bool valid_wakeup(const char *s)
{
    size_t len = strlen(s);

    if (str_eq(s, "-"))
        return true;
    if (len > 0 && s[len - 1] == '?')
        len--;
    return len > 0 && strspn(s, "0123456789") == len;
}

static bool valid_maxproc(const char *s)
{
    return str_eq(s, "-") || (s[0] && s[strspn(s, "0123456789")] == '\0');
}

/* What Postfix logs for a bad field, as it words it in that version. */
static void postfix_says(const lint_ctx *ctx, const service *s, int field,
                         strbuf *out)
{
    static const pf_version v2_11 = {2, 11, 0};
    /* master(8)'s own names for the fields, before 2.11. */
    static const char *const master_names[] = {
        "service", "type", "private", "unprivileged", "chroot",
        "wakeup_time", "max_proc", "command"
    };
    const char *value = s->argv[field].text;

    if (version_cmp(ctx->version, v2_11) >= 0)
        sb_printf(out, "postconf: fatal: invalid %s field \"%s\" in "
                  "\"%s ...\"", master_field_names[field], value,
                  s->argv[MF_SERVICE].text);
    else if (field == MF_TYPE)
        sb_printf(out, "master: fatal: master.cf: line %d: bad transport "
                  "type: %s", s->argv[field].sp.line, value);
    else
        sb_printf(out, "master: fatal: master.cf: line %d: field \"%s\": "
                  "bad value: \"%s\"", s->argv[field].sp.line,
                  master_names[field], value);
}

static void bad_field(const lint_ctx *ctx, const rule_desc *self,
                      const service *s, int field, const char *expected)
{
    strbuf says;

    sb_init(&says);
    postfix_says(ctx, s, field, &says);
    report(ctx, self, &s->argv[field].sp,
           "invalid %s field \"%s\" in master.cf entry %s/%s: expected "
           "%s;" DIAG_NOTE
           " Postfix %s will not start or reload (%s)",
           master_field_names[field], s->argv[field].text,
           s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text, expected,
           ctx->version_text, says.data);
    sb_free(&says);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *needs;

        if (!s->has_fields)
            continue;
        if (!valid_type(s->argv[MF_TYPE].text, ctx->version, &needs)) {
            if (needs) {
                strbuf says;

                sb_init(&says);
                postfix_says(ctx, s, MF_TYPE, &says);
                report(ctx, self, &s->argv[MF_TYPE].sp,
                       "service type \"%s\" needs Postfix %s or "
                       "later;" DIAG_NOTE
                       " Postfix %s will not start with entry %s/%s (%s)",
                       s->argv[MF_TYPE].text, needs, ctx->version_text,
                       s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
                       says.data);
                sb_free(&says);
            } else
                bad_field(ctx, self, s, 1,
                          "inet, unix, fifo, pass or unix-dgram");
        }
        for (int f = 2; f <= 4; f++)
            if (!valid_bool(s->argv[f].text))
                bad_field(ctx, self, s, f, "y, n or -");
        if (!valid_wakeup(s->argv[MF_WAKEUP].text))
            bad_field(ctx, self, s, 5,
                      "a number of seconds, optionally followed by '?', "
                      "or -");
        if (!valid_maxproc(s->argv[MF_MAXPROC].text))
            bad_field(ctx, self, s, 6, "a number or -");
    }
}

const rule_desc rule_master_field_value = {
    "master-field-value", SEV_ERROR,
    "a master.cf field has a value master(8) rejects",
    "master(8) accepts only these field values: type inet, unix, fifo, "
    "pass (Postfix 2.5+) or unix-dgram (3.4+); private, unprivileged and "
    "chroot y, n or -; wakeup a number with an optional '?' or -; process "
    "limit a number or -. postconf and postfix check refuse any other value "
    "(\"invalid ... field\"), so postfix start and postfix reload fail.",
    check,
    0
};
