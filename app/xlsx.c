#include "app/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms/date.h"
#include "forms/text.h"

kstatus xlsx_begin(kumo *k, xlsx_ctx *x, const char *dest, const char *title, bool constant_memory)
{
    memset(x, 0, sizeof *x);
    x->k = k;
    snprintf(x->dest, sizeof x->dest, "%s", dest);
    snprintf(x->tmp, sizeof x->tmp, "%s.tmpXXXXXX", dest);
    int fd = mkstemp(x->tmp);
    if (fd < 0) {
        kstatus s = errno == EACCES || errno == EROFS || errno == EPERM ? KS_READONLY : KS_IO;
        return kumo_fail(k, s, "%s に書き込めません: %s", dest, strerror(errno));
    }
    close(fd);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", dest);
    char *d = dirname(dir);
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE, .tmpdir = d};
    x->wb = workbook_new_opt(x->tmp, &opt);
    if (!x->wb) {
        unlink(x->tmp);
        return kumo_fail(k, KS_IO, "Excel ファイル %s を作成できません", dest);
    }
    static lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)title;
    props.company = k->org;
    props.author = k->me.name;
    props.comments = "kumo " KUMO_VERSION;
    workbook_set_properties(x->wb, &props);
    x->header = workbook_add_format(x->wb);
    format_set_bold(x->header);
    format_set_bg_color(x->header, 0xDDEBF7);
    format_set_border(x->header, LXW_BORDER_THIN);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
    x->date = workbook_add_format(x->wb);
    format_set_num_format(x->date, "yyyy/mm/dd");
    format_set_align(x->date, LXW_ALIGN_LEFT);
    x->wareki = workbook_add_format(x->wb);
    /* 和暦 as Microsoft documents it for 令和元年 (2019-05-01 … 2019-12-31); [$-411] is what LibreOffice renders
       too (it shows the bare serial number for the [$-ja-JP-x-gannen] tag) */
    format_set_num_format(x->wareki, "[<=43585][$-411]ggge\"年\"m\"月\"d\"日\";[>=43831][$-411]ggge\"年\"m\"月\"d\"日\";"
                                     "\"令和元年\"m\"月\"d\"日\"");
    format_set_align(x->wareki, LXW_ALIGN_LEFT);
    x->datetime = workbook_add_format(x->wb);
    format_set_num_format(x->datetime, "yyyy/mm/dd hh:mm");
    format_set_align(x->datetime, LXW_ALIGN_LEFT);
    x->text = workbook_add_format(x->wb);
    format_set_num_format(x->text, "@");
    x->wrap = workbook_add_format(x->wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    x->title = workbook_add_format(x->wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    return KS_OK;
}

kstatus xlsx_finish(xlsx_ctx *x, bool ok)
{
    /* libxlsxwriter prints "[ERROR] ..." on stderr; the caller shows our message instead */
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, STDERR_FILENO);
        close(devnull);
    }
    lxw_error e = workbook_close(x->wb);
    fflush(stderr);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    x->wb = NULL;
    if (!ok || e != LXW_NO_ERROR) {
        unlink(x->tmp);
        if (!ok) return x->k && *x->k->err ? KS_ERROR : KS_IO;
        return kumo_fail(x->k, KS_IO, "Excel ファイル %s を書き込めません（%s）。既存のファイルは変更していません",
                         x->dest, lxw_strerror(e));
    }
    /* mkstemp made the file private; give it the mode an ordinary new file would have */
    mode_t mask = umask(0);
    umask(mask);
    chmod(x->tmp, 0666 & ~mask);
    if (rename(x->tmp, x->dest)) {
        int err = errno;
        unlink(x->tmp);
        return kumo_fail(x->k, KS_IO, "%s に保存できません: %s", x->dest, strerror(err));
    }
    return KS_OK;
}

lxw_worksheet *xlsx_list_sheet(xlsx_ctx *x, const char *name, const char *const *headers, int ncols, long rows)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) return NULL;
    memset(x->widths, 0, sizeof x->widths);
    /* constant-memory mode: the autofilter must be set before the data rows */
    worksheet_autofilter(ws, 0, 0, rows > 0 ? (lxw_row_t)rows : 1, (lxw_col_t)(ncols - 1));
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_row(ws, 0, 30, NULL);
    xlsx_print_setup(ws, ncols > 8, 1);
    for (int c = 0; c < ncols; c++) xlsx_text(x, ws, 0, c, headers[c], x->header);
    return ws;
}

void xlsx_print_setup(lxw_worksheet *ws, bool landscape, int title_rows)
{
    worksheet_set_paper(ws, 9); /* A4 */
    if (landscape) worksheet_set_landscape(ws);
    else worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0); /* one page wide, as many pages down as needed */
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    worksheet_center_horizontally(ws);
    worksheet_set_footer(ws, "&C&P / &N");
    if (title_rows > 0) worksheet_repeat_rows(ws, 0, (lxw_row_t)(title_rows - 1));
}

void xlsx_datetime(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *stamp, lxw_format *f)
{
    kdate d;
    int hh = 0, mm = 0, ss = 0;
    char day[11];
    if (!stamp || !*stamp) return;
    snprintf(day, sizeof day, "%.10s", stamp);
    const char *t = strlen(stamp) > 10 ? stamp + 11 : "";
    bool ok = date_parse(day, &d) && (!*t || (sscanf(t, "%2d:%2d:%2d", &hh, &mm, &ss) >= 2 && hh >= 0 && hh < 24 &&
                                             mm >= 0 && mm < 60 && ss >= 0 && ss < 61));
    if (!ok) {
        xlsx_text(x, ws, row, col, stamp, NULL);
        return;
    }
    lxw_datetime dt = {d.y, d.m, d.d, hh, mm, ss};
    worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, f ? f : x->datetime);
    if (col >= 0 && col < XLSX_MAX_COLS && x->widths[col] < 16) x->widths[col] = 16;
}

void xlsx_text(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
    char *clean = text_sanitize(s ? s : "");
    if (!clean) return;
    if (col >= 0 && col < XLSX_MAX_COLS) {
        int w = text_width(clean);
        if (w > x->widths[col]) x->widths[col] = w;
    }
    if (*clean) worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, clean, f);
    else if (f) worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f);
    free(clean);
}

void xlsx_date(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *iso, lxw_format *f)
{
    kdate d;
    if (!iso || !*iso) return;
    if (!date_parse(iso, &d)) {  /* validated first: lxw_datetime overflows on a bad month (#491) */
        xlsx_text(x, ws, row, col, iso, NULL);
        return;
    }
    lxw_datetime dt = {d.y, d.m, d.d, 0, 0, 0};
    worksheet_write_datetime(ws, (lxw_row_t)row, (lxw_col_t)col, &dt, f ? f : x->date);
    if (col >= 0 && col < XLSX_MAX_COLS && x->widths[col] < 11) x->widths[col] = 11;
}

void xlsx_number(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, double v, lxw_format *f)
{
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f);
    if (col >= 0 && col < XLSX_MAX_COLS && x->widths[col] < 8) x->widths[col] = 8;
}

void xlsx_apply_widths(xlsx_ctx *x, lxw_worksheet *ws, int ncols)
{
    for (int c = 0; c < ncols && c < XLSX_MAX_COLS; c++) {
        int w = x->widths[c] + 2;
        if (w < 8) w = 8;
        if (w > 60) w = 60;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
}
