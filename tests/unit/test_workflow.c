/* Database tests of the workflow (app/workflow.c) on a temporary database: 下書き → 申請中 → 差戻し / 承認 /
   条件付承認 / 却下, 引戻し, 申請番号 per 年度, the register entry an approval records (003 §4(4)②), history, two
   editors of one record, and the 確認事項 snapshot. Expected values were worked out by hand. */
#include <check.h>
#include <sqlite3.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "app/internal.h"
#include "db/db_audit.h"
#include "forms/text.h"

/* Appends s to the string in dst (cap bytes in all), never past its end. */
#define APPEND(dst, cap, s) snprintf((dst) + strlen(dst), (size_t)(cap) - strlen(dst), "%s", (s))

static char TEMPLATES[PATH_MAX + 16];
static char REPO[PATH_MAX];
static char dir[PATH_MAX];
static char path[PATH_MAX + 32];
static kumo *k;
static int64_t DEPT_SOMU, DEPT_SHIMIN;

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "「%s」 does not contain 「%s」", (hay), (needle))

static bool find_repo(void)
{
    const char *tries[] = {".", "..", "../..", "../../.."};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++) {
        char p[PATH_MAX];
        snprintf(p, sizeof p, "%s/templates/index.csv", tries[i]);
        if (access(p, R_OK) == 0 && realpath(tries[i], REPO)) {
            snprintf(TEMPLATES, sizeof TEMPLATES, "%s/templates", REPO);
            return true;
        }
    }
    return false;
}

static const struct {
    const char *login, *name, *role, *section;
    int dept;   /* 0 none, 1 総務部, 2 市民生活部, 3 企画部 */
} CAST[] = {
    {"sato", "佐藤 一郎", "dept_head", "総務課", 1},
    {"suzuki", "鈴木 花子", "staff", "総務課", 1},
    {"watanabe", "渡辺 直子", "dept_head", "市民課", 2},
    {"yamamoto", "山本 翔", "staff", "市民課", 2},
    {"takahashi", "高橋 健", "approver", "情報政策課", 3},
    {"nakamura", "中村 修", "ciso", "副市長", 3},
    {"kobayashi", "小林 恵", "auditor", "監査委員事務局", 0},
};

/* A fresh database per test: kumo_init, then 部局 and users of every role; marked as a test database so the test
   may act as each user (as `kumo demo` does). */
/* Marks the database as a test database the way kumo's demo does: the flag and its audit record in one transaction
   (a flag the trail does not account for grants nothing, app/session.c) */
static void mark_demo(kdb *db)
{
    ck_assert_int_eq(db_setting_set(db, "demo", "1"), KS_OK);
    kaudit r = {0};
    snprintf(r.action, sizeof r.action, "テスト用データベース");
    kaudit_subject(&r, "settings", 0, "demo", "");
    kaudit_change(&r, "デモ", "0", "1");
    kaudit_touch(&r, AK_SETTINGS, 0);
    ck_assert_int_eq(db_audit_append(db, &r, NULL, NULL), KS_OK);
}

static void setup(void)
{
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);
    setenv("KUMO_TODAY", "2026-11-23", 1);
    unsetenv("KUMO_NOW");
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kumo-wf-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);
    ck_assert_int_eq(kumo_init(path, "テスト市", "kato", "加藤 誠"), KS_OK);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
    int64_t depts[4] = {0};
    ck_assert_int_eq(db_begin(k->db), KS_OK);
    ck_assert_int_eq(db_dept_add(k->db, "総務部", &depts[1]), KS_OK);
    ck_assert_int_eq(db_dept_add(k->db, "市民生活部", &depts[2]), KS_OK);
    ck_assert_int_eq(db_dept_add(k->db, "企画部", &depts[3]), KS_OK);
    for (size_t i = 0; i < sizeof CAST / sizeof CAST[0]; i++) {
        kuser u = {0};
        snprintf(u.login, sizeof u.login, "%s", CAST[i].login);
        snprintf(u.name, sizeof u.name, "%s", CAST[i].name);
        u.role = role_from_code(CAST[i].role);
        snprintf(u.section, sizeof u.section, "%s", CAST[i].section);
        u.dept_id = depts[CAST[i].dept];
        u.active = true;
        ck_assert_int_eq(db_user_add(k->db, &u, NULL), KS_OK);
    }
    mark_demo(k->db);
    ck_assert_int_eq(db_commit(k->db), KS_OK);
    DEPT_SOMU = depts[1];
    DEPT_SHIMIN = depts[2];
    kumo_close(&k);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
    ck_assert(k->demo);
}

static void teardown(void)
{
    kumo_close(&k);
    char cmd[PATH_MAX + 32];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "test_workflow: could not remove %s\n", dir);
}

static void as(const char *login)
{
    kstatus s = kumo_login(k, login);
    ck_assert_msg(s == KS_OK, "login %s: %s", login, kumo_last_error(k));
}

static int64_t uid(const char *login)
{
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, login, &u), KS_OK);
    return u.id;
}

#define OK(call) ck_assert_msg((call) == KS_OK, "%s: %s", #call, kumo_last_error(k))

typedef struct { form_field f; const char *v; } fv;

/* A §8-3 application (機密性2) that breaks no rule; name and 保存場所 vary per test. */
static void fill_83(kapp *a, const char *name, const char *location)
{
    const fv vals[] = {
        {FF_CONF, "2"},
        {FF_CONTACT, "内線 1234"},
        {FF_SERVICE_NAME, name},
        {FF_PROVIDER, "株式会社みらいクラウド"},
        {FF_SERVICE_TYPE, "SaaS"},
        {FF_PURPOSE, "住民からの各種申請をオンラインで受け付ける"},
        {FF_SCOPE, "申請の受付と審査"},
        {FF_USER_SCOPE, "所管課の職員"},
        {FF_USER_COUNT, "25"},
        {FF_INTEG, "2"},
        {FF_AVAIL, "2"},
        {FF_PERSONAL, "有"},
        {FF_MYNUMBER, "無"},
        {FF_PIA, "不要"},
        {FF_NETWORK, "LGWAN接続系"},
        {FF_LOCATION, location},
        {FF_LAW, "日本法・日本の裁判所"},
        {FF_CERTS, "ISMAP登録、ISO/IEC 27001"},
        {FF_CONTRACT, "個別契約・SLA"},
        {FF_START, "2027-04-01"},
        {FF_END, "2030-03-31"},
        {FF_PROCUREMENT, "調達仕様書 別紙3"},
    };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) OK(wf_set_field(k, a, vals[i].f, vals[i].v));
}

/* A §8-4 application (機密性1). */
static void fill_84(kapp *a, const char *name)
{
    const fv vals[] = {
        {FF_CONF, "1"},
        {FF_CONTACT, "内線 2345"},
        {FF_SERVICE_NAME, name},
        {FF_PROVIDER, "オープンマップ株式会社"},
        {FF_PURPOSE, "避難所案内図を作成し公開する"},
        {FF_SCOPE, "公開情報の作成"},
        {FF_PERSONAL, "無"},
        {FF_START, "2026-12-01"},
        {FF_RENEWAL, "2027-11-30"},
    };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) OK(wf_set_field(k, a, vals[i].f, vals[i].v));
}

/* Answers every 確認事項 適合, except `skip` (left unanswered) and `fail` (不適合 with リスク受容). */
static void answer_all(kapp *a, const char *skip, const char *fail)
{
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, a->id, &v, &n), KS_OK);
    ck_assert_uint_gt(n, 0);
    for (size_t i = 0; i < n; i++) {
        if (skip && !strcmp(v[i].code, skip)) continue;
        bool f = fail && !strcmp(v[i].code, fail);
        free(v[i].answer);
        free(v[i].note);
        free(v[i].reason);
        v[i].answer = strdup(f ? "不適合" : "適合");
        v[i].note = strdup(f ? "海外リージョンのみ。機密情報を置かない運用とし、例外措置を申請する" : "契約書で確認済み");
        v[i].reason = strdup(f ? "リスク受容" : "");   /* a reason the policy does not know: stored as 例外措置 */
        OK(wf_set_answer(k, a, &v[i]));
    }
    checklist_answers_free(&v, n);
}

/* sato (情報セキュリティ責任者, 総務部) files a complete §8-3 application; it stays a 下書き. */
static void draft_83(kapp *a, const char *name, const char *location)
{
    as("sato");
    OK(wf_new_draft(k, a));
    fill_83(a, name, location);
    /* data kept abroad is 不適合 of 選定基準①: answering 4(2)-1 適合 would contradict the form */
    answer_all(a, NULL, strcmp(location, "国内") ? "4(2)-1" : NULL);
}

static void submitted_83(kapp *a, const char *name)
{
    draft_83(a, name, "国内");
    OK(wf_submit(k, a));
}

static int64_t count_services(void)
{
    kservice_filter f = {.include_terminated = true};
    int64_t n = -1;
    ck_assert_int_eq(db_service_count(k->db, &f, &n), KS_OK);
    return n;
}

static kapp reload(int64_t id)
{
    kapp a;
    ck_assert_int_eq(db_app_get(k->db, id, &a), KS_OK);
    return a;
}

/* ---- 申請番号 ---- */

START_TEST(submit_numbers_per_fiscal_year)
{
    kapp a;
    draft_83(&a, "電子申請サービス", "国内");
    ck_assert_str_eq(a.app_no, "");
    OK(wf_submit(k, &a));
    /* 2026-11-23 is in 年度2026 = 令和8年度: the first number of the year */
    ck_assert_str_eq(a.app_no, "R8-0001");
    ck_assert_str_eq(a.state, "submitted");
    ck_assert_str_eq(a.applied_on, "2026-11-23");
    ck_assert_int_eq(a.fy, 2026);
    ck_assert_int_eq(a.seq, 1);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.app_no, "R8-0001");
    ck_assert_str_eq(db.state, "submitted");
    ck_assert_str_eq(db.v[FF_SERVICE_NAME], "電子申請サービス");   /* Japanese stored intact */
    ck_assert_str_eq(db.track, "8-3");
    kapp_clear(&db);

    kapp b;
    submitted_83(&b, "施設予約サービス");
    ck_assert_str_eq(b.app_no, "R8-0002");

    /* 2027-03-31 is still 令和8年度 */
    setenv("KUMO_TODAY", "2027-03-31", 1);
    kapp c;
    submitted_83(&c, "文書管理サービス");
    ck_assert_str_eq(c.app_no, "R8-0003");
    ck_assert_int_eq(c.fy, 2026);

    /* 2027-04-01 opens 令和9年度 and its numbering starts again */
    setenv("KUMO_TODAY", "2027-04-01", 1);
    kapp d;
    submitted_83(&d, "財務会計サービス");
    ck_assert_str_eq(d.app_no, "R9-0001");
    ck_assert_int_eq(d.fy, 2027);
    ck_assert_int_eq(d.seq, 1);
    ck_assert_str_eq(d.applied_on, "2027-04-01");
    kapp_clear(&a);
    kapp_clear(&b);
    kapp_clear(&c);
    kapp_clear(&d);
}
END_TEST

