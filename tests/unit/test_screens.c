/* Unit tests for the screen framework (ui/ui.c): a screen's action table dispatches its keys, actions whose `when`
   is false are neither run nor shown, keys in no table do nothing, the list keys move the screen's list, the
   framework allocates a screen's state and a screen that cannot open leaks nothing; and every real screen's table
   is well formed. No terminal: nothing here draws. */
#include "ui/ui.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/fieldform.h"
#include "ui/screen_app.h"
#include "ui/searchbox.h"
#include "ui/screen_annual.h"
#include "ui/screen_audit.h"
#include "ui/screen_checklist.h"
#include "ui/screen_decide.h"
#include "ui/screen_home.h"
#include "ui/screen_list.h"
#include "ui/screen_picker.h"
#include "ui/screen_register.h"
#include "ui/screen_service.h"
#include "ui/screen_users.h"

/* ---- a fake screen ---- */

typedef struct fake {
    int init_arg, inits, closes, shows;
    int ran[8];
    bool offer_b;
    int back_result;
    ui_list list;
    ui_search search;
    int searches;
} fake;

static int run_a(screen *s) { ((fake *)s->st)->ran[0]++; return UI_HANDLED; }
static int run_b(screen *s) { ((fake *)s->st)->ran[1]++; return UI_HANDLED; }
static int run_enter(screen *s) { ((fake *)s->st)->ran[2]++; return UI_HANDLED; }
static int run_search(screen *s)
{
    ui_search_start(&((fake *)s->st)->search);
    return UI_HANDLED;
}
static bool b_offered(const screen *s) { return ((const fake *)s->st)->offer_b; }
static void searched(screen *s) { ((fake *)s->st)->searches++; }

static int closes_total;   /* counted outside the state, which goes with the screen */

static bool fake_init(screen *s, const void *arg)
{
    fake *f = s->st;
    f->inits++;
    f->init_arg = arg ? *(const int *)arg : 0;
    f->list = (ui_list){.ctx = f, .n = 30};
    f->search.changed = searched;
    s->list = &f->list;
    s->search = &f->search;
    return f->init_arg >= 0;   /* a negative argument: cannot open */
}

static void fake_close(screen *s)
{
    ui_search_free(&((fake *)s->st)->search);
    closes_total++;
}

static void fake_show(screen *s) { ((fake *)s->st)->shows++; }

static int fake_back(screen *s) { return ((fake *)s->st)->back_result; }

