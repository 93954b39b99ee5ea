#include "app/exchange/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "app/internal.h"
#include "forms/date.h"
#include "forms/text.h"

/* A format in the workbook's font; family 3 and charset 128 (Shift_JIS) are what Excel writes for it. */
static void set_font(lxw_format *f)
{
    format_set_font_name(f, XLSX_FONT);
    format_set_font_size(f, XLSX_FONT_PT);
    format_set_font_family(f, 3);
    format_set_font_charset(f, 128);
}

lxw_format *xlsx_format(xlsx_ctx *x)
{
    lxw_format *f = workbook_add_format(x->wb);
    if (f) set_font(f);
    return f;
}

/* 2026年（令和8年）11月23日現在: the Western year first, as a 台帳 is sorted and quoted, the 和暦 beside it as a paper
   form would write it. */
static void as_of_text(kdate d, char *out, size_t n)
{
    int r = date_reiwa_year(d.y);
    if (r == 1) snprintf(out, n, "%d年（令和元年）%d月%d日現在", d.y, d.m, d.d);
    else if (r > 1) snprintf(out, n, "%d年（令和%d年）%d月%d日現在", d.y, r, d.m, d.d);
    else snprintf(out, n, "%d年%d月%d日現在", d.y, d.m, d.d);
}

kstatus xlsx_begin(kumo *k, xlsx_ctx *x, const char *dest, const char *title, bool constant_memory)
{
    memset(x, 0, sizeof *x);
    x->k = k;
    snprintf(x->name, sizeof x->name, "%s", title ? title : "");
    text_trim_partial(x->name);
    as_of_text(date_today(), x->as_of, sizeof x->as_of);
    kstatus s = outfile_reserve(k, &x->out, dest, "Excel ファイル");
    if (s) return s;
    /* libxlsxwriter's own scratch files (constant-memory rows) go where the output file is made */
    lxw_workbook_options opt = {.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE, .tmpdir = x->out.dir};
    x->wb = workbook_new_opt(x->out.tmp, &opt);
    if (!x->wb) {
        outfile_abandon(&x->out);
        return kumo_fail(k, KS_IO, "Excel ファイル %s を作成できません", dest);
    }
    /* The workbook's default: libxlsxwriter's first format is xf 0, the Normal style every unformatted cell uses and
       the font Excel and LibreOffice measure column widths in (1.1.4 has no call to set it). */
    lxw_format *normal = STAILQ_FIRST(x->wb->formats);
    if (normal) set_font(normal);
    /* the data and the head printed with it (footers, properties) are one state of the database */
    x->reading = db_read_begin(k->db) == KS_OK;
    kaudit_head h;
    if (db_audit_head(k->db, &h) == KS_OK) audit_head_text(&h, x->head, sizeof x->head);
    static char comments[220];
    snprintf(comments, sizeof comments, "kumo " KUMO_VERSION "%s%s", *x->head ? " 監査証跡 " : "", x->head);
    static lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = x->name;
    props.company = (char *)kumo_org(k);
    props.author = (char *)kumo_me(k)->name;
    props.comments = comments;
    workbook_set_properties(x->wb, &props);
    x->header = xlsx_format(x);
    format_set_bold(x->header);
    format_set_bg_color(x->header, 0xDDEBF7);
    format_set_border(x->header, LXW_BORDER_THIN);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
    x->date = xlsx_format(x);
    format_set_num_format(x->date, "yyyy/mm/dd");
    format_set_align(x->date, LXW_ALIGN_LEFT);
    x->datec = xlsx_format(x);
    format_set_num_format(x->datec, "yyyy/mm/dd");
    format_set_align(x->datec, LXW_ALIGN_CENTER);
    x->wareki = xlsx_format(x);
    /* 和暦 as Microsoft documents it for 令和元年 (2019-05-01 … 2019-12-31); [$-411] is what LibreOffice renders
       too (it shows the bare serial number for the [$-ja-JP-x-gannen] tag) */
    format_set_num_format(x->wareki, "[<=43585][$-411]ggge\"年\"m\"月\"d\"日\";[>=43831][$-411]ggge\"年\"m\"月\"d\"日\";"
                                     "\"令和元年\"m\"月\"d\"日\"");
    format_set_align(x->wareki, LXW_ALIGN_LEFT);
    x->datetime = xlsx_format(x);
    format_set_num_format(x->datetime, "yyyy/mm/dd hh:mm");
    format_set_align(x->datetime, LXW_ALIGN_LEFT);
    x->number = xlsx_format(x);
    format_set_num_format(x->number, "#,##0_ ");   /* Japanese Excel's 数値: a space's width after the digits */
    x->text = xlsx_format(x);
    format_set_num_format(x->text, "@");
    x->wrap = xlsx_format(x);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    x->title = xlsx_format(x);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    return KS_OK;
}


