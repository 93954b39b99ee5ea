/* Tests of the life of an approved service (app/lifecycle.c, db/db_lifecycle.c, the lifecycle rules of
   app/policy.c) on a copy of the demo database, with KUMO_TODAY=2026-11-23 (the demo's anchor date):
   due-date arithmetic (年度 boundaries, leap days, end of month), who may review (規定003 §4(8)), the response to a
   flagged review and 兼務の禁止 (ポリシー004 §1(8)), re-designation of the クラウドサービス管理者 (003 §4(4)②),
   変更申請 supersession and the move to §8-3 when 機密性 is raised, 終了連絡 and 受理 (003 §4(4)③, §4(7)),
   the 年次利用状況確認 (003 §4(8)) and the due lists. Every expected value was worked out by hand from the demo's
   fixed dates (app/setup.c, demo_lifecycle) and the clauses cited. */
#include <check.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/exchange.h"
#include "app/internal.h"
#include "app/app.h"
#include "db/schema.h"

/* Appends s to the string in dst (cap bytes in all), never past its end. */
#define APPEND(dst, cap, s) snprintf((dst) + strlen(dst), (size_t)(cap) - strlen(dst), "%s", (s))

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
    snprintf(dir, sizeof dir, "%s/kumo-lc-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);
    copy_file(DEMO, path);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
}

static void teardown(void)
{
    kumo_close(&k);
    char side[PATH_MAX + 64];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
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

static kuser user(const char *login)
{
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, login, &u), KS_OK);
    return u;
}

/* The demo's services (approval numbers follow from the demo's approval dates and order). */
#define ONLINE "AP-R6-0001"   /* オンライン会議サービス: due 2026-03-17, end 2026-03-31, manager watanabe */
#define DENSHI "AP-R7-0001"   /* 電子申請サービス: conf 2, 総務部, due 2026-05-20, manager yoshida */
#define KAIGO "AP-R7-0002"    /* 介護認定審査会資料共有: review 2026-08-20 変更あり awaiting a response */
#define SHISETSU "AP-R7-0003" /* 施設予約サービス: 教育委員会事務局, due 2026-12-15, manager matsumoto */
#define KEIYAKU "AP-R7-0004"  /* 電子契約サービス: 終了連絡 awaiting 受理, manager suzuki */
#define CHAT "AP-R7-0005"     /* 庁内チャットサービス: ended 2026-09-30, 終了処理中 (its 廃棄・削除完了報告 overdue) */
#define KENSHIN "AP-R6-0002"  /* 健診結果管理サービス: 3C, ended 2026-03-31, 終了 (its report accepted) */
#define EVENT "AP-R7-0006"    /* イベント申込受付サービス: 機密性1, ended 2026-03-31, its report awaiting 受理 */
#define CHIZU "AP-R8-0001"    /* 地図作成サービス: conf 1, 総務部, manager suzuki, 変更申請 R8-0008 submitted */
#define GAKUSHU "AP-R8-0002"  /* 学習支援プラットフォーム: due 2027-10-20 */

/* Writes a 確認内容 into every item that asks for one (note_required): answered item by item, as a person would. */
static void fill_notes(ck_answer *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].note_required && !*v[i].note) {
            free(v[i].note);
            v[i].note = strdup("手順書・記録簿で確認");
        }
}

/* A complete review input: every 運用・保守時 item 適合. Caller frees *ans. */
static review_input review_in(const char *date, const char *usage, ck_answer **ans, size_t *n)
{
    ck_assert_int_eq(phase_checklist_blank(k, PHASE_OPERATE, ans, n, NULL, 0), KS_OK);
    phase_answer_all(*ans, *n, "適合");
    fill_notes(*ans, *n);
    return (review_input){.v[RV_DATE] = date, .v[RV_USAGE] = usage, .v[RV_USERS] = "10", .v[RV_TERMS] = "無",
                             .v[RV_CHANGE] = "", .v[RV_INCIDENT] = "無", .answers = *ans, .n_answers = *n};
}

static kstatus record(const char *no, const char *date, const char *usage)
{
    kservice s = svc(no);
    ck_answer *ans;
    size_t n;
    review_input in = review_in(date, usage, &ans, &n);
    if (!strcmp(usage, "変更あり")) in.v[RV_CHANGE] = "利用者を追加した";
    kstatus r = review_record(k, &s, &in, NULL);
    checklist_answers_free(&ans, n);
    return r;
}

static termination_input term_in(const char *end, ck_answer **ans, size_t *n)
{
    ck_assert_int_eq(phase_checklist_blank(k, PHASE_RETIRE, ans, n, NULL, 0), KS_OK);
    phase_answer_all(*ans, *n, "適合");
    return (termination_input){.v[TM_END] = end, .v[TM_PLAN] = "作成済", .v[TM_NOTICE] = "2026-03-01",
                                  .v[TM_DISPOSAL] = "暗号化消去", .v[TM_ACC_USERS] = "削除済",
                                  .v[TM_ACC_PRIV] = "削除済", .v[TM_ACC_SPECIAL] = "該当なし",
                                  .answers = *ans, .n_answers = *n};
}

