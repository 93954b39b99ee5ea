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
#include "db/db_import.h"
#include "forms/csvrows.h"
#include "forms/digest.h"
#include "forms/form.h"
#include "forms/text.h"

_Static_assert(REGISTER_COLS == STAGE_COLS, "the import stages every column of the register");

#define BOM "\xEF\xBB\xBF"
#define REPORT_MAX 1000

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
    /* a file of many bad rows: the first REPORT_MAX lines are kept, the others counted (memory stays flat) */
    if (!r->verbose && r->n >= REPORT_MAX) {
        r->dropped++;
        return;
    }
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

void import_report_clear(import_report *r)
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
    for (size_t i = 0; i < r->n; i++) fprintf(out, "%s\n", r->msgs[i].text);
    if (r->dropped) fprintf(out, "…ほか %zu 件（最初の %d 件を表示しています）\n", r->dropped, REPORT_MAX);
    char sum[512];
    import_report_summary(r, sum, sizeof sum);
    fprintf(out, "%s\n", sum);
    if (r->dry_run) fprintf(out, "（ドライラン: 書き込みは行っていません）\n");
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

/* A 部局 or a manager as looked up by name: the rows of a file name the same few again and again, and each look-up
   is a query (twice a row, in each pass). A fixed table, replaced on collision: its memory does not grow with the
   file. */
#define NAME_SLOTS 256
typedef struct name_slot {
    bool used, user;        /* user: a manager, else a 部局 */
    char name[128];
    kstatus found;          /* first pass: KS_OK or KS_NOTFOUND */
    int64_t id;             /* second pass: the row's id (found or created) */
    krole role;             /* first pass: the manager's role and whether policy lets them manage */
    bool may_manage;
    bool said;              /* first pass: its creation is in the report already */
} name_slot;

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
    struct { const char *kind; char *name; } *said;   /* 部局 and managers said to be created */
    size_t nsaid, capsaid;
    size_t written;
    bool unchanged;           /* nobody else has written to the database since the first pass began */
    name_slot names[NAME_SLOTS];   /* emptied between the passes */
    stage_row *found;         /* a staged row read back by the duplicate check (one, reused row after row) */
} importer;

/* A row's values after checking, ready to compare or insert: inside the record as read (trimmed in place), or for a
   value written another way (a date, a 機密性) in the row's own buffers. */
typedef struct row_vals {
    long line;
    char *v[REGISTER_COLS];
    bool terminated;
    bool build_pending;     /* 状態 構築確認待ち */
    char norm[REGISTER_COLS][16];   /* normalised values */
    char none[1];           /* a column the file does not have */
} row_vals;

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

/* A date as YYYY-MM-DD or YYYY/M/D (as Excel shows it); normalised to YYYY-MM-DD (in rv's buffer of the column). */
static bool check_date(importer *im, long line, int col, row_vals *rv)
{
    char **v = &rv->v[col];
    kdate d;
    if (!**v) return true;
    if (!text_valid_utf8(*v, strlen(*v)) || !date_parse(*v, &d)) {
        char shown[SHOWN_MAX];
        row_error(im, line, col, "「%s」は実在する日付ではありません（YYYY-MM-DD 又は YYYY/M/D で入力してください）",
                  shown_value(*v, shown));
        return false;
    }
    date_format(d, rv->norm[col], sizeof rv->norm[col]);
    *v = rv->norm[col];
    return true;
}

