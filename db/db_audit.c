/* The audit trail's storage: the record builder, the digests of rows, the hash chain, its verification, and the
   reads for lists and exports. */
#include "db/db_audit.h"

#include <inttypes.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/internal.h"
#include "db/schema.h"
#include "forms/clock.h"
#include "forms/text.h"

/* ---- the kinds of rows and their tables (statements written out: no SQL is assembled at run time) ---- */

static const struct audit_kind_def {
    const char *code, *label;
    const char *row_sql;     /* the row (or rows) of the record, ?1 = id */
    const char *child_sql;   /* its child rows in a fixed order, or NULL */
    const char *ids_sql;     /* every id there is, ascending */
    const char *name_sql;    /* what people call the row, ?1 = id */
    int since;               /* the schema version whose migration creates the table (0: before the trail) */
    /* the kinds a bulk step writes many of (kumo demo, an import): the rows, and their child rows, of ids ?1..?2 in
       id order, each led by its id as column k_ (digest_range: the same digests as row_sql and child_sql give) */
    const char *range_sql, *child_range_sql;
} KINDS[AK__COUNT] = {
    [AK_APPLICATION] = {"application", "申請", "SELECT * FROM applications WHERE id = ?1",
                        "SELECT * FROM checklist_answers WHERE app_id = ?1 ORDER BY no",
                        "SELECT id FROM applications ORDER BY id",
                        "SELECT coalesce(app_no, '（未提出）') || ' ' || service_name FROM applications WHERE id = ?1", 0,
                        "SELECT id AS k_, * FROM applications WHERE id BETWEEN ?1 AND ?2 ORDER BY id",
                        "SELECT app_id AS k_, * FROM checklist_answers WHERE app_id BETWEEN ?1 AND ?2 "
                        "ORDER BY app_id, no"},
    [AK_SERVICE] = {"service", "サービス", "SELECT * FROM services WHERE id = ?1", NULL,
                    "SELECT id FROM services ORDER BY id",
                    "SELECT approval_no || ' ' || name FROM services WHERE id = ?1", 0,
                    "SELECT id AS k_, * FROM services WHERE id BETWEEN ?1 AND ?2 ORDER BY id", NULL},
    [AK_USER] = {"user", "利用者", "SELECT * FROM users WHERE id = ?1", NULL, "SELECT id FROM users ORDER BY id",
                 "SELECT login || ' ' || name FROM users WHERE id = ?1", 0},
    [AK_DEPARTMENT] = {"department", "部局", "SELECT * FROM departments WHERE id = ?1", NULL,
                       "SELECT id FROM departments ORDER BY id", "SELECT name FROM departments WHERE id = ?1", 0},
    [AK_SETTINGS] = {"settings", "設定", "SELECT * FROM settings WHERE ?1 = 0 ORDER BY key", NULL,
                     "SELECT 0 WHERE EXISTS (SELECT 1 FROM settings)", "SELECT '' WHERE ?1 = 0", 0},
    [AK_REVIEW] = {"review", "利用状況確認", "SELECT * FROM reviews WHERE id = ?1",
                   "SELECT * FROM review_answers WHERE review_id = ?1 ORDER BY no",
                   "SELECT id FROM reviews ORDER BY id",
                   "SELECT s.approval_no || ' 確認日 ' || r.reviewed_on FROM reviews r "
                   "JOIN services s ON s.id = r.service_id WHERE r.id = ?1", 0},
    [AK_TERMINATION] = {"termination", "終了連絡", "SELECT * FROM terminations WHERE id = ?1",
                        "SELECT * FROM termination_answers WHERE termination_id = ?1 ORDER BY no",
                        "SELECT id FROM terminations ORDER BY id",
                        "SELECT s.approval_no || ' 終了日 ' || t.end_date FROM terminations t "
                        "JOIN services s ON s.id = t.service_id WHERE t.id = ?1", 0},
    [AK_HISTORY] = {"history", "履歴", "SELECT * FROM history WHERE id = ?1", NULL,
                    "SELECT id FROM history ORDER BY id",
                    "SELECT at || ' ' || action FROM history WHERE id = ?1", 0,
                    "SELECT id AS k_, * FROM history WHERE id BETWEEN ?1 AND ?2 ORDER BY id", NULL},
    [AK_BUILD_CHECK] = {"build_check", "導入・構築時確認", "SELECT * FROM build_checks WHERE id = ?1",
                        "SELECT * FROM build_check_answers WHERE build_check_id = ?1 ORDER BY no",
                        "SELECT id FROM build_checks ORDER BY id",
                        "SELECT s.approval_no || ' 確認日 ' || b.checked_on FROM build_checks b "
                        "JOIN services s ON s.id = b.service_id WHERE b.id = ?1", 0},
    [AK_EXCEPTION] = {"exception", "例外措置", "SELECT * FROM exceptions WHERE id = ?1", NULL,
                      "SELECT id FROM exceptions ORDER BY id", "SELECT exc_no FROM exceptions WHERE id = ?1", 7},
    [AK_DISPOSAL] = {"disposal", "廃棄・削除完了報告", "SELECT * FROM disposals WHERE id = ?1", NULL,
                     "SELECT id FROM disposals ORDER BY id",
                     "SELECT s.approval_no || ' 完了日 ' || p.done_on FROM disposals p "
                     "JOIN services s ON s.id = p.service_id WHERE p.id = ?1", 10},
    [AK_REG_REVIEW] = {"regulation_review", "規定の見直し", "SELECT * FROM regulation_reviews WHERE id = ?1", NULL,
                       "SELECT id FROM regulation_reviews ORDER BY id",
                       "SELECT '規定の見直し ' || reviewed_on FROM regulation_reviews WHERE id = ?1", 12},
};

const char *audit_kind_code(audit_kind k) { return k >= 0 && k < AK__COUNT ? KINDS[k].code : ""; }
const char *audit_kind_label(audit_kind k) { return k >= 0 && k < AK__COUNT ? KINDS[k].label : ""; }

static int kind_from_code(const char *code)
{
    for (int k = 0; k < AK__COUNT; k++)
        if (code && !strcmp(KINDS[k].code, code)) return k;
    return -1;
}

const char *audit_subject_label(const char *kind)
{
    int k = kind_from_code(kind);
    if (k >= 0) return KINDS[k].label;
    if (kind && !strcmp(kind, "import")) return "取込";
    if (kind && !strcmp(kind, "audit")) return "監査証跡";
    return kind ? kind : "";
}

/* ---- the record builder ---- */

void kaudit_reset(kaudit *r)
{
    free(r->changes);
    free(r->comment);
    free(r->refs);
    for (size_t i = 0; i < r->nhist; i++) free(r->hist[i].comment);
    free(r->hist);
    memset(r, 0, sizeof *r);
}

void kaudit_subject(kaudit *r, const char *kind, int64_t id, const char *no, const char *dept)
{
    snprintf(r->kind, sizeof r->kind, "%s", kind ? kind : "");
    r->entity_id = id;
    snprintf(r->entity_no, sizeof r->entity_no, "%s", no ? no : "");
    text_trim_partial(r->entity_no);
    snprintf(r->dept, sizeof r->dept, "%s", dept ? dept : "");
    text_trim_partial(r->dept);
}

