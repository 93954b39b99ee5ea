/* The クラウドサービス利用申請書兼許可書: the 申請 half edited field by field (each field saved at once), the 許可
   half shown, and the steps the user may take from here. */
#include "ui/screen_app.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/clock.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/extensions.h"
#include "ui/screen_checklist.h"
#include "ui/screen_decide.h"
#include "ui/ui.h"

/* Rows of the screen: the 申請 fields, then the 許可 half (read-only). */
enum { ROW_PERMIT_FIRST = FF_COUNT };
static const char *const PERMIT_LABELS[] = {"審査結果", "審査意見・条件", "審査日", "承認番号", "許可権限者",
                                            "クラウドサービス管理者", "次回利用状況確認期限"};
#define PERMIT_ROWS 7
#define ALL_ROWS (FF_COUNT + PERMIT_ROWS)

typedef struct appscr {
    int64_t id;
    kapp a;
    bool loaded;
    ck_answer *ans;
    size_t nans;
    form_issues issues;
    ui_list list;
    /* a value typed but not saved (the database was busy): offered again on the next Enter, so nothing is lost */
    char *pending;
    int pending_field;
    char *pending_comment;   /* a 再提出's comment typed when the submission did not go through */
    bool outdated;   /* the 確認事項 were answered against an older template version (wf_checklist_outdated) */
} appscr;

static bool editable(appscr *p);

static void load(appscr *p)
{
    if (p->loaded) kapp_clear(&p->a);
    checklist_answers_free(&p->ans, p->nans);
    p->ans = NULL;
    p->nans = 0;
    form_issues_clear(&p->issues);
    p->loaded = false;
    if (q_app(UI.k, p->id, &p->a)) {
        ui_fail(KS_ERROR);
        return;
    }
    p->loaded = true;
    q_answers(UI.k, &p->a, &p->ans, &p->nans);
    wf_check(UI.k, &p->a, p->ans, p->nans, &p->issues);
    p->outdated = wf_checklist_outdated(UI.k, &p->a);
    p->list.n = ALL_ROWS;
    ui_list_clamp(&p->list);
}

static const form_issue *issue_for(const appscr *p, int field)
{
    const form_issue *flag = NULL;
    for (size_t i = 0; i < p->issues.n; i++) {
        if (p->issues.v[i].field != field) continue;
        if (p->issues.v[i].level == ISSUE_ERROR) return &p->issues.v[i];
        flag = &p->issues.v[i];
    }
    return flag;
}

static const char *permit_value(const kapp *a, int i, char *buf, size_t n)
{
    switch (i) {
    case 0: return a->decision;
    case 1: return a->decision_comment;
    case 2: return a->decided_on;
    case 3: return a->approval_no;
    case 4: return a->decided_by_name;
    case 5: return a->manager_name;
    case 6: return a->next_review_due;
    }
    (void)buf;
    (void)n;
    return "";
}

static bool editable(appscr *p) { return p->loaded && kumo_can(UI.k, ACT_EDIT, &p->a); }

static void draw_row(void *ctx, int r, int yy, bool selr)
{
    appscr *p = ctx;
    kapp *a = &p->a;
    int lw = 32, vx = 2 + lw + 1, vw = UI.cols - vx - 2;
    char buf[64];
    int attr = selr ? ui_attr_selected() : 0;
    const char *label, *val;
    char mark = ' ';
    int vattr = attr;
    if (r < FF_COUNT) {
        const field_def *d = form_field_def((form_field)r);
        label = d->label;
        val = a->v[r];
        const form_issue *is = issue_for(p, r);
        if (is) {
            mark = is->level == ISSUE_ERROR ? '!' : '*';
            if (!selr) vattr = is->level == ISSUE_ERROR ? ui_attr_warn() : ui_attr_flag();
        }
        bool req = (!strcmp(a->track, "8-3") && d->req_83) || (!strcmp(a->track, "8-4") && d->req_84);
        if (!*val) val = req ? "（必須・未入力）" : "";
        if (r == FF_END && !*a->v[r]) val = "未定";
    } else {
        label = PERMIT_LABELS[r - FF_COUNT];
        val = permit_value(a, r - FF_COUNT, buf, sizeof buf);
        if (!selr) vattr = ui_attr_dim();
    }
    char m[2] = {mark, 0};
    ui_put(yy, 0, UI.cols - 1, "", attr);
    ui_put(yy, 0, 1, m, attr);
    ui_put(yy, 2, lw, label, attr);
    /* a multi-line value shows its first line; the pane below and Enter show it whole */
    char one[1024];
    ui_put(yy, vx, vw, ui_first_line(val, one, sizeof one), vattr);
}

