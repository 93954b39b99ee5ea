/* Shared by the files of db/ only. */
#ifndef KUMO_DB_INTERNAL_H
#define KUMO_DB_INTERNAL_H
#include <sqlite3.h>

#include "db/db.h"

struct kdb {
    sqlite3 *h;
    char path[1024];
    char err[512];
    int last_rc;
};

kstatus db_map(kdb *db, int rc);
sqlite3_stmt *db_prep(kdb *db, const char *sql);
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
void db_bind_id(sqlite3_stmt *st, int i, int64_t id);   /* 0 → NULL */
char *db_col_dup(sqlite3_stmt *st, int i);
void db_col_copy(sqlite3_stmt *st, int i, char *out, size_t n);
/* Steps a write statement to completion and finalizes it. */
kstatus db_exec_done(kdb *db, sqlite3_stmt *st);
#endif
