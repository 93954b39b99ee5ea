#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/db_audit.h"
#include "db/internal.h"
#include "db/schema.h"
#include "db/search.h"
#include "forms/date.h"
#include "forms/text.h"

kstatus db_map(kdb *db, int rc)
{
    if (db && rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW && db->h)
        snprintf(db->err, sizeof db->err, "%s", sqlite3_errmsg(db->h));
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return KS_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return KS_BUSY;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN: return KS_READONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return KS_CORRUPT;
    case SQLITE_CONSTRAINT: return KS_CONSTRAINT;
    case SQLITE_NOMEM: return KS_NOMEM;
    case SQLITE_FULL:
    case SQLITE_IOERR: return KS_IO;
    default: return KS_ERROR;
    }
}

sqlite3_stmt *db_prep(kdb *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "%s", sqlite3_errmsg(db->h));
        db->last_rc = sqlite3_errcode(db->h);
        if (db->last_rc == SQLITE_OK) db->last_rc = SQLITE_ERROR;
        return NULL;
    }
    return st;
}

sqlite3_stmt *db_cached(kdb *db, const char *sql)
{
    int free_slot = -1;
    for (int i = 0; i < DB_CACHE_MAX; i++) {
        if (db->cache[i].sql == sql) {
            /* in use by a caller still reading its rows (a callback that runs the same query): a statement of its
               own, finalized by db_done */
            if (sqlite3_stmt_busy(db->cache[i].st)) return db_prep(db, sql);
            return db->cache[i].st;
        }
        if (!db->cache[i].sql && free_slot < 0) free_slot = i;
    }
    sqlite3_stmt *st = db_prep(db, sql);
    if (st && free_slot >= 0) {
        db->cache[free_slot].sql = sql;
        db->cache[free_slot].st = st;
    }
    return st;
}

void db_done(kdb *db, sqlite3_stmt *st)
{
    if (!st) return;
    for (int i = 0; db && i < DB_CACHE_MAX; i++)
        if (db->cache[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return;
        }
    sqlite3_finalize(st);
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
}

void db_bind_text_static(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_STATIC);
}

void db_bind_id(sqlite3_stmt *st, int i, int64_t id)
{
    if (id > 0) sqlite3_bind_int64(st, i, id);
    else sqlite3_bind_null(st, i);
}

char *db_col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return strdup(t ? (const char *)t : "");
}

void db_col_copy(sqlite3_stmt *st, int i, char *out, size_t n)
{
    if (!n) return;
    /* what snprintf("%s") would copy, without its formatting (every column of every row of an export comes here) */
    const char *t = (const char *)sqlite3_column_text(st, i);
    size_t len = t ? strnlen(t, (size_t)sqlite3_column_bytes(st, i)) : 0;
    if (len > n - 1) len = n - 1;
    if (len) memcpy(out, t, len);
    out[len] = 0;
    /* a value longer than its field never ends inside a character (only a value ending in a multi-byte character
       can) */
    if (len && ((unsigned char)out[len - 1] & 0x80)) text_trim_partial(out);
}

kstatus db_exec_done(kdb *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    kstatus s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    db_done(db, st);
    return s;
}

kstatus db_exec_changed(kdb *db, sqlite3_stmt *st, kstatus none)
{
    kstatus s = db_exec_done(db, st);
    if (!s && sqlite3_changes(db->h) == 0) s = none;
    return s;
}

kstatus db_one(kdb *db, sqlite3_stmt *st, db_row_fn read, void *out)
{
    int rc = sqlite3_step(st);
    kstatus s = rc == SQLITE_ROW ? KS_OK : rc == SQLITE_DONE ? KS_NOTFOUND : db_map(db, rc);
    if (rc == SQLITE_ROW) read(st, out);
    db_done(db, st);
    return s;
}

static void read_int64(sqlite3_stmt *st, void *out)
{
    if (out) *(int64_t *)out = sqlite3_column_int64(st, 0);
}

kstatus db_int64(kdb *db, sqlite3_stmt *st, int64_t *out) { return db_one(db, st, read_int64, out); }

