/* Unit tests for app/policy: who may do what, as one table — every action × every role × the states that matter.
   Sources: ポリシー004 §1(8) 兼務の禁止, §8-3(5) 利用承認 (機密性2以上 → 統括情報セキュリティ責任者), §8-4(2)
   (機密性1 → the 情報セキュリティ責任者 of the applicant's 部局), 規定003 §4(4); 監査 and システム管理者 change nothing.
   Every expectation was written by hand from those clauses, not computed from the code under test. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"

/* The cast. Two 部局: 10 (総務部) and 20 (市民生活部); the 統括 and CISO sit in 30 (企画部). */
enum { SA, SA2, SB, HA, HB, AP, CI, AU, AD, NUSERS };
static const kuser USERS[NUSERS] = {
    [SA] = {.id = 1, .login = "suzuki", .name = "鈴木 花子", .dept_id = 10, .role = ROLE_STAFF, .active = true},
    [SA2] = {.id = 2, .login = "kimura", .name = "木村 誠", .dept_id = 10, .role = ROLE_STAFF, .active = true},
    [SB] = {.id = 3, .login = "yamamoto", .name = "山本 翔", .dept_id = 20, .role = ROLE_STAFF, .active = true},
    [HA] = {.id = 4, .login = "sato", .name = "佐藤 一郎", .dept_id = 10, .role = ROLE_DEPT_HEAD, .active = true},
    [HB] = {.id = 5, .login = "watanabe", .name = "渡辺 直子", .dept_id = 20, .role = ROLE_DEPT_HEAD, .active = true},
    [AP] = {.id = 6, .login = "takahashi", .name = "高橋 健", .dept_id = 30, .role = ROLE_APPROVER, .active = true},
    [CI] = {.id = 7, .login = "nakamura", .name = "中村 修", .dept_id = 30, .role = ROLE_CISO, .active = true},
    [AU] = {.id = 8, .login = "kobayashi", .name = "小林 恵", .dept_id = 0, .role = ROLE_AUDITOR, .active = true},
    [AD] = {.id = 9, .login = "kato", .name = "加藤 誠", .dept_id = 30, .role = ROLE_ADMIN, .active = true},
};
/* Columns of the expectation strings below, in this order. */
#define COLS "SA SA2 SB HA HB AP CI AU AD"

/* Applications in the states that matter. */
typedef struct fixture {
    const char *name;
    int applicant;           /* index into USERS */
    int64_t dept;
    const char *track, *state, *app_no;
    int manager;             /* index into USERS, -1 = none */
} fixture;

enum {
    F_NONE = -1,             /* no application (ACT_CREATE, ACT_CHANGE) */
    S84_DRAFT, S84_SUB, S84_RET, S84_APPR, S84_REJ, S84_WDRAFT, S83_DRAFT, S84_SUB_B,
    H83_DRAFT, H83_SUB, H83_RET, H83_APPR, H83_REJ, H84_DRAFT, H84_SUB, AP83_SUB, CI83_SUB, NFIX
};
static const fixture FIX[NFIX] = {
    [S84_DRAFT] = {"staff §8-4 draft", SA, 10, "8-4", "draft", "", -1},
    [S84_SUB] = {"staff §8-4 submitted", SA, 10, "8-4", "submitted", "R8-0001", -1},
    [S84_RET] = {"staff §8-4 returned", SA, 10, "8-4", "returned", "R8-0001", -1},
    [S84_APPR] = {"staff §8-4 approved, managed by SB", SA, 10, "8-4", "approved", "R8-0001", SB},
    [S84_REJ] = {"staff §8-4 rejected", SA, 10, "8-4", "rejected", "R8-0001", -1},
    [S84_WDRAFT] = {"staff §8-4 withdrawn (draft with a number)", SA, 10, "8-4", "draft", "R8-0002", -1},
    [S83_DRAFT] = {"staff draft on §8-3", SA, 10, "8-3", "draft", "", -1},
    [S84_SUB_B] = {"staff of 部局20 §8-4 submitted", SB, 20, "8-4", "submitted", "R8-0003", -1},
    [H83_DRAFT] = {"部局長 §8-3 draft", HA, 10, "8-3", "draft", "", -1},
    [H83_SUB] = {"部局長 §8-3 submitted", HA, 10, "8-3", "submitted", "R8-0004", -1},
    [H83_RET] = {"部局長 §8-3 returned", HA, 10, "8-3", "returned", "R8-0004", -1},
    [H83_APPR] = {"部局長 §8-3 approved", HA, 10, "8-3", "approved", "R8-0004", HA},
    [H83_REJ] = {"部局長 §8-3 rejected", HA, 10, "8-3", "rejected", "R8-0004", -1},
    [H84_DRAFT] = {"部局長 §8-4 draft", HA, 10, "8-4", "draft", "", -1},
    [H84_SUB] = {"部局長 §8-4 submitted", HA, 10, "8-4", "submitted", "R8-0005", -1},
    [AP83_SUB] = {"統括 as applicant, §8-3 submitted", AP, 30, "8-3", "submitted", "R8-0006", -1},
    [CI83_SUB] = {"CISO as applicant, §8-3 submitted", CI, 30, "8-3", "submitted", "R8-0007", -1},
};

static kapp make_app(int f)
{
    const fixture *x = &FIX[f];
    kapp a = {0};
    a.id = 100 + f;
    a.applicant_id = USERS[x->applicant].id;
    a.dept_id = x->dept;
    a.track = (char *)x->track;
    a.state = (char *)x->state;
    a.app_no = (char *)x->app_no;
    a.manager_id = x->manager >= 0 ? USERS[x->manager].id : 0;
    return a;
}

/* One row: an action on a fixture, and for each user of COLS whether it is allowed (Y) or refused (-). */
typedef struct row {
    kaction act;
    int fix;
    const char *expect;   /* 9 characters in COLS order */
} row;

