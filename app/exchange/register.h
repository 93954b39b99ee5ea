/* The 承認済みクラウドサービス台帳's columns and one service as its row, read by every sink (the workbook here, the
   CSV export) and by the import's comparison, so that they cannot disagree; and the register as a workbook. */
#ifndef KUMO_APP_EXCHANGE_REGISTER_H
#define KUMO_APP_EXCHANGE_REGISTER_H
#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"

#define REGISTER_COLS 11
typedef enum register_col {
    RC_NO, RC_NAME, RC_PROVIDER, RC_DEPT, RC_CONF, RC_APPROVED, RC_START, RC_END, RC_MANAGER, RC_DUE, RC_STATUS
} register_col;

typedef struct register_column {
    const char *header;     /* as both files head the column, and the import matches it */
    bool date;              /* YYYY-MM-DD: a date cell in the workbook */
    int print_width;        /* its width on the workbook's 印刷用 sheet (0: 11 for a date, else 10) */
} register_column;
extern const register_column REGISTER_COLUMNS[REGISTER_COLS];

/* One service as the register shows it: the value of every column (pointers into s, the 状態 a constant label as
   of today). */
void register_cells(const kservice *s, kdate today, const char *cells[REGISTER_COLS]);

/* The register as a workbook: services in use; all = also the ended ones (状態 終了). */
kstatus export_register_xlsx(kumo *k, const char *path, bool all, size_t *rows);
#endif
