/* 審査: the application and its answers with 不適合 and flagged items first, and the decision —
   承認 / 条件付承認 (designating the クラウドサービス管理者) / 差戻し / 却下. */
#include "ui/screen_decide.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/pickers.h"
#include "ui/screen_app.h"
#include "ui/screen_checklist.h"
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
    exc_status exc;       /* where the 例外措置 stands (004 §7-4) */
    kexception *decision; /* the CISO's decision on this submission, or the emergency one (id 0: none) */
    char *pending_cond;   /* conditions typed for an approval that did not go through */
    char *emergency;      /* 緊急の理由 of an emergency approval in progress (004 §7-4(2)) */
    bool may_emergency;   /* the user may approve it first in an emergency (asked once per load) */
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
    change_diff_clear(&since);
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
        change_diff_clear(&df);
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
    /* what needs the CISO's 例外措置, as app/exception.c defines it, and where it stands (004 §7-4) */
    exc_list devs = {0};
    if (!d->decision) d->decision = calloc(1, sizeof *d->decision);
    d->exc = EXC_NOT_NEEDED;
    if (d->decision && exc_status_of(UI.k, a, &devs, d->decision, &d->exc) != KS_OK)
        memset(d->decision, 0, sizeof *d->decision);
    d->may_emergency = exc_may_approve_emergency(UI.k, a);
    addl(d, ui_attr_header(), "【例外措置を要する項目（不適合・要確認: ポリシー004 §7-4）】 %zu件", devs.n);
    for (size_t i = 0; i < devs.n; i++) addl(d, ui_attr_warn(), "* %s", devs.v[i].text);
    for (size_t i = 0; i < is.n; i++)
        if (is.v[i].level == ISSUE_ERROR) addl(d, ui_attr_flag(), "! %s", is.v[i].msg);
    if (devs.n == 0 && is.n == 0) addl(d, ui_attr_ok(), "  ありません");
    const kexception *e = d->decision;
    if (d->exc == EXC_AWAITING)
        addl(d, ui_attr_flag(),
             "例外措置: CISOの許可待ち。許可の後に統括情報セキュリティ責任者が審査します（§7-4(1)）。緊急の場合は E で先に承認し、"
             "事後速やかにCISOに報告します（§7-4(2)）");
    else if (d->exc == EXC_REFUSED)
        addl(d, ui_attr_warn(), "例外措置: 不許可 %s（%s %s）: %s — 承認はできません（差戻し又は却下）", e->exc_no, e->ciso,
             e->ciso_on, e->reason);
    else if (d->exc == EXC_GRANTED)
        addl(d, ui_attr_ok(), "例外措置: 許可 %s（%s %s）有効期限 %s／次回確認日 %s／理由: %s／条件: %s", e->exc_no,
             e->ciso, e->ciso_on, e->valid_until, e->recheck_on, e->reason, e->conditions);
    else if (d->exc == EXC_EMERGENCY)
        addl(d, ui_attr_flag(), "例外措置: 緊急承認 %s（%s %s: %s）／事後報告 %s", e->exc_no, e->emergency_user,
             e->emergency_on, e->emergency_reason,
             !strcmp(e->state, "report_due") ? "CISOへの報告待ち（§7-4(2)）" : e->ciso_on);
    d->flags = devs.n;
    exc_list_clear(&devs);
    addl(d, 0, "%s", "");
    addl(d, ui_attr_header(), "【確認事項】 %s（版 %s） 回答 %zu/%zu", a->ck_name, a->ck_version, answered, n);
    for (size_t i = 0; i < n; i++) {
        int attr = !strcmp(ans[i].answer, "不適合") ? ui_attr_warn() : !*ans[i].answer ? ui_attr_flag() : 0;
        char al[32];
        text_fit(al, sizeof al, *ans[i].answer ? ans[i].answer : "未回答", 8, true);
        addl(d, attr, "%-8s %s %s%s%s", ans[i].code, al, ans[i].text, *ans[i].note ? " ／ " : "", ans[i].note);
    }
    checklist_answers_free(&ans, n);
    form_issues_clear(&is);
    d->list.n = d->n;
    ui_list_clamp(&d->list);
}