/* ---- checking the package before it replaces anything ----
   libxlsxwriter 1.1.4 does not check its writes to the temporary files it builds the package from: on a full disk
   (ENOSPC) or past a file-size limit (EFBIG) it closes "successfully" with a worksheet cut short. So the finished
   file is read back, every part inflated, and each XML part must end with the closing tag of its root element. */

static uint32_t le32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* One deflated (or stored) member: inflates it, keeping only its first and last bytes. */
static bool check_member(FILE *fp, long data_at, uint16_t method, uint32_t csize, uint32_t usize, const char *name)
{
    if (fseek(fp, data_at, SEEK_SET)) return false;
    static unsigned char in[1 << 16], out[1 << 16];
    char head[512] = "", tail[256] = "";
    size_t headn = 0, tailn = 0, total = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK) return false;
    if (method != 8 && method != 0) return false;
    uint32_t left = csize;
    int zr = Z_OK;
    bool ok = true;
    while (ok && left > 0 && zr != Z_STREAM_END) {
        size_t want = left < sizeof in ? left : sizeof in;
        size_t got = fread(in, 1, want, fp);
        if (got == 0) { ok = false; break; }
        left -= (uint32_t)got;
        const unsigned char *chunk = in;
        size_t chunkn = got;
        z.next_in = in;
        z.avail_in = (uInt)got;
        do {
            if (method == 8) {
                z.next_out = out;
                z.avail_out = sizeof out;
                zr = inflate(&z, Z_NO_FLUSH);
                if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) { ok = false; break; }
                chunk = out;
                chunkn = sizeof out - z.avail_out;
            }
            total += chunkn;
            for (size_t i = 0; i < chunkn && headn + 1 < sizeof head; i++) head[headn++] = (char)chunk[i];
            /* keep the last sizeof tail - 1 bytes seen */
            const size_t keep = sizeof tail - 1;
            if (chunkn >= keep) {
                memcpy(tail, chunk + chunkn - keep, keep);
                tailn = keep;
            } else if (chunkn) {
                size_t drop = tailn + chunkn > keep ? tailn + chunkn - keep : 0;
                memmove(tail, tail + drop, tailn - drop);
                memcpy(tail + tailn - drop, chunk, chunkn);
                tailn = tailn - drop + chunkn;
            }
            if (method != 8) break;
        } while (z.avail_out == 0 && zr != Z_STREAM_END);
    }
    if (method == 8) inflateEnd(&z);
    if (!ok || total != usize) return false;
    size_t nl = strlen(name);
    if (!(nl > 4 && (!strcmp(name + nl - 4, ".xml") || !strcmp(name + nl - 5, ".rels")))) return true;
    head[headn] = 0;
    tail[tailn] = 0;
    /* the root element: the first tag that is not <?xml …?> */
    const char *r = head;
    while ((r = strchr(r, '<')) && (r[1] == '?' || r[1] == '!')) r++;
    if (!r) return false;
    char root[128];
    size_t rl = 0;
    for (const char *q = r + 1; *q && !strchr(" \t\r\n/>", *q) && rl + 1 < sizeof root; q++) root[rl++] = *q;
    root[rl] = 0;
    while (tailn && strchr(" \t\r\n", tail[tailn - 1])) tail[--tailn] = 0;
    char closing[140];
    snprintf(closing, sizeof closing, "</%s>", root);
    size_t cl = strlen(closing);
    if (tailn >= cl && !strcmp(tail + tailn - cl, closing)) return true;
    return tailn >= 2 && !strcmp(tail + tailn - 2, "/>") && !strstr(head, closing); /* an empty root: <a/> */
}

