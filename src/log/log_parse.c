/*
 * log_parse.c - one Postfix log line to one TLS-relevant event.
 *
 * Interface: see log_parse.h. No diagnostics: a line we do not recognise
 * is simply not an event. This is the hot path of `postlint log` (every
 * line of a possibly huge log goes through it), so it never allocates,
 * never copies, and rejects the common uninteresting lines (qmgr,
 * cleanup, other programs) after a few byte compares.
 *
 * Header formats: "Mmm dd hh:mm:ss[.frac] host tag" (syslog; Postfix's
 * own maillog_file writes the same with a zero-padded day and the first
 * label of the host name), "YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|+hhmm)
 * host tag" (rsyslog RFC 3339, journald short-iso), and RFC 5424
 * "<pri>1 TIMESTAMP HOST APP PROCID MSGID SD MSG". The tag is
 * "program[pid]:" or "program:".
 */
#include "log_parse.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef struct cursor {
    const char *p, *end;
} cursor;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number grown by one digit, saturating (a garbage pid must not
 * overflow). */
static long add_digit(long v, char d)
{
    return v < 100000000L ? v * 10 + (d - '0') : v;
}

/* The primitives below are inlined with their constant arguments: a
 * library call per compare or search was a good part of the time spent
 * on each line. */
#define INLINE static inline __attribute__((always_inline))

/* n bytes equal (n a constant: a few word compares, overlapping). */
INLINE bool same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t w[4], v[4];
    uint32_t x[2], y[2];

    if (n >= 8 && n <= 16) {
        memcpy(&w[0], a, 8), memcpy(&v[0], b, 8);
        memcpy(&w[1], a + n - 8, 8), memcpy(&v[1], b + n - 8, 8);
        return ((w[0] ^ v[0]) | (w[1] ^ v[1])) == 0;
    }
    if (n > 16 && n <= 32) {
        memcpy(&w[0], a, 8), memcpy(&v[0], b, 8);
        memcpy(&w[1], a + 8, 8), memcpy(&v[1], b + 8, 8);
        memcpy(&w[2], a + n - 16, 8), memcpy(&v[2], b + n - 16, 8);
        memcpy(&w[3], a + n - 8, 8), memcpy(&v[3], b + n - 8, 8);
        return ((w[0] ^ v[0]) | (w[1] ^ v[1]) | (w[2] ^ v[2])
                | (w[3] ^ v[3])) == 0;
    }
    if (n >= 4 && n < 8) {
        memcpy(&x[0], a, 4), memcpy(&y[0], b, 4);
        memcpy(&x[1], a + n - 4, 4), memcpy(&y[1], b + n - 4, 4);
        return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
    }
    if (n < 4) {
        for (size_t i = 0; i < n; i++)
            if (a[i] != b[i])
                return false;
        return true;
    }
    return memcmp(a, b, n) == 0;
}

/* The first ch in p[0..n), or NULL: 16 bytes at a time in registers
 * (the bytes looked for are near), the rest through memchr. */
INLINE const char *find_byte(const char *p, size_t n, char ch)
{
#ifdef __SSE2__
    const __m128i v = _mm_set1_epi8(ch);

    for (; n >= 16; p += 16, n -= 16) {
        unsigned m = (unsigned) _mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *) p), v));

        if (m)
            return p + __builtin_ctz(m);
    }
#endif
    return n ? memchr(p, ch, n) : NULL;
}

INLINE bool eat(cursor *c, const char *lit, size_t n)
{
    if ((size_t) (c->end - c->p) < n || !same_bytes(c->p, lit, n))
        return false;
    c->p += n;
    return true;
}
#define EAT(c, lit) eat((c), (lit), sizeof(lit) - 1)

/* n digits as a number, or -1. */
static int digits(cursor *c, int n)
{
    int v = 0;

    if (c->end - c->p < n)
        return -1;
    for (int i = 0; i < n; i++) {
        if (!is_digit(c->p[i]))
            return -1;
        v = v * 10 + (c->p[i] - '0');
    }
    c->p += n;
    return v;
}

