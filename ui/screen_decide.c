/* 審査: the application and its answers with 不適合 and flagged items first, and the decision —
   承認 / 条件付承認 (designating the クラウドサービス管理者) / 差戻し / 却下. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"
#include "ui/screen_app.h"
#include "ui/ui.h"

typedef struct dline {
    char text[640];
    int attr;
} dline;

typedef struct decide {
    int64_t id;
    kapp a;
    bool loaded;
    dline *lines;
    int n, cap;
    ui_list list;         /* the lines, scrolled (none is selected) */
    size_t flags, nonconf;
    char *pending_cond;   /* conditions typed for an approval that did not go through */
    int built_cols;       /* the width the lines were wrapped for */
} decide;

static void addl(decide *d, int attr, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void addl(decide *d, int attr, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    /* long lines wrap to the screen's width (continuations indented) so nothing is cut off at 80 columns */
    int n = 0;
    char **parts = ui_wrap_lines(text, UI.cols - 4, &n);
    for (int i = 0; i < n || (i == 0 && !parts); i++) {
        if (d->n == d->cap) {
            int cap = d->cap ? d->cap * 2 : 64;
            dline *v = realloc(d->lines, (size_t)cap * sizeof *v);
            if (!v) break;
            d->lines = v;
            d->cap = cap;
        }
        dline *l = &d->lines[d->n++];
        char line[4200];
        snprintf(line, sizeof line, "%s%s", i ? "  " : "", parts ? parts[i] : "");
        text_fit(l->text, sizeof l->text, line, 4096, false);  /* never cut inside a character */
        l->attr = attr;
        if (!parts) break;
    }
    ui_wrap_free(parts, n);
}

static const char *or_dash(const char *v) { return v && *v ? v : "－"; }

static void build(decide *d)
{
    d->n = 0;
    d->built_cols = UI.cols;
    kapp *a = &d->a;
    addl(d, 0, "申請部局 %s／申請者 %s／申請日 %s", a->dept_name, a->applicant_name, a->applied_on);
    addl(d, 0, "区分 %s", form_track_label(form_track_from_code(a->track)));
    /* a 再提出: why it came back last time, what the applicant said, and what changed since, before the rest */
    return_info ri;
    change_diff_list since = {0};
    if (change_since_return(UI.k, a, &ri, &since) == KS_OK && ri.returned) {
        addl(d, 0, "%s", "");
        addl(d, ui_attr_header(), "【前回の差戻し】 %s %s", ri.on, ri.by);
        addl(d, ui_attr_flag(), "差戻しの理由: %s", or_dash(ri.reason));
        if (!strcmp(a->state, "submitted") || *ri.resubmit_comment)
            addl(d, 0, "再提出のコメント: %s", *ri.resubmit_comment ? ri.resubmit_comment : "（なし）");
        addl(d, ui_attr_header(), "【差戻し後の変更点】 %zu件", since.n);
        if (!since.n) addl(d, ui_attr_warn(), "  差戻しの後、申請書と確認事項は変更されていません");
        for (size_t i = 0; i < since.n; i++)
            addl(d, ui_attr_flag(), "  %s: %s → %s", since.v[i].label, *since.v[i].before ? since.v[i].before : "（空欄）",
                 *since.v[i].after ? since.v[i].after : "（空欄）");
        addl(d, 0, "%s", "");
    }
    change_diff_free(&since);
    addl(d, 0, "クラウドサービス名 %s／提供者 %s", a->v[FF_SERVICE_NAME], a->v[FF_PROVIDER]);
    addl(d, 0, "サービス区分 %s／接続するネットワーク %s／保存場所 %s", or_dash(a->v[FF_SERVICE_TYPE]),
         or_dash(a->v[FF_NETWORK]), or_dash(a->v[FF_LOCATION]));
    addl(d, 0, "機密性 %s／完全性 %s／可用性 %s／個人情報 %s／特定個人情報 %s", or_dash(a->v[FF_CONF]),
         or_dash(a->v[FF_INTEG]), or_dash(a->v[FF_AVAIL]), or_dash(a->v[FF_PERSONAL]), or_dash(a->v[FF_MYNUMBER]));
    addl(d, 0, "利用期間 %s ～ %s", a->v[FF_START], *a->v[FF_END] ? a->v[FF_END] : "未定");
    /* the long texts whole, wrapped, their line breaks kept (continuations indented) */
    addl(d, 0, "利用目的: %s", or_dash(a->v[FF_PURPOSE]));
    addl(d, 0, "利用する業務の範囲: %s", or_dash(a->v[FF_SCOPE]));
    addl(d, 0, "利用者の範囲 %s／利用者数 %s", or_dash(a->v[FF_USER_SCOPE]), or_dash(a->v[FF_USER_COUNT]));
    if (*a->v[FF_PROCUREMENT]) addl(d, 0, "調達時のセキュリティ要件確認結果: %s", a->v[FF_PROCUREMENT]);
    if (*a->v[FF_REMARKS]) addl(d, 0, "備考: %s", a->v[FF_REMARKS]);
    if (a->parent_id) {
        change_diff_list df = {0};
        if (change_diff_load(UI.k, a, &df) == KS_OK) {
            addl(d, 0, "%s", "");
            addl(d, ui_attr_header(), "【変更申請: 元の申請からの変更点】 %zu件", df.n);
            for (size_t i = 0; i < df.n; i++)
                addl(d, ui_attr_flag(), "  %s: %s → %s", df.v[i].label, *df.v[i].before ? df.v[i].before : "（空欄）",
                     *df.v[i].after ? df.v[i].after : "（空欄）");
        }
        change_diff_free(&df);
    }
    addl(d, 0, "%s", "");
    form_issues is = {0};
    ck_answer *ans = NULL;
    size_t n = 0;
    q_answers(UI.k, a, &ans, &n);
    wf_check(UI.k, a, ans, n, &is);
    d->flags = form_issues_count(&is, ISSUE_FLAG);
    size_t answered, missing;
    checklist_progress(ans, n, &answered, &missing, &d->nonconf);
    addl(d, ui_attr_header(), "【不適合・要確認】 %zu件", d->flags + d->nonconf);
    for (size_t i = 0; i < is.n; i++)
        addl(d, is.v[i].level == ISSUE_FLAG ? ui_attr_warn() : ui_attr_flag(), "%s %s",
             is.v[i].level == ISSUE_FLAG ? "*" : "!", is.v[i].msg);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ans[i].answer, "不適合"))
            addl(d, ui_attr_warn(), "* 確認事項 %s 不適合（%s）: %s ／ %s", ans[i].code,
                 *ans[i].reason ? checklist_reason_label(ans[i].reason) : CK_REASON_EXCEPTION, ans[i].text,
                 ans[i].note);
    if (d->flags + d->nonconf == 0 && is.n == 0) addl(d, ui_attr_ok(), "  ありません");
    addl(d, 0, "%s", "");
    addl(d, ui_attr_header(), "【確認事項】 %s（版 %s） 回答 %zu/%zu", a->ck_name, a->ck_version, answered, n);
    for (size_t i = 0; i < n; i++) {
        int attr = !strcmp(ans[i].answer, "不適合") ? ui_attr_warn() : !*ans[i].answer ? ui_attr_flag() : 0;
        char al[32];
        text_fit(al, sizeof al, *ans[i].answer ? ans[i].answer : "未回答", 8, true);
        addl(d, attr, "%-8s %s %s%s%s", ans[i].code, al, ans[i].text, *ans[i].note ? " ／ " : "", ans[i].note);
    }
    checklist_answers_free(&ans, n);
    form_issues_free(&is);
    d->list.n = d->n;
    ui_list_clamp(&d->list);
}

