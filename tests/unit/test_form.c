/* Unit tests for forms/form: the track, the check of each value, and the rules of the whole form
   (規定003 §4, ポリシー004 §2, §8-3, §8-4). Expected findings were worked out by hand from those clauses. */
#include "forms/form.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"

/* Appends s to the string in dst (cap bytes in all), never past its end. */
#define APPEND(dst, cap, s) snprintf((dst) + strlen(dst), (size_t)(cap) - strlen(dst), "%s", (s))

/* A complete §8-3 application (機密性2) that breaks no rule. */
static void valid_83(const char *v[FF_COUNT])
{
    for (int f = 0; f < FF_COUNT; f++) v[f] = "";
    v[FF_KIND] = "新規";
    v[FF_SECTION] = "総務課";
    v[FF_CONTACT] = "内線 1234";
    v[FF_SERVICE_NAME] = "電子申請サービス";
    v[FF_PROVIDER] = "株式会社みらいクラウド";
    v[FF_SERVICE_TYPE] = "SaaS";
    v[FF_URL] = "https://example.jp/";
    v[FF_PURPOSE] = "住民からの各種申請をオンラインで受け付ける";
    v[FF_SCOPE] = "申請の受付と審査";
    v[FF_USER_SCOPE] = "所管課の職員";
    v[FF_USER_COUNT] = "25";
    v[FF_CONF] = "2";
    v[FF_INTEG] = "2";
    v[FF_AVAIL] = "2";
    v[FF_HANDLING] = "複製の制限、送信時の暗号化";
    v[FF_PERSONAL] = "有";
    v[FF_MYNUMBER] = "無";
    v[FF_PIA] = "不要";
    v[FF_NETWORK] = "LGWAN接続系";
    v[FF_LOCATION] = "国内";
    v[FF_LAW] = "日本法・日本の裁判所";
    v[FF_CERTS] = "ISMAP登録、ISO/IEC 27001";
    v[FF_CONTRACT] = "個別契約・SLA";
    v[FF_START] = "2027-04-01";
    v[FF_END] = "2030-03-31";
    v[FF_PROCUREMENT] = "調達仕様書 別紙3";
}

/* A complete §8-4 application (機密性1) with only what that track requires. */
static void valid_84(const char *v[FF_COUNT])
{
    for (int f = 0; f < FF_COUNT; f++) v[f] = "";
    v[FF_KIND] = "新規";
    v[FF_CONTACT] = "内線 2345";
    v[FF_SERVICE_NAME] = "地図作成サービス";
    v[FF_PROVIDER] = "オープンマップ株式会社";
    v[FF_PURPOSE] = "避難所案内図を作成し公開する";
    v[FF_SCOPE] = "公開情報の作成";
    v[FF_CONF] = "1";
    v[FF_PERSONAL] = "無";
    v[FF_START] = "2026-12-01";
    v[FF_RENEWAL] = "2027-11-30";
}

static form_issues run(const char *v[FF_COUNT], bool staff)
{
    form_issues is = {0};
    form_validate(v, staff, &is);
    return is;
}

/* The first finding on field f at level lv, or NULL. */
static const form_issue *find(const form_issues *is, int f, issue_level lv)
{
    for (size_t i = 0; i < is->n; i++)
        if (is->v[i].field == f && is->v[i].level == lv) return &is->v[i];
    return NULL;
}

static void dump(const form_issues *is)
{
    for (size_t i = 0; i < is->n; i++)
        fprintf(stderr, "  [%d %s] %s\n", is->v[i].field, is->v[i].level == ISSUE_ERROR ? "E" : "F", is->v[i].msg);
}

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "「%s」 does not contain 「%s」", (hay), (needle))

/* ---- the track (004 §8-3 / §8-4, 003 §4(1)⑥) ---- */

