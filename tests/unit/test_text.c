/* Unit tests for forms/text: validity, width, sanitising and clipping of UTF-8 text with Japanese cases. */
#include "forms/text.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <utf8proc.h>

/* Byte spellings used below (UTF-8):
 *   日 E6 97 A5   本 E6 9C AC   語 E8 AA 9E   ① E2 91 A0   ※ E2 80 BB   １ EF BC 91
 *   ｶ EF BD B6   U+FFFD EF BF BD   U+0301 (combining acute) CC 81   U+0085 (NEL, C1) C2 85 */
#define FFFD "\xEF\xBF\xBD"

/* ---- text_valid_utf8 ---- */

START_TEST(valid_accepts_japanese_and_ascii)
{
    ck_assert(text_valid_utf8("日本語", strlen("日本語")));
    ck_assert(text_valid_utf8("abc", 3));
    ck_assert(text_valid_utf8("①※１ｶ", strlen("①※１ｶ")));
    ck_assert(text_valid_utf8("", 0));
    ck_assert(text_valid_utf8(NULL, 0));
    ck_assert(!text_valid_utf8(NULL, 1));
}
END_TEST

START_TEST(valid_boundaries)
{
    ck_assert(text_valid_utf8("\x7F", 1));                   /* U+007F, last 1-byte */
    ck_assert(text_valid_utf8("\xC2\x80", 2));               /* U+0080, first 2-byte */
    ck_assert(text_valid_utf8("\xDF\xBF", 2));               /* U+07FF */
    ck_assert(text_valid_utf8("\xE0\xA0\x80", 3));           /* U+0800, first 3-byte */
    ck_assert(text_valid_utf8("\xED\x9F\xBF", 3));           /* U+D7FF, just below the surrogates */
    ck_assert(text_valid_utf8("\xEE\x80\x80", 3));           /* U+E000, just above them */
    ck_assert(text_valid_utf8(FFFD, 3));                     /* a real U+FFFD */
    ck_assert(text_valid_utf8("\xF0\x90\x80\x80", 4));       /* U+10000 */
    ck_assert(text_valid_utf8("\xF4\x8F\xBF\xBF", 4));       /* U+10FFFF */
    ck_assert(text_valid_utf8("a\0b", 3));                   /* NUL is a character when n says so */
}
END_TEST

START_TEST(valid_rejects_invalid)
{
    ck_assert(!text_valid_utf8("\xE3", 1));                  /* lone lead byte */
    ck_assert(!text_valid_utf8("\xE3" "abc", 4));            /* lead byte then ASCII */
    ck_assert(!text_valid_utf8("\xE6\x97", 2));              /* 日 cut after 2 bytes */
    ck_assert(!text_valid_utf8("\xC0\xAF", 2));              /* overlong '/' */
    ck_assert(!text_valid_utf8("\xC1\xBF", 2));              /* overlong U+007F */
    ck_assert(!text_valid_utf8("\xE0\x80\xAF", 3));          /* 3-byte overlong '/' */
    ck_assert(!text_valid_utf8("\xE0\x9F\xBF", 3));          /* 3-byte overlong U+07FF */
    ck_assert(!text_valid_utf8("\xF0\x8F\xBF\xBF", 4));      /* 4-byte overlong U+FFFF */
    ck_assert(!text_valid_utf8("\xED\xA0\x80", 3));          /* surrogate U+D800 */
    ck_assert(!text_valid_utf8("\xED\xBF\xBF", 3));          /* surrogate U+DFFF */
    ck_assert(!text_valid_utf8("\xF4\x90\x80\x80", 4));      /* U+110000 */
    ck_assert(!text_valid_utf8("\xF5\x80\x80\x80", 4));
    ck_assert(!text_valid_utf8("\x80", 1));                  /* lone continuation */
    ck_assert(!text_valid_utf8("\xFE", 1));
    ck_assert(!text_valid_utf8("\xFF", 1));
    ck_assert(!text_valid_utf8("\xE6\x97\x41", 3));          /* bad continuation byte */
}
END_TEST

START_TEST(valid_respects_n)
{
    /* "日本" is 6 bytes: 3 is one whole character, 4 cuts 本 after its first byte. */
    ck_assert(text_valid_utf8("日本", 3));
    ck_assert(!text_valid_utf8("日本", 4));
    ck_assert(!text_valid_utf8("日本", 5));
    ck_assert(text_valid_utf8("日本", 6));
    /* Bytes past n are not looked at. */
    ck_assert(text_valid_utf8("ab\xFF", 2));
}
END_TEST

/* ---- text_has_control ---- */

