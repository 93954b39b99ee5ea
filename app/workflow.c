/* The workflow of an application: 下書き → 申請中 → 差戻し / 承認 / 条件付承認 / 却下, and 引戻し.
   Every step checks the policy, runs in one transaction and leaves a history row. */
#include "app/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exception.h"
#include "app/internal.h"
#include "forms/text.h"

static krole applicant_role(kumo *k, const kapp *a)
{
    kuser buf;
    if (!a) return ROLE_NONE;
    if (a->applicant_id == k->me.id) return k->me.role;
    if (db_user_by_id(k->db, a->applicant_id, &buf) == KS_OK) return buf.role;
    return ROLE_NONE;
}

bool kumo_can(kumo *k, kaction act, const kapp *a)
{
    return policy_allows(&k->me, act, a, applicant_role(k, a), NULL, 0);
}

/* The start of every step of an application: a new step (kumo_step), which the policy must allow; a refusal
   leaves its reason as the step's message. */
static kstatus step_begin(kumo *k, kaction act, const kapp *a)
{
    kumo_step(k);
    char why[512];
    if (policy_allows(&k->me, act, a, applicant_role(k, a), why, sizeof why)) return KS_OK;
    return kumo_fail(k, KS_DENIED, "%s", why);
}

bool kumo_check(kumo *k, kaction act, const kapp *a) { return step_begin(k, act, a) == KS_OK; }

void kumo_visible(const kumo *k, kapp_filter *f) { policy_app_scope(&k->me, f); }

static char *xstrdup(const char *s) { return strdup(s ? s : ""); }

static void set_str(char **dst, const char *v)
{
    char *n = xstrdup(v);
    if (!n) return;
    free(*dst);
    *dst = n;
}

kstatus wf_reload(kumo *k, kapp *a)
{
    kumo_step(k);
    int64_t id = a->id;
    kapp fresh;
    kstatus s = db_app_get(k->db, id, &fresh);
    if (s) return kumo_fail(k, s, NULL);
    kapp_clear(a);
    *a = fresh;
    return KS_OK;
}

