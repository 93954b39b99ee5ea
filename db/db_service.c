/* The 承認済みクラウドサービス台帳: one row per service, kept after it ends. */
#include "db/db_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"

#define SVC_SELECT                                                                                              \
    "SELECT s.id, s.approval_no, coalesce(s.app_id, 0), s.name, s.provider, s.dept_id, coalesce(d.name, ''), "   \
    "s.conf, s.approved_on, s.start_date, s.end_date, coalesce(s.manager_id, 0), coalesce(m.name, ''), "        \
    "s.next_review_due, s.conditions, s.status, s.terminated_on, s.version, s.build_state, s.build_checked_on "  \
    "FROM services s "                    \
    "LEFT JOIN departments d ON d.id = s.dept_id LEFT JOIN users m ON m.id = s.manager_id "

static void read_service(sqlite3_stmt *st, void *out)
{
    kservice *s = out;
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, s->approval_no, sizeof s->approval_no);
    s->app_id = sqlite3_column_int64(st, 2);
    db_col_copy(st, 3, s->name, sizeof s->name);
    db_col_copy(st, 4, s->provider, sizeof s->provider);
    s->dept_id = sqlite3_column_int64(st, 5);
    db_col_copy(st, 6, s->dept, sizeof s->dept);
    db_col_copy(st, 7, s->conf, sizeof s->conf);
    db_col_copy(st, 8, s->approved_on, sizeof s->approved_on);
    db_col_copy(st, 9, s->start_date, sizeof s->start_date);
    db_col_copy(st, 10, s->end_date, sizeof s->end_date);
    s->manager_id = sqlite3_column_int64(st, 11);
    db_col_copy(st, 12, s->manager, sizeof s->manager);
    db_col_copy(st, 13, s->next_review_due, sizeof s->next_review_due);
    db_col_copy(st, 14, s->conditions, sizeof s->conditions);
    db_col_copy(st, 15, s->status, sizeof s->status);
    db_col_copy(st, 16, s->terminated_on, sizeof s->terminated_on);
    s->version = sqlite3_column_int64(st, 17);
    db_col_copy(st, 18, s->build_state, sizeof s->build_state);
    db_col_copy(st, 19, s->build_checked_on, sizeof s->build_checked_on);
}

static void bind_service(sqlite3_stmt *st, const kservice *s)
{
    db_bind_text(st, 1, s->approval_no);
    db_bind_id(st, 2, s->app_id);
    db_bind_text(st, 3, s->name);
    db_bind_text(st, 4, s->provider);
    sqlite3_bind_int64(st, 5, s->dept_id);
    db_bind_text(st, 6, s->conf);
    db_bind_text(st, 7, s->approved_on);
    db_bind_text(st, 8, s->start_date);
    db_bind_text(st, 9, s->end_date);
    db_bind_id(st, 10, s->manager_id);
    db_bind_text(st, 11, s->next_review_due);
    db_bind_text(st, 12, s->conditions);
    db_bind_text(st, 13, *s->status ? s->status : "active");
    db_bind_text(st, 14, s->terminated_on);
    db_bind_text(st, 15, *s->build_state ? s->build_state : "pending");
    db_bind_text(st, 16, s->build_checked_on);
}

kstatus db_service_insert(kdb *db, kservice *s)
{
    sqlite3_stmt *st = db_prep(db, "INSERT INTO services(approval_no, app_id, name, provider, dept_id, conf, "
                                   "approved_on, start_date, end_date, manager_id, next_review_due, conditions, "
                                   "status, terminated_on, build_state, build_checked_on) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return db_map(db, db->last_rc);
    bind_service(st, s);
    kstatus r = db_exec_done(db, st);
    if (!r) {
        s->id = sqlite3_last_insert_rowid(db->h);
        s->version = 1;
        if (!*s->build_state) snprintf(s->build_state, sizeof s->build_state, "pending");
    }
    return r;
}

kstatus db_service_update(kdb *db, kservice *s)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE services SET approval_no = ?, app_id = ?, name = ?, provider = ?, "
                                   "dept_id = ?, conf = ?, approved_on = ?, start_date = ?, end_date = ?, "
                                   "manager_id = ?, next_review_due = ?, conditions = ?, status = ?, "
                                   "terminated_on = ?, build_state = ?, build_checked_on = ?, version = version + 1 "
                                   "WHERE id = ? AND version = ?");
    if (!st) return db_map(db, db->last_rc);
    bind_service(st, s);
    sqlite3_bind_int64(st, 17, s->id);
    sqlite3_bind_int64(st, 18, s->version);
    kstatus r = db_exec_changed(db, st, KS_CONFLICT);
    if (!r) s->version++;
    return r;
}

