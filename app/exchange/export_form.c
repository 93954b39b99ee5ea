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

/* Columns of the form sheet, in '0' characters: the 縦書き marker (申請 / 許可), the label, and three columns that the
   value spans (the signature blocks and the 決裁・受付欄 use them apart). About 90 in all: A4 portrait one page
   wide at about 85 %. */
#define W_MARK 4
#define W_LABEL 26
static const double W_VAL[3] = {22, 14, 24};
#define W_VALUE (W_VAL[0] + W_VAL[1] + W_VAL[2])
#define C_LAST 4

#define RED 0xC00000
/* The form's page header is one line (申請番号, the marking): the top margin of a paper form. */
#define FORM_MARGIN_TOP 0.6

typedef struct form_fmt {
    lxw_format *title, *plain, *right, *mark, *label, *value, *date, *number, *cell, *cellnum, *celldt;
    lxw_format *status, *statement, *sigdate, *siglabel, *sigvalue, *boxhead, *box, *small;
} form_fmt;

static lxw_format *bordered(xlsx_ctx *x)
{
    lxw_format *f = xlsx_format(x);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

#define WAREKI_FMT "[<=43585][$-411]ggge\"年\"m\"月\"d\"日\";[>=43831][$-411]ggge\"年\"m\"月\"d\"日\";\"令和元年\"m\"月\"d\"日\""

static void make_formats(xlsx_ctx *x, form_fmt *f)
{
    f->title = xlsx_format(x);
    format_set_bold(f->title);
    format_set_font_size(f->title, 16);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
    f->plain = xlsx_format(x);
    format_set_align(f->plain, LXW_ALIGN_VERTICAL_CENTER);
    f->right = xlsx_format(x);
    format_set_align(f->right, LXW_ALIGN_RIGHT);
    format_set_align(f->right, LXW_ALIGN_VERTICAL_CENTER);
    f->small = xlsx_format(x);
    format_set_font_size(f->small, 9);
    format_set_text_wrap(f->small);
    format_set_align(f->small, LXW_ALIGN_VERTICAL_TOP);
    f->status = xlsx_format(x);   /* 下書き（未承認）: red, bold, boxed, across the page */
    format_set_bold(f->status);
    format_set_font_size(f->status, 16);
    format_set_font_color(f->status, RED);
    format_set_border(f->status, LXW_BORDER_MEDIUM);
    format_set_border_color(f->status, RED);
    format_set_align(f->status, LXW_ALIGN_CENTER);
    format_set_align(f->status, LXW_ALIGN_VERTICAL_CENTER);
    f->statement = xlsx_format(x);
    format_set_align(f->statement, LXW_ALIGN_VERTICAL_CENTER);
    format_set_indent(f->statement, 1);
    f->sigdate = xlsx_format(x);
    format_set_num_format(f->sigdate, WAREKI_FMT);
    format_set_align(f->sigdate, LXW_ALIGN_CENTER);
    format_set_align(f->sigdate, LXW_ALIGN_VERTICAL_CENTER);
    f->siglabel = xlsx_format(x);
    format_set_align(f->siglabel, LXW_ALIGN_RIGHT);
    format_set_align(f->siglabel, LXW_ALIGN_VERTICAL_CENTER);
    f->sigvalue = xlsx_format(x);
    format_set_bottom(f->sigvalue, LXW_BORDER_HAIR);
    format_set_text_wrap(f->sigvalue);
    format_set_align(f->sigvalue, LXW_ALIGN_VERTICAL_CENTER);
    format_set_num_format(f->sigvalue, "@");
    f->boxhead = bordered(x);
    format_set_align(f->boxhead, LXW_ALIGN_CENTER);
    format_set_bg_color(f->boxhead, 0xF2F2F2);
    format_set_text_wrap(f->boxhead);
    f->box = bordered(x);
    format_set_align(f->box, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->box);
    f->mark = bordered(x);
    format_set_bold(f->mark);
    format_set_align(f->mark, LXW_ALIGN_CENTER);
    format_set_rotation(f->mark, 270); /* 縦書き (letters top to bottom), as on the paper form */
    format_set_bg_color(f->mark, 0xDDEBF7);
    f->label = bordered(x);
    format_set_bg_color(f->label, 0xF2F2F2);
    format_set_text_wrap(f->label);
    f->value = bordered(x);
    format_set_text_wrap(f->value);
    format_set_num_format(f->value, "@");
    f->date = bordered(x);
    format_set_num_format(f->date, WAREKI_FMT);
    format_set_align(f->date, LXW_ALIGN_LEFT);
    f->number = bordered(x);
    format_set_align(f->number, LXW_ALIGN_LEFT);
    format_set_num_format(f->number, "#,##0\"人\"");
    f->cell = bordered(x);
    format_set_text_wrap(f->cell);
    format_set_align(f->cell, LXW_ALIGN_VERTICAL_TOP);
    f->cellnum = bordered(x);
    format_set_align(f->cellnum, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(f->cellnum, LXW_ALIGN_CENTER);
    f->celldt = bordered(x);
    format_set_align(f->celldt, LXW_ALIGN_VERTICAL_TOP);
    format_set_align(f->celldt, LXW_ALIGN_LEFT);
    format_set_num_format(f->celldt, "yyyy/mm/dd hh:mm");
}

/* What the form says about itself when it is not an approval: a 下書き, an application still 申請中, a 差戻し or a
   却下 must not pass for a permit on paper. NULL for an approved application. */
static const char *status_marking(const kapp *a)
{
    if (!strcmp(a->state, "approved")) return NULL;
    if (!strcmp(a->state, "draft")) return "下書き（未承認）";
    if (!strcmp(a->state, "submitted")) return "申請中（未承認）";
    if (!strcmp(a->state, "returned")) return "差戻し（未承認）";
    if (!strcmp(a->state, "rejected")) return "却下（不許可）";
    static char other[64];
    snprintf(other, sizeof other, "%s（未承認）", state_label(a->state));
    return other;
}

/* The page header of each sheet of the form: the 申請番号 on the left, the marking of a form that is not an approval
   in red in the centre, the sheet on the right. */
static void form_header(lxw_worksheet *ws, const kapp *a, const char *sheet)
{
    char header[400];
    const char *mark = status_marking(a);
    char *no = text_sanitize(*a->app_no ? a->app_no : "（未提出）");
    snprintf(header, sizeof header, "&L申請番号 %s%s%s%s&R%s", no ? no : "", mark ? "&C&B&14&KC00000" : "",
             mark ? mark : "", mark ? "&B" : "", sheet);
    free(no);
    worksheet_set_header(ws, header);
}

/* The form sheet being written: its rows' heights are kept to place the page break. */
#define FORM_MAX_ROWS 200
typedef struct form_page {
    xlsx_ctx *x;
    const form_fmt *f;
    lxw_worksheet *ws;
    double h[FORM_MAX_ROWS];   /* 0: the default row */
} form_page;

static void set_height(form_page *p, int row, double h)
{
    worksheet_set_row(p->ws, (lxw_row_t)row, h, NULL);
    if (row >= 0 && row < FORM_MAX_ROWS) p->h[row] = h;
}

/* The value of a row, spread over the value columns (C to E). */
static void merged_text(xlsx_ctx *x, lxw_worksheet *ws, int row, const char *v, lxw_format *f)
{
    char *clean = xlsx_clean(v);
    worksheet_merge_range(ws, (lxw_row_t)row, 2, (lxw_row_t)row, C_LAST, clean ? clean : "", f);
    free(clean);
    (void)x;
}

/* One labelled line of the form: text, a real date shown in 和暦, or a number. */
typedef enum vkind { V_TEXT, V_DATE, V_NUMBER } vkind;

static void form_line(form_page *p, int row, const char *label, const char *value, vkind kind)
{
    xlsx_ctx *x = p->x;
    lxw_worksheet *ws = p->ws;
    const form_fmt *f = p->f;
    xlsx_text(x, ws, row, 1, label, f->label);
    const char *v = value ? value : "";
    kdate d;
    char *end = NULL;
    long n = 0;
    int lines = xlsx_lines(label, W_LABEL);
    if (kind == V_DATE && *v && date_parse(v, &d)) {
        worksheet_merge_range(ws, (lxw_row_t)row, 2, (lxw_row_t)row, C_LAST, "", f->date);
        xlsx_date(x, ws, row, 2, v, f->date);
    } else if (kind == V_NUMBER && *v && ((n = strtol(v, &end, 10)), end && !*end)) {
        worksheet_merge_range(ws, (lxw_row_t)row, 2, (lxw_row_t)row, C_LAST, "", f->number);
        worksheet_write_number(ws, (lxw_row_t)row, 2, (double)n, f->number);
    } else {
        merged_text(x, ws, row, v, f->value);
        int vl = xlsx_lines(v, W_VALUE);
        if (vl > lines) lines = vl;
    }
    set_height(p, row, xlsx_row_height(lines) + 2);   /* a little air inside the ruled box */
}

/* The vertical marker (申請 / 許可) down the left of a half of the form. */
static void form_mark(lxw_worksheet *ws, const form_fmt *f, int first, int last, const char *text)
{
    if (last > first) worksheet_merge_range(ws, (lxw_row_t)first, 0, (lxw_row_t)last, 0, text, f->mark);
    else worksheet_write_string(ws, (lxw_row_t)first, 0, text, f->mark);
}

/* A date of a signature block: a real date in 和暦, or blanks to write it in by hand. */
static void sig_date(form_page *p, int row, const char *iso)
{
    kdate d;
    if (iso && *iso && date_parse(iso, &d)) xlsx_date(p->x, p->ws, row, 2, iso, p->f->sigdate);
    else worksheet_write_string(p->ws, (lxw_row_t)row, 2, "令和　　年　　月　　日", p->f->sigdate);
}

/* One line of a signature block: 所属 / 職名 / 氏名 and its value. */
static int sig_line(form_page *p, int row, const char *label, const char *v)
{
    worksheet_write_string(p->ws, (lxw_row_t)row, 3, label, p->f->siglabel);
    xlsx_text(p->x, p->ws, row, 4, v && *v ? v : " ", p->f->sigvalue);
    int lines = xlsx_lines(v, W_VAL[2]);
    set_height(p, row, xlsx_row_height(lines) + 4);
    return row + 1;
}

/* Who filed it and who decides it, as the policy says (003 §4(4)①②, 004 §8-4(2)): the 宛先 and each signatory's
   capacity. */
typedef struct signatories {
    char to[200];            /* 統括情報セキュリティ責任者　様 */
    char applicant_as[96];   /* 情報セキュリティ責任者 / 職員等 */
    char decider_as[96];     /* 統括情報セキュリティ責任者 / 情報セキュリティ責任者 */
} signatories;

static void find_signatories(kumo *k, const kapp *a, signatories *s)
{
    kuser applicant = {.role = ROLE_NONE}, decider = {.role = ROLE_NONE};
    bool have_applicant = a->applicant_id && db_user_by_id(k->db, a->applicant_id, &applicant) == KS_OK;
    bool have_decider = a->decided_by && db_user_by_id(k->db, a->decided_by, &decider) == KS_OK;
    /* an applicant whose account is gone: the track says who files (§8-3 the 情報セキュリティ責任者) */
    if (!have_applicant)
        applicant.role = form_track_from_code(a->track) == TRACK_84 ? ROLE_STAFF : ROLE_DEPT_HEAD;
    bool to_dept = policy_decided_in_dept(&applicant, a);
    if (to_dept) snprintf(s->to, sizeof s->to, "%s 情報セキュリティ責任者　様", a->dept_name);
    else snprintf(s->to, sizeof s->to, "%s　様", role_label(ROLE_APPROVER));
    snprintf(s->applicant_as, sizeof s->applicant_as, "%s", role_label(applicant.role));
    /* the one who decided, in the capacity they held (a CISO may decide for the 統括); before that, the policy's */
    if (have_decider && decider.role != ROLE_NONE) snprintf(s->decider_as, sizeof s->decider_as, "%s", role_label(decider.role));
    else snprintf(s->decider_as, sizeof s->decider_as, "%s", to_dept ? role_label(ROLE_DEPT_HEAD) : role_label(ROLE_APPROVER));
}

/* The 許可文: what the decision says, or the choices of a paper form when there is none yet. */
static const char *permit_statement(const kapp *a, bool *decided)
{
    *decided = true;
    if (!strcmp(a->state, "approved"))
        return a->decision && !strcmp(a->decision, "条件付承認") ? "上記のとおり条件付で許可します。" : "上記のとおり許可します。";
    if (!strcmp(a->state, "rejected")) return "上記のとおり許可しません。";
    *decided = false;
    return "上記のとおり　許可します　・　条件付で許可します　・　許可しません";
}

/* One sheet of paper when it can be: a form up to a quarter longer than an A4 page is printed on one page, a little
   smaller; a longer one breaks before the 許可 half, so that the 許可 half, the 許可文, its signature and the
   受付・決裁欄 stay together on the page after the 申請. Excel's scale is one page wide (the columns' pixels: 8 a '0'
   and 5 more a column, at 96 dpi); LibreOffice's is smaller and fits more. */
static void keep_permit_together(form_page *p, int permit_first, int rows)
{
    const double page_w = (210.0 / 25.4 - 2 * XLSX_MARGIN_SIDE) * 72,
                 page_h = (297.0 / 25.4 - FORM_MARGIN_TOP - XLSX_MARGIN_BOTTOM) * 72;
    double cols_px = (W_MARK * 8 + 5) + (W_LABEL * 8 + 5);
    for (int c = 0; c < 3; c++) cols_px += W_VAL[c] * 8 + 5;
    double scale = page_w / (cols_px * 0.75);
    if (scale > 1) scale = 1;
    double total = 0;
    for (int r = 0; r < rows && r < FORM_MAX_ROWS; r++) total += p->h[r] > 0 ? p->h[r] : XLSX_LINE_PT;
    if (total * scale <= page_h) return;
    if (total * scale <= page_h * 1.25) {
        worksheet_fit_to_pages(p->ws, 1, 1);
        return;
    }
    static lxw_row_t breaks[2];
    breaks[0] = (lxw_row_t)permit_first;
    breaks[1] = 0;
    worksheet_set_h_pagebreaks(p->ws, breaks);
}

static kstatus form_sheet(xlsx_ctx *x, const form_fmt *f, const kapp *a, const ck_answer *ans, size_t nans)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, FORM_SHEET);
    if (!ws) return KS_ERROR;
    static form_page page;
    memset(&page, 0, sizeof page);
    form_page *p = &page;
    p->x = x;
    p->f = f;
    p->ws = ws;
    xlsx_print_setup(x, ws, false, 0);
    worksheet_set_margins(ws, XLSX_MARGIN_SIDE, XLSX_MARGIN_SIDE, FORM_MARGIN_TOP, XLSX_MARGIN_BOTTOM);
    form_header(ws, a, FORM_SHEET);
    worksheet_set_column(ws, 0, 0, W_MARK, NULL);
    worksheet_set_column(ws, 1, 1, W_LABEL, NULL);
    for (int c = 0; c < 3; c++) worksheet_set_column(ws, (lxw_col_t)(2 + c), (lxw_col_t)(2 + c), W_VAL[c], NULL);
    worksheet_gridlines(ws, LXW_HIDE_ALL_GRIDLINES);
    signatories who;
    find_signatories(x->k, a, &who);

    /* 様式番号 and 申請番号; the marking of a form that is not an approval; the title; the 宛先 */
    int row = 0;
    worksheet_merge_range(ws, 0, 0, 0, 1, "様式第1号（規定 §4(4)関係）", f->plain);
    char no[64];
    snprintf(no, sizeof no, "申請番号　%s", *a->app_no ? a->app_no : "（未提出）");
    char *cno = text_sanitize(no);
    worksheet_merge_range(ws, 0, 2, 0, C_LAST, cno ? cno : "", f->right);
    free(cno);
    row = 1;
    const char *mark = status_marking(a);
    if (mark) {
        char line[160];
        snprintf(line, sizeof line, "%s ― この様式は許可書として使えません", mark);
        set_height(p, row, 30);
        worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, C_LAST, line, f->status);
        row++;
    }
    set_height(p, row, 36);
    worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, C_LAST, "クラウドサービス利用申請書兼許可書", f->title);
    row++;
    set_height(p, row, 24);
    char *to = text_sanitize(who.to);
    worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, 2, to ? to : "", f->statement);
    free(to);
    char *org = text_sanitize(x->k->org);
    worksheet_merge_range(ws, (lxw_row_t)row, 3, (lxw_row_t)row, C_LAST, org && *org ? org : "", f->right);
    free(org);
    row += 2;

    /* the 申請 half */
    int first = row;
    form_track t = form_track_from_code(a->track);
    /* the 申請番号 heads the page, the 申請日 and the applicant (部局・課, 職名, 氏名) sign the 申請文 below */
    form_line(p, row++, "申請区分", a->v[FF_KIND], V_TEXT);
    form_line(p, row++, "区分（手続）", t == TRACK_NONE ? "" : form_track_label(t), V_TEXT);
    form_line(p, row++, "連絡先", a->v[FF_CONTACT], V_TEXT);
    for (int i = FF_SERVICE_NAME; i < FF_COUNT; i++) {
        const field_def *d = form_field_def((form_field)i);
        const char *v = a->v[i];
        /* 取扱制限 (004 §2(1)) is a line of the form where it was set (機密性3B・3C require it): an empty one would
           only push the 許可 half onto a second sheet */
        if (i == FF_HANDLING && (!v || !*v)) continue;
        if (i == FF_END && (!v || !*v)) v = "未定";
        vkind k = d->type == FT_DATE ? V_DATE : d->type == FT_INT ? V_NUMBER : V_TEXT;
        form_line(p, row++, d->label, v, k);
    }
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
    form_line(p, row++, "クラウドサービス利用申請時確認事項", summary, V_TEXT);
    form_mark(ws, f, first, row - 1, "申　請");

    /* the 申請文 and the applicant's signature: 申請日, 所属, 職名 (the capacity the policy names), 氏名 */
    set_height(p, row, 24);
    worksheet_merge_range(ws, (lxw_row_t)row, 1, (lxw_row_t)row, C_LAST, "上記のとおり申請します。", f->statement);
    row++;
    sig_date(p, row, a->applied_on);
    worksheet_write_string(ws, (lxw_row_t)row, 1, "", NULL);
    char dept[300];
    snprintf(dept, sizeof dept, "%s%s%s", a->dept_name, a->v[FF_SECTION] && *a->v[FF_SECTION] ? "　" : "",
             a->v[FF_SECTION] ? a->v[FF_SECTION] : "");
    row = sig_line(p, row, "申請者　所属", dept);
    row = sig_line(p, row, "職名", who.applicant_as);
    row = sig_line(p, row, "氏名", a->applicant_name);
    row++;

    /* the 許可 half */
    int permit_first = row;
    first = row;
    bool approved = !strcmp(a->state, "approved");
    form_line(p, row++, "審査結果", a->decision, V_TEXT);
    form_line(p, row++, "審査意見・条件", a->decision_comment, V_TEXT);
    form_line(p, row++, "承認日", approved ? a->decided_on : "", V_DATE);
    form_line(p, row++, "承認番号", a->approval_no, V_TEXT);
    form_line(p, row++, "許可権限者", a->decided_by_name, V_TEXT);
    form_line(p, row++, "指名するクラウドサービス管理者", a->manager_name, V_TEXT);
    form_line(p, row++, "次回利用状況確認期限", a->next_review_due, V_DATE);
    form_mark(ws, f, first, row - 1, "許　可");

    /* the 許可文 and the decider's signature */
    bool decided;
    const char *permit = permit_statement(a, &decided);
    set_height(p, row, 24);
    worksheet_merge_range(ws, (lxw_row_t)row, 1, (lxw_row_t)row, C_LAST, permit, f->statement);
    row++;
    sig_date(p, row, decided ? a->decided_on : "");
    row = sig_line(p, row, "許可権限者　職名", who.decider_as);
    row = sig_line(p, row, "氏名", decided ? a->decided_by_name : "");
    row++;

    /* 受付・決裁欄: boxes for the paper's path through the office */
    worksheet_merge_range(ws, (lxw_row_t)row, 1, (lxw_row_t)row, C_LAST, "受付・決裁欄", f->plain);
    row++;
    set_height(p, row, xlsx_row_height(1) + 4);
    worksheet_write_string(ws, (lxw_row_t)row, 1, "受付日", f->boxhead);
    worksheet_write_string(ws, (lxw_row_t)row, 2, "受付印", f->boxhead);
    char decide_head[160];
    snprintf(decide_head, sizeof decide_head, "決裁（%s）", who.decider_as);
    worksheet_merge_range(ws, (lxw_row_t)row, 3, (lxw_row_t)row, C_LAST, decide_head, f->boxhead);
    row++;
    set_height(p, row, 60);
    worksheet_write_string(ws, (lxw_row_t)row, 1, "令和　　年　　月　　日", f->box);
    worksheet_write_string(ws, (lxw_row_t)row, 2, "", f->box);
    worksheet_merge_range(ws, (lxw_row_t)row, 3, (lxw_row_t)row, C_LAST, "", f->box);
    row++;
    worksheet_print_area(ws, 0, 0, (lxw_row_t)(row - 1), C_LAST);
    keep_permit_together(p, permit_first, row);
    return KS_OK;
}

