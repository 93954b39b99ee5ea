/* Unit tests for the multi-line editing state of ui/editbuf (the editor of long fields: 利用目的, 業務範囲, 確認内容・
   対策, 条件, 差戻し理由 …) and for pasting into any editbuf: rows wrapped by display width, the cursor moved by
   user-perceived character and up/down by display column, line breaks kept, the limit, a paste inserted as text.
   No curses. */
#include "ui/editbuf.h"
#include "ui/editkeys.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define KATSU "\xE8\x91\x9B\xF3\xA0\x84\x80"   /* 葛󠄀: 葛 U+845B with the ideographic variation selector U+E0100 */

static void text_is(const editbuf *e, const char *want)
{
    char *got = editbuf_to_utf8(e);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

/* Row r of the layout at cols as text. */
static void row_is(editbuf *e, int cols, size_t r, const char *want)
{
    editbuf_layout(e, cols);
    char out[512];
    editbuf_row_text(e, r, out, sizeof out);
    ck_assert_str_eq(out, want);
}

static void cursor_is(editbuf *e, int cols, size_t row, int col)
{
    size_t r;
    int c;
    editbuf_cursor_at(e, cols, &r, &c);
    ck_assert_uint_eq(r, row);
    ck_assert_int_eq(c, col);
}

/* Types a UTF-8 string key by key through the editor's key map. */
static void type(editbuf *e, const char *s)
{
    editbuf tmp;
    ck_assert_int_eq(editbuf_init(&tmp, s, 0), 0);
    for (size_t i = 0; i < tmp.len; i++) ck_assert_int_eq(edit_key(e, (int)tmp.buf[i]), EDIT_CHANGED);
    editbuf_free(&tmp);
}

/* ---- layout ---- */

START_TEST(wraps_by_display_width)
{
    /* 10 columns: five Japanese characters fill a row; the sixth starts the next */
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "住民からの電子申請を受け付ける", 0), 0);
    ck_assert_uint_eq(editbuf_layout(&e, 10), 3);
    row_is(&e, 10, 0, "住民からの");
    row_is(&e, 10, 1, "電子申請を");
    row_is(&e, 10, 2, "受け付ける");
    /* 9 columns: a wide character never straddles the edge */
    ck_assert_uint_eq(editbuf_layout(&e, 9), 4);
    row_is(&e, 9, 0, "住民から");
    row_is(&e, 9, 3, "付ける");
    /* mixed widths: ab + 日本 = 6 columns */
    editbuf_free(&e);
    ck_assert_int_eq(editbuf_init_lines(&e, "ab日本cd語", 0), 0);
    ck_assert_uint_eq(editbuf_layout(&e, 6), 2);
    row_is(&e, 6, 0, "ab日本");
    row_is(&e, 6, 1, "cd語");
    editbuf_free(&e);
}
END_TEST

START_TEST(line_breaks_end_rows)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "一行目\n\n三行目はとても長い文章です", 0), 0);
    ck_assert_uint_eq(editbuf_layout(&e, 30), 3);
    row_is(&e, 30, 0, "一行目");
    row_is(&e, 30, 1, "");
    row_is(&e, 30, 2, "三行目はとても長い文章です");
    ck_assert_uint_eq(editbuf_layout(&e, 14), 4);   /* the long line wraps, the breaks still end rows */
    row_is(&e, 14, 3, "長い文章です");
    editbuf_free(&e);
    /* a break at the end opens an empty last row where the cursor stands */
    ck_assert_int_eq(editbuf_init_lines(&e, "北区\n", 0), 0);
    ck_assert_uint_eq(editbuf_layout(&e, 20), 2);
    cursor_is(&e, 20, 1, 0);
    editbuf_free(&e);
}
END_TEST

START_TEST(crlf_and_cr_are_line_breaks)
{
    /* an imported or pasted value with Windows line ends */
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "一\r\n二\r三", 0), 0);
    text_is(&e, "一\n二\n三");
    ck_assert_uint_eq(e.len, 5);
    ck_assert_uint_eq(editbuf_layout(&e, 40), 3);
    editbuf_free(&e);
}
END_TEST

