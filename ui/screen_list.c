/* 申請一覧: filters (状態, 部局, 機密性), incremental search (Japanese of any length), keyset paging. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "forms/text.h"
#include "ui/editbuf.h"
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
    char search[256];
    bool searching;
    editbuf sb;
    kapp_row rows[LIST_MAX];
    int n, sel;
    bool more_below, more_above;
    int64_t total;
} list;

static const ui_action ACTIONS[] = {
    {"Enter", "開く", "選んだ申請を開く"},
    {"/", "検索", "クラウドサービス名・提供者・申請番号・申請者で絞り込む（入力するたびに更新、日本語可）"},
    {"s", "状態", "状態で絞り込む（押すたびに切替）"},
    {"d", "部局", "部局で絞り込む"},
    {"c", "機密性", "機密性で絞り込む（押すたびに切替）"},
    {"z", "解除", "絞込みをすべて解除する"},
    {"x", "Excel出力", "閲覧できるすべての申請を Excel（申請一覧）に出力する"},
    {NULL, NULL, NULL},
};

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static kapp_filter filter_of(const list *l)
{
    kapp_filter f = {0};
    f.state = STATES[l->state_i];
    f.conf = CONFS[l->conf_i];
    f.dept_id = l->dept_id;
    f.search = *l->search ? l->search : NULL;
    return f;
}

/* Loads the page below `before` (0 = the newest), or the page above `after`. */
static void load(list *l, int64_t before, int64_t after)
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
        return;
    }
    if (after > 0) {
        if (n == 0) return; /* nothing above */
        l->more_above = n > want;
        int skip = n > want ? n - want : 0; /* rows came newest-first; the extra is the top one */
        l->n = n - skip;
        memcpy(l->rows, tmp + skip, (size_t)l->n * sizeof *tmp);
        l->more_below = true;
    } else {
        if (before > 0 && n == 0) return; /* nothing below */
        l->more_below = n > want;
        l->n = n > want ? want : n;
        memcpy(l->rows, tmp, (size_t)l->n * sizeof *tmp);
        /* more above only when a newer row exists (a reload at the top starts just below it) */
        int above = 0;
        l->more_above = before > 0 && l->n > 0 && q_apps_page(UI.k, &f, 0, l->rows[0].id, 1, tmp, &above) == KS_OK &&
                        above > 0;
    }
    if (q_apps_count(UI.k, &f, &l->total)) l->total = -1;
}

static void reload(list *l)
{
    l->sel = 0;
    load(l, 0, 0);
}

