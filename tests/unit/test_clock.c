/* Unit tests for forms/clock: today, 年度 and history times in the organisation's zone whatever the process's TZ
   (issue 11, "Locale and time": `TZ=Etc/GMT+12 kumo due` and a UTC server before 09:00 JST must use the Tokyo
   date). The instant is fixed with $KUMO_NOW; check forks each test, so the environment set here stays in it. */
#include "forms/clock.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "forms/date.h"

#define ck_assert_date(got, yy, mm, dd)                                                                           \
    do {                                                                                                          \
        kdate g_ = (got);                                                                                         \
        ck_assert_msg(g_.y == (yy) && g_.m == (mm) && g_.d == (dd), "got %04d-%02d-%02d, want %04d-%02d-%02d", \
                      g_.y, g_.m, g_.d, (yy), (mm), (dd));                                                        \
    } while (0)

/* The process's own zone, as a server or cron would set it. */
static void process_tz(const char *tz)
{
    setenv("TZ", tz, 1);
    tzset();
}

static void setup(void)
{
    unsetenv("KUMO_TODAY");
    unsetenv("KUMO_NOW");
    clock_unpin();
    ck_assert(clock_set_zone(CLOCK_DEFAULT_ZONE));
}

/* 2026-11-22 15:30 UTC = 2026-11-23 00:30 in Tokyo = 2026-11-22 03:30 at Etc/GMT+12. */
#define JUST_AFTER_MIDNIGHT_JST "2026-11-22T15:30:00Z"

START_TEST(today_is_tokyo_date_under_gmt_plus_12)
{
    process_tz("Etc/GMT+12");
    setenv("KUMO_NOW", JUST_AFTER_MIDNIGHT_JST, 1);
    ck_assert_date(clock_today(), 2026, 11, 23);
    ck_assert_date(date_today(), 2026, 11, 23);
}
END_TEST

START_TEST(today_is_tokyo_date_on_a_utc_server_before_9)
{
    process_tz("UTC");
    setenv("KUMO_NOW", JUST_AFTER_MIDNIGHT_JST, 1);
    ck_assert_date(date_today(), 2026, 11, 23);
    /* and one second before midnight in Tokyo it is still the 22nd */
    setenv("KUMO_NOW", "2026-11-22T14:59:59Z", 1);
    ck_assert_date(date_today(), 2026, 11, 22);
    setenv("KUMO_NOW", "2026-11-22T15:00:00Z", 1);
    ck_assert_date(date_today(), 2026, 11, 23);
}
END_TEST

/* 年度 turns on 1 April in Tokyo, not in the server's zone. */
START_TEST(fiscal_year_turns_in_tokyo)
{
    process_tz("UTC");
    setenv("KUMO_NOW", "2027-03-31T15:30:00Z", 1);   /* 2027-04-01 00:30 JST */
    ck_assert_int_eq(date_fiscal_year(date_today()), 2027);
    setenv("KUMO_NOW", "2027-03-31T14:30:00Z", 1);   /* 2027-03-31 23:30 JST */
    ck_assert_int_eq(date_fiscal_year(date_today()), 2026);
}
END_TEST

/* The conversion leaves the process's TZ as it was: nothing else in the program sees the organisation's zone. */
START_TEST(process_tz_is_left_alone)
{
    process_tz("Etc/GMT+12");
    setenv("KUMO_NOW", JUST_AFTER_MIDNIGHT_JST, 1);
    (void)clock_today();
    char stamp[CLOCK_STAMP_SIZE];
    clock_stamp(stamp);
    ck_assert_str_eq(getenv("TZ"), "Etc/GMT+12");
    time_t t = clock_now();
    struct tm tm;
    localtime_r(&t, &tm);
    ck_assert_int_eq(tm.tm_mday, 22);
    ck_assert_int_eq(tm.tm_hour, 3);
    unsetenv("TZ");
    tzset();
    (void)clock_local(t, &tm);
    ck_assert_ptr_null(getenv("TZ"));
}
END_TEST

