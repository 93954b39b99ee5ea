#include "forms/clock.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZONEINFO "/usr/share/zoneinfo"

static char zone[64] = CLOCK_DEFAULT_ZONE;
static char zone_tz[96];   /* the TZ value that converts in `zone`; "" until first needed */

static struct {
    bool on;
    kdate day;
    time_t now;
} pin;

/* The local day that holds the instants [from, to) in zone_tz: today's date without a zone switch per call. */
static struct {
    bool valid;
    time_t from, to;
    kdate day;
    char tz[sizeof zone_tz];
} day_cache;

static bool name_ok(const char *z)
{
    size_t n = strlen(z);
    if (n == 0 || n >= sizeof zone || z[0] == '/' || z[0] == '-' || strstr(z, "..") || strstr(z, "//")) return false;
    for (const char *p = z; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("_+-/", c)))
            return false;
    }
    return true;
}

/* Whether the zone database holds z (a regular file in the TZif format). */
static bool in_zone_database(const char *z)
{
    char path[sizeof ZONEINFO + sizeof zone + 1];
    snprintf(path, sizeof path, "%s/%s", ZONEINFO, z);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    char magic[4];
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read(fd, magic, 4) == 4 && !memcmp(magic, "TZif", 4);
    close(fd);
    return ok;
}

/* The TZ value for z; false when glibc would silently fall back to UTC for it. */
static bool tz_for(const char *z, char *out, size_t n)
{
    if (!name_ok(z)) return false;
    if (in_zone_database(z)) snprintf(out, n, ":%s", z);       /* ':' names a file of the zone database */
    else if (!strcmp(z, "Asia/Tokyo")) snprintf(out, n, "JST-9"); /* no tzdata: Japan has had no DST since 1951 */
    else if (!strcmp(z, "UTC") || !strcmp(z, "Etc/UTC")) snprintf(out, n, "UTC0");
    else return false;
    return true;
}

bool clock_zone_valid(const char *z)
{
    char tz[sizeof zone_tz];
    return z && tz_for(z, tz, sizeof tz);
}

bool clock_set_zone(const char *z)
{
    char tz[sizeof zone_tz];
    if (!z || !tz_for(z, tz, sizeof tz)) return false;
    snprintf(zone, sizeof zone, "%s", z);
    snprintf(zone_tz, sizeof zone_tz, "%s", tz);
    day_cache.valid = false;
    return true;
}

const char *clock_zone(void) { return zone; }

static const char *tz_value(void)
{
    if (!*zone_tz && !tz_for(zone, zone_tz, sizeof zone_tz)) snprintf(zone_tz, sizeof zone_tz, "JST-9");
    return zone_tz;
}

/* glibc has no per-call zone: converting in the organisation's zone means setting TZ around localtime_r/mktime
   and putting the process's own value back. kumo is single-threaded and this pair is the only place TZ changes. */
typedef struct tz_saved {
    char *old;
    bool had;
} tz_saved;

static bool zone_enter(tz_saved *s)
{
    const char *cur = getenv("TZ");   /* our own environment's value, only to restore it; never acted upon */
    s->had = cur != NULL;
    s->old = cur ? strdup(cur) : NULL;
    if (cur && !s->old) return false;
    if (setenv("TZ", tz_value(), 1) != 0) {
        free(s->old);
        return false;
    }
    tzset();
    return true;
}

static void zone_leave(tz_saved *s)
{
    if (s->had) setenv("TZ", s->old, 1);
    else unsetenv("TZ");
    free(s->old);
    s->old = NULL;
    tzset();
}

static bool instant_in_zone(kdate d, int hh, int mm, int ss, time_t *out)
{
    struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_hour = hh, .tm_min = mm,
                    .tm_sec = ss, .tm_isdst = -1};
    time_t t = mktime(&tm);
    if (t == (time_t)-1 && !(tm.tm_year == 69 && tm.tm_mon == 11 && tm.tm_mday == 31)) return false;
    *out = t;
    return true;
}

bool clock_local(time_t t, struct tm *out)
{
    tz_saved s;
    if (!zone_enter(&s)) return false;
    bool ok = localtime_r(&t, out) != NULL;
    zone_leave(&s);
    return ok;
}

bool clock_instant(kdate d, int hh, int mm, int ss, time_t *out)
{
    if (!date_valid(d.y, d.m, d.d) || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 60) return false;
    tz_saved s;
    if (!zone_enter(&s)) return false;
    bool ok = instant_in_zone(d, hh, mm, ss, out);
    zone_leave(&s);
    return ok;
}

static bool all_digits(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return false;
    return true;
}

