/* 年次利用状況確認 (規定003 §5, §4(8)): every service in use in a 年度 with its review status, counts at the top,
   filters by 部局 and status, keyset pages, and the workbook. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "ui/ui.h"

#define AN_MAX 120
#define AN_STACK 4096

typedef struct annual {
    int fy;
    int64_t dept_id;
    char dept_name[128];
    int status;                  /* -1 = any */
    kannual_row rows[AN_MAX];
    ui_list list;
    /* page starts for going back: the key before each page's first row ("" = from the start) */
    char stack[AN_STACK][24];
    int depth;
    int64_t counts[ANNUAL__COUNT];
} annual;

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static bool load_page(annual *a, const char *after)
{
    int want = page_rows();
    if (want > AN_MAX - 1) want = AN_MAX - 1;
    if (want < 1) want = 1;
    int n = 0;
    if (annual_page(UI.k, a->fy, a->dept_id, a->status, after && *after ? after : NULL, want + 1, a->rows, &n)) {
        ui_fail(KS_ERROR);
        a->list.n = 0;
        return false;
    }
    a->list.more_below = n > want;
    a->list.more_above = a->depth > 0;
    a->list.n = n > want ? want : n;
    return true;
}

static bool next_page(annual *a)
{
    int n = a->list.n;
    if (!a->list.more_below || n == 0 || a->depth + 1 >= AN_STACK) return false;
    char key[sizeof a->stack[0]];
    snprintf(key, sizeof key, "%s", a->rows[n - 1].approval_no);
    a->depth++;
    memcpy(a->stack[a->depth], key, sizeof key);
    return load_page(a, a->stack[a->depth]);
}

static bool fetch(void *ctx, ui_page page)
{
    annual *a = ctx;
    switch (page) {
    case UI_PAGE_FIRST:
        a->depth = 0;
        return load_page(a, NULL);
    case UI_PAGE_PREV:
        if (a->depth == 0) return false;
        a->depth--;
        return load_page(a, a->stack[a->depth]);
    case UI_PAGE_NEXT: return next_page(a);
    case UI_PAGE_LAST: {
        /* the pages go forward only: walk to the last */
        bool moved = false;
        while (next_page(a)) moved = true;
        return moved;
    }
    }
    return false;
}

static void reload(annual *a)
{
    a->depth = 0;
    a->stack[0][0] = 0;
    load_page(a, NULL);
    ui_list_reset(&a->list);
    if (annual_counts(UI.k, a->fy, a->dept_id, a->counts)) memset(a->counts, 0, sizeof a->counts);
}

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const annual *a = ctx;
    const kannual_row *r = &a->rows[i];
    bool wide = UI.cols >= 110;
    int wname = UI.cols - 2 - 13 - 7 - 13 - 11 - 11 - (wide ? 13 : 0);
    int attr = selected ? ui_attr_selected() : r->annual == ANNUAL_ACTION ? ui_attr_warn()
                                             : r->annual == ANNUAL_NONE ? ui_attr_flag() : 0;
    int x = 1;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, x, 12, r->approval_no, attr); x += 13;
    ui_put(y, x, 6, annual_label(r->annual), attr); x += 7;
    ui_put(y, x, 12, r->dept, attr); x += 13;
    ui_put(y, x, wname, r->name, attr); x += wname + 1;
    if (wide) { ui_put(y, x, 12, r->manager, attr); x += 13; }
    ui_put(y, x, 10, r->last.id ? r->last.reviewed_on : "－", attr); x += 11;
    ui_put(y, x, 10, r->next_review_due, attr);
}