static void load(decide *d)
{
    if (d->loaded) kapp_free(&d->a);
    d->loaded = q_app(UI.k, d->id, &d->a) == KS_OK;
    if (!d->loaded) return;
    build(d);
}

static bool never(void *ctx, int i)
{
    (void)ctx;
    (void)i;
    return false;
}

static void draw_row(void *ctx, int i, int y, bool selected)
{
    (void)selected;
    const decide *d = ctx;
    ui_put(y, 1, UI.cols - 2, d->lines[i].text, d->lines[i].attr);
}

static void draw(screen *s)
{
    decide *d = s->st;
    if (!d->loaded) return;
    if (d->built_cols != UI.cols) build(d);  /* resized: wrap again */
    char title[512];
    snprintf(title, sizeof title, "審査 %s %s", d->a.app_no, d->a.v[FF_SERVICE_NAME]);
    ui_title(title, state_label(d->a.state));
    ui_list_draw(&d->list, ui_top(), ui_content_rows());
}

/* 承認 / 条件付承認: the conditions, the クラウドサービス管理者 and the 次回利用状況確認期限, each checked as it is
   entered; what was typed is kept when a step is cancelled or refused, so nothing has to be typed twice. */
static void approve(decide *d, bool conditional)
{
    if (!conditional && d->flags + d->nonconf > 0) {
        ui_error("不適合の項目が %zu件あるため「承認」はできません。C（条件付承認）で条件と理由を記入してください",
                 d->flags + d->nonconf);
        return;
    }
    char *cond = conditional ? ui_edit_text("承認の条件・理由（必須）", "不適合を受容する理由と、利用に付ける条件を記入",
                                            d->pending_cond ? d->pending_cond : "", 400)
                             : ui_edit_text("審査意見（任意）", "空欄のままでも承認できます",
                                            d->pending_cond ? d->pending_cond : "", 400);
    if (!cond) return;
    free(d->pending_cond);
    d->pending_cond = strdup(cond);
    /* a 変更申請 keeps the service's manager and deadline unless the approver changes them */
    kservice sv;
    bool change = d->a.service_id > 0 && q_service(UI.k, d->a.service_id, &sv) == KS_OK;
    int64_t mgr = ui_choose_manager("クラウドサービス管理者を指名してください（規定003 §4(4)②）", d->a.dept_id,
                                    change && sv.manager_id ? sv.manager_id : d->a.applicant_id);
    if (!mgr) {
        free(cond);
        ui_info("承認を取り消しました（管理者が指名されていません）。入力した内容は次の承認で使えます");
        return;
    }
    char def[11];
    kdate due_d;
    if (change && *sv.next_review_due && wf_check_review_due(UI.k, sv.next_review_due, &due_d) == KS_OK)
        snprintf(def, sizeof def, "%s", sv.next_review_due);
    else
        date_format(date_add_months(date_today(), kumo_review_interval(UI.k)), def, sizeof def);
    char *due = NULL;
    const char *hint = change ? "日付（例 2027-11-30、令和9年11月30日。既定は現在の期限）"
                              : "日付（例 2027-11-30、令和9年11月30日。既定は承認日の1年後）";
    char rule[512];
    for (;;) {
        char *v = ui_prompt("次回利用状況確認期限", hint, due ? due : def, FORM_DATE_INPUT_CHARS);
        free(due);
        due = v;
        if (!due) {
            free(cond);
            return;
        }
        if (wf_check_review_due(UI.k, due, &due_d) == KS_OK) break;
        snprintf(rule, sizeof rule, "%s", kumo_last_error(UI.k));   /* the redraw may read, and start a new step */
        ui_fail(KS_INVALID);
        ui_redraw_all();
        hint = rule;
    }
    kuser m;
    char mname[128] = "";
    kuser *users = NULL;
    size_t nu = 0;
    if (q_users(UI.k, ROLE_NONE, 0, &users, &nu) == KS_OK)
        for (size_t i = 0; i < nu; i++)
            if (users[i].id == mgr) m = users[i], snprintf(mname, sizeof mname, "%s", m.name);
    kuser_free(&users);
    char q[512];
    snprintf(q, sizeof q, "%sしますか？ 管理者 %s／次回確認期限 %s（台帳に記録されます）", conditional ? "条件付承認" : "承認",
             mname, due);
    if (ui_confirm(q)) {
        kstatus s = wf_approve(UI.k, &d->a, conditional, cond, mgr, due);
        if (s) {
            ui_fail(s);  /* before the reload, which may set messages of its own */
        } else {
            free(d->pending_cond);
            d->pending_cond = NULL;
        }
        char msg[sizeof UI.msg];
        snprintf(msg, sizeof msg, "%s", UI.msg);
        bool err = UI.msg_error;
        load(d);
        if (s) {
            snprintf(UI.msg, sizeof UI.msg, "%s", msg);
            UI.msg_error = err;
        } else if (d->loaded) {
            ui_info("%sしました。承認番号 %s／管理者 %s／次回確認期限 %s", d->a.decision, d->a.approval_no,
                    d->a.manager_name, d->a.next_review_due);
        }
    }
    free(cond);
    free(due);
}