START_TEST(submit_refused_with_required_item_unanswered)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    fill_83(&a, "電子申請サービス", "国内");
    answer_all(&a, "4(1)-3c", NULL);
    ck_assert_int_eq(wf_submit(k, &a), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "4(1)-3c");
    ck_assert_str_eq(a.app_no, "");
    ck_assert_str_eq(a.state, "draft");
    kapp db = reload(a.id);
    ck_assert_str_eq(db.app_no, "");
    ck_assert_str_eq(db.state, "draft");
    kapp_clear(&db);
    /* a required field left empty is refused too, naming the field */
    OK(wf_set_field(k, &a, FF_PROVIDER, ""));
    answer_all(&a, NULL, NULL);
    ck_assert_int_eq(wf_submit(k, &a), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "サービス提供者");
    /* fixed: it goes */
    OK(wf_set_field(k, &a, FF_PROVIDER, "株式会社みらいクラウド"));
    OK(wf_submit(k, &a));
    ck_assert_str_eq(a.app_no, "R8-0001");   /* the refusals consumed no number */
    kapp_clear(&a);
}
END_TEST

/* ---- 差戻し, 再提出, 引戻し ---- */

START_TEST(return_needs_comment_and_resubmit_keeps_number)
{
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("takahashi");
    ck_assert_int_eq(wf_return(k, &a, ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "差戻しの理由");
    ck_assert_int_eq(wf_return(k, &a, NULL), KS_INVALID);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.state, "submitted");
    kapp_clear(&db);
    OK(wf_return(k, &a, "調達時のセキュリティ要件確認結果の資料番号を記入してください"));
    ck_assert_str_eq(a.state, "returned");
    ck_assert_str_eq(a.decision, "差戻し");
    /* back with the applicant: only they edit it */
    ck_assert(!kumo_can(k, ACT_EDIT, &a));
    as("sato");
    ck_assert(kumo_can(k, ACT_EDIT, &a));
    db = reload(a.id);
    ck_assert_str_eq(db.state, "returned");
    ck_assert_str_eq(db.decision_comment, "調達時のセキュリティ要件確認結果の資料番号を記入してください");
    kapp_clear(&db);
    OK(wf_set_field(k, &a, FF_PROCUREMENT, "調達仕様書 別紙3 資料番号 A-12"));
    setenv("KUMO_TODAY", "2026-11-30", 1);   /* resubmitted a week later */
    OK(wf_submit(k, &a));
    ck_assert_str_eq(a.state, "submitted");
    ck_assert_str_eq(a.applied_on, "2026-11-23");   /* 申請日 stays the day it was first filed */
    khist *h;
    size_t nh;
    ck_assert_int_eq(db_history_list(k->db, a.id, 0, &h, &nh), KS_OK);
    ck_assert_str_eq(h[nh - 1].action, "再提出");
    ck_assert(!strncmp(h[nh - 1].at, "2026-11-30T", 11));   /* the history dates the resubmission */
    khist_free(&h, nh);
    setenv("KUMO_TODAY", "2026-11-23", 1);
    ck_assert_str_eq(a.app_no, "R8-0001");
    ck_assert_int_eq(a.seq, 1);
    /* the resubmitted form awaits a new decision: the 差戻し is in the history, no longer in the 許可 half */
    db = reload(a.id);
    ck_assert_str_eq(db.decision, "");
    ck_assert_str_eq(db.decision_comment, "");
    ck_assert_str_eq(db.decided_on, "");
    ck_assert_int_eq(db.decided_by, 0);
    kapp_clear(&db);
    /* and the next application still gets the next number */
    kapp b;
    submitted_83(&b, "施設予約サービス");
    ck_assert_str_eq(b.app_no, "R8-0002");
    kapp_clear(&a);
    kapp_clear(&b);
}
END_TEST

/* A 再提出 carries the applicant's comment; the 審査 reads the 差戻し's reason and exactly what was changed since it
   (from the application's audit records), a value changed and changed back not listed (004 §1(8): the approver
   decides on what is in front of them). */
START_TEST(changes_since_return_and_resubmit_comment)
{
    kapp a;
    submitted_83(&a, "電子申請サービス");
    return_info ri;
    change_diff_list d;
    as("takahashi");
    OK(change_since_return(k, &a, &ri, &d));
    ck_assert(!ri.returned);
    ck_assert_uint_eq(d.n, 0);
    /* edits before the 差戻し are no change since it */
    as("sato");
    OK(wf_withdraw(k, &a, ""));
    OK(wf_set_field(k, &a, FF_USER_COUNT, "30"));
    OK(wf_submit(k, &a));
    as("takahashi");
    OK(wf_return(k, &a, "資料番号を記入してください"));
    as("sato");
    OK(wf_set_field(k, &a, FF_PROCUREMENT, "調達仕様書 別紙3 資料番号 A-12"));
    OK(wf_set_field(k, &a, FF_PURPOSE, "住民からの申請を\nオンラインで受け付ける"));
    OK(wf_set_field(k, &a, FF_USER_COUNT, "４０"));
    OK(wf_set_field(k, &a, FF_USER_COUNT, "30"));   /* changed back: not a change */
    ck_answer *v = NULL;
    size_t n = 0;
    OK(q_answers(k, &a, &v, &n));
    free(v[0].note);
    v[0].note = strdup("契約書 第5条で確認");
    OK(wf_set_answer(k, &a, &v[0]));
    char label[64];
    snprintf(label, sizeof label, "確認事項 %s 確認内容・対策", v[0].code);
    checklist_answers_free(&v, n);
    ck_assert_int_eq(wf_submit_with(k, &a, "資料番号を記入し、利用目的を詳しくしました"), KS_OK);
    as("takahashi");
    OK(change_since_return(k, &a, &ri, &d));
    ck_assert(ri.returned);
    ck_assert_str_eq(ri.reason, "資料番号を記入してください");
    ck_assert_str_eq(ri.by, "高橋 健");
    ck_assert_str_eq(ri.on, "2026-11-23");
    ck_assert_str_eq(ri.resubmit_comment, "資料番号を記入し、利用目的を詳しくしました");
    ck_assert_uint_eq(d.n, 3);
    /* the fields in the form's order, then the answers */
    ck_assert_int_eq(d.v[0].field, FF_PURPOSE);
    ck_assert_str_eq(d.v[0].before, "住民からの各種申請をオンラインで受け付ける");
    ck_assert_str_eq(d.v[0].after, "住民からの申請を\nオンラインで受け付ける");
    ck_assert_int_eq(d.v[1].field, FF_PROCUREMENT);
    ck_assert_str_eq(d.v[1].before, "調達仕様書 別紙3");
    ck_assert_str_eq(d.v[1].after, "調達仕様書 別紙3 資料番号 A-12");
    ck_assert_int_eq(d.v[2].field, -2);
    ck_assert_str_eq(d.v[2].label, label);
    ck_assert_str_eq(d.v[2].before, "契約書で確認済み");
    ck_assert_str_eq(d.v[2].after, "契約書 第5条で確認");
    change_diff_clear(&d);
    ck_assert_ptr_null(d.v);
    /* the history keeps the comment with the 再提出 */
    khist *h;
    size_t nh;
    ck_assert_int_eq(db_history_list(k->db, a.id, 0, &h, &nh), KS_OK);
    ck_assert_str_eq(h[nh - 1].action, "再提出");
    ck_assert_str_eq(h[nh - 1].comment, "資料番号を記入し、利用目的を詳しくしました");
    khist_free(&h, nh);
    /* returned a second time: only what changed since that one */
    OK(wf_return(k, &a, "連絡先を直通の番号にしてください"));
    as("sato");
    OK(wf_set_field(k, &a, FF_CONTACT, "直通 0175-22-1111"));
    OK(wf_submit(k, &a));
    as("takahashi");
    OK(change_since_return(k, &a, &ri, &d));
    ck_assert_str_eq(ri.reason, "連絡先を直通の番号にしてください");
    ck_assert_str_eq(ri.resubmit_comment, "");
    ck_assert_uint_eq(d.n, 1);
    ck_assert_int_eq(d.v[0].field, FF_CONTACT);
    ck_assert_str_eq(d.v[0].before, "内線 1234");
    change_diff_clear(&d);
    kapp_clear(&a);
}
END_TEST

/* Submitting names who will decide (003 §4(4)②, 004 §8-4(2)②): the 統括 and the CISO for §8-3, the 部局's
   情報セキュリティ責任者 for §8-4 of a 職員等, never the applicant (§1(8)). */
START_TEST(who_will_decide_by_name)
{
    who_ctx w;
    who_list l;
    char t[512];
    kapp a;
    draft_83(&a, "電子申請サービス", "国内");
    OK(who_begin(k, &w));
    OK(who_may_decide(k, &w, &a, &l));
    ck_assert_uint_eq(l.total, 2);
    ck_assert_str_eq(who_text(&l, true, t, sizeof t), "高橋 健（統括情報セキュリティ責任者）又は中村 修（CISO）");
    ck_assert_str_eq(who_text(&l, false, t, sizeof t), "高橋 健 ほか1名");
    kapp b;
    as("yamamoto");
    OK(wf_new_draft(k, &b));
    fill_84(&b, "地図作成サービス");
    OK(who_may_decide(k, &w, &b, &l));
    ck_assert_uint_eq(l.total, 1);
    ck_assert_str_eq(who_text(&l, true, t, sizeof t), "渡辺 直子（情報セキュリティ責任者）");
    who_end(&w);
    /* nobody of the role: said as nothing, so the screen can warn */
    as("kato");
    OK(admin_disable(k, uid("watanabe"), 0));
    OK(who_begin(k, &w));
    OK(who_may_decide(k, &w, &b, &l));
    ck_assert_uint_eq(l.total, 0);
    ck_assert_str_eq(who_text(&l, true, t, sizeof t), "");
    who_end(&w);
    kapp_clear(&a);
    kapp_clear(&b);
}
END_TEST

