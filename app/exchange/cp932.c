#include "app/exchange/cp932.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool csv_encoding_parse(const char *name, csv_encoding *out)
{
    static const struct { const char *name; csv_encoding e; } E[] = {
        {"auto", CSV_ENC_AUTO}, {"utf-8", CSV_ENC_UTF8}, {"utf8", CSV_ENC_UTF8}, {"cp932", CSV_ENC_CP932},
        {"sjis", CSV_ENC_CP932}, {"shift_jis", CSV_ENC_CP932}, {"windows-31j", CSV_ENC_CP932},
    };
    for (size_t i = 0; name && i < sizeof E / sizeof E[0]; i++)
        if (!strcasecmp(E[i].name, name)) {
            *out = E[i].e;
            return true;
        }
    return false;
}

/* UTF-8 characters that CP932 spells with another code point (JIS vs Microsoft mappings). */
static const struct { const char *from, *to; } CP932_MAP[] = {
    {"\u301C", "\uFF5E"}, /* 〜 WAVE DASH → ～ */
    {"\u2016", "\u2225"}, /* ‖ → ∥ */
    {"\u2212", "\uFF0D"}, /* − MINUS SIGN → － */
    {"\u00A2", "\uFFE0"}, /* ¢ */
    {"\u00A3", "\uFFE1"}, /* £ */
    {"\u00AC", "\uFFE2"}, /* ¬ */
    {"\u2014", "\u2015"}, /* — EM DASH → ― */
    {"\u00A6", "\uFFE4"}, /* ¦ */
};

/* The decoded character at s (n bytes): its length and code point (U+FFFD for an invalid byte). */
static size_t utf8_char(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = u[0] < 0x80 ? 1 : u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 1;
    if (len > n) len = 1;
    uint32_t c = len == 1 ? u[0] : len == 2 ? u[0] & 0x1F : len == 3 ? u[0] & 0x0F : u[0] & 0x07;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80) return *cp = 0xFFFD, 1;
        c = c << 6 | (u[i] & 0x3F);
    }
    *cp = len == 1 && u[0] >= 0x80 ? 0xFFFD : c;
    return len;
}

char *cp932_encode_all(iconv_t cd, const char *s, size_t *outlen, bool replace, cp932_bad_cb bad, void *ctx)
{
    size_t n = strlen(s);
    /* the mapped copy: a replacement is 3 bytes for 2 (¢ £ ¬ ¦) or 3, so it grows by half at most */
    size_t mcap = n + n / 2 + 1;
    char *m = malloc(mcap);
    size_t *origin = malloc(mcap * sizeof *origin); /* byte of s each byte of m came from */
    if (!m || !origin) {
        free(m);
        free(origin);
        return NULL;
    }
    size_t j = 0;
    for (size_t i = 0; i < n;) {
        bool done = false;
        for (size_t k = 0; k < sizeof CP932_MAP / sizeof CP932_MAP[0] && !done; k++) {
            size_t fl = strlen(CP932_MAP[k].from);
            if (!strncmp(s + i, CP932_MAP[k].from, fl)) {
                size_t tl = strlen(CP932_MAP[k].to);
                memcpy(m + j, CP932_MAP[k].to, tl);
                for (size_t t = 0; t < tl; t++) origin[j + t] = i;
                j += tl;
                i += fl;
                done = true;
            }
        }
        if (!done) {
            origin[j] = i;
            m[j++] = s[i++];
        }
    }
    m[j] = 0;
    /* CP932 is at most 2 bytes a character, which is never more than its UTF-8, and 〓 is 2 for 1 to 4 */
    size_t cap = j * 2 + 3;
    char *out = malloc(cap);
    if (!out) {
        free(m);
        free(origin);
        return NULL;
    }
    iconv(cd, NULL, NULL, NULL, NULL);
    char *in = m, *o = out;
    size_t inleft = j, outleft = cap - 1;
    bool failed = false;
    while (inleft > 0) {
        size_t rc = iconv(cd, &in, &inleft, &o, &outleft);
        if (rc != (size_t)-1) break;
        if (errno != EILSEQ && errno != EINVAL) {   /* E2BIG cannot happen (see cap) */
            failed = true;
            break;
        }
        /* a character CP932 cannot hold: say which (where it is in s) and step over it */
        uint32_t cp;
        size_t len = utf8_char(in, inleft, &cp);
        const char *at = s + origin[in - m];
        if (bad) bad(at, len, cp, ctx);
        in += len;
        inleft -= len;
        if (replace) {
            memcpy(o, "\x81\xAC", 2);   /* 〓 */
            o += 2;
            outleft -= 2;
        } else {
            failed = true;   /* keep looking: every one is reported */
        }
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    free(m);
    free(origin);
    if (failed) {
        free(out);
        return NULL;
    }
    *o = 0;
    if (outlen) *outlen = (size_t)(o - out);
    return out;
}

/* The first character CP932 cannot hold. */
static void first_bad(const char *at, size_t len, uint32_t cp, void *ctx)
{
    (void)len;
    (void)cp;
    const char **first = ctx;
    if (!*first) *first = at;
}

char *cp932_encode(iconv_t cd, const char *s, size_t *outlen, const char **bad)
{
    const char *first = NULL;
    char *r = cp932_encode_all(cd, s, outlen, false, first_bad, &first);
    if (!r && bad && first) *bad = first;
    return r;
}

iconv_t cp932_encoder(void) { return iconv_open("CP932", "UTF-8"); }

char *cp932_from_utf8(const char *s, size_t *outlen, const char **bad)
{
    iconv_t cd = cp932_encoder();
    if (cd == (iconv_t)-1) return NULL;
    char *r = cp932_encode(cd, s ? s : "", outlen, bad);
    iconv_close(cd);
    return r;
}

char *cp932_to_utf8(const char *buf, size_t n, size_t *outlen, size_t *bad_at)
{
    iconv_t cd = iconv_open("UTF-8", "CP932");
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = n * 3 / 2 + 16;
    char *out = malloc(cap);
    if (!out) {
        iconv_close(cd);
        return NULL;
    }
    char *in = (char *)buf, *o = out;
    size_t inleft = n, outleft = cap - 1;
    while (inleft > 0) {
        size_t rc = iconv(cd, &in, &inleft, &o, &outleft);
        if (rc != (size_t)-1) break;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - out);
            cap *= 2;
            char *g = realloc(out, cap);
            if (!g) break;
            out = g;
            o = out + used;
            outleft = cap - 1 - used;
            continue;
        }
        *bad_at = (size_t)(in - buf);
        free(out);
        iconv_close(cd);
        return NULL;
    }
    iconv_close(cd);
    if (inleft > 0) { /* out of memory */
        free(out);
        *bad_at = (size_t)-1;
        return NULL;
    }
    *o = 0;
    *outlen = (size_t)(o - out);
    return out;
}
