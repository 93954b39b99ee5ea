/* Tests of the steps issue 9 adds to a service's life and to the approval, on a copy of the demo database with
   KUMO_TODAY=2026-11-23 (the demo's anchor date):
   - the 導入・構築時確認 between approval and 利用開始 (規定003 §4(5); ポリシー004 §8-3(6)①–④), its template version,
     who records it, what the register and the due list say before and after, and the migration of services that
     existed before it was recorded.
   Every expected value was worked out by hand from the demo's fixed dates (app/setup.c) and the clauses cited. */
#include <check.h>
#include <limits.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/internal.h"
#include "db/schema.h"

static char TEMPLATES[PATH_MAX + 16];
static char DEMO[PATH_MAX + 32];      /* made once by main(); each test works on a copy */
static char dir[PATH_MAX];
static char path[PATH_MAX + 32];
static kumo *k;

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "「%s」 does not contain 「%s」", (hay), (needle))

static bool find_templates(void)
{
    const char *tries[] = {".", "..", "../..", "../../.."};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        char p[PATH_MAX], repo[PATH_MAX];
        snprintf(p, sizeof p, "%s/templates/index.csv", tries[i]);
        if (access(p, R_OK) == 0 && realpath(tries[i], repo)) {
            snprintf(TEMPLATES, sizeof TEMPLATES, "%s/templates", repo);
            return true;
        }
    }
    return false;
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    ck_assert_ptr_nonnull(in);
    ck_assert_ptr_nonnull(out);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
    fclose(in);
    ck_assert_int_eq(fclose(out), 0);
}

static void setup(void)
{
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);
    setenv("KUMO_TODAY", "2026-11-23", 1);
    unsetenv("KUMO_NOW");
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kumo-steps-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);
    copy_file(DEMO, path);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
}

static void teardown(void)
{
    kumo_close(&k);
    char side[PATH_MAX + 64];
    const char *tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", path, tails[i]);
        unlink(side);
    }
    snprintf(side, sizeof side, "%s/answers.csv", dir);
    unlink(side);
    rmdir(dir);
}

static void as(const char *login) { ck_assert_int_eq(kumo_login(k, login), KS_OK); }

static kservice svc(const char *no)
{
    kservice s;
    ck_assert_int_eq(db_service_by_no(k->db, no, &s), KS_OK);
    return s;
}

static bool history_has(int64_t service_id, const char *action, const char *comment_part)
{
    khist *h;
    size_t n;
    ck_assert_int_eq(db_history_list(k->db, 0, service_id, &h, &n), KS_OK);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++)
        found = !strcmp(h[i].action, action) && (!comment_part || strstr(h[i].comment, comment_part));
    khist_free(&h, n);
    return found;
}

/* The demo's services (app/setup.c). */
#define ONLINE "AP-R6-0001"   /* オンライン会議サービス: conf 2, 導入・構築時確認 2025-03-25 */
#define DENSHI "AP-R7-0001"   /* 電子申請サービス: conf 2, manager yoshida, checked 2025-06-20 */
#define CHIZU "AP-R8-0001"    /* 地図作成サービス: conf 1 (§8-4: no 導入・構築時確認) */
#define GAKUSHU "AP-R8-0002"  /* 学習支援プラットフォーム: approved 2026-10-20, 利用開始 2027-04-01, manager
                                 matsumoto, 導入・構築時確認 not yet recorded */

/* Writes an answers file (forms/answers_file.h) into the test's folder and returns its path. */
static const char *answers_file(const char *text)
{
    static char p[PATH_MAX + 32];
    snprintf(p, sizeof p, "%s/answers.csv", dir);
    FILE *fp = fopen(p, "w");
    ck_assert_ptr_nonnull(fp);
    fputs(text, fp);
    ck_assert_int_eq(fclose(fp), 0);
    return p;
}

/* Every item of the 導入・構築時チェックリスト 適合, as a file (code,answer,note), with one item replaced. */
static const char *build_file(const char *code, const char *answer, const char *note)
{
    ck_answer *v;
    size_t n;
    ck_assert_int_eq(phase_checklist_blank(k, PHASE_BUILD, &v, &n, NULL, 0), KS_OK);
    static char text[16384];
    snprintf(text, sizeof text, "code,answer,note\n");
    for (size_t i = 0; i < n; i++) {
        bool it = code && !strcmp(v[i].code, code);
        if (it && !answer) continue;   /* left out of the file */
        snprintf(text + strlen(text), sizeof text - strlen(text), "%s,%s,%s\n", v[i].code, it ? answer : "適合",
                 it ? note : "設定確認書で確認");
    }
    checklist_answers_free(&v, n);
    return answers_file(text);
}

