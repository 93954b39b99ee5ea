#include "forms/answers_file.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/csvrows.h"
#include "forms/text.h"

#define BOM "\xEF\xBB\xBF"

enum { COL_CODE, COL_ANSWER, COL_NOTE, COL_TEXT, NCOLS };
static const char *const COLUMNS[NCOLS] = {"code", "answer", "note", "text"};

static int fail(char *err, size_t errsz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errsz, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errsz, fmt, ap);
    va_end(ap);
    text_trim_partial(err);
    return -1;
}

/* Parses the text line by line so that each record knows the line it begins on (libcsv counts bytes only). */
static int parse_rows(const char *text, size_t n, csv_rows *rows, char *err, size_t errsz)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) return fail(err, errsz, "メモリが不足しています");
    long line = 1;
    int rc = 0;
    for (size_t pos = 0; pos < n && !rc;) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) + 1 : n - pos;
        if (p.pstate == 0) rows->start_line = line;   /* ROW_NOT_BEGUN: this line begins a record */
        if (csv_parse(&p, text + pos, len, csv_rows_field, csv_rows_end, rows) != len)
            rc = fail(err, errsz, "%ld 行目: 引用符（\"）の使い方が正しくありません（値の中の \" は \"\" と書き、値全体を \" で囲みます）",
                      line);
        pos += len;
        line++;
    }
    if (!rc && csv_fini(&p, csv_rows_field, csv_rows_end, rows) != 0)
        rc = fail(err, errsz, "%ld 行目: 引用符（\"）が閉じられていません（ファイルの終わりまで続いています）",
                  rows->start_line);
    csv_free(&p);
    if (!rc && rows->oom) rc = fail(err, errsz, "メモリが不足しています");
    return rc;
}

/* A value as kept: the line ends Excel writes inside a quoted cell (CR LF) become LF. */
static void drop_cr(char *v)
{
    char *o = v;
    for (const char *p = v; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n')) *o++ = *p;
    *o = 0;
}

/* A cell a spreadsheet would run as a formula begins with one of these. */
static bool formula_start(char c) { return c == '=' || c == '+' || c == '-' || c == '@'; }

/* A value as written, without the ' that answers_file_write puts before a formula's first character. */
static const char *unguard(const char *v) { return v[0] == '\'' && formula_start(v[1]) ? v + 1 : v; }

/* Trims ASCII spaces and tabs from both ends, in place (a code or an answer typed with a space around it). */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) len--;
    s[len] = 0;
    return s;
}

static bool known_answer(const char *a)
{
    if (!*a) return true;
    for (const char *const *p = CK_ANSWERS; *p; p++)
        if (!strcmp(*p, a)) return true;
    return false;
}

/* The header: the column names in any order; code and answer required, note and text optional, nothing else. */
static int read_header(const csv_row *h, int col[NCOLS], char *err, size_t errsz)
{
    for (int c = 0; c < NCOLS; c++) col[c] = -1;
    for (size_t j = 0; j < h->n; j++) {
        const char *name = trim(h->f[j]);
        int c = 0;
        while (c < NCOLS && strcmp(name, COLUMNS[c])) c++;
        if (c == NCOLS || col[c] >= 0) {
            char *clean = text_sanitize(name);
            int rc = fail(err, errsz,
                          "%ld 行目（見出し）: 列「%s」は%s。見出しは code,answer,note（note・text は省略可）にしてください",
                          h->line, clean ? clean : "", c == NCOLS ? "使えません" : "二度あります");
            free(clean);
            return rc;
        }
        col[c] = (int)j;
    }
    if (col[COL_CODE] < 0 || col[COL_ANSWER] < 0)
        return fail(err, errsz, "%ld 行目（見出し）: 列 code と answer が必要です。見出しは code,answer,note にしてください",
                    h->line);
    return 0;
}

/* The value of column c in row r (owned by the row, edited in place), or NULL when the row is shorter. */
static char *cell(const csv_row *r, int c) { return c >= 0 && (size_t)c < r->n ? r->f[c] : NULL; }

/* Checks one row's values (ncols: the header's) and fills out; -1 with the message otherwise. */
static int read_row(const csv_row *r, size_t ncols, const int col[NCOLS], ck_answer *out, char *err, size_t errsz)
{
    if (r->n > ncols)
        return fail(err, errsz, "%ld 行目: 値が見出しより多くあります（値に , を含めるときは \" で囲みます）", r->line);
    char empty[NCOLS][1] = {{0}};
    char *v[NCOLS];
    for (int c = 0; c < NCOLS; c++) {
        v[c] = cell(r, col[c]);
        if (!v[c]) v[c] = empty[c];
        drop_cr(v[c]);
        if (c != COL_NOTE && c != COL_TEXT) v[c] = trim(v[c]);
        text_problem tp = text_check(v[c], 0, c == COL_NOTE || c == COL_TEXT);
        if (tp != TEXT_OK) {
            char label[64], msg[320];
            snprintf(label, sizeof label, "%ld 行目の %s", r->line, COLUMNS[c]);
            text_problem_msg(tp, label, v[c], 0, msg, sizeof msg);
            return fail(err, errsz, "%s%s", msg,
                        tp == TEXT_BAD_UTF8 ? "（UTF-8 で保存してください。Excel では「CSV UTF-8」）" : "");
        }
    }
    if (!*v[COL_CODE]) return fail(err, errsz, "%ld 行目: code（確認事項の番号）がありません", r->line);
    if (!known_answer(v[COL_ANSWER])) {
        char shown[96];
        text_fit(shown, sizeof shown, v[COL_ANSWER], 20, false);
        return fail(err, errsz, "%ld 行目（%s）: answer は 適合・不適合・該当なし のいずれか（未回答は空欄）です（入力: %s）",
                    r->line, v[COL_CODE], shown);
    }
    *out = (ck_answer){0};
    out->code = strdup(v[COL_CODE]);
    out->answer = strdup(v[COL_ANSWER]);
    /* a note written by answers_file_write with the ' that keeps a spreadsheet from taking it for a formula */
    out->note = strdup(unguard(v[COL_NOTE]));
    out->section = strdup("");
    out->text = strdup(unguard(v[COL_TEXT]));   /* the item's text as the file was made with it, or "" */
    out->reason = strdup("");
    if (!out->code || !out->answer || !out->note || !out->section || !out->text || !out->reason) {
        checklist_answer_clear(out);
        *out = (ck_answer){0};
        return fail(err, errsz, "メモリが不足しています");
    }
    return 0;
}

