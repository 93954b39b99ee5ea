/* 年次利用状況確認 as an Excel workbook (規定003 §4(8), ポリシー004 §8-3(7)⑤): one row per service of the 年度, streamed in constant memory,
   and a 集計 sheet with the counts by 部局 and status (computed by a query first). */
#include "app/exchange/export_reviews.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/annual.h"
#include "app/exchange/xlsx.h"
#include "app/internal.h"
#include "forms/text.h"

static const char *const REVIEW_HEADERS[] = {
    "承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "クラウドサービス管理者", "確認状況", "確認件数",
    "最終確認日", "確認者", "利用状況", "利用者数", "規約・設定変更", "変更の内容", "インシデント",
    "不適切と考えられる事項", "相談先", "対応", "対応日", "次回確認期限", "台帳の状態",
};
#define REVIEW_COLS_N ((int)(sizeof REVIEW_HEADERS / sizeof REVIEW_HEADERS[0]))

/* The 印刷用 sheet: the service, its manager, whether and how it was reviewed this 年度, what was found and done,
   and when the next review is due; legible on A4 landscape (about 85 % in Excel). */
static const xlsx_print_col REVIEW_PRINT[] = {
    {0, 12}, {1, 16}, {3, 12}, {4, 6}, {5, 10}, {6, 8}, {8, 11}, {10, 8}, {11, 8}, {14, 9}, {15, 14}, {17, 14}, {19, 11},
};
#define REVIEW_PRINT_N ((int)(sizeof REVIEW_PRINT / sizeof REVIEW_PRINT[0]))

static int review_row(const kannual_row *r, void *p)
{
    xlsx_list *l = p;
    xlsx_list_next(l);
    int col = 0;
    const kreview *v = &r->last;
    bool has = v->id > 0;
    xlsx_list_text(l, col++, r->approval_no);
    xlsx_list_text(l, col++, r->name);
    xlsx_list_text(l, col++, r->provider);
    xlsx_list_text(l, col++, r->dept);
    xlsx_list_text(l, col++, r->conf);
    xlsx_list_text(l, col++, r->manager);
    xlsx_list_text(l, col++, annual_label(r->annual));
    xlsx_list_number(l, col++, r->reviews);
    xlsx_list_date(l, col++, has ? v->reviewed_on : "");
    xlsx_list_text(l, col++, has ? v->reviewer : "");
    xlsx_list_text(l, col++, has ? v->usage : "");
    if (has && *v->user_count) xlsx_list_number(l, col, strtod(v->user_count, NULL));
    else xlsx_list_text(l, col, "");
    col++;
    xlsx_list_text(l, col++, has ? v->terms_changed : "");
    xlsx_list_text(l, col++, has ? v->change_detail : "");
    xlsx_list_text(l, col++, has ? v->incident : "");
    xlsx_list_text(l, col++, has ? v->inappropriate : "");
    xlsx_list_text(l, col++, has ? v->referred_to : "");
    xlsx_list_text(l, col++, !has || !v->needs_response ? "" : *v->responded_on ? v->response : "（対応待ち）");
    xlsx_list_date(l, col++, has ? v->responded_on : "");
    xlsx_list_date(l, col++, r->next_review_due);
    xlsx_list_text(l, col++, annual_service_state(r, date_today()));
    return 0;
}

/* Counts per 部局 for the 集計 sheet: a municipality has tens of 部局, kept in a small array. */
typedef struct dept_count {
    int64_t dept_id;
    char dept[128];
    int64_t n[ANNUAL__COUNT];
} dept_count;

typedef struct counts {
    dept_count *v;
    size_t n;
    bool oom;
    int64_t dept_id;   /* the list's filter: only this 部局 (0: every one) … */
    int status;        /* … and this status (-1: any), so that the 集計 counts what the list holds */
} counts;

static int add_dept_count(int64_t dept_id, const char *dept, kannual_status st, int64_t count, void *p)
{
    counts *c = p;
    if ((c->dept_id && dept_id != c->dept_id) || (c->status >= 0 && (int)st != c->status)) return 0;
    if (!c->n || c->v[c->n - 1].dept_id != dept_id) {
        dept_count *v = realloc(c->v, (c->n + 1) * sizeof *v);
        if (!v) {
            c->oom = true;
            return 1;
        }
        c->v = v;
        memset(&v[c->n], 0, sizeof v[c->n]);
        v[c->n].dept_id = dept_id;
        snprintf(v[c->n].dept, sizeof v[c->n].dept, "%s", dept);
        c->n++;
    }
    c->v[c->n - 1].n[st] += count;
    return 0;
}

