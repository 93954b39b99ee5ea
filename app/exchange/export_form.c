/* One application as its printable クラウドサービス利用申請書兼許可書: a sheet laid out like the paper form (申請 half,
   許可 half), the 確認事項 with every answer, and the 履歴. A4 portrait, one page wide, 和暦 dates on real date cells. */
#include "app/exchange/export_form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange/xlsx.h"
#include "app/internal.h"
#include "app/policy.h"
#include "app/workflow.h"
#include "forms/clock.h"
#include "forms/text.h"

#define FORM_SHEET "申請書兼許可書"
#define CK_SHEET "確認事項"
#define HIST_SHEET "履歴"

/* Widths of the form sheet, in '0' characters: section marker, label, value. */
#define W_MARK 5
#define W_LABEL 30
#define W_VALUE 62

typedef struct form_fmt {
    lxw_format *title, *org, *mark, *label, *value, *date, *number, *cell, *cellnum, *celldt;
} form_fmt;

static lxw_format *bordered(lxw_workbook *wb)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void make_formats(xlsx_ctx *x, form_fmt *f)
{
    lxw_workbook *wb = x->wb;
    f->title = workbook_add_format(wb);
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    f->org = workbook_add_format(wb);
    format_set_align(f->org, LXW_ALIGN_RIGHT);
    f->mark = bordered(wb);
    format_set_bold(f->mark);
    format_set_align(f->mark, LXW_ALIGN_CENTER);
    format_set_rotation(f->mark, 270); /* 縦書き (letters top to bottom), as on the paper form */
    format_set_bg_color(f->mark, 0xDDEBF7);
    f->label = bordered(wb);
    format_set_bg_color(f->label, 0xF2F2F2);
    format_set_text_wrap(f->label);
    f->value = bordered(wb);
    format_set_text_wrap(f->value);
    format_set_num_format(f->value, "@");
    f->date = bordered(wb);
    format_set_num_format(f->date, "[<=43585][$-411]ggge\"年\"m\"月\"d\"日\";[>=43831][$-411]ggge\"年\"m\"月\"d\"日\";"
                                   "\"令和元年\"m\"月\"d\"日\"");
    format_set_align(f->date, LXW_ALIGN_LEFT);
    f->number = bordered(wb);
    format_set_align(f->number, LXW_ALIGN_LEFT);
    format_set_num_format(f->number, "#,##0\"人\"");
    f->cell = bordered(wb);
    format_set_text_wrap(f->cell);
    format_set_align(f->cell, LXW_ALIGN_VERTICAL_TOP);
    f->cellnum = bordered(wb);
    format_set_align(f->cellnum, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(f->cellnum, LXW_ALIGN_CENTER);
    f->celldt = bordered(wb);
    format_set_align(f->celldt, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(f->celldt, LXW_ALIGN_LEFT);
    format_set_num_format(f->celldt, "yyyy/mm/dd hh:mm");
}

/* Lines a wrapped value takes in a column `cols` wide (Japanese counts 2): rows are given a height to match,
   since neither Excel nor LibreOffice grows a row for text written by a program. */
static int wrapped_lines(const char *s, int cols)
{
    if (!s || !*s) return 1;
    int lines = 0;
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *one = strndup(p, len);
        int w = one ? text_width(one) : (int)len;
        free(one);
        int avail = cols > 4 ? cols - 2 : 2;
        lines += w ? (w + avail - 1) / avail : 1;
        if (!nl) break;
        p = nl + 1;
    }
    return lines < 1 ? 1 : lines;
}

static void fit_row(lxw_worksheet *ws, int row, int lines)
{
    if (lines > 1) worksheet_set_row(ws, (lxw_row_t)row, lines > 27 ? 409 : 15.0 * lines, NULL);
}

/* One labelled line of the form: text, a real date shown in 和暦, or a number. */
typedef enum vkind { V_TEXT, V_DATE, V_NUMBER } vkind;

static void form_line(xlsx_ctx *x, lxw_worksheet *ws, const form_fmt *f, int row, const char *label,
                      const char *value, vkind kind)
{
    xlsx_text(x, ws, row, 1, label, f->label);
    const char *v = value ? value : "";
    kdate d;
    char *end = NULL;
    long n = 0;
    if (kind == V_DATE && *v && date_parse(v, &d)) {
        xlsx_date(x, ws, row, 2, v, f->date);
        return;
    }
    if (kind == V_NUMBER && *v && ((n = strtol(v, &end, 10)), end && !*end)) {
        worksheet_write_number(ws, (lxw_row_t)row, 2, (double)n, f->number);
        return;
    }
    xlsx_text(x, ws, row, 2, v, f->value);
    int lines = wrapped_lines(v, W_VALUE);
    int llines = wrapped_lines(label, W_LABEL);
    fit_row(ws, row, lines > llines ? lines : llines);
}

/* The vertical marker (申請 / 許可) down the left of a half of the form. */
static void form_mark(lxw_worksheet *ws, const form_fmt *f, int first, int last, const char *text)
{
    if (last > first) worksheet_merge_range(ws, (lxw_row_t)first, 0, (lxw_row_t)last, 0, text, f->mark);
    else worksheet_write_string(ws, (lxw_row_t)first, 0, text, f->mark);
}

static kstatus form_sheet(xlsx_ctx *x, const form_fmt *f, const kapp *a, const ck_answer *ans, size_t nans)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, FORM_SHEET);
    if (!ws) return KS_ERROR;
    xlsx_print_setup(x, ws, false, 2);
    worksheet_set_column(ws, 0, 0, W_MARK, NULL);
    worksheet_set_column(ws, 1, 1, W_LABEL, NULL);
    worksheet_set_column(ws, 2, 2, W_VALUE, NULL);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    worksheet_set_row(ws, 0, 30, NULL);
    worksheet_merge_range(ws, 0, 0, 0, 2, "クラウドサービス利用申請書兼許可書", f->title);
    char *org = text_sanitize(x->k->org);
    worksheet_merge_range(ws, 1, 0, 1, 2, org && *org ? org : "", f->org);
    free(org);

    int row = 3, first = row;
    form_track t = form_track_from_code(a->track);
    form_line(x, ws, f, row++, "申請番号", a->app_no, V_TEXT);
    form_line(x, ws, f, row++, "申請日", a->applied_on, V_DATE);
    form_line(x, ws, f, row++, "申請区分", a->v[FF_KIND], V_TEXT);
    form_line(x, ws, f, row++, "区分（手続）", t == TRACK_NONE ? "" : form_track_label(t), V_TEXT);
    form_line(x, ws, f, row++, "申請部局", a->dept_name, V_TEXT);
    form_line(x, ws, f, row++, "申請課", a->v[FF_SECTION], V_TEXT);
    form_line(x, ws, f, row++, "申請者", a->applicant_name, V_TEXT);
    form_line(x, ws, f, row++, "連絡先", a->v[FF_CONTACT], V_TEXT);
    for (int i = FF_SERVICE_NAME; i < FF_COUNT; i++) {
        const field_def *d = form_field_def((form_field)i);
        const char *v = a->v[i];
        if (i == FF_END && (!v || !*v)) v = "未定";
        vkind k = d->type == FT_DATE ? V_DATE : d->type == FT_INT ? V_NUMBER : V_TEXT;
        form_line(x, ws, f, row++, d->label, v, k);
    }
    form_mark(ws, f, first, row - 1, "申　請");

    row++;
    first = row;
    bool approved = !strcmp(a->state, "approved");
    form_line(x, ws, f, row++, "審査結果", a->decision, V_TEXT);
    form_line(x, ws, f, row++, "審査意見・条件", a->decision_comment, V_TEXT);
    form_line(x, ws, f, row++, "承認日", approved ? a->decided_on : "", V_DATE);
    form_line(x, ws, f, row++, "承認番号", a->approval_no, V_TEXT);
    form_line(x, ws, f, row++, "許可権限者", a->decided_by_name, V_TEXT);
    form_line(x, ws, f, row++, "指名するクラウドサービス管理者", a->manager_name, V_TEXT);
    form_line(x, ws, f, row++, "次回利用状況確認期限", a->next_review_due, V_DATE);
    form_mark(ws, f, first, row - 1, "許　可");

    row++;
    size_t answered = 0, missing = 0, nonconf = 0;
    checklist_progress(ans, nans, &answered, &missing, &nonconf);
    size_t na = 0;
    for (size_t i = 0; i < nans; i++) na += ans[i].answer && !strcmp(ans[i].answer, "該当なし");
    char summary[512];
    if (nans)
        snprintf(summary, sizeof summary, "別紙「確認事項」のとおり（%s %s版、%zu項目: 適合 %zu・不適合 %zu・該当なし %zu・未回答 %zu）",
                 a->ck_name, a->ck_version, nans, answered - nonconf - na, nonconf, na, nans - answered);
    else
        snprintf(summary, sizeof summary, "（確認事項なし）");
    form_line(x, ws, f, row++, "クラウドサービス利用申請時確認事項", summary, V_TEXT);
    worksheet_print_area(ws, 0, 0, (lxw_row_t)(row - 1), 2);
    return KS_OK;
}