static void draw(screen *s)
{
    list *l = s->st;
    char right[64];
    snprintf(right, sizeof right, "全 %lld 件", (long long)l->total);
    ui_title(s->title, right);
    int y = ui_top();
    char line[768];
    snprintf(line, sizeof line, "状態:%s  部局:%s  機密性:%s  検索:", STATE_NAMES[l->state_i],
             l->dept_id ? l->dept_name : "すべて", CONF_NAMES[l->conf_i]);
    int x = ui_puts(y, 1, line, 0) + 1;
    int sw = UI.cols - x - 1;
    if (l->searching) {
        int cx = editbuf_view(&l->sb, sw);
        char vis[1024];
        editbuf_visible(&l->sb, sw, vis, sizeof vis);
        ui_put(y, x, sw, vis, A_UNDERLINE);
        move(y, x + cx);
    } else {
        ui_put(y, x, sw, *l->search ? l->search : "（/ で入力）", *l->search ? (int)A_BOLD : ui_attr_dim());
    }
    y++;
    bool wide = UI.cols >= 100;
    int wname = UI.cols - 1 - 9 - 7 - 5 - 13 - 11 - (wide ? 13 : 0);
    int hx = 1;
    int ha = ui_attr_header();
    ui_put(y, hx, 8, "申請番号", ha); hx += 9;
    ui_put(y, hx, 6, "状態", ha); hx += 7;
    ui_put(y, hx, 4, "機密", ha); hx += 5;
    ui_put(y, hx, 12, "部局", ha); hx += 13;
    ui_put(y, hx, wname, "クラウドサービス名", ha); hx += wname + 1;
    if (wide) { ui_put(y, hx, 12, "申請者", ha); hx += 13; }
    ui_put(y, hx, 10, "申請日", ha);
    y++;
    if (l->n == 0)
        ui_puts(y, 2, *l->search || l->state_i || l->conf_i || l->dept_id ? "条件に合う申請はありません（z で絞込みを解除）"
                                                                          : "申請はまだありません",
                ui_attr_dim());
    for (int i = 0; i < l->n && y + i <= ui_bottom(); i++) {
        const kapp_row *r = &l->rows[i];
        int attr = i == l->sel ? ui_attr_selected() : !strcmp(r->state, "returned") ? ui_attr_flag() : 0;
        int xx = 1;
        ui_put(y + i, 0, UI.cols, "", attr);
        ui_put(y + i, xx, 8, *r->app_no ? r->app_no : "未採番", attr); xx += 9;
        ui_put(y + i, xx, 6, state_label(r->state), attr); xx += 7;
        ui_put(y + i, xx, 4, r->conf, attr); xx += 5;
        ui_put(y + i, xx, 12, r->dept, attr); xx += 13;
        ui_put(y + i, xx, wname, *r->service_name ? r->service_name : "（名称未入力）", attr); xx += wname + 1;
        if (wide) { ui_put(y + i, xx, 12, r->applicant, attr); xx += 13; }
        ui_put(y + i, xx, 10, r->applied_on, attr);
    }
    if (l->more_above) ui_puts(ui_top() + 1, UI.cols - 3, "^", ui_attr_dim());
    if (l->more_below) ui_puts(ui_bottom(), UI.cols - 3, "v", ui_attr_dim());
    if (l->searching) curs_set(1);
}

static void move_sel(list *l, int d)
{
    int ns = l->sel + d;
    if (ns < 0) {
        if (l->more_above && l->n) {
            int64_t top = l->rows[0].id;
            load(l, 0, top);
            l->sel = l->n - 1;
            for (int i = 0; i < l->n; i++)
                if (l->rows[i].id == top) l->sel = i > 0 ? i - 1 : 0;
        }
        return;
    }
    if (ns >= l->n) {
        if (l->more_below && l->n) {
            int64_t last = l->rows[l->n - 1].id;
            load(l, last, 0);
            l->sel = 0;
        }
        return;
    }
    l->sel = ns;
}

static void page(list *l, int dir)
{
    if (dir > 0 && l->more_below && l->n) {
        load(l, l->rows[l->n - 1].id, 0);
        l->sel = 0;
    } else if (dir < 0 && l->more_above && l->n) {
        load(l, 0, l->rows[0].id);
        l->sel = 0;
    } else {
        l->sel = dir > 0 ? l->n - 1 : 0;
    }
}

static int search_key(list *l, wint_t ch, bool fkey)
{
    bool changed = false;
    if (fkey) {
        switch (ch) {
        case KEY_LEFT: editbuf_left(&l->sb); break;
        case KEY_RIGHT: editbuf_right(&l->sb); break;
        case KEY_BACKSPACE: editbuf_backspace(&l->sb); changed = true; break;
        case KEY_DC: editbuf_delete(&l->sb); changed = true; break;
        case KEY_ENTER: l->searching = false; break;
        case KEY_DOWN: l->searching = false; break;
        default: break;
        }
    } else if (ch == '\r' || ch == '\n') {
        l->searching = false;
    } else if (ch == 27) {
        l->searching = false;
        editbuf_kill_to_start(&l->sb);
        editbuf_kill_to_end(&l->sb);
        changed = true;
    } else if (ch == 127 || ch == 8) {
        editbuf_backspace(&l->sb);
        changed = true;
    } else if (ch == 21) {
        editbuf_kill_to_start(&l->sb);
        changed = true;
    } else if (ch >= 0x20) {
        changed = editbuf_insert(&l->sb, (wchar_t)ch);
    }
    if (!l->searching) curs_set(0);
    if (changed) {
        char *t = editbuf_to_utf8(&l->sb);
        snprintf(l->search, sizeof l->search, "%s", t ? t : "");
        free(t);
        reload(l);
    }
    return UI_HANDLED;
}

