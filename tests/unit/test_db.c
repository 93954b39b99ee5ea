/* Unit tests for db/: opening (WAL, foreign keys, versioned schema, application_id), the errors a person meets
   (corrupt, read-only, busy), optimistic locking, keyset paging in both directions, and Japanese search. */
#include "db/db.h"
#include "db/db_audit.h"
#include "db/db_app.h"
#include "db/db_lifecycle.h"
#include "db/db_service.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "db/internal.h"
#include "db/schema.h"

static char dir[PATH_MAX];
static char path[PATH_MAX + 32];

static void tmp_setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kumo-db-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);
}

static void tmp_teardown(void)
{
    chmod(dir, 0700);
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "test_db: could not remove %s\n", dir);
}

static kdb *make_db(void)
{
    kdb *db = NULL;
    kstatus s = db_open(path, DB_OPEN_CREATE, &db);
    ck_assert_msg(s == KS_OK, "db_open create: %d", s);
    return db;
}

static sqlite3 *raw_open(void)
{
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    return h;
}

static long long raw_int(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void raw_text(sqlite3 *h, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* A 部局 and a user to file applications with. */
static void seed(kdb *db, int64_t *dept, int64_t *user, const char *name)
{
    ck_assert_int_eq(db_dept_add(db, "総務部", dept), KS_OK);
    kuser u = {0};
    snprintf(u.login, sizeof u.login, "sato");
    snprintf(u.name, sizeof u.name, "%s", name);
    u.role = ROLE_DEPT_HEAD;
    u.dept_id = *dept;
    u.active = true;
    ck_assert_int_eq(db_user_add(db, &u, user), KS_OK);
}

/* An active 職員等 of dept; their id. */
static int64_t add_staff(kdb *db, const char *login, const char *name, int64_t dept)
{
    kuser u = {.role = ROLE_STAFF, .dept_id = dept, .active = true};
    snprintf(u.login, sizeof u.login, "%s", login);
    snprintf(u.name, sizeof u.name, "%s", name);
    int64_t id = 0;
    ck_assert_int_eq(db_user_add(db, &u, &id), KS_OK);
    return id;
}

static kstatus insert_app(kdb *db, int64_t user, int64_t dept, const char *name, const char *provider, int64_t *id)
{
    kapp a = {0};
    for (int f = 0; f < FF_COUNT; f++) a.v[f] = "";
    a.v[FF_KIND] = "新規";
    a.v[FF_SERVICE_NAME] = (char *)name;
    a.v[FF_PROVIDER] = (char *)provider;
    a.track = "";
    a.ck_key = a.ck_name = a.ck_version = "";
    a.applicant_id = user;
    a.dept_id = dept;
    kstatus s = db_app_insert(db, &a);
    if (id) *id = a.id;
    return s;
}

/* ---- opening ---- */

START_TEST(open_creates_wal_foreign_keys_and_version)
{
    kdb *db = make_db();
    ck_assert_int_eq(db_schema_version(db), (int)schema_migration_count());
    /* foreign keys are per connection: ask the connection kumo uses */
    ck_assert_int_eq(raw_int(db->h, "PRAGMA foreign_keys"), 1);
    char mode[32];
    raw_text(db->h, "PRAGMA journal_mode", mode, sizeof mode);
    ck_assert_str_eq(mode, "wal");
    /* the file itself says WAL, kumo and the schema version to any other connection */
    sqlite3 *h = raw_open();
    raw_text(h, "PRAGMA journal_mode", mode, sizeof mode);
    ck_assert_str_eq(mode, "wal");
    ck_assert_int_eq(raw_int(h, "PRAGMA application_id"), KUMO_APPLICATION_ID);
    ck_assert_int_eq(raw_int(h, "PRAGMA user_version"), (long long)schema_migration_count());
    sqlite3_close(h);
    /* foreign keys really hold: an application of a user and 部局 that do not exist */
    ck_assert_int_eq(insert_app(db, 999, 999, "幽霊", "", NULL), KS_CONSTRAINT);
    db_close(&db);
    ck_assert_ptr_null(db);
    /* reopening an existing database keeps it as it is */
    ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db), KS_OK);
    ck_assert_int_eq(db_schema_version(db), (int)schema_migration_count());
    ck_assert_int_eq(raw_int(db->h, "PRAGMA foreign_keys"), 1);
    db_close(&db);
}
END_TEST

START_TEST(open_refuses_to_overwrite_or_invent)
{
    kdb *db = make_db();
    db_close(&db);
    ck_assert_int_eq(db_open(path, DB_OPEN_CREATE, &db), KS_EXISTS);
    ck_assert_ptr_null(db);
    char other[PATH_MAX + 32];
    snprintf(other, sizeof other, "%s/none.db", dir);
    ck_assert_int_eq(db_open(other, DB_OPEN_EXISTING, &db), KS_NOTFOUND);
    ck_assert_ptr_null(db);
    ck_assert_int_eq(access(other, F_OK), -1);   /* nothing was created */
}
END_TEST

START_TEST(migrations_are_numbered)
{
    size_t n = schema_migration_count();
    ck_assert_uint_ge(n, 1);
    for (size_t i = 0; i < n; i++) ck_assert_ptr_nonnull(schema_migration(i));
    ck_assert_ptr_null(schema_migration(n));
    /* migration 1 creates the core tables */
    ck_assert_ptr_nonnull(strstr(schema_migration(0), "CREATE TABLE applications"));
}
END_TEST

/* ---- the errors a person meets ---- */