START_TEST(a_full_row_keeps_the_cursor_at_its_end)
{
    /* the cursor after the last character of a full row shows in the column beside it (the editor keeps one free) */
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "情報資産", 0), 0);
    ck_assert_uint_eq(editbuf_layout(&e, 8), 1);
    cursor_is(&e, 8, 0, 8);
    /* at a row that wrapped by width the end is the start of the next row */
    editbuf_free(&e);
    ck_assert_int_eq(editbuf_init_lines(&e, "情報資産の管理", 0), 0);
    e.cursor = 4;
    cursor_is(&e, 8, 1, 0);
    editbuf_free(&e);
}
END_TEST

START_TEST(graphemes_stay_whole_on_rows)
{
    /* 葛󠄀 (two code points, two columns) is never split from its selector at a row's edge */
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "東京都" KATSU "飾区", 0), 0);
    ck_assert_uint_eq(e.len, 7);
    ck_assert_uint_eq(editbuf_layout(&e, 8), 2);
    row_is(&e, 8, 0, "東京都" KATSU);
    row_is(&e, 8, 1, "飾区");
    ck_assert_uint_eq(editbuf_layout(&e, 6), 2);
    row_is(&e, 6, 0, "東京都");
    row_is(&e, 6, 1, KATSU "飾区");
    /* moving and deleting over it go by the whole character */
    e.cursor = 0;
    editbuf_down(&e);
    ck_assert_uint_eq(e.cursor, 3);
    editbuf_right(&e);
    ck_assert_uint_eq(e.cursor, 5);
    editbuf_backspace(&e);
    text_is(&e, "東京都飾区");
    editbuf_free(&e);
}
END_TEST

/* ---- moving up and down ---- */

START_TEST(up_down_by_display_column)
{
    /* "abcd" over "日本語": column 2 of the first row is the start of 本 (column 2) below */
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "abcd\n日本語\nxy", 0), 0);
    editbuf_layout(&e, 20);
    e.cursor = 2;                       /* a b | c d */
    editbuf_down(&e);
    ck_assert_uint_eq(e.cursor, 6);     /* 日 | 本 */
    cursor_is(&e, 20, 1, 2);
    /* column 3 falls inside a wide character: the cursor stops before it */
    e.cursor = 3;
    e.has_goal = false;
    editbuf_down(&e);
    ck_assert_uint_eq(e.cursor, 6);
    cursor_is(&e, 20, 1, 2);
    /* the goal column is kept over a shorter row: from column 4 down to "xy" (end, column 2) and back up */
    e.cursor = 7;                       /* 日本 | 語 : column 4 */
    e.has_goal = false;
    editbuf_down(&e);
    ck_assert_uint_eq(e.cursor, 11);    /* the end of "xy" */
    editbuf_up(&e);
    ck_assert_uint_eq(e.cursor, 7);     /* column 4 again, not column 2 */
    /* a sideways move forgets the goal */
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 6);
    editbuf_up(&e);
    ck_assert_uint_eq(e.cursor, 2);     /* column 2 of "abcd" */
    editbuf_free(&e);
}
END_TEST

START_TEST(up_down_on_wrapped_rows)
{
    /* one paragraph of 12 characters at 10 columns: rows of 5, 5 and 2 */
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "あいうえおかきくけこさし", 0), 0);
    editbuf_layout(&e, 10);
    e.cursor = 1;
    editbuf_down(&e);
    ck_assert_uint_eq(e.cursor, 6);     /* か | き */
    editbuf_down(&e);
    ck_assert_uint_eq(e.cursor, 11);    /* さ | し */
    /* from the end of a long row down to a short one and up again: the cursor stays on its row, before the
       last character of a wrapped row (its end would be the next row's start) */
    e.cursor = 12;
    e.has_goal = false;
    editbuf_up(&e);
    cursor_is(&e, 10, 1, 4);
    editbuf_up(&e);
    cursor_is(&e, 10, 0, 4);
    editbuf_free(&e);
}
END_TEST

