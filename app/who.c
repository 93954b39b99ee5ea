#include "app/who.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "db/db_exception.h"

kstatus who_begin(kumo *k, who_ctx *w)
{
    memset(w, 0, sizeof *w);
    static const krole ROLES[] = {ROLE_APPROVER, ROLE_CISO, ROLE_DEPT_HEAD};
    for (size_t r = 0; r < sizeof ROLES / sizeof ROLES[0]; r++) {
        kuser *v = NULL;
        size_t n = 0;
        kstatus s = db_user_list(k->db, ROLES[r], 0, &v, &n);
        if (s) {
            who_end(w);
            return kumo_result(k, s);
        }
        kuser *g = n ? realloc(w->v, (w->n + n) * sizeof *g) : w->v;
        if (n && !g) {
            kuser_free(&v);
            who_end(w);
            return kumo_fail(k, KS_NOMEM, NULL);
        }
        w->v = g;
        if (n) memcpy(w->v + w->n, v, n * sizeof *v);   /* v is NULL when n is 0 (make sanitize) */
        w->n += n;
        kuser_free(&v);
    }
    return KS_OK;
}

void who_end(who_ctx *w)
{
    free(w->v);
    memset(w, 0, sizeof *w);
}

static void add(who_list *l, const kuser *u)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].id == u->id) return;
    if (l->n < sizeof l->v / sizeof l->v[0]) l->v[l->n++] = *u;
    l->total++;
}

typedef bool (*may_fn)(const kuser *u, const void *a, const void *b);

/* Every candidate (and `extra`, a user who is none of them: a service's manager) the question allows. */
static void collect(const who_ctx *w, const kuser *extra, may_fn may, const void *a, const void *b, who_list *out)
{
    memset(out, 0, sizeof *out);
    if (extra && extra->id && extra->active && may(extra, a, b)) add(out, extra);   /* the service's own manager first */
    for (size_t i = 0; i < w->n; i++)
        if (may(&w->v[i], a, b)) add(out, &w->v[i]);
}

typedef struct decide_q { const kapp *a; krole applicant_role; } decide_q;

static bool may_decide(const kuser *u, const void *a, const void *b)
{
    (void)b;
    const decide_q *q = a;
    return policy_allows(u, ACT_DECIDE, q->a, q->applicant_role, NULL, 0);
}

kstatus who_may_decide(kumo *k, const who_ctx *w, const kapp *a, who_list *out)
{
    kuser ap;
    /* asked before it is submitted too (naming who will decide it): as it will be once submitted */
    kapp as_filed = *a;
    as_filed.state = (char *)"submitted";
    decide_q q = {&as_filed, ROLE_NONE};
    if (db_user_by_id(k->db, a->applicant_id, &ap) == KS_OK) q.applicant_role = ap.role;
    collect(w, NULL, may_decide, &q, NULL, out);
    return KS_OK;
}

static bool may_respond(const kuser *u, const void *a, const void *b)
{
    return policy_may_respond_review(u, a, b, NULL, 0);
}

kstatus who_may_respond(kumo *k, const who_ctx *w, const kreview *r, who_list *out)
{
    kservice sv;
    kstatus s = db_service_get(k->db, r->service_id, &sv);
    if (s) return kumo_result(k, s);
    collect(w, NULL, may_respond, &sv, r, out);
    return KS_OK;
}

static bool may_accept(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_accept_termination(u, a, NULL, 0);
}

kstatus who_may_accept(kumo *k, const who_ctx *w, const ktermination *t, who_list *out)
{
    (void)k;
    collect(w, NULL, may_accept, t, NULL, out);
    return KS_OK;
}

static bool may_review(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_review(u, a, NULL, 0);
}

static bool may_terminate(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_terminate(u, a, NULL, 0);
}

static bool may_build(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_build_check(u, a, NULL, 0);
}

static bool may_accept_disposal(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_accept_disposal(u, a, NULL, 0);
}

kstatus who_may_accept_disposal(kumo *k, const who_ctx *w, const kdisposal *p, who_list *out)
{
    (void)k;
    collect(w, NULL, may_accept_disposal, p, NULL, out);
    return KS_OK;
}

/* A report just filed, read again and named: who_begin, who_may_accept(_disposal), who_text. */
const char *who_accepts_termination(kumo *k, int64_t termination_id, char *out, size_t n)
{
    if (n) out[0] = 0;
    ktermination *t = calloc(1, sizeof *t);
    who_ctx w;
    if (t && db_termination_get(k->db, termination_id, t) == KS_OK && who_begin(k, &w) == KS_OK) {
        who_list l = {0};
        who_may_accept(k, &w, t, &l);
        who_text(&l, true, out, n);
        who_end(&w);
    }
    free(t);
    return out;
}

const char *who_accepts_disposal(kumo *k, int64_t disposal_id, char *out, size_t n)
{
    if (n) out[0] = 0;
    kdisposal *p = calloc(1, sizeof *p);
    who_ctx w;
    if (p && db_disposal_get(k->db, disposal_id, p) == KS_OK && who_begin(k, &w) == KS_OK) {
        who_list l = {0};
        who_may_accept_disposal(k, &w, p, &l);
        who_text(&l, true, out, n);
        who_end(&w);
    }
    free(p);
    return out;
}

static bool may_file_disposal(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_file_disposal(u, a, NULL, 0);
}

static bool may_report_exc(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_report_exception(u, a, NULL, 0);
}

static bool may_recheck_exc(const kuser *u, const void *a, const void *b)
{
    (void)b;
    return policy_may_recheck_exception(u, a, NULL, 0);
}

