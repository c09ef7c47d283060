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
