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

#include <errno.h>
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

size_t relief_table(const log_stats *s, strbuf *table)
{
    const log_peer **peers;
    size_t n, entries = 0;

    peers = log_failing_peers(s, &n);
    sb_adds(table, "# postlint log: inbound peers whose STARTTLS handshake "
            "fails; smtpd does not\n# offer them STARTTLS (they send in "
            "plaintext). Remove a line to offer it again.\n");
    for (size_t i = 0; i < n; i++) {
        const log_peer *p = peers[i];
        const char *why = p->reason >= 0 ? s->reasons[p->reason].text : "";
        char last[LOG_STAMP_MAX];
        bool v6;

        if (p->client || !plain_address(p->addr, &v6)
            || str_eq(log_peer_outcome(p), "TLS later")
            || strstr(why, "local problem") != NULL)
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

bool relief_write(const char *path, const char *text, size_t len,
                  char **why)
{
    char *reason = safe_replace(path, NULL, 0, 0644, text, len);

    if (reason == NULL)
        return true;
    *why = xasprintf("%s: %s", path, reason);
    free(reason);
    return false;
}
