/* 年次利用状況確認 (規定003 §5, §4(8)): every service in use in a 年度 with its review status, counts at the top,
   filters by 部局 and status, keyset pages, and the workbook. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lifecycle.h"
#include "ui/ui.h"

#define AN_MAX 120
#define AN_STACK 4096

typedef struct annual {
    int fy;
    int64_t dept_id;
    char dept_name[128];
    int status;                  /* -1 = any */
    kannual_row *rows;
    int n, sel;
    bool more;
    /* page starts for going back: the key before each page's first row ("" = from the start) */
    char (*stack)[24];
    int depth;
    int64_t counts[ANNUAL__COUNT];
} annual;

static const ui_action ACTIONS[] = {
    {"Enter", "開く", "選んだサービスを開く（利用状況確認の内容を見る）"},
    {"<>", "年度", "前の年度・次の年度"},
    {"d", "部局", "部局で絞り込む"},
    {"s", "状態", "未実施・実施済・要対応で絞り込む（押すたびに切替）"},
    {"x", "Excel出力", "この年度の年次利用状況確認を Excel に出力する（集計シート付き）"},
    {NULL, NULL, NULL},
};

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static void load_page(annual *a, const char *after)
{
    int want = page_rows();
    if (want > AN_MAX - 1) want = AN_MAX - 1;
    if (want < 1) want = 1;
    int n = 0;
    if (lc_annual_page(UI.k, a->fy, a->dept_id, a->status, after && *after ? after : NULL, want + 1, a->rows, &n)) {
        ui_fail(KS_ERROR);
        a->n = 0;
        return;
    }
    a->more = n > want;
    a->n = n > want ? want : n;
    if (lc_annual_counts(UI.k, a->fy, a->dept_id, a->counts)) memset(a->counts, 0, sizeof a->counts);
}

static void reload(annual *a)
{
    a->depth = 0;
    a->stack[0][0] = 0;
    a->sel = 0;
    load_page(a, NULL);
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
             a->status < 0 ? "すべて" : lc_annual_label((kannual_status)a->status));
    ui_put(y++, 1, UI.cols - 2, line, 0);
    int ha = ui_attr_header();
    bool wide = UI.cols >= 110;
    int wname = UI.cols - 1 - 13 - 7 - 13 - 11 - 11 - (wide ? 13 : 0);
    int x = 1;
    ui_put(y, x, 12, "承認番号", ha); x += 13;
    ui_put(y, x, 6, "状態", ha); x += 7;
    ui_put(y, x, 12, "部局", ha); x += 13;
    ui_put(y, x, wname, "クラウドサービス名", ha); x += wname + 1;
    if (wide) { ui_put(y, x, 12, "管理者", ha); x += 13; }
    ui_put(y, x, 10, "確認日", ha); x += 11;
    ui_put(y, x, 10, "次回期限", ha);
    y++;
    if (a->n == 0) ui_puts(y, 2, "該当するサービスはありません", ui_attr_dim());
    for (int i = 0; i < a->n && y + i <= ui_bottom(); i++) {
        const kannual_row *r = &a->rows[i];
        int attr = i == a->sel ? ui_attr_selected() : r->annual == ANNUAL_ACTION ? ui_attr_warn()
                                                      : r->annual == ANNUAL_NONE ? ui_attr_flag() : 0;
        int xx = 1;
        ui_put(y + i, 0, UI.cols, "", attr);
        ui_put(y + i, xx, 12, r->approval_no, attr); xx += 13;
        ui_put(y + i, xx, 6, lc_annual_label(r->annual), attr); xx += 7;
        ui_put(y + i, xx, 12, r->dept, attr); xx += 13;
        ui_put(y + i, xx, wname, r->name, attr); xx += wname + 1;
        if (wide) { ui_put(y + i, xx, 12, r->manager, attr); xx += 13; }
        ui_put(y + i, xx, 10, r->last.id ? r->last.reviewed_on : "－", attr); xx += 11;
        ui_put(y + i, xx, 10, r->next_review_due, attr);
    }
    if (a->depth > 0) ui_puts(ui_top() + 1, UI.cols - 3, "^", ui_attr_dim());
    if (a->more) ui_puts(ui_bottom(), UI.cols - 3, "v", ui_attr_dim());
}

