/*
 * master_duplicate_service.c - rule "master-duplicate-service": two
 * master.cf entries for the same endpoint.
 *
 * master(8) identifies a service by what it listens on: for inet, the
 * host and port ("smtp" and "25" are the same port, "127.0.0.1:smtp" is
 * not); for unix, fifo, pass and unix-dgram, the socket, which is
 * private/NAME or public/NAME depending on the private field. Two entries
 * for one endpoint: master logs "duplicate master.cf entry ... using the
 * last entry", and whatever the first one set (its -o options, process
 * limit) is silently lost. postconf and postfix check say nothing.
 */
#include "rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Well-known service names master resolves to the same port. */
static const char *port_of(const char *name)
{
    static const char *const known[][2] = {
        {"smtp", "25"}, {"submission", "587"}, {"smtps", "465"},
        {"submissions", "465"}, {"lmtp", "24"}, {"qmqp", "628"}, {NULL, NULL}
    };

    for (int i = 0; known[i][0]; i++)
        if (str_eq(known[i][0], name))
            return known[i][1];
    return name;
}

/* The endpoint a service listens on, as one comparable string. */
static char *endpoint(const service *s)
{
    const char *name = s->argv[0].text, *type = s->argv[1].text;
    const char *priv = s->argv[2].text;

    if (str_eq(type, "inet")) {
        const char *colon = strrchr(name, ':');

        if (colon)
            return xasprintf("inet %.*s:%s", (int) (colon - name), name,
                             port_of(colon + 1));
        return xasprintf("inet *:%s", port_of(name));
    }
    return xasprintf("%s %s/%s", type, str_eq(priv, "n") ? "public"
                     : "private", name);
}

/* "inet *:25" and "inet 127.0.0.1:25": the wildcard socket takes the
 * port for every address (Linux), so the second bind fails. */
static bool bind_conflict(const char *a, const char *b)
{
    const char *pa = strrchr(a, ':'), *pb = strrchr(b, ':');

    if (!str_starts(a, "inet ") || !str_starts(b, "inet ") || !pa || !pb
        || !str_eq(pa, pb))
        return false;
    return str_starts(a, "inet *:") != str_starts(b, "inet *:");
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;
    char **keys = xcalloc(m->n_services + 1, sizeof(char *));

    for (size_t i = 0; i < m->n_services; i++)
        if (m->services[i].has_fields)
            keys[i] = endpoint(&m->services[i]);
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (keys[i] == NULL)
            continue;
        for (size_t j = i + 1; j < m->n_services; j++) {
            const service *t = &m->services[j];

            if (keys[j] == NULL)
                continue;
            if (!str_eq(keys[i], keys[j])) {
                if (bind_conflict(keys[i], keys[j]))
                    report(ctx, self, &t->argv[0].sp,
                           "service %s/%s and %s/%s (line %d) listen on the "
                           "same port, one on all addresses: master(8) of "
                           "Postfix %s cannot bind both (address already in "
                           "use)", t->argv[0].text, t->argv[1].text,
                           s->argv[0].text, s->argv[1].text,
                           s->argv[0].sp.line, ctx->version_text);
                continue;
            }
            report(ctx, self, &t->argv[0].sp,
                   "service %s/%s listens on the same %s as %s/%s at line "
                   "%d: master(8) of Postfix %s uses only this last entry "
                   "and ignores the one at line %d, with its options",
                   t->argv[0].text, t->argv[1].text,
                   str_eq(t->argv[1].text, "inet") ? "address and port"
                   : "socket", s->argv[0].text, s->argv[1].text,
                   s->argv[0].sp.line, ctx->version_text, s->argv[0].sp.line);
            break;
        }
    }
    for (size_t i = 0; i < m->n_services; i++)
        free(keys[i]);
    free(keys);
}

const rule_desc rule_master_duplicate_service = {
    "master-duplicate-service", SEV_WARNING,
    "two master.cf entries listen on the same endpoint; only the last counts",
    "master(8) identifies a service by its endpoint: the host and port of "
    "an inet service (\"smtp\" and \"25\" are the same), or the private or "
    "public socket of a unix, fifo, pass or unix-dgram service. When two "
    "entries share one, master logs \"duplicate master.cf entry\" and uses "
    "the last; whatever the first entry set (its -o options, its process "
    "limit) is silently ignored. postconf and postfix check do not report "
    "it.",
    check
};
