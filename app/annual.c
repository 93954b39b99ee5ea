#include "app/annual.h"

#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "db/db_service.h"

static const char *const ANNUAL_LABELS[ANNUAL__COUNT] = {"未実施", "実施済", "要対応"};

const char *annual_label(kannual_status s) { return s >= 0 && s < ANNUAL__COUNT ? ANNUAL_LABELS[s] : ""; }

const char *annual_service_state(const kannual_row *r, kdate today)
{
    if (strcmp(r->status, "terminated")) return "利用中・承認済";
    /* a 終了連絡 accepted ahead of its 終了日: still in use until that day (規定003 §4(4)③) */
    char t[11];
    date_format(today, t, sizeof t);
    return *r->terminated_on && strcmp(r->terminated_on, t) > 0 ? "終了予定" : "終了";
}

int annual_parse(const char *s)
{
    static const char *const EN[ANNUAL__COUNT] = {"none", "done", "action"};
    for (int i = 0; s && i < ANNUAL__COUNT; i++)
        if (!strcmp(s, ANNUAL_LABELS[i]) || !strcmp(s, EN[i])) return i;
    return -1;
}

/* The start of every read of the 年次利用状況確認: a new step, the 年度 checked, who may see it (which may narrow
   the 部局), and the query. */
static kstatus annual_query(kumo *k, int fy, int64_t dept, int status, kannual_query *q, char today[11])
{
    kumo_step(k);
    if (fy < 2000 || fy > 2999) return kumo_fail(k, KS_INVALID, "年度は西暦の4桁（例: 2026 = 令和8年度）で指定してください");
    char why[512];
    if (!policy_annual_scope(&k->me, &dept, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    date_format(date_today(), today, 11);
    memset(q, 0, sizeof *q);
    q->fy = fy;
    q->today = today;
    q->dept_id = dept;
    q->status = status >= 0 && status < ANNUAL__COUNT ? status : -1;
    return KS_OK;
}

kstatus annual_page(kumo *k, int fy, int64_t dept_id, int status, const char *search, const char *after_no, int limit,
                    kannual_row *out, int *n)
{
    *n = 0;
    kannual_query q;
    char today[11];
    kstatus s = annual_query(k, fy, dept_id, status, &q, today);
    q.search = search;
    return s ? s : kumo_result(k, db_annual_page(k->db, &q, after_no, limit, out, n));
}

kstatus annual_page_before(kumo *k, int fy, int64_t dept_id, int status, const char *search, const char *before_no,
                           int limit, kannual_row *out, int *n)
{
    *n = 0;
    kannual_query q;
    char today[11];
    kstatus s = annual_query(k, fy, dept_id, status, &q, today);
    q.search = search;
    return s ? s : kumo_result(k, db_annual_page_before(k->db, &q, before_no, limit, out, n));
}

kstatus annual_step(kumo *k, const kannual_filter *f, const char *search, kannual_cursor *c, int scan, int limit,
                    kannual_row *out, int *n)
{
    *n = 0;
    kannual_query q;
    char today[11];
    kstatus s = annual_query(k, f->fy, f->dept_id, f->status, &q, today);
    q.search = search;
    return s ? s : kumo_result(k, db_annual_step(k->db, &q, c, scan, limit, out, n));
}

kstatus annual_each(kumo *k, int fy, int64_t dept_id, int status, kannual_cb cb, void *ctx)
{
    kannual_query q;
    char today[11];
    kstatus s = annual_query(k, fy, dept_id, status, &q, today);
    return s ? s : kumo_result(k, db_annual_each(k->db, &q, cb, ctx));
}

/* Services per step of the count (each reads its reviews). */
#define ANNUAL_COUNT_SPAN 4000

static int add_count(int64_t dept_id, const char *dept, kannual_status st, int64_t count, void *ctx)
{
    (void)dept_id;
    (void)dept;
    ((int64_t *)ctx)[st] += count;
    return 0;
}

kstatus annual_counts(kumo *k, int fy, int64_t dept_id, int64_t counts[ANNUAL__COUNT])
{
    memset(counts, 0, ANNUAL__COUNT * sizeof counts[0]);
    kannual_query q;
    char today[11];
    kstatus s = annual_query(k, fy, dept_id, -1, &q, today);
    return s ? s : kumo_result(k, db_annual_counts(k->db, &q, add_count, counts));
}

bool annual_counts_step(kumo *k, int fy, int64_t dept_id, q_count *c, int64_t counts[ANNUAL__COUNT])
{
    if (c->done) return false;
    kannual_query q;
    char today[11];
    kstatus s = annual_query(k, fy, dept_id, -1, &q, today);
    if (!s && !c->started) {
        memset(counts, 0, ANNUAL__COUNT * sizeof counts[0]);
        int64_t top = 0;
        s = db_service_max_id(k->db, &top);
        c->started = true;
        c->hi = top + 1;
    } else if (!s) {
        int64_t lo = c->hi > ANNUAL_COUNT_SPAN ? c->hi - ANNUAL_COUNT_SPAN : 0;
        s = db_annual_counts_range(k->db, &q, lo, c->hi, add_count, counts);
        c->hi = lo;
    }
    if (s) {
        kumo_result(k, s);
        c->failed = true;
    }
    c->done = s || c->hi <= 0;
    return !c->done;
}

kstatus annual_dept_counts(kumo *k, int fy, kannual_count_cb cb, void *ctx)
{
    kannual_query q;
    char today[11];
    kstatus s = annual_query(k, fy, 0, -1, &q, today);
    return s ? s : kumo_result(k, db_annual_counts(k->db, &q, cb, ctx));
}
