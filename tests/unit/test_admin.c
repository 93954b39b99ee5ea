/* システム管理者's work (app/admin.c) on a temporary database: who may, and the rules of each field. */
#include <check.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/admin.h"
#include "app/query.h"
#include "app/setup.h"
#include "app/internal.h"   /* the session's fields: the tests set up users directly */
#include "db/db_audit.h"

static char dir[PATH_MAX];
static char path[PATH_MAX + 32];
static kumo *k;

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "「%s」 does not contain 「%s」", (hay), (needle))

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

/* A real database (kumo_init) whose admin is kato, marked as a test database so the test may act as each user. */
static void setup(void)
{
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kumo-admin-XXXXXX", t && *t ? t : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/kumo.db", dir);
    ck_assert_int_eq(kumo_init(path, "テスト市", "kato", "加藤 誠"), KS_OK);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
    ck_assert_int_eq(db_begin(k->db), KS_OK);
    mark_demo(k->db);
    ck_assert_int_eq(db_commit(k->db), KS_OK);
    kumo_close(&k);
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
}

static void teardown(void)
{
    kumo_close(&k);
    char p[PATH_MAX + 64];
    const char *side[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(p, sizeof p, "%s%s", path, side[i]);
        unlink(p);
    }
    rmdir(dir);
}

START_TEST(admin_adds_dept_and_user)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_CONSTRAINT);
    ck_assert_contains(kumo_last_error(k), "部局「総務部」は既に登録されています");
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", ROLE_DEPT_HEAD, "総務部", "総務課"), KS_OK);
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_str_eq(u.name, "山田 太郎");
    ck_assert_int_eq(u.role, ROLE_DEPT_HEAD);
    ck_assert_str_eq(u.dept_name, "総務部");
    ck_assert_str_eq(u.section, "総務課");
    ck_assert(u.active);
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 次郎", ROLE_STAFF, "総務部", ""), KS_CONSTRAINT);
    ck_assert_contains(kumo_last_error(k), "ログイン名「yamada」");
}
END_TEST

START_TEST(field_rules_name_the_field)
{
    ck_assert_int_eq(admin_add_dept(k, ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「部局名」");
    ck_assert_int_eq(admin_add_dept(k, "総務\t部"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "制御文字");
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "山田", "山田 太郎", ROLE_STAFF, "総務部", ""), KS_INVALID);   /* not an OS login */
    ck_assert_contains(kumo_last_error(k), "「ログイン名」");
    ck_assert_int_eq(admin_add_user(k, "a b", "山田 太郎", ROLE_STAFF, "総務部", ""), KS_INVALID);
    ck_assert_int_eq(admin_add_user(k, "yamada", "", ROLE_STAFF, "総務部", ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「氏名」");
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", role_from_code("boss"), "総務部", ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「役割」");
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", ROLE_STAFF, "", ""), KS_INVALID);   /* 職員等 needs a 部局 */
    ck_assert_contains(kumo_last_error(k), "「部局」");
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", ROLE_STAFF, "企画部", ""), KS_INVALID);   /* unknown 部局 */
    ck_assert_contains(kumo_last_error(k), "部局「企画部」がありません");
    ck_assert_int_eq(admin_add_user(k, "kansa", "監査 花子", ROLE_AUDITOR, "", ""), KS_OK);   /* no 部局 needed */
}
END_TEST

/* The 利用状況確認 interval is a governance setting (issue 9): the 統括 or the CISO sets it, never the システム管理者;
   at most 12 months (at least once a year: 規定003 §4(8), ポリシー004 §8-3(7)⑤); a longer one stored by an earlier kumo
   counts as 12. */
START_TEST(review_interval_by_approver_or_ciso_at_most_12_months_003_4_8)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "takahashi", "高橋 健", ROLE_APPROVER, "総務部", ""), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "nakamura", "中村 修", ROLE_CISO, "総務部", ""), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "sato", "佐藤 一郎", ROLE_DEPT_HEAD, "総務部", ""), KS_OK);
    ck_assert_int_eq(admin_set_review_interval(k, 6), KS_DENIED);   /* kato, the システム管理者 */
    ck_assert_contains(kumo_last_error(k), "統括情報セキュリティ責任者又はCISO");
    ck_assert_int_eq(kumo_login(k, "sato"), KS_OK);
    ck_assert_int_eq(admin_set_review_interval(k, 6), KS_DENIED);
    ck_assert_int_eq(kumo_login(k, "takahashi"), KS_OK);
    ck_assert_int_eq(admin_set_review_interval(k, 0), KS_INVALID);
    ck_assert_int_eq(admin_set_review_interval(k, 13), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "1〜12か月");
    ck_assert_contains(kumo_last_error(k), "規定003 §4(8)");
    ck_assert_int_eq(admin_set_review_interval(k, 12), KS_OK);
    ck_assert_int_eq(admin_set_review_interval(k, 6), KS_OK);
    ck_assert_int_eq(kumo_review_interval(k), 6);
    ck_assert_int_eq(kumo_login(k, "nakamura"), KS_OK);
    int m = 0;
    ck_assert_int_eq(admin_set_review_interval_text(k, "９", &m), KS_OK);   /* typed full-width */
    ck_assert_int_eq(m, 9);
    ck_assert_int_eq(kumo_review_interval(k), 9);
    ck_assert_int_eq(db_setting_set(k->db, "review_interval_months", "24"), KS_OK);   /* an earlier kumo's */
    ck_assert_int_eq(kumo_review_interval(k), 12);
}
END_TEST