/* The long text of row r (a FT_LONGTEXT field of the form's table, or 審査意見・条件), or NULL for another row. */
static const char *long_text(appscr *p, int r, const char **label, int *max)
{
    char buf[64];
    if (r >= 0 && r < FF_COUNT && form_field_def((form_field)r)->type == FT_LONGTEXT) {
        *label = form_field_def((form_field)r)->label;
        *max = form_field_def((form_field)r)->max_chars;
        return p->a.v[r];
    }
    if (r == ROW_PERMIT_FIRST + 1) {
        *label = PERMIT_LABELS[1];
        *max = 0;
        return permit_value(&p->a, 1, buf, sizeof buf);
    }
    return NULL;
}

/* Below the list, the selected long field in full (the rest in the editor or the viewer with Enter). */
static int draw_long(appscr *p, int sel, int y_last, int rows)
{
    const char *label;
    int max;
    const char *v = long_text(p, sel, &label, &max);
    return v ? ui_text_pane(y_last, rows, label, v, max) : 0;
}

static void draw(screen *s)
{
    appscr *p = s->st;
    if (!p->loaded) {
        ui_puts(ui_top(), 1, "申請を表示できません", ui_attr_warn());
        return;
    }
    kapp *a = &p->a;
    char title[256], right[128];
    snprintf(title, sizeof title, "申請書兼許可書 %s", *a->app_no ? a->app_no : "（未採番）");
    snprintf(right, sizeof right, "%s | %s", state_label(a->state), form_track_label(form_track_from_code(a->track)));
    ui_title(title, right);
    int y = ui_top();
    size_t answered = 0, missing = 0, nonconf = 0;
    checklist_progress(p->ans, p->nans, &answered, &missing, &nonconf);
    char info[512];
    snprintf(info, sizeof info, "%s | %s | 申請日 %s | 確認事項 %zu/%zu 未回答%zu 不適合%zu", a->dept_name,
             a->applicant_name, *a->applied_on ? a->applied_on : "－", answered, p->nans, missing, nonconf);
    ui_put(y++, 1, UI.cols - 2, info, 0);
    size_t errors = form_issues_count(&p->issues, ISSUE_ERROR), flags = form_issues_count(&p->issues, ISSUE_FLAG);
    if (!strcmp(a->state, "returned") && *a->decision_comment) {
        /* the reason is what the applicant must act on: shown whole, over up to three lines */
        snprintf(info, sizeof info, "差戻し（%s %s）: %s", a->decided_by_name, a->decided_on, a->decision_comment);
        int n = 0;
        char **lines = ui_wrap_lines(info, UI.cols - 2, &n);
        for (int i = 0; i < n && i < 3; i++) ui_put(y++, 1, UI.cols - 2, lines[i], ui_attr_flag());
        ui_wrap_free(lines, n);
    } else if (editable(p)) {
        if (errors)
            snprintf(info, sizeof info, "提出前に直す項目 %zu件%s（v で一覧）", errors, flags ? "・不適合あり" : "");
        else
            snprintf(info, sizeof info, "入力は揃っています。s で提出できます%s", flags ? "（不適合の項目があります）" : "");
        ui_put(y++, 1, UI.cols - 2, info, errors ? ui_attr_warn() : ui_attr_ok());
    } else if (flags) {
        snprintf(info, sizeof info, "不適合・要確認 %zu件（選定基準①など: 承認の前にCISOの例外措置が必要: ポリシー004 §7-4）", flags);
        ui_put(y++, 1, UI.cols - 2, info, ui_attr_flag());
    }
    /* a long field, selected, shows whole below the list: its first line stays in the row */
    int sel = ui_list_sel(&p->list);
    int avail = ui_bottom() - y + 1;
    int pane_max = avail / 3 > 4 ? avail / 3 : 4;
    int pane = draw_long(p, sel, ui_bottom(), pane_max);
    ui_list_draw(&p->list, y, avail - pane);
    if (sel >= 0 && sel < FF_COUNT && !*UI.msg) {
        const form_issue *is = issue_for(p, sel);
        if (is) snprintf(UI.msg, sizeof UI.msg, "%s", is->msg), UI.msg_error = is->level == ISSUE_ERROR;
    }
}

