/* Applications, their 確認事項 answers, and the history of every step. */
#include "db/db_app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/search.h"

/* The 申請 half's columns, in form_field order (tests/unit/test_db.c checks this against forms/form.c). */
#define FORM_COLS                                                                                               \
    "kind, section, contact, service_name, provider, service_type, url, purpose, scope, user_scope, user_count, " \
    "conf, integ, avail, handling, personal, mynumber, pia, network, location, law, certs, contract, start_date, "         \
    "end_date, renewal_date, procurement_ref, remarks"
#define FORM_COLS_A                                                                                             \
    "a.kind, a.section, a.contact, a.service_name, a.provider, a.service_type, a.url, a.purpose, a.scope, "      \
    "a.user_scope, a.user_count, a.conf, a.integ, a.avail, a.handling, a.personal, a.mynumber, a.pia, a.network, "          \
    "a.location, a.law, a.certs, a.contract, a.start_date, a.end_date, a.renewal_date, a.procurement_ref, "     \
    "a.remarks"
#define FORM_PARAMS "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"
#define FORM_SET                                                                                                 \
    "kind=?, section=?, contact=?, service_name=?, provider=?, service_type=?, url=?, purpose=?, scope=?, "     \
    "user_scope=?, user_count=?, conf=?, integ=?, avail=?, handling=?, personal=?, mynumber=?, pia=?, network=?, "          \
    "location=?, law=?, certs=?, contract=?, start_date=?, end_date=?, renewal_date=?, procurement_ref=?, "     \
    "remarks=?"

const char *db_form_columns(void) { return FORM_COLS; }

static void bind_form(sqlite3_stmt *st, int first, char *const v[FF_COUNT])
{
    for (int f = 0; f < FF_COUNT; f++) {
        const char *x = v[f] ? v[f] : "";
        if (f == FF_USER_COUNT) {
            if (*x) sqlite3_bind_int64(st, first + f, strtoll(x, NULL, 10));
            else sqlite3_bind_null(st, first + f);
        } else {
            db_bind_text_static(st, first + f, x);
        }
    }
}

void kapp_clear(kapp *a)
{
    if (!a) return;
    char **strs[] = {&a->app_no, &a->state, &a->track, &a->applicant_name, &a->dept_name, &a->applied_on,
                     &a->decision, &a->decision_comment, &a->decided_on, &a->decided_by_name, &a->approval_no,
                     &a->manager_name, &a->next_review_due, &a->ck_key, &a->ck_name, &a->ck_version,
                     &a->created_at, &a->updated_at};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        free(*strs[i]);
        *strs[i] = NULL;
    }
    for (int f = 0; f < FF_COUNT; f++) {
        free(a->v[f]);
        a->v[f] = NULL;
    }
}

kstatus db_app_insert(kdb *db, kapp *a)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_cached(db, "INSERT INTO applications(state, track, applicant_id, dept_id, service_id, "
                                   "parent_id, ck_key, ck_name, ck_version, created_at, updated_at, " FORM_COLS
                                   ") VALUES ('draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " FORM_PARAMS ")");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, a->track);
    sqlite3_bind_int64(st, 2, a->applicant_id);
    sqlite3_bind_int64(st, 3, a->dept_id);
    db_bind_id(st, 4, a->service_id);
    db_bind_id(st, 5, a->parent_id);
    db_bind_text(st, 6, a->ck_key);
    db_bind_text(st, 7, a->ck_name);
    db_bind_text(st, 8, a->ck_version);
    db_bind_text(st, 9, now);
    db_bind_text(st, 10, now);
    bind_form(st, 11, a->v);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        a->id = sqlite3_last_insert_rowid(db->h);
        a->version = 1;
    }
    return s;
}

/* A whole record as given (id 0 = the next one), for rows made in bulk (kumo demo --rows): one cached statement. */
kstatus db_app_insert_full(kdb *db, kapp *a)
{
    sqlite3_stmt *st = db_cached(db, "INSERT INTO applications(id, app_no, fy, seq, state, track, applicant_id, "
                                     "dept_id, service_id, parent_id, applied_on, decision, decision_comment, "
                                     "decided_on, decided_by, approval_no, manager_id, next_review_due, ck_key, "
                                     "ck_name, ck_version, version, created_at, updated_at, " FORM_COLS
                                     ") VALUES (?, nullif(?, ''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                     "?, ?, 1, ?, ?, " FORM_PARAMS ")");
    if (!st) return db_map(db, db->last_rc);
    db_bind_id(st, 1, a->id);
    db_bind_text_static(st, 2, a->app_no);
    sqlite3_bind_int(st, 3, a->fy);
    sqlite3_bind_int(st, 4, a->seq);
    db_bind_text_static(st, 5, a->state);
    db_bind_text_static(st, 6, a->track);
    sqlite3_bind_int64(st, 7, a->applicant_id);
    sqlite3_bind_int64(st, 8, a->dept_id);
    db_bind_id(st, 9, a->service_id);
    db_bind_id(st, 10, a->parent_id);
    db_bind_text_static(st, 11, a->applied_on);
    db_bind_text_static(st, 12, a->decision);
    db_bind_text_static(st, 13, a->decision_comment);
    db_bind_text_static(st, 14, a->decided_on);
    db_bind_id(st, 15, a->decided_by);
    db_bind_text_static(st, 16, a->approval_no);
    db_bind_id(st, 17, a->manager_id);
    db_bind_text_static(st, 18, a->next_review_due);
    db_bind_text_static(st, 19, a->ck_key);
    db_bind_text_static(st, 20, a->ck_name);
    db_bind_text_static(st, 21, a->ck_version);
    db_bind_text_static(st, 22, a->created_at);
    db_bind_text_static(st, 23, a->updated_at);
    bind_form(st, 24, a->v);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        a->id = sqlite3_last_insert_rowid(db->h);
        a->version = 1;
    }
    return s;
}

