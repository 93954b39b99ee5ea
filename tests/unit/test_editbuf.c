/* Unit tests for ui/editbuf: the line editor's buffer, cursor and scrolling, without curses. */
#include "ui/editbuf.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define FFFD "\xEF\xBF\xBD"

/* Checks the buffer's text through the UTF-8 round trip. */
static void text_is(const editbuf *e, const char *want)
{
    char *got = editbuf_to_utf8(e);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

/* Types a wide string at the cursor; every character must be accepted. */
static void type(editbuf *e, const wchar_t *s)
{
    for (; *s; s++)
        ck_assert(editbuf_insert(e, *s));
}

static void visible_is(const editbuf *e, int cols, const char *want, int want_cols)
{
    char out[128];
    ck_assert_int_eq(editbuf_visible(e, cols, out, sizeof out), want_cols);
    ck_assert_str_eq(out, want);
}

START_TEST(init_round_trip)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "電子申請", 0), 0);
    ck_assert_uint_eq(e.len, 4);
    ck_assert_uint_eq(e.cursor, 4);                           /* cursor starts at the end */
    ck_assert_uint_eq(e.scroll, 0);
    ck_assert(wcscmp(e.buf, L"電子申請") == 0);
    text_is(&e, "電子申請");
    editbuf_free(&e);

    ck_assert_int_eq(editbuf_init(&e, "abcｶﾀｶﾅ①※１２", 0), 0);
    ck_assert_uint_eq(e.len, 11);
    text_is(&e, "abcｶﾀｶﾅ①※１２");
    editbuf_free(&e);
}
END_TEST

START_TEST(init_null_and_invalid)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, NULL, 0), 0);
    ck_assert_uint_eq(e.len, 0);
    ck_assert_uint_eq(e.cursor, 0);
    ck_assert_ptr_nonnull(e.buf);
    ck_assert_int_eq(e.buf[0], 0);
    text_is(&e, "");
    editbuf_free(&e);

    ck_assert_int_eq(editbuf_init(&e, "a\xE3" "b", 0), 0);    /* lone lead byte */
    ck_assert_uint_eq(e.len, 3);
    ck_assert_int_eq(e.buf[1], 0xFFFD);
    text_is(&e, "a" FFFD "b");
    editbuf_free(&e);

    ck_assert_int_eq(editbuf_init(&e, "\xC0\xAF", 0), 0);     /* overlong: two invalid bytes */
    ck_assert_uint_eq(e.len, 2);
    text_is(&e, FFFD FFFD);
    editbuf_free(&e);

    ck_assert_int_eq(editbuf_init(&e, "\xED\xA0\x80", 0), 0); /* surrogate: three invalid bytes */
    ck_assert_uint_eq(e.len, 3);
    text_is(&e, FFFD FFFD FFFD);
    editbuf_free(&e);
}
END_TEST

START_TEST(type_japanese)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    type(&e, L"電子申請");
    ck_assert_uint_eq(e.len, 4);
    ck_assert_uint_eq(e.cursor, 4);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);                /* 4 wide characters */
    text_is(&e, "電子申請");
    visible_is(&e, 10, "電子申請", 8);
    editbuf_free(&e);
}
END_TEST

START_TEST(cursor_over_wide_chars)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    type(&e, L"電子申請");
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 3);
    ck_assert_int_eq(editbuf_view(&e, 10), 6);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 2);
    ck_assert_int_eq(editbuf_view(&e, 10), 4);
    editbuf_left(&e);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 0);
    ck_assert_int_eq(editbuf_view(&e, 10), 0);
    editbuf_left(&e);                                          /* stays at 0 */
    ck_assert_uint_eq(e.cursor, 0);
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 1);
    ck_assert_int_eq(editbuf_view(&e, 10), 2);
    editbuf_end(&e);
    ck_assert_uint_eq(e.cursor, 4);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    editbuf_right(&e);                                         /* stays at the end */
    ck_assert_uint_eq(e.cursor, 4);
    editbuf_home(&e);
    ck_assert_uint_eq(e.cursor, 0);
    text_is(&e, "電子申請");
    editbuf_free(&e);
}
END_TEST

