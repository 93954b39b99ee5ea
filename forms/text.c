#include "forms/text.h"

#include <stdio.h>

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define REPLACEMENT 0xFFFDu

size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xBF;
    size_t len;
    uint32_t c;

    if (n == 0) {
        *cp = REPLACEMENT;
        return 0;
    }
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    /* The second-byte ranges of RFC 3629 rule out overlongs (E0, F0), surrogates (ED) and > U+10FFFF (F4). */
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        len = 2;
        c = p[0] & 0x1Fu;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        len = 3;
        c = p[0] & 0x0Fu;
        if (p[0] == 0xE0)
            lo = 0xA0;
        else if (p[0] == 0xED)
            hi = 0x9F;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        len = 4;
        c = p[0] & 0x07u;
        if (p[0] == 0xF0)
            lo = 0x90;
        else if (p[0] == 0xF4)
            hi = 0x8F;
    } else {
        goto invalid;
    }
    if (n < len)
        goto invalid;
    for (size_t i = 1; i < len; i++) {
        if (p[i] < lo || p[i] > hi)
            goto invalid;
        lo = 0x80;
        hi = 0xBF;
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    *cp = c;
    return len;
invalid:
    *cp = REPLACEMENT;
    return 1;
}

size_t text_utf8_encode(uint32_t cp, char out[4])
{
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

bool text_cp_is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

int text_cp_width(uint32_t cp)
{
    if (text_cp_is_control(cp) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 1;
    /* utf8proc's tables, not the locale's wcwidth(): the same width under LANG=C as under ja_JP.UTF-8.
       East Asian Wide and Fullwidth are 2, ambiguous (① ※ ○) 1, combining marks and variation selectors 0. */
    int w = utf8proc_charwidth((utf8proc_int32_t)cp);
    return w < 0 ? 1 : w > 2 ? 2 : w;
}

bool text_grapheme_break(uint32_t prev, uint32_t next, int32_t *state)
{
    if (prev > 0x10FFFF || next > 0x10FFFF) return true;
    return utf8proc_grapheme_break_stateful((utf8proc_int32_t)prev, (utf8proc_int32_t)next, state);
}

size_t text_grapheme_len(const char *s, size_t n)
{
    if (n == 0) return 0;
    uint32_t prev, cp;
    size_t i = text_utf8_decode(s, n, &prev);
    if (prev == REPLACEMENT && i == 1) return 1;   /* an invalid byte stands alone */
    int32_t state = 0;
    while (i < n) {
        size_t k = text_utf8_decode(s + i, n - i, &cp);
        if ((cp == REPLACEMENT && k == 1) || text_grapheme_break(prev, cp, &state)) break;
        i += k;
        prev = cp;
    }
    return i;
}

/* The code point kumo draws for cp: '?' for a control, cp itself otherwise. */
static uint32_t shown(uint32_t cp)
{
    return text_cp_is_control(cp) ? '?' : cp;
}

bool text_valid_utf8(const char *s, size_t n)
{
    if (!s)
        return n == 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_utf8_decode(s + i, n - i, &cp);
        /* A real U+FFFD takes 3 bytes; a 1-byte U+FFFD is an invalid byte. */
        if (cp == REPLACEMENT && k == 1)
            return false;
        i += k;
    }
    return true;
}

bool text_has_control(const char *s)
{
    if (!s)
        return false;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += text_utf8_decode(s + i, n - i, &cp);
        if (text_cp_is_control(cp))
            return true;
    }
    return false;
}

size_t text_chars(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s), count = 0;
    for (size_t i = 0; i < n; count++) {
        uint32_t cp;
        i += text_utf8_decode(s + i, n - i, &cp);
    }
    return count;
}

int text_width(const char *s)
{
    if (!s)
        return 0;
    size_t n = strlen(s);
    int w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += text_utf8_decode(s + i, n - i, &cp);
        int cw = text_cp_width(cp);
        if (w > INT_MAX - cw)
            return INT_MAX;
        w += cw;
    }
    return w;
}

char *text_sanitize(const char *s)
{
    if (!s)
        return strdup("");
    size_t n = strlen(s), size = 1;
    char enc[4];
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_utf8_decode(s + i, n - i, &cp);
        /* At most 3 output bytes per input byte: no overflow for any string that fits in memory. */
        size += text_utf8_encode(shown(cp), enc);
        i += k;
    }
    char *out = malloc(size);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += text_utf8_decode(s + i, n - i, &cp);
        o += text_utf8_encode(shown(cp), out + o);
    }
    out[o] = '\0';
    return out;
}

