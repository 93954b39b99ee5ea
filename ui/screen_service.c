/* One approved service: its register entry, its 利用状況確認, 終了連絡 and application versions, and the steps of
   its life after approval — review (003 §4(8)), 管理者変更, 終了連絡 (§4(4)③, §4(7)), 変更申請. */
#include "ui/screen_service.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/fieldform.h"
#include "ui/pickers.h"
#include "ui/screen_app.h"
#include "ui/screen_exceptions.h"
#include "ui/ui.h"

typedef enum srow_kind { SR_TEXT, SR_HEADER, SR_EXC, SR_BUILD, SR_REVIEW, SR_TERM, SR_DISP, SR_VERSION } srow_kind;

typedef struct srow {
    srow_kind kind;
    int64_t id;
    char text[640];
    int attr;
    bool can_act;   /* the user may take this row's step now: respond to the review, accept the report */
} srow;

typedef struct svscr {
    int64_t id;
    int64_t want_row;       /* the review or report to select when the screen opens (from ホーム), 0 = none */
    srow_kind want_kind;
    bool placed;            /* the first selection is made */
    kservice sv;
    bool loaded;
    srow *rows;
    int n, cap;
    ui_list list;
    char open_report[11];   /* 提出日 of a 終了連絡 awaiting 受理, "" if none */
    char open_disposal[11]; /* 提出日 of a 廃棄・削除完了報告 awaiting 受理, "" if none */
    char *pending_text;     /* a response or comment typed for a step that did not go through: offered again */
    int64_t pending_id;     /* … for this review or report (pending_kind) */
    srow_kind pending_kind;
    int built_cols;
} svscr;

