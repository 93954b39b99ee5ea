/* 申請一覧 as an Excel workbook: every application the user may see, streamed row by row in constant memory. */
#include "app/exchange/export_applications.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange/xlsx.h"
#include "app/internal.h"
#include "app/policy.h"
#include "app/workflow.h"

static const char *const APP_HEADERS[] = {
    "申請番号", "状態", "区分", "申請区分", "申請部局", "申請課", "申請者", "クラウドサービス名", "サービス提供者",
    "サービス区分", "機密性", "利用者数", "申請日", "利用開始予定日", "利用終了予定日", "審査結果", "審査意見・条件",
    "承認日", "承認番号", "許可権限者", "クラウドサービス管理者", "次回利用状況確認期限",
};
#define APP_COLS ((int)(sizeof APP_HEADERS / sizeof APP_HEADERS[0]))

/* The 印刷用 sheet: what identifies an application and what was decided, legible on A4 landscape (about 85 % in
   Excel). The rest (区分, 申請課, サービス区分, 利用者数, dates planned, 許可権限者, 管理者, 次回確認期限) is on the data
   sheet. */
static const xlsx_print_col APP_PRINT[] = {
    {0, 10}, {1, 8}, {12, 11}, {4, 12}, {6, 10}, {7, 18}, {8, 14}, {10, 6}, {15, 10}, {16, 18}, {17, 11}, {18, 12},
};
#define APP_PRINT_N ((int)(sizeof APP_PRINT / sizeof APP_PRINT[0]))

static int application_row(const kapp *a, void *p)
{
    xlsx_list *l = p;
    xlsx_list_next(l);
    int c = 0;
    form_track t = form_track_from_code(a->track);
    xlsx_list_text(l, c++, a->app_no);
    xlsx_list_text(l, c++, state_label(a->state));
    xlsx_list_text(l, c++, t == TRACK_NONE ? "" : form_track_label(t));
    xlsx_list_text(l, c++, a->v[FF_KIND]);
    xlsx_list_text(l, c++, a->dept_name);
    xlsx_list_text(l, c++, a->v[FF_SECTION]);
    xlsx_list_text(l, c++, a->applicant_name);
    xlsx_list_text(l, c++, a->v[FF_SERVICE_NAME]);
    xlsx_list_text(l, c++, a->v[FF_PROVIDER]);
    xlsx_list_text(l, c++, a->v[FF_SERVICE_TYPE]);
    xlsx_list_text(l, c++, a->v[FF_CONF]);
    const char *count = a->v[FF_USER_COUNT];
    char *end = NULL;
    long n = count && *count ? strtol(count, &end, 10) : 0;
    if (count && *count && end && !*end) xlsx_list_number(l, c, (double)n);
    else xlsx_list_text(l, c, count);
    c++;
    xlsx_list_date(l, c++, a->applied_on);
    xlsx_list_date(l, c++, a->v[FF_START]);
    xlsx_list_date(l, c++, a->v[FF_END]);
    xlsx_list_text(l, c++, a->decision);
    xlsx_list_text(l, c++, a->decision_comment);
    /* 承認日 only for an approval: a 差戻し or 却下 has a decision date but no 承認日 */
    xlsx_list_date(l, c++, !strcmp(a->state, "approved") ? a->decided_on : "");
    xlsx_list_text(l, c++, a->approval_no);
    xlsx_list_text(l, c++, a->decided_by_name);
    xlsx_list_text(l, c++, a->manager_name);
    xlsx_list_date(l, c++, a->next_review_due);
    return 0;
}

void export_applications_filter_text(kumo *k, const kapp_filter *f, char *out, size_t n)
{
    if (n) *out = 0;
    if (!f) return;
    if (f->state && *f->state) xlsx_filter_add(out, n, "状態", state_label(f->state));
    if (f->dept_id) {
        kdept d;
        xlsx_filter_add(out, n, "部局", db_dept_get(k->db, f->dept_id, &d) == KS_OK ? d.name : "?");
    }
    if (f->track && *f->track) xlsx_filter_add(out, n, "区分", form_track_label(form_track_from_code(f->track)));
    if (f->conf && *f->conf) xlsx_filter_add(out, n, "機密性", f->conf);
    if (f->fy) {
        char fy[64];
        date_fy_label(f->fy, fy, sizeof fy);
        xlsx_filter_add(out, n, "年度", fy);
    }
    if (f->search && *f->search) xlsx_filter_add(out, n, "検索", f->search);
}

kstatus export_applications_xlsx(kumo *k, const kapp_filter *f, const char *path, size_t *rows)
{
    kumo_step(k);
    /* what the list on screen shows: its filter, with what this user may see applied (as q_apps_page does) */
    kapp_filter v = {0};
    if (f) {
        v.state = f->state;
        v.dept_id = f->dept_id;
        v.conf = f->conf;
        v.fy = f->fy;
        v.search = f->search;
        v.track = f->track;
    }
    kumo_visible(k, &v);
    int64_t count = 0;
    kstatus s = db_app_count(k->db, &v, &count);
    if (s) return kumo_fail(k, s, NULL);
    char filter[600];
    export_applications_filter_text(k, &v, filter, sizeof filter);
    xlsx_list l;
    s = xlsx_list_begin(k, &l, path, "申請一覧", "申請一覧", APP_HEADERS, APP_COLS, count);
    if (s) return s;
    s = xlsx_list_print(&l, filter, APP_PRINT, APP_PRINT_N);
    return xlsx_list_end(&l, APP_COLS, s ? s : db_app_each(k->db, &v, application_row, &l), rows);
}
