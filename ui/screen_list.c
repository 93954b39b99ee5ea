/* 申請一覧: filters (状態, 部局, 機密性), incremental search (Japanese of any length), keyset paging. */
#include "ui/screen_list.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/pickers.h"
#include "ui/screen_app.h"
#include "ui/searchbox.h"
#include "ui/ui.h"

#define LIST_MAX 200

static const char *const STATES[] = {NULL, "draft", "submitted", "returned", "approved", "rejected"};
static const char *const STATE_NAMES[] = {"すべて", "下書き", "申請中", "差戻し", "承認済", "却下"};
static const char *const CONFS[] = {NULL, "1", "2", "3C", "3B"};
static const char *const CONF_NAMES[] = {"すべて", "1", "2", "3C", "3B"};

typedef struct list {
    int state_i, conf_i;
    int64_t dept_id;
    char dept_name[128];
    ui_search search;
    kapp_row rows[LIST_MAX];
    ui_list list;
    q_count count;            /* counted between keystrokes (idle) */
} list;

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static kapp_filter filter_of(const list *l)
{
    kapp_filter f = {0};
    f.state = STATES[l->state_i];
    f.conf = CONFS[l->conf_i];
    f.dept_id = l->dept_id;
    f.search = *l->search.text ? l->search.text : NULL;
    return f;
}

/* Loads the page of rows older than `before` (0 = from the newest), or the page of rows newer than `after`
   (-1 = the oldest page). False when there are no rows there (nothing changed). */
static bool load(list *l, int64_t before, int64_t after)
{
    kapp_filter f = filter_of(l);
    int want = page_rows();
    if (want > LIST_MAX - 1) want = LIST_MAX - 1;
    if (want < 1) want = 1;
    kapp_row tmp[LIST_MAX];
    int n = 0;
    /* one extra row tells whether there is more beyond this page */
    if (q_apps_page(UI.k, &f, before, after, want + 1, tmp, &n)) {
        ui_fail(KS_ERROR);
        return false;
    }
    if (after != 0) {
        if (n == 0 && after > 0) return false; /* nothing above */
        l->list.more_above = n > want;
        int skip = n > want ? n - want : 0; /* rows came newest-first; the extra is the top one */
        l->list.n = n - skip;
        memcpy(l->rows, tmp + skip, (size_t)l->list.n * sizeof *tmp);
        l->list.more_below = after > 0;
    } else {
        if (before > 0 && n == 0) return false; /* nothing below */
        l->list.more_below = n > want;
        l->list.n = n > want ? want : n;
        memcpy(l->rows, tmp, (size_t)l->list.n * sizeof *tmp);
        /* more above only when a newer row exists (a reload at the top starts just below it) */
        int above = 0;
        l->list.more_above = before > 0 && l->list.n > 0 &&
                             q_apps_page(UI.k, &f, 0, l->rows[0].id, 1, tmp, &above) == KS_OK && above > 0;
    }
    return true;
}

static bool fetch(void *ctx, ui_page page)
{
    list *l = ctx;
    int n = l->list.n;
    switch (page) {
    case UI_PAGE_FIRST: return load(l, 0, 0);
    case UI_PAGE_NEXT: return n > 0 && load(l, l->rows[n - 1].id, 0);
    case UI_PAGE_PREV: return n > 0 && load(l, 0, l->rows[0].id);
    case UI_PAGE_LAST: return load(l, 0, -1);
    }
    return false;
}

/* The filter changed: the first page now, the count afterwards (idle). */
static void reload(list *l)
{
    load(l, 0, 0);
    ui_list_reset(&l->list);
    q_count_reset(&l->count);
}

static bool idle(screen *s)
{
    list *l = s->st;
    if (l->count.done) return false;
    kapp_filter f = filter_of(l);
    q_apps_count_step(UI.k, &f, &l->count);
    return true;
}

static void search_changed(screen *s) { reload(s->st); }

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const list *l = ctx;
    const kapp_row *r = &l->rows[i];
    bool wide = UI.cols >= 100;
    int wname = UI.cols - 2 - 9 - 7 - 5 - (ui_dept_width() + 1) - 11 - (wide ? 13 : 0);
    int attr = selected ? ui_attr_selected() : !strcmp(r->state, "returned") ? ui_attr_flag() : 0;
    int x = 1;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, x, 8, *r->app_no ? r->app_no : "未採番", attr); x += 9;
    ui_put(y, x, 6, state_label(r->state), attr); x += 7;
    ui_put(y, x, 4, r->conf, attr); x += 5;
    ui_put(y, x, ui_dept_width(), r->dept, attr); x += ui_dept_width() + 1;
    ui_put(y, x, wname, *r->service_name ? r->service_name : "（名称未入力）", attr); x += wname + 1;
    if (wide) { ui_put(y, x, 12, r->applicant, attr); x += 13; }
    ui_put(y, x, 10, r->applied_on, attr);
}