START_TEST(insert_in_middle)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "電子申請", 0), 0);
    editbuf_home(&e);
    editbuf_right(&e);
    editbuf_right(&e);
    ck_assert(editbuf_insert(&e, L'X'));
    ck_assert_uint_eq(e.cursor, 3);
    ck_assert_uint_eq(e.len, 5);
    text_is(&e, "電子X申請");
    ck_assert_int_eq(editbuf_view(&e, 10), 5);                /* 2 + 2 + 1 */
    ck_assert(editbuf_insert(&e, L'の'));
    text_is(&e, "電子Xの申請");
    ck_assert_int_eq(editbuf_view(&e, 10), 7);
    editbuf_free(&e);
}
END_TEST

START_TEST(backspace_and_delete)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "電子申請", 0), 0);
    editbuf_backspace(&e);
    text_is(&e, "電子申");
    ck_assert_uint_eq(e.cursor, 3);
    editbuf_left(&e);
    editbuf_backspace(&e);                                     /* removes 子 */
    text_is(&e, "電申");
    ck_assert_uint_eq(e.cursor, 1);
    ck_assert_int_eq(editbuf_view(&e, 10), 2);
    editbuf_home(&e);
    editbuf_backspace(&e);                                     /* nothing before the cursor */
    text_is(&e, "電申");
    editbuf_delete(&e);
    text_is(&e, "申");
    ck_assert_uint_eq(e.cursor, 0);
    editbuf_end(&e);
    editbuf_delete(&e);                                        /* nothing under the cursor */
    text_is(&e, "申");
    editbuf_backspace(&e);
    text_is(&e, "");
    ck_assert_uint_eq(e.len, 0);
    ck_assert_uint_eq(e.cursor, 0);
    editbuf_backspace(&e);
    editbuf_delete(&e);
    text_is(&e, "");
    editbuf_free(&e);
}
END_TEST

START_TEST(kill_to_end_and_start)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "電子申請", 0), 0);
    editbuf_left(&e);
    editbuf_left(&e);
    editbuf_kill_to_end(&e);
    text_is(&e, "電子");
    ck_assert_uint_eq(e.cursor, 2);
    ck_assert_uint_eq(e.len, 2);
    editbuf_free(&e);

    ck_assert_int_eq(editbuf_init(&e, "電子申請", 0), 0);
    editbuf_home(&e);
    editbuf_right(&e);
    editbuf_kill_to_start(&e);
    text_is(&e, "子申請");
    ck_assert_uint_eq(e.cursor, 0);
    ck_assert_uint_eq(e.len, 3);
    editbuf_free(&e);
}
END_TEST

START_TEST(max_chars_refusal)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 3), 0);
    ck_assert(editbuf_insert(&e, L'a'));
    ck_assert(editbuf_insert(&e, L'電'));
    ck_assert(editbuf_insert(&e, L'c'));
    ck_assert(!editbuf_insert(&e, L'd'));
    ck_assert_uint_eq(e.len, 3);
    ck_assert_uint_eq(e.cursor, 3);
    editbuf_home(&e);
    ck_assert(!editbuf_insert(&e, L'x'));                     /* not in the middle either */
    ck_assert_uint_eq(e.cursor, 0);
    text_is(&e, "a電c");
    editbuf_delete(&e);
    ck_assert(editbuf_insert(&e, L'x'));                      /* room again */
    text_is(&e, "x電c");
    editbuf_free(&e);

    /* Longer initial text is kept whole; only insertions are refused. */
    ck_assert_int_eq(editbuf_init(&e, "abcd", 3), 0);
    ck_assert_uint_eq(e.len, 4);
    ck_assert(!editbuf_insert(&e, L'e'));
    text_is(&e, "abcd");
    editbuf_free(&e);
}
END_TEST