START_TEST(another_zone_setting)
{
    process_tz("Asia/Tokyo");
    setenv("KUMO_NOW", JUST_AFTER_MIDNIGHT_JST, 1);
    ck_assert(clock_set_zone("America/Los_Angeles"));
    ck_assert_str_eq(clock_zone(), "America/Los_Angeles");
    ck_assert_date(date_today(), 2026, 11, 22);            /* 07:30 PST */
    char stamp[CLOCK_STAMP_SIZE];
    clock_stamp(stamp);
    ck_assert_str_eq(stamp, "2026-11-22T07:30:00-08:00");
    /* with daylight saving time in July: the offset is the zone's on that day, not a fixed one */
    setenv("KUMO_NOW", "2026-07-01T12:00:00Z", 1);
    clock_stamp(stamp);
    ck_assert_str_eq(stamp, "2026-07-01T05:00:00-07:00");
    ck_assert(clock_set_zone("UTC"));
    clock_stamp(stamp);
    ck_assert_str_eq(stamp, "2026-07-01T12:00:00+00:00");
}
END_TEST

START_TEST(zone_names)
{
    ck_assert(clock_zone_valid("Asia/Tokyo"));
    ck_assert(clock_zone_valid("UTC"));
    ck_assert(clock_zone_valid("America/New_York"));
    ck_assert(clock_zone_valid("Etc/GMT-9"));
    const char *bad[] = {"", "Asia/Nowhere", "../../../etc/passwd", "/etc/localtime", "Asia/../Asia/Tokyo",
                         "Asia/Tokyo\n", "Asia", "JST-9", "-Asia", "Asia//Tokyo", "日本"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ck_assert_msg(!clock_zone_valid(bad[i]), "accepted %s", bad[i]);
        ck_assert(!clock_set_zone(bad[i]));
        ck_assert_str_eq(clock_zone(), "Asia/Tokyo");         /* a refused name changes nothing */
    }
    ck_assert(!clock_zone_valid(NULL));
}
END_TEST

/* History times: ISO 8601 with the offset, so an auditor reads the zone with every time. */
START_TEST(stamp_has_the_offset)
{
    process_tz("UTC");
    setenv("KUMO_NOW", JUST_AFTER_MIDNIGHT_JST, 1);
    char stamp[CLOCK_STAMP_SIZE], shown[40];
    clock_stamp(stamp);
    ck_assert_str_eq(stamp, "2026-11-23T00:30:00+09:00");
    ck_assert_str_eq(clock_stamp_show(stamp, shown, sizeof shown), "2026-11-23 00:30:00 +09:00");
    ck_assert_str_eq(clock_stamp_offset(stamp), "+09:00");
    /* a stamp written before the offset was kept is shown as it is */
    ck_assert_str_eq(clock_stamp_show("2026-04-06 10:00:00", shown, sizeof shown), "2026-04-06 10:00:00");
    ck_assert_str_eq(clock_stamp_offset("2026-04-06 10:00:00"), "");
    ck_assert_str_eq(clock_stamp_offset("2026-04-06T10:00:00+0900"), "");
}
END_TEST

/* $KUMO_NOW, the injectable clock: epoch seconds, an instant with its offset, or a wall time in the zone. */
START_TEST(kumo_now_forms)
{
    process_tz("Etc/GMT+12");
    const char *same[] = {"1795361400", "@1795361400", "2026-11-22T15:30:00Z", "2026-11-23T00:30:00+09:00",
                          "2026-11-22 10:30:00-05:00", "2026-11-23 00:30:00", "2026-11-23T00:30:00"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        setenv("KUMO_NOW", same[i], 1);
        ck_assert_msg(clock_now() == 1795361400, "KUMO_NOW=%s gave %lld", same[i], (long long)clock_now());
        ck_assert_date(date_today(), 2026, 11, 23);
    }
    /* anything else is ignored: the real clock */
    const char *bad[] = {"tomorrow", "2026-02-30T00:00:00Z", "2026-11-23T25:00:00Z", "2026-11-23T00:30:00+9",
                         "12345678901234", "2026-11-23T00:30:00Zjunk"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        setenv("KUMO_NOW", bad[i], 1);
        time_t before = time(NULL), got = clock_now(), after = time(NULL);
        ck_assert_msg(got >= before && got <= after, "KUMO_NOW=%s was not ignored", bad[i]);
    }
}
END_TEST