START_TEST(withdraw_only_own_and_submitted)
{
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("suzuki");
    ck_assert_int_eq(wf_withdraw(k, &a, "代理で引戻し"), KS_DENIED);
    as("takahashi");
    ck_assert_int_eq(wf_withdraw(k, &a, ""), KS_DENIED);
    as("sato");
    OK(wf_withdraw(k, &a, "内容を見直すため"));
    ck_assert_str_eq(a.state, "draft");
    ck_assert_str_eq(a.app_no, "R8-0001");   /* the number stays with the record */
    ck_assert_int_eq(wf_withdraw(k, &a, ""), KS_DENIED);   /* already a draft */
    ck_assert(kumo_can(k, ACT_EDIT, &a));
    ck_assert(!kumo_can(k, ACT_DELETE, &a));   /* numbered: kept for the record */
    ck_assert_int_eq(wf_delete_draft(k, &a), KS_DENIED);
    OK(wf_submit(k, &a));
    ck_assert_str_eq(a.app_no, "R8-0001");
    as("takahashi");
    OK(wf_approve(k, &a, false, "", uid("sato"), NULL));
    as("sato");
    ck_assert_int_eq(wf_withdraw(k, &a, ""), KS_DENIED);   /* decided: too late */
    kapp_clear(&a);
}
END_TEST

START_TEST(delete_unnumbered_draft)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    int64_t id = a.id;
    as("suzuki");
    ck_assert_int_eq(wf_delete_draft(k, &a), KS_DENIED);
    as("sato");
    OK(wf_delete_draft(k, &a));
    kapp gone;
    ck_assert_int_eq(db_app_get(k->db, id, &gone), KS_NOTFOUND);
    kapp_clear(&a);
}
END_TEST

/* ---- 承認 ---- */

/* 003 §4(4)②: approval records 承認日, クラウドサービス名, 利用開始日, 利用終了日又は予定日; the manager is designated
   and the first 利用状況確認 falls due one review interval (12 months) after 承認日. */
START_TEST(approve_records_service)
{
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("sato");
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_DENIED);   /* 兼務の禁止 */
    ck_assert_contains(kumo_last_error(k), "兼務の禁止");
    as("takahashi");
    OK(wf_approve(k, &a, false, "", uid("suzuki"), NULL));
    ck_assert_str_eq(a.state, "approved");
    ck_assert_str_eq(a.decision, "承認");
    ck_assert_str_eq(a.decided_on, "2026-11-23");
    ck_assert_int_eq(a.decided_by, uid("takahashi"));
    ck_assert_int_eq(a.manager_id, uid("suzuki"));
    ck_assert_str_eq(a.next_review_due, "2027-11-23");
    ck_assert_int_gt(a.service_id, 0);
    ck_assert_str_ne(a.approval_no, "");
    kservice s;
    ck_assert_int_eq(db_service_get(k->db, a.service_id, &s), KS_OK);
    ck_assert_str_eq(s.name, "電子申請サービス");
    ck_assert_str_eq(s.provider, "株式会社みらいクラウド");
    ck_assert_int_eq(s.dept_id, DEPT_SOMU);
    ck_assert_str_eq(s.conf, "2");
    ck_assert_str_eq(s.approved_on, "2026-11-23");
    ck_assert_str_eq(s.start_date, "2027-04-01");
    ck_assert_str_eq(s.end_date, "2030-03-31");
    ck_assert_int_eq(s.manager_id, uid("suzuki"));
    ck_assert_str_eq(s.manager, "鈴木 花子");
    ck_assert_str_eq(s.next_review_due, "2027-11-23");
    ck_assert_str_eq(s.status, "active");
    ck_assert_str_eq(s.conditions, "");
    ck_assert_int_eq(s.app_id, a.id);
    ck_assert_str_eq(s.approval_no, a.approval_no);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.state, "approved");
    ck_assert_int_eq(db.service_id, a.service_id);
    ck_assert_str_eq(db.next_review_due, "2027-11-23");
    kapp_clear(&db);
    /* decided once: no second decision */
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_DENIED);
    ck_assert_int_eq(wf_reject(k, &a, "やはり却下"), KS_DENIED);
    ck_assert_int_eq(count_services(), 1);
    kapp_clear(&a);
}
END_TEST

START_TEST(approve_on_leap_day_due_clamps)
{
    setenv("KUMO_TODAY", "2028-02-29", 1);
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("nakamura");   /* the CISO may approve as the 統括 does */
    OK(wf_approve(k, &a, false, "", uid("sato"), NULL));
    ck_assert_str_eq(a.decided_on, "2028-02-29");
    ck_assert_str_eq(a.next_review_due, "2029-02-28");
    kapp_clear(&a);
    /* twelve months, not 365 days: from 2027-06-15 the year ahead holds 2028-02-29 */
    setenv("KUMO_TODAY", "2027-06-15", 1);
    submitted_83(&a, "施設予約サービス");
    as("takahashi");
    OK(wf_approve(k, &a, false, "", uid("sato"), NULL));
    ck_assert_str_eq(a.next_review_due, "2028-06-15");
    kapp_clear(&a);
}
END_TEST

START_TEST(approve_manager_and_due_date_rules)
{
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("takahashi");
    /* 監査 and システム管理者 are never designated クラウドサービス管理者 */
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("kobayashi"), NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "クラウドサービス管理者");
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("kato"), NULL), KS_INVALID);
    ck_assert_int_eq(wf_approve(k, &a, false, "", 0, NULL), KS_INVALID);
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), "2026-11-01"), KS_INVALID);   /* in the past */
    ck_assert_contains(kumo_last_error(k), "次回利用状況確認期限");
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), "2027-02-30"), KS_INVALID);   /* no such day */
    /* no further ahead than the interval: the 利用状況確認 comes at least once a year (規定003 §4(8)) */
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), "2027-11-24"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "利用状況確認の間隔（12か月）を超えられません。2027-11-23 までの日付");
    ck_assert_contains(kumo_last_error(k), "規定003 §4(8)");
    ck_assert_int_eq(count_services(), 0);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.state, "submitted");
    kapp_clear(&db);
    OK(wf_approve(k, &a, false, "", uid("sato"), "2027-06-30"));
    ck_assert_str_eq(a.next_review_due, "2027-06-30");
    kapp_clear(&a);
}
END_TEST

/* A shorter interval set by the 統括 bounds the 次回利用状況確認期限 an approval may give (規定003 §4(8)); the last day
   of the interval is allowed, the day after is not. */
START_TEST(approve_due_within_the_interval_003_4_8)
{
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("takahashi");
    OK(admin_set_review_interval(k, 6));
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), "2027-05-24"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "利用状況確認の間隔（6か月）を超えられません。2027-05-23 までの日付");
    OK(wf_approve(k, &a, false, "", uid("sato"), "2027-05-23"));
    ck_assert_str_eq(a.next_review_due, "2027-05-23");
    kapp_clear(&a);
}
END_TEST

/* The CISO's permission (004 §7-4(1)) as the tests give it: reason, conditions, 有効期限 and 次回確認日. */
static kstatus grant(kapp *a)
{
    exc_input in = {.reason = "国内リージョンの提供がなく代替サービスもないため", .conditions = "機密情報を保存しない",
                    .valid_until = "2027-11-22", .recheck_on = "2027-05-20"};
    return exc_grant(k, a, &in, NULL);
}

static kexception exc_of(int64_t app_id)
{
    kexception *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_exc_of(k->db, app_id, 0, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    kexception e = v[0];
    kexception_free(&v);
    return e;
}

/* 選定基準① (003 §4(2)①) not met: a deviation the form flags. The 統括 alone cannot approve it, as 承認 or as
   条件付承認 (as kumo once allowed under 「リスク受容」): the CISO permits the 例外措置 first, as its own step (004
   §7-4(1)), and that CISO does not then approve it too (§1(8)①); the 統括 decides, and the service carries the
   exception. */
START_TEST(approval_waits_for_ciso_exception_when_overseas_004_7_4_1)
{
    kapp a;
    draft_83(&a, "オンライン会議サービス", "国外");
    OK(wf_submit(k, &a));   /* a flag, not an error: it may be filed */
    kapp db = reload(a.id);
    kapp_clear(&db);
    as("takahashi");
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "CISOの例外措置の許可");
    ck_assert_contains(kumo_last_error(k), "§7-4(1)");
    ck_assert_int_eq(wf_approve(k, &a, true, "条件を付けても", uid("sato"), NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "§7-4(1)");
    ck_assert_int_eq(count_services(), 0);
    /* the 統括 cannot grant it; the CISO does */
    ck_assert_int_eq(grant(&a), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "CISO");
    as("nakamura");
    OK(grant(&a));
    kexception e = exc_of(a.id);
    ck_assert_str_eq(e.state, "granted");
    ck_assert_str_eq(e.kind, "通常");
    ck_assert_str_eq(e.ciso, "中村 修");
    ck_assert_str_eq(e.ciso_on, "2026-11-23");
    ck_assert_str_eq(e.valid_until, "2027-11-22");
    ck_assert_str_eq(e.recheck_on, "2027-05-20");
    ck_assert_contains(e.deviations, "データの保存場所");
    ck_assert_str_eq(e.exc_no, "EX-R8-0001");
    ck_assert_int_eq(e.service_id, 0);
    /* once per submission */
    ck_assert_int_eq(grant(&a), KS_EXISTS);
    /* the CISO who permitted it does not approve it (兼務の禁止) */
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "兼務の禁止");
    as("takahashi");
    ck_assert_int_eq(wf_approve(k, &a, true, "", uid("sato"), NULL), KS_INVALID);   /* conditions required */
    ck_assert_contains(kumo_last_error(k), "承認の条件");
    const char *cond = "会議資料に個人情報を含めない。録画は庁内サーバに保存する";
    OK(wf_approve(k, &a, true, cond, uid("sato"), NULL));
    ck_assert_str_eq(a.state, "approved");
    ck_assert_str_eq(a.decision, "条件付承認");
    ck_assert_str_eq(a.decision_comment, cond);
    kservice s;
    ck_assert_int_eq(db_service_get(k->db, a.service_id, &s), KS_OK);
    ck_assert_str_eq(s.conditions, cond);
    e = exc_of(a.id);
    ck_assert_int_eq(e.service_id, a.service_id);   /* the register of exceptions names the service */
    khist *h = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_history_list(k->db, a.id, 0, &h, &n), KS_OK);
    bool granted = false, approved = false;
    for (size_t i = 0; i < n; i++) {
        granted |= !strcmp(h[i].action, "例外措置許可") && strstr(h[i].comment, "EX-R8-0001");
        approved |= !strcmp(h[i].action, "条件付承認") && strstr(h[i].comment, "例外措置 EX-R8-0001");
    }
    khist_free(&h, n);
    ck_assert(granted && approved);
    kapp_clear(&a);
}
END_TEST