START_TEST(not_sqlite_is_corrupt)
{
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 200; i++) fputs("これはデータベースではありません。This is not a database.\n", f);
    fclose(f);
    struct stat before;
    stat(path, &before);
    kdb *db = NULL;
    ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db), KS_CORRUPT);
    ck_assert_ptr_null(db);
    /* and the file is left exactly as it was */
    struct stat after;
    stat(path, &after);
    ck_assert_int_eq(before.st_size, after.st_size);
    f = fopen(path, "rb");
    char line[128];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    fclose(f);
    ck_assert_str_eq(line, "これはデータベースではありません。This is not a database.\n");
}
END_TEST

START_TEST(foreign_sqlite_is_corrupt)
{
    /* another program's SQLite file: application_id is not KUMO */
    sqlite3 *h = NULL;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, "CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES ('メモ');", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    kdb *db = NULL;
    ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db), KS_CORRUPT);
    /* its data is untouched and no kumo table was added */
    h = raw_open();
    ck_assert_int_eq(raw_int(h, "SELECT count(*) FROM notes"), 1);
    ck_assert_int_eq(raw_int(h, "SELECT count(*) FROM sqlite_master WHERE name = 'applications'"), 0);
    sqlite3_close(h);
}
END_TEST

START_TEST(newer_schema_is_too_new)
{
    kdb *db = make_db();
    db_close(&db);
    sqlite3 *h = raw_open();
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%zu", schema_migration_count() + 5);
    ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db), KS_TOONEW);
    ck_assert_ptr_null(db);
}
END_TEST

/* A database kumo may only read opens as a read-only session (issue 8: 監査 on a copy, read-only media): it reads,
   says why it cannot write, and refuses every write with KS_READONLY. 0 when all of that holds, else the number
   of the first check that failed. */
static int readonly_session_checks(void)
{
    kdb *db = NULL;
    kstatus s = db_open(path, DB_OPEN_EXISTING, &db);
    if (s != KS_OK) return 10 + (int)s;
    int r = 0;
    char v[64];
    if (!db_readonly(db)) r = 2;
    else if (!*db_readonly_why(db)) r = 3;
    else if (db_setting_get(db, "org_name", v, sizeof v) != KS_OK || strcmp(v, "読み取り市")) r = 4;
    else if (db_setting_set(db, "org_name", "書き換え") != KS_READONLY) r = 5;
    else if (db_begin(db) == KS_OK) r = 6;
    db_close(&db);
    return r;
}

/* The read-only checks as the unprivileged user nobody (root writes through any permission bits); -1 if privileges
   could not be dropped here (then the caller says so and checks only what it can). */
static int checks_as_nobody(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0 || geteuid() == 0) _exit(200);
        if (access(dir, X_OK) != 0) _exit(201);   /* the temp folder's parents are closed to nobody */
        _exit(readonly_session_checks());
    }
    int st = 0;
    waitpid(pid, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) >= 200) return -1;
    return WEXITSTATUS(st);
}

/* The honest fallback: a connection SQLite itself opened read-only, written to, maps to KS_READONLY. */
static void assert_readonly_mapping(void)
{
    sqlite3 *h = NULL;
    char uri[PATH_MAX + 64];
    snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
    ck_assert_int_eq(sqlite3_open_v2(uri, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL), SQLITE_OK);
    int rc = sqlite3_exec(h, "INSERT INTO settings(key, value) VALUES ('x', 'y')", NULL, NULL, NULL);
    ck_assert_int_eq(rc & 0xff, SQLITE_READONLY);
    ck_assert_int_eq(db_map(NULL, rc), KS_READONLY);
    sqlite3_close(h);
}

static void run_readonly_checks(void)
{
    int r = geteuid() != 0 ? readonly_session_checks() : checks_as_nobody();
    if (r < 0) {
        fprintf(stderr, "test_db: cannot drop root privileges here; checking only the KS_READONLY mapping\n");
        assert_readonly_mapping();
        return;
    }
    ck_assert_msg(r == 0, "read-only session check %d failed", r);
}

/* A database made and closed cleanly (no -wal or -shm left), with something to read. */
static void make_closed_db(void)
{
    kdb *db = make_db();
    ck_assert_int_eq(db_setting_set(db, "org_name", "読み取り市"), KS_OK);
    db_close(&db);
}

START_TEST(read_only_file_and_folder)
{
    /* a medium or a copy nobody may write: not even the -shm can be made, it opens as an unchanging file */
    make_closed_db();
    ck_assert_int_eq(chmod(path, 0444), 0);
    ck_assert_int_eq(chmod(dir, 0555), 0);
    run_readonly_checks();
    chmod(dir, 0700);
}
END_TEST

START_TEST(read_only_folder_writable_file)
{
    /* WAL needs kumo.db-wal and kumo.db-shm beside the file: a folder that cannot be written is a read-only session */
    make_closed_db();
    ck_assert_int_eq(chmod(dir, 0555), 0);
    if (geteuid() == 0) {
        ck_assert_int_eq(chown(path, 65534, 65534), 0);
        ck_assert_int_eq(chmod(path, 0644), 0);
    }
    run_readonly_checks();
    chmod(dir, 0700);
}
END_TEST