/* A word up to the next space (non-empty). */
static bool word(cursor *c, log_str *out)
{
    const char *sp = find_byte(c->p, (size_t) (c->end - c->p), ' ');

    if (sp == NULL || sp == c->p)
        return false;
    out->p = c->p;
    out->n = (size_t) (sp - c->p);
    c->p = sp + 1;
    return true;
}

/* Month 0..11 of "Jan".."Dec", or -1 (on the first letter first: this
 * runs for every syslog line that may matter). */
static int month_of(const char *s)
{
#define M(a, b, n) (s[1] == (a) && s[2] == (b) ? (n) : -1)
    switch (s[0]) {
    case 'J':
        return s[1] == 'a' ? M('a', 'n', 0) : s[2] == 'n' ? M('u', 'n', 5)
            : M('u', 'l', 6);
    case 'F': return M('e', 'b', 1);
    case 'M': return s[2] == 'r' ? M('a', 'r', 2) : M('a', 'y', 4);
    case 'A': return s[1] == 'p' ? M('p', 'r', 3) : M('u', 'g', 7);
    case 'S': return M('e', 'p', 8);
    case 'O': return M('c', 't', 9);
    case 'N': return M('o', 'v', 10);
    case 'D': return M('e', 'c', 11);
    default: return -1;
    }
#undef M
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
    int64_t era;
    unsigned yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = (unsigned) (y - era * 400);
    doy = (unsigned) ((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t) doe - 719468;
}

static bool two_digits(const char *p)
{
    return is_digit(p[0]) && is_digit(p[1]);
}

static bool hms(cursor *c, int64_t *secs)
{
    int h, mi, s;
    const char *p = c->p;

    if (c->end - p >= 8 && two_digits(p) && p[2] == ':' && two_digits(p + 3)
        && p[5] == ':' && two_digits(p + 6)) {   /* the usual case, inline */
        h = (p[0] - '0') * 10 + p[1] - '0';
        mi = (p[3] - '0') * 10 + p[4] - '0';
        s = (p[6] - '0') * 10 + p[7] - '0';
        c->p += 8;
        if (h > 23 || mi > 59 || s > 60)
            return false;
    } else if ((h = digits(c, 2)) < 0 || !EAT(c, ":")
               || (mi = digits(c, 2)) < 0 || !EAT(c, ":")
               || (s = digits(c, 2)) < 0 || h > 23 || mi > 59 || s > 60)
        return false;
    *secs = h * 3600 + mi * 60 + s;
    if (c->p < c->end && (*c->p == '.' || *c->p == ',')) {
        c->p++;
        while (c->p < c->end && is_digit(*c->p))
            c->p++;
    }
    return true;
}

/* Days before each month of 1970 (a common year), the year we place
 * times without a year in. */
static const int days_before[12] = {
    0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
};

/* "Mmm dd hh:mm:ss": the day may be space-padded ("Nov  5"). */
static bool time_traditional(cursor *c, log_event *ev)
{
    int mon, day;
    int64_t secs;

    if (c->end - c->p < 15 || (mon = month_of(c->p)) < 0 || c->p[3] != ' ')
        return false;
    c->p += 4;
    if (*c->p == ' ')
        c->p++;
    if (c->p < c->end && is_digit(*c->p) && c->p + 1 < c->end
        && is_digit(c->p[1]))
        day = digits(c, 2);
    else
        day = digits(c, 1);
    if (day < 1 || day > 31 || !EAT(c, " ") || !hms(c, &secs))
        return false;
    /* days_from_civil(1970, mon + 1, day), from a table (hot path) */
    ev->when = (int64_t) (days_before[mon] + day - 1) * 86400 + secs;
    ev->has_year = false;
    return true;
}

/* "YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm|+hhmm)" */
static bool time_iso(cursor *c, log_event *ev)
{
    int y, mo, d, zh = 0, zm = 0, sign = 0;
    int64_t secs;

    if ((y = digits(c, 4)) < 0 || !EAT(c, "-") || (mo = digits(c, 2)) < 1
        || mo > 12 || !EAT(c, "-") || (d = digits(c, 2)) < 1 || d > 31
        || (!EAT(c, "T") && !EAT(c, " ")) || !hms(c, &secs))
        return false;
    if (EAT(c, "Z") || EAT(c, "z"))
        sign = 0;
    else if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
        sign = *c->p++ == '-' ? -1 : 1;
        if ((zh = digits(c, 2)) < 0)
            return false;
        EAT(c, ":");
        if ((zm = digits(c, 2)) < 0)
            return false;
    }
    ev->when = days_from_civil(y, mo, d) * 86400 + secs
        - sign * (zh * 3600 + zm * 60);
    ev->has_year = true;
    return true;
}