static const char *hint_for(const field_def *d, char *buf, size_t n)
{
    switch (d->type) {
    case FT_DATE: snprintf(buf, n, "日付（例 2027-04-01、令和9年4月1日）%s", d->id == FF_END ? "。空欄 = 未定" : ""); break;
    case FT_INT: snprintf(buf, n, "0以上の整数（全角数字・桁区切りも可）"); break;
    default: snprintf(buf, n, "%d文字以内（根拠: %s）", d->max_chars, d->clause); break;
    }
    return buf;
}

static void edit_field(appscr *p, int f)
{
    const field_def *d = form_field_def((form_field)f);
    kapp *a = &p->a;
    char *nv = NULL;
    if (d->type == FT_CHOICE) {
        int n = 0;
        while (d->choices[n]) n++;
        const char **items = calloc((size_t)n + 1, sizeof *items);
        if (!items) return;
        int cur = -1;
        for (int i = 0; i < n; i++) {
            items[i] = d->choices[i];
            if (!strcmp(a->v[f], d->choices[i])) cur = i;
        }
        items[n] = "（未選択に戻す）";
        char title[128];
        snprintf(title, sizeof title, "%sを選んでください", d->label);
        int c = ui_choose(title, items, n + 1, cur);
        free(items);
        if (c < 0) return;
        nv = strdup(c == n ? "" : d->choices[c]);
    } else if (d->type == FT_MULTI) {
        int n = 0;
        while (d->choices[n]) n++;
        bool sel[16] = {0};
        for (int i = 0; i < n && i < 16; i++) {
            /* a choice is selected when it appears as a whole part of the value */
            const char *v = a->v[f], *c = d->choices[i];
            size_t cl = strlen(c);
            for (const char *q = strstr(v, c); q; q = strstr(q + 1, c))
                if ((q == v || !strncmp(q - 3, "、", 3)) && (q[cl] == 0 || !strncmp(q + cl, "、", 3))) sel[i] = true;
        }
        if (!ui_choose_many(d->label, d->choices, n, sel)) return;
        char out[512] = "";
        for (int i = 0; i < n; i++)
            if (sel[i]) {
                if (*out) strncat(out, "、", sizeof out - strlen(out) - 1);
                strncat(out, d->choices[i], sizeof out - strlen(out) - 1);
            }
        nv = strdup(out);
    } else {
        char hint[256];
        const char *initial = p->pending && p->pending_field == f ? p->pending : a->v[f];
        if (d->type == FT_LONGTEXT)   /* a long text: the multi-line editor (the form's table says which) */
            nv = ui_edit_text(d->label, hint_for(d, hint, sizeof hint), initial, (size_t)d->max_chars);
        else
            nv = ui_prompt(d->label, hint_for(d, hint, sizeof hint), initial,
                           d->type == FT_DATE  ? FORM_DATE_INPUT_CHARS
                           : d->type == FT_INT ? FORM_INT_INPUT_CHARS
                                               : (size_t)d->max_chars);
        if (!nv) return;
    }
    if (!nv) return;
    kstatus s = wf_set_field(UI.k, a, (form_field)f, nv);
    if (s == KS_CONFLICT) {
        /* someone saved the application first: it is read again, what was typed is kept for the next Enter */
        free(p->pending);
        p->pending = nv;
        p->pending_field = f;
        load(p);
        ui_error("他の人がこの申請を先に更新しました。最新の内容を読み込みました。入力した「%s」は保持しています"
                 "（Enter で確かめてもう一度保存できます）",
                 d->label);
        return;
    }
    if (s == KS_BUSY || s == KS_IO || s == KS_READONLY || s == KS_INVALID) {
        free(p->pending);
        p->pending = nv;
        p->pending_field = f;
        if (s == KS_INVALID)
            ui_error("%s（入力した内容は Enter で直せます）", kumo_last_error(UI.k));
        else
            ui_error("%s（入力した「%s」は保持しています。Enter でもう一度保存できます）", kumo_last_error(UI.k), d->label);
        return;
    }
    free(nv);
    if (p->pending_field == f) {
        free(p->pending);
        p->pending = NULL;
    }
    if (s) {
        ui_fail(s);
        return;
    }
    load(p);
    const form_issue *is = issue_for(p, f);
    if (is) ui_error("保存しました。ただし: %s", is->msg);
    else ui_info("「%s」を保存しました", d->label);
}

/* 検証結果: the findings, each a line that goes where it points — Enter selects the field on the form or opens the
   確認事項 on the item. */