/* 機密性: 1, 2, 3C, 3B (full-width and lower case accepted); 3A is refused by rule. */
static bool check_conf(importer *im, long line, row_vals *rv)
{
    char **v = &rv->v[RC_CONF];
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
    _Static_assert(sizeof buf <= sizeof rv->norm[RC_CONF], "a 機密性 fits its buffer");
    memcpy(rv->norm[RC_CONF], buf, j + 1);
    *v = rv->norm[RC_CONF];
    return true;
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
        char *raw = j >= 0 && (size_t)j < row->n ? row->f[j] : rv->none;
        rv->v[c] = (char *)csv_unneutralized(trim(raw));
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
    if (*rv->v[RC_CONF]) ok &= check_conf(im, line, rv);
    ok &= check_date(im, line, RC_APPROVED, rv);
    ok &= check_date(im, line, RC_START, rv);
    bool end_ok = check_date(im, line, RC_END, rv);
    ok &= end_ok;
    ok &= check_date(im, line, RC_DUE, rv);
    /* 区分 follows from the 機密性 (§8-3 / §8-4): said, it must agree; 変更承認日 after the 承認日; 条件 as typed */
    if (*rv->v[RC_TRACK] && *rv->v[RC_CONF] && form_track_of(rv->v[RC_CONF]) != TRACK_NONE &&
        strcmp(rv->v[RC_TRACK], register_track(rv->v[RC_CONF]))) {
        char shown[SHOWN_MAX];
        row_error(im, line, RC_TRACK, "「%s」は機密性 %s の区分（%s）と合いません（機密性2以上は §8-3、機密性1は §8-4）",
                  shown_value(rv->v[RC_TRACK], shown), rv->v[RC_CONF], register_track(rv->v[RC_CONF]));
        ok = false;
    }
    bool changed_ok = check_date(im, line, RC_CHANGED, rv);
    ok &= changed_ok;
    if (changed_ok && *rv->v[RC_CHANGED] && *rv->v[RC_APPROVED] && date_parse(rv->v[RC_APPROVED], NULL) &&
        strcmp(rv->v[RC_CHANGED], rv->v[RC_APPROVED]) < 0) {
        row_error(im, line, RC_CHANGED, "変更承認日（%s）が承認日（%s）より前です", rv->v[RC_CHANGED], rv->v[RC_APPROVED]);
        ok = false;
    }
    ok &= check_text(im, line, RC_COND, rv->v[RC_COND], 400, sizeof ((kservice *)0)->conditions);
    if (end_ok && *rv->v[RC_END] && *rv->v[RC_START] && strcmp(rv->v[RC_END], rv->v[RC_START]) < 0 &&
        date_parse(rv->v[RC_START], NULL)) {
        row_error(im, line, RC_END, "利用終了日（%s）が利用開始日（%s）より前です", rv->v[RC_END], rv->v[RC_START]);
        ok = false;
    }
    const char *st = rv->v[RC_STATUS];
    /* 終了処理中: the 終了連絡 accepted, the 廃棄・削除完了報告 not yet (003 §4(7)); 終了予定: a 終了連絡 accepted
       ahead of its 終了日, as registers kept before kumo recorded the 廃棄・削除完了報告 said it */
    if (!strcmp(st, "終了") || !strcmp(st, "終了予定") || !strcmp(st, "終了処理中")) rv->terminated = true;
    else if (!strcmp(st, "構築確認待ち")) rv->build_pending = true;   /* approved, 導入・構築時確認 still to come */
    else if (*st && strcmp(st, "承認済") && strcmp(st, "利用中") && strcmp(st, "要対応")) {
        if (text_valid_utf8(st, strlen(st))) {
            char shown[SHOWN_MAX];
            row_error(im, line, RC_STATUS, "「%s」は状態ではありません（構築確認待ち・承認済・利用中・要対応・終了処理中・終了予定・終了 のいずれか、又は空欄）",
                      shown_value(st, shown));
        } else {
            row_error(im, line, RC_STATUS, "UTF-8 として正しくないバイトが含まれています（ファイルの文字コードを確認してください）");
        }
        ok = false;
    }
    return ok;
}

/* ---- the 部局 and managers a file names ---- */

/* Whether a name was already said (a 部局 or manager to be created is reported once). */
static bool said_before(importer *im, const char *kind, const char *name)
{
    for (size_t i = 0; i < im->nsaid; i++)
        if (!strcmp(im->said[i].kind, kind) && !strcmp(im->said[i].name, name)) return true;
    if (im->nsaid == im->capsaid) {
        size_t cap = im->capsaid ? im->capsaid * 2 : 16;
        void *v = realloc(im->said, cap * sizeof *im->said);
        if (!v) return false;
        im->said = v;
        im->capsaid = cap;
    }
    im->said[im->nsaid].kind = kind;
    im->said[im->nsaid].name = strdup(name);
    if (im->said[im->nsaid].name) im->nsaid++;
    return false;
}

/* The slot of a name (used or to be filled); NULL when the name is too long to keep. */
static name_slot *name_slot_of(importer *im, bool user, const char *name, bool *hit)
{
    size_t len = strlen(name);
    *hit = false;
    if (len >= sizeof im->names[0].name) return NULL;
    uint32_t h = user ? 2166136261u : 16777619u;   /* FNV-1a */
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)name[i]) * 16777619u;
    /* four places to look: names that share one place do not keep pushing each other out */
    for (uint32_t i = 0; i < 4; i++) {
        name_slot *sl = &im->names[(h + i) % NAME_SLOTS];
        if (!sl->used) return sl;
        if (sl->user == user && !strcmp(sl->name, name)) {
            *hit = true;
            return sl;
        }
    }
    return &im->names[(h + (h >> 8) % 4) % NAME_SLOTS];
}

static void name_slot_fill(name_slot *sl, bool user, const char *name)
{
    if (!sl) return;
    memset(sl, 0, sizeof *sl);
    sl->used = true;
    sl->user = user;
    memcpy(sl->name, name, strlen(name) + 1);
}

/* First pass: the 部局 exists, or will be created (said once), or the row is bad. */
static bool check_dept(importer *im, long line, const char *name, kstatus *err)
{
    bool hit;
    name_slot *sl = name_slot_of(im, false, name, &hit);
    kstatus s;
    if (hit) {
        s = sl->found;
    } else {
        int64_t id;
        s = db_dept_find(im->k->db, name, &id);
        if (s == KS_OK || s == KS_NOTFOUND) {
            name_slot_fill(sl, false, name);
            if (sl) sl->found = s;
        }
    }
    if (s == KS_OK) return true;
    if (s != KS_NOTFOUND) {
        *err = s;
        return false;
    }
    if (!im->o->create_missing) {
        row_error(im, line, RC_DEPT, "部局「%s」がありません（--create-missing で作成）", name);
        return false;
    }
    if (sl && sl->said) return true;
    if (!said_before(im, "dept", name)) {
        im->r->depts_created++;
        rep_add(im->r, line, IMP_NOTE, "行 %ld 列「部局」: 部局「%s」を作成します", line, name);
    }
    if (sl && sl->used) sl->said = true;
    return true;
}

