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
#include "postconf_view.h"

#include <stdlib.h>
#include <string.h>

static void print_line(strbuf *out, const char *text)
{
    sb_add_collapsed(out, text);
    sb_addc(out, '\n');
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
            sb_printf(out, "%s/%s/%s = %s", s->argv[0].text,
                      s->argv[1].text, master_field_names[f],
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
            sb_printf(&line, "%s/%s/%s = %s", s->argv[0].text,
                      s->argv[1].text, list[o]->name, list[o]->value);
            print_line(out, line.data);
        }
        free(list);
    }
    sb_free(&line);
}
