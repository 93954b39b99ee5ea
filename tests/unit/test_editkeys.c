/* Unit tests for ui/editkeys: the one key map of the line editors (prompts, search boxes, form fields) turns keys
   into editbuf operations; and ui/keys: the names the key bar and the help show for keys. No curses. */
#include "ui/editkeys.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void text_is(const editbuf *e, const char *want)
{
    char *got = editbuf_to_utf8(e);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
}

/* Types a UTF-8 string key by key, as the terminal sends it (one code point per key). */
static void type(editbuf *e, const char *s)
{
    editbuf tmp;
    ck_assert_int_eq(editbuf_init(&tmp, s, 0), 0);
    for (size_t i = 0; i < tmp.len; i++) ck_assert_int_eq(edit_key(e, (int)tmp.buf[i]), EDIT_CHANGED);
    editbuf_free(&tmp);
}

START_TEST(typing_japanese)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 40), 0);
    type(&e, "電子申請 サービス①");
    text_is(&e, "電子申請 サービス①");
    ck_assert_uint_eq(e.cursor, 10);
    editbuf_free(&e);
}
END_TEST

START_TEST(enter_accepts_esc_cancels)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "北区", 0), 0);
    ck_assert_int_eq(edit_key(&e, UK_ENTER), EDIT_ACCEPT);
    ck_assert_int_eq(edit_key(&e, UK_ESC), EDIT_CANCEL);
    text_is(&e, "北区");   /* neither touches the text: the caller decides */
    editbuf_free(&e);
}
END_TEST

START_TEST(movement_keys)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "日本語", 0), 0);
    ck_assert_int_eq(edit_key(&e, UK_LEFT), EDIT_MOVED);
    ck_assert_uint_eq(e.cursor, 2);
    ck_assert_int_eq(edit_key(&e, UK_HOME), EDIT_MOVED);
    ck_assert_uint_eq(e.cursor, 0);
    ck_assert_int_eq(edit_key(&e, UK_RIGHT), EDIT_MOVED);
    ck_assert_uint_eq(e.cursor, 1);
    ck_assert_int_eq(edit_key(&e, UK_END), EDIT_MOVED);
    ck_assert_uint_eq(e.cursor, 3);
    ck_assert_int_eq(edit_key(&e, UK_CTRL('A')), EDIT_MOVED);   /* Ctrl-A = Home */
    ck_assert_uint_eq(e.cursor, 0);
    ck_assert_int_eq(edit_key(&e, UK_CTRL('E')), EDIT_MOVED);   /* Ctrl-E = End */
    ck_assert_uint_eq(e.cursor, 3);
    text_is(&e, "日本語");
    editbuf_free(&e);
}
END_TEST

START_TEST(deleting_keys)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "情報セキュリティ", 0), 0);
    ck_assert_int_eq(edit_key(&e, UK_BACKSPACE), EDIT_CHANGED);
    text_is(&e, "情報セキュリテ");
    ck_assert_int_eq(edit_key(&e, UK_HOME), EDIT_MOVED);
    ck_assert_int_eq(edit_key(&e, UK_DELETE), EDIT_CHANGED);       /* Delete: the character under the cursor */
    text_is(&e, "報セキュリテ");
    ck_assert_int_eq(edit_key(&e, UK_CTRL('D')), EDIT_CHANGED);    /* Ctrl-D = Delete */
    text_is(&e, "セキュリテ");
    ck_assert_int_eq(edit_key(&e, UK_RIGHT), EDIT_MOVED);
    ck_assert_int_eq(edit_key(&e, UK_CTRL('K')), EDIT_CHANGED);    /* to the end */
    text_is(&e, "セ");
    type(&e, "ンター");
    ck_assert_int_eq(edit_key(&e, UK_LEFT), EDIT_MOVED);
    ck_assert_int_eq(edit_key(&e, UK_CTRL('U')), EDIT_CHANGED);    /* to the start */
    text_is(&e, "ー");
    ck_assert_uint_eq(e.cursor, 0);
    editbuf_free(&e);
}
END_TEST

START_TEST(deleting_nothing_is_not_a_change)
{
    /* a search box queries the database only on a change */
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "", 0), 0);
    ck_assert_int_eq(edit_key(&e, UK_BACKSPACE), EDIT_MOVED);
    ck_assert_int_eq(edit_key(&e, UK_DELETE), EDIT_MOVED);
    ck_assert_int_eq(edit_key(&e, UK_CTRL('U')), EDIT_MOVED);
    ck_assert_int_eq(edit_key(&e, UK_CTRL('K')), EDIT_MOVED);
    editbuf_free(&e);
}
END_TEST