START_TEST(control_detection)
{
    ck_assert(!text_has_control("abc"));
    ck_assert(!text_has_control("日本語①※"));
    ck_assert(!text_has_control(""));
    ck_assert(!text_has_control(NULL));
    ck_assert(!text_has_control("\xC2\xA0"));                /* U+00A0 no-break space is not a control */
    ck_assert(!text_has_control(" ~"));                      /* 0x20 and 0x7E are printable */
    ck_assert(text_has_control("a\tb"));
    ck_assert(text_has_control("a\n"));
    ck_assert(text_has_control("\r"));
    ck_assert(text_has_control("\x01"));
    ck_assert(text_has_control("\x1B[31m"));
    ck_assert(text_has_control("\x1F"));
    ck_assert(text_has_control("\x7F"));                     /* DEL */
    ck_assert(text_has_control("日本\xC2\x85"));             /* U+0085 NEL (C1) */
    ck_assert(text_has_control("\xC2\x80"));                 /* U+0080, first C1 */
    ck_assert(text_has_control("\xC2\x9F"));                 /* U+009F, last C1 */
    /* A lone 0x85 byte is invalid UTF-8 (shown as U+FFFD), not a C1 control. */
    ck_assert(!text_has_control("\x85"));
}
END_TEST

/* ---- text_chars ---- */

START_TEST(chars_counts_code_points)
{
    ck_assert_uint_eq(text_chars("日本語"), 3);
    ck_assert_uint_eq(text_chars("abc日本"), 5);
    ck_assert_uint_eq(text_chars("ｶﾀｶﾅ"), 4);
    ck_assert_uint_eq(text_chars("①※"), 2);
    ck_assert_uint_eq(text_chars("１２３"), 3);
    ck_assert_uint_eq(text_chars("e\xCC\x81"), 2);           /* e + combining acute */
    ck_assert_uint_eq(text_chars(""), 0);
    ck_assert_uint_eq(text_chars(NULL), 0);
}
END_TEST

START_TEST(chars_counts_invalid_bytes_one_each)
{
    ck_assert_uint_eq(text_chars("\xE3"), 1);
    ck_assert_uint_eq(text_chars("\xE3" "a"), 2);
    ck_assert_uint_eq(text_chars("\xC0\xAF"), 2);
    ck_assert_uint_eq(text_chars("\xED\xA0\x80"), 3);
    ck_assert_uint_eq(text_chars("\xE6\x97"), 2);            /* cut 日: two stray bytes */
    ck_assert_uint_eq(text_chars("日\xE3本"), 3);
}
END_TEST

/* ---- text_width ---- */

START_TEST(width_japanese_and_symbols)
{
    ck_assert_int_eq(text_width("日本語"), 6);
    ck_assert_int_eq(text_width("abc日本"), 7);               /* 3 + 2*2 */
    ck_assert_int_eq(text_width("電子申請サービス"), 16);
    ck_assert_int_eq(text_width("①"), 1);                     /* ambiguous width = 1 */
    ck_assert_int_eq(text_width("※"), 1);
    ck_assert_int_eq(text_width("①※注意"), 6);               /* 1 + 1 + 2*2 */
    ck_assert_int_eq(text_width("１２３"), 6);                 /* full-width digits */
    ck_assert_int_eq(text_width("ｶﾀｶﾅ"), 4);                  /* half-width katakana */
    ck_assert_int_eq(text_width("カタカナ"), 8);
    ck_assert_int_eq(text_width("e\xCC\x81"), 1);             /* combining acute adds 0 */
    ck_assert_int_eq(text_width(""), 0);
    ck_assert_int_eq(text_width(NULL), 0);
}
END_TEST

START_TEST(width_invalid_and_controls)
{
    ck_assert_int_eq(text_width("\xE3"), 1);
    ck_assert_int_eq(text_width("\xC0\xAF"), 2);
    ck_assert_int_eq(text_width("\xED\xA0\x80"), 3);
    ck_assert_int_eq(text_width("日\xE3"), 3);
    ck_assert_int_eq(text_width("a\tb"), 3);
    ck_assert_int_eq(text_width("\x1B[0m"), 4);
    ck_assert_int_eq(text_width("\x7F"), 1);
    ck_assert_int_eq(text_width("\xC2\x85"), 1);
    /* Unassigned U+0378 and the noncharacter U+FFFF: wcwidth() says -1, kumo counts 1. */
    ck_assert_int_eq(text_width("\xCD\xB8"), 1);
    ck_assert_int_eq(text_width("\xEF\xBF\xBF"), 1);
}
END_TEST

/* issue 11 (Locale and time): kumo looks the same under any locale. These run with LC_CTYPE = "C" (the locale of a
   cron job or of LANG=C over SSH) as well as C.UTF-8, and the widths must not move: the exports size their columns
   and the screens align with them. */
