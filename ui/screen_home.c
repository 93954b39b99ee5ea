/* ホーム: the menu and the user's own work — drafts, returned applications, decisions waiting, reviews due. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "ui/ui.h"
#include "ui/home_items.h"

/* Every action of ホーム; the key bar shows those the user may take (see on_show). */
enum { HA_NEW, HA_LIST, HA_REGISTER, HA_ANNUAL, HA_IMPORT, HA_USERS, HA_OPEN, HA_SWITCH, HA__COUNT };
static const ui_action ALL_ACTIONS[HA__COUNT + 1] = {
    [HA_NEW] = {"n", "新規申請", "新しいクラウドサービス利用申請書を作成する"},
    [HA_LIST] = {"l", "申請一覧", "申請の一覧（絞込み・検索・Excel出力）"},
    [HA_REGISTER] = {"r", "台帳", "承認済みクラウドサービス台帳（サービスを開いて利用状況確認・終了連絡）"},
    [HA_ANNUAL] = {"y", "年次確認", "年次利用状況確認（年度ごとの利用状況確認の実施状況）"},
    [HA_IMPORT] = {"i", "台帳取込", "既存の台帳（CSV）を取り込む（ドライランで確認してから書き込みます）"},
    [HA_USERS] = {"a", "利用者管理", "利用者・部局・利用状況確認の間隔を管理する（システム管理者）"},
    [HA_OPEN] = {"Enter", "開く", "選んだ申請・サービスを開く"},
    [HA_SWITCH] = {"u", "利用者切替", "利用者を切り替える（デモ用データベースのみ）"},
    [HA__COUNT] = {NULL, NULL, NULL},
};

typedef struct home {
    home_items items;
    int sel, first;
    ui_action acts[HA__COUNT + 1];
} home;

static void draw(screen *s)
{
    home *h = s->st;
    int y = ui_top();
    int rows = ui_bottom() - y + 1;
    home_items_draw(&h->items, y, rows, &h->sel, &h->first);
}

static void load(home *h)
{
    home_items_free(&h->items);
    home_items_build(&h->items);
    home_items_fix_sel(&h->items, &h->sel);
}

static int on_key(screen *s, wint_t ch, bool fkey)
{
    home *h = s->st;
    if (fkey) {
        if (ch == KEY_UP) home_items_move(&h->items, &h->sel, -1);
        else if (ch == KEY_DOWN) home_items_move(&h->items, &h->sel, 1);
        else if (ch == KEY_NPAGE) home_items_move(&h->items, &h->sel, ui_content_rows());
        else if (ch == KEY_PPAGE) home_items_move(&h->items, &h->sel, -ui_content_rows());
        else if (ch == KEY_ENTER) return home_items_open(&h->items, h->sel);
        return UI_HANDLED;
    }
    switch (ch) {
    case 'k': home_items_move(&h->items, &h->sel, -1); return UI_HANDLED;
    case 'j': home_items_move(&h->items, &h->sel, 1); return UI_HANDLED;
    case '\r':
    case '\n': return home_items_open(&h->items, h->sel);
    case 'n': {
        if (!kumo_can(UI.k, ACT_CREATE, NULL)) {
            kumo_check(UI.k, ACT_CREATE, NULL);
            ui_fail(KS_DENIED);
            return UI_HANDLED;
        }
        kapp a;
        kstatus st = wf_new_draft(UI.k, &a);
        if (st) {
            ui_fail(st);
            return UI_HANDLED;
        }
        int64_t id = a.id;
        kapp_free(&a);
        ui_info("下書きを作成しました。項目を選んで Enter で入力してください（入力のたびに保存されます）");
        ui_push(screen_app_new(id));
        return UI_HANDLED;
    }
    case 'l': ui_push(screen_list_new(NULL, "申請一覧")); return UI_HANDLED;
    case 'i': ui_import_register(); return UI_HANDLED;
    case 'a':
        if (!policy_may_administer(kumo_me(UI.k), NULL, 0)) return UI_UNHANDLED;
        ui_push(screen_users_new());
        return UI_HANDLED;
    case 'r': ui_push(screen_register_new()); return UI_HANDLED;
    case 'y':
        if (!strcmp(kumo_me(UI.k)->role, "staff")) {
            ui_error("年次利用状況確認は統括情報セキュリティ責任者・情報セキュリティ責任者・監査が使います");
            return UI_HANDLED;
        }
        ui_push(screen_annual_new());
        return UI_HANDLED;
    case 'u':
        if (!kumo_is_demo(UI.k)) {
            ui_error("利用者の切替はデモ用データベースでのみできます");
            return UI_HANDLED;
        }
        return UI_POP;
    case 'q':
    case 27:
        if (s->below) return UI_POP; /* back to the demo picker */
        return ui_confirm("kumo を終了しますか？") ? UI_QUIT : UI_HANDLED;
    default: return UI_UNHANDLED;
    }
}

static void on_show(screen *s)
{
    home *h = s->st;
    int n = 0;
    for (int i = 0; i < HA__COUNT; i++) {
        if (i == HA_NEW && !kumo_can(UI.k, ACT_CREATE, NULL)) continue;
        if (i == HA_ANNUAL && !strcmp(kumo_me(UI.k)->role, "staff")) continue;
        if (i == HA_IMPORT && !policy_may_import(kumo_me(UI.k), NULL, 0)) continue;
        if (i == HA_USERS && !policy_may_administer(kumo_me(UI.k), NULL, 0)) continue;
        if (i == HA_SWITCH && !kumo_is_demo(UI.k)) continue;
        h->acts[n++] = ALL_ACTIONS[i];
    }
    h->acts[n] = (ui_action){NULL, NULL, NULL};
    s->actions = h->acts;
    load(h);
}

static void close_(screen *s)
{
    home *h = s->st;
    home_items_free(&h->items);
    free(h);
}

static const screen_ops OPS = {"ホーム", draw, on_key, on_show, close_, ALL_ACTIONS};

screen *screen_home_new(void)
{
    home *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    return ui_new_screen(&OPS, h, NULL);
}
