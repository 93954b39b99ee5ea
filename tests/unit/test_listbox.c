/* Unit tests for ui/listbox: the one list widget's movement, scrolling and keyset paging, without curses.
   Every list of every screen moves with these functions, so ↑↓ j/k PgUp PgDn Home End mean the same everywhere. */
#include "ui/listbox.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

/* ---- an in-memory list, with optional section headers ---- */

typedef struct mem {
    bool header[64];      /* rows that may not be selected */
} mem;

static bool mem_selectable(void *ctx, int i) { return !((mem *)ctx)->header[i]; }

static ui_list mem_list(mem *m, int n, int height)
{
    ui_list l = {.n = n, .ctx = m, .selectable = m ? mem_selectable : NULL};
    ui_list_reset(&l);
    ui_list_view(&l, height);
    return l;
}

START_TEST(up_down_stop_at_the_ends)
{
    ui_list l = mem_list(NULL, 5, 10);
    ck_assert_int_eq(l.sel, 0);
    ui_list_up(&l);
    ck_assert_int_eq(l.sel, 0);
    for (int i = 0; i < 10; i++) ui_list_down(&l);
    ck_assert_int_eq(l.sel, 4);
    ui_list_up(&l);
    ck_assert_int_eq(l.sel, 3);
}
END_TEST

START_TEST(keys_j_k_and_arrows_are_the_same)
{
    ui_list l = mem_list(NULL, 5, 10);
    ck_assert(ui_list_key(&l, 'j'));
    ck_assert(ui_list_key(&l, UK_DOWN));
    ck_assert_int_eq(l.sel, 2);
    ck_assert(ui_list_key(&l, 'k'));
    ck_assert_int_eq(l.sel, 1);
    ck_assert(ui_list_key(&l, UK_UP));
    ck_assert_int_eq(l.sel, 0);
    ck_assert(ui_list_key(&l, UK_END));
    ck_assert_int_eq(l.sel, 4);
    ck_assert(ui_list_key(&l, UK_HOME));
    ck_assert_int_eq(l.sel, 0);
    /* not list keys: the screen's own */
    ck_assert(!ui_list_key(&l, 'x'));
    ck_assert(!ui_list_key(&l, UK_ENTER));
    ck_assert(!ui_list_key(&l, UK_LEFT));
    ck_assert_int_eq(l.sel, 0);
}
END_TEST

START_TEST(view_follows_the_selection)
{
    ui_list l = mem_list(NULL, 30, 10);
    for (int i = 0; i < 12; i++) ui_list_down(&l);
    ck_assert_int_eq(l.sel, 12);
    ck_assert_int_eq(l.first, 3);          /* the selection is on the last row shown */
    for (int i = 0; i < 5; i++) ui_list_up(&l);
    ck_assert_int_eq(l.sel, 7);
    ck_assert_int_eq(l.first, 3);          /* still visible: no scroll */
    for (int i = 0; i < 5; i++) ui_list_up(&l);
    ck_assert_int_eq(l.first, 2);
}
END_TEST

START_TEST(page_down_and_up_keep_the_row_on_screen)
{
    ui_list l = mem_list(NULL, 30, 10);
    ui_list_down(&l);
    ui_list_down(&l);
    ui_list_pgdn(&l);
    ck_assert_int_eq(l.sel, 12);
    ck_assert_int_eq(l.first, 10);
    ck_assert_int_eq(l.sel - l.first, 2);  /* the same place on the screen */
    ui_list_pgdn(&l);
    ui_list_pgdn(&l);
    ck_assert_int_eq(l.sel, 29);           /* the last page stops at the last row */
    ck_assert_int_eq(l.first, 20);
    ui_list_pgup(&l);
    ck_assert_int_eq(l.sel, 19);
    ui_list_pgup(&l);
    ui_list_pgup(&l);
    ck_assert_int_eq(l.sel, 0);
    ck_assert_int_eq(l.first, 0);
}
END_TEST

