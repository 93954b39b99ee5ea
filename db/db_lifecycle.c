/* Reviews, terminations, the due lists and the 年次利用状況確認 queries. Every value a bound parameter. */
#include "db/db_lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/internal.h"
#include "db/search.h"

/* The records of this file own no memory of their own: one free, and the pointer is NULL. */
void kreview_free(kreview **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

void ktermination_free(ktermination **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

void kversion_free(kversion **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

/* Reviews and terminations are read the same way: one record by an id, or the rows of a query whose parameters
   are ids (?1, and ?2 when the query has it). */
static kstatus select_one(kdb *db, const char *sql, int64_t id, db_row_fn read, void *out)
{
    sqlite3_stmt *st = db_prep(db, sql);
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, id);
    return db_one(db, st, read, out);
}

static kstatus select_rows(kdb *db, const char *sql, int64_t a, int64_t b, size_t size, db_row_fn read, void **out,
                           size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, sql);
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) >= 2) sqlite3_bind_int64(st, 2, b);
    return db_rows(db, st, size, read, NULL, out, n);
}

/* ---- reviews ---- */

#define REVIEW_COLS                                                                                             \
    "r.id, r.service_id, s.approval_no, s.name, s.dept_id, d.name, r.fy, r.reviewed_on, r.reviewer_id, u.name, " \
    "r.usage, r.user_count, r.terms_changed, r.change_detail, r.incident, r.incident_detail, r.inappropriate, "  \
    "r.referred_to, r.needs_response, r.response, r.responded_on, r.responder_id, x.name, r.prev_due, "         \
    "r.next_due, r.ck_key, r.ck_name, r.ck_version, r.created_at"
#define REVIEW_NCOLS 29
#define REVIEW_JOINS                                                                                            \
    " LEFT JOIN services s ON s.id = r.service_id LEFT JOIN departments d ON d.id = s.dept_id"                  \
    " LEFT JOIN users u ON u.id = r.reviewer_id LEFT JOIN users x ON x.id = r.responder_id"
#define REVIEW_SELECT "SELECT " REVIEW_COLS " FROM reviews r" REVIEW_JOINS

/* Reads the REVIEW_COLS starting at column c; NULLs (no review) read as empty. */
static void read_review(sqlite3_stmt *st, int c, kreview *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, c + 0);
    r->service_id = sqlite3_column_int64(st, c + 1);
    db_col_copy(st, c + 2, r->approval_no, sizeof r->approval_no);
    db_col_copy(st, c + 3, r->service_name, sizeof r->service_name);
    r->dept_id = sqlite3_column_int64(st, c + 4);
    db_col_copy(st, c + 5, r->dept, sizeof r->dept);
    r->fy = sqlite3_column_int(st, c + 6);
    db_col_copy(st, c + 7, r->reviewed_on, sizeof r->reviewed_on);
    r->reviewer_id = sqlite3_column_int64(st, c + 8);
    db_col_copy(st, c + 9, r->reviewer, sizeof r->reviewer);
    db_col_copy(st, c + 10, r->usage, sizeof r->usage);
    db_col_copy(st, c + 11, r->user_count, sizeof r->user_count);
    db_col_copy(st, c + 12, r->terms_changed, sizeof r->terms_changed);
    db_col_copy(st, c + 13, r->change_detail, sizeof r->change_detail);
    db_col_copy(st, c + 14, r->incident, sizeof r->incident);
    db_col_copy(st, c + 15, r->incident_detail, sizeof r->incident_detail);
    db_col_copy(st, c + 16, r->inappropriate, sizeof r->inappropriate);
    db_col_copy(st, c + 17, r->referred_to, sizeof r->referred_to);
    r->needs_response = sqlite3_column_int(st, c + 18) != 0;
    db_col_copy(st, c + 19, r->response, sizeof r->response);
    db_col_copy(st, c + 20, r->responded_on, sizeof r->responded_on);
    r->responder_id = sqlite3_column_int64(st, c + 21);
    db_col_copy(st, c + 22, r->responder, sizeof r->responder);
    db_col_copy(st, c + 23, r->prev_due, sizeof r->prev_due);
    db_col_copy(st, c + 24, r->next_due, sizeof r->next_due);
    db_col_copy(st, c + 25, r->ck_key, sizeof r->ck_key);
    db_col_copy(st, c + 26, r->ck_name, sizeof r->ck_name);
    db_col_copy(st, c + 27, r->ck_version, sizeof r->ck_version);
    db_col_copy(st, c + 28, r->created_at, sizeof r->created_at);
}

kstatus db_review_insert(kdb *db, kreview *r)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(db, "INSERT INTO reviews(service_id, fy, reviewed_on, reviewer_id, usage, user_count, "
                                   "terms_changed, change_detail, incident, incident_detail, inappropriate, "
                                   "referred_to, needs_response, prev_due, next_due, ck_key, ck_name, ck_version, "
                                   "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, r->service_id);
    sqlite3_bind_int(st, 2, r->fy);
    db_bind_text(st, 3, r->reviewed_on);
    sqlite3_bind_int64(st, 4, r->reviewer_id);
    db_bind_text(st, 5, r->usage);
    if (*r->user_count) sqlite3_bind_int64(st, 6, strtoll(r->user_count, NULL, 10));
    else sqlite3_bind_null(st, 6);
    db_bind_text(st, 7, r->terms_changed);
    db_bind_text(st, 8, r->change_detail);
    db_bind_text(st, 9, r->incident);
    db_bind_text(st, 10, r->incident_detail);
    db_bind_text(st, 11, r->inappropriate);
    db_bind_text(st, 12, r->referred_to);
    sqlite3_bind_int(st, 13, r->needs_response ? 1 : 0);
    db_bind_text(st, 14, r->prev_due);
    db_bind_text(st, 15, r->next_due);
    db_bind_text(st, 16, r->ck_key);
    db_bind_text(st, 17, r->ck_name);
    db_bind_text(st, 18, r->ck_version);
    db_bind_text(st, 19, now);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        r->id = sqlite3_last_insert_rowid(db->h);
        snprintf(r->created_at, sizeof r->created_at, "%s", now);
    }
    return s;
}

/* A review selected alone (REVIEW_SELECT: its columns first). */
static void read_review_row(sqlite3_stmt *st, void *out) { read_review(st, 0, out); }

kstatus db_review_get(kdb *db, int64_t id, kreview *out)
{
    return select_one(db, REVIEW_SELECT " WHERE r.id = ?1", id, read_review_row, out);
}

kstatus db_review_list(kdb *db, int64_t service_id, kreview **out, size_t *n)
{
    return select_rows(db, REVIEW_SELECT " WHERE r.service_id = ?1 ORDER BY r.reviewed_on DESC, r.id DESC", service_id, 0,
                       sizeof **out, read_review_row, (void **)out, n);
}