void kaudit_touch(kaudit *r, audit_kind kind, int64_t id)
{
    if (r->nrefs == r->refs_cap) {
        size_t c = r->refs_cap ? r->refs_cap * 2 : 8;
        audit_ref *v = realloc(r->refs, c * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->refs = v;
        r->refs_cap = c;
    }
    r->refs[r->nrefs++] = (audit_ref){kind, id};
}

/* Appends n bytes to the changes text. */
static void changes_add(kaudit *r, const char *p, size_t n)
{
    if (r->changes_len + n + 1 > r->changes_cap) {
        size_t c = r->changes_cap ? r->changes_cap : 256;
        while (c < r->changes_len + n + 1) c *= 2;
        char *v = realloc(r->changes, c);
        if (!v) {
            r->oom = true;
            return;
        }
        r->changes = v;
        r->changes_cap = c;
    }
    memcpy(r->changes + r->changes_len, p, n);
    r->changes_len += n;
    r->changes[r->changes_len] = 0;
}

static void changes_escaped(kaudit *r, const char *v)
{
    for (const char *p = v ? v : ""; *p; p++) {
        if (*p == '\\') changes_add(r, "\\\\", 2);
        else if (*p == '\n') changes_add(r, "\\n", 2);
        else if (*p == '\r') changes_add(r, "\\r", 2);
        else changes_add(r, p, 1);
    }
}

void kaudit_change(kaudit *r, const char *field, const char *before, const char *after)
{
    if (!strcmp(before ? before : "", after ? after : "")) return;
    if (r->changes_len) changes_add(r, "\n", 1);
    changes_escaped(r, field);
    changes_add(r, ": ", 2);
    changes_escaped(r, before);
    changes_add(r, " → ", strlen(" → "));
    changes_escaped(r, after);
}

void kaudit_comment(kaudit *r, const char *comment)
{
    char *c = strdup(comment ? comment : "");
    if (!c) {
        r->oom = true;
        return;
    }
    free(r->comment);
    r->comment = c;
}

void kaudit_history(kaudit *r, const char *action, int64_t app_id, int64_t service_id, const char *from,
                    const char *to, const char *comment)
{
    if (r->nhist == r->hist_cap) {
        size_t c = r->hist_cap ? r->hist_cap * 2 : 4;
        audit_hist *v = realloc(r->hist, c * sizeof *v);
        if (!v) {
            r->oom = true;
            return;
        }
        r->hist = v;
        r->hist_cap = c;
    }
    audit_hist *h = &r->hist[r->nhist];
    memset(h, 0, sizeof *h);
    snprintf(h->action, sizeof h->action, "%s", action ? action : "");
    h->app_id = app_id;
    h->service_id = service_id;
    snprintf(h->from_state, sizeof h->from_state, "%s", from ? from : "");
    snprintf(h->to_state, sizeof h->to_state, "%s", to ? to : "");
    h->comment = strdup(comment ? comment : "");
    if (!h->comment) {
        r->oom = true;
        return;
    }
    r->nhist++;
}

const char *kaudit_at(kaudit *r)
{
    if (!*r->at) db_now(r->at);
    return r->at;
}

void kaudit_history_bulk(kaudit *r, int64_t lo, int64_t hi)
{
    if (lo <= 0 || hi < lo) return;
    r->bulk_lo = lo;
    r->bulk_hi = hi;
}

/* ---- digests ---- */

static void canon_field(digest_ctx *d, const char *name, const char *v, size_t n)
{
    char len[40];
    snprintf(len, sizeof len, "=%zu:", n);
    digest_str(d, name);
    digest_str(d, len);
    digest_add(d, v, n);
    digest_add(d, "\n", 1);
}

static void canon_text(digest_ctx *d, const char *name, const char *v) { canon_field(d, name, v ? v : "", strlen(v ? v : "")); }

static void canon_int(digest_ctx *d, const char *name, int64_t v)
{
    char b[32];
    snprintf(b, sizeof b, "%" PRId64, v);
    canon_text(d, name, b);
}

/* n in decimal at p (no NUL); the number of characters. */
static size_t put_int(char *p, int64_t n)
{
    char t[24];
    size_t k = 0;
    uint64_t u = n < 0 ? 0 - (uint64_t)n : (uint64_t)n;
    do t[k++] = (char)('0' + u % 10);
    while ((u /= 10));
    size_t j = 0;
    if (n < 0) p[j++] = '-';
    while (k) p[j++] = t[--k];
    return j;
}

/* The names of a statement's result columns, taken once for the many rows of a range (valid while the statement
   is stepped). */
enum { CANON_COLS = 128 };
typedef struct canon_names {
    int n;   /* 0: not taken yet */
    const char *name[CANON_COLS];
    size_t len[CANON_COLS];
} canon_names;

static void names_take(canon_names *c, sqlite3_stmt *st)
{
    int n = sqlite3_column_count(st);
    if (n > CANON_COLS) return;   /* (then canon_row asks for each) */
    for (int i = 0; i < n; i++) {
        const char *col = sqlite3_column_name(st, i);
        c->name[i] = col ? col : "";
        c->len[i] = strlen(c->name[i]);
    }
    c->n = n;
}

/* The current row of a statement from column `first` on: every column that is neither NULL nor '' (written without
   printf: a row's digest is taken for every row a bulk step writes). names: the statement's column names, or
   NULL. */
static void canon_row(digest_ctx *d, sqlite3_stmt *st, int first, const canon_names *names)
{
    digest_add(d, "row\n", 4);
    int n = sqlite3_column_count(st);
    for (int i = first; i < n; i++) {
        sqlite3_value *val = sqlite3_column_value(st, i);
        int t = sqlite3_value_type(val);
        if (t == SQLITE_NULL) continue;
        char num[24];
        const void *v;
        int len;
        if (t == SQLITE_INTEGER) {
            /* the text SQLite gives an integer is its plain decimal form */
            len = (int)put_int(num, sqlite3_value_int64(val));
            v = num;
        } else {
            v = t == SQLITE_BLOB ? sqlite3_value_blob(val) : (const void *)sqlite3_value_text(val);
            len = sqlite3_value_bytes(val);
            if (len == 0 && t == SQLITE_TEXT) continue;
        }
        const char *col;
        size_t cl;
        if (names && i < names->n) {
            col = names->name[i];
            cl = names->len[i];
        } else {
            col = sqlite3_column_name(st, i);
            col = col ? col : "";
            cl = strlen(col);
        }
        char name[160];
        if (cl > sizeof name - 40) cl = sizeof name - 40;
        memcpy(name, col, cl);
        size_t j = cl;
        name[j++] = '=';
        name[j++] = t == SQLITE_INTEGER ? 'i' : t == SQLITE_FLOAT ? 'r' : t == SQLITE_BLOB ? 'b' : 't';
        j += put_int(name + j, len);
        name[j++] = ':';
        digest_add(d, name, j);
        digest_add(d, v, (size_t)len);
        digest_add(d, "\n", 1);
    }
}

/* Runs one statement for id (prepared once per connection), digesting each row; *rows gets how many. */
static kstatus digest_rows(kdb *db, const char *sql, int64_t id, digest_ctx *d, int *rows)
{
    sqlite3_stmt *st = db_cached(db, sql);
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_int64(st, 1, id);
    int rc;
    *rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        canon_row(d, st, 0, NULL);
        ++*rows;
    }
    kstatus s = rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
    db_done(db, st);
    return s;
}

/* The start of a row's digest: "kind:id\n". */
static void digest_head(digest_ctx *d, audit_kind kind, int64_t id)
{
    digest_begin(d);
    char head[64];
    size_t cl = strlen(KINDS[kind].code), j = cl;
    memcpy(head, KINDS[kind].code, cl);
    head[j++] = ':';
    j += put_int(head + j, id);
    head[j++] = '\n';
    digest_add(d, head, j);
}

