#include "app/disposal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "app/service_record.h"
#include "forms/text.h"

static const char *nz(const char *s) { return s ? s : ""; }

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", nz(src));
    text_trim_partial(dst);
}

/* The method the exception of the 廃棄方法 in force permits (its record says 「削除方法: X」), and its id. */
static kstatus excepted(kumo *k, int64_t service_id, char *method, size_t n, int64_t *exc_id)
{
    method[0] = 0;
    *exc_id = 0;
    kexception *e = malloc(sizeof *e);
    if (!e) return KS_NOMEM;
    kstatus s = db_exc_in_force(k->db, service_id, "廃棄方法", e);
    if (!s) {
        const char *m = strstr(e->deviations, "削除方法: ");
        if (m) {
            m += strlen("削除方法: ");
            const char *end = strstr(m, "（"), *nl = strchr(m, '\n');   /* whole characters, not bytes */
            if (!end || (nl && nl < end)) end = nl;
            size_t len = end ? (size_t)(end - m) : strlen(m);
            if (len >= n) len = n - 1;
            memcpy(method, m, len);
            method[len] = 0;
            *exc_id = e->id;
        }
    }
    free(e);
    return s == KS_NOTFOUND ? KS_OK : s;
}

kstatus disposal_excepted_method(kumo *k, int64_t service_id, char *out, size_t n)
{
    int64_t id;
    kstatus s = service_record_visible(k, service_id);
    return s ? s : kumo_result(k, excepted(k, service_id, out, n, &id));
}

kstatus disposal_file(kumo *k, const kservice *sv, const disposal_input *in, int64_t *id)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_file_disposal(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    kdisposal *open = malloc(sizeof *open);
    if (!open) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = db_disposal_open(k->db, sv->id, open);
    if (s == KS_OK) s = kumo_fail(k, KS_EXISTS, "このサービスには受理待ちの廃棄・削除完了報告（%s 提出）が既にあります", open->filed_on);
    else if (s == KS_NOTFOUND) s = KS_OK;
    else kumo_fail(k, s, NULL);
    kdisposal_free(&open);
    if (s) return s;
    char method[64];
    int64_t exc_id = 0;
    if ((s = excepted(k, sv->id, method, sizeof method, &exc_id))) return kumo_fail(k, s, NULL);
    char msg[640];
    if (sform_disposal_check(in->v, sv->conf, sv->terminated_on, *method ? method : NULL, date_today(), msg, sizeof msg,
                             NULL))
        return kumo_fail(k, KS_INVALID, "%s", msg);

    kdisposal *p = calloc(1, sizeof *p);
    if (!p) return kumo_fail(k, KS_NOMEM, NULL);
    const char *const *v = in->v;
    kdate d;
    date_parse(v[DS_DATE], &d);
    p->service_id = sv->id;
    date_format(d, p->done_on, sizeof p->done_on);
    copy(p->worker, sizeof p->worker, v[DS_WORKER]);
    copy(p->method, sizeof p->method, v[DS_METHOD]);
    copy(p->confirmation, sizeof p->confirmation, v[DS_CONFIRM]);
    p->exception_id = strcmp(p->method, DISPOSAL_METHOD_CE) && !strcmp(p->method, method) ? exc_id : 0;
    copy(p->evidence, sizeof p->evidence, v[DS_EVIDENCE]);
    copy(p->copies, sizeof p->copies, v[DS_COPIES]);
    copy(p->accounts_users, sizeof p->accounts_users, v[DS_ACC_USERS]);
    copy(p->accounts_privileged, sizeof p->accounts_privileged, v[DS_ACC_PRIV]);
    copy(p->accounts_special, sizeof p->accounts_special, v[DS_ACC_SPECIAL]);
    copy(p->remarks, sizeof p->remarks, v[DS_REMARKS]);
    p->filed_by = k->me.id;
    date_format(date_today(), p->filed_on, sizeof p->filed_on);
    char note[1200];
    snprintf(note, sizeof note, "完了日 %s／削除方法 %s／削除の確認 %s／証跡 %s", p->done_on, p->method, p->confirmation,
             p->evidence);
    text_trim_partial(note);
    s = kumo_tx_begin(k);
    if (!s) s = db_disposal_insert(k->db, p);
    if (s == KS_CONSTRAINT) s = kumo_fail(k, KS_EXISTS, "このサービスには受理待ちの廃棄・削除完了報告が既にあります");
    if (!s) {
        kumo_audit(k, "廃棄・削除完了報告", audit_kind_code(AK_DISPOSAL), p->id, sv->approval_no, sv->dept);
        kumo_audit_touch(k, AK_DISPOSAL, p->id);
        kumo_audit_change(k, "廃棄・削除完了報告の状態", "", "受理待ち");
        kumo_audit_change(k, "削除方法", "", p->method);
        kumo_audit_change(k, "削除の確認", "", p->confirmation);
        kumo_audit_history(k, 0, sv->id, "", "", note);
    }
    s = kumo_tx_end(k, s);
    if (!s && id) *id = p->id;
    kdisposal_free(&p);
    return s;
}