static const row TABLE[] = {
    /*                                 SA SA2 SB HA HB AP CI AU AD */
    /* 閲覧: own, own 部局 for the 部局長, the designated manager; 統括・CISO・監査・管理者 see all */
    {ACT_VIEW, F_NONE, "YYYYYYYYY"},
    {ACT_VIEW, S84_DRAFT, "Y--Y-YYYY"},
    {ACT_VIEW, S84_SUB, "Y--Y-YYYY"},
    {ACT_VIEW, S84_RET, "Y--Y-YYYY"},
    {ACT_VIEW, S84_APPR, "Y-YY-YYYY"},   /* SB is the クラウドサービス管理者 */
    {ACT_VIEW, S84_REJ, "Y--Y-YYYY"},
    {ACT_VIEW, S84_SUB_B, "--Y-YYYYY"},
    {ACT_VIEW, H83_SUB, "---Y-YYYY"},
    {ACT_VIEW, H83_APPR, "---Y-YYYY"},
    {ACT_VIEW, AP83_SUB, "-----YYYY"},

    /* 作成・変更申請: 職員等 and 情報セキュリティ責任者 only (003 §4(4)①, 004 §8-4(2)①) */
    {ACT_CREATE, F_NONE, "YYYYY----"},
    {ACT_CHANGE, F_NONE, "YYYYY----"},

    /* 編集: own, in 下書き or 差戻し */
    {ACT_EDIT, S84_DRAFT, "Y--------"},
    {ACT_EDIT, S84_SUB, "---------"},
    {ACT_EDIT, S84_RET, "Y--------"},
    {ACT_EDIT, S84_APPR, "---------"},
    {ACT_EDIT, S84_REJ, "---------"},
    {ACT_EDIT, S84_WDRAFT, "Y--------"},
    {ACT_EDIT, S83_DRAFT, "Y--------"},   /* so the 職員等 can correct the 機密性 */
    {ACT_EDIT, H83_DRAFT, "---Y-----"},
    {ACT_EDIT, H83_SUB, "---------"},
    {ACT_EDIT, H83_RET, "---Y-----"},
    {ACT_EDIT, H83_APPR, "---------"},
    {ACT_EDIT, H83_REJ, "---------"},
    {ACT_EDIT, AP83_SUB, "---------"},

    /* 削除: own draft that never had a number */
    {ACT_DELETE, S84_DRAFT, "Y--------"},
    {ACT_DELETE, S84_WDRAFT, "---------"},
    {ACT_DELETE, S84_RET, "---------"},
    {ACT_DELETE, S84_SUB, "---------"},
    {ACT_DELETE, H83_DRAFT, "---Y-----"},

    /* 提出: own, 下書き or 差戻し, a track the role may file (職員等: §8-4 only, 004 §8-4(2)①) */
    {ACT_SUBMIT, S84_DRAFT, "Y--------"},
    {ACT_SUBMIT, S84_RET, "Y--------"},
    {ACT_SUBMIT, S84_WDRAFT, "Y--------"},
    {ACT_SUBMIT, S84_SUB, "---------"},
    {ACT_SUBMIT, S84_APPR, "---------"},
    {ACT_SUBMIT, S84_REJ, "---------"},
    {ACT_SUBMIT, S83_DRAFT, "---------"},
    {ACT_SUBMIT, H83_DRAFT, "---Y-----"},
    {ACT_SUBMIT, H83_RET, "---Y-----"},
    {ACT_SUBMIT, H84_DRAFT, "---Y-----"},
    {ACT_SUBMIT, H83_SUB, "---------"},

    /* 引戻し: own and still 申請中 */
    {ACT_WITHDRAW, S84_DRAFT, "---------"},
    {ACT_WITHDRAW, S84_SUB, "Y--------"},
    {ACT_WITHDRAW, S84_RET, "---------"},
    {ACT_WITHDRAW, S84_APPR, "---------"},
    {ACT_WITHDRAW, S84_REJ, "---------"},
    {ACT_WITHDRAW, S84_SUB_B, "--Y------"},
    {ACT_WITHDRAW, H83_SUB, "---Y-----"},
    {ACT_WITHDRAW, H84_SUB, "---Y-----"},
    {ACT_WITHDRAW, AP83_SUB, "-----Y---"},

    /* 審査 (差戻し・承認・条件付承認・却下): only 申請中 */
    {ACT_DECIDE, S84_DRAFT, "---------"},
    {ACT_DECIDE, S84_RET, "---------"},
    {ACT_DECIDE, S84_APPR, "---------"},
    {ACT_DECIDE, S84_REJ, "---------"},
    {ACT_DECIDE, H83_DRAFT, "---------"},
    {ACT_DECIDE, H83_RET, "---------"},
    {ACT_DECIDE, H83_APPR, "---------"},
    /* §8-4(2)②: the 情報セキュリティ責任者 of the applicant's own 部局, and nobody else */
    {ACT_DECIDE, S84_SUB, "---Y-----"},
    {ACT_DECIDE, S84_SUB_B, "----Y----"},
    /* §8-3: the 統括情報セキュリティ責任者 / CISO */
    {ACT_DECIDE, H83_SUB, "-----YY--"},
    /* §8-4 filed by the 部局長 himself goes up to the 統括 / CISO (兼務の禁止, 004 §1(8)) */
    {ACT_DECIDE, H84_SUB, "-----YY--"},
    /* 兼務の禁止 even for the deciders themselves */
    {ACT_DECIDE, AP83_SUB, "------Y--"},
    {ACT_DECIDE, CI83_SUB, "-----Y---"},

    /* the rest of every action × every state (issue 9: the matrix is whole — every_action_on_every_state) */
    {ACT_VIEW, S84_WDRAFT, "Y--Y-YYYY"},
    {ACT_VIEW, S83_DRAFT, "Y--Y-YYYY"},
    {ACT_VIEW, H83_DRAFT, "---Y-YYYY"},
    {ACT_VIEW, H83_RET, "---Y-YYYY"},
    {ACT_VIEW, H83_REJ, "---Y-YYYY"},
    {ACT_VIEW, H84_DRAFT, "---Y-YYYY"},
    {ACT_VIEW, H84_SUB, "---Y-YYYY"},
    {ACT_VIEW, CI83_SUB, "-----YYYY"},
    {ACT_EDIT, S84_SUB_B, "---------"},
    {ACT_EDIT, H84_DRAFT, "---Y-----"},
    {ACT_EDIT, H84_SUB, "---------"},
    {ACT_EDIT, CI83_SUB, "---------"},
    {ACT_DELETE, S84_APPR, "---------"},
    {ACT_DELETE, S84_REJ, "---------"},
    {ACT_DELETE, S83_DRAFT, "Y--------"},   /* a draft never numbered, whatever its 機密性 */
    {ACT_DELETE, S84_SUB_B, "---------"},
    {ACT_DELETE, H83_SUB, "---------"},
    {ACT_DELETE, H83_RET, "---------"},     /* numbered: its record stays */
    {ACT_DELETE, H83_APPR, "---------"},
    {ACT_DELETE, H83_REJ, "---------"},
    {ACT_DELETE, H84_DRAFT, "---Y-----"},
    {ACT_DELETE, H84_SUB, "---------"},
    {ACT_DELETE, AP83_SUB, "---------"},
    {ACT_DELETE, CI83_SUB, "---------"},
    {ACT_SUBMIT, S84_SUB_B, "---------"},
    {ACT_SUBMIT, H83_APPR, "---------"},
    {ACT_SUBMIT, H83_REJ, "---------"},
    {ACT_SUBMIT, H84_SUB, "---------"},
    {ACT_SUBMIT, AP83_SUB, "---------"},
    {ACT_SUBMIT, CI83_SUB, "---------"},
    {ACT_WITHDRAW, S84_WDRAFT, "---------"},
    {ACT_WITHDRAW, S83_DRAFT, "---------"},
    {ACT_WITHDRAW, H83_DRAFT, "---------"},
    {ACT_WITHDRAW, H83_RET, "---------"},
    {ACT_WITHDRAW, H83_APPR, "---------"},
    {ACT_WITHDRAW, H83_REJ, "---------"},
    {ACT_WITHDRAW, H84_DRAFT, "---------"},
    {ACT_WITHDRAW, CI83_SUB, "------Y--"},
    {ACT_DECIDE, S84_WDRAFT, "---------"},
    {ACT_DECIDE, S83_DRAFT, "---------"},
    {ACT_DECIDE, H83_REJ, "---------"},
    {ACT_DECIDE, H84_DRAFT, "---------"},
};