kstatus wf_new_draft(kumo *k, kapp *out)
{
    memset(out, 0, sizeof *out);
    if (step_begin(k, ACT_CREATE, NULL)) return KS_DENIED;
    if (!k->me.dept_id) return kumo_fail(k, KS_INVALID, "利用者「%s」に部局が設定されていません", k->me.name);
    kapp d = {0};
    for (int f = 0; f < FF_COUNT; f++) d.v[f] = xstrdup("");
    set_str(&d.v[FF_KIND], "新規");
    set_str(&d.v[FF_SECTION], k->me.section);
    d.applicant_id = k->me.id;
    d.dept_id = k->me.dept_id;
    d.track = xstrdup("");
    d.ck_key = xstrdup("");
    d.ck_name = xstrdup("");
    d.ck_version = xstrdup("");
    kstatus s = kumo_tx_begin(k);
    if (!s) s = db_app_insert(k->db, &d);
    if (!s) {
        kumo_audit(k, "作成", audit_kind_code(AK_APPLICATION), d.id, "", k->me.dept_name);
        kumo_audit_touch(k, AK_APPLICATION, d.id);
        kumo_audit_change(k, "状態", "", state_label("draft"));
        kumo_audit_change(k, form_field_def(FF_KIND)->label, "", d.v[FF_KIND]);
        kumo_audit_change(k, form_field_def(FF_SECTION)->label, "", d.v[FF_SECTION]);
        kumo_audit_history(k, d.id, 0, "", "draft", "");
    }
    s = kumo_tx_end(k, s);
    int64_t id = d.id;
    kapp_clear(&d);
    if (s) return s;
    s = db_app_get(k->db, id, out);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

/* Snapshot of a template as unanswered items, keeping earlier answers whose code matches. */
static kstatus snapshot_checklist(kumo *k, kapp *a, const char *key)
{
    ck_answer *old = NULL;
    size_t nold = 0;
    kstatus s = db_answers_load(k->db, a->id, &old, &nold);
    if (s) return s;
    if (!key) {
        s = db_answers_replace(k->db, a->id, NULL, 0);
        set_str(&a->ck_key, "");
        set_str(&a->ck_name, "");
        set_str(&a->ck_version, "");
        checklist_answers_free(&old, nold);
        return s;
    }
    ck_template t;
    char err[512];
    if (checklist_load(key, &t, err, sizeof err)) {
        checklist_answers_free(&old, nold);
        kumo_fail(k, KS_IO, "%s", err);
        return KS_IO;
    }
    ck_answer *v = calloc(t.n ? t.n : 1, sizeof *v);
    if (!v) {
        checklist_clear(&t);
        checklist_answers_free(&old, nold);
        return KS_NOMEM;
    }
    bool oom = false;
    for (size_t i = 0; i < t.n; i++) {
        const ck_answer *prev = NULL;
        for (size_t j = 0; j < nold && !prev; j++)
            if (!strcmp(old[j].code, t.items[i].code) && !strcmp(old[j].text, t.items[i].text)) prev = &old[j];
        oom |= !checklist_answer_from(&v[i], (int)i + 1, &t.items[i], prev);
    }
    s = oom ? KS_NOMEM : db_answers_replace(k->db, a->id, v, t.n);
    set_str(&a->ck_key, t.key);
    set_str(&a->ck_name, t.name);
    set_str(&a->ck_version, t.version);
    checklist_answers_free(&v, t.n);
    checklist_answers_free(&old, nold);
    checklist_clear(&t);
    return s;
}

kstatus wf_set_field(kumo *k, kapp *a, form_field f, const char *value)
{
    if (step_begin(k, ACT_EDIT, a)) return KS_DENIED;
    /* normalised first (trimmed; ３００ → 300; 令和8年4月1日 → 2026-04-01), then checked as it will be stored */
    char *v = form_normalize(f, value);
    if (!v) return kumo_fail(k, KS_NOMEM, NULL);
    char buf[320];
    const char *msg = form_check_value(f, v, buf, sizeof buf);
    if (msg) {
        kumo_fail(k, KS_INVALID, "%s", msg);
        free(v);
        return KS_INVALID;
    }
    form_track t = f == FF_CONF ? form_track_of(v) : form_track_from_code(a->track);
    if (f == FF_CONF && !policy_may_file_track(k->me.role, t)) {
        free(v);
        return kumo_fail(k, KS_DENIED,
                         "職員等は機密性1の申請のみ行えます（ポリシー004 §8-4(2)①）。機密性2以上の情報を取り扱うクラウドサービスは"
                         "情報セキュリティ責任者が申請します");
    }
    /* begin before touching the caller's record: a busy database must leave it exactly as it was */
    kstatus s = kumo_tx_begin(k);
    if (s) {
        free(v);
        return s;
    }
    char *oldv = a->v[f];
    char **cur[] = {&a->track, &a->ck_key, &a->ck_name, &a->ck_version};
    char *old[] = {xstrdup(a->track), xstrdup(a->ck_key), xstrdup(a->ck_name), xstrdup(a->ck_version)};
    int64_t old_version = a->version;
    a->v[f] = v;
    set_str(&a->track, form_track_code(t));
    if (strcmp(old[0], a->track) || (!*a->ck_key && *a->track))
        s = snapshot_checklist(k, a, checklist_key_for_track(t));
    if (!s) s = db_app_update_form(k->db, a);
    if (!s) {
        kumo_audit_app(k, "項目変更", a);
        kumo_audit_change(k, form_field_def(f)->label, oldv, v);
        kumo_audit_change(k, "区分", old[0], a->track);
        if (strcmp(old[1], a->ck_key) || strcmp(old[3], a->ck_version)) {
            char was[300], now[300];
            snprintf(was, sizeof was, "%s%s%s", old[2], *old[3] ? " " : "", old[3]);
            snprintf(now, sizeof now, "%s%s%s", a->ck_name, *a->ck_version ? " " : "", a->ck_version);
            kumo_audit_change(k, "確認事項のテンプレート", was, now);
        }
    }
    s = kumo_tx_end(k, s);
    if (s) {
        /* nothing was written: keep the caller's record as it was */
        free(a->v[f]);
        a->v[f] = oldv;
        for (size_t i = 0; i < 4; i++) set_str(cur[i], old[i]);
        a->version = old_version;
    } else {
        free(oldv);
    }
    for (size_t i = 0; i < 4; i++) free(old[i]);
    return s;
}

kstatus wf_set_answer(kumo *k, kapp *a, const ck_answer *ans)
{
    if (step_begin(k, ACT_EDIT, a)) return KS_DENIED;
    const char *fields[] = {ans->answer, ans->note, ans->reason};
    const char *labels[] = {"回答", "確認内容・対策", "理由"};
    char label[128], msg[512];
    for (size_t i = 0; i < 3; i++) {
        text_problem tp = text_check(fields[i], i == 1 ? 400 : 0, true);
        snprintf(label, sizeof label, "確認事項 %s の%s", ans->code, labels[i]);
        if (tp != TEXT_OK) return kumo_fail(k, KS_INVALID, "%s", text_problem_msg(tp, label, fields[i], 400, msg, sizeof msg));
    }
    if (ans->answer && *ans->answer) {
        bool ok = false;
        for (const char *const *p = CK_ANSWERS; *p; p++) ok |= !strcmp(*p, ans->answer);
        if (!ok) return kumo_fail(k, KS_INVALID, "確認事項の回答は 適合・不適合・該当なし のいずれかです");
    }
    /* bump the application's version so two editors of one record notice each other */
    int64_t old_version = a->version;
    kstatus s = kumo_tx_begin(k);
    ck_answer *was = NULL;
    size_t nwas = 0;
    if (!s) s = db_answers_load(k->db, a->id, &was, &nwas);
    const ck_answer *old = NULL;
    for (size_t i = 0; !s && i < nwas && !old; i++)
        if (was[i].no == ans->no) old = &was[i];
    if (!s && !old) s = kumo_fail(k, KS_NOTFOUND, "確認事項 %s はこの申請の確認事項にありません", ans->code);
    /* the item's rules are the snapshot's, whatever the caller holds: an answer it does not admit is refused
       (規定003 §4(1)⑥: 機密性3A は取り扱わない — 適合 only) */
    if (!s && !checklist_answer_allowed(old, ans->answer))
        s = kumo_fail(k, KS_INVALID, "%s", checklist_answer_refusal(old, ans->answer, msg, sizeof msg));
    /* a 不適合 is an 例外措置 (004 §7-4): that is its reason, whatever was given */
    ck_answer norm = *ans;
    norm.reason = (char *)checklist_reason_for(ans->answer);
    if (old) {
        norm.note_required = old->note_required;
        norm.answers = old->answers;
        norm.conflicts = old->conflicts;
    }
    if (!s) s = db_app_update_form(k->db, a);
    if (!s) s = db_answer_save(k->db, a->id, &norm);
    if (!s) {
        const char *before[] = {old->answer, old->note, old->reason};
        const char *after[] = {norm.answer, norm.note, norm.reason};
        kumo_audit_app(k, "確認事項回答", a);
        for (size_t i = 0; i < 3; i++) {
            snprintf(label, sizeof label, "確認事項 %s %s", ans->code, labels[i]);
            kumo_audit_change(k, label, before[i], after[i]);
        }
    }
    checklist_answers_free(&was, nwas);
    if ((s = kumo_tx_end(k, s))) a->version = old_version;   /* rolled back: the stored version is unchanged */
    return s;
}

kstatus wf_refresh_checklist(kumo *k, kapp *a)
{
    if (step_begin(k, ACT_EDIT, a)) return KS_DENIED;
    if (!*a->ck_key) return kumo_fail(k, KS_INVALID, "「機密性」が未入力のため、確認事項はまだありません");
    char now[64], err[512];
    if (!checklist_current_version(a->ck_key, now, sizeof now, err, sizeof err)) return kumo_fail(k, KS_IO, "%s", err);
    if (!strcmp(now, a->ck_version))
        return kumo_fail(k, KS_INVALID, "確認事項は最新の版（%s）です", a->ck_version);
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    char *old[] = {xstrdup(a->ck_key), xstrdup(a->ck_name), xstrdup(a->ck_version)};
    int64_t old_version = a->version;
    s = snapshot_checklist(k, a, a->ck_key);
    if (!s) s = db_app_update_form(k->db, a);
    if (!s) {
        char was[300], then[300];
        snprintf(was, sizeof was, "%s %s", old[1], old[2]);
        snprintf(then, sizeof then, "%s %s", a->ck_name, a->ck_version);
        kumo_audit_app(k, "確認事項の版の更新", a);
        kumo_audit_change(k, "確認事項のテンプレート", was, then);
    }
    if ((s = kumo_tx_end(k, s))) {
        set_str(&a->ck_key, old[0]);
        set_str(&a->ck_name, old[1]);
        set_str(&a->ck_version, old[2]);
        a->version = old_version;
    }
    for (size_t i = 0; i < 3; i++) free(old[i]);
    return s;
}

static kstatus review_due(kumo *k, const char *text, kdate *out);

kstatus wf_set_answers(kumo *k, kapp *a, const ck_answer *given, size_t n)
{
    if (step_begin(k, ACT_EDIT, a)) return KS_DENIED;
    ck_answer *cur = NULL;
    size_t ncur = 0;
    kstatus s = db_answers_load(k->db, a->id, &cur, &ncur);
    if (s) return kumo_fail(k, s, NULL);
    if (!ncur) s = kumo_fail(k, KS_INVALID, "確認事項がありません（先に「機密性」を入力してください）");
    char msg[640], label[128];
    /* every given item is one of the snapshot's, made from this version, with an answer it admits and clean text */
    ck_answer **match = calloc(n ? n : 1, sizeof *match);
    if (!s && !match) s = kumo_fail(k, KS_NOMEM, NULL);
    for (size_t j = 0; j < n && !s; j++) {
        for (size_t i = 0; i < ncur && !match[j]; i++)
            if (!strcmp(cur[i].code, given[j].code ? given[j].code : "")) match[j] = &cur[i];
        char *clean = text_sanitize(given[j].code);
        if (!match[j])
            s = kumo_fail(k, KS_INVALID, "確認事項に項目 %s はありません（%s 版 %s）", clean ? clean : "", a->ck_name,
                          a->ck_version);
        else if (given[j].text && *given[j].text && strcmp(given[j].text, match[j]->text))
            s = kumo_fail(k, KS_INVALID,
                          "確認事項 %s の text がこの申請の確認事項（版 %s）と違います: 別の版から作った回答ファイルです",
                          match[j]->code, a->ck_version);
        else if (!checklist_answer_allowed(match[j], given[j].answer))
            s = kumo_fail(k, KS_INVALID, "%s", checklist_answer_refusal(match[j], given[j].answer, msg, sizeof msg));
        free(clean);
        const char *texts[] = {given[j].answer, given[j].note};
        for (size_t x = 0; x < 2 && !s; x++) {
            snprintf(label, sizeof label, "確認事項 %s の%s", match[j]->code, x ? "確認内容・対策" : "回答");
            s = kumo_check_text(k, label, texts[x], 400, true, false);
        }
    }
    int64_t old_version = a->version;
    if (s) {
        free(match);
        checklist_answers_free(&cur, ncur);
        return s;
    }
    s = kumo_tx_begin(k);
    if (!s) {
        s = db_app_update_form(k->db, a);
        kumo_audit_app(k, "確認事項回答", a);
    }
    for (size_t j = 0; j < n && !s; j++) {
        ck_answer *m = match[j];
        ck_answer v = *m;
        v.answer = given[j].answer ? given[j].answer : "";
        v.note = given[j].note ? given[j].note : "";
        v.reason = (char *)checklist_reason_for(v.answer);   /* 不適合: 例外措置 (004 §7-4) */
        s = db_answer_save(k->db, a->id, &v);
        const char *before[] = {m->answer, m->note, m->reason}, *after[] = {v.answer, v.note, v.reason};
        static const char *const LABELS[] = {"回答", "確認内容・対策", "理由"};
        for (size_t x = 0; x < 3 && !s; x++) {
            snprintf(label, sizeof label, "確認事項 %s %s", m->code, LABELS[x]);
            kumo_audit_change(k, label, before[x], after[x]);
        }
    }
    if ((s = kumo_tx_end(k, s))) a->version = old_version;   /* rolled back: the stored version is unchanged */
    free(match);
    checklist_answers_free(&cur, ncur);
    return s;
}

int64_t wf_default_manager(kumo *k, const kapp *a)
{
    kumo_step(k);
    kservice sv;
    if (a->service_id > 0 && db_service_get(k->db, a->service_id, &sv) == KS_OK && sv.manager_id) return sv.manager_id;
    return a->applicant_id;
}

void wf_default_review_due(kumo *k, const kapp *a, char out[11])
{
    kumo_step(k);
    kservice sv;
    kdate due;
    /* a 変更申請 keeps the service's deadline while it is still ahead */
    if (a->service_id > 0 && db_service_get(k->db, a->service_id, &sv) == KS_OK && *sv.next_review_due &&
        review_due(k, sv.next_review_due, &due) == KS_OK) {
        snprintf(out, 11, "%s", sv.next_review_due);
        return;
    }
    date_format(date_add_months(date_today(), kumo_review_interval(k)), out, 11);
    kumo_step(k);
}

/* The 申請書's field labelled `label` (forms/form.c), for the 確認事項's conflicts. */
static const char *app_field_value(const char *label, void *ctx)
{
    const kapp *a = ctx;
    int f = form_field_by_name(label);
    return f < 0 ? NULL : a->v[f] ? a->v[f] : "";
}

/* A 下書き or 差戻し is filed against the 確認事項 as they now are: when the template has a newer version than its
   snapshot (templates/index.csv), the applicant brings the snapshot up to date first (wf_refresh_checklist). A
   submitted or decided application keeps the version it was answered against. */
static void check_version(const kapp *a, form_issues *out)
{
    if (!*a->ck_key || (strcmp(a->state, "draft") && strcmp(a->state, "returned"))) return;
    char now[64], err[512];
    if (!checklist_current_version(a->ck_key, now, sizeof now, err, sizeof err)) {
        form_issue_add(out, -1, ISSUE_ERROR, "%s", err);
        return;
    }
    if (strcmp(now, a->ck_version))
        form_issue_add(out, -1, ISSUE_ERROR,
                       "確認事項のテンプレートが改訂されています（回答した版 %s → 現在の版 %s）: 確認事項を最新の版に"
                       "してから回答し直してください（画面: 申請書で U、コマンド: kumo app refresh）",
                       a->ck_version, now);
}

bool wf_checklist_outdated(kumo *k, const kapp *a)
{
    (void)k;
    form_issues is = {0};
    check_version(a, &is);
    bool outdated = is.n > 0;
    form_issues_clear(&is);
    return outdated;
}

void wf_check(kumo *k, const kapp *a, const ck_answer *ans, size_t n, form_issues *out)
{
    /* a 職員等 files §8-4 applications only (004 §8-4(2)①) */
    krole role = applicant_role(k, a);
    bool only_84 = policy_may_file_track(role, TRACK_84) && !policy_may_file_track(role, TRACK_83);
    form_validate((const char *const *)a->v, only_84, out);
    form_track t = form_track_of(a->v[FF_CONF]);
    if ((t == TRACK_83 || t == TRACK_84) && n == 0)
        form_issue_add(out, -1, ISSUE_ERROR, "確認事項が読み込まれていません（テンプレートを確認してください）");
    check_version(a, out);
    char msg[512];
    for (size_t i = 0; i < n; i++) {
        const char *m = checklist_check_answer(&ans[i], msg, sizeof msg);
        size_t before = out->n;
        if (m) form_issue_add(out, -1, ISSUE_ERROR, "%s", m);
        /* the 確認事項 and the 申請書 must not contradict each other (e.g. 4(2)-1 適合 with data stored abroad) */
        m = checklist_check_conflict(&ans[i], app_field_value, (void *)a, "申請書", msg, sizeof msg);
        if (m) form_issue_add(out, -1, ISSUE_ERROR, "%s", m);
        for (size_t j = before; j < out->n; j++) out->v[j].item = (int)i;   /* the finding names the item: v goes to it */
    }
}

void wf_check_report(kumo *k, const kapp *a, const ck_answer *ans, size_t nans, form_issues *out, size_t *errors)
{
    form_issues is = {0};
    wf_check(k, a, ans, nans, &is);
    for (size_t i = 0; i < is.n; i++) {
        form_issue_add(out, is.v[i].field, is.v[i].level, "%c %s", is.v[i].level == ISSUE_ERROR ? '!' : '*',
                       is.v[i].msg);
        if (out->n) out->v[out->n - 1].item = is.v[i].item;
    }
    /* 不適合 answers: each is an 例外措置 the CISO must permit before approval (004 §7-4) */
    for (size_t i = 0; i < nans; i++)
        if (!strcmp(ans[i].answer, "不適合")) {
            form_issue_add(out, -1, ISSUE_FLAG, "* 確認事項 %s 不適合（%s）: %s", ans[i].code,
                           *ans[i].reason ? checklist_reason_label(ans[i].reason) : CK_REASON_EXCEPTION, ans[i].text);
            if (out->n) out->v[out->n - 1].item = (int)i;
        }
    if (errors) *errors = form_issues_count(&is, ISSUE_ERROR);
    form_issues_clear(&is);
}

/* The first blocking finding, as one message, or NULL. */
static const char *first_error(const form_issues *is, size_t *count)
{
    const char *m = NULL;
    size_t c = 0;
    for (size_t i = 0; i < is->n; i++)
        if (is->v[i].level == ISSUE_ERROR) {
            if (!m) m = is->v[i].msg;
            c++;
        }
    if (count) *count = c;
    return m;
}

/* What a step changes on the caller's record (state, 申請番号, 申請日, the 許可 half, links, version), kept so that a
   step that fails leaves the record exactly as it was: nothing was written. */
typedef struct kept {
    char *state, *app_no, *applied_on, *decision, *decision_comment, *decided_on, *approval_no, *next_review_due;
    int fy, seq;
    int64_t decided_by, manager_id, service_id, version;
} kept;

static kept keep(const kapp *a)
{
    return (kept){
        .state = xstrdup(a->state), .app_no = xstrdup(a->app_no), .applied_on = xstrdup(a->applied_on),
        .decision = xstrdup(a->decision), .decision_comment = xstrdup(a->decision_comment),
        .decided_on = xstrdup(a->decided_on), .approval_no = xstrdup(a->approval_no),
        .next_review_due = xstrdup(a->next_review_due), .fy = a->fy, .seq = a->seq, .decided_by = a->decided_by,
        .manager_id = a->manager_id, .service_id = a->service_id, .version = a->version,
    };
}

/* Puts the kept values back when the step failed (s), frees the copy, and returns s. */
static kstatus keep_end(kept *o, kapp *a, kstatus s)
{
    struct { char **dst, *v; } strs[] = {
        {&a->state, o->state}, {&a->app_no, o->app_no}, {&a->applied_on, o->applied_on},
        {&a->decision, o->decision}, {&a->decision_comment, o->decision_comment}, {&a->decided_on, o->decided_on},
        {&a->approval_no, o->approval_no}, {&a->next_review_due, o->next_review_due},
    };
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        if (s) set_str(strs[i].dst, strs[i].v);
        free(strs[i].v);
    }
    if (s) {
        a->fy = o->fy;
        a->seq = o->seq;
        a->decided_by = o->decided_by;
        a->manager_id = o->manager_id;
        a->service_id = o->service_id;
        a->version = o->version;
    }
    return s;
}

