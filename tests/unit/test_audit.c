/* The audit trail (db/db_audit.c, app/audit.c) on a copy of the demo database: every kind of step writes exactly
   one record with the actor's login and role at that moment and what changed (before → after); a step that
   describes no record is not committed; the chain verifies and finds rows edited behind kumo's back; records
   cannot be changed or deleted; an existing database gets the trail with a first record of what it holds; two
   writers never fork the chain; and the rules that keep the record honest (004 §1(8)②, a successor for a leaving
   manager). */
#include <check.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/app.h"
#include "app/internal.h"
#include "db/internal.h"
#include "db/schema.h"

static char TEMPLATES[PATH_MAX + 16];
static char DEMO[PATH_MAX + 32];
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
    snprintf(dir, sizeof dir, "%s/kumo-audit-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);
    copy_file(DEMO, path);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
}

static void remove_db(const char *p)
{
    char side[PATH_MAX + 64];
    unlink(p);
    snprintf(side, sizeof side, "%s-wal", p);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", p);
    unlink(side);
}

static void teardown(void)
{
    kumo_close(&k);
    remove_db(path);
    char other[PATH_MAX + 32];
    snprintf(other, sizeof other, "%s/other.db", dir);
    remove_db(other);
    snprintf(other, sizeof other, "%s/import.csv", dir);
    unlink(other);
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

/* The demo's application named `name` (its names are unique). */
static kapp app_named(const char *name)
{
    kapp_filter f = {.search = name};
    kapp_row rows[4];
    int n = 0;
    ck_assert_int_eq(db_app_page(k->db, &f, 0, 0, 4, rows, &n), KS_OK);
    ck_assert_int_ge(n, 1);
    kapp a;
    ck_assert_int_eq(db_app_get(k->db, rows[0].id, &a), KS_OK);
    ck_assert_str_eq(a.v[FF_SERVICE_NAME], name);
    return a;
}

static int64_t head_seq(void)
{
    kaudit_head h;
    ck_assert_int_eq(db_audit_head(k->db, &h), KS_OK);
    return h.seq;
}

/* One integer that plain SQL reads from the session's database (a count the test makes itself), ?1 bound to a when
   the SQL has it. */
static int64_t sql_int_of(const char *sql, int64_t a)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(k->db->h, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(st) > 0) sqlite3_bind_int64(st, 1, a);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t sql_int(const char *sql) { return sql_int_of(sql, 0); }

static void verify_ok(void)
{
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(k->db, &v), KS_OK);
    ck_assert_msg(v.ok, "verify: %s", v.what);
}

/* The step ran, wrote exactly one record after `before`, by `login` with `role`, named `action`, whose changes
   hold `change` (NULL: not checked), and the whole trail still verifies. */
static void one_record(kstatus s, int64_t before, const char *login, const char *role, const char *action,
                       const char *change)
{
    ck_assert_msg(s == KS_OK, "step failed: %d %s", s, kumo_last_error(k));
    ck_assert_int_eq(head_seq(), before + 1);
    kaudit_row *r = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_audit_page(k->db, NULL, 0, 0, 1, &r, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_int_eq(r[0].seq, before + 1);
    ck_assert_str_eq(r[0].actor, login);
    ck_assert_str_eq(r[0].actor_role, role);
    ck_assert_str_eq(r[0].action, action);
    ck_assert_str_eq(r[0].zone, "Asia/Tokyo");
    ck_assert_contains(r[0].at, "+09:00");
    if (change) ck_assert_contains(r[0].changes, change);
    kaudit_rows_free(&r, n);
    verify_ok();
}

/* sha256sum (coreutils) of the two lines import_record_names_file_rows_and_digest writes */
#define IMPORT_SHA256 "35662c254accba4e9b513a3e46c55fb8ba8a530ce80366d7366a7f0f7f6c09fd"

/* ---- every kind of step ---- */

START_TEST(every_application_step_writes_one_record)
{
    /* 項目変更 and 確認事項回答 of a draft, then its deletion (its history rows go with it, as the record says) */
    as("yamamoto");
    kapp sns = app_named("SNS公式アカウント");
    int64_t b = head_seq();
    one_record(wf_set_field(k, &sns, FF_PURPOSE, "お知らせを発信する"), b, "yamamoto", "staff", "項目変更",
               "利用目的: 市民課からのお知らせを発信する → お知らせを発信する");
    ck_answer *ans;
    size_t n;
    ck_assert_int_eq(db_answers_load(k->db, sns.id, &ans, &n), KS_OK);
    ck_assert_uint_gt(n, 0);
    free(ans[0].answer);
    ans[0].answer = strdup("適合");
    b = head_seq();
    char want[160];
    snprintf(want, sizeof want, "確認事項 %s 回答:  → 適合", ans[0].code);
    one_record(wf_set_answer(k, &sns, &ans[0]), b, "yamamoto", "staff", "確認事項回答", want);
    /* answers given as a file: one record for all of them (kumo app answer) */
    ck_answer given[2] = {{.code = ans[0].code, .answer = "該当なし", .note = "公開情報のみ"},
                          {.code = ans[1].code, .answer = "適合", .note = "約款を確認した"}};
    b = head_seq();
    snprintf(want, sizeof want, "確認事項 %s 回答: 適合 → 該当なし", ans[0].code);
    one_record(wf_set_answers(k, &sns, given, 2), b, "yamamoto", "staff", "確認事項回答", want);
    checklist_answers_free(&ans, n);
    /* the 確認事項 brought to a newer template version (a copy of the templates with conf1 raised) */
    char tpl[PATH_MAX + 64], cmd[4 * PATH_MAX + 4096];
    snprintf(tpl, sizeof tpl, "%s/tpl", dir);
    snprintf(cmd, sizeof cmd, "mkdir -p '%s' && cp '%s'/*.csv '%s'/ && sed -i 's/^conf1,\\(.*\\),[^,]*,/conf1,\\1,2099.1,/' '%s/index.csv'",
             tpl, TEMPLATES, tpl, tpl);
    ck_assert_int_eq(system(cmd), 0);
    setenv("KUMO_TEMPLATE_DIR", tpl, 1);
    b = head_seq();
    one_record(wf_refresh_checklist(k, &sns), b, "yamamoto", "staff", "確認事項の版の更新", "2099.1");
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);
    b = head_seq();
    one_record(wf_delete_draft(k, &sns), b, "yamamoto", "staff", "下書き削除", "状態: 下書き → （削除）");
    kapp_clear(&sns);

    /* 作成 */
    as("tanaka");
    kapp d;
    b = head_seq();
    one_record(wf_new_draft(k, &d), b, "tanaka", "dept_head", "作成", "状態:  → 下書き");
    kapp_clear(&d);

    /* 再提出 and 引戻し */
    as("watanabe");
    kapp mado = app_named("窓口予約サービス");
    b = head_seq();
    one_record(wf_submit(k, &mado), b, "watanabe", "dept_head", "再提出", "状態: 差戻し → 申請中");
    b = head_seq();
    one_record(wf_withdraw(k, &mado, "見直します"), b, "watanabe", "dept_head", "引戻し", "状態: 申請中 → 下書き");
    kapp_clear(&mado);

    /* 差戻し, 再提出, 条件付承認 (a new service in the register: touched by the same record) */
    as("takahashi");
    kapp kenshin = app_named("健診予約システム");
    b = head_seq();
    one_record(wf_return(k, &kenshin, "資料を追加してください"), b, "takahashi", "approver", "差戻し",
               "審査結果:  → 差戻し");
    as("tanaka");
    ck_assert_int_eq(wf_reload(k, &kenshin), KS_OK);
    b = head_seq();
    one_record(wf_submit(k, &kenshin), b, "tanaka", "dept_head", "再提出", "審査結果: 差戻し → ");
    as("takahashi");
    ck_assert_int_eq(wf_reload(k, &kenshin), KS_OK);
    b = head_seq();
    one_record(wf_approve(k, &kenshin, true, "予約データは年度末に削除する", user("tanaka").id, NULL), b, "takahashi",
               "approver", "条件付承認", "承認番号:  → AP-R8-");
    ck_assert_int_gt(kenshin.service_id, 0);
    kapp_clear(&kenshin);

    /* 却下 of a §8-4 application by the 部局's 情報セキュリティ責任者 */
    as("tanaka");
    kapp honyaku = app_named("翻訳サービス");
    b = head_seq();
    one_record(wf_reject(k, &honyaku, "目的が不明確"), b, "tanaka", "dept_head", "却下", "状態: 申請中 → 却下");
    kapp_clear(&honyaku);

    /* 変更申請作成 */
    as("sato");
    b = head_seq();
    one_record(wf_new_change(k, svc("AP-R7-0001").id, &d), b, "sato", "dept_head", "変更申請作成",
               "変更するサービス:  → AP-R7-0001");
    kapp_clear(&d);
}
END_TEST

