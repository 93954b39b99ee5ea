/* Unit tests for forms/service_form: the 利用状況確認 (規定003 §4(8)) and 終了連絡 (§4(4)③, §4(7); ポリシー004
   §8-3(8)) field tables and their rules, which both the entry screen and the domain use. Expected messages were
   written by hand from those clauses. */
#include "forms/service_form.h"
#include "forms/text.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#define ck_assert_contains(hay, needle) \
    ck_assert_msg(strstr((hay), (needle)) != NULL, "「%s」 lacks 「%s」", (hay), (needle))

static const kdate TODAY = {2026, 11, 23};

/* A 利用状況確認 that breaks no rule. */
static void valid_review(const char *v[RV__COUNT])
{
    for (int i = 0; i < RV__COUNT; i++) v[i] = "";
    v[RV_DATE] = "2026-11-20";
    v[RV_USAGE] = "継続";
    v[RV_USERS] = "25";
    v[RV_TERMS] = "無";
    v[RV_INCIDENT] = "無";
}

/* A 終了連絡 that breaks no rule for a 機密性2 service ending after today. */
static void valid_termination(const char *v[TM__COUNT])
{
    for (int i = 0; i < TM__COUNT; i++) v[i] = "";
    v[TM_END] = "2026-12-31";
    v[TM_PLAN] = "作成済";
    v[TM_NOTICE] = "2026-12-01";
    v[TM_DISPOSAL] = "暗号化消去";
    v[TM_ACC_USERS] = "削除予定";
    v[TM_ACC_PRIV] = "削除済";
    v[TM_ACC_SPECIAL] = "該当なし";
}

/* Checks a review and returns the message (NULL: passes); *field gets the field named. */
static const char *review(const char *v[RV__COUNT], char *buf, size_t n, int *field)
{
    *field = -1;
    return sform_review_check(v, TODAY, buf, n, field);
}

static const char *termination(const char *v[TM__COUNT], const char *conf, char *buf, size_t n, int *field)
{
    *field = -1;
    return sform_termination_check(v, conf, TODAY, buf, n, field);
}

/* The tables themselves: what the screen shows must be something the domain accepts. */
START_TEST(tables_are_complete)
{
    const sform *forms[] = {sform_review(), sform_termination()};
    const int counts[] = {RV__COUNT, TM__COUNT};
    char buf[512];
    for (size_t f = 0; f < 2; f++) {
        const sform *sf = forms[f];
        ck_assert_int_eq(sf->n, counts[f]);
        for (int i = 0; i < sf->n; i++) {
            const sform_field *d = &sf->fields[i];
            ck_assert_msg(d->label && *d->label, "%s field %d has no label", sf->name, i);
            for (int j = 0; j < i; j++) ck_assert_str_ne(d->label, sf->fields[j].label);
            if (d->type == FT_CHOICE) ck_assert_msg(d->choices && d->choices[0], "%s: no choices", d->label);
            if (d->type == FT_TEXT || d->type == FT_LONGTEXT) ck_assert_int_gt(d->max_chars, 0);
            /* a value a new form starts with passes its own field's check */
            if (d->initial) ck_assert_ptr_null(sform_check_value(sf, i, d->initial, buf, sizeof buf));
        }
        for (int r = 0; r < sf->nrules; r++) {
            ck_assert(sf->rules[r].field >= 0 && sf->rules[r].field < sf->n);
            ck_assert(sf->rules[r].when_field >= 0 && sf->rules[r].when_field < sf->n);
            ck_assert(sf->rules[r].or_field < sf->n);
            /* a field required by a rule says so on the screen */
            ck_assert_msg(sf->fields[sf->rules[r].field].hint, "%s: rule without a hint",
                          sf->fields[sf->rules[r].field].label);
        }
    }
    ck_assert_str_eq(sform_review()->fields[RV_USAGE].label, "利用状況");
    ck_assert_str_eq(sform_termination()->fields[TM_ACC_USERS].label, "利用者アカウントの削除");
}
END_TEST