/* $KUMO_TODAY stays the fixed "today" of the tests; it dates the history too, at the time of day of now. */
START_TEST(kumo_today_still_fixes_today)
{
    process_tz("UTC");
    setenv("KUMO_TODAY", "2026-11-23", 1);
    ck_assert_date(date_today(), 2026, 11, 23);
    char stamp[CLOCK_STAMP_SIZE];
    clock_stamp(stamp);
    ck_assert_msg(!strncmp(stamp, "2026-11-23T", 11), "%s", stamp);
    ck_assert_str_eq(clock_stamp_offset(stamp), "+09:00");
    /* with KUMO_NOW as well, KUMO_TODAY fixes today and KUMO_NOW the stamps */
    setenv("KUMO_NOW", "2026-04-06T01:00:00Z", 1);
    ck_assert_date(date_today(), 2026, 11, 23);
    clock_stamp(stamp);
    ck_assert_str_eq(stamp, "2026-04-06T10:00:00+09:00");
}
END_TEST

/* The demo dates its records by pinning the day; unpinning returns to $KUMO_TODAY / the clock. */
START_TEST(pin_and_unpin)
{
    process_tz("Etc/GMT+12");
    setenv("KUMO_TODAY", "2026-11-23", 1);
    clock_pin((kdate){2026, 4, 6}, 10, 0);
    ck_assert_date(date_today(), 2026, 4, 6);
    char stamp[CLOCK_STAMP_SIZE];
    clock_stamp(stamp);
    ck_assert_str_eq(stamp, "2026-04-06T10:00:00+09:00");
    clock_unpin();
    ck_assert_date(date_today(), 2026, 11, 23);
}
END_TEST

START_TEST(instant_of_a_wall_time)
{
    process_tz("Etc/GMT+12");
    time_t t;
    ck_assert(clock_instant((kdate){2026, 11, 23}, 0, 30, 0, &t));
    ck_assert_int_eq((long long)t, 1795361400LL);
    ck_assert(!clock_instant((kdate){2026, 2, 30}, 0, 0, 0, &t));
    ck_assert(!clock_instant((kdate){2026, 11, 23}, 24, 0, 0, &t));
    struct tm tm;
    ck_assert(clock_local(t, &tm));
    ck_assert_int_eq(tm.tm_hour, 0);
    ck_assert_int_eq(tm.tm_min, 30);
    ck_assert_int_eq((int)tm.tm_gmtoff, 9 * 3600);
}
END_TEST

static Suite *clock_suite(void)
{
    Suite *s = suite_create("clock");
    TCase *tc = tcase_create("zone");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, today_is_tokyo_date_under_gmt_plus_12);
    tcase_add_test(tc, today_is_tokyo_date_on_a_utc_server_before_9);
    tcase_add_test(tc, fiscal_year_turns_in_tokyo);
    tcase_add_test(tc, process_tz_is_left_alone);
    tcase_add_test(tc, another_zone_setting);
    tcase_add_test(tc, zone_names);
    tcase_add_test(tc, stamp_has_the_offset);
    tcase_add_test(tc, kumo_now_forms);
    tcase_add_test(tc, kumo_today_still_fixes_today);
    tcase_add_test(tc, pin_and_unpin);
    tcase_add_test(tc, instant_of_a_wall_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(clock_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