static void simple(decide *d, bool reject)
{
    char *c = ui_edit_text(reject ? "却下の理由（必須）" : "差戻しの理由（必須）",
                           reject ? "申請者に通知されます" : "申請者が修正して再提出します", "", 400);
    if (!c) return;
    if (reject && !ui_confirm("却下しますか？（却下した申請は再提出できません）")) {
        free(c);
        return;
    }
    kstatus s = reject ? wf_reject(UI.k, &d->a, c) : wf_return(UI.k, &d->a, c);
    free(c);
    if (s) ui_fail(s);
    else ui_info(reject ? "却下しました" : "差し戻しました。申請者のホームに表示されます");
    load(d);
}

/* The decisions: offered while the user may decide; each checks again, as the domain does. */
static int decision(screen *s, void (*step)(decide *d, bool), bool flag)
{
    decide *d = s->st;
    if (strcmp(d->a.state, "submitted") || !kumo_check(UI.k, ACT_DECIDE, &d->a)) {
        if (strcmp(d->a.state, "submitted")) ui_error("この申請は審査済みです（%s）", state_label(d->a.state));
        else ui_fail(KS_DENIED);
        return UI_HANDLED;
    }
    step(d, flag);
    return UI_HANDLED;
}

static int approve_run(screen *s) { return decision(s, approve, false); }
static int conditional_run(screen *s) { return decision(s, approve, true); }
static int return_run(screen *s) { return decision(s, simple, false); }
static int reject_run(screen *s) { return decision(s, simple, true); }