START_TEST(width_independent_of_locale)
{
    /* the C locale really is in force here, and there wcwidth() cannot measure Japanese */
    ck_assert_int_eq((int)MB_CUR_MAX, 1);
    ck_assert_int_ne(wcwidth(0x65E5), 2);
    ck_assert_int_eq(text_width("日本語"), 6);
    ck_assert_int_eq(text_width("教育委員会事務局"), 16);
    ck_assert_int_eq(text_width("𠮷野家"), 6);                /* outside the BMP: U+20BB7 */
    ck_assert_int_eq(text_width("葛\xF3\xA0\x84\x80" "飾区"), 6); /* 葛 + U+E0100 (variation selector, 0 wide) */
    ck_assert_int_eq(text_width("\xF0\x9F\x98\x80"), 2);      /* emoji U+1F600 */
    ck_assert_int_eq(text_width("\xE3\x80\x80"), 2);          /* ideographic space U+3000 */
}
END_TEST

/* Ambiguous-width characters stay 1 wide whatever the locale: kumo's own borders and markers are ASCII, and text that
   holds ① ※ ○ ■ measures as a terminal in the usual "ambiguous = narrow" setting draws it (PITFALLS). */
START_TEST(width_ambiguous_is_narrow)
{
    ck_assert_int_eq(text_cp_width(0x2460), 1);   /* ① */
    ck_assert_int_eq(text_cp_width(0x203B), 1);   /* ※ */
    ck_assert_int_eq(text_cp_width(0x25CB), 1);   /* ○ */
    ck_assert_int_eq(text_cp_width(0x25A0), 1);   /* ■ */
    ck_assert_int_eq(text_cp_width(0x00D7), 1);   /* × */
    ck_assert_int_eq(text_cp_width(0x2192), 1);   /* → */
    ck_assert_int_eq(text_cp_width(0xD800), 1);   /* a lone surrogate value shows as one replacement cell */
    ck_assert_int_eq(text_cp_width(0xE0100), 0);  /* variation selector 17 */
}
END_TEST

/* issue 12: a user-perceived character is one: 葛󠄀 (葛 U+845B + U+E0100) and か + combining ゛ (U+3099) measure as
   their base and are never cut from their selector or mark when a text is clipped. */
static void fit_is(const char *s, int cols, bool pad, const char *want, int want_cols);

#define KATSU_IVS "\xE8\x91\x9B\xF3\xA0\x84\x80"
#define GA_DECOMPOSED "\xE3\x81\x8B\xE3\x82\x99"

START_TEST(grapheme_length)
{
    ck_assert_uint_eq(text_grapheme_len(KATSU_IVS "飾", strlen(KATSU_IVS "飾")), 7);
    ck_assert_uint_eq(text_grapheme_len(GA_DECOMPOSED "き", strlen(GA_DECOMPOSED "き")), 6);
    ck_assert_uint_eq(text_grapheme_len("e\xCC\x81" "x", 4), 3);
    ck_assert_uint_eq(text_grapheme_len("日本", 6), 3);
    ck_assert_uint_eq(text_grapheme_len("ab", 2), 1);
    ck_assert_uint_eq(text_grapheme_len("\r\n", 2), 2);                      /* CR LF is one (UAX #29 GB3) */
    ck_assert_uint_eq(text_grapheme_len("\xE3" "\xCC\x81", 3), 1);           /* an invalid byte stands alone */
    ck_assert_uint_eq(text_grapheme_len("a\xE3", 2), 1);
    ck_assert_uint_eq(text_grapheme_len("", 0), 0);
    /* 🇯🇵🇺🇸: two flags of two regional indicators each */
    const char *flags = "\xF0\x9F\x87\xAF\xF0\x9F\x87\xB5\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8";
    ck_assert_uint_eq(text_grapheme_len(flags, strlen(flags)), 8);
}
END_TEST

START_TEST(grapheme_width_is_the_base)
{
    ck_assert_int_eq(text_width(KATSU_IVS), 2);
    ck_assert_int_eq(text_width(GA_DECOMPOSED), 2);
    ck_assert_int_eq(text_width("葛西" KATSU_IVS "飾区"), 10);
}
END_TEST

START_TEST(fit_keeps_graphemes_whole)
{
    /* 葛󠄀飾区 = 6 columns; into 3: 葛󠄀 with its selector, then '~' */
    fit_is(KATSU_IVS "飾区", 3, false, KATSU_IVS "~", 3);
    fit_is(KATSU_IVS "飾区", 3, true, KATSU_IVS "~", 3);
    fit_is("a" KATSU_IVS, 2, true, "a~", 2);
    fit_is(GA_DECOMPOSED "ぎ", 3, false, GA_DECOMPOSED "~", 3);
    /* an output buffer with room for 葛 (3 bytes) but not its selector takes neither */
    char out[5];
    ck_assert_int_eq(text_fit(out, sizeof out, KATSU_IVS "飾", 10, false), 0);
    ck_assert_str_eq(out, "");
    char out2[8];
    ck_assert_int_eq(text_fit(out2, sizeof out2, KATSU_IVS "飾", 10, false), 2);
    ck_assert_str_eq(out2, KATSU_IVS);
}
END_TEST

static void locale_c(void)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "C"));
}

static void locale_posix(void)
{
    ck_assert_ptr_nonnull(setlocale(LC_CTYPE, "POSIX"));
}