/* "prog[pid]: msg" or "prog: msg" */
static bool tag(cursor *c, log_event *ev)
{
    static const bool stop[256] = {['['] = true, [':'] = true, [' '] = true};
    const char *start = c->p, *q = c->p;

    while (q < c->end && !stop[(unsigned char) *q])
        q++;
    if (q == start || q == c->end || *q == ' ')
        return false;
    ev->program.p = start;
    ev->program.n = (size_t) (q - start);
    ev->pid = 0;
    if (*q == '[') {
        const char *d = ++q;

        while (q < c->end && is_digit(*q))
            q++;
        if (q - d <= 9)         /* cannot reach add_digit's ceiling */
            for (long v = 0; d < q; d++)
                ev->pid = v = v * 10 + (*d - '0');
        else
            for (; d < q; d++)
                ev->pid = add_digit(ev->pid, *d);
        if (q >= c->end || *q != ']')
            return false;
        q++;
    }
    c->p = q;
    return EAT(c, ": ");
}

/* RFC 5424: "<pri>1 TS HOST APP PROCID MSGID SD MSG" */
static bool header_5424(cursor *c, log_event *ev)
{
    log_str host, app, procid, msgid;

    while (c->p < c->end && *c->p != '>')
        c->p++;
    if (!EAT(c, ">1 "))
        return false;
    ev->stamp.p = c->p;
    if (!EAT(c, "-") && !time_iso(c, ev))
        return false;
    ev->stamp.n = (size_t) (c->p - ev->stamp.p);
    if (!EAT(c, " ") || !word(c, &host) || !word(c, &app)
        || !word(c, &procid) || !word(c, &msgid))
        return false;
    if (EAT(c, "- ")) {
        /* no structured data */
    } else {
        while (c->p < c->end && *c->p == '[') {
            const char *close = memchr(c->p, ']', (size_t) (c->end - c->p));

            if (close == NULL)
                return false;
            c->p = close + 1;
        }
        if (!EAT(c, " "))
            return false;
    }
    EAT(c, "\xEF\xBB\xBF");
    ev->program = app;
    ev->pid = 0;
    for (size_t i = 0; i < procid.n && is_digit(procid.p[i]); i++)
        ev->pid = add_digit(ev->pid, procid.p[i]);
    ev->format = FMT_RFC5424;
    return true;
}

static bool header(cursor *c, log_event *ev)
{
    log_str host;

    if (c->p == c->end)
        return false;
    if (*c->p == '<')
        return header_5424(c, ev);
    ev->stamp.p = c->p;
    if (is_digit(*c->p)) {
        if (!time_iso(c, ev))
            return false;
        ev->format = FMT_ISO;
    } else {
        if (!time_traditional(c, ev))
            return false;
        ev->format = FMT_TRADITIONAL;
    }
    ev->stamp.n = (size_t) (c->p - ev->stamp.p);
    return EAT(c, " ") && word(c, &host) && tag(c, ev);
}

bool log_parse_time(const char *line, size_t len, int64_t *when,
                    bool *has_year)
{
    cursor c = {line, line + len};
    log_event ev;

    memset(&ev, 0, sizeof(ev));
    if (len == 0)
        return false;
    if (*line == '<') {
        while (c.p < c.end && *c.p != '>')
            c.p++;
        if (!EAT(&c, ">1 ") || !time_iso(&c, &ev))
            return false;
    } else if (!(is_digit(*line) ? time_iso(&c, &ev)
                 : time_traditional(&c, &ev)))
        return false;
    *when = ev.when;
    *has_year = ev.has_year;
    return true;
}

