/* 承認済みクラウドサービス台帳: one row per service, keyset pages by 承認番号, search, Excel output. */
#include "ui/screen_register.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "ui/dialog.h"
#include "ui/screen_app.h"
#include "ui/screen_users.h"
#include "ui/screen_service.h"
#include "ui/searchbox.h"
#include "ui/ui.h"

#define REG_MAX 200
/* Above every 承認番号 (U+10FFFF): the page before it is the last page. */
#define AFTER_EVERY_NO "\xf4\x8f\xbf\xbf"

typedef struct reg {
    kservice rows[REG_MAX];
    ui_list list;
    bool terminated;
    ui_search search;
    q_count count;            /* counted between keystrokes (idle) */
} reg;

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static kservice_filter filter_of(const reg *r)
{
    kservice_filter f = {.include_terminated = r->terminated, .search = *r->search.text ? r->search.text : NULL};
    return f;
}

/* Loads the page after 承認番号 `after` (NULL = from the first), or the page before `before`. False when there are
   no rows there (nothing changed). */
static bool load(reg *r, const char *after, const char *before)
{
    kservice_filter f = filter_of(r);
    int want = page_rows();
    if (want > REG_MAX - 1) want = REG_MAX - 1;
    if (want < 1) want = 1;
    static kservice tmp[REG_MAX];
    int n = 0;
    if (q_services_page(UI.k, &f, after, before, want + 1, tmp, &n)) {
        ui_fail(KS_ERROR);
        return false;
    }
    if (before && *before) {
        if (n == 0) return false;
        r->list.more_above = n > want;
        int skip = n > want ? 1 : 0;
        r->list.n = n - skip;
        memcpy(r->rows, tmp + skip, (size_t)r->list.n * sizeof *tmp);
        r->list.more_below = strcmp(before, AFTER_EVERY_NO) != 0;
    } else {
        if (after && *after && n == 0) return false;
        r->list.more_below = n > want;
        r->list.n = n > want ? want : n;
        memcpy(r->rows, tmp, (size_t)r->list.n * sizeof *tmp);
        int above = 0;
        r->list.more_above = after && *after && r->list.n > 0 &&
                             q_services_page(UI.k, &f, NULL, r->rows[0].approval_no, 1, tmp, &above) == KS_OK &&
                             above > 0;
    }
    return true;
}

static bool fetch(void *ctx, ui_page page)
{
    reg *r = ctx;
    char key[sizeof r->rows[0].approval_no];
    int n = r->list.n;
    switch (page) {
    case UI_PAGE_FIRST: return load(r, NULL, NULL);
    case UI_PAGE_NEXT:
        if (!n) return false;
        snprintf(key, sizeof key, "%s", r->rows[n - 1].approval_no);
        return load(r, key, NULL);
    case UI_PAGE_PREV:
        if (!n) return false;
        snprintf(key, sizeof key, "%s", r->rows[0].approval_no);
        return load(r, NULL, key);
    case UI_PAGE_LAST: return load(r, NULL, AFTER_EVERY_NO);
    }
    return false;
}

/* The filter changed: the first page now, the count afterwards (idle). */
static void reload(reg *r)
{
    load(r, NULL, NULL);
    ui_list_reset(&r->list);
    q_count_reset(&r->count);
}

static bool idle(screen *s)
{
    reg *r = s->st;
    if (r->count.done) return false;
    kservice_filter f = filter_of(r);
    q_services_count_step(UI.k, &f, &r->count);
    return true;
}

static void search_changed(screen *s) { reload(s->st); }

/* Wide terminals show the 区分 (§8-3/§8-4), the manager and the 条件 of a 条件付承認 as well (issue 9: columns of the
   register, as its workbook has them). */
