/* What time and what day it is for the organisation: today, 年度, due dates and history times follow the
   organisation's time zone (Asia/Tokyo unless the settings say otherwise), never the TZ of the server or of cron
   (issue 11, "Locale and time"). The one place that converts instants to local calendar time. */
#ifndef KUMO_CLOCK_H
#define KUMO_CLOCK_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "forms/date.h"

#define CLOCK_DEFAULT_ZONE "Asia/Tokyo"
/* Room for a history time stamp: 2026-11-23T10:00:00+09:00 and the NUL. */
#define CLOCK_STAMP_SIZE 32

/* True for a zone name of the system's zone database (Asia/Tokyo, UTC, America/New_York …): letters, digits and
   _ + - / only, no "..", and a TZif file in /usr/share/zoneinfo. Asia/Tokyo is accepted even without the database
   (it is then JST-9, which it has been since 1951). */
bool        clock_zone_valid(const char *zone);
/* Makes zone the organisation's zone for every later call; false (and nothing changes) when it is not valid. */
bool        clock_set_zone(const char *zone);
const char *clock_zone(void);

/* The current instant: a pinned one (clock_pin), else $KUMO_NOW for tests — seconds since the epoch (1795000000 or
   @1795000000), an instant with its offset (2026-11-22T15:30:00Z, 2026-11-23T00:30:00+09:00), or a wall time in the
   organisation's zone (2026-11-23 10:00:00) —, else the system clock. Variables are read with secure_getenv. */
time_t      clock_now(void);
/* The calendar time of t in the organisation's zone (tm_gmtoff set). False if the conversion fails. */
bool        clock_local(time_t t, struct tm *out);
/* The instant of a wall time in the organisation's zone. False for an impossible date or time. */
bool        clock_instant(kdate d, int hh, int mm, int ss, time_t *out);
/* Today in the organisation's zone: the pinned day, else $KUMO_TODAY (YYYY-MM-DD, for tests and demos), else the
   date of clock_now() there. */
kdate       clock_today(void);
/* A history time stamp, ISO 8601 with the zone's offset: 2026-11-23T10:00:00+09:00. With $KUMO_TODAY set (and no
   $KUMO_NOW) the date is that day, at the real time of day. */
void        clock_stamp(char out[CLOCK_STAMP_SIZE]);
/* A stamp as people read it: 2026-11-23 10:00:00 +09:00. A stamp without an offset (written before 0.2) is shown
   as it is. Returns out. */
const char *clock_stamp_show(const char *stamp, char *out, size_t n);
/* The offset of a stamp (+09:00), or "" when it has none. */
const char *clock_stamp_offset(const char *stamp);

/* Pins today and now to hh:mm of day in the organisation's zone (the demo dates its records this way);
   clock_unpin returns to $KUMO_TODAY / $KUMO_NOW / the clock. */
void        clock_pin(kdate day, int hh, int mm);
void        clock_unpin(void);

/* Whether a file time (st_mtim) is before this run of kumo began, by the system clock: a temporary file of kumo's
   naming that old, and not locked by a live run, is a killed run's leftover (db/dbfile.c, app/exchange/outfile.c). */
bool        clock_before_run(const struct timespec *t);
#endif