/* Records the 導入・構築時確認 of `no` on `date` with the answers in file `f`. */
static kstatus build(const char *no, const char *date, const char *f)
{
    kservice s = svc(no);
    ck_answer *ans = NULL;
    size_t n = 0;
    kstatus r = phase_answers_read(k, f, &ans, &n);
    if (r) return r;
    build_check_input in = {.v[BC_DATE] = date, .v[BC_REMARKS] = "運用手順書 第1版", .answers = ans, .n_answers = n};
    r = build_check_record(k, &s, &in, NULL);
    checklist_answers_free(&ans, n);
    return r;
}

/* ---- 導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)) ---- */

/* The template is a new version carrying the 004 §8-3(6)①(オ) utility-program item and the three procedures of ③
   that the 2026.1 list lacked, beside 003 §4(5)'s items. */
START_TEST(build_template_2026_2_has_8_3_6_items)
{
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load(PHASE_BUILD, &t, err, sizeof err) == 0, "%s", err);
    ck_assert_str_eq(t.version, "2026.2");
    const char *want[] = {"4(5)-1a", "4(5)-2a", "4(5)-3h", "8-3(6)-1e", "8-3(6)-2", "8-3(6)-3a", "8-3(6)-3b", "8-3(6)-3c"};
    for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
        bool found = false;
        for (size_t i = 0; i < t.n && !found; i++) found = !strcmp(t.items[i].code, want[w]) && t.items[i].required;
        ck_assert_msg(found, "item %s missing from the build template", want[w]);
    }
    bool utility = false;
    for (size_t i = 0; i < t.n; i++) utility |= strstr(t.items[i].text, "ユーティリティプログラム") != NULL;
    ck_assert(utility);
    checklist_free(&t);
}
END_TEST

/* Approved, not yet recorded: the register says 構築確認待ち; the manager records it item by item from a file; the
   service keeps the snapshot of the version answered, the history says so, and the register moves on. */
START_TEST(build_check_recorded_by_manager_004_8_3_6_4)
{
    kservice s = svc(GAKUSHU);
    ck_assert_str_eq(s.build_state, "pending");
    ck_assert_str_eq(service_status_label(&s, date_today()), "構築確認待ち");
    as("matsumoto");
    ck_assert_msg(build(GAKUSHU, "2026-11-20", build_file("8-3(6)-3c", "不適合", "復旧手順は12月に整備する")) == KS_OK,
                  "%s", kumo_last_error(k));
    s = svc(GAKUSHU);
    ck_assert_str_eq(s.build_state, "done");
    ck_assert_str_eq(s.build_checked_on, "2026-11-20");
    ck_assert_str_eq(service_status_label(&s, date_today()), "承認済");   /* 利用開始 2027-04-01 still ahead */
    kbuild_check b;
    ck_answer *ans;
    size_t n;
    ck_assert_int_eq(build_check_get(k, s.id, &b, &ans, &n), KS_OK);
    ck_assert_str_eq(b.ck_key, "build");
    ck_assert_str_eq(b.ck_version, "2026.2");
    ck_assert_str_eq(b.checked_on, "2026-11-20");
    ck_assert_int_eq(b.nonconf, 1);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ans[i].code, "8-3(6)-3c")) {
            found = true;
            ck_assert_str_eq(ans[i].answer, "不適合");
            ck_assert_str_eq(ans[i].note, "復旧手順は12月に整備する");
            ck_assert_contains(ans[i].text, "復旧手順");   /* the item's text is kept with the answer */
        }
    ck_assert(found);
    checklist_answers_free(&ans, n);
    ck_assert(history_has(s.id, "導入・構築時確認", "確認日 2026-11-20"));
    /* once: a second record is refused */
    ck_assert_int_eq(build(GAKUSHU, "2026-11-21", build_file(NULL, NULL, NULL)), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "記録済み");
}
END_TEST