START_TEST(complete_forms_pass)
{
    const char *v[RV__COUNT];
    const char *t[TM__COUNT];
    char buf[512];
    int field;
    valid_review(v);
    ck_assert_ptr_null(review(v, buf, sizeof buf, &field));
    valid_termination(t);
    ck_assert_ptr_null(termination(t, "2", buf, sizeof buf, &field));
}
END_TEST

/* Every required field, left empty, is named in the message and reported as the field at fault. */
START_TEST(required_fields_are_named)
{
    char buf[512];
    int field;
    const sform *rf = sform_review();
    for (int i = 0; i < RV__COUNT; i++) {
        if (!rf->fields[i].required) continue;
        const char *v[RV__COUNT];
        valid_review(v);
        v[i] = "";
        ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
        ck_assert_int_eq(field, i);
        char quoted[128];
        snprintf(quoted, sizeof quoted, "「%s」", rf->fields[i].label);
        ck_assert_contains(buf, quoted);
    }
    const sform *tf = sform_termination();
    for (int i = 0; i < TM__COUNT; i++) {
        if (!tf->fields[i].required) continue;
        const char *v[TM__COUNT];
        valid_termination(v);
        v[i] = NULL;   /* NULL counts as empty */
        ck_assert_ptr_nonnull(termination(v, "2", buf, sizeof buf, &field));
        ck_assert_int_eq(field, i);
        char quoted[128];
        snprintf(quoted, sizeof quoted, "「%s」", tf->fields[i].label);
        ck_assert_contains(buf, quoted);
    }
}
END_TEST

/* A choice outside the list names the field and lists the choices of the table, with the rule's clause. */
START_TEST(choices_come_from_the_table)
{
    const char *v[RV__COUNT];
    char buf[512];
    int field;
    valid_review(v);
    v[RV_USAGE] = "休止";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_int_eq(field, RV_USAGE);
    ck_assert_str_eq(buf, "「利用状況」は 継続・変更あり・終了予定 のいずれかを選んでください");
    valid_review(v);
    v[RV_TERMS] = "あり";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_str_eq(buf, "「規約・設定変更の有無」は 無・有 のいずれかを選んでください（提供者選定基準⑪）");
    const char *t[TM__COUNT];
    valid_termination(t);
    t[TM_ACC_PRIV] = "済";
    ck_assert_ptr_nonnull(termination(t, "2", buf, sizeof buf, &field));
    ck_assert_int_eq(field, TM_ACC_PRIV);
    ck_assert_str_eq(buf, "「特権アカウントの削除」は 削除済・削除予定・該当なし のいずれかを選んでください（規定003 §4(7)③）");
}
END_TEST

/* 規定003 §4(8): what a review reports decides what else it must say. */
START_TEST(review_rules_003_4_8)
{
    const char *v[RV__COUNT];
    char buf[512];
    int field;
    /* 変更あり, or 規約・設定変更 有 (選定基準⑪), needs 変更の内容 */
    valid_review(v);
    v[RV_USAGE] = "変更あり";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_int_eq(field, RV_CHANGE);
    ck_assert_contains(buf, "「変更の内容」を入力してください（提供者選定基準⑪）");
    valid_review(v);
    v[RV_TERMS] = "有";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_int_eq(field, RV_CHANGE);
    v[RV_CHANGE] = "ログの保存期間が短縮された";
    ck_assert_ptr_null(review(v, buf, sizeof buf, &field));
    /* an incident needs its description */
    valid_review(v);
    v[RV_INCIDENT] = "有";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_int_eq(field, RV_INCIDENT_DETAIL);
    ck_assert_contains(buf, "「インシデントの内容」");
    /* something inappropriate is referred to someone (相談) */
    valid_review(v);
    v[RV_INAPPROPRIATE] = "管理者権限の付与が多すぎる";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_int_eq(field, RV_REFERRED);
    ck_assert_contains(buf, "「相談先」");
    ck_assert_contains(buf, "規定003 §4(8)");
    v[RV_REFERRED] = "統括情報セキュリティ責任者";
    ck_assert_ptr_null(review(v, buf, sizeof buf, &field));
}
END_TEST

