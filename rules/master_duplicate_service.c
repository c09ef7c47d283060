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

#include <stdint.h>
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
    const char *name = s->argv[MF_SERVICE].text, *type = s->argv[MF_TYPE].text;
    const char *priv = s->argv[MF_PRIVATE].text;

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

static bool wildcard(const char *key)
{
    return str_starts(key, "inet *:");
}

static void report_duplicate(const lint_ctx *ctx, const rule_desc *self,
                             const service *s, const service *t)
{
    report(ctx, self, &t->argv[MF_SERVICE].sp,
           "service %s/%s listens on the same %s as %s/%s at line "
           "%d:" DIAG_NOTE
           " master(8) of Postfix %s uses only this last entry and ignores "
           "the one at line %d, with its options",
           t->argv[MF_SERVICE].text, t->argv[MF_TYPE].text,
           str_eq(t->argv[MF_TYPE].text, "inet") ? "address and port"
           : "socket", s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
           s->argv[MF_SERVICE].sp.line, ctx->version_text, s->argv[MF_SERVICE].sp.line);
}

/* "inet *:25" and "inet 127.0.0.1:25": the wildcard socket takes the
 * port for every address (Linux), so the second bind fails. */
static void report_bind(const lint_ctx *ctx, const rule_desc *self,
                        const service *s, const service *t)
{
    report(ctx, self, &t->argv[MF_SERVICE].sp,
           "service %s/%s and %s/%s (line %d) listen on the "
           "same port, one on all addresses:" DIAG_NOTE " master(8) of "
           "Postfix %s cannot bind both (address already in "
           "use)", t->argv[MF_SERVICE].text, t->argv[MF_TYPE].text,
           s->argv[MF_SERVICE].text, s->argv[MF_TYPE].text,
           s->argv[MF_SERVICE].sp.line, ctx->version_text);
}

typedef struct ep {
    const char *key;            /* the endpoint */
    const char *port;           /* inet: ":PORT" in key, else NULL */
    size_t i;                   /* the service */
} ep;

static int by_key(const void *a, const void *b)
{
    const ep *x = a, *y = b;
    int c = strcmp(x->key, y->key);

    return c ? c : x->i < y->i ? -1 : 1;
}

static int by_port(const void *a, const void *b)
{
    const ep *x = a, *y = b;
    int c = strcmp(x->port, y->port);

    return c ? c : x->i < y->i ? -1 : 1;
}

/* Endpoints are sorted, not compared pairwise: 10,000 services stay
 * quick. For each entry, the next one with the same endpoint is its
 * duplicate; on one port, a wildcard and a specific address that comes
 * before the next entry of the same endpoint conflict (a specific
 * address is reported with the first such wildcard only). */
static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;
    size_t n = 0, n_inet = 0, *next_dup, *next_wild;
    char **keys = xcalloc(m->n_services + 1, sizeof(char *));
    ep *eps = xcalloc(m->n_services + 1, sizeof(ep));
    ep *inet = xcalloc(m->n_services + 1, sizeof(ep));

    next_dup = xcalloc(m->n_services + 1, sizeof(size_t));
    next_wild = xcalloc(m->n_services + 1, sizeof(size_t));
    for (size_t i = 0; i < m->n_services; i++) {
        next_dup[i] = SIZE_MAX;
        if (!m->services[i].has_fields)
            continue;
        keys[i] = endpoint(&m->services[i]);
        eps[n++] = (ep) {keys[i], NULL, i};
        if (str_starts(keys[i], "inet "))
            inet[n_inet++] = (ep) {keys[i], strrchr(keys[i], ':'), i};
    }
    qsort(eps, n, sizeof(ep), by_key);
    for (size_t k = 0; k + 1 < n; k++)
        if (str_eq(eps[k].key, eps[k + 1].key)) {
            next_dup[eps[k].i] = eps[k + 1].i;
            report_duplicate(ctx, self, &m->services[eps[k].i],
                             &m->services[eps[k + 1].i]);
        }
    qsort(inet, n_inet, sizeof(ep), by_port);
    /* next_wild[k]: the position of the first wildcard after k on the
     * same port, or SIZE_MAX. */
    for (size_t k = n_inet; k-- > 0;)
        next_wild[k] = k + 1 < n_inet && str_eq(inet[k].port, inet[k + 1].port)
            ? (wildcard(inet[k + 1].key) ? k + 1 : next_wild[k + 1])
            : SIZE_MAX;
    for (size_t k = 0; k < n_inet; k++) {
        size_t i = inet[k].i, w;

        if (!wildcard(inet[k].key)) {
            w = next_wild[k];
            if (w != SIZE_MAX && inet[w].i < next_dup[i])
                report_bind(ctx, self, &m->services[i],
                            &m->services[inet[w].i]);
            continue;
        }
        for (w = k + 1; w < n_inet && str_eq(inet[w].port, inet[k].port)
             && inet[w].i < next_dup[i]; w++)
            if (!wildcard(inet[w].key))
                report_bind(ctx, self, &m->services[i],
                            &m->services[inet[w].i]);
    }
    for (size_t i = 0; i < m->n_services; i++)
        free(keys[i]);
    free(keys);
    free(eps);
    free(inet);
    free(next_dup);
    free(next_wild);
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
    check,
    0
};