/* What the CISO must give: a reason and conditions, a 有効期限 after today, a 次回確認日 after today, within the
   review interval (定期的に, §7-4(3)) and not after the 有効期限; the applicant never grants their own. */
START_TEST(exception_grant_input_rules_004_7_4)
{
    kapp a;
    draft_83(&a, "オンライン会議サービス", "国外");
    OK(wf_submit(k, &a));
    as("nakamura");
    struct { exc_input in; const char *want; } BAD[] = {
        {{"", "条件", "2027-11-22", "2027-05-20"}, "「例外措置の理由」"},
        {{"理由", "", "2027-11-22", "2027-05-20"}, "「例外措置の条件」"},
        {{"理由", "条件", "2026-11-23", "2026-11-23"}, "「有効期限」は今日より後"},
        {{"理由", "条件", "2027-02-30", "2027-01-20"}, "「有効期限」は実在する日付"},
        {{"理由", "条件", "2027-11-22", "2026-11-23"}, "「次回確認日」は今日より後"},
        {{"理由", "条件", "2027-03-31", "2027-04-01"}, "有効期限（2027-03-31）以前"},
        {{"理由", "条件", "2029-03-31", "2027-11-24"}, "12か月"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        ck_assert_int_eq(exc_grant(k, &a, &BAD[i].in, NULL), KS_INVALID);
        ck_assert_contains(kumo_last_error(k), BAD[i].want);
    }
    kexception *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_exc_of(k->db, a.id, 0, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 0);   /* nothing was written */
    kexception_free(&v);
    /* nor may the applicant, whatever their role (兼務の禁止) */
    kuser me = *kumo_me(k);
    me.id = a.applicant_id;
    char why[256] = "";
    ck_assert(!policy_may_decide_exception(&me, &a, why, sizeof why));
    ck_assert_contains(why, "兼務の禁止");
    /* an application with nothing that deviates needs none */
    kapp b;
    submitted_83(&b, "電子申請サービス");
    as("nakamura");
    ck_assert_int_eq(grant(&b), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "例外措置を要する項目");
    kapp_clear(&a);
    kapp_clear(&b);
}
END_TEST

/* 審査意見・条件 may be 400 characters (1200 bytes of Japanese): the register entry and the history keep every one
   (the entry's field held 1023 bytes and cut the conditions, mid-character, at the 342nd) */
START_TEST(conditional_approval_keeps_400_characters_of_conditions)
{
    kapp a;
    draft_83(&a, "オンライン会議サービス", "国外");
    OK(wf_submit(k, &a));
    as("nakamura");
    OK(grant(&a));
    as("takahashi");
    char cond[1300] = "";
    for (int i = 0; i < 400; i++) APPEND(cond, sizeof cond, i % 10 == 9 ? "。" : "条");
    ck_assert_uint_eq(strlen(cond), 1200);
    OK(wf_approve(k, &a, true, cond, uid("sato"), NULL));
    kservice s;
    ck_assert_int_eq(db_service_get(k->db, a.service_id, &s), KS_OK);
    ck_assert_str_eq(s.conditions, cond);
    khist *h = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_history_list(k->db, a.id, 0, &h, &n), KS_OK);
    ck_assert_uint_gt(n, 0);
    ck_assert_str_eq(h[n - 1].action, "条件付承認");
    ck_assert_contains(h[n - 1].comment, cond);
    khist_free(&h, n);
    kapp_clear(&a);
}
END_TEST

/* A 確認事項 answered 不適合 is an 例外措置 too (「リスク受容」 is not a category of 004 §7-4): the CISO refuses it, and
   the application can then only be returned or rejected — not approved, not even in an emergency. */
START_TEST(nonconformity_refused_by_ciso_cannot_be_approved_004_7_4)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    fill_83(&a, "電子申請サービス", "国内");
    answer_all(&a, NULL, "4(2)-9");
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, a.id, &v, &n), KS_OK);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].code, "4(2)-9")) ck_assert_str_eq(v[i].reason, "例外措置");   /* not リスク受容 */
    checklist_answers_free(&v, n);
    OK(wf_submit(k, &a));
    as("takahashi");
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "§7-4(1)");
    as("nakamura");
    ck_assert_int_eq(exc_refuse(k, &a, "", NULL), KS_INVALID);   /* the reason is required */
    OK(exc_refuse(k, &a, "事業者の対策が確認できないため", NULL));
    ck_assert_str_eq(exc_of(a.id).state, "refused");
    as("takahashi");
    ck_assert_int_eq(wf_approve(k, &a, true, "条件", uid("sato"), NULL), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "許可しませんでした");
    wf_approval o = {.conditional = true, .comment = "条件", .manager_id = uid("sato"), .emergency = "至急"};
    ck_assert_int_eq(wf_approve_with(k, &a, &o), KS_INVALID);
    OK(wf_return(k, &a, "例外措置が許可されなかったため、対策を見直してください"));
    /* resubmitted, it is a new submission: the CISO decides again */
    as("sato");
    OK(wf_submit(k, &a));
    as("nakamura");
    OK(grant(&a));
    as("takahashi");
    OK(wf_approve(k, &a, false, "", uid("sato"), NULL));
    kapp_clear(&a);
}
END_TEST

/* §7-4(2): in an emergency the 統括 approves first, stating why; the exception is recorded with its 事後報告 due,
   which only the CISO records — never the 統括 who approved it — and the CISO does not approve first himself. */
START_TEST(emergency_approval_then_report_004_7_4_2)
{
    kapp a;
    draft_83(&a, "災害情報共有サービス", "不明");
    OK(wf_submit(k, &a));
    as("nakamura");
    wf_approval o = {.conditional = true, .comment = "個人情報を登録しない", .manager_id = uid("sato"),
                     .emergency = "台風の接近で即日共有が必要"};
    ck_assert_int_eq(wf_approve_with(k, &a, &o), KS_DENIED);   /* the CISO permits; the 統括 approves first */
    ck_assert_contains(kumo_last_error(k), "§7-4(2)");
    as("takahashi");
    o.emergency = "";
    ck_assert_int_eq(wf_approve_with(k, &a, &o), KS_INVALID);   /* not stated: not an emergency */
    o.emergency = "台風の接近で即日共有が必要";
    OK(wf_approve_with(k, &a, &o));
    ck_assert_str_eq(a.state, "approved");
    kexception e = exc_of(a.id);
    ck_assert_str_eq(e.kind, "緊急");
    ck_assert_str_eq(e.state, "report_due");
    ck_assert_str_eq(e.emergency_user, "高橋 健");
    ck_assert_str_eq(e.emergency_on, "2026-11-23");
    ck_assert_str_eq(e.emergency_reason, "台風の接近で即日共有が必要");
    ck_assert_int_eq(e.service_id, a.service_id);
    ck_assert_contains(e.deviations, "データの保存場所");
    /* the 事後報告: not the 統括, the CISO */
    exc_input in = {.reason = "緊急性を認める", .conditions = "国内保存の確認を3月までに行う", .valid_until = "2027-03-31",
                    .recheck_on = "2027-02-28"};
    ck_assert_int_eq(exc_report(k, e.id, &in), KS_DENIED);
    as("nakamura");
    OK(exc_report(k, e.id, &in));
    e = exc_of(a.id);
    ck_assert_str_eq(e.state, "reported");
    ck_assert_str_eq(e.ciso, "中村 修");
    ck_assert_int_eq(exc_report(k, e.id, &in), KS_DENIED);   /* once */
    /* an application with no deviation is approved as usual, never as an emergency */
    kapp b;
    submitted_83(&b, "電子申請サービス");
    as("takahashi");
    o.manager_id = uid("sato");
    ck_assert_int_eq(wf_approve_with(k, &b, &o), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "通常の承認");
    kapp_clear(&a);
    kapp_clear(&b);
}
END_TEST

START_TEST(reject_needs_reason)
{
    kapp a;
    submitted_83(&a, "ファイル共有ストレージ");
    as("takahashi");
    ck_assert_int_eq(wf_reject(k, &a, ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "却下の理由");
    ck_assert_int_eq(wf_reject(k, &a, "理由\x01"), KS_INVALID);   /* control characters refused */
    ck_assert_int_eq(wf_reject(k, &a, "理由\xC2\x85"), KS_INVALID);   /* C1 (NEL) too */
    ck_assert_contains(kumo_last_error(k), "制御文字");
    ck_assert_int_eq(wf_reject(k, &a, "理由\xE7\x94"), KS_INVALID);   /* invalid UTF-8 */
    OK(wf_reject(k, &a, "保存場所と準拠法が確認できず、選定基準①を満たさないため"));
    ck_assert_str_eq(a.state, "rejected");
    ck_assert_str_eq(a.decision, "却下");
    ck_assert_int_eq(a.service_id, 0);
    ck_assert_int_eq(count_services(), 0);
    as("sato");
    ck_assert(!kumo_can(k, ACT_EDIT, &a));
    ck_assert_int_eq(wf_submit(k, &a), KS_DENIED);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.state, "rejected");
    ck_assert_str_eq(db.decision_comment, "保存場所と準拠法が確認できず、選定基準①を満たさないため");
    kapp_clear(&db);
    kapp_clear(&a);
}
END_TEST

/* ---- the tracks ---- */

/* §8-4(2): a 職員等's 機密性1 application is decided by the 情報セキュリティ責任者 of the same 部局. */
START_TEST(track_84_decided_by_own_dept_head)
{
    kapp a;
    as("suzuki");
    OK(wf_new_draft(k, &a));
    ck_assert_int_eq(a.dept_id, DEPT_SOMU);
    ck_assert_str_eq(a.v[FF_SECTION], "総務課");   /* prefilled from the user */
    fill_84(&a, "地図作成サービス");
    ck_assert_str_eq(a.track, "8-4");
    ck_assert_str_eq(a.ck_key, "conf1");
    answer_all(&a, NULL, NULL);
    OK(wf_submit(k, &a));
    ck_assert_str_eq(a.app_no, "R8-0001");
    as("takahashi");
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("suzuki"), NULL), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "§8-4(2)②");
    as("watanabe");   /* another 部局's 情報セキュリティ責任者 */
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("suzuki"), NULL), KS_DENIED);
    ck_assert_int_eq(wf_return(k, &a, "差戻し"), KS_DENIED);
    as("sato");
    OK(wf_approve(k, &a, false, "", uid("suzuki"), NULL));
    ck_assert_str_eq(a.state, "approved");
    ck_assert_int_eq(a.decided_by, uid("sato"));
    kapp_clear(&a);
}
END_TEST