/* ---- text_sanitize ---- */

START_TEST(sanitize_replaces)
{
    struct { const char *in, *want; } cases[] = {
        { "日本語", "日本語" },
        { "ｶﾀｶﾅ①※１", "ｶﾀｶﾅ①※１" },
        { "a\tb", "a?b" },
        { "line1\nline2\r", "line1?line2?" },
        { "\x1B[0m", "?[0m" },
        { "\x7F", "?" },
        { "\xC2\x85" "x", "?x" },
        { "\xE3" "a", FFFD "a" },
        { "\xC0\xAF", FFFD FFFD },
        { "\xED\xA0\x80", FFFD FFFD FFFD },
        { "日\xE6\x97", "日" FFFD FFFD },
        { FFFD, FFFD },
        { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = text_sanitize(cases[i].in);
        ck_assert_ptr_nonnull(got);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu", i);
        ck_assert(text_valid_utf8(got, strlen(got)));
        ck_assert(!text_has_control(got));
        free(got);
    }
}
END_TEST

START_TEST(sanitize_null_gives_empty)
{
    char *got = text_sanitize(NULL);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, "");
    free(got);
}
END_TEST

/* ---- text_fit ---- */

/* Runs text_fit into a generous buffer and checks both the text and the columns it returns. */
static void fit_is(const char *s, int cols, bool pad, const char *want, int want_cols)
{
    char out[128];
    int got = text_fit(out, sizeof out, s, cols, pad);
    ck_assert_msg(strcmp(out, want) == 0, "fit(\"%s\", %d, %d) = \"%s\", want \"%s\"", s ? s : "(null)", cols,
                  (int)pad, out, want);
    ck_assert_int_eq(got, want_cols);
    ck_assert_int_eq(text_width(out), want_cols);
}

START_TEST(fit_no_clip)
{
    fit_is("日本語", 6, false, "日本語", 6);                 /* exactly full: no '~' */
    fit_is("日本語", 10, false, "日本語", 6);
    fit_is("日本語", 10, true, "日本語    ", 10);
    fit_is("abc", 3, true, "abc", 3);
    fit_is("", 3, true, "   ", 3);
    fit_is(NULL, 2, true, "  ", 2);
    fit_is("①※", 2, false, "①※", 2);
    fit_is("ｶﾀｶﾅ", 4, false, "ｶﾀｶﾅ", 4);
}
END_TEST

START_TEST(fit_clip_at_wide_boundary)
{
    /* 電子申請サービス is 16 columns. 5 columns: 4 for text (電子) + '~'. */
    fit_is("電子申請サービス", 5, false, "電子~", 5);
    fit_is("電子申請サービス", 5, true, "電子~", 5);
    /* 6 columns: 5 for text; 申 would take columns 5-6, so it is dropped. */
    fit_is("電子申請サービス", 6, false, "電子~", 5);
    fit_is("電子申請サービス", 6, true, "電子 ~", 6);
    fit_is("電子申請サービス", 15, false, "電子申請サービ~", 15);
    fit_is("電子申請サービス", 16, false, "電子申請サービス", 16);
    fit_is("電子申請サービス", 17, true, "電子申請サービス ", 17);
    /* 1 column holds only '~'; 2 columns leave 1 for text, where 電 does not fit. */
    fit_is("電子", 1, false, "~", 1);
    fit_is("電子", 2, false, "~", 1);
    fit_is("電子", 2, true, " ~", 2);
}
END_TEST

START_TEST(fit_clip_mixed)
{
    /* abc日本語 = 3 + 6 = 9 columns. */
    fit_is("abc日本語", 5, false, "abc~", 4);
    fit_is("abc日本語", 5, true, "abc ~", 5);
    fit_is("abc日本語", 6, false, "abc日~", 6);
    fit_is("abc日本語", 8, false, "abc日本~", 8);
    fit_is("abc日本語", 9, false, "abc日本語", 9);
    fit_is("日本語", 1, true, "~", 1);
    fit_is("日本語", 2, false, "~", 1);
    fit_is("日本語", 2, true, " ~", 2);
    fit_is("※注意事項", 4, false, "※注~", 4);                 /* 1+2 columns, then '~' */
    fit_is("①②③④⑤", 3, false, "①②~", 3);
    fit_is("ｶﾀｶﾅ", 3, false, "ｶﾀ~", 3);
    /* １２３４ = 8 columns: into 5, text gets 4 = １２ exactly; into 6, ３ straddles. */
    fit_is("１２３４", 5, false, "１２~", 5);
    fit_is("１２３４", 6, false, "１２~", 5);
    fit_is("１２３４", 6, true, "１２ ~", 6);
    /* A combining mark stays with its base character. */
    fit_is("e\xCC\x81" "abc", 3, false, "e\xCC\x81" "a~", 3);
}
END_TEST