static kstatus digest_of(kdb *db, audit_kind kind, int64_t id, char out[DIGEST_HEX_SIZE])
{
    out[0] = 0;
    if (kind < 0 || kind >= AK__COUNT) return KS_ERROR;
    digest_ctx d;
    digest_head(&d, kind, id);
    int rows = 0, children = 0;
    kstatus s = digest_rows(db, KINDS[kind].row_sql, id, &d, &rows);
    if (!s && rows && KINDS[kind].child_sql) s = digest_rows(db, KINDS[kind].child_sql, id, &d, &children);
    char hex[DIGEST_HEX_SIZE];
    bool ok = digest_end(&d, hex);
    if (s) return s;
    if (!ok) return KS_NOMEM;
    if (rows) memcpy(out, hex, DIGEST_HEX_SIZE);
    return KS_OK;
}

/* The digests of refs[0..n) (one kind, ids ascending) read in one pass over their id range, each what digest_of
   gives: a row not there has none. */
static kstatus digest_range(kdb *db, audit_kind kind, const audit_ref *refs, size_t n, char (*out)[DIGEST_HEX_SIZE])
{
    sqlite3_stmt *st = db_cached(db, KINDS[kind].range_sql);
    if (!st) return db_map(db, db->last_rc);
    sqlite3_stmt *ch = NULL;
    if (KINDS[kind].child_range_sql && !(ch = db_cached(db, KINDS[kind].child_range_sql))) {
        db_done(db, st);
        return db_map(db, db->last_rc);
    }
    int64_t lo = refs[0].id, hi = refs[n - 1].id;
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    if (ch) {
        sqlite3_bind_int64(ch, 1, lo);
        sqlite3_bind_int64(ch, 2, hi);
    }
    int rc = sqlite3_step(st), crc = ch ? sqlite3_step(ch) : SQLITE_DONE;
    bool ok = true;
    canon_names cols = {0}, child_cols = {0};
    for (size_t i = 0; i < n && ok; i++) {
        int64_t id = refs[i].id;
        out[i][0] = 0;
        while (rc == SQLITE_ROW && sqlite3_column_int64(st, 0) < id) rc = sqlite3_step(st);
        if (rc != SQLITE_ROW || sqlite3_column_int64(st, 0) != id) continue;
        if (!cols.n) names_take(&cols, st);
        digest_ctx d;
        digest_head(&d, kind, id);
        canon_row(&d, st, 1, &cols);
        rc = sqlite3_step(st);
        while (crc == SQLITE_ROW && sqlite3_column_int64(ch, 0) < id) crc = sqlite3_step(ch);
        for (; crc == SQLITE_ROW && sqlite3_column_int64(ch, 0) == id; crc = sqlite3_step(ch)) {
            if (!child_cols.n) names_take(&child_cols, ch);
            canon_row(&d, ch, 1, &child_cols);
        }
        ok = digest_end(&d, out[i]);
    }
    kstatus s = !ok                                          ? KS_NOMEM
                : rc != SQLITE_ROW && rc != SQLITE_DONE      ? db_map(db, rc)
                : ch && crc != SQLITE_ROW && crc != SQLITE_DONE ? db_map(db, crc)
                                                             : KS_OK;
    db_done(db, st);
    if (ch) db_done(db, ch);
    return s;
}

/* The digests of refs[0..n) (sorted by kind and id, each once): the rows of a kind that a step wrote many of, close
   together, in one pass each (a bulk step's tens of thousands of rows), the others one by one. */
static kstatus digest_refs(kdb *db, const audit_ref *refs, size_t n, char (*out)[DIGEST_HEX_SIZE])
{
    enum { RUN_MIN = 8, GAP_MAX = 16 };
    kstatus s = KS_OK;
    for (size_t i = 0; i < n && !s;) {
        size_t j = i + 1;
        if (KINDS[refs[i].kind].range_sql)
            while (j < n && refs[j].kind == refs[i].kind && refs[j].id - refs[j - 1].id <= GAP_MAX) j++;
        if (j - i >= RUN_MIN) {
            s = digest_range(db, refs[i].kind, refs + i, j - i, out + i);
        } else {
            j = i + 1;
            s = digest_of(db, refs[i].kind, refs[i].id, out[i]);
        }
        i = j;
    }
    return s;
}

kstatus db_audit_digest(kdb *db, audit_kind kind, int64_t id, char out[DIGEST_HEX_SIZE])
{
    return digest_of(db, kind, id, out);
}

kstatus db_audit_row_fits(kdb *db, audit_kind kind, int64_t id, bool *fits)
{
    *fits = false;
    char now[DIGEST_HEX_SIZE];
    kstatus s = db_audit_digest(db, kind, id, now);
    if (s) return s;
    sqlite3_stmt *st = db_cached(db, "SELECT digest FROM audit_entity WHERE kind = ?1 AND id = ?2 "
                                     "ORDER BY seq DESC LIMIT 1");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_text(st, 1, KINDS[kind].code, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *want = (const char *)sqlite3_column_text(st, 0);
        *fits = want && !strcmp(want, now);
    }
    db_done(db, st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KS_OK : db_map(db, rc);
}

/* ---- the chain ---- */

static const char ZERO_HASH[DIGEST_HEX_SIZE] = "0000000000000000000000000000000000000000000000000000000000000000";

static void canon_head(digest_ctx *d, const kaudit_row *r)
{
    digest_str(d, "kumo-audit-1\n");
    canon_int(d, "seq", r->seq);
    canon_text(d, "at", r->at);
    canon_text(d, "zone", r->zone);
    canon_text(d, "actor", r->actor);
    canon_text(d, "actor_name", r->actor_name);
    canon_text(d, "actor_role", r->actor_role);
    canon_text(d, "os_login", r->os_login);
    canon_text(d, "action", r->action);
    canon_text(d, "kind", r->kind);
    canon_int(d, "entity_id", r->entity_id);
    canon_text(d, "entity_no", r->entity_no);
    canon_text(d, "dept", r->dept);
    canon_text(d, "changes", r->changes);
    canon_text(d, "comment", r->comment);
}

static void canon_entity(digest_ctx *d, const char *kind, int64_t id, const char *digest)
{
    char b[64];
    digest_add(d, "entity=", 7);
    digest_str(d, kind);
    b[0] = ':';
    size_t j = 1 + put_int(b + 1, id);
    b[j++] = ':';
    digest_add(d, b, j);
    digest_str(d, digest);
    digest_add(d, "\n", 1);
}

static void canon_prev(digest_ctx *d, const char *prev)
{
    digest_str(d, "prev=");
    digest_str(d, prev);
    digest_add(d, "\n", 1);
}

static void read_head(sqlite3_stmt *st, void *out)
{
    kaudit_head *h = out;
    h->seq = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, h->at, sizeof h->at);
    db_col_copy(st, 2, h->hash, sizeof h->hash);
}