/* 兼務の禁止 (004 §1(8)): the 情報セキュリティ責任者's own §8-4 application goes up to the 統括. */
START_TEST(track_84_by_dept_head_goes_to_approver)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    fill_84(&a, "翻訳サービス");
    answer_all(&a, NULL, NULL);
    OK(wf_submit(k, &a));
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_DENIED);
    as("watanabe");
    ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_DENIED);
    as("takahashi");
    OK(wf_approve(k, &a, false, "", uid("sato"), NULL));
    kapp_clear(&a);
}
END_TEST

/* 004 §8-4(2)①: a 職員等 files only 機密性1 applications; the field itself refuses 機密性2. */
START_TEST(staff_setting_conf2_refused)
{
    kapp a;
    as("suzuki");
    OK(wf_new_draft(k, &a));
    ck_assert_int_eq(wf_set_field(k, &a, FF_CONF, "2"), KS_DENIED);
    ck_assert_contains(kumo_last_error(k), "職員等");
    ck_assert_str_eq(a.v[FF_CONF], "");
    ck_assert_str_eq(a.track, "");
    ck_assert_int_eq(wf_set_field(k, &a, FF_CONF, "3B"), KS_DENIED);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.v[FF_CONF], "");
    ck_assert_str_eq(db.track, "");
    ck_assert_str_eq(db.ck_key, "");
    kapp_clear(&db);
    OK(wf_set_field(k, &a, FF_CONF, "1"));
    ck_assert_str_eq(a.track, "8-4");
    kapp_clear(&a);
}
END_TEST

/* Values as people type them are stored in one form: ３００ / 1,200 → numbers, 和暦 and 年月日 → YYYY-MM-DD. */
START_TEST(typed_values_normalised_before_the_check)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    OK(wf_set_field(k, &a, FF_USER_COUNT, "３００"));
    ck_assert_str_eq(a.v[FF_USER_COUNT], "300");
    OK(wf_set_field(k, &a, FF_USER_COUNT, "1,200"));
    ck_assert_str_eq(a.v[FF_USER_COUNT], "1200");
    ck_assert_int_eq(wf_set_field(k, &a, FF_USER_COUNT, "約300人"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「利用者数」");
    OK(wf_set_field(k, &a, FF_START, "令和9年4月1日"));
    ck_assert_str_eq(a.v[FF_START], "2027-04-01");
    OK(wf_set_field(k, &a, FF_END, "R12.3.31"));
    ck_assert_str_eq(a.v[FF_END], "2030-03-31");
    ck_assert_int_eq(wf_set_field(k, &a, FF_END, "令和8年2月30日"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「利用終了予定日」は実在する日付");
    kapp db = reload(a.id);
    ck_assert_str_eq(db.v[FF_USER_COUNT], "1200");
    ck_assert_str_eq(db.v[FF_START], "2027-04-01");
    ck_assert_str_eq(db.v[FF_END], "2030-03-31");
    kapp_clear(&db);
    kapp_clear(&a);
}
END_TEST

/* 003 §4(1)⑥: 機密性3A is refused at the field, with the rule's text. */
START_TEST(conf_3a_refused_003_4_1_6)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    ck_assert_int_eq(wf_set_field(k, &a, FF_CONF, "3A"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), FORM_RULE_3A);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.v[FF_CONF], "");
    kapp_clear(&db);
    kapp_clear(&a);
}
END_TEST

START_TEST(read_only_roles_change_nothing)
{
    kapp a, x;
    submitted_83(&a, "電子申請サービス");
    const char *who[] = {"kobayashi", "kato"};
    for (size_t i = 0; i < 2; i++) {
        as(who[i]);
        ck_assert_int_eq(wf_new_draft(k, &x), KS_DENIED);
        ck_assert_int_eq(wf_approve(k, &a, false, "", uid("sato"), NULL), KS_DENIED);
        ck_assert_int_eq(wf_return(k, &a, "差戻します"), KS_DENIED);
        ck_assert_int_eq(wf_reject(k, &a, "却下します"), KS_DENIED);
        ck_assert_int_eq(wf_set_field(k, &a, FF_REMARKS, "監査メモ"), KS_DENIED);
        ck_assert(kumo_can(k, ACT_VIEW, &a));
    }
    kapp db = reload(a.id);
    ck_assert_str_eq(db.state, "submitted");
    ck_assert_str_eq(db.v[FF_REMARKS], "");
    ck_assert_int_eq(db.version, a.version);
    kapp_clear(&db);
    kapp_clear(&a);
}
END_TEST

/* ---- history ---- */

START_TEST(history_records_every_step)
{
    setenv("KUMO_NOW", "2026-11-23 10:00:00", 1);
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("takahashi");
    OK(wf_return(k, &a, "資料番号を記入してください"));
    as("sato");
    OK(wf_set_field(k, &a, FF_PROCUREMENT, "調達仕様書 別紙3 A-12"));
    OK(wf_submit(k, &a));
    OK(wf_withdraw(k, &a, "添付を差し替えるため"));
    OK(wf_submit(k, &a));
    as("takahashi");
    OK(wf_approve(k, &a, false, "", uid("suzuki"), NULL));
    khist *h = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_history_list(k->db, a.id, 0, &h, &n), KS_OK);
    struct { const char *user, *action, *from, *to, *comment; } want[] = {
        {"佐藤 一郎", "作成", "", "draft", ""},
        {"佐藤 一郎", "提出", "draft", "submitted", ""},
        {"高橋 健", "差戻し", "submitted", "returned", "資料番号を記入してください"},
        {"佐藤 一郎", "再提出", "returned", "submitted", ""},
        {"佐藤 一郎", "引戻し", "submitted", "draft", "添付を差し替えるため"},
        {"佐藤 一郎", "提出", "draft", "submitted", ""},
        {"高橋 健", "承認", "submitted", "approved", NULL},
    };
    ck_assert_uint_eq(n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(!strcmp(h[i].user, want[i].user), "row %zu user %s", i, h[i].user);
        ck_assert_msg(!strcmp(h[i].action, want[i].action), "row %zu action %s", i, h[i].action);
        ck_assert_str_eq(h[i].from_state, want[i].from);
        ck_assert_str_eq(h[i].to_state, want[i].to);
        if (want[i].comment) ck_assert_str_eq(h[i].comment, want[i].comment);
        ck_assert_str_eq(h[i].at, "2026-11-23T10:00:00+09:00");   /* Tokyo's wall time, with its offset */
    }
    /* the approval row names the register entry and the designated manager */
    ck_assert_contains(h[n - 1].comment, a.approval_no);
    ck_assert_contains(h[n - 1].comment, "鈴木 花子");
    khist_free(&h, n);
    kapp_clear(&a);
}
END_TEST

/* ---- two editors of one record ---- */

START_TEST(two_editors_conflict_not_overwrite)
{
    kapp first;
    as("sato");
    OK(wf_new_draft(k, &first));
    int64_t id = first.id;
    kapp_clear(&first);
    kapp a1 = reload(id), a2 = reload(id);   /* the same application loaded twice */
    OK(wf_set_field(k, &a1, FF_SERVICE_NAME, "電子申請サービス"));
    ck_assert_int_eq(wf_set_field(k, &a2, FF_SERVICE_NAME, "上書きされてはならない名前"), KS_CONFLICT);
    ck_assert_contains(kumo_last_error(k), "他の人");
    ck_assert_str_eq(a2.v[FF_SERVICE_NAME], "");   /* the stale copy keeps what it had */
    kapp db = reload(id);
    ck_assert_str_eq(db.v[FF_SERVICE_NAME], "電子申請サービス");
    ck_assert_int_eq(db.version, a1.version);
    kapp_clear(&db);
    /* the same for a 確認事項 answer saved through the stale copy */
    OK(wf_set_field(k, &a1, FF_CONF, "2"));
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, id, &v, &n), KS_OK);
    ck_assert_uint_gt(n, 0);
    free(v[0].answer);
    v[0].answer = strdup("適合");
    ck_assert_int_eq(wf_set_answer(k, &a2, &v[0]), KS_CONFLICT);
    checklist_answers_free(&v, n);
    ck_assert_int_eq(db_answers_load(k->db, id, &v, &n), KS_OK);
    ck_assert_str_eq(v[0].answer, "");
    checklist_answers_free(&v, n);
    /* a note with a control character is refused before anything is written */
    OK(wf_reload(k, &a2));
    ck_assert_int_eq(db_answers_load(k->db, id, &v, &n), KS_OK);
    free(v[0].answer);
    free(v[0].note);
    v[0].answer = strdup("適合");
    v[0].note = strdup("確認\xC2\x9B" "2J済み");
    ck_assert_int_eq(wf_set_answer(k, &a2, &v[0]), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), v[0].code);
    checklist_answers_free(&v, n);
    /* after reloading, the second editor saves normally */
    OK(wf_reload(k, &a2));
    OK(wf_set_field(k, &a2, FF_PROVIDER, "株式会社みらいクラウド"));
    db = reload(id);
    ck_assert_str_eq(db.v[FF_SERVICE_NAME], "電子申請サービス");
    ck_assert_str_eq(db.v[FF_PROVIDER], "株式会社みらいクラウド");
    kapp_clear(&db);
    /* and a decision made on a stale copy is refused as well */
    kapp_clear(&a1);
    kapp_clear(&a2);
    kapp s1;
    submitted_83(&s1, "施設予約サービス");
    kapp s2 = reload(s1.id);
    as("takahashi");
    OK(wf_return(k, &s1, "記載漏れがあります"));
    ck_assert_int_eq(wf_approve(k, &s2, false, "", uid("sato"), NULL), KS_CONFLICT);
    ck_assert_int_eq(count_services(), 0);
    db = reload(s1.id);
    ck_assert_str_eq(db.state, "returned");
    kapp_clear(&db);
    kapp_clear(&s1);
    kapp_clear(&s2);
}
END_TEST

/* ---- the 確認事項 snapshot ---- */

static void expect_snapshot(int64_t id, const char *key)
{
    ck_template t;
    char err[512];
    ck_assert_msg(checklist_load(key, &t, err, sizeof err) == 0, "%s", err);
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, id, &v, &n), KS_OK);
    ck_assert_uint_eq(n, t.n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(v[i].code, t.items[i].code);
        ck_assert_str_eq(v[i].text, t.items[i].text);
    }
    checklist_answers_free(&v, n);
    checklist_clear(&t);
}

