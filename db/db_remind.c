#include "db/db_remind.h"

#include "db/internal.h"

typedef struct told_row {
    bool *sent;
    char *at;
    size_t n;
} told_row;

static void read_told(sqlite3_stmt *st, void *out)
{
    told_row *t = out;
    *t->sent = sqlite3_column_int(st, 0) != 0;
    db_col_copy(st, 1, t->at, t->n);
}

kstatus db_reminder_sent(kdb *db, int64_t user_id, const char *item, const char *ref_date, const char *stage,
                         bool *sent, char *told, size_t told_n)
{
    *sent = false;
    if (told_n) told[0] = 0;
    /* the few rows of the item's stages, by the primary key's prefix */
    sqlite3_stmt *st = db_cached(db, "SELECT coalesce(max(stage = ?4), 0), coalesce(max(sent_at), '') FROM reminders "
                                     "WHERE user_id = ?1 AND item = ?2 AND ref_date = ?3");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, user_id);
    db_bind_text(st, 2, item);
    db_bind_text(st, 3, ref_date);
    db_bind_text(st, 4, stage);
    told_row t = {sent, told, told_n};
    return db_one(db, st, read_told, &t);
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