static bool check_manager(importer *im, long line, const char *name, kstatus *err)
{
    bool hit;
    name_slot *sl = name_slot_of(im, true, name, &hit);
    kstatus s;
    krole role = ROLE_STAFF;
    bool may = false;
    if (hit) {
        s = sl->found;
        role = sl->role;
        may = sl->may_manage;
    } else {
        kuser u;
        s = db_user_by_name(im->k->db, name, &u);
        if (s == KS_OK) {
            role = u.role;
            may = policy_may_manage(&u);
        }
        if (s == KS_OK || s == KS_NOTFOUND) {
            name_slot_fill(sl, true, name);
            if (sl) {
                sl->found = s;
                sl->role = role;
                sl->may_manage = may;
            }
        }
    }
    if (s == KS_OK) {
        if (may) return true;
        row_error(im, line, RC_MANAGER, "「%s」（%s）はクラウドサービス管理者に指名できません（監査・システム管理者は指名できません）",
                  name, role_label(role));
        return false;
    }
    if (s != KS_NOTFOUND) {
        *err = s;
        return false;
    }
    if (!im->o->create_missing) {
        row_error(im, line, RC_MANAGER, "利用者「%s」がいません（--create-missing で作成）", name);
        return false;
    }
    if (sl && sl->said) return true;
    if (sl && sl->used) sl->said = true;
    if (!said_before(im, "user", name)) {
        im->r->users_created++;
        rep_add(im->r, line, IMP_NOTE, "行 %ld 列「クラウドサービス管理者」: 利用者「%s」を作成します（%s）", line, name,
                role_label(ROLE_STAFF));
    }
    return true;
}

/* Second pass: the 部局 and manager found, or created. */
static kstatus dept_id_of(importer *im, const char *name, int64_t *id)
{
    bool hit;
    name_slot *sl = name_slot_of(im, false, name, &hit);
    if (hit) {
        *id = sl->id;
        return KS_OK;
    }
    kstatus s = db_dept_find(im->k->db, name, id);
    if (s == KS_NOTFOUND) {
        s = db_dept_add(im->k->db, name, id);
        if (!s) kumo_audit_touch(im->k, AK_DEPARTMENT, *id);
    }
    if (!s && sl) {
        name_slot_fill(sl, false, name);
        sl->id = *id;
    }
    return s;
}

static kstatus manager_of(importer *im, const char *name, int64_t dept_id, int64_t *id)
{
    bool hit;
    name_slot *sl = name_slot_of(im, true, name, &hit);
    if (hit) {
        *id = sl->id;
        return KS_OK;
    }
    kuser out;
    kstatus s = db_user_by_name(im->k->db, name, &out);
    if (s == KS_NOTFOUND) {
        memset(&out, 0, sizeof out);
        for (;;) {
            snprintf(out.login, sizeof out.login, "imported-%03d", ++im->next_login);
            kuser other;
            s = db_user_by_login(im->k->db, out.login, &other);
            if (s == KS_NOTFOUND) break;
            if (s) return s;
        }
        snprintf(out.name, sizeof out.name, "%s", name);
        out.role = ROLE_STAFF;   /* a manager named in the register, created as 職員等 */
        out.dept_id = dept_id;
        out.active = true;
        s = db_user_add(im->k->db, &out, &out.id);
        if (!s) kumo_audit_touch(im->k, AK_USER, out.id);
    }
    if (!s) {
        *id = out.id;
        if (sl) {
            name_slot_fill(sl, true, name);
            sl->id = out.id;
        }
    }
    return s;
}

/* ---- duplicates ---- */

/* The first register column where the stored service differs from the row, or -1 when they are the same. */
static int differs(const importer *im, const row_vals *rv, const kservice *s, bool compare_no)
{
    const char *stored[REGISTER_COLS];
    register_cells(s, im->day, stored);
    for (int c = 0; c < REGISTER_COLS; c++) {
        if (c == RC_STATUS || (c == RC_NO && !compare_no)) continue;
        if (im->map[c] < 0) continue;   /* a column the file does not have (an older register's 11) */
        if (c == RC_TRACK && !*rv->v[c]) continue;
        if (c == RC_DUE && !*rv->v[c]) continue; /* left empty: the stored one is as good */
        if (strcmp(rv->v[c], stored[c])) return c;
    }
    if (rv->terminated != !strcmp(s->status, "terminated")) return RC_STATUS;
    return -1;
}