kstatus db_rows(kdb *db, sqlite3_stmt *st, size_t size, db_row_fn read, void (*release)(void *), void **out,
                size_t *n)
{
    *out = NULL;
    *n = 0;
    char *v = NULL;
    size_t cap = 0, got = 0;
    int rc;
    kstatus s = KS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (got == cap) {
            size_t c = cap ? cap * 2 : 16;
            char *g = realloc(v, c * size);
            if (!g) {
                s = KS_NOMEM;
                break;
            }
            v = g;
            cap = c;
        }
        read(st, v + got++ * size);
    }
    if (!s && rc != SQLITE_DONE) s = db_map(db, rc);
    db_done(db, st);
    if (s) {
        for (size_t i = 0; release && i < got; i++) release(v + i * size);
        free(v);
        return s;
    }
    *out = v;
    *n = got;
    return KS_OK;
}

void db_reverse(void *v, size_t n, size_t size)
{
    unsigned char *p = v;
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--)
        for (size_t b = 0; b < size; b++) {
            unsigned char t = p[i * size + b];
            p[i * size + b] = p[j * size + b];
            p[j * size + b] = t;
        }
}

static kstatus exec_sql(kdb *db, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        snprintf(db->err, sizeof db->err, "%s", msg ? msg : sqlite3_errstr(rc));
        sqlite3_free(msg);
        return db_map(NULL, rc);
    }
    return KS_OK;
}

kstatus db_begin(kdb *db)
{
    /* SQLite begins a write transaction even on a read-only connection and fails only at the first write */
    if (db->readonly) {
        snprintf(db->err, sizeof db->err, "%s", db->ro_why);
        return KS_READONLY;
    }
    return exec_sql(db, "BEGIN IMMEDIATE");
}

kstatus db_read_begin(kdb *db) { return sqlite3_get_autocommit(db->h) ? exec_sql(db, "BEGIN") : KS_OK; }

void db_read_end(kdb *db)
{
    if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
}
kstatus db_commit(kdb *db) { return exec_sql(db, "COMMIT"); }

void db_rollback(kdb *db)
{
    if (!sqlite3_get_autocommit(db->h)) sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
}

/* One integer from a PRAGMA, or -1 with the failing result code kept in last_rc (a read-only WAL file fails
   here, at the first step, and must not be reported as a corrupt one). */
static int pragma_int(kdb *db, const char *sql)
{
    sqlite3_stmt *st = db_prep(db, sql);
    int v = -1;
    if (st) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int(st, 0);
        } else {
            db->last_rc = rc == SQLITE_DONE ? SQLITE_ERROR : rc;
            snprintf(db->err, sizeof db->err, "%s", sqlite3_errmsg(db->h));
        }
    }
    sqlite3_finalize(st);
    return v;
}

int db_schema_version(kdb *db) { return pragma_int(db, "PRAGMA user_version"); }

/* The busy handler: sleeps in growing steps (as SQLite's own: 1, 2, 5 … 100 ms) until the lock is free, the time
   allowed is spent, or the caller's tick says to give up (ESC in the UI). */
static int on_busy(void *p, int count)
{
    kdb *db = p;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (count == 0) {
        db->wait_start = now;
        db->wait_ticked = -1;
    }
    long waited = (now.tv_sec - db->wait_start.tv_sec) * 1000 + (now.tv_nsec - db->wait_start.tv_nsec) / 1000000;
    if (waited >= db->wait_max) return 0;
    /* the caller hears of a wait every 200 ms, from the first moment it lasts that long */
    if (db->wait_tick && waited >= 200 && waited / 200 != db->wait_ticked) {
        db->wait_ticked = waited / 200;
        if (!db->wait_tick(db->wait_ctx, (int)waited)) return 0;
    }
    static const int STEPS[] = {1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100};
    int n = (int)(sizeof STEPS / sizeof STEPS[0]);
    long ms = STEPS[count < n ? count : n - 1];
    if (ms > db->wait_max - waited) ms = db->wait_max - waited;
    struct timespec d = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
    nanosleep(&d, NULL);
    return 1;
}

void db_set_wait(kdb *db, int max_ms, db_wait_fn tick, void *ctx)
{
    db->wait_max = max_ms > 0 ? max_ms : 0;
    db->wait_tick = tick;
    db->wait_ctx = ctx;
    sqlite3_busy_handler(db->h, on_busy, db);
}

void db_set_busy_timeout(kdb *db, int ms) { db_set_wait(db, ms, NULL, NULL); }

kstatus db_data_version(kdb *db, int64_t *out)
{
    sqlite3_stmt *st = db_cached(db, "PRAGMA main.data_version");
    if (!st) return db_map(db, db->last_rc);
    return db_int64(db, st, out);
}

