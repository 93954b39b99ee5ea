/* Shared by every workbook kumo writes: written through the one output file (app/exchange/outfile.h) and checked
   before it replaces anything; constant-memory mode; real date cells; text always written as text; widths that fit
   Japanese. */
#ifndef KUMO_APP_EXCHANGE_XLSX_H
#define KUMO_APP_EXCHANGE_XLSX_H
#include <limits.h>
#include <stdbool.h>
#include <xlsxwriter.h>

#include "app/audit.h"
#include "app/session.h"
#include "app/exchange/outfile.h"

#define XLSX_MAX_COLS 64

typedef struct xlsx_ctx {
    lxw_workbook *wb;
    outfile out;                /* the file the workbook becomes */
    lxw_format *header, *date, *text, *wrap, *title, *wareki;
    lxw_format *datetime;       /* yyyy/mm/dd hh:mm */
    int widths[XLSX_MAX_COLS];  /* display columns seen per column of the current sheet */
    kumo *k;
    char head[160];             /* the audit trail's head as of the data written (footer and last line) */
    bool reading;               /* a read transaction is open (xlsx_begin … xlsx_finish) */
} xlsx_ctx;

/* Starts a workbook that will become `dest`; title goes to the document properties with the 団体名. */
kstatus xlsx_begin(kumo *k, xlsx_ctx *x, const char *dest, const char *title, bool constant_memory);
/* Closes the workbook; on success renames it onto dest, on failure removes the temporary file and leaves any
   existing dest untouched. ok=false abandons the workbook. */
kstatus xlsx_finish(xlsx_ctx *x, bool ok);
/* A list sheet: header row 0 with autofilter and frozen panes (call before the data rows). */
lxw_worksheet *xlsx_list_sheet(xlsx_ctx *x, const char *name, const char *const *headers, int ncols, long rows);

/* A workbook whose first sheet is a list streamed row by row (by a db_*_each callback that writes row ++row). */
typedef struct xlsx_list {
    xlsx_ctx x;
    lxw_worksheet *ws;
    long row;           /* the last row written; the header is row 0 */
    long total;         /* the rows to come (xlsx_list_begin's rows), for the progress */
    char what[96];      /* 「申請一覧を書き出し中」 */
} xlsx_list;
/* The next data row's number (1, 2, …): the row callbacks call it once per row; it reports the progress. */
int xlsx_list_next(xlsx_list *l);
/* Starts the workbook (title in its properties, constant memory) with the list sheet `sheet`; `rows` is the number
   of rows to come (the autofilter is set before them). */
kstatus xlsx_list_begin(kumo *k, xlsx_list *l, const char *path, const char *title, const char *sheet,
                        const char *const *headers, int ncols, long rows);
/* Ends it after the rows: when s is a failure the file is abandoned (with the status's message unless one is set),
   else the widths are set and the file renamed into place, and *rows (may be NULL) gets the rows written. */
kstatus xlsx_list_end(xlsx_list *l, int ncols, kstatus s, size_t *rows);
/* Text as a string cell (never a formula): invalid UTF-8 becomes U+FFFD, control characters '?'. */
void xlsx_text(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f);
/* A YYYY-MM-DD value as a real date cell; empty stays blank; anything else is written as text. */
void xlsx_date(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *iso, lxw_format *f);
void xlsx_number(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, double v, lxw_format *f);
/* A "YYYY-MM-DD HH:MM:SS" stamp as a real date-time cell; anything else as text. */
void xlsx_datetime(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *stamp, lxw_format *f);
/* A4, portrait or landscape, one page wide, the first title_rows rows repeated on every page, page numbers, and
   the audit trail's head in the footer (any printed page shows what the record said when it was written). */
void xlsx_print_setup(xlsx_ctx *x, lxw_worksheet *ws, bool landscape, int title_rows);
/* Sets each column's width from the widest value seen (Japanese counts 2), between min and max. */
void xlsx_apply_widths(xlsx_ctx *x, lxw_worksheet *ws, int ncols);
#endif
