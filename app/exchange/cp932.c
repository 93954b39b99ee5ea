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

char *cp932_encode(iconv_t cd, const char *s, size_t *outlen, const char **bad)
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
    size_t cap = j * 2 + 1;
    char *out = malloc(cap);
    if (!out) {
        free(m);
        free(origin);
        return NULL;
    }
    iconv(cd, NULL, NULL, NULL, NULL);
    char *in = m, *o = out;
    size_t inleft = j, outleft = cap - 1;
    size_t rc = iconv(cd, &in, &inleft, &o, &outleft);
    if (rc == (size_t)-1) {
        if (bad) *bad = s + origin[in - m];
        free(out);
        free(m);
        free(origin);
        return NULL;
    }
    *o = 0;
    if (outlen) *outlen = (size_t)(o - out);
    free(m);
    free(origin);
    return out;
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