/* $KUMO_NOW: epoch seconds, an ISO 8601 instant with Z or ±HH:MM, or a wall time in the organisation's zone. */
static bool parse_now(const char *v, time_t *out)
{
    const char *digits = *v == '@' ? v + 1 : v;
    if (all_digits(digits)) {
        if (strlen(digits) > 12) return false;
        *out = (time_t)strtoll(digits, NULL, 10);
        return true;
    }
    int y, mo, d, hh, mi, ss, used = 0;
    char sep;
    if (sscanf(v, "%4d-%2d-%2d%c%2d:%2d:%2d%n", &y, &mo, &d, &sep, &hh, &mi, &ss, &used) != 7 ||
        (sep != 'T' && sep != ' ') || !date_valid(y, mo, d) || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 ||
        ss > 59)
        return false;
    const char *z = v + used;
    kdate day = {y, mo, d};
    if (!*z) return clock_instant(day, hh, mi, ss, out);
    long off = 0;
    if (!strcmp(z, "Z")) {
        off = 0;
    } else {
        int oh, om, n = 0;
        if ((z[0] != '+' && z[0] != '-') || sscanf(z + 1, "%2d:%2d%n", &oh, &om, &n) != 2 || z[1 + n] || oh > 23 ||
            om > 59)
            return false;
        off = (z[0] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
    }
    *out = (time_t)(date_to_days(day) * 86400L + hh * 3600L + mi * 60L + ss - off);
    return true;
}

time_t clock_now(void)
{
    if (pin.on) return pin.now;
    const char *v = secure_getenv("KUMO_NOW");
    time_t t;
    if (v && *v && parse_now(v, &t)) return t;
    return time(NULL);
}

/* $KUMO_TODAY as a date, when it is set to one. */
static bool fixed_today(kdate *d)
{
    const char *v = secure_getenv("KUMO_TODAY");
    return v && *v && date_parse(v, d);
}

kdate clock_today(void)
{
    kdate d;
    if (pin.on) return pin.day;
    if (fixed_today(&d)) return d;
    time_t now = clock_now();
    const char *tz = tz_value();
    if (day_cache.valid && !strcmp(day_cache.tz, tz) && now >= day_cache.from && now < day_cache.to)
        return day_cache.day;
    tz_saved s;
    struct tm tm;
    if (!zone_enter(&s)) {
        gmtime_r(&now, &tm);   /* out of memory for the environment: UTC rather than nothing */
        return (kdate){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    }
    localtime_r(&now, &tm);
    d = (kdate){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    time_t from, to;
    if (instant_in_zone(d, 0, 0, 0, &from) && instant_in_zone(date_add_days(d, 1), 0, 0, 0, &to) && from <= now &&
        now < to) {
        day_cache.valid = true;
        day_cache.from = from;
        day_cache.to = to;
        day_cache.day = d;
        snprintf(day_cache.tz, sizeof day_cache.tz, "%s", tz);
    }
    zone_leave(&s);
    return d;
}

void clock_stamp(char out[CLOCK_STAMP_SIZE])
{
    time_t now = clock_now();
    struct tm tm;
    if (!clock_local(now, &tm)) {
        gmtime_r(&now, &tm);
        tm.tm_gmtoff = 0;
    }
    kdate d;
    const char *env_now = secure_getenv("KUMO_NOW");
    if (!pin.on && !(env_now && *env_now) && fixed_today(&d)) {
        /* a fixed "today" dates the history too, at the real time of day */
        tm.tm_year = d.y - 1900;
        tm.tm_mon = d.m - 1;
        tm.tm_mday = d.d;
    }
    long off = tm.tm_gmtoff;
    char sign = off < 0 ? '-' : '+';
    if (off < 0) off = -off;
    char day[16], time_of_day[16];
    strftime(day, sizeof day, "%Y-%m-%d", &tm);
    strftime(time_of_day, sizeof time_of_day, "%H:%M:%S", &tm);
    /* unsigned char: the compiler then knows each part takes at most 3 bytes (-Wformat-truncation at -O1) */
    unsigned char oh = (unsigned char)(off / 3600 % 24), om = (unsigned char)(off % 3600 / 60);
    snprintf(out, CLOCK_STAMP_SIZE, "%.10sT%.8s%c%02hhu:%02hhu", day, time_of_day, sign, oh, om);
}

/* Whether s is YYYY-MM-DDTHH:MM:SS followed by ±HH:MM: the stamps clock_stamp writes. */
static bool is_stamp(const char *s)
{
    static const char PATTERN[] = "dddd-dd-ddTdd:dd:dd+dd:dd";
    if (!s || strlen(s) != sizeof PATTERN - 1) return false;
    for (size_t i = 0; PATTERN[i]; i++) {
        char p = PATTERN[i], c = s[i];
        if (p == 'd' ? (c < '0' || c > '9') : p == '+' ? (c != '+' && c != '-') : c != p) return false;
    }
    return true;
}

const char *clock_stamp_offset(const char *stamp) { return is_stamp(stamp) ? stamp + 19 : ""; }

const char *clock_stamp_show(const char *stamp, char *out, size_t n)
{
    if (!n) return out;
    if (is_stamp(stamp)) snprintf(out, n, "%.10s %.8s %s", stamp, stamp + 11, stamp + 19);
    else snprintf(out, n, "%s", stamp ? stamp : "");
    return out;
}

void clock_pin(kdate day, int hh, int mm)
{
    time_t t;
    if (!clock_instant(day, hh, mm, 0, &t)) return;
    pin.on = true;
    pin.day = day;
    pin.now = t;
}

void clock_unpin(void) { pin.on = false; }

/* When this run began: noted before main by the loader. */
static struct timespec run_start;
__attribute__((constructor)) static void note_run_start(void) { clock_gettime(CLOCK_REALTIME, &run_start); }

bool clock_before_run(const struct timespec *t)
{
    return t->tv_sec < run_start.tv_sec || (t->tv_sec == run_start.tv_sec && t->tv_nsec < run_start.tv_nsec);
}