static void load(decide *d)
{
    if (d->loaded) kapp_clear(&d->a);
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
    /* the 例外措置 first (004 §7-4(1)): the same rule the domain applies, said before anything is typed */
    if (!d->emergency && d->exc == EXC_AWAITING) {
        ui_error("例外措置を要する項目が %zu件あります。CISOの例外措置の許可を待ってください（ポリシー004 §7-4(1)）。"
                 "緊急の場合は E（緊急承認: §7-4(2)）",
                 d->flags);
        return;
    }
    if (d->exc == EXC_REFUSED) {
        ui_error("CISOが例外措置を許可しませんでした（%s）。差戻し又は却下してください（ポリシー004 §7-4(1)）",
                 d->decision->exc_no);
        return;
    }
    char *cond = conditional ? ui_edit_text("承認の条件・理由（必須）", "利用に付ける条件と、承認する理由を記入",
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
    if (q_user(UI.k, mgr, &m) == KS_OK) snprintf(mname, sizeof mname, "%s", m.name);
    char q[512];
    snprintf(q, sizeof q, "%s%sしますか？ 管理者 %s／次回確認期限 %s（台帳に記録されます）", d->emergency ? "緊急に" : "",
             conditional ? "条件付承認" : "承認", mname, due);
    if (ui_confirm(q)) {
        wf_approval o = {.conditional = conditional, .comment = cond, .manager_id = mgr, .next_due = due,
                         .emergency = d->emergency};
        kstatus s = wf_approve_with(UI.k, &d->a, &o);
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
        } else if (d->loaded && d->emergency) {
            ui_info("緊急に%sしました。承認番号 %s。例外措置 %s の事後報告をCISOに行ってください（ポリシー004 §7-4(2)）",
                    d->a.decision, d->a.approval_no, d->decision ? d->decision->exc_no : "");
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

/* The CISO's 例外措置 (004 §7-4(1)): 許可 with reason, conditions, 有効期限 and 次回確認日, or 不許可 with a reason. */
static void exception_step(decide *d)
{
    const char *const choices[] = {"許可する（理由・条件・有効期限・次回確認日を記入）", "許可しない（理由が必要）", "閉じる"};
    int c = ui_choose("例外措置（ポリシー004 §7-4(1)）", choices, 3, 0);
    if (c == 1) {
        char *r = ui_edit_text("許可しない理由（必須）", "統括情報セキュリティ責任者は差戻し又は却下します", "", 400);
        if (!r) return;
        kstatus s = exc_refuse(UI.k, &d->a, r, NULL);
        free(r);
        if (s) ui_fail(s);
        else ui_info("例外措置を許可しませんでした。統括情報セキュリティ責任者のホームに表示されます");
        load(d);
        return;
    }
    if (c != 0) return;
    char *reason = ui_edit_text("例外措置の理由（必須）", "遵守事項と異なる方法を採る合理的な理由（§7-4(1)）", "", 400);
    if (!reason) return;
    char *cond = ui_edit_text("例外措置の条件（必須）", "例外措置の間に守る条件・代替の対策", "", 400);
    if (!cond) {
        free(reason);
        return;
    }
    kdate today = date_today();
    char until_def[11], recheck_def[11];
    date_format(date_add_months(today, 12), until_def, sizeof until_def);
    date_format(date_add_months(today, kumo_review_interval(UI.k)), recheck_def, sizeof recheck_def);
    char *until = ui_prompt("有効期限", UI_DATE_HINT("今日より後"), until_def, FORM_DATE_INPUT_CHARS);
    char *recheck = until ? ui_prompt("次回確認日", UI_DATE_HINT("定期的な確認: §7-4(3)。有効期限以前"), recheck_def, FORM_DATE_INPUT_CHARS) : NULL;
    if (until && recheck) {
        exc_input in = {.reason = reason, .conditions = cond, .valid_until = until, .recheck_on = recheck};
        kexception *e = malloc(sizeof *e);
        kstatus s = e ? exc_grant(UI.k, &d->a, &in, e) : KS_NOMEM;
        if (s) ui_fail(s);
        else ui_info("例外措置を許可しました（%s）。統括情報セキュリティ責任者が審査します", e->exc_no);
        free(e);
        load(d);
    }
    free(reason);
    free(cond);
    free(until);
    free(recheck);
}

static int exception_run(screen *s)
{
    decide *d = s->st;
    char why[512];
    if (!policy_may_decide_exception(kumo_me(UI.k), &d->a, why, sizeof why)) {
        ui_error("%s", why);
        return UI_HANDLED;
    }
    exception_step(d);
    return UI_HANDLED;
}

/* 緊急承認 (004 §7-4(2)): the reason it cannot wait for the CISO, then the 条件付承認 as usual. */
static void emergency(decide *d, bool unused)
{
    (void)unused;
    char *r = ui_edit_text("緊急の理由（必須）", "CISOの許可を待てない理由。承認後、事後速やかにCISOに報告します（§7-4(2)）", "",
                        400);
    if (!r) return;
    d->emergency = r;
    approve(d, true);
    free(d->emergency);
    d->emergency = NULL;
}

static int approve_run(screen *s) { return decision(s, approve, false); }
static int emergency_run(screen *s) { return decision(s, emergency, true); }
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
    if (d->loaded) kapp_clear(&d->a);
    free(d->lines);
    free(d->pending_cond);
    free(d->decision);
}

static bool loaded(const screen *s) { return ((const decide *)s->st)->loaded; }

/* The CISO's turn (004 §7-4(1)). */
static bool may_except(const screen *s)
{
    const decide *d = s->st;
    return d->loaded && d->exc == EXC_AWAITING && policy_may_decide_exception(kumo_me(UI.k), &d->a, NULL, 0);
}

/* The 統括 may approve first in an emergency while the CISO has not decided (§7-4(2)). */
static bool may_emergency(const screen *s)
{
    const decide *d = s->st;
    return d->loaded && d->exc == EXC_AWAITING && d->may_emergency;
}

/* Once decided, only the views remain. */
static bool may_decide(const screen *s)
{
    decide *d = s->st;
    return d->loaded && kumo_can(UI.k, ACT_DECIDE, &d->a);
}

/* 承認 and 条件付承認: not for the CISO who permitted the application's exception (004 §1(8)①). */
static bool may_approve(const screen *s)
{
    decide *d = s->st;
    return may_decide(s) && policy_may_approve_excepted(kumo_me(UI.k), d->decision ? d->decision->ciso_id : 0, NULL, 0);
}

static const ui_action ACTIONS[] = {
    {{'a'}, "承認", "承認する: 承認済みクラウドサービスとして記録し、クラウドサービス管理者を指名する", approve_run,
     may_approve},
    {{'C'}, "条件付承認", "条件を付けて承認する（条件と理由が必要）", conditional_run, may_approve},
    {{'x'}, "例外措置", "例外措置を許可する・しない（CISO: ポリシー004 §7-4(1)）", exception_run, may_except},
    {{'E'}, "緊急承認", "CISOの許可を待たず緊急に承認する（事後速やかにCISOへ報告: ポリシー004 §7-4(2)）", emergency_run,
     may_emergency},
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
