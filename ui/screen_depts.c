/* 部局の一覧 (システム管理者): every 部局 with its active users and services; adding, renaming and retiring (廃止: offered
   for nothing new, its records keep it) or bringing one back. The rules are app/admin.c's. */
#include "ui/screen_depts.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "ui/dialog.h"
#include "ui/ui.h"

typedef struct depts {
    kdept *v;
    size_t n;
    ui_list list;
} depts;

static void load(depts *d)
{
    kdept_free(&d->v);
    d->n = 0;
    if (admin_depts(UI.k, &d->v, &d->n)) ui_fail(KS_ERROR);
    d->list.n = (int)d->n;
    ui_list_clamp(&d->list);
}

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const depts *d = ctx;
    const kdept *x = &d->v[i];
    int attr = selected ? ui_attr_selected() : x->active ? 0 : ui_attr_dim();
    char users[32], services[32];
    snprintf(users, sizeof users, "%lld人", (long long)x->users);
    snprintf(services, sizeof services, "%lld件%s", (long long)x->services,
             x->services >= DB_DEPT_SERVICES_MAX ? "以上" : "");
    int wn = UI.cols - 1 - 2 - 8 - 10 - 10;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, 2, wn - 1, x->name, attr);
    ui_put(y, 2 + wn, 6, x->active ? "有効" : "廃止", attr);
    ui_put(y, 2 + wn + 8, 8, users, attr);
    ui_put(y, 2 + wn + 18, 10, services, attr);
}

static void draw(screen *s)
{
    depts *d = s->st;
    size_t active = 0;
    for (size_t i = 0; i < d->n; i++) active += d->v[i].active;
    char right[64];
    snprintf(right, sizeof right, "有効 %zu | 廃止 %zu", active, d->n - active);
    ui_title(s->title, right);
    int y = ui_top(), ha = ui_attr_header();
    int wn = UI.cols - 1 - 2 - 8 - 10 - 10;
    ui_put(y, 2, wn - 1, "部局名", ha);
    ui_put(y, 2 + wn, 6, "状態", ha);
    ui_put(y, 2 + wn + 8, 8, "利用者", ha);
    ui_put(y, 2 + wn + 18, 8, "サービス", ha);
    y++;
    if (d->n == 0) ui_puts(y, 2, "部局はまだありません。n で追加してください", ui_attr_dim());
    ui_list_draw(&d->list, y, ui_bottom() - y + 1);
}

static const kdept *selected(const screen *s)
{
    const depts *d = s->st;
    int i = ui_list_sel(&d->list);
    return i >= 0 ? &d->v[i] : NULL;
}

static int add(screen *s)
{
    char *name = ui_prompt("部局の追加", "部局名（40文字以内）", "", 40);
    if (!name) return UI_HANDLED;
    kstatus st = admin_add_dept(UI.k, name);
    if (st) ui_fail(st);
    else ui_info("部局「%s」を追加しました", name);
    free(name);
    load(s->st);
    return UI_HANDLED;
}

static int rename_(screen *s)
{
    const kdept *x = selected(s);
    if (!x) return UI_HANDLED;
    char was[sizeof x->name], title[256];
    snprintf(was, sizeof was, "%s", x->name);
    snprintf(title, sizeof title, "部局名の変更（%s）", was);
    char *name = ui_prompt(title, "新しい部局名（40文字以内）。申請・台帳・利用者の部局は新しい名前で表示されます", was, 40);
    if (!name) return UI_HANDLED;
    kstatus st = admin_rename_dept(UI.k, was, name);
    if (st) ui_fail(st);
    else if (strcmp(was, name)) ui_info("部局「%s」を「%s」に変更しました（変更は監査証跡に残ります）", was, name);
    free(name);
    load(s->st);
    return UI_HANDLED;
}

static int retire(screen *s)
{
    const kdept *x = selected(s);
    if (!x) return UI_HANDLED;
    char name[sizeof x->name], q[512];
    snprintf(name, sizeof name, "%s", x->name);
    bool active = x->active;
    /* a 部局 with people in it cannot be retired: said before asking, not after the y */
    kstatus st = active ? admin_check_dept_retirable(UI.k, name) : KS_OK;
    if (st) {
        ui_fail(st);
        load(s->st);
        return UI_HANDLED;
    }
    if (active)
        snprintf(q, sizeof q,
                 "部局「%s」を廃止しますか？ 新しい利用者・申請には選べなくなります（利用中のサービス %lld件%sと記録は"
                 "そのまま残ります）",
                 name, (long long)x->services, x->services >= DB_DEPT_SERVICES_MAX ? "以上" : "");
    else snprintf(q, sizeof q, "部局「%s」を再び有効にしますか？", name);
    if (!ui_confirm(q)) return UI_HANDLED;
    st = admin_set_dept_active(UI.k, name, !active);
    if (st) ui_fail(st);
    else ui_info("部局「%s」を%sしました", name, active ? "廃止" : "再び有効に");
    load(s->st);
    return UI_HANDLED;
}

static bool is_active(const screen *s)
{
    const kdept *x = selected(s);
    return x && x->active;
}

static bool is_retired(const screen *s)
{
    const kdept *x = selected(s);
    return x && !x->active;
}

static void on_show(screen *s) { load(s->st); }

static bool init(screen *s, const void *arg)
{
    (void)arg;
    depts *d = s->st;
    d->list = (ui_list){.ctx = d, .draw_row = draw_row};
    s->list = &d->list;
    return true;
}

static void close_(screen *s)
{
    depts *d = s->st;
    kdept_free(&d->v);
}

static const ui_action ACTIONS[] = {
    {{'n'}, "部局追加", "部局を追加する", add, NULL},
    {{UK_ENTER}, "名称変更", "選んだ部局の名前を変える（組織改編）。記録は新しい名前で表示され、変更は監査証跡に残ります",
     rename_, ui_has_selection},
    {{'x'}, "廃止", "選んだ部局を廃止する（新しい利用者・申請には選べなくなる。在籍する利用者がいる間はできません）", retire,
     is_active},
    {{'x'}, "再開", "廃止した部局を再び有効にする", retire, is_retired},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_DEPTS = {
    .title = "部局の一覧", .size = sizeof(depts), .init = init, .draw = draw, .on_show = on_show, .close = close_,
    .actions = ACTIONS,
};