START_TEST(only_admin_and_never_self_deactivate)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "takahashi", "高橋 健", ROLE_APPROVER, "総務部", ""), KS_OK);
    ck_assert_int_eq(admin_set_active(k, k->me.id, false), KS_INVALID);   /* the last admin cannot lock themselves out */
    ck_assert_int_eq(kumo_login(k, "takahashi"), KS_OK);
    ck_assert_int_eq(admin_add_dept(k, "企画部"), KS_DENIED);                 /* 統括 approves, does not administer */
    ck_assert_contains(kumo_last_error(k), "システム管理者");
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, "takahashi", &u), KS_OK);
    ck_assert_int_eq(admin_set_active(k, u.id, false), KS_OK);
    ck_assert_int_eq(kumo_login(k, "takahashi"), KS_DENIED);                /* an inactive user cannot log in */
}
END_TEST

/* 人事異動: role, 部局 and 課 change; the rules are those of adding; the admin keeps their own role. */
START_TEST(update_user_moves_department)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_dept(k, "企画部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", ROLE_STAFF, "総務部", "総務課"), KS_OK);
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_int_eq(admin_update_user(k, u.id, "山田 太郎", ROLE_DEPT_HEAD, "企画部", "情報政策課"), KS_OK);
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_int_eq(u.role, ROLE_DEPT_HEAD);
    ck_assert_str_eq(u.dept_name, "企画部");
    ck_assert_str_eq(u.section, "情報政策課");
    ck_assert_int_eq(admin_update_user(k, u.id, "山田 太郎", ROLE_STAFF, "", ""), KS_INVALID);   /* 職員等 needs a 部局 */
    ck_assert_contains(kumo_last_error(k), "「部局」");
    ck_assert_int_eq(admin_update_user(k, k->me.id, "加藤 誠", ROLE_APPROVER, "総務部", ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "自分自身");
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_int_eq(u.role, ROLE_DEPT_HEAD);   /* a refused change wrote nothing */
}
END_TEST

/* Two administrators editing one user never overwrite each other unseen (SPEC: two editors of one record): the form's
   copy no longer matching what is stored refuses the change, naming what changed, and writes nothing. */
START_TEST(update_user_refused_when_changed_meanwhile)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_dept(k, "企画部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", ROLE_STAFF, "総務部", "総務課"), KS_OK);
    kuser form;
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &form), KS_OK);
    /* another administrator moves them first */
    ck_assert_int_eq(admin_update_user(k, form.id, "山田 太郎", ROLE_STAFF, "企画部", "企画課"), KS_OK);
    ck_assert_int_eq(admin_update_user_as_read(k, form.id, &form, "山田 太郎", ROLE_DEPT_HEAD, "総務部", "総務課"),
                     KS_CONFLICT);
    ck_assert_contains(kumo_last_error(k), "他の管理者が先にこの利用者を変更しました（部局 総務部 → 企画部、課 総務課 → 企画課）");
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_str_eq(u.dept_name, "企画部");
    ck_assert_int_eq(u.role, ROLE_STAFF);
    /* read again, the same change goes through */
    ck_assert_int_eq(admin_update_user_as_read(k, u.id, &u, "山田 太郎", ROLE_DEPT_HEAD, "総務部", "総務課"), KS_OK);
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_int_eq(u.role, ROLE_DEPT_HEAD);
}
END_TEST