#define REG_W_TRACK 5
#define REG_W_COND 20
static int name_width(bool wide)
{
    return UI.cols - 2 - 13 - 13 - 5 - (ui_dept_width() + 1) - 11 - (wide ? 13 + REG_W_TRACK + 1 + REG_W_COND + 1 : 0);
}

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const reg *r = ctx;
    const kservice *sv = &r->rows[i];
    bool wide = UI.cols >= 110;
    int wname = name_width(wide);
    const char *st = service_status_label(sv, date_today());
    int attr = selected ? ui_attr_selected() : !strcmp(st, "要対応") ? ui_attr_warn()
                                             : !strcmp(st, "終了") ? ui_attr_dim() : 0;
    int x = 1;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, x, 12, sv->approval_no, attr); x += 13;
    ui_put(y, x, 12, st, attr); x += 13;   /* 構築確認待ち, 終了処理中 */
    ui_put(y, x, 4, sv->conf, attr); x += 5;
    if (wide) { ui_put(y, x, REG_W_TRACK, register_track(sv->conf), attr); x += REG_W_TRACK + 1; }
    ui_put(y, x, ui_dept_width(), sv->dept, attr); x += ui_dept_width() + 1;
    ui_put(y, x, wname, sv->name, attr); x += wname + 1;
    if (wide) { ui_put(y, x, 12, sv->manager, attr); x += 13; }
    ui_put(y, x, 10, sv->next_review_due, attr); x += 11;
    if (wide) ui_put(y, x, REG_W_COND, sv->conditions, attr);
}

static void draw(screen *s)
{
    reg *r = s->st;
    char right[96];
    ui_count_label(&r->count, r->terminated ? "（終了を含む）" : "", right, sizeof right);
    ui_title(s->title, right);
    int y = ui_top();
    int x = ui_puts(y, 1, "検索:", 0) + 2;
    y++;
    bool wide = UI.cols >= 110;
    int wname = name_width(wide);
    int ha = ui_attr_header(), hx = 1;
    ui_put(y, hx, 12, "承認番号", ha); hx += 13;
    ui_put(y, hx, 12, "状態", ha); hx += 13;
    ui_put(y, hx, 4, "機密", ha); hx += 5;
    if (wide) { ui_put(y, hx, REG_W_TRACK, "区分", ha); hx += REG_W_TRACK + 1; }
    ui_put(y, hx, ui_dept_width(), "部局", ha); hx += ui_dept_width() + 1;
    ui_put(y, hx, wname, "クラウドサービス名", ha); hx += wname + 1;
    if (wide) { ui_put(y, hx, 12, "管理者", ha); hx += 13; }
    ui_put(y, hx, 10, "確認期限", ha); hx += 11;
    if (wide) ui_put(y, hx, REG_W_COND, "条件", ha);
    y++;
    if (r->list.n == 0)
        ui_puts(y, 2, *r->search.text ? "検索に合うサービスはありません" : "登録されているサービスはありません",
                ui_attr_dim());
    ui_list_draw(&r->list, y, ui_bottom() - y + 1);
    ui_search_draw(&r->search, ui_top(), x, UI.cols - x - 1, "（/ で入力）");
}

/* A CP932 export that met characters CP932 cannot hold: each one shown; true when the user wants the file anyway
   with 〓 in their place. */
static bool offer_replacement(const csv_report *r)
{
    size_t cap = 256 + r->n * 200;
    char *text = malloc(cap);
    if (!text) return false;
    size_t o = (size_t)snprintf(text, cap, "CP932 で表せない文字が %zu 件あります（UTF-8 の CSV ならそのまま出力できます）:\n\n",
                                r->total);
    char line[400];
    for (size_t i = 0; i < r->n && o < cap; i++) {
        csv_report_line(&r->v[i], line, sizeof line);
        o += (size_t)snprintf(text + o, cap - o, "%s\n", line);
    }
    if (r->total > r->n && o < cap) snprintf(text + o, cap - o, "…ほか %zu 件\n", r->total - r->n);
    ui_show_text("CP932 で出力できない文字", text);
    free(text);
    return ui_confirm("これらの文字を「〓」に置き換えて CP932 で出力しますか？");
}

