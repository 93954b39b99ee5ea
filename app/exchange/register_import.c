/* The import of a register kept in Excel: the file read (BOM, CP932 or UTF-8), parsed with libcsv line by line,
   its header matched to the register's columns, every row checked and compared with what is registered, and the
   new rows written in one transaction (kumo_tx_begin/kumo_tx_end) only when every row is good. */
#include "app/exchange/register_import.h"

#include <csv.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange/cp932.h"
#include "app/exchange/register.h"
#include "app/exchange/register_csv.h"
#include "app/internal.h"
#include "app/privilege.h"
#include "app/policy.h"
#include "forms/csvrows.h"
#include "forms/digest.h"
#include "forms/text.h"

#define BOM "\xEF\xBB\xBF"
#define MAX_IMPORT_BYTES (512L * 1024 * 1024)

csv_encoding csv_detect_encoding(const char *buf, size_t n)
{
    if (n >= 3 && !memcmp(buf, BOM, 3)) return CSV_ENC_UTF8;
    if (text_valid_utf8(buf, n)) return CSV_ENC_UTF8;
    /* a UTF-8 file with a stray bad byte still has its header in UTF-8: report the byte, do not guess CP932 */
    const char *nl = memchr(buf, '\n', n);
    size_t hl = nl ? (size_t)(nl - buf) : n;
    if (text_valid_utf8(buf, hl)) {
        for (int c = 0; c < REGISTER_COLS; c++) {
            const char *h = REGISTER_COLUMNS[c].header;
            if (memmem(buf, hl, h, strlen(h))) return CSV_ENC_UTF8;
        }
    }
    return CSV_ENC_CP932;
}

/* ---- import: the report ---- */

static void rep_add(import_report *r, long line, import_level level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void rep_add(import_report *r, long line, import_level level, const char *fmt, ...)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        import_msg *v = realloc(r->msgs, cap * sizeof *v);
        if (!v) return;
        r->msgs = v;
        r->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int rc = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (rc < 0) return;
    r->msgs[r->n] = (import_msg){.line = line, .level = level, .text = text, .seq = r->n};
    r->n++;
}

void import_report_free(import_report *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) free(r->msgs[i].text);
    free(r->msgs);
    memset(r, 0, sizeof *r);
}

void import_report_summary(const import_report *r, char *out, size_t n)
{
    if (r->bad_rows)
        snprintf(out, n, "誤りのある行が %zu 行あるため、何も書き込んでいません（%zu 行を確認）", r->bad_rows, r->rows);
    else
        snprintf(out, n, "%s %zu件、既に登録済み（スキップ） %zu件、部局の作成 %zu件、管理者の作成 %zu件（%zu 行を確認）",
                 r->written ? "取込" : "取込予定", r->added, r->skipped, r->depts_created, r->users_created, r->rows);
}

void import_report_print(const import_report *r, FILE *out)
{
    for (size_t i = 0; i < r->n; i++) {
        if (r->msgs[i].level == IMP_ADD && !r->dry_run) continue;
        fprintf(out, "%s\n", r->msgs[i].text);
    }
    char sum[512];
    import_report_summary(r, sum, sizeof sum);
    fprintf(out, "%s\n", sum);
    if (r->dry_run) fprintf(out, "（ドライラン: 書き込みは行っていません）\n");
}

/* ---- import: reading the file ---- */

/* Parses UTF-8 CSV text line by line so that every record knows the line it starts on (libcsv reports only
   byte offsets). Returns false on broken quoting, with the message added to the report. */
static bool parse_csv(const char *text, size_t n, csv_rows *rd, import_report *rep)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) {
        rep_add(rep, 0, IMP_ERROR, "CSV を読む準備ができません（メモリ不足）");
        return false;
    }
    long line = 1;
    size_t pos = 0;
    bool ok = true;
    while (pos < n && ok) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        size_t len = nl ? (size_t)(nl - (text + pos)) + 1 : n - pos;
        if (p.pstate == 0) rd->start_line = line; /* ROW_NOT_BEGUN: this line begins a record */
        if (csv_parse(&p, text + pos, len, csv_rows_field, csv_rows_end, rd) != len) {
            rep_add(rep, line, IMP_ERROR,
                    "行 %ld: 引用符（\"）の使い方が正しくありません（値の中の \" は \"\" と書き、値全体を \" で囲みます）",
                    line);
            ok = false;
        }
        pos += len;
        line++;
    }
    if (ok && csv_fini(&p, csv_rows_field, csv_rows_end, rd) != 0) {
        rep_add(rep, rd->start_line, IMP_ERROR, "行 %ld: 引用符（\"）が閉じられていません（ファイルの終わりまで続いています）",
                rd->start_line);
        ok = false;
    }
    csv_free(&p);
    if (rd->oom) {
        rep_add(rep, 0, IMP_ERROR, "メモリが不足して CSV を読めません");
        ok = false;
    }
    return ok;
}