kstatus db_search_defer(kdb *db, int64_t *app_from, int64_t *svc_from)
{
    sqlite3_stmt *st = db_prep(db, "SELECT (SELECT coalesce(max(id), 0) FROM applications), "
                                   "(SELECT coalesce(max(id), 0) FROM services)");
    if (!st) return db_map(db, db->last_rc);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *app_from = sqlite3_column_int64(st, 0);
        *svc_from = sqlite3_column_int64(st, 1);
    }
    kstatus s = rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    /* without the triggers an insert is one row, not a statement with a sub-transaction of its own (a statement
       journal written to a temporary file, page by page); dropped inside the caller's transaction, they come back
       with its rollback as with db_search_catch_up */
    if (!s) s = exec_sql(db, "DROP TRIGGER app_search_ai; DROP TRIGGER svc_search_ai;");
    return s;
}

kstatus db_search_catch_up(kdb *db, int64_t app_from, int64_t svc_from)
{
    sqlite3_stmt *st = db_prep(db, "INSERT INTO app_search(rowid, t) SELECT a.id, " SCHEMA_APP_TEXT("a.")
                                   " FROM applications a WHERE a.id > ?");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, app_from);
    kstatus s = db_exec_done(db, st);
    if (s) return s;
    st = db_prep(db, "INSERT INTO svc_search(rowid, t) SELECT s.id, " SCHEMA_SVC_TEXT("s.")
                     " FROM services s WHERE s.id > ?");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, svc_from);
    s = db_exec_done(db, st);
    if (!s) s = exec_sql(db, SCHEMA_APP_SEARCH_AI SCHEMA_SVC_SEARCH_AI);
    return s;
}

/* The CHECK constraints of db/schema.c that db_checks_catch_up evaluates itself, word for word. */
#define CHECK_SVC_STATUS "status IN ('active','terminated')"
#define CHECK_SVC_BUILD "build_state IN ('pending','done','legacy','none')"
#define CHECK_SVC_DISPOSAL "disposal_state IN ('','pending','done','legacy')"
#define CHECK_USER_ROLE "role IN ('staff','dept_head','approver','ciso','auditor','admin')"
static const db_check_expr CHECKS_MIRRORED[] = {
    {"services", CHECK_SVC_STATUS}, {"services", CHECK_SVC_BUILD}, {"services", CHECK_SVC_DISPOSAL},
    {"users", CHECK_USER_ROLE},
};

const db_check_expr *db_checks_mirrored(size_t *n)
{
    *n = sizeof CHECKS_MIRRORED / sizeof CHECKS_MIRRORED[0];
    return CHECKS_MIRRORED;
}

kstatus db_checks_defer(kdb *db, db_check_marks *m)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *st = db_prep(db, "SELECT (SELECT coalesce(max(id), 0) FROM services), "
                                   "(SELECT coalesce(max(id), 0) FROM users)");
    if (!st) return db_map(db, db->last_rc);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        m->service = sqlite3_column_int64(st, 0);
        m->user = sqlite3_column_int64(st, 1);
    }
    kstatus s = rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    if (!s) s = exec_sql(db, "PRAGMA ignore_check_constraints=ON");
    return s;
}

kstatus db_checks_catch_up(kdb *db, const db_check_marks *m, bool verify)
{
    kstatus s = exec_sql(db, "PRAGMA ignore_check_constraints=OFF");
    if (s || !verify) return s;
    /* each table's rows after its mark (by its INTEGER PRIMARY KEY: a new row's id is above every id before it) */
    sqlite3_stmt *st = db_prep(db, "SELECT (SELECT count(*) FROM services WHERE id > ?1 AND NOT (" CHECK_SVC_STATUS
                                   " AND " CHECK_SVC_BUILD " AND " CHECK_SVC_DISPOSAL ")), "
                                   "(SELECT count(*) FROM users WHERE id > ?2 AND NOT (" CHECK_USER_ROLE "))");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, m->service);
    sqlite3_bind_int64(st, 2, m->user);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) s = db_map(db, rc);
    else if (sqlite3_column_int64(st, 0) || sqlite3_column_int64(st, 1)) {
        snprintf(db->err, sizeof db->err, "CHECK constraint failed: %s",
                 sqlite3_column_int64(st, 0) ? "services" : "users");
        s = KS_CONSTRAINT;
    }
    sqlite3_finalize(st);
    return s;
}