kstatus db_review_pending(kdb *db, int64_t dept_id, kreview **out, size_t *n)
{
    return select_rows(db,
                       REVIEW_SELECT " WHERE r.needs_response = 1 AND r.responded_on = ''"
                                     " AND (?1 = 0 OR s.dept_id = ?1) ORDER BY r.reviewed_on, r.id",
                       dept_id, 0, sizeof **out, read_review_row, (void **)out, n);
}

kstatus db_review_respond(kdb *db, int64_t id, int64_t responder_id, const char *on, const char *response)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE reviews SET response = ?, responded_on = ?, responder_id = ? "
                                   "WHERE id = ? AND responded_on = ''");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, response);
    db_bind_text(st, 2, on);
    sqlite3_bind_int64(st, 3, responder_id);
    sqlite3_bind_int64(st, 4, id);
    return db_exec_changed(db, st, KS_CONFLICT);
}

kstatus db_review_answers_replace(kdb *db, int64_t review_id, const ck_answer *v, size_t n)
{
    return db_answers_replace_in(db, ANSWERS_REVIEW, review_id, v, n);
}

kstatus db_review_answers_load(kdb *db, int64_t review_id, ck_answer **out, size_t *n)
{
    return db_answers_load_from(db, ANSWERS_REVIEW, review_id, out, n);
}

/* ---- terminations ---- */

#define TERM_SELECT                                                                                             \
    "SELECT t.id, t.service_id, s.approval_no, s.name, s.dept_id, d.name, t.state, t.end_date, t.plan, "         \
    "t.plan_reason, t.notice_date, t.disposal, t.disposal_note, t.accounts_users, t.accounts_privileged, "      \
    "t.accounts_special, t.remarks, t.filed_by, f.name, t.filed_on, t.decided_by, x.name, t.decided_on, "       \
    "t.decision_comment, t.ck_key, t.ck_name, t.ck_version, t.created_at, s.conf FROM terminations t "          \
    "LEFT JOIN services s ON s.id = t.service_id LEFT JOIN departments d ON d.id = s.dept_id "                  \
    "LEFT JOIN users f ON f.id = t.filed_by LEFT JOIN users x ON x.id = t.decided_by"

static void read_term(sqlite3_stmt *st, void *out)
{
    ktermination *t = out;
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    t->service_id = sqlite3_column_int64(st, 1);
    db_col_copy(st, 2, t->approval_no, sizeof t->approval_no);
    db_col_copy(st, 3, t->service_name, sizeof t->service_name);
    t->dept_id = sqlite3_column_int64(st, 4);
    db_col_copy(st, 5, t->dept, sizeof t->dept);
    db_col_copy(st, 6, t->state, sizeof t->state);
    db_col_copy(st, 7, t->end_date, sizeof t->end_date);
    db_col_copy(st, 8, t->plan, sizeof t->plan);
    db_col_copy(st, 9, t->plan_reason, sizeof t->plan_reason);
    db_col_copy(st, 10, t->notice_date, sizeof t->notice_date);
    db_col_copy(st, 11, t->disposal, sizeof t->disposal);
    db_col_copy(st, 12, t->disposal_note, sizeof t->disposal_note);
    db_col_copy(st, 13, t->accounts_users, sizeof t->accounts_users);
    db_col_copy(st, 14, t->accounts_privileged, sizeof t->accounts_privileged);
    db_col_copy(st, 15, t->accounts_special, sizeof t->accounts_special);
    db_col_copy(st, 16, t->remarks, sizeof t->remarks);
    t->filed_by = sqlite3_column_int64(st, 17);
    db_col_copy(st, 18, t->filer, sizeof t->filer);
    db_col_copy(st, 19, t->filed_on, sizeof t->filed_on);
    t->decided_by = sqlite3_column_int64(st, 20);
    db_col_copy(st, 21, t->decider, sizeof t->decider);
    db_col_copy(st, 22, t->decided_on, sizeof t->decided_on);
    db_col_copy(st, 23, t->decision_comment, sizeof t->decision_comment);
    db_col_copy(st, 24, t->ck_key, sizeof t->ck_key);
    db_col_copy(st, 25, t->ck_name, sizeof t->ck_name);
    db_col_copy(st, 26, t->ck_version, sizeof t->ck_version);
    db_col_copy(st, 27, t->created_at, sizeof t->created_at);
    db_col_copy(st, 28, t->conf, sizeof t->conf);
}

kstatus db_termination_insert(kdb *db, ktermination *t)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(db, "INSERT INTO terminations(service_id, state, end_date, plan, plan_reason, "
                                   "notice_date, disposal, disposal_note, accounts_users, accounts_privileged, "
                                   "accounts_special, remarks, filed_by, filed_on, ck_key, ck_name, ck_version, "
                                   "created_at) VALUES (?, 'filed', ?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, t->service_id);
    db_bind_text(st, 2, t->end_date);
    db_bind_text(st, 3, t->plan);
    db_bind_text(st, 4, t->plan_reason);
    db_bind_text(st, 5, t->notice_date);
    db_bind_text(st, 6, t->disposal);
    db_bind_text(st, 7, t->disposal_note);
    db_bind_text(st, 8, t->accounts_users);
    db_bind_text(st, 9, t->accounts_privileged);
    db_bind_text(st, 10, t->accounts_special);
    db_bind_text(st, 11, t->remarks);
    sqlite3_bind_int64(st, 12, t->filed_by);
    db_bind_text(st, 13, t->filed_on);
    db_bind_text(st, 14, t->ck_key);
    db_bind_text(st, 15, t->ck_name);
    db_bind_text(st, 16, t->ck_version);
    db_bind_text(st, 17, now);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        t->id = sqlite3_last_insert_rowid(db->h);
        snprintf(t->state, sizeof t->state, "filed");
        snprintf(t->created_at, sizeof t->created_at, "%s", now);
    }
    return s;
}


kstatus db_termination_get(kdb *db, int64_t id, ktermination *out)
{
    return select_one(db, TERM_SELECT " WHERE t.id = ?1", id, read_term, out);
}

kstatus db_termination_open(kdb *db, int64_t service_id, ktermination *out)
{
    return select_one(db, TERM_SELECT " WHERE t.service_id = ?1 AND t.state = 'filed'", service_id, read_term, out);
}

kstatus db_termination_list(kdb *db, int64_t service_id, ktermination **out, size_t *n)
{
    return select_rows(db, TERM_SELECT " WHERE t.service_id = ?1 ORDER BY t.id DESC", service_id, 0, sizeof **out,
                       read_term, (void **)out, n);
}

kstatus db_termination_pending(kdb *db, int64_t dept_id, int64_t filer_id, ktermination **out, size_t *n)
{
    return select_rows(db,
                       TERM_SELECT " WHERE t.state = 'filed' AND ((?1 = 0 AND ?2 = 0)"
                                   " OR (?1 > 0 AND s.dept_id = ?1) OR t.filed_by = ?2) ORDER BY t.id",
                       dept_id, filer_id, sizeof **out, read_term, (void **)out, n);
}

