/* 承認済みクラウドサービス台帳: one row per service, keyset pages by 承認番号, search, Excel output. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "ui/editbuf.h"
#include "ui/screen_app.h"
#include "ui/ui.h"

#define REG_MAX 200

typedef struct reg {
    kservice rows[REG_MAX];
    int n, sel;
    bool more_below, more_above;
    bool terminated;
    char search[256];
    bool searching;
    editbuf sb;
    int64_t total;
} reg;

static const ui_action ACTIONS[] = {
    {"Enter", "開く", "選んだサービスを開く（利用状況確認・終了連絡・変更申請）"},
    {"/", "検索", "名称・提供者・承認番号で絞り込む（日本語可）"},
    {"t", "終了含む", "終了したサービスも表示する／隠す"},
    {"h", "履歴", "選んだサービスの履歴"},
    {"x", "出力", "台帳を Excel（.xlsx）又は CSV に出力する"},
    {NULL, NULL, NULL},
};

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static kservice_filter filter_of(const reg *r)
{
    kservice_filter f = {.include_terminated = r->terminated, .search = *r->search ? r->search : NULL};
    return f;
}

static void load(reg *r, const char *after, const char *before)
{
    kservice_filter f = filter_of(r);
    int want = page_rows();
    if (want > REG_MAX - 1) want = REG_MAX - 1;
    if (want < 1) want = 1;
    static kservice tmp[REG_MAX];
    int n = 0;
    if (q_services_page(UI.k, &f, after, before, want + 1, tmp, &n)) {
        ui_fail(KS_ERROR);
        return;
    }
    if (before && *before) {
        if (n == 0) return;
        r->more_above = n > want;
        int skip = n > want ? 1 : 0;
        r->n = n - skip;
        memcpy(r->rows, tmp + skip, (size_t)r->n * sizeof *tmp);
        r->more_below = true;
    } else {
        if (after && *after && n == 0) return;
        r->more_below = n > want;
        r->n = n > want ? want : n;
        memcpy(r->rows, tmp, (size_t)r->n * sizeof *tmp);
        int above = 0;
        r->more_above = after && *after && r->n > 0 &&
                        q_services_page(UI.k, &f, NULL, r->rows[0].approval_no, 1, tmp, &above) == KS_OK && above > 0;
    }
    if (q_services_count(UI.k, &f, &r->total)) r->total = -1;
}

static void reload(reg *r)
{
    r->sel = 0;
    load(r, NULL, NULL);
}

static void draw(screen *s)
{
    reg *r = s->st;
    char right[64];
    snprintf(right, sizeof right, "全 %lld 件%s", (long long)r->total, r->terminated ? "（終了を含む）" : "");
    ui_title(s->title, right);
    int y = ui_top();
    int x = ui_puts(y, 1, "検索:", 0) + 2;
    int sw = UI.cols - x - 1;
    if (r->searching) {
        int cx = editbuf_view(&r->sb, sw);
        char vis[1024];
        editbuf_visible(&r->sb, sw, vis, sizeof vis);
        ui_put(y, x, sw, vis, A_UNDERLINE);
        move(y, x + cx);
        curs_set(1);
    } else {
        ui_put(y, x, sw, *r->search ? r->search : "（/ で入力）", *r->search ? (int)A_BOLD : ui_attr_dim());
    }
    y++;
    bool wide = UI.cols >= 110;
    int wname = UI.cols - 1 - 13 - 7 - 5 - 13 - 11 - (wide ? 13 : 0);
    int ha = ui_attr_header(), hx = 1;
    ui_put(y, hx, 12, "承認番号", ha); hx += 13;
    ui_put(y, hx, 6, "状態", ha); hx += 7;
    ui_put(y, hx, 4, "機密", ha); hx += 5;
    ui_put(y, hx, 12, "部局", ha); hx += 13;
    ui_put(y, hx, wname, "クラウドサービス名", ha); hx += wname + 1;
    if (wide) { ui_put(y, hx, 12, "管理者", ha); hx += 13; }
    ui_put(y, hx, 10, "確認期限", ha);
    y++;
    kdate today = date_today();
    if (r->n == 0)
        ui_puts(y, 2, *r->search ? "検索に合うサービスはありません" : "登録されているサービスはありません", ui_attr_dim());
    for (int i = 0; i < r->n && y + i <= ui_bottom(); i++) {
        const kservice *sv = &r->rows[i];
        const char *st = service_status_label(sv, today);
        int attr = i == r->sel ? ui_attr_selected() : !strcmp(st, "要対応") ? ui_attr_warn()
                                                    : !strcmp(st, "終了") ? ui_attr_dim() : 0;
        int xx = 1;
        ui_put(y + i, 0, UI.cols, "", attr);
        ui_put(y + i, xx, 12, sv->approval_no, attr); xx += 13;
        ui_put(y + i, xx, 6, st, attr); xx += 7;
        ui_put(y + i, xx, 4, sv->conf, attr); xx += 5;
        ui_put(y + i, xx, 12, sv->dept, attr); xx += 13;
        ui_put(y + i, xx, wname, sv->name, attr); xx += wname + 1;
        if (wide) { ui_put(y + i, xx, 12, sv->manager, attr); xx += 13; }
        ui_put(y + i, xx, 10, sv->next_review_due, attr);
    }
    if (r->more_above) ui_puts(ui_top() + 1, UI.cols - 3, "^", ui_attr_dim());
    if (r->more_below) ui_puts(ui_bottom(), UI.cols - 3, "v", ui_attr_dim());
}

static void move_sel(reg *r, int d)
{
    int ns = r->sel + d;
    if (ns < 0) {
        if (r->more_above && r->n) {
            char top[24];
            snprintf(top, sizeof top, "%s", r->rows[0].approval_no);
            load(r, NULL, top);
            r->sel = r->n - 1;
        }
    } else if (ns >= r->n) {
        if (r->more_below && r->n) {
            char last[24];
            snprintf(last, sizeof last, "%s", r->rows[r->n - 1].approval_no);
            load(r, last, NULL);
            r->sel = 0;
        }
    } else {
        r->sel = ns;
    }
}

static void export_register(const reg *r)
{
    const char *const formats[] = {"Excel（.xlsx）", "CSV（UTF-8 BOM付き・Excel で開けます）", "CSV（CP932・旧来の Excel 用）"};
    int f = ui_choose("出力する形式", formats, 3, 0);
    if (f < 0) return;
    char def[512];
    const char *home = getenv("HOME");
    kdate t = date_today();
    snprintf(def, sizeof def, "%s/承認済みクラウドサービス台帳_%04d%02d%02d.%s", home ? home : ".", t.y, t.m, t.d,
             f == 0 ? "xlsx" : "csv");
    char *path = ui_prompt("台帳の出力先", r->terminated ? "終了したサービスも含めて出力します" : "利用中のサービスを出力します（t で終了したサービスも含める）",
                           def, 400);
    if (!path) return;
    size_t rows = 0;
    kstatus s = f == 0 ? export_register_xlsx(UI.k, path, r->terminated, &rows)
                       : export_register_csv(UI.k, path, f == 1 ? CSV_ENC_UTF8 : CSV_ENC_CP932, r->terminated, &rows);
    if (s) ui_fail(s);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    free(path);
}

static int search_key(reg *r, wint_t ch, bool fkey)
{
    bool changed = false;
    if (fkey) {
        if (ch == KEY_LEFT) editbuf_left(&r->sb);
        else if (ch == KEY_RIGHT) editbuf_right(&r->sb);
        else if (ch == KEY_BACKSPACE) { editbuf_backspace(&r->sb); changed = true; }
        else if (ch == KEY_ENTER || ch == KEY_DOWN) r->searching = false;
    } else if (ch == '\r' || ch == '\n') {
        r->searching = false;
    } else if (ch == 27) {
        r->searching = false;
        editbuf_kill_to_start(&r->sb);
        editbuf_kill_to_end(&r->sb);
        changed = true;
    } else if (ch == 127 || ch == 8) {
        editbuf_backspace(&r->sb);
        changed = true;
    } else if (ch == 21) { /* Ctrl-U */
        editbuf_kill_to_start(&r->sb);
        changed = true;
    } else if (ch >= 0x20) {
        changed = editbuf_insert(&r->sb, (wchar_t)ch);
    }
    if (!r->searching) curs_set(0);
    if (changed) {
        char *t = editbuf_to_utf8(&r->sb);
        snprintf(r->search, sizeof r->search, "%s", t ? t : "");
        free(t);
        reload(r);
    }
    return UI_HANDLED;
}

