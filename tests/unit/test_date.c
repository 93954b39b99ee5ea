/* Unit tests for forms/date: real calendar dates, month arithmetic, 年度 (April–March), 和暦 and $KUMO_TODAY.
   Every expected value below was worked out by hand from the calendar. */
#include "forms/date.h"

#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ck_assert_date(got, Y, M, D)                                                                       \
    do {                                                                                                   \
        kdate g_ = (got);                                                                                  \
        ck_assert_msg(g_.y == (Y) && g_.m == (M) && g_.d == (D), "got %04d-%02d-%02d, want %04d-%02d-%02d", \
                      g_.y, g_.m, g_.d, (Y), (M), (D));                                                    \
    } while (0)

/* ---- date_parse ---- */

START_TEST(parse_valid_iso)
{
    kdate d = {0};
    ck_assert(date_parse("2026-04-01", &d));
    ck_assert_date(d, 2026, 4, 1);
    ck_assert(date_parse("2026-12-31", &d));
    ck_assert_date(d, 2026, 12, 31);
    ck_assert(date_parse("2027-01-01", &d));
    ck_assert_date(d, 2027, 1, 1);
    /* surrounding spaces are tolerated, as typed into a field */
    ck_assert(date_parse(" 2026-11-23 ", &d));
    ck_assert_date(d, 2026, 11, 23);
    /* out may be NULL: a pure validity check */
    ck_assert(date_parse("2026-04-01", NULL));
}
END_TEST

START_TEST(parse_leap_days)
{
    kdate d = {0};
    ck_assert(!date_parse("2026-02-29", &d));   /* 2026 is not a leap year */
    ck_assert(!date_parse("2027-02-29", &d));
    ck_assert(date_parse("2028-02-29", &d));    /* 2028 is */
    ck_assert_date(d, 2028, 2, 29);
    ck_assert(date_parse("2000-02-29", &d));    /* divisible by 400: leap */
    ck_assert(!date_parse("2100-02-29", &d));   /* divisible by 100, not 400: not leap */
    ck_assert(!date_parse("2028-02-30", &d));
    ck_assert(date_parse("2026-02-28", &d));
}
END_TEST

START_TEST(parse_rejects_impossible_dates)
{
    kdate d = {1, 1, 1};
    ck_assert(!date_parse("2026-13-01", &d));
    ck_assert(!date_parse("2026-00-10", &d));
    ck_assert(!date_parse("2026-04-31", &d));   /* April has 30 days */
    ck_assert(!date_parse("2026-06-31", &d));
    ck_assert(!date_parse("2026-09-31", &d));
    ck_assert(!date_parse("2026-11-31", &d));
    ck_assert(!date_parse("2026-01-32", &d));
    ck_assert(!date_parse("2026-01-00", &d));
    /* a failed parse leaves out alone */
    ck_assert_date(d, 1, 1, 1);
}
END_TEST

START_TEST(parse_rejects_garbage)
{
    kdate d;
    ck_assert(!date_parse(NULL, &d));
    ck_assert(!date_parse("", &d));
    ck_assert(!date_parse("   ", &d));
    ck_assert(!date_parse("abc", &d));
    ck_assert(!date_parse("2026-04", &d));
    ck_assert(!date_parse("2026-04-", &d));
    ck_assert(!date_parse("20260401", &d));
    ck_assert(!date_parse("2026-04-01x", &d));
    ck_assert(!date_parse("2026-04-01 10:00", &d));
    ck_assert(!date_parse("x2026-04-01", &d));
    ck_assert(!date_parse("2026..04.01", &d));
    ck_assert(!date_parse("12026-04-01", &d));  /* five-digit year */
    ck_assert(!date_parse("2026-004-01", &d));  /* three-digit month */
    ck_assert(!date_parse("2026-04-001", &d));
    ck_assert(!date_parse("-2026-04-01", &d));
    ck_assert(!date_parse("令和8年13月1日", &d));
    ck_assert(!date_parse("昭和60年4月1日", &d));   /* an era kumo does not read */
    ck_assert(!date_parse("1899-12-31", &d));   /* before the supported range */
}
END_TEST

