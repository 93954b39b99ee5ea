#include "app/exchange/register.h"

#include <stdio.h>
#include <string.h>

#include "app/exchange/xlsx.h"
#include "app/internal.h"
#include "app/policy.h"
#include "forms/form.h"

/* print widths: the 印刷用 sheet wraps every column of the register onto one A4 landscape page at 80 % or more */
const register_column REGISTER_COLUMNS[REGISTER_COLS] = {
    [RC_NO] = {"承認番号", false, 11},
    [RC_NAME] = {"クラウドサービス名", false, 14},
    [RC_PROVIDER] = {"提供者", false, 8},
    [RC_DEPT] = {"部局", false, 10},
    [RC_CONF] = {"機密性", false, 6},
    [RC_APPROVED] = {"承認日", true, 11},
    [RC_START] = {"利用開始日", true, 11},
    [RC_END] = {"利用終了日(予定)", true, 11},
    [RC_MANAGER] = {"クラウドサービス管理者", false, 9},
    [RC_DUE] = {"次回確認期限", true, 11},
    [RC_STATUS] = {"状態", false, 10},
    [RC_TRACK] = {"区分", false, 6},
    [RC_CHANGED] = {"変更承認日", true, 11},
    [RC_COND] = {"条件", false, 12},
};

const char *register_track(const char *conf)
{
    switch (form_track_of(conf)) {
    case TRACK_83: return "§8-3";
    case TRACK_84: return "§8-4";
    default: return "";
    }
}

void register_cells(const kservice *s, kdate today, const char *cells[REGISTER_COLS])
{
    cells[RC_NO] = s->approval_no;
    cells[RC_NAME] = s->name;
    cells[RC_PROVIDER] = s->provider;
    cells[RC_DEPT] = s->dept;
    cells[RC_CONF] = s->conf;
    cells[RC_APPROVED] = s->approved_on;
    cells[RC_START] = s->start_date;
    cells[RC_END] = s->end_date;
    cells[RC_MANAGER] = s->manager;
    cells[RC_DUE] = s->next_review_due;
    cells[RC_STATUS] = service_status_label(s, today);
    cells[RC_TRACK] = register_track(s->conf);
    cells[RC_CHANGED] = s->changed_on;
    cells[RC_COND] = s->conditions;
}

typedef struct reg_ctx {
    xlsx_list l;
    kdate today;
} reg_ctx;

static int register_row(const kservice *s, void *p)
{
    reg_ctx *r = p;
    xlsx_list_next(&r->l);
    const char *cells[REGISTER_COLS];
    register_cells(s, r->today, cells);
    for (int c = 0; c < REGISTER_COLS; c++) {
        if (REGISTER_COLUMNS[c].date) xlsx_list_date(&r->l, c, cells[c]);
        else xlsx_list_text(&r->l, c, cells[c]);
    }
    return 0;
}

void register_filter_text(kumo *k, const kservice_filter *f, char *out, size_t n)
{
    if (n) *out = 0;
    xlsx_filter_add(out, n, "範囲", f && f->include_terminated ? "終了したサービスを含む" : "利用中");
    if (!f) return;
    if (f->dept_id > 0) {
        kdept d;
        xlsx_filter_add(out, n, "部局", db_dept_get(k->db, f->dept_id, &d) == KS_OK ? d.name : "?");
    }
    if (f->search && *f->search) xlsx_filter_add(out, n, "検索", f->search);
}

void register_filter(kumo *k, const kservice_filter *f, kservice_filter *v)
{
    /* the register is of services in use: an accepted 終了連絡 takes a service out (003 §4(4)③);
       include_terminated keeps the ended ones, marked 終了, for an auditor's full list */
    memset(v, 0, sizeof *v);
    if (f) {
        v->include_terminated = f->include_terminated;
        v->dept_id = f->dept_id;
        v->search = f->search;
    }
    policy_register_scope(&k->me, v);   /* what this user may see, as q_services_page applies it */
}

kstatus export_register_xlsx(kumo *k, const kservice_filter *f, const char *path, size_t *rows)
{
    kumo_step(k);
    char filter[600];
    register_filter_text(k, f, filter, sizeof filter);
    kservice_filter v;
    register_filter(k, f, &v);
    int64_t count = 0;
    kstatus s = db_service_count(k->db, &v, &count);
    if (s) return kumo_fail(k, s, NULL);
    const char *headers[REGISTER_COLS];
    for (int c = 0; c < REGISTER_COLS; c++) headers[c] = REGISTER_COLUMNS[c].header;
    reg_ctx r = {.today = date_today()};
    s = xlsx_list_begin(k, &r.l, path, "承認済みクラウドサービス台帳", "承認済みクラウドサービス台帳", headers,
                        REGISTER_COLS, count);
    if (s) return s;
    /* the 印刷用 sheet: every column of the register, wrapped, one A4 landscape page wide */
    xlsx_print_col pc[REGISTER_COLS];
    for (int c = 0; c < REGISTER_COLS; c++)
        pc[c] = (xlsx_print_col){c, REGISTER_COLUMNS[c].print_width ? REGISTER_COLUMNS[c].print_width
                                    : REGISTER_COLUMNS[c].date          ? 11
                                                                        : 10};
    s = xlsx_list_print(&r.l, filter, pc, REGISTER_COLS);
    return xlsx_list_end(&r.l, REGISTER_COLS, s ? s : db_service_each(k->db, &v, register_row, &r), rows);
}