void text_sanitize_into(char *buf, size_t n)
{
    if (!buf || !n) return;
    buf[n - 1] = 0;
    if (text_valid_utf8(buf, strlen(buf)) && !text_has_control(buf)) return;
    char *clean = text_sanitize(buf);
    if (clean) {
        /* copy back whole characters only */
        size_t o = 0, len = strlen(clean);
        while (o < len) {
            uint32_t cp;
            size_t k = text_utf8_decode(clean + o, len - o, &cp);
            if (o + k >= n) break;
            o += k;
        }
        memcpy(buf, clean, o);
        buf[o] = 0;
        free(clean);
        return;
    }
    /* no memory: at least no control byte reaches the terminal */
    for (unsigned char *p = (unsigned char *)buf; *p; p++)
        if (*p < 0x20 || *p == 0x7f) *p = '?';
}

/* A bounded output buffer that takes whole characters only; after the first one that does not fit it takes
 * nothing more, so what it holds is always a prefix of the intended result. */
typedef struct sink {
    char *buf;
    size_t size, len;
    int cols;
    bool full;
} sink;

static void sink_put(sink *k, uint32_t cp, int w)
{
    char enc[4];
    size_t n = text_utf8_encode(cp, enc);
    if (k->full || k->len + n + 1 > k->size) {
        k->full = true;
        return;
    }
    memcpy(k->buf + k->len, enc, n);
    k->len += n;
    k->buf[k->len] = '\0';
    k->cols += w;
}

/* True when the n bytes at s take more than cols columns; stops reading as soon as they do. */
static bool wider_than(const char *s, size_t n, int cols)
{
    long w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += text_utf8_decode(s + i, n - i, &cp);
        w += text_cp_width(cp);
        if (w > cols)
            return true;
    }
    return false;
}

int text_fit(char *out, size_t outsz, const char *s, int cols, bool pad)
{
    if (outsz == 0)
        return 0;
    out[0] = '\0';
    if (cols <= 0)
        return 0;
    if (!s)
        s = "";

    sink k = { .buf = out, .size = outsz };
    size_t n = strlen(s);
    bool clip = wider_than(s, n, cols);
    int budget = clip ? cols - 1 : cols;   /* columns for the text itself */

    /* whole user-perceived characters: their width is the sum of their code points' (a base and its zero-width
       marks and selectors, as the terminal lays them out), and they are taken or left as one */
    for (size_t i = 0; i < n && !k.full;) {
        size_t len = text_grapheme_len(s + i, n - i);
        int w = 0;
        size_t bytes = 0;
        char enc[4];
        for (size_t j = 0; j < len;) {
            uint32_t cp;
            j += text_utf8_decode(s + i + j, len - j, &cp);
            w += text_cp_width(cp);
            bytes += text_utf8_encode(shown(cp), enc);
        }
        if (k.cols + w > budget)
            break;
        if (k.len + bytes + 1 > k.size) {
            k.full = true;
            break;
        }
        for (size_t j = 0; j < len;) {
            uint32_t cp;
            j += text_utf8_decode(s + i + j, len - j, &cp);
            sink_put(&k, shown(cp), text_cp_width(cp));
        }
        i += len;
    }
    if (pad)
        while (k.cols < budget && !k.full)
            sink_put(&k, ' ', 1);
    if (clip)
        sink_put(&k, '~', 1);
    return k.cols;
}

void text_trim_partial(char *s)
{
    size_t n = strlen(s), lead = n;
    /* back over at most 3 continuation bytes to the byte that begins the last character */
    for (size_t back = 0; lead > 0 && back < 4; back++) {
        lead--;
        if (((unsigned char)s[lead] & 0xC0) != 0x80) break;
    }
    if (lead >= n) return;
    unsigned char c = (unsigned char)s[lead];
    size_t want = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 1;
    if (want > 1 && lead + want > n) s[lead] = '\0';
}

text_problem text_check(const char *s, size_t max_chars, bool allow_newline)
{
    if (!s) return TEXT_OK;
    size_t n = strlen(s);
    if (!text_valid_utf8(s, n)) return TEXT_BAD_UTF8;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += text_utf8_decode(s + i, n - i, &cp);
        if (text_cp_is_control(cp) && !(allow_newline && cp == '\n')) return TEXT_CONTROL;
    }
    if (max_chars && text_chars(s) > max_chars) return TEXT_TOO_LONG;
    return TEXT_OK;
}

