/* Tests of the steps issue 9 adds to a service's life and to the approval, on a copy of the demo database with
   KUMO_TODAY=2026-11-23 (the demo's anchor date):
   - the 例外措置 (ポリシー004 §7-4): the one list of what needs it, the CISO's queue, the emergency approval's
     事後報告 and the periodic re-check in the due lists, the register and who reads it, the migration of
     「リスク受容」;
   - the 導入・構築時確認 between approval and 利用開始 (規定003 §4(5); ポリシー004 §8-3(6)①–④), its template version,
     who records it, what the register and the due list say before and after, and the migration of services that
     existed before it was recorded;
   - the verified end (規定003 §4(7); ポリシー004 §8-3(8), §2(2)①(エ)): 終了処理中 after the 終了連絡 is accepted,
     the 廃棄・削除完了報告 against 002's table (暗号化消去 for 機密性2以上 unless the CISO's 例外措置 permits
     another method), its 受理 (§8-4: the 部局's 情報セキュリティ責任者), and the migration of ended services.
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
#include "db/db_audit.h"
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
#define CHAT "AP-R7-0005"     /* 庁内チャットサービス: conf 1, manager yamamoto, ended 2026-09-30, 終了処理中 */
#define EVENT "AP-R7-0006"    /* イベント申込受付サービス: conf 1, its 廃棄・削除完了報告 (by yamamoto) awaits 受理 */
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
    checklist_clear(&t);
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
    due_list_clear(&l);
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
    due_list_clear(&l);
    /* the manager sees it too (their own services), and recording it clears it */
    as("matsumoto");
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_BUILD_PENDING], 1);
    due_list_clear(&l);
    ck_assert_msg(build(GAKUSHU, "2027-04-02", build_file(NULL, NULL, NULL)) == KS_OK, "%s", kumo_last_error(k));
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_BUILD_PENDING], 0);
    due_list_clear(&l);
}
END_TEST

/* ---- 例外措置 (ポリシー004 §7-4) on the demo ---- */

static kapp app_no(const char *no)
{
    kapp a;
    ck_assert_int_eq(db_app_by_no(k->db, no, &a), KS_OK);
    return a;
}

/* The one list of what needs an exception: R8-0009 (オンライン相談サービス) has 保存場所 国外, 準拠法 外国,
   4(1)-3e and 4(2)-1 不適合; each item names its field or its 確認事項. The submission marked it for the CISO's queue. */
START_TEST(exception_deviations_and_ciso_queue)
{
    kapp a = app_no("R8-0009");
    exc_list l;
    as("nakamura");
    ck_assert_int_eq(exc_deviations(k, &a, &l), KS_OK);
    ck_assert_uint_eq(l.n, 4);
    ck_assert_int_eq(l.v[0].field, FF_LOCATION);
    ck_assert_contains(l.v[0].text, "「データの保存場所」");
    ck_assert_int_eq(l.v[1].field, FF_LAW);
    ck_assert_str_eq(l.v[2].code, "4(1)-3e");
    ck_assert_contains(l.v[2].text, "確認事項 4(1)-3e 不適合");
    /* 4(2)-1 is 不適合 too: with data stored abroad it cannot be 適合 (規定003 §4(2)①, a cross-check) */
    ck_assert_str_eq(l.v[3].code, "4(2)-1");
    exc_list_clear(&l);
    exc_status st;
    ck_assert_int_eq(exc_status_of(k, &a, NULL, NULL, &st), KS_OK);
    ck_assert_int_eq(st, EXC_AWAITING);
    /* the CISO's queue; nobody else has one */
    kexc_wait w[8];
    int n = 0;
    int64_t total = 0;
    ck_assert_int_eq(exc_waiting(k, 8, w, &n, &total), KS_OK);
    ck_assert_int_eq(total, 1);
    ck_assert_str_eq(w[0].app_no, "R8-0009");
    as("takahashi");
    ck_assert_int_eq(exc_waiting(k, 8, w, &n, &total), KS_OK);
    ck_assert_int_eq(total, 0);
    /* once the CISO decides, it leaves the queue */
    as("nakamura");
    ck_assert_int_eq(exc_refuse(k, &a, "代替サービスで足りるため", NULL), KS_OK);
    ck_assert_int_eq(exc_waiting(k, 8, w, &n, &total), KS_OK);
    ck_assert_int_eq(total, 0);
    ck_assert_int_eq(exc_status_of(k, &a, NULL, NULL, &st), KS_OK);
    ck_assert_int_eq(st, EXC_REFUSED);
    kapp_clear(&a);
    /* nothing deviates in R8-0003 (健診予約システム): no exception to wait for */
    a = app_no("R8-0003");
    ck_assert_int_eq(exc_status_of(k, &a, NULL, NULL, &st), KS_OK);
    ck_assert_int_eq(st, EXC_NOT_NEEDED);
    kapp_clear(&a);
}
END_TEST

/* §7-4(2): the emergency approval of 災害情報共有サービス waits for the CISO's record of the 事後報告, overdue in
   the due lists of the CISO and the 統括 until it is recorded. */
