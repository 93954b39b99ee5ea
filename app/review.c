#include "app/review.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/phase.h"
#include "app/policy.h"
#include "app/service_record.h"

static const char *nz(const char *s) { return s ? s : ""; }

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", nz(src)); }

kdate review_next_due(kdate reviewed, kdate old_due, bool has_old, int months)
{
    kdate next = date_add_months(reviewed, months);
    if (has_old && date_cmp(old_due, next) > 0) return old_due;
    return next;
}

/* The review as it is stored: the form's values, the snapshot's identity, and what the 統括 and the
   情報セキュリティ責任者 must see and answer (003 §4(8) 相談). */
static void fill_review(kumo *k, const kservice *sv, const review_input *in, const phase_snapshot *snap, kdate rd,
                        kreview *r)
{
    const char *const *v = in->v;
    bool changed = !strcmp(nz(v[RV_USAGE]), "変更あり") || !strcmp(nz(v[RV_TERMS]), "有");
    bool incident = !strcmp(nz(v[RV_INCIDENT]), "有");
    memset(r, 0, sizeof *r);
    r->service_id = sv->id;
    r->fy = date_fiscal_year(rd);
    date_format(rd, r->reviewed_on, sizeof r->reviewed_on);
    r->reviewer_id = k->me.id;
    copy(r->usage, sizeof r->usage, v[RV_USAGE]);
    if (*nz(v[RV_USERS])) snprintf(r->user_count, sizeof r->user_count, "%ld", strtol(v[RV_USERS], NULL, 10));
    copy(r->terms_changed, sizeof r->terms_changed, v[RV_TERMS]);
    copy(r->change_detail, sizeof r->change_detail, changed ? v[RV_CHANGE] : "");
    copy(r->incident, sizeof r->incident, v[RV_INCIDENT]);
    copy(r->incident_detail, sizeof r->incident_detail, incident ? v[RV_INCIDENT_DETAIL] : "");
    copy(r->inappropriate, sizeof r->inappropriate, v[RV_INAPPROPRIATE]);
    copy(r->referred_to, sizeof r->referred_to, v[RV_REFERRED]);
    r->needs_response = !strcmp(r->usage, "変更あり") || *r->inappropriate || incident || snap->nonconf > 0;
    copy(r->ck_key, sizeof r->ck_key, snap->key);
    copy(r->ck_name, sizeof r->ck_name, snap->name);
    copy(r->ck_version, sizeof r->ck_version, snap->version);
}

static kstatus record_review(kumo *k, kservice *sv, const review_input *in, int64_t *review_id)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_review(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    char msg[512];
    if (sform_review_check(in->v, date_today(), msg, sizeof msg, NULL)) return kumo_fail(k, KS_INVALID, "%s", msg);
    phase_snapshot snap;
    kstatus s = phase_snapshot_take(k, PHASE_OPERATE, "運用・保守時チェックリスト", in->answers, in->n_answers, &snap);
    if (!s && (s = phase_check_conflicts(k, &snap, "運用・保守時チェックリスト", sform_review(), in->v)))
        phase_snapshot_clear(&snap);
    if (s) return s;

    /* the service as stored when the step writes: its due date decides the next one, its manager who may review */
    kservice cur = *sv;
    kreview r;
    char note[512];
    s = kumo_tx_begin(k);
    if (!s) s = service_current(k, &cur);
    if (!s && !policy_may_review(&k->me, &cur, why, sizeof why)) s = kumo_fail(k, KS_DENIED, "%s", why);
    if (!s) {
        kdate rd, old_due;
        date_parse(in->v[RV_DATE], &rd);
        bool has_old = date_parse(cur.next_review_due, &old_due);
        fill_review(k, &cur, in, &snap, rd, &r);
        copy(r.prev_due, sizeof r.prev_due, has_old ? cur.next_review_due : "");
        date_format(review_next_due(rd, old_due, has_old, kumo_review_interval(k)), r.next_due, sizeof r.next_due);
        snprintf(note, sizeof note, "確認日 %s／利用状況 %s／次回確認期限 %s → %s%s", r.reviewed_on, r.usage,
                 *r.prev_due ? r.prev_due : "（なし）", r.next_due, r.needs_response ? "／要対応" : "");
        s = db_review_insert(k->db, &r);
    }
    if (!s) s = db_review_answers_replace(k->db, r.id, snap.v, snap.n);
    if (!s) {
        copy(cur.next_review_due, sizeof cur.next_review_due, r.next_due);
        s = db_service_update(k->db, &cur);
    }
    if (!s) {
        kumo_audit(k, "利用状況確認", audit_kind_code(AK_REVIEW), r.id, cur.approval_no, cur.dept);
        kumo_audit_touch(k, AK_REVIEW, r.id);
        kumo_audit_touch(k, AK_SERVICE, cur.id);
        kumo_audit_change(k, "確認日", "", r.reviewed_on);
        kumo_audit_change(k, "利用状況", "", r.usage);
        kumo_audit_change(k, "次回利用状況確認期限", r.prev_due, r.next_due);
        kumo_audit_history(k, 0, cur.id, "", "", note);
    }
    s = kumo_tx_end(k, s);
    phase_snapshot_clear(&snap);
    if (s) return s;   /* nothing was written: the caller's record is as it was */
    *sv = cur;
    if (review_id) *review_id = r.id;
    return KS_OK;
}