/* A row staged earlier in the file as the service it will become (the columns the comparison reads). */
/* A value into a fixed field, cut at a whole character when it is longer (the checks keep it shorter). */
static void put(char *dst, size_t n, const char *src)
{
    size_t len = strnlen(src, n - 1);
    memcpy(dst, src, len);
    dst[len] = 0;
    text_trim_partial(dst);
}

static void service_of_stage(const importer *im, const stage_row *st, kservice *sv)
{
    memset(sv, 0, sizeof *sv);
    put(sv->approval_no, sizeof sv->approval_no, st->v[RC_NO]);
    put(sv->name, sizeof sv->name, st->v[RC_NAME]);
    put(sv->provider, sizeof sv->provider, st->v[RC_PROVIDER]);
    put(sv->dept, sizeof sv->dept, st->v[RC_DEPT]);
    put(sv->conf, sizeof sv->conf, st->v[RC_CONF]);
    put(sv->approved_on, sizeof sv->approved_on, st->v[RC_APPROVED]);
    put(sv->start_date, sizeof sv->start_date, st->v[RC_START]);
    put(sv->end_date, sizeof sv->end_date, st->v[RC_END]);
    put(sv->manager, sizeof sv->manager, st->v[RC_MANAGER]);
    put(sv->changed_on, sizeof sv->changed_on, st->v[RC_CHANGED]);
    put(sv->conditions, sizeof sv->conditions, st->v[RC_COND]);
    if (*st->v[RC_DUE]) {
        put(sv->next_review_due, sizeof sv->next_review_due, st->v[RC_DUE]);
    } else {
        kdate a;
        if (date_parse(st->v[RC_APPROVED], &a))
            date_format(date_add_months(a, im->interval), sv->next_review_due, sizeof sv->next_review_due);
    }
    snprintf(sv->status, sizeof sv->status, "%s", st->terminated ? "terminated" : "active");
}

static void say_skip(importer *im, const row_vals *rv, const kservice *s)
{
    im->r->skipped++;
    if (im->o->verbose)
        rep_add(im->r, rv->line, IMP_SKIP, "行 %ld: 既に登録済み（スキップ） %s「%s」", rv->line,
                *s->approval_no ? s->approval_no : "（同じファイルの前の行）", s->name);
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
                  s->name, s->provider, *s->approval_no ? s->approval_no : "（同じファイルの前の行）", COL(col),
                  stored, rv->v[col]);
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

/* Duplicate check against the register: 1 = already registered exactly (skip; *match is the stored one), 0 = new,
   -1 = a conflicting duplicate (reported) or a database error (*err). */
static int check_registered(importer *im, const row_vals *rv, kservice *match, kstatus *err)
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
        *err = db_service_each_ended_named(im->k->db, rv->v[RC_NAME], same_ended, &c);
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

/* The same against the rows earlier in the file (staged by the first pass). */
static int check_staged(importer *im, const row_vals *rv, kservice *match, kstatus *err)
{
    if (!im->found && !(im->found = malloc(sizeof *im->found))) {
        *err = KS_NOMEM;
        return -1;
    }
    stage_row *st = im->found;
    int res = 0;
    kstatus s;
    if (*rv->v[RC_NO] && (s = db_stage_find_no(im->k->db, rv->v[RC_NO], st)) != KS_NOTFOUND) {
        if (s) { *err = s; res = -1; goto out; }
        service_of_stage(im, st, match);
        int c = differs(im, rv, match, true);
        if (c < 0) { res = 1; goto out; }
        say_conflict(im, rv, match, c, true);
        res = -1;
        goto out;
    }
    if (rv->terminated) {
        if (*rv->v[RC_NO]) goto out;
        s = db_stage_find_ended(im->k->db, rv->v[RC_NAME], st);
        if (s == KS_OK) {
            service_of_stage(im, st, match);
            res = differs(im, rv, match, false) < 0 && !*st->v[RC_NO] ? 1 : 0;
        } else if (s != KS_NOTFOUND) {
            *err = s;
            res = -1;
        }
        goto out;
    }
    s = db_stage_find_active(im->k->db, rv->v[RC_NAME], rv->v[RC_PROVIDER], st);
    if (s == KS_NOTFOUND) goto out;
    if (s) { *err = s; res = -1; goto out; }
    service_of_stage(im, st, match);
    int c = differs(im, rv, match, false);
    if (c < 0 && !*rv->v[RC_NO]) { res = 1; goto out; }
    if (c < 0) c = RC_NO;
    say_conflict(im, rv, match, c, false);
    res = -1;
out:
    return res;
}

/* ---- numbering ---- */

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
        /* above every number registered and every number the file gives itself */
        int staged = 0;
        kstatus s = db_service_next_seq(im->k->db, prefix, &c->next);
        if (!s) s = db_stage_max_seq(im->k->db, prefix, &staged);
        if (s) return s;
        if (staged + 1 > c->next) c->next = staged + 1;
    }
    snprintf(out, n, "%s%04d", prefix, c->next++);
    return KS_OK;
}

/* ---- the first pass: every row read, checked and staged ---- */

