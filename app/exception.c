#include "app/exception.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "app/query.h"
#include "app/workflow.h"
#include "forms/checklist.h"
#include "forms/date.h"
#include "forms/form.h"
#include "forms/service_form.h"
#include "forms/text.h"

static const char *nz(const char *s) { return s ? s : ""; }

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", nz(src));
    text_trim_partial(dst);
}

/* ---- what needs an 例外措置 ---- */

static exc_item *add_item(exc_list *l)
{
    exc_item *v = realloc(l->v, (l->n + 1) * sizeof *v);
    if (!v) return NULL;
    l->v = v;
    exc_item *it = &v[l->n++];
    memset(it, 0, sizeof *it);
    return it;
}

void exc_list_clear(exc_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

kstatus exc_deviations(kumo *k, const kapp *a, exc_list *out)
{
    memset(out, 0, sizeof *out);
    form_issues is = {0};
    form_validate((const char *const *)a->v, false, &is);
    ck_answer *ans = NULL;
    size_t n = 0;
    kstatus s = db_answers_load(k->db, a->id, &ans, &n);
    if (s) {
        form_issues_clear(&is);
        return kumo_fail(k, s, NULL);   /* unread answers must never pass for conforming ones */
    }
    bool oom = false;
    for (size_t i = 0; i < is.n && !oom; i++) {
        if (is.v[i].level != ISSUE_FLAG) continue;
        exc_item *it = add_item(out);
        if (!it) { oom = true; break; }
        it->field = is.v[i].field;
        const field_def *d = form_field_def((form_field)is.v[i].field);
        snprintf(it->text, sizeof it->text, "%s%s%s", d ? "「" : "", d ? d->label : "", d ? "」 " : "");
        snprintf(it->text + strlen(it->text), sizeof it->text - strlen(it->text), "%s", is.v[i].msg);
        text_trim_partial(it->text);
    }
    for (size_t i = 0; i < n && !oom; i++) {
        if (strcmp(ans[i].answer, "不適合")) continue;
        exc_item *it = add_item(out);
        if (!it) { oom = true; break; }
        it->field = -1;
        copy(it->code, sizeof it->code, ans[i].code);
        snprintf(it->text, sizeof it->text, "確認事項 %s 不適合: %s ／ 確認内容: %s", ans[i].code, ans[i].text,
                 ans[i].note);
        text_trim_partial(it->text);
    }
    checklist_answers_free(&ans, n);
    form_issues_clear(&is);
    if (oom) {
        exc_list_clear(out);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    return KS_OK;
}

void exc_list_text(const exc_list *l, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < l->n; i++) {
        size_t need = strlen(l->v[i].text) + 2;
        if (len + need + 64 >= n) {
            snprintf(buf + len, n - len, "…ほか%zu件", l->n - i);
            return;
        }
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? "\n" : "", l->v[i].text);
    }
}

const char *exc_status_label(exc_status st)
{
    switch (st) {
    case EXC_NOT_NEEDED: return "不要";
    case EXC_AWAITING: return "CISOの許可待ち";
    case EXC_GRANTED: return "許可済";
    case EXC_REFUSED: return "不許可";
    case EXC_EMERGENCY: return "緊急承認（事後報告）";
    }
    return "";
}

const char *exc_state_label(const char *state)
{
    static const struct { const char *k, *v; } S[] = {
        {"granted", "許可"}, {"refused", "不許可"}, {"report_due", "事後報告待ち"}, {"reported", "事後報告済"},
    };
    for (size_t i = 0; i < sizeof S / sizeof S[0]; i++)
        if (state && !strcmp(S[i].k, state)) return S[i].v;
    return state ? state : "";
}