START_TEST(track_derivation)
{
    ck_assert_int_eq(form_track_of("1"), TRACK_84);
    ck_assert_int_eq(form_track_of("2"), TRACK_83);
    ck_assert_int_eq(form_track_of("3C"), TRACK_83);
    ck_assert_int_eq(form_track_of("3B"), TRACK_83);
    ck_assert_int_eq(form_track_of("3A"), TRACK_REFUSED);
    ck_assert_int_eq(form_track_of(""), TRACK_NONE);
    ck_assert_int_eq(form_track_of(NULL), TRACK_NONE);
    ck_assert_int_eq(form_track_of("4"), TRACK_NONE);
    ck_assert_int_eq(form_track_of("２"), TRACK_NONE);
    ck_assert_str_eq(form_track_code(TRACK_83), "8-3");
    ck_assert_str_eq(form_track_code(TRACK_84), "8-4");
    ck_assert_str_eq(form_track_code(TRACK_NONE), "");
    ck_assert_str_eq(form_track_code(TRACK_REFUSED), "");
    ck_assert_int_eq(form_track_from_code("8-3"), TRACK_83);
    ck_assert_int_eq(form_track_from_code("8-4"), TRACK_84);
    ck_assert_int_eq(form_track_from_code(""), TRACK_NONE);
    ck_assert_int_eq(form_track_from_code(NULL), TRACK_NONE);
    ck_assert_contains(form_track_label(TRACK_83), "§8-3");
    ck_assert_contains(form_track_label(TRACK_84), "§8-4");
}
END_TEST

/* 003 §4(1)⑥: 機密性3A is never handled in a cloud service; the refusal quotes the rule. */
START_TEST(conf_3a_refused_with_rule_text_003_4_1_6)
{
    ck_assert_contains(FORM_RULE_3A, "3A");
    ck_assert_contains(FORM_RULE_3A, "§4(1)⑥");
    char buf[320];
    const char *m = form_check_value(FF_CONF, "3A", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, FORM_RULE_3A);
    ck_assert_contains(m, "機密性");
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_CONF] = "3A";
    form_issues is = run(v, false);
    const form_issue *e = find(&is, FF_CONF, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, FORM_RULE_3A);
    form_issues_clear(&is);
}
END_TEST

/* ---- one value at a time ---- */

START_TEST(check_value_control_characters)
{
    char buf[320];
    const char *m = form_check_value(FF_SERVICE_NAME, "電子\x01申請", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "クラウドサービス名");
    ck_assert_contains(m, "制御文字");
    ck_assert_ptr_nonnull(form_check_value(FF_SERVICE_NAME, "tab\there", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_SERVICE_NAME, "line\nbreak", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_SERVICE_NAME, "cr\rhere", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_SERVICE_NAME, "del\x7F", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_SERVICE_NAME, "esc\x1B[31m", buf, sizeof buf));
    /* a C1 control (U+0085 NEL, U+009B CSI) is a control character too */
    m = form_check_value(FF_PROVIDER, "北日本\xC2\x85データ", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "サービス提供者");
    ck_assert_ptr_nonnull(form_check_value(FF_PURPOSE, "目的\xC2\x9B" "2J", buf, sizeof buf));
    /* a line break is fine in a long text field (利用目的), and so is a character merely near the C1 range */
    ck_assert_ptr_null(form_check_value(FF_PURPOSE, "一行目\n二行目", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_SERVICE_NAME, "Café ü", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_PURPOSE, "一行目\r\n二行目", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_PURPOSE, "タブ\t", buf, sizeof buf));
}
END_TEST

START_TEST(check_value_invalid_utf8)
{
    char buf[320];
    const char *m = form_check_value(FF_SERVICE_NAME, "電子\xE7\x94", buf, sizeof buf);   /* 申 cut short */
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "クラウドサービス名");
    ck_assert_contains(m, "UTF-8");
    /* CP932 bytes of 申請 as Excel would save them */
    ck_assert_ptr_nonnull(form_check_value(FF_PURPOSE, "\x90\x5C\x90\xBF", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_REMARKS, "\xC0\xAF", buf, sizeof buf));        /* overlong '/' */
    ck_assert_ptr_nonnull(form_check_value(FF_REMARKS, "\xED\xA0\x80", buf, sizeof buf));    /* surrogate */
}
END_TEST