kstatus db_app_set_service(kdb *db, int64_t id, int64_t service_id)
{
    sqlite3_stmt *st = db_cached(db, "UPDATE applications SET service_id = ? WHERE id = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_id(st, 1, service_id);
    sqlite3_bind_int64(st, 2, id);
    return db_exec_done(db, st);
}

#define APP_SELECT                                                                                              \
    "SELECT a.id, coalesce(a.app_no, ''), a.fy, a.seq, a.state, a.track, a.applicant_id, coalesce(u.name, ''), " \
    "a.dept_id, coalesce(d.name, ''), coalesce(a.service_id, 0), coalesce(a.parent_id, 0), a.applied_on, "        \
    "a.decision, a.decision_comment, a.decided_on, coalesce(a.decided_by, 0), coalesce(x.name, ''), "            \
    "a.approval_no, coalesce(a.manager_id, 0), coalesce(m.name, ''), a.next_review_due, a.ck_key, a.ck_name, "    \
    "a.ck_version, a.version, a.created_at, a.updated_at, " FORM_COLS_A                                              \
    " FROM applications a LEFT JOIN users u ON u.id = a.applicant_id "                                           \
    "LEFT JOIN departments d ON d.id = a.dept_id LEFT JOIN users x ON x.id = a.decided_by "                     \
    "LEFT JOIN users m ON m.id = a.manager_id "
#define APP_FORM_FIRST 28

static void read_app(sqlite3_stmt *st, void *out)
{
    kapp *a = out;
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->app_no = db_col_dup(st, 1);
    a->fy = sqlite3_column_int(st, 2);
    a->seq = sqlite3_column_int(st, 3);
    a->state = db_col_dup(st, 4);
    a->track = db_col_dup(st, 5);
    a->applicant_id = sqlite3_column_int64(st, 6);
    a->applicant_name = db_col_dup(st, 7);
    a->dept_id = sqlite3_column_int64(st, 8);
    a->dept_name = db_col_dup(st, 9);
    a->service_id = sqlite3_column_int64(st, 10);
    a->parent_id = sqlite3_column_int64(st, 11);
    a->applied_on = db_col_dup(st, 12);
    a->decision = db_col_dup(st, 13);
    a->decision_comment = db_col_dup(st, 14);
    a->decided_on = db_col_dup(st, 15);
    a->decided_by = sqlite3_column_int64(st, 16);
    a->decided_by_name = db_col_dup(st, 17);
    a->approval_no = db_col_dup(st, 18);
    a->manager_id = sqlite3_column_int64(st, 19);
    a->manager_name = db_col_dup(st, 20);
    a->next_review_due = db_col_dup(st, 21);
    a->ck_key = db_col_dup(st, 22);
    a->ck_name = db_col_dup(st, 23);
    a->ck_version = db_col_dup(st, 24);
    a->version = sqlite3_column_int64(st, 25);
    a->created_at = db_col_dup(st, 26);
    a->updated_at = db_col_dup(st, 27);
    for (int f = 0; f < FF_COUNT; f++) a->v[f] = db_col_dup(st, APP_FORM_FIRST + f);
}

static kstatus app_one(kdb *db, const char *sql, const char *text, int64_t id, kapp *out)
{
    sqlite3_stmt *st = db_cached(db, sql);
    if (!st) return db_map(db, db->last_rc);
    if (text) db_bind_text(st, 1, text);
    else sqlite3_bind_int64(st, 1, id);
    return db_one(db, st, read_app, out);
}

kstatus db_app_get(kdb *db, int64_t id, kapp *out) { return app_one(db, APP_SELECT "WHERE a.id = ?", NULL, id, out); }

kstatus db_app_by_no(kdb *db, const char *no, kapp *out)
{
    return app_one(db, APP_SELECT "WHERE a.app_no = ?", no, 0, out);
}

kstatus db_app_update_form(kdb *db, kapp *a)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(db, "UPDATE applications SET track = ?, ck_key = ?, ck_name = ?, ck_version = ?, "
                                   "updated_at = ?, version = version + 1, " FORM_SET
                                   " WHERE id = ? AND version = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, a->track);
    db_bind_text(st, 2, a->ck_key);
    db_bind_text(st, 3, a->ck_name);
    db_bind_text(st, 4, a->ck_version);
    db_bind_text(st, 5, now);
    bind_form(st, 6, a->v);
    sqlite3_bind_int64(st, 6 + FF_COUNT, a->id);
    sqlite3_bind_int64(st, 7 + FF_COUNT, a->version);
    kstatus s = db_exec_changed(db, st, KS_CONFLICT);
    if (!s) a->version++;
    return s;
}

kstatus db_app_update_state(kdb *db, kapp *a)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(
        db, "UPDATE applications SET state = ?, app_no = nullif(?, ''), fy = ?, seq = ?, applied_on = ?, "
            "decision = ?, decision_comment = ?, decided_on = ?, decided_by = ?, approval_no = ?, manager_id = ?, "
            "next_review_due = ?, service_id = ?, parent_id = ?, updated_at = ?, version = version + 1 "
            "WHERE id = ? AND version = ?");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, a->state);
    db_bind_text(st, 2, a->app_no);
    sqlite3_bind_int(st, 3, a->fy);
    sqlite3_bind_int(st, 4, a->seq);
    db_bind_text(st, 5, a->applied_on);
    db_bind_text(st, 6, a->decision);
    db_bind_text(st, 7, a->decision_comment);
    db_bind_text(st, 8, a->decided_on);
    db_bind_id(st, 9, a->decided_by);
    db_bind_text(st, 10, a->approval_no);
    db_bind_id(st, 11, a->manager_id);
    db_bind_text(st, 12, a->next_review_due);
    db_bind_id(st, 13, a->service_id);
    db_bind_id(st, 14, a->parent_id);
    db_bind_text(st, 15, now);
    sqlite3_bind_int64(st, 16, a->id);
    sqlite3_bind_int64(st, 17, a->version);
    kstatus s = db_exec_changed(db, st, KS_CONFLICT);
    if (!s) a->version++;
    return s;
}

