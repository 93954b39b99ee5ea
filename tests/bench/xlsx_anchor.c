/* The anchor of the register's Excel export in make bench: a bare loop that reads the same rows from the same
   database with one SELECT and writes the same cells (a header row, text cells, date cells with a date format)
   with libxlsxwriter in constant_memory mode. Nothing of kumo is linked: what kumo adds on top of this is its cost.

       xlsx_anchor DB OUT.xlsx TODAY(YYYY-MM-DD)
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const char *const HEADERS[] = {"承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "承認日",
                                      "利用開始日", "利用終了日（予定）", "クラウドサービス管理者", "次回確認期限", "状態"};
static const int IS_DATE[] = {0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0};
#define NCOLS 11

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: xlsx_anchor DB OUT.xlsx TODAY\n");
        return 2;
    }
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) return 1;
    sqlite3_stmt *st;
    /* the register's rows (services in use) and the same 状態 as kumo shows it */
    const char *sql =
        "SELECT s.approval_no, s.name, s.provider, coalesce(d.name, ''), s.conf, s.approved_on, s.start_date, "
        "s.end_date, coalesce(m.name, ''), s.next_review_due, "
        "CASE WHEN s.status = 'terminated' THEN (CASE WHEN s.terminated_on > ?1 THEN '終了予定' ELSE '終了' END) "
        "WHEN s.build_state = 'pending' THEN '構築確認待ち' "
        "WHEN (s.next_review_due <> '' AND s.next_review_due < ?1) OR (s.end_date <> '' AND s.end_date < ?1) "
        "THEN '要対応' WHEN s.start_date <> '' AND s.start_date <= ?1 THEN '利用中' ELSE '承認済' END "
        "FROM services s LEFT JOIN departments d ON d.id = s.dept_id LEFT JOIN users m ON m.id = s.manager_id "
        "WHERE s.status = 'active' OR s.terminated_on > ?1 ORDER BY s.approval_no";
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sqlite3_errmsg(db));
        return 1;
    }
    sqlite3_bind_text(st, 1, argv[3], -1, SQLITE_STATIC);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "台帳");
    lxw_format *hdr = workbook_add_format(wb);
    format_set_bold(hdr);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy/mm/dd");
    worksheet_autofilter(ws, 0, 0, 1, NCOLS - 1);
    worksheet_freeze_panes(ws, 1, 0);
    for (int c = 0; c < NCOLS; c++) worksheet_write_string(ws, 0, (lxw_col_t)c, HEADERS[c], hdr);
    lxw_row_t row = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        row++;
        for (int c = 0; c < NCOLS; c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            if (!v || !*v) continue;
            int y, m, d;
            if (IS_DATE[c] && sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3) {
                lxw_datetime dt = {.year = y, .month = m, .day = d};
                worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, date);
            } else {
                worksheet_write_string(ws, row, (lxw_col_t)c, v, NULL);
            }
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    lxw_error e = workbook_close(wb);
    printf("rows=%u\n", (unsigned)row);
    return e == LXW_NO_ERROR ? 0 : 1;
}