static void show_issues(appscr *p)
{
    /* the findings as wf_check_report gives them to the screen and to kumo app check alike */
    form_issues lines = {0};
    size_t errors = 0;
    wf_check_report(UI.k, &p->a, p->ans, p->nans, &lines, &errors);
    size_t cap = 3 + lines.n;
    char **items = calloc(cap, sizeof *items);
    bool *pick = calloc(cap, sizeof *pick);
    int *field = calloc(cap, sizeof *field), *item = calloc(cap, sizeof *item);
    if (!items || !pick || !field || !item) {
        free(items), free(pick), free(field), free(item);
        form_issues_clear(&lines);
        return;
    }
    size_t n = 0;
#define ADD(pk, f, it, text)                                                                      \
    do {                                                                                          \
        if ((items[n] = strdup(text))) pick[n] = (pk), field[n] = (f), item[n++] = (it);          \
    } while (0)
    ADD(false, -1, -1, "提出を妨げる項目（!）と不適合・要確認（*）。Enter でその項目へ移ります");
    if (lines.n == 0) ADD(false, -1, -1, "ありません。s で提出できます。");
    for (size_t i = 0; i < lines.n; i++) {
        const form_issue *is = &lines.v[i];
        ADD(is->field >= 0 || (is->item >= 0 && (size_t)is->item < p->nans), is->field, is->item, is->msg);
    }
    if (lines.n && !errors)
        ADD(false, -1, -1, "提出できます（不適合の項目は例外措置として、承認の前にCISOの許可が必要です: ポリシー004 §7-4）。");
#undef ADD
    form_issues_clear(&lines);
    int c = ui_choose_text("検証結果", (const char *const *)items, (int)n, pick,
                           "↑↓ 選択  Enter その項目へ  ESC 閉じる");
    if (c >= 0 && field[c] >= 0) {
        p->list.sel = field[c];
        ui_list_clamp(&p->list);
    } else if (c >= 0 && item[c] >= 0) {
        ui_checklist_select(p->id, item[c]);
        ui_open_id(&SCREEN_CHECKLIST, p->id);
    }
    for (size_t i = 0; i < n; i++) free(items[i]);
    free(items), free(pick), free(field), free(item);
}

void ui_show_history(int64_t app_id, int64_t service_id, const char *title)
{
    khist *h = NULL;
    size_t n = 0;
    if (q_history(UI.k, app_id, service_id, &h, &n)) {
        ui_fail(KS_ERROR);
        return;
    }
    size_t cap = 256 + n * 1200;
    char *t = malloc(cap);
    if (!t) { khist_free(&h, n); return; }
    size_t len = 0;
    /* each time with its zone's offset (2026-11-23 10:00:00 +09:00), as an auditor needs it */
    len += (size_t)snprintf(t + len, cap - len, "日時%24s操作者        操作        状態\n", "");
    for (size_t i = 0; i < n && len < cap - 1200; i++) {
        char who[64], act[64], st[96], at[40];
        text_fit(who, sizeof who, h[i].user, 12, true);
        text_fit(act, sizeof act, h[i].action, 10, true);
        snprintf(st, sizeof st, "%s%s%s", *h[i].from_state ? state_label(h[i].from_state) : "",
                 *h[i].from_state || *h[i].to_state ? "→" : "", *h[i].to_state ? state_label(h[i].to_state) : "");
        len += (size_t)snprintf(t + len, cap - len, "%-26s  %s  %s  %s\n", clock_stamp_show(h[i].at, at, sizeof at),
                                who, act, st);
        if (*h[i].comment) len += (size_t)snprintf(t + len, cap - len, "    %s\n", h[i].comment);
    }
    khist_free(&h, n);
    ui_show_text(title, t);
    free(t);
}