kstatus db_app_next_seq(kdb *db, int fy, int *seq)
{
    sqlite3_stmt *st = db_prep(db, "SELECT coalesce(max(seq), 0) + 1 FROM applications WHERE fy = ?");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int(st, 1, fy);
    int64_t next = 1;
    kstatus s = db_int64(db, st, &next);
    if (!s) *seq = (int)next;
    return s;
}

kstatus db_app_delete_draft(kdb *db, int64_t id, int64_t version)
{
    sqlite3_stmt *st = db_prep(db, "DELETE FROM applications WHERE id = ? AND version = ? AND state = 'draft' "
                                   "AND app_no IS NULL");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, version);
    return db_exec_changed(db, st, KS_CONFLICT);
}

/* The conditions of a filtered list; every value a parameter (?1 … ?10), unused ones NULL or 0 (?4 the 年度). The search (?13 the
   FTS5 expression of db/search.c, ?14 the folded text when it must be checked whole) is a condition here for the
   statements that read every match (exports); a page reads the index in order instead (APP_PAGES). */
#define APP_FILTER                                                                                              \
    " (?1 IS NULL OR a.state = ?1) AND (?2 = 0 OR a.dept_id = ?2) AND (?3 IS NULL OR a.conf = ?3)"              \
    " AND (?4 = 0 OR a.fy = ?4)"                                                                                \
    " AND (?5 = 0 OR a.applicant_id = ?5)"                                                                      \
    " AND (?6 = 0 OR a.dept_id = ?6 OR a.applicant_id = ?10)"                                                  \
    " AND (?7 = 0 OR (a.track = '8-4' AND a.dept_id = ?7))"                                                     \
    " AND (?8 IS NULL OR a.track = ?8)"                                                                         \
    " AND (?9 = 0 OR a.applicant_id <> ?9)"
#define APP_SEARCH_IN                                                                                           \
    " AND (?13 IS NULL OR a.id IN (SELECT rowid FROM app_search WHERE app_search MATCH ?13"                     \
    "      AND (?14 IS NULL OR instr(t, ?14) > 0)))"
#define APP_WHERE " WHERE" APP_FILTER APP_SEARCH_IN

static void bind_filter(sqlite3_stmt *st, const kapp_filter *f)
{
    kapp_filter none = {0};
    if (!f) f = &none;
    if (f->state) db_bind_text(st, 1, f->state);
    sqlite3_bind_int64(st, 2, f->dept_id);
    if (f->conf) db_bind_text(st, 3, f->conf);
    sqlite3_bind_int(st, 4, f->fy);
    sqlite3_bind_int64(st, 5, f->applicant_id);
    sqlite3_bind_int64(st, 6, f->visible_dept_id);
    sqlite3_bind_int64(st, 7, f->decider_dept_id);
    if (f->track) db_bind_text(st, 8, f->track);
    sqlite3_bind_int64(st, 9, f->exclude_applicant);
    sqlite3_bind_int64(st, 10, f->visible_user_id);
    search_query q;
    if (f->search && search_prepare(f->search, &q)) {
        db_bind_text(st, 13, q.match);
        if (q.check_whole) db_bind_text(st, 14, q.folded);
    }
}

#define ROW_COLS                                                                                                \
    "SELECT a.id, coalesce(a.app_no, ''), a.state, a.track, coalesce(d.name, ''), a.conf, a.service_name, "      \
    "a.applied_on, coalesce(u.name, ''), a.applicant_id, a.decision "
#define ROW_JOINS " LEFT JOIN users u ON u.id = a.applicant_id LEFT JOIN departments d ON d.id = a.dept_id"

/* The pages of a list, by the index that leads: the search index when there is a search (its rows come in id order,
   and no row without the text is read), else the index of the most selective filter given, else the table in id
   order. Each has the page below a key (newest first), the page above it, and the count of a range of ids, so that
   a page, a filter change and a keystroke cost the page, whatever the size of the table. */
#define APP_PAGE_BY(from, lead, key)                                                                            \
    {ROW_COLS from ROW_JOINS " WHERE " lead " AND" APP_FILTER " AND " key " < ?11 ORDER BY " key " DESC LIMIT ?12", \
     ROW_COLS from ROW_JOINS " WHERE " lead " AND" APP_FILTER " AND " key " > ?11 ORDER BY " key " ASC LIMIT ?12",  \
     "SELECT count(*) " from " WHERE " lead " AND" APP_FILTER " AND " key " >= ?15 AND " key " < ?11"}