/* The daemons whose lines we read; sets ev->daemon and ev->client. */
static bool tls_daemon(log_event *ev)
{
    const char *p = ev->program.p + ev->program.n;
    size_t n = 0;

    while (p > ev->program.p && p[-1] != '/')   /* the last component */
        p--, n++;
    ev->daemon.p = p;
    ev->daemon.n = n;
#define IS(lit) (n == sizeof(lit) - 1 && same_bytes(p, lit, n))
    ev->client = IS("smtp") || IS("lmtp");
    return ev->client || IS("smtpd") || IS("postscreen") || IS("tlsproxy");
#undef IS
}

/* "name[addr]", "[addr]", then an optional ":port". */
static bool peer(cursor *c, log_event *ev)
{
    size_t span = (size_t) (c->end - c->p);
    const char *open = find_byte(c->p, span < 256 ? span : 256, '['), *close;

    /* the name: up to 255 bytes without a space */
    if (open == NULL || find_byte(c->p, (size_t) (open - c->p), ' ') != NULL)
        return false;
    span = (size_t) (c->end - open);
    close = find_byte(open, span < 66 ? span : 66, ']');
    if (close == NULL || close == open + 1 || close - open > 64)
        return false;
    ev->peer_name.p = c->p;
    ev->peer_name.n = (size_t) (open - c->p);
    ev->peer_addr.p = open + 1;
    ev->peer_addr.n = (size_t) (close - open - 1);
    c->p = close + 1;
    if (c->p < c->end && *c->p == ':' && c->p + 1 < c->end
        && is_digit(c->p[1]))
        for (c->p++; c->p < c->end && is_digit(*c->p); c->p++)
            ;
    return true;
}

static void rest(cursor *c, log_str *out)
{
    out->p = c->p;
    out->n = (size_t) (c->end - c->p);
}

static const char *find(const cursor *c, const char *lit, size_t n)
{
    return memmem(c->p, (size_t) (c->end - c->p), lit, n);
}
#define FIND(c, lit) find((c), (lit), sizeof(lit) - 1)

/* OpenSSL's "error:CODE:LIB:FUNC:REASON:FILE:LINE:" -> REASON; the text
 * may start with "PID:" (OpenSSL before 3.0 through Postfix). */
static void library_reason(cursor *c, log_event *ev)
{
    const char *e = FIND(c, "error:");
    cursor r;

    rest(c, &ev->reason);
    if (e == NULL)
        return;
    r.p = e + 6;
    r.end = c->end;
    for (int field = 0; field < 3; field++) {
        const char *colon = memchr(r.p, ':', (size_t) (r.end - r.p));

        if (colon == NULL)
            return;
        r.p = colon + 1;
    }
    {
        const char *colon = memchr(r.p, ':', (size_t) (r.end - r.p));

        ev->reason.p = r.p;
        ev->reason.n = (size_t) ((colon ? colon : r.end) - r.p);
    }
}

/* "TLSv1.2 with cipher AES128-GCM-SHA256 (128/128 bits)" */
static int number(cursor *c)
{
    long v = 0;

    for (; c->p < c->end && is_digit(*c->p); c->p++)
        v = add_digit(v, *c->p);
    return (int) v;
}

static bool session(cursor *c, log_event *ev)
{
    if (!word(c, &ev->protocol) || !EAT(c, "with cipher ")
        || !word(c, &ev->cipher) || !EAT(c, "("))
        return false;
    ev->bits = number(c);
    ev->alg_bits = EAT(c, "/") ? number(c) : ev->bits;
    return true;
}

/* "Anonymous TLS connection established from peer: TLSv1.2 with ..." */
static bool established(cursor *c, log_event *ev)
{
    static const char *const trust[] = {
        "Anonymous", "Untrusted", "Trusted", "Verified", "Unverified", NULL
    };

    for (int i = 0; trust[i]; i++) {
        size_t n = strlen(trust[i]);
        cursor t = *c;

        if (!eat(&t, trust[i], n) || !EAT(&t, " TLS connection established "))
            continue;
        if (!EAT(&t, "from ") && !EAT(&t, "to "))
            return false;
        ev->trust.p = c->p;
        ev->trust.n = n;
        if (!peer(&t, ev) || !EAT(&t, ": ") || !session(&t, ev))
            return false;
        ev->kind = EV_TLS_OK;
        return true;
    }
    return false;
}

