/*
 * log_relief.c - the cidr: table that stops offering STARTTLS to the
 * inbound peers that cannot complete it.
 *
 * Interface: see log_relief.h. Diagnostics: relief_write returns
 * "PATH: why" when the table cannot be written; nothing is left behind.
 *
 * Why only these peers: a sender that fails the handshake and never
 * succeeds later either retries in plaintext (and loses nothing by not
 * being offered STARTTLS) or gives up (and its mail is lost). Peers that
 * later succeeded with TLS, failures of our own smtp client, and local
 * problems (our certificate) are not relieved by hiding STARTTLS.
 */
#include "log_relief.h"
#include "safe_write.h"

#include <arpa/inet.h>
#include <errno.h>
#include <openssl/evp.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An address cidr: can take: digits, hex, dots, colons. */
static bool plain_address(const char *a, bool *v6)
{
    *v6 = strchr(a, ':') != NULL;
    if (!a[0])
        return false;
    for (; *a; a++)
        if (!strchr("0123456789abcdefABCDEF.:", *a))
            return false;
    return true;
}

/* ---- which peers ---------------------------------------------------- */

/* addr (text) inside net/bits? false when either cannot be read. */
static bool in_network(const char *addr, const char *net_text)
{
    unsigned char a[16], n[16];
    char net[INET6_ADDRSTRLEN + 8];
    const char *slash;
    long bits;
    int fa, fn;
    size_t len = strlen(net_text);

    if (net_text[0] == '[') {   /* [::1]/128 */
        const char *close = strchr(net_text, ']');

        if (close == NULL || (size_t) (close - net_text) - 1 >= sizeof(net))
            return false;
        snprintf(net, sizeof(net), "%.*s%s", (int) (close - net_text - 1),
                 net_text + 1, close + 1);
    } else if (len < sizeof(net)) {
        memcpy(net, net_text, len + 1);
    } else {
        return false;
    }
    slash = strchr(net, '/');
    if (slash)
        net[slash - net] = '\0';
    fn = strchr(net, ':') ? AF_INET6 : AF_INET;
    fa = strchr(addr, ':') ? AF_INET6 : AF_INET;
    if (fa != fn || inet_pton(fn, net, n) != 1 || inet_pton(fa, addr, a) != 1)
        return false;
    bits = slash ? strtol(slash + 1, NULL, 10) : (fn == AF_INET ? 32 : 128);
    if (bits < 0 || bits > (fn == AF_INET ? 32 : 128))
        return false;
    for (long i = 0; i < bits; i++)
        if (((a[i / 8] ^ n[i / 8]) >> (7 - i % 8)) & 1)
            return false;
    return true;
}

/* Loopback, or a network mynetworks names (tables in it are not read:
 * type:name words are skipped). */
static bool local_peer(const char *addr, const char *mynetworks)
{
    char word[128];
    const char *w = mynetworks ? mynetworks : "";

    if (in_network(addr, "127.0.0.0/8") || in_network(addr, "::1/128"))
        return true;
    while (*w) {
        size_t n = strcspn(w, " \t\r\n,");

        if (n && n < sizeof(word)) {
            memcpy(word, w, n);
            word[n] = '\0';
            if (in_network(addr, word))     /* type:table, files: no */
                return true;
        }
        w += n;
        w += strspn(w, " \t\r\n,");
    }
    return false;
}

/* Is "addr/" at the start of a line of text (an entry already there)? */
static bool listed(const char *text, const char *addr)
{
    size_t n = strlen(addr);

    for (const char *l = text; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : l)
        if (strncmp(l, addr, n) == 0 && l[n] == '/')
            return true;
    return false;
}

size_t relief_entries(const log_stats *s, relief_filter *f,
                      const char *skip, strbuf *table)
{
    const log_peer **peers;
    size_t n, entries = 0;

    peers = log_failing_peers(s, &n);
    for (size_t i = 0; i < n; i++) {
        const log_peer *p = peers[i];
        const char *why = p->reason >= 0 ? s->reasons[p->reason].text : "";
        char last[LOG_STAMP_MAX];
        bool v6;

        if (p->client || !plain_address(p->addr, &v6)
            || str_eq(log_peer_outcome(p), "TLS later")
            || strstr(why, "local problem") != NULL)
            continue;
        if (local_peer(p->addr, f->mynetworks)) {
            f->local++;
            continue;
        }
        if (p->fails < f->min_failures) {
            f->few++;
            continue;
        }
        if (skip && listed(skip, p->addr))
            continue;
        log_time_text(&p->last_fail_at, last);
        sb_printf(table, "# %s: %s, %llu time%s, last %s\n%s/%s\tstarttls\n",
                  p->name[0] ? p->name : p->addr, why,
                  (unsigned long long) p->fails, p->fails == 1 ? "" : "s",
                  last, p->addr, v6 ? "128" : "32");
        entries++;
    }
    free(peers);
    return entries;
}

/* ---- the file -------------------------------------------------------- */

#define SEAL_PREFIX "# postlint log checks this line before it adds peers " \
    "(edited by hand: it adds none): sha256 "

void relief_header(strbuf *table)
{
    sb_adds(table, "# postlint log: inbound peers whose STARTTLS handshake "
            "fails; smtpd does not\n# offer them STARTTLS (they send in "
            "plaintext). Remove a line to offer it again.\n");
}

static void sha256_hex(const char *text, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    EVP_Digest(text, len, md, &n, EVP_sha256(), NULL);
    for (unsigned int i = 0; i < n && i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
}

void relief_seal(strbuf *table)
{
    char hex[65];

    sha256_hex(table->data ? table->data : "", table->len, hex);
    sb_printf(table, "%s%s\n", SEAL_PREFIX, hex);
}

bool relief_unchanged(const char *text, size_t len, size_t *body_len)
{
    size_t seal = strlen(SEAL_PREFIX) + 64 + 1, start;
    char hex[65];

    if (len < seal || text[len - 1] != '\n')
        return false;
    start = len - seal;
    if ((start > 0 && text[start - 1] != '\n')
        || strncmp(text + start, SEAL_PREFIX, strlen(SEAL_PREFIX)) != 0)
        return false;
    sha256_hex(text, start, hex);
    if (memcmp(hex, text + start + strlen(SEAL_PREFIX), 64) != 0)
        return false;
    *body_len = start;
    return true;
}

char *relief_main_line(const char *param, const char *table_path,
                       const char *existing)
{
    if (existing && existing[0])
        return xasprintf("%s = %s, cidr:%s", param, existing, table_path);
    return xasprintf("%s = cidr:%s", param, table_path);
}

bool relief_needs_postscreen(const log_stats *s)
{
    for (size_t i = 0; i < s->n_reasons; i++) {
        const char *prog = strrchr(s->reasons[i].program, '/');

        prog = prog ? prog + 1 : s->reasons[i].program;
        if (!s->reasons[i].client
            && (str_eq(prog, "tlsproxy") || str_eq(prog, "postscreen")))
            return true;
    }
    return false;
}

bool relief_write(const char *path, const char *expect, size_t expect_len,
                  const char *text, size_t len, char **why)
{
    char *reason = safe_replace(path, expect, expect_len, 0644, text, len);

    if (reason == NULL)
        return true;
    *why = xasprintf("%s: %s", path, reason);
    free(reason);
    return false;
}