/* Whether the zip at path is complete: every member of the central directory present and whole. */
static bool package_complete(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    bool ok = false;
    unsigned char e[22], c[46], l[30];
    char name[256];
    /* libxlsxwriter writes no zip comment: the end record is the last 22 bytes */
    if (fseek(fp, -22, SEEK_END) || fread(e, 1, 22, fp) != 22 || le32(e) != 0x06054b50) goto done;
    uint16_t entries = le16(e + 10);
    long cd = (long)le32(e + 16);
    for (uint16_t i = 0; i < entries; i++) {
        if (fseek(fp, cd, SEEK_SET) || fread(c, 1, 46, fp) != 46 || le32(c) != 0x02014b50) goto done;
        uint16_t method = le16(c + 10), nlen = le16(c + 28), xlen = le16(c + 30), clen = le16(c + 32);
        uint32_t csize = le32(c + 20), usize = le32(c + 24), local = le32(c + 42);
        size_t take = nlen < sizeof name ? nlen : sizeof name - 1;
        if (fread(name, 1, take, fp) != take) goto done;
        name[take] = 0;
        cd += 46L + nlen + xlen + clen;
        if (fseek(fp, (long)local, SEEK_SET) || fread(l, 1, 30, fp) != 30 || le32(l) != 0x04034b50) goto done;
        long data_at = (long)local + 30 + le16(l + 26) + le16(l + 28);
        if (!check_member(fp, data_at, method, csize, usize, name)) goto done;
    }
    ok = entries > 0;
done:
    fclose(fp);
    return ok;
}

kstatus xlsx_finish(xlsx_ctx *x, bool ok)
{
    if (x->reading) db_read_end(x->k->db);   /* every row is written */
    x->reading = false;
    /* constant-memory rows went to a temporary file whose write errors libxlsxwriter never looks at */
    bool lost = false;
    if (ok) {
        lxw_worksheet *ws;
        LXW_FOREACH_WORKSHEET(ws, x->wb)
        {
            if (ws->optimize_tmpfile && (fflush(ws->optimize_tmpfile) || ferror(ws->optimize_tmpfile))) lost = true;
        }
    }
    /* libxlsxwriter prints "[ERROR] ..." on stderr; the caller shows our message instead */
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
        dup2(devnull, STDERR_FILENO);
        close(devnull);
    }
    errno = 0;
    lxw_error e = workbook_close(x->wb);
    int err = errno;
    fflush(stderr);
    if (saved >= 0) {
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    x->wb = NULL;
    if (!ok) return outfile_abandon(&x->out);
    if (e != LXW_NO_ERROR) return outfile_fail(&x->out, lxw_strerror(e));
    if (lost || !package_complete(x->out.tmp))
        return outfile_fail(&x->out, err == ENOSPC || err == EDQUOT ? "ディスクの空き容量が不足しています"
                                     : err == EFBIG               ? "ファイルサイズの上限を超えました"
                                                                  : "書き込みが途中で失敗しました。ディスクの空き容量を確認してください");
    return outfile_commit(&x->out);
}

char *xlsx_clean(const char *s)
{
    s = s ? s : "";
    size_t n = strlen(s), cap = n * 3 + 1, o = 0;   /* an invalid byte grows to U+FFFD, 3 bytes */
    /* almost every value: valid UTF-8 without a control character (so without a line break), which cleaning would
       give back unchanged */
    if (text_valid_utf8(s, n) && !text_has_control(s)) return strdup(s);
    char *out = malloc(cap);
    if (!out) return NULL;
    for (const char *p = s;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len && p[len - 1] == '\r') len--;
        char *line = strndup(p, len);
        char *clean = line ? text_sanitize(line) : NULL;
        free(line);
        if (!clean) {
            free(out);
            return NULL;
        }
        size_t cl = strlen(clean);
        if (o + cl + 2 > cap) {   /* cannot happen: sanitising grows a byte to 3 at most */
            free(clean);
            break;
        }
        memcpy(out + o, clean, cl);
        o += cl;
        free(clean);
        if (!nl) break;
        out[o++] = '\n';
        p = nl + 1;
    }
    out[o] = 0;
    return out;
}

