/* The anchor of the register's Excel export in make bench: a bare loop that reads the same rows from the same
   database with one SELECT and writes the same cells (a header row, text cells, date cells with a date format)
   with libxlsxwriter in constant_memory mode. Nothing of kumo is linked: what kumo adds on top of this is its cost.
   Like kumo's register workbook (since its 印刷用 sheet), every row is written twice: on the data sheet and on a
   印刷用 sheet of the same columns, wrapped and bordered, each row as tall as its longest cell's lines (counted here
   simply: a character of 3 or 4 bytes is 2 columns wide, no 禁則).

       xlsx_anchor DB OUT.xlsx TODAY(YYYY-MM-DD)
*/
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

static const char *const HEADERS[] = {"承認番号", "クラウドサービス名", "提供者", "部局", "機密性", "承認日",
                                      "利用開始日", "利用終了日（予定）", "クラウドサービス管理者", "次回確認期限", "状態",
                                      "区分", "変更承認日", "条件"};
static const int IS_DATE[] = {0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0};
#define NCOLS 14
static const int PRINT_WIDTH[] = {11, 14, 8, 10, 6, 11, 11, 11, 9, 11, 10, 6, 11, 12};

/* Lines of s in a column w wide (w - 1 display columns a line). */
static int lines_of(const char *s, int w)
{
    int cols = w - 1, width = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        width += *p >= 0xE0 ? 2 : 1;
    }
    return width <= cols ? 1 : (width + cols - 1) / cols;
}

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
        "THEN '要対応' WHEN s.start_date <> '' AND s.start_date <= ?1 THEN '利用中' ELSE '承認済' END, "
        "CASE WHEN s.conf = '1' THEN '§8-4' WHEN s.conf IN ('2', '3B', '3C') THEN '§8-3' ELSE '' END, "
        "s.changed_on, s.conditions "
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
    /* the 印刷用 sheet: a title, the heading in row 3, the rows below */
    lxw_worksheet *pws = workbook_add_worksheet(wb, "印刷用");
    lxw_format *cell = workbook_add_format(wb);
    format_set_text_wrap(cell);
    format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(cell, LXW_BORDER_THIN);
    lxw_format *pdate = workbook_add_format(wb);
    format_set_num_format(pdate, "yyyy/mm/dd");
    format_set_align(pdate, LXW_ALIGN_CENTER);
    format_set_align(pdate, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(pdate, LXW_BORDER_THIN);
    worksheet_set_landscape(pws);
    worksheet_set_paper(pws, 9);
    worksheet_repeat_rows(pws, 3, 3);
    for (int c = 0; c < NCOLS; c++) worksheet_set_column(pws, (lxw_col_t)c, (lxw_col_t)c, PRINT_WIDTH[c], NULL);
    worksheet_write_string(pws, 0, 0, "承認済みクラウドサービス台帳", NULL);
    for (int c = 0; c < NCOLS; c++) worksheet_write_string(pws, 3, (lxw_col_t)c, HEADERS[c], hdr);
    lxw_row_t row = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        row++;
        int lines = 1;
        for (int c = 0; c < NCOLS; c++) {
            const char *v = (const char *)sqlite3_column_text(st, c);
            if (!v || !*v) {
                worksheet_write_blank(pws, row + 3, (lxw_col_t)c, IS_DATE[c] ? pdate : cell);
                continue;
            }
            int y, m, d;
            if (IS_DATE[c] && sscanf(v, "%4d-%2d-%2d", &y, &m, &d) == 3) {
                lxw_datetime dt = {.year = y, .month = m, .day = d};
                worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, date);
                worksheet_write_datetime(pws, row + 3, (lxw_col_t)c, &dt, pdate);
            } else {
                worksheet_write_string(ws, row, (lxw_col_t)c, v, NULL);
                worksheet_write_string(pws, row + 3, (lxw_col_t)c, v, cell);
                int l = lines_of(v, PRINT_WIDTH[c]);
                if (l > lines) lines = l;
            }
        }
        if (lines > 1) worksheet_set_row(pws, row + 3, 13.5 * lines, NULL);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    lxw_error e = workbook_close(wb);
    printf("rows=%u\n", (unsigned)row);
    return e == LXW_NO_ERROR ? 0 : 1;
}