START_TEST(every_service_step_writes_one_record)
{
    /* 利用状況確認 (the review and the service's due date) and the response */
    as("yoshida");
    kservice s = svc("AP-R7-0001");
    ck_answer *ans;
    size_t n;
    ck_assert_int_eq(phase_checklist_blank(k, PHASE_OPERATE, &ans, &n, NULL, 0), KS_OK);
    phase_answer_all(ans, n, "適合");
    for (size_t i = 0; i < n; i++)   /* an item that asks for its 確認内容 gets one */
        if (ans[i].note_required) {
            free(ans[i].note);
            ans[i].note = strdup("設定変更記録簿で確認");
        }
    review_input in = {.v[RV_DATE] = "2026-11-20", .v[RV_USAGE] = "継続", .v[RV_USERS] = "10", .v[RV_TERMS] = "無",
                       .v[RV_INCIDENT] = "無", .answers = ans, .n_answers = n};
    int64_t b = head_seq();
    one_record(review_record(k, &s, &in, NULL), b, "yoshida", "staff", "利用状況確認",
               "次回利用状況確認期限: 2026-05-20 → 2027-11-20");
    checklist_answers_free(&ans, n);
    as("takahashi");
    kreview *pending = NULL;
    ck_assert_int_eq(review_pending(k, &pending, &n), KS_OK);
    ck_assert_uint_ge(n, 1);
    b = head_seq();
    one_record(review_respond(k, pending[0].id, "保存期間を確認した"), b, "takahashi", "approver",
               "利用状況確認への対応", "対応内容:  → 保存期間を確認した");
    kreview_free(&pending);

    /* 管理者変更 */
    s = svc("AP-R7-0001");
    b = head_seq();
    one_record(manager_redesignate(k, &s, user("ito").id, "人事異動"), b, "takahashi", "approver", "管理者変更",
               "クラウドサービス管理者: 吉田 亮 → 伊藤 大輔");

    /* 導入・構築時確認 (the check and the service's build_state) */
    as("matsumoto");
    s = svc("AP-R8-0002");
    ck_assert_int_eq(phase_checklist_blank(k, PHASE_BUILD, &ans, &n, NULL, 0), KS_OK);
    phase_answer_all(ans, n, "適合");
    build_check_input bin = {.v[BC_DATE] = "2026-11-20", .answers = ans, .n_answers = n};
    b = head_seq();
    one_record(build_check_record(k, &s, &bin, NULL), b, "matsumoto", "dept_head", "導入・構築時確認",
               "導入・構築時確認: pending → done");
    checklist_answers_free(&ans, n);

    /* 終了連絡, 差戻し, 終了連絡 again, 受理 */
    as("watanabe");
    s = svc("AP-R6-0001");
    ck_assert_int_eq(phase_checklist_blank(k, PHASE_RETIRE, &ans, &n, NULL, 0), KS_OK);
    phase_answer_all(ans, n, "適合");
    termination_input tin = {.v[TM_END] = "2026-03-31", .v[TM_PLAN] = "作成済", .v[TM_NOTICE] = "2026-03-01",
                             .v[TM_DISPOSAL] = "暗号化消去", .v[TM_ACC_USERS] = "削除済", .v[TM_ACC_PRIV] = "削除済",
                             .v[TM_ACC_SPECIAL] = "該当なし", .answers = ans, .n_answers = n};
    int64_t id = 0;
    b = head_seq();
    one_record(termination_file(k, &s, &tin, &id), b, "watanabe", "dept_head", "終了連絡", "終了日:  → 2026-03-31");
    as("takahashi");
    b = head_seq();
    one_record(termination_return(k, id, "廃棄証明を添付してください"), b, "takahashi", "approver", "終了連絡差戻し",
               "終了連絡の状態: 受理待ち → 差戻し");
    as("watanabe");
    b = head_seq();
    one_record(termination_file(k, &s, &tin, &id), b, "watanabe", "dept_head", "終了連絡", NULL);
    checklist_answers_free(&ans, n);
    as("takahashi");
    b = head_seq();
    one_record(termination_accept(k, id, "確認した"), b, "takahashi", "approver", "終了連絡受理",
               "サービスの状態: active → terminated");
}
END_TEST