static const char *const CK_HEADERS[] = {"No", "番号", "区分", "確認事項", "必須", "回答", "確認内容・対策", "不適合の理由"};
/* about 110 in all: A4 portrait one page wide at about 80 % */
static const int CK_WIDTHS[] = {4, 8, 10, 40, 5, 7, 27, 9};
#define CK_COLS 8

/* The most lines a row's wrapped cells take (each in its column's width). */
static int row_lines(const char *const *cells, const int *widths, int n)
{
    int lines = 1;
    for (int c = 0; c < n; c++) {
        int l = cells[c] ? xlsx_lines(cells[c], widths[c]) : 1;
        if (l > lines) lines = l;
    }
    return lines;
}

static kstatus checklist_sheet(xlsx_ctx *x, const form_fmt *f, const kapp *a, const ck_answer *ans, size_t n)
{
    lxw_worksheet *ws = xlsx_list_sheet(x, CK_SHEET, CK_HEADERS, CK_COLS, (long)n);
    if (!ws) return KS_ERROR;
    worksheet_set_portrait(ws);
    form_header(ws, a, CK_SHEET);
    for (int c = 0; c < CK_COLS; c++) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, CK_WIDTHS[c], NULL);
    xlsx_fit_row(ws, 0, row_lines(CK_HEADERS, CK_WIDTHS, CK_COLS));
    for (size_t i = 0; i < n; i++) {
        const ck_answer *q = &ans[i];
        int r = (int)i + 1;
        const char *cells[CK_COLS] = {
            NULL, q->code, q->section, q->text, q->required ? "必須" : "",
            q->answer && *q->answer ? q->answer : "未回答", q->note, checklist_reason_label(q->reason),
        };
        worksheet_write_number(ws, (lxw_row_t)r, 0, q->no, f->cellnum);
        for (int c = 1; c < CK_COLS; c++) xlsx_text(x, ws, r, c, cells[c], f->cell);
        xlsx_fit_row(ws, r, row_lines(cells, CK_WIDTHS, CK_COLS));
    }
    return KS_OK;
}

static const char *const HIST_HEADERS[] = {"日時", "操作者", "操作", "変更前", "変更後", "コメント"};
static const int HIST_WIDTHS[] = {25, 12, 10, 8, 8, 45};
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
    lxw_format *nf = bordered(x);
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
    worksheet_set_portrait(ws);
    form_header(ws, a, HIST_SHEET);
    for (int c = 0; c < HIST_COLS; c++) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, HIST_WIDTHS[c], NULL);
    stamp_fmts sf = {.n = 0};
    for (size_t i = 0; i < n; i++) {
        int r = (int)i + 1;
        const char *cells[HIST_COLS] = {
            NULL, h[i].user, h[i].action, *h[i].from_state ? state_label(h[i].from_state) : "",
            *h[i].to_state ? state_label(h[i].to_state) : "", h[i].comment,
        };
        xlsx_datetime(x, ws, r, 0, h[i].at, stamp_format(x, f, &sf, h[i].at));
        for (int c = 1; c < HIST_COLS; c++) xlsx_text(x, ws, r, c, cells[c], f->cell);
        xlsx_fit_row(ws, r, row_lines(cells, HIST_WIDTHS, HIST_COLS));
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
