/*
 * tls_policy.c - compute each smtpd service's effective TLS policy.
 *
 * Interface: see tls_policy.h. Follows smtpd.c (2.6 - 3.x): a non-empty
 * smtpd_tls_security_level decides (none, may, encrypt; fingerprint,
 * verify and secure act as encrypt), else smtpd_enforce_tls /
 * smtpd_use_tls; wrapper mode enforces TLS and ignores the level. When
 * TLS is enforced, the mandatory protocol list, grade and exclusions
 * apply (the mandatory exclusions in addition to smtpd_tls_exclude_ciphers);
 * otherwise the opportunistic ones. Asking for client certificates adds
 * aNULL to the exclusions. ECDHE: from 2.6 when smtpd_tls_eecdh_grade is
 * strong, ultra or auto (and OpenSSL 1.0.0+); always from 3.4.
 * No diagnostics: rules report.
 */
#include "tls_policy.h"
#include "listtok.h"

#include "tls_ciphers.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void tls_setting_get(const model *m, const service *svc, const char *name,
                     tls_setting *out)
{
    strbuf value;
    expand_result res = {0};

    memset(out, 0, sizeof(*out));
    out->name = name;
    out->raw = effective_lookup(m, svc, name);
    /* A default that is just "$other" (tlsproxy_tls_protocols =
     * $smtpd_tls_protocols): where other is written is where this one
     * is written too. */
    for (int hops = 0; hops < 5 && out->raw.origin == ORIGIN_DEFAULT
         && out->raw.value && out->raw.value[0] == '$'; hops++) {
        const char *ref = out->raw.value + 1;
        eff_value next;

        if (ref[strspn(ref, "abcdefghijklmnopqrstuvwxyz0123456789_")] != '\0')
            break;
        next = effective_lookup(m, svc, ref);
        if (next.value == NULL)
            break;
        out->raw.origin = next.origin;
        out->raw.entry = next.entry;
        out->raw.opt = next.opt;
        if (next.origin != ORIGIN_DEFAULT)
            break;
        out->raw.value = next.value;
    }
    sb_init(&value);
    if (out->raw.value)
        effective_expand(m, svc, name, out->raw.value, &value, &res);
    expand_result_free(&res);
    /* Blanks at the ends do not count (Postfix trims list values). */
    {
        char *v = value.data ? value.data : "";
        size_t len = strlen(v);

        while (len > 0 && pf_isspace((unsigned char) v[len - 1]))
            len--;
        v += strspn(v, " \t\r\n");
        out->value = xstrndup(v, strlen(v) < len ? strlen(v) : len);
    }
    sb_free(&value);
}

void tls_setting_free(tls_setting *s)
{
    free(s->value);
    s->value = NULL;
}

const char *role_name(svc_role role)
{
    switch (role) {
    case ROLE_PUBLIC_MX: return "public MX (port 25)";
    case ROLE_SUBMISSION: return "submission (port 587)";
    case ROLE_SMTPS: return "submissions/smtps (port 465)";
    default: return "other";
    }
}

static bool port_25(const service *svc)
{
    const char *name = svc->argv[MF_SERVICE].text;
    const char *port = strrchr(name, ':') ? strrchr(name, ':') + 1 : name;

    return str_eq(svc->argv[MF_TYPE].text, "inet")
        && (str_eq(port, "smtp") || str_eq(port, "25"));
}

static bool postscreen_on_25(const model *m)
{
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (s->has_fields && port_25(s)
            && str_eq(service_daemon(s), "postscreen"))
            return true;
    }
    return false;
}

/* postscreen on port 25 hands connections to "smtpd pass ... smtpd". */
static bool behind_postscreen(const model *m, const service *svc)
{
    return str_eq(svc->argv[MF_TYPE].text, "pass") && postscreen_on_25(m);
}