/* Writes the new state and its history row (the caller keeps the record, see keep). */
static kstatus change_state(kumo *k, kapp *a, const char *to, const char *action, const char *comment)
{
    char from[16];
    snprintf(from, sizeof from, "%s", a->state);
    set_str(&a->state, to);
    kstatus s = db_app_update_state(k->db, a);
    if (!s) {
        kumo_audit_app(k, action, a);
        kumo_audit_change(k, "状態", state_label(from), state_label(to));
        kumo_audit_history(k, a->id, a->service_id, from, to, comment);
    }
    return s;
}

static void today_str(char out[11])
{
    date_format(date_today(), out, 11);
}

/* A 変更申請 of a service that has ended cannot go on: 終了 is final (003 §4(4)③). */
static kstatus check_service_active(kumo *k, const kapp *a)
{
    if (a->service_id <= 0) return KS_OK;
    kservice sv;
    kstatus s = db_service_get(k->db, a->service_id, &sv);
    if (s) return kumo_fail(k, s, NULL);
    if (!strcmp(sv.status, "terminated"))
        return kumo_fail(k, KS_INVALID, "クラウドサービス %s は終了しているため、この変更申請は提出・承認できません",
                         sv.approval_no);
    return KS_OK;
}

kstatus wf_submit(kumo *k, kapp *a) { return wf_submit_with(k, a, ""); }

