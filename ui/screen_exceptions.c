/* 例外措置の一覧 (ポリシー004 §7-4(3)): every exception with its application, service, validity and periodic re-check
   date, keyset pages by id, newest first; Enter shows one (and offers the CISO its 事後報告 or its 定期確認); x writes
   the workbook. For the CISO, the 統括 and 監査. */
#include "ui/screen_exceptions.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/ui.h"

#define EXC_PAGE_MAX 64

typedef struct excscr {
    kexception *rows;         /* EXC_PAGE_MAX */
    kexception *tmp;          /* a page being read */
    ui_list list;
    bool open_only;           /* 効力のあるもの・事後報告待ち only */
    int64_t total;
} excscr;

static int page_rows(void)
{
    int n = ui_bottom() - (ui_top() + 1) + 1;
    return n < 1 ? 1 : n > EXC_PAGE_MAX - 1 ? EXC_PAGE_MAX - 1 : n;
}

/* Loads the page below id `before` (0: the newest), or the page above `after` (-1: the oldest). */
static bool load(excscr *p, int64_t before, int64_t after)
{
    int want = page_rows(), n = 0;
    if (exc_page(UI.k, p->open_only, before, after, want + 1, p->tmp, &n)) {
        ui_fail(KS_ERROR);
        return false;
    }
    if (after) {
        if (n == 0) return false;
        int skip = n > want ? 1 : 0;   /* read newest first: the extra row is the first */
        p->list.n = n - skip;
        memcpy(p->rows, p->tmp + skip, (size_t)p->list.n * sizeof *p->rows);
        p->list.more_above = n > want;
        p->list.more_below = after > 0;
    } else {
        if (before && n == 0) return false;
        p->list.n = n > want ? want : n;
        memcpy(p->rows, p->tmp, (size_t)p->list.n * sizeof *p->rows);
        p->list.more_below = n > want;
        p->list.more_above = before != 0;
    }
    return true;
}

static bool fetch(void *ctx, ui_page page)
{
    excscr *p = ctx;
    int n = p->list.n;
    switch (page) {
    case UI_PAGE_FIRST: return load(p, 0, 0);
    case UI_PAGE_NEXT: return n ? load(p, p->rows[n - 1].id, 0) : false;
    case UI_PAGE_PREV: return n ? load(p, 0, p->rows[0].id) : false;
    case UI_PAGE_LAST: return load(p, 0, -1);
    }
    return false;
}

static void reload(excscr *p)
{
    load(p, 0, 0);
    ui_list_reset(&p->list);
    if (exc_count(UI.k, p->open_only, &p->total)) p->total = -1;
}

/* One row of the list's columns, the header's too. Below 100 columns the 承認番号 gives its room to the service's
   name (the 申請番号 names the application as ホーム does). */
static void put_columns(int y, const char *const cell[7], int attr)
{
    bool approval = UI.cols >= 100;
    int wname = UI.cols - 2 - 12 - 13 - 9 - (approval ? 12 : 0) - 11 - 11, x = 1;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, x, 11, cell[0], attr); x += 12;
    ui_put(y, x, 12, cell[1], attr); x += 13;
    ui_put(y, x, 8, cell[2], attr); x += 9;
    if (approval) {
        ui_put(y, x, 11, cell[3], attr);
        x += 12;
    }
    ui_put(y, x, wname, cell[4], attr); x += wname + 1;
    ui_put(y, x, 10, cell[5], attr); x += 11;
    ui_put(y, x, 10, cell[6], attr);
}

static const char *or_dash(const char *v) { return *v ? v : "－"; }

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const excscr *p = ctx;
    const kexception *e = &p->rows[i];
    char today[11];
    date_format(date_today(), today, sizeof today);
    bool in_force = !strcmp(e->state, "granted") || !strcmp(e->state, "reported");
    bool late = !strcmp(e->state, "report_due") || (in_force && *e->recheck_on && strcmp(e->recheck_on, today) < 0);
    int attr = selected ? ui_attr_selected() : late ? ui_attr_warn() : !strcmp(e->state, "refused") ? ui_attr_dim() : 0;
    const char *cell[7] = {e->exc_no, exc_state_label(e->state), or_dash(e->app_no), or_dash(e->approval_no),
                           e->service_name, or_dash(e->valid_until), or_dash(e->recheck_on)};
    put_columns(y, cell, attr);
}