kstatus db_termination_returned(kdb *db, int64_t dept_id, int64_t manager_id, int limit, ktermination **out,
                                size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, TERM_SELECT " WHERE t.state = 'returned'"
                                               " AND t.id = (SELECT max(y.id) FROM terminations y WHERE y.service_id = t.service_id)"
                                               " AND ((?1 > 0 AND s.dept_id = ?1) OR (?2 > 0 AND s.manager_id = ?2))"
                                               " ORDER BY t.id DESC LIMIT ?3");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, dept_id);
    sqlite3_bind_int64(st, 2, manager_id);
    sqlite3_bind_int(st, 3, limit);
    return db_rows(db, st, sizeof **out, read_term, NULL, (void **)out, n);
}

kstatus db_termination_decide(kdb *db, int64_t id, const char *state, int64_t by, const char *on, const char *comment)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE terminations SET state = ?, decided_by = ?, decided_on = ?, "
                                   "decision_comment = ? WHERE id = ? AND state = 'filed'");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, state);
    sqlite3_bind_int64(st, 2, by);
    db_bind_text(st, 3, on);
    db_bind_text(st, 4, comment);
    sqlite3_bind_int64(st, 5, id);
    return db_exec_changed(db, st, KS_CONFLICT);
}

kstatus db_termination_answers_replace(kdb *db, int64_t termination_id, const ck_answer *v, size_t n)
{
    return db_answers_replace_in(db, ANSWERS_TERMINATION, termination_id, v, n);
}

kstatus db_termination_answers_load(kdb *db, int64_t termination_id, ck_answer **out, size_t *n)
{
    return db_answers_load_from(db, ANSWERS_TERMINATION, termination_id, out, n);
}

/* ---- 廃棄・削除完了報告 ---- */

void kdisposal_free(kdisposal **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

#define DISP_SELECT                                                                                             \
    "SELECT p.id, p.service_id, s.approval_no, s.name, s.dept_id, d.name, s.conf, p.state, p.done_on, p.worker, " \
    "p.method, p.confirmation, coalesce(p.exception_id, 0), coalesce(e.exc_no, ''), p.evidence, p.copies, "        \
    "p.accounts_users, p.accounts_privileged, p.accounts_special, p.remarks, p.filed_by, f.name, p.filed_on, "   \
    "coalesce(p.decided_by, 0), coalesce(x.name, ''), p.decided_on, p.decision_comment, p.created_at "          \
    "FROM disposals p LEFT JOIN services s ON s.id = p.service_id LEFT JOIN departments d ON d.id = s.dept_id "  \
    "LEFT JOIN exceptions e ON e.id = p.exception_id LEFT JOIN users f ON f.id = p.filed_by "                    \
    "LEFT JOIN users x ON x.id = p.decided_by"

static void read_disposal(sqlite3_stmt *st, void *out)
{
    kdisposal *p = out;
    memset(p, 0, sizeof *p);
    int c = 0;
    p->id = sqlite3_column_int64(st, c++);
    p->service_id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, p->approval_no, sizeof p->approval_no);
    db_col_copy(st, c++, p->service_name, sizeof p->service_name);
    p->dept_id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, p->dept, sizeof p->dept);
    db_col_copy(st, c++, p->conf, sizeof p->conf);
    db_col_copy(st, c++, p->state, sizeof p->state);
    db_col_copy(st, c++, p->done_on, sizeof p->done_on);
    db_col_copy(st, c++, p->worker, sizeof p->worker);
    db_col_copy(st, c++, p->method, sizeof p->method);
    db_col_copy(st, c++, p->confirmation, sizeof p->confirmation);
    p->exception_id = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, p->exc_no, sizeof p->exc_no);
    db_col_copy(st, c++, p->evidence, sizeof p->evidence);
    db_col_copy(st, c++, p->copies, sizeof p->copies);
    db_col_copy(st, c++, p->accounts_users, sizeof p->accounts_users);
    db_col_copy(st, c++, p->accounts_privileged, sizeof p->accounts_privileged);
    db_col_copy(st, c++, p->accounts_special, sizeof p->accounts_special);
    db_col_copy(st, c++, p->remarks, sizeof p->remarks);
    p->filed_by = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, p->filer, sizeof p->filer);
    db_col_copy(st, c++, p->filed_on, sizeof p->filed_on);
    p->decided_by = sqlite3_column_int64(st, c++);
    db_col_copy(st, c++, p->decider, sizeof p->decider);
    db_col_copy(st, c++, p->decided_on, sizeof p->decided_on);
    db_col_copy(st, c++, p->decision_comment, sizeof p->decision_comment);
    db_col_copy(st, c++, p->created_at, sizeof p->created_at);
}

kstatus db_disposal_insert(kdb *db, kdisposal *p)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(db, "INSERT INTO disposals(service_id, state, done_on, worker, method, confirmation, "
                                   "exception_id, evidence, copies, accounts_users, accounts_privileged, "
                                   "accounts_special, remarks, filed_by, filed_on, created_at) "
                                   "VALUES (?, 'filed', ?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!st) return db_map(db, db->last_rc);
    int c = 1;
    sqlite3_bind_int64(st, c++, p->service_id);
    db_bind_text(st, c++, p->done_on);
    db_bind_text(st, c++, p->worker);
    db_bind_text(st, c++, p->method);
    db_bind_text(st, c++, p->confirmation);
    db_bind_id(st, c++, p->exception_id);
    db_bind_text(st, c++, p->evidence);
    db_bind_text(st, c++, p->copies);
    db_bind_text(st, c++, p->accounts_users);
    db_bind_text(st, c++, p->accounts_privileged);
    db_bind_text(st, c++, p->accounts_special);
    db_bind_text(st, c++, p->remarks);
    sqlite3_bind_int64(st, c++, p->filed_by);
    db_bind_text(st, c++, p->filed_on);
    db_bind_text(st, c++, now);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        p->id = sqlite3_last_insert_rowid(db->h);
        snprintf(p->state, sizeof p->state, "filed");
        snprintf(p->created_at, sizeof p->created_at, "%s", now);
    }
    return s;
}

kstatus db_disposal_get(kdb *db, int64_t id, kdisposal *out)
{
    return select_one(db, DISP_SELECT " WHERE p.id = ?1", id, read_disposal, out);
}

kstatus db_disposal_open(kdb *db, int64_t service_id, kdisposal *out)
{
    return select_one(db, DISP_SELECT " WHERE p.service_id = ?1 AND p.state = 'filed'", service_id, read_disposal, out);
}

kstatus db_disposal_list(kdb *db, int64_t service_id, kdisposal **out, size_t *n)
{
    return select_rows(db, DISP_SELECT " WHERE p.service_id = ?1 ORDER BY p.id DESC", service_id, 0, sizeof **out,
                       read_disposal, (void **)out, n);
}