static kstatus file_term(const char *no, const char *end, int64_t *id)
{
    kservice s = svc(no);
    ck_answer *ans;
    size_t n;
    termination_input in = term_in(end, &ans, &n);
    kstatus r = termination_file(k, &s, &in, id);
    checklist_answers_free(&ans, n);
    return r;
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

static kdate D(const char *s)
{
    kdate d;
    ck_assert_msg(date_parse(s, &d), "bad date %s", s);
    return d;
}

static void ck_date(kdate d, const char *want)
{
    char got[11];
    date_format(d, got, sizeof got);
    ck_assert_str_eq(got, want);
}

/* ---- due-date arithmetic: next = max(確認日 + interval, old due) ---- */

START_TEST(next_due_leap_day_clamps_to_feb_28)
{
    /* 2028-02-29 + 12 months: 2029 has no 29 February */
    ck_date(review_next_due(D("2028-02-29"), D("2028-02-01"), true, 12), "2029-02-28");
    /* and four years on, the 29th exists again */
    ck_date(review_next_due(D("2028-02-29"), D("2028-02-01"), true, 48), "2032-02-29");
    /* a leap day reached from a 31st */
    ck_date(review_next_due(D("2028-01-31"), D("2027-12-01"), true, 1), "2028-02-29");
}
END_TEST

START_TEST(next_due_end_of_month)
{
    ck_date(review_next_due(D("2026-08-31"), D("2026-01-01"), false, 6), "2027-02-28");
    ck_date(review_next_due(D("2026-01-31"), D("2026-01-01"), true, 1), "2026-02-28");
    ck_date(review_next_due(D("2026-05-31"), D("2026-01-01"), true, 1), "2026-06-30");
    ck_date(review_next_due(D("2026-12-31"), D("2026-01-01"), true, 2), "2027-02-28");
    /* the last day of a 年度 stays the last day of the next 年度 */
    ck_date(review_next_due(D("2027-03-31"), D("2027-03-01"), true, 12), "2028-03-31");
}
END_TEST

START_TEST(next_due_max_rule)
{
    /* late review: one interval after the review */
    ck_date(review_next_due(D("2026-11-01"), D("2026-05-20"), true, 12), "2027-11-01");
    /* early review: one interval after the review, not after the old due date */
    ck_date(review_next_due(D("2026-05-01"), D("2026-05-20"), true, 12), "2027-05-01");
    /* an approver's later due date is kept */
    ck_date(review_next_due(D("2026-05-01"), D("2027-09-30"), true, 12), "2027-09-30");
    /* no previous due date */
    ck_date(review_next_due(D("2026-05-01"), D("2030-01-01"), false, 12), "2027-05-01");
}
END_TEST

START_TEST(days_between_across_leap_and_year)
{
    ck_assert_int_eq(date_days_between(D("2028-02-28"), D("2028-03-01")), 2);
    ck_assert_int_eq(date_days_between(D("2027-02-28"), D("2027-03-01")), 1);
    ck_assert_int_eq(date_days_between(D("2026-11-23"), D("2026-05-20")), -187);
    ck_assert_int_eq(date_days_between(D("2026-12-31"), D("2027-01-01")), 1);
}
END_TEST

START_TEST(review_moves_due_in_db)
{
    as("matsumoto");
    /* 施設予約: due 2026-12-15, reviewed 2026-11-20 → max(2027-11-20, 2026-12-15) = 2027-11-20 */
    ck_assert_int_eq(record(SHISETSU, "2026-11-20", "継続"), KS_OK);
    ck_assert_str_eq(svc(SHISETSU).next_review_due, "2027-11-20");
    /* a second review two days later does not push the date a further year: 2027-11-22 */
    ck_assert_int_eq(record(SHISETSU, "2026-11-22", "継続"), KS_OK);
    ck_assert_str_eq(svc(SHISETSU).next_review_due, "2027-11-22");
    /* a back-dated review never moves the date earlier */
    ck_assert_int_eq(record(SHISETSU, "2026-10-01", "継続"), KS_OK);
    ck_assert_str_eq(svc(SHISETSU).next_review_due, "2027-11-22");
    kreview *v;
    size_t n;
    ck_assert_int_eq(review_list(k, svc(SHISETSU).id, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(v[0].reviewed_on, "2026-11-22");   /* newest first */
    ck_assert_str_eq(v[2].reviewed_on, "2026-10-01");
    ck_assert_str_eq(v[2].prev_due, "2027-11-22");
    ck_assert_str_eq(v[2].next_due, "2027-11-22");
    free(v);
}
END_TEST

START_TEST(review_interval_setting_and_leap_day_in_db)
{
    ck_assert_int_eq(db_setting_set(k->db, "review_interval_months", "6"), KS_OK);
    as("yoshida");
    /* 電子申請: due 2026-05-20, reviewed 2026-08-31 with a 6-month interval → 2027-02-28 */
    ck_assert_int_eq(record(DENSHI, "2026-08-31", "継続"), KS_OK);
    ck_assert_str_eq(svc(DENSHI).next_review_due, "2027-02-28");
    ck_assert_int_eq(db_setting_set(k->db, "review_interval_months", "12"), KS_OK);
    setenv("KUMO_TODAY", "2029-03-01", 1);
    /* reviewed on 2028-02-29 (due 2027-02-28) → 2029-02-28 */
    ck_assert_int_eq(record(DENSHI, "2028-02-29", "継続"), KS_OK);
    ck_assert_str_eq(svc(DENSHI).next_review_due, "2029-02-28");
}
END_TEST

START_TEST(review_fiscal_year_boundary)
{
    as("matsumoto");
    /* 2026-03-31 belongs to 年度 2025, 2026-04-01 to 年度 2026 */
    ck_assert_int_eq(record(SHISETSU, "2026-03-31", "継続"), KS_OK);
    kreview *v;
    size_t n;
    ck_assert_int_eq(review_list(k, svc(SHISETSU).id, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(v[0].fy, 2025);
    free(v);
    as("takahashi");
    kannual_row *rows = calloc(20, sizeof *rows);
    int got;
    ck_assert_int_eq(annual_page(k, 2025, 0, ANNUAL_DONE, NULL, NULL, 20, rows, &got), KS_OK);
    ck_assert_int_eq(got, 1);
    ck_assert_str_eq(rows[0].approval_no, SHISETSU);
    /* in 年度 2026 it is still 未実施 (due now 2027-03-31, not passed) */
    ck_assert_int_eq(annual_page(k, 2026, 0, ANNUAL_NONE, NULL, NULL, 20, rows, &got), KS_OK);
    bool found = false;
    for (int i = 0; i < got; i++) found |= !strcmp(rows[i].approval_no, SHISETSU);
    ck_assert(found);
    as("matsumoto");
    ck_assert_int_eq(record(SHISETSU, "2026-04-01", "継続"), KS_OK);
    as("takahashi");
    ck_assert_int_eq(annual_page(k, 2026, 0, ANNUAL_DONE, NULL, NULL, 20, rows, &got), KS_OK);
    found = false;
    for (int i = 0; i < got; i++) found |= !strcmp(rows[i].approval_no, SHISETSU) && rows[i].reviews == 1;
    ck_assert(found);
    free(rows);
}
END_TEST

/* ---- who may review (003 §4(8)) ---- */

START_TEST(who_may_review)
{
    kservice s = svc(SHISETSU);   /* manager matsumoto, 教育委員会事務局 */
    char why[512];
    const struct { const char *login; bool may; } W[] = {
        {"matsumoto", true},   /* the designated manager */
        {"takahashi", true},   /* 統括情報セキュリティ責任者 */
        {"nakamura", true},    /* CISO */
        {"sato", false},       /* a 情報セキュリティ責任者 of another 部局 */
        {"ito", false},        /* 職員等, not the manager */
        {"kobayashi", false},  /* 監査: reads only */
        {"kato", false},       /* システム管理者 */
    };
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++) {
        kuser u = user(W[i].login);
        ck_assert_msg(policy_may_review(&u, &s, why, sizeof why) == W[i].may, "%s", W[i].login);
    }
    kuser au = user("kobayashi");
    policy_may_review(&au, &s, why, sizeof why);
    ck_assert_contains(why, "監査");
    /* nobody reviews a terminated service */
    kservice chat = svc(CHAT);
    kuser ap = user("takahashi");
    ck_assert(!policy_may_review(&ap, &chat, why, sizeof why));
    ck_assert_contains(why, "終了");
}
END_TEST

START_TEST(review_refused_writes_nothing)
{
    as("sato");
    ck_assert_int_eq(record(SHISETSU, "2026-11-20", "継続"), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "クラウドサービス管理者");
    as("kobayashi");
    ck_assert_int_eq(record(SHISETSU, "2026-11-20", "継続"), KS_DENIED);
    ck_assert_str_eq(svc(SHISETSU).next_review_due, "2026-12-15");
    ck_assert(!history_has(svc(SHISETSU).id, "利用状況確認", NULL));
    as("nakamura");
    ck_assert_int_eq(record(SHISETSU, "2026-11-20", "継続"), KS_OK);
    ck_assert(history_has(svc(SHISETSU).id, "利用状況確認", "2026-12-15 → 2027-11-20"));
}
END_TEST

/* What people type is normalised the one way every form is (forms/form.c): 利用者数 in full-width digits with a
   separator, 確認日 in its longest 和暦 form, a 終了日 in full-width digits. */
START_TEST(review_and_termination_take_what_people_type)
{
    as("matsumoto");
    kservice s = svc(SHISETSU);
    ck_answer *ans;
    size_t n;
    review_input in = review_in("令和8年11月20日", "継続", &ans, &n);
    in.v[RV_USERS] = "　１，２００ ";
    int64_t id = 0;
    ck_assert_msg(review_record(k, &s, &in, &id) == KS_OK, "%s", kumo_last_error(k));
    checklist_answers_free(&ans, n);
    kreview r;
    ck_assert_int_eq(review_get(k, id, &r, NULL, NULL), KS_OK);
    ck_assert_str_eq(r.reviewed_on, "2026-11-20");
    ck_assert_str_eq(r.user_count, "1200");
    termination_input t = term_in("２０２７年３月３１日", &ans, &n);
    int64_t tid = 0;
    ck_assert_msg(termination_file(k, &s, &t, &tid) == KS_OK, "%s", kumo_last_error(k));
    checklist_answers_free(&ans, n);
    ktermination tm;
    ck_assert_int_eq(termination_get(k, tid, &tm, NULL, NULL), KS_OK);
    ck_assert_str_eq(tm.end_date, "2027-03-31");
}
END_TEST

START_TEST(review_validation_messages)
{
    as("matsumoto");
    kservice s = svc(SHISETSU);
    ck_answer *ans;
    size_t n;
    review_input in = review_in("2026-02-30", "継続", &ans, &n);
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「確認日」は実在する日付");
    in.v[RV_DATE] = "2026-11-24";   /* tomorrow */
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "今日（2026-11-23）以前");
    in.v[RV_DATE] = "";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「確認日」を入力");
    in.v[RV_DATE] = "2026-11-20";
    in.v[RV_USAGE] = "休止";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「利用状況」");
    in.v[RV_USAGE] = "継続";
    const char *bad_counts[] = {"-1", "1.5", "12345678", "10人"};
    for (size_t i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; i++) {
        in.v[RV_USERS] = bad_counts[i];
        ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
        ck_assert_contains(kumo_last_error(k), "「利用者数」は0以上の整数");
    }
    in.v[RV_USERS] = "0";
    in.v[RV_TERMS] = "有";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「変更の内容」");
    in.v[RV_TERMS] = "無";
    in.v[RV_USAGE] = "変更あり";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「変更の内容」");
    in.v[RV_USAGE] = "継続";
    in.v[RV_INCIDENT] = "有";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「インシデントの内容」");
    in.v[RV_INCIDENT] = "無";
    in.v[RV_INAPPROPRIATE] = "設定の誤り";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「相談先」");
    in.v[RV_REFERRED] = "統括\x01";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「相談先」に制御文字");
    in.v[RV_REFERRED] = "統括\xE3\x81";
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "不正な文字コード");
    /* 400 characters of Japanese are accepted (1,200 bytes), 401 are not: length counts characters */
    char long_text[401 * 3 + 1] = "";
    for (int i = 0; i < 401; i++) APPEND(long_text, sizeof long_text, "あ");
    in.v[RV_REFERRED] = "統括情報セキュリティ責任者";
    in.v[RV_INAPPROPRIATE] = long_text;
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "400文字以内で入力してください（現在401文字）");
    long_text[400 * 3] = 0;
    /* an unanswered required checklist item */
    free(ans[0].answer);
    ans[0].answer = strdup("");
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "運用・保守時チェックリスト: 確認事項 4(6)-1a が未回答です");
    /* 不適合 needs a note (its reason is the 例外措置, 004 §7-4) */
    free(ans[0].answer);
    ans[0].answer = strdup("不適合");
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "不適合");
    ck_assert_str_eq(svc(SHISETSU).next_review_due, "2026-12-15");   /* nothing was written */
    free(ans[0].reason);
    ans[0].reason = strdup("");
    free(ans[0].note);
    ans[0].note = strdup("管理者権限は2名に限定して運用する");
    int64_t id = 0;
    ck_assert_int_eq(review_record(k, &s, &in, &id), KS_OK);
    kreview r;
    ck_answer *got;
    size_t ng;
    ck_assert_int_eq(review_get(k, id, &r, &got, &ng), KS_OK);
    ck_assert_uint_eq(ng, n);
    ck_assert_str_eq(got[0].answer, "不適合");
    ck_assert_str_eq(got[0].reason, "例外措置");
    ck_assert_str_eq(r.inappropriate, long_text);
    ck_assert(r.needs_response);
    checklist_answers_free(&got, ng);
    checklist_answers_free(&ans, n);
}
END_TEST

/* ---- the response to a review that raised something ---- */

