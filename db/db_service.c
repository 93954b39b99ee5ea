/* The 承認済みクラウドサービス台帳: one row per service, kept after it ends. */
#include "db/db_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/search.h"

#define SVC_COLS                                                                                              \
    "SELECT s.id, s.approval_no, coalesce(s.app_id, 0), s.name, s.provider, s.dept_id, coalesce(d.name, ''), "   \
    "s.conf, s.approved_on, s.start_date, s.end_date, coalesce(s.manager_id, 0), coalesce(m.name, ''), "        \
    "s.next_review_due, s.conditions, s.status, s.terminated_on, s.version, s.build_state, s.build_checked_on, " \
    "s.disposal_state, s.disposed_on, s.changed_on "
#define SVC_JOINS " LEFT JOIN departments d ON d.id = s.dept_id LEFT JOIN users m ON m.id = s.manager_id "
#define SVC_SELECT SVC_COLS "FROM services s" SVC_JOINS

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
    db_col_copy(st, 20, s->disposal_state, sizeof s->disposal_state);
    db_col_copy(st, 21, s->disposed_on, sizeof s->disposed_on);
    db_col_copy(st, 22, s->changed_on, sizeof s->changed_on);
}

/* Every value stays in *s while the statement (stepped at once) runs: bound without copies. */
static void bind_service(sqlite3_stmt *st, const kservice *s)
{
    db_bind_text_static(st, 1, s->approval_no);
    db_bind_id(st, 2, s->app_id);
    db_bind_text_static(st, 3, s->name);
    db_bind_text_static(st, 4, s->provider);
    sqlite3_bind_int64(st, 5, s->dept_id);
    db_bind_text_static(st, 6, s->conf);
    db_bind_text_static(st, 7, s->approved_on);
    db_bind_text_static(st, 8, s->start_date);
    db_bind_text_static(st, 9, s->end_date);
    db_bind_id(st, 10, s->manager_id);
    db_bind_text_static(st, 11, s->next_review_due);
    db_bind_text_static(st, 12, s->conditions);
    db_bind_text_static(st, 13, *s->status ? s->status : "active");
    db_bind_text_static(st, 14, s->terminated_on);
    db_bind_text_static(st, 15, *s->build_state ? s->build_state : "pending");
    db_bind_text_static(st, 16, s->build_checked_on);
    db_bind_text_static(st, 17, s->disposal_state);
    db_bind_text_static(st, 18, s->disposed_on);
    db_bind_text_static(st, 19, s->changed_on);
}

kstatus db_service_insert(kdb *db, kservice *s)
{
    sqlite3_stmt *st = db_cached(db, "INSERT INTO services(approval_no, app_id, name, provider, dept_id, conf, "
                                   "approved_on, start_date, end_date, manager_id, next_review_due, conditions, "
                                   "status, terminated_on, build_state, build_checked_on, disposal_state, disposed_on, "
                                   "changed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
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
                                   "terminated_on = ?, build_state = ?, build_checked_on = ?, disposal_state = ?, "
                                   "disposed_on = ?, changed_on = ?, version = version + 1 WHERE id = ? AND version = ?");
    if (!st) return db_map(db, db->last_rc);
    bind_service(st, s);
    sqlite3_bind_int64(st, 20, s->id);
    sqlite3_bind_int64(st, 21, s->version);
    kstatus r = db_exec_changed(db, st, KS_CONFLICT);
    if (!r) s->version++;
    return r;
}

static kstatus svc_one(kdb *db, const char *sql, const char *t1, const char *t2, int64_t id, kservice *out)
{
    sqlite3_stmt *st = db_cached(db, sql);
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
    sqlite3_stmt *st = db_cached(db, "SELECT coalesce(max(CAST(substr(approval_no, length(?1) + 1) AS INTEGER)), 0) + 1 "
                                   "FROM services WHERE substr(approval_no, 1, length(?1)) = ?1");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, prefix);
    int64_t next = 1;
    kstatus s = db_int64(db, st, &next);
    if (!s) *seq = (int)next;
    return s;
}

/* The conditions of the register's lists (?1 … ?5, ?8); the search (?4 the FTS5 expression, ?9 the folded text when
   it must be checked whole) as a condition for the statements that read every match. */
#define SVC_FILTER                                                                                              \
    " (?1 = 1 OR s.status = 'active' OR (?8 IS NOT NULL AND (s.terminated_on > ?8 OR s.disposal_state = 'pending')))" \
    " AND (?2 = 0 OR s.dept_id = ?2) AND (?3 = 0 OR s.manager_id = ?3)"                                         \
    " AND (?5 IS NULL OR s.next_review_due < ?5)"
#define SVC_IN_SEARCH                                                                                           \
    "s.id IN (SELECT rowid FROM svc_search WHERE svc_search MATCH ?4 AND (?9 IS NULL OR instr(t, ?9) > 0))"