kstatus db_disposal_pending(kdb *db, int64_t dept_id, int64_t filer_id, kdisposal **out, size_t *n)
{
    return select_rows(db,
                       DISP_SELECT " WHERE p.state = 'filed' AND ((?1 = 0 AND ?2 = 0)"
                                   " OR (?1 > 0 AND s.dept_id = ?1) OR p.filed_by = ?2) ORDER BY p.id",
                       dept_id, filer_id, sizeof **out, read_disposal, (void **)out, n);
}

kstatus db_disposal_decide(kdb *db, int64_t id, const char *state, int64_t by, const char *on, const char *comment)
{
    sqlite3_stmt *st = db_prep(db, "UPDATE disposals SET state = ?, decided_by = ?, decided_on = ?, "
                                   "decision_comment = ? WHERE id = ? AND state = 'filed'");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, state);
    sqlite3_bind_int64(st, 2, by);
    db_bind_text(st, 3, on);
    db_bind_text(st, 4, comment);
    sqlite3_bind_int64(st, 5, id);
    return db_exec_changed(db, st, KS_CONFLICT);
}

/* ---- 導入・構築時確認 ---- */

#define BUILD_SELECT                                                                                            \
    "SELECT b.id, b.service_id, b.checked_on, b.checker_id, u.name, b.remarks, b.nonconf, b.ck_key, b.ck_name, " \
    "b.ck_version, b.created_at FROM build_checks b LEFT JOIN users u ON u.id = b.checker_id"

static void read_build(sqlite3_stmt *st, void *out)
{
    kbuild_check *b = out;
    memset(b, 0, sizeof *b);
    b->id = sqlite3_column_int64(st, 0);
    b->service_id = sqlite3_column_int64(st, 1);
    db_col_copy(st, 2, b->checked_on, sizeof b->checked_on);
    b->checker_id = sqlite3_column_int64(st, 3);
    db_col_copy(st, 4, b->checker, sizeof b->checker);
    db_col_copy(st, 5, b->remarks, sizeof b->remarks);
    b->nonconf = sqlite3_column_int(st, 6);
    db_col_copy(st, 7, b->ck_key, sizeof b->ck_key);
    db_col_copy(st, 8, b->ck_name, sizeof b->ck_name);
    db_col_copy(st, 9, b->ck_version, sizeof b->ck_version);
    db_col_copy(st, 10, b->created_at, sizeof b->created_at);
}

kstatus db_build_check_insert(kdb *db, kbuild_check *b)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(db, "INSERT INTO build_checks(service_id, checked_on, checker_id, remarks, nonconf, "
                                   "ck_key, ck_name, ck_version, created_at) VALUES (?,?,?,?,?,?,?,?,?)");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, b->service_id);
    db_bind_text(st, 2, b->checked_on);
    sqlite3_bind_int64(st, 3, b->checker_id);
    db_bind_text(st, 4, b->remarks);
    sqlite3_bind_int(st, 5, b->nonconf);
    db_bind_text(st, 6, b->ck_key);
    db_bind_text(st, 7, b->ck_name);
    db_bind_text(st, 8, b->ck_version);
    db_bind_text(st, 9, now);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        b->id = sqlite3_last_insert_rowid(db->h);
        snprintf(b->created_at, sizeof b->created_at, "%s", now);
    }
    return s;
}

kstatus db_build_check_of(kdb *db, int64_t service_id, kbuild_check *out)
{
    sqlite3_stmt *st = db_prep(db, BUILD_SELECT " WHERE b.service_id = ?");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, service_id);
    return db_one(db, st, read_build, out);
}

kstatus db_build_check_answers_replace(kdb *db, int64_t build_check_id, const ck_answer *v, size_t n)
{
    return db_answers_replace_in(db, ANSWERS_BUILD, build_check_id, v, n);
}

kstatus db_build_check_answers_load(kdb *db, int64_t build_check_id, ck_answer **out, size_t *n)
{
    return db_answers_load_from(db, ANSWERS_BUILD, build_check_id, out, n);
}

/* ---- due lists ---- */

#define DUE_COLS                                                                                                \
    " s.id, s.approval_no, s.name, coalesce(d.name, ''), coalesce(m.name, ''), coalesce(s.manager_id, 0), "
#define DUE_FROM_SCOPE(scope)                                                                                   \
    " FROM services s LEFT JOIN departments d ON d.id = s.dept_id LEFT JOIN users m ON m.id = s.manager_id"      \
    " WHERE s.status = 'active' AND " scope
#define DUE_FROM DUE_FROM_SCOPE("(?3 = 0 OR s.manager_id = ?3 OR (?4 > 0 AND s.dept_id = ?4))")
/* a manager's own services only: read through the manager's index, then sorted (they are few) */
#define DUE_FROM_MANAGER                                                                                        \
    " FROM services s INDEXED BY services_manager_no LEFT JOIN departments d ON d.id = s.dept_id"                \
    " LEFT JOIN users m ON m.id = s.manager_id WHERE s.status = 'active' AND s.manager_id = ?3"

/* a 部局's 情報セキュリティ責任者 whose 部局 has few services: theirs and the 部局's, by id, then sorted. Read in due
   order with the scope as a condition instead, the statement would read every active service to find none. */
#define DUE_FROM_FEW                                                                                            \
    " FROM services s NOT INDEXED LEFT JOIN departments d ON d.id = s.dept_id"                                  \
    " LEFT JOIN users m ON m.id = s.manager_id"                                                                 \
    " WHERE s.status = 'active' AND s.id IN (SELECT id FROM services WHERE manager_id = ?3"                     \
    " UNION SELECT id FROM services WHERE dept_id = ?4)"

/* The exceptions in force of a service (the newest per subject) and those awaiting a report, for the governance
   items; ?5 = 1 when the user looks after them (the CISO and the 統括, whatever the scope). The exceptions in force
   are read from their own index (exceptions_recheck) with each one's service joined (CROSS JOIN keeps that order):
   left to itself the planner read every active service by services_status and looked for its exceptions (50 ms a
   statement at 600,000 services). */
#define EXC_DUE_FROM_OF(exc, join)                                                                              \
    " FROM " exc " " join " services s ON s.id = e.service_id LEFT JOIN departments d ON d.id = s.dept_id"      \
    " LEFT JOIN users m ON m.id = s.manager_id WHERE ?5 = 1"
#define EXC_DUE_FROM EXC_DUE_FROM_OF("exceptions e", "JOIN")
#define EXC_FORCE_FROM EXC_DUE_FROM_OF("exceptions e INDEXED BY exceptions_recheck", "CROSS JOIN")
#define EXC_IN_FORCE                                                                                            \
    " AND e.state IN ('granted','reported') AND s.status = 'active' AND e.id = (SELECT max(x.id) FROM exceptions x" \
    "   WHERE x.service_id = e.service_id AND x.subject = e.subject AND x.state IN ('granted','reported'))"

