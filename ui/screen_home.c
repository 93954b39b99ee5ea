/* ホーム: the menu and the user's own work — drafts, returned applications, decisions waiting, reviews due. */
#include "ui/screen_home.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "ui/dialog.h"
#include "ui/home_items.h"
#include "ui/import_register.h"
#include "ui/screen_annual.h"
#include "ui/screen_app.h"
#include "ui/screen_audit.h"
#include "ui/screen_exceptions.h"
#include "ui/screen_list.h"
#include "ui/screen_register.h"
#include "ui/screen_users.h"
#include "ui/ui.h"

typedef struct home {
    home_items items;
    ui_list list;
} home;

static void draw(screen *s)
{
    home *h = s->st;
    int y = ui_top();
    /* a row that waits for someone else says for whom and for what, whole, on the message line (set before the
       list is drawn: a long sentence takes a second line from it) */
    const char *why = home_items_waiting(&h->items, ui_list_sel(&h->list));
    if (why && !*UI.msg) {
        snprintf(UI.msg, sizeof UI.msg, "%s", why);
        UI.msg_error = false;
    }
    if (h->items.n == 0) ui_puts(y, 2, "表示する項目はありません", ui_attr_dim());
    ui_list_draw(&h->list, y, ui_bottom() - y + 1);
}

static void on_show(screen *s)
{
    home *h = s->st;
    home_items_free(&h->items);
    home_items_build(&h->items);
    h->list.n = (int)h->items.n;
    ui_list_clamp(&h->list);
}

static bool init(screen *s, const void *arg)
{
    (void)arg;
    home *h = s->st;
    h->list = (ui_list){.ctx = &h->items, .selectable = home_items_selectable, .draw_row = home_items_draw_row};
    s->list = &h->list;
    return true;
}

static void close_(screen *s)
{
    home *h = s->st;
    home_items_free(&h->items);
}

static int back(screen *s)
{
    if (s->below) return UI_POP; /* back to the demo picker */
    return ui_confirm("kumo を終了しますか？") ? UI_QUIT : UI_HANDLED;
}

static bool may_create(const screen *s) { (void)s; return kumo_can(UI.k, ACT_CREATE, NULL); }
static bool may_annual(const screen *s) { (void)s; return policy_sees_annual(kumo_me(UI.k)); }
static bool may_import(const screen *s) { (void)s; return policy_may_import(kumo_me(UI.k), NULL, 0); }
static bool may_administer(const screen *s) { (void)s; return policy_may_administer(kumo_me(UI.k), NULL, 0); }
static bool may_read_audit(const screen *s) { (void)s; return policy_may_read_audit(kumo_me(UI.k), NULL, 0); }
static bool may_exceptions(const screen *s) { (void)s; return policy_may_view_exceptions(kumo_me(UI.k)); }
/* The step a role takes most comes early on its key bar (at 80 columns the rest is under ?): the システム管理者's
   import, the CISO's 例外措置; for the others they come after the lists. */
static bool admin_imports(const screen *s) { return may_import(s) && may_administer(s); }
static bool others_import(const screen *s) { return may_import(s) && !may_administer(s); }
static bool ciso_exceptions(const screen *s) { (void)s; return policy_permits_exceptions(kumo_me(UI.k)); }
static bool others_exceptions(const screen *s) { return may_exceptions(s) && !ciso_exceptions(s); }
static bool is_demo(const screen *s) { return kumo_may_act_as_other(UI.k) && s->below; }  /* the picker is below */

static int new_app(screen *s)
{
    (void)s;
    kapp a;
    kstatus st = wf_new_draft(UI.k, &a);
    if (st) {
        ui_fail(st);
        return UI_HANDLED;
    }
    int64_t id = a.id;
    kapp_clear(&a);
    ui_info("下書きを作成しました。項目を選んで Enter で入力してください（入力のたびに保存されます）");
    ui_open_id(&SCREEN_APP, id);
    return UI_HANDLED;
}

static int open_list(screen *s) { (void)s; ui_open(&SCREEN_LIST, NULL); return UI_HANDLED; }
static int open_register(screen *s) { (void)s; ui_open(&SCREEN_REGISTER, NULL); return UI_HANDLED; }
static int open_annual(screen *s) { (void)s; ui_open(&SCREEN_ANNUAL, NULL); return UI_HANDLED; }
static int open_users(screen *s) { (void)s; ui_open(&SCREEN_USERS, NULL); return UI_HANDLED; }
static int open_audit(screen *s) { (void)s; ui_open(&SCREEN_AUDIT, NULL); return UI_HANDLED; }
static int open_exceptions(screen *s) { (void)s; ui_open(&SCREEN_EXCEPTIONS, NULL); return UI_HANDLED; }
static int import(screen *s) { (void)s; ui_import_register(); return UI_HANDLED; }
static int switch_user(screen *s) { (void)s; return UI_POP; }

static int open_item(screen *s)
{
    home *h = s->st;
    int i = ui_list_sel(&h->list);
    bool setup = i >= 0 && h->items.v[i].kind == HI_SETUP;
    home_items_open(&h->items, i);
    /* a setup item done in place (the interval, the import) shows its new state at once */
    if (setup && UI.top == s) on_show(s);
    return UI_HANDLED;
}

/* Every action of ホーム; the key bar shows those the user may take. */
static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだ申請・サービスを開く", open_item, ui_has_selection},
    {{'n'}, "新規申請", "新しいクラウドサービス利用申請書を作成する", new_app, may_create},
    {{'a'}, "利用者管理", "利用者・部局・利用状況確認の間隔・タイムゾーンを管理する（システム管理者）", open_users, may_administer},
    {{'i'}, "台帳取込", "既存の台帳（CSV）を取り込む（ドライランで確認してから書き込みます）", import, admin_imports},
    {{'e'}, "例外措置", "例外措置の一覧（CISOの許可・緊急承認の事後報告・定期確認: ポリシー004 §7-4）", open_exceptions,
     ciso_exceptions},
    {{'l'}, "申請一覧", "申請の一覧（絞込み・検索・Excel出力）", open_list, NULL},
    {{'r'}, "台帳", "承認済みクラウドサービス台帳（サービスを開いて利用状況確認・終了連絡）", open_register, NULL},
    {{'y'}, "年次確認", "年次利用状況確認（年度ごとの利用状況確認の実施状況）", open_annual, may_annual},
    {{'t'}, "監査証跡", "監査証跡（すべての操作の記録: 絞込み・検証・Excel出力。監査・統括・CISO）", open_audit, may_read_audit},
    {{'e'}, "例外措置", "例外措置の一覧（CISOの許可・緊急承認の事後報告・定期確認: ポリシー004 §7-4）", open_exceptions,
     others_exceptions},
    {{'i'}, "台帳取込", "既存の台帳（CSV）を取り込む（ドライランで確認してから書き込みます）", import, others_import},
    {{'u'}, "利用者切替", "利用者を切り替える（デモ用データベースのみ）", switch_user, is_demo},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_HOME = {
    .title = "ホーム", .size = sizeof(home), .init = init, .draw = draw, .on_show = on_show, .close = close_,
    .back = back, .actions = ACTIONS,
};