/* The matrix is whole: every action on an application has a row for every state of the fixtures (the actions without
   an application — 作成, 変更申請 — a row for none), so that a new action or a new state cannot go unchecked. */
START_TEST(every_action_on_every_state_has_a_row)
{
    for (int act = 0; act < ACT__COUNT; act++) {
        bool without_app = act == ACT_CREATE || act == ACT_CHANGE;
        for (int f = without_app ? F_NONE : 0; f < (without_app ? F_NONE + 1 : NFIX); f++) {
            bool found = false;
            for (size_t r = 0; r < sizeof TABLE / sizeof TABLE[0] && !found; r++)
                found = (int)TABLE[r].act == act && TABLE[r].fix == f;
            ck_assert_msg(found, "no row for action %d on 「%s」", act, f == F_NONE ? "-" : FIX[f].name);
        }
    }
}
END_TEST

START_TEST(policy_table)
{
    const row *r = &TABLE[_i];
    kapp a = {0};
    const kapp *app = NULL;
    krole arole = ROLE_NONE;
    if (r->fix != F_NONE) {
        a = make_app(r->fix);
        app = &a;
        arole = USERS[FIX[r->fix].applicant].role;
    }
    ck_assert_int_eq(strlen(r->expect), NUSERS);
    for (int u = 0; u < NUSERS; u++) {
        char why[512] = "";
        bool want = r->expect[u] == 'Y';
        bool got = policy_allows(&USERS[u], r->act, app, arole, why, sizeof why);
        ck_assert_msg(got == want, "row %d: action %d on 「%s」 by %s (%s): got %s, want %s (%s)", _i, r->act,
                      r->fix == F_NONE ? "-" : FIX[r->fix].name, USERS[u].login, role_code(USERS[u].role),
                      got ? "allowed" : "refused", want ? "allowed" : "refused", why);
        /* every refusal gives a reason */
        if (!got) ck_assert_msg(*why, "refusal without a reason for %s", USERS[u].login);
    }
}
END_TEST

/* The reason names the rule: checked for the users where the rule is the one that refuses. */
static void assert_why(int user, kaction act, int fix, const char *needle)
{
    kapp a = make_app(fix);
    char why[512] = "";
    ck_assert(!policy_allows(&USERS[user], act, &a, USERS[FIX[fix].applicant].role, why, sizeof why));
    ck_assert_msg(strstr(why, needle), "reason 「%s」 lacks 「%s」", why, needle);
}

START_TEST(reasons_name_the_rule)
{
    /* 兼務の禁止 (004 §1(8)): the applicant never decides their own application, whatever their role */
    assert_why(HA, ACT_DECIDE, H83_SUB, "兼務の禁止");
    assert_why(HA, ACT_DECIDE, H83_SUB, "§1(8)");
    assert_why(HA, ACT_DECIDE, H84_SUB, "兼務の禁止");
    assert_why(AP, ACT_DECIDE, AP83_SUB, "兼務の禁止");
    assert_why(CI, ACT_DECIDE, CI83_SUB, "兼務の禁止");
    /* §8-4(2)②: another 部局's 部局長, or the 統括, does not decide a 機密性1 application */
    assert_why(HB, ACT_DECIDE, S84_SUB, "§8-4(2)②");
    assert_why(AP, ACT_DECIDE, S84_SUB, "§8-4(2)②");
    /* §8-3: a 部局長 does not decide 機密性2以上 */
    assert_why(HB, ACT_DECIDE, H83_SUB, "統括情報セキュリティ責任者");
    /* staff cannot file §8-3 */
    assert_why(SA, ACT_SUBMIT, S83_DRAFT, "§8-4(2)①");
    /* 監査: read-only */
    assert_why(AU, ACT_DECIDE, H83_SUB, "監査");
    assert_why(AU, ACT_EDIT, H83_DRAFT, "監査");
    assert_why(AD, ACT_DECIDE, H83_SUB, "システム管理者");
    /* others' drafts */
    assert_why(SA2, ACT_EDIT, S84_DRAFT, "申請者本人");
    assert_why(SA, ACT_DELETE, S84_WDRAFT, "申請番号");
    assert_why(SA, ACT_DECIDE, S84_DRAFT, "申請中");
}
END_TEST

/* An inactive user may do nothing at all, not even look. */
START_TEST(inactive_user_refused_everything)
{
    for (int u = 0; u < NUSERS; u++) {
        kuser x = USERS[u];
        x.active = false;
        for (int act = 0; act < ACT__COUNT; act++) {
            for (int f = 0; f < NFIX; f++) {
                kapp a = make_app(f);
                char why[256] = "";
                ck_assert(!policy_allows(&x, (kaction)act, &a, USERS[FIX[f].applicant].role, why, sizeof why));
                ck_assert_str_ne(why, "");
            }
        }
        ck_assert(!policy_allows(&x, ACT_CREATE, NULL, ROLE_NONE, NULL, 0));
    }
    ck_assert(!policy_allows(NULL, ACT_VIEW, NULL, ROLE_NONE, NULL, 0));
}
END_TEST

/* 監査 and システム管理者 view everything and change nothing: every non-view action on every fixture is refused. */
START_TEST(auditor_and_admin_change_nothing)
{
    int who[] = {AU, AD};
    for (size_t w = 0; w < 2; w++) {
        for (int act = 0; act < ACT__COUNT; act++) {
            ck_assert(policy_allows(&USERS[who[w]], ACT_VIEW, NULL, ROLE_NONE, NULL, 0));
            for (int f = 0; f < NFIX; f++) {
                kapp a = make_app(f);
                bool got = policy_allows(&USERS[who[w]], (kaction)act, &a, USERS[FIX[f].applicant].role, NULL, 0);
                ck_assert_msg(got == (act == ACT_VIEW), "%s action %d on %s", role_code(USERS[who[w]].role), act, FIX[f].name);
            }
        }
    }
    /* the read-only roles, asked per user (004 §9: 監査 reads; the システム管理者 administers) */
    const bool read_only[NUSERS] = {[AU] = true, [AD] = true};
    for (int u = 0; u < NUSERS; u++)
        ck_assert_msg(policy_is_read_only(&USERS[u]) == read_only[u], "%s", USERS[u].login);
    ck_assert(policy_is_read_only(NULL));
}
END_TEST