START_TEST(up_on_first_row_and_down_on_last)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "北区\n中央区", 0), 0);
    editbuf_layout(&e, 20);
    e.cursor = 1;
    editbuf_up(&e);
    ck_assert_uint_eq(e.cursor, 0);
    e.cursor = 4;
    editbuf_down(&e);
    ck_assert_uint_eq(e.cursor, e.len);
    editbuf_free(&e);
}
END_TEST

START_TEST(page_and_view_scroll)
{
    /* 30 lines in a box of 5 rows: the view follows the cursor; PgUp/PgDn move by 4 rows */
    char text[512] = "";
    for (int i = 0; i < 30; i++) snprintf(text + strlen(text), sizeof text - strlen(text), "%s行%d", i ? "\n" : "", i);
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, text, 0), 0);
    int cy, cx;
    editbuf_view_lines(&e, 20, 5, &cy, &cx);
    ck_assert_uint_eq(e.top, 25);       /* the cursor (at the end) on the last row shown */
    ck_assert_int_eq(cy, 4);
    editbuf_page_up(&e);
    editbuf_view_lines(&e, 20, 5, &cy, &cx);
    size_t r;
    editbuf_cursor_at(&e, 20, &r, NULL);
    ck_assert_uint_eq(r, 25);
    ck_assert(r >= e.top && r < e.top + 5);
    for (int i = 0; i < 10; i++) editbuf_page_up(&e);
    editbuf_view_lines(&e, 20, 5, &cy, &cx);
    ck_assert_uint_eq(e.top, 0);
    ck_assert_int_eq(cy, 0);
    editbuf_page_down(&e);
    editbuf_view_lines(&e, 20, 5, &cy, &cx);
    editbuf_cursor_at(&e, 20, &r, NULL);
    ck_assert_uint_eq(r, 4);
    ck_assert(r >= e.top && r < e.top + 5);
    /* deleting everything brings the view back to the top */
    editbuf_end(&e);
    e.cursor = e.len;
    while (e.len) editbuf_backspace(&e);
    editbuf_view_lines(&e, 20, 5, &cy, &cx);
    ck_assert_uint_eq(e.top, 0);
    ck_assert_int_eq(cy, 0);
    ck_assert_int_eq(cx, 0);
    editbuf_free(&e);
}
END_TEST

START_TEST(resize_lays_out_again)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "あいうえおかきくけこ", 0), 0);
    e.cursor = 7;
    cursor_is(&e, 10, 1, 4);
    cursor_is(&e, 6, 2, 2);             /* narrower: the same character on a later row */
    cursor_is(&e, 40, 0, 14);
    editbuf_free(&e);
}
END_TEST

/* ---- editing ---- */

START_TEST(enter_breaks_the_line_and_ctrl_s_saves)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "", 400), 0);
    type(&e, "一行目");
    ck_assert_int_eq(edit_key(&e, UK_ENTER), EDIT_CHANGED);
    type(&e, "二行目");
    text_is(&e, "一行目\n二行目");
    ck_assert_uint_eq(e.len, 7);        /* a line break counts as one character of the limit */
    ck_assert_int_eq(edit_key(&e, UK_CTRL('S')), EDIT_ACCEPT);
    ck_assert_int_eq(edit_key(&e, UK_F2), EDIT_ACCEPT);
    ck_assert_int_eq(edit_key(&e, UK_ESC), EDIT_CANCEL);
    /* ↑ goes to the first line, column kept */
    ck_assert_int_eq(edit_key(&e, UK_UP), EDIT_MOVED);
    ck_assert_uint_eq(e.cursor, 3);
    editbuf_free(&e);
}
END_TEST

