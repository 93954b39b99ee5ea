#include "app/termination.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/phase.h"
#include "app/policy.h"
#include "app/service_record.h"

static const char *nz(const char *s) { return s ? s : ""; }

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", nz(src)); }

/* The report as it is stored: the form's values (dates as YYYY-MM-DD) and the snapshot's identity. */
static void fill_termination(kumo *k, const kservice *sv, const termination_input *in, const phase_snapshot *snap,
                             ktermination *t)
{
    const char *const *v = in->v;
    kdate end, notice;
    date_parse(v[TM_END], &end);
    date_parse(v[TM_NOTICE], &notice);
    t->service_id = sv->id;
    date_format(end, t->end_date, sizeof t->end_date);
    copy(t->plan, sizeof t->plan, v[TM_PLAN]);
    copy(t->plan_reason, sizeof t->plan_reason, !strcmp(nz(v[TM_PLAN]), "不要") ? v[TM_PLAN_REASON] : "");
    date_format(notice, t->notice_date, sizeof t->notice_date);
    copy(t->disposal, sizeof t->disposal, v[TM_DISPOSAL]);
    copy(t->disposal_note, sizeof t->disposal_note, v[TM_DISPOSAL_NOTE]);
    copy(t->accounts_users, sizeof t->accounts_users, v[TM_ACC_USERS]);
    copy(t->accounts_privileged, sizeof t->accounts_privileged, v[TM_ACC_PRIV]);
    copy(t->accounts_special, sizeof t->accounts_special, v[TM_ACC_SPECIAL]);
    copy(t->remarks, sizeof t->remarks, v[TM_REMARKS]);
    t->filed_by = k->me.id;
    date_format(date_today(), t->filed_on, sizeof t->filed_on);
    copy(t->ck_key, sizeof t->ck_key, snap->key);
    copy(t->ck_name, sizeof t->ck_name, snap->name);
    copy(t->ck_version, sizeof t->ck_version, snap->version);
}

/* A service has one report awaiting 受理 at a time. */
static kstatus check_none_open(kumo *k, const kservice *sv)
{
    ktermination *open = malloc(sizeof *open);
    if (!open) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = db_termination_open(k->db, sv->id, open);
    if (s == KS_OK)
        s = kumo_fail(k, KS_EXISTS, "このサービスには受理待ちの終了連絡（%s が %s に提出）が既にあります", open->filer,
                      open->filed_on);
    else if (s == KS_NOTFOUND) s = KS_OK;
    else kumo_fail(k, s, NULL);
    ktermination_free(&open);
    return s;
}