START_TEST(fit_sanitizes)
{
    fit_is("a\tb", 10, true, "a?b       ", 10);
    fit_is("\x1B[0mX", 3, false, "?[~", 3);
    /* \xE3 becomes U+FFFD (1 column): 4 columns into 3. */
    fit_is("\xE3" "abc", 3, false, FFFD "a~", 3);
    fit_is("\xC0\xAF", 2, false, FFFD FFFD, 2);
}
END_TEST

START_TEST(fit_zero_and_negative_cols)
{
    fit_is("日本語", 0, true, "", 0);
    fit_is("日本語", -3, true, "", 0);
}
END_TEST

START_TEST(fit_tiny_outsz)
{
    /* buf[0..n-1] is the area text_fit may use; the rest must stay '#'. */
    char buf[32];
    int cols;

    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 0, "日本語", 10, true);
    ck_assert_int_eq(cols, 0);
    ck_assert_int_eq(buf[0], '#');

    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 1, "日本語", 10, true);
    ck_assert_int_eq(cols, 0);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(buf[1], '#');

    /* 日 needs 3 bytes + NUL. */
    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 3, "日本語", 10, false);
    ck_assert_int_eq(cols, 0);
    ck_assert_str_eq(buf, "");
    ck_assert_int_eq(buf[3], '#');

    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 4, "日本語", 10, false);
    ck_assert_int_eq(cols, 2);
    ck_assert_str_eq(buf, "日");
    ck_assert_int_eq(buf[4], '#');

    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 9, "日本語", 10, false);       /* 6 bytes used, 語 needs 3 more + NUL = 10 */
    ck_assert_int_eq(cols, 4);
    ck_assert_str_eq(buf, "日本");
    ck_assert_int_eq(buf[9], '#');

    /* 電子~ is 7 bytes: 8 holds it all, 7 loses the '~' (never half a character). */
    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 8, "電子申請サービス", 5, false);
    ck_assert_int_eq(cols, 5);
    ck_assert_str_eq(buf, "電子~");
    ck_assert_int_eq(buf[8], '#');

    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 7, "電子申請サービス", 5, false);
    ck_assert_int_eq(cols, 4);
    ck_assert_str_eq(buf, "電子");
    ck_assert_int_eq(buf[7], '#');

    /* Padding stops at the buffer too. */
    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 4, "ab", 5, true);
    ck_assert_int_eq(cols, 3);
    ck_assert_str_eq(buf, "ab ");
    ck_assert_int_eq(buf[4], '#');

    /* An invalid byte grows to 3 bytes of U+FFFD: it is dropped whole, not cut. */
    memset(buf, '#', sizeof buf);
    cols = text_fit(buf, 3, "a\xE3", 5, false);
    ck_assert_int_eq(cols, 1);
    ck_assert_str_eq(buf, "a");
    ck_assert_int_eq(buf[3], '#');
}
END_TEST

/* ---- text_utf8_encode / text_utf8_decode / text_cp_width ---- */

START_TEST(encode_lengths)
{
    char b[4];
    ck_assert_uint_eq(text_utf8_encode('A', b), 1);
    ck_assert_mem_eq(b, "A", 1);
    ck_assert_uint_eq(text_utf8_encode(0xE9, b), 2);
    ck_assert_mem_eq(b, "\xC3\xA9", 2);
    ck_assert_uint_eq(text_utf8_encode(0x65E5, b), 3);        /* 日 */
    ck_assert_mem_eq(b, "日", 3);
    ck_assert_uint_eq(text_utf8_encode(0xFF76, b), 3);        /* ｶ */
    ck_assert_mem_eq(b, "ｶ", 3);
    ck_assert_uint_eq(text_utf8_encode(0x1F600, b), 4);
    ck_assert_mem_eq(b, "\xF0\x9F\x98\x80", 4);
    ck_assert_uint_eq(text_utf8_encode(0x10FFFF, b), 4);
    ck_assert_mem_eq(b, "\xF4\x8F\xBF\xBF", 4);
    ck_assert_uint_eq(text_utf8_encode(0xD800, b), 3);        /* surrogate → U+FFFD */
    ck_assert_mem_eq(b, FFFD, 3);
    ck_assert_uint_eq(text_utf8_encode(0x110000, b), 3);
    ck_assert_mem_eq(b, FFFD, 3);
}
END_TEST