START_TEST(conf_change_swaps_checklist_snapshot)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    ck_assert_str_eq(a.ck_key, "");
    OK(wf_set_field(k, &a, FF_CONF, "1"));
    ck_assert_str_eq(a.track, "8-4");
    ck_assert_str_eq(a.ck_key, "conf1");
    char version[64];
    snprintf(version, sizeof version, "%s", a.ck_version);
    ck_assert_str_ne(version, "");
    expect_snapshot(a.id, "conf1");
    /* 機密性 1 → 2: the §8-3 track and its full 確認事項 */
    OK(wf_set_field(k, &a, FF_CONF, "2"));
    ck_assert_str_eq(a.track, "8-3");
    ck_assert_str_eq(a.ck_key, "conf2");
    char err[512];
    ck_assert(checklist_current_version("conf2", version, sizeof version, err, sizeof err));
    ck_assert_str_eq(a.ck_version, version);
    kapp db = reload(a.id);
    ck_assert_str_eq(db.ck_key, "conf2");
    ck_assert_str_eq(db.ck_version, version);
    ck_assert_str_eq(db.ck_name, "クラウドサービス利用申請時確認事項（機密性2以上）");
    kapp_clear(&db);
    expect_snapshot(a.id, "conf2");
    /* 2 → 3B stays on §8-3: the snapshot and its answers are kept */
    answer_all(&a, NULL, NULL);
    OK(wf_set_field(k, &a, FF_CONF, "3B"));
    ck_assert_str_eq(a.ck_key, "conf2");
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, a.id, &v, &n), KS_OK);
    for (size_t i = 0; i < n; i++) ck_assert_str_eq(v[i].answer, "適合");
    checklist_answers_free(&v, n);
    /* back to 1: the short list again */
    OK(wf_set_field(k, &a, FF_CONF, "1"));
    ck_assert_str_eq(a.ck_key, "conf1");
    expect_snapshot(a.id, "conf1");
    kapp_clear(&a);
}
END_TEST

/* ---- 変更申請 ---- */

/* A 変更 updates the one register entry; it keeps the service's first 承認日 and records its own date as the
   変更承認日 next to it (規定003 §4(4)②: the register records the 承認日). */
START_TEST(change_application_updates_the_register_entry_003_4_4_2)
{
    kapp a;
    submitted_83(&a, "電子申請サービス");
    as("takahashi");
    OK(wf_approve(k, &a, false, "", uid("suzuki"), NULL));
    int64_t sid = a.service_id;
    kservice before;
    ck_assert_int_eq(db_service_get(k->db, sid, &before), KS_OK);
    as("watanabe");   /* another 部局's 情報セキュリティ責任者 may not */
    kapp c;
    ck_assert_int_eq(wf_new_change(k, sid, &c), KS_DENIED);
    as("sato");
    OK(wf_new_change(k, sid, &c));
    ck_assert_str_eq(c.v[FF_KIND], "変更");
    ck_assert_int_eq(c.parent_id, a.id);
    ck_assert_int_eq(c.service_id, sid);
    ck_assert_str_eq(c.v[FF_SERVICE_NAME], "電子申請サービス");   /* prefilled from the approved application */
    ck_assert_str_eq(c.track, "8-3");
    ck_assert_str_eq(c.ck_key, "conf2");
    OK(wf_set_field(k, &c, FF_END, "2031-03-31"));
    answer_all(&c, NULL, NULL);
    OK(wf_submit(k, &c));
    ck_assert_str_eq(c.app_no, "R8-0002");
    setenv("KUMO_TODAY", "2026-12-01", 1);
    as("takahashi");
    OK(wf_approve(k, &c, false, "", uid("sato"), NULL));
    /* the same register entry, updated — not a second one */
    ck_assert_int_eq(c.service_id, sid);
    ck_assert_int_eq(count_services(), 1);
    kservice after;
    ck_assert_int_eq(db_service_get(k->db, sid, &after), KS_OK);
    ck_assert_str_eq(after.approval_no, before.approval_no);
    ck_assert_str_eq(after.end_date, "2031-03-31");
    ck_assert_str_eq(after.approved_on, before.approved_on);   /* the first approval's */
    ck_assert_str_ne(before.approved_on, "2026-12-01");
    ck_assert_str_eq(before.changed_on, "");
    ck_assert_str_eq(after.changed_on, "2026-12-01");            /* the change's own date */
    ck_assert_int_eq(after.manager_id, uid("sato"));
    ck_assert_str_eq(after.next_review_due, "2027-12-01");
    ck_assert_int_eq(after.app_id, c.id);
    /* the original application is untouched */
    kapp orig = reload(a.id);
    ck_assert_str_eq(orig.v[FF_END], "2030-03-31");
    ck_assert_str_eq(orig.state, "approved");
    kapp_clear(&orig);
    kapp_clear(&a);
    kapp_clear(&c);
}
END_TEST

/* ---- errors a person meets mid-edit ---- */

/* A broken 確認事項 template: the message names the file, and the form keeps its earlier value. */
START_TEST(broken_template_message_names_file)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    char bad[PATH_MAX + 32];
    snprintf(bad, sizeof bad, "%s/tpl", dir);
    ck_assert_int_eq(mkdir(bad, 0700), 0);
    char f[PATH_MAX + 64];
    snprintf(f, sizeof f, "%s/index.csv", bad);
    FILE *fp = fopen(f, "w");
    fputs("key,name,version,file\nconf2,壊れた確認事項,1,broken.csv\n", fp);
    fclose(fp);
    snprintf(f, sizeof f, "%s/broken.csv", bad);
    fp = fopen(f, "w");
    fputs("code,section,text,required\n1,基準,\"閉じていない,1\n", fp);
    fclose(fp);
    setenv("KUMO_TEMPLATE_DIR", bad, 1);
    ck_assert_int_eq(wf_set_field(k, &a, FF_CONF, "2"), KS_IO);
    ck_assert_contains(kumo_last_error(k), "broken.csv");
    ck_assert_str_eq(a.v[FF_CONF], "");
    ck_assert_str_eq(a.track, "");
    kapp db = reload(a.id);
    ck_assert_str_eq(db.v[FF_CONF], "");
    ck_assert_int_eq(db.version, a.version);
    kapp_clear(&db);
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);
    OK(wf_set_field(k, &a, FF_CONF, "2"));
    kapp_clear(&a);
}
END_TEST

/* ---- answers that mean something (issue 9) ---- */

/* Sets one answer of application a by code. */
static kstatus set_answer(kapp *a, const char *code, const char *answer, const char *note)
{
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, a->id, &v, &n), KS_OK);
    kstatus s = KS_NOTFOUND;
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].code, code)) {
            ck_answer x = v[i];
            x.answer = (char *)answer;
            x.note = (char *)note;
            s = wf_set_answer(k, a, &x);
        }
    checklist_answers_free(&v, n);
    return s;
}

/* The 検証結果 (what `v` lists and what submission refuses): the messages of the blocking findings, joined. */
static void issues_of(const kapp *a, char *out, size_t n)
{
    ck_answer *v = NULL;
    size_t nv = 0;
    ck_assert_int_eq(db_answers_load(k->db, a->id, &v, &nv), KS_OK);
    form_issues is = {0};
    wf_check(k, a, v, nv, &is);
    out[0] = 0;
    for (size_t i = 0; i < is.n; i++)
        if (is.v[i].level == ISSUE_ERROR) snprintf(out + strlen(out), n - strlen(out), "%s\n", is.v[i].msg);
    form_issues_clear(&is);
    checklist_answers_free(&v, nv);
}

/* 規定003 §4(1)③ 「低減策を確認内容に記入」: 4(1)-3a 適合 with an empty 確認内容 does not pass (it did: all six empty
   were submitted) */
START_TEST(submit_needs_mitigation_notes_003_4_1_3)
{
    kapp a;
    draft_83(&a, "電子申請サービス", "国内");
    const char *risks[] = {"4(1)-3a", "4(1)-3b", "4(1)-3c", "4(1)-3d", "4(1)-3e", "4(1)-3f"};
    for (size_t i = 0; i < 6; i++) OK(set_answer(&a, risks[i], "適合", ""));
    ck_assert_int_eq(wf_submit(k, &a), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "提出できません（6件）");
    ck_assert_contains(kumo_last_error(k), "4(1)-3a は確認内容・対策の記入が必要です（低減策を確認内容に記入）");
    char issues[4096];
    issues_of(&a, issues, sizeof issues);
    for (size_t i = 0; i < 6; i++) ck_assert_contains(issues, risks[i]);
    for (size_t i = 0; i < 6; i++) OK(set_answer(&a, risks[i], "適合", "提供者の運用報告書を四半期ごとに確認する"));
    OK(wf_submit(k, &a));
    kapp_clear(&a);
}
END_TEST

/* 該当なし needs the reason it does not apply */
START_TEST(submit_needs_reason_for_not_applicable)
{
    kapp a;
    draft_83(&a, "電子申請サービス", "国内");
    OK(set_answer(&a, "4(1)-5", "該当なし", ""));
    ck_assert_int_eq(wf_submit(k, &a), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "確認事項 4(1)-5 は該当なしです: 該当しない理由");
    OK(set_answer(&a, "4(1)-5", "該当なし", "個人情報を取り扱わない"));
    OK(wf_submit(k, &a));
    kapp_clear(&a);
}
END_TEST

/* 規定003 §4(1)⑥: 機密性3A is never handled in a cloud service — its item takes 適合 only, refused when saved */
START_TEST(answer_3a_item_only_conforming_003_4_1_6)
{
    kapp a;
    draft_83(&a, "電子申請サービス", "国内");
    int64_t version = a.version;
    ck_assert_int_eq(set_answer(&a, "4(1)-6", "不適合", "3Aの情報を一部含む"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "確認事項 4(1)-6 は「適合」のみ回答できます");
    ck_assert_int_eq(set_answer(&a, "4(1)-6", "該当なし", "扱わない"), KS_INVALID);
    ck_assert_int_eq(a.version, version);
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, a.id, &v, &n), KS_OK);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].code, "4(1)-6")) {
            ck_assert_str_eq(v[i].answer, "適合");
            ck_assert_str_eq(v[i].answers, "適合");   /* the rule travels with the snapshot */
        }
    checklist_answers_free(&v, n);
    kapp_clear(&a);
}
END_TEST

/* 規定003 §4(2)①: 保存場所 国外 (or 不明) with 4(2)-1 適合 is a contradiction that blocks submission; `v` names the
   item and the field */