/* The values as typed (full-width digits, 和暦 dates) normalised the one way every form is (forms/service_form.h),
   then checked and stored. */
kstatus review_record(kumo *k, kservice *sv, const review_input *in, int64_t *review_id)
{
    sform_values nv;
    if (!sform_values_normalize(sform_review(), in->v, &nv)) {
        kumo_step(k);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    review_input norm = *in;
    for (int i = 0; i < RV__COUNT; i++) norm.v[i] = nv.v[i];
    kstatus s = record_review(k, sv, &norm, review_id);
    sform_values_clear(&nv);
    return s;
}

kstatus review_respond(kumo *k, int64_t review_id, const char *response)
{
    kumo_step(k);
    kreview *r = malloc(sizeof *r);
    if (!r) return kumo_fail(k, KS_NOMEM, NULL);
    kservice sv;
    kstatus s = db_review_get(k->db, review_id, r);
    if (!s) s = db_service_get(k->db, r->service_id, &sv);
    char why[512];
    if (s) kumo_fail(k, s, s == KS_NOTFOUND ? "利用状況確認が見つかりません" : NULL);
    else if (!policy_may_respond_review(&k->me, &sv, r, why, sizeof why)) s = kumo_fail(k, KS_DENIED, "%s", why);
    else s = kumo_check_text(k, "対応内容", response, 400, true, true);
    char today[11], note[1800];
    date_format(date_today(), today, sizeof today);
    if (!s) snprintf(note, sizeof note, "確認日 %s の利用状況確認（%s）への対応: %s", r->reviewed_on, r->usage, response);
    kreview_free(&r);
    if (s) return s;
    s = kumo_tx_begin(k);
    if (!s) s = db_review_respond(k->db, review_id, k->me.id, today, response);
    if (!s) {
        kumo_audit(k, "利用状況確認への対応", audit_kind_code(AK_REVIEW), review_id, sv.approval_no, sv.dept);
        kumo_audit_touch(k, AK_REVIEW, review_id);
        kumo_audit_change(k, "対応内容", "", response);
        kumo_audit_change(k, "対応日", "", today);
        kumo_audit_history(k, 0, sv.id, "", "", note);
    }
    return kumo_tx_end(k, s);
}

kstatus review_get(kumo *k, int64_t review_id, kreview *out, ck_answer **ans, size_t *n)
{
    kumo_step(k);
    kstatus s = db_review_get(k->db, review_id, out);
    return service_record_get(k, s, "利用状況確認", s ? 0 : out->service_id, db_review_answers_load, review_id, ans, n);
}

kstatus review_list(kumo *k, int64_t service_id, kreview **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    kstatus s = service_record_visible(k, service_id);
    return s ? s : kumo_result(k, db_review_list(k->db, service_id, out, n));
}

kstatus review_pending(kumo *k, kreview **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    int64_t dept = 0;
    if (!policy_review_queue(&k->me, &dept)) return KS_OK;
    return kumo_result(k, db_review_pending(k->db, dept, out, n));
}