START_TEST(home_end_and_kills_stay_in_the_line)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "第一段落\n第二段落です\n第三", 0), 0);
    e.cursor = 7;                       /* 第二 | 段落です */
    editbuf_home(&e);
    ck_assert_uint_eq(e.cursor, 5);
    editbuf_end(&e);
    ck_assert_uint_eq(e.cursor, 11);
    e.cursor = 7;
    editbuf_kill_to_end(&e);
    text_is(&e, "第一段落\n第二\n第三");
    editbuf_kill_to_start(&e);
    text_is(&e, "第一段落\n\n第三");
    ck_assert_uint_eq(e.cursor, 5);
    /* Backspace at a line's start joins it to the line before */
    editbuf_backspace(&e);
    text_is(&e, "第一段落\n第三");
    editbuf_free(&e);
}
END_TEST

START_TEST(limit_counts_breaks)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "", 5), 0);
    type(&e, "あい");
    ck_assert_int_eq(edit_key(&e, UK_ENTER), EDIT_CHANGED);
    type(&e, "うえ");
    ck_assert_int_eq(edit_key(&e, UK_ENTER), EDIT_FULL);
    ck_assert_int_eq(edit_key(&e, 'x'), EDIT_FULL);
    text_is(&e, "あい\nうえ");
    editbuf_free(&e);
}
END_TEST

START_TEST(one_line_buffer_refuses_breaks)
{
    /* the one-line editor is unchanged: Enter is done, ↑↓ are the caller's, no line break goes in */
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "北区", 0), 0);
    ck_assert(!editbuf_insert(&e, L'\n'));
    ck_assert_int_eq(edit_key(&e, UK_ENTER), EDIT_ACCEPT);
    ck_assert_int_eq(edit_key(&e, UK_UP), EDIT_IGNORED);
    ck_assert_int_eq(edit_key(&e, UK_DOWN), EDIT_IGNORED);
    ck_assert_int_eq(edit_key(&e, UK_PGDN), EDIT_IGNORED);
    text_is(&e, "北区");
    editbuf_free(&e);
}
END_TEST

/* ---- paste ---- */

START_TEST(paste_into_one_line_joins_lines)
{
    /* issue 12: 「内線1234⏎Dy」 pasted into 連絡先 is text, its line break a space */
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 60), 0);
    ck_assert_uint_eq(editbuf_paste(&e, "内線1234\rDy"), EDITBUF_PASTE_JOINED);
    text_is(&e, "内線1234 Dy");
    editbuf_free(&e);
    /* a run of breaks (CR LF, blank lines) is one space; breaks at the end are left out */
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    ck_assert_uint_eq(editbuf_paste(&e, "一\r\n\r\n二\n\n"), EDITBUF_PASTE_JOINED);
    text_is(&e, "一 二");
    editbuf_free(&e);
    /* nothing to say for a plain paste; a tab is a space */
    ck_assert_int_eq(editbuf_init(&e, "区", 0), 0);
    e.cursor = 0;
    ck_assert_uint_eq(editbuf_paste(&e, "北\t"), 0);
    text_is(&e, "北 区");
    editbuf_free(&e);
}
END_TEST

START_TEST(paste_into_lines_keeps_breaks)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init_lines(&e, "", 400), 0);
    ck_assert_uint_eq(editbuf_paste(&e, "一行目\rvx"), 0);
    text_is(&e, "一行目\nvx");
    ck_assert_uint_eq(editbuf_paste(&e, "\r\n三行目\r\n"), 0);
    text_is(&e, "一行目\nvx\n三行目\n");
    editbuf_free(&e);
}
END_TEST

START_TEST(paste_stops_at_the_limit_and_drops_controls)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 4), 0);
    ck_assert_uint_eq(editbuf_paste(&e, "あ\x1b[Aいうえお"), EDITBUF_PASTE_DROPPED | EDITBUF_PASTE_CUT);
    text_is(&e, "あ[Aい");
    ck_assert_uint_eq(e.pasted, EDITBUF_PASTE_DROPPED | EDITBUF_PASTE_CUT);
    char note[320];
    ck_assert_ptr_nonnull(edit_paste_notice(&e, note, sizeof note));
    ck_assert(strstr(note, "4文字") != NULL);
    editbuf_free(&e);
    /* graphemes come in whole: 葛󠄀 is two code points */
    ck_assert_int_eq(editbuf_init_lines(&e, "", 0), 0);
    editbuf_paste(&e, KATSU "飾\n区");
    ck_assert_uint_eq(e.len, 5);
    for (int i = 0; i < 3; i++) editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 2);
    editbuf_left(&e);
    ck_assert_uint_eq(e.cursor, 0);     /* over 葛󠄀 in one step */
    editbuf_free(&e);
}
END_TEST