START_TEST(emergency_report_overdue_until_recorded_004_7_4_2)
{
    as("nakamura");
    due_list l;
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_EXC_REPORT], 1);
    int i = 0;
    while (l.v[i].kind != DUE_EXC_REPORT) i++;
    ck_assert_str_eq(l.v[i].ref, "EX-R8-0002");
    ck_assert_str_eq(l.v[i].name, "災害情報共有サービス");
    ck_assert(due_is_overdue(&l.v[i]));
    ck_assert_str_eq(due_label(&l.v[i]), "例外措置事後報告待ち");
    due_list_clear(&l);
    kexception e;
    ck_assert_int_eq(exc_find(k, "EX-R8-0002", &e), KS_OK);
    ck_assert_str_eq(e.state, "report_due");
    ck_assert_str_eq(e.emergency_user, "高橋 健");
    exc_input in = {.reason = "台風対応として認める", .conditions = "個人情報を登録しない", .valid_until = "2027-03-31",
                    .recheck_on = "2027-02-26"};
    ck_assert_int_eq(exc_report(k, e.id, &in), KS_OK);
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_EXC_REPORT], 0);
    due_list_clear(&l);
    ck_assert(history_has(svc("AP-R8-0003").id, "例外措置事後報告", "EX-R8-0002"));
}
END_TEST

/* §7-4(3): the CISO re-checks the exceptions in force; a passed re-check date or 有効期限 shows in the due list of
   the CISO and the 統括 until the re-check is recorded. オンライン会議サービス's exception: next re-check
   2027-01-29, 有効期限 2027-04-10. */
START_TEST(exception_recheck_due_and_recorded_004_7_4_3)
{
    setenv("KUMO_TODAY", "2027-02-01", 1);
    as("takahashi");
    due_list l;
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_EXC_RECHECK], 1);
    ck_assert_uint_eq(l.count[DUE_EXC_EXPIRED], 0);
    due_list_clear(&l);
    setenv("KUMO_TODAY", "2027-04-11", 1);
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_EXC_EXPIRED], 1);
    due_list_clear(&l);
    as("watanabe");   /* the 部局長 of the service does not keep the exceptions */
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_EXC_EXPIRED] + l.count[DUE_EXC_RECHECK], 0);
    due_list_clear(&l);
    setenv("KUMO_TODAY", "2027-02-01", 1);
    kexception e;
    as("takahashi");
    ck_assert_int_eq(exc_find(k, "R6-0001", &e), KS_OK);   /* found by its 申請番号 */
    ck_assert_int_eq(exc_recheck(k, e.id, "2027-02-01", "2027-03-31", "", "条件の遵守を確認"), KS_DENIED);
    as("nakamura");
    ck_assert_int_eq(exc_recheck(k, e.id, "2027-02-01", "2027-05-01", "", "確認"), KS_INVALID);   /* after 有効期限 */
    ck_assert_contains(kumo_last_error(k), "有効期限（2027-04-10）以前");
    ck_assert_int_eq(exc_recheck(k, e.id, "2027-02-01", "2027-03-31", "", ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「確認結果」");
    ck_assert_int_eq(exc_recheck(k, e.id, "2027-02-01", "2028-03-31", "2028-03-31", "条件の遵守を確認"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "12か月");
    ck_assert_int_eq(exc_recheck(k, e.id, "2027-02-01", "2027-12-01", "2028-03-31", "条件の遵守を確認し延長する"), KS_OK);
    ck_assert_int_eq(exc_find(k, "EX-R6-0001", &e), KS_OK);
    ck_assert_str_eq(e.recheck_on, "2027-12-01");
    ck_assert_str_eq(e.valid_until, "2028-03-31");
    ck_assert_str_eq(e.checked_on, "2027-02-01");
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_EXC_RECHECK], 0);
    due_list_clear(&l);
    ck_assert(history_has(svc(ONLINE).id, "例外措置定期確認", "変更前 2027-04-10"));
}
END_TEST

/* §7-4(3): the exceptions in force come to the due list in the order of their dates — read from the index of
   exceptions in force (exceptions_recheck), not found by reading every service. A second exception, on 電子申請サービス
   (re-check 2027-01-15, 有効期限 2027-05-01), goes before オンライン会議サービス's (re-check 2027-01-29) among the
   re-checks and after it (有効期限 2027-04-10) among the expiries. */
START_TEST(exceptions_in_force_listed_by_date_004_7_4_3)
{
    as("nakamura");
    exc_input ex = {.reason = "暗号化されていない領域があるため", .conditions = "消去ソフトの実行記録を添付する",
                    .valid_until = "2027-05-01", .recheck_on = "2027-01-15"};
    kservice sv = svc(DENSHI);
    kexception e;
    ck_assert_int_eq(exc_grant_disposal(k, &sv, "上書き消去", &ex, &e), KS_OK);
    const char *want[2][2] = {{e.exc_no, "EX-R6-0001"}, {"EX-R6-0001", e.exc_no}};
    const char *today[2] = {"2027-02-01", "2027-05-02"};
    const kdue_kind kind[2] = {DUE_EXC_RECHECK, DUE_EXC_EXPIRED};
    for (int t = 0; t < 2; t++) {
        setenv("KUMO_TODAY", today[t], 1);
        as("takahashi");
        due_list l;
        ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
        ck_assert_uint_eq(l.count[kind[t]], 2);
        int seen = 0;
        for (size_t i = 0; i < l.n; i++) {
            if (l.v[i].kind != kind[t]) continue;
            ck_assert_int_lt(seen, 2);
            ck_assert_str_eq(l.v[i].ref, want[t][seen]);
            seen++;
        }
        ck_assert_int_eq(seen, 2);
        due_list_clear(&l);
    }
}
END_TEST