/* Lengths count characters, not bytes: クラウドサービス名 allows 80 (each Japanese character is 3 bytes). */
START_TEST(check_value_length_in_characters)
{
    char s[1024] = "";
    for (int i = 0; i < 80; i++) APPEND(s, sizeof s, "あ");
    char buf[320];
    ck_assert_int_eq(strlen(s), 240);
    ck_assert_ptr_null(form_check_value(FF_SERVICE_NAME, s, buf, sizeof buf));
    APPEND(s, sizeof s, "あ");
    const char *m = form_check_value(FF_SERVICE_NAME, s, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "クラウドサービス名");
    ck_assert_contains(m, "80文字以内");
    ck_assert_contains(m, "81文字");
    /* the same limit in ASCII */
    char a[128];
    memset(a, 'x', 80);
    a[80] = 0;
    ck_assert_ptr_null(form_check_value(FF_SERVICE_NAME, a, buf, sizeof buf));
    a[80] = 'x';
    a[81] = 0;
    ck_assert_ptr_nonnull(form_check_value(FF_SERVICE_NAME, a, buf, sizeof buf));
    /* 利用目的 (long text): 400 characters */
    char *p = malloc(401 * 3 + 1);
    p[0] = 0;
    for (int i = 0; i < 400; i++) APPEND(p, 401 * 3 + 1, "目");
    ck_assert_ptr_null(form_check_value(FF_PURPOSE, p, buf, sizeof buf));
    APPEND(p, 401 * 3 + 1, "的");
    m = form_check_value(FF_PURPOSE, p, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "利用目的");
    free(p);
}
END_TEST

START_TEST(check_value_dates)
{
    char buf[320];
    const char *m = form_check_value(FF_START, "2026-02-29", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "利用開始予定日");
    ck_assert_contains(m, "2026-02-29");
    ck_assert_ptr_null(form_check_value(FF_START, "2028-02-29", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_START, "２０２６－０４－０１", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_START, "2026/4/1", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_END, "2026-13-01", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_END, "2026-04-31", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_RENEWAL, "来年度", buf, sizeof buf));
    m = form_check_value(FF_END, "2026-04-31", buf, sizeof buf);
    ck_assert_contains(m, "利用終了予定日");
    /* empty is not checked here (whether it is required depends on the track) */
    ck_assert_ptr_null(form_check_value(FF_START, "", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_START, NULL, buf, sizeof buf));
}
END_TEST

START_TEST(check_value_choices)
{
    char buf[320];
    ck_assert_ptr_null(form_check_value(FF_SERVICE_TYPE, "SaaS", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_SERVICE_TYPE, "検索・翻訳・地図", buf, sizeof buf));
    const char *m = form_check_value(FF_SERVICE_TYPE, "saas", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "サービス区分");
    ck_assert_ptr_nonnull(form_check_value(FF_KIND, "廃止", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_KIND, "変更", buf, sizeof buf));
    m = form_check_value(FF_LOCATION, "海外", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "データの保存場所");
    for (const char *c[] = {"1", "2", "3C", "3B", NULL}, **p = c; *p; p++)
        ck_assert_ptr_null(form_check_value(FF_CONF, *p, buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_CONF, "4", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_CONF, "3a", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_NETWORK, "庁内LAN", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_NETWORK, "マイナンバー利用事務系", buf, sizeof buf));
}
END_TEST

START_TEST(check_value_integers)
{
    char buf[320];
    ck_assert_ptr_null(form_check_value(FF_USER_COUNT, "25", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_USER_COUNT, "0", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_USER_COUNT, "9999999", buf, sizeof buf));
    const char *m = form_check_value(FF_USER_COUNT, "-1", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "利用者数");
    ck_assert_ptr_nonnull(form_check_value(FF_USER_COUNT, "10000000", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_USER_COUNT, "約25", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_USER_COUNT, "25人", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_USER_COUNT, "2.5", buf, sizeof buf));
}
END_TEST

