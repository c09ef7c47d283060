/*
 * tls_report.h - small helpers the TLS rules share.
 */
#ifndef POSTLINT_TLS_REPORT_H
#define POSTLINT_TLS_REPORT_H

#include "rule.h"

/* Where a setting's value is written: the main.cf value, the -o option,
 * or (a default) the service's entry in master.cf. false: nowhere. */
bool setting_span(const tls_setting *s, const tls_server *srv, span *out);

/* The setting as the user wrote it at the line setting_span() points to,
 * for messages: "smtpd_tls_cert_file" (main.cf), "-o smtpd_tls_cert_file"
 * (master.cf), "smtpd_tls_key_file (not set)" (a default). Written into
 * buf. */
const char *setting_name_written(const tls_setting *s, char *buf,
                                 size_t size);

/* The same with its value: "smtpd_tls_security_level = encrypt",
 * "-o smtpd_tls_security_level=encrypt", "smtpd_tls_auth_only (default:
 * no)"; long values are cut. */
const char *setting_written(const tls_setting *s, char *buf, size_t size);

/* Where a server's TLS level is decided, and the setting as written
 * there: "smtpd_tls_security_level = encrypt", "-o
 * smtpd_tls_security_level=encrypt", or, without a level, the legacy
 * "-o smtpd_enforce_tls=yes, with smtpd_tls_security_level not set".
 * false: nowhere to point. */
bool level_span(const model *m, const tls_server *t, span *sp, char *buf,
                size_t size);

/* The cipher setting to point at when the suites a service offers are
 * wrong: the exclusions when set, else a hand-made cipher list, else the
 * grade. */
const tls_setting *cipher_setting_in_charge(const tls_server *t);

/* Has this setting (its main.cf entry or -o) been reported already by the
 * calling rule? Remembers it. keys must start zeroed. */
typedef struct reported {
    const void *keys[64];
    size_t n;
} reported;
bool already_reported(reported *r, const tls_setting *s, const tls_server *srv);

/* Every protocol-list setting in main.cf and in master.cf -o options
 * (smtpd_, smtp_, lmtp_, tlsproxy_, postscreen_ *_protocols): fn gets the
 * parameter, its value after $name expansion, the span of the written
 * value, " (-o of svc/type)" or "" as where, and whether the written
 * value used $name (then a fix must not replace it with a literal). */
typedef void (*protocol_setting_fn)(const lint_ctx *ctx, const rule_desc *self,
                                    const char *param, const char *value,
                                    const span *sp, const char *where,
                                    bool indirect);
void each_protocol_setting(const lint_ctx *ctx, const rule_desc *self,
                           protocol_setting_fn fn);

/* A protocol list the target version accepts that enables the set want:
 * ">=X" from 3.6 when want is "X and newer", else exclusions of the names
 * the version knows. */
void protocol_list_for(const lint_ctx *ctx, unsigned want, char *buf,
                       size_t size);

/* Is this a server-side (smtpd, tlsproxy, postscreen) parameter? */
bool server_side_param(const char *param);

/* "gmail-2023, o365-2024" for the sender profiles pick() accepts. */
struct tls_profile;
typedef bool (*profile_pick)(const struct tls_profile *p, void *ctx);
size_t profile_names(profile_pick pick, void *ctx, bool common_only,
                     strbuf *out);
/* The same for receivers (MX servers the smtp client meets). */
size_t receiver_names(profile_pick pick, void *ctx, bool common_only,
                      strbuf *out);

#endif