/* The port an inet service listens on: "smtp", "25", "1.2.3.4:smtp". */
static svc_role role_of(const model *m, const service *svc, bool wrapper)
{
    const char *name, *port;

    if (svc == NULL)
        return ROLE_PUBLIC_MX;
    if (behind_postscreen(m, svc))
        return ROLE_PUBLIC_MX;
    if (str_eq(service_daemon(svc), "tlsproxy"))
        return postscreen_on_25(m) ? ROLE_PUBLIC_MX : ROLE_OTHER;
    if (!str_eq(svc->argv[MF_TYPE].text, "inet"))
        return ROLE_OTHER;
    name = svc->argv[MF_SERVICE].text;
    port = strrchr(name, ':') ? strrchr(name, ':') + 1 : name;
    if (str_eq(port, "smtp") || str_eq(port, "25"))
        return ROLE_PUBLIC_MX;
    if (str_eq(port, "submission") || str_eq(port, "587"))
        return ROLE_SUBMISSION;
    if (str_eq(port, "smtps") || str_eq(port, "submissions")
        || str_eq(port, "465") || wrapper)
        return ROLE_SMTPS;
    return ROLE_OTHER;
}

static const tls_names smtpd_names = {
    "smtpd", "smtpd_tls_security_level", "smtpd_use_tls",
    "smtpd_enforce_tls", "smtpd_tls_wrappermode", "smtpd_tls_protocols",
    "smtpd_tls_mandatory_protocols", "smtpd_tls_ciphers",
    "smtpd_tls_mandatory_ciphers", "smtpd_tls_exclude_ciphers",
    "smtpd_tls_mandatory_exclude_ciphers", "smtpd_tls_cert_file",
    "smtpd_tls_key_file"
};
/* tlsproxy (2.8+) does STARTTLS for postscreen; its settings default to
 * smtpd's ($smtpd_tls_...). It has no wrapper mode parameter. */
static const tls_names tlsproxy_names = {
    "tlsproxy", "tlsproxy_tls_security_level", "tlsproxy_use_tls",
    "tlsproxy_enforce_tls", "tlsproxy_no_wrappermode",
    "tlsproxy_tls_protocols", "tlsproxy_tls_mandatory_protocols",
    "tlsproxy_tls_ciphers", "tlsproxy_tls_mandatory_ciphers",
    "tlsproxy_tls_exclude_ciphers", "tlsproxy_tls_mandatory_exclude_ciphers",
    "tlsproxy_tls_cert_file", "tlsproxy_tls_key_file"
};
static const tls_names smtp_names = {
    "smtp", "smtp_tls_security_level", "smtp_use_tls", "smtp_enforce_tls",
    "smtp_tls_wrappermode", "smtp_tls_protocols",
    "smtp_tls_mandatory_protocols", "smtp_tls_ciphers",
    "smtp_tls_mandatory_ciphers", "smtp_tls_exclude_ciphers",
    "smtp_tls_mandatory_exclude_ciphers", "smtp_tls_cert_file",
    "smtp_tls_key_file"
};
static const tls_names lmtp_names = {
    "lmtp", "lmtp_tls_security_level", "lmtp_use_tls", "lmtp_enforce_tls",
    "lmtp_tls_wrappermode", "lmtp_tls_protocols",
    "lmtp_tls_mandatory_protocols", "lmtp_tls_ciphers",
    "lmtp_tls_mandatory_ciphers", "lmtp_tls_exclude_ciphers",
    "lmtp_tls_mandatory_exclude_ciphers", "lmtp_tls_cert_file",
    "lmtp_tls_key_file"
};

static bool yes(const tls_setting *s)
{
    return s->value && strcasecmp(s->value, "yes") == 0;
}

static void lower_copy(char *dst, size_t size, const char *src)
{
    size_t i;

    for (i = 0; i + 1 < size && src[i]; i++)
        dst[i] = (char) tolower((unsigned char) src[i]);
    dst[i] = '\0';
}

