/* The demo database's picker: act as each role in turn. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/ui.h"

typedef struct picker {
    kuser *users;
    size_t n;
    int sel, first;
} picker;

static const ui_action ACTIONS[] = {
    {"Enter", "この利用者で開く", "選んだ利用者として操作する（デモ用データベースのみ）"},
    {NULL, NULL, NULL},
};

static void draw(screen *s)
{
    picker *p = s->st;
    int y = ui_top();
    ui_puts(y++, 1, "デモ用データベースです。操作する利用者（役割）を選んでください。", 0);
    y++;
    ui_put(y, 3, 12, "氏名", ui_attr_header());
    ui_put(y, 16, 16, "部局", ui_attr_header());
    ui_put(y, 33, 34, "役割", ui_attr_header());
    ui_put(y, 68, UI.cols - 68, "ログイン", ui_attr_header());
    y++;
    int rows = ui_bottom() - y + 1;
    if (p->sel < p->first) p->first = p->sel;
    if (p->sel >= p->first + rows) p->first = p->sel - rows + 1;
    for (int i = 0; i < rows && p->first + i < (int)p->n; i++) {
        const kuser *u = &p->users[p->first + i];
        int attr = p->first + i == p->sel ? ui_attr_selected() : 0;
        ui_put(y + i, 0, UI.cols, "", attr);
        ui_put(y + i, 3, 12, u->name, attr);
        ui_put(y + i, 16, 16, *u->dept_name ? u->dept_name : "－", attr);
        ui_put(y + i, 33, 34, role_label(u->role), attr);
        ui_put(y + i, 68, UI.cols - 68, u->login, attr);
    }
}

static int on_key(screen *s, wint_t ch, bool fkey)
{
    picker *p = s->st;
    if (fkey) {
        if (ch == KEY_UP && p->sel > 0) p->sel--;
        else if (ch == KEY_DOWN && p->sel + 1 < (int)p->n) p->sel++;
        else if (ch == KEY_ENTER) goto pick;
        return UI_HANDLED;
    }
    if (ch == 'k' && p->sel > 0) p->sel--;
    else if (ch == 'j' && p->sel + 1 < (int)p->n) p->sel++;
    else if (ch == '\r' || ch == '\n') goto pick;
    else if (ch == 'q' || ch == 27) return UI_QUIT;
    else return UI_UNHANDLED;
    return UI_HANDLED;
pick:
    if (!p->n) return UI_HANDLED;
    if (kumo_login(UI.k, p->users[p->sel].login)) {
        ui_fail(KS_DENIED);
        return UI_HANDLED;
    }
    ui_info("%s（%s）として操作します（u で利用者切替）", kumo_me(UI.k)->name, role_label(kumo_me(UI.k)->role));
    ui_push(screen_home_new());
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    picker *p = s->st;
    kumo_logout(UI.k);  /* back at the picker: nobody is acting until a user is chosen */
    free(p->users);
    p->users = NULL;
    p->n = 0;
    if (q_users(UI.k, NULL, 0, &p->users, &p->n)) ui_fail(KS_ERROR);
    if (p->sel >= (int)p->n) p->sel = 0;
}

static void close_(screen *s)
{
    picker *p = s->st;
    free(p->users);
    free(p);
}

static const screen_ops OPS = {"利用者の選択（デモ）", draw, on_key, on_show, close_, ACTIONS};

screen *screen_picker_new(void)
{
    picker *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    return ui_new_screen(&OPS, p, NULL);
}