kstatus db_audit_head(kdb *db, kaudit_head *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_prep(db, "SELECT seq, at, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (!st) return db_map(db, db->last_rc);
    kstatus s = db_one(db, st, read_head, out);
    return s == KS_NOTFOUND ? KS_OK : s;
}

static int ref_cmp(const void *a, const void *b)
{
    const audit_ref *x = a, *y = b;
    int c = strcmp(KINDS[x->kind].code, KINDS[y->kind].code);
    if (c) return c;
    return x->id < y->id ? -1 : x->id > y->id;
}

static kstatus insert_history(kdb *db, const char *at, const kaudit *r, const audit_hist *h, int64_t user_id,
                              int64_t *id)
{
    sqlite3_stmt *st = db_cached(db, "INSERT INTO history(app_id, service_id, at, user_id, action, from_state, "
                                   "to_state, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    if (!st) return db_map(db, db->last_rc);
    db_bind_id(st, 1, h->app_id);
    db_bind_id(st, 2, h->service_id);
    db_bind_text(st, 3, at);
    db_bind_id(st, 4, user_id);
    db_bind_text(st, 5, *h->action ? h->action : r->action);
    db_bind_text(st, 6, h->from_state);
    db_bind_text(st, 7, h->to_state);
    db_bind_text(st, 8, h->comment);
    kstatus s = db_exec_done(db, st);
    if (!s) *id = sqlite3_last_insert_rowid(db->h);
    return s;
}

static const char *os_login(void)
{
    struct passwd *pw = getpwuid(getuid());
    return pw && pw->pw_name ? pw->pw_name : "";
}

/* The audit_entity rows of record seq: sixteen to a statement while there are that many (a bulk step names
   hundreds of thousands), then one by one. */
#define AE_1 "(?, ?, ?, ?)"
#define AE_4 AE_1 ", " AE_1 ", " AE_1 ", " AE_1
#define AE_16 AE_4 ", " AE_4 ", " AE_4 ", " AE_4
enum { AE_MANY = 16 };
static kstatus insert_entities(kdb *db, int64_t seq, const audit_ref *refs, size_t n,
                               char (*digests)[DIGEST_HEX_SIZE])
{
    kstatus s = KS_OK;
    for (size_t i = 0; i < n && !s;) {
        size_t k = n - i >= AE_MANY ? AE_MANY : 1;
        sqlite3_stmt *st = db_cached(db, k == AE_MANY ? "INSERT INTO audit_entity(seq, kind, id, digest) VALUES " AE_16
                                                      : "INSERT INTO audit_entity(seq, kind, id, digest) VALUES " AE_1);
        if (!st) return db_map(db, db->last_rc);
        for (size_t j = 0; j < k; j++, i++) {
            int p = (int)j * 4;
            sqlite3_bind_int64(st, p + 1, seq);
            sqlite3_bind_text(st, p + 2, KINDS[refs[i].kind].code, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, p + 3, refs[i].id);
            sqlite3_bind_text(st, p + 4, digests[i], -1, SQLITE_STATIC);
        }
        s = db_exec_done(db, st);
    }
    return s;
}

/* ---- a record's bulk part (kaudit_history_bulk) ---- */

/* The rows a bulk part names, of the history ids ?1..?2, each led by its id as k_ in id order, as range_sql reads
   them (neither kind has child rows); in the order of their kinds' codes, as the record names its rows. */
static const struct { audit_kind kind; const char *sql; } BULK[] = {
    {AK_HISTORY, "SELECT id AS k_, * FROM history WHERE id BETWEEN ?1 AND ?2 ORDER BY id"},
    {AK_SERVICE, "SELECT id AS k_, * FROM services WHERE id IN "
                 "(SELECT service_id FROM history WHERE id BETWEEN ?1 AND ?2) ORDER BY id"},
};

/* The rows a record names, taken in (kind, id) order: each goes into the record's hash and into audit_entity as it
   comes (sixteen to a statement), so that none is held. */
typedef struct entity_sink {
    kdb *db;
    int64_t seq;
    digest_ctx *hash;
    size_t n;
    audit_ref refs[AE_MANY];
    char digests[AE_MANY][DIGEST_HEX_SIZE];
} entity_sink;

static kstatus sink_put(entity_sink *k, audit_kind kind, int64_t id, const char *digest)
{
    canon_entity(k->hash, KINDS[kind].code, id, digest);
    k->refs[k->n] = (audit_ref){kind, id};
    memcpy(k->digests[k->n], digest, DIGEST_HEX_SIZE);
    if (++k->n < AE_MANY) return KS_OK;
    k->n = 0;
    return insert_entities(k->db, k->seq, k->refs, AE_MANY, k->digests);
}

/* The record's rows — refs[0..n) with their digests (sorted, each once) and the rows of its bulk part, read in id
   order and digested one at a time — merged in (kind, id) order into the hash and audit_entity of record seq. The
   audit_entity rows come before the record's own row (its hash is known only at the end): the caller defers the
   foreign key to the commit. */
static kstatus bulk_entities(kdb *db, const kaudit *r, int64_t seq, const audit_ref *refs,
                             char (*digests)[DIGEST_HEX_SIZE], size_t n, digest_ctx *hash)
{
    entity_sink k = {.db = db, .seq = seq, .hash = hash};
    kstatus s = KS_OK;
    size_t i = 0;
    for (size_t b = 0; b < sizeof BULK / sizeof BULK[0] && !s; b++) {
        audit_kind kind = BULK[b].kind;
        for (; !s && i < n && strcmp(KINDS[refs[i].kind].code, KINDS[kind].code) < 0; i++)
            s = sink_put(&k, refs[i].kind, refs[i].id, digests[i]);
        sqlite3_stmt *st = s ? NULL : db_prep(db, BULK[b].sql);
        if (!s && !st) s = db_map(db, db->last_rc);
        if (s) break;
        sqlite3_bind_int64(st, 1, r->bulk_lo);
        sqlite3_bind_int64(st, 2, r->bulk_hi);
        canon_names cols = {0};
        int rc = SQLITE_DONE;
        while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            for (; !s && i < n && refs[i].kind == kind && refs[i].id < id; i++)
                s = sink_put(&k, kind, refs[i].id, digests[i]);
            if (i < n && refs[i].kind == kind && refs[i].id == id) i++;   /* named both ways: once */
            if (!cols.n) names_take(&cols, st);
            digest_ctx d;
            char hex[DIGEST_HEX_SIZE];
            digest_head(&d, kind, id);
            canon_row(&d, st, 1, &cols);
            if (!digest_end(&d, hex)) s = s ? s : KS_NOMEM;
            if (!s) s = sink_put(&k, kind, id, hex);
        }
        if (!s && rc != SQLITE_DONE) s = db_map(db, rc);
        sqlite3_finalize(st);
        for (; !s && i < n && refs[i].kind == kind; i++) s = sink_put(&k, kind, refs[i].id, digests[i]);
    }
    for (; !s && i < n; i++) s = sink_put(&k, refs[i].kind, refs[i].id, digests[i]);
    if (!s && k.n) s = insert_entities(db, seq, k.refs, k.n, k.digests);
    return s;
}

/* The body of db_audit_append (the caller resets the record). */
static kstatus append(kdb *db, kaudit *r, const kaudit_actor *actor, kaudit_head *head)
{
    if (r->oom) return KS_NOMEM;
    kaudit_row row = {0};
    if (*r->at) memcpy(row.at, r->at, sizeof row.at);
    else db_now(row.at);
    snprintf(row.zone, sizeof row.zone, "%s", clock_zone());
    snprintf(row.actor, sizeof row.actor, "%s", actor && actor->login ? actor->login : "");
    snprintf(row.actor_name, sizeof row.actor_name, "%s", actor && actor->name ? actor->name : "");
    snprintf(row.actor_role, sizeof row.actor_role, "%s", actor && actor->role ? actor->role : "");
    snprintf(row.os_login, sizeof row.os_login, "%s", os_login());
    text_trim_partial(row.actor_name);
    snprintf(row.action, sizeof row.action, "%s", r->action);
    snprintf(row.kind, sizeof row.kind, "%s", r->kind);
    row.entity_id = r->entity_id;
    snprintf(row.entity_no, sizeof row.entity_no, "%s", r->entity_no);
    snprintf(row.dept, sizeof row.dept, "%s", r->dept);
    row.changes = r->changes ? r->changes : "";
    row.comment = r->comment ? r->comment : "";

    kstatus s = KS_OK;
    for (size_t i = 0; i < r->nhist && !s; i++) {
        int64_t hid = 0;
        s = insert_history(db, row.at, r, &r->hist[i], actor ? actor->id : 0, &hid);
        if (!s) kaudit_touch(r, AK_HISTORY, hid);
    }
    if (!s && r->oom) s = KS_NOMEM;
    if (s) return s;

    /* each row once, in (kind, id) order */
    if (r->nrefs > 1) qsort(r->refs, r->nrefs, sizeof *r->refs, ref_cmp);
    size_t n = 0;
    for (size_t i = 0; i < r->nrefs; i++)
        if (!n || ref_cmp(&r->refs[n - 1], &r->refs[i])) r->refs[n++] = r->refs[i];
    r->nrefs = n;
    char(*digests)[DIGEST_HEX_SIZE] = calloc(n ? n : 1, sizeof *digests);
    if (!digests) return KS_NOMEM;
    if (!s) s = digest_refs(db, r->refs, n, digests);

    kaudit_head prev = {0};
    if (!s) s = db_audit_head(db, &prev);
    row.seq = prev.seq + 1;
    snprintf(row.prev, sizeof row.prev, "%s", prev.seq ? prev.hash : ZERO_HASH);
    /* a bulk part's rows are hashed and written as they are read: audit_entity before the record's row */
    bool bulk = r->bulk_lo > 0;
    if (!s && bulk) {
        /* (off again by itself at the commit or the rollback) */
        sqlite3_stmt *st = db_prep(db, "PRAGMA defer_foreign_keys = ON");
        s = st ? db_exec_done(db, st) : db_map(db, db->last_rc);
    }
    if (!s) {
        digest_ctx d;
        digest_begin(&d);
        canon_head(&d, &row);
        if (bulk) s = bulk_entities(db, r, row.seq, r->refs, digests, n, &d);
        else
            for (size_t i = 0; i < n; i++) canon_entity(&d, KINDS[r->refs[i].kind].code, r->refs[i].id, digests[i]);
        canon_prev(&d, row.prev);
        if (!digest_end(&d, row.hash) && !s) s = KS_NOMEM;
    }
    if (!s) {
        sqlite3_stmt *st = db_prep(db, "INSERT INTO audit(seq, at, zone, actor, actor_name, actor_role, os_login, "
                                       "action, kind, entity_id, entity_no, dept, changes, comment, prev, hash) "
                                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!st) {
            s = db_map(db, db->last_rc);
        } else {
            sqlite3_bind_int64(st, 1, row.seq);
            const char *t[] = {row.at, row.zone, row.actor, row.actor_name, row.actor_role, row.os_login,
                               row.action, row.kind};
            for (int i = 0; i < 8; i++) db_bind_text(st, 2 + i, t[i]);
            sqlite3_bind_int64(st, 10, row.entity_id);
            db_bind_text(st, 11, row.entity_no);
            db_bind_text(st, 12, row.dept);
            db_bind_text_static(st, 13, row.changes);   /* (a record naming many rows has a long one: no copy) */
            db_bind_text_static(st, 14, row.comment);
            db_bind_text(st, 15, row.prev);
            db_bind_text(st, 16, row.hash);
            s = db_exec_done(db, st);
        }
    }
    if (!s && n && !bulk) s = insert_entities(db, row.seq, r->refs, n, digests);
    free(digests);
    if (!s && head) {
        head->seq = row.seq;
        memcpy(head->at, row.at, sizeof head->at);
        memcpy(head->hash, row.hash, sizeof head->hash);
    }
    return s;
}

kstatus db_audit_append(kdb *db, kaudit *r, const kaudit_actor *actor, kaudit_head *head)
{
    kstatus s = append(db, r, actor, head);
    kaudit_reset(r);
    return s;
}

kstatus db_audit_genesis(kdb *db)
{
    kaudit r = {0};
    snprintf(r.action, sizeof r.action, "監査証跡の開始");
    kaudit_subject(&r, "audit", 0, "", "");
    kstatus s = KS_OK;
    int64_t rows = 0;
    for (int k = 0; k < AK__COUNT && !s; k++) {
        if (KINDS[k].since > SCHEMA_AUDIT_VERSION) continue;   /* its table comes with a later migration */
        sqlite3_stmt *st = db_prep(db, KINDS[k].ids_sql);
        if (!st) {
            s = db_map(db, db->last_rc);
            break;
        }
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            kaudit_touch(&r, (audit_kind)k, sqlite3_column_int64(st, 0));
            rows++;
        }
        if (rc != SQLITE_DONE) s = db_map(db, rc);
        sqlite3_finalize(st);
    }
    char note[160];
    snprintf(note, sizeof note, "既存の記録 %" PRId64 " 件の状態を起点として記録", rows);
    kaudit_comment(&r, rows ? note : "新しいデータベース");
    if (s) {
        kaudit_reset(&r);
        return s;
    }
    return db_audit_append(db, &r, NULL, NULL);
}