START_TEST(flagged_review_needs_response_not_by_reviewer)
{
    /* 介護認定: recorded by tanaka (its manager and 健康福祉部's 情報セキュリティ責任者) with 変更あり */
    as("takahashi");
    kreview *v;
    size_t n;
    ck_assert_int_eq(review_pending(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(v[0].approval_no, KAIGO);
    ck_assert_str_eq(v[0].usage, "変更あり");
    int64_t id = v[0].id;
    free(v);
    /* the 情報セキュリティ責任者 of that 部局 sees it too; another 部局's does not */
    as("tanaka");
    ck_assert_int_eq(review_pending(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    free(v);
    as("sato");
    ck_assert_int_eq(review_pending(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 0);
    /* 兼務の禁止: tanaka recorded it, so tanaka may not answer it */
    as("tanaka");
    ck_assert_int_eq(review_respond(k, id, "了解"), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "兼務の禁止");
    as("sato");
    ck_assert_int_eq(review_respond(k, id, "了解"), KS_DENIED);
    as("kobayashi");
    ck_assert_int_eq(review_respond(k, id, "了解"), KS_DENIED);
    as("takahashi");
    ck_assert_int_eq(review_respond(k, id, ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「対応内容」を入力");
    ck_assert_int_eq(review_respond(k, id, "ログを月次で庁内に保存する運用とし、利用継続を認める"), KS_OK);
    ck_assert_int_eq(review_pending(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(review_respond(k, id, "二度目"), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "既に対応");
    ck_assert(history_has(svc(KAIGO).id, "利用状況確認への対応", "利用継続を認める"));
}
END_TEST

START_TEST(plain_review_needs_no_response)
{
    as("matsumoto");
    ck_assert_int_eq(record(SHISETSU, "2026-11-20", "継続"), KS_OK);
    as("takahashi");
    kreview *v;
    size_t n;
    ck_assert_int_eq(review_pending(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 1);   /* still only the demo's 介護認定 */
    free(v);
    as("matsumoto");
    ck_assert_int_eq(record(SHISETSU, "2026-11-21", "変更あり"), KS_OK);
    as("takahashi");
    ck_assert_int_eq(review_pending(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 2);
    free(v);
}
END_TEST

/* ---- re-designation of the クラウドサービス管理者 (003 §4(4)②) ---- */

START_TEST(redesignate_manager_with_history)
{
    kservice s = svc(DENSHI);
    kuser ito = user("ito"), yoshida = user("yoshida"), au = user("kobayashi");
    ck_assert_int_eq(s.manager_id, yoshida.id);
    as("sato");   /* the 情報セキュリティ責任者 of the 部局 does not designate */
    ck_assert_int_eq(manager_redesignate(k, &s, ito.id, ""), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "許可権限者");
    as("takahashi");
    ck_assert_int_eq(manager_redesignate(k, &s, au.id, ""), KS_INVALID);
    ck_assert_int_eq(manager_redesignate(k, &s, yoshida.id, ""), KS_INVALID);
    ck_assert_int_eq(manager_redesignate(k, &s, ito.id, "人事異動のため"), KS_OK);
    ck_assert_int_eq(s.manager_id, ito.id);
    ck_assert_str_eq(s.manager, "伊藤 大輔");
    kservice fresh = svc(DENSHI);
    ck_assert_int_eq(fresh.manager_id, ito.id);
    ck_assert(history_has(s.id, "管理者変更", "吉田 亮 → 伊藤 大輔／人事異動のため"));
    /* the new manager reviews; the old one no longer may */
    char why[256];
    ck_assert(policy_may_review(&ito, &fresh, why, sizeof why));
    ck_assert(!policy_may_review(&yoshida, &fresh, why, sizeof why));
    /* a stale copy is refused, not silently overwritten */
    kservice stale = svc(DENSHI);
    as("nakamura");
    ck_assert_int_eq(manager_redesignate(k, &fresh, yoshida.id, ""), KS_OK);
    ck_assert_int_eq(manager_redesignate(k, &stale, user("suzuki").id, ""), KS_CONFLICT);
    ck_assert_int_eq(svc(DENSHI).manager_id, yoshida.id);
}
END_TEST

/* The command line showed nobody a version: a step re-reads the service inside its own transaction and acts on it
   (a review and a designation made a moment ago by someone else are no conflict), checking its rules against what
   is stored then; the UI's stale copy is still refused (issue 8: 35 % false conflicts at 8 processes). */
START_TEST(current_record_steps_act_on_what_is_stored)
{
    kservice stale = svc(DENSHI);
    as("nakamura");
    kservice other = svc(DENSHI);
    ck_assert_int_eq(manager_redesignate(k, &other, user("ito").id, "人事異動"), KS_OK);
    /* the UI's copy is stale: refused, and the copy is left as it was */
    as("takahashi");
    kservice ui_copy = stale;
    ck_assert_int_eq(manager_redesignate(k, &ui_copy, user("suzuki").id, ""), KS_CONFLICT);
    ck_assert_int_eq(ui_copy.version, stale.version);
    ck_assert_int_eq(svc(DENSHI).manager_id, user("ito").id);
    /* the command line's copy is only a name for the service: the step acts on the stored one */
    kumo_act_on_current(k);
    ck_assert_int_eq(manager_redesignate(k, &stale, user("suzuki").id, "交代"), KS_OK);
    ck_assert_int_eq(svc(DENSHI).manager_id, user("suzuki").id);
    ck_assert(history_has(stale.id, "管理者変更", "伊藤 大輔 → 鈴木 花子／交代"));   /* from what was stored */
    ck_assert_int_eq(stale.version, svc(DENSHI).version);
    /* the rules are checked against the stored service: the one designated is already its manager */
    kservice old = svc(DENSHI);
    old.manager_id = user("ito").id;
    ck_assert_int_eq(manager_redesignate(k, &old, user("suzuki").id, ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "既にこのサービスのクラウドサービス管理者です");
    /* a review on a copy read before another review: the due date follows the stored one */
    kservice before = svc(DENSHI);
    ck_assert_int_eq(record(DENSHI, "2026-11-20", "継続"), KS_OK);   /* due → 2027-11-20 */
    ck_answer *ans;
    size_t n;
    review_input in = review_in("2026-11-10", "継続", &ans, &n);
    ck_assert_int_eq(review_record(k, &before, &in, NULL), KS_OK);
    checklist_answers_free(&ans, n);
    ck_assert_str_eq(svc(DENSHI).next_review_due, "2027-11-20");   /* max(2027-11-10, stored 2027-11-20) */
    ck_assert_str_eq(before.next_review_due, "2027-11-20");
}
END_TEST

/* ---- 変更申請: supersession ---- */

START_TEST(change_supersedes_register_entry)
{
    kservice before = svc(DENSHI);
    int64_t count_before = 0, count_after = 0;
    kservice_filter all = {.include_terminated = true};
    ck_assert_int_eq(db_service_count(k->db, &all, &count_before), KS_OK);
    as("sato");
    kapp a;
    ck_assert_int_eq(wf_new_change(k, before.id, &a), KS_OK);
    ck_assert_str_eq(a.v[FF_KIND], "変更");
    ck_assert_int_eq(a.parent_id, before.app_id);
    ck_assert_int_eq(wf_set_field(k, &a, FF_SERVICE_NAME, "電子申請サービス（新基盤）"), KS_OK);
    ck_assert_int_eq(wf_set_field(k, &a, FF_END, "2029-03-31"), KS_OK);
    change_diff_list d;
    ck_assert_int_eq(change_diff_load(k, &a, &d), KS_OK);
    ck_assert_uint_eq(d.n, 2);   /* 申請区分 新規 → 変更 is not a difference */
    ck_assert_int_eq(d.v[0].field, FF_SERVICE_NAME);
    ck_assert_str_eq(d.v[0].label, "クラウドサービス名");
    ck_assert_str_eq(d.v[0].before, "電子申請サービス");
    ck_assert_str_eq(d.v[0].after, "電子申請サービス（新基盤）");
    ck_assert_int_eq(d.v[1].field, FF_END);
    ck_assert_str_eq(d.v[1].before, "");
    ck_assert_str_eq(d.v[1].after, "2029-03-31");
    change_diff_clear(&d);
    ck_answer *ans;
    size_t n;
    ck_assert_int_eq(db_answers_load(k->db, a.id, &ans, &n), KS_OK);
    for (size_t i = 0; i < n; i++) {
        free(ans[i].answer);
        ans[i].answer = strdup("適合");
        fill_notes(&ans[i], 1);
        ck_assert_int_eq(wf_set_answer(k, &a, &ans[i]), KS_OK);
    }
    checklist_answers_free(&ans, n);
    ck_assert_int_eq(wf_submit(k, &a), KS_OK);
    as("takahashi");
    ck_assert_int_eq(wf_approve(k, &a, false, "", user("yoshida").id, NULL), KS_OK);
    kservice after = svc(DENSHI);
    ck_assert_int_eq(after.id, before.id);
    ck_assert_str_eq(after.approval_no, DENSHI);
    ck_assert_str_eq(after.name, "電子申請サービス（新基盤）");
    ck_assert_str_eq(after.end_date, "2029-03-31");
    ck_assert_int_eq(after.app_id, a.id);
    ck_assert_int_eq(db_service_count(k->db, &all, &count_after), KS_OK);
    ck_assert_int_eq(count_after, count_before);   /* one row per service */
    kversion *vs;
    size_t nv;
    ck_assert_int_eq(q_service_versions(k, after.id, &vs, &nv), KS_OK);
    ck_assert_uint_eq(nv, 2);   /* the original and the change, both kept */
    ck_assert_int_eq(vs[0].app_id, before.app_id);
    ck_assert_str_eq(vs[0].kind, "新規");
    ck_assert_str_eq(vs[1].kind, "変更");
    ck_assert_str_eq(vs[0].state, "approved");
    ck_assert_str_eq(vs[1].state, "approved");
    free(vs);
    kapp orig;
    ck_assert_int_eq(db_app_get(k->db, before.app_id, &orig), KS_OK);
    ck_assert_str_eq(orig.v[FF_SERVICE_NAME], "電子申請サービス");   /* the old version unchanged */
    kapp_clear(&orig);
    ck_assert(history_has(after.id, "変更承認", NULL));
    kapp_clear(&a);
}
END_TEST

/* 変更申請: prefilled from the current application, answers included; only the 部局's 情報セキュリティ責任者
   (003 §4(4)①) or the managing 職員等 of a 機密性1 service; never for an ended service. */
START_TEST(change_prefilled_with_answers_and_who_may_file)
{
    kservice s = svc(DENSHI);   /* conf 2, 総務部, manager yoshida */
    kapp a;
    as("yoshida");              /* the manager, but a 職員等 of a 機密性2 service */
    ck_assert_int_eq(wf_new_change(k, s.id, &a), KS_DENIED);
    as("tanaka");               /* another 部局's 情報セキュリティ責任者 */
    ck_assert_int_eq(wf_new_change(k, s.id, &a), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "003 §4(4)①");
    as("sato");
    ck_assert_int_eq(wf_new_change(k, s.id, &a), KS_OK);
    ck_assert_str_eq(a.v[FF_KIND], "変更");
    ck_assert_str_eq(a.v[FF_SERVICE_NAME], "電子申請サービス");
    ck_assert_int_eq(a.service_id, s.id);
    ck_assert_int_eq(a.parent_id, s.app_id);
    ck_answer *pa, *ca;
    size_t pn, cn;
    ck_assert_int_eq(db_answers_load(k->db, s.app_id, &pa, &pn), KS_OK);
    ck_assert_int_eq(db_answers_load(k->db, a.id, &ca, &cn), KS_OK);
    ck_assert_uint_eq(cn, pn);
    ck_assert_uint_gt(pn, 0);
    for (size_t i = 0; i < pn; i++) {
        ck_assert_str_eq(ca[i].code, pa[i].code);
        ck_assert_str_eq(ca[i].answer, pa[i].answer);   /* carried over, not blank */
        ck_assert_str_eq(ca[i].note, pa[i].note);
    }
    checklist_answers_free(&pa, pn);
    checklist_answers_free(&ca, cn);
    /* a second open change of the same service is refused, naming the open one */
    kapp b;
    ck_assert_int_eq(wf_new_change(k, s.id, &b), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "処理中の申請");
    kapp_clear(&a);
}
END_TEST

START_TEST(change_of_ended_service_cannot_be_submitted)
{
    kservice s = svc(DENSHI);
    kapp a;
    as("sato");
    ck_assert_int_eq(wf_new_change(k, s.id, &a), KS_OK);
    /* the service ends meanwhile (a 終了連絡 accepted elsewhere): mark it as the acceptance does */
    kservice cur = svc(DENSHI);
    snprintf(cur.status, sizeof cur.status, "terminated");
    snprintf(cur.terminated_on, sizeof cur.terminated_on, "2026-11-20");
    ck_assert_int_eq(db_begin(k->db), KS_OK);
    ck_assert_int_eq(db_service_update(k->db, &cur), KS_OK);
    ck_assert_int_eq(db_commit(k->db), KS_OK);
    ck_assert_int_eq(wf_submit(k, &a), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "終了している");
    ck_assert_str_eq(a.state, "draft");
    kapp_clear(&a);
}
END_TEST

START_TEST(change_raising_conf_moves_to_83_with_full_checklist)
{
    kservice s = svc(CHIZU);   /* 機密性1, §8-4 */
    as("sato");
    kapp a;
    /* the demo's own 変更申請 of this service is still open: one open change per service */
    ck_assert_int_eq(wf_new_change(k, s.id, &a), KS_INVALID);
    ck_assert_ptr_nonnull(strstr(kumo_last_error(k), "R8-0008"));
    kapp open;
    ck_assert_int_eq(db_app_by_no(k->db, "R8-0008", &open), KS_OK);
    as("takahashi");
    ck_assert_int_eq(wf_reject(k, &open, "内容を見直してください"), KS_OK);
    kapp_clear(&open);
    as("sato");
    ck_assert_int_eq(wf_new_change(k, s.id, &a), KS_OK);
    ck_assert_str_eq(a.track, "8-4");
    ck_assert_str_eq(a.ck_key, "conf1");
    ck_assert_int_eq(wf_set_field(k, &a, FF_CONF, "2"), KS_OK);
    ck_assert_str_eq(a.track, "8-3");
    ck_assert_str_eq(a.ck_key, "conf2");
    ck_template t;
    char err[256];
    ck_assert_int_eq(checklist_load("conf2", &t, err, sizeof err), 0);
    ck_answer *ans;
    size_t n;
    ck_assert_int_eq(db_answers_load(k->db, a.id, &ans, &n), KS_OK);
    ck_assert_uint_eq(n, t.n);   /* the full 確認事項 of 機密性2以上 */
    ck_assert_str_eq(ans[0].code, t.items[0].code);
    checklist_clear(&t);
    change_diff_list d;
    ck_assert_int_eq(change_diff_load(k, &a, &d), KS_OK);
    ck_assert_int_eq(d.v[0].field, FF_CONF);
    ck_assert_str_eq(d.v[0].before, "1");
    ck_assert_str_eq(d.v[0].after, "2");
    ck_assert_int_eq(d.v[1].field, -1);
    ck_assert_str_eq(d.v[1].before, "機密性1（§8-4）");
    ck_assert_str_eq(d.v[1].after, "機密性2以上（§8-3）");
    /* then the 確認事項: every item of 機密性2以上 new, every item of 機密性1 gone */
    ck_assert_uint_eq(d.n, 2 + n + 4);
    ck_assert_int_eq(d.v[2].field, -2);
    ck_assert_str_eq(d.v[2].label, "確認事項 4(1)-1 回答（新しい項目）");
    ck_assert_str_eq(d.v[2].before, "（項目なし）");
    ck_assert_str_eq(d.v[d.n - 1].label, "確認事項 8-4(2)-1 回答（なくなった項目）");
    change_diff_clear(&d);
    /* the fields §8-3 requires, then every item answered, then the 統括 decides */
    static const struct { form_field f; const char *v; } F[] = {
        {FF_USER_SCOPE, "防災担当職員"}, {FF_INTEG, "2"}, {FF_AVAIL, "2"}, {FF_MYNUMBER, "無"},
        {FF_NETWORK, "インターネット接続系"}, {FF_LAW, "日本法・日本の裁判所"}, {FF_CONTRACT, "個別契約・SLA"},
        {FF_PROCUREMENT, "調達仕様書 別紙2"},
    };
    for (size_t i = 0; i < sizeof F / sizeof F[0]; i++) ck_assert_int_eq(wf_set_field(k, &a, F[i].f, F[i].v), KS_OK);
    for (size_t i = 0; i < n; i++) {
        free(ans[i].answer);
        ans[i].answer = strdup("適合");
        fill_notes(&ans[i], 1);
        ck_assert_int_eq(wf_set_answer(k, &a, &ans[i]), KS_OK);
    }
    checklist_answers_free(&ans, n);
    ck_assert_msg(wf_submit(k, &a) == KS_OK, "%s", kumo_last_error(k));
    as("takahashi");
    ck_assert_int_eq(wf_approve(k, &a, false, "", s.manager_id, NULL), KS_OK);
    kservice after = svc(CHIZU);
    ck_assert_str_eq(after.conf, "2");
    ck_assert_int_eq(after.id, s.id);
    kapp_clear(&a);
}
END_TEST

/* issue 9: a 変更申請's differences include its changed 確認事項 answers and 確認内容, not only the form's fields —
   what the 統括 reviews (規定003 §4(4)②) on the 審査 screen and with d on the form */
START_TEST(change_diff_includes_answers_and_notes_003_4_4)
{
    as("sato");
    kapp a;
    ck_assert_int_eq(wf_new_change(k, svc(DENSHI).id, &a), KS_OK);
    ck_answer *ans;
    size_t n;
    ck_assert_int_eq(db_answers_load(k->db, a.id, &ans, &n), KS_OK);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ans[i].code, "4(2)-5") || !strcmp(ans[i].code, "4(1)-3d")) {
            ck_answer x = ans[i];
            x.answer = !strcmp(ans[i].code, "4(2)-5") ? "不適合" : ans[i].answer;
            x.note = "提供者の新しい約款では目的外利用の禁止が明記されていない";
            ck_assert_int_eq(wf_set_answer(k, &a, &x), KS_OK);
        }
    change_diff_list d;
    ck_assert_int_eq(change_diff_load(k, &a, &d), KS_OK);
    bool ans_changed = false, note_changed = false, other_note = false;
    for (size_t i = 0; i < d.n; i++) {
        ck_assert_int_eq(d.v[i].field, -2);   /* no field of the form was changed */
        if (!strcmp(d.v[i].label, "確認事項 4(2)-5 回答")) {
            ans_changed = true;
            ck_assert_str_eq(d.v[i].after, "不適合");
        }
        if (!strcmp(d.v[i].label, "確認事項 4(2)-5 確認内容・対策")) note_changed = true;
        if (!strcmp(d.v[i].label, "確認事項 4(1)-3d 確認内容・対策")) {
            other_note = true;
            ck_assert_str_eq(d.v[i].after, "提供者の新しい約款では目的外利用の禁止が明記されていない");
        }
    }
    ck_assert(ans_changed && note_changed && other_note);
    ck_assert_uint_eq(d.n, 3);   /* nothing else */
    change_diff_clear(&d);
    checklist_answers_free(&ans, n);
    kapp_clear(&a);
}
END_TEST

START_TEST(diff_of_demo_change_in_review)
{
    kapp a;
    ck_assert_int_eq(db_app_by_no(k->db, "R8-0008", &a), KS_OK);
    ck_assert_str_eq(a.state, "submitted");
    ck_assert_str_eq(a.v[FF_KIND], "変更");
    as("takahashi");
    change_diff_list d;
    ck_assert_int_eq(change_diff_load(k, &a, &d), KS_OK);
    /* URL, 利用目的, 利用者数, 備考 — in form order */
    ck_assert_uint_eq(d.n, 4);
    ck_assert_int_eq(d.v[0].field, FF_URL);
    ck_assert_int_eq(d.v[1].field, FF_PURPOSE);
    ck_assert_int_eq(d.v[2].field, FF_USER_COUNT);
    ck_assert_str_eq(d.v[2].before, "3");
    ck_assert_str_eq(d.v[2].after, "8");
    ck_assert_int_eq(d.v[3].field, FF_REMARKS);
    change_diff_clear(&d);
    kapp orig;
    ck_assert_int_eq(db_app_by_no(k->db, "R8-0001", &orig), KS_OK);
    ck_assert_int_eq(change_diff_load(k, &orig, &d), KS_NOTFOUND);   /* not a 変更申請 */
    kapp_clear(&orig);
    kapp_clear(&a);
}
END_TEST

/* ---- 終了連絡 and 受理 (003 §4(4)③, §4(7)) ---- */

START_TEST(termination_filer_cannot_accept_own)
{
    /* make the 統括 the manager, so the filer is someone who could otherwise accept */
    as("nakamura");
    kservice s = svc(DENSHI);
    ck_assert_int_eq(manager_redesignate(k, &s, user("takahashi").id, ""), KS_OK);
    as("takahashi");
    int64_t id = 0;
    ck_assert_int_eq(file_term(DENSHI, "2026-11-30", &id), KS_OK);
    ck_assert_int_eq(termination_accept(k, id, ""), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "兼務の禁止");
    ck_assert_int_eq(termination_return(k, id, "差戻し"), KS_DENIED);
    as("sato");   /* the 部局's 情報セキュリティ責任者 files, but does not accept */
    ck_assert_int_eq(termination_accept(k, id, ""), KS_DENIED);
    as("kobayashi");
    ck_assert_int_eq(termination_accept(k, id, ""), KS_DENIED);
    ck_assert_str_eq(svc(DENSHI).status, "active");
    as("nakamura");
    ck_assert_int_eq(termination_accept(k, id, "確認した"), KS_OK);
    ck_assert_str_eq(svc(DENSHI).status, "terminated");
}
END_TEST

/* Whose ホーム shows a 終了連絡 awaiting 受理 (電子契約, filed by its manager suzuki of 総務部): those who see all, the
   総務部's 情報セキュリティ責任者, its filer — not another 部局's 情報セキュリティ責任者 or another 職員等. */
/* One error model: every entry into the domain starts a new step, so a message is always about the step just
   taken — a read after a refused review says nothing of the refusal. */
START_TEST(each_entry_starts_a_new_message)
{
    as("matsumoto");
    kservice s = svc(SHISETSU);
    ck_answer *ans;
    size_t n;
    review_input in = review_in("2026-02-30", "継続", &ans, &n);
    ck_assert_int_eq(review_record(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「確認日」");
    kreview *v = NULL;
    size_t nv = 0;
    ck_assert_int_eq(review_list(k, s.id, &v, &nv), KS_OK);
    ck_assert_str_eq(kumo_last_error(k), "");
    kreview_free(&v);
    ck_assert_ptr_null(v);
    checklist_answers_free(&ans, n);
    ck_assert_ptr_null(ans);
    /* a read the user may not make fails with its own message, not the earlier one */
    as("ito");
    ck_assert_int_eq(review_list(k, s.id, &v, &nv), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "閲覧する権限がありません");
}
END_TEST

START_TEST(termination_queue_per_user)
{
    static const struct { const char *login; bool sees; } WHO[] = {
        {"takahashi", true}, {"nakamura", true}, {"kobayashi", true}, {"sato", true}, {"suzuki", true},
        {"watanabe", false}, {"yamamoto", false}, {"ito", false},
    };
    for (size_t w = 0; w < sizeof WHO / sizeof WHO[0]; w++) {
        as(WHO[w].login);
        ktermination *p = NULL;
        size_t n = 0;
        ck_assert_int_eq(termination_pending(k, &p, &n), KS_OK);
        bool seen = false;
        for (size_t i = 0; i < n; i++) seen |= !strcmp(p[i].approval_no, KEIYAKU);
        free(p);
        ck_assert_msg(seen == WHO[w].sees, "%s: sees the 終了連絡 of %s: %d", WHO[w].login, KEIYAKU, seen);
    }
}
END_TEST

static int collect_no(const kservice *s, void *ctx)
{
    char *buf = ctx;
    APPEND(buf, 512, s->approval_no);
    APPEND(buf, 512, " ");
    return 0;
}

/* A 終了連絡 accepted ahead of its 終了日: the service is 終了処理中 from then on, and stays in the register, past its
   終了日, until its 廃棄・削除完了報告 is accepted (規定003 §4(7)); the report cannot be dated before the 終了日. */
START_TEST(termination_accepted_ahead_is_ending_until_disposal_accepted)
{
    as("takahashi");
    ktermination *p;
    size_t n;
    ck_assert_int_eq(termination_pending(k, &p, &n), KS_OK);
    int64_t id = 0;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(p[i].approval_no, KEIYAKU)) id = p[i].id;   /* 電子契約: 終了日 2026-12-31 */
    free(p);
    ck_assert_int_gt(id, 0);
    ck_assert_int_eq(termination_accept(k, id, ""), KS_OK);
    kservice s = svc(KEIYAKU);
    ck_assert_str_eq(s.terminated_on, "2026-12-31");
    ck_assert_str_eq(s.end_date, "2026-12-31");         /* the register's 利用終了日 is the 終了日 */
    ck_assert_str_eq(s.disposal_state, "pending");
    ck_assert_str_eq(service_status_label(&s, date_today()), "終了処理中");      /* today is 2026-11-23 */
    ck_assert_str_eq(service_status_label(&s, (kdate){2027, 1, 1}), "終了処理中");
    char now[512] = "", later[512] = "", done[512] = "";
    kservice_filter f = {0};
    policy_register_scope(&k->me, &f);                  /* the register as the screens and exports list it */
    ck_assert_int_eq(db_service_each(k->db, &f, collect_no, now), KS_OK);
    ck_assert_ptr_nonnull(strstr(now, KEIYAKU));
    snprintf(f.in_use_on, sizeof f.in_use_on, "2027-01-01");
    ck_assert_int_eq(db_service_each(k->db, &f, collect_no, later), KS_OK);
    ck_assert_ptr_nonnull(strstr(later, KEIYAKU));     /* past its 終了日, still 終了処理中 */
    /* not in the due list before its 終了日; listed after it */
    due_list l;
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    for (size_t i = 0; i < l.n; i++)
        ck_assert(!(l.v[i].kind == DUE_DISPOSAL_PENDING && !strcmp(l.v[i].approval_no, KEIYAKU)));
    due_list_clear(&l);
    setenv("KUMO_TODAY", "2027-01-10", 1);
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    bool listed = false;
    for (size_t i = 0; i < l.n; i++) listed |= l.v[i].kind == DUE_DISPOSAL_PENDING && !strcmp(l.v[i].approval_no, KEIYAKU);
    ck_assert(listed);
    due_list_clear(&l);
    /* the manager reports; a 完了日 before the 終了日 is refused */
    as("suzuki");
    disposal_input in = {.v = {[DS_DATE] = "2026-12-20", [DS_WORKER] = "総務部 鈴木", [DS_METHOD] = "暗号化消去",
                               [DS_CONFIRM] = "抹消措置の完了証明書", [DS_EVIDENCE] = "抹消証明書 SC-0001",
                               [DS_COPIES] = "削除済", [DS_ACC_USERS] = "削除済", [DS_ACC_PRIV] = "削除済",
                               [DS_ACC_SPECIAL] = "該当なし"}};
    s = svc(KEIYAKU);
    ck_assert_int_eq(disposal_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "終了日（2026-12-31）以降");
    in.v[DS_DATE] = "2027-01-08";
    int64_t did = 0;
    ck_assert_int_eq(disposal_file(k, &s, &in, &did), KS_OK);
    s = svc(KEIYAKU);
    ck_assert_str_eq(service_status_label(&s, date_today()), "終了処理中");   /* filed is not accepted */
    as("takahashi");
    ck_assert_int_eq(disposal_accept(k, did, ""), KS_OK);
    s = svc(KEIYAKU);
    ck_assert_str_eq(s.disposal_state, "done");
    ck_assert_str_eq(s.disposed_on, "2027-01-08");
    ck_assert_str_eq(service_status_label(&s, date_today()), "終了");
    policy_register_scope(&k->me, &f);
    ck_assert_int_eq(db_service_each(k->db, &f, collect_no, done), KS_OK);
    ck_assert_ptr_null(strstr(done, KEIYAKU));          /* 終了: it leaves the register */
    ck_assert(history_has(s.id, "廃棄・削除完了報告受理", "完了日 2027-01-08"));
    setenv("KUMO_TODAY", "2026-11-23", 1);
}
END_TEST

START_TEST(termination_accepted_leaves_active_register)
{
    as("watanabe");   /* オンライン会議: 市民生活部, its manager and 情報セキュリティ責任者 */
    int64_t id = 0;
    ck_assert_int_eq(file_term(ONLINE, "2026-03-31", &id), KS_OK);
    ck_assert(history_has(svc(ONLINE).id, "終了連絡", "終了日 2026-03-31"));
    /* the due list now says the report awaits 受理 */
    as("takahashi");
    due_list l;
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    bool waiting = false;
    for (size_t i = 0; i < l.n; i++)
        waiting |= l.v[i].kind == DUE_END_PASSED && !strcmp(l.v[i].approval_no, ONLINE) && l.v[i].report_filed;
    ck_assert(waiting);
    due_list_clear(&l);
    ktermination *p;
    size_t n;
    ck_assert_int_eq(termination_pending(k, &p, &n), KS_OK);
    ck_assert_uint_eq(n, 2);   /* the demo's 電子契約 and this one */
    free(p);
    ck_assert_int_eq(termination_accept(k, id, ""), KS_OK);
    kservice s = svc(ONLINE);
    ck_assert_str_eq(s.status, "terminated");
    ck_assert_str_eq(s.terminated_on, "2026-03-31");
    ck_assert_str_eq(service_status_label(&s, date_today()), "終了処理中");   /* until the 廃棄・削除完了報告 */
    char active[512] = "", every[512] = "";
    kservice_filter f = {.include_terminated = false};
    ck_assert_int_eq(db_service_each(k->db, &f, collect_no, active), KS_OK);
    ck_assert_ptr_null(strstr(active, ONLINE));
    ck_assert_ptr_null(strstr(active, CHAT));
    f.include_terminated = true;
    ck_assert_int_eq(db_service_each(k->db, &f, collect_no, every), KS_OK);
    ck_assert_ptr_nonnull(strstr(every, ONLINE));   /* it stays in the database */
    ck_assert(history_has(s.id, "終了連絡受理", NULL));
    /* a second 受理 finds nothing to accept; reviews and reports on it are refused */
    ck_assert_int_eq(termination_accept(k, id, ""), KS_DENIED);
    as("watanabe");
    ck_assert_int_eq(record(ONLINE, "2026-11-20", "継続"), KS_DENIED);
    ck_assert_int_eq(file_term(ONLINE, "2026-03-31", NULL), KS_DENIED);
    /* its review and 利用終了予定日 are no longer due: only its 廃棄・削除完了報告 (003 §4(7)) */
    as("takahashi");
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    size_t listed = 0;
    for (size_t i = 0; i < l.n; i++)
        if (!strcmp(l.v[i].approval_no, ONLINE)) {
            ck_assert_int_eq(l.v[i].kind, DUE_DISPOSAL_PENDING);
            listed++;
        }
    ck_assert_uint_eq(listed, 1);
    due_list_clear(&l);
}
END_TEST

START_TEST(termination_return_then_refile)
{
    kservice s = svc(KEIYAKU);
    ktermination t;
    ck_assert_int_eq(db_termination_open(k->db, s.id, &t), KS_OK);   /* the demo's report awaiting 受理 */
    as("suzuki");
    ck_assert_int_eq(file_term(KEIYAKU, "2026-12-31", NULL), KS_EXISTS);
    as("takahashi");
    ck_assert_int_eq(termination_return(k, t.id, ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「差戻しの理由」");
    ck_assert_int_eq(termination_return(k, t.id, "アカウント削除の予定日を記入してください"), KS_OK);
    ck_assert_int_eq(db_termination_open(k->db, s.id, &t), KS_NOTFOUND);
    ck_assert_str_eq(svc(KEIYAKU).status, "active");
    ck_assert(history_has(s.id, "終了連絡差戻し", "予定日"));
    as("suzuki");
    int64_t id2 = 0;
    ck_assert_int_eq(file_term(KEIYAKU, "2026-12-31", &id2), KS_OK);
    ktermination *v;
    size_t n;
    ck_assert_int_eq(termination_list(k, s.id, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(v[0].state, "filed");
    ck_assert_str_eq(v[1].state, "returned");
    free(v);
}
END_TEST

/* Another writer holds the database: each step fails with KS_BUSY, writes nothing, leaves the caller's record as it
   was, and frees what it prepared (the checklist snapshot and the report: the sanitizer run reports a leak) */
START_TEST(busy_database_writes_nothing)
{
    kdb *other = NULL;
    ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &other), KS_OK);
    ck_assert_int_eq(db_begin(other), KS_OK);
    db_set_busy_timeout(k->db, 100);
    as("matsumoto");   /* 施設予約: its manager */
    kservice s = svc(SHISETSU);
    ck_assert_int_eq(record(SHISETSU, "2026-11-20", "継続"), KS_BUSY);
    ck_assert_contains(kumo_last_error(k), "使用中");
    ck_assert_int_eq(file_term(SHISETSU, "2027-03-31", NULL), KS_BUSY);
    kservice s2 = svc(SHISETSU);
    as("takahashi");
    ktermination t;
    ck_assert_int_eq(db_termination_open(k->db, svc(KEIYAKU).id, &t), KS_OK);
    ck_assert_int_eq(termination_accept(k, t.id, ""), KS_BUSY);
    ck_assert_int_eq(termination_return(k, t.id, "記入漏れがあります"), KS_BUSY);
    kapp a;
    as("sato");
    ck_assert_int_eq(wf_new_draft(k, &a), KS_BUSY);
    ck_assert_int_eq(wf_new_change(k, svc(DENSHI).id, &a), KS_BUSY);
    db_rollback(other);
    db_close(&other);
    ck_assert_str_eq(s2.next_review_due, s.next_review_due);
    ck_assert_int_eq(s2.version, s.version);
    ck_assert_int_eq(db_termination_open(k->db, s.id, &t), KS_NOTFOUND);
    ck_assert_str_eq(svc(KEIYAKU).status, "active");
}
END_TEST

START_TEST(termination_validation_messages)
{
    as("sato");   /* 電子申請: 機密性2, 総務部 */
    kservice s = svc(DENSHI);
    ck_answer *ans;
    size_t n;
    termination_input in = term_in("", &ans, &n);
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「終了日」を入力");
    in.v[TM_END] = "2026-13-01";
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「終了日」は実在する日付");
    in.v[TM_END] = "2026-12-31";
    in.v[TM_PLAN] = "不要";
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「不要の理由」");
    in.v[TM_PLAN_REASON] = "データは庁内システムへ移行済み";
    in.v[TM_NOTICE] = "2027-01-05";
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "終了日（2026-12-31）以前");
    in.v[TM_NOTICE] = "2026-11-01";
    in.v[TM_DISPOSAL] = "";
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "機密性2の情報を取り扱ったサービスは「情報の廃棄方法」");
    in.v[TM_DISPOSAL] = "焼却";
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「情報の廃棄方法」は");
    in.v[TM_DISPOSAL] = "上書き消去";
    in.v[TM_ACC_USERS] = "";
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「利用者アカウントの削除」");
    /* 削除予定 is fine before the 終了日, not after it */
    in.v[TM_ACC_USERS] = "削除予定";
    in.v[TM_END] = "2026-11-20";
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "終了日を過ぎているため「利用者アカウントの削除」");
    in.v[TM_END] = "2026-12-31";
    ck_answer extra = {.code = "9(9)-9", .answer = "適合"};
    ck_answer *more = calloc(n + 1, sizeof *more);
    memcpy(more, ans, n * sizeof *ans);
    more[n] = extra;
    in.answers = more;
    in.n_answers = n + 1;
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "項目 9(9)-9 はありません");
    free(more);
    in.answers = ans;
    in.n_answers = n;
    /* 規定003 §4(7)①③: the checklist may not say 計画書を作成している or アカウントを削除している 適合 while the report
       says 不要 and 削除予定 — each refused naming both places */
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "確認事項 4(7)-1a が「適合」ですが、終了連絡の「移行計画書又は終了計画書」は「不要」");
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ans[i].code, "4(7)-1a")) {
            free(ans[i].answer);
            free(ans[i].note);
            ans[i].answer = strdup("該当なし");
            ans[i].note = strdup("データは庁内システムへ移行済みのため計画書は作成しない");
        }
    ck_assert_int_eq(termination_file(k, &s, &in, NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "確認事項 4(7)-3a が「適合」ですが、終了連絡の「利用者アカウントの削除」は「削除予定」");
    for (size_t i = 0; i < n; i++)
        if (!strcmp(ans[i].code, "4(7)-3a")) {
            free(ans[i].answer);
            free(ans[i].note);
            ans[i].answer = strdup("不適合");
            ans[i].note = strdup("終了日に削除する");
        }
    int64_t id = 0;
    ck_assert_msg(termination_file(k, &s, &in, &id) == KS_OK, "%s", kumo_last_error(k));
    ktermination t;
    ck_answer *got;
    size_t ng;
    ck_assert_int_eq(termination_get(k, id, &t, &got, &ng), KS_OK);
    ck_assert_str_eq(t.plan_reason, "データは庁内システムへ移行済み");
    ck_assert_str_eq(t.disposal, "上書き消去");
    ck_assert_str_eq(t.filed_on, "2026-11-23");
    ck_assert_str_eq(t.ck_key, "retire");
    ck_assert_uint_eq(ng, 6);
    checklist_answers_free(&got, ng);
    checklist_answers_free(&ans, n);
    /* 機密性1: the 廃棄方法 may be left out */
    as("suzuki");
    kservice chizu = svc(CHIZU);
    in = term_in("2026-12-31", &ans, &n);
    in.v[TM_DISPOSAL] = "";
    ck_assert_int_eq(termination_file(k, &chizu, &in, NULL), KS_OK);
    checklist_answers_free(&ans, n);
}
END_TEST

START_TEST(termination_who_may_file)
{
    char why[256];
    kservice s = svc(CHIZU);   /* 総務部, manager suzuki */
    const struct { const char *login; bool may; } W[] = {
        {"suzuki", true}, {"sato", true}, {"yoshida", false}, {"watanabe", false},
        {"takahashi", false}, {"kobayashi", false}, {"kato", false},
    };
    for (size_t i = 0; i < sizeof W / sizeof W[0]; i++) {
        kuser u = user(W[i].login);
        ck_assert_msg(policy_may_terminate(&u, &s, why, sizeof why) == W[i].may, "%s", W[i].login);
    }
}
END_TEST

START_TEST(accept_refused_while_change_in_review)
{
    as("suzuki");
    int64_t id = 0;
    ck_assert_int_eq(file_term(CHIZU, "2026-12-31", &id), KS_OK);
    as("takahashi");
    ck_assert_int_eq(termination_accept(k, id, ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "R8-0008");
    ck_assert_str_eq(svc(CHIZU).status, "active");
}
END_TEST

/* ---- the due lists ---- */

START_TEST(due_lists_on_demo)
{
    as("takahashi");
    due_list l;
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    /* overdue reviews: オンライン会議 (2026-03-17), 電子申請 (2026-05-20); due soon: 施設予約 (2026-12-15);
       end passed: オンライン会議 (2026-03-31, no report); the 事後報告 of 災害情報共有's emergency approval
       (2026-11-20, 004 §7-4(2)) for the 統括, who keeps the exceptions with the CISO */
    ck_assert_uint_eq(l.count[DUE_REVIEW_OVERDUE], 2);
    ck_assert_uint_eq(l.count[DUE_REVIEW_SOON], 1);
    ck_assert_uint_eq(l.count[DUE_END_PASSED], 1);
    ck_assert_uint_eq(l.count[DUE_EXC_REPORT], 1);
    /* ended, their 廃棄・削除完了報告 not accepted (003 §4(7)): イベント申込 (filed, awaiting 受理) and
       庁内チャット (not filed); 健診結果管理 is 終了 */
    ck_assert_uint_eq(l.count[DUE_DISPOSAL_PENDING], 2);
    ck_assert_str_eq(l.v[5].approval_no, EVENT);
    ck_assert(l.v[5].report_filed);
    ck_assert_str_eq(due_label(&l.v[5]), "廃棄・削除完了報告受理待ち");
    ck_assert_str_eq(l.v[6].approval_no, CHAT);
    ck_assert(!l.v[6].report_filed && due_is_overdue(&l.v[6]));
    ck_assert_str_eq(l.v[6].date, "2026-09-30");
    ck_assert_str_eq(due_label(&l.v[6]), "廃棄・削除完了報告未提出");
    ck_assert_uint_eq(l.n, 7);
    ck_assert_str_eq(l.v[4].approval_no, "AP-R8-0003");
    ck_assert_str_eq(l.v[4].ref, "EX-R8-0002");
    ck_assert_str_eq(l.v[4].date, "2026-11-20");
    ck_assert(due_is_overdue(&l.v[4]));
    ck_assert_str_eq(l.v[0].approval_no, ONLINE);
    ck_assert_str_eq(l.v[1].approval_no, DENSHI);
    ck_assert_str_eq(l.v[2].approval_no, SHISETSU);
    ck_assert_str_eq(l.v[3].approval_no, ONLINE);
    ck_assert(!l.v[3].report_filed);
    ck_assert_str_eq(due_label(&l.v[3]), "利用終了予定日超過");
    ck_assert(due_is_overdue(&l.v[0]) && !due_is_overdue(&l.v[2]));
    kdate d;
    ck_assert(date_parse(l.v[1].date, &d));
    ck_assert_int_eq(date_days_between(d, l.today), 187);
    due_list_clear(&l);
    /* the window counts today: 2026-12-15 is 22 days away */
    ck_assert_int_eq(due_list_load(k, 22, false, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_REVIEW_SOON], 1);
    due_list_clear(&l);
    ck_assert_int_eq(due_list_load(k, 21, false, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_REVIEW_SOON], 0);
    due_list_clear(&l);
    ck_assert_int_eq(due_list_load(k, -1, false, &l), KS_INVALID);
}
END_TEST

START_TEST(due_mine_and_scope)
{
    due_list l;
    as("yoshida");   /* staff: only what they manage, whatever they ask */
    ck_assert_int_eq(due_list_load(k, 30, false, &l), KS_OK);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_str_eq(l.v[0].approval_no, DENSHI);
    due_list_clear(&l);
    /* 情報セキュリティ責任者: their 部局, with its two services 終了処理中 — a 部局 of few services, read as its own
       services by id and sorted (db_due_each), in the same order as the due order read of a large one */
    as("watanabe");
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.n, 4);
    ck_assert_str_eq(l.v[0].approval_no, ONLINE);
    ck_assert_str_eq(l.v[1].approval_no, ONLINE);
    ck_assert_str_eq(l.v[2].approval_no, EVENT);
    ck_assert_str_eq(l.v[3].approval_no, CHAT);
    due_list_clear(&l);
    as("takahashi"); /* the 統括 manages nothing: --mine holds only the exceptions he keeps (004 §7-4(2)) */
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_int_eq(l.v[0].kind, DUE_EXC_REPORT);
    due_list_clear(&l);
    as("sato");      /* the 部局長 whose service it is does not keep the exception */
    ck_assert_int_eq(due_list_load(k, 30, true, &l), KS_OK);
    ck_assert_uint_eq(l.count[DUE_EXC_REPORT], 0);
    due_list_clear(&l);
}
END_TEST

/* ---- 年次利用状況確認 (003 §4(8), 004 §8-3(7)⑤) ---- */

START_TEST(annual_status_counts_and_filters)
{
    as("takahashi");
    int64_t c[ANNUAL__COUNT];
    /* 年度 2026 on 2026-11-23: 要対応 オンライン会議 (overdue), 電子申請 (overdue), 介護認定 (response pending);
       実施済 電子契約, 庁内チャット (terminated 2026-09-30, in use this 年度); 未実施 施設予約, 地図作成,
       災害情報共有 (approved 2026-11-20); not 学習支援 (利用開始 2027-04-01, in 年度 2027) */
    ck_assert_int_eq(annual_counts(k, 2026, 0, c), KS_OK);
    ck_assert_int_eq(c[ANNUAL_NONE], 3);
    ck_assert_int_eq(c[ANNUAL_DONE], 2);
    ck_assert_int_eq(c[ANNUAL_ACTION], 3);
    kannual_row *rows = calloc(20, sizeof *rows);
    int n;
    ck_assert_int_eq(annual_page(k, 2026, 0, ANNUAL_ACTION, NULL, NULL, 20, rows, &n), KS_OK);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(rows[0].approval_no, ONLINE);
    ck_assert_str_eq(rows[1].approval_no, DENSHI);
    ck_assert_str_eq(rows[2].approval_no, KAIGO);
    ck_assert_int_eq(rows[2].reviews, 1);
    ck_assert_str_eq(rows[2].last.usage, "変更あり");
    ck_assert_str_eq(annual_label(rows[2].annual), "要対応");
    /* by 部局: 総務部 has 電子申請, 電子契約, 地図作成, 災害情報共有 */
    kuser sato = user("sato");
    ck_assert_int_eq(annual_page(k, 2026, sato.dept_id, -1, NULL, NULL, 20, rows, &n), KS_OK);
    ck_assert_int_eq(n, 4);
    ck_assert_str_eq(rows[0].approval_no, DENSHI);
    ck_assert_str_eq(rows[1].approval_no, KEIYAKU);
    ck_assert_str_eq(rows[2].approval_no, CHIZU);
    ck_assert_str_eq(rows[3].approval_no, "AP-R8-0003");
    /* keyset paging */
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, NULL, NULL, 2, rows, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, NULL, rows[1].approval_no, 20, rows, &n), KS_OK);
    ck_assert_int_eq(n, 6);
    /* and back (the screen's PgUp and End): the page before a row, in the same order; NULL = the last page */
    kannual_row *all = calloc(20, sizeof *all), *back = calloc(20, sizeof *back);
    int na, nb;
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, NULL, NULL, 20, all, &na), KS_OK);
    ck_assert_int_eq(na, 8);
    ck_assert_int_eq(annual_page_before(k, 2026, 0, -1, NULL, all[5].approval_no, 3, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 3);
    for (int i = 0; i < 3; i++) ck_assert_str_eq(back[i].approval_no, all[2 + i].approval_no);
    ck_assert_int_eq(annual_page_before(k, 2026, 0, -1, NULL, NULL, 2, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 2);
    ck_assert_str_eq(back[0].approval_no, all[6].approval_no);
    ck_assert_str_eq(back[1].approval_no, all[7].approval_no);
    ck_assert_int_eq(annual_page_before(k, 2026, 0, -1, NULL, all[0].approval_no, 5, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 0);
    ck_assert_int_eq(annual_page_before(k, 2026, 0, ANNUAL_ACTION, NULL, NULL, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 3);   /* the status filter applies both ways */
    /* one 部局 (read through its own index) pages the same way: after a row, before a row, the last page */
    ck_assert_int_eq(annual_page(k, 2026, sato.dept_id, -1, NULL, DENSHI, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 3);
    ck_assert_str_eq(back[0].approval_no, KEIYAKU);
    ck_assert_int_eq(annual_page_before(k, 2026, sato.dept_id, -1, NULL, CHIZU, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 2);
    ck_assert_str_eq(back[0].approval_no, DENSHI);
    ck_assert_str_eq(back[1].approval_no, KEIYAKU);
    ck_assert_int_eq(annual_page_before(k, 2026, sato.dept_id, -1, NULL, NULL, 1, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 1);
    ck_assert_str_eq(back[0].approval_no, "AP-R8-0003");
    /* the search (issue 10: as in the 台帳, Japanese of any length, 承認番号 width- and case-insensitive), paged by
       keyset both ways, with the other filters */
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, "電子", NULL, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 2);
    ck_assert_str_eq(back[0].approval_no, DENSHI);
    ck_assert_str_eq(back[1].approval_no, KEIYAKU);
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, "電子", NULL, 1, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 1);
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, "電子", DENSHI, 1, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 1);
    ck_assert_str_eq(back[0].approval_no, KEIYAKU);
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, "電子", KEIYAKU, 1, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 0);
    ck_assert_int_eq(annual_page_before(k, 2026, 0, -1, "電子", KEIYAKU, 5, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 1);
    ck_assert_str_eq(back[0].approval_no, DENSHI);
    ck_assert_int_eq(annual_page_before(k, 2026, 0, -1, "電子", NULL, 1, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 1);
    ck_assert_str_eq(back[0].approval_no, KEIYAKU);
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, "ｒ８－０００", NULL, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 2);
    ck_assert_str_eq(back[0].approval_no, CHIZU);
    ck_assert_str_eq(back[1].approval_no, "AP-R8-0003");
    ck_assert_int_eq(annual_page(k, 2026, 0, ANNUAL_DONE, "電子", NULL, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 1);
    ck_assert_str_eq(back[0].approval_no, KEIYAKU);
    ck_assert_int_eq(annual_page(k, 2026, sato.dept_id, -1, "予約", NULL, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 0);   /* 施設予約 is of another 部局 */
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, "予", NULL, 20, back, &nb), KS_OK);
    ck_assert_int_eq(nb, 1);   /* one character */
    free(all);
    free(back);
    /* the response takes 介護認定 from 要対応 to 実施済 */
    kreview *v;
    size_t np;
    ck_assert_int_eq(review_pending(k, &v, &np), KS_OK);
    ck_assert_int_eq(review_respond(k, v[0].id, "了承"), KS_OK);
    free(v);
    ck_assert_int_eq(annual_counts(k, 2026, 0, c), KS_OK);
    ck_assert_int_eq(c[ANNUAL_DONE], 3);
    ck_assert_int_eq(c[ANNUAL_ACTION], 2);
    /* 年度 2025: services approved by 2026-03-31 (six active, and 健診結果管理 and イベント申込 ended on its last
       day); no review dated in it; overdue today → 要対応 */
    ck_assert_int_eq(annual_counts(k, 2025, 0, c), KS_OK);
    ck_assert_int_eq(c[ANNUAL_NONE], 6);
    ck_assert_int_eq(c[ANNUAL_DONE], 0);
    ck_assert_int_eq(c[ANNUAL_ACTION], 2);
    free(rows);
    ck_assert_int_eq(annual_parse("要対応"), ANNUAL_ACTION);
    ck_assert_int_eq(annual_parse("done"), ANNUAL_DONE);
    ck_assert_int_eq(annual_parse("x"), -1);
}
END_TEST

/* Reads rows from c in steps of at most `scan` services and `per` rows each, until `max` rows or the edge; counts the
   steps that found nothing but had not reached the edge (a sparse filter read a window at a time). */
static int annual_walk(const kannual_filter *f, const char *search, kannual_cursor *c, int scan, int per, int max,
                       kannual_row *out, int *empty_steps)
{
    int got = 0;
    while (got < max && !c->end) {
        int n = -1, limit = per < max - got ? per : max - got;
        ck_assert_int_eq(annual_step(k, f, search, c, scan, limit, out + got, &n), KS_OK);
        ck_assert_int_le(n, limit);
        ck_assert_int_le(n, scan);   /* a step gives no more rows than the services it may look at */
        if (n == 0 && !c->end) ++*empty_steps;
        got += n;
    }
    return got;
}

/* issue 10 (a keystroke never waits on the size of the register): the 年次 screen reads its page in bounded steps
   (annual_step), a window of services at a time, so a 状態 that few services have is found a step at a time between
   keystrokes. Whatever the window, the rows and their order are the page's — for every 状態 (003 §4(8)), 部局 and
   search, forward and back, and paged by keyset both ways from any row. */
START_TEST(annual_bounded_steps_give_the_rows_of_the_page)
{
    as("takahashi");
    kuser sato = user("sato");
    enum { MAX = 40 };
    kannual_row *all = calloc(MAX, sizeof *all), *got = calloc(MAX, sizeof *got);
    const char *searches[] = {NULL, "電子", "予", "ｒ８－０００"};
    int64_t depts[] = {0, sato.dept_id};
    int sparse_empty = 0;
    for (int fy = 2025; fy <= 2026; fy++)
        for (int status = -1; status < ANNUAL__COUNT; status++)
            for (size_t d = 0; d < sizeof depts / sizeof depts[0]; d++)
                for (size_t q = 0; q < sizeof searches / sizeof searches[0]; q++) {
                    kannual_filter f = {.fy = fy, .dept_id = depts[d], .status = status};
                    int na = 0;
                    ck_assert_int_eq(annual_page(k, fy, f.dept_id, status, searches[q], NULL, MAX, all, &na), KS_OK);
                    ck_assert_int_lt(na, MAX);
                    for (int scan = 1; scan <= 3; scan++) {
                        int empty = 0;
                        /* forward, all of it */
                        kannual_cursor c = {.key = ""};
                        int n = annual_walk(&f, searches[q], &c, scan, MAX, MAX, got, &empty);
                        ck_assert_int_eq(n, na);
                        for (int i = 0; i < n; i++) ck_assert_str_eq(got[i].approval_no, all[i].approval_no);
                        /* back from the end: the nearest first */
                        c = (kannual_cursor){.back = true};
                        n = annual_walk(&f, searches[q], &c, scan, MAX, MAX, got, &empty);
                        ck_assert_int_eq(n, na);
                        for (int i = 0; i < n; i++) ck_assert_str_eq(got[i].approval_no, all[na - 1 - i].approval_no);
                        /* pages of two forward, each from where the last one stopped */
                        c = (kannual_cursor){.key = ""};
                        for (int at = 0; at < na; at += 2) {
                            n = annual_walk(&f, searches[q], &c, scan, 2, 2, got, &empty);
                            ck_assert_int_eq(n, na - at < 2 ? na - at : 2);
                            for (int i = 0; i < n; i++) ck_assert_str_eq(got[i].approval_no, all[at + i].approval_no);
                        }
                        ck_assert_int_eq(annual_walk(&f, searches[q], &c, scan, 2, 2, got, &empty), 0);
                        ck_assert(c.end);
                        /* and back from each row: the rows before it, nearest first */
                        for (int from = 0; from < na; from++) {
                            c = (kannual_cursor){.back = true};
                            snprintf(c.key, sizeof c.key, "%s", all[from].approval_no);
                            n = annual_walk(&f, searches[q], &c, scan, 1, 2, got, &empty);
                            ck_assert_int_eq(n, from < 2 ? from : 2);
                            for (int i = 0; i < n; i++)
                                ck_assert_str_eq(got[i].approval_no, all[from - 1 - i].approval_no);
                        }
                        if (fy == 2026 && status == ANNUAL_DONE && !depts[d] && !searches[q] && scan == 1)
                            sparse_empty = empty;
                    }
                }
    /* 実施済 in 年度 2026 is two services of the ten: a step of one service mostly finds none, and the reading goes
       on past it rather than reading the register to its end in one go */
    ck_assert_int_gt(sparse_empty, 0);
    free(all);
    free(got);
}
END_TEST

/* 規定003 §4(8): the 年次利用状況確認 of a 年度 is of the services in use in it — 学習支援 (承認 2026-10-20, 利用開始
   2027-04-01) is not 未実施 in 年度 2026 but is counted in 2027, in the screen's page, the counts and the workbook's
   rows alike (one query); and the workbook says 終了予定 for a service whose 終了連絡 was accepted ahead of its 終了日 */
START_TEST(annual_year_counts_services_begun_by_its_end_003_4_8)
{
    as("takahashi");
    kannual_row *rows = calloc(20, sizeof *rows);
    int n = 0;
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, NULL, NULL, 20, rows, &n), KS_OK);
    for (int i = 0; i < n; i++) ck_assert_str_ne(rows[i].approval_no, GAKUSHU);
    int64_t c[ANNUAL__COUNT];
    ck_assert_int_eq(annual_counts(k, 2026, 0, c), KS_OK);
    ck_assert_int_eq(c[0] + c[1] + c[2], n);
    ck_assert_int_eq(annual_page(k, 2027, 0, -1, NULL, NULL, 20, rows, &n), KS_OK);
    bool found = false;
    for (int i = 0; i < n; i++) found |= !strcmp(rows[i].approval_no, GAKUSHU);
    ck_assert(found);
    /* 電子契約: its 終了連絡 (終了日 2026-12-31) accepted today: in use, 終了予定, until that day */
    kservice s = svc(KEIYAKU);
    ktermination *t = malloc(sizeof *t);
    ck_assert_int_eq(termination_open(k, s.id, t), KS_OK);
    ck_assert_int_eq(termination_accept(k, t->id, ""), KS_OK);
    free(t);
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, NULL, NULL, 20, rows, &n), KS_OK);
    const kannual_row *r = NULL;
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].approval_no, KEIYAKU)) r = &rows[i];
    ck_assert_ptr_nonnull(r);
    kdate today = date_today(), after = {2027, 1, 1};
    ck_assert_str_eq(annual_service_state(r, today), "終了予定");
    ck_assert_str_eq(annual_service_state(r, after), "終了");
    ck_assert_int_eq(annual_page(k, 2026, 0, -1, NULL, NULL, 20, rows, &n), KS_OK);
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].approval_no, DENSHI)) ck_assert_str_eq(annual_service_state(&rows[i], today), "利用中・承認済");
    free(rows);
}
END_TEST

