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

/* Is s valid UTF-8 already (as almost every string is)? */
static bool utf8_valid(const char *s)
{
    for (const unsigned char *p = (const unsigned char *) s; *p;) {
        size_t n = *p < 0x80 ? 1 : utf8_seq_len(p);

        if (n == 0)
            return false;
        p += n;
    }
    return true;
}

void json_add_string(strbuf *out, const char *s)
{
    strbuf clean;

    sb_addc(out, '"');
    if (utf8_valid(s)) {
        sb_add_json(out, s);
    } else {
        sb_init(&clean);
        sb_add_utf8_clean(&clean, s);
        sb_add_json(out, clean.data ? clean.data : "");
        sb_free(&clean);
    }
    sb_addc(out, '"');
}