/* The rows of one kind whose current digest differs from the chain's last (or that it has never seen): touched. */
static kstatus touch_changed(kdb *db, audit_kind kind, kaudit *r, int64_t *rows)
{
    sqlite3_stmt *cur = db_prep(db, KINDS[kind].ids_sql);
    sqlite3_stmt *last = cur ? db_prep(db, "SELECT id, digest, max(seq) FROM audit_entity WHERE kind = ?1 "
                                           "GROUP BY id ORDER BY id")
                             : NULL;
    if (!cur || !last) {
        sqlite3_finalize(cur);
        return db_map(db, db->last_rc);
    }
    sqlite3_bind_text(last, 1, KINDS[kind].code, -1, SQLITE_STATIC);
    kstatus s = KS_OK;
    int rc = sqlite3_step(cur), lrc = sqlite3_step(last);
    char dg[DIGEST_HEX_SIZE];
    while (!s && rc == SQLITE_ROW) {
        int64_t cid = sqlite3_column_int64(cur, 0);
        while (lrc == SQLITE_ROW && sqlite3_column_int64(last, 0) < cid) lrc = sqlite3_step(last);
        const char *want = lrc == SQLITE_ROW && sqlite3_column_int64(last, 0) == cid
                               ? (const char *)sqlite3_column_text(last, 1)
                               : NULL;
        s = digest_of(db, kind, cid, dg);
        if (!s && strcmp(dg, want ? want : "")) {
            kaudit_touch(r, kind, cid);
            (*rows)++;
        }
        rc = sqlite3_step(cur);
    }
    if (!s && rc != SQLITE_DONE) s = db_map(db, rc);
    sqlite3_finalize(cur);
    sqlite3_finalize(last);
    return s;
}