kstatus wf_submit_with(kumo *k, kapp *a, const char *comment)
{
    if (step_begin(k, ACT_SUBMIT, a)) return KS_DENIED;
    kstatus sa = check_service_active(k, a);
    if (sa) return sa;
    ck_answer *ans = NULL;
    size_t n = 0;
    kstatus s = db_answers_load(k->db, a->id, &ans, &n);
    if (s) return kumo_fail(k, s, NULL);
    form_issues is = {0};
    wf_check(k, a, ans, n, &is);
    checklist_answers_free(&ans, n);
    size_t errors = 0;
    const char *m = first_error(&is, &errors);
    if (m) {
        kumo_fail(k, KS_INVALID, "提出できません（%zu件）: %s", errors, m);
        form_issues_clear(&is);
        return KS_INVALID;
    }
    form_issues_clear(&is);
    exc_list devs;
    if ((s = exc_deviations(k, a, &devs))) return s;
    size_t ndev = devs.n;
    exc_list_clear(&devs);
    char today[11];
    today_str(today);
    kdate td = date_today();
    if ((s = kumo_tx_begin(k))) return s;   /* before touching the caller's record */
    kept old = keep(a);
    if (!*a->app_no) {
        /* 申請番号: assigned on first submission, numbered per 年度 (R8-0012) */
        int fy = date_fiscal_year(td), seq = 0;
        s = db_app_next_seq(k->db, fy, &seq);
        if (!s) {
            char no[24];
            snprintf(no, sizeof no, "R%d-%04d", date_reiwa_year(fy), seq);
            set_str(&a->app_no, no);
            a->fy = fy;
            a->seq = seq;
        }
    }
    /* 申請日 is the day the application was first filed; a 再提出 is in the history */
    if (!*a->applied_on) set_str(&a->applied_on, today);
    /* a resubmission starts a new review: the 許可 half of the 差戻し stays in the history, not on the form */
    set_str(&a->decision, "");
    set_str(&a->decision_comment, "");
    set_str(&a->decided_on, "");
    a->decided_by = 0;
    if (!s) s = kumo_check_text(k, "提出時のコメント", comment, 400, true, false);
    if (!s) s = change_state(k, a, "submitted", strcmp(a->state, "returned") ? "提出" : "再提出", comment ? comment : "");
    if (!s) {
        kumo_audit_change(k, "申請番号", old.app_no, a->app_no);
        kumo_audit_change(k, "申請日", old.applied_on, a->applied_on);
        kumo_audit_change(k, "審査結果", old.decision, a->decision);
    }
    /* the CISO's queue: a submission with deviations needs the 例外措置 before approval (004 §7-4(1)) */
    if (!s) s = db_app_set_needs_exception(k->db, a->id, ndev > 0);
    return keep_end(&old, a, kumo_tx_end(k, s));
}

