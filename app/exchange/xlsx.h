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

/* Every workbook's font, set on the Normal style (the workbook's default: Excel measures column widths in its '0')
   and on every format: ＭＳ Ｐゴシック 11 pt. It is on every Japanese Windows with or without Office, it was Excel's
   default until 2013 and is still the font of most municipal 様式, and LibreOffice prints it with IPA Pゴシック
   (fonts-ipafont-gothic), made to its metrics: widths and heights computed for it hold in both. 游ゴシック, Excel's
   default since 2016, has no metric-compatible free font and a tall line (18.75 pt rows at 11 pt), so heights
   computed for it clip in one program and gape in the other; メイリオ has the same problem. */
#define XLSX_FONT "ＭＳ Ｐゴシック"
#define XLSX_FONT_PT 11.0
/* One line of text in that font: Excel's row height for it (13.5 pt a line, 18 px), which LibreOffice's IPA
   Pゴシック line (11 pt) fits inside. */
#define XLSX_LINE_PT 13.5
/* Page margins in inches: left and right, top (room for a two-line page header in 9 pt under the header's own 0.3),
   bottom (the footer). */
#define XLSX_MARGIN_SIDE 0.5
#define XLSX_MARGIN_TOP 0.75
#define XLSX_MARGIN_BOTTOM 0.6

typedef struct xlsx_ctx {
    lxw_workbook *wb;
    outfile out;                /* the file the workbook becomes */
    lxw_format *header, *date, *text, *wrap, *title, *wareki;
    lxw_format *datetime;       /* yyyy/mm/dd hh:mm */
    lxw_format *number;         /* #,##0 with a space after it: a number never touches the next cell's text */
    lxw_format *datec;          /* yyyy/mm/dd, centred: a list's dates */
    int widths[XLSX_MAX_COLS];  /* display columns seen per column of the current sheet */
    double fixed[XLSX_MAX_COLS];/* a column of the current sheet whose text wraps at this width (0: from the data) */
    kumo *k;
    char head[160];             /* the audit trail's head as of the data written (footer and last line) */
    char name[160];             /* the workbook's title (document properties, page headers) */
    char as_of[64];             /* 2026年（令和8年）11月23日現在: the day the data was read */
    bool reading;               /* a read transaction is open (xlsx_begin … xlsx_finish) */
} xlsx_ctx;

/* Starts a workbook that will become `dest`; title goes to the document properties with the 団体名. Its default
   format is XLSX_FONT at XLSX_FONT_PT. */
kstatus xlsx_begin(kumo *k, xlsx_ctx *x, const char *dest, const char *title, bool constant_memory);
/* Closes the workbook; on success renames it onto dest, on failure removes the temporary file and leaves any
   existing dest untouched. ok=false abandons the workbook. */
kstatus xlsx_finish(xlsx_ctx *x, bool ok);
/* A new format in the workbook's font (every format a workbook adds comes from here: a bare
   workbook_add_format would be Calibri). */
lxw_format *xlsx_format(xlsx_ctx *x);
/* A cell's text as xlsx_text writes it: sanitised line by line, the line breaks kept (a multi-line 利用目的, the
   audit trail's changes one per line, read as written in a wrapped cell; CR LF becomes LF). Caller frees; NULL when
   memory runs out. */
char *xlsx_clean(const char *s);
/* Lines s takes wrapped in a column `width` characters wide (forms/text.c's text_wrap_lines, with the cell's
   margins taken off). */
int xlsx_lines(const char *s, double width);
/* The height of a row of `lines` lines of text in the workbook's font (Excel's limit is 409 pt). */
double xlsx_row_height(int lines);
/* Gives a row the height of `lines` lines (neither Excel nor LibreOffice grows a row for text a program wrote). */
void xlsx_fit_row(lxw_worksheet *ws, int row, int lines);
/* A list sheet of fixed columns (the 確認事項 and 履歴 of a form): header row 0 with autofilter and frozen panes,
   printed one page wide with the header on every page (call before the data rows). */
lxw_worksheet *xlsx_list_sheet(xlsx_ctx *x, const char *name, const char *const *headers, int ncols, long rows);
/* Appends 「label=value」 to a filter description (", " between two). */
void xlsx_filter_add(char *buf, size_t n, const char *label, const char *value);
/* The page header of a sheet: the title and the filter that chose its rows on the left, the 団体名 in the centre and
   the day the data was read on the right (filter NULL or "": none). */
void xlsx_page_header(xlsx_ctx *x, lxw_worksheet *ws, const char *filter);

