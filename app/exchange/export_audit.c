/* 監査証跡 as an Excel workbook: one row per record, the changes one per line, the hashes in full so that anyone can
   recompute the chain from the printout. */
#include "app/exchange/export_audit.h"

#include <stdio.h>

#include "app/audit.h"
#include "app/exchange/xlsx.h"
#include "app/internal.h"
#include "app/policy.h"

static const char *const AUDIT_HEADERS[] = {
    "番号", "日時", "タイムゾーン", "操作者", "操作者の氏名", "操作者の役割", "OS のログイン名", "操作", "対象",
    "対象 ID", "申請番号・承認番号等", "部局", "変更内容（変更前 → 変更後）", "コメント", "直前のハッシュ", "ハッシュ",
};
#define AUDIT_COLS ((int)(sizeof AUDIT_HEADERS / sizeof AUDIT_HEADERS[0]))
/* 変更内容 and コメント wrap at these widths, each row as tall as its lines */
#define C_CHANGES 12
#define W_CHANGES 50
#define W_COMMENT 36

/* The 印刷用 sheet: who did what to which record and when, with the changes; the hashes stay on the data sheet. */
static const xlsx_print_col AUDIT_PRINT[] = {
    {0, 6}, {1, 24}, {4, 10}, {5, 12}, {7, 9}, {8, 8}, {10, 12}, {11, 10}, {12, 36}, {13, 16},
};
#define AUDIT_PRINT_N ((int)(sizeof AUDIT_PRINT / sizeof AUDIT_PRINT[0]))

static int audit_row(const kaudit_row *a, void *p)
{
    xlsx_list *l = p;
    xlsx_list_next(l);
    int c = 0;
    xlsx_list_number(l, c++, (double)a->seq);
    xlsx_list_text(l, c++, a->at);
    xlsx_list_text(l, c++, a->zone);
    xlsx_list_text(l, c++, a->actor);
    xlsx_list_text(l, c++, a->actor_name);
    xlsx_list_text(l, c++, audit_role_label(a->actor_role));
    xlsx_list_text(l, c++, a->os_login);
    xlsx_list_text(l, c++, a->action);
    xlsx_list_text(l, c++, audit_subject_label(a->kind));
    if (a->entity_id) xlsx_list_number(l, c, (double)a->entity_id);
    else xlsx_list_text(l, c, "");
    c++;
    xlsx_list_text(l, c++, a->entity_no);
    xlsx_list_text(l, c++, a->dept);
    xlsx_list_text(l, c++, a->changes);
    xlsx_list_text(l, c++, a->comment);
    xlsx_list_text(l, c++, a->prev);
    xlsx_list_text(l, c++, a->hash);
    return 0;
}

kstatus export_audit_xlsx(kumo *k, const kaudit_filter *f, const char *path, size_t *rows)
{
    kumo_step(k);
    char why[256];
    if (!policy_may_read_audit(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    int64_t count = 0;
    kstatus s = db_audit_count(k->db, f, &count);
    if (s) return kumo_fail(k, s, NULL);
    xlsx_list l;
    s = xlsx_list_begin(k, &l, path, "監査証跡", "監査証跡", AUDIT_HEADERS, AUDIT_COLS, count);
    if (s) return s;
    xlsx_wrap_column(&l.x, C_CHANGES, W_CHANGES);
    xlsx_wrap_column(&l.x, C_CHANGES + 1, W_COMMENT);
    /* which records: the filter of the 監査証跡 screen or of kumo audit export */
    char filter[600] = "", period[64];
    if (f && ((f->from && *f->from) || (f->to && *f->to))) {
        snprintf(period, sizeof period, "%s〜%s", f->from ? f->from : "", f->to ? f->to : "");
        xlsx_filter_add(filter, sizeof filter, "期間", period);
    }
    if (f && f->actor && *f->actor) xlsx_filter_add(filter, sizeof filter, "操作者", f->actor);
    if (f && f->action && *f->action) xlsx_filter_add(filter, sizeof filter, "操作", f->action);
    if (f && f->dept && *f->dept) xlsx_filter_add(filter, sizeof filter, "部局", f->dept);
    s = xlsx_list_print(&l, filter, AUDIT_PRINT, AUDIT_PRINT_N);
    if (s) return xlsx_list_end(&l, AUDIT_COLS, s, rows);
    return xlsx_list_end(&l, AUDIT_COLS, db_audit_each(k->db, f, audit_row, &l), rows);
}