START_TEST(home_and_end)
{
    ui_list l = mem_list(NULL, 30, 10);
    ui_list_end(&l);
    ck_assert_int_eq(l.sel, 29);
    ck_assert_int_eq(l.first, 20);
    ui_list_home(&l);
    ck_assert_int_eq(l.sel, 0);
    ck_assert_int_eq(l.first, 0);
}
END_TEST

START_TEST(headers_are_skipped_and_shown_with_their_rows)
{
    /* ホーム: 【審査待ち】 a b 【下書き】 c d ; 【…】 are headers */
    mem m = {0};
    m.header[0] = m.header[3] = true;
    ui_list l = mem_list(&m, 6, 3);
    ck_assert_int_eq(l.sel, 1);            /* the first selectable row */
    ck_assert_int_eq(l.first, 0);          /* with its header */
    ui_list_down(&l);
    ui_list_down(&l);
    ck_assert_int_eq(l.sel, 4);            /* over the header */
    ck_assert_int_eq(l.first, 2);
    ui_list_down(&l);
    ck_assert_int_eq(l.sel, 5);
    ck_assert_int_eq(l.first, 3);
    ui_list_up(&l);
    ck_assert_int_eq(l.sel, 4);
    ck_assert_int_eq(l.first, 3);          /* the header of c shows above it */
    ui_list_up(&l);
    ck_assert_int_eq(l.sel, 2);
    ui_list_up(&l);
    ck_assert_int_eq(l.sel, 1);
    ck_assert_int_eq(l.first, 0);
}
END_TEST

START_TEST(text_above_the_first_selectable_row_scrolls_into_view)
{
    /* サービス: six lines of text, then the selectable rows */
    mem m = {0};
    for (int i = 0; i < 6; i++) m.header[i] = true;
    ui_list l = mem_list(&m, 10, 4);
    ck_assert_int_eq(l.sel, 6);
    ck_assert_int_eq(l.first, 3);          /* the selection shows (with the line above it) */
    ui_list_up(&l);                        /* nothing selectable above: the text above scrolls in */
    ck_assert_int_eq(l.sel, 6);
    ck_assert_int_eq(l.first, 3);
    ui_list_view(&l, 8);
    ui_list_up(&l);
    ck_assert_int_eq(l.first, 0);
}
END_TEST

START_TEST(nothing_selectable_scrolls_as_a_text)
{
    /* 審査 and the text viewer: no row is selected, the keys scroll */
    mem m = {0};
    for (int i = 0; i < 40; i++) m.header[i] = true;
    ui_list l = mem_list(&m, 40, 10);
    ck_assert_int_eq(l.sel, -1);
    ck_assert_int_eq(ui_list_sel(&l), -1);
    ui_list_down(&l);
    ck_assert_int_eq(l.first, 1);
    ui_list_pgdn(&l);
    ck_assert_int_eq(l.first, 11);
    ui_list_end(&l);
    ck_assert_int_eq(l.first, 30);         /* the last screenful, no blank lines */
    ui_list_pgdn(&l);
    ck_assert_int_eq(l.first, 30);
    ui_list_pgup(&l);
    ck_assert_int_eq(l.first, 20);
    ui_list_home(&l);
    ck_assert_int_eq(l.first, 0);
    ui_list_up(&l);
    ck_assert_int_eq(l.first, 0);
    ck_assert_int_eq(l.sel, -1);
}
END_TEST

START_TEST(empty_list)
{
    ui_list l = mem_list(NULL, 0, 10);
    ck_assert_int_eq(ui_list_sel(&l), -1);
    ui_list_down(&l);
    ui_list_up(&l);
    ui_list_pgdn(&l);
    ui_list_pgup(&l);
    ui_list_end(&l);
    ui_list_home(&l);
    ck_assert_int_eq(ui_list_sel(&l), -1);
    ck_assert_int_eq(l.first, 0);
}
END_TEST

