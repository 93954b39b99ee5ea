/* The register of 例外措置 as a workbook: one row per exception, for the CISO's periodic look at them (§7-4(3)). */
#include "app/exchange/export_exceptions.h"

#include <string.h>

#include "app/exception.h"
#include "app/exchange/xlsx.h"
#include "app/internal.h"
#include "app/policy.h"

static const char *const EXC_HEADERS[] = {
    "例外措置番号", "対象", "種別", "状態", "申請番号", "承認番号", "クラウドサービス名", "部局", "例外とする事項",
    "理由", "条件", "有効期限", "次回確認日", "許可・不許可（CISO）", "許可・不許可日", "緊急承認者", "緊急承認日",
    "緊急の理由", "最終確認日", "確認結果",
};
#define EXC_COLS ((int)(sizeof EXC_HEADERS / sizeof EXC_HEADERS[0]))

static int exception_row(const kexception *e, void *p)
{
    xlsx_list *l = p;
    xlsx_ctx *x = &l->x;
    lxw_worksheet *ws = l->ws;
    int r = (int)++l->row, c = 0;
    xlsx_text(x, ws, r, c++, e->exc_no, NULL);
    xlsx_text(x, ws, r, c++, e->subject, NULL);
    xlsx_text(x, ws, r, c++, e->kind, NULL);
    xlsx_text(x, ws, r, c++, exc_state_label(e->state), NULL);
    xlsx_text(x, ws, r, c++, e->app_no, NULL);
    xlsx_text(x, ws, r, c++, e->approval_no, NULL);
    xlsx_text(x, ws, r, c++, e->service_name, NULL);
    xlsx_text(x, ws, r, c++, e->dept, NULL);
    xlsx_text(x, ws, r, c++, e->deviations, NULL);
    xlsx_text(x, ws, r, c++, e->reason, NULL);
    xlsx_text(x, ws, r, c++, e->conditions, NULL);
    xlsx_date(x, ws, r, c++, e->valid_until, NULL);
    xlsx_date(x, ws, r, c++, e->recheck_on, NULL);
    xlsx_text(x, ws, r, c++, e->ciso, NULL);
    xlsx_date(x, ws, r, c++, e->ciso_on, NULL);
    xlsx_text(x, ws, r, c++, e->emergency_user, NULL);
    xlsx_date(x, ws, r, c++, e->emergency_on, NULL);
    xlsx_text(x, ws, r, c++, e->emergency_reason, NULL);
    xlsx_date(x, ws, r, c++, e->checked_on, NULL);
    xlsx_text(x, ws, r, c++, e->check_note, NULL);
    return 0;
}

kstatus export_exceptions_xlsx(kumo *k, const char *path, size_t *rows)
{
    int64_t count = 0;
    kstatus s = exc_count(k, false, &count);   /* the step begins here: the policy is asked */
    if (s) return s;
    xlsx_list l;
    s = xlsx_list_begin(k, &l, path, "例外措置の一覧", "例外措置", EXC_HEADERS, EXC_COLS, count);
    if (s) return s;
    return xlsx_list_end(&l, EXC_COLS, db_exc_each(k->db, NULL, exception_row, &l), rows);
}