#define APP_PAGE(from, lead) APP_PAGE_BY(from, lead, "a.id")
#define FROM_SEARCH " FROM app_search s CROSS JOIN applications a ON a.id = s.rowid"
#define LEAD_SEARCH "app_search MATCH ?13 AND (?14 IS NULL OR instr(s.t, ?14) > 0)"
/* The leads but the search's: the index each reads and the condition on its columns. */
#define APP_LEADS(X)                                                                                             \
    /* a 職員等 sees their own (policy_app_scope): 機密性, with or without 状態, through the indexes of migration 18 */ \
    X(LEAD_BY_APPLICANT_STATE_CONF, " FROM applications a INDEXED BY applications_applicant_state_conf",          \
      "a.applicant_id = ?5 AND a.state = ?1 AND a.conf = ?3")                                                     \
    X(LEAD_BY_APPLICANT_STATE, " FROM applications a INDEXED BY applications_applicant_state",                    \
      "a.applicant_id = ?5 AND a.state = ?1")                                                                     \
    X(LEAD_BY_APPLICANT_CONF, " FROM applications a INDEXED BY applications_applicant_conf",                      \
      "a.applicant_id = ?5 AND a.conf = ?3")                                                                      \
    X(LEAD_BY_APPLICANT, " FROM applications a INDEXED BY applications_applicant", "a.applicant_id = ?5")          \
    X(LEAD_BY_DECIDER, " FROM applications a INDEXED BY applications_decider",                                   \
      "a.state = ?1 AND a.track = '8-4' AND a.dept_id = ?7")                                                      \
    /* 状態, 部局 and 機密性 together, or any two of them, through an index of exactly those columns and the id       \
       (migration 17): through the index of one of them a combination with few matches (却下 of 機密性3B) read every  \
       row of that one to find a page, or to find there is none */                                                \
    X(LEAD_BY_STATE_DEPT_CONF, " FROM applications a INDEXED BY applications_state_dept_conf",                    \
      "a.state = ?1 AND a.dept_id = ?2 AND a.conf = ?3")                                                          \
    X(LEAD_BY_STATE_DEPT, " FROM applications a INDEXED BY applications_state_dept",                              \
      "a.state = ?1 AND a.dept_id = ?2")                                                                          \
    X(LEAD_BY_STATE_CONF, " FROM applications a INDEXED BY applications_state_conf", "a.state = ?1 AND a.conf = ?3") \
    X(LEAD_BY_STATE, " FROM applications a INDEXED BY applications_state", "a.state = ?1")                         \
    X(LEAD_BY_DEPT_CONF, " FROM applications a INDEXED BY applications_dept_conf", "a.dept_id = ?2 AND a.conf = ?3") \
    X(LEAD_BY_DEPT, " FROM applications a INDEXED BY applications_dept", "a.dept_id = ?2")                         \
    X(LEAD_BY_CONF, " FROM applications a INDEXED BY applications_conf", "a.conf = ?3")                            \
    X(LEAD_BY_ID, " FROM applications a", "1")                                                                    \
    /* a 情報セキュリティ責任者's own applications (db_app_page): in one other 部局, or in every 部局 but their own      \
       (the index seeked once per other 部局; `dept_id < ?6 OR dept_id > ?6` read every own application, 166,000 of \
       a 部局長 of the demo's 1,000,000, to find none: 10 ms a page and a probe) */                                \
    X(LEAD_BY_APPLICANT_DEPT, " FROM applications a INDEXED BY applications_applicant_dept",                      \
      "a.applicant_id = ?5 AND a.dept_id = ?2")                                                                   \
    X(LEAD_BY_APPLICANT_ELSEWHERE, " FROM applications a INDEXED BY applications_applicant_dept",                 \
      "a.applicant_id = ?5 AND a.dept_id IN (SELECT id FROM departments WHERE id <> ?6)")
#define LEAD_NAME(name, from, lead) name,
typedef enum app_lead { LEAD_BY_SEARCH, APP_LEADS(LEAD_NAME) LEAD_COUNT } app_lead;
#define LEAD_PAGE(name, from, lead) [name] = APP_PAGE(from, lead),
static const struct { const char *down, *up, *count; } APP_PAGES[] = {
    /* the search index's own rowid, so that FTS5 gives its rows in order from the key (not all of them, sorted) */
    [LEAD_BY_SEARCH] = APP_PAGE_BY(FROM_SEARCH, LEAD_SEARCH, "s.rowid"),
    APP_LEADS(LEAD_PAGE)
};
/* A search with filters whose index holds fewer rows than the search matches: the filters' index leads and each of
   its rows is looked up in the search index by its id (FTS5 seeks to the rowid), so that a search of one common
   character with a combination of few rows (却下 of 機密性3B) does not read every match of the search. */
#define SEARCHED                                                                                                \
    " AND EXISTS (SELECT 1 FROM app_search s WHERE app_search MATCH ?13 AND s.rowid = a.id"                       \
    " AND (?14 IS NULL OR instr(s.t, ?14) > 0))"