START_TEST(limit_and_unbound_keys)
{
    editbuf e;
    ck_assert_int_eq(editbuf_init(&e, "ab", 3), 0);
    ck_assert_int_eq(edit_key(&e, 0x85), EDIT_IGNORED);          /* C1 NEL is not text */
    ck_assert_int_eq(edit_key(&e, 0x3042), EDIT_CHANGED);   /* あ */
    ck_assert_int_eq(edit_key(&e, 'x'), EDIT_FULL);
    text_is(&e, "abあ");
    ck_assert_int_eq(edit_key(&e, UK_CTRL('B')), EDIT_IGNORED);  /* an unbound control key types nothing */
    ck_assert_int_eq(edit_key(&e, '\t'), EDIT_IGNORED);
    ck_assert_int_eq(edit_key(&e, UK_DOWN), EDIT_IGNORED);       /* left to the caller */
    ck_assert_int_eq(edit_key(&e, UK_PGDN), EDIT_IGNORED);
    ck_assert_int_eq(edit_key(&e, UK_OTHER), EDIT_IGNORED);
    text_is(&e, "abあ");
    editbuf_free(&e);
}
END_TEST

START_TEST(every_binding_has_keys_and_help)
{
    int n = 0;
    for (const edit_binding *b = EDIT_KEYS; b->keys[0]; b++, n++) {
        ck_assert_ptr_nonnull(b->op);
        ck_assert_ptr_nonnull(b->help);
        ck_assert(*b->help);
        char k[64];
        ck_assert(*ui_keys_text(b->keys, k, sizeof k));
        /* no key bound twice */
        for (const edit_binding *c = b + 1; c->keys[0]; c++)
            for (int i = 0; i < UK_MAX_KEYS && b->keys[i]; i++) ck_assert(!ui_keys_has(c->keys, b->keys[i]));
    }
    ck_assert_int_ge(n, 9);
}
END_TEST

START_TEST(footer_from_the_map)
{
    char f[256];
    ck_assert_str_eq(edit_keys_footer(f, sizeof f), "Enter 確定  ESC 取消  ←→ 移動  Ctrl-U 消去");
}
END_TEST

START_TEST(key_names)
{
    char b[64];
    ck_assert_str_eq(ui_key_name(UK_ENTER, b, sizeof b), "Enter");
    ck_assert_str_eq(ui_key_name(UK_PGDN, b, sizeof b), "PgDn");
    ck_assert_str_eq(ui_key_name(' ', b, sizeof b), "Space");
    ck_assert_str_eq(ui_key_name(UK_CTRL('U'), b, sizeof b), "Ctrl-U");
    ck_assert_str_eq(ui_key_name('C', b, sizeof b), "C");
    ck_assert_str_eq(ui_key_name(0x3042, b, sizeof b), "あ");
    int updown[UK_MAX_KEYS] = {UK_UP, 'k'};
    ck_assert_str_eq(ui_keys_text(updown, b, sizeof b), "↑ k");
    int year[UK_MAX_KEYS] = {'<', UK_LEFT};
    ck_assert_str_eq(ui_keys_text(year, b, sizeof b), "< ←");
    int lr[UK_MAX_KEYS] = {UK_LEFT, UK_RIGHT};
    ck_assert_str_eq(ui_keys_text(lr, b, sizeof b), "←→");
    int q[UK_MAX_KEYS] = {'q', UK_ESC};
    ck_assert_str_eq(ui_keys_text(q, b, sizeof b), "q ESC");
    int full[UK_MAX_KEYS] = {UK_HOME, UK_CTRL('A'), UK_END, UK_CTRL('E')};
    ck_assert_str_eq(ui_keys_text(full, b, sizeof b), "Home Ctrl-A End Ctrl-E");
    ck_assert(ui_keys_has(full, UK_END));
    ck_assert(!ui_keys_has(full, 'a'));
}
END_TEST

static Suite *editkeys_suite(void)
{
    Suite *s = suite_create("editkeys");
    TCase *tc = tcase_create("map");
    tcase_add_test(tc, typing_japanese);
    tcase_add_test(tc, enter_accepts_esc_cancels);
    tcase_add_test(tc, movement_keys);
    tcase_add_test(tc, deleting_keys);
    tcase_add_test(tc, deleting_nothing_is_not_a_change);
    tcase_add_test(tc, limit_and_unbound_keys);
    tcase_add_test(tc, every_binding_has_keys_and_help);
    tcase_add_test(tc, footer_from_the_map);
    tcase_add_test(tc, key_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_editkeys: the C.UTF-8 locale is not available\n");
        return 1;
    }
    SRunner *sr = srunner_create(editkeys_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