START_TEST(read_only_file_with_live_writer)
{
    /* 監査 reading a file another user writes (its -wal and -shm there, readable only): the session sees what the
       writer committed, and still refuses to write */
    make_closed_db();
    sqlite3 *w = raw_open();
    ck_assert_int_eq(sqlite3_exec(w, "PRAGMA journal_mode=WAL; UPDATE settings SET value = '読み取り市' WHERE key = 'org_name';"
                                     "CREATE TABLE held(x); BEGIN; SELECT count(*) FROM held;", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(chmod(path, 0644), 0);
    char side[sizeof path + 8];
    snprintf(side, sizeof side, "%s-shm", path);
    chmod(side, 0644);
    snprintf(side, sizeof side, "%s-wal", path);
    chmod(side, 0644);
    ck_assert_int_eq(chmod(dir, 0755), 0);
    if (geteuid() != 0) chmod(path, 0444);
    run_readonly_checks();
    sqlite3_exec(w, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(w);
    chmod(dir, 0700);
}
END_TEST

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000.0 + t.tv_nsec / 1e6;
}

START_TEST(busy_database_times_out)
{
    kdb *db = make_db();
    sqlite3 *other = raw_open();
    ck_assert_int_eq(sqlite3_exec(other, "BEGIN IMMEDIATE; INSERT INTO settings VALUES ('lock', '1');", NULL, NULL, NULL),
                     SQLITE_OK);
    db_set_busy_timeout(db, 300);
    double t0 = now_ms();
    ck_assert_int_eq(db_begin(db), KS_BUSY);
    double waited = now_ms() - t0;
    ck_assert_msg(waited >= 250 && waited < 4000, "waited %.0f ms", waited);
    /* a single write outside a transaction is refused the same way */
    ck_assert_int_eq(db_setting_set(db, "org_name", "みらい市"), KS_BUSY);
    /* WAL: reading is not blocked by the writer */
    char v[64];
    ck_assert_int_eq(db_setting_get(db, "org_name", v, sizeof v), KS_NOTFOUND);
    /* once the other writer commits, the write goes through */
    ck_assert_int_eq(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(db_begin(db), KS_OK);
    ck_assert_int_eq(db_setting_set(db, "org_name", "みらい市"), KS_OK);
    ck_assert_int_eq(db_commit(db), KS_OK);
    ck_assert_int_eq(db_setting_get(db, "lock", v, sizeof v), KS_OK);
    ck_assert_str_eq(v, "1");
    ck_assert_int_eq(db_setting_get(db, "org_name", v, sizeof v), KS_OK);
    ck_assert_str_eq(v, "みらい市");
    sqlite3_close(other);
    db_close(&db);
}
END_TEST

/* ---- records ---- */

START_TEST(japanese_round_trip_and_optimistic_lock)
{
    kdb *db = make_db();
    int64_t dept, user;
    seed(db, &dept, &user, "佐藤 一郎");
    int64_t id;
    ck_assert_int_eq(insert_app(db, user, dept, "電子申請サービス①※", "株式会社みらいクラウド", &id), KS_OK);
    kapp a, b;
    ck_assert_int_eq(db_app_get(db, id, &a), KS_OK);
    ck_assert_str_eq(a.v[FF_SERVICE_NAME], "電子申請サービス①※");
    ck_assert_str_eq(a.applicant_name, "佐藤 一郎");
    ck_assert_str_eq(a.dept_name, "総務部");
    ck_assert_str_eq(a.state, "draft");
    ck_assert_int_eq(a.version, 1);
    ck_assert_int_eq(db_app_get(db, id, &b), KS_OK);
    /* first editor saves */
    free(a.v[FF_PURPOSE]);
    a.v[FF_PURPOSE] = strdup("住民の申請を受け付ける");
    ck_assert_int_eq(db_app_update_form(db, &a), KS_OK);
    ck_assert_int_eq(a.version, 2);
    /* the second, still at version 1, is refused and overwrites nothing */
    free(b.v[FF_PURPOSE]);
    b.v[FF_PURPOSE] = strdup("上書き");
    ck_assert_int_eq(db_app_update_form(db, &b), KS_CONFLICT);
    ck_assert_int_eq(b.version, 1);
    free(b.state);
    b.state = strdup("submitted");
    ck_assert_int_eq(db_app_update_state(db, &b), KS_CONFLICT);
    kapp c;
    ck_assert_int_eq(db_app_get(db, id, &c), KS_OK);
    ck_assert_str_eq(c.v[FF_PURPOSE], "住民の申請を受け付ける");
    ck_assert_str_eq(c.state, "draft");
    ck_assert_int_eq(c.version, 2);
    kapp_clear(&a);
    kapp_clear(&b);
    kapp_clear(&c);
    ck_assert_int_eq(db_app_get(db, 12345, &c), KS_NOTFOUND);
    db_close(&db);
}
END_TEST

START_TEST(answers_and_history_round_trip)
{
    kdb *db = make_db();
    int64_t dept, user, id;
    seed(db, &dept, &user, "佐藤 一郎");
    ck_assert_int_eq(insert_app(db, user, dept, "地図作成サービス", "", &id), KS_OK);
    ck_answer v[2] = {
        {.no = 1, .code = "4(1)-1", .section = "利用判断基準", .text = "①目的", .required = true, .answer = "適合",
         .note = "確認済み", .reason = ""},
        {.no = 2, .code = "4(2)-1", .section = "提供者選定基準", .text = "①国内", .required = true,
         .answer = "不適合", .note = "海外リージョン", .reason = "リスク受容"},
    };
    ck_assert_int_eq(db_answers_replace(db, id, v, 2), KS_OK);
    ck_answer *got = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(db, id, &got, &n), KS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(got[1].code, "4(2)-1");
    ck_assert_str_eq(got[1].answer, "不適合");
    ck_assert_str_eq(got[1].reason, "リスク受容");
    ck_assert(got[0].required);
    checklist_answers_free(&got, n);
    /* the schema refuses an answer the policy does not know */
    ck_answer bad = v[0];
    bad.answer = "はい";
    ck_assert_int_eq(db_answer_save(db, id, &bad), KS_CONSTRAINT);
    /* a history row is written by the step's audit record, from the same values */
    kaudit r = {0};
    snprintf(r.action, sizeof r.action, "差戻し");
    kaudit_subject(&r, "application", id, "", "");
    kaudit_history(&r, NULL, id, 0, "submitted", "returned", "資料番号を記入してください");
    kaudit_actor actor = {.id = user, .login = "sato", .name = "佐藤 一郎", .role = "dept_head"};
    ck_assert_int_eq(db_begin(db), KS_OK);
    ck_assert_int_eq(db_audit_append(db, &r, &actor, NULL), KS_OK);
    ck_assert_int_eq(db_commit(db), KS_OK);
    khist *h = NULL;
    ck_assert_int_eq(db_history_list(db, id, 0, &h, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(h[0].user, "佐藤 一郎");
    ck_assert_str_eq(h[0].from_state, "submitted");
    ck_assert_str_eq(h[0].to_state, "returned");
    ck_assert_str_eq(h[0].comment, "資料番号を記入してください");
    khist_free(&h, n);
    db_close(&db);
}
END_TEST

/* ---- keyset paging ---- */

enum { NAPPS = 1000, PAGE = 37 };

/* Walks every page down from the newest and back up from the oldest; each row must come exactly once each way. */
static void walk_both_ways(kdb *db, const kapp_filter *f, const bool *present, int64_t want)
{
    static int seen[NAPPS + 1];
    kapp_row rows[PAGE], bottom[PAGE];
    int n = 0, nbottom = 0;
    memset(seen, 0, sizeof seen);
    int64_t before = 0, prev = INT64_MAX, total = 0;
    for (;;) {
        ck_assert_int_eq(db_app_page(db, f, before, 0, PAGE, rows, &n), KS_OK);
        if (n == 0) break;
        ck_assert_int_le(n, PAGE);
        for (int i = 0; i < n; i++) {
            ck_assert_int_lt(rows[i].id, prev);   /* newest first, strictly */
            prev = rows[i].id;
            ck_assert(rows[i].id >= 1 && rows[i].id <= NAPPS && present[rows[i].id]);
            seen[rows[i].id]++;
            total++;
        }
        memcpy(bottom, rows, sizeof rows);
        nbottom = n;
        before = rows[n - 1].id;
    }
    ck_assert_int_eq(total, want);
    for (int i = 1; i <= NAPPS; i++) ck_assert_int_le(seen[i], 1);

    /* back up: the bottom page, then the page just above the top row of the current one */
    memset(seen, 0, sizeof seen);
    total = 0;
    for (int i = 0; i < nbottom; i++) seen[bottom[i].id]++, total++;
    int64_t top = nbottom ? bottom[0].id : 0;
    while (top) {
        ck_assert_int_eq(db_app_page(db, f, 0, top, PAGE, rows, &n), KS_OK);
        if (n == 0) break;
        for (int i = 0; i < n; i++) {
            ck_assert_int_gt(rows[i].id, top);
            if (i) ck_assert_int_lt(rows[i].id, rows[i - 1].id);   /* still newest first */
            seen[rows[i].id]++;
            total++;
        }
        /* contiguous: nothing between the old top and the new page's lowest row is skipped */
        for (int64_t id = top + 1; id < rows[n - 1].id; id++) ck_assert(!present[id] || seen[id]);
        top = rows[0].id;
    }
    ck_assert_int_eq(total, want);
    for (int i = 1; i <= NAPPS; i++) ck_assert_int_le(seen[i], 1);
    int64_t count = -1;
    ck_assert_int_eq(db_app_count(db, f, &count), KS_OK);
    ck_assert_int_eq(count, want);
    /* and the idle count, through the same index as the page, one range of ids at a time */
    int64_t lo_half = -1, hi_half = -1;
    ck_assert_int_eq(db_app_count_range(db, f, 0, NAPPS / 2, &lo_half), KS_OK);
    ck_assert_int_eq(db_app_count_range(db, f, NAPPS / 2, NAPPS + 1, &hi_half), KS_OK);
    ck_assert_int_eq(lo_half + hi_half, want);
}

START_TEST(keyset_paging_every_row_once_both_ways)
{
    kdb *db = make_db();
    int64_t d1, user, d2;
    seed(db, &d1, &user, "佐藤 一郎");
    ck_assert_int_eq(db_dept_add(db, "市民生活部", &d2), KS_OK);
    static bool present[NAPPS + 1], in_d2[NAPPS + 1];
    ck_assert_int_eq(db_begin(db), KS_OK);
    for (int i = 1; i <= NAPPS; i++) {
        char name[64];
        snprintf(name, sizeof name, "サービス%04d", i);
        int64_t id;
        ck_assert_int_eq(insert_app(db, user, i % 2 ? d2 : d1, name, "株式会社サンプル", &id), KS_OK);
        ck_assert_int_eq(id, i);
        present[i] = true;
        in_d2[i] = i % 2;
    }
    ck_assert_int_eq(db_commit(db), KS_OK);
    /* gaps: every seventh application deleted (142 of them) */
    int64_t want = NAPPS, want_d2 = NAPPS / 2;
    for (int i = 7; i <= NAPPS; i += 7) {
        ck_assert_int_eq(db_app_delete_draft(db, i, 1), KS_OK);
        present[i] = false;
        want--;
        if (in_d2[i]) { in_d2[i] = false; want_d2--; }
    }
    ck_assert_int_eq(want, 858);
    walk_both_ways(db, NULL, present, want);
    kapp_filter f = {.dept_id = d2};
    walk_both_ways(db, &f, in_d2, want_d2);
    db_close(&db);
}
END_TEST

/* 状態, 部局 and 機密性 in every combination (the 申請一覧's s, d and c keys), also with a 職員等's scope (their own):
   each page through the index of exactly the filters given (migrations 17 and 18), and every matching row once each
   way, also where a combination matches only a few rows far apart (却下 of 機密性3B) or none. */
START_TEST(keyset_paging_by_state_dept_and_conf_together)
{
    static const char *const STATES[] = {"draft", "submitted", "returned", "approved", "rejected"};
    static const char *const CONFS[] = {"1", "2", "3C", "3B"};
    kdb *db = make_db();
    int64_t d1, user, d2;
    seed(db, &d1, &user, "佐藤 一郎");
    ck_assert_int_eq(db_dept_add(db, "市民生活部", &d2), KS_OK);
    int64_t other = add_staff(db, "kimura", "木村 翼", d2);
    static int64_t by[NAPPS + 1];
    static int state_of[NAPPS + 1], conf_of[NAPPS + 1];
    static int64_t dept_of[NAPPS + 1];
    ck_assert_int_eq(db_begin(db), KS_OK);
    sqlite3_stmt *set;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, "UPDATE applications SET state = ?, conf = ? WHERE id = ?", -1, &set, NULL),
                     SQLITE_OK);
    for (int i = 1; i <= NAPPS; i++) {
        int64_t id;
        dept_of[i] = i % 3 ? d1 : d2;
        by[i] = i % 5 ? user : other;   /* a 職員等 sees only their own: the applicant with each filter */
        ck_assert_int_eq(insert_app(db, by[i], dept_of[i], i % 7 ? "サービス" : "地図サービス", "株式会社サンプル", &id),
                         KS_OK);
        ck_assert_int_eq(id, i);
        /* 却下 of 機密性3B: only every 97th row; 差戻し of 機密性2: none */
        state_of[i] = i % 97 == 0 ? 4 : i % 4;
        conf_of[i] = i % 97 == 0 ? 3 : state_of[i] == 2 ? (i % 2 ? 0 : 2) : i % 3;
        sqlite3_reset(set);
        sqlite3_bind_text(set, 1, STATES[state_of[i]], -1, SQLITE_STATIC);
        sqlite3_bind_text(set, 2, CONFS[conf_of[i]], -1, SQLITE_STATIC);
        sqlite3_bind_int(set, 3, i);
        ck_assert_int_eq(sqlite3_step(set), SQLITE_DONE);
    }
    sqlite3_finalize(set);
    ck_assert_int_eq(db_commit(db), KS_OK);
    static bool match[NAPPS + 1];
    struct { int state, conf; int64_t dept; int64_t at_least; int who; const char *q; } cases[] = {
        {-1, 3, 0, 10, 0, NULL}, /* 機密性 alone */
        {4, 3, 0, 10, 0, NULL},  /* 却下 of 3B: sparse */
        {2, 1, 0, 0, 0, NULL},   /* 差戻し of 2: none */
        {1, -1, 2, 20, 0, NULL}, /* 申請中 of the second 部局 */
        {-1, 0, 2, 20, 0, NULL}, /* 部局 and 機密性 */
        {4, 3, 2, 1, 0, NULL},   /* all three, sparse */
        {3, 0, 2, 20, 0, NULL},  /* 承認済 of 機密性1 of the second 部局 */
        {2, 1, 1, 0, 0, NULL},   /* all three, none */
        {-1, 3, 0, 5, 1, NULL},  /* one applicant's of 機密性3B */
        {4, 3, 0, 5, 1, NULL},   /* one applicant's 却下 of 3B */
        {1, 0, 0, 5, 2, NULL},   /* the other's 申請中 of 機密性1 */
        {-1, 1, 0, 20, 2, NULL}, /* the other's of 機密性2 */
        {-1, -1, 2, 20, 1, NULL}, /* one applicant's in the second 部局 */
        {2, 1, 0, 0, 2, NULL},   /* the other's 差戻し of 2: none */
        /* a search with filters: the filters' index leads where it has fewer rows than the search matches */
        {-1, 3, 0, 1, 0, "地図"},   /* 地図 of 3B: one row, through the index of 機密性 */
        {4, 3, 0, 10, 0, "サ"},     /* every row matches サ (サンプル): 却下 of 3B through its index */
        {1, -1, 0, 20, 0, "地図"},  /* 地図 is the fewer: through the search index */
        {-1, 1, 0, 5, 2, "地図"},   /* the other's 地図 of 機密性2 */
        {-1, 0, 2, 0, 0, "該当"},   /* no match */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        kapp_filter f = {0};
        int64_t dept = cases[c].dept == 1 ? d1 : cases[c].dept == 2 ? d2 : 0;
        if (cases[c].state >= 0) f.state = STATES[cases[c].state];
        if (cases[c].conf >= 0) f.conf = CONFS[cases[c].conf];
        f.dept_id = dept;
        f.applicant_id = cases[c].who == 1 ? user : cases[c].who == 2 ? other : 0;
        f.search = cases[c].q;
        int64_t want = 0;
        for (int i = 1; i <= NAPPS; i++) {
            match[i] = (cases[c].state < 0 || state_of[i] == cases[c].state) &&
                       (cases[c].conf < 0 || conf_of[i] == cases[c].conf) && (!dept || dept_of[i] == dept) &&
                       (!f.applicant_id || by[i] == f.applicant_id) &&
                       (!f.search || strstr(i % 7 ? "サービス 株式会社サンプル" : "地図サービス 株式会社サンプル", f.search));
            want += match[i];
        }
        ck_assert_msg(cases[c].at_least ? want >= cases[c].at_least : want == 0, "case %zu: %lld rows", c,
                      (long long)want);
        walk_both_ways(db, &f, match, want);
    }
    db_close(&db);
}
END_TEST

/* A 情報セキュリティ責任者 sees the 部局's applications and their own in any 部局 (policy_app_scope): every page
   both ways, unfiltered and with each 部局 filter and a 状態, has each of those once — the own ones in other 部局 among
   the 部局's in id order, an own one in the 部局 once — also where the 部局 has only a few applications far apart. */
START_TEST(keyset_paging_of_a_dept_head_reads_dept_and_own)
{
    kdb *db = make_db();
    int64_t d1, head, d2, d3;
    seed(db, &d1, &head, "佐藤 一郎");
    ck_assert_int_eq(db_dept_add(db, "市民生活部", &d2), KS_OK);
    ck_assert_int_eq(db_dept_add(db, "建設部", &d3), KS_OK);
    int64_t other = add_staff(db, "kimura", "木村 翼", d2);
    static int64_t dept_of[NAPPS + 1], by[NAPPS + 1];
    static bool submitted[NAPPS + 1];
    ck_assert_int_eq(db_begin(db), KS_OK);
    sqlite3_stmt *set;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, "UPDATE applications SET state = 'submitted' WHERE id = ?", -1, &set,
                                        NULL),
                     SQLITE_OK);
    for (int i = 1; i <= NAPPS; i++) {
        /* the head's 部局 (d1) has every 10th application, half of them the head's own; the head's own also every
           7th and 9th elsewhere; the rest are someone else's in d2 or d3 (several pages each way, the two streams
           interleaved) */
        dept_of[i] = i % 10 == 0 ? d1 : i % 2 ? d2 : d3;
        by[i] = i % 20 == 0 || i % 7 == 0 || i % 9 == 0 ? head : other;
        int64_t id;
        ck_assert_int_eq(insert_app(db, by[i], dept_of[i], i % 11 ? "サービス" : "地図サービス",
                                    i % 4 ? "株式会社サンプル" : "みらい情報", &id),
                         KS_OK);
        ck_assert_int_eq(id, i);
        submitted[i] = i % 3 == 0;
        if (submitted[i]) {
            sqlite3_reset(set);
            sqlite3_bind_int(set, 1, i);
            ck_assert_int_eq(sqlite3_step(set), SQLITE_DONE);
        }
    }
    sqlite3_finalize(set);
    ck_assert_int_eq(db_commit(db), KS_OK);
    static bool match[NAPPS + 1];
    int64_t depts[] = {0, d1, d2, d3};
    /* and with a search: サンプル matches three rows in four, more than either part has (each part led by its own
       index, its rows looked up in the search index), 地図 every 11th (the search index leads); 該当 none */
    const char *searches[] = {NULL, "サンプル", "地図", "該当"};
    for (size_t c = 0; c < 32; c++) {
        kapp_filter f = {.visible_dept_id = d1, .visible_user_id = head, .dept_id = depts[c % 4]};
        if (c % 8 >= 4) f.state = "submitted";
        f.search = searches[c / 8];
        int64_t want = 0;
        for (int i = 1; i <= NAPPS; i++) {
            match[i] = (dept_of[i] == d1 || by[i] == head) && (!f.dept_id || dept_of[i] == f.dept_id) &&
                       (!f.state || submitted[i]) &&
                       (!f.search || strstr(i % 11 ? "サービス" : "地図サービス", f.search) ||
                        strstr(i % 4 ? "株式会社サンプル" : "みらい情報", f.search));
            want += match[i];
        }
        ck_assert_msg(f.search && !strcmp(f.search, "該当") ? want == 0 : want > 0, "case %zu: %lld rows", c,
                      (long long)want);
        if (c < 16) ck_assert_msg(want > 3, "case %zu: %lld rows", c, (long long)want);
        walk_both_ways(db, &f, match, want);
    }
    db_close(&db);
}
END_TEST

/* ---- search ---- */

/* Japanese of one or two characters is found with instr() (trigram FTS needs three; 3.40 LIKE misses it). */
START_TEST(search_finds_short_japanese)
{
    kdb *db = make_db();
    int64_t dept, sato;
    seed(db, &dept, &sato, "佐藤 一郎");
    int64_t kita = add_staff(db, "kitamura", "北村 翼", dept);
    int64_t id;
    ck_assert_int_eq(insert_app(db, sato, dept, "北日本データ共有", "北日本データ株式会社", NULL), KS_OK);
    ck_assert_int_eq(insert_app(db, sato, dept, "電子申請サービス", "株式会社みらいクラウド", NULL), KS_OK);
    ck_assert_int_eq(insert_app(db, sato, dept, "電子契約", "南北商事", NULL), KS_OK);
    ck_assert_int_eq(insert_app(db, sato, dept, "地図作成", "オープンマップ", NULL), KS_OK);
    ck_assert_int_eq(insert_app(db, kita, dept, "翻訳", "ことばテック", &id), KS_OK);
    ck_assert_int_eq(insert_app(db, sato, dept, "満足度100%調査", "フォームズ", NULL), KS_OK);
    /* give the 翻訳 application a 申請番号 */
    kapp a;
    ck_assert_int_eq(db_app_get(db, id, &a), KS_OK);
    free(a.app_no);
    a.app_no = strdup("R8-0012");
    ck_assert_int_eq(db_app_update_state(db, &a), KS_OK);
    kapp_clear(&a);

    struct { const char *q; int64_t want; } cases[] = {
        {"北", 3},      /* 北日本データ共有 (name), 電子契約 (provider 南北商事), 翻訳 (applicant 北村) */
        {"電子", 2},    /* 電子申請サービス, 電子契約 */
        {"北日本", 1},
        {"南北", 1},
        {"データ", 1},  /* name and provider of the same row: one row */
        {"東", 0},
        {"R8-00", 1},   /* 申請番号 */
        {"%", 1},       /* literal, not a LIKE wildcard */
        {"_", 0},
        {"", 6},        /* empty search: everything */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        kapp_filter f = {.search = cases[i].q};
        int64_t count = -1;
        ck_assert_int_eq(db_app_count(db, &f, &count), KS_OK);
        ck_assert_msg(count == cases[i].want, "search 「%s」: count %lld, want %lld", cases[i].q, (long long)count,
                      (long long)cases[i].want);
        kapp_row rows[10];
        int n = -1;
        ck_assert_int_eq(db_app_page(db, &f, 0, 0, 10, rows, &n), KS_OK);
        ck_assert_int_eq(n, cases[i].want);
    }
    /* the register searches the same way */
    kservice s = {0};
    snprintf(s.approval_no, sizeof s.approval_no, "AP-R8-0001");
    snprintf(s.name, sizeof s.name, "北日本データ共有");
    snprintf(s.provider, sizeof s.provider, "北日本データ株式会社");
    s.dept_id = dept;
    snprintf(s.conf, sizeof s.conf, "2");
    snprintf(s.approved_on, sizeof s.approved_on, "2026-11-23");
    snprintf(s.start_date, sizeof s.start_date, "2027-04-01");
    snprintf(s.next_review_due, sizeof s.next_review_due, "2027-11-23");
    snprintf(s.status, sizeof s.status, "active");
    ck_assert_int_eq(db_service_insert(db, &s), KS_OK);
    memset(&s, 0, sizeof s);
    snprintf(s.approval_no, sizeof s.approval_no, "AP-R8-0002");
    snprintf(s.name, sizeof s.name, "電子申請サービス");
    s.dept_id = dept;
    snprintf(s.conf, sizeof s.conf, "2");
    snprintf(s.approved_on, sizeof s.approved_on, "2026-11-23");
    snprintf(s.start_date, sizeof s.start_date, "2027-04-01");
    snprintf(s.next_review_due, sizeof s.next_review_due, "2027-11-23");
    snprintf(s.status, sizeof s.status, "active");
    ck_assert_int_eq(db_service_insert(db, &s), KS_OK);
    struct { const char *q; int64_t want; } scases[] = {{"北", 1}, {"電子", 1}, {"AP-R8", 2}, {"西", 0}};
    for (size_t i = 0; i < sizeof scases / sizeof scases[0]; i++) {
        kservice_filter f = {.search = scases[i].q};
        int64_t count = -1;
        ck_assert_int_eq(db_service_count(db, &f, &count), KS_OK);
        ck_assert_msg(count == scases[i].want, "register search 「%s」: %lld", scases[i].q, (long long)count);
    }
    db_close(&db);
}
END_TEST

/* Roles are stored as their codes (forms/role.c) and come back as the same krole: every role, and a code this kumo
   does not know (written behind its back) reads as ROLE_NONE, which the policy allows nothing. */
/* The CHECK constraints an import evaluates itself (db_checks_defer / db_checks_catch_up) are the schema's own, word
   for word, and every CHECK of the tables it writes is among them; a new row that breaks one is caught before the
   commit, and after the catch-up SQLite checks every row again */
static int count_checks(const char *sql)
{
    int n = 0;
    for (const char *p = sql; (p = strstr(p, "CHECK")); p += 5) {
        const char *q = p + 5;
        while (*q == ' ') q++;
        n += *q == '(';
    }
    return n;
}

START_TEST(deferred_checks_are_the_schemas_and_catch_a_bad_row)
{
    kdb *db = make_db();
    size_t n = 0;
    const db_check_expr *mirrored = db_checks_mirrored(&n);
    /* the tables an import writes: services and the managers it creates (users) have CHECKs; the others none */
    const char *tables[] = {"services", "users", "departments", "history", "audit", "audit_entity"};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        sqlite3_stmt *st = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db->h, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?",
                                            -1, &st, NULL),
                         SQLITE_OK);
        sqlite3_bind_text(st, 1, tables[t], -1, SQLITE_STATIC);
        ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
        const char *sql = (const char *)sqlite3_column_text(st, 0);
        int want = 0;
        for (size_t i = 0; i < n; i++)
            if (!strcmp(mirrored[i].table, tables[t])) {
                want++;
                ck_assert_msg(strstr(sql, mirrored[i].expr) != NULL, "%s: the schema has no CHECK (%s)", tables[t],
                              mirrored[i].expr);
            }
        ck_assert_msg(count_checks(sql) == want, "%s: %d CHECKs in the schema, %d evaluated by db_checks_catch_up",
                      tables[t], count_checks(sql), want);
        sqlite3_finalize(st);
    }
    int64_t dept;
    ck_assert_int_eq(db_dept_add(db, "総務部", &dept), KS_OK);
    kservice good = {.dept_id = dept, .status = "active", .build_state = "legacy"};
    snprintf(good.approval_no, sizeof good.approval_no, "AP-R8-0001");
    snprintf(good.name, sizeof good.name, "会議");
    snprintf(good.conf, sizeof good.conf, "1");
    snprintf(good.approved_on, sizeof good.approved_on, "2026-04-01");
    snprintf(good.start_date, sizeof good.start_date, "2026-04-01");
    snprintf(good.next_review_due, sizeof good.next_review_due, "2027-04-01");
    /* each CHECK broken in turn, by a row inserted while the CHECKs are deferred */
    for (int bad = 0; bad < 4; bad++) {
        ck_assert_int_eq(db_begin(db), KS_OK);
        db_check_marks m;
        ck_assert_int_eq(db_checks_defer(db, &m), KS_OK);
        kservice sv = good;
        snprintf(sv.approval_no, sizeof sv.approval_no, "AP-R8-%04d", 10 + bad);
        if (bad == 0) snprintf(sv.status, sizeof sv.status, "gone");
        if (bad == 1) snprintf(sv.build_state, sizeof sv.build_state, "maybe");
        if (bad == 2) snprintf(sv.disposal_state, sizeof sv.disposal_state, "lost");
        ck_assert_int_eq(db_service_insert(db, &sv), KS_OK);
        if (bad == 3) {
            kuser u = {.role = ROLE_NONE, .dept_id = dept, .active = true};
            snprintf(u.login, sizeof u.login, "nobody");
            snprintf(u.name, sizeof u.name, "誰でもない");
            ck_assert_int_eq(db_user_add(db, &u, NULL), KS_OK);
        }
        ck_assert_int_eq(db_checks_catch_up(db, &m, true), KS_CONSTRAINT);
        db_rollback(db);
    }
    /* good rows pass, and the CHECKs are SQLite's again afterwards */
    ck_assert_int_eq(db_begin(db), KS_OK);
    db_check_marks m;
    ck_assert_int_eq(db_checks_defer(db, &m), KS_OK);
    kservice sv = good;
    ck_assert_int_eq(db_service_insert(db, &sv), KS_OK);
    ck_assert_int_eq(db_checks_catch_up(db, &m, true), KS_OK);
    sv = good;
    snprintf(sv.approval_no, sizeof sv.approval_no, "AP-R8-0002");
    snprintf(sv.status, sizeof sv.status, "gone");
    ck_assert_int_eq(db_service_insert(db, &sv), KS_CONSTRAINT);
    ck_assert_int_eq(db_commit(db), KS_OK);
    ck_assert_int_eq(raw_int(db->h, "SELECT count(*) FROM services"), 1);
    db_close(&db);
}
END_TEST