kstatus db_bulk_mode(kdb *db, bool on)
{
    /* the rollback journal in memory (a failed batch still rolls back) and no syncs while a new file is filled;
       then WAL again. Only for a database nobody else has open (kumo demo). */
    kstatus s = exec_sql(db, on ? "PRAGMA journal_mode=MEMORY" : "PRAGMA journal_mode=WAL");
    if (!s) s = exec_sql(db, on ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL");
    if (!s) s = exec_sql(db, on ? "PRAGMA cache_size=-65536" : "PRAGMA cache_size=-2000");
    /* the rows are the caller's own, made from the values the schema allows and the ids it has just read or
       written: their CHECK and REFERENCES constraints are not evaluated row by row (a CHECK with an IN list builds
       a temporary table for every row written); the demo's tests check the result with integrity_check and
       foreign_key_check */
    if (!s) s = exec_sql(db, on ? "PRAGMA ignore_check_constraints=ON" : "PRAGMA ignore_check_constraints=OFF");
    if (!s) s = exec_sql(db, on ? "PRAGMA foreign_keys=OFF" : "PRAGMA foreign_keys=ON");
    return s;
}

/* Brings the schema to the newest version, one migration per transaction. */
static kstatus migrate(kdb *db, bool created)
{
    int appid = pragma_int(db, "PRAGMA application_id");
    int ver = db_schema_version(db);
    if (appid < 0 || ver < 0) return db_map(db, db->last_rc ? db->last_rc : SQLITE_CORRUPT);
    if (!created && appid != KUMO_APPLICATION_ID) {
        snprintf(db->err, sizeof db->err, "application_id=%d", appid);
        return KS_CORRUPT;
    }
    size_t want = schema_migration_count();
    if ((size_t)ver > want) return KS_TOONEW;
    if ((size_t)ver < want && db->readonly) {
        snprintf(db->err, sizeof db->err, "古い版の kumo のデータベースで、読み取り専用のため更新できません");
        return KS_READONLY;
    }
    for (size_t i = (size_t)ver; i < want; i++) {
        kstatus s = db_begin(db);
        if (s) return s;
        /* re-read inside the write lock: another process may have migrated meanwhile */
        int now = db_schema_version(db);
        if (now > (int)i) { db_rollback(db); continue; }
        char pragma[64];
        s = exec_sql(db, schema_migration(i));
        if (!s && i + 1 == SCHEMA_AUDIT_VERSION) s = db_audit_genesis(db);
        /* a later migration that changed rows says so on the trail (db_audit_migrated) */
        if (!s && i + 1 > SCHEMA_AUDIT_VERSION && schema_migration_changes_rows(i)) s = db_audit_migrated(db, (int)i + 1);
        if (!s && i == 0) {
            snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d", KUMO_APPLICATION_ID);
            s = exec_sql(db, pragma);
        }
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%zu", i + 1);
        if (!s) s = exec_sql(db, pragma);
        if (!s) s = db_commit(db);
        if (s) { db_rollback(db); return s; }
    }
    return KS_OK;
}

/* path as an SQLite URI filename with query (mode=ro, immutable=1): every byte but the unreserved ones and '/'
   percent-encoded, so that '?', '#' and '%' in a folder's name stay part of the name. False when it does not fit. */
static bool uri_of(const char *path, const char *query, char *out, size_t n)
{
    static const char HEX[] = "0123456789ABCDEF";
    size_t o = 0;
    const char *pre = "file:";
    for (const char *p = pre; *p; p++) out[o++] = *p;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (o + 4 >= n) return false;
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("/._-~", *p)) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = HEX[*p >> 4];
            out[o++] = HEX[*p & 15];
        }
    }
    int w = snprintf(out + o, n - o, "?%s", query);
    return w > 0 && (size_t)w < n - o;
}

/* Opens the connection and reads the schema version (the first real read: a file that is not SQLite, or a
   write-ahead log that cannot be opened, fails here). */