static void draw(screen *s)
{
    excscr *p = s->st;
    char right[64] = "";
    if (p->total >= 0) snprintf(right, sizeof right, "%s %lld 件", p->open_only ? "効力のあるもの" : "全", (long long)p->total);
    ui_title(s->title, right);
    int y = ui_top();
    static const char *const head[7] = {"番号", "状態", "申請番号", "承認番号", "クラウドサービス名", "有効期限", "次回確認日"};
    put_columns(y, head, ui_attr_header());
    y++;
    if (p->list.n == 0) ui_puts(y, 2, "例外措置はありません", ui_attr_dim());
    ui_list_draw(&p->list, y, ui_bottom() - y + 1);
}

/* The CISO's record of the 事後報告 of an emergency approval (§7-4(2)). */
static void record_report(const kexception *e)
{
    char *reason = ui_edit_text("例外措置の理由（必須）", "報告を受けて認める理由（ポリシー004 §7-4(2)）", e->emergency_reason, 400);
    if (!reason) return;
    char *cond = ui_edit_text("例外措置の条件（必須）", "例外措置の間に守る条件", "", 400);
    kdate today = date_today();
    char until_def[11], recheck_def[11];
    date_format(date_add_months(today, 12), until_def, sizeof until_def);
    date_format(date_add_months(today, kumo_review_interval(UI.k)), recheck_def, sizeof recheck_def);
    char *until = cond ? ui_prompt("有効期限", UI_DATE_HINT("今日より後"), until_def, FORM_DATE_INPUT_CHARS) : NULL;
    char *recheck = until ? ui_prompt("次回確認日", UI_DATE_HINT("有効期限以前"), recheck_def, FORM_DATE_INPUT_CHARS) : NULL;
    if (recheck) {
        exc_input in = {.reason = reason, .conditions = cond, .valid_until = until, .recheck_on = recheck};
        kstatus s = exc_report(UI.k, e->id, &in);
        if (s) ui_fail(s);
        else ui_info("%s の事後報告を記録しました（ポリシー004 §7-4(2)）", e->exc_no);
    }
    free(reason);
    free(cond);
    free(until);
    free(recheck);
}

/* The CISO's periodic re-check (§7-4(3)). */
static void record_recheck(const kexception *e)
{
    char *note = ui_edit_text("確認結果（必須）", "条件が守られているか、例外措置が引き続き必要か（§7-4(3)）", "", 400);
    if (!note) return;
    kdate today = date_today();
    char t[11], next_def[11];
    date_format(today, t, sizeof t);
    date_format(date_add_months(today, kumo_review_interval(UI.k)), next_def, sizeof next_def);
    if (*e->valid_until && strcmp(next_def, e->valid_until) > 0) snprintf(next_def, sizeof next_def, "%s", e->valid_until);
    char *next = ui_prompt("次回確認日", UI_DATE_HINT("有効期限以前"), next_def, FORM_DATE_INPUT_CHARS);
    char *until = next ? ui_prompt("有効期限", UI_DATE_HINT("改めるときだけ変更"), e->valid_until, FORM_DATE_INPUT_CHARS) : NULL;
    if (until) {
        kstatus s = exc_recheck(UI.k, e->id, t, next, until, note);
        if (s) ui_fail(s);
        else ui_info("%s の定期確認を記録しました。次回確認日 %s", e->exc_no, next);
    }
    free(note);
    free(next);
    free(until);
}

