/* ホーム sections of the life after approval: reviews due or overdue, services past their 利用終了予定日,
   利用状況確認 awaiting a response, 終了連絡 awaiting 受理. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "ui/home_items.h"

#define HOME_LC_MAX 10

static void add_row(home_items *h, int64_t service_id, const char *no, const char *status, const char *name,
                    const char *dept, const char *date, int attr)
{
    kservice s = {0};
    s.id = service_id;
    snprintf(s.approval_no, sizeof s.approval_no, "%s", no);
    snprintf(s.name, sizeof s.name, "%s", name);
    snprintf(s.dept, sizeof s.dept, "%s", dept);
    home_items_add_service(h, &s, status, date, attr);
}

void home_section_due(home_items *h)
{
    if (!policy_sees_due(kumo_me(UI.k))) return;
    due_list l = {0};
    if (due_list_load_max(UI.k, 30, !policy_sees_all(kumo_me(UI.k)), HOME_LC_MAX, &l) || l.n == 0) {
        due_list_free(&l);
        return;
    }
    home_items_add_header(h, "期限（利用状況確認・利用終了予定日・導入・構築時確認）", l.more ? -1 : (long)l.n);
    for (size_t i = 0; i < l.n && i < HOME_LC_MAX; i++) {
        const kdue_item *it = &l.v[i];
        add_row(h, it->service_id, it->approval_no, due_short_label(it), it->name, it->dept, it->date,
                due_is_overdue(it) ? ui_attr_warn() : ui_attr_flag());
    }
    if (l.more) home_items_add_note(h, "…ほか（kumo due で全件を表示）");
    due_list_free(&l);
}

void home_section_reviews(home_items *h)
{
    kreview *v = NULL;
    size_t n = 0;
    if (review_pending(UI.k, &v, &n) || n == 0) {
        kreview_free(&v);
        return;
    }
    home_items_add_header(h, "要対応の利用状況確認（変更あり・不適切事項の相談）", (long)n);
    for (size_t i = 0; i < n && i < HOME_LC_MAX; i++)
        add_row(h, v[i].service_id, v[i].approval_no, "要対応", v[i].service_name, v[i].dept, v[i].reviewed_on,
                ui_attr_warn());
    if (n > HOME_LC_MAX) home_items_add_note(h, "…ほか（y 年次利用状況確認 で表示）");
    kreview_free(&v);
}

void home_section_terminations(home_items *h)
{
    ktermination *v = NULL;
    size_t n = 0;
    if (termination_pending(UI.k, &v, &n) || n == 0) {
        ktermination_free(&v);
        return;
    }
    home_items_add_header(h, "終了連絡（受理待ち）", (long)n);
    for (size_t i = 0; i < n && i < HOME_LC_MAX; i++)
        add_row(h, v[i].service_id, v[i].approval_no, "受理待ち", v[i].service_name, v[i].dept, v[i].filed_on,
                ui_attr_flag());
    ktermination_free(&v);
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
        add_row(h, v[i].service_id, v[i].approval_no, "差戻し", v[i].service_name, v[i].dept, v[i].decided_on,
                ui_attr_flag());
    ktermination_free(&v);
}