static kstatus check_row(importer *im, const csv_row *row)
{
    bool empty = true;
    for (size_t j = 0; j < row->n && empty; j++) empty = !*trim(row->f[j]);
    if (empty) return KS_OK; /* a row Excel left with only commas */
    im->r->rows++;
    kumo_progress(im->k, "台帳を確認中", (long long)im->r->rows, -1);
    im->row_bad = false;
    row_vals rv = {0};
    kstatus err = KS_OK;
    if (read_row(im, row, &rv) && !im->row_bad) {
        /* every missing thing at once: the 部局, then the manager, then the duplicates */
        bool ok = check_dept(im, rv.line, rv.v[RC_DEPT], &err);
        if (!err && *rv.v[RC_MANAGER]) ok &= check_manager(im, rv.line, rv.v[RC_MANAGER], &err);
        kservice match;
        int dup = 0;
        if (!err && ok) {
            dup = check_staged(im, &rv, &match, &err);
            if (!err && dup == 0) dup = check_registered(im, &rv, &match, &err);
        }
        if (!err && ok && dup > 0) {
            say_skip(im, &rv, &match);
        } else if (!err && ok && dup == 0 && !im->row_bad) {
            const char *v[REGISTER_COLS];
            for (int c = 0; c < REGISTER_COLS; c++) v[c] = rv.v[c];
            err = db_stage_add(im->k->db, rv.line, v, rv.terminated);
            if (!err) {
                im->r->added++;
                if (im->o->verbose)
                    rep_add(im->r, rv.line, IMP_ADD, "行 %ld: 取込予定 %s「%s」（%s）", rv.line,
                            *rv.v[RC_NO] ? rv.v[RC_NO] : "（番号は取込時に付与）", rv.v[RC_NAME], rv.v[RC_DEPT]);
            }
        }
    }
    if (im->row_bad) im->r->bad_rows++;
    return err;
}

/* ---- the second pass: the staged rows written ---- */

#define AUDIT_PART 5000

/* The audit record of the import (or of its next part): the file, its digest. */
static void audit_begin(importer *im, bool first)
{
    kumo_audit(im->k, "取込", "import", 0, im->file, "");
    char c[600];
    snprintf(c, sizeof c, "CSV 取込 %s（SHA-256 %s）%s", im->file, im->sha256, first ? "" : "（続き）");
    kumo_audit_comment(im->k, c);
}

