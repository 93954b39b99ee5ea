#include "db/db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "db/internal.h"
#include "db/schema.h"
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

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
    sqlite3_bind_text(st, i, s ? s : "", -1, SQLITE_TRANSIENT);
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
    const unsigned char *t = sqlite3_column_text(st, i);
    snprintf(out, n, "%s", t ? (const char *)t : "");
    text_trim_partial(out);   /* a value longer than its field never ends inside a character */
}

kstatus db_exec_done(kdb *db, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    kstatus s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
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
    sqlite3_finalize(st);
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
    sqlite3_finalize(st);
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

kstatus db_begin(kdb *db) { return exec_sql(db, "BEGIN IMMEDIATE"); }
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

void db_set_busy_timeout(kdb *db, int ms) { sqlite3_busy_timeout(db->h, ms); }

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
    for (size_t i = (size_t)ver; i < want; i++) {
        kstatus s = db_begin(db);
        if (s) return s;
        /* re-read inside the write lock: another process may have migrated meanwhile */
        int now = db_schema_version(db);
        if (now > (int)i) { db_rollback(db); continue; }
        char pragma[64];
        s = exec_sql(db, schema_migration(i));
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
    int flags = SQLITE_OPEN_READWRITE | (mode == DB_OPEN_CREATE ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db->h, flags, NULL);
    if (rc != SQLITE_OK) {
        kstatus s = db_map(db, rc);
        if (exists && access(path, W_OK) != 0) s = KS_READONLY;
        db_close(&db);
        return s;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, 5000);
    kstatus s = exec_sql(db, "PRAGMA foreign_keys=ON");
    if (!s) {
        /* The first real read: a file that is not SQLite fails here. */
        int v = pragma_int(db, "PRAGMA user_version");
        if (v < 0) s = db_map(db, db->last_rc ? db->last_rc : SQLITE_NOTADB);
    }
    if (!s) {
        sqlite3_stmt *q = db_prep(db, "PRAGMA journal_mode=WAL");
        if (q) {
            int r = sqlite3_step(q);
            if (r != SQLITE_ROW) s = db_map(db, r);
            sqlite3_finalize(q);
        } else {
            s = db_map(db, db->last_rc);
        }
    }
    if (!s) s = exec_sql(db, "PRAGMA synchronous=NORMAL");
    if (!s) s = migrate(db, mode == DB_OPEN_CREATE);
    if (!s && access(path, W_OK) != 0) s = KS_READONLY;
    if (s) {
        db_close(&db);
        return s;
    }
    *out = db;
    return KS_OK;
}

void db_close(kdb **db)
{
    if (!db || !*db) return;
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
    sqlite3_stmt *st = db_prep(db, "SELECT id FROM departments WHERE name = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, name);
    return db_int64(db, st, id);
}

static void read_dept(sqlite3_stmt *st, void *out)
{
    kdept *d = out;
    d->id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, d->name, sizeof d->name);
}

kstatus db_dept_get(kdb *db, int64_t id, kdept *out)
{
    sqlite3_stmt *st = db_prep(db, "SELECT id, name FROM departments WHERE id = ?");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, id);
    return db_one(db, st, read_dept, out);
}

kstatus db_dept_list(kdb *db, kdept **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT id, name FROM departments WHERE active = 1 ORDER BY id");
    if (!st) return db_map(db, db->last_rc);
    return db_rows(db, st, sizeof **out, read_dept, NULL, (void **)out, n);
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

#define USER_COLS "u.id, u.login, u.name, u.dept_id, coalesce(d.name, ''), u.section, u.role, u.active"
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
}

kstatus db_user_add(kdb *db, const kuser *u, int64_t *id)
{
    sqlite3_stmt *st =
        db_prep(db, "INSERT INTO users(login, name, dept_id, section, role, active) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, u->login);
    db_bind_text(st, 2, u->name);
    db_bind_id(st, 3, u->dept_id);
    db_bind_text(st, 4, u->section);
    db_bind_text(st, 5, role_code(u->role));
    sqlite3_bind_int(st, 6, u->active ? 1 : 0);
    kstatus s = db_exec_done(db, st);
    if (!s && id) *id = sqlite3_last_insert_rowid(db->h);
    return s;
}

kstatus db_user_update(kdb *db, const kuser *u)
{
    sqlite3_stmt *st =
        db_prep(db, "UPDATE users SET login = ?, name = ?, dept_id = ?, section = ?, role = ?, active = ? WHERE id = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, u->login);
    db_bind_text(st, 2, u->name);
    db_bind_id(st, 3, u->dept_id);
    db_bind_text(st, 4, u->section);
    db_bind_text(st, 5, role_code(u->role));
    sqlite3_bind_int(st, 6, u->active ? 1 : 0);
    sqlite3_bind_int64(st, 7, u->id);
    return db_exec_changed(db, st, KS_NOTFOUND);
}

static kstatus user_one(kdb *db, const char *sql, const char *text, int64_t id, kuser *out)
{
    sqlite3_stmt *st = db_prep(db, sql);
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
