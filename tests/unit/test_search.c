/* Unit tests of issue 10 on a small database: the search index (db/search.c, migration 4) finds text of one, two and
   more characters, numbers in any width and case, and the 部局; it stays in step with the rows under insert,
   update and delete (its triggers) and after rows written in bulk; pages and counts by ranges read it; and the bulk
   rows of kumo demo --rows keep the invariants of the workflow's rows. */
#include "db/db.h"
#include "db/db_app.h"
#include "db/db_service.h"
#include "db/db_audit.h"
#include "db/search.h"

#include <check.h>
#include <limits.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "db/internal.h"
#include "forms/text.h"

static char dir[PATH_MAX];
static char path[PATH_MAX + 32];

static void tmp_setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kumo-search-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);
}

static void tmp_teardown(void)
{
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "test_search: could not remove %s\n", dir);
}

static long long one_int(kdb *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

typedef struct fixture {
    kdb *db;
    int64_t somu, kikaku, sato, kita;
} fixture;

static int64_t add_app(fixture *x, int64_t user, int64_t dept, const char *name, const char *provider,
                       const char *app_no)
{
    kapp a = {0};
    for (int f = 0; f < FF_COUNT; f++) a.v[f] = "";
    a.v[FF_KIND] = "新規";
    a.v[FF_SERVICE_NAME] = (char *)name;
    a.v[FF_PROVIDER] = (char *)provider;
    a.track = a.ck_key = a.ck_name = a.ck_version = "";
    a.applicant_id = user;
    a.dept_id = dept;
    ck_assert_int_eq(db_app_insert(x->db, &a), KS_OK);
    if (app_no) {
        kapp g;
        ck_assert_int_eq(db_app_get(x->db, a.id, &g), KS_OK);
        free(g.app_no);
        g.app_no = strdup(app_no);
        ck_assert_int_eq(db_app_update_state(x->db, &g), KS_OK);
        kapp_clear(&g);
    }
    return a.id;
}

static int64_t add_service(fixture *x, const char *no, const char *name, int64_t dept)
{
    kservice s = {0};
    snprintf(s.approval_no, sizeof s.approval_no, "%s", no);
    snprintf(s.name, sizeof s.name, "%s", name);
    s.dept_id = dept;
    snprintf(s.conf, sizeof s.conf, "2");
    snprintf(s.approved_on, sizeof s.approved_on, "2026-04-01");
    snprintf(s.start_date, sizeof s.start_date, "2026-04-01");
    snprintf(s.next_review_due, sizeof s.next_review_due, "2027-04-01");
    snprintf(s.status, sizeof s.status, "active");
    ck_assert_int_eq(db_service_insert(x->db, &s), KS_OK);
    return s.id;
}

static void make(fixture *x)
{
    memset(x, 0, sizeof *x);
    ck_assert_int_eq(db_open(path, DB_OPEN_CREATE, &x->db), KS_OK);
    ck_assert_int_eq(db_dept_add(x->db, "総務部", &x->somu), KS_OK);
    ck_assert_int_eq(db_dept_add(x->db, "企画部", &x->kikaku), KS_OK);
    kuser u = {.role = ROLE_DEPT_HEAD, .dept_id = x->somu, .active = true};
    snprintf(u.login, sizeof u.login, "sato");
    snprintf(u.name, sizeof u.name, "佐藤 一郎");
    ck_assert_int_eq(db_user_add(x->db, &u, &x->sato), KS_OK);
    snprintf(u.login, sizeof u.login, "kitamura");
    snprintf(u.name, sizeof u.name, "北村 翼");
    u.dept_id = x->kikaku;
    ck_assert_int_eq(db_user_add(x->db, &u, &x->kita), KS_OK);
}

/* The applications that match, as the list's page and as the count by ranges both say (they must agree). */
static int64_t app_hits(fixture *x, const char *q)
{
    kapp_filter f = {.search = q};
    kapp_row rows[50];
    int n = -1;
    ck_assert_int_eq(db_app_page(x->db, &f, 0, 0, 50, rows, &n), KS_OK);
    int64_t top = 0, count = -1;
    ck_assert_int_eq(db_app_max_id(x->db, &top), KS_OK);
    ck_assert_int_eq(db_app_count_range(x->db, &f, 0, top + 1, &count), KS_OK);
    ck_assert_msg(count == n, "search 「%s」: the page has %d rows, the count says %lld", q, n, (long long)count);
    int64_t all = -1;
    ck_assert_int_eq(db_app_count(x->db, &f, &all), KS_OK);
    ck_assert_msg(all == n, "search 「%s」: the export's count says %lld", q, (long long)all);
    return n;
}

static int64_t svc_hits(fixture *x, const char *q)
{
    kservice_filter f = {.search = q, .include_terminated = true};
    static kservice rows[50];
    int n = -1;
    ck_assert_int_eq(db_service_page(x->db, &f, NULL, NULL, 50, rows, &n), KS_OK);
    int64_t top = 0, count = -1;
    ck_assert_int_eq(db_service_max_id(x->db, &top), KS_OK);
    ck_assert_int_eq(db_service_count_range(x->db, &f, 0, top + 1, &count), KS_OK);
    ck_assert_msg(count == n, "register search 「%s」: page %d, count %lld", q, n, (long long)count);
    return n;
}

#define HITS(q, want) ck_assert_msg(app_hits(&x, q) == (want), "search 「%s」: %lld, want %d", q, (long long)app_hits(&x, q), want)
#define SHITS(q, want) ck_assert_msg(svc_hits(&x, q) == (want), "register 「%s」: %lld, want %d", q, (long long)svc_hits(&x, q), want)

START_TEST(fold_is_nfkc_case_folded_without_spaces)
{
    char out[128];
    text_fold("Ｒ８－０００１", out, sizeof out);
    ck_assert_str_eq(out, "r8-0001");
    text_fold(" AP-R7 ", out, sizeof out);
    ck_assert_str_eq(out, "ap-r7");
    text_fold("ﾃﾞｰﾀ　共有", out, sizeof out);   /* half-width kana joined, the ideographic space dropped */
    ck_assert_str_eq(out, "データ共有");
    search_query q;
    ck_assert(!search_prepare("　 ", &q));       /* nothing left to search for */
    ck_assert(search_prepare("北", &q));
    ck_assert_uint_eq(q.chars, 1);
    ck_assert(!q.check_whole);
    ck_assert(search_prepare("北日本", &q));
    ck_assert(q.check_whole);
    ck_assert_str_eq(q.match, "\"北日\" \"日本\"");
    ck_assert(search_prepare("a\"b", &q));      /* a quote in what is typed stays a character */
    ck_assert_str_eq(q.match, "\"a\"\"\" \"\"\"b\"");
}
END_TEST

START_TEST(search_of_any_length_number_and_dept)
{
    fixture x;
    make(&x);
    add_app(&x, x.sato, x.somu, "北日本データ共有", "北日本データ株式会社", "R8-0001");
    add_app(&x, x.sato, x.somu, "電子申請サービス", "株式会社みらいクラウド", "R8-0002");
    add_app(&x, x.sato, x.kikaku, "電子契約", "南北商事", "R7-0015");
    add_app(&x, x.kita, x.kikaku, "翻訳", "ことばテック", NULL);
    add_app(&x, x.sato, x.somu, "ABXBC 分析", "", NULL);
    HITS("北", 3);              /* 1 character: name, provider (南北商事), applicant (北村) */
    HITS("電子", 2);            /* 2 characters */
    HITS("北日本", 1);          /* 3+: the pairs and the whole text */
    HITS("データ共有", 1);
    HITS("abc", 0);             /* ab and bc are there, apart: not a match */
    HITS("abx", 1);             /* in any case */
    HITS("存在しない", 0);      /* no match */
    HITS("鬱", 0);
    HITS("r8-0001", 1);         /* 申請番号 in any case and width */
    HITS("Ｒ８－０００１", 1);
    HITS("r8-", 2);
    HITS("R7", 1);
    HITS("総務", 3);            /* 部局, a column shown in the list */
    HITS("企画部", 2);
    HITS("佐藤", 4);            /* 申請者 */
    add_service(&x, "AP-R7-0001", "北日本データ共有", x.somu);
    add_service(&x, "AP-R8-0001", "電子申請サービス", x.kikaku);
    SHITS("ap-r7", 1);          /* 承認番号 */
    SHITS("ＡＰ－Ｒ８", 1);
    SHITS("ap-r", 2);
    SHITS("北", 1);
    SHITS("企画", 1);
    SHITS("該当なし", 0);
    db_close(&x.db);
}
END_TEST

START_TEST(index_follows_insert_update_delete_and_renames)
{
    fixture x;
    make(&x);
    int64_t id = add_app(&x, x.sato, x.somu, "文書管理", "", NULL);
    HITS("文書", 1);
    /* a form saved with another name: the old text is gone, the new one found */
    kapp a;
    ck_assert_int_eq(db_app_get(x.db, id, &a), KS_OK);
    free(a.v[FF_SERVICE_NAME]);
    a.v[FF_SERVICE_NAME] = strdup("電子決裁");
    ck_assert_int_eq(db_app_update_form(x.db, &a), KS_OK);
    HITS("文書", 0);
    HITS("決裁", 1);
    /* a 部局 renamed and a user's 氏名 changed (人事異動): found by the new names only */
    ck_assert_int_eq(sqlite3_exec(x.db->h, "UPDATE departments SET name = '総務局' WHERE name = '総務部'", NULL, NULL, NULL),
                     SQLITE_OK);
    HITS("総務部", 0);
    HITS("総務局", 1);
    kuser u;
    ck_assert_int_eq(db_user_by_login(x.db, "sato", &u), KS_OK);
    snprintf(u.name, sizeof u.name, "斎藤 一郎");
    ck_assert_int_eq(db_user_update(x.db, &u), KS_OK);
    HITS("佐藤", 0);
    HITS("斎藤", 1);
    /* deleted: gone from the index too */
    ck_assert_int_eq(db_app_delete_draft(x.db, id, a.version), KS_OK);
    kapp_clear(&a);
    HITS("決裁", 0);
    ck_assert_int_eq(one_int(x.db, "SELECT count(*) FROM app_search"), one_int(x.db, "SELECT count(*) FROM applications"));
    /* services: renamed and ended in the register */
    int64_t sid = add_service(&x, "AP-R8-0003", "地図作成", x.somu);
    SHITS("地図", 1);
    kservice s;
    ck_assert_int_eq(db_service_get(x.db, sid, &s), KS_OK);
    snprintf(s.name, sizeof s.name, "地理情報");
    ck_assert_int_eq(db_service_update(x.db, &s), KS_OK);
    SHITS("地図", 0);
    SHITS("地理", 1);
    ck_assert_int_eq(one_int(x.db, "SELECT count(*) FROM svc_search"), one_int(x.db, "SELECT count(*) FROM services"));
    db_close(&x.db);
}
END_TEST

/* Rows written in bulk (the import, kumo demo) are indexed at the end; the per-row indexing comes back after, and
   with a rollback too. */
START_TEST(bulk_rows_indexed_at_the_end)
{
    fixture x;
    make(&x);
    int64_t app_from, svc_from;
    ck_assert_int_eq(db_begin(x.db), KS_OK);
    ck_assert_int_eq(db_search_defer(x.db, &app_from, &svc_from), KS_OK);
    add_app(&x, x.sato, x.somu, "一括の申請", "", NULL);
    add_service(&x, "AP-R8-0009", "一括のサービス", x.somu);
    ck_assert_int_eq(db_search_catch_up(x.db, app_from, svc_from), KS_OK);
    ck_assert_int_eq(db_commit(x.db), KS_OK);
    HITS("一括", 1);
    SHITS("一括", 1);
    add_app(&x, x.sato, x.somu, "その後の申請", "", NULL);   /* the trigger is back */
    HITS("その後", 1);
    ck_assert_int_eq(db_begin(x.db), KS_OK);
    ck_assert_int_eq(db_search_defer(x.db, &app_from, &svc_from), KS_OK);
    db_rollback(x.db);
    add_app(&x, x.sato, x.somu, "巻戻しの後", "", NULL);    /* a rollback brings the triggers back as well */
    HITS("巻戻し", 1);
    db_close(&x.db);
}
END_TEST

/* Keyset pages over a search: every match once, going down and coming back up. */
START_TEST(search_pages_by_keyset)
{
    fixture x;
    make(&x);
    for (int i = 0; i < 7; i++) {
        char name[64];
        snprintf(name, sizeof name, "共有サービス %d", i);
        add_app(&x, x.sato, x.somu, name, "", NULL);
        add_app(&x, x.sato, x.somu, "別のもの", "", NULL);
    }
    kapp_filter f = {.search = "共有"};
    kapp_row rows[3];
    int n = 0, seen = 0;
    int64_t last = 0, before = 0;
    do {
        ck_assert_int_eq(db_app_page(x.db, &f, before, 0, 3, rows, &n), KS_OK);
        for (int i = 0; i < n; i++) {
            ck_assert(strstr(rows[i].service_name, "共有"));
            if (last) ck_assert_int_lt(rows[i].id, last);
            last = rows[i].id;
            seen++;
        }
        if (n) before = rows[n - 1].id;
    } while (n == 3);
    ck_assert_int_eq(seen, 7);
    ck_assert_int_eq(db_app_page(x.db, &f, 0, last, 3, rows, &n), KS_OK);   /* the page above the oldest */
    ck_assert_int_eq(n, 3);
    ck_assert_int_gt(rows[2].id, last);
    db_close(&x.db);
}
END_TEST

/* kumo demo --rows: bulk rows as the workflow makes them (the invariants the issue names). */
START_TEST(demo_bulk_rows_are_consistent)
{
    char err[1024];
    kdemo_opts o = {.rows = 40};
    ck_assert_msg(kumo_demo(path, &o, err, sizeof err) == KS_OK, "kumo demo: %s", err);
    kdb *db = NULL;
    ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &db), KS_OK);
    /* every application but a draft has its number, unique, numbered per 年度 */
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM applications WHERE state <> 'draft' AND app_no IS NULL"), 0);
    /* (a draft has a number only when it was submitted once and taken back: 引戻し) */
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM applications a WHERE state = 'draft' AND app_no IS NOT NULL "
                                 "AND NOT EXISTS (SELECT 1 FROM history h WHERE h.app_id = a.id AND h.action = '引戻し')"),
                     0);
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM applications WHERE app_no IS NOT NULL AND "
                                 "app_no <> printf('R%d-%04d', fy - 2018, seq)"), 0);
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM (SELECT fy, seq FROM applications WHERE app_no IS NOT NULL "
                                 "GROUP BY fy, seq HAVING count(*) > 1)"), 0);
    /* an approved one has its service, and they point at each other with the same 承認番号 */
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM applications a LEFT JOIN services s ON s.id = a.service_id "
                                 "WHERE a.state = 'approved' AND a.kind = '新規' AND (s.id IS NULL OR "
                                 "s.approval_no <> a.approval_no OR a.decided_by IS NULL OR a.decided_on = '')"), 0);
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM services s LEFT JOIN applications a ON a.id = s.app_id "
                                 "WHERE a.id IS NULL OR a.state <> 'approved'"), 0);
    /* the bulk made approved, decided and open applications (not only drafts) */
    ck_assert_int_ge(one_int(db, "SELECT count(*) FROM applications WHERE state = 'approved'"), 24);
    ck_assert_int_ge(one_int(db, "SELECT count(*) FROM applications WHERE state = 'submitted'"), 4);
    /* every application has its history: 作成 (or 変更申請作成), 提出 unless a draft, and the decision */
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM applications a WHERE NOT EXISTS "
                                 "(SELECT 1 FROM history h WHERE h.app_id = a.id AND h.action IN ('作成', '変更申請作成'))"), 0);
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM applications a WHERE a.state <> 'draft' AND NOT EXISTS "
                                 "(SELECT 1 FROM history h WHERE h.app_id = a.id AND h.to_state = 'submitted')"), 0);
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM applications a WHERE a.state IN ('approved','returned',"
                                 "'rejected') AND NOT EXISTS (SELECT 1 FROM history h WHERE h.app_id = a.id AND "
                                 "h.to_state = a.state)"), 0);
    /* 承認番号 unique per 年度 of the 承認日, every row indexed for search */
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM (SELECT approval_no FROM services GROUP BY approval_no "
                                 "HAVING count(*) > 1)"), 0);
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM app_search"), one_int(db, "SELECT count(*) FROM applications"));
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM svc_search"), one_int(db, "SELECT count(*) FROM services"));
    /* the bulk writes its rows without SQLite evaluating CHECK and REFERENCES row by row (db_bulk_mode): they
       satisfy them all the same, and the checks are on again afterwards */
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
    ck_assert_int_eq(one_int(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    ck_assert_int_eq(one_int(db, "PRAGMA foreign_keys"), 1);
    ck_assert_int_eq(one_int(db, "PRAGMA ignore_check_constraints"), 0);
    /* the audit trail names every row the bulk wrote: the chain verifies */
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(db, &v), KS_OK);
    ck_assert_msg(v.ok && v.problems == 0, "audit verify: %lld problems: %s", (long long)v.problems, v.what);
    /* and the next real submission numbers after the bulk ones */
    int seq = 0;
    ck_assert_int_eq(db_app_next_seq(db, 2026, &seq), KS_OK);
    ck_assert_int_eq(seq, one_int(db, "SELECT max(seq) FROM applications WHERE fy = 2026") + 1);
    db_close(&db);
}
END_TEST

static Suite *search_suite(void)
{
    Suite *s = suite_create("search");
    TCase *tc = tcase_create("index");
    tcase_add_checked_fixture(tc, tmp_setup, tmp_teardown);
    tcase_add_test(tc, fold_is_nfkc_case_folded_without_spaces);
    tcase_add_test(tc, search_of_any_length_number_and_dept);
    tcase_add_test(tc, index_follows_insert_update_delete_and_renames);
    tcase_add_test(tc, bulk_rows_indexed_at_the_end);
    tcase_add_test(tc, search_pages_by_keyset);
    tcase_add_test(tc, demo_bulk_rows_are_consistent);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(search_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
