/* Rows of a CSV file read with libcsv: the rows of a 確認事項 template and of an imported register. */
#ifndef KUMO_CSVROWS_H
#define KUMO_CSVROWS_H
#include <stdbool.h>
#include <stddef.h>

typedef struct csv_row {
    long line;      /* the line the record starts on, when the reader sets start_line (libcsv counts no lines) */
    char **f;       /* the values, NUL-terminated */
    size_t n;
} csv_row;

typedef struct csv_rows {
    csv_row *rows;
    size_t n, cap;
    char **cur;     /* the record being read */
    size_t curn, curcap;
    long start_line;
    bool oom;       /* a value or a row was dropped: memory ran out */
} csv_rows;

/* The libcsv callbacks (csv_parse, csv_fini) that fill the csv_rows given as their data. A NUL byte in a value
   becomes U+0001, a control character the text checks refuse, instead of cutting the value short. */
void csv_rows_field(void *s, size_t len, void *rows);
void csv_rows_end(int c, void *rows);
void csv_rows_clear(csv_rows *r);
/* Frees the complete rows read so far (n = 0), keeping the record being read: a reader that streams. */
void csv_rows_drop(csv_rows *r);
#endif
