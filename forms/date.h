/* Calendar dates as the policy uses them: ISO text in storage, 年度 (April–March), 和暦 on paper. */
#ifndef KUMO_DATE_H
#define KUMO_DATE_H
#include <stdbool.h>
#include <stddef.h>

typedef struct kdate { int y, m, d; } kdate;

bool  date_valid(int y, int m, int d);
/* Parses a date as people type it: YYYY-MM-DD, YYYY/M/D, 2026年4月1日 (ASCII or full-width digits), and 和暦
   (令和8年4月1日, 令和元年5月1日, R8.4.1, 平成31年4月30日, H31.4.30); false for anything that is not a real date
   (or not a date of that era). */
bool  date_parse(const char *s, kdate *out);
/* Writes YYYY-MM-DD into out (at least 11 bytes). */
void  date_format(kdate d, char *out, size_t n);
int   date_cmp(kdate a, kdate b);
long  date_to_days(kdate d);
/* Days from `from` to `to` (negative when `to` is earlier). */
long  date_days_between(kdate from, kdate to);
kdate date_from_days(long days);
kdate date_add_days(kdate d, long days);
/* Adds months, clamping to the end of a shorter month (2024-02-29 + 12 months = 2025-02-28). date_add_days and
   date_add_months never leave 1900-01-01 … 9999-12-31: further than that is the nearest end. */
kdate date_add_months(kdate d, int months);
/* 年度: April to March; 2027-03-31 belongs to 2026. */
int   date_fiscal_year(kdate d);
/* Start and end of a 年度. */
kdate date_fy_start(int fy);
kdate date_fy_end(int fy);
/* 令和 year number for a Gregorian year (2026 → 8); 0 before 2019. */
int   date_reiwa_year(int y);
/* 和暦 date for a paper form: 令和8年4月1日 (令和元年 for 2019); Gregorian before 令和. */
void  date_wareki(kdate d, char *out, size_t n);
/* A 年度 as a person types it: 2026, 2026年度, R8, r8, 令和8, 令和8年度, 令和元年度, H30 (→ 2018); the Gregorian year
   it begins in (1990–2999) into *fy. false for anything else. */
bool  date_parse_fy(const char *s, int *fy);
/* 年度 label: 令和8年度. */
void  date_fy_label(int fy, char *out, size_t n);
/* Today in the organisation's time zone (forms/clock.h: Asia/Tokyo unless the settings say otherwise, whatever the
   process's TZ), or $KUMO_TODAY (YYYY-MM-DD) when set, for tests and demos. */
kdate date_today(void);
#endif