/* 部局 are renamed (the records follow, by id), retired only when nobody is left in them, then offered for nothing new,
   and brought back. */
START_TEST(depts_renamed_and_retired)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_dept(k, "企画部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", ROLE_STAFF, "総務部", ""), KS_OK);
    ck_assert_int_eq(admin_rename_dept(k, "総務部", "総務局"), KS_OK);
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_str_eq(u.dept_name, "総務局");
    ck_assert_int_eq(admin_rename_dept(k, "総務局", "企画部"), KS_CONSTRAINT);
    ck_assert_contains(kumo_last_error(k), "部局「企画部」は既に登録されています");
    ck_assert_int_eq(admin_rename_dept(k, "人事部", "人事課"), KS_NOTFOUND);
    ck_assert_contains(kumo_last_error(k), "部局「人事部」がありません");
    /* somebody is in it: moved first */
    ck_assert_int_eq(admin_set_dept_active(k, "総務局", false), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "総務局には有効な利用者が 1人います（山田 太郎）");
    ck_assert_int_eq(admin_set_dept_active(k, "企画部", false), KS_OK);
    kdept *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(q_depts(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 1);   /* only the active one is offered */
    ck_assert_str_eq(v[0].name, "総務局");
    kdept_free(&v);
    ck_assert_int_eq(admin_depts(k, &v, &n), KS_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert(v[0].active && !v[1].active);
    ck_assert_int_eq(v[0].users, 1);
    kdept_free(&v);
    ck_assert_int_eq(admin_add_user(k, "sato", "佐藤 一郎", ROLE_STAFF, "企画部", ""), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "部局「企画部」は廃止されています");
    ck_assert_int_eq(admin_set_dept_active(k, "企画部", true), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "sato", "佐藤 一郎", ROLE_STAFF, "企画部", ""), KS_OK);
}
END_TEST

/* An imported manager is connected to the person's login: the same user, so the services they were designated for
   stay theirs; a login in use is refused with the way to hand the services over instead. */
START_TEST(imported_user_connected_to_a_login)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "imported-001", "山田 太郎", ROLE_STAFF, "総務部", ""), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "sato", "佐藤 一郎", ROLE_STAFF, "総務部", ""), KS_OK);
    kuser im;
    ck_assert_int_eq(db_user_by_login(k->db, "imported-001", &im), KS_OK);
    ck_assert_int_eq(admin_set_login(k, im.id, "sato"), KS_EXISTS);
    ck_assert_contains(kumo_last_error(k), "kumo user disable imported-001 --successor sato");
    ck_assert_int_eq(admin_set_login(k, im.id, "山田"), KS_INVALID);
    ck_assert_int_eq(admin_set_login(k, im.id, "yamada"), KS_OK);
    kuser u;
    ck_assert_int_eq(db_user_by_login(k->db, "yamada", &u), KS_OK);
    ck_assert_int_eq(u.id, im.id);
    ck_assert_str_eq(u.name, "山田 太郎");
    ck_assert_int_eq(db_user_by_login(k->db, "imported-001", &u), KS_NOTFOUND);
}
END_TEST

/* 004 §1(3)①: a second 情報セキュリティ責任者 of a 部局 is warned about, not refused; another 部局, the same person, or
   the former one no longer active raise nothing. Disabling says what is left behind. */