START_TEST(every_admin_step_writes_one_record)
{
    as("kato");
    int64_t b = head_seq();
    one_record(admin_add_dept(k, "監査委員事務局"), b, "kato", "admin", "部局追加", "部局名:  → 監査委員事務局");
    b = head_seq();
    one_record(admin_add_user(k, "mori", "森 花子", ROLE_STAFF, "総務部", "総務課"), b, "kato", "admin", "利用者追加",
               "役割:  → 職員等");
    kuser m = user("mori");
    b = head_seq();
    one_record(admin_update_user(k, m.id, "森 花子", ROLE_DEPT_HEAD, "企画部", "企画課"), b, "kato", "admin", "人事異動",
               "役割: 職員等 → 情報セキュリティ責任者\n部局: 総務部 → 企画部\n課: 総務課 → 企画課");
    b = head_seq();
    one_record(admin_set_active(k, m.id, false), b, "kato", "admin", "利用者無効化", "状態: 有効 → 無効");
    b = head_seq();
    one_record(admin_set_active(k, m.id, true), b, "kato", "admin", "利用者有効化", "状態: 無効 → 有効");
    as("takahashi");   /* the interval is the 統括's or the CISO's */
    b = head_seq();
    one_record(admin_set_review_interval(k, 6), b, "takahashi", "approver", "設定変更", "利用状況確認の間隔（月）: 12 → 6");
    as("kato");
    b = head_seq();
    one_record(admin_set_timezone(k, "UTC"), b, "kato", "admin", "設定変更", "タイムゾーン: Asia/Tokyo → UTC");
    ck_assert_int_eq(admin_set_timezone(k, "Asia/Tokyo"), KS_OK);
    /* the 部局 (issue 12): renamed, retired, brought back; a login connected */
    b = head_seq();
    one_record(admin_rename_dept(k, "監査委員事務局", "監査事務局"), b, "kato", "admin", "部局名変更",
               "部局名: 監査委員事務局 → 監査事務局");
    b = head_seq();
    one_record(admin_set_dept_active(k, "監査事務局", false), b, "kato", "admin", "部局廃止", "部局の状態: 有効 → 廃止");
    b = head_seq();
    one_record(admin_set_dept_active(k, "監査事務局", true), b, "kato", "admin", "部局再開", "部局の状態: 廃止 → 有効");
    b = head_seq();
    one_record(admin_set_login(k, m.id, "mori.h"), b, "kato", "admin", "ログイン名変更", "ログイン名: mori → mori.h");
}
END_TEST

START_TEST(the_actor_role_is_the_one_at_that_moment)
{
    /* a 人事異動 made by another session: the next record carries the new role, not the one read at login */
    as("sato");
    kumo *other = NULL;
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &other), KS_OK);
    ck_assert_int_eq(kumo_login(other, "kato"), KS_OK);
    kuser s = user("sato");
    ck_assert_int_eq(admin_update_user(other, s.id, s.name, ROLE_APPROVER, "総務部", s.section), KS_OK);
    kumo_close(&other);
    kapp d;
    int64_t b = head_seq();
    one_record(wf_new_draft(k, &d), b, "sato", "approver", "作成", NULL);
    kapp_clear(&d);
}
END_TEST

START_TEST(import_record_names_file_rows_and_digest)
{
    as("kato");
    char csv[PATH_MAX + 32];
    snprintf(csv, sizeof csv, "%s/import.csv", dir);
    FILE *f = fopen(csv, "wb");
    ck_assert_ptr_nonnull(f);
    fputs("承認番号,クラウドサービス名,提供者,部局,機密性,承認日,利用開始日,利用終了日(予定),クラウドサービス管理者\n"
          "AP-X-0001,監査テストサービス,テスト株式会社,総務部,2,2026-04-01,2026-04-01,,佐藤 一郎\n",
          f);
    ck_assert_int_eq(fclose(f), 0);
    import_opts o = {.encoding = CSV_ENC_AUTO};
    import_report r;
    int64_t b = head_seq();
    kstatus s = import_register_csv(k, csv, &o, &r);
    ck_assert_msg(s == KS_OK, "%s", kumo_last_error(k));
    import_report_clear(&r);
    one_record(s, b, "kato", "admin", "取込", "データ行数:  → 1\n追加:  → 1");
    kaudit_row *row = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_audit_page(k->db, NULL, 0, 0, 1, &row, &n), KS_OK);
    ck_assert_str_eq(row[0].entity_no, "import.csv");
    ck_assert_contains(row[0].changes, "ファイル:  → import.csv");
    ck_assert_contains(row[0].changes, "SHA-256:  → " IMPORT_SHA256);
    kaudit_rows_free(&row, n);
    /* the imported service has its history row, written by the same record */
    kservice sv = svc("AP-X-0001");
    khist *h;
    ck_assert_int_eq(db_history_list(k->db, 0, sv.id, &h, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(h[0].action, "取込");
    khist_free(&h, n);
}
END_TEST

START_TEST(a_step_without_a_record_is_not_committed)
{
    as("kato");
    int64_t b = head_seq();
    ck_assert_int_eq(kumo_tx_begin(k), KS_OK);
    ck_assert_int_eq(db_setting_set(k->db, "review_interval_months", "7"), KS_OK);
    ck_assert_int_eq(kumo_tx_end(k, KS_OK), KS_ERROR);
    ck_assert_contains(kumo_last_error(k), "監査記録");
    char v[16];
    ck_assert_int_eq(db_setting_get(k->db, "review_interval_months", v, sizeof v), KS_OK);
    ck_assert_str_eq(v, "12");
    ck_assert_int_eq(head_seq(), b);
}
END_TEST

/* ---- the chain ---- */

START_TEST(records_cannot_be_changed_or_deleted)
{
    char *err = NULL;
    ck_assert_int_ne(sqlite3_exec(k->db->h, "UPDATE audit SET comment = 'x' WHERE seq = 2", NULL, NULL, &err), SQLITE_OK);
    ck_assert_contains(err, "cannot be changed");
    sqlite3_free(err);
    ck_assert_int_ne(sqlite3_exec(k->db->h, "DELETE FROM audit WHERE seq = 2", NULL, NULL, &err), SQLITE_OK);
    ck_assert_contains(err, "cannot be deleted");
    sqlite3_free(err);
    ck_assert_int_ne(sqlite3_exec(k->db->h, "DELETE FROM audit_entity", NULL, NULL, &err), SQLITE_OK);
    sqlite3_free(err);
    verify_ok();
}
END_TEST

/* Runs SQL behind kumo's back and returns verify's finding. */
static kaudit_verify tamper(const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(k->db->h, sql, NULL, NULL, &err);
    ck_assert_msg(rc == SQLITE_OK, "%s: %s", sql, err ? err : "");
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(k->db, &v), KS_OK);
    ck_assert(!v.ok);
    return v;
}