static void write_summary(xlsx_ctx *x, lxw_worksheet *ws, int fy, const counts *c, const char *filter)
{
    memset(x->widths, 0, sizeof x->widths);
    char label[32], title[160];
    date_fy_label(fy, label, sizeof label);
    snprintf(title, sizeof title, "%s（%d年度）年次利用状況確認 集計", label, fy);
    worksheet_set_row(ws, 0, 21, NULL);   /* 14 pt */
    worksheet_write_string(ws, 0, 0, title, x->title);
    char basis[400];
    char *org = text_sanitize(kumo_org(x->k));
    snprintf(basis, sizeof basis, "%s　%s（要対応: 対応待ちの確認又は確認期限超過）", org ? org : "", x->as_of);
    free(org);
    worksheet_write_string(ws, 1, 0, basis, NULL);
    if (filter && *filter) {
        char line[700];
        snprintf(line, sizeof line, "絞込み: %s", filter);
        xlsx_text(x, ws, 2, 0, line, NULL);
    }
    static const char *const H[] = {"部局", "未実施", "実施済", "要対応", "計"};
    for (int i = 0; i < 5; i++) xlsx_text(x, ws, 3, i, H[i], x->header);
    int64_t total[ANNUAL__COUNT] = {0};
    int row = 4;
    for (size_t i = 0; i < c->n; i++, row++) {
        xlsx_text(x, ws, row, 0, *c->v[i].dept ? c->v[i].dept : "（部局なし）", NULL);
        int64_t sum = 0;
        for (int st = 0; st < ANNUAL__COUNT; st++) {
            xlsx_number(x, ws, row, 1 + st, (double)c->v[i].n[st], x->number);
            sum += c->v[i].n[st];
            total[st] += c->v[i].n[st];
        }
        xlsx_number(x, ws, row, 4, (double)sum, x->number);
    }
    xlsx_text(x, ws, row, 0, "合計", x->header);
    int64_t all = 0;
    for (int st = 0; st < ANNUAL__COUNT; st++) {
        xlsx_number(x, ws, row, 1 + st, (double)total[st], x->header);
        all += total[st];
    }
    xlsx_number(x, ws, row, 4, (double)all, x->header);
    xlsx_apply_widths(x, ws, 5);
    worksheet_set_column(ws, 0, 0, 24, NULL);
}

void export_reviews_filter_text(kumo *k, const kannual_filter *f, char *out, size_t n)
{
    if (n) *out = 0;
    char label[32], fy[64];
    date_fy_label(f->fy, label, sizeof label);
    snprintf(fy, sizeof fy, "%s（%d年度）", label, f->fy);
    xlsx_filter_add(out, n, "年度", fy);
    if (f->dept_id > 0) {
        kdept d;
        xlsx_filter_add(out, n, "部局", db_dept_get(k->db, f->dept_id, &d) == KS_OK ? d.name : "?");
    }
    if (f->status >= 0 && f->status < ANNUAL__COUNT) xlsx_filter_add(out, n, "確認状況", annual_label(f->status));
}

kstatus export_reviews_xlsx(kumo *k, const kannual_filter *f, const char *path, size_t *rows)
{
    kumo_step(k);
    int fy = f->fy;
    counts c = {.dept_id = f->dept_id, .status = f->status};
    kstatus s = annual_dept_counts(k, fy, add_dept_count, &c);
    if (!s && c.oom) s = kumo_fail(k, KS_NOMEM, NULL);
    if (s) {
        free(c.v);
        return s;
    }
    long total = 0;
    for (size_t i = 0; i < c.n; i++)
        for (int st = 0; st < ANNUAL__COUNT; st++) total += (long)c.v[i].n[st];
    char label[32], title[96], filter[600];
    date_fy_label(fy, label, sizeof label);
    snprintf(title, sizeof title, "%s 年次利用状況確認", label);
    export_reviews_filter_text(k, f, filter, sizeof filter);
    xlsx_list l;
    s = xlsx_list_begin(k, &l, path, title, "年次利用状況確認", REVIEW_HEADERS, REVIEW_COLS_N, total);
    if (!s) s = xlsx_list_print(&l, filter, REVIEW_PRINT, REVIEW_PRINT_N);
    /* the rows of the screen's filter: the same query the screen pages with */
    if (!s) s = annual_each(k, fy, f->dept_id, f->status, review_row, &l);
    if (s) {
        free(c.v);
        if (l.ws) xlsx_finish(&l.x, false);   /* begun: abandon the file */
        return s;
    }
    /* the list's widths first: the 集計 sheet measures its own (landscape A4 was set with the list sheet) */
    xlsx_apply_widths(&l.x, l.ws, REVIEW_COLS_N);
    lxw_worksheet *sum = workbook_add_worksheet(l.x.wb, "集計");
    if (sum) {
        /* A4 portrait one page wide, the heading row on every page, the title, 団体名 and day in the page header and
           the audit trail's head in the footer, like the list */
        xlsx_print_setup(&l.x, sum, false, 0);
        worksheet_repeat_rows(sum, 3, 3);
        xlsx_page_header(&l.x, sum, filter);
        write_summary(&l.x, sum, fy, &c, filter);
    }
    free(c.v);
    s = xlsx_finish(&l.x, sum != NULL);
    if (!s && rows) *rows = (size_t)l.row;
    return s;
}