static void submit(appscr *p)
{
    if (!kumo_check(UI.k, ACT_SUBMIT, &p->a)) {
        ui_fail(KS_DENIED);
        return;
    }
    size_t errors = form_issues_count(&p->issues, ISSUE_ERROR);
    if (errors) {
        show_issues(p);
        ui_error("提出できません: 直す項目が %zu件あります（v で一覧）", errors);
        return;
    }
    /* who will decide, by name: the people the policy lets decide it (app/who.h) */
    who_ctx wc;
    who_list wl = {0};
    if (who_begin(UI.k, &wc) == KS_OK) {
        who_may_decide(UI.k, &wc, &p->a, &wl);
        who_end(&wc);
    }
    char who[512], q[1024];
    who_text(&wl, true, who, sizeof who);
    bool again = !strcmp(p->a.state, "returned");
    char *comment = NULL;
    if (again) {
        /* a 再提出 says what was put right: the 審査 screen shows it beside the 差戻し reason, the history keeps it */
        char hint[1024];
        snprintf(hint, sizeof hint, "差戻しの理由「%s」に対して直した点を書いてください（審査者に伝わり、履歴に残ります）",
                 p->a.decision_comment);
        comment = ui_edit_text("再提出のコメント", hint, p->pending_comment ? p->pending_comment : "", 400);
        if (!comment) return;
        free(p->pending_comment);
        p->pending_comment = strdup(comment);
    }
    if (*who)
        snprintf(q, sizeof q, "%sに%s提出しますか？%s", who, again ? "再" : "",
                 wl.total > 1 ? "（いずれか1名が審査します）" : "");
    else
        snprintf(q, sizeof q, "この申請を審査できる%sが登録されていません（システム管理者に登録を依頼してください）。"
                              "それでも提出しますか？",
                 policy_decider_label(kumo_me(UI.k), &p->a));
    if (!ui_confirm(q)) {
        free(comment);
        return;
    }
    kstatus s = wf_submit_with(UI.k, &p->a, comment ? comment : "");
    free(comment);
    if (s) {
        if (s == KS_CONFLICT) load(p);
        ui_fail(s);
        return;
    }
    free(p->pending_comment);
    p->pending_comment = NULL;
    load(p);
    if (*who) ui_info("%sしました（申請番号 %s）。%sが審査します", again ? "再提出" : "提出", p->a.app_no, who);
    else ui_info("%sしました（申請番号 %s）。審査できる%sが登録されていません", again ? "再提出" : "提出",
                 p->a.app_no, policy_decider_label(kumo_me(UI.k), &p->a));
}

static int enter(screen *s)
{
    appscr *p = s->st;
    int sel = ui_list_sel(&p->list);
    if (sel < 0) return UI_HANDLED;
    if (sel < FF_COUNT && editable(p)) {
        edit_field(p, sel);
        return UI_HANDLED;
    }
    /* read-only: show the whole value */
    char buf[64];
    const char *label = sel < FF_COUNT ? form_field_def((form_field)sel)->label : PERMIT_LABELS[sel - FF_COUNT];
    const char *val = sel < FF_COUNT ? p->a.v[sel] : permit_value(&p->a, sel - FF_COUNT, buf, sizeof buf);
    if (sel < FF_COUNT && !*UI.msg && !kumo_can(UI.k, ACT_EDIT, &p->a)) {
        kumo_check(UI.k, ACT_EDIT, &p->a);
        char why[256];
        snprintf(why, sizeof why, "%s", kumo_last_error(UI.k));
        ui_info("%s", why);
    }
    ui_show_text(label, val && *val ? val : "（未入力）");
    return UI_HANDLED;
}

static int checklist(screen *s)
{
    appscr *p = s->st;
    ui_open_id(&SCREEN_CHECKLIST, p->id);
    return UI_HANDLED;
}

static int issues(screen *s)
{
    show_issues(s->st);
    return UI_HANDLED;
}

static int history(screen *s)
{
    appscr *p = s->st;
    char t[128];
    snprintf(t, sizeof t, "履歴 %s %s", p->a.app_no, p->a.v[FF_SERVICE_NAME]);
    ui_show_history(p->id, 0, t);
    return UI_HANDLED;
}

static int submit_run(screen *s)
{
    submit(s->st);
    return UI_HANDLED;
}

static int withdraw(screen *s)
{
    appscr *p = s->st;
    if (!kumo_check(UI.k, ACT_WITHDRAW, &p->a)) {
        ui_fail(KS_DENIED);
        return UI_HANDLED;
    }
    char *why = ui_prompt("引戻しの理由（任意）", "審査前の申請を下書きに戻します", "", 200);
    if (!why) return UI_HANDLED;
    kstatus st = wf_withdraw(UI.k, &p->a, why);
    free(why);
    if (st) {
        if (st == KS_CONFLICT) load(p);
        ui_fail(st);
        return UI_HANDLED;
    }
    load(p);
    ui_info("引き戻しました。下書きとして編集し、再度提出できます");
    return UI_HANDLED;
}

static int decide(screen *s)
{
    appscr *p = s->st;
    if (!kumo_check(UI.k, ACT_DECIDE, &p->a)) {
        ui_fail(KS_DENIED);
        return UI_HANDLED;
    }
    ui_open_id(&SCREEN_DECIDE, p->id);
    return UI_HANDLED;
}