static int on_key(screen *s, wint_t ch, bool fkey)
{
    reg *r = s->st;
    if (r->searching) return search_key(r, ch, fkey);
    if (fkey) {
        if (ch == KEY_UP) move_sel(r, -1);
        else if (ch == KEY_DOWN) move_sel(r, 1);
        else if (ch == KEY_NPAGE) move_sel(r, r->n - r->sel);
        else if (ch == KEY_PPAGE) move_sel(r, -r->sel - 1);
        else if (ch == KEY_ENTER) goto open;
        return UI_HANDLED;
    }
    switch (ch) {
    case 'k': move_sel(r, -1); return UI_HANDLED;
    case 'j': move_sel(r, 1); return UI_HANDLED;
    case '/':
        r->searching = true;
        editbuf_free(&r->sb);
        editbuf_init(&r->sb, r->search, 40);
        return UI_HANDLED;
    case 't': r->terminated = !r->terminated; reload(r); return UI_HANDLED;
    case 'x': export_register(r); return UI_HANDLED;
    case 'h':
        if (r->sel < r->n) {
            char t[512];
            snprintf(t, sizeof t, "履歴 %s %s", r->rows[r->sel].approval_no, r->rows[r->sel].name);
            ui_show_history(0, r->rows[r->sel].id, t);
        }
        return UI_HANDLED;
    case '\r':
    case '\n': goto open;
    default: return UI_UNHANDLED;
    }
open:
    if (r->sel < r->n) ui_push(screen_service_new(r->rows[r->sel].id));
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    reg *r = s->st;
    int sel = r->sel;
    if (r->n > 0) {
        char before_first[24];
        snprintf(before_first, sizeof before_first, "%s", r->rows[0].approval_no);
        /* reload from just before the first row shown */
        before_first[strlen(before_first) - 1]--;
        load(r, before_first, NULL);
        r->sel = sel < r->n ? sel : r->n - 1;
    } else {
        reload(r);
    }
}

static void close_(screen *s)
{
    reg *r = s->st;
    editbuf_free(&r->sb);
    curs_set(0);
    free(r);
}

static const screen_ops OPS = {"承認済みクラウドサービス台帳", draw, on_key, on_show, close_, ACTIONS};

screen *screen_register_new(void)
{
    reg *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    return ui_new_screen(&OPS, r, NULL);
}