/* 和暦 as the paper form writes it, and 年月日 (what a user copies from a printed 申請書). */
START_TEST(parse_wareki_and_kanji)
{
    kdate d;
    ck_assert(date_parse("令和8年4月1日", &d));
    ck_assert_int_eq(d.y, 2026); ck_assert_int_eq(d.m, 4); ck_assert_int_eq(d.d, 1);
    ck_assert(date_parse("令和元年5月1日", &d));
    ck_assert_int_eq(d.y, 2019); ck_assert_int_eq(d.m, 5); ck_assert_int_eq(d.d, 1);
    ck_assert(date_parse("R8.12.1", &d));
    ck_assert_int_eq(d.y, 2026); ck_assert_int_eq(d.m, 12); ck_assert_int_eq(d.d, 1);
    ck_assert(date_parse("令和８年１２月３日", &d));   /* full-width digits */
    ck_assert_int_eq(d.y, 2026); ck_assert_int_eq(d.m, 12); ck_assert_int_eq(d.d, 3);
    ck_assert(date_parse("平成31年4月30日", &d));
    ck_assert_int_eq(d.y, 2019); ck_assert_int_eq(d.m, 4); ck_assert_int_eq(d.d, 30);
    ck_assert(date_parse("H31.4.30", &d));
    ck_assert(date_parse("2026年4月1日", &d));
    ck_assert_int_eq(d.y, 2026); ck_assert_int_eq(d.m, 4); ck_assert_int_eq(d.d, 1);
    ck_assert(date_parse("2026.4.1", &d));
    /* a date outside its era does not exist on paper */
    ck_assert(!date_parse("令和元年4月30日", &d));     /* still 平成 */
    ck_assert(!date_parse("平成31年5月1日", &d));      /* already 令和 */
    ck_assert(!date_parse("令和8年2月29日", &d));      /* 2026 is not a leap year */
    ck_assert(date_parse("令和10年2月29日", &d));      /* 2028 is */
}
END_TEST

START_TEST(parse_full_width_and_slashes)
{
    kdate d = {0};
    /* full-width digits ０-９ and full-width hyphen－, as a Japanese IME types them */
    ck_assert(date_parse("２０２６－０４－０１", &d));
    ck_assert_date(d, 2026, 4, 1);
    ck_assert(date_parse("２０２６／１１／２３", &d));
    ck_assert_date(d, 2026, 11, 23);
    ck_assert(date_parse("2026/4/1", &d));
    ck_assert_date(d, 2026, 4, 1);
    ck_assert(date_parse("2026/04/01", &d));
    ck_assert_date(d, 2026, 4, 1);
    ck_assert(date_parse("2026-4-1", &d));
    ck_assert_date(d, 2026, 4, 1);
    /* full-width or not, an impossible date stays impossible */
    ck_assert(!date_parse("２０２６－０２－２９", &d));
    ck_assert(!date_parse("2026/4/31", &d));
}
END_TEST

START_TEST(valid_and_format)
{
    ck_assert(date_valid(2026, 4, 30));
    ck_assert(!date_valid(2026, 4, 31));
    ck_assert(!date_valid(2026, 0, 1));
    ck_assert(!date_valid(2026, 13, 1));
    ck_assert(date_valid(2024, 2, 29));
    ck_assert(!date_valid(2025, 2, 29));
    char buf[16];
    date_format((kdate){2026, 4, 1}, buf, sizeof buf);
    ck_assert_str_eq(buf, "2026-04-01");
    date_format((kdate){2027, 12, 31}, buf, sizeof buf);
    ck_assert_str_eq(buf, "2027-12-31");
}
END_TEST

START_TEST(compare)
{
    ck_assert_int_eq(date_cmp((kdate){2026, 4, 1}, (kdate){2026, 4, 1}), 0);
    ck_assert_int_lt(date_cmp((kdate){2026, 3, 31}, (kdate){2026, 4, 1}), 0);
    ck_assert_int_gt(date_cmp((kdate){2027, 1, 1}, (kdate){2026, 12, 31}), 0);
    ck_assert_int_lt(date_cmp((kdate){2026, 4, 1}, (kdate){2026, 4, 2}), 0);
}
END_TEST