START_TEST(refuses_controls_and_non_scalars)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    const wchar_t bad[] = { L'\t', L'\n', L'\r', 0x01, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDFFF };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(!editbuf_insert(&e, bad[i]), "accepted U+%04X", (unsigned)bad[i]);
    ck_assert(!editbuf_insert(&e, 0));
    ck_assert(!editbuf_insert(&e, (wchar_t)0x110000));
    ck_assert(!editbuf_insert(&e, (wchar_t)-1));
    ck_assert_uint_eq(e.len, 0);
    ck_assert(editbuf_insert(&e, L' '));
    ck_assert(editbuf_insert(&e, 0xA0));                      /* no-break space */
    ck_assert(editbuf_insert(&e, L'①'));
    ck_assert(editbuf_insert(&e, L'※'));
    ck_assert_uint_eq(e.len, 4);
    text_is(&e, " \xC2\xA0①※");
    editbuf_free(&e);
}
END_TEST

START_TEST(scroll_past_right_edge)
{
    /* 電子申請サービス is 8 characters of 2 columns. In a 10-column field the cursor at the end needs one free
     * cell, so at most 4 characters (8 columns) show before it: scroll = typed - 4, cursor column 8. */
    static const wchar_t word[] = L"電子申請サービス";
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    for (size_t n = 1; n <= 8; n++) {
        ck_assert(editbuf_insert(&e, word[n - 1]));
        int col = editbuf_view(&e, 10);
        size_t want_scroll = n <= 4 ? 0 : n - 4;
        int want_col = n <= 4 ? (int)(2 * n) : 8;
        ck_assert_msg(e.scroll == want_scroll, "after %zu: scroll %zu, want %zu", n, e.scroll, want_scroll);
        ck_assert_msg(col == want_col, "after %zu: col %d, want %d", n, col, want_col);
    }
    visible_is(&e, 10, "サービス", 8);

    editbuf_home(&e);
    ck_assert_int_eq(editbuf_view(&e, 10), 0);
    ck_assert_uint_eq(e.scroll, 0);
    visible_is(&e, 10, "電子申請サ", 10);

    editbuf_end(&e);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 4);
    text_is(&e, "電子申請サービス");
    editbuf_free(&e);
}
END_TEST

START_TEST(scroll_back_to_the_left)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "電子申請サービス", 0), 0);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 4);
    /* Cursor on ス (index 7): 請サービス (10 columns) now fits whole, so the field fills from 請. */
    editbuf_left(&e);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 3);
    visible_is(&e, 10, "請サービス", 10);
    /* Indexes 6, 5, 4, 3 stay on screen: columns 6, 4, 2, 0. */
    static const int want_col[] = { 6, 4, 2, 0 };
    for (int i = 0; i < 4; i++) {
        editbuf_left(&e);
        ck_assert_int_eq(editbuf_view(&e, 10), want_col[i]);
        ck_assert_uint_eq(e.scroll, 3);
    }
    /* Index 2 is left of the field: it scrolls to put 申 in column 0. */
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 2);
    ck_assert_int_eq(editbuf_view(&e, 10), 0);
    ck_assert_uint_eq(e.scroll, 2);
    visible_is(&e, 10, "申請サービ", 10);
    editbuf_free(&e);
}
END_TEST

START_TEST(scroll_keeps_wide_char_under_cursor_whole)
{
    /* a電子申請サ = 1 + 8 + 2 = 11 columns. */
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "a電子申請サ", 0), 0);
    /* At the end: from index 1 the text is 10 columns + 1 cursor cell, too wide; from index 2, 8 + 1. */
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 2);
    editbuf_home(&e);
    ck_assert_int_eq(editbuf_view(&e, 10), 0);
    ck_assert_uint_eq(e.scroll, 0);
    visible_is(&e, 10, "a電子申請", 9);                        /* サ would take columns 9-10 */
    static const int want_col[] = { 1, 3, 5, 7 };
    for (int i = 0; i < 4; i++) {
        editbuf_right(&e);
        ck_assert_int_eq(editbuf_view(&e, 10), want_col[i]);
        ck_assert_uint_eq(e.scroll, 0);
    }
    /* On サ at column 9 it would straddle the edge: scroll one, サ now at columns 8-9. */
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 5);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 1);
    visible_is(&e, 10, "電子申請サ", 10);
    editbuf_free(&e);
}
END_TEST