#define LEAD_SEARCHED(name, from, lead) [name] = APP_PAGE(from, lead SEARCHED),
static const struct { const char *down, *up, *count; } APP_SEARCHED_PAGES[] = {APP_LEADS(LEAD_SEARCHED)};
/* How many rows a lead's index has, up to ?16: which of the filters and the search reads fewer for a page. */
#define LEAD_PROBE(name, from, lead) [name] = "SELECT count(*) FROM (SELECT 1" from " WHERE " lead " LIMIT ?16)",
static const char *const APP_PROBES[] = {
    [LEAD_BY_SEARCH] = "SELECT count(*) FROM (SELECT 1 FROM app_search WHERE app_search MATCH ?13 LIMIT ?16)",
    APP_LEADS(LEAD_PROBE)
};
enum { PROBE_MAX = 4000 };

static app_lead lead_of_filters(const kapp_filter *f);

static app_lead lead_of(const kapp_filter *f)
{
    search_query q;
    if (f->search && search_prepare(f->search, &q)) return LEAD_BY_SEARCH;
    return lead_of_filters(f);
}

/* The lead of the filters alone (the search aside). */
static app_lead lead_of_filters(const kapp_filter *f)
{
    if (f->applicant_id && f->state && f->conf) return LEAD_BY_APPLICANT_STATE_CONF;
    if (f->applicant_id && f->state) return LEAD_BY_APPLICANT_STATE;
    if (f->applicant_id && f->conf) return LEAD_BY_APPLICANT_CONF;
    if (f->applicant_id && f->dept_id) return LEAD_BY_APPLICANT_DEPT;
    if (f->applicant_id) return LEAD_BY_APPLICANT;
    if (f->state && f->decider_dept_id) return LEAD_BY_DECIDER;
    if (f->state && f->dept_id && f->conf) return LEAD_BY_STATE_DEPT_CONF;
    if (f->state && f->dept_id) return LEAD_BY_STATE_DEPT;
    if (f->state && f->conf) return LEAD_BY_STATE_CONF;
    if (f->state) return LEAD_BY_STATE;
    if (f->dept_id && f->conf) return LEAD_BY_DEPT_CONF;
    if (f->dept_id) return LEAD_BY_DEPT;
    if (f->conf) return LEAD_BY_CONF;
    return LEAD_BY_ID;
}

static void read_row(sqlite3_stmt *st, kapp_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, r->app_no, sizeof r->app_no);
    db_col_copy(st, 2, r->state, sizeof r->state);
    db_col_copy(st, 3, r->track, sizeof r->track);
    db_col_copy(st, 4, r->dept, sizeof r->dept);
    db_col_copy(st, 5, r->conf, sizeof r->conf);
    db_col_copy(st, 6, r->service_name, sizeof r->service_name);
    db_col_copy(st, 7, r->applied_on, sizeof r->applied_on);
    db_col_copy(st, 8, r->applicant, sizeof r->applicant);
    r->applicant_id = sqlite3_column_int64(st, 9);
    db_col_copy(st, 10, r->decision, sizeof r->decision);
}

/* A page through a lead; searched: a filters' lead that checks each of its rows for the search (APP_SEARCHED_PAGES). */
static kstatus page_through(kdb *db, const kapp_filter *f, app_lead lead, bool searched, int64_t before_id,
                            int64_t after_id, int limit, kapp_row *out, int *n)
{
    *n = 0;
    bool up = after_id != 0;   /* after_id < 0: the oldest page */
    sqlite3_stmt *st = db_prep(db, searched ? (up ? APP_SEARCHED_PAGES[lead].up : APP_SEARCHED_PAGES[lead].down)
                                            : (up ? APP_PAGES[lead].up : APP_PAGES[lead].down));
    if (!st) return db_map(db, db->last_rc);
    bind_filter(st, f);
    sqlite3_bind_int64(st, 11, up ? (after_id > 0 ? after_id : 0) : (before_id > 0 ? before_id : INT64_MAX));
    sqlite3_bind_int(st, 12, limit);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit) read_row(st, &out[(*n)++]);
    kstatus s = rc == SQLITE_DONE || rc == SQLITE_ROW ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    if (up) db_reverse(out, (size_t)*n, sizeof *out); /* the page above came back ascending: newest first */
    return s;
}

static kstatus page_by_lead(kdb *db, const kapp_filter *f, app_lead lead, int64_t before_id, int64_t after_id,
                            int limit, kapp_row *out, int *n)
{
    return page_through(db, f, lead, false, before_id, after_id, limit, out, n);
}

/* The rows of a lead's index (the search's matches), up to max: -1 when it cannot be read. */
static int64_t probe(kdb *db, const kapp_filter *f, app_lead lead, int64_t max)
{
    sqlite3_stmt *st = db_prep(db, APP_PROBES[lead]);
    if (!st) return -1;
    bind_filter(st, f);
    sqlite3_bind_int64(st, 16, max);
    int64_t n = -1;
    return db_int64(db, st, &n) ? -1 : n;
}

/* Merges two pages of the same edge (each newest first) into out, newest first and each id once: a page below an
   edge keeps the newest `limit`, a page above it (up) the `limit` nearest the edge, the oldest. */
static void merge_pages(const kapp_row *a, int na, const kapp_row *b, int nb, bool up, int limit, kapp_row *out,
                        int *n)
{
    int i = 0, j = 0, m = 0, skip = 0;
    if (up) {   /* how many of the union lie above the `limit` nearest the edge */
        int total = 0;
        for (int x = 0, y = 0; x < na || y < nb; total++) {
            if (y >= nb || (x < na && a[x].id > b[y].id)) x++;
            else if (x >= na || b[y].id > a[x].id) y++;
            else x++, y++;
        }
        skip = total > limit ? total - limit : 0;
    }
    while ((i < na || j < nb) && m < limit) {
        const kapp_row *r;
        if (j >= nb || (i < na && a[i].id > b[j].id)) r = &a[i++];
        else if (i >= na || b[j].id > a[i].id) r = &b[j++];
        else r = &a[i++], j++;
        if (skip) skip--;
        else out[m++] = *r;
    }
    *n = m;
}

