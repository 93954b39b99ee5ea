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

/* The 印刷用 sheet: which exception, of what, why, on what conditions, until when, and the CISO's decision (the
   例外とする事項 wide: it lists every deviation with its rule); the 申請番号, the emergency columns and the last
   re-check stay on the data sheet. */
static const xlsx_print_col EXC_PRINT[] = {
    {0, 12}, {3, 6}, {6, 14}, {7, 10}, {8, 40}, {9, 14}, {10, 14}, {11, 11}, {12, 11}, {13, 10},
};
#define EXC_PRINT_N ((int)(sizeof EXC_PRINT / sizeof EXC_PRINT[0]))

static int exception_row(const kexception *e, void *p)
{
    xlsx_list *l = p;
    xlsx_list_next(l);
    int c = 0;
    xlsx_list_text(l, c++, e->exc_no);
    xlsx_list_text(l, c++, e->subject);
    xlsx_list_text(l, c++, e->kind);
    xlsx_list_text(l, c++, exc_state_label(e->state));
    xlsx_list_text(l, c++, e->app_no);
    xlsx_list_text(l, c++, e->approval_no);
    xlsx_list_text(l, c++, e->service_name);
    xlsx_list_text(l, c++, e->dept);
    xlsx_list_text(l, c++, e->deviations);
    xlsx_list_text(l, c++, e->reason);
    xlsx_list_text(l, c++, e->conditions);
    xlsx_list_date(l, c++, e->valid_until);
    xlsx_list_date(l, c++, e->recheck_on);
    xlsx_list_text(l, c++, e->ciso);
    xlsx_list_date(l, c++, e->ciso_on);
    xlsx_list_text(l, c++, e->emergency_user);
    xlsx_list_date(l, c++, e->emergency_on);
    xlsx_list_text(l, c++, e->emergency_reason);
    xlsx_list_date(l, c++, e->checked_on);
    xlsx_list_text(l, c++, e->check_note);
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
    s = xlsx_list_print(&l, NULL, EXC_PRINT, EXC_PRINT_N);
    return xlsx_list_end(&l, EXC_COLS, s ? s : db_exc_each(k->db, NULL, exception_row, &l), rows);
}