START_TEST(scroll_after_deleting)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "電子申請サービス", 0), 0);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 4);
    editbuf_backspace(&e);
    editbuf_backspace(&e);
    /* 電子申請サー: from index 2, 申請サー (8) + cursor cell = 9 fits; from index 1 it would be 11. */
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 2);
    visible_is(&e, 10, "申請サー", 8);

    editbuf_left(&e);
    editbuf_kill_to_start(&e);                                 /* keeps ー */
    text_is(&e, "ー");
    ck_assert_uint_eq(e.scroll, 0);
    ck_assert_int_eq(editbuf_view(&e, 10), 0);
    visible_is(&e, 10, "ー", 2);
    editbuf_free(&e);
}
END_TEST

START_TEST(view_narrow_fields)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "電子", 0), 0);
    editbuf_home(&e);
    ck_assert_int_eq(editbuf_view(&e, 1), 0);                 /* 電 cannot fit; the cursor stays at 0 */
    ck_assert_uint_eq(e.scroll, 0);
    visible_is(&e, 1, "", 0);
    editbuf_end(&e);
    ck_assert_int_eq(editbuf_view(&e, 1), 0);
    ck_assert_uint_eq(e.scroll, 2);
    ck_assert_int_eq(editbuf_view(&e, 0), 0);
    ck_assert_int_eq(editbuf_view(&e, -5), 0);
    visible_is(&e, 0, "", 0);
    editbuf_free(&e);
}
END_TEST

START_TEST(visible_tiny_outsz)
{
    editbuf e;
    char out[8];
    ck_assert_int_eq(editbuf_init(&e, "電子", 0), 0);
    editbuf_home(&e);

    memset(out, '#', sizeof out);
    ck_assert_int_eq(editbuf_visible(&e, 10, out, 0), 0);
    ck_assert_int_eq(out[0], '#');

    memset(out, '#', sizeof out);
    ck_assert_int_eq(editbuf_visible(&e, 10, out, 3), 0);    /* 電 needs 3 bytes + NUL */
    ck_assert_str_eq(out, "");
    ck_assert_int_eq(out[3], '#');

    memset(out, '#', sizeof out);
    ck_assert_int_eq(editbuf_visible(&e, 10, out, 4), 2);
    ck_assert_str_eq(out, "電");
    ck_assert_int_eq(out[4], '#');

    memset(out, '#', sizeof out);
    ck_assert_int_eq(editbuf_visible(&e, 10, out, 7), 4);
    ck_assert_str_eq(out, "電子");
    ck_assert_int_eq(out[7], '#');
    editbuf_free(&e);
}
END_TEST

START_TEST(controls_from_initial_text)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "a\tb\xC2\x85", 0), 0);
    ck_assert_uint_eq(e.len, 4);
    ck_assert_int_eq(editbuf_view(&e, 10), 4);
    visible_is(&e, 10, "a?b?", 4);                             /* shown as '?' */
    text_is(&e, "a\tb\xC2\x85");                               /* but kept as they were */
    editbuf_free(&e);
}
END_TEST

START_TEST(combining_mark)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    ck_assert(editbuf_insert(&e, L'e'));
    ck_assert(editbuf_insert(&e, 0x0301));
    ck_assert_uint_eq(e.len, 2);
    ck_assert_int_eq(editbuf_view(&e, 10), 1);
    visible_is(&e, 10, "e\xCC\x81", 1);
    text_is(&e, "e\xCC\x81");
    editbuf_free(&e);
}
END_TEST