#define SVC_WHERE " WHERE (?4 IS NULL OR " SVC_IN_SEARCH ") AND" SVC_FILTER

static void bind_sfilter(sqlite3_stmt *st, const kservice_filter *f)
{
    kservice_filter none = {0};
    if (!f) f = &none;
    sqlite3_bind_int(st, 1, f->include_terminated ? 1 : 0);
    sqlite3_bind_int64(st, 2, f->dept_id);
    sqlite3_bind_int64(st, 3, f->manager_id);
    search_query q;
    if (f->search && search_prepare(f->search, &q)) {
        db_bind_text(st, 4, q.match);
        if (q.check_whole) db_bind_text(st, 9, q.folded);
    }
    if (f->due_before) db_bind_text(st, 5, f->due_before);
    if (*f->in_use_on) db_bind_text(st, 8, f->in_use_on);
}

/* The pages of the register in 承認番号 order, by the index that leads (as db_app.c's APP_PAGES), each with the
   page after a key, the page before it, and the count of a range of ids. A search lists its matches in the order
   they were registered (the search index gives them in id order from the key, never all of them to be sorted; for
   services approved one after another that is 承認番号 order too); the keys stay 承認番号, looked up to their ids. */
#define SVC_PAGE(from, lead, key, count_from, count_lead, count_key)                                            \
    {SVC_COLS from SVC_JOINS " WHERE " lead " AND" SVC_FILTER " AND " key " > ?6 ORDER BY " key " LIMIT ?7",       \
     SVC_COLS from SVC_JOINS " WHERE " lead " AND" SVC_FILTER " AND " key " < ?6 ORDER BY " key " DESC LIMIT ?7",  \
     "SELECT count(*) " count_from " WHERE " count_lead " AND" SVC_FILTER " AND " count_key " >= ?15 AND "        \
     count_key " < ?16"}
#define SVC_FROM_SEARCH " FROM svc_search x CROSS JOIN services s ON s.id = x.rowid"
#define SVC_LEAD_SEARCH "svc_search MATCH ?4 AND (?9 IS NULL OR instr(x.t, ?9) > 0)"
typedef enum svc_lead { SLEAD_SEARCH, SLEAD_MANAGER, SLEAD_DEPT, SLEAD_NO } svc_lead;
static const struct { const char *down, *up, *count; } SVC_PAGES[] = {
    [SLEAD_SEARCH] = SVC_PAGE(SVC_FROM_SEARCH, SVC_LEAD_SEARCH, "x.rowid", SVC_FROM_SEARCH, SVC_LEAD_SEARCH,
                              "x.rowid"),
    [SLEAD_MANAGER] = SVC_PAGE(" FROM services s INDEXED BY services_manager_no", "s.manager_id = ?3",
                               "s.approval_no", " FROM services s INDEXED BY services_manager_no",
                               "s.manager_id = ?3", "s.id"),
    [SLEAD_DEPT] = SVC_PAGE(" FROM services s INDEXED BY services_dept_no", "s.dept_id = ?2", "s.approval_no",
                            " FROM services s INDEXED BY services_dept_no", "s.dept_id = ?2", "s.id"),
    [SLEAD_NO] = SVC_PAGE(" FROM services s INDEXED BY sqlite_autoindex_services_1", "1", "s.approval_no",
                          " FROM services s", "1", "s.id"),
};

static svc_lead svc_lead_of(const kservice_filter *f)
{
    search_query q;
    if (f->search && search_prepare(f->search, &q)) return SLEAD_SEARCH;
    return f->manager_id ? SLEAD_MANAGER : f->dept_id ? SLEAD_DEPT : SLEAD_NO;
}