static int export_register(screen *s)
{
    reg *r = s->st;
    const char *const formats[] = {"Excel（.xlsx）", "CSV（UTF-8 BOM付き・Excel で開けます）", "CSV（CP932・旧来の Excel 用）"};
    int f = ui_choose("出力する形式", formats, 3, 0);
    if (f < 0) return UI_HANDLED;
    /* what the screen shows: its search and 終了含む, the same filter it pages with */
    kservice_filter flt = filter_of(r);
    char def[256], filter[600], hint[800];
    kdate t = date_today();
    snprintf(def, sizeof def, "台帳_%04d%02d%02d.%s", t.y, t.m, t.d, f == 0 ? "xlsx" : "csv");
    register_filter_text(UI.k, &flt, filter, sizeof filter);
    snprintf(hint, sizeof hint, "絞込み: %s%s", filter, r->terminated ? "" : "（t で終了したサービスも含める）");
    char *path = ui_prompt_path("台帳の出力先", hint, def);
    if (!path) return UI_HANDLED;
    size_t rows = 0;
    kstatus st;
    csv_report report = {0};
    if (f == 0) {
        st = export_register_xlsx(UI.k, &flt, path, &rows);
    } else {
        csv_encoding enc = f == 1 ? CSV_ENC_UTF8 : CSV_ENC_CP932;
        st = export_register_csv(UI.k, &flt, enc, false, path, &rows, &report);
        if (st == KS_INVALID && report.total && offer_replacement(&report)) {
            csv_report_clear(&report);
            st = export_register_csv(UI.k, &flt, enc, true, path, &rows, &report);
        } else if (st == KS_INVALID && report.total) {
            csv_report_clear(&report);
            free(path);
            ui_info("出力を取り消しました（既存のファイルは変更していません）");
            return UI_HANDLED;
        }
    }
    if (st) ui_fail(st);
    else if (report.replaced && report.total)
        ui_info("%s に出力しました（%zu件、CP932 で表せない %zu 文字を「〓」に置き換え）", path, rows, report.total);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    csv_report_clear(&report);
    free(path);
    return UI_HANDLED;
}

static int open_service(screen *s)
{
    reg *r = s->st;
    int i = ui_list_sel(&r->list);
    if (i >= 0) ui_open_id(&SCREEN_SERVICE, r->rows[i].id);
    return UI_HANDLED;
}

static int search(screen *s)
{
    reg *r = s->st;
    ui_search_start(&r->search);
    return UI_HANDLED;
}

static int toggle_terminated(screen *s)
{
    reg *r = s->st;
    r->terminated = !r->terminated;
    reload(r);
    return UI_HANDLED;
}

static int history(screen *s)
{
    reg *r = s->st;
    int i = ui_list_sel(&r->list);
    if (i < 0) return UI_HANDLED;
    char t[512];
    snprintf(t, sizeof t, "履歴 %s %s", r->rows[i].approval_no, r->rows[i].name);
    ui_show_history(0, r->rows[i].id, t);
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    reg *r = s->st;
    /* keep the position: reload the page from the row just before the first one shown */
    bool kept = false;
    if (r->list.n > 0) {
        kservice_filter f = filter_of(r);
        static kservice prev;
        int above = 0;
        if (q_services_page(UI.k, &f, NULL, r->rows[0].approval_no, 1, &prev, &above) == KS_OK)
            kept = load(r, above ? prev.approval_no : NULL, NULL);
    }
    if (kept) {
        ui_list_clamp(&r->list);
        q_count_reset(&r->count);
    } else {
        reload(r);
    }
}

static bool init(screen *s, const void *arg)
{
    (void)arg;
    reg *r = s->st;
    r->list = (ui_list){.ctx = r, .fetch = fetch, .draw_row = draw_row};
    r->search.changed = search_changed;
    s->list = &r->list;
    s->search = &r->search;
    return true;
}

static void close_(screen *s)
{
    reg *r = s->st;
    ui_search_free(&r->search);
}

/* The 利用状況確認 interval: a governance setting of the 統括・CISO (app/policy.c), set where they keep the register */
static bool may_set_interval(const screen *s)
{
    (void)s;
    return policy_may_set_review_interval(kumo_me(UI.k), NULL, 0);
}

static int review_interval(screen *s)
{
    (void)s;
    ui_set_review_interval();
    return UI_HANDLED;
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだサービスを開く（利用状況確認・終了連絡・変更申請）", open_service, ui_has_selection},
    {{'/'}, "検索", "名称・提供者・承認番号で絞り込む（日本語可）", search, NULL},
    {{'t'}, "終了含む", "終了したサービスも表示する／隠す", toggle_terminated, NULL},
    {{'h'}, "履歴", "選んだサービスの履歴", history, ui_has_selection},
    {{'x'}, "出力", "表示中の台帳（検索・終了含むのとおり）を Excel（.xlsx）又は CSV に出力する", export_register, NULL},
    {{'I'}, NULL, "利用状況確認の間隔（月、12か月以内）を設定する（統括・CISO: 規定003 §4(8)、ポリシー004 §8-3(7)⑤）",
     review_interval, may_set_interval},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_REGISTER = {
    .title = "承認済みクラウドサービス台帳", .size = sizeof(reg), .init = init, .draw = draw, .on_show = on_show,
    .close = close_, .idle = idle, .actions = ACTIONS,
};
