/* kumo's storage: one SQLite file (WAL, foreign keys, busy timeout, STRICT tables, versioned migrations).
   Every write is one BEGIN IMMEDIATE transaction; every value is a bound parameter. Nothing here draws.
   This header is db/db.c's: the connection, transactions, settings, 部局 and users. The records have their own:
   db/db_app.h (applications, 確認事項 answers, history), db/db_service.h (the 台帳), db/db_lifecycle.h (reviews,
   terminations, due lists, 年次利用状況確認). */
#ifndef KUMO_DB_H
#define KUMO_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/status.h"
#include "forms/clock.h"
#include "forms/role.h"

typedef struct kdb kdb;

/* Room for a time stamp (db_now) and its NUL. */
#define DB_STAMP_SIZE CLOCK_STAMP_SIZE

/* Room in a fixed field for `chars` characters of UTF-8 (4 bytes each at most) and the NUL: a field must hold
   every value the checks let through, or a later update writes the cut value back. */
#define KTEXT(chars) ((chars) * 4 + 1)

#define KUMO_APPLICATION_ID 0x4B554D4F /* "KUMO" in PRAGMA application_id */
/* The schema version is the number of migrations in db/schema.c. */

typedef enum db_open_mode { DB_OPEN_EXISTING, DB_OPEN_CREATE } db_open_mode;

/* Opens (or with DB_OPEN_CREATE creates) the database and brings its schema up to date. A database kumo may only
   read (its file, its folder or its medium cannot be written) opens as a read-only session: db_readonly says so
   and db_readonly_why why; writes then fail. */
kstatus db_open(const char *path, db_open_mode mode, kdb **out);
bool db_readonly(const kdb *db);
const char *db_readonly_why(const kdb *db);
void db_close(kdb **db);
/* The last SQLite message, for the details line under a Japanese error. */
const char *db_errmsg(const kdb *db);
const char *db_path(const kdb *db);
int db_schema_version(kdb *db);
/* How long a write waits for another connection's lock before KS_BUSY: a minute unless told otherwise (a long
   import holds the lock for its inserts; nobody's step should fail because another's took a few seconds). */
#define DB_WAIT_DEFAULT_MS 60000
/* Told every 200 ms while a write waits (waited: milliseconds so far); returns false to give up at once (KS_BUSY). */
typedef bool (*db_wait_fn)(void *ctx, int waited_ms);
/* How a write waits: at most max_ms, telling tick (NULL: nobody) as it goes. */
void db_set_wait(kdb *db, int max_ms, db_wait_fn tick, void *ctx);
/* db_set_wait with no tick. */
void db_set_busy_timeout(kdb *db, int ms);

/* Filling a new database nobody else has open (kumo demo --rows): journal in memory, no syncs, a larger page cache;
   off = back to WAL. */
kstatus db_bulk_mode(kdb *db, bool on);
/* PRAGMA data_version: changes when another connection has committed to the database since the last reading (never
   for this connection's own writes). */
kstatus db_data_version(kdb *db, int64_t *out);
/* Rows inserted in bulk are indexed for search at once at the end, not one by one (an FTS5 insert per statement
   costs many times one INSERT … SELECT): defer notes where the new rows begin and drops the triggers that index a
   new row; catch_up indexes every row after those marks and makes the triggers again. Both inside the
   transaction that writes the rows, so that the index commits with them. */
kstatus db_search_defer(kdb *db, int64_t *app_from, int64_t *svc_from);
kstatus db_search_catch_up(kdb *db, int64_t app_from, int64_t svc_from);
/* The same for the CHECK constraints of the services and users a bulk step inserts (an import): a CHECK with an IN
   list makes SQLite build a table of the list for every single-row INSERT, so defer notes where the new rows begin
   and has SQLite skip the CHECKs (PRAGMA ignore_check_constraints); catch_up evaluates them again, and when `verify`
   checks every row after the marks with the same expressions in one query (db_checks_mirrored), KS_CONSTRAINT when
   one fails (the caller rolls back). catch_up is called whatever happened after a successful defer: it turns the
   CHECKs back on. Only rows inserted after the marks may be written in between. */
typedef struct db_check_marks { int64_t service, user; } db_check_marks;
kstatus db_checks_defer(kdb *db, db_check_marks *m);
kstatus db_checks_catch_up(kdb *db, const db_check_marks *m, bool verify);
/* The CHECK expressions db_checks_catch_up evaluates, as the schema writes them: of services (table "services")
   and of users ("users"). For the test that keeps them equal to the schema. */
typedef struct db_check_expr { const char *table, *expr; } db_check_expr;
const db_check_expr *db_checks_mirrored(size_t *n);

kstatus db_begin(kdb *db);    /* BEGIN IMMEDIATE */
/* A read transaction: everything read until db_read_end sees one state of the database (an export and the audit
   head printed on it). Nothing to do when a transaction is already open. */
kstatus db_read_begin(kdb *db);
void db_read_end(kdb *db);
kstatus db_commit(kdb *db);
void db_rollback(kdb *db);