static const char *const CK_HEADERS[] = {"No", "番号", "区分", "確認事項", "必須", "回答", "確認内容・対策", "不適合の理由"};
static const int CK_WIDTHS[] = {5, 9, 14, 46, 6, 10, 36, 12};
#define CK_COLS 8

static kstatus checklist_sheet(xlsx_ctx *x, const form_fmt *f, const kapp *a, const ck_answer *ans, size_t n)
{
    lxw_worksheet *ws = xlsx_list_sheet(x, CK_SHEET, CK_HEADERS, CK_COLS, (long)n);
    if (!ws) return KS_ERROR;
    char header[300];
    snprintf(header, sizeof header, "&L申請番号 %s&R%s", *a->app_no ? a->app_no : "（未提出）", CK_SHEET);
    worksheet_set_header(ws, header);
    for (int c = 0; c < CK_COLS; c++) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, CK_WIDTHS[c], NULL);
    for (size_t i = 0; i < n; i++) {
        const ck_answer *q = &ans[i];
        int r = (int)i + 1;
        worksheet_write_number(ws, (lxw_row_t)r, 0, q->no, f->cellnum);
        xlsx_text(x, ws, r, 1, q->code, f->cell);
        xlsx_text(x, ws, r, 2, q->section, f->cell);
        xlsx_text(x, ws, r, 3, q->text, f->cell);
        xlsx_text(x, ws, r, 4, q->required ? "必須" : "", f->cell);
        xlsx_text(x, ws, r, 5, q->answer && *q->answer ? q->answer : "未回答", f->cell);
        xlsx_text(x, ws, r, 6, q->note, f->cell);
        xlsx_text(x, ws, r, 7, checklist_reason_label(q->reason), f->cell);
        int lines = wrapped_lines(q->text, CK_WIDTHS[3]);
        int l2 = wrapped_lines(q->note, CK_WIDTHS[6]), l3 = wrapped_lines(q->section, CK_WIDTHS[2]);
        if (l2 > lines) lines = l2;
        if (l3 > lines) lines = l3;
        fit_row(ws, r, lines);
    }
    return KS_OK;
}

