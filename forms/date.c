#include "forms/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/clock.h"

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

bool date_valid(int y, int m, int d)
{
    return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* Reads one run of digits (ASCII or full-width ０-９); returns -1 if none or too long. */
static int read_number(const unsigned char **p, int maxdigits)
{
    int v = 0, n = 0;
    for (;;) {
        const unsigned char *s = *p;
        int dgt;
        if (*s >= '0' && *s <= '9') { dgt = *s - '0'; *p = s + 1; }
        else if (s[0] == 0xEF && s[1] == 0xBC && s[2] >= 0x90 && s[2] <= 0x99) { dgt = s[2] - 0x90; *p = s + 3; }
        else break;
        if (++n > maxdigits) return -1;
        v = v * 10 + dgt;
    }
    return n ? v : -1;
}

static bool read_sep(const unsigned char **p)
{
    const unsigned char *s = *p;
    if (*s == '-' || *s == '/') { *p = s + 1; return true; }
    /* full-width ／ (EF BC 8F) and － (EF BC 8D) */
    if (s[0] == 0xEF && s[1] == 0xBC && (s[2] == 0x8F || s[2] == 0x8D)) { *p = s + 3; return true; }
    return false;
}

/* Skips a separator: ASCII or full-width - / . , or the given kanji (年 月), if present. */
static bool read_sep_or(const unsigned char **p, const char *kanji)
{
    size_t kl = kanji ? strlen(kanji) : 0;
    if (kl && !strncmp((const char *)*p, kanji, kl)) {
        *p += kl;
        return true;
    }
    if (**p == '.') {
        (*p)++;
        return true;
    }
    return read_sep(p);
}

static bool skip_prefix(const unsigned char **p, const char *s)
{
    size_t n = strlen(s);
    if (strncmp((const char *)*p, s, n)) return false;
    *p += n;
    return true;
}

bool date_parse(const char *str, kdate *out)
{
    if (!str) return false;
    const unsigned char *p = (const unsigned char *)str;
    while (*p == ' ') p++;
    /* 和暦 as a paper form writes it: 令和8年4月1日, 令和元年5月1日, R8.4.1, 平成31年4月30日, H31.4.30 */
    int era = 0; /* 1 令和, 2 平成 */
    if (skip_prefix(&p, "令和") || skip_prefix(&p, "R") || skip_prefix(&p, "r")) era = 1;
    else if (skip_prefix(&p, "平成") || skip_prefix(&p, "H") || skip_prefix(&p, "h")) era = 2;
    int y;
    if (era && skip_prefix(&p, "元")) y = 1;
    else y = read_number(&p, 4);
    if (y < 0 || !read_sep_or(&p, "年")) return false;
    int m = read_number(&p, 2);
    if (m < 0 || !read_sep_or(&p, "月")) return false;
    int d = read_number(&p, 2);
    if (d < 0) return false;
    skip_prefix(&p, "日");
    while (*p == ' ') p++;
    if (*p) return false;
    if (era == 1) y += 2018;
    else if (era == 2) y += 1988;
    if (!date_valid(y, m, d)) return false;
    kdate r = {y, m, d};
    if (era == 1 && date_cmp(r, (kdate){2019, 5, 1}) < 0) return false;  /* 令和 began on 2019-05-01 */
    if (era == 2 && (date_cmp(r, (kdate){1989, 1, 8}) < 0 || date_cmp(r, (kdate){2019, 4, 30}) > 0)) return false;
    if (out) *out = r;
    return true;
}

void date_format(kdate d, char *out, size_t n)
{
    snprintf(out, n, "%04d-%02d-%02d", d.y, d.m, d.d);
}

int date_cmp(kdate a, kdate b)
{
    if (a.y != b.y) return a.y < b.y ? -1 : 1;
    if (a.m != b.m) return a.m < b.m ? -1 : 1;
    if (a.d != b.d) return a.d < b.d ? -1 : 1;
    return 0;
}

/* Days since 1970-01-01 (civil-from-days algorithm of H. Hinnant). */
long date_to_days(kdate d)
{
    long y = d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

long date_days_between(kdate from, kdate to) { return date_to_days(to) - date_to_days(from); }

kdate date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    return (kdate){(int)(y + (m <= 2)), (int)m, (int)d};
}

/* Date arithmetic stays within the dates kumo knows (date_valid: 1900-01-01 … 9999-12-31): 9999-12-31 + 12 months
   is 9999-12-31, not a year 10000 that YYYY-MM-DD cannot hold (found by the fuzzer: it was stored as 10000-12-3). */
static kdate clamp(kdate d)
{
    if (d.y < 1900) return (kdate){1900, 1, 1};
    if (d.y > 9999) return (kdate){9999, 12, 31};
    return d;
}

kdate date_add_days(kdate d, long days)
{
    if (days > 4000000L) days = 4000000L;   /* further than any date there is: no overflow on the way */
    if (days < -4000000L) days = -4000000L;
    return clamp(date_from_days(date_to_days(d) + days));
}

kdate date_add_months(kdate d, int months)
{
    long total = (long)d.y * 12 + (d.m - 1) + months;
    if (total < 1900L * 12) return clamp((kdate){1899, 12, 31});
    if (total > 9999L * 12 + 11) return clamp((kdate){10000, 1, 1});
    kdate r = {(int)(total / 12), (int)(total % 12) + 1, d.d};
    int md = month_days(r.y, r.m);
    if (r.d > md) r.d = md;
    return r;
}

int date_fiscal_year(kdate d) { return d.m >= 4 ? d.y : d.y - 1; }
kdate date_fy_start(int fy) { return (kdate){fy, 4, 1}; }
kdate date_fy_end(int fy) { return (kdate){fy + 1, 3, 31}; }

int date_reiwa_year(int y) { return y >= 2019 ? y - 2018 : 0; }

void date_wareki(kdate d, char *out, size_t n)
{
    /* 令和 began on 2019-05-01; 平成 before it. */
    if (date_cmp(d, (kdate){2019, 5, 1}) >= 0) {
        int ry = d.y - 2018;
        if (ry == 1) snprintf(out, n, "令和元年%d月%d日", d.m, d.d);
        else snprintf(out, n, "令和%d年%d月%d日", ry, d.m, d.d);
    } else if (date_cmp(d, (kdate){1989, 1, 8}) >= 0) {
        int hy = d.y - 1988;
        if (hy == 1) snprintf(out, n, "平成元年%d月%d日", d.m, d.d);
        else snprintf(out, n, "平成%d年%d月%d日", hy, d.m, d.d);
    } else {
        snprintf(out, n, "%d年%d月%d日", d.y, d.m, d.d);
    }
}

void date_fy_label(int fy, char *out, size_t n)
{
    int r = date_reiwa_year(fy);
    if (r == 1) snprintf(out, n, "令和元年度");
    else if (r > 1) snprintf(out, n, "令和%d年度", r);
    else snprintf(out, n, "%d年度", fy);
}

bool date_parse_fy(const char *str, int *fy)
{
    if (!str) return false;
    const unsigned char *p = (const unsigned char *)str;
    while (*p == ' ') p++;
    int era = 0; /* 1 令和, 2 平成 */
    if (skip_prefix(&p, "令和") || skip_prefix(&p, "R") || skip_prefix(&p, "r")) era = 1;
    else if (skip_prefix(&p, "平成") || skip_prefix(&p, "H") || skip_prefix(&p, "h")) era = 2;
    int y;
    if (era && skip_prefix(&p, "元")) y = 1;
    else y = read_number(&p, era ? 2 : 4);
    if (y < 0) return false;
    if (!skip_prefix(&p, "年度")) skip_prefix(&p, "年");
    while (*p == ' ') p++;
    if (*p) return false;
    /* 平成31年度 is 令和元年度 (2019): 令和 began in May, the 年度 in April */
    if (era == 1 && y < 1) return false;
    if (era == 2 && (y < 1 || y > 31)) return false;
    if (era == 1) y += 2018;
    else if (era == 2) y += 1988;
    if (y < 1990 || y > 2999) return false;
    if (fy) *fy = y;
    return true;
}

kdate date_today(void) { return clock_today(); }