START_TEST(annual_visibility)
{
    int64_t c[ANNUAL__COUNT];
    as("ito");
    ck_assert_int_eq(annual_counts(k, 2026, 0, c), KS_DENIED);
    as("kobayashi");   /* 監査 reads everything */
    ck_assert_int_eq(annual_counts(k, 2026, 0, c), KS_OK);
    ck_assert_int_eq(c[0] + c[1] + c[2], 8);
    as("matsumoto");   /* a 情報セキュリティ責任者 sees their 部局 only, whatever 部局 is asked */
    ck_assert_int_eq(annual_counts(k, 2026, user("sato").dept_id, c), KS_OK);
    ck_assert_int_eq(c[ANNUAL_NONE], 1);   /* 施設予約 (学習支援 begins in 年度 2027) */
    ck_assert_int_eq(c[ANNUAL_DONE] + c[ANNUAL_ACTION], 0);
    ck_assert_int_eq(annual_counts(k, 99, 0, c), KS_INVALID);
}
END_TEST

/* A 不適合 on a phase checklist after approval is not an 例外措置 awaiting the CISO before an approval (ポリシー004
   §7-4 is the application's): on the 更改・廃棄時 checklist of a 終了連絡 it is what remains before the 終了, reported
   done by the 廃棄・削除完了報告 (規定003 §4(7), ポリシー004 §8-3(8)); at 導入・構築時 and 運用・保守時 it is to be
   acted on (§4(5), §4(6)). */