/* The register of exceptions (§7-4(3)): the CISO, the 統括 and 監査 read it; nobody else, not the システム管理者.
   Every exception is in it with its application, service and dates. */
START_TEST(exception_register_who_reads_004_7_4_3)
{
    const struct { const char *login; bool reads; } WHO[] = {
        {"nakamura", true}, {"takahashi", true}, {"kobayashi", true}, {"kato", false}, {"sato", false},
        {"yoshida", false},
    };
    kexception page[10];
    int n = 0;
    for (size_t i = 0; i < sizeof WHO / sizeof WHO[0]; i++) {
        as(WHO[i].login);
        kstatus s = exc_page(k, false, 0, 0, 10, page, &n);
        ck_assert_msg((s == KS_OK) == WHO[i].reads, "%s: %d", WHO[i].login, s);
        ck_assert_int_eq(policy_may_view_exceptions(kumo_me(k)), WHO[i].reads);
    }
    as("kobayashi");
    ck_assert_int_eq(exc_page(k, false, 0, 0, 10, page, &n), KS_OK);
    ck_assert_int_eq(n, 3);   /* newest first: the emergency, the refusal, the permission */
    ck_assert_str_eq(page[0].exc_no, "EX-R8-0002");
    ck_assert_str_eq(page[1].state, "refused");
    ck_assert_str_eq(page[1].app_no, "R8-0006");
    ck_assert_str_eq(page[2].approval_no, ONLINE);
    ck_assert_str_eq(page[2].valid_until, "2027-04-10");
    ck_assert_str_eq(page[2].recheck_on, "2027-01-29");
    int64_t count = 0;
    ck_assert_int_eq(exc_count(k, true, &count), KS_OK);
    ck_assert_int_eq(count, 2);   /* in force or awaiting a report: not the refusal */
    /* keyset: the page above the oldest is everything newer */
    ck_assert_int_eq(exc_page(k, false, 0, page[2].id, 10, page, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(page[0].exc_no, "EX-R8-0002");
    /* the manager of a service sees its exception through the service, not the register */
    as("watanabe");
    kexception e;
    ck_assert_int_eq(exc_find(k, "EX-R6-0001", &e), KS_OK);
    as("yoshida");
    ck_assert_int_eq(exc_find(k, "EX-R6-0001", &e), KS_DENIED);
}
END_TEST

/* ---- the verified end (規定003 §4(7)) ---- */

/* オンライン会議サービス (conf 2, 市民生活部, manager watanabe) ended on 2026-03-31: its 終了連絡 filed by watanabe
   and accepted by the 統括. */
static kservice end_online(void)
{
    as("watanabe");
    kservice sv = svc(ONLINE);
    ck_answer *ans;
    size_t n;
    ck_assert_int_eq(phase_checklist_blank(k, PHASE_RETIRE, &ans, &n, NULL, 0), KS_OK);
    phase_answer_all(ans, n, "適合");
    termination_input in = {.v = {[TM_END] = "2026-03-31", [TM_PLAN] = "作成済", [TM_NOTICE] = "2026-03-01",
                                  [TM_DISPOSAL] = "暗号化消去", [TM_ACC_USERS] = "削除済",
                                  [TM_ACC_PRIV] = "削除済", [TM_ACC_SPECIAL] = "該当なし"},
                            .answers = ans, .n_answers = n};
    int64_t id = 0;
    ck_assert_msg(termination_file(k, &sv, &in, &id) == KS_OK, "%s", kumo_last_error(k));
    checklist_answers_free(&ans, n);
    as("takahashi");
    ck_assert_int_eq(termination_accept(k, id, ""), KS_OK);
    return svc(ONLINE);
}

static disposal_input full_report(const char *date, const char *method, const char *confirm)
{
    return (disposal_input){.v = {[DS_DATE] = date, [DS_WORKER] = "市民生活部 渡辺", [DS_METHOD] = method,
                                  [DS_CONFIRM] = confirm, [DS_EVIDENCE] = "データ抹消証明書 GM-2026-001",
                                  [DS_COPIES] = "削除済", [DS_ACC_USERS] = "削除済", [DS_ACC_PRIV] = "削除済",
                                  [DS_ACC_SPECIAL] = "該当なし"}};
}

static kstatus file_as(const char *login, const char *no, disposal_input in, int64_t *id)
{
    as(login);
    kservice sv = svc(no);
    return disposal_file(k, &sv, &in, id);
}

/* The 終了連絡 says what exists; its 受理 makes the service 終了処理中, and only the 廃棄・削除完了報告 — after it,
   dated from the 終了日 to today — ends it. */
START_TEST(disposal_only_after_termination_accepted_003_4_7)
{
    as("watanabe");
    kservice sv = svc(ONLINE);
    disposal_input in = full_report("2026-04-10", DISPOSAL_METHOD_CE, "抹消措置の完了証明書");
    ck_assert_int_eq(disposal_file(k, &sv, &in, NULL), KS_DENIED);   /* still in use */
    ck_assert_contains(kumo_last_error(k), "終了連絡の受理の後");
    sv = end_online();
    ck_assert_str_eq(sv.disposal_state, "pending");
    ck_assert_str_eq(service_status_label(&sv, date_today()), "終了処理中");
    in.v[DS_DATE] = "2026-03-30";
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "終了日（2026-03-31）以降");
    in.v[DS_DATE] = "2026-11-24";
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "今日（2026-11-23）以前");
    /* every copy and every account kind: 削除済 or 該当なし, never 削除予定 (004 §2(2)①(エ), 003 §4(7)③) */
    in.v[DS_DATE] = "2026-04-10";
    in.v[DS_ACC_PRIV] = "削除予定";
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "特権アカウント");
    in.v[DS_ACC_PRIV] = "削除済";
    in.v[DS_COPIES] = "";
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "全ての複製");
    in.v[DS_COPIES] = "削除済";
    in.v[DS_EVIDENCE] = "";
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "証跡");
    in.v[DS_EVIDENCE] = "データ抹消証明書 GM-2026-001";
    /* only the manager or the 部局's 情報セキュリティ責任者 report (another 部局's may not) */
    ck_assert_int_eq(file_as("sato", ONLINE, in, NULL), KS_DENIED);
    int64_t id = 0;
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, &id), KS_OK);
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_EXISTS);   /* one awaiting 受理 at a time */
    sv = svc(ONLINE);
    ck_assert_str_eq(service_status_label(&sv, date_today()), "終了処理中");   /* filed is not accepted */
    /* 差戻し needs its reason; then the report is filed again, and its 受理 ends the service */
    as("takahashi");
    ck_assert_int_eq(disposal_return(k, id, ""), KS_INVALID);
    ck_assert_int_eq(disposal_return(k, id, "証明書の写しを添付してください"), KS_OK);
    ck_assert_int_eq(disposal_accept(k, id, ""), KS_DENIED);   /* no longer awaiting 受理 */
    ck_assert_str_eq(svc(ONLINE).disposal_state, "pending");
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, &id), KS_OK);
    as("nakamura");
    ck_assert_int_eq(disposal_accept(k, id, "証明書を確認した"), KS_OK);
    sv = svc(ONLINE);
    ck_assert_str_eq(sv.disposal_state, "done");
    ck_assert_str_eq(sv.disposed_on, "2026-04-10");
    ck_assert_str_eq(service_status_label(&sv, date_today()), "終了");
    ck_assert(history_has(sv.id, "廃棄・削除完了報告", "削除方法 暗号化消去"));
    ck_assert(history_has(sv.id, "廃棄・削除完了報告差戻し", "証明書の写し"));
    ck_assert(history_has(sv.id, "廃棄・削除完了報告受理", "証明書を確認した"));
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_DENIED);   /* 終了: nothing more to report */
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(k->db, &v), KS_OK);
    ck_assert_msg(v.ok, "%s", v.what);
}
END_TEST