kstatus db_audit_migrated(kdb *db, int version)
{
    kaudit r = {0};
    snprintf(r.action, sizeof r.action, "スキーマの更新");
    kaudit_subject(&r, "audit", 0, "", "");
    int64_t rows = 0;
    kstatus s = KS_OK;
    for (int k = 0; k < AK__COUNT && !s; k++)
        if (KINDS[k].since <= version) s = touch_changed(db, (audit_kind)k, &r, &rows);
    if (s || rows == 0) {
        kaudit_reset(&r);
        return s;
    }
    char note[200];
    snprintf(note, sizeof note, "スキーマ v%d への更新で値を改めた記録 %" PRId64 " 件の状態を記録", version, rows);
    kaudit_comment(&r, note);
    return db_audit_append(db, &r, NULL, NULL);
}

/* ---- reading records ---- */

#define AUDIT_COLS                                                                                              \
    "seq, at, zone, actor, actor_name, actor_role, os_login, action, kind, entity_id, entity_no, dept, changes, " \
    "comment, prev, hash"

static void read_row(sqlite3_stmt *st, void *out)
{
    kaudit_row *r = out;
    r->seq = sqlite3_column_int64(st, 0);
    db_col_copy(st, 1, r->at, sizeof r->at);
    db_col_copy(st, 2, r->zone, sizeof r->zone);
    db_col_copy(st, 3, r->actor, sizeof r->actor);
    db_col_copy(st, 4, r->actor_name, sizeof r->actor_name);
    db_col_copy(st, 5, r->actor_role, sizeof r->actor_role);
    db_col_copy(st, 6, r->os_login, sizeof r->os_login);
    db_col_copy(st, 7, r->action, sizeof r->action);
    db_col_copy(st, 8, r->kind, sizeof r->kind);
    r->entity_id = sqlite3_column_int64(st, 9);
    db_col_copy(st, 10, r->entity_no, sizeof r->entity_no);
    db_col_copy(st, 11, r->dept, sizeof r->dept);
    r->changes = db_col_dup(st, 12);
    r->comment = db_col_dup(st, 13);
    db_col_copy(st, 14, r->prev, sizeof r->prev);
    db_col_copy(st, 15, r->hash, sizeof r->hash);
}

void kaudit_row_clear(kaudit_row *r)
{
    free(r->changes);
    free(r->comment);
    r->changes = r->comment = NULL;
}

static void release_row(void *p) { kaudit_row_clear(p); }

void kaudit_rows_free(kaudit_row **v, size_t n)
{
    if (!v || !*v) return;
    for (size_t i = 0; i < n; i++) kaudit_row_clear(&(*v)[i]);
    free(*v);
    *v = NULL;
}

/* The filter as bound parameters ?1 … ?5 of the statements below. */
#define AUDIT_WHERE                                                                                        \
    "(?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < date(?2, '+1 day')) AND (?3 IS NULL OR actor = ?3) " \
    "AND (?4 IS NULL OR action = ?4) AND (?5 IS NULL OR dept = ?5)"

static void bind_filter(sqlite3_stmt *st, const kaudit_filter *f)
{
    const char *v[5] = {f ? f->from : NULL, f ? f->to : NULL, f ? f->actor : NULL, f ? f->action : NULL,
                        f ? f->dept : NULL};
    for (int i = 0; i < 5; i++)
        if (v[i] && *v[i]) sqlite3_bind_text(st, 1 + i, v[i], -1, SQLITE_TRANSIENT);
        else sqlite3_bind_null(st, 1 + i);
}

/* The filter that leads a statement: the records of one 操作者, one 操作 or one 部局 are read through its index of
   (column, seq), the others from the newest (or a page's edge) by seq; a period alone reads by seq and skips what is
   outside it. Every statement is written out here (the same for each lead but its first lines). */
enum { LEAD_SEQ, LEAD_ACTOR, LEAD_ACTION, LEAD_DEPT, LEAD__COUNT };

static int lead_of(const kaudit_filter *f)
{
    if (f && f->actor && *f->actor) return LEAD_ACTOR;
    if (f && f->action && *f->action) return LEAD_ACTION;
    if (f && f->dept && *f->dept) return LEAD_DEPT;
    return LEAD_SEQ;
}

#define AUDIT_FROM_SEQ " FROM audit WHERE "
#define AUDIT_FROM_ACTOR " FROM audit INDEXED BY audit_actor WHERE actor = ?3 AND "
#define AUDIT_FROM_ACTION " FROM audit INDEXED BY audit_action WHERE action = ?4 AND "
#define AUDIT_FROM_DEPT " FROM audit INDEXED BY audit_dept WHERE dept = ?5 AND "
/* older than ?6, newest first; newer than ?6, oldest first; all in order; how many */
#define AUDIT_OLDER(from) "SELECT " AUDIT_COLS from "seq < ?6 AND " AUDIT_WHERE " ORDER BY seq DESC LIMIT ?7"
#define AUDIT_NEWER(from) "SELECT " AUDIT_COLS from "seq > ?6 AND " AUDIT_WHERE " ORDER BY seq LIMIT ?7"
#define AUDIT_ALL(from) "SELECT " AUDIT_COLS from AUDIT_WHERE " ORDER BY seq"
#define AUDIT_COUNT(from) "SELECT count(*)" from AUDIT_WHERE
#define AUDIT_LEADS(make) \
    { [LEAD_SEQ] = make(AUDIT_FROM_SEQ), [LEAD_ACTOR] = make(AUDIT_FROM_ACTOR), \
      [LEAD_ACTION] = make(AUDIT_FROM_ACTION), [LEAD_DEPT] = make(AUDIT_FROM_DEPT) }

static const char *const AUDIT_OLDER_SQL[LEAD__COUNT] = AUDIT_LEADS(AUDIT_OLDER);
static const char *const AUDIT_NEWER_SQL[LEAD__COUNT] = AUDIT_LEADS(AUDIT_NEWER);
static const char *const AUDIT_ALL_SQL[LEAD__COUNT] = AUDIT_LEADS(AUDIT_ALL);
static const char *const AUDIT_COUNT_SQL[LEAD__COUNT] = AUDIT_LEADS(AUDIT_COUNT);

kstatus db_audit_page(kdb *db, const kaudit_filter *f, int64_t before_seq, int64_t after_seq, int limit,
                      kaudit_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    /* a page's edge as a bound on seq (never "no bound OR …", which no index can answer): the newest page is the one
       below every number, the oldest the one above none */
    bool up = after_seq != 0;
    sqlite3_stmt *st = db_prep(db, (up ? AUDIT_NEWER_SQL : AUDIT_OLDER_SQL)[lead_of(f)]);
    if (!st) return db_map(db, db->last_rc);
    bind_filter(st, f);
    sqlite3_bind_int64(st, 6, up ? (after_seq < 0 ? 0 : after_seq) : (before_seq ? before_seq : INT64_MAX));
    sqlite3_bind_int(st, 7, limit);
    kstatus s = db_rows(db, st, sizeof **out, read_row, release_row, (void **)out, n);
    if (!s && up) db_reverse(*out, *n, sizeof **out);
    return s;
}

kstatus db_audit_count(kdb *db, const kaudit_filter *f, int64_t *count)
{
    sqlite3_stmt *st = db_prep(db, AUDIT_COUNT_SQL[lead_of(f)]);
    if (!st) return db_map(db, db->last_rc);
    bind_filter(st, f);
    return db_int64(db, st, count);
}