START_TEST(verify_names_an_edited_row)
{
    verify_ok();
    kaudit_verify v = tamper("UPDATE services SET manager_id = (SELECT id FROM users WHERE login = 'kato') "
                             "WHERE approval_no = 'AP-R7-0001'");
    ck_assert_contains(v.what, "サービス「AP-R7-0001 電子申請サービス」");
    ck_assert_contains(v.what, "一致しません");
}
END_TEST

START_TEST(verify_names_an_edited_record)
{
    kaudit_verify v = tamper("DROP TRIGGER audit_no_update; UPDATE audit SET actor_role = 'admin' WHERE seq = 5");
    ck_assert_int_eq(v.first_seq, 5);
    ck_assert_contains(v.what, "監査記録 #5");
}
END_TEST

START_TEST(verify_names_a_deleted_record)
{
    kaudit_verify v = tamper("DROP TRIGGER audit_no_delete; DROP TRIGGER audit_entity_no_delete; "
                             "DELETE FROM audit_entity WHERE seq = 7; DELETE FROM audit WHERE seq = 7");
    ck_assert_int_eq(v.first_seq, 8);
    ck_assert_contains(v.what, "#7 がありません");
}
END_TEST

START_TEST(verify_names_an_inserted_record)
{
    /* a record copied with a new number after the head: its link and its hash do not fit */
    kaudit_verify v = tamper("INSERT INTO audit SELECT seq + 100000, at, zone, actor, actor_name, actor_role, os_login, "
                             "action, kind, entity_id, entity_no, dept, changes, comment, prev, hash || 'x' "
                             "FROM audit WHERE seq = 3");
    ck_assert_int_eq(v.first_seq, 100003);
}
END_TEST

START_TEST(two_writers_never_fork_the_chain)
{
    /* four processes, each 25 steps of its own: every step one record, the chain whole */
    int64_t b = head_seq();
    kumo_close(&k);
    enum { PROCS = 4, STEPS = 25 };
    pid_t pids[PROCS];
    for (int p = 0; p < PROCS; p++) {
        pids[p] = fork();
        ck_assert_int_ge(pids[p], 0);
        if (pids[p] == 0) {
            kumo *c = NULL;
            int bad = kumo_open(path, DB_OPEN_EXISTING, &c) || kumo_login(c, "kato");
            for (int i = 0; i < STEPS && !bad; i++) {
                char name[64];
                snprintf(name, sizeof name, "部局%d-%d", p, i);
                bad = admin_add_dept(c, name) != KS_OK;
            }
            kumo_close(&c);
            _exit(bad);
        }
    }
    for (int p = 0; p < PROCS; p++) {
        int st = 0;
        ck_assert_int_eq(waitpid(pids[p], &st, 0), pids[p]);
        ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer %d failed", p);
    }
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
    ck_assert_int_eq(head_seq(), b + PROCS * STEPS);
    verify_ok();
}
END_TEST

START_TEST(an_existing_database_gets_the_trail)
{
    /* a database of schema 2 (before the trail), with rows in it */
    char old[PATH_MAX + 32];
    snprintf(old, sizeof old, "%s/other.db", dir);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(old, &h), SQLITE_OK);
    for (size_t i = 0; i + 1 < SCHEMA_AUDIT_VERSION; i++)
        ck_assert_int_eq(sqlite3_exec(h, schema_migration(i), NULL, NULL, NULL), SQLITE_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d;", KUMO_APPLICATION_ID,
             SCHEMA_AUDIT_VERSION - 1);
    ck_assert_int_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h,
                                  "INSERT INTO settings VALUES ('org_name', '旧市'); INSERT INTO departments(name) "
                                  "VALUES ('総務部'); INSERT INTO users(login, name, dept_id, role) VALUES "
                                  "('kato', '加藤 誠', 1, 'admin');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    kdb *db = NULL;
    ck_assert_int_eq(db_open(old, DB_OPEN_EXISTING, &db), KS_OK);
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(db, &v), KS_OK);
    ck_assert_msg(v.ok, "%s", v.what);
    ck_assert_int_eq(v.records, 1);
    kaudit_row *r = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_audit_page(db, NULL, 0, 0, 5, &r, &n), KS_OK);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(r[0].action, "監査証跡の開始");
    ck_assert_contains(r[0].comment, "3 件");   /* settings, the 部局, the user */
    kaudit_rows_free(&r, n);
    /* and from there a change behind kumo's back is found */
    ck_assert_int_eq(sqlite3_exec(db->h, "UPDATE users SET role = 'ciso'", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(db_audit_verify(db, &v), KS_OK);
    ck_assert(!v.ok);
    ck_assert_contains(v.what, "利用者「kato 加藤 誠」");
    db_close(&db);
}
END_TEST

/* A migration that only drops or makes indexes (14: the register's three indexes that another index begins with;
   15: the trail's by 操作 and by 部局; 16: the register's by (部局, 状態); 17: the 申請一覧's by 状態, 部局 and 機密性
   together; 18: a 職員等's by 機密性) changes no row: it leaves no record on the trail, and a row changed behind
   kumo's back before it is still found after it (a migration that looked for changed rows would have recorded the
   change as its own). */
START_TEST(an_index_only_migration_records_nothing_and_hides_nothing)
{
    int64_t before = head_seq();
    kumo_close(&k);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h,
                                  "CREATE INDEX services_due ON services(status, next_review_due);"
                                  "CREATE INDEX services_end ON services(status, end_date);"
                                  "CREATE INDEX services_manager ON services(manager_id);"
                                  "UPDATE services SET conditions = '書き換え' WHERE approval_no = 'AP-R8-0001';"
                                  "DROP INDEX audit_action;"
                                  "DROP INDEX audit_dept;"
                                  "DROP INDEX services_dept_status;"
                                  "DROP INDEX applications_conf;"
                                  "DROP INDEX applications_state_conf;"
                                  "DROP INDEX applications_state_dept;"
                                  "DROP INDEX applications_dept_conf;"
                                  "DROP INDEX applications_state_dept_conf;"
                                  "DROP INDEX applications_applicant_dept;"
                                  "DROP INDEX applications_applicant_conf;"
                                  "DROP INDEX applications_applicant_state_conf;"
                                  "PRAGMA user_version = 13;",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(h);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
    ck_assert_int_eq(db_schema_version(k->db), (int)schema_migration_count());
    ck_assert_int_eq(head_seq(), before);
    ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                             "('services_due', 'services_end', 'services_manager')"),
                     0);
    /* and 15 made the trail's indexes by 操作 and by 部局 */
    ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                             "('audit_action', 'audit_dept', 'services_dept_status')"),
                     3);   /* and 16 the register's by (部局, 状態) */
    /* and 17 the 申請一覧's by two or three of 状態, 部局 and 機密性, and by 機密性 */
    ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                             "('applications_conf', 'applications_state_conf', 'applications_state_dept', "
                             "'applications_dept_conf', 'applications_state_dept_conf', 'applications_applicant_dept')"),
                     6);
    /* and 18 a 職員等's by 機密性, with or without 状態 */
    ck_assert_int_eq(sql_int("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                             "('applications_applicant_conf', 'applications_applicant_state_conf')"),
                     2);
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(k->db, &v), KS_OK);
    ck_assert(!v.ok);
    ck_assert_contains(v.what, "AP-R8-0001");
}
END_TEST