/* A page of f led by `by` (the index of its filters); with a search, by whichever of that index and the search
   index has fewer rows: a search of one common character with filters of few rows reads those rows, each looked up
   in the search index, not every match of the search. The filters' index is counted up to PROBE_MAX, and the
   search's matches only up to one more than that count (all it takes to know which is fewer). */
static kstatus page_led(kdb *db, const kapp_filter *f, app_lead by, int64_t before_id, int64_t after_id, int limit,
                        kapp_row *out, int *n)
{
    if (lead_of(f) != LEAD_BY_SEARCH) return page_by_lead(db, f, by, before_id, after_id, limit, out, n);
    int64_t filtered = by != LEAD_BY_ID ? probe(db, f, by, PROBE_MAX) : -1;
    if (filtered >= 0 && filtered < PROBE_MAX && probe(db, f, LEAD_BY_SEARCH, filtered + 1) > filtered)
        return page_through(db, f, by, true, before_id, after_id, limit, out, n);
    return page_by_lead(db, f, LEAD_BY_SEARCH, before_id, after_id, limit, out, n);
}

/* A 情報セキュリティ責任者 sees the 部局's applications and their own wherever they are (policy_app_scope). Read as
   one stream (every application, or every one of a filter's index or of a search's matches, looking at its 部局 and
   applicant), a 部局 with few applications in a large table read the whole table for a page (800 ms at 1,000,000
   applications; a search of one common character 400 ms a key), and so did a 部局 filter naming another 部局.
   Instead: the 部局's through the indexes of the 部局 and the filters, and their own elsewhere through the index of
   (applicant, 部局) (migration 17: no more than they filed outside the 部局), each part with a search led by the
   fewer of its index and the search's (page_led), the two pages merged; a filter naming another 部局 reads only
   their own there. */
kstatus db_app_page(kdb *db, const kapp_filter *f, int64_t before_id, int64_t after_id, int limit, kapp_row *out,
                    int *n)
{
    *n = 0;
    kapp_filter none = {0};
    if (!f) f = &none;
    int64_t home = f->visible_dept_id, me = f->visible_user_id;
    if (!home || f->applicant_id) return page_led(db, f, lead_of_filters(f), before_id, after_id, limit, out, n);
    kapp_filter own = *f;   /* keeps the scope: each of its rows is the user's own */
    own.applicant_id = me;
    if (me && f->dept_id && f->dept_id != home)
        return page_led(db, &own, LEAD_BY_APPLICANT_DEPT, before_id, after_id, limit, out, n);
    kapp_filter dept = *f;   /* every row of the 部局 is in scope */
    dept.dept_id = home;
    dept.visible_dept_id = dept.visible_user_id = 0;
    if (!me || f->dept_id == home) return page_led(db, &dept, lead_of_filters(&dept), before_id, after_id, limit, out, n);
    kapp_row *a = malloc(2 * (size_t)limit * sizeof *a);
    if (!a) return KS_NOMEM;
    int na = 0, nb = 0;
    kstatus s = page_led(db, &dept, lead_of_filters(&dept), before_id, after_id, limit, a, &na);
    if (!s) s = page_led(db, &own, LEAD_BY_APPLICANT_ELSEWHERE, before_id, after_id, limit, a + limit, &nb);
    if (!s) merge_pages(a, na, a + limit, nb, after_id != 0, limit, out, n);
    free(a);
    return s;
}

kstatus db_app_max_id(kdb *db, int64_t *id)
{
    sqlite3_stmt *st = db_prep(db, "SELECT coalesce(max(id), 0) FROM applications");
    if (!st) return db_map(db, db->last_rc);
    return db_int64(db, st, id);
}

kstatus db_app_count_range(kdb *db, const kapp_filter *f, int64_t lo, int64_t hi, int64_t *count)
{
    kapp_filter none = {0};
    if (!f) f = &none;
    sqlite3_stmt *st = db_prep(db, APP_PAGES[lead_of(f)].count);
    if (!st) return db_map(db, db->last_rc);
    bind_filter(st, f);
    sqlite3_bind_int64(st, 11, hi);
    sqlite3_bind_int64(st, 15, lo);
    return db_int64(db, st, count);
}

kstatus db_app_count(kdb *db, const kapp_filter *f, int64_t *count)
{
    sqlite3_stmt *st = db_prep(db, "SELECT count(*) FROM applications a" APP_WHERE);
    if (!st) return db_map(db, db->last_rc);
    bind_filter(st, f);
    return db_int64(db, st, count);
}

kstatus db_app_each(kdb *db, const kapp_filter *f, kapp_cb cb, void *ctx)
{
    sqlite3_stmt *st = db_prep(db, APP_SELECT APP_WHERE " ORDER BY a.id");
    if (!st) return db_map(db, db->last_rc);
    bind_filter(st, f);
    int rc;
    kstatus s = KS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kapp a;
        read_app(st, &a);
        int stop = cb(&a, ctx);
        kapp_clear(&a);
        if (stop) break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) s = db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