/* Each row of a prepared statement of records to cb, until it asks to stop; the statement finalized. */
static kstatus each_record(kdb *db, sqlite3_stmt *st, kaudit_cb cb, void *ctx)
{
    int rc;
    kstatus s = KS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kaudit_row r;
        read_row(st, &r);
        int stop = cb(&r, ctx);
        kaudit_row_clear(&r);
        if (stop) break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) s = db_map(db, rc);
    sqlite3_finalize(st);
    return s;
}

kstatus db_audit_each(kdb *db, const kaudit_filter *f, kaudit_cb cb, void *ctx)
{
    sqlite3_stmt *st = db_prep(db, AUDIT_ALL_SQL[lead_of(f)]);
    if (!st) return db_map(db, db->last_rc);
    bind_filter(st, f);
    return each_record(db, st, cb, ctx);
}

kstatus db_audit_of(kdb *db, const char *kind, int64_t id, kaudit_cb cb, void *ctx)
{
    sqlite3_stmt *st = db_prep(db, "SELECT " AUDIT_COLS " FROM audit WHERE seq IN "
                                   "(SELECT seq FROM audit_entity WHERE kind = ?1 AND id = ?2) ORDER BY seq");
    if (!st) return db_map(db, db->last_rc);
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    return each_record(db, st, cb, ctx);
}

kstatus db_audit_filter_known(kdb *db, audit_filter_field field, const char *value, bool *known)
{
    static const char *const SQL[] = {
        [AF_ACTOR] = "SELECT EXISTS (SELECT 1 FROM users WHERE login = ?1) OR EXISTS (SELECT 1 FROM audit WHERE actor = ?1)",
        [AF_ACTION] = "SELECT EXISTS (SELECT 1 FROM audit WHERE action = ?1)",
        [AF_DEPT] = "SELECT EXISTS (SELECT 1 FROM departments WHERE name = ?1) OR EXISTS (SELECT 1 FROM audit WHERE dept = ?1)",
    };
    *known = false;
    if ((int)field < 0 || (size_t)field >= sizeof SQL / sizeof SQL[0]) return KS_INVALID;
    sqlite3_stmt *st = db_prep(db, SQL[field]);
    if (!st) return db_map(db, db->last_rc);
    db_bind_text(st, 1, value ? value : "");
    int64_t v = 0;
    kstatus s = db_int64(db, st, &v);
    *known = !s && v != 0;
    return s;
}

kstatus db_audit_actions(kdb *db, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = db_prep(db, "SELECT DISTINCT action FROM audit ORDER BY action");
    if (!st) return db_map(db, db->last_rc);
    char **v = NULL;
    size_t got = 0, cap = 0;
    int rc;
    kstatus s = KS_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (got == cap) {
            size_t c = cap ? cap * 2 : 16;
            char **g = realloc(v, c * sizeof *g);
            if (!g) {
                s = KS_NOMEM;
                break;
            }
            v = g;
            cap = c;
        }
        if (!(v[got] = db_col_dup(st, 0))) {
            s = KS_NOMEM;
            break;
        }
        got++;
    }
    if (!s && rc != SQLITE_DONE) s = db_map(db, rc);
    sqlite3_finalize(st);
    if (s) {
        for (size_t i = 0; i < got; i++) free(v[i]);
        free(v);
        return s;
    }
    *out = v;
    *n = got;
    return KS_OK;
}

/* ---- verification ---- */

/* Notes one thing that does not fit; the first one is kept in out->what. */
static void problem(kaudit_verify *out, int64_t seq, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(kaudit_verify *out, int64_t seq, const char *fmt, ...)
{
    out->ok = false;
    if (out->problems++) return;
    out->first_seq = seq;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->what, sizeof out->what, fmt, ap);
    va_end(ap);
    text_trim_partial(out->what);
}

/* How far a verify has got: done is what is shown (records, then audited rows); work counts every row read since the
   last call, so that a record of a bulk step, which names many rows, moves the line too. */
#define VERIFY_EVERY 4096
typedef struct verify_progress {
    db_verify_progress_fn fn;
    void *ctx;
    long long done, work;
} verify_progress;

static void tell(verify_progress *p, const char *what, long long total, bool last)
{
    if (!p->fn || (!last && p->work < VERIFY_EVERY)) return;
    p->work = 0;
    p->fn(p->ctx, what, p->done, last && total < 0 ? p->done : total);
}

#define VERIFY_CHAIN "監査記録を検証中"
#define VERIFY_ROWS "記録の対象行を照合中"

/* The chain: numbers 1, 2, 3 …, each record's link to the one before, and each hash over its content and rows. */
static kstatus verify_chain(kdb *db, kaudit_verify *out, verify_progress *pg)
{
    /* the records there are, for the progress (the number of the last: no count of the table) */
    long long total = -1;
    sqlite3_stmt *mx = pg->fn ? db_prep(db, "SELECT max(seq) FROM audit") : NULL;
    if (mx && sqlite3_step(mx) == SQLITE_ROW) total = sqlite3_column_int64(mx, 0);
    sqlite3_finalize(mx);
    if (pg->fn) pg->fn(pg->ctx, VERIFY_CHAIN, 0, total);
    sqlite3_stmt *st = db_prep(db, "SELECT " AUDIT_COLS " FROM audit ORDER BY seq");
    sqlite3_stmt *es = st ? db_prep(db, "SELECT seq, kind, id, digest FROM audit_entity ORDER BY seq, kind, id")
                          : NULL;
    if (!st || !es) {
        sqlite3_finalize(st);
        return db_map(db, db->last_rc);
    }
    kstatus s = KS_OK;
    int erc = sqlite3_step(es);
    char prev[DIGEST_HEX_SIZE];
    memcpy(prev, ZERO_HASH, sizeof prev);
    int64_t expect = 1;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        kaudit_row r;
        read_row(st, &r);
        out->records++;
        pg->done = out->records;
        pg->work += VERIFY_EVERY / 64;   /* a record read counts as rows do: a long chain of small steps moves too */
        tell(pg, VERIFY_CHAIN, total, false);
        if (r.seq != expect)
            problem(out, r.seq,
                    r.seq > expect ? "監査記録 #%" PRId64 " の前に #%" PRId64 " がありません（監査記録が削除されています）"
                                   : "監査記録 #%" PRId64 " の番号が順序どおりではありません（#%" PRId64 " の位置）",
                    r.seq, expect);
        /* entity rows of no record read so far: inserted, or left by a deleted record */
        while (erc == SQLITE_ROW && sqlite3_column_int64(es, 0) < r.seq) {
            problem(out, sqlite3_column_int64(es, 0),
                    "監査記録 #%" PRId64 " の対象行（%s id %" PRId64 "）に対応する記録がありません"
                    "（監査記録が削除されたか、行が挿入されています）",
                    (int64_t)sqlite3_column_int64(es, 0), (const char *)sqlite3_column_text(es, 1),
                    (int64_t)sqlite3_column_int64(es, 2));
            erc = sqlite3_step(es);
        }
        if (strcmp(r.prev, prev))
            problem(out, r.seq,
                    "監査記録 #%" PRId64 "（%s %s）の直前のハッシュが一つ前の記録と一致しません（記録が削除、挿入又は書き換え"
                    "られています）",
                    r.seq, r.at, r.action);
        digest_ctx d;
        digest_begin(&d);
        canon_head(&d, &r);
        while (erc == SQLITE_ROW && sqlite3_column_int64(es, 0) == r.seq) {
            const char *kind = (const char *)sqlite3_column_text(es, 1);
            const char *dg = (const char *)sqlite3_column_text(es, 3);
            canon_entity(&d, kind ? kind : "", sqlite3_column_int64(es, 2), dg ? dg : "");
            erc = sqlite3_step(es);
            pg->work++;
            tell(pg, VERIFY_CHAIN, total, false);
        }
        canon_prev(&d, r.prev);
        char hash[DIGEST_HEX_SIZE];
        if (!digest_end(&d, hash)) s = KS_NOMEM;
        else if (strcmp(hash, r.hash))
            problem(out, r.seq,
                    "監査記録 #%" PRId64 "（%s %s）の内容がハッシュと一致しません（記録又はその対象行の記録が書き換えられて"
                    "います）",
                    r.seq, r.at, r.action);
        memcpy(prev, r.hash, sizeof prev);
        out->head.seq = r.seq;
        memcpy(out->head.at, r.at, sizeof out->head.at);
        memcpy(out->head.hash, r.hash, sizeof out->head.hash);
        expect = r.seq + 1;
        kaudit_row_clear(&r);
        if (s) break;
    }
    if (!s && rc != SQLITE_DONE && rc != SQLITE_ROW) s = db_map(db, rc);
    if (!s && erc == SQLITE_ROW)
        problem(out, sqlite3_column_int64(es, 0),
                "監査記録 #%" PRId64 " の対象行（%s id %" PRId64 "）に対応する記録がありません（監査記録が削除されたか、行が"
                "挿入されています）",
                (int64_t)sqlite3_column_int64(es, 0), (const char *)sqlite3_column_text(es, 1), (int64_t)sqlite3_column_int64(es, 2));
    else if (!s && erc != SQLITE_DONE && erc != SQLITE_ROW)
        s = db_map(db, erc);
    if (!s && out->records == 0) problem(out, 0, "監査記録が1件もありません（監査証跡が削除されています）");
    sqlite3_finalize(st);
    sqlite3_finalize(es);
    pg->done = out->records;
    tell(pg, VERIFY_CHAIN, pg->done, true);
    return s;
}