/* A column of a list's 印刷用 sheet: the data column it shows and its width there (its text wraps). */
typedef struct xlsx_print_col {
    int col;
    int width;
} xlsx_print_col;

/* A workbook whose first sheet is a list streamed row by row (by a db_*_each callback that writes row ++row): the
   data sheet, every column, its header in row 0 with the autofilter (what a filter, a pivot table or a CSV saved
   from it needs), printed at full size over as many pages as it takes; and, when xlsx_list_print adds it, a
   印刷用 sheet of chosen columns that an auditor reads on paper: title, 団体名, 現在 date and filter above the
   heading, text wrapped in fixed widths, one A4 landscape page wide, the heading repeated on every page. */
typedef struct xlsx_list {
    xlsx_ctx x;
    lxw_worksheet *ws;
    long row;                       /* the last row written; the header is row 0 */
    long total;                     /* the rows to come (xlsx_list_begin's rows), for the progress */
    char what[96];                  /* 「申請一覧を書き出し中」 */
    const char *const *headers;     /* the data sheet's header, ncols columns */
    int ncols;
    lxw_worksheet *pws;             /* the 印刷用 sheet, or NULL */
    int pcol[XLSX_MAX_COLS];        /* data column → its column on pws + 1 (0: not printed) */
    double pwidth[XLSX_MAX_COLS];   /* width of each column of pws */
    long prow;                      /* the row of pws being written, and the most lines of its cells */
    int plines;
    long drow;                      /* the same for the data sheet's wrapped columns (xlsx_wrap_column) */
    int dlines;
    lxw_format *pcell, *pdate, *pnum, *phead, *pbig, *pright;
} xlsx_list;
/* The next data row's number (1, 2, …): the row callbacks call it once per row; it reports the progress. */
int xlsx_list_next(xlsx_list *l);
/* Starts the workbook (title in its properties, constant memory) with the list sheet `sheet`; `rows` is the number
   of rows to come (the autofilter is set before them). */
kstatus xlsx_list_begin(kumo *k, xlsx_list *l, const char *path, const char *title, const char *sheet,
                        const char *const *headers, int ncols, long rows);
/* Says which filter chose the rows (「状態=申請中, 部局=総務部」; NULL or "": every row the user may see) in the data
   sheet's page header and, with n > 0 columns, adds the 印刷用 sheet. Call after xlsx_list_begin, before the rows. */
kstatus xlsx_list_print(xlsx_list *l, const char *filter, const xlsx_print_col *cols, int n);
/* The cells of row l->row: on the data sheet, and on the 印刷用 sheet when the column is printed there. */
void xlsx_list_text(xlsx_list *l, int col, const char *s);
void xlsx_list_date(xlsx_list *l, int col, const char *iso);
void xlsx_list_number(xlsx_list *l, int col, double v);
/* Ends it after the rows: when s is a failure the file is abandoned (with the status's message unless one is set),
   else the widths are set and the file renamed into place, and *rows (may be NULL) gets the rows written. */
kstatus xlsx_list_end(xlsx_list *l, int ncols, kstatus s, size_t *rows);
/* Text as a string cell (never a formula): invalid UTF-8 becomes U+FFFD, control characters '?' except the line
   breaks of a multi-line value (CR LF written as LF). */
void xlsx_text(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f);
/* A YYYY-MM-DD value as a real date cell; empty stays blank; anything else is written as text. */
void xlsx_date(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *iso, lxw_format *f);
/* A number; f NULL: #,##0 with a space after it (x->number), so that it never touches the next cell's text. */
void xlsx_number(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, double v, lxw_format *f);
/* A "YYYY-MM-DD HH:MM:SS" stamp as a real date-time cell; anything else as text. */
void xlsx_datetime(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *stamp, lxw_format *f);
/* A4, portrait or landscape, one page wide, the first title_rows rows repeated on every page, page numbers, and
   the audit trail's head in the footer (any printed page shows what the record said when it was written); the
   sheet's default row is one line of the workbook's font. */
void xlsx_print_setup(xlsx_ctx *x, lxw_worksheet *ws, bool landscape, int title_rows);
/* A column of the current list sheet whose text wraps at `width`: xlsx_apply_widths leaves it so, and the rows
   that write it give themselves xlsx_lines(text, width) lines. */
void xlsx_wrap_column(xlsx_ctx *x, int col, double width);
/* Sets each column's width from the widest value seen (Japanese counts 2), between min and max. */
void xlsx_apply_widths(xlsx_ctx *x, lxw_worksheet *ws, int ncols);
#endif
