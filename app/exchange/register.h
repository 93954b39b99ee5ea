/* The 承認済みクラウドサービス台帳's columns and one service as its row, read by every sink (the workbook here, the
   CSV export) and by the import's comparison, so that they cannot disagree; and the register as a workbook. */
#ifndef KUMO_APP_EXCHANGE_REGISTER_H
#define KUMO_APP_EXCHANGE_REGISTER_H
#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"
#include "db/db_service.h"

/* The last three came later (issue 9): a file with the first eleven only is still read. */
#define REGISTER_COLS 14
typedef enum register_col {
    RC_NO, RC_NAME, RC_PROVIDER, RC_DEPT, RC_CONF, RC_APPROVED, RC_START, RC_END, RC_MANAGER, RC_DUE, RC_STATUS,
    RC_TRACK,     /* 区分: §8-3 (機密性2以上) or §8-4 (機密性1), from the 機密性 */
    RC_CHANGED,   /* 変更承認日: the latest approved 変更申請 (the 承認日 stays the first approval's) */
    RC_COND,      /* 条件: the conditions of a 条件付承認 */
} register_col;

typedef struct register_column {
    const char *header;     /* as both files head the column, and the import matches it */
    bool date;              /* YYYY-MM-DD: a date cell in the workbook */
    int print_width;        /* its width on the workbook's 印刷用 sheet (0: 11 for a date, else 10) */
} register_column;
extern const register_column REGISTER_COLUMNS[REGISTER_COLS];

/* The 区分 of a 機密性 as the register says it: §8-3 (機密性2以上: ポリシー004 §8-3), §8-4 (機密性1), "" unknown. */
const char *register_track(const char *conf);
/* One service as the register shows it: the value of every column (pointers into s, the 状態 a constant label as
   of today). */
void register_cells(const kservice *s, kdate today, const char *cells[REGISTER_COLS]);

/* The register as a workbook: the services f selects among those the user may see — the 台帳 screen's search and
   終了含む, or the command line's --search --dept --all, the filter the screen pages with (NULL: the services in
   use) — and which filter that was. */
kstatus export_register_xlsx(kumo *k, const kservice_filter *f, const char *path, size_t *rows);
/* The filter the register's exports read: f's include_terminated, dept_id and search, with the user's scope. */
void register_filter(kumo *k, const kservice_filter *f, kservice_filter *v);
/* 「範囲=利用中, 部局=総務部, 検索=会議」: what f selects, as the workbook states it. */
void register_filter_text(kumo *k, const kservice_filter *f, char *out, size_t n);
#endif