static int on_key(screen *s, wint_t ch, bool fkey)
{
    list *l = s->st;
    if (l->searching) return search_key(l, ch, fkey);
    if (fkey) {
        switch (ch) {
        case KEY_UP: move_sel(l, -1); break;
        case KEY_DOWN: move_sel(l, 1); break;
        case KEY_NPAGE: page(l, 1); break;
        case KEY_PPAGE: page(l, -1); break;
        case KEY_HOME: reload(l); break;
        case KEY_ENTER: goto open;
        default: break;
        }
        return UI_HANDLED;
    }
    switch (ch) {
    case 'k': move_sel(l, -1); return UI_HANDLED;
    case 'j': move_sel(l, 1); return UI_HANDLED;
    case ' ': page(l, 1); return UI_HANDLED;
    case '/':
        l->searching = true;
        editbuf_free(&l->sb);
        editbuf_init(&l->sb, l->search, 40);
        return UI_HANDLED;
    case 's':
        l->state_i = (l->state_i + 1) % (int)(sizeof STATES / sizeof STATES[0]);
        reload(l);
        return UI_HANDLED;
    case 'c':
        l->conf_i = (l->conf_i + 1) % (int)(sizeof CONFS / sizeof CONFS[0]);
        reload(l);
        return UI_HANDLED;
    case 'd':
        if (ui_choose_dept("部局で絞り込む", &l->dept_id, l->dept_name, sizeof l->dept_name) >= 0) reload(l);
        return UI_HANDLED;
    case 'x': {
        char def[512];
        const char *home = getenv("HOME");
        kdate t = date_today();
        snprintf(def, sizeof def, "%s/申請一覧_%04d%02d%02d.xlsx", home ? home : ".", t.y, t.m, t.d);
        char *path = ui_prompt("申請一覧の出力先", "Excel ファイル。既存のファイルは完成後に置き換えます", def, 400);
        if (!path) return UI_HANDLED;
        size_t rows = 0;
        kstatus st = export_applications_xlsx(UI.k, path, &rows);
        if (st) ui_fail(st);
        else ui_info("%s に出力しました（%zu件）", path, rows);
        free(path);
        return UI_HANDLED;
    }
    case 'z':
        l->state_i = l->conf_i = 0;
        l->dept_id = 0;
        l->search[0] = 0;
        reload(l);
        return UI_HANDLED;
    case '\r':
    case '\n': goto open;
    default: return UI_UNHANDLED;
    }
open:
    if (l->sel >= 0 && l->sel < l->n) ui_push(screen_app_new(l->rows[l->sel].id));
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    list *l = s->st;
    /* keep the position: reload the page that starts at the current first row */
    if (l->n > 0) {
        int sel = l->sel;
        int64_t first = l->rows[0].id;
        load(l, first + 1, 0);
        l->sel = sel < l->n ? sel : l->n - 1;
    } else {
        reload(l);
    }
}

static void close_(screen *s)
{
    list *l = s->st;
    editbuf_free(&l->sb);
    curs_set(0);
    free(l);
}

static const screen_ops OPS = {"申請一覧", draw, on_key, on_show, close_, ACTIONS};

screen *screen_list_new(const char *state, const char *title)
{
    list *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    for (size_t i = 1; state && i < sizeof STATES / sizeof STATES[0]; i++)
        if (!strcmp(STATES[i], state)) l->state_i = (int)i;
    return ui_new_screen(&OPS, l, title);
}
