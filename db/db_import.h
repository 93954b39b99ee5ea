/* The staging of an import (db/db_import.c): the rows of a file checked in a first pass, kept in a temporary table
   of this connection (on disk, not in memory: the memory of an import does not grow with its rows), read again by
   the second pass that writes them. Nothing here takes the database's write lock. */
#ifndef KUMO_DB_IMPORT_H
#define KUMO_DB_IMPORT_H
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"

#define STAGE_COLS 14   /* the register's columns (app/exchange/register.h REGISTER_COLS) */

/* One staged row: the register's columns as the import normalised them, whether it ends a service (終了). */
typedef struct stage_row {
    long line;
    char v[STAGE_COLS][KTEXT(400)];
    bool terminated;
} stage_row;

/* A read transaction (BEGIN DEFERRED: no write lock) for the first pass, and the empty staging table. */
kstatus db_stage_begin(kdb *db);
kstatus db_stage_add(kdb *db, long line, const char *const v[STAGE_COLS], bool terminated);
/* A row staged earlier: by 承認番号; an active one by 名称 and 提供者; an ended one without a number by 名称.
   KS_NOTFOUND when there is none. col_no, col_name … are the indexes of those columns in v. */
kstatus db_stage_find_no(kdb *db, const char *no, stage_row *out);
kstatus db_stage_find_active(kdb *db, const char *name, const char *provider, stage_row *out);
kstatus db_stage_find_ended(kdb *db, const char *name, stage_row *out);
/* The highest number after `prefix` among the staged 承認番号 (0 = none). */
kstatus db_stage_max_seq(kdb *db, const char *prefix, int *seq);
/* Ends the read transaction of the first pass (the staged rows stay for the second). */
kstatus db_stage_checked(kdb *db);
/* Streams the staged rows in line order (cb returns non-zero to stop; a kstatus through *cb_status). */
typedef int (*stage_cb)(const stage_row *r, void *ctx);
kstatus db_stage_each(kdb *db, stage_cb cb, void *ctx);
/* Drops the staging table (and ends a transaction still open from the first pass). */
void db_stage_end(kdb *db);
#endif