/* Settings: org_name, demo, review_interval_months … */
kstatus db_setting_get(kdb *db, const char *key, char *out, size_t n);
kstatus db_setting_set(kdb *db, const char *key, const char *value);

/* ---- 部局 and users ---- */
typedef struct kdept {
    int64_t id;
    char name[128];
    bool active;         /* false: 廃止 (kept for the records that name it, offered for nothing new) */
    int64_t users;       /* active users in it (db_dept_list_all only) */
    int64_t services;    /* active services of it, at most DB_DEPT_SERVICES_MAX (db_dept_list_all only) */
} kdept;
kstatus db_dept_add(kdb *db, const char *name, int64_t *id);
kstatus db_dept_find(kdb *db, const char *name, int64_t *id);
kstatus db_dept_get(kdb *db, int64_t id, kdept *out);
/* The active 部局 in the order they were added (a municipality has tens, not thousands); kdept_free. */
kstatus db_dept_list(kdb *db, kdept **out, size_t *n);
/* Every 部局, retired too, with how many active users and active services each has; kdept_free. The services are
   counted up to DB_DEPT_SERVICES_MAX (read from an index, so that the screen does not wait on the size of the
   register): that many reads 「1000件以上」. */
#define DB_DEPT_SERVICES_MAX 1000
kstatus db_dept_list_all(kdb *db, kdept **out, size_t *n);
/* Renames a 部局 and sets whether it is active. KS_CONSTRAINT when the name is taken. */
kstatus db_dept_update(kdb *db, const kdept *d);

typedef struct kuser {
    int64_t id;
    char login[64];
    char name[128];
    int64_t dept_id;
    char dept_name[128];
    char section[128];
    krole role;      /* stored as its code (forms/role.c) */
    bool active;
    char mail[256];  /* メールアドレス for reminders (kumo remind), "" when none */
} kuser;
kstatus db_user_add(kdb *db, const kuser *u, int64_t *id);
kstatus db_user_by_login(kdb *db, const char *login, kuser *out);
kstatus db_user_by_id(kdb *db, int64_t id, kuser *out);
kstatus db_user_by_name(kdb *db, const char *name, kuser *out);
/* Users ordered by role rank then 部局 and name; role ROLE_NONE = all; dept_id 0 = all. The caller frees *out with
   kuser_free. */
kstatus db_user_list(kdb *db, krole role, int64_t dept_id, kuser **out, size_t *n);
/* The same, with inactive users when inactive_too. */
kstatus db_user_list_ex(kdb *db, krole role, int64_t dept_id, bool inactive_too, kuser **out, size_t *n);
kstatus db_user_update(kdb *db, const kuser *u);

/* A list of users for a picker or the 利用者管理 screen, in 氏名 order (then id), by keyset: never the whole table. */
typedef struct kuser_query {
    const char *search;        /* the start of a 氏名, a ログイン名 (any width or case) or a 部局名; NULL or "" = all */
    int64_t dept_id;           /* 0 = every 部局 */
    bool inactive_too;
    const krole *roles;        /* the roles wanted, ending with ROLE_NONE; NULL = every role */
    int64_t exclude;           /* a user left out (the one leaving, when a successor is picked); 0 = none */
} kuser_query;
/* A place in that order: the row a page starts after or ends before. */
typedef struct kuser_key {
    char name[128];
    int64_t id;
} kuser_key;
/* The `limit` users just after `after` (NULL = from the first), or with `before` the `limit` just before it
   (before->id 0 = the last page); in order either way. */
kstatus db_user_page(kdb *db, const kuser_query *q, const kuser_key *after, const kuser_key *before, int limit,
                     kuser *out, int *n);
kstatus db_user_count(kdb *db, const kuser_query *q, int64_t *count);
/* What a new database has of what its administrator sets up first: active 部局, active users per role (indexed by
   krole), and services in the register (counted up to 1000). */
kstatus db_setup_counts(kdb *db, int64_t *depts, int64_t roles[ROLE__COUNT], int64_t *services);
/* Changes a user's login name (a user made by the register import for a name it could not match, connected to the
   person's real login). KS_CONSTRAINT when the login is taken. */
kstatus db_user_set_login(kdb *db, int64_t id, const char *login);

/* Ownership: every record or list db/ hands over is given back with the _free of its type, which frees it and sets
   the pointer to NULL (kuser_free(&v)); a record filled into the caller's own storage (kapp) is emptied by its
   _clear, which frees what it holds and leaves its pointers NULL (kapp_clear(&a)). */
void kdept_free(kdept **v);
void kuser_free(kuser **v);

/* Time stamp for history rows and created_at/updated_at: ISO 8601 in the organisation's zone with its offset,
   2026-11-23T10:00:00+09:00 (forms/clock.h; $KUMO_NOW and $KUMO_TODAY fix it for tests). Rows written before 0.2
   hold YYYY-MM-DD HH:MM:SS without an offset. */
void db_now(char out[DB_STAMP_SIZE]);
#endif