static void draw(screen *s)
{
    annual *a = s->st;
    char title[128], right[160], fy[32];
    date_fy_label(a->fy, fy, sizeof fy);
    snprintf(title, sizeof title, "年次利用状況確認 %s", fy);
    snprintf(right, sizeof right, "未実施 %lld  実施済 %lld  要対応 %lld", (long long)a->counts[ANNUAL_NONE],
             (long long)a->counts[ANNUAL_DONE], (long long)a->counts[ANNUAL_ACTION]);
    ui_title(title, right);
    int y = ui_top();
    char line[512];
    snprintf(line, sizeof line, "年度:%s（< > で変更）  部局:%s  状態:%s", fy, a->dept_id ? a->dept_name : "すべて",
             a->status < 0 ? "すべて" : annual_label((kannual_status)a->status));
    ui_put(y++, 1, UI.cols - 2, line, 0);
    int ha = ui_attr_header();
    bool wide = UI.cols >= 110;
    int wname = UI.cols - 2 - 13 - 7 - 13 - 11 - 11 - (wide ? 13 : 0);
    int x = 1;
    ui_put(y, x, 12, "承認番号", ha); x += 13;
    ui_put(y, x, 6, "状態", ha); x += 7;
    ui_put(y, x, 12, "部局", ha); x += 13;
    ui_put(y, x, wname, "クラウドサービス名", ha); x += wname + 1;
    if (wide) { ui_put(y, x, 12, "管理者", ha); x += 13; }
    ui_put(y, x, 10, "確認日", ha); x += 11;
    ui_put(y, x, 10, "次回期限", ha);
    y++;
    if (a->list.n == 0) ui_puts(y, 2, "該当するサービスはありません", ui_attr_dim());
    ui_list_draw(&a->list, y, ui_bottom() - y + 1);
}

static int export_reviews(screen *s)
{
    annual *a = s->st;
    char def[512], fy[32];
    const char *home = getenv("HOME");
    date_fy_label(a->fy, fy, sizeof fy);
    snprintf(def, sizeof def, "%s/年次利用状況確認_%s.xlsx", home ? home : ".", fy);
    char *path = ui_prompt("Excel の出力先", "ファイル名（.xlsx）。既存のファイルは完成後に置き換えます", def, 400);
    if (!path) return UI_HANDLED;
    size_t rows = 0;
    kstatus st = export_reviews_xlsx(UI.k, a->fy, path, &rows);
    if (st) ui_fail(st);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    free(path);
    return UI_HANDLED;
}

static int open_service(screen *s)
{
    annual *a = s->st;
    int i = ui_list_sel(&a->list);
    if (i >= 0) ui_open_id(&SCREEN_SERVICE, a->rows[i].service_id);
    return UI_HANDLED;
}

static int prev_year(screen *s)
{
    annual *a = s->st;
    a->fy--;
    reload(a);
    return UI_HANDLED;
}

static int next_year(screen *s)
{
    annual *a = s->st;
    a->fy++;
    reload(a);
    return UI_HANDLED;
}

static int cycle_status(screen *s)
{
    annual *a = s->st;
    a->status = a->status + 1 >= ANNUAL__COUNT ? -1 : a->status + 1;
    reload(a);
    return UI_HANDLED;
}

static int choose_dept(screen *s)
{
    annual *a = s->st;
    if (ui_choose_dept("部局で絞り込む", &a->dept_id, a->dept_name, sizeof a->dept_name) >= 0) reload(a);
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    annual *a = s->st;
    load_page(a, a->stack[a->depth]);
    ui_list_clamp(&a->list);
    if (annual_counts(UI.k, a->fy, a->dept_id, a->counts)) memset(a->counts, 0, sizeof a->counts);
}

static bool init(screen *s, const void *arg)
{
    (void)arg;
    annual *a = s->st;
    a->fy = date_fiscal_year(date_today());
    a->status = -1;
    a->list = (ui_list){.ctx = a, .fetch = fetch, .draw_row = draw_row};
    s->list = &a->list;
    return true;
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだサービスを開く（利用状況確認の内容を見る）", open_service, ui_has_selection},
    {{'<', UK_LEFT}, "前年度", "前の年度を表示する", prev_year, NULL},
    {{'>', UK_RIGHT}, "次年度", "次の年度を表示する", next_year, NULL},
    {{'d'}, "部局", "部局で絞り込む", choose_dept, NULL},
    {{'s'}, "状態", "未実施・実施済・要対応で絞り込む（押すたびに切替）", cycle_status, NULL},
    {{'x'}, "Excel出力", "この年度の年次利用状況確認を Excel に出力する（集計シート付き）", export_reviews, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_ANNUAL = {
    .title = "年次利用状況確認", .size = sizeof(annual), .init = init, .draw = draw, .on_show = on_show,
    .actions = ACTIONS,
};