START_TEST(phase_nonconf_is_work_remaining_not_exception_003_4_7)
{
    const char *retire = phase_nonconf_label(PHASE_RETIRE);
    ck_assert_ptr_nonnull(retire);
    ck_assert_ptr_nonnull(strstr(retire, "終了までの残作業"));
    ck_assert_ptr_nonnull(strstr(retire, "廃棄・削除完了報告"));
    ck_assert_ptr_nonnull(strstr(retire, "規定003 §4(7)"));
    const char *keys[] = {PHASE_BUILD, PHASE_OPERATE, PHASE_RETIRE};
    const char *clause[] = {"§4(5)", "§4(6)", "§4(7)"};
    for (size_t i = 0; i < 3; i++) {
        const char *l = phase_nonconf_label(keys[i]);
        ck_assert_msg(l && strstr(l, clause[i]), "%s cites %s", keys[i], clause[i]);
        ck_assert_msg(!strstr(l, "承認") && !strstr(l, "CISO") && !strstr(l, "例外措置"), "%s: %s", keys[i], l);
    }
    ck_assert_ptr_null(phase_nonconf_label("conf2"));   /* the application's 確認事項: 例外措置 (004 §7-4) */
    ck_assert_ptr_null(phase_nonconf_label(NULL));
}
END_TEST