static kstatus svc_one(kdb *db, const char *sql, const char *t1, const char *t2, int64_t id, kservice *out)
{
    sqlite3_stmt *st = db_prep(db, sql);
    if (!st) return db_map(db, db->last_rc);
    if (t1) db_bind_text(st, 1, t1);
    else sqlite3_bind_int64(st, 1, id);
    if (t2) db_bind_text(st, 2, t2);
    return db_one(db, st, read_service, out);
}

kstatus db_service_get(kdb *db, int64_t id, kservice *out)
{
    return svc_one(db, SVC_SELECT "WHERE s.id = ?", NULL, NULL, id, out);
}

kstatus db_service_by_no(kdb *db, const char *no, kservice *out)
{
    return svc_one(db, SVC_SELECT "WHERE s.approval_no = ?", no, NULL, 0, out);
}

kstatus db_service_find(kdb *db, const char *name, const char *provider, kservice *out)
{
    return svc_one(db, SVC_SELECT "WHERE s.status = 'active' AND s.name = ? AND s.provider = ? LIMIT 1", name,
                   provider, 0, out);
}

kstatus db_service_next_seq(kdb *db, const char *prefix, int *seq)
{
    /* approval numbers are PREFIX + 4 digits; the next is one more than the highest with this prefix */
    sqlite3_stmt *st = db_prep(db, "SELECT coalesce(max(CAST(substr(approval_no, length(?1) + 1) AS INTEGER)), 0) + 1 "
                                   "FROM services WHERE substr(approval_no, 1, length(?1)) = ?1");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, prefix);
    int64_t next = 1;
    kstatus s = db_int64(db, st, &next);
    if (!s) *seq = (int)next;
    return s;
}

#define SVC_WHERE                                                                                               \
    " WHERE (?1 = 1 OR s.status = 'active' OR (?8 IS NOT NULL AND s.terminated_on > ?8))"                       \
    " AND (?2 = 0 OR s.dept_id = ?2) AND (?3 = 0 OR s.manager_id = ?3)"                                         \
    " AND (?4 IS NULL OR instr(s.name, ?4) > 0 OR instr(s.provider, ?4) > 0 OR instr(s.approval_no, ?4) > 0)"    \
    " AND (?5 IS NULL OR s.next_review_due < ?5)"

static void bind_sfilter(sqlite3_stmt *st, const kservice_filter *f)
{
    kservice_filter none = {0};
    if (!f) f = &none;
    sqlite3_bind_int(st, 1, f->include_terminated ? 1 : 0);
    sqlite3_bind_int64(st, 2, f->dept_id);
    sqlite3_bind_int64(st, 3, f->manager_id);
    if (f->search && *f->search) db_bind_text(st, 4, f->search);
    if (f->due_before) db_bind_text(st, 5, f->due_before);
    if (*f->in_use_on) db_bind_text(st, 8, f->in_use_on);
}

kstatus db_service_page(kdb *db, const kservice_filter *f, const char *after_no, const char *before_no, int limit,
                        kservice *out, int *n)
{
    *n = 0;
    bool up = before_no && *before_no;
    const char *sql = up ? SVC_SELECT SVC_WHERE " AND s.approval_no < ?6 ORDER BY s.approval_no DESC LIMIT ?7"
                         : SVC_SELECT SVC_WHERE " AND (?6 IS NULL OR s.approval_no > ?6) ORDER BY s.approval_no LIMIT ?7";
    sqlite3_stmt *st = db_prep(db, sql);
    if (!st) return db_map(db, db->last_rc);
    bind_sfilter(st, f);
    if (up) db_bind_text(st, 6, before_no);
    else if (after_no && *after_no) db_bind_text(st, 6, after_no);
    sqlite3_bind_int(st, 7, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) read_service(st, &out[(*n)++]);
    kstatus s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    if (up) db_reverse(out, (size_t)*n, sizeof *out);
    return s;
}

kstatus db_service_count(kdb *db, const kservice_filter *f, int64_t *count)
{
    sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM services s" SVC_WHERE);
    if (!st) return db_map(db, db->last_rc);
    bind_sfilter(st, f);
    return db_int64(db, st, count);
}

kstatus db_service_each(kdb *db, const kservice_filter *f, kservice_cb cb, void *ctx)
{
    sqlite3_stmt *st = db_prep(db, SVC_SELECT SVC_WHERE " ORDER BY s.approval_no");
    if (!st) return db_map(db, db->last_rc);
    bind_sfilter(st, f);
    int rc;
    kservice sv;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_service(st, &sv);
        if (cb(&sv, ctx)) break;
    }
    kstatus s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

void kservice_free(kservice **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}