static const char *const HIST_HEADERS[] = {"日時", "操作者", "操作", "変更前", "変更後", "コメント"};
static const int HIST_WIDTHS[] = {27, 14, 12, 9, 9, 60};
#define HIST_COLS 6

/* 日時 formats by the offset of the stamp (db_now): the cell stays a date-time and shows its zone,
   2026/11/23 10:00:00 +09:00, so the 履歴 reads the same in any office. */
typedef struct stamp_fmts {
    char off[8][8];
    lxw_format *fmt[8];
    int n;
} stamp_fmts;

static lxw_format *stamp_format(xlsx_ctx *x, const form_fmt *f, stamp_fmts *c, const char *stamp)
{
    const char *off = clock_stamp_offset(stamp);
    if (!*off) return f->celldt;   /* a stamp from before 0.2 has no offset */
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->off[i], off)) return c->fmt[i];
    if (c->n == 8) return f->celldt;
    lxw_format *nf = bordered(x->wb);
    format_set_align(nf, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(nf, LXW_ALIGN_LEFT);
    char num[48];
    snprintf(num, sizeof num, "yyyy/mm/dd hh:mm:ss \"%.6s\"", off);
    format_set_num_format(nf, num);
    snprintf(c->off[c->n], sizeof c->off[0], "%.6s", off);
    c->fmt[c->n++] = nf;
    return nf;
}