static const ui_action FAKE_ACTIONS[] = {
    {{'a', 'A'}, "エー", "a を実行する", run_a, NULL},
    {{'b'}, "ビー", "b を実行する（条件付き）", run_b, b_offered},
    {{UK_ENTER}, NULL, "開く（ヘルプのみ）", run_enter, NULL},
    {{'/'}, "検索", "検索する", run_search, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

static int run_ext(screen *s) { ((fake *)s->st)->ran[3]++; return UI_HANDLED; }
static const ui_action EXT = {{'x'}, "拡張", "拡張の動作", run_ext, NULL};
static const ui_action *const EXTS[] = {&EXT, NULL};

static const screen_ops FAKE = {
    .title = "テスト画面", .size = sizeof(fake), .init = fake_init, .close = fake_close, .on_show = fake_show,
    .actions = FAKE_ACTIONS, .extensions = EXTS,
};
static const screen_ops FAKE_BACK = {
    .title = "戻る処理のある画面", .size = sizeof(fake), .init = fake_init, .close = fake_close, .back = fake_back,
    .actions = FAKE_ACTIONS,
};

static void pop_all(void)
{
    while (UI.top) {
        screen *s = UI.top;
        UI.top = s->below;
        if (s->ops->close) s->ops->close(s);
        free(s);
    }
}

static fake *open_fake(const screen_ops *ops, int arg)
{
    ck_assert(ui_open(ops, &arg));
    return UI.top->st;
}

START_TEST(open_allocates_zeroed_state_and_shows)
{
    memset(&UI, 0, sizeof UI);
    fake *f = open_fake(&FAKE, 7);
    ck_assert_int_eq(f->init_arg, 7);
    ck_assert_int_eq(f->inits, 1);
    ck_assert_int_eq(f->shows, 1);
    ck_assert_int_eq(f->ran[0] + f->ran[1] + f->ran[2] + f->ran[3], 0);
    ck_assert_str_eq(UI.top->title, "テスト画面");
    ck_assert_ptr_eq(UI.top->st, f);
    open_fake(&FAKE, 8);
    ck_assert_ptr_eq(UI.top->below->st, f);
    pop_all();
}
END_TEST

START_TEST(failed_open_closes_and_pushes_nothing)
{
    memset(&UI, 0, sizeof UI);
    closes_total = 0;
    open_fake(&FAKE, 1);
    screen *before = UI.top;
    int bad = -1;
    ck_assert(!ui_open(&FAKE, &bad));
    ck_assert_ptr_eq(UI.top, before);
    ck_assert_int_eq(closes_total, 1);   /* close ran for the screen that could not open (its state freed) */
    ck_assert(*UI.msg);                  /* and the user is told */
    pop_all();
}
END_TEST

START_TEST(keys_run_their_actions)
{
    memset(&UI, 0, sizeof UI);
    fake *f = open_fake(&FAKE, 1);
    ck_assert_int_eq(ui_dispatch(UI.top, 'a'), UI_HANDLED);
    ck_assert_int_eq(ui_dispatch(UI.top, 'A'), UI_HANDLED);   /* every key of the action */
    ck_assert_int_eq(f->ran[0], 2);
    ui_dispatch(UI.top, UK_ENTER);                            /* in the help only, but bound */
    ck_assert_int_eq(f->ran[2], 1);
    ui_dispatch(UI.top, 'x');                                 /* an extension */
    ck_assert_int_eq(f->ran[3], 1);
    pop_all();
}
END_TEST

START_TEST(an_action_not_offered_does_nothing)
{
    memset(&UI, 0, sizeof UI);
    fake *f = open_fake(&FAKE, 1);
    ck_assert_int_eq(ui_dispatch(UI.top, 'b'), UI_HANDLED);
    ck_assert_int_eq(f->ran[1], 0);
    ck_assert_ptr_null(ui_action_for(UI.top, 'b'));
    f->offer_b = true;
    ui_dispatch(UI.top, 'b');
    ck_assert_int_eq(f->ran[1], 1);
    ck_assert_ptr_nonnull(ui_action_for(UI.top, 'b'));
    pop_all();
}
END_TEST

START_TEST(keys_in_no_table_do_nothing)
{
    memset(&UI, 0, sizeof UI);
    fake *f = open_fake(&FAKE, 1);
    int keys[] = {'z', 'Z', '1', ' ', UK_DELETE, UK_BACKSPACE, UK_LEFT, UK_OTHER, UK_CTRL('U'), 0x3042};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        ck_assert_ptr_null(ui_action_for(UI.top, keys[i]));
        ck_assert_int_eq(ui_dispatch(UI.top, keys[i]), UI_HANDLED);
    }
    ck_assert_int_eq(f->ran[0] + f->ran[1] + f->ran[2] + f->ran[3], 0);
    ck_assert_int_eq(f->list.sel, 0);
    ck_assert_int_eq(f->list.first, 0);
    pop_all();
}
END_TEST

START_TEST(list_keys_move_the_screens_list)
{
    memset(&UI, 0, sizeof UI);
    fake *f = open_fake(&FAKE, 1);
    ui_list_view(&f->list, 10);
    ui_dispatch(UI.top, 'j');
    ui_dispatch(UI.top, UK_DOWN);
    ck_assert_int_eq(f->list.sel, 2);
    ui_dispatch(UI.top, UK_PGDN);
    ck_assert_int_eq(f->list.sel, 12);
    ui_dispatch(UI.top, UK_END);
    ck_assert_int_eq(f->list.sel, 29);
    ui_dispatch(UI.top, UK_HOME);
    ck_assert_int_eq(f->list.sel, 0);
    ui_dispatch(UI.top, 'k');
    ck_assert_int_eq(f->list.sel, 0);
    pop_all();
}
END_TEST

START_TEST(q_and_esc_go_back)
{
    memset(&UI, 0, sizeof UI);
    open_fake(&FAKE, 1);
    ck_assert_int_eq(ui_dispatch(UI.top, 'q'), UI_POP);
    ck_assert_int_eq(ui_dispatch(UI.top, UK_ESC), UI_POP);
    fake *f = open_fake(&FAKE_BACK, 1);
    f->back_result = UI_HANDLED;       /* e.g. 記録していない入力を破棄しますか → いいえ */
    ck_assert_int_eq(ui_dispatch(UI.top, 'q'), UI_HANDLED);
    f->back_result = UI_QUIT;
    ck_assert_int_eq(ui_dispatch(UI.top, UK_ESC), UI_QUIT);
    pop_all();
}
END_TEST

START_TEST(an_open_search_box_has_the_keys)
{
    memset(&UI, 0, sizeof UI);
    fake *f = open_fake(&FAKE, 1);
    ui_dispatch(UI.top, '/');
    ck_assert(f->search.open);
    ui_dispatch(UI.top, 'q');            /* typed, not 戻る */
    ui_dispatch(UI.top, 'a');            /* typed, not the action */
    ui_dispatch(UI.top, 'j');            /* typed, not the list */
    ck_assert_str_eq(f->search.text, "qaj");
    ck_assert_int_eq(f->searches, 3);
    ck_assert_int_eq(f->ran[0], 0);
    ck_assert_int_eq(f->list.sel, 0);
    ui_dispatch(UI.top, UK_ENTER);       /* leaves the box, keeps the text, tells the screen once more */
    ck_assert(!f->search.open);
    ck_assert_str_eq(f->search.text, "qaj");
    ck_assert_int_eq(f->searches, 4);
    ui_dispatch(UI.top, '/');
    ui_dispatch(UI.top, UK_ESC);         /* clears it */
    ck_assert(!f->search.open);
    ck_assert_str_eq(f->search.text, "");
    ck_assert_int_eq(f->searches, 5);
    ck_assert_int_eq(ui_dispatch(UI.top, 'q'), UI_POP);
    pop_all();
}
END_TEST

START_TEST(offered_actions_in_order)
{
    memset(&UI, 0, sizeof UI);
    open_fake(&FAKE, 1);
    const char *want[] = {"a を実行する", "開く（ヘルプのみ）", "検索する", "拡張の動作", "この画面の操作（このヘルプ）",
                          "kumo を終了する"};
    int i = 0;
    for (const ui_action *a; (a = ui_action_at(UI.top, i)); i++) {
        ck_assert_int_lt(i, 6);
        ck_assert_str_eq(a->help, want[i]);
    }
    ck_assert_int_eq(i, 6);
    open_fake(&FAKE, 2);                 /* with a screen below, q goes back instead */
    const ui_action *q = ui_action_for(UI.top, 'q');
    ck_assert_str_eq(q->label, "戻る");
    ck_assert_ptr_eq(ui_action_for(UI.top, UK_ESC), q);
    pop_all();
}
END_TEST

/* ---- every real screen's table ---- */

static const screen_ops *const SCREENS[] = {
    &SCREEN_PICKER, &SCREEN_HOME, &SCREEN_LIST, &SCREEN_APP, &SCREEN_CHECKLIST, &SCREEN_CHECKLIST_MEM,
    &SCREEN_DECIDE, &SCREEN_REGISTER, &SCREEN_SERVICE, &SCREEN_ANNUAL, &SCREEN_USERS, &SCREEN_AUDIT, &SCREEN_FIELDFORM,
};

static void check_action(const screen_ops *ops, const ui_action *a)
{
    char k[64];
    ck_assert_msg(a->run, "%s: %s has no handler", ops->title, ui_keys_text(a->keys, k, sizeof k));
    ck_assert_msg(a->help && *a->help, "%s: %s has no help line", ops->title, k);
    for (int i = 0; i < UK_MAX_KEYS && a->keys[i]; i++) {
        int key = a->keys[i];
        /* ? q ESC and the list keys mean the same on every screen */
        ck_assert_msg(key != '?' && key != 'q' && key != UK_ESC, "%s: %s takes a common key", ops->title, k);
        for (const ui_list_binding *b = UI_LIST_KEYS; b->keys[0]; b++)
            ck_assert_msg(!ui_keys_has(b->keys, key), "%s: %s takes a list key", ops->title, k);
    }
}

START_TEST(every_screen_table_is_well_formed)
{
    for (size_t s = 0; s < sizeof SCREENS / sizeof SCREENS[0]; s++) {
        const screen_ops *ops = SCREENS[s];
        ck_assert(ops->title && *ops->title);
        ck_assert(ops->size > 0);
        ck_assert(ops->draw);
        int n = 0;
        for (const ui_action *a = ops->actions; a && a->keys[0]; a++, n++) {
            check_action(ops, a);
            /* one key, two actions: only when each has its own condition (editing or viewing …) */
            for (const ui_action *b = a + 1; b->keys[0]; b++)
                for (int i = 0; i < UK_MAX_KEYS && a->keys[i]; i++)
                    if (ui_keys_has(b->keys, a->keys[i]))
                        ck_assert_msg(a->when && b->when, "%s: key bound twice unconditionally", ops->title);
        }
        ck_assert_msg(n > 0, "%s has no actions", ops->title);
        for (const ui_action *const *e = ops->extensions; e && *e; e++) check_action(ops, *e);
    }
}
END_TEST

static Suite *screens_suite(void)
{
    Suite *s = suite_create("screens");
    TCase *tc = tcase_create("framework");
    tcase_add_test(tc, open_allocates_zeroed_state_and_shows);
    tcase_add_test(tc, failed_open_closes_and_pushes_nothing);
    tcase_add_test(tc, keys_run_their_actions);
    tcase_add_test(tc, an_action_not_offered_does_nothing);
    tcase_add_test(tc, keys_in_no_table_do_nothing);
    tcase_add_test(tc, list_keys_move_the_screens_list);
    tcase_add_test(tc, q_and_esc_go_back);
    tcase_add_test(tc, an_open_search_box_has_the_keys);
    tcase_add_test(tc, offered_actions_in_order);
    suite_add_tcase(s, tc);
    tc = tcase_create("tables");
    tcase_add_test(tc, every_screen_table_is_well_formed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(screens_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