const char *text_problem_msg(text_problem p, const char *label, const char *s, size_t max_chars, char *buf, size_t n)
{
    switch (p) {
    case TEXT_BAD_UTF8:
        snprintf(buf, n, "「%s」に不正な文字コードが含まれています（UTF-8 で入力してください）", label);
        break;
    case TEXT_CONTROL: snprintf(buf, n, "「%s」に制御文字は使えません", label); break;
    case TEXT_TOO_LONG:
        snprintf(buf, n, "「%s」は%zu文字以内で入力してください（現在%zu文字）", label, max_chars, text_chars(s));
        break;
    default: snprintf(buf, n, "%s", ""); break;
    }
    return buf;
}

bool text_fold_number(const char *in, char *out, size_t n)
{
    if (!in || !n || !text_valid_utf8(in, strlen(in))) return false;
    /* NFKC makes full-width letters, digits and hyphens ASCII (ｒ８－０００１ → r8-0001) */
    utf8proc_uint8_t *nf = utf8proc_NFKC((const utf8proc_uint8_t *)in);
    if (!nf) return false;
    const char *p = (const char *)nf;
    while (*p == ' ') p++;
    size_t len = strlen(p);
    while (len && p[len - 1] == ' ') len--;
    bool ok = len < n;
    if (ok) {
        for (size_t i = 0; i < len; i++) out[i] = p[i] >= 'a' && p[i] <= 'z' ? (char)(p[i] - 'a' + 'A') : p[i];
        out[len] = 0;
    }
    free(nf);
    return ok;
}

/* ---- folding for search ---- */

static size_t fold_put(char *out, size_t n, size_t j, const char *b, size_t len)
{
    if (j + len + 1 > n) return (size_t)-1;
    memcpy(out + j, b, len);
    return j + len;
}

/* Whether s is ASCII and characters that NFKC and case folding keep as they are and that nothing composes with:
   hiragana ぁ–ゖ, katakana ァ–ヺ, ー and the CJK unified ideographs 一–鿿 (all three bytes in UTF-8). A combining mark
   (゙ ゚), a half-width or full-width form, 〜 or an ideographic space is not: those go through utf8proc. */
static bool fold_plain(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c < 0xE3 || c > 0xE9 || i + 2 >= len || ((unsigned char)s[i + 1] & 0xC0) != 0x80 ||
            ((unsigned char)s[i + 2] & 0xC0) != 0x80)
            return false;
        uint32_t cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[i + 1] & 0x3F) << 6) | (uint32_t)(s[i + 2] & 0x3F);
        if (!((cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC ||
              (cp >= 0x4E00 && cp <= 0x9FFF)))
            return false;
        i += 3;
    }
    return true;
}

