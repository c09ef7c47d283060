/*
 * json.c - UTF-8 cleaning and JSON strings for the emitters.
 *
 * Interface: see json.h. Configuration files may hold any bytes; every
 * machine-readable format must still be valid UTF-8, so invalid bytes are
 * replaced (U+FFFD) rather than passed through. No diagnostics.
 */
#include "json.h"

/* Valid as RFC 3629 has it: no overlong forms (E0 80..9F, F0 80..8F), no
 * UTF-16 surrogates (ED A0..BF), nothing past U+10FFFF (F4 90..BF), which
 * strict JSON and XML readers reject. */
size_t utf8_seq_len(const unsigned char *s)
{
    unsigned char lo = 0x80, hi = 0xbf;
    size_t n;

    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        n = 2;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        n = 3;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        n = 4;
    else
        return 0;
    if (s[0] == 0xe0)
        lo = 0xa0;
    else if (s[0] == 0xed)
        hi = 0x9f;
    else if (s[0] == 0xf0)
        lo = 0x90;
    else if (s[0] == 0xf4)
        hi = 0x8f;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

void sb_add_utf8_clean(strbuf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *) s; *p;) {
        size_t n = utf8_seq_len(p);

        if (n == 0) {
            sb_adds(out, "\xef\xbf\xbd");
            p++;
        } else {
            sb_add(out, (const char *) p, n);
            p += n;
        }
    }
}

void json_add_string(strbuf *out, const char *s)
{
    strbuf clean;

    sb_init(&clean);
    sb_add_utf8_clean(&clean, s);
    sb_addc(out, '"');
    sb_add_json(out, clean.data ? clean.data : "");
    sb_addc(out, '"');
    sb_free(&clean);
}