START_TEST(decode_steps)
{
    uint32_t cp;
    ck_assert_uint_eq(text_utf8_decode("日本", 6, &cp), 3);
    ck_assert_uint_eq(cp, 0x65E5);
    ck_assert_uint_eq(text_utf8_decode("①", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x2460);
    ck_assert_uint_eq(text_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4);
    ck_assert_uint_eq(cp, 0x1F600);
    ck_assert_uint_eq(text_utf8_decode("\xE3" "a", 2, &cp), 1);
    ck_assert_uint_eq(cp, 0xFFFD);
    ck_assert_uint_eq(text_utf8_decode("日", 2, &cp), 1);      /* n cuts the character */
    ck_assert_uint_eq(cp, 0xFFFD);
    ck_assert_uint_eq(text_utf8_decode("x", 0, &cp), 0);
}
END_TEST

START_TEST(cp_width_rules)
{
    ck_assert_int_eq(text_cp_width('a'), 1);
    ck_assert_int_eq(text_cp_width(0x65E5), 2);               /* 日 */
    ck_assert_int_eq(text_cp_width(0xFF11), 2);               /* １ */
    ck_assert_int_eq(text_cp_width(0xFF76), 1);               /* ｶ */
    ck_assert_int_eq(text_cp_width(0x2460), 1);               /* ① */
    ck_assert_int_eq(text_cp_width(0x203B), 1);               /* ※ */
    ck_assert_int_eq(text_cp_width(0x0301), 0);               /* combining acute */
    ck_assert_int_eq(text_cp_width(0x3099), 0);               /* combining dakuten */
    ck_assert_int_eq(text_cp_width('\t'), 1);
    ck_assert_int_eq(text_cp_width(0), 1);
    ck_assert_int_eq(text_cp_width(0x85), 1);
    ck_assert_int_eq(text_cp_width(0x110000), 1);
    ck_assert_int_eq(text_cp_width(0x0378), 1);               /* unassigned: wcwidth() = -1 */
    ck_assert(text_cp_is_control(0x1F));
    ck_assert(!text_cp_is_control(0x20));
    ck_assert(text_cp_is_control(0x7F));
    ck_assert(text_cp_is_control(0x9F));
    ck_assert(!text_cp_is_control(0xA0));
}
END_TEST

/* The one check of typed text: invalid UTF-8, control characters (C0, DEL, C1; a line break only where the field
   allows it) and length counted in characters, not bytes. */
START_TEST(check_typed_text)
{
    char buf[320];
    ck_assert_int_eq(text_check("電子申請サービス", 8, false), TEXT_OK);
    ck_assert_int_eq(text_check("電子申請サービスX", 8, false), TEXT_TOO_LONG);   /* 9 characters, 25 bytes */
    ck_assert_int_eq(text_check("一行目\n二行目", 0, true), TEXT_OK);
    ck_assert_int_eq(text_check("一行目\n二行目", 0, false), TEXT_CONTROL);
    ck_assert_int_eq(text_check("タブ\tあり", 0, true), TEXT_CONTROL);
    ck_assert_int_eq(text_check("C1\xC2\x85", 0, true), TEXT_CONTROL);          /* NEL */
    ck_assert_int_eq(text_check("DEL\x7F", 0, true), TEXT_CONTROL);
    ck_assert_int_eq(text_check("\xE3\x81", 0, true), TEXT_BAD_UTF8);            /* cut in the middle */
    ck_assert_int_eq(text_check(NULL, 1, false), TEXT_OK);
    text_problem_msg(TEXT_TOO_LONG, "利用目的", "あいう", 2, buf, sizeof buf);
    ck_assert_str_eq(buf, "「利用目的」は2文字以内で入力してください（現在3文字）");
    text_problem_msg(TEXT_CONTROL, "連絡先", "", 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "「連絡先」に制御文字は使えません");
}
END_TEST

/* A copy cut at a byte limit (snprintf into a fixed field) may end inside a character: text_trim_partial drops
   the incomplete sequence and nothing else */
START_TEST(trim_partial_sequences)
{
    char a[] = "あい";          /* E3 81 82 E3 81 84 */
    a[4] = 0;                   /* cut after 1 byte of い */
    text_trim_partial(a);
    ck_assert_str_eq(a, "あ");
    char b[] = "あい";
    b[5] = 0;                   /* 2 bytes of い */
    text_trim_partial(b);
    ck_assert_str_eq(b, "あ");
    char c[] = "あい";
    text_trim_partial(c);       /* whole: unchanged */
    ck_assert_str_eq(c, "あい");
    char d[] = "x\xF0\x9F\x98\x80";   /* U+1F600, 4 bytes */
    d[3] = 0;
    text_trim_partial(d);
    ck_assert_str_eq(d, "x");
    char e[] = "abc";
    text_trim_partial(e);
    ck_assert_str_eq(e, "abc");
    char f[] = "ab\xFF";       /* an invalid byte is not a cut: left for the UTF-8 check to report */
    text_trim_partial(f);
    ck_assert_str_eq(f, "ab\xFF");
    char g[] = "";
    text_trim_partial(g);
    ck_assert_str_eq(g, "");
}
END_TEST

/* A number typed to find a record (issue 11: show r8-0001): ASCII upper case, full-width folded, spaces trimmed */
START_TEST(fold_number_as_typed)
{
    char out[32];
    static const struct { const char *in, *want; } CASES[] = {
        {"r8-0001", "R8-0001"}, {"ap-r7-0001", "AP-R7-0001"}, {"ＡＰ－Ｒ７－０００１", "AP-R7-0001"},
        {"  R8-0001 ", "R8-0001"}, {"R8-0001", "R8-0001"}, {"ｒ８−０００１", NULL},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        ck_assert(text_fold_number(CASES[i].in, out, sizeof out));
        if (CASES[i].want) ck_assert_str_eq(out, CASES[i].want);
    }
    ck_assert(!text_fold_number("\xff\xfe", out, sizeof out));           /* not UTF-8 */
    ck_assert(!text_fold_number("R8-0001-LONGER-THAN-EIGHT", out, 8));   /* does not fit */
}
END_TEST

/* text_fold by its definition (NFKC, case folded, spaces and controls dropped), through utf8proc for every character
   — what the search index must hold whichever way text_fold takes. */
static void fold_reference(const char *s, char *out, size_t n)
{
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)strlen(s), &m,
                                      UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                          UTF8PROC_IGNORE);
    if (r < 0) ck_abort_msg("utf8proc_map 「%s」: %s", s, utf8proc_errmsg(r));
    size_t j = 0;
    for (utf8proc_ssize_t i = 0; i < r;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t l = utf8proc_iterate(m + i, r - i, &cp);
        if (l <= 0) ck_abort_msg("utf8proc_iterate");
        bool drop = cp <= ' ' || text_cp_is_control((uint32_t)cp) || cp == 0x3000 ||
                    utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS;
        if (!drop && j + (size_t)l < n) {
            memcpy(out + j, m + i, (size_t)l);
            j += (size_t)l;
        }
        i += l;
    }
    out[j] = 0;
    free(m);
}