START_TEST(schema_refuses_bad_rows)
{
    /* the CHECK constraints hold even for a caller that skips the domain's validation */
    kreview r = {0};
    r.service_id = svc(DENSHI).id;
    r.fy = 2026;
    snprintf(r.reviewed_on, sizeof r.reviewed_on, "2026-11-20");
    r.reviewer_id = user("yoshida").id;
    snprintf(r.usage, sizeof r.usage, "変更あり");
    snprintf(r.terms_changed, sizeof r.terms_changed, "無");
    snprintf(r.incident, sizeof r.incident, "無");
    snprintf(r.next_due, sizeof r.next_due, "2027-11-20");
    ck_assert_int_eq(db_review_insert(k->db, &r), KS_CONSTRAINT);   /* 変更あり without 変更の内容 */
    snprintf(r.usage, sizeof r.usage, "休止");
    ck_assert_int_eq(db_review_insert(k->db, &r), KS_CONSTRAINT);
    ktermination t = {0};
    t.service_id = svc(DENSHI).id;
    snprintf(t.end_date, sizeof t.end_date, "2026-12-31");
    snprintf(t.plan, sizeof t.plan, "不要");
    snprintf(t.notice_date, sizeof t.notice_date, "2026-12-01");
    snprintf(t.accounts_users, sizeof t.accounts_users, "削除済");
    snprintf(t.accounts_privileged, sizeof t.accounts_privileged, "削除済");
    snprintf(t.accounts_special, sizeof t.accounts_special, "該当なし");
    t.filed_by = user("sato").id;
    snprintf(t.filed_on, sizeof t.filed_on, "2026-11-23");
    ck_assert_int_eq(db_termination_insert(k->db, &t), KS_CONSTRAINT);   /* 不要 without a reason */
    ck_assert_int_eq(db_schema_version(k->db), (int)schema_migration_count());
}
END_TEST