kstatus wf_withdraw(kumo *k, kapp *a, const char *comment)
{
    if (step_begin(k, ACT_WITHDRAW, a)) return KS_DENIED;
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    kept old = keep(a);
    return keep_end(&old, a, kumo_tx_end(k, change_state(k, a, "draft", "引戻し", comment)));
}

static kstatus need_text(kumo *k, const char *what, const char *v)
{
    if (!v || !*v) return kumo_fail(k, KS_INVALID, "「%s」を入力してください", what);
    char msg[320];
    text_problem tp = text_check(v, 400, true);
    if (tp != TEXT_OK) return kumo_fail(k, KS_INVALID, "%s", text_problem_msg(tp, what, v, 400, msg, sizeof msg));
    return KS_OK;
}

static kstatus decide_simple(kumo *k, kapp *a, const char *decision, const char *to, const char *what,
                             const char *comment)
{
    if (step_begin(k, ACT_DECIDE, a)) return KS_DENIED;
    kstatus s = need_text(k, what, comment);
    if (s) return s;
    char today[11];
    today_str(today);
    if ((s = kumo_tx_begin(k))) return s;   /* before touching the caller's record */
    kept old = keep(a);
    set_str(&a->decision, decision);
    set_str(&a->decision_comment, comment);
    set_str(&a->decided_on, today);
    a->decided_by = k->me.id;
    s = change_state(k, a, to, decision, comment);
    if (!s) {
        kumo_audit_change(k, "審査結果", old.decision, a->decision);
        kumo_audit_change(k, "審査意見・条件", old.decision_comment, a->decision_comment);
        kumo_audit_change(k, "審査日", old.decided_on, a->decided_on);
    }
    return keep_end(&old, a, kumo_tx_end(k, s));
}