/* Ended services whose 廃棄・削除完了報告 is not yet accepted (終了処理中), in the user's scope. */
#define DISP_DUE_FROM                                                                                           \
    " FROM services s INDEXED BY services_disposal LEFT JOIN departments d ON d.id = s.dept_id"                 \
    " LEFT JOIN users m ON m.id = s.manager_id WHERE s.status = 'terminated' AND s.disposal_state = 'pending'"    \
    " AND (?3 = 0 OR s.manager_id = ?3 OR (?4 > 0 AND s.dept_id = ?4))"

/* One statement per kind, each read in date order through its index (services_due_no, services_end_no,
   exceptions_report_due, exceptions_recheck), so that a reader who stops early (ホーム shows the first few) reads
   only what it shows. Column 9 is the 例外措置番号 of an exception's item. */
#define DUE_SQL_OF(from)                                                                                        \
    {"SELECT 0," DUE_COLS "s.next_review_due, 0, ''" from                                                       \
     " AND s.next_review_due <> '' AND s.next_review_due < ?1 ORDER BY s.next_review_due, s.approval_no",         \
     "SELECT 1," DUE_COLS "s.next_review_due, 0, ''" from                                                        \
     " AND s.next_review_due >= ?1 AND s.next_review_due <= ?2 ORDER BY s.next_review_due, s.approval_no",        \
     "SELECT 2," DUE_COLS "s.end_date,"                                                                          \
     " EXISTS (SELECT 1 FROM terminations t WHERE t.service_id = s.id AND t.state = 'filed'), ''" from            \
     " AND s.end_date <> '' AND s.end_date < ?1 ORDER BY s.end_date, s.approval_no",                           \
     "SELECT 3," DUE_COLS "s.start_date, 0, ''" from " AND s.build_state = 'pending' AND s.start_date < ?1"      \
     " ORDER BY s.start_date, s.approval_no",                                                                    \
     "SELECT 4," DUE_COLS "e.emergency_on, 0, e.exc_no" EXC_DUE_FROM " AND e.state = 'report_due'"                \
     " ORDER BY e.emergency_on, e.exc_no",                                                                      \
     "SELECT 5," DUE_COLS "e.recheck_on, 0, e.exc_no" EXC_FORCE_FROM EXC_IN_FORCE " AND e.recheck_on < ?1"        \
     " ORDER BY e.recheck_on, e.exc_no",                                                                        \
     "SELECT 6," DUE_COLS "e.valid_until, 0, e.exc_no" EXC_FORCE_FROM EXC_IN_FORCE " AND e.valid_until < ?1"      \
     " ORDER BY e.valid_until, e.exc_no",                                                                       \
     "SELECT 7," DUE_COLS "s.terminated_on,"                                                                     \
     " EXISTS (SELECT 1 FROM disposals p WHERE p.service_id = s.id AND p.state = 'filed'), ''" DISP_DUE_FROM      \
     " AND s.terminated_on < ?1 ORDER BY s.terminated_on, s.approval_no"}
static const char *const DUE_SQL[3][DUE_REG_REVIEW] = {DUE_SQL_OF(DUE_FROM), DUE_SQL_OF(DUE_FROM_MANAGER),
                                                         DUE_SQL_OF(DUE_FROM_FEW)};

kstatus db_due_each(kdb *db, const kdue_query *q, kdue_cb cb, void *ctx)
{
    kstatus s = KS_OK;
    bool stop = false;
    /* a manager (or a 部局 with its 情報セキュリティ責任者) with few services: theirs, sorted; with many, the due order
       read until the reader stops */
    int scope = 0;
    if (q->user_id > 0) {
        bool dept = q->dept_id > 0;
        sqlite3_stmt *c = db_prep(db, dept ? "SELECT (SELECT count(*) FROM (SELECT 1 FROM services WHERE manager_id = ?1"
                                             " LIMIT 2001)) + (SELECT count(*) FROM (SELECT 1 FROM services"
                                             " WHERE dept_id = ?2 LIMIT 2001))"
                                           : "SELECT count(*) FROM (SELECT 1 FROM services WHERE manager_id = ?1"
                                             " LIMIT 2001)");
        if (!c) return db_map(db, db->last_rc);
        sqlite3_bind_int64(c, 1, q->user_id);
        if (dept) sqlite3_bind_int64(c, 2, q->dept_id);
        int64_t mine = 0;
        if ((s = db_int64(db, c, &mine))) return s;
        scope = mine > 2000 ? 0 : dept ? 2 : 1;
    }
    for (size_t k = 0; k < DUE_REG_REVIEW && !s && !stop; k++) {
        sqlite3_stmt *st = db_prep(db, DUE_SQL[scope][k]);
        if (!st) return db_map(db, db->last_rc);
        db_bind_text(st, 1, q->today);
        db_bind_text(st, 2, q->until);
        sqlite3_bind_int64(st, 3, q->user_id);
        sqlite3_bind_int64(st, 4, q->dept_id);
        sqlite3_bind_int(st, 5, q->governance ? 1 : 0);
        int rc;
        kdue_item it;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            memset(&it, 0, sizeof it);
            it.kind = (kdue_kind)sqlite3_column_int(st, 0);
            it.service_id = sqlite3_column_int64(st, 1);
            db_col_copy(st, 2, it.approval_no, sizeof it.approval_no);
            db_col_copy(st, 3, it.name, sizeof it.name);
            db_col_copy(st, 4, it.dept, sizeof it.dept);
            db_col_copy(st, 5, it.manager, sizeof it.manager);
            it.manager_id = sqlite3_column_int64(st, 6);
            db_col_copy(st, 7, it.date, sizeof it.date);
            it.report_filed = sqlite3_column_int(st, 8) != 0;
            db_col_copy(st, 9, it.ref, sizeof it.ref);
            if (cb(&it, ctx)) {
                stop = true;
                break;
            }
        }
        s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
        sqlite3_finalize(st);
    }
    return s;
}

/* ---- 年次利用状況確認 ---- */

/* The services of a 年度 with their review status, as a CTE `st` (parameters ?1 fy, ?2 first day, ?3 last day,
   ?4 dept, ?5 today): in use in the 年度 — approved and begun (利用開始日) by its last day, not ended before its
   first. The status rule (app/annual.h):
     2 要対応 — a review dated in the 年度 needs a response and has none, or the service is active and its
                次回利用状況確認期限 is before today;
     1 実施済 — otherwise, at least one review dated in the 年度;
     0 未実施 — otherwise. */
/* The services of a 年度 with their review status. `from` is where the services are read (through an index: a page
   walks them in 承認番号 order, of every 部局 or of one, or a search's matches in id order, as the search index gives
   them), `ord` the order of a page, `lead` what that reading asks first; `range` limits a count's step to a range of
   ids. */