/* 第三者認証 (004 §8-3(3)⑩) takes several choices joined with 「、」; each must be known. */
START_TEST(check_value_multi_certs)
{
    char buf[320];
    ck_assert_ptr_null(form_check_value(FF_CERTS, "ISMAP登録", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_CERTS, "ISMAP登録、ISO/IEC 27001", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_CERTS, "ISMAP-LIU、ISO/IEC 27017、ISO/IEC 27018、その他", buf, sizeof buf));
    const char *m = form_check_value(FF_CERTS, "ISMAP登録、SOC2", buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert_contains(m, "第三者認証");
    ck_assert_ptr_nonnull(form_check_value(FF_CERTS, "ISMAP登録,ISO/IEC 27001", buf, sizeof buf));   /* ASCII comma */
    ck_assert_ptr_nonnull(form_check_value(FF_CERTS, "ismap登録", buf, sizeof buf));
    /* 「その他」 shares bytes with 「、」 (E3 81 …): it must still be one choice */
    ck_assert_ptr_null(form_check_value(FF_CERTS, "その他", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_CERTS, "その他、ISMAP登録", buf, sizeof buf));
    /* an unknown choice after a long run of known ones is still found (no fixed-size cut-off) */
    char *s = malloc(8192);
    s[0] = 0;
    for (int i = 0; i < 100; i++) APPEND(s, 8192, "ISMAP登録、");
    ck_assert_ptr_null(form_check_value(FF_CERTS, s, buf, sizeof buf));
    APPEND(s, 8192, "自己宣言");
    ck_assert_ptr_nonnull(form_check_value(FF_CERTS, s, buf, sizeof buf));
    free(s);
}
END_TEST

/* ---- the whole form ---- */

START_TEST(validate_complete_forms_pass)
{
    const char *v[FF_COUNT];
    valid_83(v);
    form_issues is = run(v, false);
    if (is.n) dump(&is);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
    valid_84(v);
    is = run(v, false);
    if (is.n) dump(&is);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
    /* a 職員等 may file the §8-4 application (004 §8-4(2)①) */
    is = run(v, true);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
}
END_TEST

/* Required fields per track, listed by hand from the paper form: §8-3 asks for the full picture (003 §4(1)–(4)),
   §8-4 only the basics. Each one left empty gives an error on that field naming its label. */
static const form_field REQ_83[] = {FF_KIND,     FF_CONTACT,  FF_SERVICE_NAME, FF_PROVIDER, FF_SERVICE_TYPE,
                                    FF_PURPOSE,  FF_SCOPE,    FF_USER_SCOPE,   FF_INTEG,    FF_AVAIL,
                                    FF_PERSONAL, FF_MYNUMBER, FF_NETWORK,      FF_LOCATION, FF_LAW,
                                    FF_CONTRACT, FF_START,    FF_PROCUREMENT};
static const form_field REQ_84[] = {FF_KIND, FF_CONTACT, FF_SERVICE_NAME, FF_PROVIDER,
                                    FF_PURPOSE, FF_SCOPE, FF_PERSONAL, FF_START};

static bool listed(const form_field *v, size_t n, int f)
{
    for (size_t i = 0; i < n; i++)
        if ((int)v[i] == f) return true;
    return false;
}

START_TEST(validate_required_fields_83)
{
    for (int f = 0; f < FF_COUNT; f++) {
        if (f == FF_CONF || f == FF_END || f == FF_RENEWAL) continue;   /* tested on their own */
        const char *v[FF_COUNT];
        valid_83(v);
        v[f] = "";
        form_issues is = run(v, false);
        const form_issue *e = find(&is, f, ISSUE_ERROR);
        bool req = listed(REQ_83, sizeof REQ_83 / sizeof REQ_83[0], f);
        ck_assert_msg((e != NULL) == req, "§8-3: empty 「%s」 %s", form_field_def(f)->label,
                      req ? "was not refused" : "was refused");
        if (e) {
            ck_assert_contains(e->msg, form_field_def(f)->label);
            ck_assert_contains(e->msg, "必須");
        }
        if (!req) ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
        form_issues_clear(&is);
    }
}
END_TEST

START_TEST(validate_required_fields_84)
{
    for (int f = 0; f < FF_COUNT; f++) {
        if (f == FF_CONF || f == FF_END || f == FF_RENEWAL) continue;
        const char *v[FF_COUNT];
        valid_84(v);
        v[f] = "";
        form_issues is = run(v, true);
        const form_issue *e = find(&is, f, ISSUE_ERROR);
        bool req = listed(REQ_84, sizeof REQ_84 / sizeof REQ_84[0], f);
        ck_assert_msg((e != NULL) == req, "§8-4: empty 「%s」 %s", form_field_def(f)->label,
                      req ? "was not refused" : "was refused");
        if (e) ck_assert_contains(e->msg, form_field_def(f)->label);
        if (!req) ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
        form_issues_clear(&is);
    }
}
END_TEST

START_TEST(validate_conf_missing)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_CONF] = "";
    form_issues is = run(v, false);
    const form_issue *e = find(&is, FF_CONF, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "機密性");
    form_issues_clear(&is);
}
END_TEST