/* A verify reads every record and every audited row: it says how far it has got, the records out of the last
   record's number, then the rows compared, each phase from 0 to its end (done == total). */
typedef struct seen_progress {
    int calls;
    long long chain_first_total, chain_last_done, chain_last_total, rows_first_done, rows_last_done, rows_last_total;
    bool rows_begun, back;
    long long prev;
} seen_progress;

static void note_progress(void *ctx, const char *what, long long done, long long total)
{
    seen_progress *p = ctx;
    bool chain = !strcmp(what, "監査記録を検証中");
    ck_assert_msg(chain || !strcmp(what, "記録の対象行を照合中"), "unexpected progress 「%s」", what);
    if (!chain && !p->rows_begun) {
        p->rows_begun = true;
        p->rows_first_done = done;
        p->prev = done;
    }
    if (chain && p->calls == 0) p->chain_first_total = total;
    if (chain) ck_assert_msg(!p->rows_begun, "the records after the rows");
    if (done < p->prev) p->back = true;
    p->prev = done;
    if (chain) {
        p->chain_last_done = done;
        p->chain_last_total = total;
    } else {
        p->rows_last_done = done;
        p->rows_last_total = total;
    }
    p->calls++;
}

START_TEST(a_verify_says_how_far_it_has_got)
{
    seen_progress p = {0};
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify_with(k->db, &v, note_progress, &p), KS_OK);
    ck_assert_msg(v.ok, "%s", v.what);
    ck_assert_int_eq(p.chain_first_total, head_seq());
    ck_assert_int_eq(p.chain_last_done, v.records);
    ck_assert_int_eq(p.chain_last_total, v.records);
    ck_assert(p.rows_begun);
    ck_assert_int_eq(p.rows_first_done, 0);
    ck_assert(!p.back);
    /* every application and every service of the demo is among the rows compared */
    ck_assert_int_gt(p.rows_last_done, sql_int("SELECT (SELECT count(*) FROM applications) + (SELECT count(*) FROM "
                                                  "services)"));
    ck_assert_int_eq(p.rows_last_total, p.rows_last_done);
    /* and without a listener it finds the same */
    kaudit_verify plain;
    ck_assert_int_eq(db_audit_verify(k->db, &plain), KS_OK);
    ck_assert_int_eq(plain.records, v.records);
}
END_TEST

/* The 監査証跡 read page by page, by keyset, whatever leads the filter (操作者, 操作, 部局, a period, none): downwards
   from the newest and upwards from the oldest, every record that fits once, in order, and the count the same — what
   plain SQL over the whole trail says. */
#define EXPECTED(where) "SELECT seq FROM audit WHERE " where " ORDER BY seq DESC"

static int64_t expected_seqs(const char *sql, int64_t **out)
{
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(k->db->h, sql, -1, &st, NULL), SQLITE_OK);
    int64_t n = 0, cap = 64;
    *out = malloc((size_t)cap * sizeof **out);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) *out = realloc(*out, (size_t)(cap *= 2) * sizeof **out);
        (*out)[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return n;
}

START_TEST(the_trail_pages_by_keyset_under_every_filter)
{
    static const struct {
        kaudit_filter f;
        const char *sql;
    } cases[] = {
        {{0}, EXPECTED("1")},
        {{.actor = "tanaka"}, EXPECTED("actor = 'tanaka'")},
        {{.action = "提出"}, EXPECTED("action = '提出'")},
        {{.dept = "総務部"}, EXPECTED("dept = '総務部'")},
        {{.actor = "sato", .dept = "総務部"}, EXPECTED("actor = 'sato' AND dept = '総務部'")},
        {{.action = "項目変更", .dept = "健康福祉部"}, EXPECTED("action = '項目変更' AND dept = '健康福祉部'")},
        {{.from = "2025-04-01", .to = "2026-03-31"}, EXPECTED("at >= '2025-04-01' AND at < '2026-04-01'")},
        {{.actor = "sato", .from = "2025-04-01", .to = "2026-03-31"},
         EXPECTED("actor = 'sato' AND at >= '2025-04-01' AND at < '2026-04-01'")},
        {{.actor = "nobody"}, EXPECTED("0")},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        int64_t *want = NULL;
        int64_t nwant = expected_seqs(cases[c].sql, &want);
        if (c + 1 < sizeof cases / sizeof cases[0]) ck_assert_msg(nwant > 7, "case %zu: too few records to page", c);
        /* downwards from the newest, 7 at a time */
        int64_t got = 0, before = 0;
        for (;;) {
            kaudit_row *r = NULL;
            size_t n = 0;
            ck_assert_int_eq(db_audit_page(k->db, &cases[c].f, before, 0, 7, &r, &n), KS_OK);
            for (size_t i = 0; i < n; i++, got++) {
                ck_assert_msg(got < nwant, "case %zu: more records than fit", c);
                ck_assert_int_eq(r[i].seq, want[got]);
            }
            if (n) before = r[n - 1].seq;
            kaudit_rows_free(&r, n);
            if (n < 7) break;
        }
        ck_assert_int_eq(got, nwant);
        /* upwards from the oldest page: each page newest first, the pages going up */
        int64_t after = -1, left = nwant;
        for (;;) {
            kaudit_row *r = NULL;
            size_t n = 0;
            ck_assert_int_eq(db_audit_page(k->db, &cases[c].f, 0, after, 7, &r, &n), KS_OK);
            for (size_t i = 0; i < n; i++) ck_assert_int_eq(r[n - 1 - i].seq, want[left - 1 - (int64_t)i]);
            left -= (int64_t)n;
            if (n) after = r[0].seq;
            kaudit_rows_free(&r, n);
            if (n < 7) break;
        }
        ck_assert_int_eq(left, 0);
        int64_t count = -1;
        ck_assert_int_eq(db_audit_count(k->db, &cases[c].f, &count), KS_OK);
        ck_assert_int_eq(count, nwant);
        free(want);
    }
}
END_TEST

/* ---- rules that keep the record honest ---- */