START_TEST(reload_keeps_the_selection_within_the_rows)
{
    ui_list l = mem_list(NULL, 10, 5);
    ui_list_end(&l);
    l.n = 4;                               /* rows went away */
    ui_list_clamp(&l);
    ck_assert_int_eq(l.sel, 3);
    ck_assert_int_eq(l.first, 0);
    l.n = 10;
    ui_list_clamp(&l);
    ck_assert_int_eq(l.sel, 3);
}
END_TEST

/* ---- a keyset list: rows 1..total in the "database"; the list holds one page; the fake owner answers
   FIRST, NEXT (after the last row held), PREV (before the first row held), LAST, as the screens do with
   WHERE key > ? / key < ? — it is never told a row number to skip to. ---- */

typedef struct keyset {
    int total;           /* rows in the database: keys 1..total */
    int page;            /* rows per page */
    int rows[64];        /* the keys of the page held */
    int calls[4];        /* fetches by ui_page */
    ui_list list;
} keyset;

static void keyset_load(keyset *k, int from, int count)
{
    int n = 0;
    for (int key = from; key <= k->total && n < count; key++) k->rows[n++] = key;
    k->list.n = n;
    k->list.more_above = n > 0 && k->rows[0] > 1;
    k->list.more_below = n > 0 && k->rows[n - 1] < k->total;
}

static bool keyset_fetch(void *ctx, ui_page p)
{
    keyset *k = ctx;
    k->calls[p]++;
    int n = k->list.n;
    switch (p) {
    case UI_PAGE_FIRST: keyset_load(k, 1, k->page); return true;
    case UI_PAGE_LAST: keyset_load(k, k->total - k->page + 1 > 1 ? k->total - k->page + 1 : 1, k->page); return true;
    case UI_PAGE_NEXT:
        if (!n || k->rows[n - 1] >= k->total) return false;
        keyset_load(k, k->rows[n - 1] + 1, k->page);
        return true;
    case UI_PAGE_PREV: {
        if (!n || k->rows[0] <= 1) return false;
        int from = k->rows[0] - k->page;
        keyset_load(k, from < 1 ? 1 : from, k->rows[0] - (from < 1 ? 1 : from));
        return true;
    }
    }
    return false;
}

static void keyset_open(keyset *k, int total, int page)
{
    memset(k, 0, sizeof *k);
    k->total = total;
    k->page = page;
    k->list = (ui_list){.ctx = k, .fetch = keyset_fetch};
    keyset_load(k, 1, page);
    ui_list_reset(&k->list);
    ui_list_view(&k->list, page);
}

static int fetches(const keyset *k) { return k->calls[0] + k->calls[1] + k->calls[2] + k->calls[3]; }
static int selected_key(const keyset *k) { return k->rows[ui_list_sel(&k->list)]; }

START_TEST(keyset_down_at_the_bottom_asks_for_the_next_page)
{
    keyset k;
    keyset_open(&k, 1000000, 20);
    for (int i = 0; i < 19; i++) ui_list_down(&k.list);
    ck_assert_int_eq(selected_key(&k), 20);
    ck_assert_int_eq(fetches(&k), 0);      /* moving within the page asks for nothing */
    ui_list_down(&k.list);
    ck_assert_int_eq(k.calls[UI_PAGE_NEXT], 1);
    ck_assert_int_eq(selected_key(&k), 21);
    ck_assert_int_eq(k.list.sel, 0);
    ck_assert(k.list.more_above);
    ui_list_up(&k.list);                   /* and back up: the page before */
    ck_assert_int_eq(k.calls[UI_PAGE_PREV], 1);
    ck_assert_int_eq(selected_key(&k), 20);
    ck_assert_int_eq(k.list.sel, k.list.n - 1);
}
END_TEST