/* 兼務の禁止 across every fixture: whoever filed it never decides it. */
START_TEST(applicant_never_decides_own_004_1_8)
{
    for (int f = 0; f < NFIX; f++) {
        kapp a = make_app(f);
        a.state = "submitted";
        kuser me = USERS[FIX[f].applicant];
        /* even with every role the applicant could hold */
        for (int r = ROLE_NONE; r < ROLE__COUNT; r++) {
            me.role = (krole)r;
            ck_assert_msg(!policy_allows(&me, ACT_DECIDE, &a, (krole)r, NULL, 0), "%s decided own %s",
                          role_code((krole)r), FIX[f].name);
        }
    }
}
END_TEST

START_TEST(may_file_track_per_role)
{
    /*                          §8-3  §8-4  none  3A */
    struct { const char *code; bool t83, t84, none, refused; } T[] = {
        {"staff", false, true, true, false},
        {"dept_head", true, true, true, false},
        {"approver", false, false, false, false},
        {"ciso", false, false, false, false},
        {"auditor", false, false, false, false},
        {"admin", false, false, false, false},
        {"nobody", false, false, false, false},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        krole role = role_from_code(T[i].code);
        ck_assert_msg(policy_may_file_track(role, TRACK_83) == T[i].t83, "%s §8-3", T[i].code);
        ck_assert_msg(policy_may_file_track(role, TRACK_84) == T[i].t84, "%s §8-4", T[i].code);
        ck_assert_msg(policy_may_file_track(role, TRACK_NONE) == T[i].none, "%s none", T[i].code);
        ck_assert_msg(policy_may_file_track(role, TRACK_REFUSED) == T[i].refused, "%s 3A", T[i].code);
    }
    ck_assert(!policy_may_file_track(ROLE_NONE, TRACK_84));
}
END_TEST

START_TEST(sees_all_and_may_manage)
{
    ck_assert(!policy_sees_all(&USERS[SA]));
    ck_assert(!policy_sees_all(&USERS[HA]));
    ck_assert(policy_sees_all(&USERS[AP]));
    ck_assert(policy_sees_all(&USERS[CI]));
    ck_assert(policy_sees_all(&USERS[AU]));
    ck_assert(policy_sees_all(&USERS[AD]));
    ck_assert(!policy_sees_all(NULL));
    /* クラウドサービス管理者: an active member of staff, never 監査 or システム管理者 */
    ck_assert(policy_may_manage(&USERS[SA]));
    ck_assert(policy_may_manage(&USERS[HA]));
    ck_assert(policy_may_manage(&USERS[AP]));
    ck_assert(policy_may_manage(&USERS[CI]));
    ck_assert(!policy_may_manage(&USERS[AU]));
    ck_assert(!policy_may_manage(&USERS[AD]));
    kuser off = USERS[SA];
    off.active = false;
    ck_assert(!policy_may_manage(&off));
    ck_assert(!policy_may_manage(NULL));
}
END_TEST

/* Lists and queues scoped to what each role sees: 申請一覧 (the own 部局 for a 情報セキュリティ責任者, the own
   applications for 職員等), the decision queue (004 §1(8): never one's own; §8-4(2)②: a 部局長 decides §8-4 of the
   own 部局), the reviews awaiting a response (003 §4(8) 相談), 終了連絡 awaiting 受理, due lists and the
   年次利用状況確認 (003 §4(8)) */
START_TEST(list_scopes_per_role)
{
    kapp_filter f = {0};
    policy_app_scope(&USERS[AU], &f);
    ck_assert(f.applicant_id == 0 && f.visible_dept_id == 0 && f.visible_user_id == 0);
    policy_app_scope(&USERS[HB], &f);
    ck_assert(f.visible_dept_id == 20 && f.visible_user_id == 5 && f.applicant_id == 0);
    f = (kapp_filter){0};
    policy_app_scope(&USERS[SA], &f);
    ck_assert(f.applicant_id == 1 && f.visible_dept_id == 0);

    f = (kapp_filter){0};
    ck_assert(!policy_decision_queue(&USERS[SA], &f));
    ck_assert(!policy_decision_queue(&USERS[AU], &f));
    ck_assert(!policy_decision_queue(&USERS[AD], &f));
    ck_assert(policy_decision_queue(&USERS[HA], &f));
    ck_assert_str_eq(f.state, "submitted");
    ck_assert(f.exclude_applicant == 4 && f.decider_dept_id == 10);
    f = (kapp_filter){0};
    ck_assert(policy_decision_queue(&USERS[AP], &f));
    ck_assert(f.exclude_applicant == 6 && f.decider_dept_id == 0);

    int64_t dept = -1;
    ck_assert(policy_review_queue(&USERS[CI], &dept) && dept == 0);
    ck_assert(policy_review_queue(&USERS[HB], &dept) && dept == 20);
    ck_assert(!policy_review_queue(&USERS[SA], &dept));

    /* 終了連絡 awaiting 受理: all for those who see all; the own 部局's and the own for a 部局長; the own otherwise */
    int64_t filer = -1;
    ck_assert(policy_termination_queue(&USERS[AP], &dept, &filer) && dept == 0 && filer == 0);
    ck_assert(policy_termination_queue(&USERS[AU], &dept, &filer) && dept == 0 && filer == 0);
    ck_assert(policy_termination_queue(&USERS[HB], &dept, &filer) && dept == 20 && filer == 5);
    ck_assert(policy_termination_queue(&USERS[SB], &dept, &filer) && dept == 0 && filer == 3);

    kdue_query q = {0};
    policy_due_scope(&USERS[AP], false, &q);
    ck_assert(q.user_id == 0 && q.dept_id == 0);
    policy_due_scope(&USERS[AP], true, &q);
    ck_assert(q.user_id == 6 && q.dept_id == 0);
    q = (kdue_query){0};
    policy_due_scope(&USERS[HA], false, &q);   /* asked for everything, gets the own */
    ck_assert(q.user_id == 4 && q.dept_id == 10);
    q = (kdue_query){0};
    policy_due_scope(&USERS[SB], false, &q);
    ck_assert(q.user_id == 3 && q.dept_id == 0);

    char why[512] = "";
    dept = 20;
    ck_assert(policy_annual_scope(&USERS[AU], &dept, why, sizeof why) && dept == 20);   /* as asked */
    dept = 0;
    ck_assert(policy_annual_scope(&USERS[HA], &dept, why, sizeof why) && dept == 10);   /* forced */
    ck_assert(!policy_annual_scope(&USERS[SA], &dept, why, sizeof why));
    /* the service's 利用状況確認 is 003 §4(8) / 004 §8-3(7)⑤; §5 is the review of the regulation itself */
    ck_assert_ptr_nonnull(strstr(why, "規定003 §4(8)"));
    ck_assert_ptr_null(strstr(why, "§5"));
}
END_TEST