START_TEST(submit_refuses_abroad_with_4_2_1_conforming_003_4_2_1)
{
    const char *places[] = {"国外", "不明"};
    for (size_t p = 0; p < 2; p++) {
        kapp a;
        as("sato");
        OK(wf_new_draft(k, &a));
        fill_83(&a, "オンライン会議サービス", places[p]);
        answer_all(&a, NULL, NULL);   /* 4(2)-1 適合 */
        char issues[4096];
        issues_of(&a, issues, sizeof issues);
        ck_assert_contains(issues, "確認事項 4(2)-1 が「適合」ですが、申請書の「データの保存場所」は");
        ck_assert_contains(issues, places[p]);
        ck_assert_int_eq(wf_submit(k, &a), KS_INVALID);
        ck_assert_contains(kumo_last_error(k), "4(2)-1");
        kapp db = reload(a.id);
        ck_assert_str_eq(db.state, "draft");
        kapp_clear(&db);
        OK(set_answer(&a, "4(2)-1", "不適合", "国外リージョンのみ。例外措置を申請する"));
        OK(wf_submit(k, &a));
        kapp_clear(&a);
    }
}
END_TEST

static bool has_answer(int64_t app_id, const char *code)
{
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, app_id, &v, &n), KS_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++) found |= !strcmp(v[i].code, code) && *v[i].answer;
    checklist_answers_free(&v, n);
    return found;
}

/* Answers given as a file (kumo app answer ID --file F) are checked against the snapshot and saved in one step, or not
   at all: an unknown item, a text from another version, an answer the item does not admit (規定003 §4(1)⑥) */
START_TEST(answers_from_a_file_all_or_nothing)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    fill_83(&a, "電子申請サービス", "国内");
    ck_answer good = {.code = "4(1)-1", .answer = "適合", .note = "利用目的は様式のとおり"};
    ck_answer given[2] = {good, {.code = "4(9)-9", .answer = "適合", .note = ""}};
    ck_assert_int_eq(wf_set_answers(k, &a, given, 2), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "確認事項に項目 4(9)-9 はありません");
    given[1] = (ck_answer){.code = "4(1)-2", .answer = "適合", .note = "", .text = "古い版の文言"};
    ck_assert_int_eq(wf_set_answers(k, &a, given, 2), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "別の版から作った回答ファイル");
    given[1] = (ck_answer){.code = "4(1)-6", .answer = "該当なし", .note = "扱わない"};
    ck_assert_int_eq(wf_set_answers(k, &a, given, 2), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "4(1)-6 は「適合」のみ");
    ck_assert(!has_answer(a.id, "4(1)-1"));   /* nothing of a refused file */
    given[1] = (ck_answer){.code = "4(1)-6", .answer = "適合", .note = ""};
    OK(wf_set_answers(k, &a, given, 2));
    ck_assert(has_answer(a.id, "4(1)-1"));
    ck_assert(has_answer(a.id, "4(1)-6"));
    ck_assert(!has_answer(a.id, "4(1)-2"));   /* items not in the file keep their answers */
    kapp_clear(&a);
}
END_TEST

/* Copies the repository's templates into dir/old with conf2 at version 2026.1 without the items of ポリシー004 §8-3(3)
   and §2(2) (as kumo shipped them before); returns the folder. */
static const char *old_templates(void)
{
    static char old[PATH_MAX + 16];
    snprintf(old, sizeof old, "%s/old", dir);
    char cmd[8 * PATH_MAX];
    snprintf(cmd, sizeof cmd,
             "mkdir -p '%s' && cp '%s'/*.csv '%s'/ && sed -i 's/^conf2,\\(.*\\),[^,]*,checklist_conf2.csv/conf2,\\1,2026.1,"
             "checklist_conf2.csv/' '%s/index.csv' && sed -i '/^8-3(3)\\|^2(2)/d' '%s/checklist_conf2.csv'",
             old, TEMPLATES, old, old, old);
    ck_assert_int_eq(system(cmd), 0);
    return old;
}

static bool has_item(int64_t app_id, const char *code)
{
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, app_id, &v, &n), KS_OK);
    bool found = false;
    for (size_t i = 0; i < n; i++) found |= !strcmp(v[i].code, code);
    checklist_answers_free(&v, n);
    return found;
}

/* A new template version (ポリシー004 §8-3(3)②(エ)⑤⑦⑧, §2(2)①(エ) added): an application submitted against the old
   version keeps the items it was answered against; a new draft gets the new ones; a draft answered against the old
   version cannot be submitted until it is brought up to date, which keeps the unchanged items' answers */
START_TEST(template_version_kept_by_filed_applications_new_for_drafts)
{
    setenv("KUMO_TEMPLATE_DIR", old_templates(), 1);
    kapp filed, draft;
    draft_83(&filed, "電子申請サービス", "国内");
    ck_assert_str_eq(filed.ck_version, "2026.1");
    OK(wf_submit(k, &filed));
    draft_83(&draft, "健診予約システム", "国内");
    ck_assert(!has_item(draft.id, "8-3(3)-2d"));
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);

    /* the filed application: still 2026.1 and its items */
    kapp db = reload(filed.id);
    ck_assert_str_eq(db.ck_version, "2026.1");
    ck_assert(!wf_checklist_outdated(k, &db));
    kapp_clear(&db);
    ck_assert(!has_item(filed.id, "8-3(3)-2d"));
    ck_assert(has_item(filed.id, "4(2)-1"));

    /* a new draft: the current version with the new items */
    kapp fresh;
    as("sato");
    OK(wf_new_draft(k, &fresh));
    OK(wf_set_field(k, &fresh, FF_CONF, "2"));
    ck_assert_str_ne(fresh.ck_version, "2026.1");
    const char *added[] = {"8-3(3)-2d", "8-3(3)-5a", "8-3(3)-7", "8-3(3)-8", "2(2)-1d"};
    for (size_t i = 0; i < 5; i++) ck_assert_msg(has_item(fresh.id, added[i]), "%s", added[i]);
    kapp_clear(&fresh);

    /* the old draft: refused until refreshed; refreshing keeps its answers and brings the new items unanswered */
    ck_assert(wf_checklist_outdated(k, &draft));
    ck_assert_int_eq(wf_submit(k, &draft), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "確認事項のテンプレートが改訂されています（回答した版 2026.1");
    OK(wf_refresh_checklist(k, &draft));
    ck_assert_str_ne(draft.ck_version, "2026.1");
    ck_assert(!wf_checklist_outdated(k, &draft));
    ck_assert_int_eq(wf_refresh_checklist(k, &draft), KS_INVALID);   /* already current */
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, draft.id, &v, &n), KS_OK);
    for (size_t i = 0; i < n; i++) {
        bool isnew = false;
        for (size_t j = 0; j < 5; j++) isnew |= !strcmp(v[i].code, added[j]);
        ck_assert_str_eq(v[i].answer, isnew ? "" : "適合");
    }
    checklist_answers_free(&v, n);
    ck_assert_int_eq(wf_submit(k, &draft), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "提出できません（5件）: 確認事項 2(2)-1d が未回答");
    kapp_clear(&draft);
    kapp_clear(&filed);
}
END_TEST

/* A database locked by someone else: KS_BUSY with a message that says nothing was lost, and nothing changed. */
START_TEST(busy_database_loses_nothing)
{
    kapp a;
    as("sato");
    OK(wf_new_draft(k, &a));
    OK(wf_set_field(k, &a, FF_SERVICE_NAME, "電子申請サービス"));
    int64_t version = a.version;
    kdb *other = NULL;
    ck_assert_int_eq(db_open(path, DB_OPEN_EXISTING, &other), KS_OK);
    ck_assert_int_eq(db_begin(other), KS_OK);
    db_set_busy_timeout(k->db, 200);
    ck_assert_int_eq(wf_set_field(k, &a, FF_SERVICE_NAME, "施設予約サービス"), KS_BUSY);
    ck_assert_contains(kumo_last_error(k), "使用中");
    ck_assert_str_eq(a.v[FF_SERVICE_NAME], "電子申請サービス");
    ck_assert_int_eq(a.version, version);
    db_rollback(other);
    db_close(&other);
    OK(wf_set_field(k, &a, FF_SERVICE_NAME, "施設予約サービス"));
    kapp db = reload(a.id);
    ck_assert_str_eq(db.v[FF_SERVICE_NAME], "施設予約サービス");
    kapp_clear(&db);
    kapp_clear(&a);
}
END_TEST

/* A write that fails after the application's version was bumped is rolled back, and so is the caller's copy of the
   version: the next save is not taken for someone else's (KS_CONFLICT) */
