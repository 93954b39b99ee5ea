/* Read queries for the screens, with the policy's visibility applied: the UI reads only through these. */
#include "app/query.h"

#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "app/service_record.h"
#include "app/workflow.h"
#include "forms/text.h"

kstatus q_apps_page(kumo *k, const kapp_filter *f, int64_t before, int64_t after, int limit, kapp_row *rows, int *n)
{
    kumo_step(k);
    kapp_filter v = f ? *f : (kapp_filter){0};
    kumo_visible(k, &v);
    return kumo_result(k, db_app_page(k->db, &v, before, after, limit, rows, n));
}

/* Ids per step of a count: a step reads at most this many rows (fewer through an index or the search index). */
#define COUNT_SPAN 40000

void q_count_reset(q_count *c) { *c = (q_count){0}; }

/* One step: the first finds the highest id, each one after counts the range below. */
static bool count_step(kumo *k, q_count *c, kstatus (*max)(kdb *, int64_t *),
                       kstatus (*range)(kdb *, const void *, int64_t, int64_t, int64_t *), const void *f)
{
    if (c->done) return false;
    kstatus s;
    if (!c->started) {
        int64_t top = 0;
        s = max(k->db, &top);
        c->started = true;
        c->hi = top + 1;
    } else {
        int64_t lo = c->hi > COUNT_SPAN ? c->hi - COUNT_SPAN : 0, n = 0;
        s = range(k->db, f, lo, c->hi, &n);
        c->n += n;
        c->hi = lo;
    }
    if (s) {
        kumo_fail(k, s, NULL);
        c->failed = true;
    }
    c->done = s || c->hi <= 0;
    return !c->done;
}

static kstatus app_range(kdb *db, const void *f, int64_t lo, int64_t hi, int64_t *n)
{
    return db_app_count_range(db, f, lo, hi, n);
}

static kstatus svc_range(kdb *db, const void *f, int64_t lo, int64_t hi, int64_t *n)
{
    return db_service_count_range(db, f, lo, hi, n);
}

bool q_apps_count_step(kumo *k, const kapp_filter *f, q_count *c)
{
    kumo_step(k);
    kapp_filter v = f ? *f : (kapp_filter){0};
    kumo_visible(k, &v);
    return count_step(k, c, db_app_max_id, app_range, &v);
}

kstatus q_app(kumo *k, int64_t id, kapp *out)
{
    kumo_step(k);
    kstatus s = db_app_get(k->db, id, out);
    if (s) return kumo_fail(k, s, NULL);
    if (!kumo_check(k, ACT_VIEW, out)) {
        kapp_clear(out);
        return KS_DENIED;
    }
    return KS_OK;
}

kstatus q_app_by_no(kumo *k, const char *no, kapp *out)
{
    kumo_step(k);
    /* as typed: r8-0001, ＡＰ－Ｒ７－０００１ */
    char key[64] = "";
    kstatus s = text_fold_number(no, key, sizeof key) ? db_app_by_no(k->db, key, out) : KS_NOTFOUND;
    if (s == KS_NOTFOUND && *key) {
        /* a 承認番号 names the service's current application (the last approved 変更申請) */
        kservice sv;
        s = db_service_by_no(k->db, key, &sv);
        if (!s) s = db_app_get(k->db, sv.app_id, out);
    }
    if (s == KS_NOTFOUND) {
        char *clean = text_sanitize(no);   /* typed on a command line: shown, never run by the terminal */
        kumo_fail(k, s, "申請番号又は承認番号 %s の申請が見つかりません", clean ? clean : "");
        free(clean);
        return s;
    }
    if (s) return kumo_fail(k, s, NULL);
    if (!kumo_check(k, ACT_VIEW, out)) {
        kapp_clear(out);
        return KS_DENIED;
    }
    return KS_OK;
}

kstatus q_app_ref(kumo *k, const char *ref, kapp *out)
{
    kumo_step(k);
    bool digits = ref && *ref;
    for (const char *p = ref; digits && *p; p++) digits = *p >= '0' && *p <= '9';
    if (!digits) return q_app_by_no(k, ref ? ref : "", out);
    char *end;
    long long id = strtoll(ref, &end, 10);
    kstatus s = q_app(k, (int64_t)id, out);
    if (s == KS_NOTFOUND) kumo_fail(k, s, "申請 %s（ID）が見つかりません", ref);
    return s;
}

kstatus q_answers(kumo *k, const kapp *a, ck_answer **out, size_t *n)
{
    kumo_step(k);
    return kumo_result(k, db_answers_load(k->db, a->id, out, n));
}

kstatus q_history(kumo *k, int64_t app_id, int64_t service_id, khist **out, size_t *n)
{
    kumo_step(k);
    return kumo_result(k, db_history_list(k->db, app_id, service_id, out, n));
}