int answers_file_parse(const char *text, size_t n, ck_answer **out, size_t *count, char *err, size_t errsz)
{
    *out = NULL;
    *count = 0;
    if (n >= 3 && !memcmp(text, BOM, 3)) {
        text += 3;
        n -= 3;
    }
    if (memchr(text, 0, n)) return fail(err, errsz, "回答ファイルに NUL 文字があります（CSV のテキストファイルを指定してください）");
    csv_rows rows = {0};
    if (parse_rows(text, n, &rows, err, errsz)) {
        csv_rows_clear(&rows);
        return -1;
    }
    if (rows.n == 0) {
        csv_rows_clear(&rows);
        return fail(err, errsz, "回答ファイルが空です（1行目に見出し code,answer,note が必要です）");
    }
    if (rows.n - 1 > ANSWERS_FILE_MAX_ROWS) {
        csv_rows_clear(&rows);
        return fail(err, errsz, "回答が多すぎます（%d 行まで）", ANSWERS_FILE_MAX_ROWS);
    }
    int col[NCOLS];
    ck_answer *v = calloc(rows.n, sizeof *v);
    int rc = v ? read_header(&rows.rows[0], col, err, errsz) : fail(err, errsz, "メモリが不足しています");
    size_t k = 0;
    for (size_t i = 1; i < rows.n && !rc; i++) {
        rc = read_row(&rows.rows[i], rows.rows[0].n, col, &v[k], err, errsz);
        for (size_t j = 0; j < k && !rc; j++)
            if (!strcmp(v[j].code, v[k].code))
                rc = fail(err, errsz, "%ld 行目: 確認事項 %s の回答が二度あります（%ld 行目にもあります）",
                          rows.rows[i].line, v[k].code, rows.rows[j + 1].line);
        if (!rc) k++;
        else if (v[k].code) checklist_answer_clear(&v[k]);
    }
    csv_rows_clear(&rows);
    if (rc) {
        checklist_answers_free(&v, k);
        return -1;
    }
    for (size_t i = 0; i < k; i++) v[i].no = (int)i + 1;
    *out = v;
    *count = k;
    return 0;
}

int answers_file_read(const char *path, ck_answer **out, size_t *count, char *err, size_t errsz)
{
    *out = NULL;
    *count = 0;
    char *shown = text_sanitize(path);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        int e = errno;
        fail(err, errsz, "回答ファイル %s を開けません（%s）", shown ? shown : "", e == ENOENT ? "ファイルがありません" : strerror(e));
        free(shown);
        return -2;
    }
    char *buf = malloc(ANSWERS_FILE_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, ANSWERS_FILE_MAX_BYTES + 1, fp) : 0;
    int rc = 0;
    if (!buf) rc = fail(err, errsz, "メモリが不足しています");
    else if (ferror(fp)) rc = fail(err, errsz, "回答ファイル %s を読めません（%s）", shown ? shown : "", strerror(errno)) - 1;
    else if (n > ANSWERS_FILE_MAX_BYTES) rc = fail(err, errsz, "回答ファイル %s は大きすぎます（1MB まで）", shown ? shown : "");
    fclose(fp);
    if (!rc) {
        char msg[512];
        rc = answers_file_parse(buf, n, out, count, msg, sizeof msg);
        if (rc) fail(err, errsz, "回答ファイル %s: %s", shown ? shown : "", msg);
    }
    free(buf);
    free(shown);
    return rc;
}

/* One value through libcsv (always quoted); a note a spreadsheet would take for a formula gets a ' first, inside
   the quotes. */
static bool write_cell(FILE *fp, const char *v, bool guard)
{
    v = v ? v : "";
    size_t len = strlen(v);
    if (!guard || !formula_start(v[0])) return csv_fwrite(fp, v, len) == 0;
    char *q = malloc(len + 2);
    if (!q) return false;
    q[0] = '\'';
    memcpy(q + 1, v, len + 1);
    bool ok = csv_fwrite(fp, q, len + 1) == 0;
    free(q);
    return ok;
}

int answers_file_write(FILE *fp, const ck_answer *v, size_t n)
{
    bool ok = fputs("code,answer,note,text\n", fp) != EOF;
    for (size_t i = 0; i < n && ok; i++) {
        ok = write_cell(fp, v[i].code, false) && fputc(',', fp) != EOF && write_cell(fp, v[i].answer, false) &&
             fputc(',', fp) != EOF && write_cell(fp, v[i].note, true) && fputc(',', fp) != EOF &&
             write_cell(fp, v[i].text, true) && fputc('\n', fp) != EOF;
    }
    return ok ? 0 : -1;
}