/* The start of 受理 and 差戻し: a new step, the report, and the policy (never the filer). */
static kstatus load_for_decision(kumo *k, int64_t id, kdisposal *p)
{
    kumo_step(k);
    kstatus s = db_disposal_get(k->db, id, p);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "廃棄・削除完了報告が見つかりません" : NULL);
    char why[512];
    if (!policy_may_accept_disposal(&k->me, p, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return KS_OK;
}

kstatus disposal_accept(kumo *k, int64_t id, const char *comment)
{
    kdisposal *p = malloc(sizeof *p);
    if (!p) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_for_decision(k, id, p);
    if (!s) s = kumo_check_text(k, "受理の所見", comment, 400, true, false);
    if (s) {
        kdisposal_free(&p);
        return s;
    }
    char today[11], note[1800];
    date_format(date_today(), today, sizeof today);
    snprintf(note, sizeof note, "完了日 %s／%s／%s（%s 提出）%s%s", p->done_on, p->method, p->confirmation, p->filer,
             *nz(comment) ? "／" : "", nz(comment));
    text_trim_partial(note);
    kservice sv;
    s = kumo_tx_begin(k);
    if (!s) s = db_service_get(k->db, p->service_id, &sv);
    if (!s && strcmp(sv.disposal_state, "pending")) s = kumo_fail(k, KS_CONFLICT, NULL);
    if (!s) s = db_disposal_decide(k->db, p->id, "accepted", k->me.id, today, nz(comment));
    if (!s) {
        snprintf(sv.disposal_state, sizeof sv.disposal_state, "done");
        copy(sv.disposed_on, sizeof sv.disposed_on, p->done_on);
        s = db_service_update(k->db, &sv);
    }
    if (!s) {
        kumo_audit(k, "廃棄・削除完了報告受理", audit_kind_code(AK_DISPOSAL), p->id, sv.approval_no, sv.dept);
        kumo_audit_touch(k, AK_DISPOSAL, p->id);
        kumo_audit_touch(k, AK_SERVICE, sv.id);
        kumo_audit_change(k, "廃棄・削除完了報告の状態", "受理待ち", "受理");
        kumo_audit_change(k, "サービスの状態", "終了処理中", "終了");
        kumo_audit_history(k, 0, sv.id, "", "", note);
    }
    kdisposal_free(&p);
    return kumo_tx_end(k, s);
}

kstatus disposal_return(kumo *k, int64_t id, const char *comment)
{
    kdisposal *p = malloc(sizeof *p);
    if (!p) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_for_decision(k, id, p);
    if (!s) s = kumo_check_text(k, "差戻しの理由", comment, 400, true, true);
    char today[11], note[1800] = "";
    date_format(date_today(), today, sizeof today);
    if (!s) snprintf(note, sizeof note, "完了日 %s（%s 提出）／%s", p->done_on, p->filer, comment);
    text_trim_partial(note);
    if (s) {
        kdisposal_free(&p);
        return s;
    }
    s = kumo_tx_begin(k);
    if (!s) s = db_disposal_decide(k->db, p->id, "returned", k->me.id, today, comment);
    if (!s) {
        kumo_audit(k, "廃棄・削除完了報告差戻し", audit_kind_code(AK_DISPOSAL), p->id, p->approval_no, p->dept);
        kumo_audit_touch(k, AK_DISPOSAL, p->id);
        kumo_audit_change(k, "廃棄・削除完了報告の状態", "受理待ち", "差戻し");
        kumo_audit_history(k, 0, p->service_id, "", "", note);
    }
    kdisposal_free(&p);
    return kumo_tx_end(k, s);
}

kstatus disposal_get(kumo *k, int64_t id, kdisposal *out)
{
    kumo_step(k);
    kstatus s = db_disposal_get(k->db, id, out);
    return service_record_get(k, s, "廃棄・削除完了報告", s ? 0 : out->service_id, NULL, id, NULL, NULL);
}

kstatus disposal_list(kumo *k, int64_t service_id, kdisposal **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    kstatus s = service_record_visible(k, service_id);
    return s ? s : kumo_result(k, db_disposal_list(k->db, service_id, out, n));
}

kstatus disposal_open(kumo *k, int64_t service_id, kdisposal *out)
{
    kstatus s = service_record_visible(k, service_id);
    if (!s && (s = db_disposal_open(k->db, service_id, out)) && s != KS_NOTFOUND) kumo_fail(k, s, NULL);
    return s;
}

kstatus disposal_pending(kumo *k, kdisposal **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    int64_t dept = 0, filer = 0;
    if (!policy_termination_queue(&k->me, &dept, &filer)) return KS_OK;
    return kumo_result(k, db_disposal_pending(k->db, dept, filer, out, n));
}