static kstatus connect(kdb *db, const char *name, int flags)
{
    if (db->h) sqlite3_close_v2(db->h);
    db->h = NULL;
    db->last_rc = 0;
    /* kumo has one thread and each connection is used by it alone: no mutex around every call into SQLite (the
       connection's, with SQLITE_OPEN_NOMUTEX) and no global count of the memory it allocates (whose mutex is taken
       on every allocation). The configuration is refused, harmlessly, once SQLite is in use. */
    static bool configured;
    if (!configured) {
        configured = true;
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    }
    int rc = sqlite3_open_v2(name, &db->h, flags | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) return db_map(db, rc);
    sqlite3_extended_result_codes(db->h, 1);
    db_set_wait(db, db->wait_max ? db->wait_max : DB_WAIT_DEFAULT_MS, db->wait_tick, db->wait_ctx);
    /* the search index's function and tokenizer: its triggers and tables need them (db/search.c) */
    rc = search_register(db->h);
    if (rc != SQLITE_OK) return db_map(db, rc);
    kstatus s = exec_sql(db, "PRAGMA foreign_keys=ON");
    if (!s && pragma_int(db, "PRAGMA user_version") < 0) s = db_map(db, db->last_rc ? db->last_rc : SQLITE_NOTADB);
    return s;
}

/* Why the database can only be read: said by every write step (kumo_tx_begin). */
static void note_readonly(kdb *db, const char *path, bool immutable)
{
    db->readonly = true;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = 0;
    else snprintf(dir, sizeof dir, ".");
    if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) != 0)
        snprintf(db->ro_why, sizeof db->ro_why, "%s", errno == EROFS ? "読み取り専用の媒体にあります"
                                                                     : "このファイルに書き込む権限がありません");
    else if (faccessat(AT_FDCWD, dir, W_OK, AT_EACCESS) != 0)
        snprintf(db->ro_why, sizeof db->ro_why, "%s", errno == EROFS ? "読み取り専用の媒体にあります"
                                                                     : "ファイルのあるフォルダに書き込む権限がありません");
    else
        snprintf(db->ro_why, sizeof db->ro_why, "書き込みのための作業ファイル（-wal, -shm）を開けません");
    if (immutable) db->immutable = true;
}