/* ---- month arithmetic ---- */

START_TEST(add_months_end_of_month_clamp)
{
    ck_assert_date(date_add_months((kdate){2026, 1, 31}, 1), 2026, 2, 28);
    ck_assert_date(date_add_months((kdate){2028, 1, 31}, 1), 2028, 2, 29);   /* leap February */
    ck_assert_date(date_add_months((kdate){2026, 3, 31}, 1), 2026, 4, 30);
    ck_assert_date(date_add_months((kdate){2026, 8, 31}, 1), 2026, 9, 30);
    ck_assert_date(date_add_months((kdate){2026, 5, 31}, 1), 2026, 6, 30);
    ck_assert_date(date_add_months((kdate){2026, 1, 30}, 1), 2026, 2, 28);
    ck_assert_date(date_add_months((kdate){2026, 1, 15}, 1), 2026, 2, 15);
}
END_TEST

START_TEST(add_months_leap_clamp_and_years)
{
    /* the one-year 利用状況確認期限 from an approval on 29 February */
    ck_assert_date(date_add_months((kdate){2024, 2, 29}, 12), 2025, 2, 28);
    ck_assert_date(date_add_months((kdate){2028, 2, 29}, 12), 2029, 2, 28);
    ck_assert_date(date_add_months((kdate){2028, 2, 29}, 48), 2032, 2, 29);
    ck_assert_date(date_add_months((kdate){2026, 11, 23}, 12), 2027, 11, 23);
    ck_assert_date(date_add_months((kdate){2026, 12, 15}, 1), 2027, 1, 15);
    ck_assert_date(date_add_months((kdate){2026, 11, 30}, 3), 2027, 2, 28);
    ck_assert_date(date_add_months((kdate){2026, 4, 1}, 0), 2026, 4, 1);
}
END_TEST

START_TEST(add_months_backwards)
{
    ck_assert_date(date_add_months((kdate){2026, 3, 31}, -1), 2026, 2, 28);
    ck_assert_date(date_add_months((kdate){2026, 1, 15}, -1), 2025, 12, 15);
    ck_assert_date(date_add_months((kdate){2025, 2, 28}, -12), 2024, 2, 28);
    ck_assert_date(date_add_months((kdate){2028, 3, 31}, -1), 2028, 2, 29);
}
END_TEST

/* ---- 年度 ---- */

/* Arithmetic never leaves the dates kumo knows: 9999-12-31 + 12 months stays 9999-12-31 (the fuzzer found an
   imported 承認日 9999-12-31 giving a next review due stored as "10000-12-3"). */
START_TEST(arithmetic_stays_within_known_dates)
{
    char out[32];
    kdate last = {9999, 12, 31}, first = {1900, 1, 1};
    date_format(date_add_months(last, 12), out, sizeof out);
    ck_assert_str_eq(out, "9999-12-31");
    date_format(date_add_days(last, 1), out, sizeof out);
    ck_assert_str_eq(out, "9999-12-31");
    date_format(date_add_days(last, 2147483647L), out, sizeof out);
    ck_assert_str_eq(out, "9999-12-31");
    date_format(date_add_months(first, -1), out, sizeof out);
    ck_assert_str_eq(out, "1900-01-01");
    date_format(date_add_days(first, -40000000L), out, sizeof out);
    ck_assert_str_eq(out, "1900-01-01");
    date_format(date_add_months((kdate){9999, 1, 31}, 1), out, sizeof out);
    ck_assert_str_eq(out, "9999-02-28");
}
END_TEST

START_TEST(fiscal_year_boundaries)
{
    ck_assert_int_eq(date_fiscal_year((kdate){2027, 3, 31}), 2026);   /* still 令和8年度 */
    ck_assert_int_eq(date_fiscal_year((kdate){2027, 4, 1}), 2027);    /* 令和9年度 begins */
    ck_assert_int_eq(date_fiscal_year((kdate){2026, 3, 31}), 2025);
    ck_assert_int_eq(date_fiscal_year((kdate){2026, 4, 1}), 2026);
    ck_assert_int_eq(date_fiscal_year((kdate){2026, 11, 23}), 2026);
    ck_assert_int_eq(date_fiscal_year((kdate){2027, 1, 1}), 2026);
    ck_assert_int_eq(date_fiscal_year((kdate){2026, 12, 31}), 2026);
    ck_assert_date(date_fy_start(2026), 2026, 4, 1);
    ck_assert_date(date_fy_end(2026), 2027, 3, 31);
}
END_TEST