START_TEST(user_roles_stored_as_codes)
{
    kdb *db = make_db();
    int64_t dept;
    ck_assert_int_eq(db_dept_add(db, "総務部", &dept), KS_OK);
    for (int r = ROLE_NONE + 1; r < ROLE__COUNT; r++) {
        kuser u = {.role = (krole)r, .dept_id = dept, .active = true};
        snprintf(u.login, sizeof u.login, "user%d", r);
        snprintf(u.name, sizeof u.name, "利用者 %d", r);
        int64_t id;
        ck_assert_int_eq(db_user_add(db, &u, &id), KS_OK);
        kuser back;
        ck_assert_int_eq(db_user_by_id(db, id, &back), KS_OK);
        ck_assert_int_eq(back.role, r);
        sqlite3_stmt *st = NULL;
        ck_assert_int_eq(sqlite3_prepare_v2(db->h, "SELECT role FROM users WHERE id = ?", -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_int64(st, 1, id);
        ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
        ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), role_code((krole)r));
        sqlite3_finalize(st);
    }
    /* a user with no role is refused by the schema, not stored as "" */
    kuser none = {.role = ROLE_NONE, .active = true};
    snprintf(none.login, sizeof none.login, "nobody");
    snprintf(none.name, sizeof none.name, "誰でもない");
    ck_assert_int_eq(db_user_add(db, &none, NULL), KS_CONSTRAINT);
    kuser *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_user_list(db, ROLE_AUDITOR, 0, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(v[0].role, ROLE_AUDITOR);
    kuser_free(&v);
    ck_assert_ptr_null(v);   /* the list's _free leaves no dangling pointer */
    kuser_free(&v);          /* and a second call is harmless */
    db_close(&db);
}
END_TEST

static Suite *db_suite(void)
{
    Suite *s = suite_create("db");
    TCase *tc = tcase_create("open");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, open_creates_wal_foreign_keys_and_version);
    tcase_add_test(tc, open_refuses_to_overwrite_or_invent);
    tcase_add_test(tc, migrations_are_numbered);
    tcase_add_test(tc, not_sqlite_is_corrupt);
    tcase_add_test(tc, foreign_sqlite_is_corrupt);
    tcase_add_test(tc, newer_schema_is_too_new);
    tcase_add_test(tc, read_only_file_and_folder);
    tcase_add_test(tc, read_only_folder_writable_file);
    tcase_add_test(tc, read_only_file_with_live_writer);
    tcase_add_test(tc, busy_database_times_out);
    suite_add_tcase(s, tc);

    tc = tcase_create("records");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, japanese_round_trip_and_optimistic_lock);
    tcase_add_test(tc, answers_and_history_round_trip);
    tcase_add_test(tc, keyset_paging_every_row_once_both_ways);
    tcase_add_test(tc, keyset_paging_by_state_dept_and_conf_together);
    tcase_add_test(tc, keyset_paging_of_a_dept_head_reads_dept_and_own);
    tcase_add_test(tc, search_finds_short_japanese);
    tcase_add_test(tc, user_roles_stored_as_codes);
    tcase_add_test(tc, deferred_checks_are_the_schemas_and_catch_a_bad_row);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(db_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