void ui_show_exception(const kexception *e)
{
    char *t = malloc(16384);
    if (!t) return;
    size_t len = (size_t)snprintf(
        t, 16384,
        "%s（%s・%s）状態 %s\n申請 %s／承認番号 %s／%s（%s）\n\n例外とする事項:\n%s\n\n",
        e->exc_no, e->subject, e->kind, exc_state_label(e->state), *e->app_no ? e->app_no : "－",
        *e->approval_no ? e->approval_no : "－", e->service_name, e->dept, e->deviations);
    if (!strcmp(e->kind, "緊急"))
        len += (size_t)snprintf(t + len, 16384 - len, "緊急承認 %s（%s）: %s\n", e->emergency_on, e->emergency_user,
                                e->emergency_reason);
    if (*e->ciso_on)
        len += (size_t)snprintf(t + len, 16384 - len, "%s %s（CISO %s）\n理由: %s\n条件: %s\n有効期限 %s／次回確認日 %s\n",
                                !strcmp(e->state, "refused") ? "不許可" : !strcmp(e->kind, "緊急") ? "事後報告" : "許可",
                                e->ciso_on, e->ciso, e->reason, *e->conditions ? e->conditions : "－",
                                *e->valid_until ? e->valid_until : "－", *e->recheck_on ? e->recheck_on : "－");
    else if (!strcmp(e->state, "report_due"))
        len += (size_t)snprintf(t + len, 16384 - len, "CISOへの事後報告: 未記録（ポリシー004 §7-4(2): 事後速やかに）\n");
    if (*e->checked_on)
        snprintf(t + len, 16384 - len, "最終確認 %s: %s\n", e->checked_on, e->check_note);
    ui_show_text("例外措置", t);
    free(t);
    const kuser *me = kumo_me(UI.k);
    if (policy_may_report_exception(me, e, NULL, 0)) {
        if (ui_confirm("この緊急承認の事後報告を記録しますか？")) record_report(e);
    } else if (policy_may_recheck_exception(me, e, NULL, 0)) {
        if (ui_confirm("この例外措置の定期確認を記録しますか？")) record_recheck(e);
    }
}

static int open_row(screen *s)
{
    excscr *p = s->st;
    int i = ui_list_sel(&p->list);
    if (i < 0) return UI_HANDLED;
    kexception e = p->rows[i];
    ui_show_exception(&e);
    int64_t keep = p->rows[0].id;
    if (!load(p, 0, 0) || keep == 0) reload(p);
    else ui_list_clamp(&p->list);
    return UI_HANDLED;
}

static int toggle_open(screen *s)
{
    excscr *p = s->st;
    p->open_only = !p->open_only;
    reload(p);
    return UI_HANDLED;
}

static int export_exceptions(screen *s)
{
    (void)s;
    char def[64];
    kdate t = date_today();
    snprintf(def, sizeof def, "例外措置の一覧_%04d%02d%02d.xlsx", t.y, t.m, t.d);
    char *path = ui_prompt_path("例外措置の一覧の出力先", "Excel ファイル（すべての例外措置）", def);
    if (!path) return UI_HANDLED;
    size_t rows = 0;
    kstatus st = export_exceptions_xlsx(UI.k, path, &rows);
    if (st) ui_fail(st);
    else ui_info("%s に出力しました（%zu件）", path, rows);
    free(path);
    return UI_HANDLED;
}

static void on_show(screen *s) { reload(s->st); }

static bool init(screen *s, const void *arg)
{
    (void)arg;
    excscr *p = s->st;
    p->rows = calloc(EXC_PAGE_MAX, sizeof *p->rows);
    p->tmp = calloc(EXC_PAGE_MAX, sizeof *p->tmp);
    if (!p->rows || !p->tmp) {
        ui_fail(KS_NOMEM);
        return false;
    }
    if (!policy_may_view_exceptions(kumo_me(UI.k))) {
        ui_error("例外措置の一覧はCISO・統括情報セキュリティ責任者・監査が閲覧します（ポリシー004 §7-4(3)）");
        return false;
    }
    p->total = -1;
    p->list = (ui_list){.ctx = p, .fetch = fetch, .draw_row = draw_row};
    s->list = &p->list;
    return true;
}

static void close_(screen *s)
{
    excscr *p = s->st;
    free(p->rows);
    free(p->tmp);
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだ例外措置を表示する（CISO: 事後報告・定期確認の記録）", open_row, ui_has_selection},
    {{'t'}, "効力のみ", "効力のある例外措置と事後報告待ちだけを表示する／すべて表示する", toggle_open, NULL},
    {{'x'}, "出力", "例外措置の一覧を Excel に出力する", export_exceptions, NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_EXCEPTIONS = {
    .title = "例外措置の一覧（ポリシー004 §7-4(3)）", .size = sizeof(excscr), .init = init, .draw = draw,
    .on_show = on_show, .close = close_, .actions = ACTIONS,
};