/* ---- 確認事項 ---- */

/* The answers tables of applications, reviews, terminations and 導入・構築時確認 have the same shape; each has its statements
   written out here, so no SQL is assembled at run time. */
#define ANSWER_SQL(table, key)                                                                                    \
    {"DELETE FROM " table " WHERE " key " = ?",                                                                  \
     "INSERT INTO " table "(" key ", no, code, section, text, required, answer, note, reason, note_required, "  \
     "answers, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",                                           \
     "SELECT no, code, section, text, required, answer, note, reason, note_required, answers, conflicts FROM "    \
     table " WHERE " key " = ? ORDER BY no"}
static const struct {
    const char *del, *ins, *sel;
} ANSWER_TABLES[] = {
    [ANSWERS_APPLICATION] = ANSWER_SQL("checklist_answers", "app_id"),
    [ANSWERS_REVIEW] = ANSWER_SQL("review_answers", "review_id"),
    [ANSWERS_TERMINATION] = ANSWER_SQL("termination_answers", "termination_id"),
    [ANSWERS_BUILD] = ANSWER_SQL("build_check_answers", "build_check_id"),
};

/* The item's rules (forms/checklist.h) at parameters i, i+1, i+2: note_required is 1 or NULL (a row without rules
   has the digest it had before the columns existed), answers and conflicts text. */
static void bind_rules(sqlite3_stmt *st, int i, const ck_answer *a)
{
    if (a->note_required) sqlite3_bind_int(st, i, 1);
    else sqlite3_bind_null(st, i);
    db_bind_text(st, i + 1, a->answers ? a->answers : "");
    db_bind_text(st, i + 2, a->conflicts ? a->conflicts : "");
}

kstatus db_answers_replace_in(kdb *db, answers_table t, int64_t id, const ck_answer *v, size_t n)
{
    sqlite3_stmt *del = db_prep(db, ANSWER_TABLES[t].del);
    if (!del) return db_map(db, db->last_rc);
    sqlite3_bind_int64(del, 1, id);
    kstatus s = db_exec_done(db, del);
    if (s || !n) return s;
    sqlite3_stmt *st = db_prep(db, ANSWER_TABLES[t].ins);
    if (!st) return db_map(db, db->last_rc);
    for (size_t i = 0; i < n && !s; i++) {
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, v[i].no);
        db_bind_text(st, 3, v[i].code);
        db_bind_text(st, 4, v[i].section);
        db_bind_text(st, 5, v[i].text);
        sqlite3_bind_int(st, 6, v[i].required ? 1 : 0);
        db_bind_text(st, 7, v[i].answer);
        db_bind_text(st, 8, v[i].note);
        db_bind_text(st, 9, v[i].reason);
        bind_rules(st, 10, &v[i]);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE) s = db_map(db, rc);
    }
    sqlite3_finalize(st);
    return s;
}

static void read_answer(sqlite3_stmt *st, void *out)
{
    ck_answer *a = out;
    a->no = sqlite3_column_int(st, 0);
    a->code = db_col_dup(st, 1);
    a->section = db_col_dup(st, 2);
    a->text = db_col_dup(st, 3);
    a->required = sqlite3_column_int(st, 4) != 0;
    a->answer = db_col_dup(st, 5);
    a->note = db_col_dup(st, 6);
    a->reason = db_col_dup(st, 7);
    a->note_required = sqlite3_column_int(st, 8) == 1;
    a->answers = db_col_dup(st, 9);
    a->conflicts = db_col_dup(st, 10);
}

static void release_answer(void *p) { checklist_answer_clear(p); }

kstatus db_answers_load_from(kdb *db, answers_table t, int64_t id, ck_answer **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, ANSWER_TABLES[t].sel);
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, id);
    return db_rows(db, st, sizeof **out, read_answer, release_answer, (void **)out, n);
}

kstatus db_answers_replace(kdb *db, int64_t app_id, const ck_answer *v, size_t n)
{
    return db_answers_replace_in(db, ANSWERS_APPLICATION, app_id, v, n);
}

kstatus db_answer_save(kdb *db, int64_t app_id, const ck_answer *a)
{
    sqlite3_stmt *st = db_prep(db, "INSERT INTO checklist_answers(app_id, no, code, section, text, required, answer, "
                                   "note, reason, note_required, answers, conflicts) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                   "ON CONFLICT(app_id, no) DO UPDATE SET answer = excluded.answer, "
                                   "note = excluded.note, reason = excluded.reason");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, app_id);
    sqlite3_bind_int(st, 2, a->no);
    db_bind_text(st, 3, a->code);
    db_bind_text(st, 4, a->section);
    db_bind_text(st, 5, a->text);
    sqlite3_bind_int(st, 6, a->required ? 1 : 0);
    db_bind_text(st, 7, a->answer);
    db_bind_text(st, 8, a->note);
    db_bind_text(st, 9, a->reason);
    bind_rules(st, 10, a);
    return db_exec_done(db, st);
}

kstatus db_answers_load(kdb *db, int64_t app_id, ck_answer **out, size_t *n)
{
    return db_answers_load_from(db, ANSWERS_APPLICATION, app_id, out, n);
}

/* ---- history ---- */

/* History rows are written by the audit trail, from a step's record (db/db_audit.c); rows made in bulk (kumo demo
   --rows) carry the day of their step and are named in the batch's audit record by the caller (kumo_audit_touch). */