static void decide_level(const model *m, tls_server *t)
{
    tls_setting use, enforce, wrapper;

    tls_setting_get(m, t->svc, t->names->level, &t->level);
    tls_setting_get(m, t->svc, t->names->use, &use);
    tls_setting_get(m, t->svc, t->names->enforce, &enforce);
    tls_setting_get(m, t->svc, t->names->wrapper, &wrapper);
    t->wrapper = yes(&wrapper);
    if (!t->wrapper && t->level.value[0]) {
        static const char *const levels[] = {"none", "may", "encrypt",
                                             "fingerprint", "verify",
                                             "secure", "dane", "dane-only",
                                             NULL};
        bool known = false;

        lower_copy(t->level_word, sizeof(t->level_word), t->level.value);
        for (int i = 0; levels[i]; i++)
            known |= str_eq(levels[i], t->level_word)
                && (t->client || i < 6);    /* dane: clients only */
        /* smtpd dies on any other level (bad-value says so): no TLS
         * policy to speak of. */
        t->enforce = known && !str_eq(t->level_word, "none")
            && !str_eq(t->level_word, "may");
        t->use_tls = known && !str_eq(t->level_word, "none");
    } else {
        t->enforce = yes(&enforce);
        t->use_tls = yes(&use) || t->enforce;
        snprintf(t->level_word, sizeof(t->level_word), "%s",
                 t->enforce ? "encrypt" : t->use_tls ? "may" : "none");
    }
    if (t->wrapper && !t->client) {
        t->enforce = t->use_tls = true;
        snprintf(t->level_word, sizeof(t->level_word), "wrapper");
    }
    tls_setting_free(&use);
    tls_setting_free(&enforce);
    tls_setting_free(&wrapper);
}

static bool has_ecdhe(const model *m, tls_server *t, pf_version ossl)
{
    static const pf_version v2_6 = {2, 6, 0}, v3_4 = {3, 4, 0};
    static const pf_version o1_0 = {1, 0, 0}, o1_0_2 = {1, 0, 2};
    char grade[16];

    tls_setting_get(m, t->svc, "smtpd_tls_eecdh_grade", &t->eecdh_grade);
    if (version_cmp(m->version, v3_4) >= 0)
        return true;
    /* The client leaves ECDHE to OpenSSL's defaults (1.0.0 and later). */
    if (t->client)
        return version_cmp(ossl, o1_0) >= 0;
    if (version_cmp(m->version, v2_6) < 0 || version_cmp(ossl, o1_0) < 0)
        return false;
    lower_copy(grade, sizeof(grade), t->eecdh_grade.value);
    if (str_eq(grade, "auto"))
        return version_cmp(ossl, o1_0_2) >= 0;
    return str_eq(grade, "strong") || str_eq(grade, "ultra");
}