/* "SSL_accept error from peer: -1" / "SSL_connect error to peer: ..." */
static bool handshake_error(cursor *c, log_event *ev)
{
    if (!EAT(c, "SSL_accept error from ") && !EAT(c, "SSL_connect error to "))
        return false;
    if (!peer(c, ev))
        return false;
    ev->kind = EV_TLS_ERROR;
    if (EAT(c, ": ")) {
        cursor n = *c;

        EAT(&n, "-");
        while (n.p < n.end && is_digit(*n.p))
            n.p++;
        if (n.p != c->end)  /* a text, not a bare return code */
            rest(c, &ev->reason);
    }
    return true;
}

/* "[server ]certificate verification failed for peer: [num=N:]why" */
static bool cert_failure(cursor *c, log_event *ev)
{
    cursor t = *c;
    const char *sp;

    if (!EAT(&t, "server ") && !EAT(&t, "client "))
        t = *c;
    if (!EAT(&t, "certificate verification failed for ") || !peer(&t, ev))
        return false;
    ev->kind = EV_CERT_FAIL;
    EAT(&t, ": ");
    if (EAT(&t, "num=")) {
        while (t.p < t.end && is_digit(*t.p))
            t.p++;
        EAT(&t, ":");
    }
    rest(&t, &ev->reason);
    /* "untrusted issuer /C=US/O=..." : the words, not the name. */
    if ((sp = memchr(t.p, '/', (size_t) (t.end - t.p))) != NULL
        && sp > t.p && sp[-1] == ' ')
        ev->reason.n = (size_t) (sp - 1 - t.p);
    return true;
}

/* "... TLS not available due to local problem ...", with the peer as
 * relay=peer or "host peer said" when there is one. */
static bool local_problem(cursor *c, log_event *ev)
{
    static const char phrase[] = "TLS not available due to local problem";
    const char *at = FIND(c, phrase), *p;
    cursor t;

    if (at == NULL)
        return false;
    ev->kind = EV_LOCAL_PROBLEM;
    ev->reason.p = at;
    ev->reason.n = sizeof(phrase) - 1;
    if ((p = FIND(c, "relay=")) != NULL)
        p += 6;
    else if ((p = FIND(c, " from ")) != NULL)
        p += 6;
    else if ((p = FIND(c, "host ")) != NULL)
        p += 5;
    if (p) {
        t.p = p;
        t.end = c->end;
        peer(&t, ev);
    }
    return true;
}

/* Lines that start with the peer: "peer: TLS cipher list "..."". */
static bool cipher_list(cursor *c, log_event *ev)
{
    cursor t = *c;

    if (!peer(&t, ev) || !EAT(&t, ": TLS cipher list \""))
        return false;
    ev->kind = EV_CIPHER_LIST;
    ev->text.p = t.p;
    ev->text.n = (size_t) (t.end - t.p);
    if (ev->text.n && ev->text.p[ev->text.n - 1] == '"')
        ev->text.n--;
    return true;
}

static bool warning(cursor *c, log_event *ev)
{
    if (EAT(c, "TLS library problem: ")) {
        ev->kind = EV_TLS_LIBRARY;
        library_reason(c, ev);
        return true;
    }
    if (EAT(c, "Invalid TLS protocol list \"")) {
        const char *q = memchr(c->p, '"', (size_t) (c->end - c->p));

        ev->kind = EV_BAD_PROTOCOLS;
        ev->text.p = c->p;
        ev->text.n = (size_t) ((q ? q : c->end) - c->p);
        return true;
    }
    return local_problem(c, ev);
}

/* "QUEUEID: client=peer" (mail accepted in this session). */
static bool queue_line(cursor *c, log_event *ev)
{
    static const bool alnum[256] = {
        ['0' ... '9'] = true, ['A' ... 'Z'] = true, ['a' ... 'z'] = true
    };
    const char *q = c->p;

    while (q < c->end && alnum[(unsigned char) *q])
        q++;
    if (q == c->p || q - c->p > 32)
        return false;
    c->p = q;
    if (EAT(c, ": client=") && peer(c, ev)) {
        ev->kind = EV_DELIVERY;
        return true;
    }
    return false;
}

/* The message: dispatch on its first byte; each attempt works on its own
 * copy of the cursor, so a near miss leaves the others intact. */
