#include "db/db_backup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/schema.h"
#include "db/search.h"

/* Pages per step of a backup: small enough that a writer waits at most a moment for the copy's read lock. */
#define STEP_PAGES 256
/* How often the copy may start again (another process wrote meanwhile) before the rest goes in one step. */
#define MAX_RESTARTS 3

/* Runs the backup from src to dst to its end. */
static int run_backup(sqlite3 *dst, sqlite3 *src, db_pages_fn progress, void *ctx)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) return sqlite3_errcode(dst);
    int rc, restarts = 0, last_remaining = -1;
    for (;;) {
        rc = sqlite3_backup_step(b, restarts > MAX_RESTARTS ? -1 : STEP_PAGES);
        int remaining = sqlite3_backup_remaining(b), total = sqlite3_backup_pagecount(b);
        if (progress && total > 0) progress(ctx, total - remaining, total);
        if (rc == SQLITE_DONE) break;
        if (rc == SQLITE_OK) {
            /* the remaining count going up means the copy started over: the source changed under it */
            if (last_remaining >= 0 && remaining > last_remaining) restarts++;
            last_remaining = remaining;
            continue;
        }
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
            sqlite3_sleep(20);
            continue;
        }
        break;
    }
    int fin = sqlite3_backup_finish(b);
    return rc == SQLITE_DONE ? fin : rc;
}

kstatus db_backup_to(kdb *db, const char *path, db_pages_fn progress, void *ctx, int64_t *pages)
{
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(dst, 1);
        /* the search index's tokenizer and function, as on every connection that may read kumo's schema */
        rc = search_register(dst);
    }
    if (rc == SQLITE_OK) rc = run_backup(dst, db->h, progress, ctx);
    /* one self-contained file: no write-ahead log beside it */
    if (rc == SQLITE_OK) rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    if (rc == SQLITE_OK && pages) {
        sqlite3_stmt *st = NULL;
        *pages = 0;
        if (sqlite3_prepare_v2(dst, "PRAGMA page_count", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            *pages = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_OK && dst) snprintf(db->err, sizeof db->err, "%s", sqlite3_errmsg(dst));
    int crc = dst ? sqlite3_close(dst) : SQLITE_OK;
    if (rc == SQLITE_OK) rc = crc;
    return rc == SQLITE_OK ? KS_OK : db_map(NULL, rc);
}

kstatus db_restore_from(kdb *db, const char *path, db_pages_fn progress, void *ctx)
{
    sqlite3 *src = NULL;
    int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(src, 1);
        rc = search_register(src);
    }
    if (rc == SQLITE_OK) {
        /* the live connection is the destination: it takes the write lock and others wait for it */
        sqlite3_backup *b = sqlite3_backup_init(db->h, "main", src, "main");
        if (!b) {
            rc = sqlite3_errcode(db->h);
        } else {
            do {
                rc = sqlite3_backup_step(b, -1);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
            } while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
            int total = sqlite3_backup_pagecount(b);
            if (progress && total > 0) progress(ctx, total, total);
            int fin = sqlite3_backup_finish(b);
            rc = rc == SQLITE_DONE ? fin : rc;
        }
    }
    if (rc != SQLITE_OK) snprintf(db->err, sizeof db->err, "%s", src ? sqlite3_errmsg(src) : "");
    if (src) sqlite3_close(src);
    return rc == SQLITE_OK ? KS_OK : db_map(NULL, rc);
}

/* One integer of a PRAGMA, or -1. */
static int64_t pragma_value(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Opens a connection that can only read the file: plainly, else as an unchanging file (a database in WAL mode whose
   folder cannot take the shared-memory file). */
static int open_read_only(const char *path, sqlite3 **h)
{
    int rc = sqlite3_open_v2(path, h, SQLITE_OPEN_READONLY, NULL);
    if (rc == SQLITE_OK) rc = search_register(*h);
    if (rc == SQLITE_OK && pragma_value(*h, "PRAGMA user_version") >= 0) return SQLITE_OK;
    int first = rc == SQLITE_OK ? sqlite3_errcode(*h) : rc;
    if (*h) sqlite3_close(*h);
    *h = NULL;
    char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
    if (!uri) return SQLITE_NOMEM;
    /* the path as a URI: '%', '?' and '#' in a name would be read as the URI's own */
    rc = strpbrk(path, "%?#") ? SQLITE_CANTOPEN : sqlite3_open_v2(uri, h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    sqlite3_free(uri);
    if (rc == SQLITE_OK) rc = search_register(*h);
    if (rc == SQLITE_OK && pragma_value(*h, "PRAGMA user_version") >= 0) return SQLITE_OK;
    if (*h) sqlite3_close(*h);
    *h = NULL;
    return first ? first : SQLITE_NOTADB;
}

kstatus db_check_file(const char *path, kdb_check *out)
{
    memset(out, 0, sizeof *out);
    kdb *db = calloc(1, sizeof *db);
    if (!db) return KS_NOMEM;
    snprintf(db->path, sizeof db->path, "%s", path);
    int rc = open_read_only(path, &db->h);
    if (rc != SQLITE_OK) {
        free(db);
        return db_map(NULL, rc);
    }
    sqlite3_extended_result_codes(db->h, 1);
    db->readonly = true;
    out->kumo = pragma_value(db->h, "PRAGMA application_id") == KUMO_APPLICATION_ID;
    out->version = (int)pragma_value(db->h, "PRAGMA user_version");
    out->too_new = out->version > (int)schema_migration_count();
    out->pages = pragma_value(db->h, "PRAGMA page_count");
    out->page_size = pragma_value(db->h, "PRAGMA page_size");
    sqlite3_stmt *st = NULL;
    kstatus s = KS_OK;
    if (sqlite3_prepare_v2(db->h, "PRAGMA integrity_check(1)", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *r = (const char *)sqlite3_column_text(st, 0);
        out->intact = r && !strcmp(r, "ok");
        snprintf(out->integrity, sizeof out->integrity, "%s", r ? r : "");
    } else {
        s = db_map(db, sqlite3_errcode(db->h));
        snprintf(out->integrity, sizeof out->integrity, "%s", sqlite3_errmsg(db->h));
    }
    sqlite3_finalize(st);
    if (!s && out->kumo && out->intact && !out->too_new && out->version >= SCHEMA_AUDIT_VERSION) {
        out->audited = true;
        s = db_audit_verify(db, &out->audit);
    }
    db_close(&db);
    return s;
}