/* issue 12: editing moves by user-perceived character. 葛󠄀 is 葛 (U+845B) with the ideographic variation selector
   U+E0100; が may come as か + combining U+3099. Each is one step for ← → BackSpace Delete, and as wide as its base. */
#define KATSU_IVS L"\u845B\U000E0100"
#define KATSU_IVS_UTF8 "\xE8\x91\x9B\xF3\xA0\x84\x80"

START_TEST(variation_selector_is_one_character)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, KATSU_IVS_UTF8 "飾区", 0), 0);
    ck_assert_uint_eq(e.len, 4);                               /* four code points, three characters */
    editbuf_home(&e);
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 2);                            /* over 葛 and its selector at once */
    ck_assert_int_eq(editbuf_view(&e, 20), 2);                 /* two columns: the base's width */
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 3);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 2);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 0);
    editbuf_delete(&e);                                        /* Delete takes both code points */
    text_is(&e, "飾区");
    editbuf_free(&e);

    ck_assert_int_eq(editbuf_init(&e, "東" KATSU_IVS_UTF8, 0), 0);
    editbuf_backspace(&e);                                     /* BackSpace at the end: the whole 葛󠄀 */
    text_is(&e, "東");
    ck_assert_uint_eq(e.cursor, 1);
    editbuf_free(&e);

    /* typed one code point at a time (as an input method sends it), it is still one character */
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    type(&e, L"葛" L"\U000E0100" L"西");
    editbuf_left(&e);
    editbuf_backspace(&e);
    text_is(&e, "西");
    editbuf_free(&e);
}
END_TEST

START_TEST(combining_mark_is_one_character)
{
    editbuf e;
    /* か + U+3099 (combining dakuten) = が; e + U+0301 = é */
    ck_assert_int_eq(editbuf_init(&e, "\xE3\x81\x8B\xE3\x82\x99" "き" "e\xCC\x81", 0), 0);
    ck_assert_uint_eq(e.len, 5);
    ck_assert_int_eq(editbuf_view(&e, 20), 5);                 /* が 2 + き 2 + é 1 */
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 3);                            /* before é, not between e and its accent */
    editbuf_left(&e);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 0);
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 2);
    ck_assert_int_eq(editbuf_view(&e, 20), 2);
    editbuf_backspace(&e);
    text_is(&e, "き" "e\xCC\x81");
    editbuf_end(&e);
    editbuf_backspace(&e);
    text_is(&e, "き");
    editbuf_free(&e);
}
END_TEST

/* Flags are pairs of regional indicators and family emoji are joined with ZWJ: which code points belong together
   depends on what comes before, so the boundaries are counted from the start of the line. */
START_TEST(emoji_sequences_are_one_character)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    type(&e, L"\U0001F1EF\U0001F1F5\U0001F1FA\U0001F1F8");  /* 🇯🇵🇺🇸 */
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 2);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 0);
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 2);
    editbuf_delete(&e);
    ck_assert_uint_eq(e.len, 2);
    editbuf_free(&e);

    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    type(&e, L"a\U0001F468\u200D\U0001F469\u200D\U0001F467b");   /* a 👨‍👩‍👧 b */
    editbuf_left(&e);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 1);
    editbuf_backspace(&e);
    ck_assert_uint_eq(e.len, 6);
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 5);
    editbuf_backspace(&e);
    text_is(&e, "b");
    editbuf_free(&e);
}
END_TEST