/* The one table of roles (forms/role.c): the codes the database stores, as SPEC names them, and the 正式名 of the
   policy; code → role → code and label → role come back unchanged, anything else is no role at all. */
START_TEST(role_table_round_trip)
{
    static const struct { krole role; const char *code, *label; } WANT[] = {
        {ROLE_STAFF, "staff", "職員等"},
        {ROLE_DEPT_HEAD, "dept_head", "情報セキュリティ責任者"},
        {ROLE_APPROVER, "approver", "統括情報セキュリティ責任者"},
        {ROLE_CISO, "ciso", "最高情報セキュリティ責任者（CISO）"},
        {ROLE_AUDITOR, "auditor", "監査"},
        {ROLE_ADMIN, "admin", "システム管理者"},
    };
    ck_assert_int_eq(sizeof WANT / sizeof WANT[0], ROLE__COUNT - 1);
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++) {
        krole r = WANT[i].role;
        ck_assert_str_eq(role_code(r), WANT[i].code);
        ck_assert_str_eq(role_label(r), WANT[i].label);
        ck_assert_int_eq(role_from_code(WANT[i].code), r);
        ck_assert_int_eq(role_parse(WANT[i].code), r);
        ck_assert_int_eq(role_parse(WANT[i].label), r);
        ck_assert_msg(text_width(role_short(r)) <= 10, "%s: short label too wide", WANT[i].code);
        ck_assert_int_eq(role_from_code(WANT[i].label), ROLE_NONE);   /* the database holds codes only */
    }
    const char *unknown[] = {"boss", "", "Staff", "職員"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        ck_assert_int_eq(role_from_code(unknown[i]), ROLE_NONE);
        ck_assert_int_eq(role_parse(unknown[i]), ROLE_NONE);
    }
    ck_assert_int_eq(role_from_code(NULL), ROLE_NONE);
    ck_assert_str_eq(role_code(ROLE_NONE), "");
    ck_assert_str_eq(role_label((krole)99), "?");
    /* a user with no role (or one this kumo does not know) may do nothing but be refused */
    kuser nobody = {.id = 50, .dept_id = 10, .role = ROLE_NONE, .active = true};
    ck_assert(!policy_allows(&nobody, ACT_CREATE, NULL, ROLE_NONE, NULL, 0));
    ck_assert(!policy_sees_all(&nobody));
    ck_assert(!policy_sees_annual(&nobody));
    ck_assert(!policy_sees_due(&nobody));
    ck_assert(!policy_may_list_users(&nobody, NULL, 0));
}
END_TEST

/* The questions the screens and the command line ask instead of comparing roles, answered per role:
   年次利用状況確認 (003 §4(8): 統括・CISO・監査, a 情報セキュリティ責任者 for the own 部局), the due lists (everyone who looks
   after a service: not the システム管理者), who belongs to a 部局 (職員等, 情報セキュリティ責任者). */
/* 004 §1(3)①: a 部局 has one 情報セキュリティ責任者, its head — a second of the same 部局 is warned about (not refused);
   another 部局, another role, a former one no longer active raise nothing. Disabling the last who decide a track is
   warned about (003 §4(4)②, 004 §8-4(2)②). */
START_TEST(warnings_one_dept_head_and_last_decider_004_1_3)
{
    char why[512];
    ck_assert(policy_warn_second_dept_head(ROLE_DEPT_HEAD, USERS[HA].dept_id, &USERS[HA], why, sizeof why));
    ck_assert_msg(strstr(why, "§1(3)①") != NULL, "%s", why);
    ck_assert(!policy_warn_second_dept_head(ROLE_STAFF, USERS[HA].dept_id, &USERS[HA], NULL, 0));
    ck_assert(!policy_warn_second_dept_head(ROLE_DEPT_HEAD, USERS[HB].dept_id, &USERS[HA], NULL, 0));
    ck_assert(!policy_warn_second_dept_head(ROLE_DEPT_HEAD, USERS[SA].dept_id, &USERS[SA], NULL, 0));   /* not a head */
    kuser gone = USERS[HA];
    gone.active = false;
    ck_assert(!policy_warn_second_dept_head(ROLE_DEPT_HEAD, gone.dept_id, &gone, NULL, 0));
    ck_assert(policy_warn_last_decider(&USERS[AP], 0, why, sizeof why));
    ck_assert_msg(strstr(why, "003 §4(4)②③") != NULL, "%s", why);
    ck_assert(!policy_warn_last_decider(&USERS[AP], 1, NULL, 0));
    ck_assert(policy_warn_last_decider(&USERS[HA], 0, why, sizeof why));
    ck_assert_msg(strstr(why, "§8-4(2)②") != NULL, "%s", why);
    ck_assert(!policy_warn_last_decider(&USERS[SA], 0, NULL, 0));
    ck_assert(!policy_warn_last_decider(&USERS[AD], 0, NULL, 0));
}
END_TEST

START_TEST(screen_questions_per_role)
{
    /* columns: COLS */
    static const struct { const char *what, *expect; } ROWS[] = {
        {"annual", "---YYYYYY"},
        {"due", "YYYYYYYY-"},
        {"list users", "-----YYYY"},
        {"read only", "-------YY"},
        {"needs dept", "YYYYY----"},
        /* the 利用状況確認 interval: a governance setting of the 統括・CISO, not the システム管理者's (003 §4(8)) */
        {"review interval", "-----YY--"},
        {"administer", "--------Y"},
        /* the yearly review of the regulation (003 §5): the 統括 (or the CISO) records it, 監査 reads it too */
        {"regulation review", "-----YY--"},
        {"regulation read", "-----YYY-"},
    };
    for (size_t r = 0; r < sizeof ROWS / sizeof ROWS[0]; r++) {
        ck_assert_int_eq(strlen(ROWS[r].expect), NUSERS);
        for (int u = 0; u < NUSERS; u++) {
            const kuser *x = &USERS[u];
            bool got = r == 0   ? policy_sees_annual(x)
                       : r == 1 ? policy_sees_due(x)
                       : r == 2 ? policy_may_list_users(x, NULL, 0)
                       : r == 3 ? policy_is_read_only(x)
                       : r == 4 ? policy_role_needs_dept(x->role)
                       : r == 5 ? policy_may_set_review_interval(x, NULL, 0)
                       : r == 6 ? policy_may_administer(x, NULL, 0)
                       : r == 7 ? policy_may_review_regulation(x, NULL, 0)
                                : policy_may_read_regulation_reviews(x, NULL, 0);
            ck_assert_msg(got == (ROWS[r].expect[u] == 'Y'), "%s for %s: got %d", ROWS[r].what, x->login, got);
        }
    }
    /* a 情報セキュリティ責任者 without a 部局 has no 部局 to look at */
    kuser lost = USERS[HA];
    lost.dept_id = 0;
    ck_assert(!policy_sees_annual(&lost));
    /* nobody inactive */
    for (int u = 0; u < NUSERS; u++) {
        kuser off = USERS[u];
        off.active = false;
        ck_assert(!policy_sees_annual(&off));
        ck_assert(!policy_sees_due(&off));
        ck_assert(!policy_may_set_review_interval(&off, NULL, 0));
    }
    char why[256];
    ck_assert(!policy_may_set_review_interval(&USERS[AD], why, sizeof why));
    ck_assert_ptr_nonnull(strstr(why, "統括情報セキュリティ責任者又はCISO"));
    ck_assert_ptr_nonnull(strstr(why, "規定003 §4(8)"));
}
END_TEST

