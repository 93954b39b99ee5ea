/* The demo database's picker: act as each role in turn. */
#include "ui/screen_picker.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/screen_home.h"
#include "ui/ui.h"

typedef struct picker {
    kuser *users;
    size_t n;
    ui_list list;
} picker;

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const picker *p = ctx;
    const kuser *u = &p->users[i];
    int attr = selected ? ui_attr_selected() : 0;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, 3, 12, u->name, attr);
    ui_put(y, 16, 16, *u->dept_name ? u->dept_name : "－", attr);
    ui_put(y, 33, 34, role_label(u->role), attr);
    ui_put(y, 68, UI.cols - 69, u->login, attr);
}

static void draw(screen *s)
{
    picker *p = s->st;
    int y = ui_top();
    ui_puts(y++, 1, "デモ用データベースです。操作する利用者（役割）を選んでください。", 0);
    y++;
    ui_put(y, 3, 12, "氏名", ui_attr_header());
    ui_put(y, 16, 16, "部局", ui_attr_header());
    ui_put(y, 33, 34, "役割", ui_attr_header());
    ui_put(y, 68, UI.cols - 69, "ログイン", ui_attr_header());
    y++;
    ui_list_draw(&p->list, y, ui_bottom() - y + 1);
}

static int pick(screen *s)
{
    picker *p = s->st;
    int i = ui_list_sel(&p->list);
    if (i < 0) return UI_HANDLED;
    if (kumo_login(UI.k, p->users[i].login)) {
        ui_fail(KS_DENIED);
        return UI_HANDLED;
    }
    ui_info("%s（%s）として操作します（u で利用者切替）", kumo_me(UI.k)->name, role_label(kumo_me(UI.k)->role));
    ui_open(&SCREEN_HOME, NULL);
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    picker *p = s->st;
    kumo_logout(UI.k);  /* back at the picker: nobody is acting until a user is chosen */
    kuser_free(&p->users);
    p->users = NULL;
    p->n = 0;
    if (q_users(UI.k, ROLE_NONE, 0, &p->users, &p->n)) ui_fail(KS_ERROR);
    p->list.n = (int)p->n;
    ui_list_clamp(&p->list);
}

static bool init(screen *s, const void *arg)
{
    (void)arg;
    picker *p = s->st;
    p->list = (ui_list){.ctx = p, .draw_row = draw_row};
    s->list = &p->list;
    return true;
}

static void close_(screen *s)
{
    picker *p = s->st;
    kuser_free(&p->users);
}

static int quit(screen *s)
{
    (void)s;
    return UI_QUIT;
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "この利用者で開く", "選んだ利用者として操作する（デモ用データベースのみ）", pick, ui_has_selection},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_PICKER = {
    .title = "利用者の選択（デモ）", .size = sizeof(picker), .init = init, .draw = draw, .on_show = on_show,
    .close = close_, .back = quit, .actions = ACTIONS,
};
