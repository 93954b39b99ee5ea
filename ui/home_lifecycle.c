/* ホーム sections of the life after approval: reviews due or overdue, services past their 利用終了予定日,
   利用状況確認 awaiting a response, 終了連絡 and 廃棄・削除完了報告 awaiting 受理. */
#include "ui/home_lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "ui/home_items.h"

#define HOME_LC_MAX 10

static kservice row_of(int64_t service_id, const char *no, const char *name, const char *dept)
{
    kservice s = {0};
    s.id = service_id;
    snprintf(s.approval_no, sizeof s.approval_no, "%s", no);
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.dept, sizeof s.dept, "%s", dept);
    return s;
}

static void add_row(home_items *h, int64_t service_id, const char *no, const char *status, const char *name,
                    const char *dept, const char *date, int attr)
{
    kservice s = row_of(service_id, no, name, dept);
    home_items_add_service(h, &s, status, date, attr);
}

/* A row of the user's own work about one review or report of a service. */
static void add_record_row(home_items *h, service_row kind, int64_t row_id, int64_t service_id, const char *no,
                           const char *status, const char *name, const char *dept, const char *date, int attr)
{
    kservice s = row_of(service_id, no, name, dept);
    home_items_add_service_row(h, &s, status, date, attr, kind, row_id);
}

/* A row waiting for others: `step` by whom (wl), as a column and as the sentence of the message line. */
static void add_waiting(home_items *h, service_row kind, int64_t row_id, int64_t service_id, const char *no,
                        const char *name, const char *state, const char *step, const who_list *wl)
{
    kservice s = row_of(service_id, no, name, "");
    char names[256], full[512], sentence[640];
    who_text(wl, false, names, sizeof names);
    who_text(wl, true, full, sizeof full);
    if (*full) snprintf(sentence, sizeof sentence, "%s %sは、%sの%sを待っています", no, name, full, step);
    else
        snprintf(sentence, sizeof sentence, "%s %s の%sをできる利用者がいません。システム管理者に相談してください", no,
                 name, step);
    home_items_wait_service(h, &s, state, kind, row_id, names, sentence);
}

/* The yearly review of the regulation (規定003 §5) when it falls due within 30 days or is past, for those who record it
   (the 統括 and the CISO). It has no service to open: the row says how to record it. */
void home_section_regulation(home_items *h)
{
    char due[11];
    bool shown = false;
    if (regulation_review_reminder(UI.k, 30, due, &shown) || !shown) return;
    kdate d;
    long left = date_parse(due, &d) ? date_days_between(date_today(), d) : 0;
    char when[64], line[512];
    if (left < 0) snprintf(when, sizeof when, "%ld日超過", -left);
    else if (left == 0) snprintf(when, sizeof when, "本日期限");
    else snprintf(when, sizeof when, "あと%ld日", left);
    home_items_add_header(h, "規定の見直し（規定003 §5: 少なくとも年に一度）", 1);
    snprintf(line, sizeof line, "見直し期限 %s（%s）。kumo regulation review で記録", due, when);
    home_items_add_note(h, line);
}

void home_section_due(home_items *h)
{
    if (!policy_sees_due(kumo_me(UI.k))) return;
    due_list l = {0};
    if (due_list_load_max(UI.k, 30, !policy_sees_all(kumo_me(UI.k)), HOME_LC_MAX * 2, &l) || l.n == 0) {
        due_list_clear(&l);
        return;
    }
    /* the items whose step is the user's own first, under the heading; the others wait for someone else */
    size_t mine_n = 0, shown = 0;
    bool *mine = calloc(l.n, sizeof *mine);
    who_list *wl = calloc(l.n, sizeof *wl);
    const char **what = calloc(l.n, sizeof *what);
    if (!mine || !wl || !what) {
        free(mine);
        free(wl);
        free(what);
        due_list_clear(&l);
        return;
    }
    for (size_t i = 0; i < l.n && i < HOME_LC_MAX * 2; i++) {
        if (l.v[i].kind == DUE_REG_REVIEW) continue;   /* its own section (home_section_regulation) */
        if (who_due(UI.k, home_who(), &l.v[i], &mine[i], &what[i], &wl[i])) mine[i] = true;
        mine_n += mine[i];
    }
    if (mine_n) home_items_add_header(h, "期限（利用状況確認・利用終了・構築時確認・例外措置・廃棄）", l.more ? -1 : (long)mine_n);
    for (size_t i = 0; i < l.n && i < HOME_LC_MAX * 2; i++) {
        const kdue_item *it = &l.v[i];
        if (it->kind == DUE_REG_REVIEW) continue;
        if (mine[i]) {
            if (shown++ < HOME_LC_MAX)
                add_row(h, it->service_id, it->approval_no, due_short_label(it), it->name, it->dept, it->date,
                        due_is_overdue(it) ? ui_attr_warn() : ui_attr_flag());
        } else {
            add_waiting(h, SVC_ROW_NONE, 0, it->service_id, it->approval_no, it->name, due_short_label(it), what[i],
                        &wl[i]);
        }
    }
    if (l.more || shown > HOME_LC_MAX) home_items_add_note(h, "…ほか（kumo due で全件を表示）");
    free(mine);
    free(wl);
    free(what);
    due_list_clear(&l);
}

/* Reviews that raised something: the user's own step when the policy lets them respond, else they wait for those
   it does (a review one recorded oneself waits for the others: 兼務の禁止). */