static char *read_file(kumo *k, const char *path, size_t *n)
{
    /* the user's file, opened with the user's own rights (never the group's of a privileged run) */
    if (!priv_user_begin()) {
        kumo_fail(k, KS_ERROR, "利用者の権限に切り替えられないため %s を開きません", path);
        return NULL;
    }
    FILE *fp = fopen(path, "rb");
    int err = errno;
    priv_user_end();
    if (!fp) {
        kumo_fail(k, KS_IO, "%s を開けません（%s）", path,
                  err == ENOENT ? "ファイルがありません" : err == EACCES || err == EPERM ? "読む権限がありません" : kumo_io_reason(err));
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            if (cap >= (size_t)MAX_IMPORT_BYTES) {
                kumo_fail(k, KS_INVALID, "%s は大きすぎます（512MB まで）", path);
                free(buf);
                buf = NULL;
                break;
            }
            char *g = realloc(buf, cap * 2);
            if (!g) { free(buf); buf = NULL; kumo_fail(k, KS_NOMEM, NULL); break; }
            buf = g;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, fp);
        len += got;
        if (got == 0) {
            if (ferror(fp)) {
                kumo_fail(k, KS_IO, "%s を読めません（%s）", path, kumo_io_reason(errno));
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    fclose(fp);
    if (buf) {
        buf[len] = 0;
        *n = len;
    }
    return buf;
}

/* ---- import: the columns ---- */

static const struct { const char *alias; register_col col; } HEADER_ALIASES[] = {
    {"名称", RC_NAME}, {"サービス名", RC_NAME}, {"サービス提供者", RC_PROVIDER}, {"提供者（事業者名）", RC_PROVIDER},
    {"事業者名", RC_PROVIDER}, {"利用部局", RC_DEPT}, {"利用終了日", RC_END}, {"利用終了予定日", RC_END},
    {"利用終了日又は予定日", RC_END}, {"管理者", RC_MANAGER}, {"次回利用状況確認期限", RC_DUE},
};
static const bool REQUIRED[REGISTER_COLS] = {[RC_NAME] = true, [RC_DEPT] = true, [RC_CONF] = true,
                                             [RC_APPROVED] = true, [RC_START] = true};

/* Trims ASCII and ideographic spaces (U+3000) from both ends, in place. */
static char *trim(char *s)
{
    for (;;) {
        if (*s == ' ') s++;
        else if (!strncmp(s, "\u3000", 3)) s += 3;
        else break;
    }
    size_t n = strlen(s);
    for (;;) {
        if (n && s[n - 1] == ' ') n--;
        else if (n >= 3 && !strncmp(s + n - 3, "\u3000", 3)) n -= 3;
        else break;
    }
    s[n] = 0;
    return s;
}

/* A header as typed: full-width parentheses made ASCII, spaces dropped. */
static void header_key(const char *h, char *out, size_t n)
{
    size_t j = 0;
    for (const char *p = h; *p && j + 4 < n;) {
        if (!strncmp(p, "（", 3)) { out[j++] = '('; p += 3; }
        else if (!strncmp(p, "）", 3)) { out[j++] = ')'; p += 3; }
        else if (!strncmp(p, "\u3000", 3)) p += 3;
        else if (*p == ' ') p++;
        else out[j++] = *p++;
    }
    out[j] = 0;
}

static int header_col(const char *h)
{
    char key[256], k2[256];
    header_key(h, key, sizeof key);
    for (int c = 0; c < REGISTER_COLS; c++) {
        header_key(REGISTER_COLUMNS[c].header, k2, sizeof k2);
        if (!strcmp(key, k2)) return c;
    }
    for (size_t i = 0; i < sizeof HEADER_ALIASES / sizeof HEADER_ALIASES[0]; i++) {
        header_key(HEADER_ALIASES[i].alias, k2, sizeof k2);
        if (!strcmp(key, k2)) return (int)HEADER_ALIASES[i].col;
    }
    return -1;
}

/* ---- import: one row ---- */

typedef struct seq_cache {
    char prefix[16];
    int next;
} seq_cache;

typedef struct importer {
    kumo *k;
    const import_opts *o;
    import_report *r;
    int map[REGISTER_COLS];   /* column index in the file of each register column, -1 = absent */
    size_t ncols;             /* columns in the header */
    const char *file;         /* base name, for the history comment */
    char sha256[DIGEST_HEX_SIZE];   /* of the file as read, for the audit record */
    char today[11];
    kdate day;                /* today, as the register's cells want it */
    int interval;
    int next_login;
    seq_cache *seqs;
    size_t nseqs;
    bool row_bad;
} importer;

/* A row's values after checking, ready to compare or insert. */
typedef struct row_vals {
    long line;
    char *v[REGISTER_COLS];
    bool terminated;
    bool build_pending;     /* 状態 構築確認待ち */
} row_vals;

static void rowvals_free(row_vals *rv)
{
    for (int c = 0; c < REGISTER_COLS; c++) free(rv->v[c]);
    memset(rv, 0, sizeof *rv);
}

#define COL(c) REGISTER_COLUMNS[c].header

static void row_error(importer *im, long line, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void row_error(importer *im, long line, int col, const char *fmt, ...)
{
    char *msg = NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = vasprintf(&msg, fmt, ap);   /* whole: a fixed buffer cut long values inside a character */
    va_end(ap);
    const char *m = rc < 0 ? "メモリが不足しています" : msg;
    if (col >= 0) rep_add(im->r, line, IMP_ERROR, "行 %ld 列「%s」: %s", line, COL(col), m);
    else rep_add(im->r, line, IMP_ERROR, "行 %ld: %s", line, m);
    if (rc >= 0) free(msg);
    im->row_bad = true;
}

/* A bad value as the report shows it: sanitised and clipped to 40 columns (a whole paragraph in a date column is
   not repeated in full). */
#define SHOWN_MAX 200
static const char *shown_value(const char *v, char out[SHOWN_MAX])
{
    text_fit(out, SHOWN_MAX, v, 40, false);
    return out;
}

/* Checks text with the one check of typed text (forms/text.h) and that it fits `bytes` of the record. */
static bool check_text(importer *im, long line, int col, const char *v, int max_chars, size_t bytes)
{
    switch (text_check(v, (size_t)max_chars, false)) {
    case TEXT_BAD_UTF8:
        row_error(im, line, col, "UTF-8 として正しくないバイトが含まれています（ファイルの文字コードを確認してください）");
        return false;
    case TEXT_CONTROL:
        row_error(im, line, col, "改行・タブなどの制御文字は使えません");
        return false;
    case TEXT_TOO_LONG:
        row_error(im, line, col, "%d文字以内で入力してください（%zu文字）", max_chars, text_chars(v));
        return false;
    case TEXT_OK:
        break;
    }
    if (strlen(v) >= bytes) {
        row_error(im, line, col, "長すぎます（%zuバイト、%zuバイト未満にしてください）", strlen(v), bytes);
        return false;
    }
    return true;
}

/* A date as YYYY-MM-DD or YYYY/M/D (as Excel shows it); normalised in place to YYYY-MM-DD. */
static bool check_date(importer *im, long line, int col, char **v)
{
    kdate d;
    if (!**v) return true;
    if (!text_valid_utf8(*v, strlen(*v)) || !date_parse(*v, &d)) {
        char shown[SHOWN_MAX];
        row_error(im, line, col, "「%s」は実在する日付ではありません（YYYY-MM-DD 又は YYYY/M/D で入力してください）",
                  shown_value(*v, shown));
        return false;
    }
    char iso[11];
    date_format(d, iso, sizeof iso);
    free(*v);
    *v = strdup(iso);
    return *v != NULL;
}

/* 機密性: 1, 2, 3C, 3B (full-width and lower case accepted); 3A is refused by rule. */
static bool check_conf(importer *im, long line, char **v)
{
    char buf[16];
    size_t j = 0;
    const unsigned char *p = (const unsigned char *)*v;
    if (!strncmp(*v, "機密性", strlen("機密性"))) p += strlen("機密性");
    while (*p && j + 1 < sizeof buf) {
        if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) { buf[j++] = (char)('0' + p[2] - 0x90); p += 3; }
        else if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0xA1 && p[2] <= 0xBA) { buf[j++] = (char)('A' + p[2] - 0xA1); p += 3; }
        else if (p[0] == 0xEF && p[1] == 0xBD && p[2] >= 0x81 && p[2] <= 0x9A) { buf[j++] = (char)('A' + p[2] - 0x81); p += 3; }
        else if (*p >= 'a' && *p <= 'z') { buf[j++] = (char)(*p - 'a' + 'A'); p++; }
        else buf[j++] = (char)*p++;
    }
    buf[j] = 0;
    if (!strcmp(buf, "3A")) {
        row_error(im, line, RC_CONF, "%s", FORM_RULE_3A);
        return false;
    }
    if (*p || (strcmp(buf, "1") && strcmp(buf, "2") && strcmp(buf, "3C") && strcmp(buf, "3B"))) {
        char shown[SHOWN_MAX];
        row_error(im, line, RC_CONF, "「%s」は機密性の区分ではありません（1・2・3C・3B のいずれか）", shown_value(*v, shown));
        return false;
    }
    free(*v);
    *v = strdup(buf);
    return *v != NULL;
}

/* Reads and checks the values of one record; false if any is bad (each reported). */
static bool read_row(importer *im, const csv_row *row, row_vals *rv)
{
    long line = row->line;
    rv->line = line;
    if (row->n > im->ncols) {
        for (size_t j = im->ncols; j < row->n; j++)
            if (*trim(row->f[j])) {
                /* the values are shifted: checking them column by column would only add noise */
                row_error(im, line, -1, "値の数（%zu）が見出しの列数（%zu）より多くなっています（値の中の , は \" で囲んでください）",
                          row->n, im->ncols);
                return false;
            }
    }
    for (int c = 0; c < REGISTER_COLS; c++) {
        int j = im->map[c];
        char none[1] = "";
        char *raw = j >= 0 && (size_t)j < row->n ? row->f[j] : none;
        rv->v[c] = csv_unneutralize(trim(raw));
        if (!rv->v[c]) {
            row_error(im, line, c, "メモリが不足しています");
            return false;
        }
    }
    bool ok = !im->row_bad;
    for (int c = 0; c < REGISTER_COLS; c++)
        if (REQUIRED[c] && !*rv->v[c]) {
            row_error(im, line, c, "必須の項目です。値を入力してください");
            ok = false;
        }
    if (*rv->v[RC_NO]) ok &= check_text(im, line, RC_NO, rv->v[RC_NO], 23, 24);
    if (*rv->v[RC_NAME]) ok &= check_text(im, line, RC_NAME, rv->v[RC_NAME], 80, sizeof ((kservice *)0)->name);
    ok &= check_text(im, line, RC_PROVIDER, rv->v[RC_PROVIDER], 80, sizeof ((kservice *)0)->provider);
    if (*rv->v[RC_DEPT]) ok &= check_text(im, line, RC_DEPT, rv->v[RC_DEPT], 40, sizeof ((kdept *)0)->name);
    ok &= check_text(im, line, RC_MANAGER, rv->v[RC_MANAGER], 40, sizeof ((kuser *)0)->name);
    if (*rv->v[RC_CONF]) ok &= check_conf(im, line, &rv->v[RC_CONF]);
    ok &= check_date(im, line, RC_APPROVED, &rv->v[RC_APPROVED]);
    ok &= check_date(im, line, RC_START, &rv->v[RC_START]);
    bool end_ok = check_date(im, line, RC_END, &rv->v[RC_END]);
    ok &= end_ok;
    ok &= check_date(im, line, RC_DUE, &rv->v[RC_DUE]);
    if (end_ok && *rv->v[RC_END] && *rv->v[RC_START] && strcmp(rv->v[RC_END], rv->v[RC_START]) < 0 &&
        date_parse(rv->v[RC_START], NULL)) {
        row_error(im, line, RC_END, "利用終了日（%s）が利用開始日（%s）より前です", rv->v[RC_END], rv->v[RC_START]);
        ok = false;
    }
    const char *st = rv->v[RC_STATUS];
    /* 終了予定: a 終了連絡 accepted ahead of its 終了日 (the service ends on that day) */
    if (!strcmp(st, "終了") || !strcmp(st, "終了予定")) rv->terminated = true;
    else if (!strcmp(st, "構築確認待ち")) rv->build_pending = true;   /* approved, 導入・構築時確認 still to come */
    else if (*st && strcmp(st, "承認済") && strcmp(st, "利用中") && strcmp(st, "要対応")) {
        if (text_valid_utf8(st, strlen(st))) {
            char shown[SHOWN_MAX];
            row_error(im, line, RC_STATUS, "「%s」は状態ではありません（構築確認待ち・承認済・利用中・要対応・終了予定・終了 のいずれか、又は空欄）",
                      shown_value(st, shown));
        } else {
            row_error(im, line, RC_STATUS, "UTF-8 として正しくないバイトが含まれています（ファイルの文字コードを確認してください）");
        }
        ok = false;
    }
    return ok;
}

static kstatus find_or_create_dept(importer *im, long line, const char *name, int64_t *id)
{
    kstatus s = db_dept_find(im->k->db, name, id);
    if (s != KS_NOTFOUND) return s;
    if (!im->o->create_missing) {
        row_error(im, line, RC_DEPT, "部局「%s」がありません（--create-missing で作成）", name);
        return KS_INVALID;
    }
    s = db_dept_add(im->k->db, name, id);
    if (s) return s;
    kumo_audit_touch(im->k, AK_DEPARTMENT, *id);
    im->r->depts_created++;
    rep_add(im->r, line, IMP_NOTE, "行 %ld 列「部局」: 部局「%s」を作成します", line, name);
    return KS_OK;
}

static kstatus find_or_create_manager(importer *im, long line, const char *name, int64_t dept_id, kuser *out)
{
    kstatus s = db_user_by_name(im->k->db, name, out);
    if (s == KS_OK) {
        if (!policy_may_manage(out)) {
            row_error(im, line, RC_MANAGER, "「%s」（%s）はクラウドサービス管理者に指名できません（監査・システム管理者は指名できません）",
                      name, role_label(out->role));
            return KS_INVALID;
        }
        return KS_OK;
    }
    if (s != KS_NOTFOUND) return s;
    if (!im->o->create_missing) {
        row_error(im, line, RC_MANAGER, "利用者「%s」がいません（--create-missing で作成）", name);
        return KS_INVALID;
    }
    memset(out, 0, sizeof *out);
    for (;;) {
        snprintf(out->login, sizeof out->login, "imported-%03d", ++im->next_login);
        kuser other;
        s = db_user_by_login(im->k->db, out->login, &other);
        if (s == KS_NOTFOUND) break;
        if (s) return s;
    }
    snprintf(out->name, sizeof out->name, "%s", name);
    out->role = ROLE_STAFF;   /* a manager named in the register, created as 職員等 */
    out->dept_id = dept_id;
    out->active = true;
    s = db_user_add(im->k->db, out, &out->id);
    if (s) return s;
    kumo_audit_touch(im->k, AK_USER, out->id);
    im->r->users_created++;
    rep_add(im->r, line, IMP_NOTE, "行 %ld 列「クラウドサービス管理者」: 利用者「%s」を作成します（ログイン名 %s、%s）", line,
            name, out->login, role_label(out->role));
    return KS_OK;
}

/* The first register column where the stored service differs from the row, or -1 when they are the same. */
static int differs(const importer *im, const row_vals *rv, const kservice *s, bool compare_no)
{
    const char *stored[REGISTER_COLS];
    register_cells(s, im->day, stored);
    for (int c = 0; c < REGISTER_COLS; c++) {
        if (c == RC_STATUS || (c == RC_NO && !compare_no)) continue;
        if (c == RC_DUE && !*rv->v[c]) continue; /* left empty: the stored one is as good */
        if (strcmp(rv->v[c], stored[c])) return c;
    }
    if (rv->terminated != !strcmp(s->status, "terminated")) return RC_STATUS;
    return -1;
}

static void say_skip(importer *im, const row_vals *rv, const kservice *s)
{
    im->r->skipped++;
    rep_add(im->r, rv->line, IMP_SKIP, "行 %ld: 既に登録済み（スキップ） %s「%s」", rv->line, s->approval_no, s->name);
}

static void say_conflict(importer *im, const row_vals *rv, const kservice *s, int col, bool by_no)
{
    const char *cells[REGISTER_COLS];
    register_cells(s, im->day, cells);
    /* the import knows 終了 or not: the stored 状態 is said the same way */
    const char *stored = col == RC_STATUS ? (strcmp(s->status, "terminated") ? "終了以外" : "終了") : cells[col];
    if (by_no)
        row_error(im, rv->line, RC_NO, "承認番号「%s」は別の内容で既に登録されています（%s: 登録済み「%s」、この行「%s」）",
                  s->approval_no, COL(col), stored, rv->v[col]);
    else
        row_error(im, rv->line, RC_NAME, "「%s」（提供者「%s」）は承認番号 %s で既に登録されています（%s: 登録済み「%s」、この行「%s」）",
                  s->name, s->provider, s->approval_no, COL(col), stored, rv->v[col]);
}

typedef struct same_ctx {
    const importer *im;
    const row_vals *rv;
    kservice *match;
    bool found;
} same_ctx;

static int same_ended(const kservice *s, void *p)
{
    same_ctx *c = p;
    if (strcmp(s->status, "terminated") || differs(c->im, c->rv, s, false) >= 0) return 0;
    *c->match = *s;
    c->found = true;
    return 1;
}

/* Duplicate check: 1 = already registered exactly (skip; *match is the stored one), 0 = new, -1 = a conflicting
   duplicate (reported) or a database error (*err). */
static int check_duplicate(importer *im, const row_vals *rv, kservice *match, kstatus *err)
{
    *err = KS_OK;
    if (*rv->v[RC_NO]) {
        kstatus st = db_service_by_no(im->k->db, rv->v[RC_NO], match);
        if (st == KS_OK) {
            int c = differs(im, rv, match, true);
            if (c < 0) return 1;
            say_conflict(im, rv, match, c, true);
            return -1;
        }
        if (st != KS_NOTFOUND) { *err = st; return -1; }
    }
    if (rv->terminated) {
        /* an ended service may share its name with the one that replaced it: only the very same row is a
           duplicate (a re-import of a file whose ended rows carry no 承認番号) */
        if (*rv->v[RC_NO]) return 0;
        same_ctx c = {.im = im, .rv = rv, .match = match};
        kservice_filter f = {.include_terminated = true, .search = rv->v[RC_NAME]};
        *err = db_service_each(im->k->db, &f, same_ended, &c);
        return *err ? -1 : c.found ? 1 : 0;
    }
    kstatus st = db_service_find(im->k->db, rv->v[RC_NAME], rv->v[RC_PROVIDER], match);
    if (st == KS_NOTFOUND) return 0;
    if (st) { *err = st; return -1; }
    int c = differs(im, rv, match, false);
    if (c < 0 && !*rv->v[RC_NO]) return 1;
    if (c < 0) c = RC_NO;
    say_conflict(im, rv, match, c, false);
    return -1;
}

static kstatus next_number(importer *im, const char *approved, char *out, size_t n)
{
    kdate d;
    date_parse(approved, &d);
    int fy = date_fiscal_year(d), r = date_reiwa_year(fy);
    char prefix[16];
    if (r > 0) snprintf(prefix, sizeof prefix, "AP-R%d-", r);
    else snprintf(prefix, sizeof prefix, "AP-%d-", fy);
    seq_cache *c = NULL;
    for (size_t i = 0; i < im->nseqs && !c; i++)
        if (!strcmp(im->seqs[i].prefix, prefix)) c = &im->seqs[i];
    if (!c) {
        seq_cache *v = realloc(im->seqs, (im->nseqs + 1) * sizeof *v);
        if (!v) return KS_NOMEM;
        im->seqs = v;
        c = &v[im->nseqs++];
        snprintf(c->prefix, sizeof c->prefix, "%s", prefix);
        kstatus s = db_service_next_seq(im->k->db, prefix, &c->next);
        if (s) return s;
    }
    snprintf(out, n, "%s%04d", prefix, c->next++);
    return KS_OK;
}

/* Writes one checked row (inside the import's transaction). */
static kstatus insert_row(importer *im, row_vals *rv)
{
    kservice sv = {0};
    kstatus s = find_or_create_dept(im, rv->line, rv->v[RC_DEPT], &sv.dept_id);
    if (s && s != KS_INVALID) return s;
    if (*rv->v[RC_MANAGER]) {
        /* checked even when the 部局 is unknown, so that the report names every missing thing at once */
        kuser m;
        kstatus ms = find_or_create_manager(im, rv->line, rv->v[RC_MANAGER], sv.dept_id, &m);
        if (ms) return ms;
        sv.manager_id = m.id;
    }
    if (s) return s;
    if (*rv->v[RC_NO]) snprintf(sv.approval_no, sizeof sv.approval_no, "%s", rv->v[RC_NO]);
    else if ((s = next_number(im, rv->v[RC_APPROVED], sv.approval_no, sizeof sv.approval_no))) return s;
    snprintf(sv.name, sizeof sv.name, "%s", rv->v[RC_NAME]);
    snprintf(sv.provider, sizeof sv.provider, "%s", rv->v[RC_PROVIDER]);
    snprintf(sv.conf, sizeof sv.conf, "%s", rv->v[RC_CONF]);
    snprintf(sv.approved_on, sizeof sv.approved_on, "%s", rv->v[RC_APPROVED]);
    snprintf(sv.start_date, sizeof sv.start_date, "%s", rv->v[RC_START]);
    snprintf(sv.end_date, sizeof sv.end_date, "%s", rv->v[RC_END]);
    if (*rv->v[RC_DUE]) {
        snprintf(sv.next_review_due, sizeof sv.next_review_due, "%s", rv->v[RC_DUE]);
    } else {
        kdate a;
        date_parse(rv->v[RC_APPROVED], &a);
        date_format(date_add_months(a, im->interval), sv.next_review_due, sizeof sv.next_review_due);
    }
    snprintf(sv.status, sizeof sv.status, "%s", rv->terminated ? "terminated" : "active");
    /* a service brought from a register kept elsewhere was put into use before kumo recorded its 導入・構築時確認,
       unless the register says it still waits for it */
    snprintf(sv.build_state, sizeof sv.build_state, "%s",
             form_track_of(sv.conf) != TRACK_83 ? "none" : rv->build_pending ? "pending" : "legacy");
    if (rv->terminated) snprintf(sv.terminated_on, sizeof sv.terminated_on, "%s", *rv->v[RC_END] ? rv->v[RC_END] : im->today);
    s = db_service_insert(im->k->db, &sv);
    if (s == KS_CONSTRAINT) {
        row_error(im, rv->line, RC_NO, "承認番号「%s」は既に使われています", sv.approval_no);
        return KS_INVALID;
    }
    if (s) return s;
    char note[512];
    snprintf(note, sizeof note, "CSV 取込（%s 行 %ld）", im->file, rv->line);
    kumo_audit_touch(im->k, AK_SERVICE, sv.id);
    kumo_audit_history(im->k, 0, sv.id, "", "", note);
    im->r->added++;
    rep_add(im->r, rv->line, IMP_ADD, "行 %ld: 取込%s %s「%s」（%s）", rv->line, im->o->dry_run ? "予定" : "",
            sv.approval_no, sv.name, rv->v[RC_DEPT]);
    return KS_OK;
}

/* Skips a row already registered, reports a conflicting one, or writes a new one (inside the import's
   transaction); a database error is returned, a bad row only counted. */
static kstatus place_row(importer *im, row_vals *rv)
{
    im->row_bad = false;
    kservice match;
    kstatus s = KS_OK;
    int dup = check_duplicate(im, rv, &match, &s);
    if (dup > 0) {
        say_skip(im, rv, &match);
    } else if (dup == 0 && !s) {
        s = insert_row(im, rv);
        if (s == KS_INVALID) s = KS_OK;
    }
    if (im->row_bad) im->r->bad_rows++;
    return s;
}

/* Runs every row: rows with their own 承認番号 first, so that numbers assigned to the others never collide. */
static kstatus import_rows(importer *im, csv_rows *rd)
{
    size_t first = 1;
    row_vals *deferred = calloc(rd->n ? rd->n : 1, sizeof *deferred);
    if (!deferred) return KS_NOMEM;
    size_t nd = 0;
    kstatus s = KS_OK;
    long long total = rd->n > first ? (long long)(rd->n - first) : 0;
    for (size_t i = first; i < rd->n && !s; i++) {
        kumo_progress(im->k, "台帳を取込中", (long long)(i - first), total);
        const csv_row *row = &rd->rows[i];
        bool empty = true;
        for (size_t j = 0; j < row->n && empty; j++) empty = !*trim(row->f[j]);
        if (empty) continue; /* a row Excel left with only commas */
        im->r->rows++;
        im->row_bad = false;
        row_vals rv = {0};
        if (!read_row(im, row, &rv) || im->row_bad) {
            im->r->bad_rows++;
            rowvals_free(&rv);
            continue;
        }
        if (!*rv.v[RC_NO]) {
            deferred[nd++] = rv;
            continue;
        }
        s = place_row(im, &rv);
        rowvals_free(&rv);
    }
    for (size_t i = 0; i < nd; i++) {
        if (!s) s = place_row(im, &deferred[i]);
        rowvals_free(&deferred[i]);
    }
    kumo_progress(im->k, "台帳を取込中", total, total);
    free(deferred);
    free(im->seqs);
    im->seqs = NULL;
    return s;
}

/* A header that is 承認番号 with something broken about it: the name inside other text (a stray BOM, a character
   Excel or a conversion added), or an invisible or replacement character in it. */
static bool damaged_number_header(const char *h)
{
    return strstr(h, COL(RC_NO)) || strstr(h, "\uFEFF") || strstr(h, "\uFFFD") || strstr(h, "\u200B");
}

/* Matches the header row; false (reported) when a required column is missing or named twice, or the 承認番号
   header is damaged. */
static bool match_header(importer *im, const csv_row *h)
{
    bool ok = true;
    int known = 0;
    for (int c = 0; c < REGISTER_COLS; c++) im->map[c] = -1;
    im->ncols = h->n;
    for (size_t j = 0; j < h->n; j++)
        if (!text_valid_utf8(h->f[j], strlen(h->f[j]))) {
            rep_add(im->r, h->line, IMP_ERROR,
                    "行 %ld: 見出し行に UTF-8 として正しくないバイトがあります（Excel の「CSV（コンマ区切り）」で保存した"
                    "ファイルなら --encoding cp932 又は auto で読み込んでください）",
                    h->line);
            return false;
        }
    size_t unknown = 0;
    char listed[512] = "";   /* the first unknown columns, for one line of the report */
    size_t listed_n = 0;
    for (size_t j = 0; j < h->n; j++) {
        char *name = trim(h->f[j]);
        if (!*name) continue;
        int c = header_col(name);
        char *shown = text_sanitize(name);
        if (c < 0 && damaged_number_header(name)) {
            /* without its 承認番号 column every row would be registered again under a new number */
            rep_add(im->r, h->line, IMP_ERROR,
                    "行 %ld: %zu列目の見出し「%s」は「%s」の列のようですが、見えない文字などで壊れています（見出しを「%s」に直してください）",
                    h->line, j + 1, shown ? shown : "", COL(RC_NO), COL(RC_NO));
            ok = false;
        } else if (c < 0) {
            /* said once for all of them: a header of a million columns is one line, not a million */
            if (unknown++ < 5) {
                size_t len = strlen(listed);
                snprintf(listed + len, sizeof listed - len, "%s「%s」", unknown > 1 ? "、" : "", shown ? shown : "");
                text_trim_partial(listed);
                listed_n = unknown;
            }
        } else if (im->map[c] >= 0) {
            rep_add(im->r, h->line, IMP_ERROR, "行 %ld: 列「%s」が2回あります（%zu列目と%zu列目）", h->line, COL(c),
                    (size_t)im->map[c] + 1, j + 1);
            ok = false;
        } else {
            im->map[c] = (int)j;
            known++;
        }
        free(shown);
    }
    if (unknown)
        rep_add(im->r, h->line, IMP_NOTE, "行 %ld: 台帳の列ではないため取り込まない列が %zu 列あります: %s%s", h->line, unknown,
                listed, unknown > listed_n ? " ほか" : "");
    if (!known) {
        rep_add(im->r, h->line, IMP_ERROR,
                "行 %ld: 見出し行に台帳の列名がありません（1行目は 承認番号,クラウドサービス名,… の見出しです。"
                "文字コード（--encoding）も確認してください）",
                h->line);
        return false;
    }
    for (int c = 0; c < REGISTER_COLS; c++)
        if (REQUIRED[c] && im->map[c] < 0) {
            rep_add(im->r, h->line, IMP_ERROR, "行 %ld: 見出し行に必須の列「%s」がありません", h->line, COL(c));
            ok = false;
        }
    return ok;
}

/* By line, and in the order said within a line (qsort is not stable: seq keeps it so). */
static int msg_cmp(const void *a, const void *b)
{
    const import_msg *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

kstatus import_register_csv(kumo *k, const char *path, const import_opts *o, import_report *r)
{
    kumo_step(k);
    memset(r, 0, sizeof *r);
    r->dry_run = o->dry_run;
    char why[256];
    if (!policy_may_import(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    size_t n = 0;
    char *raw = read_file(k, path, &n);
    if (!raw) return *k->err ? KS_IO : kumo_fail(k, KS_IO, NULL);
    char sha256[DIGEST_HEX_SIZE];   /* of the bytes as read, whatever their encoding */
    if (!digest_hex(raw, n, sha256)) {
        free(raw);
        return kumo_fail(k, KS_NOMEM, NULL);
    }

    /* the encoding: a BOM, else what was asked, else detected */
    char *text = raw;
    size_t tn = n;
    csv_encoding enc = o->encoding;
    bool bom = n >= 3 && !memcmp(raw, BOM, 3);
    if (n >= 2 && (!memcmp(raw, "\xFF\xFE", 2) || !memcmp(raw, "\xFE\xFF", 2))) {
        free(raw);
        return kumo_fail(k, KS_INVALID, "%s は UTF-16（Excel の「Unicode テキスト」）です。Excel で「CSV UTF-8（コンマ区切り）」"
                                        "又は「CSV（コンマ区切り）」として保存し直してください", path);
    }
    if (bom) enc = CSV_ENC_UTF8;
    else if (enc == CSV_ENC_AUTO) enc = csv_detect_encoding(raw, n);
    if (enc == CSV_ENC_CP932) {
        size_t bad = 0;
        text = cp932_to_utf8(raw, n, &tn, &bad);
        if (!text) {
            long line = 1;
            for (size_t i = 0; bad != (size_t)-1 && i < bad && i < n; i++) line += raw[i] == '\n';
            free(raw);
            if (bad == (size_t)-1) return kumo_fail(k, KS_NOMEM, NULL);
            rep_add(r, line, IMP_ERROR, "行 %ld: CP932（Shift_JIS）として読めないバイトがあります（UTF-8 でも CP932 でもないファイルです）",
                    line);
            r->bad_rows = 1;
            snprintf(r->encoding, sizeof r->encoding, "CP932");
            return kumo_fail(k, KS_INVALID, "%s の文字コードを読めません。何も書き込んでいません", path);
        }
        free(raw);
        raw = NULL;
        snprintf(r->encoding, sizeof r->encoding, "CP932");
    } else {
        if (bom) {
            text += 3;
            tn -= 3;
        }
        snprintf(r->encoding, sizeof r->encoding, "%s", bom ? "UTF-8（BOM付き）" : "UTF-8");
    }

    csv_rows rd = {0};
    bool parsed = parse_csv(text, tn, &rd, r);
    free(raw ? raw : text);
    kstatus s = KS_OK;
    importer im = {.k = k, .o = o, .r = r, .interval = kumo_review_interval(k)};
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s", path);
    im.file = basename(base);
    memcpy(im.sha256, sha256, sizeof im.sha256);
    im.day = date_today();
    date_format(im.day, im.today, sizeof im.today);
    if (rd.n == 0 && parsed) {
        rep_add(r, 1, IMP_ERROR, "行 1: 見出し行がありません（空のファイルです）");
        parsed = false;
    }
    bool header_ok = parsed && match_header(&im, &rd.rows[0]);
    if (!header_ok || !parsed) {
        if (!r->bad_rows) r->bad_rows = 1;
    } else {
        /* one transaction: kept only when every row is good and this is not a dry run */
        if (!(s = kumo_tx_begin(k))) {
            /* one audit record for the whole import: the file, its digest, and every row it wrote */
            kumo_audit(k, "取込", "import", 0, im.file, "");
            char c[600];
            snprintf(c, sizeof c, "CSV 取込 %s（SHA-256 %s）", im.file, im.sha256);
            kumo_audit_comment(k, c);
            s = import_rows(&im, &rd);
            if (!s) {
                char v[32];
                kumo_audit_change(k, "ファイル", "", im.file);
                kumo_audit_change(k, "SHA-256", "", im.sha256);
                kumo_audit_change(k, "文字コード", "", r->encoding);
                snprintf(v, sizeof v, "%zu", r->rows);
                kumo_audit_change(k, "データ行数", "", v);
                snprintf(v, sizeof v, "%zu", r->added);
                kumo_audit_change(k, "追加", "", v);
                snprintf(v, sizeof v, "%zu", r->skipped);
                kumo_audit_change(k, "登録済みのため省略", "", v);
                if (r->depts_created) {
                    snprintf(v, sizeof v, "%zu", r->depts_created);
                    kumo_audit_change(k, "作成した部局", "", v);
                }
                if (r->users_created) {
                    snprintf(v, sizeof v, "%zu", r->users_created);
                    kumo_audit_change(k, "作成した利用者", "", v);
                }
            }
            bool keep = !s && !r->bad_rows && !o->dry_run;
            if (keep || s) s = kumo_tx_end(k, s);   /* commit, or roll back a database error with its message */
            else kumo_tx_abort(k);                  /* a dry run or a bad row: nothing is written */
            r->written = keep && !s;
        }
    }
    csv_rows_free(&rd);
    /* the rows with their own number ran first: the report reads top to bottom */
    if (r->n > 1) qsort(r->msgs, r->n, sizeof *r->msgs, msg_cmp);
    if (s) return s;   /* its message set by the transaction's begin or end */
    if (r->bad_rows) {
        char sum[512];
        import_report_summary(r, sum, sizeof sum);
        return kumo_fail(k, KS_INVALID, "%s", sum);
    }
    return KS_OK;
}