/* 機密性2以上: 暗号化消去 (ポリシー004 §8-3(8)③), confirmed by a certificate or a witness (002's table (2)); another
   method of 002's (2) only under the CISO's 例外措置 of the 廃棄方法 (§7-4), which the report then names. */
START_TEST(disposal_method_conf2_needs_ce_or_exception_004_8_3_8)
{
    end_online();
    disposal_input in = full_report("2026-04-10", "上書き消去", "抹消措置の完了証明書");
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "CISOの例外措置");
    in.v[DS_METHOD] = "上書き消去（アクセス可能な領域のみ）";
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "アクセス可能な領域のみの上書き消去にできません");
    in.v[DS_METHOD] = DISPOSAL_METHOD_CE;
    in.v[DS_CONFIRM] = "職員による作業完了の確認";   /* 002 (3): 機密性1's confirmation */
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "削除の確認");
    /* the CISO permits 上書き消去; not the 統括, not a method 002 allows only for 機密性1 */
    exc_input ex = {.reason = "暗号化されていない領域があるため", .conditions = "消去ソフトの実行記録を添付する",
                    .valid_until = "2027-03-31", .recheck_on = "2027-02-01"};
    kservice sv = svc(ONLINE);
    as("takahashi");
    ck_assert_int_eq(exc_grant_disposal(k, &sv, "上書き消去", &ex, NULL), KS_DENIED);
    as("nakamura");
    ck_assert_int_eq(exc_grant_disposal(k, &sv, "上書き消去（アクセス可能な領域のみ）", &ex, NULL), KS_INVALID);
    ck_assert_int_eq(exc_grant_disposal(k, &sv, DISPOSAL_METHOD_CE, &ex, NULL), KS_INVALID);
    kexception e;
    ck_assert_int_eq(exc_grant_disposal(k, &sv, "上書き消去", &ex, &e), KS_OK);
    char method[64];
    ck_assert_int_eq(disposal_excepted_method(k, sv.id, method, sizeof method), KS_OK);
    ck_assert_str_eq(method, "上書き消去");
    in.v[DS_CONFIRM] = "職員の立会い";
    in.v[DS_METHOD] = "ブロック消去";   /* the exception names 上書き消去 only */
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, NULL), KS_INVALID);
    in.v[DS_METHOD] = "上書き消去";
    int64_t id = 0;
    ck_assert_int_eq(file_as("watanabe", ONLINE, in, &id), KS_OK);
    kdisposal d;
    ck_assert_int_eq(disposal_get(k, id, &d), KS_OK);
    ck_assert_str_eq(d.method, "上書き消去");
    ck_assert_str_eq(d.exc_no, e.exc_no);   /* the report names the exception it relies on */
    /* the exception is on the register of exceptions, with its re-check date (§7-4(3)) */
    as("takahashi");
    kexception *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(exc_list_of(k, 0, sv.id, &v, &n), KS_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++)
        found |= !strcmp(v[i].exc_no, e.exc_no) && !strcmp(v[i].subject, "廃棄方法") && !strcmp(v[i].recheck_on, "2027-02-01");
    kexception_free(&v);
    ck_assert(found);
}
END_TEST