/* ---- after approval: the steps on a service, every role × the states that matter ----
   Sources: 003 §4(4)②③ (管理者の指名, 終了連絡), §4(5) and 004 §8-3(6)④ (導入・構築時確認: the manager), §4(8)
   (利用状況確認), 004 §8-4 (機密性1: the 部局's 情報セキュリティ責任者), §7-4 (例外措置: the CISO), §1(8) 兼務の禁止. */

/* SV83_ENDING / SV84_ENDING: the 終了連絡 accepted, the 廃棄・削除完了報告 not yet (終了処理中, 003 §4(7));
   SV83_END: 終了 (the report accepted). */
enum { SV83, SV83_BUILD, SV84, SV83_END, SV83_ENDING, SV84_ENDING, NSV };
static kservice make_service(int f)
{
    kservice s = {0};
    s.id = 500 + f;
    bool ended = f == SV83_END || f == SV83_ENDING || f == SV84_ENDING, s84 = f == SV84 || f == SV84_ENDING;
    snprintf(s.status, sizeof s.status, "%s", ended ? "terminated" : "active");
    snprintf(s.conf, sizeof s.conf, "%s", s84 ? "1" : "2");
    s.dept_id = s84 ? 20 : 10;
    s.manager_id = USERS[s84 ? SB : SA].id;   /* a 職員等 of the 部局 manages it */
    snprintf(s.build_state, sizeof s.build_state, "%s", f == SV83_BUILD ? "pending" : s84 ? "none" : "done");
    snprintf(s.disposal_state, sizeof s.disposal_state, "%s",
             f == SV83_END ? "done" : f == SV83_ENDING || f == SV84_ENDING ? "pending" : "");
    return s;
}

typedef bool (*svc_question)(const kuser *u, const kservice *s, char *why, size_t n);
static bool view_service(const kuser *u, const kservice *s, char *why, size_t n)
{
    bool ok = policy_may_view_service(u, s);
    if (!ok && why) snprintf(why, n, "見られません");
    return ok;
}

static const struct {
    const char *what;
    svc_question q;
    int fix;
    const char *expect;   /* COLS order */
} SVC_TABLE[] = {
    /*                                                     SA SA2 SB HA HB AP CI AU AD */
    {"閲覧", view_service, SV83, "Y--Y-YYYY"},
    {"閲覧 §8-4", view_service, SV84, "--Y-YYYYY"},
    /* 利用状況確認 (003 §4(8)): the manager, or the 統括・CISO; only while in use */
    {"利用状況確認", policy_may_review, SV83, "Y----YY--"},
    {"利用状況確認 終了", policy_may_review, SV83_END, "---------"},
    /* 導入・構築時確認 (004 §8-3(6)④): the manager alone, once, on §8-3 */
    {"導入・構築時確認 待ち", policy_may_build_check, SV83_BUILD, "Y--------"},
    {"導入・構築時確認 記録済", policy_may_build_check, SV83, "---------"},
    {"導入・構築時確認 §8-4", policy_may_build_check, SV84, "---------"},
    {"導入・構築時確認 終了", policy_may_build_check, SV83_END, "---------"},
    /* 終了連絡 (003 §4(4)③): the manager or the 部局's 情報セキュリティ責任者 */
    {"終了連絡", policy_may_terminate, SV83, "Y--Y-----"},
    {"終了連絡 §8-4", policy_may_terminate, SV84, "--Y-Y----"},
    {"終了連絡 終了", policy_may_terminate, SV83_END, "---------"},
    /* 変更申請: the 部局's 情報セキュリティ責任者; a 職員等 who manages a 機密性1 service */
    {"変更申請", policy_may_change, SV83, "---Y-----"},
    {"変更申請 §8-4", policy_may_change, SV84, "--Y-Y----"},
    {"終了連絡 終了処理中", policy_may_terminate, SV83_ENDING, "---------"},
    /* 管理者の指名し直し (003 §4(4)②): the 許可権限者 — for §8-4 also the 部局's 情報セキュリティ責任者
       (004 §8-4(2)②); only while in use */
    {"管理者変更", policy_may_redesignate, SV83, "-----YY--"},
    {"管理者変更 §8-4", policy_may_redesignate, SV84, "----YYY--"},
    {"管理者変更 終了処理中", policy_may_redesignate, SV83_ENDING, "---------"},
    /* 廃棄・削除完了報告 (003 §4(7), 004 §8-3(8)②): the manager or the 部局's 情報セキュリティ責任者, once the
       終了連絡 is accepted and until its report is */
    {"廃棄・削除完了報告 利用中", policy_may_file_disposal, SV83, "---------"},
    {"廃棄・削除完了報告 終了処理中", policy_may_file_disposal, SV83_ENDING, "Y--Y-----"},
    {"廃棄・削除完了報告 §8-4 終了処理中", policy_may_file_disposal, SV84_ENDING, "--Y-Y----"},
    {"廃棄・削除完了報告 終了", policy_may_file_disposal, SV83_END, "---------"},
    /* 廃棄方法の例外措置 (004 §7-4(1), §8-3(8)③): the CISO, while the method is still to be chosen */
    {"廃棄方法の例外措置", policy_may_except_disposal, SV83, "------Y--"},

    /* the rest of every question × every state of a service (issue 9: every_question_on_every_service) */
    {"閲覧 構築確認待ち", view_service, SV83_BUILD, "Y--Y-YYYY"},
    {"閲覧 終了", view_service, SV83_END, "Y--Y-YYYY"},   /* its history stays readable (003 §4(4)③) */
    {"利用状況確認 構築確認待ち", policy_may_review, SV83_BUILD, "Y----YY--"},
    {"利用状況確認 §8-4", policy_may_review, SV84, "--Y--YY--"},
    {"終了連絡 構築確認待ち", policy_may_terminate, SV83_BUILD, "Y--Y-----"},
    {"変更申請 構築確認待ち", policy_may_change, SV83_BUILD, "---Y-----"},
    {"変更申請 終了", policy_may_change, SV83_END, "---------"},
    {"廃棄方法の例外措置 構築確認待ち", policy_may_except_disposal, SV83_BUILD, "------Y--"},
    /* no exception of the 廃棄方法 for §8-4 (暗号化消去 is 機密性2以上's rule) nor once the disposal is accepted */
    {"廃棄方法の例外措置 §8-4", policy_may_except_disposal, SV84, "---------"},
    {"廃棄方法の例外措置 終了", policy_may_except_disposal, SV83_END, "---------"},
    {"廃棄方法の例外措置 終了処理中", policy_may_except_disposal, SV83_ENDING, "------Y--"},
    {"廃棄方法の例外措置 §8-4 終了処理中", policy_may_except_disposal, SV84_ENDING, "---------"},
    /* 終了処理中 (the 終了連絡 accepted, 003 §4(7)): readable; nothing but its 廃棄・削除完了報告 */
    {"閲覧 終了処理中", view_service, SV83_ENDING, "Y--Y-YYYY"},
    {"閲覧 §8-4 終了処理中", view_service, SV84_ENDING, "--Y-YYYYY"},
    {"利用状況確認 終了処理中", policy_may_review, SV83_ENDING, "---------"},
    {"利用状況確認 §8-4 終了処理中", policy_may_review, SV84_ENDING, "---------"},
    {"導入・構築時確認 終了処理中", policy_may_build_check, SV83_ENDING, "---------"},
    {"導入・構築時確認 §8-4 終了処理中", policy_may_build_check, SV84_ENDING, "---------"},
    {"終了連絡 §8-4 終了処理中", policy_may_terminate, SV84_ENDING, "---------"},
    {"変更申請 終了処理中", policy_may_change, SV83_ENDING, "---------"},
    {"変更申請 §8-4 終了処理中", policy_may_change, SV84_ENDING, "---------"},
    {"管理者変更 構築確認待ち", policy_may_redesignate, SV83_BUILD, "-----YY--"},
    {"管理者変更 終了", policy_may_redesignate, SV83_END, "---------"},
    {"管理者変更 §8-4 終了処理中", policy_may_redesignate, SV84_ENDING, "---------"},
    {"廃棄・削除完了報告 構築確認待ち", policy_may_file_disposal, SV83_BUILD, "---------"},
    {"廃棄・削除完了報告 §8-4 利用中", policy_may_file_disposal, SV84, "---------"},
};