void home_section_reviews(home_items *h)
{
    kreview *v = NULL;
    size_t n = 0;
    if (review_pending(UI.k, &v, &n) || n == 0) {
        kreview_free(&v);
        return;
    }
    size_t mine_n = 0, shown = 0;
    for (size_t i = 0; i < n; i++) {
        kservice sv = {0};
        sv.dept_id = v[i].dept_id;
        mine_n += policy_may_respond_review(kumo_me(UI.k), &sv, &v[i], NULL, 0);
    }
    if (mine_n) home_items_add_header(h, "要対応の利用状況確認（変更あり・不適切事項の相談）", (long)mine_n);
    for (size_t i = 0; i < n && i < HOME_LC_MAX * 2; i++) {
        kservice sv = {0};
        sv.dept_id = v[i].dept_id;
        if (policy_may_respond_review(kumo_me(UI.k), &sv, &v[i], NULL, 0)) {
            if (shown++ < HOME_LC_MAX)
                add_record_row(h, SVC_ROW_REVIEW, v[i].id, v[i].service_id, v[i].approval_no, "要対応",
                               v[i].service_name, v[i].dept, v[i].reviewed_on, ui_attr_warn());
        } else {
            who_list wl;
            who_may_respond(UI.k, home_who(), &v[i], &wl);
            add_waiting(h, SVC_ROW_REVIEW, v[i].id, v[i].service_id, v[i].approval_no, v[i].service_name, "対応待ち",
                        "対応", &wl);
        }
    }
    if (shown > HOME_LC_MAX) home_items_add_note(h, "…ほか（y 年次利用状況確認 で表示）");
    kreview_free(&v);
}

/* 終了連絡 awaiting 受理: the 統括's step, never the filer's own (兼務の禁止). */
void home_section_terminations(home_items *h)
{
    ktermination *v = NULL;
    size_t n = 0;
    if (termination_pending(UI.k, &v, &n) || n == 0) {
        ktermination_free(&v);
        return;
    }
    size_t mine_n = 0;
    for (size_t i = 0; i < n; i++) mine_n += policy_may_accept_termination(kumo_me(UI.k), &v[i], NULL, 0);
    if (mine_n) home_items_add_header(h, "終了連絡（受理待ち）", (long)mine_n);
    for (size_t i = 0; i < n && i < HOME_LC_MAX * 2; i++) {
        if (policy_may_accept_termination(kumo_me(UI.k), &v[i], NULL, 0)) {
            add_record_row(h, SVC_ROW_TERMINATION, v[i].id, v[i].service_id, v[i].approval_no, "受理待ち",
                           v[i].service_name, v[i].dept, v[i].filed_on, ui_attr_flag());
        } else {
            who_list wl;
            who_may_accept(UI.k, home_who(), &v[i], &wl);
            add_waiting(h, SVC_ROW_TERMINATION, v[i].id, v[i].service_id, v[i].approval_no, v[i].service_name,
                        "受理待ち", "受理", &wl);
        }
    }
    ktermination_free(&v);
}

/* 廃棄・削除完了報告 awaiting 受理 (003 §4(7)): the 統括's step (the 部局's 情報セキュリティ責任者's for §8-4), never
   the filer's own. */
void home_section_disposals(home_items *h)
{
    kdisposal *v = NULL;
    size_t n = 0;
    if (disposal_pending(UI.k, &v, &n) || n == 0) {
        kdisposal_free(&v);
        return;
    }
    size_t mine_n = 0;
    for (size_t i = 0; i < n; i++) mine_n += policy_may_accept_disposal(kumo_me(UI.k), &v[i], NULL, 0);
    if (mine_n) home_items_add_header(h, "廃棄・削除完了報告（受理待ち）", (long)mine_n);
    for (size_t i = 0; i < n && i < HOME_LC_MAX * 2; i++) {
        if (policy_may_accept_disposal(kumo_me(UI.k), &v[i], NULL, 0)) {
            add_record_row(h, SVC_ROW_DISPOSAL, v[i].id, v[i].service_id, v[i].approval_no, "削除受理待ち",
                           v[i].service_name, v[i].dept, v[i].filed_on, ui_attr_flag());
        } else {
            who_list wl;
            who_may_accept_disposal(UI.k, home_who(), &v[i], &wl);
            add_waiting(h, SVC_ROW_DISPOSAL, v[i].id, v[i].service_id, v[i].approval_no, v[i].service_name,
                        "削除受理待ち", "廃棄・削除完了報告の受理", &wl);
        }
    }
    kdisposal_free(&v);
}

/* 終了連絡 that came back (差戻し) to the people who file them: the 部局's 情報セキュリティ責任者 and the managers.
   One query for the newest report of each of their services (never a walk over the register). */
void home_section_returned_terminations(home_items *h)
{
    if (policy_sees_all(kumo_me(UI.k))) return;
    ktermination *v = NULL;
    size_t n = 0;
    if (termination_returned(UI.k, HOME_LC_MAX, &v, &n) || n == 0) {
        ktermination_free(&v);
        return;
    }
    home_items_add_header(h, "差し戻された終了連絡（直して出し直す）", (long)n);
    for (size_t i = 0; i < n; i++)
        add_record_row(h, SVC_ROW_TERMINATION, v[i].id, v[i].service_id, v[i].approval_no, "差戻し", v[i].service_name,
                       v[i].dept, v[i].decided_on, ui_attr_flag());
    ktermination_free(&v);
}