/* What people call row id of kind (for messages). */
static void row_name(kdb *db, audit_kind kind, int64_t id, char *out, size_t n)
{
    out[0] = 0;
    sqlite3_stmt *st = db_prep(db, KINDS[kind].name_sql);
    if (!st) return;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        if (t && *t) snprintf(out, n, "「%s」", (const char *)t);
    }
    sqlite3_finalize(st);
    text_trim_partial(out);
}

/* One audited table against the chain: the current ids and the last digest the chain holds of each, merged. */
/* Ids per batch of a verify: their digests are read together (digest_refs: one pass over a run of close ids). */
#define VERIFY_BATCH 4096

static kstatus verify_kind(kdb *db, audit_kind kind, kaudit_verify *out, verify_progress *pg)
{
    sqlite3_stmt *cur = db_prep(db, KINDS[kind].ids_sql);
    sqlite3_stmt *last = cur ? db_prep(db, "SELECT id, digest, max(seq) FROM audit_entity WHERE kind = ?1 "
                                           "GROUP BY id ORDER BY id")
                             : NULL;
    audit_ref *ids = malloc(VERIFY_BATCH * sizeof *ids);
    char(*dg)[DIGEST_HEX_SIZE] = malloc(VERIFY_BATCH * sizeof *dg);
    kstatus s = !cur || !last ? db_map(db, db->last_rc) : !ids || !dg ? KS_NOMEM : KS_OK;
    if (s) {
        sqlite3_finalize(cur);
        sqlite3_finalize(last);
        free(ids);
        free(dg);
        return s;
    }
    sqlite3_bind_text(last, 1, KINDS[kind].code, -1, SQLITE_STATIC);
    const char *label = KINDS[kind].label;
    int rc = sqlite3_step(cur), lrc = sqlite3_step(last);
    char name[300];
    while (!s && (rc == SQLITE_ROW || lrc == SQLITE_ROW)) {
        /* the next batch of current ids, their digests together; then merged with the chain's last digests */
        size_t nb = 0;
        for (; rc == SQLITE_ROW && nb < VERIFY_BATCH; rc = sqlite3_step(cur))
            ids[nb++] = (audit_ref){kind, sqlite3_column_int64(cur, 0)};
        if (nb) s = digest_refs(db, ids, nb, dg);
        /* the chain's ids above the batch wait for the next one, unless this was the last */
        int64_t top = rc == SQLITE_ROW ? ids[nb - 1].id : INT64_MAX;
        for (size_t i = 0; !s;) {
            int64_t cid = i < nb ? ids[i].id : INT64_MAX;
            int64_t lid = lrc == SQLITE_ROW ? sqlite3_column_int64(last, 0) : INT64_MAX;
            if (i == nb && (lrc != SQLITE_ROW || lid > top)) break;
            if (cid < lid) {
                row_name(db, kind, cid, name, sizeof name);
                problem(out, 0, "%s%s（id %" PRId64 "）の監査記録がありません（kumo を通さずに追加されています）",
                        label, name, cid);
                i++;
                continue;
            }
            const char *want = (const char *)sqlite3_column_text(last, 1);
            int64_t seq = sqlite3_column_int64(last, 2);
            if (lid < cid) {
                if (want && *want)
                    problem(out, seq,
                            "%s（id %" PRId64 "）がありません。最後の監査記録 #%" PRId64 " のあと、kumo を通さずに削除"
                            "されています",
                            label, lid, seq);
                lrc = sqlite3_step(last);
                continue;
            }
            if (strcmp(dg[i], want ? want : "")) {
                row_name(db, kind, cid, name, sizeof name);
                if (!want || !*want)
                    problem(out, seq,
                            "%s%s（id %" PRId64 "）は監査記録 #%" PRId64 " で削除されたはずですが、存在します（kumo を通さ"
                            "ずに追加されています）",
                            label, name, cid, seq);
                else
                    problem(out, seq,
                            "%s%s（id %" PRId64 "）の現在の内容が、最後の監査記録 #%" PRId64 " と一致しません（kumo を"
                            "通さずに変更されています）",
                            label, name, cid, seq);
            }
            i++;
            lrc = sqlite3_step(last);
            pg->done++;
            pg->work++;
            tell(pg, VERIFY_ROWS, -1, false);
        }
    }
    if (!s && rc != SQLITE_DONE) s = db_map(db, rc);
    if (!s && lrc != SQLITE_DONE) s = db_map(db, lrc);
    sqlite3_finalize(cur);
    sqlite3_finalize(last);
    free(ids);
    free(dg);
    return s;
}

kstatus db_audit_verify_with(kdb *db, kaudit_verify *out, db_verify_progress_fn fn, void *ctx)
{
    memset(out, 0, sizeof *out);
    out->ok = true;
    /* one snapshot for the chain and the tables (a writer committing meanwhile is not seen half) */
    kstatus s = db_map(db, sqlite3_exec(db->h, "BEGIN", NULL, NULL, NULL));
    if (s) return s;
    verify_progress pg = {.fn = fn, .ctx = ctx};
    s = verify_chain(db, out, &pg);
    pg.done = pg.work = 0;
    if (!s && fn) fn(ctx, VERIFY_ROWS, 0, -1);
    for (int k = 0; k < AK__COUNT && !s; k++) s = verify_kind(db, (audit_kind)k, out, &pg);
    if (!s) tell(&pg, VERIFY_ROWS, -1, true);
    sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    return s;
}

kstatus db_audit_verify(kdb *db, kaudit_verify *out) { return db_audit_verify_with(db, out, NULL, NULL); }
