/*
 * service_params.c - the per-service parameter suffixes, and which of a
 * configuration's services make a name a parameter.
 *
 * Interface: see service_params.h. Facts from postconf_service.c (2.9 ..
 * 3.11) and qmgr_transport.c: the delivery suffixes are derived for
 * services whose command is local, error, virtual, smtp, lmtp or pipe;
 * _time_limit for pipe and spawn; _transport_rate_delay from 3.1.
 * No diagnostics.
 */
#include "service_params.h"
#include "util.h"

#include <string.h>

#define V(a, b) {a, b, 0}

const service_suffix service_suffixes[] = {
    {"_destination_concurrency_limit",
     "$default_destination_concurrency_limit", V(1, 0), false},
    {"_destination_recipient_limit",
     "$default_destination_recipient_limit", V(1, 0), false},
    {"_initial_destination_concurrency",
     "$initial_destination_concurrency", V(2, 5), false},
    {"_destination_rate_delay", "$default_destination_rate_delay", V(2, 5),
     false},
    {"_destination_concurrency_positive_feedback",
     "$default_destination_concurrency_positive_feedback", V(2, 5), false},
    {"_destination_concurrency_negative_feedback",
     "$default_destination_concurrency_negative_feedback", V(2, 5), false},
    {"_destination_concurrency_failed_cohort_limit",
     "$default_destination_concurrency_failed_cohort_limit", V(2, 5), false},
    {"_delivery_slot_cost", "$default_delivery_slot_cost", V(1, 1), false},
    {"_delivery_slot_loan", "$default_delivery_slot_loan", V(1, 1), false},
    {"_delivery_slot_discount", "$default_delivery_slot_discount", V(1, 1),
     false},
    {"_minimum_delivery_slots", "$default_minimum_delivery_slots", V(1, 1),
     false},
    {"_recipient_limit", "$default_recipient_limit", V(1, 1), false},
    {"_extra_recipient_limit", "$default_extra_recipient_limit", V(1, 1),
     false},
    {"_recipient_refill_limit", "$default_recipient_refill_limit", V(2, 4),
     false},
    {"_recipient_refill_delay", "$default_recipient_refill_delay", V(2, 4),
     false},
    {"_transport_rate_delay", "$default_transport_rate_delay", V(3, 1),
     false},
    {"_time_limit", "$command_time_limit", V(1, 0), true},
};

const size_t n_service_suffixes =
    sizeof(service_suffixes) / sizeof(service_suffixes[0]);

/* Programs qmgr delivers through (pcf_register_service_parameters()). */
static bool delivery_program(const char *cmd)
{
    static const char *const programs[] = {
        "local", "error", "virtual", "smtp", "lmtp", "pipe", NULL
    };

    for (const char *const *p = programs; *p; p++)
        if (str_eq(*p, cmd))
            return true;
    return false;
}

/* Does a service named name[0..len) run a program that reads suffix? */
static bool service_reads(const model *m, const char *name, size_t len,
                          const service_suffix *sfx)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *svc, *cmd;

        if (!s->has_fields)
            continue;
        svc = s->argv[MF_SERVICE].text;
        cmd = s->argv[MF_COMMAND].text;
        if (strlen(svc) != len || strncmp(name, svc, len) != 0)
            continue;
        if (sfx->time_limit ? str_eq(cmd, "pipe") || str_eq(cmd, "spawn")
            : delivery_program(cmd))
            return true;
    }
    return false;
}

const service_suffix *service_suffix_of(const char *name, size_t *prefix_len)
{
    const service_suffix *best = NULL;
    size_t len = strlen(name), best_len = 0;

    for (size_t i = 0; i < n_service_suffixes; i++) {
        size_t n = strlen(service_suffixes[i].suffix);

        if (len > n && n > best_len
            && str_eq(name + len - n, service_suffixes[i].suffix)) {
            best = &service_suffixes[i];
            best_len = n;
        }
    }
    *prefix_len = best ? len - best_len : 0;
    return best;
}

const service *service_named(const model *m, const char *name, size_t len)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (s->has_fields && strlen(s->argv[MF_SERVICE].text) == len
            && strncmp(s->argv[MF_SERVICE].text, name, len) == 0)
            return s;
    }
    return NULL;
}

const char *service_suffix_readers(const service_suffix *sfx)
{
    return sfx->time_limit ? "pipe or spawn"
        : "local, error, virtual, smtp, lmtp or pipe";
}

const service_suffix *service_param_suffix(const model *m, const char *name)
{
    static size_t lens[sizeof(service_suffixes) / sizeof(service_suffixes[0])];
    static bool last_char[256];     /* the last letters of the suffixes */
    size_t len = strlen(name);

    if (lens[0] == 0)
        for (size_t i = 0; i < n_service_suffixes; i++) {
            lens[i] = strlen(service_suffixes[i].suffix);
            last_char[(unsigned char) service_suffixes[i].suffix[lens[i] - 1]]
                = true;
        }
    /* A cheap first filter: most names end in no suffix's last letter. */
    if (len == 0 || !last_char[(unsigned char) name[len - 1]])
        return NULL;
    /* Suffixes overlap (_recipient_limit, _destination_recipient_limit):
     * try every one that matches. */
    for (size_t i = 0; i < n_service_suffixes; i++) {
        const service_suffix *sfx = &service_suffixes[i];

        if (len > lens[i]
            && memcmp(name + len - lens[i], sfx->suffix, lens[i]) == 0
            && version_cmp(m->version, sfx->since) >= 0
            && service_reads(m, name, len - lens[i], sfx))
            return sfx;
    }
    return NULL;
}

const service *time_limit_service(const model *m, const char *name)
{
    static const char suffix[] = "_time_limit";
    size_t len = strlen(name), n = sizeof(suffix) - 1;

    if (len <= n || !str_eq(name + len - n, suffix))
        return NULL;
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const char *svc, *cmd, *slash;

        if (!s->has_fields)
            continue;
        svc = s->argv[MF_SERVICE].text;
        cmd = s->argv[MF_COMMAND].text;
        slash = strrchr(cmd, '/');
        cmd = slash ? slash + 1 : cmd;
        if (strlen(svc) == len - n && strncmp(name, svc, len - n) == 0
            && (str_eq(cmd, "pipe") || str_eq(cmd, "spawn")))
            return s;
    }
    return NULL;
}