kstatus wf_return(kumo *k, kapp *a, const char *comment)
{
    return decide_simple(k, a, "差戻し", "returned", "差戻しの理由", comment);
}

kstatus wf_reject(kumo *k, kapp *a, const char *reason)
{
    return decide_simple(k, a, "却下", "rejected", "却下の理由", reason);
}

/* The 次回利用状況確認期限 of an approval (wf_check_review_due, within wf_approve's step). */
static kstatus review_due(kumo *k, const char *text, kdate *out)
{
    kdate today = date_today(), due;
    if (!text || !*text) {
        due = date_add_months(today, kumo_review_interval(k));
    } else {
        if (!date_parse(text, &due))
            return kumo_fail(k, KS_INVALID, "「次回利用状況確認期限」は実在する日付を入力してください（例 2027-11-30、令和9年11月30日）");
        if (date_cmp(due, today) <= 0)
            return kumo_fail(k, KS_INVALID, "「次回利用状況確認期限」は承認日（今日）より後の日付にしてください");
        /* the interval is the longest a service goes without its 利用状況確認 (003 §4(8), 004 §8-3(7)⑤) */
        int months = kumo_review_interval(k);
        kdate limit = date_add_months(today, months);
        if (date_cmp(due, limit) > 0) {
            char ls[11];
            date_format(limit, ls, sizeof ls);
            return kumo_fail(k, KS_INVALID,
                             "「次回利用状況確認期限」は利用状況確認の間隔（%dか月）を超えられません。%s までの日付にしてください"
                             "（規定003 §4(8)、ポリシー004 §8-3(7)⑤）",
                             months, ls);
        }
    }
    if (out) *out = due;
    return KS_OK;
}

kstatus wf_check_review_due(kumo *k, const char *text, kdate *out)
{
    kumo_step(k);
    return review_due(k, text, out);
}

static kstatus approve_write(kumo *k, kapp *a, const wf_approval *o, const kexception *use, const char *devs_text);

kstatus wf_approve(kumo *k, kapp *a, bool conditional, const char *comment, int64_t manager_id,
                   const char *next_due)
{
    wf_approval o = {.conditional = conditional, .comment = comment, .manager_id = manager_id, .next_due = next_due};
    return wf_approve_with(k, a, &o);
}

