/* Registers in and out: the Excel workbooks (申請一覧, one 申請書兼許可書 with its 確認事項 and 履歴) and the CSV
   export and import of the 承認済みクラウドサービス台帳. Exports stream rows from the database and write to a
   temporary file renamed into place; an import is one transaction, all or nothing. */
#ifndef KUMO_EXCHANGE_H
#define KUMO_EXCHANGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/session.h"
#include "db/db_app.h"

/* The register's columns, shared by the Excel and CSV exports and matched by name on import. */
#define REGISTER_COLS 11
extern const char *const REGISTER_HEADERS[REGISTER_COLS];
typedef enum register_col {
    RC_NO, RC_NAME, RC_PROVIDER, RC_DEPT, RC_CONF, RC_APPROVED, RC_START, RC_END, RC_MANAGER, RC_DUE, RC_STATUS
} register_col;

/* ---- Excel ---- */

/* The 承認済みクラウドサービス台帳: services in use; all = also the ended ones (状態 終了). */
kstatus export_register_xlsx(kumo *k, const char *path, bool all, size_t *rows);
/* The 年次利用状況確認 of 年度 fy as a workbook: sheet 年次利用状況確認 (one row per service, constant memory) and
   sheet 集計 (counts by 部局 and status). rows gets the number of services. */
kstatus export_reviews_xlsx(kumo *k, int fy, const char *path, size_t *rows);

/* 申請一覧: every application the user may see, with its state, track, dates and decision. */
kstatus export_applications_xlsx(kumo *k, const char *path, size_t *rows);
/* One application as its printable 申請書兼許可書 (sheets 申請書兼許可書, 確認事項, 履歴). */
kstatus export_form_xlsx(kumo *k, const kapp *a, const char *path);
/* The same, found by its 申請番号. */
kstatus export_form_xlsx_by_no(kumo *k, const char *app_no, const char *path);

/* ---- CSV ---- */

typedef enum csv_encoding { CSV_ENC_AUTO, CSV_ENC_UTF8, CSV_ENC_CP932 } csv_encoding;
/* "auto", "utf-8" (or utf8), "cp932" (or sjis, shift_jis); false for anything else. */
bool csv_encoding_parse(const char *name, csv_encoding *out);

/* The register as CSV: UTF-8 with a BOM (or CP932), CRLF, every field quoted, formula-like cells neutralised.
   The rows of export_register_xlsx: services in use, and with `all` the ended ones too (状態 終了). */
kstatus export_register_csv(kumo *k, const char *path, csv_encoding enc, bool all, size_t *rows);

typedef struct import_opts {
    csv_encoding encoding;
    bool dry_run;           /* check and report, write nothing */
    bool create_missing;    /* create unknown 部局 and クラウドサービス管理者 */
} import_opts;

typedef enum import_level {
    IMP_ERROR,   /* a bad row: nothing will be written */
    IMP_SKIP,    /* identical to a service already registered */
    IMP_ADD,     /* imported (or, in a dry run, would be) */
    IMP_NOTE,    /* a 部局 or manager created, a column ignored … */
} import_level;

typedef struct import_msg {
    long line;              /* physical line in the file (1 = the header), 0 = the whole file */
    import_level level;
    char *text;             /* the full Japanese line, e.g. 行 5 列「部局」: 部局「○○」がありません… */
} import_msg;

typedef struct import_report {
    char encoding[32];      /* what was read: UTF-8, UTF-8（BOM付き）, CP932 */
    size_t rows;            /* data rows read */
    size_t added, skipped, bad_rows;
    size_t depts_created, users_created;
    bool written;           /* committed */
    bool dry_run;
    import_msg *msgs;
    size_t n, cap;
} import_report;

/* Reads a register CSV (columns matched by their Japanese header, in any order) into the database as approved
   services, in one transaction. KS_INVALID when any row is bad (then nothing is written; the report lists every
   bad row with its line, column and reason); KS_OK otherwise. A dry run never writes. */
kstatus import_register_csv(kumo *k, const char *path, const import_opts *o, import_report *r);
void import_report_free(import_report *r);
/* Writes the report as the command line shows it: the messages, then a summary line. */
void import_report_print(const import_report *r, FILE *out);
/* The summary line alone (件数), for a status bar. */
void import_report_summary(const import_report *r, char *out, size_t n);

/* ---- helpers, exposed for the unit tests ---- */

/* A cell that a spreadsheet would take for a formula (=, +, -, @ first) gets a leading apostrophe;
   csv_unneutralize undoes exactly that. Both return malloc'd strings. */
char *csv_neutralize(const char *s);
char *csv_unneutralize(const char *s);
/* UTF-8 to CP932 (〜 U+301C and the other JIS/Microsoft differences mapped first). NULL when a character has no
   CP932 form; *bad (if given) then points at it in s. Caller frees. */
char *csv_utf8_to_cp932(const char *s, size_t *outlen, const char **bad);
/* Which encoding the bytes are: a BOM says UTF-8; valid UTF-8 is UTF-8; else CP932 when it converts. */
csv_encoding csv_detect_encoding(const char *buf, size_t n);
#endif