static void addr(svscr *p, srow_kind kind, int64_t id, int attr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void addr(svscr *p, srow_kind kind, int64_t id, int attr, const char *fmt, ...)
{
    char text[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    /* text lines wrap to the width, leaving room for the indent of the lines after the first; a selectable row stays
       one line (clipped) so one key press moves one row */
    int n = 0;
    char **parts = kind == SR_TEXT ? ui_wrap_lines(text, UI.cols - 5, &n) : NULL;
    for (int i = 0; i < (parts ? n : 1); i++) {
        if (p->n == p->cap) {
            int cap = p->cap ? p->cap * 2 : 64;
            srow *v = realloc(p->rows, (size_t)cap * sizeof *v);
            if (!v) break;
            p->rows = v;
            p->cap = cap;
        }
        srow *r = &p->rows[p->n++];
        r->kind = kind;
        r->id = id;
        r->attr = attr;
        r->can_act = false;
        char line[4200];
        snprintf(line, sizeof line, "%s%s", i ? "  " : "", parts ? parts[i] : text);
        text_fit(r->text, sizeof r->text, line, 4096, false);  /* never cut inside a character */
    }
    ui_wrap_free(parts, n);
}

static bool selectable(const srow *r)
{
    return r->kind == SR_EXC || r->kind == SR_BUILD || r->kind == SR_REVIEW || r->kind == SR_TERM ||
           r->kind == SR_DISP || r->kind == SR_VERSION;
}

static const char *term_state(const char *s)
{
    return !strcmp(s, "filed") ? "受理待ち" : !strcmp(s, "accepted") ? "受理" : !strcmp(s, "returned") ? "差戻し" : s;
}

static void build(svscr *p)
{
    p->n = 0;
    p->built_cols = UI.cols;
    kservice *s = &p->sv;
    kdate today = date_today();
    const char *st = service_status_label(s, today);
    addr(p, SR_TEXT, 0, 0, "クラウドサービス名 %s／提供者 %s", s->name, s->provider);
    addr(p, SR_TEXT, 0, 0, "部局 %s／機密性 %s／承認日 %s%s%s", s->dept, s->conf, s->approved_on,
         *s->changed_on ? "／変更承認日 " : "", s->changed_on);
    addr(p, SR_TEXT, 0, 0, "利用期間 %s ～ %s", s->start_date, *s->end_date ? s->end_date : "未定");
    addr(p, SR_TEXT, 0, !strcmp(st, "要対応") ? ui_attr_warn() : 0, "状態 %s／クラウドサービス管理者 %s", st,
         *s->manager ? s->manager : "（未指名）");
    addr(p, SR_TEXT, 0, 0, "次回利用状況確認期限 %s%s%s", s->next_review_due, *s->terminated_on ? "／終了日 " : "",
         s->terminated_on);
    if (*s->conditions) addr(p, SR_TEXT, 0, ui_attr_flag(), "承認の条件: %s", s->conditions);

    /* the 例外措置 the service was approved on, and any of its disposal (004 §7-4) */
    kexception *ev = NULL;
    size_t ne = 0;
    if (exc_list_of(UI.k, 0, s->id, &ev, &ne) == KS_OK && ne) {
        char t[11];
        date_format(today, t, sizeof t);
        addr(p, SR_HEADER, 0, ui_attr_header(), "【例外措置（ポリシー004 §7-4）】 %zu件", ne);
        for (size_t i = 0; i < ne; i++) {
            const kexception *e = &ev[i];
            bool due = !strcmp(e->state, "report_due") || (*e->recheck_on && strcmp(e->recheck_on, t) < 0);
            addr(p, SR_EXC, e->id, due ? ui_attr_warn() : 0, "%s  %s  %s  %s  有効期限 %s  次回確認 %s", e->exc_no,
                 e->subject, e->kind, exc_state_label(e->state), *e->valid_until ? e->valid_until : "－",
                 *e->recheck_on ? e->recheck_on : "－");
        }
    }
    kexception_free(&ev);

    /* 導入・構築時確認 (003 §4(5)): recorded, still to come, or from before kumo recorded it */
    if (!strcmp(s->build_state, "pending")) {
        char t[11];
        date_format(today, t, sizeof t);
        bool late = strcmp(s->start_date, t) < 0;
        addr(p, SR_HEADER, 0, ui_attr_header(), "【導入・構築時確認】 未記録");
        addr(p, SR_TEXT, 0, late ? ui_attr_warn() : ui_attr_flag(),
             "  %s（クラウドサービス管理者が導入・構築時チェックリストで確認し記録します: 規定003 §4(5)）",
             late ? "利用開始日を過ぎています" : "利用開始までに記録してください");
    } else if (!strcmp(s->build_state, "done")) {
        kbuild_check b;
        addr(p, SR_HEADER, 0, ui_attr_header(), "【導入・構築時確認】");
        if (build_check_get(UI.k, s->id, &b, NULL, NULL) == KS_OK)
            addr(p, SR_BUILD, b.id, b.nonconf ? ui_attr_flag() : 0, "%s  確認者 %s  版 %s  不適合 %d件", b.checked_on,
                 b.checker, b.ck_version, b.nonconf);
    }

    kreview *rv = NULL;
    size_t nr = 0;
    if (review_list(UI.k, s->id, &rv, &nr) == KS_OK) {
        addr(p, SR_HEADER, 0, ui_attr_header(), "【利用状況確認】 %zu件", nr);
        if (!nr) addr(p, SR_TEXT, 0, ui_attr_dim(), "  まだ記録がありません");
        for (size_t i = 0; i < nr; i++) {
            const kreview *r = &rv[i];
            bool act = policy_may_respond_review(kumo_me(UI.k), s, r, NULL, 0);
            const char *resp = !r->needs_response ? "" : *r->responded_on ? "（対応済）" : act ? "（要対応: a で記録）" : "（要対応）";
            char fy[32];
            date_fy_label(r->fy, fy, sizeof fy);
            addr(p, SR_REVIEW, r->id, r->needs_response && !*r->responded_on ? ui_attr_warn() : 0,
                 "%s  %s  %s  確認者 %s  %s", r->reviewed_on, fy, r->usage, r->reviewer, resp);
            p->rows[p->n - 1].can_act = act;
        }
        kreview_free(&rv);
    }
    ktermination *tv = NULL;
    size_t nt = 0;
    p->open_report[0] = 0;
    if (termination_list(UI.k, s->id, &tv, &nt) == KS_OK) {
        for (size_t i = 0; i < nt; i++)
            if (!strcmp(tv[i].state, "filed")) snprintf(p->open_report, sizeof p->open_report, "%s", tv[i].filed_on);
        if (nt) addr(p, SR_HEADER, 0, ui_attr_header(), "【終了連絡】 %zu件", nt);
        for (size_t i = 0; i < nt; i++) {
            bool act = policy_may_accept_termination(kumo_me(UI.k), &tv[i], NULL, 0);
            addr(p, SR_TERM, tv[i].id, !strcmp(tv[i].state, "filed") ? ui_attr_flag() : 0,
                 "%s  %s  終了日 %s  提出 %s %s%s", tv[i].filed_on, term_state(tv[i].state), tv[i].end_date,
                 tv[i].filer, *tv[i].decided_on ? tv[i].decided_on : "", act ? "  → a 受理／d 差戻し" : "");
            p->rows[p->n - 1].can_act = act;
        }
        ktermination_free(&tv);
    }
    /* the verified end (003 §4(7)): 終了処理中 until its 廃棄・削除完了報告 is accepted */
    kdisposal *dv = NULL;
    size_t nd = 0;
    p->open_disposal[0] = 0;
    if (!strcmp(s->disposal_state, "pending") || !strcmp(s->disposal_state, "done")) {
        addr(p, SR_HEADER, 0, ui_attr_header(), "【廃棄・削除完了報告】");
        if (disposal_list(UI.k, s->id, &dv, &nd) == KS_OK) {
            for (size_t i = 0; i < nd; i++) {
                if (!strcmp(dv[i].state, "filed"))
                    snprintf(p->open_disposal, sizeof p->open_disposal, "%s", dv[i].filed_on);
                bool act = policy_may_accept_disposal(kumo_me(UI.k), &dv[i], NULL, 0);
                addr(p, SR_DISP, dv[i].id, !strcmp(dv[i].state, "filed") ? ui_attr_flag() : 0,
                     "%s  %s  完了日 %s  %s  提出 %s%s", dv[i].filed_on, term_state(dv[i].state), dv[i].done_on,
                     dv[i].method, dv[i].filer, act ? "  → a 受理／d 差戻し" : "");
                p->rows[p->n - 1].can_act = act;
            }
        }
        if (!strcmp(s->disposal_state, "pending") && !*p->open_disposal) {
            char t[11];
            date_format(today, t, sizeof t);
            bool late = strcmp(s->terminated_on, t) < 0;
            addr(p, SR_TEXT, 0, late ? ui_attr_warn() : ui_attr_flag(),
                 "未提出: 情報の廃棄・全ての複製とアカウントの削除を終えたら、クラウドサービス管理者又は部局の情報セキュリ"
                 "ティ責任者が報告します（終了日 %s%s。規定003 §4(7)）",
                 s->terminated_on, late ? "を過ぎています" : "");
        }
        kdisposal_free(&dv);
    }
    kversion *vv = NULL;
    size_t nv = 0;
    if (q_service_versions(UI.k, s->id, &vv, &nv) == KS_OK) {
        addr(p, SR_HEADER, 0, ui_attr_header(), "【申請書の版】 %zu件", nv);
        for (size_t i = 0; i < nv; i++)
            addr(p, SR_VERSION, vv[i].app_id, 0, "%s  %s  %s  %s %s", *vv[i].app_no ? vv[i].app_no : "（未採番）",
                 vv[i].kind, state_label(vv[i].state), vv[i].decision, vv[i].decided_on);
        kversion_free(&vv);
    }
    p->list.n = p->n;
    ui_list_clamp(&p->list);
    if (!p->placed) {
        /* opened: the row asked for (from ホーム), else the first row waiting for this user's step */
        p->placed = true;
        for (int i = 0; i < p->n; i++)
            if (selectable(&p->rows[i]) &&
                (p->want_row ? p->rows[i].id == p->want_row && p->rows[i].kind == p->want_kind : p->rows[i].can_act)) {
                p->list.sel = i;
                break;
            }
    }
}

/* What was typed for a step is kept when the step failed (a busy database, someone else was first), so the next
   attempt starts from it; a step that went through forgets it. Takes text. */
static void keep_pending(svscr *p, srow_kind kind, int64_t id, kstatus s, char *text)
{
    free(p->pending_text);
    p->pending_text = s ? text : NULL;
    p->pending_kind = kind;
    p->pending_id = id;
    if (!s) free(text);
}

/* The text kept for this row's step, or "". */
static const char *pending_for(const svscr *p, srow_kind kind, int64_t id)
{
    return p->pending_text && p->pending_kind == kind && p->pending_id == id ? p->pending_text : "";
}

static void load(svscr *p)
{
    p->loaded = q_service(UI.k, p->id, &p->sv) == KS_OK;
    if (p->loaded) build(p);
}

static bool row_selectable(void *ctx, int i) { return selectable(&((svscr *)ctx)->rows[i]); }

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const svscr *p = ctx;
    const srow *r = &p->rows[i];
    int attr = selected ? ui_attr_selected() : r->attr;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, selectable(r) ? 2 : 1, UI.cols - 3, r->text, attr);
}