kstatus db_open(const char *path, db_open_mode mode, kdb **out)
{
    *out = NULL;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!exists && mode == DB_OPEN_EXISTING) return KS_NOTFOUND;
    if (exists && mode == DB_OPEN_CREATE && st.st_size > 0) return KS_EXISTS;
    kdb *db = calloc(1, sizeof *db);
    if (!db) return KS_NOMEM;
    snprintf(db->path, sizeof db->path, "%s", path);
    /* SQLite opens a file it may only read for reading: such a session reads, and every write step says why not */
    int flags = SQLITE_OPEN_READWRITE | (mode == DB_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
    kstatus s = connect(db, path, flags);
    if (s && mode == DB_OPEN_EXISTING && (db->last_rc & 0xff) != SQLITE_NOTADB && (db->last_rc & 0xff) != SQLITE_CORRUPT &&
        faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) == 0) {
        /* a write-ahead log that cannot be made (a folder or medium that cannot be written): read-only, and when
           even the shared-memory file cannot be made, as an unchanging file (no writer can be at work then: a
           writer always has that file) */
        char uri[PATH_MAX * 3 + 32];
        kstatus first = s;
        if (uri_of(path, "mode=ro", uri, sizeof uri)) s = connect(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
        if (s && uri_of(path, "immutable=1", uri, sizeof uri)) {
            s = connect(db, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
            if (!s) db->immutable = true;
        }
        if (s) s = first;
    }
    if (!s && sqlite3_db_readonly(db->h, "main") == 1) note_readonly(db, path, db->immutable);
    if (!s && !db->readonly) {
        sqlite3_stmt *q = db_prep(db, "PRAGMA journal_mode=WAL");
        if (q) {
            int r = sqlite3_step(q);
            if (r != SQLITE_ROW) s = db_map(db, r);
            sqlite3_finalize(q);
        } else {
            s = db_map(db, db->last_rc);
        }
        if (!s) s = exec_sql(db, "PRAGMA synchronous=NORMAL");
    }
    if (!s) s = migrate(db, mode == DB_OPEN_CREATE);
    if (s) {
        db_close(&db);
        return s;
    }
    *out = db;
    return KS_OK;
}

bool db_readonly(const kdb *db) { return db && db->readonly; }
const char *db_readonly_why(const kdb *db) { return db && db->readonly ? db->ro_why : ""; }

void db_close(kdb **db)
{
    if (!db || !*db) return;
    for (int i = 0; i < DB_CACHE_MAX; i++) sqlite3_finalize((*db)->cache[i].st);
    if ((*db)->h) sqlite3_close_v2((*db)->h);
    free(*db);
    *db = NULL;
}

const char *db_errmsg(const kdb *db) { return db ? db->err : ""; }
const char *db_path(const kdb *db) { return db ? db->path : ""; }

void db_now(char out[DB_STAMP_SIZE]) { clock_stamp(out); }

/* ---- settings ---- */

kstatus db_setting_get(kdb *db, const char *key, char *out, size_t n)
{
    sqlite3_stmt *st = db_prep(db, "SELECT value FROM settings WHERE key = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, key);
    int rc = sqlite3_step(st);
    kstatus s = KS_NOTFOUND;
    if (rc == SQLITE_ROW) {
        db_col_copy(st, 0, out, n);
        s = KS_OK;
    } else if (rc != SQLITE_DONE) {
        s = db_map(db, rc);
    }
    sqlite3_finalize(st);
    return s;
}

kstatus db_setting_set(kdb *db, const char *key, const char *value)
{
    sqlite3_stmt *st = db_prep(db, "INSERT INTO settings(key, value) VALUES (?, ?) "
                                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    return db_exec_done(db, st);
}

/* ---- 部局 ---- */

kstatus db_dept_add(kdb *db, const char *name, int64_t *id)
{
    sqlite3_stmt *st = db_prep(db, "INSERT INTO departments(name) VALUES (?)");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, name);
    kstatus s = db_exec_done(db, st);
    if (!s && id) *id = sqlite3_last_insert_rowid(db->h);
    return s;
}

kstatus db_dept_find(kdb *db, const char *name, int64_t *id)
{
    sqlite3_stmt *st = db_cached(db, "SELECT id FROM departments WHERE name = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, name);
    return db_int64(db, st, id);
}

static void read_dept(sqlite3_stmt *st, void *out)
{
    kdept *d = out;
    memset(d, 0, sizeof *d);
    d->id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, d->name, sizeof d->name);
    d->active = sqlite3_column_int(st, 2) != 0;
    if (sqlite3_column_count(st) > 3) {
        d->users = sqlite3_column_int64(st, 3);
        d->services = sqlite3_column_int64(st, 4);
    }
}

kstatus db_dept_get(kdb *db, int64_t id, kdept *out)
{
    sqlite3_stmt *st = db_prep(db, "SELECT id, name, active FROM departments WHERE id = ?");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, id);
    return db_one(db, st, read_dept, out);
}

kstatus db_dept_list(kdb *db, kdept **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT id, name, active FROM departments WHERE active = 1 ORDER BY id");
    if (!st) return db_map(db, db->last_rc);
    return db_rows(db, st, sizeof **out, read_dept, NULL, (void **)out, n);
}

kstatus db_dept_list_all(kdb *db, kdept **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT d.id, d.name, d.active, "
                                   "(SELECT count(*) FROM users u WHERE u.dept_id = d.id AND u.active = 1), "
                                   "(SELECT count(*) FROM (SELECT 1 FROM services s INDEXED BY services_dept_status "
                                   "WHERE s.dept_id = d.id AND s.status = 'active' LIMIT ?1)) "
                                   "FROM departments d ORDER BY d.active DESC, d.id");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int(st, 1, DB_DEPT_SERVICES_MAX);
    return db_rows(db, st, sizeof **out, read_dept, NULL, (void **)out, n);
}

kstatus db_dept_update(kdb *db, const kdept *d)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE departments SET name = ?1, active = ?2 WHERE id = ?3");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, d->name);
    sqlite3_bind_int(st, 2, d->active ? 1 : 0);
    sqlite3_bind_int64(st, 3, d->id);
    return db_exec_done(db, st);
}