static kstatus history_sheet(xlsx_ctx *x, const form_fmt *f, const kapp *a)
{
    khist *h = NULL;
    size_t n = 0;
    kstatus s = db_history_list(x->k->db, a->id, 0, &h, &n);
    if (s) return kumo_fail(x->k, s, NULL);
    lxw_worksheet *ws = xlsx_list_sheet(x, HIST_SHEET, HIST_HEADERS, HIST_COLS, (long)n);
    if (!ws) {
        khist_free(&h, n);
        return KS_ERROR;
    }
    for (int c = 0; c < HIST_COLS; c++) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, HIST_WIDTHS[c], NULL);
    stamp_fmts sf = {.n = 0};
    for (size_t i = 0; i < n; i++) {
        int r = (int)i + 1;
        xlsx_datetime(x, ws, r, 0, h[i].at, stamp_format(x, f, &sf, h[i].at));
        xlsx_text(x, ws, r, 1, h[i].user, f->cell);
        xlsx_text(x, ws, r, 2, h[i].action, f->cell);
        xlsx_text(x, ws, r, 3, *h[i].from_state ? state_label(h[i].from_state) : "", f->cell);
        xlsx_text(x, ws, r, 4, *h[i].to_state ? state_label(h[i].to_state) : "", f->cell);
        xlsx_text(x, ws, r, 5, h[i].comment, f->cell);
        fit_row(ws, r, wrapped_lines(h[i].comment, HIST_WIDTHS[5]));
    }
    khist_free(&h, n);
    return KS_OK;
}

kstatus export_form_xlsx(kumo *k, const kapp *a, const char *path)
{
    kumo_step(k);
    if (!kumo_check(k, ACT_VIEW, a)) return KS_DENIED;
    ck_answer *ans = NULL;
    size_t n = 0;
    kstatus s = db_answers_load(k->db, a->id, &ans, &n);
    if (s) return kumo_fail(k, s, NULL);
    char title[128];
    snprintf(title, sizeof title, "クラウドサービス利用申請書兼許可書%s%s", *a->app_no ? " " : "", a->app_no);
    xlsx_ctx x;
    /* a handful of rows: normal mode, which the merged cells of the paper layout need */
    s = xlsx_begin(k, &x, path, title, false);
    if (s) {
        checklist_answers_free(&ans, n);
        return s;
    }
    form_fmt f;
    make_formats(&x, &f);
    s = form_sheet(&x, &f, a, ans, n);
    if (!s) s = checklist_sheet(&x, &f, a, ans, n);
    if (!s) s = history_sheet(&x, &f, a);
    checklist_answers_free(&ans, n);
    if (s) {
        if (!*k->err) kumo_fail(k, s, NULL);
        xlsx_finish(&x, false);
        return s;
    }
    return xlsx_finish(&x, true);
}
