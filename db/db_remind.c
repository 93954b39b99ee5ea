#include "db/db_remind.h"

#include "db/internal.h"

kstatus db_reminder_sent(kdb *db, int64_t user_id, const char *item, const char *ref_date, const char *stage,
                         bool *sent)
{
    *sent = false;
    sqlite3_stmt *st = db_cached(db, "SELECT 1 FROM reminders WHERE user_id = ? AND item = ? AND ref_date = ? AND stage = ?");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, item);
    db_bind_text(st, 3, ref_date);
    db_bind_text(st, 4, stage);
    kstatus s = db_int64(db, st, NULL);
    if (s == KS_NOTFOUND) return KS_OK;
    if (!s) *sent = true;
    return s;
}

kstatus db_reminder_add(kdb *db, int64_t user_id, const char *item, const char *ref_date, const char *stage,
                        const char *sent_at)
{
    sqlite3_stmt *st = db_cached(db, "INSERT OR IGNORE INTO reminders(user_id, item, ref_date, stage, sent_at) "
                                   "VALUES (?, ?, ?, ?, ?)");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, item);
    db_bind_text(st, 3, ref_date);
    db_bind_text(st, 4, stage);
    db_bind_text(st, 5, sent_at);
    return db_exec_done(db, st);
}
