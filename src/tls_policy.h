/*
 * tls_policy.h - what a Postfix version's smtpd really does with TLS.
 *
 * For every smtpd service (each master.cf entry that runs smtpd, with its
 * -o options), the settings that apply at its security level, as
 * smtpd.c decides: the level (or the legacy *_use_tls / *_enforce_tls),
 * wrapper mode (which enforces TLS), the protocol list in force
 * (smtpd_tls_mandatory_protocols when TLS is enforced, else
 * smtpd_tls_protocols), the cipher grade and exclusions likewise, the
 * grade's cipher list, and the exact cipher string handed to OpenSSL:
 * "<grade list>:!<exclusion>:...". Plus the role of the service (public
 * MX on port 25, submission, smtps) and whether ECDHE is possible.
 */
#ifndef POSTLINT_TLS_POLICY_H
#define POSTLINT_TLS_POLICY_H

#include "effective.h"
#include "tls_proto.h"

typedef struct tls_setting {
    const char *name;           /* the parameter */
    eff_value raw;              /* where its value comes from */
    char *value;                /* expanded */
} tls_setting;

typedef enum svc_role {
    ROLE_OTHER,
    ROLE_PUBLIC_MX,             /* port 25: opportunistic TLS only */
    ROLE_SUBMISSION,            /* 587: clients that authenticate */
    ROLE_SMTPS                  /* 465: wrapper mode */
} svc_role;

/* The parameter names of one program's TLS settings. */
typedef struct tls_names {
    const char *program;        /* "smtpd", "smtp", "lmtp" */
    const char *level, *use, *enforce, *wrapper;
    const char *protocols, *mand_protocols;
    const char *ciphers, *mand_ciphers;
    const char *exclude, *mand_exclude;
    const char *cert, *key;
} tls_names;

typedef struct tls_server {
    const tls_names *names;     /* whose parameters */
    bool client;                /* the smtp/lmtp client, not smtpd */
    const service *svc;         /* NULL: main.cf only, no master.cf */
    char name[160];             /* "smtp/inet", or "main.cf" */
    svc_role role;
    tls_setting level;          /* smtpd_tls_security_level */
    char level_word[16];        /* lower case; from legacy booleans too */
    bool enforce;               /* encrypt, verify family, wrapper mode */
    bool use_tls;               /* TLS offered at all */
    bool wrapper;               /* smtpd_tls_wrappermode */
    tls_setting protocols;      /* the list in force */
    tls_setting other_protocols;/* the one not used at this level */
    proto_list proto;
    tls_setting grade;          /* the grade in force */
    tls_setting other_grade;
    char grade_word[16];
    tls_setting cipherlist;     /* tls_<grade>_cipherlist */
    tls_setting exclude;        /* smtpd_tls_exclude_ciphers */
    tls_setting mand_exclude;   /* smtpd_tls_mandatory_exclude_ciphers */
    bool mand_exclude_used;
    char *cipher_string;        /* what Postfix hands to OpenSSL */
    bool bad_exclusion;         /* a token starting with ! + - @ */
    bool ecdhe;                 /* server can do ECDHE */
    tls_setting eecdh_grade;
    tls_setting cert, key;      /* smtpd_tls_cert_file, _key_file */
    int auth;                   /* certificate types (AUTH_*; clients 0) */
    bool auth_assumed;          /* no readable certificate: RSA assumed */
    bool no_cert;               /* smtpd: no certificate parameter set */
    const service *postscreen;  /* tlsproxy: a postscreen that offers
                                 * STARTTLS through it (and talks SMTP:
                                 * after-220 tests or action enforce), or
                                 * NULL */
    bool proxy_smtp;            /* tlsproxy: an smtp/lmtp client reuses
                                 * TLS connections through it */
} tls_server;

typedef struct tls_model {
    tls_server *servers;        /* smtpd services */
    size_t n_servers;
    tls_server *clients;        /* smtp and lmtp client services */
    size_t n_clients;
    pf_version openssl;         /* target OpenSSL */
} tls_model;

tls_model *tls_model_build(const model *m, pf_version openssl);
void tls_model_free(tls_model *t);

/* Look up and expand one parameter for a service (helper for rules). */
void tls_setting_get(const model *m, const service *svc, const char *name,
                     tls_setting *out);
void tls_setting_free(tls_setting *s);

const char *role_name(svc_role role);

/* Does this postscreen service offer STARTTLS (postscreen_tls_security_level,
 * else postscreen_use_tls / postscreen_enforce_tls; an invalid level is
 * not TLS)? level_word gets the level ("may", "encrypt", ... lower case). */
bool postscreen_offers_tls(const model *m, const service *svc,
                           char *level_word, size_t size);

#endif