static void draw(screen *s)
{
    list *l = s->st;
    char right[64];
    ui_count_label(&l->count, "", right, sizeof right);
    ui_title(s->title, right);
    int y = ui_top();
    char line[768];
    snprintf(line, sizeof line, "状態:%s  部局:%s  機密性:%s  検索:", STATE_NAMES[l->state_i],
             l->dept_id ? l->dept_name : "すべて", CONF_NAMES[l->conf_i]);
    int x = ui_puts(y, 1, line, 0) + 1;
    y++;
    bool wide = UI.cols >= 100;
    int wname = UI.cols - 2 - 9 - 7 - 5 - (ui_dept_width() + 1) - 11 - (wide ? 13 : 0);
    int hx = 1;
    int ha = ui_attr_header();
    ui_put(y, hx, 8, "申請番号", ha); hx += 9;
    ui_put(y, hx, 6, "状態", ha); hx += 7;
    ui_put(y, hx, 4, "機密", ha); hx += 5;
    ui_put(y, hx, ui_dept_width(), "部局", ha); hx += ui_dept_width() + 1;
    ui_put(y, hx, wname, "クラウドサービス名", ha); hx += wname + 1;
    if (wide) { ui_put(y, hx, 12, "申請者", ha); hx += 13; }
    ui_put(y, hx, 10, "申請日", ha);
    y++;
    if (l->list.n == 0)
        ui_puts(y, 2, *l->search.text || l->state_i || l->conf_i || l->dept_id
                          ? "条件に合う申請はありません（z で絞込みを解除）" : "申請はまだありません",
                ui_attr_dim());
    ui_list_draw(&l->list, y, ui_bottom() - y + 1);
    ui_search_draw(&l->search, ui_top(), x, UI.cols - x - 1, "（/ で入力）");
}

static int open_app(screen *s)
{
    list *l = s->st;
    int i = ui_list_sel(&l->list);
    if (i >= 0) ui_open_id(&SCREEN_APP, l->rows[i].id);
    return UI_HANDLED;
}

static int search(screen *s)
{
    list *l = s->st;
    ui_search_start(&l->search);
    return UI_HANDLED;
}

static int cycle_state(screen *s)
{
    list *l = s->st;
    l->state_i = (l->state_i + 1) % (int)(sizeof STATES / sizeof STATES[0]);
    reload(l);
    return UI_HANDLED;
}

static int cycle_conf(screen *s)
{
    list *l = s->st;
    l->conf_i = (l->conf_i + 1) % (int)(sizeof CONFS / sizeof CONFS[0]);
    reload(l);
    return UI_HANDLED;
}

static int choose_dept(screen *s)
{
    list *l = s->st;
    if (ui_choose_dept("部局で絞り込む", &l->dept_id, l->dept_name, sizeof l->dept_name) >= 0) reload(l);
    return UI_HANDLED;
}

static int clear_filters(screen *s)
{
    list *l = s->st;
    l->state_i = l->conf_i = 0;
    l->dept_id = 0;
    ui_search_clear(&l->search);
    reload(l);
    return UI_HANDLED;
}

static int export_xlsx(screen *s)
{
    list *l = s->st;
    /* what the list shows: its filters and search, the same filter it pages with */
    kapp_filter f = filter_of(l);
    char def[256], filter[600], hint[800];
    kdate t = date_today();
    snprintf(def, sizeof def, "申請一覧_%04d%02d%02d.xlsx", t.y, t.m, t.d);
    export_applications_filter_text(UI.k, &f, filter, sizeof filter);
    snprintf(hint, sizeof hint, "%s%s。Excel ファイル、既存のファイルは完成後に置き換えます", *filter ? "絞込み: " : "絞込みなし",
             filter);
    char *path = ui_prompt_path("申請一覧の出力先", hint, def);
    if (!path) return UI_HANDLED;
    size_t rows = 0;
    kstatus st = export_applications_xlsx(UI.k, &f, path, &rows);
    if (st) ui_fail(st);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    free(path);
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    list *l = s->st;
    /* keep the position: reload the page that starts at the current first row */
    if (l->list.n > 0 && load(l, l->rows[0].id + 1, 0)) {
        ui_list_clamp(&l->list);
        q_count_reset(&l->count);
    } else {
        reload(l);
    }
}

static bool init(screen *s, const void *arg)
{
    (void)arg;
    list *l = s->st;
    l->list = (ui_list){.ctx = l, .fetch = fetch, .draw_row = draw_row};
    l->search.changed = search_changed;
    s->list = &l->list;
    s->search = &l->search;
    return true;
}

static void close_(screen *s)
{
    list *l = s->st;
    ui_search_free(&l->search);
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだ申請を開く", open_app, ui_has_selection},
    {{'/'}, "検索", "クラウドサービス名・提供者・申請番号・申請者で絞り込む（入力するたびに更新、日本語可）", search, NULL},
    {{'s'}, "状態", "状態で絞り込む（押すたびに切替）", cycle_state, NULL},
    {{'d'}, "部局", "部局で絞り込む", choose_dept, NULL},
    {{'c'}, "機密性", "機密性で絞り込む（押すたびに切替）", cycle_conf, NULL},
    {{'x'}, "Excel出力", "表示中の申請（状態・部局・機密性の絞込みと検索のとおり）を Excel（申請一覧）に出力する", export_xlsx, NULL},
    {{'z'}, "解除", "絞込みをすべて解除する", clear_filters, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_LIST = {
    .title = "申請一覧", .size = sizeof(list), .init = init, .draw = draw, .on_show = on_show, .close = close_,
    .idle = idle, .actions = ACTIONS,
};