int xlsx_lines(const char *s, double width)
{
    /* A column w wide is 8w + 5 pixels in Excel (8 = the '0' of ＭＳ Ｐゴシック 11 pt at 96 dpi), about 6 of them the
       cell's margins: a Japanese character is 15, so a line holds 1.07w − 0.1 display columns. One column less than
       w leaves at least one and a half spare; LibreOffice's columns are wider (its '0' is DejaVu Sans's). */
    int cols = (int)width - 1;
    return text_wrap_lines(s, cols < 2 ? 2 : cols);
}

double xlsx_row_height(int lines)
{
    if (lines < 1) lines = 1;
    double h = XLSX_LINE_PT * lines;
    return h > 409 ? 409 : h;
}

void xlsx_fit_row(lxw_worksheet *ws, int row, int lines)
{
    worksheet_set_row(ws, (lxw_row_t)row, xlsx_row_height(lines), NULL);
}

/* A list sheet: the header in row 0 with the autofilter (before any data row: constant-memory mode), frozen. */
static lxw_worksheet *list_sheet(xlsx_ctx *x, const char *name, const char *const *headers, int ncols, long rows)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) return NULL;
    memset(x->widths, 0, sizeof x->widths);
    memset(x->fixed, 0, sizeof x->fixed);
    worksheet_set_default_row(ws, XLSX_LINE_PT, LXW_FALSE);
    worksheet_autofilter(ws, 0, 0, rows > 0 ? (lxw_row_t)rows : 1, (lxw_col_t)(ncols - 1));
    worksheet_freeze_panes(ws, 1, 0);
    xlsx_fit_row(ws, 0, 2);
    for (int c = 0; c < ncols; c++) xlsx_text(x, ws, 0, c, headers[c], x->header);
    return ws;
}

lxw_worksheet *xlsx_list_sheet(xlsx_ctx *x, const char *name, const char *const *headers, int ncols, long rows)
{
    lxw_worksheet *ws = list_sheet(x, name, headers, ncols, rows);
    if (ws) xlsx_print_setup(x, ws, ncols > 8, 1);
    return ws;
}

/* Header and footer text is at most 255 characters (libxlsxwriter refuses longer ones); '&' is a code there. */
static void header_piece(char *out, size_t n, const char *s, int max_chars)
{
    char *clean = text_sanitize(s ? s : "");
    size_t o = 0;
    int chars = 0;
    for (const char *p = clean ? clean : ""; *p && o + 5 < n;) {
        size_t l = text_grapheme_len(p, strlen(p));
        if (++chars > max_chars) {
            memcpy(out + o, "…", 3);
            o += 3;
            break;
        }
        if (*p == '&') {
            out[o++] = '&';   /* && is a literal & */
        }
        if (o + l + 4 >= n) break;
        memcpy(out + o, p, l);
        o += l;
        p += l;
    }
    out[o] = 0;
    free(clean);
}

void xlsx_filter_add(char *buf, size_t n, const char *label, const char *value)
{
    size_t used = strlen(buf);
    if (used + 1 >= n) return;
    snprintf(buf + used, n - used, "%s%s=%s", used ? ", " : "", label, value ? value : "");
    text_trim_partial(buf);
}

void xlsx_page_header(xlsx_ctx *x, lxw_worksheet *ws, const char *filter)
{
    char title[400], org[300], flt[400], header[1200];
    header_piece(title, sizeof title, x->name, 60);
    header_piece(org, sizeof org, kumo_org(x->k), 40);
    header_piece(flt, sizeof flt, filter, 80);
    /* 9 pt: the title and the filter line fit in the top margin (XLSX_MARGIN_TOP); not before the date, whose digits
       would read as part of the size */
    snprintf(header, sizeof header, "&L&9%s%s%s&C&9%s&R%s", title, *flt ? "\n絞込み: " : "", flt, org, x->as_of);
    worksheet_set_header(ws, header);
}