/* What disabling a クラウドサービス管理者 leaves behind is read a page at a time through the index by manager, in
   承認番号 order, with the count beside it (never every service they manage: at 1,000,000 applications a manager
   has 100,000); ended services are not handed over. The 部局 screen counts each 部局's active services through the
   index of (部局, 状態). Expected values from the demo's register (app/setup.c): suzuki manages AP-R7-0004 電子契約
   and AP-R8-0001 地図作成 (総務部), yamamoto only ended services. */
START_TEST(managed_services_previewed_a_page_at_a_time)
{
    as("kato");
    kuser suzuki = user("suzuki"), yamamoto = user("yamamoto");
    char w[2000];
    size_t managed = 0;
    ck_assert_int_eq(admin_disable_preview(k, suzuki.id, 1, w, sizeof w, &managed), KS_OK);
    ck_assert_uint_eq(managed, 2);
    ck_assert_contains(w, "管理するサービス 2件（後任に引き継ぎます）");
    ck_assert_contains(w, KEIYAKU " 電子契約サービス");
    ck_assert_ptr_null(strstr(w, CHIZU));   /* the page is the first service only */
    ck_assert_contains(w, "…ほか 1件\n");
    ck_assert_int_eq(admin_disable_preview(k, suzuki.id, 5, w, sizeof w, &managed), KS_OK);
    ck_assert_uint_eq(managed, 2);
    const char *a = strstr(w, KEIYAKU), *b = strstr(w, CHIZU " 地図作成サービス");
    ck_assert(a && b && a < b);   /* 承認番号 order */
    ck_assert_ptr_null(strstr(w, "ほか"));
    ck_assert_int_eq(admin_disable_preview(k, yamamoto.id, 5, w, sizeof w, &managed), KS_OK);
    ck_assert_uint_eq(managed, 0);   /* AP-R7-0005 and AP-R7-0006 have ended */
    ck_assert_ptr_null(strstr(w, "管理するサービス"));
    /* 004 §1(8)②: the refusal to make a manager 監査 names their services from the same page */
    ck_assert_int_eq(admin_update_user(k, suzuki.id, suzuki.name, ROLE_AUDITOR, suzuki.dept_name, suzuki.section),
                     KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "2 件のサービスを管理しています（" KEIYAKU " 電子契約サービス、" CHIZU);
    /* the 部局 screen: active services per 部局 (ended ones not counted) */
    kdept *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(admin_depts(k, &v, &n), KS_OK);
    struct { const char *name; int64_t services; } want[] = {
        {"総務部", 4}, {"企画部", 0}, {"市民生活部", 1}, {"健康福祉部", 1}, {"教育委員会事務局", 2}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t j = 0;
        while (j < n && strcmp(v[j].name, want[i].name)) j++;
        ck_assert_msg(j < n, "%s", want[i].name);
        ck_assert_msg(v[j].services == want[i].services, "%s: %lld", want[i].name, (long long)v[j].services);
    }
    kdept_free(&v);
}
END_TEST