/* Only the designated クラウドサービス管理者 records it (§8-3(6)④), not the 統括, the CISO, 監査 or the 部局長. */
START_TEST(build_check_only_the_manager)
{
    const char *others[] = {"takahashi", "nakamura", "kobayashi", "kato", "sato"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        as(others[i]);
        kservice s = svc(GAKUSHU);
        char why[512] = "";
        ck_assert_msg(!policy_may_build_check(kumo_me(k), &s, why, sizeof why), "%s may record it", others[i]);
        ck_assert_int_eq(build(GAKUSHU, "2026-11-20", build_file(NULL, NULL, NULL)), KS_DENIED);
    }
    as("takahashi");
    build(GAKUSHU, "2026-11-20", build_file(NULL, NULL, NULL));
    ck_assert_contains(kumo_last_error(k), "§8-3(6)④");
    ck_assert_str_eq(svc(GAKUSHU).build_state, "pending");
}
END_TEST

/* A 機密性1 service has no 導入・構築時 procedure (§8-4), and one already recorded cannot be recorded again. */
START_TEST(build_check_not_for_conf1_or_recorded)
{
    kservice s = svc(CHIZU);
    ck_assert_str_eq(s.build_state, "none");
    as("suzuki");   /* its manager */
    char why[512] = "";
    ck_assert(!policy_may_build_check(kumo_me(k), &s, why, sizeof why));
    ck_assert_contains(why, "§8-4");
    as("yoshida");
    s = svc(DENSHI);
    ck_assert_str_eq(s.build_state, "done");
    ck_assert(!policy_may_build_check(kumo_me(k), &s, why, sizeof why));
    ck_assert_contains(why, "記録済み");
}
END_TEST

/* Each input that breaks a rule is refused naming the field or item and the rule; nothing is written. */
START_TEST(build_check_input_rules)
{
    as("matsumoto");
    /* before the 承認日 (2026-10-20): the check comes between approval and 利用開始 */
    ck_assert_int_eq(build(GAKUSHU, "2026-10-19", build_file(NULL, NULL, NULL)), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "承認日（2026-10-20）以降");
    /* after today */
    ck_assert_int_eq(build(GAKUSHU, "2026-11-24", build_file(NULL, NULL, NULL)), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "今日（2026-11-23）以前");
    ck_assert_int_eq(build(GAKUSHU, "", build_file(NULL, NULL, NULL)), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「確認日」");
    /* an item left out is unanswered: a required one is named */
    ck_assert_int_eq(build(GAKUSHU, "2026-11-20", build_file("8-3(6)-1e", NULL, NULL)), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "8-3(6)-1e");
    /* 不適合 without its 確認内容 */
    ck_assert_int_eq(build(GAKUSHU, "2026-11-20", build_file("4(5)-2a", "不適合", "")), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "4(5)-2a");
    /* a code that is not in the template */
    ck_assert_int_eq(build(GAKUSHU, "2026-11-20", answers_file("code,answer\n4(6)-1a,適合\n")), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "4(6)-1a");
    /* a malformed file names its line */
    ck_assert_int_eq(build(GAKUSHU, "2026-11-20", answers_file("code,answer\n4(5)-1a,はい\n")), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "2 行目");
    ck_assert_str_eq(svc(GAKUSHU).build_state, "pending");
}
END_TEST

/* `kumo due` lists a service whose 利用開始日 has passed without the check — not before, not once recorded. */
START_TEST(build_check_due_after_start_003_4_5)
{
    due_list l;
    as("takahashi");
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    for (size_t i = 0; i < l.n; i++) ck_assert_int_ne(l.v[i].kind, DUE_BUILD_PENDING);
    due_list_free(&l);
    setenv("KUMO_TODAY", "2027-04-02", 1);   /* the day after 利用開始 */
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    bool found = false;
    for (size_t i = 0; i < l.n; i++)
        if (l.v[i].kind == DUE_BUILD_PENDING) {
            ck_assert_str_eq(l.v[i].approval_no, GAKUSHU);
            ck_assert_str_eq(l.v[i].date, "2027-04-01");
            ck_assert(due_is_overdue(&l.v[i]));
            ck_assert_str_eq(due_label(&l.v[i]), "構築時確認未記録");
            found = true;
        }
    ck_assert(found);
    ck_assert_uint_eq(l.count[DUE_BUILD_PENDING], 1);
    due_list_free(&l);
    /* the manager sees it too (their own services), and recording it clears it */
    as("matsumoto");
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_BUILD_PENDING], 1);
    due_list_free(&l);
    ck_assert_msg(build(GAKUSHU, "2027-04-02", build_file(NULL, NULL, NULL)) == KS_OK, "%s", kumo_last_error(k));
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_BUILD_PENDING], 0);
    due_list_free(&l);
}
END_TEST