START_TEST(a_designated_manager_cannot_become_auditor_004_1_8_2)
{
    as("kato");
    kuser y = user("yoshida");   /* manages 電子申請サービス */
    int64_t b = head_seq();
    ck_assert_int_eq(admin_update_user(k, y.id, y.name, ROLE_AUDITOR, "", ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "§1(8)②");
    ck_assert_contains(kumo_last_error(k), "AP-R7-0001");
    ck_assert_int_eq(head_seq(), b);
    ck_assert_int_eq(user("yoshida").role, ROLE_STAFF);
    /* the policy's own answer */
    ck_assert(!policy_may_become(&y, ROLE_AUDITOR, 1, NULL, 0));
    ck_assert(policy_may_become(&y, ROLE_AUDITOR, 0, NULL, 0));
    ck_assert(policy_may_become(&y, ROLE_DEPT_HEAD, 1, NULL, 0));
}
END_TEST

START_TEST(disabling_a_manager_needs_a_successor)
{
    as("kato");
    kuser s = user("suzuki");   /* manages 電子契約サービス and 地図作成サービス */
    int64_t b = head_seq();
    ck_assert_int_eq(admin_set_active(k, s.id, false), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "AP-R7-0004");
    ck_assert_contains(kumo_last_error(k), "AP-R8-0001");
    ck_assert_contains(kumo_last_error(k), "後任");
    ck_assert_int_eq(head_seq(), b);
    ck_assert(user("suzuki").active);
    /* an auditor is no successor */
    ck_assert_int_eq(admin_disable(k, s.id, user("kobayashi").id), KS_INVALID);
    one_record(admin_disable(k, s.id, user("sato").id), b, "kato", "admin", "利用者無効化", "AP-R7-0004: suzuki → sato");
    ck_assert(!user("suzuki").active);
    ck_assert_int_eq(svc("AP-R7-0004").manager_id, user("sato").id);
    ck_assert_int_eq(svc("AP-R8-0001").manager_id, user("sato").id);
}
END_TEST

/* A service for suzuki's hand-over, written in a step of the test's own with its record (the trail accounts for
   it). */
static int64_t add_service(const char *no, const char *status, int64_t manager_id)
{
    kservice v = {0};
    snprintf(v.approval_no, sizeof v.approval_no, "%s", no);
    snprintf(v.name, sizeof v.name, "引継ぎ確認 %s", no);
    v.dept_id = user("suzuki").dept_id;
    snprintf(v.conf, sizeof v.conf, "2");
    snprintf(v.approved_on, sizeof v.approved_on, "2025-04-01");
    snprintf(v.start_date, sizeof v.start_date, "2025-04-01");
    snprintf(v.next_review_due, sizeof v.next_review_due, "2026-04-01");
    snprintf(v.status, sizeof v.status, "%s", status);
    v.manager_id = manager_id;
    ck_assert_int_eq(kumo_tx_begin(k), KS_OK);
    kstatus s = db_service_insert(k->db, &v);
    if (!s) kumo_audit_service(k, "テスト用の登録", &v);
    ck_assert_int_eq(kumo_tx_end(k, s), KS_OK);
    return v.id;
}

/* The text of column `col` of history row `id` ("(NULL)" for NULL). */
static char *hist_text(int64_t id, const char *col)
{
    static char v[512];
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(k->db->h, "SELECT * FROM history WHERE id = ?1", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int c = 0;
    while (c < sqlite3_column_count(st) && strcmp(sqlite3_column_name(st, c), col)) c++;
    ck_assert_msg(c < sqlite3_column_count(st), "history has no column %s", col);
    const unsigned char *t = sqlite3_column_text(st, c);
    snprintf(v, sizeof v, "%s", t ? (const char *)t : "(NULL)");
    sqlite3_finalize(st);
    return v;
}

/* A leaving manager's services go to the successor, all of them in one step however many (they are handed over by
   set-based statements, not one by one in memory): each active one — an ended one keeps its manager — gets the new
   manager, a new version and its 管理者変更 history row, in 承認番号 order; the one record says
   「承認番号: 前任 → 後任」 for each in that order and names the user, each service and each history row with its
   digest; the trail verifies. */
START_TEST(disabling_a_manager_hands_every_service_over_in_one_record)
{
    as("kato");
    kuser su = user("suzuki"), sa = user("sato"), ka = user("kato");
    /* ids in another order than 承認番号: the lines and the history rows follow 承認番号 */
    int64_t z = add_service("Z-0002", "active", su.id);
    int64_t a = add_service("A-0001", "active", su.id);
    int64_t ended = add_service("M-0001", "terminated", su.id);
    int64_t own = add_service("S-0001", "active", sa.id);
    const char *nos[] = {"A-0001", "AP-R7-0004", "AP-R8-0001", "Z-0002"};   /* suzuki's active ones, in order */
    int64_t ids[4], versions[4];
    for (int i = 0; i < 4; i++) {
        kservice v = svc(nos[i]);
        ck_assert_int_eq(v.manager_id, su.id);
        ids[i] = v.id;
        versions[i] = v.version;
    }
    ck_assert_int_eq(ids[0], a);
    ck_assert_int_eq(ids[3], z);
    ck_assert_int_gt(a, z);
    ck_assert_int_eq(svc("M-0001").id, ended);
    ck_assert_int_eq(svc("S-0001").id, own);
    ck_assert_int_eq(sql_int_of("SELECT count(*) FROM services WHERE manager_id = ?1 AND status = 'active'", su.id), 4);
    int64_t b = head_seq(), hist_before = sql_int("SELECT max(id) FROM history");
    int64_t ended_version = svc("M-0001").version, own_version = svc("S-0001").version;

    one_record(admin_disable(k, su.id, sa.id), b, "kato", "admin", "利用者無効化", NULL);

    kaudit_row *r = NULL;
    size_t n = 0;
    ck_assert_int_eq(db_audit_page(k->db, NULL, 0, 0, 1, &r, &n), KS_OK);
    ck_assert_str_eq(r[0].changes, "状態: 有効 → 無効\n"
                                   "A-0001: suzuki → sato\n"
                                   "AP-R7-0004: suzuki → sato\n"
                                   "AP-R8-0001: suzuki → sato\n"
                                   "Z-0002: suzuki → sato");
    ck_assert_str_eq(r[0].comment, "管理する 4 件のサービスを 佐藤 一郎（sato）に引継ぎ");
    ck_assert_str_eq(r[0].kind, "user");
    ck_assert_int_eq(r[0].entity_id, su.id);
    char at[DB_STAMP_SIZE];
    snprintf(at, sizeof at, "%s", r[0].at);
    int64_t seq = r[0].seq;
    kaudit_rows_free(&r, n);

    /* the services: the active ones handed over, the ended one and the successor's own as they were */
    for (int i = 0; i < 4; i++) {
        kservice v = svc(nos[i]);
        ck_assert_int_eq(v.manager_id, sa.id);
        ck_assert_int_eq(v.version, versions[i] + 1);
    }
    ck_assert_int_eq(svc("M-0001").manager_id, su.id);
    ck_assert_int_eq(svc("M-0001").version, ended_version);
    ck_assert_int_eq(svc("S-0001").version, own_version);
    ck_assert(!user("suzuki").active);

    /* one 管理者変更 row per service, in 承認番号 order, at the record's time, by the actor */
    ck_assert_int_eq(sql_int("SELECT max(id) FROM history"), hist_before + 4);
    for (int i = 0; i < 4; i++) {
        int64_t h = hist_before + 1 + i;
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)ids[i]);
        ck_assert_str_eq(hist_text(h, "service_id"), want);
        ck_assert_str_eq(hist_text(h, "action"), "管理者変更");
        ck_assert_str_eq(hist_text(h, "comment"), "鈴木 花子 → 佐藤 一郎（前任の無効化による引継ぎ）");
        ck_assert_str_eq(hist_text(h, "at"), at);
        snprintf(want, sizeof want, "%lld", (long long)ka.id);
        ck_assert_str_eq(hist_text(h, "user_id"), want);
        ck_assert_str_eq(hist_text(h, "app_id"), "(NULL)");
        ck_assert_str_eq(hist_text(h, "from_state"), "");
        ck_assert_str_eq(hist_text(h, "to_state"), "");
    }

    /* the record names the user, the four services and the four history rows, each with its digest now */
    struct { audit_kind kind; int64_t id; } named[9] = {{AK_USER, su.id}};
    for (int i = 0; i < 4; i++) {
        named[1 + i].kind = AK_SERVICE;
        named[1 + i].id = ids[i];
        named[5 + i].kind = AK_HISTORY;
        named[5 + i].id = hist_before + 1 + i;
    }
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(k->db->h, "SELECT digest FROM audit_entity WHERE seq = ?1 AND kind = ?2 AND id = ?3",
                                        -1, &st, NULL), SQLITE_OK);
    for (int i = 0; i < 9; i++) {
        char want[DIGEST_HEX_SIZE];
        ck_assert_int_eq(db_audit_digest(k->db, named[i].kind, named[i].id, want), KS_OK);
        sqlite3_bind_int64(st, 1, seq);
        sqlite3_bind_text(st, 2, audit_kind_code(named[i].kind), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, named[i].id);
        ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "%s %lld not named", audit_kind_code(named[i].kind),
                      (long long)named[i].id);
        ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), want);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    ck_assert_int_eq(sql_int_of("SELECT count(*) FROM audit_entity WHERE seq = ?1", seq), 9);
}
END_TEST