kstatus exc_status_of(kumo *k, const kapp *a, exc_list *devs, kexception *decision, exc_status *st)
{
    exc_list local;
    exc_list *d = devs ? devs : &local;
    kstatus s = exc_deviations(k, a, d);
    if (s) return s;
    kexception *e = malloc(sizeof *e);
    if (!e) {
        exc_list_clear(d);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    /* a submitted application: the decision on this submission; a decided one: the exception it was approved on */
    s = !strcmp(a->state, "submitted") ? db_exc_for_submission(k->db, a->id, a->version, e) : KS_NOTFOUND;
    if (s == KS_NOTFOUND && strcmp(a->state, "submitted")) {
        kexception *all = NULL;
        size_t n = 0;
        s = db_exc_of(k->db, a->id, 0, &all, &n);
        if (!s) {
            s = KS_NOTFOUND;
            for (size_t i = 0; i < n && s; i++)
                if (a->service_id && all[i].service_id == a->service_id) {
                    *e = all[i];
                    s = KS_OK;
                }
        }
        kexception_free(&all);
    }
    if (s && s != KS_NOTFOUND) {
        free(e);
        if (!devs) exc_list_clear(d);
        return kumo_fail(k, s, NULL);
    }
    bool have = s == KS_OK;
    if (!have) memset(e, 0, sizeof *e);
    *st = have && !strcmp(e->state, "refused")  ? EXC_REFUSED
          : have && !strcmp(e->kind, "緊急")    ? EXC_EMERGENCY
          : have                                 ? EXC_GRANTED
          : d->n && !strcmp(a->state, "submitted") ? EXC_AWAITING
                                                   : EXC_NOT_NEEDED;
    if (decision) *decision = *e;
    free(e);
    if (!devs) exc_list_clear(d);
    return KS_OK;
}

bool exc_may_approve_emergency(kumo *k, const kapp *a)
{
    kuser applicant;
    krole role = db_user_by_id(k->db, a->applicant_id, &applicant) == KS_OK ? applicant.role : ROLE_NONE;
    return policy_may_approve_emergency(&k->me, a, role, NULL, 0);
}

/* ---- the CISO's steps ---- */

/* The fields of a permission or a report: reason and conditions written; 有効期限 after today; the re-check after
   today, no later than the 有効期限 and within one review interval (§7-4(3): 定期的に). */
static kstatus check_input(kumo *k, const exc_input *in, char until[11], char recheck[11])
{
    kstatus s = kumo_check_text(k, "例外措置の理由", in->reason, 400, true, true);
    if (!s) s = kumo_check_text(k, "例外措置の条件", in->conditions, 400, true, true);
    if (s) return s;
    kdate today = date_today(), u, r;
    if (!in->valid_until || !date_parse(in->valid_until, &u))
        return kumo_fail(k, KS_INVALID, "「有効期限」は実在する日付を YYYY-MM-DD で入力してください");
    if (date_cmp(u, today) <= 0)
        return kumo_fail(k, KS_INVALID, "「有効期限」は今日より後の日付にしてください（ポリシー004 §7-4）");
    if (!in->recheck_on || !date_parse(in->recheck_on, &r))
        return kumo_fail(k, KS_INVALID, "「次回確認日」は実在する日付を YYYY-MM-DD で入力してください");
    kdate limit = date_add_months(today, kumo_review_interval(k));
    char ls[11], us[11];
    date_format(limit, ls, sizeof ls);
    date_format(u, us, sizeof us);
    if (date_cmp(r, today) <= 0)
        return kumo_fail(k, KS_INVALID, "「次回確認日」は今日より後の日付にしてください（定期的な確認: ポリシー004 §7-4(3)）");
    if (date_cmp(r, u) > 0)
        return kumo_fail(k, KS_INVALID, "「次回確認日」は有効期限（%s）以前にしてください（ポリシー004 §7-4(3)）", us);
    if (date_cmp(r, limit) > 0)
        return kumo_fail(k, KS_INVALID,
                         "「次回確認日」は利用状況確認の間隔（%dか月）以内の %s までにしてください（定期的な確認: ポリシー004 "
                         "§7-4(3)）",
                         kumo_review_interval(k), ls);
    date_format(u, until, 11);
    date_format(r, recheck, 11);
    return KS_OK;
}

static kstatus next_number(kumo *k, char *out, size_t n)
{
    char prefix[16];
    snprintf(prefix, sizeof prefix, "EX-R%d-", date_reiwa_year(date_fiscal_year(date_today())));
    int seq = 0;
    kstatus s = db_exc_next_seq(k->db, prefix, &seq);
    if (!s) snprintf(out, n, "%s%04d", prefix, seq);
    return s;
}

/* The start of the CISO's decision on an application: the policy, a submission that needs one, none made yet. */
static kstatus decision_begin(kumo *k, const kapp *a, exc_list *devs)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_decide_exception(&k->me, a, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    kstatus s = exc_deviations(k, a, devs);
    if (s) return s;
    if (devs->n == 0) {
        exc_list_clear(devs);
        return kumo_fail(k, KS_INVALID, "申請 %s には例外措置を要する項目（不適合・要確認）がありません", a->app_no);
    }
    kexception *e = malloc(sizeof *e);
    if (!e) {
        exc_list_clear(devs);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    s = db_exc_for_submission(k->db, a->id, a->version, e);
    if (s == KS_OK)
        s = kumo_fail(k, KS_EXISTS, "申請 %s の例外措置は既に%s（%s %s）", a->app_no,
                      !strcmp(e->state, "refused") ? "不許可とされています" : "許可されています", e->exc_no, e->ciso_on);
    else if (s == KS_NOTFOUND) s = KS_OK;
    else kumo_fail(k, s, NULL);
    free(e);
    if (s) exc_list_clear(devs);
    return s;
}

static kstatus record_decision(kumo *k, const kapp *a, kexception *e, const exc_list *devs, const char *action,
                               const char *note)
{
    exc_list_text(devs, e->deviations, sizeof e->deviations);
    e->app_id = a->id;
    e->app_version = a->version;
    snprintf(e->subject, sizeof e->subject, "申請");
    snprintf(e->kind, sizeof e->kind, "通常");
    e->ciso_id = k->me.id;
    date_format(date_today(), e->ciso_on, sizeof e->ciso_on);
    kstatus s = kumo_tx_begin(k);
    if (!s) s = next_number(k, e->exc_no, sizeof e->exc_no);
    if (!s) s = db_exc_insert(k->db, e);
    char full[2400];
    snprintf(full, sizeof full, "%s／%s", e->exc_no, note);
    text_trim_partial(full);
    if (!s) {
        kumo_audit(k, action, audit_kind_code(AK_EXCEPTION), e->id, e->exc_no, a->dept_name);
        kumo_audit_touch(k, AK_EXCEPTION, e->id);
        kumo_audit_change(k, "申請", "", a->app_no);
        kumo_audit_change(k, "例外措置", "", exc_state_label(e->state));
        kumo_audit_change(k, "有効期限", "", e->valid_until);
        kumo_audit_change(k, "次回確認日", "", e->recheck_on);
        kumo_audit_history(k, a->id, a->service_id, "", "", full);
    }
    return kumo_tx_end(k, s);
}

kstatus exc_grant(kumo *k, const kapp *a, const exc_input *in, kexception *out)
{
    exc_list devs;
    kstatus s = decision_begin(k, a, &devs);
    if (s) return s;
    kexception *e = calloc(1, sizeof *e);
    char until[11], recheck[11];
    s = e ? check_input(k, in, until, recheck) : kumo_fail(k, KS_NOMEM, NULL);
    if (!s) {
        snprintf(e->state, sizeof e->state, "granted");
        copy(e->reason, sizeof e->reason, in->reason);
        copy(e->conditions, sizeof e->conditions, in->conditions);
        copy(e->valid_until, sizeof e->valid_until, until);
        copy(e->recheck_on, sizeof e->recheck_on, recheck);
        char note[1800];
        snprintf(note, sizeof note, "不適合・要確認 %zu件／有効期限 %s／次回確認日 %s／理由: %s", devs.n, until, recheck,
                 in->reason);
        text_trim_partial(note);
        s = record_decision(k, a, e, &devs, "例外措置許可", note);
    }
    if (!s && out) *out = *e;
    free(e);
    exc_list_clear(&devs);
    return s;
}

kstatus exc_grant_disposal(kumo *k, const kservice *sv, const char *method, const exc_input *in, kexception *out)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_except_disposal(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    if (form_track_of(sv->conf) != TRACK_83)
        return kumo_fail(k, KS_INVALID, "機密性1のサービスの廃棄方法に例外措置は要りません（暗号化消去の定めは機密性2以上: ポリシー004 §8-3(8)③）");
    if (strcmp(sv->status, "active") && strcmp(sv->disposal_state, "pending"))
        return kumo_fail(k, KS_INVALID, "このサービスの廃棄・削除は確認済みです");
    const sform_field *d = &sform_disposal()->fields[DS_METHOD];
    bool known = false;
    for (const char *const *c = d->choices; c && *c; c++) known |= method && !strcmp(*c, method);
    if (!known || !strcmp(method, DISPOSAL_METHOD_CE) || strstr(method, "アクセス可能な領域のみ"))
        return kumo_fail(k, KS_INVALID,
                         "「削除方法」は暗号化消去以外の、機密性2以上に使える方法（上書き消去・ブロック消去・物理的破壊・"
                         "磁気的破壊）を指定してください");
    kexception *e = calloc(1, sizeof *e);
    char until[11], recheck[11];
    kstatus s = e ? check_input(k, in, until, recheck) : kumo_fail(k, KS_NOMEM, NULL);
    if (!s) {
        snprintf(e->subject, sizeof e->subject, "廃棄方法");
        snprintf(e->kind, sizeof e->kind, "通常");
        snprintf(e->state, sizeof e->state, "granted");
        snprintf(e->deviations, sizeof e->deviations,
                 "情報の廃棄 削除方法: %s（暗号化消去以外。ポリシー004 §8-3(8)③）", method);
        copy(e->reason, sizeof e->reason, in->reason);
        copy(e->conditions, sizeof e->conditions, in->conditions);
        copy(e->valid_until, sizeof e->valid_until, until);
        copy(e->recheck_on, sizeof e->recheck_on, recheck);
        e->service_id = sv->id;
        e->ciso_id = k->me.id;
        date_format(date_today(), e->ciso_on, sizeof e->ciso_on);
        char note[1800];
        snprintf(note, sizeof note, "廃棄方法 %s を認める／有効期限 %s／理由: %s", method, until, in->reason);
        text_trim_partial(note);
        s = kumo_tx_begin(k);
        if (!s) s = next_number(k, e->exc_no, sizeof e->exc_no);
        if (!s) s = db_exc_insert(k->db, e);
        if (!s) {
            char full[2400];
            snprintf(full, sizeof full, "%s／%s", e->exc_no, note);
            text_trim_partial(full);
            kumo_audit(k, "例外措置許可（廃棄方法）", audit_kind_code(AK_EXCEPTION), e->id, e->exc_no, sv->dept);
            kumo_audit_touch(k, AK_EXCEPTION, e->id);
            kumo_audit_change(k, "削除方法", "", method);
            kumo_audit_change(k, "有効期限", "", e->valid_until);
            kumo_audit_history(k, 0, sv->id, "", "", full);
        }
        s = kumo_tx_end(k, s);
    }
    if (!s && out) *out = *e;
    free(e);
    return s;
}

kstatus exc_refuse(kumo *k, const kapp *a, const char *reason, kexception *out)
{
    exc_list devs;
    kstatus s = decision_begin(k, a, &devs);
    if (s) return s;
    kexception *e = calloc(1, sizeof *e);
    s = e ? kumo_check_text(k, "不許可の理由", reason, 400, true, true) : kumo_fail(k, KS_NOMEM, NULL);
    if (!s) {
        snprintf(e->state, sizeof e->state, "refused");
        copy(e->reason, sizeof e->reason, reason);
        char note[1800];
        snprintf(note, sizeof note, "不適合・要確認 %zu件／理由: %s", devs.n, reason);
        text_trim_partial(note);
        s = record_decision(k, a, e, &devs, "例外措置不許可", note);
    }
    if (!s && out) *out = *e;
    free(e);
    exc_list_clear(&devs);
    return s;
}

/* The start of a step on a recorded exception: the record, and the policy asked by `may`. */
static kstatus load_exc(kumo *k, int64_t id, kexception *e,
                        bool (*may)(const kuser *, const kexception *, char *, size_t))
{
    kumo_step(k);
    kstatus s = db_exc_get(k->db, id, e);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "例外措置が見つかりません" : NULL);
    char why[512];
    if (!may(&k->me, e, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return KS_OK;
}

kstatus exc_report(kumo *k, int64_t exc_id, const exc_input *in)
{
    kexception *e = malloc(sizeof *e);
    if (!e) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_exc(k, exc_id, e, policy_may_report_exception);
    char until[11], recheck[11];
    if (!s) s = check_input(k, in, until, recheck);
    if (!s) {
        snprintf(e->state, sizeof e->state, "reported");
        copy(e->reason, sizeof e->reason, in->reason);
        copy(e->conditions, sizeof e->conditions, in->conditions);
        copy(e->valid_until, sizeof e->valid_until, until);
        copy(e->recheck_on, sizeof e->recheck_on, recheck);
        e->ciso_id = k->me.id;
        date_format(date_today(), e->ciso_on, sizeof e->ciso_on);
        char note[1800];
        snprintf(note, sizeof note, "%s／緊急承認 %s（%s）の事後報告／有効期限 %s／次回確認日 %s／%s", e->exc_no,
                 e->emergency_on, e->emergency_user, until, recheck, in->reason);
        text_trim_partial(note);
        s = kumo_tx_begin(k);
        if (!s) s = db_exc_update(k->db, e, "report_due");
        if (!s) {
            kumo_audit(k, "例外措置事後報告", audit_kind_code(AK_EXCEPTION), e->id, e->exc_no, e->dept);
            kumo_audit_touch(k, AK_EXCEPTION, e->id);
            kumo_audit_change(k, "例外措置", exc_state_label("report_due"), exc_state_label(e->state));
            kumo_audit_change(k, "有効期限", "", e->valid_until);
            kumo_audit_change(k, "次回確認日", "", e->recheck_on);
            kumo_audit_history(k, e->app_id, e->service_id, "", "", note);
        }
        s = kumo_tx_end(k, s);
    }
    free(e);
    return s;
}

kstatus exc_recheck(kumo *k, int64_t exc_id, const char *date, const char *next, const char *until, const char *note)
{
    kexception *e = malloc(sizeof *e);
    if (!e) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_exc(k, exc_id, e, policy_may_recheck_exception);
    kdate today = date_today(), d, nx, u;
    if (!s) s = kumo_check_text(k, "確認結果", note, 400, true, true);
    if (!s && (!date || !date_parse(date, &d)))
        s = kumo_fail(k, KS_INVALID, "「確認日」は実在する日付を YYYY-MM-DD で入力してください");
    if (!s && date_cmp(d, today) > 0) s = kumo_fail(k, KS_INVALID, "「確認日」は今日以前の日付にしてください");
    if (!s && until && *until) {
        if (!date_parse(until, &u)) s = kumo_fail(k, KS_INVALID, "「有効期限」は実在する日付を YYYY-MM-DD で入力してください");
        else if (date_cmp(u, today) <= 0) s = kumo_fail(k, KS_INVALID, "「有効期限」は今日より後の日付にしてください");
    } else if (!s) {
        date_parse(e->valid_until, &u);
    }
    if (!s && (!next || !date_parse(next, &nx)))
        s = kumo_fail(k, KS_INVALID, "「次回確認日」は実在する日付を YYYY-MM-DD で入力してください");
    if (!s) {
        kdate limit = date_add_months(d, kumo_review_interval(k));
        char us[11], ls[11];
        date_format(u, us, sizeof us);
        date_format(limit, ls, sizeof ls);
        if (date_cmp(nx, today) <= 0) s = kumo_fail(k, KS_INVALID, "「次回確認日」は今日より後の日付にしてください");
        else if (date_cmp(nx, u) > 0)
            s = kumo_fail(k, KS_INVALID, "「次回確認日」は有効期限（%s）以前にしてください（ポリシー004 §7-4(3)）", us);
        else if (date_cmp(nx, limit) > 0)
            s = kumo_fail(k, KS_INVALID,
                          "「次回確認日」は確認日から利用状況確認の間隔（%dか月）以内の %s までにしてください（ポリシー004 §7-4(3)）",
                          kumo_review_interval(k), ls);
    }
    if (!s) {
        char state[12];
        copy(state, sizeof state, e->state);
        char old_until[11], old_recheck[11];
        copy(old_until, sizeof old_until, e->valid_until);
        copy(old_recheck, sizeof old_recheck, e->recheck_on);
        date_format(d, e->checked_on, sizeof e->checked_on);
        copy(e->check_note, sizeof e->check_note, note);
        date_format(nx, e->recheck_on, sizeof e->recheck_on);
        date_format(u, e->valid_until, sizeof e->valid_until);
        char h[1800], changed[40] = "";
        if (strcmp(old_until, e->valid_until)) snprintf(changed, sizeof changed, "（変更前 %s）", old_until);
        snprintf(h, sizeof h, "%s／確認日 %s／次回確認日 %s／有効期限 %s%s／%s", e->exc_no, e->checked_on, e->recheck_on,
                 e->valid_until, changed, note);
        text_trim_partial(h);
        s = kumo_tx_begin(k);
        if (!s) s = db_exc_update(k->db, e, state);
        if (!s) {
            kumo_audit(k, "例外措置定期確認", audit_kind_code(AK_EXCEPTION), e->id, e->exc_no, e->dept);
            kumo_audit_touch(k, AK_EXCEPTION, e->id);
            kumo_audit_change(k, "最終確認日", "", e->checked_on);
            kumo_audit_change(k, "次回確認日", old_recheck, e->recheck_on);
            kumo_audit_change(k, "有効期限", old_until, e->valid_until);
            kumo_audit_history(k, e->app_id, e->service_id, "", "", h);
        }
        s = kumo_tx_end(k, s);
    }
    free(e);
    return s;
}

/* ---- reading ---- */

/* May the user see this exception: the register's readers, or whoever sees its application or service. */
static bool may_see(kumo *k, const kexception *e)
{
    if (policy_may_view_exceptions(&k->me)) return true;
    kservice sv;
    if (e->service_id && db_service_get(k->db, e->service_id, &sv) == KS_OK && policy_may_view_service(&k->me, &sv))
        return true;
    kapp a;
    if (e->app_id && db_app_get(k->db, e->app_id, &a) == KS_OK) {
        bool ok = kumo_can(k, ACT_VIEW, &a);
        kapp_clear(&a);
        return ok;
    }
    return false;
}

kstatus exc_find(kumo *k, const char *number, kexception *out)
{
    kumo_step(k);
    kstatus s = db_exc_by_no(k->db, nz(number), out);
    if (s == KS_NOTFOUND) {
        /* the newest exception of an application or a service with that number */
        kapp a;
        kservice sv;
        int64_t app_id = 0, service_id = 0;
        if (db_app_by_no(k->db, nz(number), &a) == KS_OK) {
            app_id = a.id;
            kapp_clear(&a);
        } else if (db_service_by_no(k->db, nz(number), &sv) == KS_OK) {
            service_id = sv.id;
        }
        kexception *all = NULL;
        size_t n = 0;
        s = (app_id || service_id) ? db_exc_of(k->db, app_id, service_id, &all, &n) : KS_NOTFOUND;
        if (!s && n) *out = all[0];
        else if (!s) s = KS_NOTFOUND;
        kexception_free(&all);
    }
    if (s == KS_NOTFOUND) {
        char *clean = text_sanitize(number);
        kumo_fail(k, s, "%s の例外措置が見つかりません", clean ? clean : "");
        free(clean);
        return s;
    }
    if (s) return kumo_fail(k, s, NULL);
    if (!may_see(k, out)) return kumo_fail(k, KS_DENIED, "この例外措置を閲覧する権限がありません");
    return KS_OK;
}

kstatus exc_get(kumo *k, int64_t id, kexception *out)
{
    kumo_step(k);
    kstatus s = db_exc_get(k->db, id, out);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "例外措置が見つかりません" : NULL);
    if (!may_see(k, out)) return kumo_fail(k, KS_DENIED, "この例外措置を閲覧する権限がありません");
    return KS_OK;
}

kstatus exc_page(kumo *k, bool open_only, int64_t before, int64_t after, int limit, kexception *out, int *n)
{
    kumo_step(k);
    *n = 0;
    if (!policy_may_view_exceptions(&k->me))
        return kumo_fail(k, KS_DENIED, "例外措置の一覧はCISO・統括情報セキュリティ責任者・監査が閲覧します（ポリシー004 §7-4(3)）");
    kexc_filter f = {.open_only = open_only};
    return kumo_result(k, db_exc_page(k->db, &f, before, after, limit, out, n));
}

kstatus exc_count(kumo *k, bool open_only, int64_t *count)
{
    kumo_step(k);
    *count = 0;
    if (!policy_may_view_exceptions(&k->me))
        return kumo_fail(k, KS_DENIED, "例外措置の一覧はCISO・統括情報セキュリティ責任者・監査が閲覧します（ポリシー004 §7-4(3)）");
    kexc_filter f = {.open_only = open_only};
    return kumo_result(k, db_exc_count(k->db, &f, count));
}

kstatus exc_list_of(kumo *k, int64_t app_id, int64_t service_id, kexception **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    kstatus s = kumo_result(k, db_exc_of(k->db, app_id, service_id, out, n));
    if (!s && *n && !may_see(k, &(*out)[0])) {
        kexception_free(out);
        *n = 0;
        return kumo_fail(k, KS_DENIED, "この例外措置を閲覧する権限がありません");
    }
    return s;
}

kstatus exc_waiting(kumo *k, int limit, kexc_wait *out, int *n, int64_t *total)
{
    kumo_step(k);
    *n = 0;
    *total = 0;
    if (k->me.role != ROLE_CISO || !k->me.active) return KS_OK;   /* only the CISO permits (§7-4(1)) */
    return kumo_result(k, db_exc_waiting(k->db, k->me.id, limit, out, n, total));
}

/* ---- for app/workflow.c ---- */

kstatus exc_check_approval(kumo *k, const kapp *a, const char *emergency, kexception *use, char *devs_text,
                           size_t devs_n)
{
    memset(use, 0, sizeof *use);
    devs_text[0] = 0;
    exc_list devs;
    kstatus s = exc_deviations(k, a, &devs);
    if (s) return s;
    size_t nd = devs.n;
    exc_list_text(&devs, devs_text, devs_n);
    exc_list_clear(&devs);
    bool urgent = emergency && *emergency;
    if (nd == 0) {
        if (urgent)
            return kumo_fail(k, KS_INVALID, "例外措置を要する項目がないため、緊急承認（ポリシー004 §7-4(2)）ではなく通常の承認をしてください");
        return KS_OK;
    }
    s = db_exc_for_submission(k->db, a->id, a->version, use);
    if (s && s != KS_NOTFOUND) return kumo_fail(k, s, NULL);
    bool decided = s == KS_OK;
    char why[512];
    if (decided && !strcmp(use->state, "refused"))
        return kumo_fail(k, KS_INVALID,
                         "CISOが例外措置を許可しませんでした（%s %s: %s）。承認はできません。差戻し又は却下してください"
                         "（ポリシー004 §7-4(1)）",
                         use->exc_no, use->ciso_on, use->reason);
    if (decided) {
        if (urgent) return kumo_fail(k, KS_INVALID, "例外措置はCISOが許可済みです（%s）。緊急承認ではなく通常の承認をしてください", use->exc_no);
        if (!policy_may_approve_excepted(&k->me, use->ciso_id, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
        return KS_OK;
    }
    memset(use, 0, sizeof *use);
    if (!urgent)
        return kumo_fail(k, KS_INVALID,
                         "例外措置を要する項目（不適合・要確認）が%zu件あります。承認の前にCISOの例外措置の許可が必要です"
                         "（ポリシー004 §7-4(1)）。緊急の場合は緊急承認とし、事後速やかにCISOに報告します（§7-4(2)）",
                         nd);
    kuser applicant;
    krole arole = db_user_by_id(k->db, a->applicant_id, &applicant) == KS_OK ? applicant.role : ROLE_NONE;
    if (!policy_may_approve_emergency(&k->me, a, arole, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_check_text(k, "緊急の理由", emergency, 400, true, true);
}

kstatus exc_on_approval(kumo *k, const kapp *a, int64_t service_id, const kexception *use, const char *emergency,
                        const char *devs_text, char *exc_no, size_t exc_no_n)
{
    exc_no[0] = 0;
    if (use->id) {
        kexception *e = malloc(sizeof *e);
        if (!e) return KS_NOMEM;
        *e = *use;
        e->service_id = service_id;
        snprintf(exc_no, exc_no_n, "%s", e->exc_no);
        kstatus s = db_exc_update(k->db, e, e->state);
        if (!s) kumo_audit_touch(k, AK_EXCEPTION, e->id);
        free(e);
        return s;
    }
    if (!emergency || !*emergency) return KS_OK;
    kexception *e = calloc(1, sizeof *e);
    if (!e) return KS_NOMEM;
    snprintf(e->subject, sizeof e->subject, "申請");
    snprintf(e->kind, sizeof e->kind, "緊急");
    snprintf(e->state, sizeof e->state, "report_due");
    e->app_id = a->id;
    e->app_version = a->version;
    e->service_id = service_id;
    copy(e->deviations, sizeof e->deviations, devs_text);
    e->emergency_by = k->me.id;
    date_format(date_today(), e->emergency_on, sizeof e->emergency_on);
    copy(e->emergency_reason, sizeof e->emergency_reason, emergency);
    kstatus s = next_number(k, e->exc_no, sizeof e->exc_no);
    if (!s) s = db_exc_insert(k->db, e);
    if (!s) {
        snprintf(exc_no, exc_no_n, "%s", e->exc_no);
        kumo_audit_touch(k, AK_EXCEPTION, e->id);
    }
    free(e);
    return s;
}
