/* The 承認済みクラウドサービス台帳 as CSV, as Japanese Excel reads it (libcsv quotes every field). */
#ifndef KUMO_APP_EXCHANGE_REGISTER_CSV_H
#define KUMO_APP_EXCHANGE_REGISTER_CSV_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "app/exchange/cp932.h"
#include "db/db_service.h"

/* A character a CP932 export could not write as it was, in one cell. */
typedef struct cp932_issue {
    long line;            /* the line of the file and the row Excel shows it on (1 = the header) */
    char key[32];         /* the row's 承認番号 */
    const char *column;   /* the register column's header */
    char ch[8];           /* the character (UTF-8) */
    uint32_t cp;
    int count;            /* how many times in the cell */
} cp932_issue;
/* Every such character, cell by cell in file order (the first CSV_REPORT_MAX kept, total counts all). */
#define CSV_REPORT_MAX 1000
typedef struct csv_report {
    cp932_issue *v;
    size_t n, total;
    bool replaced;        /* written as 〓 (with replace); else the export was refused */
} csv_report;
void csv_report_clear(csv_report *r);
/* One line of the report: 「3行目（AP-R7-0001）「クラウドサービス名」: 𠮷 U+20BB7」 (×N when more than once). */
void csv_report_line(const cp932_issue *i, char *out, size_t n);

/* The register as CSV: UTF-8 with a BOM (or CP932), CRLF, every field quoted, formula-like cells neutralised.
   The rows of export_register_xlsx for the same filter f (NULL: the services in use). In CP932 a character it cannot
   hold (𠮷, an emoji, ©) refuses the whole export and report (may be NULL) lists every one; with replace each is
   written as 〓 (CP932_REPLACEMENT) and report lists each replacement. 〜 − ‖ ¢ £ ¬ — ¦ convert to the characters
   CP932 has for them. */
kstatus export_register_csv(kumo *k, const kservice_filter *f, csv_encoding enc, bool replace, const char *path,
                            size_t *rows, csv_report *report);

/* A cell that a spreadsheet would take for a formula (=, +, -, @ first) gets a leading apostrophe;
   csv_unneutralize undoes exactly that. Both return malloc'd strings; csv_unneutralized is csv_unneutralize without
   the copy (the same text, inside s). */
char *csv_neutralize(const char *s);
char *csv_unneutralize(const char *s);
const char *csv_unneutralized(const char *s);
#endif