/* Every question on a service has a row for every state of the service fixtures. */
START_TEST(every_question_on_every_service_has_a_row)
{
    size_t n = sizeof SVC_TABLE / sizeof SVC_TABLE[0];
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < NSV; f++) {
            bool found = false;
            for (size_t r = 0; r < n && !found; r++) found = SVC_TABLE[r].q == SVC_TABLE[i].q && SVC_TABLE[r].fix == f;
            ck_assert_msg(found, "no row for 「%s」's question on service fixture %d", SVC_TABLE[i].what, f);
        }
}
END_TEST

/* 受理 of a 終了連絡 and of a 廃棄・削除完了報告 (003 §4(4)③, §4(7)): the 統括・CISO; for §8-4 also the 部局's
   情報セキュリティ責任者 (004 §8-4(2)②); never the one who filed it (§1(8)); only while it awaits 受理. */
START_TEST(end_reports_policy_table)
{
    static const struct {
        const char *what;
        bool s84;
        int filer;
        const char *state;
        const char *expect;
    } T[] = {
        /*                                         SA SA2 SB HA HB AP CI AU AD */
        {"受理 §8-3 管理者提出", false, SA, "filed", "-----YY--"},
        {"受理 §8-3 部局長提出", false, HA, "filed", "-----YY--"},
        {"受理 §8-4 管理者提出", true, SB, "filed", "----YYY--"},
        {"受理 §8-4 部局長提出", true, HB, "filed", "-----YY--"},
        {"受理 §8-3 統括提出", false, AP, "filed", "------Y--"},
        {"受理 受理済", false, SA, "accepted", "---------"},
        {"受理 差戻し済", true, SB, "returned", "---------"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        ktermination t = {0};
        kdisposal p = {0};
        t.id = p.id = 700 + (int64_t)i;
        t.dept_id = p.dept_id = T[i].s84 ? 20 : 10;
        snprintf(t.conf, sizeof t.conf, "%s", T[i].s84 ? "1" : "2");
        snprintf(p.conf, sizeof p.conf, "%s", t.conf);
        t.filed_by = p.filed_by = USERS[T[i].filer].id;
        snprintf(t.state, sizeof t.state, "%s", T[i].state);
        snprintf(p.state, sizeof p.state, "%s", T[i].state);
        for (int u = 0; u < NUSERS; u++) {
            char why[512] = "", why2[512] = "";
            bool want = T[i].expect[u] == 'Y';
            bool got = policy_may_accept_termination(&USERS[u], &t, why, sizeof why);
            ck_assert_msg(got == want, "終了連絡の%s by %s: got %d (%s)", T[i].what, USERS[u].login, got, why);
            got = policy_may_accept_disposal(&USERS[u], &p, why2, sizeof why2);
            ck_assert_msg(got == want, "廃棄・削除完了報告の%s by %s: got %d (%s)", T[i].what, USERS[u].login, got,
                          why2);
            if (!want) ck_assert(*why && *why2);
        }
    }
}
END_TEST

START_TEST(service_policy_table)
{
    kservice sv = make_service(SVC_TABLE[_i].fix);
    ck_assert_int_eq(strlen(SVC_TABLE[_i].expect), NUSERS);
    for (int u = 0; u < NUSERS; u++) {
        char why[512] = "";
        bool want = SVC_TABLE[_i].expect[u] == 'Y';
        bool got = SVC_TABLE[_i].q(&USERS[u], &sv, why, sizeof why);
        ck_assert_msg(got == want, "%s by %s: got %s, want %s (%s)", SVC_TABLE[_i].what, USERS[u].login,
                      got ? "allowed" : "refused", want ? "allowed" : "refused", why);
        if (!got) ck_assert_msg(*why, "refusal without a reason: %s by %s", SVC_TABLE[_i].what, USERS[u].login);
        kuser off = USERS[u];
        off.active = false;
        ck_assert(!SVC_TABLE[_i].q(&off, &sv, NULL, 0));
    }
}
END_TEST

/* The 例外措置 (004 §7-4): who permits, approves first in an emergency, records the report, re-checks, reads. */
enum { E_REPORT_DUE, E_GRANTED, E_REPORTED, E_REFUSED, NEXC };
static kexception make_exc(int f)
{
    static const char *const STATES[] = {"report_due", "granted", "reported", "refused"};
    kexception e = {0};
    e.id = 900 + f;
    snprintf(e.state, sizeof e.state, "%s", STATES[f]);
    snprintf(e.kind, sizeof e.kind, "%s", f == E_REPORT_DUE || f == E_REPORTED ? "緊急" : "通常");
    if (f == E_REPORT_DUE || f == E_REPORTED) e.emergency_by = USERS[AP].id;
    if (f != E_REPORT_DUE) e.ciso_id = USERS[CI].id;
    return e;
}

static const struct {
    const char *what;
    int q;          /* 0 report, 1 recheck */
    int fix;
    const char *expect;
} EXC_TABLE[] = {
    /*                                                  SA SA2 SB HA HB AP CI AU AD */
    {"事後報告 待ち", 0, E_REPORT_DUE, "------Y--"},
    {"事後報告 済", 0, E_REPORTED, "---------"},
    {"事後報告 通常", 0, E_GRANTED, "---------"},
    {"事後報告 不許可", 0, E_REFUSED, "---------"},
    {"定期確認 許可", 1, E_GRANTED, "------Y--"},
    {"定期確認 事後報告済", 1, E_REPORTED, "------Y--"},
    {"定期確認 事後報告待ち", 1, E_REPORT_DUE, "---------"},
    {"定期確認 不許可", 1, E_REFUSED, "---------"},
};

START_TEST(exception_record_policy_table)
{
    kexception e = make_exc(EXC_TABLE[_i].fix);
    for (int u = 0; u < NUSERS; u++) {
        char why[512] = "";
        bool want = EXC_TABLE[_i].expect[u] == 'Y';
        bool got = EXC_TABLE[_i].q == 0 ? policy_may_report_exception(&USERS[u], &e, why, sizeof why)
                                        : policy_may_recheck_exception(&USERS[u], &e, why, sizeof why);
        ck_assert_msg(got == want, "%s by %s: got %d (%s)", EXC_TABLE[_i].what, USERS[u].login, got, why);
        if (!got) ck_assert(*why);
    }
}
END_TEST

/* On an application: the CISO permits (never the applicant, §1(8)①), the 統括 approves first in an emergency
   (§7-4(2)), the CISO who permitted does not approve. */
START_TEST(exception_application_policy_table)
{
    static const struct {
        const char *what;
        int q;            /* 0 permit/refuse, 1 emergency approval */
        int fix;
        const char *expect;
    } T[] = {
        /*                                          SA SA2 SB HA HB AP CI AU AD */
        {"例外措置の許可 §8-3 申請中", 0, H83_SUB, "------Y--"},
        {"例外措置の許可 §8-4 申請中", 0, S84_SUB, "------Y--"},
        {"例外措置の許可 CISO自身の申請", 0, CI83_SUB, "---------"},
        {"例外措置の許可 下書き", 0, H83_DRAFT, "---------"},
        {"例外措置の許可 承認済", 0, H83_APPR, "---------"},
        {"緊急承認 §8-3", 1, H83_SUB, "-----Y---"},
        {"緊急承認 部局長が出した§8-4", 1, H84_SUB, "-----Y---"},
        {"緊急承認 職員等の§8-4（部局長が審査）", 1, S84_SUB, "---------"},
        {"緊急承認 統括自身の申請", 1, AP83_SUB, "---------"},
        {"緊急承認 承認済", 1, H83_APPR, "---------"},
    };
    for (size_t r = 0; r < sizeof T / sizeof T[0]; r++) {
        kapp a = make_app(T[r].fix);
        krole arole = USERS[FIX[T[r].fix].applicant].role;
        for (int u = 0; u < NUSERS; u++) {
            char why[512] = "";
            bool want = T[r].expect[u] == 'Y';
            bool got = T[r].q == 0 ? policy_may_decide_exception(&USERS[u], &a, why, sizeof why)
                                   : policy_may_approve_emergency(&USERS[u], &a, arole, why, sizeof why);
            ck_assert_msg(got == want, "%s by %s: got %d (%s)", T[r].what, USERS[u].login, got, why);
            if (!got) ck_assert(*why);
        }
    }
    /* the CISO who permitted an application's exception does not also approve it; anyone else may (as far as this
       rule goes); no exception: no restriction */
    for (int u = 0; u < NUSERS; u++) {
        char why[256] = "";
        ck_assert(policy_may_approve_excepted(&USERS[u], 0, NULL, 0));
        ck_assert_int_eq(policy_may_approve_excepted(&USERS[u], USERS[CI].id, why, sizeof why), u != CI);
    }
    char why[256] = "";
    policy_may_approve_excepted(&USERS[CI], USERS[CI].id, why, sizeof why);
    ck_assert_ptr_nonnull(strstr(why, "兼務の禁止"));
    /* the register of exceptions (§7-4(3)): CISO, 統括, 監査; the exceptions' duties: CISO and 統括 */
    const char *reads = "-----YYY-", *minds = "-----YY--";
    for (int u = 0; u < NUSERS; u++) {
        ck_assert_int_eq(policy_may_view_exceptions(&USERS[u]), reads[u] == 'Y');
        ck_assert_int_eq(policy_minds_exceptions(&USERS[u]), minds[u] == 'Y');
        kdue_query q = {0};
        policy_due_scope(&USERS[u], true, &q);
        ck_assert_int_eq(q.governance, minds[u] == 'Y');
    }
}
END_TEST

static Suite *policy_suite(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("table");
    tcase_add_loop_test(tc, policy_table, 0, (int)(sizeof TABLE / sizeof TABLE[0]));
    tcase_add_test(tc, every_action_on_every_state_has_a_row);
    suite_add_tcase(s, tc);
    tc = tcase_create("services");
    tcase_add_loop_test(tc, service_policy_table, 0, (int)(sizeof SVC_TABLE / sizeof SVC_TABLE[0]));
    tcase_add_test(tc, every_question_on_every_service_has_a_row);
    tcase_add_loop_test(tc, exception_record_policy_table, 0, (int)(sizeof EXC_TABLE / sizeof EXC_TABLE[0]));
    tcase_add_test(tc, exception_application_policy_table);
    tcase_add_test(tc, end_reports_policy_table);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_add_test(tc, reasons_name_the_rule);
    tcase_add_test(tc, inactive_user_refused_everything);
    tcase_add_test(tc, auditor_and_admin_change_nothing);
    tcase_add_test(tc, applicant_never_decides_own_004_1_8);
    tcase_add_test(tc, may_file_track_per_role);
    tcase_add_test(tc, sees_all_and_may_manage);
    tcase_add_test(tc, list_scopes_per_role);
    tcase_add_test(tc, role_table_round_trip);
    tcase_add_test(tc, screen_questions_per_role);
    tcase_add_test(tc, warnings_one_dept_head_and_last_decider_004_1_3);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(policy_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
