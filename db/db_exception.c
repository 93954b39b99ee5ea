/* The 例外措置 and the register of them. Every value a bound parameter. */
#include "db/db_exception.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"

void kexception_free(kexception **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

#define EXC_SELECT                                                                                              \
    "SELECT e.id, e.exc_no, e.subject, e.kind, e.state, coalesce(e.app_id, 0), coalesce(a.app_no, ''), "         \
    "e.app_version, coalesce(e.service_id, 0), coalesce(s.approval_no, ''), "                                   \
    "coalesce(s.name, a.service_name, ''), coalesce(s.dept_id, a.dept_id, 0), coalesce(d.name, ''), "            \
    "e.deviations, e.reason, e.conditions, e.valid_until, e.recheck_on, coalesce(e.ciso_id, 0), "               \
    "coalesce(c.name, ''), e.ciso_on, coalesce(e.emergency_by, 0), coalesce(g.name, ''), e.emergency_on, "      \
    "e.emergency_reason, e.checked_on, e.check_note, e.created_at FROM exceptions e "                           \
    "LEFT JOIN applications a ON a.id = e.app_id LEFT JOIN services s ON s.id = e.service_id "                  \
    "LEFT JOIN departments d ON d.id = coalesce(s.dept_id, a.dept_id) "                                         \
    "LEFT JOIN users c ON c.id = e.ciso_id LEFT JOIN users g ON g.id = e.emergency_by"

static void read_exc(sqlite3_stmt *st, void *out)
{
    kexception *e = out;
    memset(e, 0, sizeof *e);
    int c = 0;
    e->id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, e->exc_no, sizeof e->exc_no);
    db_col_copy(st, c++, e->subject, sizeof e->subject);
    db_col_copy(st, c++, e->kind, sizeof e->kind);
    db_col_copy(st, c++, e->state, sizeof e->state);
    e->app_id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, e->app_no, sizeof e->app_no);
    e->app_version = sqlite3_column_int64(st, c++);
    e->service_id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, e->approval_no, sizeof e->approval_no);
    db_col_copy(st, c++, e->service_name, sizeof e->service_name);
    e->dept_id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, e->dept, sizeof e->dept);
    db_col_copy(st, c++, e->deviations, sizeof e->deviations);
    db_col_copy(st, c++, e->reason, sizeof e->reason);
    db_col_copy(st, c++, e->conditions, sizeof e->conditions);
    db_col_copy(st, c++, e->valid_until, sizeof e->valid_until);
    db_col_copy(st, c++, e->recheck_on, sizeof e->recheck_on);
    e->ciso_id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, e->ciso, sizeof e->ciso);
    db_col_copy(st, c++, e->ciso_on, sizeof e->ciso_on);
    e->emergency_by = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, e->emergency_user, sizeof e->emergency_user);
    db_col_copy(st, c++, e->emergency_on, sizeof e->emergency_on);
    db_col_copy(st, c++, e->emergency_reason, sizeof e->emergency_reason);
    db_col_copy(st, c++, e->checked_on, sizeof e->checked_on);
    db_col_copy(st, c++, e->check_note, sizeof e->check_note);
    db_col_copy(st, c++, e->created_at, sizeof e->created_at);
}

kstatus db_exc_insert(kdb *db, kexception *e)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(db, "INSERT INTO exceptions(exc_no, subject, kind, state, app_id, app_version, "
                                   "service_id, deviations, reason, conditions, valid_until, recheck_on, ciso_id, "
                                   "ciso_on, emergency_by, emergency_on, emergency_reason, created_at) "
                                   "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, e->exc_no);
    db_bind_text(st, 2, e->subject);
    db_bind_text(st, 3, e->kind);
    db_bind_text(st, 4, e->state);
    db_bind_id(st, 5, e->app_id);
    sqlite3_bind_int64(st, 6, e->app_version);
    db_bind_id(st, 7, e->service_id);
    db_bind_text(st, 8, e->deviations);
    db_bind_text(st, 9, e->reason);
    db_bind_text(st, 10, e->conditions);
    db_bind_text(st, 11, e->valid_until);
    db_bind_text(st, 12, e->recheck_on);
    db_bind_id(st, 13, e->ciso_id);
    db_bind_text(st, 14, e->ciso_on);
    db_bind_id(st, 15, e->emergency_by);
    db_bind_text(st, 16, e->emergency_on);
    db_bind_text(st, 17, e->emergency_reason);
    db_bind_text(st, 18, now);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        e->id = sqlite3_last_insert_rowid(db->h);
        snprintf(e->created_at, sizeof e->created_at, "%s", now);
    }
    return s;
}