kstatus q_waiting_for_me(kumo *k, kapp_row *rows, int max, int *n)
{
    kumo_step(k);
    *n = 0;
    kapp_filter f = {0};
    if (!policy_decision_queue(&k->me, &f)) return KS_OK;
    kapp_row page[64];
    int64_t before = 0;
    for (;;) {
        int got = 0;
        kstatus s = db_app_page(k->db, &f, before, 0, 64, page, &got);
        if (s) return kumo_fail(k, s, NULL);
        for (int i = 0; i < got && *n < max; i++) {
            kapp a;
            if (db_app_get(k->db, page[i].id, &a) != KS_OK) continue;
            if (kumo_can(k, ACT_DECIDE, &a)) rows[(*n)++] = page[i];
            kapp_clear(&a);
        }
        if (got < 64 || *n >= max) break;
        before = page[got - 1].id;
    }
    return KS_OK;
}

kstatus q_services_page(kumo *k, const kservice_filter *f, const char *after, const char *before, int limit,
                        kservice *rows, int *n)
{
    kumo_step(k);
    kservice_filter v = f ? *f : (kservice_filter){0};
    policy_register_scope(&k->me, &v);
    return kumo_result(k, db_service_page(k->db, &v, after, before, limit, rows, n));
}

bool q_services_count_step(kumo *k, const kservice_filter *f, q_count *c)
{
    kumo_step(k);
    kservice_filter v = f ? *f : (kservice_filter){0};
    policy_register_scope(&k->me, &v);
    return count_step(k, c, db_service_max_id, svc_range, &v);
}

/* A service just read (s: how reading it went), kept only if the user may see it. */
static kstatus visible_service(kumo *k, kstatus s, const kservice *sv)
{
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "クラウドサービスが見つかりません" : NULL);
    if (!policy_may_view_service(&k->me, sv))
        return kumo_fail(k, KS_DENIED, "このサービスを閲覧する権限がありません");
    return KS_OK;
}

kstatus q_service(kumo *k, int64_t id, kservice *out)
{
    kumo_step(k);
    return visible_service(k, db_service_get(k->db, id, out), out);
}

kstatus q_service_versions(kumo *k, int64_t service_id, kversion **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    kstatus s = service_record_visible(k, service_id);
    return s ? s : kumo_result(k, db_service_versions(k->db, service_id, out, n));
}

kstatus q_service_by_no(kumo *k, const char *approval_no, kservice *out)
{
    kumo_step(k);
    char key[64] = "";
    kstatus s = text_fold_number(approval_no, key, sizeof key) ? db_service_by_no(k->db, key, out) : KS_NOTFOUND;
    if (s == KS_NOTFOUND) {
        char *clean = text_sanitize(approval_no);   /* typed on a command line: shown, never run by the terminal */
        kumo_fail(k, s, "承認番号 %s のクラウドサービスが見つかりません", clean ? clean : "");
        free(clean);
        return s;
    }
    return visible_service(k, s, out);
}

kstatus q_user_by_login(kumo *k, const char *login, kuser *out)
{
    kumo_step(k);
    return kumo_result(k, db_user_by_login(k->db, login, out));
}

kstatus q_user(kumo *k, int64_t id, kuser *out)
{
    kumo_step(k);
    return kumo_result(k, db_user_by_id(k->db, id, out));
}

kstatus q_users(kumo *k, krole role, int64_t dept_id, kuser **out, size_t *n)
{
    kumo_step(k);
    return kumo_result(k, db_user_list(k->db, role, dept_id, out, n));
}

kstatus q_users_all(kumo *k, kuser **out, size_t *n)
{
    kumo_step(k);
    char why[256];
    *out = NULL;
    *n = 0;
    if (!policy_may_list_users(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_result(k, db_user_list_ex(k->db, ROLE_NONE, 0, true, out, n));
}

kstatus q_depts(kumo *k, kdept **out, size_t *n)
{
    kumo_step(k);
    return kumo_result(k, db_dept_list(k->db, out, n));
}

kstatus q_user_page(kumo *k, const kuser_query *q, const kuser_key *after, const kuser_key *before, int limit,
                    kuser *out, int *n)
{
    kumo_step(k);
    *n = 0;
    char why[256];
    if (!policy_may_list_users(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_result(k, db_user_page(k->db, q, after, before, limit, out, n));
}

kstatus q_user_count(kumo *k, const kuser_query *q, int64_t *count)
{
    kumo_step(k);
    *count = 0;
    char why[256];
    if (!policy_may_list_users(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_result(k, db_user_count(k->db, q, count));
}

kstatus q_dept_find(kumo *k, const char *name, int64_t *id)
{
    kumo_step(k);
    kstatus s = db_dept_find(k->db, name ? name : "", id);
    if (s == KS_NOTFOUND) return kumo_fail(k, s, "部局「%s」はありません（kumo dept list で一覧を表示します）", name ? name : "");
    return kumo_result(k, s);
}