/* 機密性1 (§8-4): any method of 002's table (3), and the 部局's 情報セキュリティ責任者 accepts the report
   (ポリシー004 §8-4(2)②) as the 統括 may; never its filer, nor another 部局's. */
START_TEST(disposal_conf1_accepted_by_dept_head_004_8_4)
{
    kdisposal *p = NULL;
    size_t n = 0;
    as("sato");   /* 総務部: not his 部局's */
    ck_assert_int_eq(disposal_pending(k, &p, &n), KS_OK);
    ck_assert_uint_eq(n, 0);
    kdisposal_free(&p);
    as("watanabe");
    ck_assert_int_eq(disposal_pending(k, &p, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(p[0].approval_no, EVENT);
    int64_t id = p[0].id;
    kdisposal_free(&p);
    as("sato");
    ck_assert_int_eq(disposal_accept(k, id, ""), KS_DENIED);
    as("yamamoto");   /* its filer */
    ck_assert_int_eq(disposal_accept(k, id, ""), KS_DENIED);
    as("watanabe");
    ck_assert_int_eq(disposal_accept(k, id, ""), KS_OK);
    kservice ev = svc(EVENT);
    ck_assert_str_eq(service_status_label(&ev, date_today()), "終了");
    /* 庁内チャット: the access-only overwrite and a staff check are 002 (3)'s methods, fine for 機密性1 */
    disposal_input in = full_report("2026-10-05", "上書き消去（アクセス可能な領域のみ）", "職員による作業完了の確認");
    ck_assert_int_eq(file_as("yamamoto", CHAT, in, &id), KS_OK);
    as("takahashi");
    ck_assert_int_eq(disposal_accept(k, id, ""), KS_OK);
    ck_assert_str_eq(svc(CHAT).disposal_state, "done");
}
END_TEST

/* ---- migrations of databases made before these steps ---- */

static void raw_exec(sqlite3 *h, const char *sql)
{
    char *err = NULL;
    ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &err) == SQLITE_OK, "%s: %s", sql, err ? err : "");
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
}
END_TEST

/* A database as kumo left it before the audit trail and the 例外措置 (migrations 1–3): 「リスク受容」 answers of an
   application still to be decided become 例外措置 and it waits for the CISO; those of an approved one stay as
   recorded. The rows the migration changed after the trail's first record are on the trail (db_audit_migrated), so
   `kumo audit verify` finds nothing edited behind kumo's back. */
START_TEST(migration_exception_of_existing_applications)
{
    char old[PATH_MAX + 32];
    snprintf(old, sizeof old, "%s/old4.db", dir);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
    raw_exec(h, "PRAGMA foreign_keys=ON");
    for (size_t i = 0; i < 3; i++) raw_exec(h, schema_migration(i));
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d", KUMO_APPLICATION_ID);
    raw_exec(h, pragma);
    raw_exec(h, "PRAGMA user_version=3;"
                "INSERT INTO departments(id, name) VALUES (1, '総務部');"
                "INSERT INTO users(id, login, name, dept_id, role) VALUES (1, 'sato', '佐藤', 1, 'dept_head');"
                "INSERT INTO applications(id, app_no, state, track, applicant_id, dept_id, conf, location, law,"
                "  contract, certs, created_at, updated_at) VALUES"
                " (1, 'R8-0001', 'submitted', '8-3', 1, 1, '2', '国内', '日本法・日本の裁判所', '個別契約・SLA',"
                "  'ISMAP登録', 'x', 'x'),"
                " (2, 'R8-0002', 'approved', '8-3', 1, 1, '2', '国内', '日本法・日本の裁判所', '個別契約・SLA',"
                "  'ISMAP登録', 'x', 'x'),"
                " (3, 'R8-0003', 'submitted', '8-3', 1, 1, '2', '国外', '日本法・日本の裁判所', '個別契約・SLA',"
                "  'ISMAP登録', 'x', 'x'),"
                " (4, 'R8-0004', 'submitted', '8-3', 1, 1, '2', '国内', '日本法・日本の裁判所', '約款', '', 'x', 'x'),"
                " (5, 'R8-0005', 'submitted', '8-3', 1, 1, '2', '国内', '日本法・日本の裁判所', '個別契約・SLA',"
                "  'ISMAP登録', 'x', 'x');"
                "INSERT INTO checklist_answers(app_id, no, code, text, answer, note, reason) VALUES"
                " (1, 1, '4(2)-1', 'x', '不適合', '海外', 'リスク受容'),"
                " (2, 1, '4(2)-1', 'x', '不適合', '海外', 'リスク受容');");
    sqlite3_close(h);
    kdb *db;
    ck_assert_int_eq(db_open(old, DB_OPEN_EXISTING, &db), KS_OK);
    ck_answer *v;
    size_t n;
    ck_assert_int_eq(db_answers_load(db, 1, &v, &n), KS_OK);
    ck_assert_str_eq(v[0].reason, "例外措置");
    checklist_answers_free(&v, n);
    ck_assert_int_eq(db_answers_load(db, 2, &v, &n), KS_OK);
    ck_assert_str_eq(v[0].reason, "リスク受容");   /* decided then: kept as recorded */
    checklist_answers_free(&v, n);
    kexc_wait w[8];
    int nw = 0;
    int64_t total = 0;
    ck_assert_int_eq(db_exc_waiting(db, 0, 8, w, &nw, &total), KS_OK);
    ck_assert_int_eq(total, 3);   /* 不適合 (R8-0001), 国外 (R8-0003), 約款 without 第三者認証 (R8-0004) */
    ck_assert_str_eq(w[0].app_no, "R8-0001");
    ck_assert_str_eq(w[1].app_no, "R8-0003");
    ck_assert_str_eq(w[2].app_no, "R8-0004");
    kaudit_verify v2;
    ck_assert_int_eq(db_audit_verify(db, &v2), KS_OK);
    ck_assert_msg(v2.ok, "%s", v2.what);
    ck_assert_int_eq(v2.records, 2);   /* the trail's start, and the migration's own record */
    db_close(&db);
    char side[PATH_MAX + 64];
    const char *tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", old, tails[i]);
        unlink(side);
    }
}
END_TEST