/* The search index's folding (issue 10): names of kanji and kana with ASCII skip utf8proc; every character of the
   Basic Multilingual Plane, between ASCII letters, folds exactly as NFKC and case folding say — the kana that a
   following voiced mark (゙) joins, half-width kana and full-width letters included. */
START_TEST(fold_matches_nfkc_casefold_everywhere)
{
    char in[32], got[64], want[64];
    for (uint32_t cp = 0x80; cp <= 0xFFFF; cp++) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t l = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
        static const char *const AROUND[][2] = {{"Ab ", "Z9"}, {"電子", "サービス"}, {"か", "\xe3\x82\x99"}};
        for (size_t a = 0; a < sizeof AROUND / sizeof AROUND[0]; a++) {
            snprintf(in, sizeof in, "%s%.*s%s", AROUND[a][0], (int)l, (const char *)enc, AROUND[a][1]);
            text_fold(in, got, sizeof got);
            fold_reference(in, want, sizeof want);
            if (strcmp(got, want))   /* (one check per case would make this test slow) */
                ck_abort_msg("U+%04X in 「%s」: 「%s」, NFKC+casefold 「%s」", (unsigned)cp, in, got, want);
        }
    }
    /* a name of the demo's: kanji, katakana, a space and digits; and a folded text cut at a character */
    text_fold("電子申請サービス 12", got, sizeof got);
    ck_assert_str_eq(got, "電子申請サービス12");
    text_fold("ＡＢ電子", got, sizeof got);
    ck_assert_str_eq(got, "ab電子");
    ck_assert_uint_eq(text_fold("電子申請", got, 8), 6);
    ck_assert_str_eq(got, "電子");
}
END_TEST

/* ---- text_wrap_lines: the lines a wrapped cell needs (row heights of the workbooks) ---- */

START_TEST(wrap_counts_display_width)
{
    ck_assert_int_eq(text_wrap_lines("", 10), 1);
    ck_assert_int_eq(text_wrap_lines(NULL, 10), 1);
    ck_assert_int_eq(text_wrap_lines("日本語日本", 10), 1);        /* 10 columns exactly */
    ck_assert_int_eq(text_wrap_lines("日本語日本語", 10), 2);      /* 12 columns */
    ck_assert_int_eq(text_wrap_lines("日本語日本語日本語日本語", 10), 3);
    ck_assert_int_eq(text_wrap_lines("abcdefghij", 10), 1);
    /* ambiguous width: 1 on the screen, 2 in a Japanese font on paper */
    ck_assert_int_eq(text_wrap_lines("①※○①※", 10), 1);
    ck_assert_int_eq(text_wrap_lines("①※○①※○", 10), 2);
    ck_assert_int_eq(text_wrap_lines("②クラウドサービスを利用する業務範囲を明確にしている", 48), 2);
    /* 42 Japanese characters (84 columns) in a 40-column cell: 3 lines */
    ck_assert_int_eq(text_wrap_lines("情報の管理・処理を提供者に委ねるため、情報の適正な取扱いの確認が容易でないことのリスク", 40), 3);
}
END_TEST