static int open_app(screen *s)
{
    decide *d = s->st;
    ui_open_id(&SCREEN_APP, d->id);
    return UI_HANDLED;
}

static int open_checklist(screen *s)
{
    decide *d = s->st;
    ui_open_id(&SCREEN_CHECKLIST, d->id);
    return UI_HANDLED;
}

static int history(screen *s)
{
    decide *d = s->st;
    ui_show_history(d->id, 0, "履歴");
    return UI_HANDLED;
}

static void on_show(screen *s) { load(s->st); }

static bool init(screen *s, const void *arg)
{
    decide *d = s->st;
    d->id = *(const int64_t *)arg;
    d->list = (ui_list){.ctx = d, .selectable = never, .draw_row = draw_row, .sel = -1};
    s->list = &d->list;
    return true;
}

static void close_(screen *s)
{
    decide *d = s->st;
    if (d->loaded) kapp_free(&d->a);
    free(d->lines);
    free(d->pending_cond);
}

static bool loaded(const screen *s) { return ((const decide *)s->st)->loaded; }

/* Once decided, only the views remain. */
static bool may_decide(const screen *s)
{
    decide *d = s->st;
    return d->loaded && kumo_can(UI.k, ACT_DECIDE, &d->a);
}

static const ui_action ACTIONS[] = {
    {{'a'}, "承認", "承認する: 承認済みクラウドサービスとして記録し、クラウドサービス管理者を指名する", approve_run,
     may_decide},
    {{'C'}, "条件付承認", "条件を付けて承認する（不適合がある場合はこちら。条件と理由が必要）", conditional_run,
     may_decide},
    {{'b'}, "差戻し", "理由を付けて申請者に差し戻す", return_run, may_decide},
    {{'r'}, "却下", "理由を付けて却下する", reject_run, may_decide},
    {{'o'}, "申請書", "申請書の全項目を見る", open_app, loaded},
    {{'c'}, "確認事項", "確認事項の回答を見る", open_checklist, loaded},
    {{'h'}, "履歴", "この申請の履歴", history, loaded},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_DECIDE = {
    .title = "審査", .size = sizeof(decide), .init = init, .draw = draw, .on_show = on_show, .close = close_,
    .actions = ACTIONS,
};