kstatus xlsx_list_begin(kumo *k, xlsx_list *l, const char *path, const char *title, const char *sheet,
                        const char *const *headers, int ncols, long rows)
{
    memset(l, 0, sizeof *l);
    l->total = rows;
    snprintf(l->what, sizeof l->what, "%sを書き出し中", title);
    kstatus s = xlsx_begin(k, &l->x, path, title, true);
    if (s) return s;
    kumo_progress(k, l->what, 0, rows);
    l->headers = headers;
    l->ncols = ncols;
    l->drow = -1;
    l->ws = list_sheet(&l->x, sheet, headers, ncols, rows);
    if (!l->ws) return xlsx_finish(&l->x, false);
    /* every column at full size over as many pages as it takes, the header row and the first column (the number that
       names the row) on every page; the 印刷用 sheet is the one-page-wide reading copy */
    xlsx_print_setup(&l->x, l->ws, true, 1);
    l->ws->fit_page = LXW_FALSE;
    l->ws->fit_width = l->ws->fit_height = 0;
    worksheet_repeat_columns(l->ws, 0, 0);
    xlsx_page_header(&l->x, l->ws, NULL);
    return KS_OK;
}

/* The rows above the heading of the 印刷用 sheet: title, 団体名 and the day, the filter. */
#define PRINT_TOP 3

