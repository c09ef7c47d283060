/*
 * print.c - postconf's -n, -F and -P views of the model.
 *
 * Interface: see print.h. Formats follow postconf 3.x:
 *  -n  "name = value", names sorted bytewise, only names postconf knows
 *      (postconf_view.c), every white-space run in the line collapsed to
 *      one space (pcf_print_line()).
 *  -F  "service/type/field = value" for the 8 fields of every entry in
 *      master.cf order; the command field is followed by the daemon
 *      arguments, one space apart, an option value or a non-option argument
 *      that contains blanks wrapped in "{...}" (pcf_print_master_field()).
 *  -P  "service/type/name = value" for every -o setting of a service, the
 *      last setting of a name winning, names sorted, blanks collapsed.
 * No diagnostics.
 */
#include "print.h"
#include "effective.h"
#include "postconf_view.h"
#include "tls_ciphers.h"
#include "tls_policy.h"

#include <stdlib.h>
#include <string.h>

static void print_line(strbuf *out, const char *text)
{
    sb_add_collapsed(out, text);
    sb_addc(out, '\n');
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

void print_main(const model *m, strbuf *out)
{
    param_status *status = postconf_classify_main(m);

    for (size_t i = 0; i < m->n_params; i++) {
        if (status[i] == PARAM_UNUSED || status[i] == PARAM_READONLY)
            continue;
        /* Names have no blanks: "name =" then the collapsed value. */
        sb_adds(out, m->params[i].name);
        sb_adds(out, " =");
        if (m->params[i].entry->value[0]) {
            sb_addc(out, ' ');
            sb_add_collapsed(out, m->params[i].entry->value);
        }
        sb_addc(out, '\n');
    }
    free(status);
}

bool print_main_expanded(const model *m, strbuf *out, char **why)
{
    param_status *status = postconf_classify_main(m);
    strbuf value;
    bool ok = true;

    sb_init(&value);
    for (size_t i = 0; i < m->n_params && ok; i++) {
        const main_param *p = &m->params[i];
        expand_result res = {0};

        if (status[i] == PARAM_UNUSED || status[i] == PARAM_READONLY)
            continue;
        sb_reset(&value);
        if (param_is_raw(p->info))
            sb_adds(&value, p->entry->value);
        else
            effective_expand(m, NULL, p->name, p->entry->value, &value,
                             &res);
        if (res.error) {
            *why = xasprintf("%s:%d: cannot expand %s: %s%s%s",
                             p->entry->name_sp.src->path,
                             p->entry->name_sp.line, p->name, res.why,
                             res.loop ? ": " : "",
                             res.loop ? res.loop : "");
            ok = false;
        } else {
            sb_adds(out, p->name);
            sb_adds(out, " =");
            if (value.len) {
                sb_addc(out, ' ');
                sb_add_collapsed(out, value.data);
            }
            sb_addc(out, '\n');
        }
        expand_result_free(&res);
    }
    sb_free(&value);
    free(status);
    return ok;
}

static void add_origin(strbuf *out, const eff_value *v)
{
    if (v->origin == ORIGIN_MASTER)
        sb_printf(out, "    # %s:%d (-o)\n", v->opt->sp.src->path,
                  v->opt->sp.line);
    else
        sb_printf(out, "    # %s:%d\n", v->entry->name_sp.src->path,
                  v->entry->name_sp.line);
}

void print_effective(const model *m, const service *svc, strbuf *out)
{
    const char *daemon = service_daemon(svc);
    const char **names = xmalloc((m->n_params + svc->n_opts + 1)
                                 * sizeof(*names));
    size_t n = 0;
    strbuf value;

    /* Every name set in main.cf or by this service's -o, once. */
    for (size_t i = 0; i < m->n_params; i++)
        names[n++] = m->params[i].name;
    for (size_t o = 0; o < svc->n_opts; o++)
        if (model_main_param(m, svc->opts[o].name) == NULL
            && service_option(svc, svc->opts[o].name) == &svc->opts[o])
            names[n++] = svc->opts[o].name;
    qsort(names, n, sizeof(*names), compare_names);
    sb_init(&value);
    sb_printf(out, "# %s/%s runs %s (Postfix %d.%d.%d)\n", svc->argv[MF_SERVICE].text,
              svc->argv[MF_TYPE].text, daemon, m->version.major, m->version.minor,
              m->version.patch);
    for (size_t i = 0; i < n; i++) {
        const param_info *info = param_lookup(names[i]);
        eff_value v = effective_lookup(m, svc, names[i]);
        expand_result res = {0};

        if (info == NULL || !daemon_reads(info, daemon))
            continue;
        sb_reset(&value);
        if (param_is_raw(info))
            sb_adds(&value, v.value);
        else
            effective_expand(m, svc, names[i], v.value, &value, &res);
        sb_printf(out, "%s =", names[i]);
        if (res.error)
            sb_printf(out, " (cannot expand: %s)", res.why);
        else if (value.len) {
            sb_addc(out, ' ');
            sb_add_collapsed(out, value.data);
        }
        add_origin(out, &v);
        expand_result_free(&res);
    }
    sb_free(&value);
    free(names);
}

static bool has_blank(const char *s)
{
    return s[strcspn(s, " \t\r\n")] != '\0';
}

static void print_command_args(const service *s, strbuf *out)
{
    bool in_options = true;

    for (size_t f = MASTER_FIELDS; f < s->argc; f++) {
        const char *arg = s->argv[f].text;

        sb_addc(out, ' ');
        if (in_options && (arg[0] != '-' || str_eq(arg, "--")))
            in_options = false;
        if (in_options) {
            sb_adds(out, arg);
            if (arg[1] == 'o' && f + 1 < s->argc) {
                const char *val = s->argv[++f].text;

                if (has_blank(val))
                    sb_printf(out, " {%s}", val);
                else
                    sb_printf(out, " %s", val);
            }
        } else if (has_blank(arg)) {
            sb_printf(out, "{%s}", arg);
        } else {
            sb_adds(out, arg);
        }
    }
}

void print_fields(const model *m, strbuf *out)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (!s->has_fields)
            continue;
        for (int f = 0; f < MASTER_FIELDS; f++) {
            sb_printf(out, "%s/%s/%s = %s", s->argv[MF_SERVICE].text,
                      s->argv[MF_TYPE].text, master_field_names[f],
                      s->argv[f].text);
            if (f == MASTER_FIELDS - 1)
                print_command_args(s, out);
            sb_addc(out, '\n');
        }
    }
}