#define ANNUAL_CTE_OF(from, ord, lead, range)                                                                   \
    "WITH base AS (SELECT " ord " AS ord, s.id AS sid, s.approval_no AS no, s.name AS name, "                  \
    "  s.provider AS provider, "                                                                                \
    "  s.dept_id AS dept_id, coalesce(d.name, '') AS dept, s.conf AS conf, coalesce(m.name, '') AS manager, "    \
    "  s.start_date AS start_date, s.end_date AS end_date, s.next_review_due AS due, s.status AS status, "       \
    "  s.terminated_on AS terminated_on, "                                                                      \
    "  (SELECT count(*) FROM reviews x WHERE x.service_id = s.id AND x.fy = ?1) AS nrev, "                       \
    "  (SELECT x.id FROM reviews x WHERE x.service_id = s.id AND x.fy = ?1 "                                     \
    "     ORDER BY x.reviewed_on DESC, x.id DESC LIMIT 1) AS last_id, "                                          \
    "  EXISTS (SELECT 1 FROM reviews x WHERE x.service_id = s.id AND x.fy = ?1 AND x.needs_response = 1 "        \
    "     AND x.responded_on = '') AS pending "                                                                 \
    "  FROM " from " LEFT JOIN departments d ON d.id = s.dept_id "                                              \
    "  LEFT JOIN users m ON m.id = s.manager_id "                                                               \
    "  WHERE " lead "(s.status = 'active' OR s.terminated_on >= ?2) AND (?4 = 0 OR s.dept_id = ?4) " range      \
    /* 未実施 and 実施済 are never a service in use past its 次回確認期限 (要対応): such a one is passed over before \
       its reviews and applications are read */                                                                   \
    "  AND (?6 IS NULL OR ?6 NOT IN (0, 1) OR NOT (s.status = 'active' AND s.next_review_due <> '' "             \
    "       AND s.next_review_due < ?5)) "                                                                      \
    "  AND coalesce((SELECT min(a.decided_on) FROM applications a WHERE a.service_id = s.id "                    \
    "     AND a.state = 'approved' AND a.decided_on <> ''), s.approved_on) <= ?3 "                                \
    "  AND (s.start_date = '' OR s.start_date <= ?3)), "                                                         \
    "st AS (SELECT base.*, CASE WHEN pending OR (status = 'active' AND due <> '' AND due < ?5) THEN 2 "          \
    "  WHEN nrev > 0 THEN 1 ELSE 0 END AS annual FROM base) "
#define ANNUAL_CTE ANNUAL_CTE_OF("services s", "s.id", "", "AND s.id >= coalesce(?9, 0) AND s.id < coalesce(?10, 9223372036854775807) ")

#define ANNUAL_ROWS_OF(...)                                                                                     \
    ANNUAL_CTE_OF(__VA_ARGS__) "SELECT st.sid, st.no, st.name, st.provider, st.dept_id, st.dept, st.conf, "        \
                            "st.manager, st.start_date, st.end_date, st.due, st.status, st.terminated_on, "     \
                            "st.annual, st.nrev, " REVIEW_COLS                                                  \
                            " FROM st LEFT JOIN reviews r ON r.id = st.last_id" REVIEW_JOINS                   \
                            " WHERE (?6 < 0 OR st.annual = ?6)"
/* A page reads the services in 承認番号 order from its edge (a bound that an index answers, never "no bound OR …"),
   through the index of 承認番号, or of (部局, 承認番号) when one 部局 is shown (?4): the first page, the page after ?7,
   the page before ?7 and the last page; db_annual_each is the first page without its limit. */
#define ANNUAL_ALL_NO "services s INDEXED BY sqlite_autoindex_services_1", "s.approval_no", "", ""
#define ANNUAL_ONE_DEPT "services s INDEXED BY services_dept_no", "s.approval_no", "s.dept_id = ?4 AND ", ""
#define ANNUAL_SEARCH                                                                                           \
    "svc_search x CROSS JOIN services s ON s.id = x.rowid", "x.rowid",                                          \
    "svc_search MATCH ?11 AND (?12 IS NULL OR instr(x.t, ?12) > 0) AND ", ""
#define ANNUAL_FIRST(...) ANNUAL_ROWS_OF(__VA_ARGS__) " ORDER BY st.ord"
#define ANNUAL_UP(cond, ...) ANNUAL_ROWS_OF(__VA_ARGS__) cond " ORDER BY st.ord LIMIT ?8"
#define ANNUAL_DOWN(cond, ...) ANNUAL_ROWS_OF(__VA_ARGS__) cond " ORDER BY st.ord DESC LIMIT ?8"
/* A step reads from its key (?7, exclusive; none: from the edge) up to the end of its window (?13, inclusive; none:
   to the edge), forward or back: the first page, the page after ?7, the page before ?7, the last page, then the same
   four ending at ?13. */
enum { ANNUAL_P_FIRST, ANNUAL_P_AFTER, ANNUAL_P_BEFORE, ANNUAL_P_LAST, ANNUAL_P__EDGES,
       ANNUAL_P__COUNT = 2 * ANNUAL_P__EDGES };
#define ANNUAL_PAGES(...)                                                                                      \
    { ANNUAL_UP("", __VA_ARGS__), ANNUAL_UP(" AND st.ord > ?7", __VA_ARGS__),                                 \
      ANNUAL_DOWN(" AND st.ord < ?7", __VA_ARGS__), ANNUAL_DOWN("", __VA_ARGS__),                             \
      ANNUAL_UP(" AND st.ord <= ?13", __VA_ARGS__), ANNUAL_UP(" AND st.ord > ?7 AND st.ord <= ?13", __VA_ARGS__), \
      ANNUAL_DOWN(" AND st.ord < ?7 AND st.ord >= ?13", __VA_ARGS__), ANNUAL_DOWN(" AND st.ord >= ?13", __VA_ARGS__) }
enum { ANNUAL_L_NO, ANNUAL_L_DEPT, ANNUAL_L_SEARCH, ANNUAL_L__COUNT };
static const char *const ANNUAL_PAGE_SQL[ANNUAL_L__COUNT][ANNUAL_P__COUNT] = {
    [ANNUAL_L_NO] = ANNUAL_PAGES(ANNUAL_ALL_NO), [ANNUAL_L_DEPT] = ANNUAL_PAGES(ANNUAL_ONE_DEPT),
    [ANNUAL_L_SEARCH] = ANNUAL_PAGES(ANNUAL_SEARCH)};
/* The window of a step: the ?8-th entry (from 0) of the reading's own index after or before ?7 — the services the
   step may read, whatever their status, found in the index alone (no service's reviews read). */