/* A database as kumo left it before the verified end (migrations 1–7 applied through the version before the audit
   trail, the rest by this kumo): a service ended with an account still 削除予定 in its accepted 終了連絡 was never
   shown deleted, so it is 終了処理中 and its report is due; one ended with every account 削除済 or 該当なし is
   legacy and stays 終了; one in use is untouched. The trail records the change (`kumo audit verify` passes). */
START_TEST(migration_disposal_state_of_ended_services_003_4_7)
{
    char old[PATH_MAX + 32];
    snprintf(old, sizeof old, "%s/old8.db", dir);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
    raw_exec(h, "PRAGMA foreign_keys=ON");
    for (size_t i = 0; i < 3; i++) raw_exec(h, schema_migration(i));
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d", KUMO_APPLICATION_ID);
    raw_exec(h, pragma);
    raw_exec(h, "PRAGMA user_version=3;"
                "INSERT INTO departments(id, name) VALUES (1, '総務部');"
                "INSERT INTO users(id, login, name, dept_id, role) VALUES (1, 'sato', '佐藤', 1, 'dept_head'),"
                "  (2, 'takahashi', '高橋', 1, 'approver');"
                "INSERT INTO services(id, approval_no, name, dept_id, conf, approved_on, start_date, end_date,"
                "  next_review_due, status, terminated_on, build_state) VALUES"
                " (1, 'A-1', '削除予定のまま', 1, '2', '2024-01-10', '2024-02-01', '2025-03-31', '2025-01-10',"
                "  'terminated', '2025-03-31', 'legacy'),"
                " (2, 'A-2', '削除済', 1, '2', '2024-01-10', '2024-02-01', '2025-03-31', '2025-01-10',"
                "  'terminated', '2025-03-31', 'legacy'),"
                " (3, 'A-3', '利用中', 1, '2', '2024-01-10', '2024-02-01', '', '2025-01-10', 'active', '', 'legacy');"
                "INSERT INTO terminations(service_id, state, end_date, plan, notice_date, disposal, accounts_users,"
                "  accounts_privileged, accounts_special, filed_by, filed_on, decided_by, decided_on, created_at)"
                " VALUES (1, 'accepted', '2025-03-31', '作成済', '2025-03-01', '暗号化消去', '削除済', '削除予定',"
                "  '該当なし', 1, '2025-03-02', 2, '2025-03-05', 'x'),"
                "  (2, 'accepted', '2025-03-31', '作成済', '2025-03-01', '暗号化消去', '削除済', '削除済', '該当なし',"
                "  1, '2025-03-02', 2, '2025-03-05', 'x');");
    sqlite3_close(h);
    kdb *db;
    ck_assert_int_eq(db_open(old, DB_OPEN_EXISTING, &db), KS_OK);
    kservice s;
    ck_assert_int_eq(db_service_by_no(db, "A-1", &s), KS_OK);
    ck_assert_str_eq(s.disposal_state, "pending");
    ck_assert_str_eq(service_status_label(&s, date_today()), "終了処理中");
    ck_assert_int_eq(db_service_by_no(db, "A-2", &s), KS_OK);
    ck_assert_str_eq(s.disposal_state, "legacy");
    ck_assert_str_eq(service_status_label(&s, date_today()), "終了");
    ck_assert_int_eq(db_service_by_no(db, "A-3", &s), KS_OK);
    ck_assert_str_eq(s.disposal_state, "");
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(db, &v), KS_OK);
    ck_assert_msg(v.ok, "%s", v.what);
    db_close(&db);
    char side[PATH_MAX + 64];
    const char *tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", old, tails[i]);
        unlink(side);
    }
}
END_TEST

/* Migration 11 (規定003 §4(4)②: the register records the service's 承認日): a service changed before it had its
   承認日 overwritten by the 変更; the first approval's date comes back and the change's becomes the 変更承認日. A
   service approved once is left alone, and the audit trail still verifies. */
