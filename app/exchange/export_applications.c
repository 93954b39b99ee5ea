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

static int application_row(const kapp *a, void *p)
{
    xlsx_list *l = p;
    xlsx_ctx *x = &l->x;
    lxw_worksheet *ws = l->ws;
    int r = xlsx_list_next(l), c = 0;
    form_track t = form_track_from_code(a->track);
    xlsx_text(x, ws, r, c++, a->app_no, NULL);
    xlsx_text(x, ws, r, c++, state_label(a->state), NULL);
    xlsx_text(x, ws, r, c++, t == TRACK_NONE ? "" : form_track_label(t), NULL);
    xlsx_text(x, ws, r, c++, a->v[FF_KIND], NULL);
    xlsx_text(x, ws, r, c++, a->dept_name, NULL);
    xlsx_text(x, ws, r, c++, a->v[FF_SECTION], NULL);
    xlsx_text(x, ws, r, c++, a->applicant_name, NULL);
    xlsx_text(x, ws, r, c++, a->v[FF_SERVICE_NAME], NULL);
    xlsx_text(x, ws, r, c++, a->v[FF_PROVIDER], NULL);
    xlsx_text(x, ws, r, c++, a->v[FF_SERVICE_TYPE], NULL);
    xlsx_text(x, ws, r, c++, a->v[FF_CONF], NULL);
    const char *count = a->v[FF_USER_COUNT];
    char *end = NULL;
    long n = count && *count ? strtol(count, &end, 10) : 0;
    if (count && *count && end && !*end) xlsx_number(x, ws, r, c, (double)n, NULL);
    else if (count && *count) xlsx_text(x, ws, r, c, count, NULL);
    c++;
    xlsx_date(x, ws, r, c++, a->applied_on, NULL);
    xlsx_date(x, ws, r, c++, a->v[FF_START], NULL);
    xlsx_date(x, ws, r, c++, a->v[FF_END], NULL);
    xlsx_text(x, ws, r, c++, a->decision, NULL);
    xlsx_text(x, ws, r, c++, a->decision_comment, NULL);
    /* 承認日 only for an approval: a 差戻し or 却下 has a decision date but no 承認日 */
    xlsx_date(x, ws, r, c++, !strcmp(a->state, "approved") ? a->decided_on : "", NULL);
    xlsx_text(x, ws, r, c++, a->approval_no, NULL);
    xlsx_text(x, ws, r, c++, a->decided_by_name, NULL);
    xlsx_text(x, ws, r, c++, a->manager_name, NULL);
    xlsx_date(x, ws, r, c++, a->next_review_due, NULL);
    return 0;
}

kstatus export_applications_xlsx(kumo *k, const char *path, size_t *rows)
{
    kumo_step(k);
    kapp_filter f = {0};
    kumo_visible(k, &f);
    int64_t count = 0;
    kstatus s = db_app_count(k->db, &f, &count);
    if (s) return kumo_fail(k, s, NULL);
    xlsx_list l;
    s = xlsx_list_begin(k, &l, path, "申請一覧", "申請一覧", APP_HEADERS, APP_COLS, count);
    if (s) return s;
    return xlsx_list_end(&l, APP_COLS, db_app_each(k->db, &f, application_row, &l), rows);
}