/* "<grade list>:!tok:!tok...", as tls_set_ciphers() builds it. */
static void build_cipher_string(const model *m, tls_server *t)
{
    static const pf_version v3_8 = {3, 8, 0};
    char list_name[64], grade[16];
    strbuf s, excl;
    tls_setting ask, req;

    lower_copy(grade, sizeof(grade), t->grade.value);
    snprintf(t->grade_word, sizeof(t->grade_word), "%s", grade);
    /* 3.8+: low and export are aliases of medium. */
    if (version_cmp(m->version, v3_8) >= 0
        && (str_eq(grade, "low") || str_eq(grade, "export")))
        snprintf(grade, sizeof(grade), "medium");
    {
        /* Setting names must outlive this function: use literals. */
        static const char *const lists[] = {
            "tls_high_cipherlist", "tls_medium_cipherlist",
            "tls_low_cipherlist", "tls_export_cipherlist",
            "tls_null_cipherlist", NULL
        };
        const char *found = NULL;

        snprintf(list_name, sizeof(list_name), "tls_%s_cipherlist", grade);
        for (int i = 0; lists[i]; i++)
            if (str_eq(lists[i], list_name))
                found = lists[i];
        tls_setting_get(m, t->svc, found ? found : "tls_medium_cipherlist",
                        &t->cipherlist);
        if (found == NULL) {
            /* An invalid grade: no list (the rules say so). */
            free(t->cipherlist.value);
            t->cipherlist.value = xstrdup("");
        }
    }
    sb_init(&s);
    sb_init(&excl);
    sb_adds(&s, t->cipherlist.value);
    sb_adds(&excl, t->exclude.value);
    if (t->mand_exclude_used) {
        sb_addc(&excl, ' ');
        sb_adds(&excl, t->mand_exclude.value);
    }
    if (!t->client) {
        tls_setting_get(m, t->svc, "smtpd_tls_ask_ccert", &ask);
        tls_setting_get(m, t->svc, "smtpd_tls_req_ccert", &req);
        if (yes(&ask) || (t->enforce && yes(&req)))
            sb_adds(&excl, " aNULL");
        tls_setting_free(&ask);
        tls_setting_free(&req);
    }
    {
        list_tokens words = {0};

        list_split(excl.data ? excl.data : "", excl.len, LIST_SEPARATORS_TLS,
                   false, &words);
        for (size_t k = 0; k < words.n; k++) {
            if (strchr("!+-@", *words.items[k].text))
                t->bad_exclusion = true;
            sb_printf(&s, ":!%.*s", (int) words.items[k].len,
                      words.items[k].text);
        }
        list_tokens_free(&words);
    }
    t->cipher_string = sb_steal(&s);
    sb_free(&excl);
}

static bool old_export_default(pf_version v)
{
    if (v.major == 2 && v.minor <= 8)
        return true;
    if (v.major == 2)
        return (v.minor == 9 && v.patch < 14) || (v.minor == 10 && v.patch < 8)
            || (v.minor == 11 && v.patch < 6);
    return v.major == 3 && v.minor == 0 && v.patch < 2;
}

/* Is any certificate parameter of smtpd or tlsproxy set (RSA, EC, DSA,
 * chain files)? Without one, smtpd answers STARTTLS with 454. */
static bool any_cert(const model *m, const service *svc, const char *program)
{
    static const char *const names[] = {
        "cert_file", "eccert_file", "dcert_file", "chain_files", NULL
    };
    bool found = false;

    for (const char *const *n = names; *n && !found; n++) {
        tls_setting s;
        char name[64];

        snprintf(name, sizeof(name), "%s_tls_%s", program, *n);
        tls_setting_get(m, svc, name, &s);
        found = s.value && s.value[0] != '\0';
        tls_setting_free(&s);
    }
    return found;
}

static void build_policy(const model *m, const service *svc,
                         pf_version ossl, const tls_names *names,
                         tls_server *t)
{
    memset(t, 0, sizeof(*t));
    t->names = names;
    t->client = names != &smtpd_names && names != &tlsproxy_names;
    t->svc = svc;
    if (svc)
        snprintf(t->name, sizeof(t->name), "%s/%s", svc->argv[MF_SERVICE].text,
                 svc->argv[MF_TYPE].text);
    else
        snprintf(t->name, sizeof(t->name), "main.cf");
    decide_level(m, t);
    t->role = t->client ? ROLE_OTHER : role_of(m, svc, t->wrapper);
    tls_setting_get(m, svc, t->enforce ? names->mand_protocols
                    : names->protocols, &t->protocols);
    tls_setting_get(m, svc, t->enforce ? names->protocols
                    : names->mand_protocols, &t->other_protocols);
    proto_list_parse(t->protocols.value, m->version, ossl, &t->proto);
    tls_setting_get(m, svc, t->enforce ? names->mand_ciphers
                    : names->ciphers, &t->grade);
    /* The opportunistic grade's default became medium in 2.9.14, 2.10.8,
     * 2.11.6 and 3.0.2 (export before): finer than the series table. */
    if (!t->enforce && t->grade.raw.origin == ORIGIN_DEFAULT
        && (str_eq(t->grade.value, "export") || str_eq(t->grade.value, "medium"))) {
        free(t->grade.value);
        t->grade.value = xstrdup(old_export_default(m->version) ? "export"
                                 : "medium");
    }
    tls_setting_get(m, svc, t->enforce ? names->ciphers
                    : names->mand_ciphers, &t->other_grade);
    tls_setting_get(m, svc, names->exclude, &t->exclude);
    tls_setting_get(m, svc, names->mand_exclude, &t->mand_exclude);
    t->mand_exclude_used = t->enforce;
    build_cipher_string(m, t);
    t->ecdhe = has_ecdhe(m, t, ossl);
    tls_setting_get(m, svc, names->cert, &t->cert);
    tls_setting_get(m, svc, names->key, &t->key);
    if (!t->client) {
        tls_setting ec;
        char ec_name[64];

        t->no_cert = !any_cert(m, svc, names->program);
        snprintf(ec_name, sizeof(ec_name), "%s_tls_eccert_file",
                 names->program);
        tls_setting_get(m, svc, ec_name, &ec);
        t->auth = certificate_auth(t->cert.value)
            | certificate_auth(ec.value);
        tls_setting_free(&ec);
        if (t->auth == 0) {
            t->auth = AUTH_RSA;     /* the usual case */
            t->auth_assumed = true;
        }
    }
}