static int compare_opt_names(const void *a, const void *b)
{
    const svc_option *const *x = a, *const *y = b;

    return strcmp((*x)->name, (*y)->name);
}

void print_params(const model *m, strbuf *out)
{
    strbuf line;

    sb_init(&line);
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const svc_option **list;
        size_t n = 0;

        if (s->n_opts == 0)
            continue;
        /* The last setting of each name wins. */
        list = xmalloc(s->n_opts * sizeof(*list));
        for (size_t o = 0; o < s->n_opts; o++) {
            bool later = false;

            for (size_t p = o + 1; p < s->n_opts; p++)
                if (str_eq(s->opts[p].name, s->opts[o].name))
                    later = true;
            if (!later)
                list[n++] = &s->opts[o];
        }
        qsort(list, n, sizeof(*list), compare_opt_names);
        for (size_t o = 0; o < n; o++) {
            sb_reset(&line);
            sb_printf(&line, "%s/%s/%s = %s", s->argv[MF_SERVICE].text,
                      s->argv[MF_TYPE].text, list[o]->name, list[o]->value);
            print_line(out, line.data);
        }
        free(list);
    }
    sb_free(&line);
}

static void origin_text(const tls_setting *s, strbuf *out)
{
    const eff_value *v = &s->raw;

    if (v->origin == ORIGIN_MASTER)
        sb_printf(out, "master.cf:%d", v->opt->sp.line);
    else if (v->origin == ORIGIN_MAIN)
        sb_printf(out, "main.cf:%d", v->entry->name_sp.line);
    else
        sb_adds(out, "default");
}

static void print_setting(const char *label, const tls_setting *s,
                          strbuf *out)
{
    sb_printf(out, "  %s: %s = ", label, s->name);
    sb_add_collapsed(out, s->value);
    sb_adds(out, " (");
    origin_text(s, out);
    sb_adds(out, ")\n");
}

void print_tls(const model *m, const tls_model *t, const char *openssl_text,
               strbuf *out)
{
    /* What the linked library can do, which the evaluation relies on. */
    sb_printf(out, "# suites evaluated with the linked OpenSSL %d.%d "
              "(TLSv1.3 %s)\n",
              openssl_linked_version().major, openssl_linked_version().minor,
              openssl_protocols(openssl_linked_version()) & PROTO_TLSV1_3
              ? "yes" : "no");
    for (size_t i = 0; i < t->n_servers + t->n_clients; i++) {
        const tls_server *s = i < t->n_servers ? &t->servers[i]
            : &t->clients[i - t->n_servers];
        char set[80];
        suite_list suites;

        sb_printf(out, "%s: %s, %s, Postfix %s, OpenSSL %s\n", s->name,
                  s->names->program, s->client ? "client"
                  : role_name(s->role), m->version_text, openssl_text);
        sb_printf(out, "  level: %s%s\n", s->level_word,
                  s->wrapper ? " (smtpd_tls_wrappermode = yes)" : "");
        if (!s->use_tls)
            continue;
        print_setting("protocols", &s->protocols, out);
        if (s->proto.invalid) {
            sb_printf(out, "  protocols in use: none (invalid list at "
                      "\"%s\": TLS disabled)\n", s->proto.bad_token);
        } else {
            proto_set_text(s->proto.enabled, set, sizeof(set));
            sb_printf(out, "  protocols in use: %s\n", set);
        }
        print_setting("grade", &s->grade, out);
        print_setting("cipher list", &s->cipherlist, out);
        if (s->exclude.value[0])
            print_setting("exclusions", &s->exclude, out);
        if (s->mand_exclude_used && s->mand_exclude.value[0])
            print_setting("exclusions", &s->mand_exclude, out);
        sb_printf(out, "  cipher string: %s\n", s->cipher_string);
        sb_printf(out, "  ECDHE: %s\n", s->ecdhe ? "yes" : "no");
        if (!s->client)
            sb_printf(out, "  certificate: %s%s\n",
                      s->auth == (AUTH_RSA | AUTH_ECDSA) ? "RSA and ECDSA"
                      : s->auth == AUTH_ECDSA ? "ECDSA" : "RSA",
                      s->auth_assumed ? " (assumed: not readable here)" : "");
        cipher_string_eval(s->cipher_string, t->openssl, s->ecdhe,
                           s->auth, &suites);
        if (suites.no_match) {
            sb_adds(out, "  suites: none (OpenSSL: no cipher match)\n");
        } else {
            sb_printf(out, "  suites (%zu):", suites.n);
            for (size_t k = 0; k < suites.n; k++)
                sb_printf(out, " %s", suites.names[k]);
            sb_addc(out, '\n');
        }
        suite_list_free(&suites);
    }
}