/* ---- 和暦 ---- */

START_TEST(wareki_era_change)
{
    char buf[64];
    /* 平成 ended on 30 April 2019; 令和 began on 1 May 2019 and its first year is 元年 */
    date_wareki((kdate){2019, 4, 30}, buf, sizeof buf);
    ck_assert_str_eq(buf, "平成31年4月30日");
    date_wareki((kdate){2019, 5, 1}, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和元年5月1日");
    date_wareki((kdate){2019, 12, 31}, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和元年12月31日");
    date_wareki((kdate){2020, 1, 1}, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和2年1月1日");
    date_wareki((kdate){2026, 4, 1}, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和8年4月1日");
    date_wareki((kdate){2026, 11, 23}, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和8年11月23日");
    date_wareki((kdate){2018, 4, 1}, buf, sizeof buf);
    ck_assert_str_eq(buf, "平成30年4月1日");
    date_wareki((kdate){1989, 1, 8}, buf, sizeof buf);
    ck_assert_str_eq(buf, "平成元年1月8日");
}
END_TEST

START_TEST(reiwa_year_and_fy_label)
{
    ck_assert_int_eq(date_reiwa_year(2019), 1);
    ck_assert_int_eq(date_reiwa_year(2026), 8);
    ck_assert_int_eq(date_reiwa_year(2027), 9);
    ck_assert_int_eq(date_reiwa_year(2018), 0);
    char buf[64];
    date_fy_label(2026, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和8年度");
    date_fy_label(2027, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和9年度");
    date_fy_label(2019, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和元年度");
    date_fy_label(2020, buf, sizeof buf);
    ck_assert_str_eq(buf, "令和2年度");
}
END_TEST

/* ---- day numbers ---- */

START_TEST(days_known_values)
{
    ck_assert_int_eq(date_to_days((kdate){1970, 1, 1}), 0);
    ck_assert_int_eq(date_to_days((kdate){1970, 1, 2}), 1);
    ck_assert_int_eq(date_to_days((kdate){1969, 12, 31}), -1);
    /* 30 years of 365 days plus the 7 leap days 1972…1996 = 10957 */
    ck_assert_int_eq(date_to_days((kdate){2000, 1, 1}), 10957);
    /* + 31 (January) + 29 (February 2000) */
    ck_assert_int_eq(date_to_days((kdate){2000, 3, 1}), 11017);
    ck_assert_date(date_add_days((kdate){2026, 12, 31}, 1), 2027, 1, 1);
    ck_assert_date(date_add_days((kdate){2028, 2, 28}, 1), 2028, 2, 29);
    ck_assert_date(date_add_days((kdate){2027, 2, 28}, 1), 2027, 3, 1);
    ck_assert_date(date_add_days((kdate){2026, 11, 23}, 365), 2027, 11, 23);
    ck_assert_date(date_add_days((kdate){2026, 3, 1}, -1), 2026, 2, 28);
}
END_TEST

START_TEST(days_round_trip)
{
    /* every day from 1900-01-01 to 2100-12-31: days are consecutive and convert back to the same date */
    kdate d = {1900, 1, 1};
    long n = date_to_days(d);
    long count = 0;
    while (date_cmp(d, (kdate){2100, 12, 31}) <= 0) {
        ck_assert(date_valid(d.y, d.m, d.d));
        ck_assert_int_eq(date_to_days(d), n);
        kdate back = date_from_days(n);
        ck_assert_int_eq(date_cmp(back, d), 0);
        /* next calendar day by hand */
        kdate next = d;
        if (date_valid(d.y, d.m, d.d + 1)) next.d++;
        else if (d.m < 12) { next.m++; next.d = 1; }
        else { next.y++; next.m = 1; next.d = 1; }
        d = next;
        n++;
        count++;
    }
    /* 201 years, of which 49 are leap (1904…2096, every fourth year except 1900 and 2100; 2000 is leap) */
    ck_assert_int_eq(count, 201 * 365 + 49);
}
END_TEST

/* ---- today ---- */

START_TEST(today_honours_kumo_today)
{
    setenv("KUMO_TODAY", "2026-11-23", 1);
    ck_assert_date(date_today(), 2026, 11, 23);
    setenv("KUMO_TODAY", "２０２７／３／３１", 1);
    ck_assert_date(date_today(), 2027, 3, 31);
}
END_TEST

START_TEST(today_ignores_bad_kumo_today)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    kdate real = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    /* an impossible or empty date falls back to the clock (allowing for midnight between the two reads) */
    const char *bad[] = {"2026-02-30", "", "tomorrow"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("KUMO_TODAY", bad[i], 1);
        kdate t = date_today();
        long diff = date_to_days(t) - date_to_days(real);
        ck_assert_msg(diff == 0 || diff == 1, "KUMO_TODAY=%s gave %04d-%02d-%02d", bad[i], t.y, t.m, t.d);
    }
    unsetenv("KUMO_TODAY");
    kdate t = date_today();
    long diff = date_to_days(t) - date_to_days(real);
    ck_assert(diff == 0 || diff == 1);
}
END_TEST

/* --fy as people type it (issue 11): 西暦, 令和 and 平成 years, with or without 年度 */
START_TEST(fiscal_year_as_typed)
{
    static const struct { const char *in; int fy; } OK[] = {
        {"2026", 2026}, {"2026年度", 2026}, {"R8", 2026}, {"r8", 2026}, {"令和8", 2026}, {"令和8年度", 2026},
        {"令和元年度", 2019}, {"R1", 2019}, {"H30", 2018}, {"平成31年度", 2019}, {" R7 ", 2025}, {"Ｒ８", 0},
    };
    for (size_t i = 0; i < sizeof OK / sizeof OK[0]; i++) {
        int fy = -1;
        bool ok = date_parse_fy(OK[i].in, &fy);
        if (!OK[i].fy) {
            ck_assert_msg(!ok, "%s", OK[i].in);   /* full-width R is not an era letter here */
            continue;
        }
        ck_assert_msg(ok && fy == OK[i].fy, "%s → %d (want %d)", OK[i].in, fy, OK[i].fy);
    }
    const char *bad[] = {"", "R", "令和", "R0", "H32", "8", "202", "20266", "2026-04", "R8.4", "R123", "令和8年度x", "1989"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) ck_assert_msg(!date_parse_fy(bad[i], NULL), "%s", bad[i]);
}
END_TEST

static Suite *date_suite(void)
{
    Suite *s = suite_create("date");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, parse_valid_iso);
    tcase_add_test(tc, parse_leap_days);
    tcase_add_test(tc, parse_rejects_impossible_dates);
    tcase_add_test(tc, parse_rejects_garbage);
    tcase_add_test(tc, parse_full_width_and_slashes);
    tcase_add_test(tc, parse_wareki_and_kanji);
    tcase_add_test(tc, valid_and_format);
    tcase_add_test(tc, compare);
    suite_add_tcase(s, tc);

    tc = tcase_create("months");
    tcase_add_test(tc, add_months_end_of_month_clamp);
    tcase_add_test(tc, add_months_leap_clamp_and_years);
    tcase_add_test(tc, add_months_backwards);
    tcase_add_test(tc, arithmetic_stays_within_known_dates);
    suite_add_tcase(s, tc);

    tc = tcase_create("nendo_wareki");
    tcase_add_test(tc, fiscal_year_boundaries);
    tcase_add_test(tc, wareki_era_change);
    tcase_add_test(tc, reiwa_year_and_fy_label);
    suite_add_tcase(s, tc);

    tc = tcase_create("days");
    tcase_add_test(tc, days_known_values);
    tcase_add_test(tc, days_round_trip);
    tcase_add_test(tc, today_honours_kumo_today);
    tcase_add_test(tc, today_ignores_bad_kumo_today);
    tcase_add_test(tc, fiscal_year_as_typed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    SRunner *sr = srunner_create(date_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