static bool runs(const service *s, const char *program)
{
    return s->has_fields && str_eq(service_daemon(s), program);
}

bool postscreen_offers_tls(const model *m, const service *svc,
                           char *level_word, size_t size)
{
    static const char *const on[] = {"may", "encrypt", "fingerprint",
                                     "verify", "secure", NULL};
    tls_setting level, use, enforce;
    bool offers = false;

    tls_setting_get(m, svc, "postscreen_tls_security_level", &level);
    if (level.value[0]) {
        lower_copy(level_word, size, level.value);
        for (int i = 0; on[i]; i++)
            offers |= str_eq(on[i], level_word);
    } else {
        tls_setting_get(m, svc, "postscreen_use_tls", &use);
        tls_setting_get(m, svc, "postscreen_enforce_tls", &enforce);
        offers = yes(&use) || yes(&enforce);
        snprintf(level_word, size, "%s", yes(&enforce) ? "encrypt"
                 : offers ? "may" : "none");
        tls_setting_free(&use);
        tls_setting_free(&enforce);
    }
    tls_setting_free(&level);
    return offers;
}

/* Does postscreen talk SMTP itself (and so hand STARTTLS to tlsproxy)?
 * Only with an after-220 test, or to reject a client it found bad with
 * action enforce; otherwise clients reach smtpd after the greeting. */
static bool postscreen_talks(const model *m, const service *svc)
{
    static const char *const deep[] = {
        "postscreen_pipelining_enable", "postscreen_non_smtp_command_enable",
        "postscreen_bare_newline_enable", NULL
    };
    static const char *const acts[][2] = {
        {"postscreen_greet_action", NULL},
        {"postscreen_dnsbl_action", "postscreen_dnsbl_sites"},
        {"postscreen_denylist_action", "postscreen_access_list"},
        {"postscreen_blacklist_action", "postscreen_access_list"},
    };
    bool talks = false;

    for (int i = 0; deep[i] && !talks; i++) {
        tls_setting s;

        tls_setting_get(m, svc, deep[i], &s);
        talks = yes(&s);
        tls_setting_free(&s);
    }
    for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]) && !talks; i++) {
        tls_setting act, need;

        tls_setting_get(m, svc, acts[i][0], &act);
        talks = strcasecmp(act.value, "enforce") == 0;
        if (talks && acts[i][1]) {
            tls_setting_get(m, svc, acts[i][1], &need);
            talks = need.value[0] != '\0';
            tls_setting_free(&need);
        }
        tls_setting_free(&act);
    }
    return talks;
}

/* Does svc (one that reads tlsproxy_service_name) talk to the tlsproxy
 * service proxy? */