static Suite *lifecycle_suite(void)
{
    Suite *s = suite_create("lifecycle");
    TCase *tc = tcase_create("arithmetic");
    tcase_add_test(tc, next_due_leap_day_clamps_to_feb_28);
    tcase_add_test(tc, next_due_end_of_month);
    tcase_add_test(tc, next_due_max_rule);
    tcase_add_test(tc, days_between_across_leap_and_year);
    suite_add_tcase(s, tc);

    tc = tcase_create("db");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, review_moves_due_in_db);
    tcase_add_test(tc, review_interval_setting_and_leap_day_in_db);
    tcase_add_test(tc, review_fiscal_year_boundary);
    tcase_add_test(tc, who_may_review);
    tcase_add_test(tc, review_refused_writes_nothing);
    tcase_add_test(tc, review_validation_messages);
    tcase_add_test(tc, review_and_termination_take_what_people_type);
    tcase_add_test(tc, flagged_review_needs_response_not_by_reviewer);
    tcase_add_test(tc, plain_review_needs_no_response);
    tcase_add_test(tc, redesignate_manager_with_history);
    tcase_add_test(tc, current_record_steps_act_on_what_is_stored);
    tcase_add_test(tc, change_supersedes_register_entry);
    tcase_add_test(tc, change_raising_conf_moves_to_83_with_full_checklist);
    tcase_add_test(tc, change_prefilled_with_answers_and_who_may_file);
    tcase_add_test(tc, change_of_ended_service_cannot_be_submitted);
    tcase_add_test(tc, diff_of_demo_change_in_review);
    tcase_add_test(tc, change_diff_includes_answers_and_notes_003_4_4);
    tcase_add_test(tc, termination_filer_cannot_accept_own);
    tcase_add_test(tc, termination_accepted_leaves_active_register);
    tcase_add_test(tc, termination_accepted_ahead_is_ending_until_disposal_accepted);
    tcase_add_test(tc, termination_queue_per_user);
    tcase_add_test(tc, each_entry_starts_a_new_message);
    tcase_add_test(tc, termination_return_then_refile);
    tcase_add_test(tc, busy_database_writes_nothing);
    tcase_add_test(tc, termination_validation_messages);
    tcase_add_test(tc, termination_who_may_file);
    tcase_add_test(tc, accept_refused_while_change_in_review);
    tcase_add_test(tc, due_lists_on_demo);
    tcase_add_test(tc, due_mine_and_scope);
    tcase_add_test(tc, annual_status_counts_and_filters);
    tcase_add_test(tc, annual_visibility);
    tcase_add_test(tc, annual_year_counts_services_begun_by_its_end_003_4_8);
    tcase_add_test(tc, annual_bounded_steps_give_the_rows_of_the_page);
    tcase_add_test(tc, schema_refuses_bad_rows);
    tcase_add_test(tc, phase_nonconf_is_work_remaining_not_exception_003_4_7);
    tcase_add_test(tc, managed_services_previewed_a_page_at_a_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_lifecycle: the C.UTF-8 locale is not available\n");
        return 1;
    }
    if (!find_templates()) {
        fprintf(stderr, "test_lifecycle: templates/index.csv not found (run from the repository root)\n");
        return 1;
    }
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);
    setenv("KUMO_TODAY", "2026-11-23", 1);
    unsetenv("KUMO_NOW");
    const char *t = getenv("TMPDIR");
    char demo_dir[PATH_MAX];
    snprintf(demo_dir, sizeof demo_dir, "%s/kumo-lc-demo-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(demo_dir)) {
        perror("test_lifecycle: mkdtemp");
        return 1;
    }
    snprintf(DEMO, sizeof DEMO, "%s/demo.db", demo_dir);
    char err[1024];
    if (kumo_demo(DEMO, NULL, err, sizeof err) != KS_OK) {
        fprintf(stderr, "test_lifecycle: kumo demo failed: %s\n", err);
        return 1;
    }
    SRunner *sr = srunner_create(lifecycle_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    unlink(DEMO);
    char side[PATH_MAX + 64];
    snprintf(side, sizeof side, "%s-wal", DEMO);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", DEMO);
    unlink(side);
    rmdir(demo_dir);
    return failed ? 1 : 0;
}