/* The last record's summary of the whole import. */
static void audit_summary(importer *im)
{
    kumo *k = im->k;
    import_report *r = im->r;
    char v[32];
    kumo_audit_change(k, "ファイル", "", im->file);
    kumo_audit_change(k, "SHA-256", "", im->sha256);
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

typedef struct write_ctx {
    importer *im;
    kstatus s;
} write_ctx;

static int write_row(const stage_row *st, void *p)
{
    write_ctx *w = p;
    importer *im = w->im;
    row_vals rv = {.line = st->line, .terminated = st->terminated};
    for (int c = 0; c < REGISTER_COLS; c++) rv.v[c] = (char *)st->v[c];
    kservice sv = {0};
    /* the register may have changed since the first pass (another user's import): checked again, unless no other
       connection has committed anything since the first pass began */
    kservice match;
    kstatus s = KS_OK;
    im->row_bad = false;
    int dup = im->unchanged ? 0 : check_registered(im, &rv, &match, &s);
    if (!s && dup != 0) {
        if (dup > 0) row_error(im, rv.line, RC_NO, "確認の後に同じサービスが登録されました（もう一度取り込んでください）");
        s = KS_INVALID;
    }
    if (!s) s = dept_id_of(im, rv.v[RC_DEPT], &sv.dept_id);
    if (!s && *rv.v[RC_MANAGER]) {
        s = manager_of(im, rv.v[RC_MANAGER], sv.dept_id, &sv.manager_id);
    }
    if (!s && *rv.v[RC_NO]) put(sv.approval_no, sizeof sv.approval_no, rv.v[RC_NO]);
    else if (!s) s = next_number(im, rv.v[RC_APPROVED], sv.approval_no, sizeof sv.approval_no);
    if (!s) {
        put(sv.name, sizeof sv.name, rv.v[RC_NAME]);
        put(sv.provider, sizeof sv.provider, rv.v[RC_PROVIDER]);
        put(sv.conf, sizeof sv.conf, rv.v[RC_CONF]);
        put(sv.approved_on, sizeof sv.approved_on, rv.v[RC_APPROVED]);
        put(sv.start_date, sizeof sv.start_date, rv.v[RC_START]);
        put(sv.end_date, sizeof sv.end_date, rv.v[RC_END]);
        put(sv.changed_on, sizeof sv.changed_on, rv.v[RC_CHANGED]);
        put(sv.conditions, sizeof sv.conditions, rv.v[RC_COND]);
        if (*rv.v[RC_DUE]) {
            put(sv.next_review_due, sizeof sv.next_review_due, rv.v[RC_DUE]);
        } else {
            kdate a;
            date_parse(rv.v[RC_APPROVED], &a);
            date_format(date_add_months(a, im->interval), sv.next_review_due, sizeof sv.next_review_due);
        }
        put(sv.status, sizeof sv.status, rv.terminated ? "terminated" : "active");
        /* a service brought from a register kept elsewhere was put into use before kumo recorded its
           導入・構築時確認, unless the register says it still waits for it */
        bool build_pending = !strcmp(rv.v[RC_STATUS], "構築確認待ち");
        put(sv.build_state, sizeof sv.build_state,
            form_track_of(sv.conf) != TRACK_83 ? "none" : build_pending ? "pending" : "legacy");
        if (rv.terminated) {
            put(sv.terminated_on, sizeof sv.terminated_on, *rv.v[RC_END] ? rv.v[RC_END] : im->today);
            /* 終了 in a register kept elsewhere: ended, its information disposed of before kumo recorded it
               (legacy); 終了処理中 or 終了予定: its 廃棄・削除完了報告 is still to come (003 §4(7)) */
            put(sv.disposal_state, sizeof sv.disposal_state,
                !strcmp(rv.v[RC_STATUS], "終了") ? "legacy" : "pending");
        }
        s = db_service_insert(im->k->db, &sv);
        if (s == KS_CONSTRAINT) {
            row_error(im, rv.line, RC_NO, "承認番号「%s」は既に使われています", sv.approval_no);
            s = KS_INVALID;
        }
    }
    if (!s) {
        /* the service and its 取込 history row in the audit record of this part of the import */
        char note[512];
        snprintf(note, sizeof note, "CSV 取込（%s 行 %ld）", im->file, rv.line);
        kumo_audit_touch(im->k, AK_SERVICE, sv.id);
        kumo_audit_history(im->k, 0, sv.id, "", "", note);
    }
    if (!s && im->o->verbose)
        rep_add(im->r, rv.line, IMP_ADD, "行 %ld: 取込 %s「%s」（%s）", rv.line, sv.approval_no, sv.name, rv.v[RC_DEPT]);
    if (s == KS_INVALID) im->r->bad_rows++;
    if (!s) kumo_progress(im->k, "台帳を取込中", (long long)++im->written, (long long)im->r->added);
    /* the audit record of a part of the import is written every AUDIT_PART rows (all in the one transaction): the
       memory of the rows it names does not grow with the file */
    if (!s && im->written % AUDIT_PART == 0 && im->written < im->r->added) {
        s = kumo_audit_write(im->k);
        kaudit_reset(&im->k->au);
        if (!s) audit_begin(im, false);
    }
    w->s = s;
    return s != KS_OK;
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

/* ---- reading the file: a stream of UTF-8 whatever the file's encoding ---- */

#define CHUNK 65536

typedef struct source {
    FILE *fp;
    iconv_t cd;               /* CP932 → UTF-8, or (iconv_t)-1 */
    char raw[CHUNK];
    size_t rawn;              /* raw bytes waiting to be converted */
    long raw_lines;           /* line breaks in the raw bytes converted so far */
    bool eof;
    bool bad;                 /* a byte CP932 cannot read: at line bad_line */
    long bad_line;
    digest_ctx dg;            /* SHA-256 of the bytes as read */
} source;

/* Up to cap bytes of UTF-8; 0 at the end (or after a bad byte: src->bad). */
static size_t source_read(source *src, char *out, size_t cap)
{
    if (src->cd == (iconv_t)-1) {
        size_t got = src->bad ? 0 : fread(out, 1, cap, src->fp);
        digest_add(&src->dg, out, got);
        return got;
    }
    for (;;) {
        if (!src->eof && src->rawn < sizeof src->raw) {
            size_t got = fread(src->raw + src->rawn, 1, sizeof src->raw - src->rawn, src->fp);
            digest_add(&src->dg, src->raw + src->rawn, got);
            src->rawn += got;
            if (got == 0) src->eof = true;
        }
        if (src->rawn == 0 || src->bad) return 0;
        char *in = src->raw, *o = out;
        size_t inleft = src->rawn, outleft = cap;
        size_t rc = iconv(src->cd, &in, &inleft, &o, &outleft);
        size_t used = src->rawn - inleft;
        for (size_t i = 0; i < used; i++) src->raw_lines += src->raw[i] == '\n';
        memmove(src->raw, in, inleft);
        src->rawn = inleft;
        size_t made = cap - outleft;
        if (rc == (size_t)-1 && (errno == EILSEQ || (errno == EINVAL && src->eof))) {
            src->bad = true;
            src->bad_line = src->raw_lines + 1;
        }
        if (made || src->bad || (src->eof && src->rawn == 0)) return made;
        /* an incomplete character waits for more bytes */
    }
}

/* Whether the whole file is valid UTF-8, read in chunks (the memory of a check does not grow with the file). */
static bool stream_valid_utf8(FILE *fp)
{
    char buf[CHUNK + 4];
    size_t carry = 0;
    for (;;) {
        size_t got = fread(buf + carry, 1, CHUNK, fp);
        size_t n = carry + got;
        if (got == 0) return carry == 0;
        /* keep an incomplete character at the end for the next chunk */
        size_t end = n;
        for (size_t back = 1; back <= 3 && back <= n; back++) {
            unsigned char c = (unsigned char)buf[n - back];
            if ((c & 0xC0) == 0x80) continue;
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (need > back) end = n - back;
            break;
        }
        if (!text_valid_utf8(buf, end)) return false;
        carry = n - end;
        memmove(buf, buf + end, carry);
    }
}

/* By line, and in the order said within a line (qsort is not stable: seq keeps it so). */
static int msg_cmp(const void *a, const void *b)
{
    const import_msg *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Feeds the stream to libcsv line by line (libcsv counts no lines) and hands each record to the importer as soon as
   it ends: the header to match_header, the others to check_row. False when the file cannot be read as CSV. */
static bool parse_stream(importer *im, source *src, kstatus *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) {
        rep_add(im->r, 0, IMP_ERROR, "CSV を読む準備ができません（メモリ不足）");
        return false;
    }
    csv_rows rd = {0};
    char *buf = malloc(CHUNK);
    bool ok = buf != NULL, header_done = false, at_start = true, first = true;
    long line = 1;
    size_t n;
    while (ok && !*err && (n = source_read(src, buf, CHUNK)) > 0) {
        size_t pos = 0;
        if (first && n >= 3 && !memcmp(buf, BOM, 3)) pos = 3;
        first = false;
        while (pos < n && ok && !*err) {
            const char *nl = memchr(buf + pos, '\n', n - pos);
            size_t len = nl ? (size_t)(nl - (buf + pos)) + 1 : n - pos;
            if (at_start && p.pstate == 0) rd.start_line = line; /* ROW_NOT_BEGUN: this line begins a record */
            if (csv_parse(&p, buf + pos, len, csv_rows_field, csv_rows_end, &rd) != len) {
                rep_add(im->r, line, IMP_ERROR,
                        "行 %ld: 引用符（\"）の使い方が正しくありません（値の中の \" は \"\" と書き、値全体を \" で囲みます）",
                        line);
                ok = false;
            }
            for (size_t i = 0; i < rd.n && ok && !*err; i++) {
                if (!header_done) {
                    header_done = true;
                    ok = match_header(im, &rd.rows[i]);
                } else {
                    *err = check_row(im, &rd.rows[i]);
                }
            }
            csv_rows_drop(&rd);
            pos += len;
            at_start = nl != NULL;
            if (nl) line++;
        }
    }
    if (ok && !*err && !src->bad && csv_fini(&p, csv_rows_field, csv_rows_end, &rd) != 0) {
        rep_add(im->r, rd.start_line, IMP_ERROR, "行 %ld: 引用符（\"）が閉じられていません（ファイルの終わりまで続いています）",
                rd.start_line);
        ok = false;
    }
    for (size_t i = 0; i < rd.n && ok && !*err; i++) {
        if (!header_done) {
            header_done = true;
            ok = match_header(im, &rd.rows[i]);
        } else {
            *err = check_row(im, &rd.rows[i]);
        }
    }
    if (rd.oom || !buf) {
        rep_add(im->r, 0, IMP_ERROR, "メモリが不足して CSV を読めません");
        ok = false;
    }
    if (ok && !header_done && !src->bad) {
        rep_add(im->r, 1, IMP_ERROR, "行 1: 見出し行がありません（空のファイルです）");
        ok = false;
    }
    csv_rows_clear(&rd);
    csv_free(&p);
    free(buf);
    return ok;
}

static void importer_free(importer *im)
{
    free(im->found);
    for (size_t i = 0; i < im->nsaid; i++) free(im->said[i].name);
    free(im->said);
    free(im->seqs);
}

kstatus import_register_csv(kumo *k, const char *path, const import_opts *o, import_report *r)
{
    kumo_step(k);
    memset(r, 0, sizeof *r);
    r->dry_run = o->dry_run;
    r->verbose = o->verbose;
    char why[256];
    if (!policy_may_import(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    /* the user's file, opened with the user's own rights (never the group's of a privileged run) */
    if (!priv_user_begin()) return kumo_fail(k, KS_ERROR, "利用者の権限に切り替えられないため %s を開きません", path);
    FILE *fp = fopen(path, "rb");
    int err = errno;
    priv_user_end();
    if (!fp)
        return kumo_fail(k, KS_IO, "%s を開けません（%s）", path,
                         err == ENOENT                   ? "ファイルがありません"
                         : err == EACCES || err == EPERM ? "読む権限がありません"
                                                         : kumo_io_reason(err));

    /* the encoding: a BOM, else what was asked, else detected (the file read once more for it) */
    char head[CHUNK];
    size_t hn = fread(head, 1, sizeof head, fp);
    if (hn >= 2 && (!memcmp(head, "\xFF\xFE", 2) || !memcmp(head, "\xFE\xFF", 2))) {
        fclose(fp);
        return kumo_fail(k, KS_INVALID, "%s は UTF-16（Excel の「Unicode テキスト」）です。Excel で「CSV UTF-8（コンマ区切り）」"
                                        "又は「CSV（コンマ区切り）」として保存し直してください", path);
    }
    bool bom = hn >= 3 && !memcmp(head, BOM, 3);
    csv_encoding enc = o->encoding;
    if (bom) {
        enc = CSV_ENC_UTF8;
    } else if (enc == CSV_ENC_AUTO) {
        rewind(fp);
        enc = stream_valid_utf8(fp) ? CSV_ENC_UTF8 : csv_detect_encoding(head, hn);
    }
    rewind(fp);
    source src = {.fp = fp, .cd = (iconv_t)-1};
    if (!digest_begin(&src.dg)) {
        fclose(fp);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    if (enc == CSV_ENC_CP932) {
        src.cd = iconv_open("UTF-8", "CP932");
        if (src.cd == (iconv_t)-1) {
            fclose(fp);
            return kumo_fail(k, KS_ERROR, "CP932 からの変換を準備できません（iconv）");
        }
        snprintf(r->encoding, sizeof r->encoding, "CP932");
    } else {
        snprintf(r->encoding, sizeof r->encoding, "%s", bom ? "UTF-8（BOM付き）" : "UTF-8");
    }

    importer im = {.k = k, .o = o, .r = r, .interval = kumo_review_interval(k)};
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s", path);
    im.file = basename(base);
    im.day = date_today();
    date_format(im.day, im.today, sizeof im.today);

    /* first pass, without the write lock: every row read, checked against the register and the rows before it,
       and staged (on disk) */
    int64_t version = 0;
    kstatus s = db_data_version(k->db, &version);
    if (!s) s = db_stage_begin(k->db);
    bool parsed = !s && parse_stream(&im, &src, &s);
    /* the first pass's progress ends here (its total was not known): a front end clears its line */
    kumo_progress(k, "台帳を確認中", (long long)r->rows, (long long)r->rows);
    if (src.cd != (iconv_t)-1) iconv_close(src.cd);
    fclose(fp);
    if (!digest_end(&src.dg, im.sha256) && !s) s = kumo_fail(k, KS_NOMEM, NULL);
    if (!s && src.bad) {
        rep_add(r, src.bad_line, IMP_ERROR,
                "行 %ld: CP932（Shift_JIS）として読めないバイトがあります（UTF-8 でも CP932 でもないファイルです）",
                src.bad_line);
        r->bad_rows = r->bad_rows ? r->bad_rows : 1;
        db_stage_end(k->db);
        importer_free(&im);
        if (r->n > 1) qsort(r->msgs, r->n, sizeof *r->msgs, msg_cmp);
        return kumo_fail(k, KS_INVALID, "%s の文字コードを読めません。何も書き込んでいません", path);
    }
    if (!s && !parsed && !r->bad_rows) r->bad_rows = 1;
    if (!s) s = db_stage_checked(k->db);
    if (s) kumo_fail(k, s, NULL);

    /* second pass, in one transaction: the staged rows written, indexed for search at the end */
    if (!s && !r->bad_rows && !o->dry_run && !r->added) r->written = true;   /* nothing new: nothing to write */
    if (!s && !r->bad_rows && !o->dry_run && r->added) {
        if (!(s = kumo_tx_begin(k))) {
            /* under the write lock: the same data_version as before the first pass read anything means its checks
               against the register still hold */
            int64_t now = 0;
            s = db_data_version(k->db, &now);
            im.unchanged = !s && now == version;
            audit_begin(&im, true);
            memset(im.names, 0, sizeof im.names);   /* the first pass's look-ups, without the write lock */
            int64_t app_from = 0, svc_from = 0;
            if (!s) s = db_search_defer(k->db, &app_from, &svc_from);
            /* the services' and new managers' CHECK constraints evaluated once over the new rows, not by a
               statement of their own for every row */
            db_check_marks marks;
            bool checks_deferred = !s && !(s = db_checks_defer(k->db, &marks));
            write_ctx w = {.im = &im};
            if (!s) s = db_stage_each(k->db, write_row, &w);
            if (!s) s = w.s;
            if (checks_deferred) {
                kstatus c = db_checks_catch_up(k->db, &marks, !s);
                if (!s) s = c;
            }
            if (!s) s = db_search_catch_up(k->db, app_from, svc_from);
            if (!s) audit_summary(&im);
            if (s == KS_INVALID) {
                kumo_tx_abort(k);   /* a row the register no longer takes: nothing is written */
                r->added = 0;
            } else {
                s = kumo_tx_end(k, s);   /* commit, or roll back a database error with its message */
                r->written = !s;
            }
        }
    }
    db_stage_end(k->db);
    importer_free(&im);
    if (r->n > 1) qsort(r->msgs, r->n, sizeof *r->msgs, msg_cmp);
    if (s && s != KS_INVALID) return s;   /* its message set by the transaction's begin or end */
    if (r->bad_rows) {
        char sum[512];
        import_report_summary(r, sum, sizeof sum);
        return kumo_fail(k, KS_INVALID, "%s", sum);
    }
    return KS_OK;
}