#define ANNUAL_WINDOWS(from, ord, lead)                                                                         \
    { "SELECT " ord " FROM " from " WHERE " lead "1 ORDER BY " ord " LIMIT 1 OFFSET ?8",                       \
      "SELECT " ord " FROM " from " WHERE " lead ord " > ?7 ORDER BY " ord " LIMIT 1 OFFSET ?8",              \
      "SELECT " ord " FROM " from " WHERE " lead ord " < ?7 ORDER BY " ord " DESC LIMIT 1 OFFSET ?8",         \
      "SELECT " ord " FROM " from " WHERE " lead "1 ORDER BY " ord " DESC LIMIT 1 OFFSET ?8" }
static const char *const ANNUAL_WINDOW_SQL[ANNUAL_L__COUNT][ANNUAL_P__EDGES] = {
    [ANNUAL_L_NO] = ANNUAL_WINDOWS("services s INDEXED BY sqlite_autoindex_services_1", "s.approval_no", ""),
    [ANNUAL_L_DEPT] = ANNUAL_WINDOWS("services s INDEXED BY services_dept_no", "s.approval_no", "s.dept_id = ?4 AND "),
    [ANNUAL_L_SEARCH] = ANNUAL_WINDOWS("svc_search x", "x.rowid", "svc_search MATCH ?11 AND ")};
static const char *const ANNUAL_EACH_SQL[2] = {ANNUAL_FIRST(ANNUAL_ALL_NO), ANNUAL_FIRST(ANNUAL_ONE_DEPT)};
#define ANNUAL_REVIEW_FIRST 15

static void bind_annual(sqlite3_stmt *st, const kannual_query *q)
{
    char first[24], last[24];
    int fy = q->fy < 1900 ? 1900 : q->fy > 9998 ? 9998 : q->fy;
    snprintf(first, sizeof first, "%04d-04-01", fy);
    snprintf(last, sizeof last, "%04d-03-31", fy + 1);
    sqlite3_bind_int(st, 1, q->fy);
    db_bind_text(st, 2, first);
    db_bind_text(st, 3, last);
    sqlite3_bind_int64(st, 4, q->dept_id);
    db_bind_text(st, 5, q->today);
}

static void read_annual(sqlite3_stmt *st, kannual_row *r)
{
    memset(r, 0, sizeof *r);
    r->service_id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, r->approval_no, sizeof r->approval_no);
    db_col_copy(st, 2, r->name, sizeof r->name);
    db_col_copy(st, 3, r->provider, sizeof r->provider);
    r->dept_id = sqlite3_column_int64(st, 4);
    db_col_copy(st, 5, r->dept, sizeof r->dept);
    db_col_copy(st, 6, r->conf, sizeof r->conf);
    db_col_copy(st, 7, r->manager, sizeof r->manager);
    db_col_copy(st, 8, r->start_date, sizeof r->start_date);
    db_col_copy(st, 9, r->end_date, sizeof r->end_date);
    db_col_copy(st, 10, r->next_review_due, sizeof r->next_review_due);
    db_col_copy(st, 11, r->status, sizeof r->status);
    db_col_copy(st, 12, r->terminated_on, sizeof r->terminated_on);
    int a = sqlite3_column_int(st, 13);
    r->annual = a >= 0 && a < ANNUAL__COUNT ? (kannual_status)a : ANNUAL_NONE;
    r->reviews = sqlite3_column_int(st, 14);
    read_review(st, ANNUAL_REVIEW_FIRST, &r->last);
}

/* Which reading a page of q takes (ANNUAL_L_*), and the search's MATCH bound to ?11/?12. */
static int annual_lead(const kannual_query *q, search_query *sq)
{
    if (q->search && search_prepare(q->search, sq)) return ANNUAL_L_SEARCH;
    return q->dept_id ? ANNUAL_L_DEPT : ANNUAL_L_NO;
}

kstatus db_annual_step(kdb *db, const kannual_query *q, kannual_cursor *c, int scan, int limit, kannual_row *out,
                       int *n)
{
    *n = 0;
    if (c->end || limit < 1) return KS_OK;
    if (scan < 1) scan = 1;
    search_query sq;
    int lead = annual_lead(q, &sq);
    bool keyed = *c->key != 0;
    int which = c->back ? (keyed ? ANNUAL_P_BEFORE : ANNUAL_P_LAST) : (keyed ? ANNUAL_P_AFTER : ANNUAL_P_FIRST);
    int64_t key_id = 0;
    kstatus s = KS_OK;
    if (keyed && lead == ANNUAL_L_SEARCH)
        s = db_service_key_id(db, c->key, which == ANNUAL_P_AFTER ? INT64_MAX : 0, &key_id);
    if (s) return s;
    /* the window: where this step stops reading, unless the edge comes first */
    sqlite3_stmt *w = db_prep(db, ANNUAL_WINDOW_SQL[lead][which]);
    if (!w) return db_map(db, db->last_rc);
    sqlite3_bind_int64(w, 4, q->dept_id);
    if (lead == ANNUAL_L_SEARCH) {
        db_bind_text(w, 11, sq.match);
        if (keyed) sqlite3_bind_int64(w, 7, key_id);
    } else if (keyed) {
        db_bind_text(w, 7, c->key);
    }
    sqlite3_bind_int(w, 8, scan - 1);
    char bound_no[sizeof c->key] = "";
    int64_t bound_id = 0;
    int rc = sqlite3_step(w);
    bool bounded = rc == SQLITE_ROW;
    if (bounded && lead == ANNUAL_L_SEARCH) bound_id = sqlite3_column_int64(w, 0);
    else if (bounded) db_col_copy(w, 0, bound_no, sizeof bound_no);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) s = db_map(db, rc);
    sqlite3_finalize(w);
    if (s) return s;
    /* the rows of the window that pass the filters */
    sqlite3_stmt *st = db_prep(db, ANNUAL_PAGE_SQL[lead][which + (bounded ? ANNUAL_P__EDGES : 0)]);
    if (!st) return db_map(db, db->last_rc);
    bind_annual(st, q);
    sqlite3_bind_int(st, 6, q->status);
    if (lead == ANNUAL_L_SEARCH) {
        db_bind_text(st, 11, sq.match);
        if (sq.check_whole) db_bind_text(st, 12, sq.folded);
        if (keyed) sqlite3_bind_int64(st, 7, key_id);
        if (bounded) sqlite3_bind_int64(st, 13, bound_id);
    } else {
        if (keyed) db_bind_text(st, 7, c->key);
        if (bounded) db_bind_text(st, 13, bound_no);
    }
    sqlite3_bind_int(st, 8, limit);
    rc = SQLITE_DONE;
    while (*n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) read_annual(st, &out[(*n)++]);
    if (*n == limit) rc = SQLITE_DONE;
    s = rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    if (s) return s;
    /* where the next step starts: after the last row taken when the limit stopped the reading, else after the
       window; with no window the edge was reached */
    if (*n > 0 && *n == limit) {
        snprintf(c->key, sizeof c->key, "%s", out[*n - 1].approval_no);
    } else if (bounded && lead == ANNUAL_L_SEARCH) {
        sqlite3_stmt *no = db_cached(db, "SELECT approval_no FROM services WHERE id = ?");
        if (!no) return db_map(db, db->last_rc);
        sqlite3_bind_int64(no, 1, bound_id);
        if ((rc = sqlite3_step(no)) == SQLITE_ROW) db_col_copy(no, 0, c->key, sizeof c->key);
        else c->end = true;   /* the search index names a service no longer there: read no further */
        s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
        db_done(db, no);
    } else if (bounded) {
        snprintf(c->key, sizeof c->key, "%s", bound_no);
    } else {
        c->end = true;
    }
    if (!c->end && !*c->key) c->end = true;
    return s;
}