START_TEST(migration_change_keeps_first_approval_date_003_4_4_2)
{
    char old[PATH_MAX + 32];
    snprintf(old, sizeof old, "%s/old10.db", dir);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
    raw_exec(h, "PRAGMA foreign_keys=ON");
    for (size_t i = 0; i < 3; i++) raw_exec(h, schema_migration(i));
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA application_id=%d", KUMO_APPLICATION_ID);
    raw_exec(h, pragma);
    raw_exec(h, "PRAGMA user_version=3;"
                "INSERT INTO departments(id, name) VALUES (1, '総務部');"
                "INSERT INTO users(id, login, name, dept_id, role) VALUES (1, 'sato', '佐藤', 1, 'dept_head'),"
                "  (2, 'takahashi', '高橋', 1, 'approver');"
                "INSERT INTO services(id, approval_no, name, dept_id, conf, approved_on, start_date, end_date,"
                "  next_review_due, status, terminated_on, build_state) VALUES"
                " (1, 'A-1', '変更あり', 1, '2', '2026-02-01', '2024-02-01', '', '2027-02-01', 'active', '', 'legacy'),"
                " (2, 'A-2', '変更なし', 1, '2', '2024-01-10', '2024-02-01', '', '2025-01-10', 'active', '', 'legacy');"
                "INSERT INTO applications(id, app_no, state, applicant_id, dept_id, service_id, kind, decided_on,"
                "  created_at, updated_at) VALUES"
                " (1, 'R5-0001', 'approved', 1, 1, 1, '新規', '2024-01-10', 'x', 'x'),"
                " (2, 'R7-0001', 'approved', 1, 1, 1, '変更', '2026-02-01', 'x', 'x'),"
                " (3, 'R7-0002', 'rejected', 1, 1, 1, '変更', '2026-03-01', 'x', 'x'),"
                " (4, 'R5-0002', 'approved', 1, 1, 2, '新規', '2024-01-10', 'x', 'x');");
    sqlite3_close(h);
    kdb *db;
    ck_assert_int_eq(db_open(old, DB_OPEN_EXISTING, &db), KS_OK);
    kservice s;
    ck_assert_int_eq(db_service_by_no(db, "A-1", &s), KS_OK);
    ck_assert_str_eq(s.approved_on, "2024-01-10");
    ck_assert_str_eq(s.changed_on, "2026-02-01");
    ck_assert_int_eq(db_service_by_no(db, "A-2", &s), KS_OK);
    ck_assert_str_eq(s.approved_on, "2024-01-10");
    ck_assert_str_eq(s.changed_on, "");
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(db, &v), KS_OK);
    ck_assert_msg(v.ok, "%s", v.what);
    db_close(&db);
    char side[PATH_MAX + 64];
    const char *tails[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", old, tails[i]);
        unlink(side);
    }
}
END_TEST

/* 規定003 §5: the 統括 (見直しの責任者), or the CISO, records the yearly review of the regulation — who, when, which
   versions of the 確認事項 templates, the outcome; 監査 reads it; nobody else records or reads it; the record is on
   the audit trail; the next review is due a year later. */
