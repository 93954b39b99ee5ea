/* The 承認済みクラウドサービス台帳 as CSV, as Japanese Excel reads it (libcsv quotes every field). */
#ifndef KUMO_APP_EXCHANGE_REGISTER_CSV_H
#define KUMO_APP_EXCHANGE_REGISTER_CSV_H
#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"
#include "app/exchange/cp932.h"

/* The register as CSV: UTF-8 with a BOM (or CP932), CRLF, every field quoted, formula-like cells neutralised.
   The rows of export_register_xlsx: services in use, and with `all` the ended ones too (状態 終了). */
kstatus export_register_csv(kumo *k, const char *path, csv_encoding enc, bool all, size_t *rows);

/* A cell that a spreadsheet would take for a formula (=, +, -, @ first) gets a leading apostrophe;
   csv_unneutralize undoes exactly that. Both return malloc'd strings. */
char *csv_neutralize(const char *s);
char *csv_unneutralize(const char *s);
#endif