START_TEST(second_dept_head_warned_and_disable_previewed)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_dept(k, "企画部"), KS_OK);
    char w[640];
    ck_assert_int_eq(admin_role_warning(k, 0, ROLE_DEPT_HEAD, "総務部", w, sizeof w), KS_OK);
    ck_assert_str_eq(w, "");
    ck_assert_int_eq(admin_add_user(k, "sato", "佐藤 一郎", ROLE_DEPT_HEAD, "総務部", ""), KS_OK);
    ck_assert_int_eq(admin_role_warning(k, 0, ROLE_DEPT_HEAD, "総務部", w, sizeof w), KS_OK);
    ck_assert_contains(w, "総務部には既に情報セキュリティ責任者 佐藤 一郎（sato）がいます");
    ck_assert_contains(w, "ポリシー004 §1(3)①");
    ck_assert_int_eq(admin_role_warning(k, 0, ROLE_STAFF, "総務部", w, sizeof w), KS_OK);
    ck_assert_str_eq(w, "");
    ck_assert_int_eq(admin_role_warning(k, 0, ROLE_DEPT_HEAD, "企画部", w, sizeof w), KS_OK);
    ck_assert_str_eq(w, "");
    kuser sato;
    ck_assert_int_eq(db_user_by_login(k->db, "sato", &sato), KS_OK);
    ck_assert_int_eq(admin_role_warning(k, sato.id, ROLE_DEPT_HEAD, "総務部", w, sizeof w), KS_OK);
    ck_assert_str_eq(w, "");   /* the person themselves */
    /* a warning, not a refusal */
    ck_assert_int_eq(admin_add_user(k, "suzuki", "鈴木 花子", ROLE_DEPT_HEAD, "総務部", ""), KS_OK);
    /* the last 情報セキュリティ責任者 of 企画部 leaving is said before asking */
    ck_assert_int_eq(admin_add_user(k, "mori", "森 花子", ROLE_DEPT_HEAD, "企画部", ""), KS_OK);
    kuser mori;
    ck_assert_int_eq(db_user_by_login(k->db, "mori", &mori), KS_OK);
    size_t managed = 9;
    ck_assert_int_eq(admin_disable_preview(k, mori.id, 5, w, sizeof w, &managed), KS_OK);
    ck_assert_uint_eq(managed, 0);
    ck_assert_contains(w, "企画部の情報セキュリティ責任者が他にいなくなります");
    ck_assert_int_eq(admin_disable_preview(k, sato.id, 5, w, sizeof w, &managed), KS_OK);
    ck_assert_str_eq(w, "");   /* 鈴木 is still there */
}
END_TEST

/* The users of a picker come a page at a time in 氏名 order, found by the start of a 氏名, a ログイン名 (any width or
   case) or a 部局名, never the whole table. */