kstatus db_service_key_id(kdb *db, const char *no, int64_t gone, int64_t *id)
{
    if (!no || !*no) {
        *id = 0;
        return KS_OK;
    }
    sqlite3_stmt *st = db_cached(db, "SELECT id FROM services WHERE approval_no = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, no);
    kstatus s = db_int64(db, st, id);
    if (s == KS_NOTFOUND) {
        *id = gone;
        s = KS_OK;
    }
    return s;
}

kstatus db_service_page(kdb *db, const kservice_filter *f, const char *after_no, const char *before_no, int limit,
                        kservice *out, int *n)
{
    *n = 0;
    kservice_filter none = {0};
    if (!f) f = &none;
    bool up = before_no && *before_no;
    svc_lead lead = svc_lead_of(f);
    sqlite3_stmt *st = db_prep(db, up ? SVC_PAGES[lead].up : SVC_PAGES[lead].down);
    if (!st) return db_map(db, db->last_rc);
    bind_sfilter(st, f);
    const char *key = up ? before_no : after_no && *after_no ? after_no : "";
    kstatus s = KS_OK;
    if (lead == SLEAD_SEARCH) {
        int64_t id = 0;
        s = db_service_key_id(db, key, INT64_MAX, &id);   /* a number gone: after the last */
        sqlite3_bind_int64(st, 6, id);
    } else {
        db_bind_text(st, 6, key);
    }
    sqlite3_bind_int(st, 7, limit);
    int rc = SQLITE_DONE;
    while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) read_service(st, &out[(*n)++]);
    if (!s) s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
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

kstatus db_service_managed_upto(kdb *db, int64_t manager_id, int64_t max, int64_t *count)
{
    sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM (SELECT 1 FROM services s INDEXED BY services_manager_no"
                                   " WHERE s.manager_id = ?3 AND" SVC_FILTER " LIMIT ?7)");
    if (!st) return db_map(db, db->last_rc);
    kservice_filter f = {.manager_id = manager_id};
    bind_sfilter(st, &f);
    sqlite3_bind_int64(st, 7, max);
    return db_int64(db, st, count);
}

kstatus db_service_count_range(kdb *db, const kservice_filter *f, int64_t lo, int64_t hi, int64_t *count)
{
    kservice_filter none = {0};
    if (!f) f = &none;
    sqlite3_stmt *st = db_prep(db, SVC_PAGES[svc_lead_of(f)].count);
    if (!st) return db_map(db, db->last_rc);
    bind_sfilter(st, f);
    sqlite3_bind_int64(st, 15, lo);
    sqlite3_bind_int64(st, 16, hi);
    return db_int64(db, st, count);
}

kstatus db_service_max_id(kdb *db, int64_t *id)
{
    sqlite3_stmt *st = db_prep(db, "SELECT coalesce(max(id), 0) FROM services");
    if (!st) return db_map(db, db->last_rc);
    return db_int64(db, st, id);
}

kstatus db_service_each_ended_named(kdb *db, const char *name, kservice_cb cb, void *ctx)
{
    /* once per ended row of an import: prepared once */
    sqlite3_stmt *st = db_cached(db, SVC_COLS "FROM services s INDEXED BY services_name" SVC_JOINS
                                     "WHERE s.name = ?1 AND s.status = 'terminated' ORDER BY s.approval_no");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, name);
    int rc;
    kservice sv;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_service(st, &sv);
        if (cb(&sv, ctx)) break;
    }
    kstatus s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    db_done(db, st);
    return s;
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

kstatus db_service_each_managed_no(kdb *db, int64_t manager_id, int (*cb)(const char *approval_no, void *ctx),
                                   void *ctx)
{
    sqlite3_stmt *st = db_prep(db, "SELECT approval_no FROM services INDEXED BY services_manager_no "
                                   "WHERE manager_id = ?1 AND status = 'active' ORDER BY approval_no");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, manager_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *no = (const char *)sqlite3_column_text(st, 0);
        if (cb(no ? no : "", ctx)) break;
    }
    kstatus s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

kstatus db_service_hand_over(kdb *db, int64_t from, int64_t to, const char *at, int64_t user_id, const char *action,
                             const char *comment, int64_t *lo, int64_t *hi, int64_t *n)
{
    *lo = *hi = *n = 0;
    int64_t before = 0;
    kstatus s = db_history_last_id(db, &before);
    if (s) return s;
    /* the services are the active ones of `from` (as db_service_each with the manager's filter lists them) */
    sqlite3_stmt *st = db_prep(db, "INSERT INTO history(app_id, service_id, at, user_id, action, from_state, to_state, "
                                   "comment) SELECT NULL, s.id, ?2, ?3, ?4, '', '', ?5 "
                                   "FROM services s INDEXED BY services_manager_no "
                                   "WHERE s.manager_id = ?1 AND s.status = 'active' ORDER BY s.approval_no");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, from);
    db_bind_text(st, 2, at);
    db_bind_id(st, 3, user_id);
    db_bind_text(st, 4, action);
    db_bind_text(st, 5, comment);
    if ((s = db_exec_done(db, st))) return s;
    int64_t rows = sqlite3_changes64(db->h);
    if (!rows) return KS_OK;
    int64_t last = sqlite3_last_insert_rowid(db->h);
    /* one statement in the write lock: ids one after another (the record names them as a range) */
    if (last - before != rows) return KS_ERROR;
    st = db_prep(db, "UPDATE services SET manager_id = ?2, version = version + 1 "
                     "WHERE manager_id = ?1 AND status = 'active'");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, from);
    db_bind_id(st, 2, to);
    if ((s = db_exec_done(db, st))) return s;
    if (sqlite3_changes64(db->h) != rows) return KS_CONFLICT;
    *lo = before + 1;
    *hi = last;
    *n = rows;
    return KS_OK;
}