/* ---- migrations of databases made before these steps ---- */

static void raw_exec(sqlite3 *h, const char *sql)
{
    char *err = NULL;
    ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql, err ? err : "");
}

static void raw_text(sqlite3 *h, const char *sql, char *out, size_t n)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
}

/* A database as kumo 0.1 left it (migrations 1–2) with services in every situation, then opened by this kumo:
   services already in use become legacy (not held back as 構築確認待ち), 機密性1 ones none, and a 機密性2 service
   that has not started yet waits for its check. */
START_TEST(migration_build_state_of_existing_services)
{
    char old[PATH_MAX + 32];
    snprintf(old, sizeof old, "%s/old.db", dir);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
    raw_exec(h, "PRAGMA foreign_keys=ON");
    for (size_t i = 0; i < 2; i++) raw_exec(h, schema_migration(i));
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d", KUMO_APPLICATION_ID);
    raw_exec(h, pragma);
    raw_exec(h, "PRAGMA user_version=2;"
                "INSERT INTO departments(id, name) VALUES (1, '総務部');"
                "INSERT INTO services(approval_no, name, dept_id, conf, approved_on, start_date, next_review_due)"
                " VALUES ('A-1', '利用中', 1, '2', '2025-01-10', '2025-02-01', '2026-01-10'),"
                "        ('A-2', '機密性1', 1, '1', '2025-01-10', '2025-02-01', '2026-01-10'),"
                "        ('A-3', '開始前', 1, '3B', '2099-01-10', '2099-12-01', '2100-01-10');");
    sqlite3_close(h);
    kdb *db;
    ck_assert_int_eq(db_open(old, DB_OPEN_EXISTING, &db), KS_OK);
    kservice s;
    ck_assert_int_eq(db_service_by_no(db, "A-1", &s), KS_OK);
    ck_assert_str_eq(s.build_state, "legacy");
    ck_assert_int_eq(db_service_by_no(db, "A-2", &s), KS_OK);
    ck_assert_str_eq(s.build_state, "none");
    ck_assert_int_eq(db_service_by_no(db, "A-3", &s), KS_OK);
    ck_assert_str_eq(s.build_state, "pending");
    db_close(&db);
    char side[PATH_MAX + 64];
    const char *tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", old, tails[i]);
        unlink(side);
    }
    (void)raw_text;
}
END_TEST

static Suite *steps_suite(void)
{
    Suite *s = suite_create("steps");
    TCase *tc = tcase_create("build_check");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, build_template_2026_2_has_8_3_6_items);
    tcase_add_test(tc, build_check_recorded_by_manager_004_8_3_6_4);
    tcase_add_test(tc, build_check_only_the_manager);
    tcase_add_test(tc, build_check_not_for_conf1_or_recorded);
    tcase_add_test(tc, build_check_input_rules);
    tcase_add_test(tc, build_check_due_after_start_003_4_5);
    suite_add_tcase(s, tc);
    tc = tcase_create("migrations");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, migration_build_state_of_existing_services);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    if (!find_templates()) {
        fprintf(stderr, "templates/ not found\n");
        return 1;
    }
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);
    setenv("KUMO_TODAY", "2026-11-23", 1);
    char demo_dir[PATH_MAX];
    const char *t = getenv("TMPDIR");
    snprintf(demo_dir, sizeof demo_dir, "%s/kumo-steps-demo-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(demo_dir)) return 1;
    snprintf(DEMO, sizeof DEMO, "%s/demo.db", demo_dir);
    char err[1024];
    if (kumo_demo(DEMO, NULL, err, sizeof err)) {
        fprintf(stderr, "kumo demo failed: %s\n", err);
        return 1;
    }
    SRunner *sr = srunner_create(steps_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    char side[PATH_MAX + 64];
    const char *tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", DEMO, tails[i]);
        unlink(side);
    }
    rmdir(demo_dir);
    return failed ? 1 : 0;
}