START_TEST(user_pages_search_and_keys)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_dept(k, "健康福祉部"), KS_OK);
    const char *people[][3] = {{"tanaka", "田中 美咲", "健康福祉部"}, {"tanabe", "田辺 一郎", "総務部"},
                               {"sato", "佐藤 一郎", "総務部"}, {"ito", "伊藤 大輔", "健康福祉部"}};
    for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(admin_add_user(k, people[i][0], people[i][1], ROLE_STAFF, people[i][2], ""), KS_OK);
    kuser v[8];
    int n = 0;
    kuser_query q = {.search = "田"};
    ck_assert_int_eq(q_user_page(k, &q, NULL, NULL, 8, v, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(v[0].login, "tanaka");   /* 田中 < 田辺 */
    ck_assert_str_eq(v[1].login, "tanabe");
    q.search = "ＴＡＮ";                        /* a login in full-width capitals */
    ck_assert_int_eq(q_user_page(k, &q, NULL, NULL, 8, v, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    q.search = " 健康";                         /* a 部局名 */
    ck_assert_int_eq(q_user_page(k, &q, NULL, NULL, 8, v, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(v[0].login, "ito");
    int64_t c = 0;
    ck_assert_int_eq(q_user_count(k, &q, &c), KS_OK);
    ck_assert_int_eq(c, 2);
    /* pages by keyset: two at a time, forward then back */
    kuser_query all = {0};
    ck_assert_int_eq(q_user_page(k, &all, NULL, NULL, 2, v, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    kuser_key key = {.id = v[1].id};
    snprintf(key.name, sizeof key.name, "%s", v[1].name);
    kuser next[2];
    ck_assert_int_eq(q_user_page(k, &all, &key, NULL, 2, next, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_ne(next[0].id, v[1].id);
    kuser_key back = {.id = next[0].id};
    snprintf(back.name, sizeof back.name, "%s", next[0].name);
    kuser prev[2];
    ck_assert_int_eq(q_user_page(k, &all, NULL, &back, 2, prev, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(prev[0].id, v[0].id);
    ck_assert_int_eq(prev[1].id, v[1].id);
    /* roles: those who may be designated exclude the システム管理者 (the database's own kato) */
    krole manage[] = {ROLE_STAFF, ROLE_DEPT_HEAD, ROLE_APPROVER, ROLE_CISO, ROLE_NONE};
    kuser_query mq = {.roles = manage};
    ck_assert_int_eq(q_user_count(k, &mq, &c), KS_OK);
    ck_assert_int_eq(c, 4);
    ck_assert_int_eq(q_user_count(k, &all, &c), KS_OK);
    ck_assert_int_eq(c, 5);
    /* the successor's picker leaves out the one leaving: neither listed nor counted (健康福祉部: 伊藤 alone) */
    kuser_query heirs = {.search = "健康"};
    ck_assert_int_eq(q_user_page(k, &q, NULL, NULL, 8, v, &n), KS_OK);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(v[1].login, "tanaka");
    heirs.exclude = v[1].id;
    ck_assert_int_eq(q_user_count(k, &heirs, &c), KS_OK);
    ck_assert_int_eq(c, 1);
    ck_assert_int_eq(q_user_page(k, &heirs, NULL, NULL, 8, v, &n), KS_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(v[0].login, "ito");
    /* a 職員等 may not list users */
    ck_assert_int_eq(kumo_login(k, "ito"), KS_OK);
    ck_assert_int_eq(q_user_page(k, &all, NULL, NULL, 2, v, &n), KS_DENIED);
}
END_TEST

/* A new real database guides its administrator until 部局 and the deciding roles exist; a demo never. */
START_TEST(setup_guide_until_depts_and_deciders)
{
    ksetup_state st;
    ck_assert_int_eq(setup_state(k, &st), KS_OK);
    ck_assert(!st.shown);   /* this test database is marked demo */
    k->demo = false;        /* as a real database made by kumo init */
    ck_assert_int_eq(setup_state(k, &st), KS_OK);
    ck_assert(st.shown && !setup_depts_done(&st) && !setup_users_done(&st) && !st.interval_set);
    ck_assert_int_eq(st.roles[ROLE_ADMIN], 1);
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "takahashi", "高橋 健", ROLE_APPROVER, "総務部", ""), KS_OK);
    ck_assert_int_eq(setup_state(k, &st), KS_OK);
    ck_assert(st.shown && setup_depts_done(&st) && !setup_users_done(&st));   /* nobody decides 機密性1 yet */
    ck_assert_int_eq(admin_add_user(k, "sato", "佐藤 一郎", ROLE_DEPT_HEAD, "総務部", ""), KS_OK);
    ck_assert_int_eq(setup_state(k, &st), KS_OK);
    ck_assert(!st.shown && setup_users_done(&st));
    ck_assert_int_eq(db_user_by_login(k->db, "takahashi", &k->me), KS_OK);   /* the interval is the 統括's (issue 9) */
    ck_assert_int_eq(admin_set_review_interval(k, 12), KS_OK);   /* confirmed as it was */
    ck_assert_int_eq(setup_state(k, &st), KS_OK);
    ck_assert(st.interval_set);
    ck_assert_int_eq(st.interval, 12);
    /* for the administrator only */
    ck_assert_int_eq(db_user_by_login(k->db, "sato", &k->me), KS_OK);
    k->demo = true;
    ck_assert_int_eq(admin_set_dept_active(k, "総務部", true), KS_DENIED);
}
END_TEST

/* The list of users is one domain read with one rule for both front ends (kumo user list and the 利用者管理 screen):
   those who administer or see everything. */
START_TEST(user_list_for_admin_and_those_who_see_all)
{
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "takahashi", "高橋 健", ROLE_APPROVER, NULL, NULL), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "nakamura", "中村 聡", ROLE_CISO, NULL, NULL), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "kobayashi", "小林 恵", ROLE_AUDITOR, NULL, NULL), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "sato", "佐藤 一郎", ROLE_DEPT_HEAD, "総務部", NULL), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "ito", "伊藤 大輔", ROLE_STAFF, "総務部", NULL), KS_OK);
    const struct { const char *login; kstatus want; } C[] = {
        {"kato", KS_OK}, {"takahashi", KS_OK}, {"nakamura", KS_OK}, {"kobayashi", KS_OK},
        {"sato", KS_DENIED}, {"ito", KS_DENIED},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        ck_assert_int_eq(kumo_login(k, C[i].login), KS_OK);
        kuser *v = NULL;
        size_t n = 0;
        ck_assert_msg(q_users_all(k, &v, &n) == C[i].want, "%s", C[i].login);
        if (C[i].want == KS_OK) ck_assert_uint_eq(n, 6);
        else ck_assert_contains(kumo_last_error(k), "利用者の一覧");
        free(v);
    }
}
END_TEST

/* issue 11: today, 年度, due dates and history times follow the organisation's zone, a setting of the システム管理者
   kept in the database; a name the zone database does not know is refused with the field's name. */
START_TEST(timezone_setting)
{
    ck_assert_str_eq(kumo_timezone(k), "Asia/Tokyo");
    char v[64];
    ck_assert_int_eq(db_setting_get(k->db, "timezone", v, sizeof v), KS_OK);   /* kumo init writes the default */
    ck_assert_str_eq(v, "Asia/Tokyo");
    ck_assert_int_eq(admin_set_timezone(k, "Asia/Nowhere"), KS_INVALID);
    ck_assert_contains(kumo_last_error(k), "「タイムゾーン」");
    ck_assert_int_eq(admin_set_timezone(k, "../../etc/passwd"), KS_INVALID);
    ck_assert_str_eq(kumo_timezone(k), "Asia/Tokyo");
    ck_assert_int_eq(admin_add_dept(k, "総務部"), KS_OK);
    ck_assert_int_eq(admin_add_user(k, "yamada", "山田 太郎", ROLE_DEPT_HEAD, "総務部", ""), KS_OK);
    ck_assert_int_eq(kumo_login(k, "yamada"), KS_OK);
    ck_assert_int_eq(admin_set_timezone(k, "America/Los_Angeles"), KS_DENIED);   /* the システム管理者 only */
    ck_assert_int_eq(kumo_login(k, "kato"), KS_OK);

    /* 2026-11-22 15:30 UTC: the 23rd in Tokyo, the 22nd in Los Angeles, whatever the process's TZ */
    unsetenv("KUMO_TODAY");
    setenv("KUMO_NOW", "2026-11-22T15:30:00Z", 1);
    setenv("TZ", "Etc/GMT+12", 1);
    kdate d = date_today();
    ck_assert(d.y == 2026 && d.m == 11 && d.d == 23);
    ck_assert_int_eq(admin_set_timezone(k, "America/Los_Angeles"), KS_OK);
    d = date_today();
    ck_assert(d.y == 2026 && d.m == 11 && d.d == 22);
    /* the setting is the database's: a new session reads it */
    kumo_close(&k);
    clock_set_zone("Asia/Tokyo");
    ck_assert_int_eq(kumo_open(path, DB_OPEN_EXISTING, &k), KS_OK);
    ck_assert_str_eq(kumo_timezone(k), "America/Los_Angeles");
    d = date_today();
    ck_assert(d.y == 2026 && d.m == 11 && d.d == 22);
}
END_TEST

static Suite *admin_suite(void)
{
    Suite *s = suite_create("admin");
    TCase *tc = tcase_create("db");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, admin_adds_dept_and_user);
    tcase_add_test(tc, field_rules_name_the_field);
    tcase_add_test(tc, only_admin_and_never_self_deactivate);
    tcase_add_test(tc, review_interval_by_approver_or_ciso_at_most_12_months_003_4_8);
    tcase_add_test(tc, update_user_moves_department);
    tcase_add_test(tc, user_list_for_admin_and_those_who_see_all);
    tcase_add_test(tc, timezone_setting);
    tcase_add_test(tc, update_user_refused_when_changed_meanwhile);
    tcase_add_test(tc, depts_renamed_and_retired);
    tcase_add_test(tc, imported_user_connected_to_a_login);
    tcase_add_test(tc, second_dept_head_warned_and_disable_previewed);
    tcase_add_test(tc, user_pages_search_and_keys);
    tcase_add_test(tc, setup_guide_until_depts_and_deciders);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(admin_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