static int refresh_checklist(screen *s)
{
    appscr *p = s->st;
    char q[256];
    snprintf(q, sizeof q, "確認事項を最新の版にしますか？（%s 版の回答は、変わらない項目だけ引き継ぎます）", p->a.ck_version);
    if (!ui_confirm(q)) return UI_HANDLED;
    kstatus st = wf_refresh_checklist(UI.k, &p->a);
    if (st) {
        if (st == KS_CONFLICT) load(p);
        ui_fail(st);
        return UI_HANDLED;
    }
    load(p);
    ui_info("確認事項を %s 版にしました。新しい項目に回答してください（c）", p->a.ck_version);
    return UI_HANDLED;
}

static int delete_draft(screen *s)
{
    appscr *p = s->st;
    if (!kumo_check(UI.k, ACT_DELETE, &p->a)) {
        ui_fail(KS_DENIED);
        return UI_HANDLED;
    }
    if (!ui_confirm("この下書きを削除しますか？（元に戻せません）")) return UI_HANDLED;
    kstatus st = wf_delete_draft(UI.k, &p->a);
    if (st) {
        ui_fail(st);
        return UI_HANDLED;
    }
    ui_info("下書きを削除しました");
    return UI_POP;
}

kapp *screen_app_kapp(const screen *s)
{
    appscr *p = s->st;
    return p->loaded ? &p->a : NULL;
}

void screen_app_reload(screen *s) { load(s->st); }

static void on_show(screen *s) { load(s->st); }

static bool init(screen *s, const void *arg)
{
    appscr *p = s->st;
    p->id = *(const int64_t *)arg;
    p->list = (ui_list){.ctx = p, .draw_row = draw_row, .sel = FF_SERVICE_NAME};
    s->list = &p->list;
    return true;
}

static void close_(screen *s)
{
    appscr *p = s->st;
    free(p->pending);
    free(p->pending_comment);
    if (p->loaded) kapp_clear(&p->a);
    checklist_answers_free(&p->ans, p->nans);
    form_issues_clear(&p->issues);
}

static bool editing(const screen *s) { return editable(s->st); }
static bool viewing(const screen *s) { appscr *p = s->st; return p->loaded && !editable(p); }
static bool outdated(const screen *s) { appscr *p = s->st; return editing(s) && p->outdated; }
static bool may_decide(const screen *s) { appscr *p = s->st; return viewing(s) && kumo_can(UI.k, ACT_DECIDE, &p->a); }
static bool may_withdraw(const screen *s)
{
    appscr *p = s->st;
    return viewing(s) && kumo_can(UI.k, ACT_WITHDRAW, &p->a);
}

/* What the user may do with the application as it now is: editing it (下書き, 差戻し), or viewing it. */
static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "入力", "選んだ項目を入力・選択する（確定するとすぐ保存されます）", enter, editing},
    {{'s'}, "提出", "申請する（申請番号は初回提出時に採番。審査する人の氏名を確かめてから提出します）", submit_run, editing},
    {{'c'}, "確認事項", "クラウドサービス利用申請時確認事項に回答する", checklist, editing},
    {{'v'}, "検証", "提出前の確認: 未入力の必須項目、規則違反、不適合を一覧する", issues, editing},
    {{'h'}, "履歴", "この申請の履歴（誰が・いつ・何を）", history, editing},
    {{'D'}, "削除", "未提出の下書きを削除する", delete_draft, editing},
    {{'U'}, "確認事項を更新", "確認事項を最新の版にする（改訂されたテンプレートで回答し直す）", refresh_checklist, outdated},
    {{'a'}, "審査", "審査する（承認・条件付承認・差戻し・却下）", decide, may_decide},
    {{'w'}, "引戻し", "審査前の申請を引き戻して下書きに戻す", withdraw, may_withdraw},
    {{'c'}, "確認事項", "確認事項と回答を見る", checklist, viewing},
    {{'h'}, "履歴", "この申請の履歴（誰が・いつ・何を）", history, viewing},
    {{UK_ENTER}, NULL, "選んだ項目の全文を表示する", enter, viewing},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_APP = {
    .title = "申請書兼許可書", .size = sizeof(appscr), .init = init, .draw = draw, .on_show = on_show,
    .close = close_, .actions = ACTIONS, .extensions = APP_SCREEN_EXTS,
};