kstatus xlsx_list_print(xlsx_list *l, const char *filter, const xlsx_print_col *cols, int n)
{
    xlsx_ctx *x = &l->x;
    xlsx_page_header(x, l->ws, filter);
    if (n <= 0) return KS_OK;
    if (n > XLSX_MAX_COLS) n = XLSX_MAX_COLS;
    l->pws = workbook_add_worksheet(x->wb, "印刷用");
    if (!l->pws) return kumo_fail(x->k, KS_ERROR, "Excel の印刷用シートを作成できません");
    lxw_worksheet *ws = l->pws;
    l->pcell = xlsx_format(x);
    format_set_text_wrap(l->pcell);
    format_set_align(l->pcell, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(l->pcell, LXW_BORDER_THIN);
    l->pdate = xlsx_format(x);
    format_set_num_format(l->pdate, "yyyy/mm/dd");
    format_set_align(l->pdate, LXW_ALIGN_CENTER);
    format_set_align(l->pdate, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(l->pdate, LXW_BORDER_THIN);
    l->pnum = xlsx_format(x);
    format_set_num_format(l->pnum, "#,##0_ ");
    format_set_align(l->pnum, LXW_ALIGN_VERTICAL_TOP);
    format_set_border(l->pnum, LXW_BORDER_THIN);
    l->phead = xlsx_format(x);
    format_set_bold(l->phead);
    format_set_bg_color(l->phead, 0xDDEBF7);
    format_set_border(l->phead, LXW_BORDER_THIN);
    format_set_text_wrap(l->phead);
    format_set_align(l->phead, LXW_ALIGN_CENTER);
    format_set_align(l->phead, LXW_ALIGN_VERTICAL_CENTER);
    l->pbig = xlsx_format(x);
    format_set_bold(l->pbig);
    format_set_font_size(l->pbig, 16);
    l->pright = xlsx_format(x);
    format_set_align(l->pright, LXW_ALIGN_RIGHT);

    worksheet_set_default_row(ws, XLSX_LINE_PT, LXW_FALSE);
    xlsx_print_setup(x, ws, true, 0);
    worksheet_repeat_rows(ws, PRINT_TOP, PRINT_TOP);
    xlsx_page_header(x, ws, filter);
    int hlines = 1;
    for (int i = 0; i < n; i++) {
        if (cols[i].col >= 0 && cols[i].col < XLSX_MAX_COLS) l->pcol[cols[i].col] = i + 1;
        l->pwidth[i] = cols[i].width;
        worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, cols[i].width, NULL);
    }
    /* title, 団体名 and the day, the filter: what a printed list must say about itself */
    worksheet_set_row(ws, 0, 24, NULL);
    worksheet_write_string(ws, 0, 0, x->name, l->pbig);
    char *org = text_sanitize(kumo_org(x->k));
    if (org && *org) worksheet_write_string(ws, 1, 0, org, NULL);
    free(org);
    worksheet_write_string(ws, 1, (lxw_col_t)(n - 1), x->as_of, l->pright);
    char *flt = text_sanitize(filter && *filter ? filter : "なし（閲覧できるすべて）");
    char line[1200];
    snprintf(line, sizeof line, "絞込み: %s", flt ? flt : "");
    free(flt);
    worksheet_write_string(ws, 2, 0, line, NULL);
    for (int i = 0; i < n; i++) {
        /* the heading: the data sheet's header of that column */
        const char *h = cols[i].col >= 0 && cols[i].col < l->ncols ? l->headers[cols[i].col] : "";
        int hl = xlsx_lines(h, cols[i].width);
        if (hl > hlines) hlines = hl;
        char *c = text_sanitize(h);
        worksheet_write_string(ws, PRINT_TOP, (lxw_col_t)i, c ? c : "", l->phead);
        free(c);
    }
    xlsx_fit_row(ws, PRINT_TOP, hlines);
    l->prow = -1;
    return KS_OK;
}

/* The 印刷用 sheet's cell of data column col in the current row (NULL when the column is not printed there); keeps
   the row as tall as its cells' wrapped lines. */
static int print_col(xlsx_list *l, int col, const char *text)
{
    if (!l->pws || col < 0 || col >= XLSX_MAX_COLS || !l->pcol[col]) return -1;
    int pc = l->pcol[col] - 1;
    long prow = PRINT_TOP + l->row;
    if (prow != l->prow) {
        l->prow = prow;
        l->plines = 1;
    }
    int lines = text ? xlsx_lines(text, l->pwidth[pc]) : 1;
    if (lines > l->plines) {
        l->plines = lines;
        xlsx_fit_row(l->pws, (int)prow, lines);
    }
    return pc;
}

static void text_clean(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, char *clean, lxw_format *f);

void xlsx_list_text(xlsx_list *l, int col, const char *s)
{
    xlsx_ctx *x = &l->x;
    bool wraps = col >= 0 && col < XLSX_MAX_COLS && x->fixed[col] > 0;
    /* cleaned once for both sheets */
    char *clean = xlsx_clean(s);
    if (clean) text_clean(x, l->ws, (int)l->row, col, clean, wraps ? x->wrap : NULL);
    if (wraps) {   /* a wrapped column of the data sheet: the row as tall as its lines */
        if (l->drow != l->row) {
            l->drow = l->row;
            l->dlines = 1;
        }
        int lines = xlsx_lines(s, x->fixed[col]);
        if (lines > l->dlines) {
            l->dlines = lines;
            xlsx_fit_row(l->ws, (int)l->row, lines);
        }
    }
    int pc = clean ? print_col(l, col, clean) : -1;
    if (pc >= 0) {
        if (*clean) worksheet_write_string(l->pws, (lxw_row_t)(PRINT_TOP + l->row), (lxw_col_t)pc, clean, l->pcell);
        else worksheet_write_blank(l->pws, (lxw_row_t)(PRINT_TOP + l->row), (lxw_col_t)pc, l->pcell);
    }
    free(clean);
}

void xlsx_list_date(xlsx_list *l, int col, const char *iso)
{
    xlsx_date(&l->x, l->ws, (int)l->row, col, iso, l->x.datec);
    int pc = print_col(l, col, NULL);
    if (pc < 0) return;
    kdate d;
    if (iso && *iso && date_parse(iso, &d) && strlen(iso) == 10) {
        lxw_datetime dt = {d.y, d.m, d.d, 0, 0, 0};
        worksheet_write_datetime(l->pws, (lxw_row_t)(PRINT_TOP + l->row), (lxw_col_t)pc, &dt, l->pdate);
    } else {
        /* not a date (a value imported as it was): its text, wrapped */
        char *clean = xlsx_clean(iso);
        print_col(l, col, clean ? clean : "");
        if (clean && *clean)
            worksheet_write_string(l->pws, (lxw_row_t)(PRINT_TOP + l->row), (lxw_col_t)pc, clean, l->pcell);
        else worksheet_write_blank(l->pws, (lxw_row_t)(PRINT_TOP + l->row), (lxw_col_t)pc, l->pcell);
        free(clean);
    }
}

void xlsx_list_number(xlsx_list *l, int col, double v)
{
    xlsx_number(&l->x, l->ws, (int)l->row, col, v, l->x.number);
    int pc = print_col(l, col, NULL);
    if (pc >= 0) worksheet_write_number(l->pws, (lxw_row_t)(PRINT_TOP + l->row), (lxw_col_t)pc, v, l->pnum);
}

int xlsx_list_next(xlsx_list *l)
{
    ++l->row;
    /* the end (done == total) is said once, by xlsx_list_end */
    if (l->row < l->total) kumo_progress(l->x.k, l->what, l->row, l->total);
    return (int)l->row;
}

kstatus xlsx_list_end(xlsx_list *l, int ncols, kstatus s, size_t *rows)
{
    kumo_progress(l->x.k, l->what, l->row, l->row);
    if (s) {
        if (!*kumo_last_error(l->x.k)) kumo_fail(l->x.k, s, NULL);
        xlsx_finish(&l->x, false);
        return s;
    }
    xlsx_apply_widths(&l->x, l->ws, ncols);
    s = xlsx_finish(&l->x, true);
    if (!s && rows) *rows = (size_t)l->row;
    return s;
}

void xlsx_print_setup(xlsx_ctx *x, lxw_worksheet *ws, bool landscape, int title_rows)
{
    worksheet_set_paper(ws, 9); /* A4 */
    if (landscape) worksheet_set_landscape(ws);
    else worksheet_set_portrait(ws);
    worksheet_fit_to_pages(ws, 1, 0); /* one page wide, as many pages down as needed */
    worksheet_set_default_row(ws, XLSX_LINE_PT, LXW_FALSE);
    worksheet_set_margins(ws, XLSX_MARGIN_SIDE, XLSX_MARGIN_SIDE, XLSX_MARGIN_TOP, XLSX_MARGIN_BOTTOM);
    worksheet_center_horizontally(ws);
    char footer[300];
    if (*x->head) snprintf(footer, sizeof footer, "&L&8監査証跡 %s&R&P / &N", x->head);
    else snprintf(footer, sizeof footer, "&C&P / &N");
    worksheet_set_footer(ws, footer);
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

/* xlsx_text of a value already cleaned (xlsx_clean). */
static void text_clean(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, char *clean, lxw_format *f)
{
    if (col >= 0 && col < XLSX_MAX_COLS) {
        for (char *p = clean, *nl;; p = nl + 1) {   /* the widest line */
            nl = strchr(p, '\n');
            if (nl) *nl = 0;
            int w = text_width(p);
            if (nl) *nl = '\n';
            if (w > x->widths[col]) x->widths[col] = w;
            if (!nl) break;
        }
    }
    if (*clean) worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, clean, f);
    else if (f) worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, f);
}

void xlsx_text(xlsx_ctx *x, lxw_worksheet *ws, int row, int col, const char *s, lxw_format *f)
{
    char *clean = xlsx_clean(s);
    if (!clean) return;
    text_clean(x, ws, row, col, clean, f);
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
    worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, v, f ? f : x->number);
    if (col >= 0 && col < XLSX_MAX_COLS && x->widths[col] < 8) x->widths[col] = 8;
}

void xlsx_wrap_column(xlsx_ctx *x, int col, double width)
{
    if (col >= 0 && col < XLSX_MAX_COLS) x->fixed[col] = width;
}

void xlsx_apply_widths(xlsx_ctx *x, lxw_worksheet *ws, int ncols)
{
    for (int c = 0; c < ncols && c < XLSX_MAX_COLS; c++) {
        if (x->fixed[c] > 0) {
            worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, x->fixed[c], NULL);
            continue;
        }
        int w = x->widths[c] + 2;
        if (w < 8) w = 8;
        if (w > 60) w = 60;
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
    }
}