/* All or nothing: a hand-over whose record cannot be written (here audit_entity refuses its rows, after the services
   and their history rows were written) leaves every service, history row and the user as they were. */
START_TEST(a_hand_over_that_cannot_be_recorded_leaves_nothing)
{
    as("kato");
    kuser su = user("suzuki"), sa = user("sato");
    int64_t b = head_seq(), hist = sql_int("SELECT max(id) FROM history");
    kservice before = svc("AP-R7-0004");
    ck_assert_int_eq(sqlite3_exec(k->db->h, "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.audit_entity "
                                            "BEGIN SELECT RAISE(ABORT, 'refused'); END", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_ne(admin_disable(k, su.id, sa.id), KS_OK);
    ck_assert_int_eq(sqlite3_exec(k->db->h, "DROP TRIGGER temp.refuse", NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(head_seq(), b);
    ck_assert_int_eq(sql_int("SELECT max(id) FROM history"), hist);
    kservice after = svc("AP-R7-0004");
    ck_assert_int_eq(after.manager_id, su.id);
    ck_assert_int_eq(after.version, before.version);
    ck_assert_int_eq(svc("AP-R8-0001").manager_id, su.id);
    ck_assert(user("suzuki").active);
    verify_ok();
    /* and then it goes through */
    one_record(admin_disable(k, su.id, sa.id), b, "kato", "admin", "利用者無効化", "AP-R7-0004: suzuki → sato");
}
END_TEST

/* A record with a bulk part (kaudit_history_bulk) that also names rows one by one — of the same kinds, before, inside
   and after the range, one of them named both ways — names each once, in order, and verifies. */
START_TEST(a_bulk_part_merges_with_the_rows_named_one_by_one)
{
    as("kato");
    kuser su = user("suzuki"), sa = user("sato");
    int64_t first = sql_int("SELECT min(id) FROM services"), last = sql_int("SELECT max(id) FROM services");
    int64_t b = head_seq();
    ck_assert_int_eq(kumo_tx_begin(k), KS_OK);
    int64_t lo = 0, hi = 0, n = 0;
    ck_assert_int_eq(db_service_hand_over(k->db, su.id, sa.id, kumo_audit_at(k), k->me.id, "管理者変更", "試験",
                                          &lo, &hi, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(hi, lo + 1);
    kservice in = svc("AP-R7-0004");
    kservice other = svc("AP-R8-0001");   /* the range's other service */
    ck_assert(first < in.id && in.id < last && first < other.id && other.id < last);
    kumo_audit(k, "テスト用の引継ぎ", "user", su.id, su.login, "");
    kumo_audit_touch(k, AK_SERVICE, first);    /* before, */
    kumo_audit_touch(k, AK_SERVICE, in.id);    /* inside (named both ways) */
    kumo_audit_touch(k, AK_SERVICE, last);     /* and after */
    kumo_audit_touch(k, AK_HISTORY, 1);
    kumo_audit_touch(k, AK_USER, su.id);
    kumo_audit_history_as(k, "テスト", 0, first, "", "", "一行");   /* a history row written after the range */
    kumo_audit_history_bulk(k, lo, hi);
    ck_assert_int_eq(kumo_tx_end(k, KS_OK), KS_OK);
    ck_assert_int_eq(head_seq(), b + 1);
    verify_ok();
    /* first, in (once), other, last */
    ck_assert_int_eq(sql_int_of("SELECT count(*) FROM audit_entity WHERE seq = ?1 AND kind = 'service'", b + 1), 4);
    /* #1, the two of the range and the one written after it */
    ck_assert_int_eq(sql_int_of("SELECT count(*) FROM audit_entity WHERE seq = ?1 AND kind = 'history'", b + 1), 4);
    ck_assert_int_eq(sql_int_of("SELECT count(*) FROM audit_entity WHERE seq = ?1", b + 1), 4 + 4 + 1);
}
END_TEST

START_TEST(who_may_read_and_verify_the_trail)
{
    const char *readers[] = {"kobayashi", "takahashi", "nakamura"};
    const char *others[] = {"kato", "sato", "suzuki"};
    for (size_t i = 0; i < 3; i++) {
        kuser u = user(readers[i]);
        ck_assert_msg(policy_may_read_audit(&u, NULL, 0), "%s", readers[i]);
        ck_assert(policy_may_verify_audit(&u, NULL, 0));
        u = user(others[i]);
        ck_assert_msg(!policy_may_read_audit(&u, NULL, 0), "%s", others[i]);
    }
    kuser admin = user("kato"), staff = user("suzuki");
    ck_assert(policy_may_verify_audit(&admin, NULL, 0));   /* the completeness check, for backups and cron */
    ck_assert(!policy_may_verify_audit(&staff, NULL, 0));
    as("kato");
    kaudit_row *r;
    size_t n;
    ck_assert_int_eq(audit_page(k, NULL, 0, 0, 10, &r, &n), KS_DENIED);
}
END_TEST

/* A step that names many rows of a kind (kumo demo --rows, an import) digests them a range at a time: each digest is
   the one of the row alone (what `kumo audit verify` computes), its 確認事項 answers included, and an id with no
   row has none. */
START_TEST(a_bulk_step_digests_each_row_as_alone)
{
    /* applications with their answers, services and history rows, each a run of ids, and ids past the last */
    ck_assert_int_gt(sql_int("SELECT count(*) FROM checklist_answers"), 0);
    static const struct { audit_kind kind; const char *max_sql; } RUNS[] = {
        {AK_APPLICATION, "SELECT max(id) FROM applications"},
        {AK_SERVICE, "SELECT max(id) FROM services"},
        {AK_HISTORY, "SELECT max(id) FROM history"},
    };
    kaudit r = {0};
    snprintf(r.action, sizeof r.action, "一括のテスト");
    kaudit_subject(&r, "import", 0, "", "");
    int64_t named = 0;
    for (size_t i = 0; i < sizeof RUNS / sizeof RUNS[0]; i++) {
        int64_t max = sql_int(RUNS[i].max_sql);
        ck_assert_int_ge(max, 8);
        for (int64_t id = max + 3; id >= 1; id--, named++) kaudit_touch(&r, RUNS[i].kind, id);
    }
    ck_assert_int_eq(db_begin(k->db), KS_OK);
    kaudit_head head;
    ck_assert_int_eq(db_audit_append(k->db, &r, NULL, &head), KS_OK);
    ck_assert_int_eq(db_commit(k->db), KS_OK);
    sqlite3_stmt *st = NULL;
    ck_assert_int_eq(sqlite3_prepare_v2(k->db->h, "SELECT kind, id, digest FROM audit_entity WHERE seq = ?", -1, &st,
                                        NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, head.seq);
    int64_t seen = 0, absent = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(st, 0);
        int64_t id = sqlite3_column_int64(st, 1);
        const char *got = (const char *)sqlite3_column_text(st, 2);
        audit_kind ak = !strcmp(kind, "application") ? AK_APPLICATION : !strcmp(kind, "service") ? AK_SERVICE
                                                                                                : AK_HISTORY;
        char want[DIGEST_HEX_SIZE];
        ck_assert_int_eq(db_audit_digest(k->db, ak, id, want), KS_OK);
        ck_assert_msg(!strcmp(got, want), "%s %lld: %s, alone %s", kind, (long long)id, got, want);
        absent += !*want;
        seen++;
    }
    sqlite3_finalize(st);
    ck_assert_int_eq(seen, named);
    ck_assert_int_eq(absent, 9);
    kaudit_verify v;
    ck_assert_int_eq(db_audit_verify(k->db, &v), KS_OK);
    ck_assert_msg(v.ok, "%s", v.what);
}
END_TEST

static Suite *audit_suite(void)
{
    Suite *s = suite_create("audit");
    TCase *tc = tcase_create("steps");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_application_step_writes_one_record);
    tcase_add_test(tc, a_bulk_step_digests_each_row_as_alone);
    tcase_add_test(tc, every_service_step_writes_one_record);
    tcase_add_test(tc, every_admin_step_writes_one_record);
    tcase_add_test(tc, the_actor_role_is_the_one_at_that_moment);
    tcase_add_test(tc, import_record_names_file_rows_and_digest);
    tcase_add_test(tc, a_step_without_a_record_is_not_committed);
    suite_add_tcase(s, tc);
    tc = tcase_create("chain");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, records_cannot_be_changed_or_deleted);
    tcase_add_test(tc, verify_names_an_edited_row);
    tcase_add_test(tc, verify_names_an_edited_record);
    tcase_add_test(tc, verify_names_a_deleted_record);
    tcase_add_test(tc, verify_names_an_inserted_record);
    tcase_add_test(tc, two_writers_never_fork_the_chain);
    tcase_add_test(tc, an_existing_database_gets_the_trail);
    tcase_add_test(tc, an_index_only_migration_records_nothing_and_hides_nothing);
    tcase_add_test(tc, a_verify_says_how_far_it_has_got);
    tcase_add_test(tc, the_trail_pages_by_keyset_under_every_filter);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_designated_manager_cannot_become_auditor_004_1_8_2);
    tcase_add_test(tc, disabling_a_manager_needs_a_successor);
    tcase_add_test(tc, disabling_a_manager_hands_every_service_over_in_one_record);
    tcase_add_test(tc, a_bulk_part_merges_with_the_rows_named_one_by_one);
    tcase_add_test(tc, a_hand_over_that_cannot_be_recorded_leaves_nothing);
    tcase_add_test(tc, who_may_read_and_verify_the_trail);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_audit: the C.UTF-8 locale is not available\n");
        return 1;
    }
    if (!find_templates()) {
        fprintf(stderr, "test_audit: templates/index.csv not found (run from the repository root)\n");
        return 1;
    }
    setenv("KUMO_TEMPLATE_DIR", TEMPLATES, 1);
    setenv("KUMO_TODAY", "2026-11-23", 1);
    unsetenv("KUMO_NOW");
    const char *t = getenv("TMPDIR");
    char demo_dir[PATH_MAX];
    snprintf(demo_dir, sizeof demo_dir, "%s/kumo-audit-demo-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(demo_dir)) {
        perror("test_audit: mkdtemp");
        return 1;
    }
    snprintf(DEMO, sizeof DEMO, "%s/demo.db", demo_dir);
    char err[1024];
    if (kumo_demo(DEMO, NULL, err, sizeof err) != KS_OK) {
        fprintf(stderr, "test_audit: kumo demo failed: %s\n", err);
        return 1;
    }
    SRunner *sr = srunner_create(audit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    remove_db(DEMO);
    rmdir(demo_dir);
    return failed ? 1 : 0;
}