START_TEST(paste_key_inserts_the_paste_text)
{
    /* the key map: UK_PASTE types ui_paste_text(), never runs its characters as keys */
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 60), 0);
    const char p[] = "内線1234\nDy";
    ck_assert(ui_paste_set(p, strlen(p)));
    ck_assert_int_eq(edit_key(&e, UK_PASTE), EDIT_CHANGED);
    text_is(&e, "内線1234 Dy");
    char note[320];
    ck_assert_ptr_nonnull(edit_paste_notice(&e, note, sizeof note));
    ck_assert(strstr(note, "改行は空白") != NULL);
    editbuf_free(&e);
    ck_assert_int_eq(editbuf_init_lines(&e, "", 60), 0);
    ck_assert_int_eq(edit_key(&e, UK_PASTE), EDIT_CHANGED);
    text_is(&e, "内線1234\nDy");
    ck_assert_ptr_null(edit_paste_notice(&e, note, sizeof note));
    editbuf_free(&e);
    /* a full field takes nothing */
    ck_assert_int_eq(editbuf_init(&e, "北区", 2), 0);
    ck_assert_int_eq(edit_key(&e, UK_PASTE), EDIT_FULL);
    editbuf_free(&e);
}
END_TEST

START_TEST(footer_of_the_multi_line_editor)
{
    char f[256];
    edit_keys_footer_for(true, f, sizeof f);
    ck_assert(strstr(f, "Enter 改行") != NULL);
    ck_assert(strstr(f, "Ctrl-S F2 保存") != NULL);
    ck_assert(strstr(f, "ESC 取消") != NULL);
    ck_assert(strstr(f, "確定") == NULL);
}
END_TEST

static Suite *lines_suite(void)
{
    Suite *s = suite_create("editlines");
    TCase *tc = tcase_create("layout");
    tcase_add_test(tc, wraps_by_display_width);
    tcase_add_test(tc, line_breaks_end_rows);
    tcase_add_test(tc, crlf_and_cr_are_line_breaks);
    tcase_add_test(tc, a_full_row_keeps_the_cursor_at_its_end);
    tcase_add_test(tc, graphemes_stay_whole_on_rows);
    suite_add_tcase(s, tc);
    tc = tcase_create("moving");
    tcase_add_test(tc, up_down_by_display_column);
    tcase_add_test(tc, up_down_on_wrapped_rows);
    tcase_add_test(tc, up_on_first_row_and_down_on_last);
    tcase_add_test(tc, page_and_view_scroll);
    tcase_add_test(tc, resize_lays_out_again);
    suite_add_tcase(s, tc);
    tc = tcase_create("editing");
    tcase_add_test(tc, enter_breaks_the_line_and_ctrl_s_saves);
    tcase_add_test(tc, home_end_and_kills_stay_in_the_line);
    tcase_add_test(tc, limit_counts_breaks);
    tcase_add_test(tc, one_line_buffer_refuses_breaks);
    suite_add_tcase(s, tc);
    tc = tcase_create("paste");
    tcase_add_test(tc, paste_into_one_line_joins_lines);
    tcase_add_test(tc, paste_into_lines_keeps_breaks);
    tcase_add_test(tc, paste_stops_at_the_limit_and_drops_controls);
    tcase_add_test(tc, paste_key_inserts_the_paste_text);
    tcase_add_test(tc, footer_of_the_multi_line_editor);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_editlines: the C.UTF-8 locale is not available\n");
        return 1;
    }
    SRunner *sr = srunner_create(lines_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