static void draw(screen *s)
{
    svscr *p = s->st;
    if (!p->loaded) return;
    if (p->built_cols != UI.cols) build(p);  /* resized: wrap again */
    char title[512];
    snprintf(title, sizeof title, "サービス %s %s", p->sv.approval_no, p->sv.name);
    ui_title(title, service_status_label(&p->sv, date_today()));
    ui_list_draw(&p->list, ui_top(), ui_content_rows());
}

/* The entry screen of a form recorded on the service, from its table (forms/service_form.h): the labels, choices,
   lengths and 必須 marks the domain checks against. conf2: the service handled 機密性2以上. */
static fform *service_form(const sform *sf, svscr *p, bool conf2)
{
    fform *f = fform_new(sf->n, &p->sv, sizeof p->sv);
    if (!f) return NULL;
    for (int i = 0; i < sf->n; i++) {
        const sform_field *d = &sf->fields[i];
        bool required = d->required || (d->required_conf2 && conf2);
        const char *hint = d->required_conf2 && !conf2 ? NULL : d->hint;
        f->fields[i] = (ffield){d->label, d->type, d->choices, d->max_chars, required, hint, NULL};
        if (d->initial) fform_set(f, i, d->initial);
    }
    return f;
}

/* A form's copy of the service read again after someone else changed it (fform refresh): what changed, said. */
static kstatus service_refresh(fform *f, void *ctx, char *msg, size_t n)
{
    (void)f;
    kservice *sv = ctx, now;
    kstatus s = q_service(UI.k, sv->id, &now);
    if (s) return s;
    size_t len = 0;
    if (strcmp(sv->next_review_due, now.next_review_due))
        len += (size_t)snprintf(msg + len, n - len, "次回利用状況確認期限 %s → %s", sv->next_review_due,
                                now.next_review_due);
    if (len < n && strcmp(sv->manager, now.manager))
        len += (size_t)snprintf(msg + len, n - len, "%sクラウドサービス管理者 %s → %s", len ? "、" : "", sv->manager,
                                now.manager);
    if (len < n && strcmp(sv->status, now.status))
        snprintf(msg + len, n - len, "%s状態 %s → %s", len ? "、" : "", service_status_label(sv, date_today()),
                 service_status_label(&now, date_today()));
    *sv = now;
    return KS_OK;
}

/* ---- 利用状況確認 ---- */

static kstatus review_submit(fform *f, void *ctx)
{
    kservice *sv = ctx;
    review_input in = {.answers = f->answers, .n_answers = f->nans};
    for (int i = 0; i < RV__COUNT; i++) in.v[i] = fform_value(f, i);
    int64_t id = 0;
    kstatus s = review_record(UI.k, sv, &in, &id);
    if (!s) {
        /* a review that needs a response (変更あり, 不適切事項の相談) says who will record it, by name */
        char who[320] = "";
        kreview *r = calloc(1, sizeof *r);
        if (r && review_get(UI.k, id, r, NULL, NULL) == KS_OK && r->needs_response) {
            who_ctx wc;
            who_list wl = {0};
            if (who_begin(UI.k, &wc) == KS_OK) {
                who_may_respond(UI.k, &wc, r, &wl);
                who_end(&wc);
            }
            who_text(&wl, true, who, sizeof who);
        }
        free(r);
        snprintf(f->done_msg, sizeof f->done_msg, "利用状況確認を記録しました。次回利用状況確認期限 %s%s%s%s",
                 sv->next_review_due, *who ? "。要対応: " : "", who, *who ? "が対応を記録します" : "");
    }
    /* a conflict: the form reads the service again (service_refresh) and keeps what was typed */
    return s;
}