static void next_page(annual *a)
{
    if (!a->more || a->n == 0 || a->depth + 1 >= AN_STACK) return;
    a->depth++;
    snprintf(a->stack[a->depth], sizeof a->stack[a->depth], "%s", a->rows[a->n - 1].approval_no);
    load_page(a, a->stack[a->depth]);
    a->sel = 0;
}

static void prev_page(annual *a, bool to_last)
{
    if (a->depth == 0) return;
    a->depth--;
    load_page(a, a->stack[a->depth]);
    a->sel = to_last ? a->n - 1 : 0;
}

static void export_reviews(annual *a)
{
    char def[512], fy[32];
    const char *home = getenv("HOME");
    date_fy_label(a->fy, fy, sizeof fy);
    snprintf(def, sizeof def, "%s/年次利用状況確認_%s.xlsx", home ? home : ".", fy);
    char *path = ui_prompt("Excel の出力先", "ファイル名（.xlsx）。既存のファイルは完成後に置き換えます", def, 400);
    if (!path) return;
    size_t rows = 0;
    kstatus s = export_reviews_xlsx(UI.k, a->fy, path, &rows);
    if (s) ui_fail(s);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    free(path);
}

static int on_key(screen *s, wint_t ch, bool fkey)
{
    annual *a = s->st;
    if (fkey) {
        if (ch == KEY_UP) {
            if (a->sel > 0) a->sel--;
            else prev_page(a, true);
        } else if (ch == KEY_DOWN) {
            if (a->sel + 1 < a->n) a->sel++;
            else next_page(a);
        } else if (ch == KEY_NPAGE) next_page(a);
        else if (ch == KEY_PPAGE) prev_page(a, false);
        else if (ch == KEY_LEFT) { a->fy--; reload(a); }
        else if (ch == KEY_RIGHT) { a->fy++; reload(a); }
        else if (ch == KEY_ENTER) goto open;
        return UI_HANDLED;
    }
    switch (ch) {
    case '<': a->fy--; reload(a); return UI_HANDLED;
    case '>': a->fy++; reload(a); return UI_HANDLED;
    case 's': a->status = a->status + 1 >= ANNUAL__COUNT ? -1 : a->status + 1; reload(a); return UI_HANDLED;
    case 'x': export_reviews(a); return UI_HANDLED;
    case 'd':
        if (ui_choose_dept("部局で絞り込む", &a->dept_id, a->dept_name, sizeof a->dept_name) >= 0) reload(a);
        return UI_HANDLED;
    case '\r':
    case '\n': goto open;
    default: return UI_UNHANDLED;
    }
open:
    if (a->sel >= 0 && a->sel < a->n) ui_push(screen_service_new(a->rows[a->sel].service_id));
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    annual *a = s->st;
    int sel = a->sel;
    load_page(a, a->stack[a->depth]);
    a->sel = sel < a->n ? sel : (a->n ? a->n - 1 : 0);
}

static void close_(screen *s)
{
    annual *a = s->st;
    free(a->rows);
    free(a->stack);
    free(a);
}

static const screen_ops OPS = {"年次利用状況確認", draw, on_key, on_show, close_, ACTIONS};

screen *screen_annual_new(void)
{
    annual *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->rows = calloc(AN_MAX, sizeof *a->rows);
    a->stack = calloc(AN_STACK, sizeof *a->stack);
    if (!a->rows || !a->stack) {
        free(a->rows);
        free(a->stack);
        free(a);
        return NULL;
    }
    a->fy = date_fiscal_year(date_today());
    a->status = -1;
    return ui_new_screen(&OPS, a, NULL);
}
