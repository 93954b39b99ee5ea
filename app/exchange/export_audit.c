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

static int audit_row(const kaudit_row *a, void *p)
{
    xlsx_list *l = p;
    xlsx_ctx *x = &l->x;
    lxw_worksheet *ws = l->ws;
    int r = (int)++l->row, c = 0;
    xlsx_number(x, ws, r, c++, (double)a->seq, NULL);
    xlsx_text(x, ws, r, c++, a->at, NULL);
    xlsx_text(x, ws, r, c++, a->zone, NULL);
    xlsx_text(x, ws, r, c++, a->actor, NULL);
    xlsx_text(x, ws, r, c++, a->actor_name, NULL);
    xlsx_text(x, ws, r, c++, audit_role_label(a->actor_role), NULL);
    xlsx_text(x, ws, r, c++, a->os_login, NULL);
    xlsx_text(x, ws, r, c++, a->action, NULL);
    xlsx_text(x, ws, r, c++, audit_subject_label(a->kind), NULL);
    if (a->entity_id) xlsx_number(x, ws, r, c, (double)a->entity_id, NULL);
    c++;
    xlsx_text(x, ws, r, c++, a->entity_no, NULL);
    xlsx_text(x, ws, r, c++, a->dept, NULL);
    xlsx_text(x, ws, r, c++, a->changes, x->wrap);
    xlsx_text(x, ws, r, c++, a->comment, x->wrap);
    xlsx_text(x, ws, r, c++, a->prev, NULL);
    xlsx_text(x, ws, r, c++, a->hash, NULL);
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
    return xlsx_list_end(&l, AUDIT_COLS, db_audit_each(k->db, f, audit_row, &l), rows);
}