static bool names_proxy(const model *m, const service *svc,
                        const service *proxy)
{
    tls_setting name;
    bool same;

    tls_setting_get(m, svc, "tlsproxy_service_name", &name);
    same = str_eq(name.value, proxy->argv[MF_SERVICE].text);
    tls_setting_free(&name);
    return same;
}

/* Who starts this tlsproxy: a postscreen that offers STARTTLS, an smtp or
 * lmtp client with *_tls_connection_reuse = yes that uses TLS. */
static void proxy_users(const model *m, tls_server *t,
                        const tls_server *clients, size_t n_clients)
{
    char word[16];

    for (size_t i = 0; i < m->n_services && t->postscreen == NULL; i++) {
        const service *s = &m->services[i];

        if (runs(s, "postscreen") && names_proxy(m, s, t->svc)
            && postscreen_offers_tls(m, s, word, sizeof(word))
            && postscreen_talks(m, s))
            t->postscreen = s;
    }
    for (size_t i = 0; i < n_clients && !t->proxy_smtp; i++) {
        const tls_server *c = &clients[i];
        char name[64];
        tls_setting reuse, policy;

        snprintf(name, sizeof(name), "%s_tls_connection_reuse",
                 c->names->program);
        tls_setting_get(m, c->svc, name, &reuse);
        snprintf(name, sizeof(name), "%s_tls_policy_maps", c->names->program);
        tls_setting_get(m, c->svc, name, &policy);
        t->proxy_smtp = yes(&reuse) && (c->use_tls || policy.value[0])
            && c->svc && names_proxy(m, c->svc, t->svc);
        tls_setting_free(&reuse);
        tls_setting_free(&policy);
    }
}

tls_model *tls_model_build(const model *m, pf_version openssl)
{
    tls_model *t = xcalloc(1, sizeof(*t));
    size_t n = 0, c = 0;

    t->openssl = openssl;
    for (size_t i = 0; i < m->n_services; i++) {
        n += runs(&m->services[i], "smtpd") || runs(&m->services[i], "tlsproxy");
        c += runs(&m->services[i], "smtp") || runs(&m->services[i], "lmtp");
    }
    t->servers = xcalloc(n + 1, sizeof(*t->servers));
    t->clients = xcalloc(c + 1, sizeof(*t->clients));
    if (m->master == NULL) {
        /* main.cf alone: one smtpd and one smtp client as main.cf sets. */
        build_policy(m, NULL, openssl, &smtpd_names, &t->servers[0]);
        build_policy(m, NULL, openssl, &smtp_names, &t->clients[0]);
        t->n_servers = t->n_clients = 1;
        return t;
    }
    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];

        if (runs(s, "smtpd"))
            build_policy(m, s, openssl, &smtpd_names,
                         &t->servers[t->n_servers++]);
        else if (runs(s, "tlsproxy") && postscreen_on_25(m))
            build_policy(m, s, openssl, &tlsproxy_names,
                         &t->servers[t->n_servers++]);
        else if (runs(s, "smtp") || runs(s, "lmtp"))
            build_policy(m, s, openssl, runs(s, "lmtp") ? &lmtp_names
                         : &smtp_names, &t->clients[t->n_clients++]);
    }
    for (size_t i = 0; i < t->n_servers; i++)
        if (t->servers[i].names == &tlsproxy_names)
            proxy_users(m, &t->servers[i], t->clients, t->n_clients);
    return t;
}

static void free_policy(tls_server *s)
{
    tls_setting *all[] = {&s->level, &s->protocols, &s->other_protocols,
                          &s->grade, &s->other_grade, &s->cipherlist,
                          &s->exclude, &s->mand_exclude, &s->eecdh_grade,
                          &s->cert, &s->key};

    for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++)
        tls_setting_free(all[k]);
    free(s->cipher_string);
}

void tls_model_free(tls_model *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->n_servers; i++)
        free_policy(&t->servers[i]);
    for (size_t i = 0; i < t->n_clients; i++)
        free_policy(&t->clients[i]);
    free(t->servers);
    free(t->clients);
    free(t);
}