START_TEST(review_dates_and_counts)
{
    const char *v[RV__COUNT];
    char buf[512];
    int field;
    valid_review(v);
    v[RV_DATE] = "2026-02-30";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_contains(buf, "「確認日」は実在する日付");
    v[RV_DATE] = "2026-11-24";   /* tomorrow */
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_int_eq(field, RV_DATE);
    ck_assert_contains(buf, "今日（2026-11-23）以前");
    v[RV_DATE] = "令和8年11月23日";   /* today, as people write it */
    ck_assert_ptr_null(review(v, buf, sizeof buf, &field));
    const char *bad[] = {"-1", "1.5", "10000000", "10人"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        valid_review(v);
        v[RV_USERS] = bad[i];
        ck_assert_msg(review(v, buf, sizeof buf, &field) != NULL, "利用者数 %s passed", bad[i]);
        ck_assert_int_eq(field, RV_USERS);
        ck_assert_contains(buf, "「利用者数」は0以上の整数（9999999以下）");
    }
    valid_review(v);
    v[RV_USERS] = "9999999";
    ck_assert_ptr_null(review(v, buf, sizeof buf, &field));
}
END_TEST

/* Every numeric and date field is normalised the one way the 申請書's are (forms/form.c form_normalize_typed):
   利用者数 typed in full-width digits with separators, a date typed in 和暦 at its longest (令和10年12月31日). */
START_TEST(values_are_normalised_like_the_application)
{
    const char *v[RV__COUNT];
    char buf[512];
    int field;
    valid_review(v);
    v[RV_USERS] = "　１，２００ ";
    v[RV_DATE] = "令和8年11月23日";
    sform_values nv;
    ck_assert(sform_values_normalize(sform_review(), v, &nv));
    ck_assert_int_eq(nv.n, RV__COUNT);
    ck_assert_str_eq(nv.v[RV_USERS], "1200");
    ck_assert_str_eq(nv.v[RV_DATE], "2026-11-23");
    ck_assert_ptr_null(review((const char **)nv.v, buf, sizeof buf, &field));
    sform_values_clear(&nv);
    ck_assert_int_eq(nv.n, 0);
    /* the longest 和暦 date fits what may be typed */
    ck_assert_int_ge(FORM_DATE_INPUT_CHARS, (int)text_chars("令和10年12月31日"));
    ck_assert_int_ge(FORM_DATE_INPUT_CHARS, (int)text_chars("２０２６年１２月３１日"));
    ck_assert_int_ge(FORM_INT_INPUT_CHARS, (int)text_chars("１，２３４，５６７"));
    const char *t[TM__COUNT] = {0};
    t[TM_END] = "令和10年12月31日";
    ck_assert(sform_values_normalize(sform_termination(), t, &nv));
    ck_assert_str_eq(nv.v[TM_END], "2028-12-31");
    ck_assert_str_eq(nv.v[TM_PLAN], "");
    sform_values_clear(&nv);
}
END_TEST

/* Lengths count characters, not bytes; control characters are refused by name. */
START_TEST(text_fields_count_characters)
{
    const char *v[RV__COUNT];
    char buf[512], text[401 * 3 + 1] = "";
    int field;
    for (int i = 0; i < 401; i++) memcpy(text + 3 * i, "あ", 3);   /* 401 three-byte characters; text ends zeroed */
    valid_review(v);
    v[RV_INAPPROPRIATE] = text;
    v[RV_REFERRED] = "統括";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_int_eq(field, RV_INAPPROPRIATE);
    ck_assert_contains(buf, "「不適切と考えられる事項」は400文字以内で入力してください（現在401文字）");
    text[400 * 3] = 0;
    ck_assert_ptr_null(review(v, buf, sizeof buf, &field));
    v[RV_REFERRED] = "統括\x01";
    ck_assert_ptr_nonnull(review(v, buf, sizeof buf, &field));
    ck_assert_contains(buf, "「相談先」に制御文字");
}
END_TEST