/* 003 §4(4)②: the register records 利用開始日 and 利用終了日又は予定日; the end cannot precede the start. */
START_TEST(validate_end_before_start)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_START] = "2027-04-01";
    v[FF_END] = "2027-03-31";
    form_issues is = run(v, false);
    const form_issue *e = find(&is, FF_END, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "利用終了予定日");
    ck_assert_contains(e->msg, "利用開始予定日");
    form_issues_clear(&is);
    v[FF_END] = "2027-04-01";   /* one-day use: same day is fine */
    is = run(v, false);
    ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
    form_issues_clear(&is);
    /* full-width input is compared as the date it means */
    v[FF_START] = "２０２７－０４－０１";
    v[FF_END] = "2027/3/1";
    is = run(v, false);
    ck_assert_ptr_nonnull(find(&is, FF_END, ISSUE_ERROR));
    form_issues_clear(&is);
}
END_TEST

/* 未定 (no 利用終了予定日) needs the next renewal date instead (003 §4(4)②). */
START_TEST(validate_undecided_end_needs_renewal)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_END] = "";
    v[FF_RENEWAL] = "";
    form_issues is = run(v, false);
    const form_issue *e = find(&is, FF_RENEWAL, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "次回更新日");
    ck_assert_contains(e->msg, "利用終了予定日");
    form_issues_clear(&is);
    v[FF_RENEWAL] = "2028-03-31";
    is = run(v, false);
    if (is.n) dump(&is);
    ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
    form_issues_clear(&is);
    v[FF_RENEWAL] = "2027-03-31";   /* before the start */
    is = run(v, false);
    e = find(&is, FF_RENEWAL, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "次回更新日");
    form_issues_clear(&is);
    /* the §8-4 track has the same rule */
    valid_84(v);
    v[FF_RENEWAL] = "";
    is = run(v, true);
    ck_assert_ptr_nonnull(find(&is, FF_RENEWAL, ISSUE_ERROR));
    form_issues_clear(&is);
}
END_TEST

/* 004 §8-3(5)①, §8-4(2)①: a 職員等 files only 機密性1 applications. */
START_TEST(validate_staff_filing_conf2_refused)
{
    const char *v[FF_COUNT];
    valid_83(v);
    form_issues is = run(v, true);
    const form_issue *e = find(&is, FF_CONF, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "職員等");
    ck_assert_contains(e->msg, "機密性");
    form_issues_clear(&is);
    v[FF_CONF] = "3B";
    is = run(v, true);
    ck_assert_ptr_nonnull(find(&is, FF_CONF, ISSUE_ERROR));
    form_issues_clear(&is);
    /* the same form by a 情報セキュリティ責任者 is fine */
    is = run(v, false);
    ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
    form_issues_clear(&is);
}
END_TEST

/* 004 §2(1): the 取扱制限 of a 機密性3B・3C information asset are set on the form; 機密性2 and 1 may leave it empty. */
START_TEST(validate_handling_required_for_conf3_004_2_1)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_HANDLING] = "";
    form_issues is = run(v, false);
    ck_assert_ptr_null(find(&is, FF_HANDLING, ISSUE_ERROR));   /* 機密性2 */
    form_issues_clear(&is);
    const char *confs[] = {"3B", "3C"};
    for (size_t i = 0; i < 2; i++) {
        v[FF_CONF] = confs[i];
        is = run(v, false);
        const form_issue *e = find(&is, FF_HANDLING, ISSUE_ERROR);
        ck_assert_msg(e != NULL, "機密性%s without 取扱制限 not refused", confs[i]);
        ck_assert_contains(e->msg, "「取扱制限」");
        ck_assert_contains(e->msg, "ポリシー004 §2(1)");
        form_issues_clear(&is);
    }
    v[FF_HANDLING] = "支給端末以外での作業の禁止、送信時の暗号化";
    is = run(v, false);
    ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
    form_issues_clear(&is);
    ck_assert_int_eq(form_field_by_name("取扱制限"), FF_HANDLING);
    ck_assert_str_eq(form_field_def(FF_HANDLING)->clause, "004 §2(1)");
}
END_TEST

/* 004 §2: personal information is 機密性2 or higher, so it cannot go on the 機密性1 track. */
START_TEST(validate_personal_info_with_conf1_refused_004_2)
{
    const char *v[FF_COUNT];
    valid_84(v);
    v[FF_PERSONAL] = "有";
    form_issues is = run(v, false);
    const form_issue *e = find(&is, FF_PERSONAL, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "個人情報の有無");
    ck_assert_contains(e->msg, "機密性");
    form_issues_clear(&is);
    v[FF_PERSONAL] = "無";
    v[FF_MYNUMBER] = "有";
    is = run(v, false);
    e = find(&is, FF_MYNUMBER, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "特定個人情報の有無");
    form_issues_clear(&is);
}
END_TEST

