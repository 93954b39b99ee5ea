/* The staging table of an import (db/db_import.h). */
#include "db/db_import.h"

#include <stdlib.h>
#include <string.h>

#include "db/internal.h"

#define STAGE_SELECT "SELECT line, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, terminated FROM temp.import_stage "

static kstatus exec(kdb *db, const char *sql)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? KS_OK : db_map(db, rc);
}

kstatus db_stage_begin(kdb *db)
{
    /* the staged rows stay in memory up to 4 MB, then spill to the temporary file */
    kstatus s = exec(db, "PRAGMA temp.cache_size = -4096");
    /* nothing in the staging table is ever rolled back to: no journal for it */
    if (!s) s = exec(db, "PRAGMA temp.journal_mode = OFF");
    if (!s) s = exec(db, "DROP TABLE IF EXISTS temp.import_stage");
    if (!s) s = exec(db, "CREATE TEMP TABLE import_stage (line INTEGER PRIMARY KEY, c0 TEXT, c1 TEXT, c2 TEXT, "
                         "c3 TEXT, c4 TEXT, c5 TEXT, c6 TEXT, c7 TEXT, c8 TEXT, c9 TEXT, c10 TEXT, c11 TEXT, c12 TEXT, c13 TEXT, terminated INTEGER)");
    if (!s) s = exec(db, "CREATE INDEX temp.import_stage_no ON import_stage(c0) WHERE c0 <> ''");
    if (!s) s = exec(db, "CREATE INDEX temp.import_stage_name ON import_stage(c1, c2, terminated)");
    if (!s) s = exec(db, "BEGIN");
    return s;
}

kstatus db_stage_add(kdb *db, long line, const char *const v[STAGE_COLS], bool terminated)
{
    sqlite3_stmt *st = db_cached(db, "INSERT INTO temp.import_stage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, line);
    for (int c = 0; c < STAGE_COLS; c++) db_bind_text_static(st, 2 + c, v[c]);   /* stepped at once */
    sqlite3_bind_int(st, 2 + STAGE_COLS, terminated ? 1 : 0);
    return db_exec_done(db, st);
}

static void read_stage(sqlite3_stmt *st, void *out)
{
    stage_row *r = out;
    r->line = (long)sqlite3_column_int64(st, 0);
    for (int c = 0; c < STAGE_COLS; c++) db_col_copy(st, 1 + c, r->v[c], sizeof r->v[c]);
    r->terminated = sqlite3_column_int(st, 1 + STAGE_COLS) != 0;
}

static kstatus find(kdb *db, const char *sql, const char *a, const char *b, stage_row *out)
{
    sqlite3_stmt *st = db_cached(db, sql);
    if (!st) return db_map(db, db->last_rc);
    db_bind_text_static(st, 1, a);
    if (b) db_bind_text_static(st, 2, b);
    return db_one(db, st, read_stage, out);
}

kstatus db_stage_find_no(kdb *db, const char *no, stage_row *out)
{
    return find(db, STAGE_SELECT "WHERE c0 = ?1 AND c0 <> '' ORDER BY line LIMIT 1", no, NULL, out);
}

kstatus db_stage_find_active(kdb *db, const char *name, const char *provider, stage_row *out)
{
    return find(db, STAGE_SELECT "WHERE c1 = ?1 AND c2 = ?2 AND terminated = 0 ORDER BY line LIMIT 1", name, provider,
                out);
}

kstatus db_stage_find_ended(kdb *db, const char *name, stage_row *out)
{
    /* the caller compares every column: the first of the same name is enough when there are few */
    return find(db, STAGE_SELECT "WHERE c1 = ?1 AND terminated = 1 ORDER BY line LIMIT 1", name, NULL, out);
}

kstatus db_stage_max_seq(kdb *db, const char *prefix, int *seq)
{
    sqlite3_stmt *st = db_cached(db, "SELECT coalesce(max(CAST(substr(c0, length(?1) + 1) AS INTEGER)), 0) "
                                     "FROM temp.import_stage WHERE substr(c0, 1, length(?1)) = ?1");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, prefix);
    int64_t v = 0;
    kstatus s = db_int64(db, st, &v);
    if (!s) *seq = (int)v;
    return s;
}

kstatus db_stage_checked(kdb *db)
{
    return sqlite3_get_autocommit(db->h) ? KS_OK : exec(db, "COMMIT");
}

/* Rows per read: the reading statement is done before the rows are written (no cursor stays open on the staging
   table while the register is written). */
#define STAGE_BATCH 64

kstatus db_stage_each(kdb *db, stage_cb cb, void *ctx)
{
    stage_row *v = malloc(STAGE_BATCH * sizeof *v);
    if (!v) return KS_NOMEM;
    long after = -1;
    kstatus s = KS_OK;
    for (bool more = true; more && !s;) {
        sqlite3_stmt *st = db_cached(db, STAGE_SELECT "WHERE line > ? ORDER BY line LIMIT " "64");
        if (!st) {
            s = db_map(db, db->last_rc);
            break;
        }
        sqlite3_bind_int64(st, 1, after);
        int n = 0, rc;
        while (n < STAGE_BATCH && (rc = sqlite3_step(st)) == SQLITE_ROW) read_stage(st, &v[n++]);
        if (n < STAGE_BATCH && rc != SQLITE_DONE) s = db_map(db, rc);
        db_done(db, st);
        more = n == STAGE_BATCH;
        for (int i = 0; i < n && !s; i++) {
            after = v[i].line;
            if (cb(&v[i], ctx)) {
                more = false;
                break;
            }
        }
    }
    free(v);
    return s;
}

void db_stage_end(kdb *db)
{
    if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_exec(db->h, "DROP TABLE IF EXISTS temp.import_stage", NULL, NULL, NULL);
}