kstatus db_exc_next_seq(kdb *db, const char *prefix, int *seq)
{
    sqlite3_stmt *st = db_prep(db, "SELECT coalesce(max(CAST(substr(exc_no, length(?1) + 1) AS INTEGER)), 0) + 1 "
                                   "FROM exceptions WHERE substr(exc_no, 1, length(?1)) = ?1");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, prefix);
    int64_t next = 1;
    kstatus s = db_int64(db, st, &next);
    if (!s) *seq = (int)next;
    return s;
}

kstatus db_exc_get(kdb *db, int64_t id, kexception *out)
{
    sqlite3_stmt *st = db_prep(db, EXC_SELECT " WHERE e.id = ?1");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, id);
    return db_one(db, st, read_exc, out);
}

kstatus db_exc_by_no(kdb *db, const char *exc_no, kexception *out)
{
    sqlite3_stmt *st = db_prep(db, EXC_SELECT " WHERE e.exc_no = ?1");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, exc_no);
    return db_one(db, st, read_exc, out);
}

kstatus db_exc_for_submission(kdb *db, int64_t app_id, int64_t app_version, kexception *out)
{
    sqlite3_stmt *st = db_prep(db, EXC_SELECT " WHERE e.app_id = ?1 AND e.app_version = ?2 ORDER BY e.id DESC LIMIT 1");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, app_id);
    sqlite3_bind_int64(st, 2, app_version);
    return db_one(db, st, read_exc, out);
}

kstatus db_exc_in_force(kdb *db, int64_t service_id, const char *subject, kexception *out)
{
    sqlite3_stmt *st = db_prep(db, EXC_SELECT " WHERE e.service_id = ?1 AND e.subject = ?2"
                                              " AND e.state IN ('granted','reported') ORDER BY e.id DESC LIMIT 1");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, service_id);
    db_bind_text(st, 2, subject);
    return db_one(db, st, read_exc, out);
}

kstatus db_exc_update(kdb *db, const kexception *e, const char *from)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE exceptions SET state = ?1, reason = ?2, conditions = ?3, valid_until = ?4, "
                                   "recheck_on = ?5, ciso_id = ?6, ciso_on = ?7, service_id = ?8, checked_on = ?9, "
                                   "check_note = ?10 WHERE id = ?11 AND state = ?12");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, e->state);
    db_bind_text(st, 2, e->reason);
    db_bind_text(st, 3, e->conditions);
    db_bind_text(st, 4, e->valid_until);
    db_bind_text(st, 5, e->recheck_on);
    db_bind_id(st, 6, e->ciso_id);
    db_bind_text(st, 7, e->ciso_on);
    db_bind_id(st, 8, e->service_id);
    db_bind_text(st, 9, e->checked_on);
    db_bind_text(st, 10, e->check_note);
    sqlite3_bind_int64(st, 11, e->id);
    db_bind_text(st, 12, from);
    return db_exec_changed(db, st, KS_CONFLICT);
}

kstatus db_exc_of(kdb *db, int64_t app_id, int64_t service_id, kexception **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, EXC_SELECT " WHERE (?1 > 0 AND e.app_id = ?1) OR (?2 > 0 AND e.service_id = ?2)"
                                              " ORDER BY e.id DESC");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, app_id);
    sqlite3_bind_int64(st, 2, service_id);
    return db_rows(db, st, sizeof **out, read_exc, NULL, (void **)out, n);
}

/* ?1 state (NULL = any), ?2 open_only */
#define EXC_WHERE                                                                                               \
    " WHERE (?1 IS NULL OR e.state = ?1) AND (?2 = 0 OR e.state = 'report_due'"                                 \
    "   OR (e.state IN ('granted','reported') AND (s.status = 'active'"                                         \
    "       OR (e.service_id IS NULL AND a.state = 'submitted'))))"

