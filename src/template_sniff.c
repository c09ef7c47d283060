/*
 * template_sniff.c - recognise the template languages configurations are
 * kept in: Jinja2 ({{ x }}, {% if %}, {# #}), Go templates ({{ .X }},
 * {{- end }}), ERB (<% %>), @VAR@ or %VAR% placeholders (autoconf,
 * sed, Windows-style installers), and iRedMail's PH_NAME placeholders.
 *
 * Interface: see template_sniff.h. Diagnostics: the returned message.
 * The markers were checked against the corpus: Postfix's own syntax
 * writes {{ only with an "=" inside (inline: tables) or as ${{ ... }
 * (an expression), and writes @ between a local part and a domain.
 */
#include "template_sniff.h"
#include "util.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

typedef struct marker {
    const char *kind;           /* "a Jinja2 template" */
    const char *shape;          /* "{{ ... }}"; NULL: the text below */
    const char *text;           /* a placeholder as written: "@DISTRO@" */
    int text_len;
} marker;

static bool ident_char(char c)
{
    return isalnum((unsigned char) c) || c == '_';
}

/* {{ inner }} with no brace and no "=" inside: an inline: table or an
 * expression has one or the other. */
static bool double_brace(const char *line, const char *p, const char *end,
                         const char **inner)
{
    const char *q;

    if (end - p < 4 || p[0] != '{' || p[1] != '{' || (p > line && p[-1] == '$'))
        return false;
    for (q = p + 2; q + 1 < end; q++) {
        if (*q == '{' || *q == '=')
            return false;
        if (*q == '}')
            break;
    }
    if (q + 1 >= end || q[1] != '}')
        return false;
    *inner = p + 2;
    return true;
}

/* Go templates: {{ .Field }}, {{- ... }}, {{ end }} and friends. */
static bool go_inner(const char *s)
{
    static const char *const words[] = {"end", "range", "with", "define",
                                        "template", "block", NULL};

    if (*s == '-')
        s++;
    while (*s == ' ')
        s++;
    if (*s == '.' || *s == '$')
        return true;
    for (int i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);

        if (strncmp(s, words[i], n) == 0 && !ident_char(s[n]))
            return true;
    }
    return false;
}

/* A placeholder delimited by c on both sides: @NAME@ or %NAME%, not
 * glued to a word before it (user@host@ is not one). */
static bool delimited_name(const char *line, const char *p, const char *end,
                           char c, marker *m)
{
    const char *q = p + 1;

    if (*p != c || (p > line && ident_char(p[-1])) || q >= end
        || !(isalpha((unsigned char) *q) || *q == '_'))
        return false;
    while (q < end && ident_char(*q))
        q++;
    if (q >= end || *q != c || q - p > 64)
        return false;
    m->shape = NULL;
    m->text = p;
    m->text_len = (int) (q - p + 1);
    return true;
}

/* iRedMail's installer fills in bare PH_NAME words (PH_QUEUE_DIRECTORY). */
static bool iredmail_name(const char *line, const char *p, const char *end,
                          marker *m)
{
    const char *q = p + 3;

    if (end - p < 5 || strncmp(p, "PH_", 3) != 0
        || (p > line && ident_char(p[-1])))
        return false;
    while (q < end && (isupper((unsigned char) *q) || isdigit((unsigned char) *q)
                       || *q == '_'))
        q++;
    if (q - p < 5 || q - p > 64 || (q < end && ident_char(*q)))
        return false;
    m->shape = NULL;
    m->text = p;
    m->text_len = (int) (q - p);
    return true;
}

static bool sniff_line(const char *line, const char *end, marker *m)
{
    for (const char *p = line; p < end; p++) {
        const char *inner;

        if (double_brace(line, p, end, &inner)) {
            bool go = go_inner(inner);

            m->kind = go ? "a Go template" : "a Jinja2 template";
            m->shape = "{{ ... }}";
            return true;
        }
        if (p + 1 < end && p[0] == '{' && (p[1] == '%' || p[1] == '#')) {
            const char *close = p[1] == '%' ? "%}" : "#}";

            if (memmem(p + 2, (size_t) (end - p - 2), close, 2)) {
                m->kind = "a Jinja2 template";
                m->shape = p[1] == '%' ? "{% ... %}" : "{# ... #}";
                return true;
            }
        }
        if (p + 1 < end && p[0] == '<' && p[1] == '%'
            && memmem(p + 2, (size_t) (end - p - 2), "%>", 2)) {
            m->kind = "an ERB template";
            m->shape = "<% ... %>";
            return true;
        }
        if (delimited_name(line, p, end, '@', m)) {
            m->kind = "a template with @NAME@ placeholders";
            return true;
        }
        if (delimited_name(line, p, end, '%', m)) {
            m->kind = "a template with %NAME% placeholders";
            return true;
        }
        if (iredmail_name(line, p, end, m)) {
            m->kind = "an iRedMail template with PH_NAME placeholders";
            return true;
        }
    }
    return false;
}

char *template_sniff(const source *src)
{
    const char *text = src->text, *end = src->text + src->len;
    int line = 1;

    for (const char *p = text; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t) (end - p));
        const char *eol = nl ? nl : end;
        const char *first = p;
        marker m;

        while (first < eol && (*first == ' ' || *first == '\t'))
            first++;
        /* Comments are not read by Postfix: they do not count. */
        if (first < eol && *first != '#' && sniff_line(p, eol, &m))
            return xasprintf("%s:%d: this looks like %s (%.*s), not a "
                             "configuration Postfix reads; lint the "
                             "rendered file", src->path, line, m.kind,
                             m.shape ? (int) strlen(m.shape) : m.text_len,
                             m.shape ? m.shape : m.text);
        p = nl ? nl + 1 : end;
    }
    return NULL;
}