static bool message(const cursor *c, log_event *ev)
{
    cursor t = *c;

    switch (*c->p) {
    case 'c':
        if (EAT(&t, "connect from ") && peer(&t, ev))
            return (ev->kind = EV_CONNECT), true;
        t = *c;
        if (cert_failure(&t, ev))
            return true;
        break;
    case 'C':
        if (EAT(&t, "CONNECT from ") && peer(&t, ev))
            return (ev->kind = EV_CONNECT), true;
        break;
    case 'd':
        if (EAT(&t, "disconnect from ") && peer(&t, ev))
            return (ev->kind = EV_DISCONNECT), true;
        break;
    case 'D':
        if (EAT(&t, "DISCONNECT ") && peer(&t, ev))
            return (ev->kind = EV_DISCONNECT), true;
        break;
    case 'l':
        if (EAT(&t, "lost connection after STARTTLS from ") && peer(&t, ev))
            return (ev->kind = EV_LOST_STARTTLS), true;
        break;
    case 'S':
        if (handshake_error(&t, ev))
            return true;
        break;
    case 's':
        if (cert_failure(&t, ev))
            return true;
        break;
    case 'w':
        if (EAT(&t, "warning: ") && warning(&t, ev))
            return true;
        break;
    case 'A': case 'U': case 'T': case 'V':
        if (established(&t, ev))
            return true;
        break;
    default:
        break;
    }
    t = *c;
    if (queue_line(&t, ev))
        return true;
    t = *c;
    if (cipher_list(&t, ev))
        return true;
    t = *c;
    return local_problem(&t, ev);
}

/* Does the program name ending at open (its '[') end in /name or is it
 * " name"? A constant size, so the compare is inlined. */
#define ENDS(open, line, lit) \
    ((size_t) ((open) - (line)) > sizeof(lit) - 1 \
     && same_bytes((open) - (sizeof(lit) - 1), lit, sizeof(lit) - 1) \
     && ((open)[-(long) sizeof(lit)] == '/' \
         || (open)[-(long) sizeof(lit)] == ' '))

/* The quick test that keeps most lines cheap: in a syslog or ISO line
 * the first '[' ends the program name (time stamps and host names have
 * none), so "postfix/qmgr[" or "dovecot[" is rejected before the time
 * is parsed. RFC 5424 lines and lines without a pid take the slow path. */
static bool maybe_tls_daemon(const char *line, size_t len)
{
    const char *open = len && *line != '<'
        ? find_byte(line, len < 512 ? len : 512, '[') : NULL;

    if (open == NULL)
        return true;
    if (open == line)
        return false;
    switch (open[-1]) {         /* the last letter, then the names */
    case 'd':
        return ENDS(open, line, "smtpd");
    case 'p':
        return ENDS(open, line, "smtp") || ENDS(open, line, "lmtp");
    case 'n':
        return ENDS(open, line, "postscreen");
    case 'y':
        return ENDS(open, line, "tlsproxy");
    default:
        return false;
    }
}

bool log_parse_may_match(const char *line, size_t len)
{
    return maybe_tls_daemon(line, len);
}

/* Zero every field: with explicit stores, as memset of this size
 * compiles to a string instruction whose start-up cost showed in the
 * profile of every event. */
static void clear_event(log_event *ev)
{
    static const log_str none;

    ev->format = FMT_NONE;
    ev->kind = EV_NONE;
    ev->when = 0;
    ev->has_year = false;
    ev->stamp = ev->program = ev->daemon = none;
    ev->pid = 0;
    ev->client = false;
    ev->peer_name = ev->peer_addr = ev->trust = none;
    ev->protocol = ev->cipher = none;
    ev->bits = ev->alg_bits = 0;
    ev->reason = ev->text = none;
}

bool log_parse_line(const char *line, size_t len, log_event *ev)
{
    cursor c = {line, line + len};

    if (!maybe_tls_daemon(line, len)) {
        ev->kind = EV_NONE;
        return false;
    }
    clear_event(ev);
    if (!header(&c, ev) || !tls_daemon(ev) || c.p >= c.end
        || !message(&c, ev)) {
        ev->kind = EV_NONE;
        return false;
    }
    return true;
}