static void start_review(svscr *p)
{
    char why[512];
    if (!policy_may_review(kumo_me(UI.k), &p->sv, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    fform *f = service_form(sform_review(), p, false);
    if (!f) return;
    char today[11];
    date_format(date_today(), today, sizeof today);
    fform_set(f, RV_DATE, today);
    snprintf(f->title, sizeof f->title, "利用状況確認 %s %s", p->sv.approval_no, p->sv.name);
    snprintf(f->intro, sizeof f->intro, "次回利用状況確認期限 %s。記録すると期限が次の周期に進みます",
             p->sv.next_review_due);
    char name[256] = "";
    if (phase_checklist_blank(UI.k, PHASE_OPERATE, &f->answers, &f->nans, name, sizeof name)) ui_fail(KS_IO);
    snprintf(f->ck_title, sizeof f->ck_title, "%s", *name ? name : "運用・保守時チェックリスト");
    f->ck_nonconf = phase_nonconf_label(PHASE_OPERATE);
    f->submit = review_submit;
    f->reread = service_refresh;
    f->subject = "サービス";
    fform_open(f);
}

/* A long text for a text view: after its label on lines of its own, each indented ("" stays ""). */
#define LONG_BUF 4096
static const char *long_text(const char *v, char out[LONG_BUF])
{
    size_t o = 0;
    out[0] = 0;
    if (!v || !*v) return out;
    for (const char *p = v;; ) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        int w = snprintf(out + o, LONG_BUF - o, "\n    %.*s", (int)n, p);
        if (w < 0 || (size_t)w >= LONG_BUF - o) {
            text_trim_partial(out);
            break;
        }
        o += (size_t)w;
        if (!nl) break;
        p = nl + 1;
    }
    return out;
}

/* The answers of a checklist as lines of a text view: code, answer, item and 確認内容. Returns the new length. */
static size_t append_answers(char *t, size_t cap, size_t len, const ck_answer *ans, size_t n)
{
    for (size_t i = 0; i < n && len + 800 + LONG_BUF < cap; i++) {
        char al[32], note[LONG_BUF];
        text_fit(al, sizeof al, *ans[i].answer ? ans[i].answer : "未回答", 8, true);
        len += (size_t)snprintf(t + len, cap - len, "%-8s %s %s%s\n", ans[i].code, al, ans[i].text,
                                long_text(ans[i].note, note));
    }
    return len < cap ? len : cap - 1;
}

static void show_review(svscr *p, int64_t id)
{
    kreview r;
    ck_answer *ans = NULL;
    size_t n = 0;
    if (review_get(UI.k, id, &r, &ans, &n)) {
        ui_fail(KS_ERROR);
        return;
    }
    size_t cap = 8192 + 6 * LONG_BUF + n * (800 + LONG_BUF);
    char *t = malloc(cap);
    if (!t) {
        checklist_answers_free(&ans, n);
        return;
    }
    /* a long text on lines of its own, indented, its line breaks kept (the viewer wraps it by width) */
    char change[LONG_BUF], incident[LONG_BUF], inappropriate[LONG_BUF], response[LONG_BUF];
    size_t len = (size_t)snprintf(t, cap,
                                  "確認日 %s（確認者 %s）\n利用状況 %s／利用者数 %s\n規約・設定変更の有無 %s%s\n"
                                  "インシデントの有無 %s%s\n不適切と考えられる事項%s\n相談先 %s\n"
                                  "期限 %s → %s\n\n",
                                  r.reviewed_on, r.reviewer, r.usage, *r.user_count ? r.user_count : "－",
                                  r.terms_changed, long_text(r.change_detail, change), r.incident,
                                  long_text(r.incident_detail, incident),
                                  *r.inappropriate ? long_text(r.inappropriate, inappropriate) : " なし",
                                  *r.referred_to ? r.referred_to : "－", r.prev_due, r.next_due);
    if (r.needs_response)
        len += (size_t)snprintf(t + len, cap - len, "対応:%s\n\n",
                                *r.responded_on ? long_text(r.response, response)
                                                : " （未対応: 統括情報セキュリティ責任者又は部局の情報セキュリティ責任者が対応を記録します）");
    len += (size_t)snprintf(t + len, cap - len, "%s（版 %s）\n", r.ck_name, r.ck_version);
    len = append_answers(t, cap, len, ans, n);
    checklist_answers_free(&ans, n);
    ui_show_text("利用状況確認", t);
    free(t);
    if (policy_may_respond_review(kumo_me(UI.k), &p->sv, &r, NULL, 0)) ui_info("a でこの利用状況確認への対応を記録します");
}

/* The response to a review that raised something (相談, 003 §4(8)): offered on its row. */
static void respond_review(svscr *p, int64_t id)
{
    kreview r;
    if (review_get(UI.k, id, &r, NULL, NULL)) {
        ui_fail(KS_ERROR);
        return;
    }
    char why[512];
    if (!policy_may_respond_review(kumo_me(UI.k), &p->sv, &r, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    char hint[512];
    snprintf(hint, sizeof hint, "%s の利用状況確認（%s／確認者 %s）を受けての判断・指示（規定003 §4(8)）", r.reviewed_on,
             r.usage, r.reviewer);
    char *resp = ui_edit_text("対応の内容（必須）", hint, pending_for(p, SR_REVIEW, id), 400);
    if (!resp) return;
    kstatus s = review_respond(UI.k, id, resp);
    keep_pending(p, SR_REVIEW, id, s, resp);
    if (s) ui_fail(s);
    else ui_info("対応を記録しました。ホームの要対応から外れます");
    load(p);
}

/* ---- 導入・構築時確認 ---- */

static kstatus build_submit(fform *f, void *ctx)
{
    kservice *sv = ctx;
    build_check_input in = {.answers = f->answers, .n_answers = f->nans};
    for (int i = 0; i < BC__COUNT; i++) in.v[i] = fform_value(f, i);
    kstatus s = build_check_record(UI.k, sv, &in, NULL);
    if (!s) snprintf(f->done_msg, sizeof f->done_msg, "導入・構築時確認を記録しました（確認日 %s）", sv->build_checked_on);
    return s;
}

static void start_build_check(svscr *p)
{
    char why[512];
    if (!policy_may_build_check(kumo_me(UI.k), &p->sv, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    fform *f = service_form(sform_build_check(), p, false);
    if (!f) return;
    char today[11];
    date_format(date_today(), today, sizeof today);
    fform_set(f, BC_DATE, today);
    snprintf(f->title, sizeof f->title, "導入・構築時確認 %s %s", p->sv.approval_no, p->sv.name);
    snprintf(f->intro, sizeof f->intro,
             "承認日 %s／利用開始日 %s。提供者の対応状況をチェックリストで確認して記録すると、台帳の「構築確認待ち」が"
             "解除されます"
             "（規定003 §4(5)、ポリシー004 §8-3(6)）",
             p->sv.approved_on, p->sv.start_date);
    char name[256] = "";
    if (phase_checklist_blank(UI.k, PHASE_BUILD, &f->answers, &f->nans, name, sizeof name)) ui_fail(KS_IO);
    snprintf(f->ck_title, sizeof f->ck_title, "%s", *name ? name : "導入・構築時チェックリスト");
    f->ck_nonconf = phase_nonconf_label(PHASE_BUILD);
    f->submit = build_submit;
    f->reread = service_refresh;
    f->subject = "サービス";
    fform_open(f);
}

static void show_build_check(svscr *p)
{
    kbuild_check b;
    ck_answer *ans = NULL;
    size_t n = 0;
    kstatus st = build_check_get(UI.k, p->sv.id, &b, &ans, &n);
    if (st) {
        ui_fail(st);
        return;
    }
    size_t cap = 4096 + n * 800;
    char *t = malloc(cap);
    if (!t) {
        checklist_answers_free(&ans, n);
        return;
    }
    size_t len = (size_t)snprintf(t, cap, "確認日 %s（確認者 %s）\n備考 %s\n\n%s（版 %s）\n", b.checked_on, b.checker,
                                  *b.remarks ? b.remarks : "－", b.ck_name, b.ck_version);
    len = append_answers(t, cap, len, ans, n);
    checklist_answers_free(&ans, n);
    ui_show_text("導入・構築時確認", t);
    free(t);
}

/* ---- 終了連絡 ---- */

static kstatus term_submit(fform *f, void *ctx)
{
    kservice *sv = ctx;
    termination_input in = {.answers = f->answers, .n_answers = f->nans};
    for (int i = 0; i < TM__COUNT; i++) in.v[i] = fform_value(f, i);
    int64_t id = 0;
    kstatus s = termination_file(UI.k, sv, &in, &id);
    if (!s) {
        /* who will accept it, by name (as submitting an application says who will decide it) */
        char who[320];   /* two names with their roles, or one and ほか N名: well within */
        who_accepts_termination(UI.k, id, who, sizeof who);
        snprintf(f->done_msg, sizeof f->done_msg, "終了連絡を提出しました。%s%s受理を待ちます", who, *who ? "の" : "");
    }
    return s;
}

/* After a 差戻し the report is filed again from what was sent, with the reason in view: nothing is typed twice. */
static void prefill_from_returned(svscr *p, fform *f)
{
    ktermination *tv = NULL;
    size_t nt = 0;
    if (termination_list(UI.k, p->sv.id, &tv, &nt) || nt == 0 || strcmp(tv[0].state, "returned")) {
        ktermination_free(&tv);
        return;
    }
    ktermination t;
    ck_answer *ans = NULL;
    size_t n = 0;
    int64_t id = tv[0].id;
    ktermination_free(&tv);
    if (termination_get(UI.k, id, &t, &ans, &n)) return;
    const char *v[TM__COUNT] = {
        [TM_END] = t.end_date, [TM_PLAN] = t.plan, [TM_PLAN_REASON] = t.plan_reason, [TM_NOTICE] = t.notice_date,
        [TM_DISPOSAL] = t.disposal, [TM_DISPOSAL_NOTE] = t.disposal_note, [TM_ACC_USERS] = t.accounts_users,
        [TM_ACC_PRIV] = t.accounts_privileged, [TM_ACC_SPECIAL] = t.accounts_special, [TM_REMARKS] = t.remarks,
    };
    for (int i = 0; i < TM__COUNT; i++)
        if (v[i] && *v[i]) fform_set(f, i, v[i]);
    for (size_t i = 0; i < f->nans; i++)
        for (size_t j = 0; j < n; j++)
            if (!strcmp(f->answers[i].code, ans[j].code)) {
                free(f->answers[i].answer);
                free(f->answers[i].note);
                free(f->answers[i].reason);
                f->answers[i].answer = strdup(ans[j].answer);
                f->answers[i].note = strdup(ans[j].note);
                f->answers[i].reason = strdup(ans[j].reason);
            }
    checklist_answers_free(&ans, n);
    snprintf(f->intro, sizeof f->intro, "差し戻された終了連絡を直して出し直します。差戻しの理由: %s", t.decision_comment);
}

static void start_termination(svscr *p)
{
    char why[512];
    if (!policy_may_terminate(kumo_me(UI.k), &p->sv, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    if (*p->open_report) {
        ui_error("このサービスには受理待ちの終了連絡（%s 提出）が既にあります。差し戻されたときに出し直せます",
                 p->open_report);
        return;
    }
    fform *f = service_form(sform_termination(), p, form_track_of(p->sv.conf) == TRACK_83);
    if (!f) return;
    if (*p->sv.end_date) fform_set(f, TM_END, p->sv.end_date);
    snprintf(f->title, sizeof f->title, "終了連絡 %s %s", p->sv.approval_no, p->sv.name);
    snprintf(f->intro, sizeof f->intro,
             "機密性 %s。受理されると「終了処理中」となり、終了日の後の廃棄・削除完了報告の受理で「終了」となります"
             "（規定003 §4(7)）",
             p->sv.conf);
    char name[256] = "";
    if (phase_checklist_blank(UI.k, PHASE_RETIRE, &f->answers, &f->nans, name, sizeof name)) ui_fail(KS_IO);
    snprintf(f->ck_title, sizeof f->ck_title, "%s", *name ? name : "更改・廃棄時チェックリスト");
    f->ck_nonconf = phase_nonconf_label(PHASE_RETIRE);
    prefill_from_returned(p, f);
    f->submit = term_submit;
    f->reread = service_refresh;
    f->subject = "サービス";
    fform_open(f);
}

static void show_termination(int64_t id)
{
    ktermination t;
    ck_answer *ans = NULL;
    size_t n = 0;
    if (termination_get(UI.k, id, &t, &ans, &n)) {
        ui_fail(KS_ERROR);
        return;
    }
    char decision[LONG_BUF + 256] = "", comment[LONG_BUF];
    if (*t.decided_on)
        snprintf(decision, sizeof decision, "%s（%s %s）%s", term_state(t.state), t.decider, t.decided_on,
                 long_text(t.decision_comment, comment));
    size_t cap = 8192 + 6 * LONG_BUF + n * (800 + LONG_BUF);
    char *txt = malloc(cap);
    if (!txt) {
        checklist_answers_free(&ans, n);
        return;
    }
    char plan_reason[LONG_BUF], disposal_note[LONG_BUF], remarks[LONG_BUF];
    size_t len = (size_t)snprintf(
        txt, cap,
        "状態 %s（提出 %s %s）\n終了日 %s\n移行計画書又は終了計画書 %s%s\n利用者への事前周知日 %s\n"
        "情報の廃棄方法 %s%s\nアカウント削除: 利用者 %s／特権 %s／特殊アカウントと資格情報 %s\n備考%s\n%s\n\n",
        term_state(t.state), t.filer, t.filed_on, t.end_date, t.plan, long_text(t.plan_reason, plan_reason),
        t.notice_date, *t.disposal ? t.disposal : "－", long_text(t.disposal_note, disposal_note), t.accounts_users,
        t.accounts_privileged, t.accounts_special, *t.remarks ? long_text(t.remarks, remarks) : " －", decision);
    len += (size_t)snprintf(txt + len, cap - len, "%s（版 %s）\n", t.ck_name, t.ck_version);
    len = append_answers(txt, cap, len, ans, n);
    checklist_answers_free(&ans, n);
    ui_show_text("終了連絡", txt);
    free(txt);
    if (policy_may_accept_termination(kumo_me(UI.k), &t, NULL, 0)) ui_info("a で受理、d で差し戻します");
}

/* 受理 of a 終了連絡 (003 §4(4)③): the service is 終了処理中 after its 終了日 until the 廃棄・削除完了報告 is
   accepted (§4(7)). */
static void accept_termination(svscr *p, int64_t id)
{
    ktermination t;
    if (termination_get(UI.k, id, &t, NULL, NULL)) {
        ui_fail(KS_ERROR);
        return;
    }
    char why[512];
    if (!policy_may_accept_termination(kumo_me(UI.k), &t, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    char today[11], q[1024];
    date_format(date_today(), today, sizeof today);
    bool ahead = strcmp(t.end_date, today) > 0;
    snprintf(q, sizeof q,
             "%s の終了連絡（%s 提出、終了日 %s）を受理しますか？ サービスは終了処理中となり、%s廃棄・削除完了報告の受理で"
             "終了します",
             p->sv.name, t.filer, t.end_date, ahead ? "終了日の後の" : "");
    if (!ui_confirm(q)) return;
    char *cm = ui_edit_text("受理のコメント（任意）", "履歴と監査証跡に残ります", pending_for(p, SR_TERM, id), 400);
    if (!cm) return;
    kstatus s = termination_accept(UI.k, id, cm);
    keep_pending(p, SR_TERM, id, s, cm);
    if (s) ui_fail(s);
    else
        ui_info("受理しました。%s は終了処理中です（終了日 %s）。廃棄・削除完了報告が受理されると終了となります",
                p->sv.name, t.end_date);
    load(p);
}

/* 差戻し of a 終了連絡: back to the filer with the reason (required), who files it again from what was sent. */
static void return_termination(svscr *p, int64_t id)
{
    ktermination t;
    if (termination_get(UI.k, id, &t, NULL, NULL)) {
        ui_fail(KS_ERROR);
        return;
    }
    char why[512];
    if (!policy_may_accept_termination(kumo_me(UI.k), &t, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    char hint[256];
    snprintf(hint, sizeof hint, "提出者 %s に戻ります（直して出し直せます）", t.filer);
    char *cm = ui_edit_text("差戻しの理由（必須）", hint, pending_for(p, SR_TERM, id), 400);
    if (!cm) return;
    kstatus s = termination_return(UI.k, id, cm);
    keep_pending(p, SR_TERM, id, s, cm);
    if (s) ui_fail(s);
    else ui_info("終了連絡を差し戻しました。%s のホームに表示されます", t.filer);
    load(p);
}

/* ---- 廃棄・削除完了報告 (規定003 §4(7); ポリシー004 §8-3(8)) ---- */

static kstatus disposal_submit(fform *f, void *ctx)
{
    kservice *sv = ctx;
    disposal_input in;
    for (int i = 0; i < DS__COUNT; i++) in.v[i] = fform_value(f, i);
    int64_t id = 0;
    kstatus s = disposal_file(UI.k, sv, &in, &id);
    if (!s) {
        /* who will accept it, by name */
        char who[320];
        who_accepts_disposal(UI.k, id, who, sizeof who);
        snprintf(f->done_msg, sizeof f->done_msg, "廃棄・削除完了報告を提出しました。%sの受理を待ちます",
                 *who                                ? who
                 : form_track_of(sv->conf) == TRACK_83 ? "統括情報セキュリティ責任者"
                                                       : "部局の情報セキュリティ責任者");
    }
    return s;
}

static void start_disposal(svscr *p)
{
    char why[512];
    if (!policy_may_file_disposal(kumo_me(UI.k), &p->sv, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    if (*p->open_disposal) {
        ui_error("このサービスには受理待ちの廃棄・削除完了報告（%s 提出）が既にあります", p->open_disposal);
        return;
    }
    bool conf2 = form_track_of(p->sv.conf) == TRACK_83;
    fform *f = service_form(sform_disposal(), p, conf2);
    if (!f) return;
    char today[11], excepted[64] = "";
    date_format(date_today(), today, sizeof today);
    fform_set(f, DS_DATE, today);
    if (conf2) {
        fform_set(f, DS_METHOD, DISPOSAL_METHOD_CE);
        disposal_excepted_method(UI.k, p->sv.id, excepted, sizeof excepted);
    }
    snprintf(f->title, sizeof f->title, "廃棄・削除完了報告 %s %s", p->sv.approval_no, p->sv.name);
    snprintf(f->intro, sizeof f->intro,
             "機密性 %s／終了日 %s。%s全ての複製とアカウントの削除を確認して報告します。受理されるとサービスは「終了」"
             "となります（規定003 §4(7)）%s%s",
             p->sv.conf, p->sv.terminated_on,
             conf2 ? "削除方法は暗号化消去、削除の確認は証明書又は立会い（ポリシー004 §8-3(8)③、002の表）。" : "",
             *excepted ? "。例外措置により認められた削除方法: " : "", excepted);
    /* after a 差戻し: what was sent, and the reason, in view */
    kdisposal *dv = NULL;
    size_t nd = 0;
    if (disposal_list(UI.k, p->sv.id, &dv, &nd) == KS_OK && nd && !strcmp(dv[0].state, "returned")) {
        const kdisposal *d = &dv[0];
        const char *v[DS__COUNT] = {
            [DS_WORKER] = d->worker, [DS_METHOD] = d->method, [DS_CONFIRM] = d->confirmation,
            [DS_EVIDENCE] = d->evidence, [DS_COPIES] = d->copies, [DS_ACC_USERS] = d->accounts_users,
            [DS_ACC_PRIV] = d->accounts_privileged, [DS_ACC_SPECIAL] = d->accounts_special, [DS_REMARKS] = d->remarks,
        };
        for (int i = 0; i < DS__COUNT; i++)
            if (v[i] && *v[i]) fform_set(f, i, v[i]);
        snprintf(f->intro, sizeof f->intro, "差し戻された廃棄・削除完了報告を直して出し直します。差戻しの理由: %s",
                 d->decision_comment);
    }
    kdisposal_free(&dv);
    f->submit = disposal_submit;
    f->reread = service_refresh;
    f->subject = "サービス";
    fform_open(f);
}

static void show_disposal(int64_t id)
{
    kdisposal *d = malloc(sizeof *d);
    if (!d || disposal_get(UI.k, id, d)) {
        free(d);
        ui_fail(KS_ERROR);
        return;
    }
    char decision[LONG_BUF + 256] = "", comment[LONG_BUF], remarks[LONG_BUF];
    if (*d->decided_on)
        snprintf(decision, sizeof decision, "%s（%s %s）%s", term_state(d->state), d->decider, d->decided_on,
                 long_text(d->decision_comment, comment));
    size_t cap = 4 * LONG_BUF + 4096;
    char *t = malloc(cap);
    if (t) {
        snprintf(t, cap,
                 "状態 %s（提出 %s %s）\n完了日 %s／担当者 %s\n削除方法 %s%s%s%s\n削除の確認 %s\n証跡 %s\n"
                 "全ての複製（バックアップ等） %s\nアカウント: 利用者 %s／特権 %s／特殊アカウントと資格情報 %s\n備考%s\n%s\n",
                 term_state(d->state), d->filer, d->filed_on, d->done_on, d->worker, d->method,
                 *d->exc_no ? "（例外措置 " : "", d->exc_no, *d->exc_no ? "）" : "", d->confirmation, d->evidence,
                 d->copies, d->accounts_users, d->accounts_privileged, d->accounts_special,
                 *d->remarks ? long_text(d->remarks, remarks) : " －", decision);
        ui_show_text("廃棄・削除完了報告", t);
        free(t);
    }
    if (policy_may_accept_disposal(kumo_me(UI.k), d, NULL, 0)) ui_info("a で受理、d で差し戻します");
    kdisposal_free(&d);
}

/* 受理 (the service becomes 終了) or 差戻し (with the reason) of a 廃棄・削除完了報告. */
static void decide_disposal(svscr *p, int64_t id, bool accept)
{
    kdisposal *d = malloc(sizeof *d);
    if (!d || disposal_get(UI.k, id, d)) {
        free(d);
        ui_fail(KS_ERROR);
        return;
    }
    char why[512], q[1024], filer[128];
    snprintf(filer, sizeof filer, "%s", d->filer);
    bool may = policy_may_accept_disposal(kumo_me(UI.k), d, why, sizeof why);
    snprintf(q, sizeof q, "%s の廃棄・削除完了報告（%s 提出、完了日 %s、%s）を受理しますか？ サービスは終了となります",
             p->sv.name, d->filer, d->done_on, d->method);
    kdisposal_free(&d);
    if (!may) {
        ui_error("%s", why);
        return;
    }
    if (accept && !ui_confirm(q)) return;
    char hint[256];
    snprintf(hint, sizeof hint, "提出者 %s に戻ります（直して出し直せます）", filer);
    char *cm = accept ? ui_edit_text("受理の所見（任意）", "履歴と監査証跡に残ります", pending_for(p, SR_DISP, id), 400)
                      : ui_edit_text("差戻しの理由（必須）", hint, pending_for(p, SR_DISP, id), 400);
    if (!cm) return;
    kstatus s = accept ? disposal_accept(UI.k, id, cm) : disposal_return(UI.k, id, cm);
    keep_pending(p, SR_DISP, id, s, cm);
    if (s) ui_fail(s);
    else if (accept) ui_info("受理しました。%s は終了となりました（記録と履歴は残ります）", p->sv.name);
    else ui_info("廃棄・削除完了報告を差し戻しました。%s のホームに表示されます", filer);
    load(p);
}

/* The CISO permits a 削除方法 other than 暗号化消去 for a 機密性2以上 service (ポリシー004 §7-4, §8-3(8)③). */
static void except_disposal(svscr *p)
{
    char why[512];
    if (!policy_may_except_disposal(kumo_me(UI.k), &p->sv, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    const char *const *all = sform_disposal()->fields[DS_METHOD].choices;
    const char *methods[8];
    int n = 0;
    for (int i = 0; all[i] && n < 8; i++)
        if (strcmp(all[i], DISPOSAL_METHOD_CE) && !strstr(all[i], "アクセス可能な領域のみ")) methods[n++] = all[i];
    int c = ui_choose("例外措置として認める削除方法（暗号化消去以外。ポリシー004 §8-3(8)③）", methods, n, 0);
    if (c < 0 || c >= n) return;
    char *reason = ui_edit_text("例外措置の理由（必須）", "暗号化消去によらない合理的な理由（§7-4(1)）", "", 400);
    if (!reason) return;
    char *cond = ui_edit_text("例外措置の条件（必須）", "削除の確認の方法など、例外措置の間に守る条件", "", 400);
    if (!cond) {
        free(reason);
        return;
    }
    kdate today = date_today();
    char until_def[11], recheck_def[11];
    date_format(date_add_months(today, 12), until_def, sizeof until_def);
    date_format(date_add_months(today, 6), recheck_def, sizeof recheck_def);
    char *until = ui_prompt("有効期限", "YYYY-MM-DD（今日より後）", until_def, 10);
    char *recheck = until ? ui_prompt("次回確認日", "YYYY-MM-DD（定期的な確認: §7-4(3)。有効期限以前）", recheck_def, 10) : NULL;
    if (until && recheck) {
        exc_input in = {.reason = reason, .conditions = cond, .valid_until = until, .recheck_on = recheck};
        kexception *e = malloc(sizeof *e);
        kstatus s = e ? exc_grant_disposal(UI.k, &p->sv, methods[c], &in, e) : KS_NOMEM;
        if (s) ui_fail(s);
        else ui_info("例外措置を許可しました（%s）。廃棄・削除完了報告で %s を選べます", e->exc_no, methods[c]);
        free(e);
        load(p);
    }
    free(reason);
    free(cond);
    free(until);
    free(recheck);
}

static void redesignate(svscr *p)
{
    char why[512];
    if (!policy_may_redesignate(kumo_me(UI.k), &p->sv, why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    int64_t id = ui_choose_manager("新しいクラウドサービス管理者を選んでください", p->sv.dept_id, p->sv.manager_id);
    if (!id) return;
    char *reason = ui_prompt("変更の理由（任意）", "履歴に残ります", "", 200);
    if (!reason) return;
    kstatus s = manager_redesignate(UI.k, &p->sv, id, reason);
    free(reason);
    if (s) ui_fail(s);
    else ui_info("クラウドサービス管理者を %s に変更しました", p->sv.manager);
    load(p);
}

static void new_change(svscr *p)
{
    kapp a;
    kstatus s = wf_new_change(UI.k, p->sv.id, &a);
    if (s) {
        ui_fail(s);
        return;
    }
    int64_t id = a.id;
    kapp_clear(&a);
    ui_info("変更申請の下書きを作成しました（現在の内容を引き継いでいます）。変更する項目を入力してください");
    ui_open_id(&SCREEN_APP, id);
}

static int open_row(screen *s)
{
    svscr *p = s->st;
    int i = ui_list_sel(&p->list);
    if (i < 0) return UI_HANDLED;
    switch (p->rows[i].kind) {
    case SR_BUILD: show_build_check(p); break;
    case SR_EXC: {
        kexception *e = malloc(sizeof *e);
        if (e && exc_get(UI.k, p->rows[i].id, e) == KS_OK) ui_show_exception(e);
        free(e);
        load(p);
        break;
    }
    case SR_REVIEW: show_review(p, p->rows[i].id); break;
    case SR_TERM: show_termination(p->rows[i].id); break;
    case SR_DISP: show_disposal(p->rows[i].id); break;
    case SR_VERSION: ui_open_id(&SCREEN_APP, p->rows[i].id); break;
    default: break;
    }
    return UI_HANDLED;
}

/* The selected row when it is of `kind` and waits for this user's step. */
static const srow *acting_row(const screen *s, srow_kind kind)
{
    const svscr *p = s->st;
    int i = ui_list_sel(&p->list);
    return p->loaded && i >= 0 && p->rows[i].kind == kind && p->rows[i].can_act ? &p->rows[i] : NULL;
}

static bool may_respond(const screen *s) { return acting_row(s, SR_REVIEW) != NULL; }
static bool may_decide_report(const screen *s) { return acting_row(s, SR_TERM) != NULL; }
static bool may_decide_disposal(const screen *s) { return acting_row(s, SR_DISP) != NULL; }

static int respond_run(screen *s)
{
    const srow *r = acting_row(s, SR_REVIEW);
    if (r) respond_review(s->st, r->id);
    return UI_HANDLED;
}

static int accept_run(screen *s)
{
    const srow *r = acting_row(s, SR_TERM);
    if (r) accept_termination(s->st, r->id);
    return UI_HANDLED;
}

static int return_run(screen *s)
{
    const srow *r = acting_row(s, SR_TERM);
    if (r) return_termination(s->st, r->id);
    return UI_HANDLED;
}

static int disposal_accept_run(screen *s)
{
    const srow *r = acting_row(s, SR_DISP);
    if (r) decide_disposal(s->st, r->id, true);
    return UI_HANDLED;
}

static int disposal_return_run(screen *s)
{
    const srow *r = acting_row(s, SR_DISP);
    if (r) decide_disposal(s->st, r->id, false);
    return UI_HANDLED;
}

static int disposal_run(screen *s) { start_disposal(s->st); return UI_HANDLED; }
static int except_disposal_run(screen *s) { except_disposal(s->st); return UI_HANDLED; }
static int review_run(screen *s) { start_review(s->st); return UI_HANDLED; }
static int build_run(screen *s) { start_build_check(s->st); return UI_HANDLED; }
static int terminate_run(screen *s) { start_termination(s->st); return UI_HANDLED; }
static int redesignate_run(screen *s) { redesignate(s->st); return UI_HANDLED; }
static int change_run(screen *s) { new_change(s->st); return UI_HANDLED; }

static int history(screen *s)
{
    svscr *p = s->st;
    char t[512];
    snprintf(t, sizeof t, "履歴 %s %s", p->sv.approval_no, p->sv.name);
    ui_show_history(0, p->sv.id, t);
    return UI_HANDLED;
}

static void on_show(screen *s) { load(s->st); }

/* The row ui_open_service_row asks for, taken by the init of the screen it opens. */
static service_row next_kind;
static int64_t next_row;

bool ui_open_service_row(int64_t service_id, service_row kind, int64_t row_id)
{
    next_kind = kind;
    next_row = row_id;
    bool ok = ui_open_id(&SCREEN_SERVICE, service_id);
    next_kind = SVC_ROW_NONE;
    next_row = 0;
    return ok;
}

static bool init(screen *s, const void *arg)
{
    svscr *p = s->st;
    p->id = *(const int64_t *)arg;
    p->want_row = next_kind != SVC_ROW_NONE ? next_row : 0;
    p->want_kind = next_kind == SVC_ROW_REVIEW ? SR_REVIEW : next_kind == SVC_ROW_DISPOSAL ? SR_DISP : SR_TERM;
    p->list = (ui_list){.ctx = p, .selectable = row_selectable, .draw_row = draw_row};
    s->list = &p->list;
    return true;
}

static void close_(screen *s)
{
    svscr *p = s->st;
    free(p->rows);
    free(p->pending_text);
}

/* What this user may do with the service as it now is (the policy's answer). */
static bool loaded(const screen *s) { return ((const svscr *)s->st)->loaded; }

static bool may_review(const screen *s)
{
    const svscr *p = s->st;
    return p->loaded && policy_may_review(kumo_me(UI.k), &p->sv, NULL, 0);
}

static bool may_build_check(const screen *s)
{
    const svscr *p = s->st;
    return p->loaded && policy_may_build_check(kumo_me(UI.k), &p->sv, NULL, 0);
}

static bool may_terminate(const screen *s)
{
    const svscr *p = s->st;
    return p->loaded && policy_may_terminate(kumo_me(UI.k), &p->sv, NULL, 0) && !*p->open_report;
}

static bool may_file_disposal(const screen *s)
{
    const svscr *p = s->st;
    return p->loaded && policy_may_file_disposal(kumo_me(UI.k), &p->sv, NULL, 0) && !*p->open_disposal;
}

static bool may_except_disposal(const screen *s)
{
    const svscr *p = s->st;
    return p->loaded && policy_may_except_disposal(kumo_me(UI.k), &p->sv, NULL, 0);
}

static bool may_redesignate(const screen *s)
{
    const svscr *p = s->st;
    return p->loaded && policy_may_redesignate(kumo_me(UI.k), &p->sv, NULL, 0) && !strcmp(p->sv.status, "active");
}

static bool may_change(const screen *s)
{
    const svscr *p = s->st;
    return p->loaded && policy_may_change(kumo_me(UI.k), &p->sv, NULL, 0);
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "開く", "選んだ例外措置・導入・構築時確認・利用状況確認・終了連絡・廃棄・削除完了報告・申請書を開く", open_row, ui_has_selection},
    {{'a'}, "対応を記録", "選んだ利用状況確認（要対応）への対応を記録する（規定003 §4(8)：相談への対応）", respond_run,
     may_respond},
    {{'a'}, "受理", "選んだ終了連絡を受理する（廃棄・削除完了報告の受理まで終了処理中: 規定003 §4(4)③、§4(7)）", accept_run,
     may_decide_report},
    {{'d'}, "差戻し", "選んだ終了連絡を理由を付けて提出者に差し戻す", return_run, may_decide_report},
    {{'a'}, "受理", "選んだ廃棄・削除完了報告を受理する（サービスは終了となります: 規定003 §4(7)）", disposal_accept_run,
     may_decide_disposal},
    {{'d'}, "差戻し", "選んだ廃棄・削除完了報告を理由を付けて提出者に差し戻す", disposal_return_run, may_decide_disposal},
    {{'r'}, "利用状況確認", "利用状況確認を記録する（規定003 §4(8)、運用・保守時チェックリスト）", review_run, may_review},
    {{'b'}, "構築時確認", "導入・構築時確認を記録する（規定003 §4(5)、導入・構築時チェックリスト）", build_run,
     may_build_check},
    {{'e'}, "終了連絡", "終了連絡を提出する（規定003 §4(4)③、更改・廃棄時チェックリスト）", terminate_run, may_terminate},
    {{'f'}, "削除完了報告", "廃棄・削除完了報告を提出する（規定003 §4(7)、ポリシー004 §8-3(8)：削除方法・削除の確認・"
     "アカウント削除）", disposal_run, may_file_disposal},
    {{'x'}, "廃棄の例外措置", "暗号化消去以外の削除方法を例外措置として許可する（CISO。ポリシー004 §7-4、§8-3(8)③）",
     except_disposal_run, may_except_disposal},
    {{'m'}, "管理者変更", "クラウドサービス管理者を指名し直す（履歴に残ります）", redesignate_run, may_redesignate},
    {{'c'}, "変更申請", "現在の申請書を元に変更申請を作成する", change_run, may_change},
    {{'h'}, "履歴", "このサービスの履歴", history, loaded},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_SERVICE = {
    .title = "サービス", .size = sizeof(svscr), .init = init, .draw = draw, .on_show = on_show, .close = close_,
    .actions = ACTIONS,
};
