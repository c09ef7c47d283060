/*
 * value_length.c - rule "value-length": a string parameter whose value,
 * as the program sees it, is shorter or longer than the program accepts.
 *
 * Postfix reads string parameters through tables that give each a minimum
 * and maximum length (CONFIG_STR_TABLE, CONFIG_RAW_TABLE; 0: no limit).
 * After $name expansion (raw parameters: as written), a value outside
 * them stops the program: "fatal: bad string length 0 < 1: NAME = "
 * (global/mail_conf_str.c:110, :113; mail_conf_raw.c:82, :85 in 3.7.11).
 * The usual cause is an empty setting ("setgid_group =") or a value made
 * only of a $name that is empty or undefined. A global parameter stops
 * every program, postfix check included: Postfix does not start.
 * The limits below are those of Postfix 3.7.11 (rules/postfix-
 * diagnostics.tsv); a parameter is checked for the versions that have it.
 */
#include "rule.h"
#include "effective.h"
#include "params.h"

#include <string.h>

typedef struct length_limit {
    const char *name;
    bool raw;               /* not $name-expanded */
    int min, max;           /* 0: no limit */
    const char *programs;   /* "all", or the programs that read it */
    const char *source;     /* where Postfix reads it (3.7.11) */
} length_limit;

static const length_limit limits[] = {
    {"2bounce_notice_recipient", false, 1, 0, "bounce", "bounce/bounce.c:685@v3.7.11"},
    {"address_verify_default_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:624@v3.7.11"},
    {"address_verify_local_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:621@v3.7.11"},
    {"address_verify_relay_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:623@v3.7.11"},
    {"address_verify_service_name", false, 1, 0, "all", "global/mail_params.c:798@v3.7.11"},
    {"address_verify_virtual_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:622@v3.7.11"},
    {"bounce_notice_recipient", false, 1, 0, "bounce", "bounce/bounce.c:684@v3.7.11"},
    {"bounce_service_name", false, 1, 0, "all", "global/mail_params.c:789@v3.7.11"},
    {"canonical_classes", false, 1, 0, "cleanup", "cleanup/cleanup_init.c:210@v3.7.11"},
    {"cleanup_service_name", false, 1, 0, "all", "global/mail_params.c:790@v3.7.11"},
    {"command_directory", false, 1, 0, "all", "global/mail_params.c:765@v3.7.11"},
    {"command_expansion_filter", false, 1, 0, "local", "local/local.c:939@v3.7.11"},
    {"connection_cache_service_name", false, 1, 0, "smtp,lmtp", "smtp/smtp_params.c:45@v3.7.11;smtp/lmtp_params.c:44@v3.7.11"},
    {"daemon_directory", false, 1, 0, "all", "global/mail_params.c:763@v3.7.11"},
    {"data_directory", false, 1, 0, "all", "global/mail_params.c:764@v3.7.11"},
    {"default_database_type", false, 1, 0, "all", "global/mail_params.c:776@v3.7.11"},
    {"default_destination_concurrency_negative_feedback", false, 1, 0, "qmgr,oqmgr", "qmgr/qmgr.c:759@v3.7.11; oqmgr/qmgr.c:676@v3.7.11"},
    {"default_destination_concurrency_positive_feedback", false, 1, 0, "qmgr,oqmgr", "qmgr/qmgr.c:758@v3.7.11; oqmgr/qmgr.c:675@v3.7.11"},
    {"default_privs", false, 1, 0, "all", "global/mail_params.c:773@v3.7.11"},
    {"default_rbl_reply", true, 1, 0, "smtpd", "smtpd/smtpd.c:6767@v3.7.11"},
    {"default_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:613@v3.7.11"},
    {"default_verp_delimiters", false, 2, 2, "all", "global/mail_params.c:785@v3.7.11"},
    {"defer_service_name", false, 1, 0, "all", "global/mail_params.c:791@v3.7.11"},
    {"delay_notice_recipient", false, 1, 0, "bounce", "bounce/bounce.c:686@v3.7.11"},
    {"dnsblog_service_name", false, 1, 0, "postscreen", "postscreen/postscreen.c:1169@v3.7.11"},
    {"double_bounce_sender", false, 1, 0, "all", "global/mail_params.c:772@v3.7.11"},
    {"empty_address_default_transport_maps_lookup_key", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:631@v3.7.11"},
    {"empty_address_recipient", false, 1, 0, "trivial-rewrite,showq", "trivial-rewrite/trivial-rewrite.c:619@v3.7.11; showq/showq.c:425@v3.7.11"},
    {"empty_address_relayhost_maps_lookup_key", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:628@v3.7.11"},
    {"error_notice_recipient", false, 1, 0, "smtpd,smtp,lmtp", "smtpd/smtpd.c:6666@v3.7.11;smtp/smtp_params.c:5@v3.7.11;smtp/lmtp_params.c:5@v3.7.11"},
    {"error_service_name", false, 1, 0, "all", "global/mail_params.c:796@v3.7.11"},
    {"execution_directory_expansion_filter", false, 1, 0, "local", "local/local.c:941@v3.7.11"},
    {"flush_service_name", false, 1, 0, "all", "global/mail_params.c:797@v3.7.11"},
    {"forward_expansion_filter", false, 1, 0, "local", "local/local.c:940@v3.7.11"},
    {"hash_queue_names", false, 1, 0, "all", "global/mail_params.c:777@v3.7.11"},
    {"header_from_format", false, 1, 0, "bounce", "bounce/bounce.c:688@v3.7.11"},
    {"html_directory", false, 1, 0, "postfix", "postfix/postfix.c:486@v3.7.11"},
    {"info_log_address_format", false, 1, 0, "all", "global/mail_params.c:808@v3.7.11"},
    {"lmtp_address_preference", false, 1, 0, "lmtp", "smtp/lmtp_params.c:62@v3.7.11"},
    {"lmtp_address_verify_target", false, 1, 0, "lmtp", "smtp/lmtp_params.c:39@v3.7.11"},
    {"lmtp_host_lookup", false, 1, 0, "lmtp", "smtp/lmtp_params.c:41@v3.7.11"},
    {"lmtp_lhlo_name", false, 1, 0, "lmtp", "smtp/lmtp_params.c:40@v3.7.11"},
    {"lmtp_sasl_type", false, 1, 0, "lmtp", "smtp/lmtp_params.c:36@v3.7.11"},
    {"lmtp_tls_ciphers", false, 1, 0, "lmtp", "smtp/lmtp_params.c:29@v3.7.11"},
    {"lmtp_tls_fingerprint_digest", false, 1, 0, "lmtp", "smtp/lmtp_params.c:26@v3.7.11"},
    {"lmtp_tls_mandatory_ciphers", false, 1, 0, "lmtp", "smtp/lmtp_params.c:19@v3.7.11"},
    {"lmtp_tls_secure_cert_match", false, 1, 0, "lmtp", "smtp/lmtp_params.c:24@v3.7.11"},
    {"lmtp_tls_verify_cert_match", false, 1, 0, "lmtp", "smtp/lmtp_params.c:23@v3.7.11"},
    {"local_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:610@v3.7.11"},
    {"mail_name", false, 1, 0, "all", "global/mail_params.c:756@v3.7.11"},
    {"mail_owner", false, 1, 0, "all", "global/mail_params.c:758@v3.7.11"},
    {"mail_release_date", false, 1, 0, "all", "global/mail_params.c:775@v3.7.11"},
    {"mail_version", false, 1, 0, "all", "global/mail_params.c:721@v3.7.11"},
    {"mailbox_delivery_lock", false, 1, 0, "local", "local/local.c:944@v3.7.11"},
    {"maillog_file_compressor", false, 1, 0, "all", "global/mail_params.c:730@v3.7.11"},
    {"maillog_file_prefixes", false, 1, 0, "all", "global/mail_params.c:729@v3.7.11"},
    {"maillog_file_rotate_suffix", false, 1, 0, "all", "global/mail_params.c:731@v3.7.11"},
    {"mailq_path", false, 1, 0, "postfix", "postfix/postfix.c:481@v3.7.11"},
    {"manpage_directory", false, 1, 0, "postfix", "postfix/postfix.c:483@v3.7.11"},
    {"meta_directory", false, 1, 0, "all", "global/mail_params.c:766@v3.7.11"},
    {"milter_default_action", false, 1, 0, "smtpd,cleanup", "smtpd/smtpd.c:6737@v3.7.11;cleanup/cleanup_init.c:231@v3.7.11"},
    {"milter_macro_daemon_name", false, 1, 0, "smtpd,cleanup", "smtpd/smtpd.c:6738@v3.7.11;cleanup/cleanup_init.c:232@v3.7.11"},
    {"milter_macro_v", false, 1, 0, "smtpd,cleanup", "smtpd/smtpd.c:6739@v3.7.11;cleanup/cleanup_init.c:233@v3.7.11"},
    {"milter_protocol", false, 1, 0, "smtpd,cleanup", "smtpd/smtpd.c:6736@v3.7.11;cleanup/cleanup_init.c:230@v3.7.11"},
    {"mydomain", false, 1, 0, "all", "global/mail_params.c:752@v3.7.11"},
    {"myhostname", false, 1, 0, "all", "global/mail_params.c:751@v3.7.11"},
    {"mynetworks_style", false, 1, 0, "all", "global/mail_params.c:783@v3.7.11"},
    {"myorigin", false, 1, 0, "all", "global/mail_params.c:761@v3.7.11"},
    {"newaliases_path", false, 1, 0, "postfix", "postfix/postfix.c:482@v3.7.11"},
    {"openssl_path", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:671@v3.7.11"},
    {"pickup_service_name", false, 1, 0, "all", "global/mail_params.c:792@v3.7.11"},
    {"postlog_service_name", false, 1, 0, "all", "global/mail_params.c:732@v3.7.11"},
    {"postscreen_bare_newline_action", false, 1, 0, "postscreen", "postscreen/postscreen.c:1160@v3.7.11"},
    {"postscreen_denylist_action", false, 1, 0, "postscreen", "postscreen/postscreen.c:1162@v3.7.11"},
    {"postscreen_dnsbl_action", false, 1, 0, "postscreen", "postscreen/postscreen.c:1157@v3.7.11"},
    {"postscreen_expansion_filter", true, 1, 0, "postscreen", "postscreen/postscreen.c:1220@v3.7.11"},
    {"postscreen_greet_action", false, 1, 0, "postscreen", "postscreen/postscreen.c:1155@v3.7.11"},
    {"postscreen_non_smtp_command_action", false, 1, 0, "postscreen", "postscreen/postscreen.c:1159@v3.7.11"},
    {"postscreen_pipelining_action", false, 1, 0, "postscreen", "postscreen/postscreen.c:1158@v3.7.11"},
    {"process_id_directory", false, 1, 0, "all", "global/mail_params.c:769@v3.7.11"},
    {"proxymap_service_name", false, 1, 0, "all", "global/mail_params.c:800@v3.7.11"},
    {"proxywrite_service_name", false, 1, 0, "all", "global/mail_params.c:801@v3.7.11"},
    {"queue_directory", false, 1, 0, "all", "global/mail_params.c:767@v3.7.11"},
    {"queue_service_name", false, 1, 0, "all", "global/mail_params.c:793@v3.7.11"},
    {"readme_directory", false, 1, 0, "postfix", "postfix/postfix.c:485@v3.7.11"},
    {"recipient_canonical_classes", false, 1, 0, "cleanup", "cleanup/cleanup_init.c:212@v3.7.11"},
    {"reject_tempfail_action", false, 1, 0, "smtpd", "smtpd/smtpd.c:6745@v3.7.11"},
    {"relay_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:612@v3.7.11"},
    {"rewrite_service_name", false, 1, 0, "all", "global/mail_params.c:794@v3.7.11"},
    {"sample_directory", false, 1, 0, "postfix", "postfix/postfix.c:484@v3.7.11"},
    {"sender_canonical_classes", false, 1, 0, "cleanup", "cleanup/cleanup_init.c:211@v3.7.11"},
    {"sendmail_fix_line_endings", false, 1, 0, "sendmail", "sendmail/sendmail.c:587@v3.7.11"},
    {"sendmail_path", false, 1, 0, "postfix", "postfix/postfix.c:480@v3.7.11"},
    {"setgid_group", false, 1, 0, "all", "global/mail_params.c:759@v3.7.11"},
    {"shlib_directory", false, 1, 0, "all", "global/mail_params.c:768@v3.7.11"},
    {"showq_service_name", false, 1, 0, "all", "global/mail_params.c:795@v3.7.11"},
    {"smtp_address_preference", false, 1, 0, "smtp", "smtp/smtp_params.c:63@v3.7.11"},
    {"smtp_address_verify_target", false, 1, 0, "smtp", "smtp/smtp_params.c:40@v3.7.11"},
    {"smtp_helo_name", false, 1, 0, "smtp", "smtp/smtp_params.c:41@v3.7.11"},
    {"smtp_host_lookup", false, 1, 0, "smtp", "smtp/smtp_params.c:42@v3.7.11"},
    {"smtp_sasl_type", false, 1, 0, "smtp", "smtp/smtp_params.c:37@v3.7.11"},
    {"smtp_tls_ciphers", false, 1, 0, "smtp", "smtp/smtp_params.c:29@v3.7.11"},
    {"smtp_tls_fingerprint_digest", false, 1, 0, "smtp,tlsproxy", "smtp/smtp_params.c:26@v3.7.11;tlsproxy/tlsproxy.c:1866@v3.7.11"},
    {"smtp_tls_mandatory_ciphers", false, 1, 0, "smtp", "smtp/smtp_params.c:19@v3.7.11"},
    {"smtp_tls_secure_cert_match", false, 1, 0, "smtp", "smtp/smtp_params.c:24@v3.7.11"},
    {"smtp_tls_verify_cert_match", false, 1, 0, "smtp", "smtp/smtp_params.c:23@v3.7.11"},
    {"smtpd_banner", false, 1, 0, "smtpd,postscreen", "smtpd/smtpd.c:6653@v3.7.11;postscreen/postscreen.c:1147@v3.7.11"},
    {"smtpd_expansion_filter", true, 1, 0, "smtpd,postscreen", "smtpd/smtpd.c:6766@v3.7.11;postscreen/postscreen.c:1219@v3.7.11"},
    {"smtpd_forbid_bare_newline", false, 1, 0, "smtpd", "smtpd/smtpd.c:6762@v3.7.11"},
    {"smtpd_policy_service_default_action", false, 1, 0, "smtpd", "smtpd/smtpd.c:6756@v3.7.11"},
    {"smtpd_sasl_path", false, 1, 0, "smtpd", "smtpd/smtpd.c:6676@v3.7.11"},
    {"smtpd_sasl_service", false, 1, 0, "smtpd", "smtpd/smtpd.c:6677@v3.7.11"},
    {"smtpd_sasl_type", false, 1, 0, "smtpd", "smtpd/smtpd.c:6725@v3.7.11"},
    {"smtpd_service_name", false, 1, 0, "postscreen", "postscreen/postscreen.c:1146@v3.7.11"},
    {"smtpd_tls_ciphers", false, 1, 0, "smtpd,tlsproxy", "smtpd/smtpd.c:6712@v3.7.11;tlsproxy/tlsproxy.c:1847@v3.7.11"},
    {"smtpd_tls_eecdh_grade", false, 1, 0, "smtpd,tlsproxy", "smtpd/smtpd.c:6720@v3.7.11;tlsproxy/tlsproxy.c:1855@v3.7.11"},
    {"smtpd_tls_fingerprint_digest", false, 1, 0, "smtpd,tlsproxy", "smtpd/smtpd.c:6721@v3.7.11;tlsproxy/tlsproxy.c:1856@v3.7.11"},
    {"smtpd_tls_mandatory_ciphers", false, 1, 0, "smtpd,tlsproxy", "smtpd/smtpd.c:6713@v3.7.11;tlsproxy/tlsproxy.c:1848@v3.7.11"},
    {"smtputf8_autodetect_classes", false, 1, 0, "all", "global/mail_params.c:806@v3.7.11"},
    {"syslog_facility", false, 1, 0, "all", "global/mail_params.c:722@v3.7.11"},
    {"syslog_name", false, 1, 0, "all", "global/mail_params.c:757@v3.7.11"},
    {"tls_dane_digests", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:668@v3.7.11"},
    {"tls_eecdh_auto_curves", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:663@v3.7.11"},
    {"tls_eecdh_strong_curve", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:664@v3.7.11"},
    {"tls_eecdh_ultra_curve", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:665@v3.7.11"},
    {"tls_export_cipherlist", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:661@v3.7.11"},
    {"tls_high_cipherlist", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:658@v3.7.11"},
    {"tls_low_cipherlist", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:660@v3.7.11"},
    {"tls_medium_cipherlist", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:659@v3.7.11"},
    {"tls_null_cipherlist", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:662@v3.7.11"},
    {"tlsmgr_service_name", false, 1, 0, "smtpd,smtp,lmtp,tlsproxy", "tls/tls_misc.c:669@v3.7.11"},
    {"tlsproxy_client_fingerprint_digest", false, 1, 0, "tlsproxy", "tlsproxy/tlsproxy.c:1908@v3.7.11"},
    {"tlsproxy_service_name", false, 1, 0, "smtpd,smtp,lmtp,postscreen", "smtpd/smtpd.c:6752@v3.7.11;smtp/smtp_params.c:67@v3.7.11;smtp/lmtp_params.c:66@v3.7.11;postscreen/postscreen.c:1170@v3.7.11"},
    {"tlsproxy_tls_ciphers", false, 1, 0, "tlsproxy", "tlsproxy/tlsproxy.c:1885@v3.7.11"},
    {"tlsproxy_tls_eecdh_grade", false, 1, 0, "tlsproxy", "tlsproxy/tlsproxy.c:1893@v3.7.11"},
    {"tlsproxy_tls_fingerprint_digest", false, 1, 0, "tlsproxy", "tlsproxy/tlsproxy.c:1894@v3.7.11"},
    {"tlsproxy_tls_mandatory_ciphers", false, 1, 0, "tlsproxy", "tlsproxy/tlsproxy.c:1886@v3.7.11"},
    {"trace_service_name", false, 1, 0, "all", "global/mail_params.c:799@v3.7.11"},
    {"unknown_address_tempfail_action", false, 1, 0, "smtpd", "smtpd/smtpd.c:6747@v3.7.11"},
    {"unknown_helo_hostname_tempfail_action", false, 1, 0, "smtpd", "smtpd/smtpd.c:6746@v3.7.11"},
    {"unverified_recipient_tempfail_action", false, 1, 0, "smtpd", "smtpd/smtpd.c:6748@v3.7.11"},
    {"unverified_sender_tempfail_action", false, 1, 0, "smtpd", "smtpd/smtpd.c:6749@v3.7.11"},
    {"verp_delimiter_filter", false, 1, 0, "all", "global/mail_params.c:786@v3.7.11"},
    {"virtual_mailbox_base", false, 1, 0, "virtual", "virtual/virtual.c:546@v3.7.11"},
    {"virtual_mailbox_lock", false, 1, 0, "virtual", "virtual/virtual.c:547@v3.7.11"},
    {"virtual_transport", false, 1, 0, "trivial-rewrite", "trivial-rewrite/trivial-rewrite.c:611@v3.7.11"},
};

static const length_limit *limit_of(const char *name)
{
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
        if (str_eq(limits[i].name, name))
            return &limits[i];
    return NULL;
}

/* Does the program run by svc read the parameter (NULL: main.cf)? */
static bool read_by(const length_limit *l, const service *svc)
{
    const char *daemon, *p;
    size_t n;

    if (svc == NULL || str_eq(l->programs, "all"))
        return true;
    daemon = service_daemon(svc);
    n = strlen(daemon);
    for (p = l->programs; (p = strstr(p, daemon)) != NULL; p += n)
        if ((p == l->programs || p[-1] == ',') && (p[n] == ',' || !p[n]))
            return true;
    return false;
}

static void check_value(const lint_ctx *ctx, const rule_desc *self,
                        const service *svc, const char *name,
                        const char *raw, const span *sp)
{
    const length_limit *l = limit_of(name);
    const param_info *p = param_lookup(name);
    expand_result res;
    strbuf value;
    size_t len;

    if (l == NULL || p == NULL || !param_builtin_in(p, ctx->version)
        || !read_by(l, svc))
        return;
    memset(&res, 0, sizeof(res));
    sb_init(&value);
    if (l->raw)
        sb_adds(&value, raw);
    else
        effective_expand(ctx->m, svc, name, raw, &value, &res);
    len = value.len;
    if (!res.error && !res.too_large
        && ((l->min > 0 && len < (size_t) l->min)
            || (l->max > 0 && len > (size_t) l->max))) {
        bool short_ = l->min > 0 && len < (size_t) l->min;
        int bound = short_ ? l->min : l->max;
        strbuf who;

        sb_init(&who);
        if (svc)
            sb_printf(&who, "%s (service %s/%s)", service_daemon(svc),
                      svc->argv[MF_SERVICE].text, svc->argv[MF_TYPE].text);
        else if (str_eq(l->programs, "all"))
            sb_adds(&who, "every Postfix program (postfix check too)");
        else
            for (const char *c = l->programs; *c; c++)
                sb_printf(&who, *c == ',' ? ", " : "%c", *c);
        report(ctx, self, sp, "%s is %s%s%s%s, but %s take%s %s %d "
               "character%s: Postfix %s logs \"fatal: bad string length "
               "%s%zu %s %d%s: %s = %.60s\" and stops",
               name, len == 0 ? "empty" : "\"", len == 0 ? "" : value.data,
               len == 0 ? "" : "\"",
               strcmp(value.data, raw) && !l->raw ? " after $name expansion"
               : "", who.data, svc || !strchr(who.data, ',') ? "s" : "",
               short_ ? "at least" : "at most", bound, bound == 1 ? "" : "s",
               ctx->version_text, l->raw ? "(" : "", len,
               short_ ? "<" : ">", bound, l->raw ? ")" : "", name,
               value.data);
        sb_free(&who);
    }
    sb_free(&value);
    expand_result_free(&res);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_params; i++) {
        const mc_entry *e = m->params[i].entry;

        check_value(ctx, self, NULL, m->params[i].name, e->value,
                    &e->value_sp);
    }
    for (size_t s = 0; s < m->n_services; s++) {
        const service *svc = &m->services[s];

        for (size_t o = 0; o < svc->n_opts; o++)
            check_value(ctx, self, svc, svc->opts[o].name,
                        svc->opts[o].value, &svc->opts[o].sp);
    }
}

const rule_desc rule_value_length = {
    "value-length", SEV_ERROR,
    "a parameter value shorter or longer than Postfix accepts (often empty)",
    "Postfix gives each string parameter a minimum and maximum length. "
    "setgid_group, mail_owner, myorigin, queue_directory and many more "
    "must not be empty; default_verp_delimiters must be two characters. "
    "A value outside the limits, after $name expansion, stops the program "
    "that reads it with \"fatal: bad string length\"; for a global "
    "parameter that is every program, and Postfix does not start.",
    check
};