kstatus db_bulk_services(kdb *db, int64_t from, int64_t to, const char *build_83, const char *build_84)
{
    sqlite3_stmt *st = db_prep(db, "INSERT INTO services(id, approval_no, app_id, name, provider, dept_id, conf, "
                                   "approved_on, start_date, manager_id, next_review_due, status, build_state) "
                                   "SELECT a.service_id, a.approval_no, a.id, a.service_name, a.provider, a.dept_id, "
                                   "a.conf, a.decided_on, a.start_date, a.manager_id, a.next_review_due, 'active', "
                                   "CASE a.track WHEN '8-4' THEN ?4 ELSE ?3 END FROM applications a "
                                   "WHERE a.id > ?1 AND a.id <= ?2 AND a.state = 'approved' ORDER BY a.id");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    db_bind_text(st, 3, build_83);
    db_bind_text(st, 4, build_84);
    return db_exec_done(db, st);
}

kstatus db_history_last_id(kdb *db, int64_t *id)
{
    sqlite3_stmt *st = db_prep(db, "SELECT coalesce(max(id), 0) FROM history");
    if (!st) return db_map(db, db->last_rc);
    return db_int64(db, st, id);
}

kstatus db_bulk_history(kdb *db, int64_t from, int64_t to, const kbulk_history *t, int64_t *first, int64_t *last)
{
    int64_t before = 0;
    kstatus s = db_history_last_id(db, &before);
    if (s) return s;
    sqlite3_stmt *st;
    /* one pass over the applications, each with its steps in order (only the steps' order is sorted) */
    st = db_prep(db, "WITH s(step) AS (VALUES (0), (1), (2)) "
                     "INSERT INTO history(app_id, service_id, at, user_id, action, from_state, to_state, comment) "
                     "SELECT a.id, CASE WHEN s.step = 2 AND a.state = 'approved' THEN a.service_id END, "
                     "CASE s.step WHEN 2 THEN a.updated_at ELSE a.created_at END, "
                     "CASE s.step WHEN 2 THEN a.decided_by ELSE a.applicant_id END, "
                     "CASE s.step WHEN 0 THEN ?3 WHEN 1 THEN ?4 ELSE a.decision END, "
                     "CASE s.step WHEN 0 THEN '' WHEN 1 THEN 'draft' ELSE 'submitted' END, "
                     "CASE s.step WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' ELSE a.state END, "
                     "CASE WHEN s.step < 2 THEN '' WHEN a.state = 'approved' THEN printf(?5, a.approval_no, "
                     "(SELECT name FROM users WHERE id = a.manager_id), a.next_review_due) ELSE a.decision_comment END "
                     "FROM applications a CROSS JOIN s WHERE a.id > ?1 AND a.id <= ?2 AND (s.step = 0 OR "
                     "(s.step = 1 AND a.state <> 'draft') OR (s.step = 2 AND a.state IN ('approved', 'returned', "
                     "'rejected'))) ORDER BY a.id, s.step");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    db_bind_text(st, 3, t->created);
    db_bind_text(st, 4, t->submitted);
    db_bind_text(st, 5, t->approved_fmt);
    s = db_exec_done(db, st);
    if (s) return s;
    *first = before + 1;
    *last = sqlite3_last_insert_rowid(db->h);
    if (sqlite3_changes64(db->h) == 0) *last = before;
    return KS_OK;
}

static void read_hist(sqlite3_stmt *st, void *out)
{
    khist *h = out;
    h->id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, h->at, sizeof h->at);
    db_col_copy(st, 2, h->user, sizeof h->user);
    db_col_copy(st, 3, h->action, sizeof h->action);
    db_col_copy(st, 4, h->from_state, sizeof h->from_state);
    db_col_copy(st, 5, h->to_state, sizeof h->to_state);
    h->comment = db_col_dup(st, 6);
}

static void release_hist(void *p) { free(((khist *)p)->comment); }

kstatus db_history_list(kdb *db, int64_t app_id, int64_t service_id, khist **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT h.id, h.at, coalesce(u.name, ''), h.action, h.from_state, h.to_state, "
                                   "h.comment FROM history h LEFT JOIN users u ON u.id = h.user_id "
                                   "WHERE (?1 > 0 AND h.app_id = ?1) OR (?2 > 0 AND h.service_id = ?2) "
                                   "ORDER BY h.id");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, app_id);
    sqlite3_bind_int64(st, 2, service_id);
    return db_rows(db, st, sizeof **out, read_hist, release_hist, (void **)out, n);
}

void khist_free(khist **v, size_t n)
{
    if (!v || !*v) return;
    for (size_t i = 0; i < n; i++) free((*v)[i].comment);
    free(*v);
    *v = NULL;
}

kstatus db_app_open_for_service(kdb *db, int64_t service_id, int64_t exclude_id, char *app_no, size_t n)
{
    sqlite3_stmt *st = db_prep(db, "SELECT coalesce(app_no, '（未採番）') FROM applications WHERE service_id = ? "
                                   "AND id <> ? AND state IN ('draft','submitted','returned') ORDER BY id LIMIT 1");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, service_id);
    sqlite3_bind_int64(st, 2, exclude_id);
    int rc = sqlite3_step(st);
    kstatus s = rc == SQLITE_ROW ? KS_OK : rc == SQLITE_DONE ? KS_NOTFOUND : db_map(db, rc);
    if (rc == SQLITE_ROW && app_no) db_col_copy(st, 0, app_no, n);
    sqlite3_finalize(st);
    return s;
}