/* 規定003 §4(7)①: a plan, or why none is needed; users told before the end. */
START_TEST(termination_plan_and_notice_003_4_7_1)
{
    const char *v[TM__COUNT];
    char buf[512];
    int field;
    valid_termination(v);
    v[TM_PLAN] = "不要";
    ck_assert_ptr_nonnull(termination(v, "2", buf, sizeof buf, &field));
    ck_assert_int_eq(field, TM_PLAN_REASON);
    ck_assert_contains(buf, "「不要の理由」");
    ck_assert_contains(buf, "規定003 §4(7)①");
    v[TM_PLAN_REASON] = "データは庁内システムへ移行済み";
    ck_assert_ptr_null(termination(v, "2", buf, sizeof buf, &field));
    v[TM_NOTICE] = "2027-01-05";
    ck_assert_ptr_nonnull(termination(v, "2", buf, sizeof buf, &field));
    ck_assert_int_eq(field, TM_NOTICE);
    ck_assert_contains(buf, "終了日（2026-12-31）以前");
}
END_TEST

/* 規定003 §4(7)②, ポリシー004 §8-3(8)③: a service that handled 機密性2以上 says how its information was disposed of;
   a 機密性1 service need not. */
START_TEST(termination_disposal_by_conf_003_4_7_2)
{
    const char *v[TM__COUNT];
    char buf[512];
    int field;
    valid_termination(v);
    v[TM_DISPOSAL] = "";
    const char *conf2[] = {"2", "3C", "3B"};
    for (size_t i = 0; i < 3; i++) {
        ck_assert_ptr_nonnull(termination(v, conf2[i], buf, sizeof buf, &field));
        ck_assert_int_eq(field, TM_DISPOSAL);
        char want[160];
        snprintf(want, sizeof want, "機密性%sの情報を取り扱ったサービスは「情報の廃棄方法」", conf2[i]);
        ck_assert_contains(buf, want);
        ck_assert_contains(buf, "規定003 §4(7)②");
    }
    ck_assert_ptr_null(termination(v, "1", buf, sizeof buf, &field));
    v[TM_DISPOSAL] = "焼却";
    ck_assert_ptr_nonnull(termination(v, "1", buf, sizeof buf, &field));
    ck_assert_contains(buf, "「情報の廃棄方法」は 暗号化消去・上書き消去・物理破壊・事業者の削除証明の受領 のいずれか");
}
END_TEST

/* 規定003 §4(7)③: once the 終了日 has come, no account may still be waiting to be deleted. */
START_TEST(termination_accounts_after_end_003_4_7_3)
{
    const char *v[TM__COUNT];
    char buf[512];
    int field;
    valid_termination(v);   /* 削除予定 before the 終了日: fine */
    ck_assert_ptr_null(termination(v, "2", buf, sizeof buf, &field));
    v[TM_END] = "2026-11-23";   /* today */
    v[TM_NOTICE] = "2026-11-01";
    ck_assert_ptr_nonnull(termination(v, "2", buf, sizeof buf, &field));
    ck_assert_int_eq(field, TM_ACC_USERS);
    ck_assert_contains(buf, "終了日を過ぎているため「利用者アカウントの削除」は 削除済 又は 該当なし");
    v[TM_ACC_USERS] = "削除済";
    v[TM_ACC_SPECIAL] = "削除予定";
    ck_assert_ptr_nonnull(termination(v, "2", buf, sizeof buf, &field));
    ck_assert_int_eq(field, TM_ACC_SPECIAL);
    v[TM_ACC_SPECIAL] = "該当なし";
    ck_assert_ptr_null(termination(v, "2", buf, sizeof buf, &field));
}
END_TEST

static Suite *service_form_suite(void)
{
    Suite *s = suite_create("service_form");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, tables_are_complete);
    tcase_add_test(tc, complete_forms_pass);
    tcase_add_test(tc, required_fields_are_named);
    tcase_add_test(tc, choices_come_from_the_table);
    tcase_add_test(tc, text_fields_count_characters);
    suite_add_tcase(s, tc);
    tc = tcase_create("rules");
    tcase_add_test(tc, review_rules_003_4_8);
    tcase_add_test(tc, review_dates_and_counts);
    tcase_add_test(tc, values_are_normalised_like_the_application);
    tcase_add_test(tc, termination_plan_and_notice_003_4_7_1);
    tcase_add_test(tc, termination_disposal_by_conf_003_4_7_2);
    tcase_add_test(tc, termination_accounts_after_end_003_4_7_3);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "test_service_form: the C.UTF-8 locale is not available\n");
        return 1;
    }
    SRunner *sr = srunner_create(service_form_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