/* An exception's item (004 §7-4(2)(3)): the CISO records the report or the re-check. */
static kstatus who_exception(kumo *k, const who_ctx *w, const kdue_item *it, bool *mine, const char **what,
                             who_list *out)
{
    kexception *e = malloc(sizeof *e);
    if (!e) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = db_exc_by_no(k->db, it->ref, e);
    if (!s) {
        may_fn may = it->kind == DUE_EXC_REPORT ? may_report_exc : may_recheck_exc;
        *what = it->kind == DUE_EXC_REPORT ? "事後報告の記録" : "例外措置の定期確認";
        *mine = may(&k->me, e, NULL);
        collect(w, NULL, may, e, NULL, out);
    }
    free(e);
    return s == KS_NOTFOUND ? KS_OK : kumo_result(k, s);
}

kstatus who_due(kumo *k, const who_ctx *w, const kdue_item *it, bool *mine, const char **what, who_list *out)
{
    if (it->kind == DUE_REG_REVIEW) {   /* not a service's: the 統括's (or the CISO's) to record (規定003 §5) */
        memset(out, 0, sizeof *out);
        *what = "規定の見直し";
        *mine = policy_may_review_regulation(&k->me, NULL, 0);
        return KS_OK;
    }
    if (it->kind == DUE_EXC_REPORT || it->kind == DUE_EXC_RECHECK || it->kind == DUE_EXC_EXPIRED) {
        memset(out, 0, sizeof *out);
        *mine = false;
        *what = "";
        return who_exception(k, w, it, mine, what, out);
    }
    memset(out, 0, sizeof *out);
    *mine = false;
    *what = "";
    kservice sv;
    kstatus s = db_service_get(k->db, it->service_id, &sv);
    if (s) return kumo_result(k, s);
    kuser mgr = {0};
    if (sv.manager_id) db_user_by_id(k->db, sv.manager_id, &mgr);
    if (it->kind == DUE_DISPOSAL_PENDING && it->report_filed) {
        kdisposal *p = malloc(sizeof *p);
        if (!p) return kumo_fail(k, KS_NOMEM, NULL);
        s = db_disposal_open(k->db, sv.id, p);
        if (!s) {
            *what = "廃棄・削除完了報告の受理";
            *mine = policy_may_accept_disposal(&k->me, p, NULL, 0);
            collect(w, NULL, may_accept_disposal, p, NULL, out);
        }
        kdisposal_free(&p);
        return s == KS_NOTFOUND ? KS_OK : kumo_result(k, s);
    }
    if (it->kind == DUE_END_PASSED && it->report_filed) {
        ktermination *t = malloc(sizeof *t);
        if (!t) return kumo_fail(k, KS_NOMEM, NULL);
        s = db_termination_open(k->db, sv.id, t);
        if (!s) {
            *what = "受理";
            *mine = policy_may_accept_termination(&k->me, t, NULL, 0);
            collect(w, NULL, may_accept, t, NULL, out);
        }
        ktermination_free(&t);
        return s == KS_NOTFOUND ? KS_OK : kumo_result(k, s);
    }
    if (it->kind == DUE_EXC_REPORT || it->kind == DUE_EXC_RECHECK || it->kind == DUE_EXC_EXPIRED) {
        /* a 例外措置's 事後報告 or re-check: the CISO's (004 §7-4(2)(3)) */
        kexception *e = malloc(sizeof *e);
        if (!e) return kumo_fail(k, KS_NOMEM, NULL);
        s = db_exc_by_no(k->db, it->ref, e);
        if (!s) {
            may_fn may = it->kind == DUE_EXC_REPORT ? may_report_exc : may_recheck_exc;
            *what = it->kind == DUE_EXC_REPORT ? "事後報告の記録" : "例外措置の確認";
            *mine = may(&k->me, e, NULL);
            collect(w, NULL, may, e, NULL, out);
        } else {
            *mine = true;   /* not found (a number changed meanwhile): shown as the user's own, to be opened */
        }
        free(e);
        return s == KS_NOTFOUND ? KS_OK : kumo_result(k, s);
    }
    may_fn may;
    switch (it->kind) {
    case DUE_REVIEW_OVERDUE:
    case DUE_REVIEW_SOON: may = may_review, *what = "利用状況確認"; break;
    case DUE_END_PASSED: may = may_terminate, *what = "終了連絡"; break;
    case DUE_BUILD_PENDING: may = may_build, *what = "導入・構築時確認"; break;
    case DUE_DISPOSAL_PENDING: may = may_file_disposal, *what = "廃棄・削除完了報告"; break;
    default: *mine = true; return KS_OK;   /* a kind this question does not know: shown as the user's own */
    }
    *mine = may(&k->me, &sv, NULL);
    collect(w, &mgr, may, &sv, NULL, out);
    return KS_OK;
}

const char *who_text(const who_list *l, bool roles, char *out, size_t n)
{
    size_t len = 0;
    if (n) out[0] = 0;
    size_t shown = roles ? (l->total == 2 ? 2 : 1) : 1;
    if (shown > l->n) shown = l->n;
    for (size_t i = 0; i < shown; i++) {
        /* 最高情報セキュリティ責任者（CISO） is CISO in brackets of its own */
        const char *role = strstr(role_label(l->v[i].role), "（") ? role_short(l->v[i].role) : role_label(l->v[i].role);
        int w = roles ? snprintf(out + len, n - len, "%s%s（%s）", i ? "又は" : "", l->v[i].name, role)
                      : snprintf(out + len, n - len, "%s%s", i ? "、" : "", l->v[i].name);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    if (l->total > shown && len < n) snprintf(out + len, n - len, " ほか%zu名", l->total - shown);
    return out;
}