/* 003 §4(2)① 選定基準①: data kept in Japan under Japanese law. On §8-3 anything else is a 不適合 flag
   (approval then needs the CISO's 例外措置, 004 §7-4); the §8-4 track does not apply 選定基準. */
START_TEST(validate_selection_criterion_1_flags_83_only)
{
    const char *locs[] = {"国外", "不明"};
    for (size_t i = 0; i < 2; i++) {
        const char *v[FF_COUNT];
        valid_83(v);
        v[FF_LOCATION] = locs[i];
        form_issues is = run(v, false);
        const form_issue *fl = find(&is, FF_LOCATION, ISSUE_FLAG);
        ck_assert_msg(fl != NULL, "保存場所 %s not flagged", locs[i]);
        ck_assert_contains(fl->msg, "選定基準①");
        ck_assert_contains(fl->msg, "データの保存場所");
        ck_assert_contains(fl->msg, locs[i]);
        ck_assert_contains(fl->msg, "§7-4");
        ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);   /* a flag, not an error */
        ck_assert_int_eq(form_issues_count(&is, ISSUE_FLAG), 1);
        form_issues_clear(&is);
        /* §8-4: no flag */
        valid_84(v);
        v[FF_LOCATION] = locs[i];
        is = run(v, true);
        ck_assert_int_eq(is.n, 0);
        form_issues_clear(&is);
    }
    const char *laws[] = {"外国法又は外国の裁判所", "不明"};
    for (size_t i = 0; i < 2; i++) {
        const char *v[FF_COUNT];
        valid_83(v);
        v[FF_LAW] = laws[i];
        form_issues is = run(v, false);
        const form_issue *fl = find(&is, FF_LAW, ISSUE_FLAG);
        ck_assert_msg(fl != NULL, "準拠法 %s not flagged", laws[i]);
        ck_assert_contains(fl->msg, "選定基準①");
        ck_assert_contains(fl->msg, "準拠法・裁判管轄");
        ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
        form_issues_clear(&is);
        valid_84(v);
        v[FF_LAW] = laws[i];
        is = run(v, true);
        ck_assert_int_eq(is.n, 0);
        form_issues_clear(&is);
    }
    /* 国内 and 日本法 on 3B: no flag */
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_CONF] = "3B";
    form_issues is = run(v, false);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
    /* both at once: two flags */
    v[FF_LOCATION] = "国外";
    v[FF_LAW] = "外国法又は外国の裁判所";
    is = run(v, false);
    ck_assert_int_eq(form_issues_count(&is, ISSUE_FLAG), 2);
    form_issues_clear(&is);
}
END_TEST

/* 特定個人情報 belongs to the マイナンバー利用事務系, which stays separated from the other segments (ポリシー004
   §3(1)①, 総務省 guideline 000): on the LGWAN接続系 as on the インターネット接続系 it blocks submission, and the
   message names both fields. */
START_TEST(validate_mynumber_outside_its_segment_blocked_004_3_1)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_MYNUMBER] = "有";
    v[FF_PIA] = "要・実施済";
    const char *segments[] = {"インターネット接続系", "LGWAN接続系"};
    for (size_t i = 0; i < 2; i++) {
        v[FF_NETWORK] = segments[i];
        form_issues is = run(v, false);
        const form_issue *e = find(&is, FF_NETWORK, ISSUE_ERROR);
        ck_assert_msg(e != NULL, "%s not refused", segments[i]);
        ck_assert_contains(e->msg, "特定個人情報の有無");
        ck_assert_contains(e->msg, "接続するネットワーク");
        ck_assert_contains(e->msg, segments[i]);
        ck_assert_contains(e->msg, "004 §3(1)①");
        form_issues_clear(&is);
    }
    /* on マイナンバー利用事務系 or without 特定個人情報: nothing */
    v[FF_NETWORK] = "マイナンバー利用事務系";
    form_issues is = run(v, false);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
    v[FF_NETWORK] = "LGWAN接続系";
    v[FF_MYNUMBER] = "無";
    is = run(v, false);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
}
END_TEST

/* §8-3 on 約款 only, without any 第三者認証: the 選定基準 cannot be agreed in a 基本契約 or SLA (003 §4(2)) and the
   provider's reliability cannot be judged from a certification either (004 §8-3(3)⑩) — flagged, so the approval
   waits for the CISO's 例外措置 (§7-4). With a certification, or an individual contract, or on §8-4: no flag. */