/* A whole page: steps of the default window until `limit` rows or the edge. */
static kstatus annual_rows(kdb *db, bool back, const kannual_query *q, const char *key, int limit, kannual_row *out,
                           int *n)
{
    *n = 0;
    kannual_cursor c = {.back = back};
    snprintf(c.key, sizeof c.key, "%s", key ? key : "");
    kstatus s = KS_OK;
    while (!s && *n < limit && !c.end) {
        int got = 0;
        s = db_annual_step(db, q, &c, DB_ANNUAL_SCAN, limit - *n, out + *n, &got);
        *n += got;
    }
    return s;
}

kstatus db_annual_page(kdb *db, const kannual_query *q, const char *after_no, int limit, kannual_row *out, int *n)
{
    return annual_rows(db, false, q, after_no, limit, out, n);
}

kstatus db_annual_page_before(kdb *db, const kannual_query *q, const char *before_no, int limit, kannual_row *out,
                              int *n)
{
    kstatus s = annual_rows(db, true, q, before_no, limit, out, n);
    db_reverse(out, (size_t)*n, sizeof *out);
    return s;
}

kstatus db_annual_each(kdb *db, const kannual_query *q, kannual_cb cb, void *ctx)
{
    sqlite3_stmt *st = db_prep(db, ANNUAL_EACH_SQL[q->dept_id != 0]);
    if (!st) return db_map(db, db->last_rc);
    bind_annual(st, q);
    sqlite3_bind_int(st, 6, q->status);
    kannual_row *r = malloc(sizeof *r);
    if (!r) {
        sqlite3_finalize(st);
        return KS_NOMEM;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_annual(st, r);
        if (cb(r, ctx)) break;
    }
    free(r);
    kstatus s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

kstatus db_annual_counts(kdb *db, const kannual_query *q, kannual_count_cb cb, void *ctx)
{
    return db_annual_counts_range(db, q, 0, 0, cb, ctx);
}

kstatus db_annual_counts_range(kdb *db, const kannual_query *q, int64_t lo, int64_t hi, kannual_count_cb cb,
                               void *ctx)
{
    sqlite3_stmt *st = db_prep(db, ANNUAL_CTE "SELECT dept_id, dept, annual, count(*) FROM st "
                                              "GROUP BY dept_id, annual ORDER BY dept_id, annual");
    if (!st) return db_map(db, db->last_rc);
    bind_annual(st, q);
    if (hi > 0) {
        sqlite3_bind_int64(st, 9, lo);
        sqlite3_bind_int64(st, 10, hi);
    }
    int rc;
    char dept[128];
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        db_col_copy(st, 1, dept, sizeof dept);
        int a = sqlite3_column_int(st, 2);
        if (a < 0 || a >= ANNUAL__COUNT) continue;
        if (cb(sqlite3_column_int64(st, 0), dept, (kannual_status)a, sqlite3_column_int64(st, 3), ctx)) break;
    }
    kstatus s = rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

/* ---- versions of a service ---- */

static void read_version(sqlite3_stmt *st, void *out)
{
    kversion *v = out;
    v->app_id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, v->app_no, sizeof v->app_no);
    db_col_copy(st, 2, v->kind, sizeof v->kind);
    db_col_copy(st, 3, v->state, sizeof v->state);
    db_col_copy(st, 4, v->decided_on, sizeof v->decided_on);
    db_col_copy(st, 5, v->decision, sizeof v->decision);
}

kstatus db_service_versions(kdb *db, int64_t service_id, kversion **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT id, coalesce(app_no, ''), kind, state, decided_on, decision "
                                   "FROM applications WHERE service_id = ? ORDER BY id");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, service_id);
    return db_rows(db, st, sizeof **out, read_version, NULL, (void **)out, n);
}

/* ---- the yearly review of the regulation (規定003 §5) ---- */

void kregreview_free(kregreview **v)
{
    if (!v) return;
    free(*v);
    *v = NULL;
}

#define REGREVIEW_SELECT                                                                                        \
    "SELECT r.id, r.reviewed_on, r.reviewer_id, coalesce(u.name, ''), r.versions, r.outcome, r.note, r.created_at " \
    "FROM regulation_reviews r LEFT JOIN users u ON u.id = r.reviewer_id"

static void read_regreview(sqlite3_stmt *st, void *out)
{
    kregreview *r = out;
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, r->reviewed_on, sizeof r->reviewed_on);
    r->reviewer_id = sqlite3_column_int64(st, 2);
    db_col_copy(st, 3, r->reviewer, sizeof r->reviewer);
    db_col_copy(st, 4, r->versions, sizeof r->versions);
    db_col_copy(st, 5, r->outcome, sizeof r->outcome);
    db_col_copy(st, 6, r->note, sizeof r->note);
    db_col_copy(st, 7, r->created_at, sizeof r->created_at);
}

kstatus db_regreview_insert(kdb *db, kregreview *r)
{
    char now[DB_STAMP_SIZE];
    db_now(now);
    sqlite3_stmt *st = db_prep(db, "INSERT INTO regulation_reviews(reviewed_on, reviewer_id, versions, outcome, note, "
                                   "created_at) VALUES (?, ?, ?, ?, ?, ?)");
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, r->reviewed_on);
    sqlite3_bind_int64(st, 2, r->reviewer_id);
    db_bind_text(st, 3, r->versions);
    db_bind_text(st, 4, r->outcome);
    db_bind_text(st, 5, r->note);
    db_bind_text(st, 6, now);
    kstatus s = db_exec_done(db, st);
    if (!s) {
        r->id = sqlite3_last_insert_rowid(db->h);
        snprintf(r->created_at, sizeof r->created_at, "%s", now);
    }
    return s;
}

kstatus db_regreview_list(kdb *db, kregreview **out, size_t *n)
{
    return select_rows(db, REGREVIEW_SELECT " WHERE ?1 = 0 AND ?2 = 0 ORDER BY r.reviewed_on DESC, r.id DESC", 0, 0,
                       sizeof **out, read_regreview, (void **)out, n);
}