size_t text_fold(const char *s, char *out, size_t n)
{
    if (!n) return 0;
    out[0] = 0;
    if (!s) return 0;
    size_t len = strlen(s), j = 0;
    bool ascii = true;
    for (size_t i = 0; i < len && ascii; i++) ascii = !((unsigned char)s[i] & 0x80);
    if (ascii) {
        /* the common case of numbers and codes, without utf8proc's allocations */
        for (size_t i = 0; i < len && j + 1 < n; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c <= ' ' || c == 0x7f) continue;
            out[j++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        out[j] = 0;
        return j;
    }
    if (fold_plain(s, len)) {
        /* kanji and kana with ASCII (a service's or a person's name): what NFKC and case folding leave as it is,
           without utf8proc's allocations; the ASCII as above */
        for (size_t i = 0; i < len;) {
            unsigned char c = (unsigned char)s[i];
            size_t l = c < 0x80 ? 1 : 3;
            if (c < 0x80 && (c <= ' ' || c == 0x7f)) {
                i++;
                continue;
            }
            if (j + l + 1 > n) break;
            if (l == 1) out[j++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            else {
                memcpy(out + j, s + i, 3);
                j += 3;
            }
            i += l;
        }
        out[j] = 0;
        return j;
    }
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &m,
                                      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                          UTF8PROC_IGNORE);
    const char *src = r >= 0 ? (const char *)m : s;
    size_t sn = r >= 0 ? (size_t)r : len;
    for (size_t i = 0; i < sn;) {
        uint32_t cp;
        size_t l = text_utf8_decode(src + i, sn - i, &cp);
        bool drop = cp <= ' ' || text_cp_is_control(cp) || cp == 0x3000 ||
                    utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
        if (!drop) {
            size_t k = fold_put(out, n, j, src + i, l);
            if (k == (size_t)-1) break;
            j = k;
        }
        i += l;
    }
    out[j] = 0;
    free(m);
    return j;
}

/* 禁則: characters a line may not start with (closing brackets, 、。 and small kana among them). */
static bool no_line_start(uint32_t cp)
{
    static const uint32_t C[] = {
        0x3001, 0x3002, 0xFF0C, 0xFF0E, 0x30FB, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF01, 0x30FC, 0x2015, 0x301C, 0xFF5E,
        0x3009, 0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0xFF09, 0xFF3D, 0xFF5D, 0x3005, 0x309D,
        0x309E, 0x30FD, 0x30FE, 0x3041, 0x3043, 0x3045, 0x3047, 0x3049, 0x3063, 0x3083, 0x3085, 0x3087, 0x308E,
        0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30C3, 0x30E3, 0x30E5, 0x30E7, 0x30EE, 0x30F5, 0x30F6,
        ',', '.', ')', ']', '}', ':', ';', '?', '!',
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++)
        if (C[i] == cp) return true;
    return false;
}

/* East Asian Ambiguous characters that a Japanese font draws full width (UAX #11; the ranges of JIS X 0208's
   symbols, Greek and Cyrillic, ① ※ ○ ■ → ℃ Ⅰ and the box drawing): kumo's screen counts them 1 like a terminal,
   a printout in ＭＳ Ｐゴシック or IPAゴシック shows them 2 wide. */
static bool ambiguous_wide(uint32_t cp)
{
    static const uint32_t R[][2] = {
        {0x00A7, 0x00A8}, {0x00B0, 0x00B1}, {0x00B4, 0x00B4}, {0x00B6, 0x00B6}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7},
        {0x0391, 0x03C9}, {0x0401, 0x0401}, {0x0410, 0x044F}, {0x0451, 0x0451}, {0x2010, 0x2010}, {0x2013, 0x2016},
        {0x2018, 0x2019}, {0x201C, 0x201D}, {0x2020, 0x2022}, {0x2024, 0x2027}, {0x2030, 0x2030}, {0x2032, 0x2033},
        {0x203B, 0x203B}, {0x2103, 0x2103}, {0x2109, 0x2109}, {0x2116, 0x2116}, {0x2121, 0x2122}, {0x212B, 0x212B},
        {0x2153, 0x217F}, {0x2190, 0x21FF}, {0x2200, 0x22FF}, {0x2312, 0x2312}, {0x2460, 0x24FF}, {0x2500, 0x25FF},
        {0x2600, 0x26FF}, {0x2776, 0x277F}, {0x3248, 0x324F}, {0xE000, 0xF8FF}, {0xFFFD, 0xFFFD},
    };
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++)
        if (cp >= R[i][0] && cp <= R[i][1]) return true;
    return false;
}

/* A character that belongs to a word a spreadsheet keeps whole on a line (Latin letters, digits, ASCII signs). */
static bool word_char(uint32_t cp) { return cp > 0x20 && cp < 0x7F; }

int text_wrap_lines(const char *s, int cols)
{
    if (cols < 2) cols = 2;
    if (!s) return 1;
    size_t n = strlen(s);
    int lines = 1, used = 0, last = 0;   /* columns on the current line, and of its last character */
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        text_utf8_decode(s + i, n - i, &cp);
        if (cp == '\n') {
            lines++;
            used = last = 0;
            i++;
            continue;
        }
        if (word_char(cp)) {
            size_t j = i;
            int w = 0;
            while (j < n && word_char((unsigned char)s[j])) j++, w++;
            if (used + w > cols && used > 0 && w <= cols) {   /* the word moves down whole */
                lines++;
                used = 0;
            }
            for (int k = 0; k < w; k++) {                     /* a word longer than a line breaks anywhere */
                if (used + 1 > cols) {
                    lines++;
                    used = 0;
                }
                used++;
            }
            last = 1;
            i = j;
            continue;
        }
        size_t g = text_grapheme_len(s + i, n - i);
        int w = 0;
        for (size_t k = 0; k < g;) {
            uint32_t c;
            k += text_utf8_decode(s + i + k, g - k, &c);
            int cw = text_cp_width(text_cp_is_control(c) ? '?' : c);
            w += cw == 1 && ambiguous_wide(c) ? 2 : cw;
        }
        if (cp == ' ' && used + w > cols) {   /* a space at the end of a line hangs there */
            i += g;
            continue;
        }
        if (used + w > cols) {
            lines++;
            /* 追い出し: a character that may not start a line takes the last one of the line down with it */
            used = no_line_start(cp) && used > last ? last : 0;
        }
        used += w;
        last = w;
        i += g;
    }
    return lines;
}