START_TEST(wrap_line_breaks_and_words)
{
    ck_assert_int_eq(text_wrap_lines("一行目\n二行目\n三行目", 40), 3);
    ck_assert_int_eq(text_wrap_lines("a\n\nb", 40), 3);            /* an empty line is a line */
    /* a Latin word that no longer fits moves down whole: "abcdef ghijkl" in 8 columns is 2 lines */
    ck_assert_int_eq(text_wrap_lines("abcdef ghijkl", 8), 2);
    ck_assert_int_eq(text_wrap_lines("日本語 ISMAP-LIU", 10), 2);     /* 7 + 9: the word goes down */
    ck_assert_int_eq(text_wrap_lines("日本語ab cdefghi", 10), 2);
    /* a word longer than the line breaks where it must */
    ck_assert_int_eq(text_wrap_lines("https://example.jp/abcdefghij", 10), 3);
    /* a space at the end of a full line does not start the next one */
    ck_assert_int_eq(text_wrap_lines("abcd efgh", 4), 2);
}
END_TEST

START_TEST(wrap_kinsoku_takes_a_character_down)
{
    /* 「あいう、えお」 in 6 columns: 、 may not start line 2, so う goes down with it: あいう | 、えお would be 2
       lines, あい | う、え | お is 3 */
    ck_assert_int_eq(text_wrap_lines("あいう、えお", 6), 3);
    ck_assert_int_eq(text_wrap_lines("あいうかえお", 6), 2);
    ck_assert_int_eq(text_wrap_lines("あいう、え", 6), 2);
    ck_assert_int_eq(text_wrap_lines("あいう。", 6), 2);
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc;

    tc = tcase_create("valid");
    tcase_add_test(tc, valid_accepts_japanese_and_ascii);
    tcase_add_test(tc, valid_boundaries);
    tcase_add_test(tc, valid_rejects_invalid);
    tcase_add_test(tc, valid_respects_n);
    suite_add_tcase(s, tc);

    tc = tcase_create("measure");
    tcase_add_test(tc, control_detection);
    tcase_add_test(tc, fold_matches_nfkc_casefold_everywhere);
    tcase_add_test(tc, chars_counts_code_points);
    tcase_add_test(tc, chars_counts_invalid_bytes_one_each);
    tcase_add_test(tc, width_japanese_and_symbols);
    tcase_add_test(tc, width_invalid_and_controls);
    suite_add_tcase(s, tc);

    tc = tcase_create("sanitize");
    tcase_add_test(tc, sanitize_replaces);
    tcase_add_test(tc, sanitize_null_gives_empty);
    suite_add_tcase(s, tc);

    tc = tcase_create("fit");
    tcase_add_test(tc, fit_no_clip);
    tcase_add_test(tc, fit_clip_at_wide_boundary);
    tcase_add_test(tc, fit_clip_mixed);
    tcase_add_test(tc, fit_sanitizes);
    tcase_add_test(tc, fit_zero_and_negative_cols);
    tcase_add_test(tc, fit_tiny_outsz);
    tcase_add_test(tc, fit_keeps_graphemes_whole);
    suite_add_tcase(s, tc);

    tc = tcase_create("wrap");
    tcase_add_test(tc, wrap_counts_display_width);
    tcase_add_test(tc, wrap_line_breaks_and_words);
    tcase_add_test(tc, wrap_kinsoku_takes_a_character_down);
    suite_add_tcase(s, tc);

    tc = tcase_create("codec");
    tcase_add_test(tc, encode_lengths);
    tcase_add_test(tc, decode_steps);
    tcase_add_test(tc, cp_width_rules);
    tcase_add_test(tc, check_typed_text);
    tcase_add_test(tc, trim_partial_sequences);
    tcase_add_test(tc, width_ambiguous_is_narrow);
    tcase_add_test(tc, grapheme_length);
    tcase_add_test(tc, grapheme_width_is_the_base);
    suite_add_tcase(s, tc);

    /* the same width checks again with LC_CTYPE = C and POSIX: nothing may depend on the locale */
    const char *names[] = {"locale_C", "locale_POSIX"};
    void (*setups[])(void) = {locale_c, locale_posix};
    for (int i = 0; i < 2; i++) {
        tc = tcase_create(names[i]);
        tcase_add_checked_fixture(tc, setups[i], NULL);
        tcase_add_test(tc, width_independent_of_locale);
        tcase_add_test(tc, width_ambiguous_is_narrow);
        tcase_add_test(tc, width_japanese_and_symbols);
        tcase_add_test(tc, width_invalid_and_controls);
        tcase_add_test(tc, fit_clip_at_wide_boundary);
        tcase_add_test(tc, fit_clip_mixed);
        tcase_add_test(tc, fit_sanitizes);
        tcase_add_test(tc, cp_width_rules);
        tcase_add_test(tc, grapheme_length);
        tcase_add_test(tc, fit_keeps_graphemes_whole);
        tcase_add_test(tc, fold_number_as_typed);
        suite_add_tcase(s, tc);
    }
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_text: the C.UTF-8 locale is not available\n");
        return 1;
    }
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
