/* Unit tests for app/locale: the locale kumo draws with under LANG=C, LANG unset, a locale that is not generated
   (issue 11, "Locale and time"). check forks each test, so the environment set here stays in the test. */
#include "app/locale.h"

#include <check.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const C_UTF8[] = {"C.UTF-8", NULL};

/* Clears every variable setlocale reads, then sets one (name NULL: none). */
static void env_only(const char *name, const char *value)
{
    unsetenv("LC_ALL");
    unsetenv("LC_CTYPE");
    unsetenv("LANG");
    if (name) setenv(name, value, 1);
}

static int codeset_utf8(void) { return !strcmp(nl_langinfo(CODESET), "UTF-8"); }

START_TEST(utf8_environment_is_kept)
{
    env_only("LANG", "C.UTF-8");
    ck_assert_int_eq(kumo_locale_choose(C_UTF8), KUMO_LOCALE_UTF8);
    ck_assert(codeset_utf8());
    ck_assert_str_eq(kumo_locale_notice(), "");
    ck_assert_int_eq(kumo_locale_state_now(), KUMO_LOCALE_UTF8);
}
END_TEST

/* LANG=C (a cron job, a plain SSH login): ncursesw would draw ~H ~T garbage, so a UTF-8 locale is chosen and said. */
START_TEST(lang_c_falls_back_to_c_utf8)
{
    env_only("LANG", "C");
    ck_assert_int_eq(kumo_locale_choose(C_UTF8), KUMO_LOCALE_FALLBACK);
    ck_assert(codeset_utf8());
    ck_assert_int_gt((int)MB_CUR_MAX, 1);
    ck_assert_str_eq(kumo_locale_notice(), "ロケール LANG=C は UTF-8 ではないため、C.UTF-8 で表示します");
}
END_TEST

START_TEST(lc_all_is_the_one_named)
{
    env_only("LANG", "C.UTF-8");
    setenv("LC_ALL", "POSIX", 1);   /* LC_ALL wins over LANG, as setlocale reads them */
    ck_assert_int_eq(kumo_locale_choose(C_UTF8), KUMO_LOCALE_FALLBACK);
    ck_assert_str_eq(kumo_locale_notice(), "ロケール LC_ALL=POSIX は UTF-8 ではないため、C.UTF-8 で表示します");
}
END_TEST

START_TEST(unset_lang_falls_back)
{
    env_only(NULL, NULL);
    ck_assert_int_eq(kumo_locale_choose(C_UTF8), KUMO_LOCALE_FALLBACK);
    ck_assert(codeset_utf8());
    ck_assert_str_eq(kumo_locale_notice(), "ロケール（LANG）が設定されていないため、C.UTF-8 で表示します");
}
END_TEST

/* sshd passes the client's LANG=ja_JP.UTF-8 to a server that never generated it: setlocale fails. */
START_TEST(locale_not_generated_falls_back)
{
    env_only("LANG", "xx_XX.UTF-8");
    ck_assert_int_eq(kumo_locale_choose(C_UTF8), KUMO_LOCALE_FALLBACK);
    ck_assert(codeset_utf8());
    ck_assert_str_eq(kumo_locale_notice(), "ロケール LANG=xx_XX.UTF-8 はこのコンピュータにないため、C.UTF-8 で表示します");
}
END_TEST

/* The variable's value is shown on the screen: no escape sequence from the environment reaches the terminal. */
START_TEST(notice_shows_no_control_characters)
{
    env_only("LANG", "C\x1b]0;owned\x07");
    ck_assert_int_eq(kumo_locale_choose(C_UTF8), KUMO_LOCALE_FALLBACK);
    ck_assert_ptr_null(strchr(kumo_locale_notice(), '\x1b'));
    ck_assert_ptr_null(strchr(kumo_locale_notice(), '\x07'));
    ck_assert_ptr_nonnull(strstr(kumo_locale_notice(), "LANG=C??0?owned?"));
}
END_TEST

START_TEST(first_available_fallback_is_used)
{
    static const char *const names[] = {"xx_XX.UTF-8", "C.UTF-8", NULL};
    env_only("LANG", "C");
    ck_assert_int_eq(kumo_locale_choose(names), KUMO_LOCALE_FALLBACK);
    ck_assert_str_eq(setlocale(LC_CTYPE, NULL), "C.UTF-8");
}
END_TEST

/* A fallback that exists but is not UTF-8 (the C locale itself) is not taken. */
START_TEST(no_utf8_locale_at_all)
{
    static const char *const names[] = {"xx_XX.UTF-8", "C", "POSIX", NULL};
    env_only("LANG", "C");
    ck_assert_int_eq(kumo_locale_choose(names), KUMO_LOCALE_NONE);
    ck_assert_str_eq(setlocale(LC_CTYPE, NULL), "C");
    ck_assert_int_eq(kumo_locale_state_now(), KUMO_LOCALE_NONE);
    const char *m = kumo_locale_missing_message();
    ck_assert_ptr_nonnull(strstr(m, "UTF-8 のロケールがこのコンピュータにありません"));
    ck_assert_ptr_nonnull(strstr(m, "no UTF-8 locale is installed"));
}
END_TEST

/* libxlsxwriter prints numbers with %G: a decimal comma from the environment would corrupt every workbook. */
START_TEST(numeric_stays_c)
{
    env_only("LANG", "C.UTF-8");
    setenv("LC_NUMERIC", "de_DE.UTF-8", 1);
    kumo_locale_setup();
    ck_assert_str_eq(setlocale(LC_NUMERIC, NULL), "C");
    ck_assert_str_eq(localeconv()->decimal_point, ".");
    char buf[32];
    snprintf(buf, sizeof buf, "%.16G", 26.5);
    ck_assert_str_eq(buf, "26.5");
}
END_TEST

START_TEST(setup_finds_c_utf8_under_lang_c)
{
    env_only("LANG", "C");
    ck_assert_int_eq(kumo_locale_setup(), KUMO_LOCALE_FALLBACK);
    ck_assert(codeset_utf8());
}
END_TEST

static Suite *locale_suite(void)
{
    Suite *s = suite_create("locale");
    TCase *tc = tcase_create("choose");
    tcase_add_test(tc, utf8_environment_is_kept);
    tcase_add_test(tc, lang_c_falls_back_to_c_utf8);
    tcase_add_test(tc, lc_all_is_the_one_named);
    tcase_add_test(tc, unset_lang_falls_back);
    tcase_add_test(tc, locale_not_generated_falls_back);
    tcase_add_test(tc, notice_shows_no_control_characters);
    tcase_add_test(tc, first_available_fallback_is_used);
    tcase_add_test(tc, no_utf8_locale_at_all);
    tcase_add_test(tc, numeric_stays_c);
    tcase_add_test(tc, setup_finds_c_utf8_under_lang_c);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(locale_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