/* Scrolling and the visible part never split a character: the field never starts with a lone selector or mark. */
START_TEST(scroll_keeps_clusters_whole)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    for (int i = 0; i < 10; i++)
        type(&e, KATSU_IVS);
    ck_assert_uint_eq(e.len, 20);
    for (int cols = 1; cols <= 9; cols++) {
        editbuf_end(&e);
        int cx = editbuf_view(&e, cols);
        ck_assert_msg(e.scroll % 2 == 0, "scroll %zu inside 葛󠄀 at %d columns", e.scroll, cols);
        ck_assert_int_le(cx, cols - 1);
        char out[128];
        int used = editbuf_visible(&e, cols, out, sizeof out);
        ck_assert_int_le(used, cols);
        ck_assert_msg(out[0] == '\0' || !strncmp(out, "\xE8\x91\x9B", 3), "visible starts with %s", out);
        size_t n = strlen(out);
        ck_assert_msg(n % 7 == 0, "a character cut in %s", out);   /* only whole 葛󠄀 (3 + 4 bytes) */
        for (int k = 0; k < 5; k++) {
            editbuf_left(&e);
            (void)editbuf_view(&e, cols);
            ck_assert_msg(e.cursor % 2 == 0 && e.scroll % 2 == 0, "cursor %zu scroll %zu", e.cursor, e.scroll);
        }
    }
    /* a buffer too small for a whole character takes none of it */
    editbuf_home(&e);
    (void)editbuf_view(&e, 10);
    char small[6];
    ck_assert_int_eq(editbuf_visible(&e, 10, small, sizeof small), 0);
    ck_assert_str_eq(small, "");
    editbuf_free(&e);
}
END_TEST

START_TEST(unlimited_growth)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    for (int i = 0; i < 1000; i++)
        ck_assert(editbuf_insert(&e, L'あ'));
    ck_assert_uint_eq(e.len, 1000);
    ck_assert_int_eq(editbuf_view(&e, 10), 8);
    ck_assert_uint_eq(e.scroll, 996);
    char *s = editbuf_to_utf8(&e);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(strlen(s), 3000);
    ck_assert(strncmp(s, "あああ", 9) == 0);
    free(s);
    editbuf_free(&e);
}
END_TEST

START_TEST(free_twice)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "日本語", 0), 0);
    editbuf_free(&e);
    ck_assert_ptr_null(e.buf);
    ck_assert_uint_eq(e.len, 0);
    ck_assert_uint_eq(e.cap, 0);
    editbuf_free(&e);
    text_is(&e, "");
}
END_TEST

static Suite *editbuf_suite(void)
{
    Suite *s = suite_create("editbuf");
    TCase *tc;

    tc = tcase_create("buffer");
    tcase_add_test(tc, init_round_trip);
    tcase_add_test(tc, init_null_and_invalid);
    tcase_add_test(tc, type_japanese);
    tcase_add_test(tc, cursor_over_wide_chars);
    tcase_add_test(tc, insert_in_middle);
    tcase_add_test(tc, backspace_and_delete);
    tcase_add_test(tc, kill_to_end_and_start);
    tcase_add_test(tc, max_chars_refusal);
    tcase_add_test(tc, refuses_controls_and_non_scalars);
    tcase_add_test(tc, combining_mark);
    tcase_add_test(tc, variation_selector_is_one_character);
    tcase_add_test(tc, combining_mark_is_one_character);
    tcase_add_test(tc, emoji_sequences_are_one_character);
    tcase_add_test(tc, unlimited_growth);
    tcase_add_test(tc, free_twice);
    suite_add_tcase(s, tc);

    tc = tcase_create("view");
    tcase_add_test(tc, scroll_past_right_edge);
    tcase_add_test(tc, scroll_back_to_the_left);
    tcase_add_test(tc, scroll_keeps_wide_char_under_cursor_whole);
    tcase_add_test(tc, scroll_after_deleting);
    tcase_add_test(tc, view_narrow_fields);
    tcase_add_test(tc, visible_tiny_outsz);
    tcase_add_test(tc, controls_from_initial_text);
    tcase_add_test(tc, scroll_keeps_clusters_whole);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_editbuf: the C.UTF-8 locale is not available\n");
        return 1;
    }
    SRunner *sr = srunner_create(editbuf_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