START_TEST(validate_terms_only_without_certification_flagged_004_8_3_3_10)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_CONTRACT] = "約款";
    v[FF_CERTS] = "";
    form_issues is = run(v, false);
    const form_issue *fl = find(&is, FF_CONTRACT, ISSUE_FLAG);
    ck_assert_ptr_nonnull(fl);
    ck_assert_contains(fl->msg, "約款");
    ck_assert_contains(fl->msg, "第三者認証");
    ck_assert_contains(fl->msg, "§8-3(3)⑩");
    ck_assert_int_eq(form_issues_count(&is, ISSUE_ERROR), 0);
    ck_assert_int_eq(form_issues_count(&is, ISSUE_FLAG), 1);
    form_issues_clear(&is);
    v[FF_CERTS] = "ISO/IEC 27017";
    is = run(v, false);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
    v[FF_CERTS] = "";
    v[FF_CONTRACT] = "個別契約・SLA";
    is = run(v, false);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
    valid_84(v);
    v[FF_CONTRACT] = "約款";
    is = run(v, true);
    ck_assert_int_eq(is.n, 0);
    form_issues_clear(&is);
}
END_TEST

/* 003 §4(1)⑤: 特定個人情報 needs a PIA; 「不要」 is flagged. */
START_TEST(validate_mynumber_pia_flagged_003_4_1_5)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_MYNUMBER] = "有";
    v[FF_PIA] = "不要";
    form_issues is = run(v, false);
    const form_issue *fl = find(&is, FF_PIA, ISSUE_FLAG);
    ck_assert_ptr_nonnull(fl);
    ck_assert_contains(fl->msg, "PIA");
    ck_assert_contains(fl->msg, "§4(1)⑤");
    form_issues_clear(&is);
}
END_TEST

START_TEST(validate_reports_bad_values_per_field)
{
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_START] = "2026-02-29";
    v[FF_SERVICE_NAME] = "bad\x01name";
    form_issues is = run(v, false);
    const form_issue *e = find(&is, FF_START, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "利用開始予定日");
    e = find(&is, FF_SERVICE_NAME, ISSUE_ERROR);
    ck_assert_ptr_nonnull(e);
    ck_assert_contains(e->msg, "クラウドサービス名");
    form_issues_clear(&is);
}
END_TEST

START_TEST(fields_table_and_lookup)
{
    const field_def *fd = form_fields();
    for (int f = 0; f < FF_COUNT; f++) {
        ck_assert_int_eq(fd[f].id, f);
        ck_assert_ptr_eq(form_field_def((form_field)f), &fd[f]);
        ck_assert_int_eq(form_field_by_name(fd[f].label), f);
        ck_assert_int_eq(form_field_by_name(fd[f].column), f);
    }
    ck_assert_int_eq(form_field_by_name("クラウドサービス名"), FF_SERVICE_NAME);
    ck_assert_int_eq(form_field_by_name("start_date"), FF_START);
    ck_assert_int_eq(form_field_by_name("存在しない項目"), -1);
    ck_assert_int_eq(form_field_by_name(NULL), -1);
    ck_assert_ptr_null(form_field_def(FF_COUNT));
}
END_TEST

START_TEST(normalize_values)
{
    char *s = form_normalize(FF_START, " ２０２６／４／１ ");
    ck_assert_str_eq(s, "2026-04-01");
    free(s);
    s = form_normalize(FF_SERVICE_NAME, "  電子申請サービス\t");
    ck_assert_str_eq(s, "電子申請サービス");
    free(s);
    s = form_normalize(FF_PURPOSE, "一行目\n二行目\n");
    ck_assert_str_eq(s, "一行目\n二行目\n");
    free(s);
    s = form_normalize(FF_START, "not a date");
    ck_assert_str_eq(s, "not a date");
    free(s);
    s = form_normalize(FF_REMARKS, NULL);
    ck_assert_str_eq(s, "");
    free(s);
}
END_TEST

/* A date typed wrong is echoed in the message, clipped on a character: a long value never leaves the message cut
   inside a character (it was copied whole into the 320-byte message) */
