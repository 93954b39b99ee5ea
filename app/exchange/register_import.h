/* A register kept in Excel today, read from CSV into the database as approved services: columns matched by their
   Japanese header in any order. The file is streamed twice over: a first pass reads, converts and checks every row
   (against the register and the rows before it) without the write lock and stages the good ones on disk; only when
   every row is good does a second pass write them, in one transaction: all or nothing, memory flat in the rows. */
#ifndef KUMO_APP_EXCHANGE_REGISTER_IMPORT_H
#define KUMO_APP_EXCHANGE_REGISTER_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "app/session.h"
#include "app/exchange/cp932.h"

typedef struct import_opts {
    csv_encoding encoding;
    bool dry_run;           /* check and report, write nothing */
    bool create_missing;    /* create unknown 部局 and クラウドサービス管理者 */
    bool verbose;           /* the report lists every row (取込予定, スキップ), not only errors and notes */
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
    size_t seq;             /* the order it was said in (the report is sorted by line, then this) */
} import_msg;

typedef struct import_report {
    char encoding[32];      /* what was read: UTF-8, UTF-8（BOM付き）, CP932 */
    size_t rows;            /* data rows read */
    size_t added, skipped, bad_rows;
    size_t depts_created, users_created;
    bool written;           /* committed */
    bool dry_run;
    bool verbose;
    size_t dropped;         /* messages past the first 1,000 (not kept, counted) */
    import_msg *msgs;
    size_t n, cap;
} import_report;

/* Reads a register CSV into the database. KS_INVALID when any row is bad (then nothing is written; the report lists
   every bad row with its line, column and reason); KS_OK otherwise. A dry run never writes. */
kstatus import_register_csv(kumo *k, const char *path, const import_opts *o, import_report *r);
void import_report_clear(import_report *r);
/* Writes the report as the command line shows it: the errors and notes (with verbose every row), then a summary. */
void import_report_print(const import_report *r, FILE *out);
/* The summary line alone (件数), for a status bar. */
void import_report_summary(const import_report *r, char *out, size_t n);

/* Which encoding a register file is in: a BOM says UTF-8; valid UTF-8 is UTF-8 (so is a file whose header line is
   UTF-8 naming a register column, a stray bad byte further down is then reported); else CP932. */
csv_encoding csv_detect_encoding(const char *buf, size_t n);
#endif
