/* Which reminder mail went to whom (db/db_remind.c; the table reminders of schema migration 5). */
#ifndef KUMO_DB_REMIND_H
#define KUMO_DB_REMIND_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Whether the reminder of item (as of ref_date, at stage) already went to user_id, and when the item (as of
   ref_date, at any stage) last went to them: told (told_n bytes) gets its sent_at, or "" when it never went. */
kstatus db_reminder_sent(kdb *db, int64_t user_id, const char *item, const char *ref_date, const char *stage,
                         bool *sent, char *told, size_t told_n);
/* Records that it went (in the caller's transaction); recording it twice is not an error. */
kstatus db_reminder_add(kdb *db, int64_t user_id, const char *item, const char *ref_date, const char *stage,
                        const char *sent_at);
#endif