START_TEST(date_message_clips_the_echoed_value)
{
    char v[700] = "";
    for (int i = 0; i < 200; i++) APPEND(v, sizeof v, "あ");
    char buf[320];
    const char *m = form_check_value(FF_START, v, buf, sizeof buf);
    ck_assert_ptr_nonnull(m);
    ck_assert(text_valid_utf8(m, strlen(m)));
    ck_assert_ptr_nonnull(strstr(m, "「利用開始予定日」は実在する日付を入力してください（例 2026-11-30、令和8年11月30日。入力: あああ"));
    ck_assert_ptr_nonnull(strstr(m, "~）"));   /* clipped, and the message is whole to its end */
    m = form_check_value(FF_START, "2026-02-30", buf, sizeof buf);
    ck_assert_str_eq(m, "「利用開始予定日」は実在する日付を入力してください（例 2026-11-30、令和8年11月30日。入力: 2026-02-30）");
}
END_TEST

/* The service's URL is a web address; 特定個人情報 needs its PIA answered (003 §4(1)⑤). */
START_TEST(url_and_pia_rules)
{
    char buf[320];
    ck_assert_ptr_null(form_check_value(FF_URL, "https://example.jp/", buf, sizeof buf));
    ck_assert_ptr_null(form_check_value(FF_URL, "http://intra.example/", buf, sizeof buf));
    ck_assert_ptr_nonnull(form_check_value(FF_URL, "ほげ", buf, sizeof buf));
    ck_assert_ptr_nonnull(strstr(buf, "「URL」"));
    ck_assert_ptr_nonnull(form_check_value(FF_URL, "example.jp", buf, sizeof buf));
    const char *v[FF_COUNT];
    valid_83(v);
    v[FF_MYNUMBER] = "有";
    v[FF_NETWORK] = "マイナンバー利用事務系";
    v[FF_PIA] = "";
    form_issues is = {0};
    form_validate(v, false, &is);
    bool pia_error = false;
    for (size_t i = 0; i < is.n; i++)
        pia_error |= is.v[i].field == FF_PIA && is.v[i].level == ISSUE_ERROR && strstr(is.v[i].msg, "003 §4(1)⑤");
    ck_assert(pia_error);
    form_issues_clear(&is);
    v[FF_PIA] = "要・実施済";
    form_validate(v, false, &is);
    ck_assert_uint_eq(form_issues_count(&is, ISSUE_ERROR), 0);
    form_issues_clear(&is);
}
END_TEST

static Suite *form_suite(void)
{
    Suite *s = suite_create("form");
    TCase *tc = tcase_create("track");
    tcase_add_test(tc, track_derivation);
    tcase_add_test(tc, conf_3a_refused_with_rule_text_003_4_1_6);
    suite_add_tcase(s, tc);

    tc = tcase_create("value");
    tcase_add_test(tc, check_value_control_characters);
    tcase_add_test(tc, check_value_invalid_utf8);
    tcase_add_test(tc, check_value_length_in_characters);
    tcase_add_test(tc, check_value_dates);
    tcase_add_test(tc, check_value_choices);
    tcase_add_test(tc, check_value_integers);
    tcase_add_test(tc, check_value_multi_certs);
    tcase_add_test(tc, fields_table_and_lookup);
    tcase_add_test(tc, normalize_values);
    suite_add_tcase(s, tc);

    tc = tcase_create("validate");
    tcase_add_test(tc, validate_complete_forms_pass);
    tcase_add_test(tc, validate_required_fields_83);
    tcase_add_test(tc, validate_required_fields_84);
    tcase_add_test(tc, validate_conf_missing);
    tcase_add_test(tc, validate_end_before_start);
    tcase_add_test(tc, validate_undecided_end_needs_renewal);
    tcase_add_test(tc, validate_staff_filing_conf2_refused);
    tcase_add_test(tc, validate_handling_required_for_conf3_004_2_1);
    tcase_add_test(tc, validate_personal_info_with_conf1_refused_004_2);
    tcase_add_test(tc, validate_selection_criterion_1_flags_83_only);
    tcase_add_test(tc, validate_mynumber_outside_its_segment_blocked_004_3_1);
    tcase_add_test(tc, validate_mynumber_pia_flagged_003_4_1_5);
    tcase_add_test(tc, validate_terms_only_without_certification_flagged_004_8_3_3_10);
    tcase_add_test(tc, validate_reports_bad_values_per_field);
    tcase_add_test(tc, date_message_clips_the_echoed_value);
    tcase_add_test(tc, url_and_pia_rules);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_form: the C.UTF-8 locale is not available\n");
        return 1;
    }
    SRunner *sr = srunner_create(form_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