kstatus wf_approve_with(kumo *k, kapp *a, const wf_approval *o)
{
    bool conditional = o->conditional;
    const char *comment = o->comment;
    if (step_begin(k, ACT_DECIDE, a)) return KS_DENIED;
    kstatus s = check_service_active(k, a);
    if (s) return s;
    if (conditional && (s = need_text(k, "承認の条件", comment))) return s;
    if (!conditional && comment && *comment && (s = need_text(k, "審査意見", comment))) return s;
    /* a 不適合 or a flagged deviation is approved only on the CISO's 例外措置, or first in an emergency (004 §7-4) */
    kexception *use = malloc(sizeof *use);
    char *devs_text = malloc(EXC_DEVIATIONS);
    if (!use || !devs_text) {
        free(use);
        free(devs_text);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    s = exc_check_approval(k, a, o->emergency, use, devs_text, EXC_DEVIATIONS);
    if (s) {
        free(use);
        free(devs_text);
        return s;
    }
    s = approve_write(k, a, o, use, devs_text);
    free(use);
    free(devs_text);
    return s;
}

/* The approval's checks of the manager and the due date, and its one transaction: the register entry, the
   exception linked or the emergency one recorded, the application's state and history. */
static kstatus approve_write(kumo *k, kapp *a, const wf_approval *o, const kexception *use, const char *devs_text)
{
    bool conditional = o->conditional;
    const char *comment = o->comment, *next_due = o->next_due;
    int64_t manager_id = o->manager_id;
    kstatus s;
    kuser mgr;
    s = db_user_by_id(k->db, manager_id, &mgr);
    if (s || !policy_may_manage(&mgr))
        return kumo_fail(k, KS_INVALID, "クラウドサービス管理者に指名できる利用者を選んでください（監査・システム管理者は指名できません）");
    kdate today = date_today(), due;
    if ((s = review_due(k, next_due, &due))) return s;
    char today_s[11], due_s[11];
    date_format(today, today_s, sizeof today_s);
    date_format(due, due_s, sizeof due_s);

    if ((s = kumo_tx_begin(k))) return s;
    kservice sv = {0};
    char prev_changed[11] = "";
    bool existing = a->service_id > 0;
    if (existing) {
        s = db_service_get(k->db, a->service_id, &sv);
    } else {
        char prefix[16];
        snprintf(prefix, sizeof prefix, "AP-R%d-", date_reiwa_year(date_fiscal_year(today)));
        int seq = 0;
        s = db_service_next_seq(k->db, prefix, &seq);
        snprintf(sv.approval_no, sizeof sv.approval_no, "%s%04d", prefix, seq);
    }
    if (!s) {
        /* 003 §4(4)②: 承認日, クラウドサービス名, 利用開始日, 利用終了日又は予定日 */
        sv.app_id = a->id;
        snprintf(sv.name, sizeof sv.name, "%s", a->v[FF_SERVICE_NAME]);
        snprintf(sv.provider, sizeof sv.provider, "%s", a->v[FF_PROVIDER]);
        sv.dept_id = a->dept_id;
        snprintf(sv.conf, sizeof sv.conf, "%s", a->v[FF_CONF]);
        /* a 変更 keeps the service's first 承認日 and records its own date as the 変更承認日 (003 §4(4)②) */
        snprintf(prev_changed, sizeof prev_changed, "%s", sv.changed_on);
        if (existing) snprintf(sv.changed_on, sizeof sv.changed_on, "%s", today_s);
        else snprintf(sv.approved_on, sizeof sv.approved_on, "%s", today_s);
        snprintf(sv.start_date, sizeof sv.start_date, "%s", a->v[FF_START]);
        snprintf(sv.end_date, sizeof sv.end_date, "%s", a->v[FF_END]);
        sv.manager_id = manager_id;
        snprintf(sv.next_review_due, sizeof sv.next_review_due, "%s", due_s);
        snprintf(sv.conditions, sizeof sv.conditions, "%s", conditional ? comment : "");
        snprintf(sv.status, sizeof sv.status, "active");
        /* the 導入・構築時確認 (003 §4(5), 004 §8-3(6)) comes before 利用開始 of a 機密性2以上 service; §8-4 has none.
           A 変更 keeps what was recorded, unless it brings a 機密性1 service into §8-3. */
        bool conf2 = form_track_of(sv.conf) == TRACK_83;
        if (!existing || (conf2 && !strcmp(sv.build_state, "none")))
            snprintf(sv.build_state, sizeof sv.build_state, "%s", conf2 ? "pending" : "none");
        s = existing ? db_service_update(k->db, &sv) : db_service_insert(k->db, &sv);
    }
    kept old = keep(a);
    const char *decision = conditional ? "条件付承認" : "承認";
    if (!s) {
        set_str(&a->decision, decision);
        set_str(&a->decision_comment, comment);
        set_str(&a->decided_on, today_s);
        a->decided_by = k->me.id;
        set_str(&a->approval_no, sv.approval_no);
        a->manager_id = manager_id;
        set_str(&a->next_review_due, due_s);
        a->service_id = sv.id;
        char exc_no[24] = "";
        s = exc_on_approval(k, a, sv.id, use, o->emergency, devs_text, exc_no, sizeof exc_no);
        char exc_note[1800] = "";
        if (!s && o->emergency && *o->emergency)
            snprintf(exc_note, sizeof exc_note, "／緊急承認（例外措置 %s、CISOへの事後報告待ち: ポリシー004 §7-4(2)）: %s",
                     exc_no, o->emergency);
        else if (!s && *exc_no)
            snprintf(exc_note, sizeof exc_note, "／例外措置 %s（ポリシー004 §7-4(1)）", exc_no);
        char note[4096];   /* the comment and the emergency reason are at most 400 characters each */
        snprintf(note, sizeof note, "承認番号 %s／クラウドサービス管理者 %s／次回確認期限 %s%s%s%s", sv.approval_no,
                 mgr.name, due_s, exc_note, comment && *comment ? "／" : "", comment ? comment : "");
        text_trim_partial(note);
        if (!s) s = change_state(k, a, "approved", decision, note);
        if (!s) {
            kumo_audit_touch(k, AK_SERVICE, sv.id);
            kumo_audit_change(k, "審査結果", old.decision, a->decision);
            kumo_audit_change(k, "審査意見・条件", old.decision_comment, a->decision_comment);
            kumo_audit_change(k, "承認番号", old.approval_no, a->approval_no);
            kumo_audit_change(k, "クラウドサービス管理者", "", mgr.login);
            kumo_audit_change(k, "次回利用状況確認期限", old.next_review_due, a->next_review_due);
            if (*exc_no) kumo_audit_change(k, "例外措置", "", exc_no);
            if (o->emergency && *o->emergency) kumo_audit_change(k, "緊急承認の理由", "", o->emergency);
            if (existing) kumo_audit_change(k, "変更承認日", prev_changed, sv.changed_on);
            if (existing) kumo_audit_history_as(k, "変更承認", 0, sv.id, "", "", a->app_no);
        }
    }
    return keep_end(&old, a, kumo_tx_end(k, s));
}

kstatus wf_delete_draft(kumo *k, kapp *a)
{
    if (step_begin(k, ACT_DELETE, a)) return KS_DENIED;
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    /* the draft's history rows go with it: the record names them as deleted */
    khist *h = NULL;
    size_t nh = 0;
    s = db_history_list(k->db, a->id, 0, &h, &nh);
    if (!s) s = db_app_delete_draft(k->db, a->id, a->version);
    if (!s) {
        kumo_audit_app(k, "下書き削除", a);
        kumo_audit_change(k, "状態", state_label(a->state), "（削除）");
        kumo_audit_change(k, form_field_def(FF_SERVICE_NAME)->label, a->v[FF_SERVICE_NAME], "");
        for (size_t i = 0; i < nh; i++) kumo_audit_touch(k, AK_HISTORY, h[i].id);
    }
    khist_free(&h, nh);
    return kumo_tx_end(k, s);
}

kstatus wf_new_change(kumo *k, int64_t service_id, kapp *out)
{
    memset(out, 0, sizeof *out);
    if (step_begin(k, ACT_CHANGE, NULL)) return KS_DENIED;
    kservice sv;
    kstatus s = db_service_get(k->db, service_id, &sv);
    if (s) return kumo_fail(k, s, NULL);
    char why[512], open_no[32];
    if (!policy_may_change(&k->me, &sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    if (db_app_open_for_service(k->db, sv.id, 0, open_no, sizeof open_no) == KS_OK)
        return kumo_fail(k, KS_INVALID, "このサービスには処理中の申請 %s があります。先にそれを提出・取下げしてください",
                         open_no);
    kapp cur = {0};
    bool have_app = sv.app_id > 0 && db_app_get(k->db, sv.app_id, &cur) == KS_OK;
    kapp d = {0};
    for (int f = 0; f < FF_COUNT; f++) d.v[f] = xstrdup(have_app ? cur.v[f] : "");
    if (!have_app) {
        set_str(&d.v[FF_SERVICE_NAME], sv.name);
        set_str(&d.v[FF_PROVIDER], sv.provider);
        set_str(&d.v[FF_CONF], sv.conf);
        set_str(&d.v[FF_START], sv.start_date);
        set_str(&d.v[FF_END], sv.end_date);
    }
    set_str(&d.v[FF_KIND], "変更");
    d.applicant_id = k->me.id;
    d.dept_id = sv.dept_id;
    d.service_id = sv.id;
    d.parent_id = have_app ? cur.id : 0;
    d.track = xstrdup(form_track_code(form_track_of(d.v[FF_CONF])));
    d.ck_key = xstrdup("");
    d.ck_name = xstrdup("");
    d.ck_version = xstrdup("");
    kapp_clear(&cur);
    s = kumo_tx_begin(k);
    if (!s) s = db_app_insert(k->db, &d);
    if (!s && d.parent_id) {
        /* the answers of the current application carry over where the item is the same (snapshot keeps them) */
        ck_answer *pa = NULL;
        size_t pn = 0;
        s = db_answers_load(k->db, d.parent_id, &pa, &pn);
        if (!s) s = db_answers_replace(k->db, d.id, pa, pn);
        checklist_answers_free(&pa, pn);
    }
    if (!s && *d.track) s = snapshot_checklist(k, &d, checklist_key_for_track(form_track_from_code(d.track)));
    if (!s) s = db_app_update_form(k->db, &d);
    if (!s) {
        kumo_audit(k, "変更申請作成", audit_kind_code(AK_APPLICATION), d.id, "", sv.dept);
        kumo_audit_touch(k, AK_APPLICATION, d.id);
        kumo_audit_change(k, "状態", "", state_label("draft"));
        kumo_audit_change(k, "変更するサービス", "", sv.approval_no);
        kumo_audit_history(k, d.id, sv.id, "", "draft", sv.approval_no);
    }
    s = kumo_tx_end(k, s);
    int64_t id = d.id;
    kapp_clear(&d);
    if (s) return s;
    s = db_app_get(k->db, id, out);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}
