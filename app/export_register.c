/* The 承認済みクラウドサービス台帳 as an Excel workbook, streamed row by row. */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/internal.h"
#include "app/exchange.h"
#include "app/xlsx.h"

const char *const REGISTER_HEADERS[REGISTER_COLS] = {
    "承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "承認日", "利用開始日",
    "利用終了日(予定)", "クラウドサービス管理者", "次回確認期限", "状態",
};

typedef struct reg_ctx {
    xlsx_list l;
    kdate today;
} reg_ctx;

static int register_row(const kservice *s, void *p)
{
    reg_ctx *r = p;
    xlsx_ctx *x = &r->l.x;
    lxw_worksheet *ws = r->l.ws;
    int row = (int)++r->l.row;
    xlsx_text(x, ws, row, 0, s->approval_no, NULL);
    xlsx_text(x, ws, row, 1, s->name, NULL);
    xlsx_text(x, ws, row, 2, s->provider, NULL);
    xlsx_text(x, ws, row, 3, s->dept, NULL);
    xlsx_text(x, ws, row, 4, s->conf, NULL);
    xlsx_date(x, ws, row, 5, s->approved_on, NULL);
    xlsx_date(x, ws, row, 6, s->start_date, NULL);
    xlsx_date(x, ws, row, 7, s->end_date, NULL);
    xlsx_text(x, ws, row, 8, s->manager, NULL);
    xlsx_date(x, ws, row, 9, s->next_review_due, NULL);
    xlsx_text(x, ws, row, 10, service_status_label(s, r->today), NULL);
    return 0;
}

kstatus export_register_xlsx(kumo *k, const char *path, bool all, size_t *rows)
{
    k->err[0] = 0;
    /* the register is of services in use: an accepted 終了連絡 takes a service out (003 §4(4)③); `all` keeps
       the ended ones, marked 終了, for an auditor's full list */
    kservice_filter f = {.include_terminated = all};
    policy_register_scope(&k->me, &f);
    int64_t count = 0;
    kstatus s = db_service_count(k->db, &f, &count);
    if (s) return kumo_fail(k, s, NULL);
    reg_ctx r = {.today = date_today()};
    s = xlsx_list_begin(k, &r.l, path, "承認済みクラウドサービス台帳", "承認済みクラウドサービス台帳", REGISTER_HEADERS,
                        REGISTER_COLS, count);
    if (s) return s;
    return xlsx_list_end(&r.l, REGISTER_COLS, db_service_each(k->db, &f, register_row, &r), rows);
}