void kdept_free(kdept **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

void kuser_free(kuser **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

/* ---- users ---- */

#define USER_COLS "u.id, u.login, u.name, u.dept_id, coalesce(d.name, ''), u.section, u.role, u.active, u.mail"
#define USER_FROM " FROM users u LEFT JOIN departments d ON d.id = u.dept_id "

static void read_user(sqlite3_stmt *st, void *out)
{
    kuser *u = out;
    u->id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, u->login, sizeof u->login);
    db_col_copy(st, 2, u->name, sizeof u->name);
    u->dept_id = sqlite3_column_int64(st, 3);
    db_col_copy(st, 4, u->dept_name, sizeof u->dept_name);
    db_col_copy(st, 5, u->section, sizeof u->section);
    u->role = role_from_code((const char *)sqlite3_column_text(st, 6));
    u->active = sqlite3_column_int(st, 7) != 0;
    db_col_copy(st, 8, u->mail, sizeof u->mail);
}

kstatus db_user_add(kdb *db, const kuser *u, int64_t *id)
{
    sqlite3_stmt *st =
        db_cached(db, "INSERT INTO users(login, name, dept_id, section, role, active, mail) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, u->login);
    db_bind_text(st, 2, u->name);
    db_bind_id(st, 3, u->dept_id);
    db_bind_text(st, 4, u->section);
    db_bind_text(st, 5, role_code(u->role));
    sqlite3_bind_int(st, 6, u->active ? 1 : 0);
    db_bind_text(st, 7, u->mail);
    kstatus s = db_exec_done(db, st);
    if (!s && id) *id = sqlite3_last_insert_rowid(db->h);
    return s;
}

kstatus db_user_update(kdb *db, const kuser *u)
{
    sqlite3_stmt *st =
        db_prep(db, "UPDATE users SET login = ?, name = ?, dept_id = ?, section = ?, role = ?, active = ?, mail = ? "
                    "WHERE id = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, u->login);
    db_bind_text(st, 2, u->name);
    db_bind_id(st, 3, u->dept_id);
    db_bind_text(st, 4, u->section);
    db_bind_text(st, 5, role_code(u->role));
    sqlite3_bind_int(st, 6, u->active ? 1 : 0);
    db_bind_text(st, 7, u->mail);
    sqlite3_bind_int64(st, 8, u->id);
    return db_exec_changed(db, st, KS_NOTFOUND);
}

static kstatus user_one(kdb *db, const char *sql, const char *text, int64_t id, kuser *out)
{
    sqlite3_stmt *st = db_cached(db, sql);
    if (!st) return db_map(db, db->last_rc);
    if (text) db_bind_text(st, 1, text);
    else sqlite3_bind_int64(st, 1, id);
    return db_one(db, st, read_user, out);
}

kstatus db_user_by_login(kdb *db, const char *login, kuser *out)
{
    return user_one(db, "SELECT " USER_COLS USER_FROM "WHERE u.login = ?", login, 0, out);
}

kstatus db_user_by_id(kdb *db, int64_t id, kuser *out)
{
    return user_one(db, "SELECT " USER_COLS USER_FROM "WHERE u.id = ?", NULL, id, out);
}

kstatus db_user_by_name(kdb *db, const char *name, kuser *out)
{
    return user_one(db, "SELECT " USER_COLS USER_FROM "WHERE u.name = ? AND u.active = 1 ORDER BY u.id LIMIT 1",
                    name, 0, out);
}

/* The search of a user list: the start of a 氏名 or a 部局名 as typed, of a ログイン名 folded (ｔａｎａｋａ, TANAKA);
   each a range on an index (users_name, the login's UNIQUE index, departments_name_active). ?1 the 氏名/部局名 start,
   ?2 the login start (NULL: no search), ?3 the 部局, ?4 inactive too, ?5 whether roles are given, ?6 … ?11 the roles. */
#define USER_PAGE_WHERE                                                                                          \
    "WHERE (?2 IS NULL OR u.name >= ?1 AND u.name < ?1 || char(1114111)"                                        \
    "   OR u.login >= ?2 AND u.login < ?2 || char(1114111)"                                                       \
    "   OR u.dept_id IN (SELECT id FROM departments WHERE name >= ?1 AND name < ?1 || char(1114111)))"           \
    " AND (?3 = 0 OR u.dept_id = ?3) AND (?4 = 1 OR u.active = 1)"                                               \
    " AND (?5 = 0 OR u.role IN (?6, ?7, ?8, ?9, ?10, ?11)) AND u.id <> ?15"

static void bind_user_query(sqlite3_stmt *st, const kuser_query *q)
{
    kuser_query none = {0};
    if (!q) q = &none;
    char start[256] = "", login[256] = "";
    if (q->search) {
        const char *b = q->search;
        while (*b == ' ' || !strncmp(b, "\xE3\x80\x80", 3)) b += *b == ' ' ? 1 : 3;
        snprintf(start, sizeof start, "%s", b);
        size_t l = strlen(start);
        while (l && start[l - 1] == ' ') start[--l] = 0;
        text_fold(start, login, sizeof login);
    }
    if (*start) {
        db_bind_text(st, 1, start);
        db_bind_text(st, 2, login);
    }
    sqlite3_bind_int64(st, 3, q->dept_id);
    sqlite3_bind_int(st, 4, q->inactive_too ? 1 : 0);
    sqlite3_bind_int(st, 5, q->roles ? 1 : 0);
    for (int i = 0; q->roles && i < 6 && q->roles[i] != ROLE_NONE; i++) db_bind_text(st, 6 + i, role_code(q->roles[i]));
    sqlite3_bind_int64(st, 15, q->exclude);   /* (?12–?14: a page's place and size) */
}

kstatus db_user_page(kdb *db, const kuser_query *q, const kuser_key *after, const kuser_key *before, int limit,
                     kuser *out, int *n)
{
    *n = 0;
    bool up = before != NULL;
    sqlite3_stmt *st = db_prep(db, up ? "SELECT " USER_COLS USER_FROM USER_PAGE_WHERE
                                        " AND (?12 = 0 OR u.name < ?13 OR u.name = ?13 AND u.id < ?12)"
                                        " ORDER BY u.name DESC, u.id DESC LIMIT ?14"
                                      : "SELECT " USER_COLS USER_FROM USER_PAGE_WHERE
                                        " AND (?12 = 0 OR u.name > ?13 OR u.name = ?13 AND u.id > ?12)"
                                        " ORDER BY u.name, u.id LIMIT ?14");
    if (!st) return db_map(db, db->last_rc);
    bind_user_query(st, q);
    const kuser_key *key = up ? before : after;
    sqlite3_bind_int64(st, 12, key ? key->id : 0);
    db_bind_text(st, 13, key ? key->name : "");
    sqlite3_bind_int(st, 14, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) read_user(st, &out[(*n)++]);
    kstatus s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    if (up) db_reverse(out, (size_t)*n, sizeof *out);
    return s;
}

kstatus db_user_count(kdb *db, const kuser_query *q, int64_t *count)
{
    sqlite3_stmt *st = db_prep(db, "SELECT count(*)" USER_FROM USER_PAGE_WHERE);
    if (!st) return db_map(db, db->last_rc);
    bind_user_query(st, q);
    return db_int64(db, st, count);
}

kstatus db_setup_counts(kdb *db, int64_t *depts, int64_t roles[ROLE__COUNT], int64_t *services)
{
    for (int r = 0; r < ROLE__COUNT; r++) roles[r] = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM departments WHERE active = 1");
    if (!st) return db_map(db, db->last_rc);
    kstatus s = db_int64(db, st, depts);
    if (!s) s = (st = db_prep(db, "SELECT count(*) FROM (SELECT 1 FROM services LIMIT 1000)")) ? db_int64(db, st, services)
                                                                                                  : db_map(db, db->last_rc);
    if (s) return s;
    st = db_prep(db, "SELECT role, count(*) FROM users WHERE active = 1 GROUP BY role");
    if (!st) return db_map(db, db->last_rc);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        roles[role_from_code((const char *)sqlite3_column_text(st, 0))] = sqlite3_column_int64(st, 1);
    s = rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

kstatus db_user_set_login(kdb *db, int64_t id, const char *login)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE users SET login = ?1 WHERE id = ?2");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, login);
    sqlite3_bind_int64(st, 2, id);
    return db_exec_done(db, st);
}

kstatus db_user_list(kdb *db, krole role, int64_t dept_id, kuser **out, size_t *n)
{
    return db_user_list_ex(db, role, dept_id, false, out, n);
}

kstatus db_user_list_ex(kdb *db, krole role, int64_t dept_id, bool inactive_too, kuser **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db,
                               "SELECT " USER_COLS USER_FROM
                               "WHERE (?3 = 1 OR u.active = 1) AND (?1 IS NULL OR u.role = ?1) AND (?2 = 0 OR u.dept_id = ?2) "
                               "ORDER BY CASE u.role WHEN 'staff' THEN 1 WHEN 'dept_head' THEN 2 "
                               "WHEN 'approver' THEN 3 WHEN 'ciso' THEN 4 WHEN 'auditor' THEN 5 ELSE 6 END, "
                               "u.dept_id, u.id");
    if (!st) return db_map(db, db->last_rc);
    if (role != ROLE_NONE) db_bind_text(st, 1, role_code(role));
    sqlite3_bind_int64(st, 2, dept_id);
    sqlite3_bind_int(st, 3, inactive_too ? 1 : 0);
    return db_rows(db, st, sizeof **out, read_user, NULL, (void **)out, n);
}