START_TEST(failed_answer_save_keeps_the_version)
{
    kapp a;
    draft_83(&a, "電子申請サービス", "国内");
    int64_t version = a.version;
    sqlite3 *raw = NULL;
    ck_assert_int_eq(sqlite3_open(path, &raw), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(raw, "CREATE TRIGGER no_answers BEFORE UPDATE ON checklist_answers "
                                       "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    ck_answer *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_answers_load(k->db, a.id, &v, &n), KS_OK);
    free(v[0].answer);
    v[0].answer = strdup("該当なし");
    ck_assert_int_ne(wf_set_answer(k, &a, &v[0]), KS_OK);
    ck_assert_int_eq(a.version, version);
    ck_assert_int_eq(sqlite3_exec(raw, "DROP TRIGGER no_answers", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(raw);
    OK(wf_set_answer(k, &a, &v[0]));
    ck_assert_int_eq(a.version, version + 1);
    checklist_answers_free(&v, n);
    kapp_clear(&a);
}
END_TEST

/* A message longer than the session's buffer (a long path in an export error) ends on a whole character */
START_TEST(long_message_ends_on_a_character)
{
    char m[1400] = "x";
    for (int i = 0; i < 400; i++) APPEND(m, sizeof m, "字");   /* 1201 bytes; the buffer holds 1023: x, 340 字 and 2 bytes */
    ck_assert_int_eq(kumo_fail(k, KS_IO, "%s", m), KS_IO);
    const char *e = kumo_last_error(k);
    ck_assert(text_valid_utf8(e, strlen(e)));
    ck_assert_uint_eq(strlen(e), 1 + 340 * 3);   /* the 2 bytes of the 341st dropped */
}
END_TEST

/* `kumo init --org` takes 60 characters: the session holds all of them (its 127-byte field kept 42 of a Japanese
   団体名, which the workbooks then printed as the 団体名) */
START_TEST(org_name_of_60_characters_kept)
{
    char org[256] = "";
    for (int i = 0; i < 20; i++) APPEND(org, sizeof org, "市町村");
    ck_assert_uint_eq(strlen(org), 180);
    char p2[PATH_MAX + 48];
    snprintf(p2, sizeof p2, "%s/org.db", dir);
    ck_assert_int_eq(kumo_init(p2, org, "kato", "加藤 誠"), KS_OK);
    kumo *k2 = NULL;
    ck_assert_int_eq(kumo_open(p2, DB_OPEN_EXISTING, &k2), KS_OK);
    ck_assert_str_eq(k2->org, org);
    kumo_close(&k2);
}
END_TEST

/* ---- the columns of db/db_app.c against the fields table of forms/form.c ---- */

/* Splits "a, b, c" (or "x=?, y=?" with strip_eq) and compares with form_fields()[i].column, optionally prefixed. */
static void assert_columns(const char *list, const char *prefix, bool strip_eq, const char *what)
{
    const field_def *fd = form_fields();
    char *copy = strdup(list), *save = NULL;
    int i = 0;
    for (char *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save), i++) {
        while (*p == ' ') p++;
        char *e = p + strlen(p);
        while (e > p && e[-1] == ' ') *--e = 0;
        if (strip_eq) {
            char *q = strstr(p, "=?");
            ck_assert_msg(q != NULL, "%s: 「%s」 is not col=?", what, p);
            *q = 0;
        }
        ck_assert_msg(i < FF_COUNT, "%s: more columns than fields", what);
        char want[64];
        snprintf(want, sizeof want, "%s%s", prefix, fd[i].column);
        ck_assert_msg(!strcmp(p, want), "%s: column %d is 「%s」, field %d is 「%s」", what, i, p, i, want);
    }
    ck_assert_msg(i == FF_COUNT, "%s: %d columns for %d fields", what, i, FF_COUNT);
    free(copy);
}

/* The string literals of a #define in db/db_app.c, concatenated. */
static char *macro_text(const char *src, const char *name)
{
    char head[64];
    snprintf(head, sizeof head, "#define %s ", name);
    const char *p = strstr(src, head);
    if (!p) {
        snprintf(head, sizeof head, "#define %s\\", name);   /* name directly followed by a continuation */
        p = strstr(src, head);
    }
    if (!p) {
        snprintf(head, sizeof head, "#define %s", name);
        p = strstr(src, head);
        while (p && p[strlen(head)] != ' ' && p[strlen(head)] != '\\' && p[strlen(head)] != '\t')
            p = strstr(p + 1, head);
    }
    ck_assert_msg(p != NULL, "#define %s not found in db/db_app.c", name);
    char *out = calloc(1, strlen(p) + 1);
    size_t o = 0;
    for (;;) {
        const char *eol = strchr(p, '\n');
        if (!eol) eol = p + strlen(p);
        for (const char *q = p; q < eol; q++) {
            if (*q != '"') continue;
            for (q++; q < eol && *q != '"'; q++) out[o++] = *q;
        }
        /* the macro continues while the line ends with a backslash */
        const char *last = eol;
        while (last > p && (last[-1] == ' ' || last[-1] == '\t' || last[-1] == '\r')) last--;
        if (last == p || last[-1] != '\\' || !*eol) break;
        p = eol + 1;
    }
    out[o] = 0;
    return out;
}

START_TEST(form_columns_match_fields)
{
    assert_columns(db_form_columns(), "", false, "FORM_COLS");
    char src_path[PATH_MAX + 32];
    snprintf(src_path, sizeof src_path, "%s/db/db_app.c", REPO);
    FILE *f = fopen(src_path, "rb");
    ck_assert_msg(f != NULL, "cannot read %s", src_path);
    char *src = calloc(1, 1 << 20);
    size_t len = fread(src, 1, (1 << 20) - 1, f);
    fclose(f);
    src[len] = 0;
    char *cols = macro_text(src, "FORM_COLS");
    ck_assert_str_eq(cols, db_form_columns());   /* the parser reads the macros right */
    free(cols);
    char *cols_a = macro_text(src, "FORM_COLS_A");
    assert_columns(cols_a, "a.", false, "FORM_COLS_A");
    free(cols_a);
    char *set = macro_text(src, "FORM_SET");
    for (char *p = set; *p; p++)   /* "kind=?, section=?" → compare without spaces around '=' */
        if (p[0] == ' ' && p[1] == '=') memmove(p, p + 1, strlen(p));
    assert_columns(set, "", true, "FORM_SET");
    free(set);
    char *params = macro_text(src, "FORM_PARAMS");
    int q = 0;
    for (char *p = params; *p; p++) q += *p == '?';
    ck_assert_int_eq(q, FF_COUNT);
    free(params);
    free(src);
}
END_TEST

/* ---- the demo database ---- */

START_TEST(demo_has_every_state_and_restores_clock)
{
    char demo[PATH_MAX + 32];
    snprintf(demo, sizeof demo, "%s/demo.db", dir);
    char err[1024];
    ck_assert_int_eq(kumo_demo(demo, NULL, err, sizeof err), KS_OK);
    ck_assert_str_eq(getenv("KUMO_TODAY"), "2026-11-23");   /* the demo's own dates do not leak out */
    ck_assert_ptr_null(getenv("KUMO_NOW"));
    kdate today = date_today();
    ck_assert(today.y == 2026 && today.m == 11 && today.d == 23);
    kumo *d = NULL;
    ck_assert_int_eq(kumo_open(demo, DB_OPEN_EXISTING, &d), KS_OK);
    ck_assert(d->demo);
    const char *states[] = {"draft", "submitted", "returned", "approved", "rejected"};
    for (size_t i = 0; i < 5; i++) {
        kapp_filter f = {.state = states[i]};
        int64_t n = 0;
        ck_assert_int_eq(db_app_count(d->db, &f, &n), KS_OK);
        ck_assert_msg(n > 0, "demo has no %s application", states[i]);
    }
    kumo_close(&d);
    /* making a demo over a real database (kumo init, demo=0) is refused, and the real one is left alone */
    char real[PATH_MAX + 32];
    snprintf(real, sizeof real, "%s/real.db", dir);
    ck_assert_int_eq(kumo_init(real, "本番市", "kato", "加藤 誠"), KS_OK);
    ck_assert_int_eq(kumo_demo(real, NULL, err, sizeof err), KS_EXISTS);
    kdemo_opts force = {.force = true};
    ck_assert_int_eq(kumo_demo(real, &force, err, sizeof err), KS_EXISTS);
    kumo *r = NULL;
    ck_assert_int_eq(kumo_open(real, DB_OPEN_EXISTING, &r), KS_OK);
    ck_assert_str_eq(r->org, "本番市");
    ck_assert(!r->demo);
    kumo_close(&r);
}
END_TEST

/* KUMO_USER-style acting as someone else works only in a demo or test database. */
START_TEST(acting_as_another_user_only_in_demo)
{
    char real[PATH_MAX + 32];
    snprintf(real, sizeof real, "%s/real.db", dir);
    ck_assert_int_eq(kumo_init(real, "本番市", "kato", "加藤 誠"), KS_OK);
    kumo *r = NULL;
    ck_assert_int_eq(kumo_open(real, DB_OPEN_EXISTING, &r), KS_OK);
    ck_assert(!r->demo);
    ck_assert_int_eq(kumo_login(r, "kato"), KS_DENIED);
    ck_assert_contains(kumo_last_error(r), "デモ");
    kumo_close(&r);
}
END_TEST

static Suite *workflow_suite(void)
{
    Suite *s = suite_create("workflow");
    TCase *tc = tcase_create("steps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, submit_numbers_per_fiscal_year);
    tcase_add_test(tc, submit_refused_with_required_item_unanswered);
    tcase_add_test(tc, return_needs_comment_and_resubmit_keeps_number);
    tcase_add_test(tc, withdraw_only_own_and_submitted);
    tcase_add_test(tc, delete_unnumbered_draft);
    tcase_add_test(tc, approve_records_service);
    tcase_add_test(tc, approve_on_leap_day_due_clamps);
    tcase_add_test(tc, approve_manager_and_due_date_rules);
    tcase_add_test(tc, approve_due_within_the_interval_003_4_8);
    tcase_add_test(tc, approval_waits_for_ciso_exception_when_overseas_004_7_4_1);
    tcase_add_test(tc, exception_grant_input_rules_004_7_4);
    tcase_add_test(tc, nonconformity_refused_by_ciso_cannot_be_approved_004_7_4);
    tcase_add_test(tc, emergency_approval_then_report_004_7_4_2);
    tcase_add_test(tc, conditional_approval_keeps_400_characters_of_conditions);
    tcase_add_test(tc, reject_needs_reason);
    tcase_add_test(tc, track_84_decided_by_own_dept_head);
    tcase_add_test(tc, track_84_by_dept_head_goes_to_approver);
    tcase_add_test(tc, staff_setting_conf2_refused);
    tcase_add_test(tc, typed_values_normalised_before_the_check);
    tcase_add_test(tc, conf_3a_refused_003_4_1_6);
    tcase_add_test(tc, read_only_roles_change_nothing);
    tcase_add_test(tc, history_records_every_step);
    tcase_add_test(tc, two_editors_conflict_not_overwrite);
    tcase_add_test(tc, conf_change_swaps_checklist_snapshot);
    tcase_add_test(tc, change_application_updates_the_register_entry_003_4_4_2);
    tcase_add_test(tc, broken_template_message_names_file);
    tcase_add_test(tc, submit_needs_mitigation_notes_003_4_1_3);
    tcase_add_test(tc, submit_needs_reason_for_not_applicable);
    tcase_add_test(tc, answer_3a_item_only_conforming_003_4_1_6);
    tcase_add_test(tc, submit_refuses_abroad_with_4_2_1_conforming_003_4_2_1);
    tcase_add_test(tc, template_version_kept_by_filed_applications_new_for_drafts);
    tcase_add_test(tc, answers_from_a_file_all_or_nothing);
    tcase_add_test(tc, busy_database_loses_nothing);
    tcase_add_test(tc, failed_answer_save_keeps_the_version);
    tcase_add_test(tc, long_message_ends_on_a_character);
    tcase_add_test(tc, org_name_of_60_characters_kept);
    tcase_add_test(tc, form_columns_match_fields);
    tcase_add_test(tc, demo_has_every_state_and_restores_clock);
    tcase_add_test(tc, acting_as_another_user_only_in_demo);
    tcase_add_test(tc, changes_since_return_and_resubmit_comment);
    tcase_add_test(tc, who_will_decide_by_name);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_workflow: the C.UTF-8 locale is not available\n");
        return 1;
    }
    if (!find_repo()) {
        fprintf(stderr, "test_workflow: templates/index.csv not found (run from the repository root)\n");
        return 1;
    }
    SRunner *sr = srunner_create(workflow_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