START_TEST(keyset_page_down_keeps_the_row_and_fetches_one_page)
{
    keyset k;
    keyset_open(&k, 1000000, 20);
    ui_list_down(&k.list);
    ui_list_down(&k.list);
    ui_list_pgdn(&k.list);
    ck_assert_int_eq(k.calls[UI_PAGE_NEXT], 1);
    ck_assert_int_eq(fetches(&k), 1);
    ck_assert_int_eq(selected_key(&k), 23);
    ck_assert_int_eq(k.list.sel, 2);
    ui_list_pgup(&k.list);
    ck_assert_int_eq(k.calls[UI_PAGE_PREV], 1);
    ck_assert_int_eq(selected_key(&k), 3);
}
END_TEST

START_TEST(keyset_end_and_home_ask_for_one_page_whatever_the_size)
{
    keyset k;
    keyset_open(&k, 1000000, 20);
    ui_list_end(&k.list);
    ck_assert_int_eq(fetches(&k), 1);      /* never page by page */
    ck_assert_int_eq(k.calls[UI_PAGE_LAST], 1);
    ck_assert_int_eq(selected_key(&k), 1000000);
    ck_assert(!k.list.more_below);
    ui_list_down(&k.list);                 /* nothing below: no query */
    ui_list_pgdn(&k.list);
    ck_assert_int_eq(fetches(&k), 1);
    ck_assert_int_eq(selected_key(&k), 1000000);
    ui_list_home(&k.list);
    ck_assert_int_eq(k.calls[UI_PAGE_FIRST], 1);
    ck_assert_int_eq(selected_key(&k), 1);
    ui_list_home(&k.list);                 /* already on the first page: no query */
    ui_list_up(&k.list);
    ui_list_pgup(&k.list);
    ck_assert_int_eq(fetches(&k), 2);
}
END_TEST

START_TEST(keyset_short_last_page)
{
    keyset k;
    keyset_open(&k, 45, 20);
    ui_list_pgdn(&k.list);
    ui_list_pgdn(&k.list);
    ck_assert_int_eq(k.list.n, 5);
    ck_assert_int_eq(selected_key(&k), 41);
    ui_list_pgdn(&k.list);                 /* no page after: to the last row */
    ck_assert_int_eq(selected_key(&k), 45);
    ck_assert_int_eq(k.calls[UI_PAGE_NEXT], 2);
}
END_TEST

START_TEST(keyset_one_page_only)
{
    keyset k;
    keyset_open(&k, 7, 20);
    ui_list_end(&k.list);
    ui_list_home(&k.list);
    ui_list_pgdn(&k.list);
    ui_list_pgup(&k.list);
    ck_assert_int_eq(fetches(&k), 0);
    ck_assert_int_eq(selected_key(&k), 1);
}
END_TEST

static Suite *listbox_suite(void)
{
    Suite *s = suite_create("listbox");
    TCase *tc = tcase_create("memory");
    tcase_add_test(tc, up_down_stop_at_the_ends);
    tcase_add_test(tc, keys_j_k_and_arrows_are_the_same);
    tcase_add_test(tc, view_follows_the_selection);
    tcase_add_test(tc, page_down_and_up_keep_the_row_on_screen);
    tcase_add_test(tc, home_and_end);
    tcase_add_test(tc, headers_are_skipped_and_shown_with_their_rows);
    tcase_add_test(tc, text_above_the_first_selectable_row_scrolls_into_view);
    tcase_add_test(tc, nothing_selectable_scrolls_as_a_text);
    tcase_add_test(tc, empty_list);
    tcase_add_test(tc, reload_keeps_the_selection_within_the_rows);
    suite_add_tcase(s, tc);
    tc = tcase_create("keyset");
    tcase_add_test(tc, keyset_down_at_the_bottom_asks_for_the_next_page);
    tcase_add_test(tc, keyset_page_down_keeps_the_row_and_fetches_one_page);
    tcase_add_test(tc, keyset_end_and_home_ask_for_one_page_whatever_the_size);
    tcase_add_test(tc, keyset_short_last_page);
    tcase_add_test(tc, keyset_one_page_only);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(listbox_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