static kstatus file_termination(kumo *k, const kservice *sv, const termination_input *in, int64_t *id)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_terminate(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    kstatus s = check_none_open(k, sv);
    if (s) return s;
    char msg[512];
    if (sform_termination_check(in->v, sv->conf, date_today(), msg, sizeof msg, NULL))
        return kumo_fail(k, KS_INVALID, "%s", msg);
    phase_snapshot snap;
    s = phase_snapshot_take(k, PHASE_RETIRE, "更改・廃棄時チェックリスト", in->answers, in->n_answers, &snap);
    /* the checklist says what the report's fields say (規定003 §4(7)③: 削除している 適合 with 削除予定 is refused) */
    if (!s) s = phase_check_conflicts(k, &snap, "更改・廃棄時チェックリスト", sform_termination(), in->v);
    if (s) {
        phase_snapshot_clear(&snap);
        return s;
    }

    ktermination *t = calloc(1, sizeof *t);
    if (!t) {
        phase_snapshot_clear(&snap);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    fill_termination(k, sv, in, &snap, t);
    char note[512];
    snprintf(note, sizeof note, "終了日 %s／移行計画書又は終了計画書 %s／情報の廃棄方法 %s", t->end_date, t->plan,
             *t->disposal ? t->disposal : "（記載なし）");
    s = kumo_tx_begin(k);
    if (!s) s = db_termination_insert(k->db, t);
    if (s == KS_CONSTRAINT) s = kumo_fail(k, KS_EXISTS, "このサービスには受理待ちの終了連絡が既にあります");
    if (!s) s = db_termination_answers_replace(k->db, t->id, snap.v, snap.n);
    if (!s) {
        kumo_audit(k, "終了連絡", audit_kind_code(AK_TERMINATION), t->id, sv->approval_no, sv->dept);
        kumo_audit_touch(k, AK_TERMINATION, t->id);
        kumo_audit_change(k, "終了連絡の状態", "", "受理待ち");
        kumo_audit_change(k, "終了日", "", t->end_date);
        kumo_audit_change(k, "情報の廃棄方法", "", t->disposal);
        kumo_audit_history(k, 0, sv->id, "", "", note);
    }
    s = kumo_tx_end(k, s);
    phase_snapshot_clear(&snap);
    if (!s && id) *id = t->id;
    ktermination_free(&t);
    return s;
}

/* The values as typed (full-width digits, 和暦 dates) normalised the one way every form is (forms/service_form.h),
   then checked and stored. */
kstatus termination_file(kumo *k, const kservice *sv, const termination_input *in, int64_t *id)
{
    sform_values nv;
    if (!sform_values_normalize(sform_termination(), in->v, &nv)) {
        kumo_step(k);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    termination_input norm = *in;
    for (int i = 0; i < TM__COUNT; i++) norm.v[i] = nv.v[i];
    kstatus s = file_termination(k, sv, &norm, id);
    sform_values_clear(&nv);
    return s;
}

/* The start of 受理 and 差戻し: a new step, the report, and the policy (the approver, never the filer). */
static kstatus load_for_decision(kumo *k, int64_t id, ktermination *t)
{
    kumo_step(k);
    kstatus s = db_termination_get(k->db, id, t);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "終了連絡が見つかりません" : NULL);
    char why[512];
    if (!policy_may_accept_termination(&k->me, t, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return KS_OK;
}

/* A 変更申請 under review would, once approved, bring the service back into the register. */
static kstatus check_no_change_pending(kumo *k, int64_t service_id)
{
    kversion *vers = NULL;
    size_t nv = 0;
    kstatus s = db_service_versions(k->db, service_id, &vers, &nv);
    if (s) kumo_fail(k, s, NULL);
    for (size_t i = 0; i < nv && !s; i++)
        if (!strcmp(vers[i].state, "submitted"))
            s = kumo_fail(k, KS_INVALID,
                          "このサービスには審査中の変更申請（%s）があります。変更申請の審査を終えてから受理してください",
                          vers[i].app_no);
    kversion_free(&vers);
    return s;
}

kstatus termination_accept(kumo *k, int64_t termination_id, const char *comment)
{
    ktermination *t = malloc(sizeof *t);
    if (!t) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_for_decision(k, termination_id, t);
    if (!s) s = kumo_check_text(k, "受理の所見", comment, 400, true, false);
    if (!s) s = check_no_change_pending(k, t->service_id);
    if (s) {
        ktermination_free(&t);
        return s;
    }
    char today[11], note[1800];
    date_format(date_today(), today, sizeof today);
    snprintf(note, sizeof note, "終了日 %s（%s 提出）%s%s", t->end_date, t->filer, *nz(comment) ? "／" : "", nz(comment));
    kservice sv;
    s = kumo_tx_begin(k);
    if (!s) s = db_service_get(k->db, t->service_id, &sv);
    if (!s) s = db_termination_decide(k->db, t->id, "accepted", k->me.id, today, nz(comment));
    char planned[11] = "";
    if (!s) {
        /* the service ends on its 終了日, which the register now shows in place of the 予定日 (003 §4(4)②), and is
           終了処理中 until its 廃棄・削除完了報告 is accepted (003 §4(7), 004 §8-3(8)) */
        copy(planned, sizeof planned, sv.end_date);
        snprintf(sv.status, sizeof sv.status, "terminated");
        copy(sv.terminated_on, sizeof sv.terminated_on, t->end_date);
        copy(sv.end_date, sizeof sv.end_date, t->end_date);
        snprintf(sv.disposal_state, sizeof sv.disposal_state, "pending");
        s = db_service_update(k->db, &sv);
    }
    if (!s) {
        kumo_audit(k, "終了連絡受理", audit_kind_code(AK_TERMINATION), t->id, sv.approval_no, sv.dept);
        kumo_audit_touch(k, AK_TERMINATION, t->id);
        kumo_audit_touch(k, AK_SERVICE, sv.id);
        kumo_audit_change(k, "終了連絡の状態", "受理待ち", "受理");
        kumo_audit_change(k, "サービスの状態", "active", "terminated");
        kumo_audit_change(k, "終了日", "", sv.terminated_on);
        kumo_audit_change(k, "利用終了日", planned, sv.end_date);
        kumo_audit_change(k, "廃棄・削除完了報告", "", "待ち（終了処理中）");
        kumo_audit_history(k, 0, t->service_id, "active", "terminated", note);
    }
    ktermination_free(&t);
    return kumo_tx_end(k, s);
}

kstatus termination_return(kumo *k, int64_t termination_id, const char *comment)
{
    ktermination *t = malloc(sizeof *t);
    if (!t) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_for_decision(k, termination_id, t);
    if (!s) s = kumo_check_text(k, "差戻しの理由", comment, 400, true, true);
    char today[11], note[1800];
    date_format(date_today(), today, sizeof today);
    if (!s) snprintf(note, sizeof note, "終了日 %s（%s 提出）／%s", t->end_date, t->filer, comment);
    int64_t sid = t->service_id;
    char no[sizeof t->approval_no], dept[sizeof t->dept];
    snprintf(no, sizeof no, "%s", t->approval_no);
    snprintf(dept, sizeof dept, "%s", t->dept);
    ktermination_free(&t);
    if (s) return s;
    s = kumo_tx_begin(k);
    if (!s) s = db_termination_decide(k->db, termination_id, "returned", k->me.id, today, comment);
    if (!s) {
        kumo_audit(k, "終了連絡差戻し", audit_kind_code(AK_TERMINATION), termination_id, no, dept);
        kumo_audit_touch(k, AK_TERMINATION, termination_id);
        kumo_audit_change(k, "終了連絡の状態", "受理待ち", "差戻し");
        kumo_audit_history(k, 0, sid, "", "", note);
    }
    return kumo_tx_end(k, s);
}

kstatus termination_get(kumo *k, int64_t id, ktermination *out, ck_answer **ans, size_t *n)
{
    kumo_step(k);
    kstatus s = db_termination_get(k->db, id, out);
    return service_record_get(k, s, "終了連絡", s ? 0 : out->service_id, db_termination_answers_load, id, ans, n);
}

kstatus termination_list(kumo *k, int64_t service_id, ktermination **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    kstatus s = service_record_visible(k, service_id);
    return s ? s : kumo_result(k, db_termination_list(k->db, service_id, out, n));
}

kstatus termination_open(kumo *k, int64_t service_id, ktermination *out)
{
    kstatus s = service_record_visible(k, service_id);
    if (!s && (s = db_termination_open(k->db, service_id, out)) && s != KS_NOTFOUND) kumo_fail(k, s, NULL);
    return s;
}

kstatus termination_pending(kumo *k, ktermination **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    int64_t dept = 0, filer = 0;
    if (!policy_termination_queue(&k->me, &dept, &filer)) return KS_OK;
    return kumo_result(k, db_termination_pending(k->db, dept, filer, out, n));
}

kstatus termination_returned(kumo *k, int limit, ktermination **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    /* the register's own scope: a 情報セキュリティ責任者 their 部局, a manager their services */
    kservice_filter f = {0};
    policy_register_scope(&k->me, &f);
    if (!f.dept_id && !f.manager_id) return KS_OK;   /* those who see everything file none */
    return kumo_result(k, db_termination_returned(k->db, f.dept_id, f.manager_id, limit, out, n));
}