static void bind_exc_filter(sqlite3_stmt *st, const kexc_filter *f)
{
    if (f && f->state) db_bind_text(st, 1, f->state);
    sqlite3_bind_int(st, 2, f && f->open_only ? 1 : 0);
}

kstatus db_exc_page(kdb *db, const kexc_filter *f, int64_t before, int64_t after, int limit, kexception *out, int *n)
{
    *n = 0;
    bool up = after != 0;   /* after < 0: the oldest page */
    sqlite3_stmt *st = db_prep(db, up ? EXC_SELECT EXC_WHERE " AND e.id > ?3 ORDER BY e.id ASC LIMIT ?4"
                                      : EXC_SELECT EXC_WHERE " AND (?3 = 0 OR e.id < ?3) ORDER BY e.id DESC LIMIT ?4");
    if (!st) return db_map(db, db->last_rc);
    bind_exc_filter(st, f);
    sqlite3_bind_int64(st, 3, up ? (after < 0 ? 0 : after) : before);
    sqlite3_bind_int(st, 4, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) read_exc(st, &out[(*n)++]);
    kstatus s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    if (up) db_reverse(out, (size_t)*n, sizeof *out);   /* the page above came back ascending: newest first */
    return s;
}

kstatus db_exc_count(kdb *db, const kexc_filter *f, int64_t *count)
{
    sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM exceptions e LEFT JOIN applications a ON a.id = e.app_id "
                                   "LEFT JOIN services s ON s.id = e.service_id" EXC_WHERE);
    if (!st) return db_map(db, db->last_rc);
    bind_exc_filter(st, f);
    return db_int64(db, st, count);
}

kstatus db_exc_each(kdb *db, const kexc_filter *f, kexc_cb cb, void *ctx)
{
    sqlite3_stmt *st = db_prep(db, EXC_SELECT EXC_WHERE " ORDER BY e.exc_no");
    if (!st) return db_map(db, db->last_rc);
    bind_exc_filter(st, f);
    kexception *e = malloc(sizeof *e);
    if (!e) {
        sqlite3_finalize(st);
        return KS_NOMEM;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_exc(st, e);
        if (cb(e, ctx)) break;
    }
    kstatus s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    free(e);
    return s;
}

#define WAIT_FROM                                                                                               \
    " FROM applications a INDEXED BY applications_awaiting_exception LEFT JOIN departments d ON d.id = a.dept_id" \
    " WHERE a.state = 'submitted' AND a.needs_exception = 1 AND a.applicant_id <> ?1"                           \
    " AND NOT EXISTS (SELECT 1 FROM exceptions e WHERE e.app_id = a.id AND e.app_version = a.version)"

kstatus db_exc_waiting(kdb *db, int64_t exclude, int limit, kexc_wait *out, int *n, int64_t *total)
{
    *n = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT count(*)" WAIT_FROM);
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, exclude);
    kstatus s = db_int64(db, st, total);
    if (s) return s;
    st = db_prep(db, "SELECT a.id, coalesce(a.app_no, ''), a.service_name, coalesce(d.name, ''), a.applied_on"
                     WAIT_FROM " ORDER BY a.id LIMIT ?2");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, exclude);
    sqlite3_bind_int(st, 2, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) {
        kexc_wait *w = &out[(*n)++];
        w->app_id = sqlite3_column_int64(st, 0);
        db_col_copy(st, 1, w->app_no, sizeof w->app_no);
        db_col_copy(st, 2, w->service_name, sizeof w->service_name);
        db_col_copy(st, 3, w->dept, sizeof w->dept);
        db_col_copy(st, 4, w->applied_on, sizeof w->applied_on);
    }
    s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

kstatus db_app_set_needs_exception(kdb *db, int64_t app_id, bool needs)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE applications SET needs_exception = ?1 WHERE id = ?2");
    if (!st) return db_map(db, db->last_rc);
    if (needs) sqlite3_bind_int(st, 1, 1);
    else sqlite3_bind_null(st, 1);
    sqlite3_bind_int64(st, 2, app_id);
    return db_exec_changed(db, st, KS_NOTFOUND);
}