START_TEST(regulation_review_recorded_by_approver_003_5)
{
    int64_t id = 0;
    as("kato");   /* the システム管理者 */
    ck_assert_int_eq(regulation_review_record(k, "2026-11-20", "改訂不要", "照合した", &id), KS_DENIED);
    ck_assert_ptr_nonnull(strstr(kumo_last_error(k), "規定003 §5"));
    as("sato");
    ck_assert_int_eq(regulation_review_record(k, "2026-11-20", "改訂不要", "照合した", &id), KS_DENIED);
    as("takahashi");
    ck_assert_int_eq(regulation_review_record(k, "2026-11-24", "改訂不要", "照合した", &id), KS_INVALID);   /* ahead */
    ck_assert_int_eq(regulation_review_record(k, "2026-11-20", "見直した", "照合した", &id), KS_INVALID);
    ck_assert_int_eq(regulation_review_record(k, "2026-11-20", "改訂不要", "", &id), KS_INVALID);
    ck_assert_ptr_nonnull(strstr(kumo_last_error(k), "「見直しの内容」"));
    char due[11];
    ck_assert_int_eq(regulation_review_due(k, due), KS_OK);
    ck_assert_str_eq(due, "");   /* none yet */
    ck_assert_int_eq(regulation_review_record(k, "2026-11-20", "改訂する", "8-3(3)の選定条件を確認事項に加える", &id),
                     KS_OK);
    ck_assert_int_gt(id, 0);
    as("nakamura");
    ck_assert_int_eq(regulation_review_record(k, "2026-11-23", "改訂不要", "改訂後の版を確かめた", NULL), KS_OK);
    as("kobayashi");   /* 監査 reads */
    kregreview *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(regulation_review_list(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(v[0].reviewed_on, "2026-11-23");   /* newest first */
    ck_assert_str_eq(v[0].reviewer, "中村 修");
    ck_assert_str_eq(v[1].reviewer, "高橋 健");
    ck_assert_str_eq(v[1].outcome, "改訂する");
    ck_assert_str_eq(v[1].note, "8-3(3)の選定条件を確認事項に加える");
    /* the versions of the templates as installed (templates/index.csv) */
    ck_assert_str_eq(v[1].versions, "conf2 2026.2・conf1 2026.1・build 2026.2・operate 2026.2・retire 2026.2");
    kregreview_free(&v);
    ck_assert_int_eq(regulation_review_due(k, due), KS_OK);
    ck_assert_str_eq(due, "2027-11-23");
    as("suzuki");
    ck_assert_int_eq(regulation_review_list(k, &v, &n), KS_DENIED);
    kaudit_verify av;
    ck_assert_int_eq(db_audit_verify(k->db, &av), KS_OK);
    ck_assert_msg(av.ok, "%s", av.what);
}
END_TEST

/* The yearly review of the regulation (規定003 §5) is a reminder: in the due list of the 統括 and the CISO from 30
   days before it falls due (a year after the last one recorded), overdue only once past its date (kumo due exits 1
   then), and nobody else's; nothing before the first is recorded. */
typedef struct reg_seen {
    int n;
    kdue_item it;
    bool overdue;
} reg_seen;

static int see_reg(const kdue_item *it, void *p)
{
    reg_seen *r = p;
    if (it->kind == DUE_REG_REVIEW) {
        r->n++;
        r->it = *it;
        r->overdue = due_is_overdue(it);
    }
    return 0;
}

static reg_seen reg_due(const char *today, bool mine)
{
    setenv("KUMO_TODAY", today, 1);
    reg_seen r = {0};
    ck_assert_int_eq(due_each(k, 30, mine, see_reg, &r), KS_OK);
    return r;
}

START_TEST(regulation_review_due_for_approver_and_ciso_003_5)
{
    as("takahashi");
    ck_assert_int_eq(reg_due("2027-11-01", false).n, 0);   /* none recorded yet */
    ck_assert_int_eq(regulation_review_record(k, "2026-11-20", "改訂不要", "照合した", NULL), KS_OK);
    ck_assert_int_eq(reg_due("2027-10-20", false).n, 0);   /* 31 days ahead: outside the window */
    reg_seen r = reg_due("2027-10-21", false);              /* 30 days ahead */
    ck_assert_int_eq(r.n, 1);
    ck_assert_str_eq(r.it.date, "2027-11-20");
    ck_assert(!r.overdue);
    ck_assert_str_eq(due_code(&r.it), "regulation_review_due");
    ck_assert_str_eq(due_label(&r.it), "規定の見直し期限間近");
    r = reg_due("2027-11-20", true);   /* on the day: not yet overdue; --mine keeps it */
    ck_assert_int_eq(r.n, 1);
    ck_assert(!r.overdue);
    r = reg_due("2027-11-21", false);
    ck_assert_int_eq(r.n, 1);
    ck_assert(r.overdue);
    ck_assert_str_eq(due_code(&r.it), "regulation_review_overdue");
    ck_assert_str_eq(due_label(&r.it), "規定の見直し期限超過");
    char due[11];
    bool shown = false;
    ck_assert_int_eq(regulation_review_reminder(k, 30, due, &shown), KS_OK);   /* ホーム */
    ck_assert(shown);
    ck_assert_str_eq(due, "2027-11-20");
    as("nakamura");   /* the CISO */
    ck_assert_int_eq(reg_due("2027-11-21", false).n, 1);
    as("kobayashi");   /* 監査 reads the reviews, does not record them */
    ck_assert_int_eq(reg_due("2027-11-21", false).n, 0);
    ck_assert_int_eq(regulation_review_reminder(k, 30, due, &shown), KS_OK);
    ck_assert(!shown);
    as("sato");
    ck_assert_int_eq(reg_due("2027-11-21", false).n, 0);
    as("takahashi");
    setenv("KUMO_TODAY", "2027-11-21", 1);
    ck_assert_int_eq(regulation_review_record(k, "2027-11-21", "改訂不要", "照合した", NULL), KS_OK);
    ck_assert_int_eq(reg_due("2027-11-21", false).n, 0);   /* recorded: the next is a year on */
    ck_assert_int_eq(regulation_review_reminder(k, 30, due, &shown), KS_OK);
    ck_assert(!shown);
    setenv("KUMO_TODAY", "2026-11-23", 1);
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
    tc = tcase_create("exceptions");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, exception_deviations_and_ciso_queue);
    tcase_add_test(tc, emergency_report_overdue_until_recorded_004_7_4_2);
    tcase_add_test(tc, exception_recheck_due_and_recorded_004_7_4_3);
    tcase_add_test(tc, exceptions_in_force_listed_by_date_004_7_4_3);
    tcase_add_test(tc, exception_register_who_reads_004_7_4_3);
    suite_add_tcase(s, tc);
    tc = tcase_create("disposal");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, disposal_only_after_termination_accepted_003_4_7);
    tcase_add_test(tc, disposal_method_conf2_needs_ce_or_exception_004_8_3_8);
    tcase_add_test(tc, disposal_conf1_accepted_by_dept_head_004_8_4);
    suite_add_tcase(s, tc);
    tc = tcase_create("regulation");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, regulation_review_recorded_by_approver_003_5);
    tcase_add_test(tc, regulation_review_due_for_approver_and_ciso_003_5);
    suite_add_tcase(s, tc);
    tc = tcase_create("migrations");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, migration_build_state_of_existing_services);
    tcase_add_test(tc, migration_exception_of_existing_applications);
    tcase_add_test(tc, migration_disposal_state_of_ended_services_003_4_7);
    tcase_add_test(tc, migration_change_keeps_first_approval_date_003_4_4_2);
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
