/* After approval: 利用状況確認, its response, 管理者の再指名, 終了連絡 and 受理, the due lists, the 年次利用状況確認
   and the differences of a 変更申請. Policy in app/policy.c; storage in db/db_lifecycle.c. */
#include "app/lifecycle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "forms/text.h"

const char *const LC_USAGES[] = {"継続", "変更あり", "終了予定", NULL};
const char *const LC_YESNO[] = {"無", "有", NULL};
const char *const LC_PLANS[] = {"作成済", "不要", NULL};
const char *const LC_DISPOSALS[] = {"暗号化消去", "上書き消去", "物理破壊", "事業者の削除証明の受領", NULL};
const char *const LC_ACCOUNTS[] = {"削除済", "削除予定", "該当なし", NULL};

/* ---- helpers ---- */

static const char *nz(const char *s) { return s ? s : ""; }

static bool one_of(const char *const *list, const char *v)
{
    for (; v && *list; list++)
        if (!strcmp(*list, v)) return true;
    return false;
}

/* Checks a text field: valid UTF-8, no control characters (a line break only in multi-line fields), at most
   max_chars characters; required fields must not be empty. */
static kstatus check_text(kumo *k, const char *label, const char *v, size_t max_chars, bool multiline, bool required)
{
    v = nz(v);
    if (!*v) return required ? kumo_fail(k, KS_INVALID, "「%s」を入力してください", label) : KS_OK;
    char msg[320];
    text_problem tp = text_check(v, max_chars, multiline);
    if (tp != TEXT_OK) return kumo_fail(k, KS_INVALID, "%s", text_problem_msg(tp, label, v, max_chars, msg, sizeof msg));
    return KS_OK;
}

/* A required date field: present and a real calendar date. */
static kstatus check_date(kumo *k, const char *label, const char *v, kdate *out)
{
    v = nz(v);
    if (!*v) return kumo_fail(k, KS_INVALID, "「%s」を入力してください", label);
    if (!date_parse(v, out)) {
        char shown[96];   /* a date is 10 columns: anything much longer is clipped */
        text_fit(shown, sizeof shown, v, 20, false);
        return kumo_fail(k, KS_INVALID, "「%s」は実在する日付を YYYY-MM-DD で入力してください（入力: %s）", label, shown);
    }
    return KS_OK;
}

static void copy(char *dst, size_t n, const char *src) { snprintf(dst, n, "%s", nz(src)); }

/* ---- due-date arithmetic ---- */

kdate lc_next_due(kdate reviewed, kdate old_due, bool has_old, int months)
{
    kdate next = date_add_months(reviewed, months);
    if (has_old && date_cmp(old_due, next) > 0) return old_due;
    return next;
}

long lc_days_between(kdate from, kdate to) { return date_to_days(to) - date_to_days(from); }

/* ---- checklists ---- */

kstatus lc_checklist_blank(kumo *k, const char *key, ck_answer **out, size_t *n, char *name, size_t name_n)
{
    *out = NULL;
    *n = 0;
    ck_template t;
    char err[512];
    if (checklist_load(key, &t, err, sizeof err)) return kumo_fail(k, KS_IO, "%s", err);
    ck_answer *v = calloc(t.n ? t.n : 1, sizeof *v);
    if (!v) {
        checklist_free(&t);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    bool oom = false;
    for (size_t i = 0; i < t.n; i++) oom |= !checklist_answer_from(&v[i], (int)i + 1, &t.items[i], NULL);
    if (name && name_n) snprintf(name, name_n, "%s", t.name);
    size_t count = t.n;
    checklist_free(&t);
    if (oom) {
        checklist_answers_free(v, count);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    *out = v;
    *n = count;
    return KS_OK;
}

void lc_answer_all(ck_answer *v, size_t n, const char *answer)
{
    for (size_t i = 0; i < n; i++) {
        char *a = strdup(nz(answer));
        if (!a) continue;
        free(v[i].answer);
        v[i].answer = a;
    }
}

/* The answers to template `key` as a snapshot (the template's items, the given answers matched by code), checked
   as an application's 確認事項 are: required items answered, 不適合 with a reason and 確認内容・対策. */
typedef struct snapshot {
    ck_answer *v;
    size_t n;
    char key[16], name[256], version[32];
    size_t nonconf;
} snapshot;

static void snapshot_free(snapshot *s)
{
    checklist_answers_free(s->v, s->n);
    s->v = NULL;
    s->n = 0;
}

static kstatus take_snapshot(kumo *k, const char *key, const char *what, const ck_answer *in, size_t nin,
                             snapshot *out)
{
    memset(out, 0, sizeof *out);
    ck_template t;
    char err[512];
    if (checklist_load(key, &t, err, sizeof err)) return kumo_fail(k, KS_IO, "%s", err);
    snprintf(out->key, sizeof out->key, "%s", t.key);
    snprintf(out->name, sizeof out->name, "%s", t.name);
    snprintf(out->version, sizeof out->version, "%s", t.version);
    kstatus s = KS_OK;
    /* every given answer must belong to the template */
    for (size_t j = 0; j < nin && !s; j++) {
        bool known = false;
        for (size_t i = 0; i < t.n && !known; i++) known = !strcmp(t.items[i].code, nz(in[j].code));
        if (!known) {
            char *clean = text_sanitize(in[j].code);
            s = kumo_fail(k, KS_INVALID, "%sに項目 %s はありません（テンプレート %s 版 %s）", what, clean ? clean : "",
                          t.name, t.version);
            free(clean);
        }
        const char *texts[] = {in[j].answer, in[j].note, in[j].reason};
        for (size_t x = 0; x < 3 && !s; x++) {
            char label[128];
            snprintf(label, sizeof label, "%s %s の%s", what, nz(in[j].code),
                     x == 0 ? "回答" : x == 1 ? "確認内容・対策" : "理由");
            s = check_text(k, label, texts[x], 400, true, false);
        }
    }
    if (!s) {
        out->v = calloc(t.n ? t.n : 1, sizeof *out->v);
        if (!out->v) s = kumo_fail(k, KS_NOMEM, NULL);
    }
    for (size_t i = 0; i < t.n && !s; i++) {
        const ck_answer *given = NULL;
        for (size_t j = 0; j < nin && !given; j++)
            if (!strcmp(nz(in[j].code), t.items[i].code)) given = &in[j];
        ck_answer *a = &out->v[out->n++];
        if (!checklist_answer_from(a, (int)i + 1, &t.items[i], given)) {
            s = kumo_fail(k, KS_NOMEM, NULL);
            break;
        }
        char msg[320];
        const char *m = checklist_check_answer(a, msg, sizeof msg);
        if (m) s = kumo_fail(k, KS_INVALID, "%s: %s", what, m);
        if (!strcmp(a->answer, "不適合")) out->nonconf++;
    }
    checklist_free(&t);
    if (s) snapshot_free(out);
    return s;
}

/* ---- 利用状況確認 ---- */

kstatus lc_record_review(kumo *k, kservice *sv, const lc_review_input *in, int64_t *review_id)
{
    k->err[0] = 0;
    char why[512];
    if (!policy_may_review(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    kdate today = date_today(), rd;
    char today_s[11];
    date_format(today, today_s, sizeof today_s);
    kstatus s = check_date(k, "確認日", in->reviewed_on, &rd);
    if (s) return s;
    if (date_cmp(rd, today) > 0)
        return kumo_fail(k, KS_INVALID, "「確認日」は今日（%s）以前の日付にしてください", today_s);
    if (!one_of(LC_USAGES, in->usage))
        return kumo_fail(k, KS_INVALID, "「利用状況」は 継続・変更あり・終了予定 のいずれかを選んでください");
    const char *uc = nz(in->user_count);
    if (*uc) {
        bool digits = strlen(uc) <= 7;
        for (const char *p = uc; *p && digits; p++) digits = *p >= '0' && *p <= '9';
        if (!digits)
            return kumo_fail(k, KS_INVALID, "「利用者数」は0以上の整数（半角数字、9999999以下）で入力してください");
    }
    if (!one_of(LC_YESNO, in->terms_changed))
        return kumo_fail(k, KS_INVALID, "「規約・設定変更の有無」は 有・無 のいずれかを選んでください（提供者選定基準⑪）");
    if (!one_of(LC_YESNO, in->incident))
        return kumo_fail(k, KS_INVALID, "「インシデントの有無」は 有・無 のいずれかを選んでください");
    bool changed = !strcmp(in->usage, "変更あり") || !strcmp(in->terms_changed, "有");
    if (changed && !*nz(in->change_detail))
        return kumo_fail(k, KS_INVALID,
                         "利用状況が「変更あり」又は規約・設定変更が「有」のときは「変更の内容」を入力してください"
                         "（提供者選定基準⑪）");
    if (!strcmp(in->incident, "有") && !*nz(in->incident_detail))
        return kumo_fail(k, KS_INVALID, "インシデントが「有」のときは「インシデントの内容」を入力してください");
    if (*nz(in->inappropriate) && !*nz(in->referred_to))
        return kumo_fail(k, KS_INVALID,
                         "「不適切と考えられる事項」を記入したときは「相談先」（情報セキュリティ責任者及び統括情報セキュリティ"
                         "責任者）を入力してください（規定003 §4(8)）");
    if ((s = check_text(k, "変更の内容", in->change_detail, 400, true, false)) ||
        (s = check_text(k, "インシデントの内容", in->incident_detail, 400, true, false)) ||
        (s = check_text(k, "不適切と考えられる事項", in->inappropriate, 400, true, false)) ||
        (s = check_text(k, "相談先", in->referred_to, 80, false, false)))
        return s;
    snapshot snap;
    s = take_snapshot(k, LC_CK_OPERATE, "運用・保守時チェックリスト", in->answers, in->n_answers, &snap);
    if (s) return s;

    kdate old_due;
    bool has_old = date_parse(sv->next_review_due, &old_due);
    kdate next = lc_next_due(rd, old_due, has_old, kumo_review_interval(k));

    kreview r;
    memset(&r, 0, sizeof r);
    r.service_id = sv->id;
    r.fy = date_fiscal_year(rd);
    date_format(rd, r.reviewed_on, sizeof r.reviewed_on);
    r.reviewer_id = k->me.id;
    copy(r.usage, sizeof r.usage, in->usage);
    if (*uc) snprintf(r.user_count, sizeof r.user_count, "%ld", strtol(uc, NULL, 10));
    copy(r.terms_changed, sizeof r.terms_changed, in->terms_changed);
    copy(r.change_detail, sizeof r.change_detail, changed ? in->change_detail : "");
    copy(r.incident, sizeof r.incident, in->incident);
    copy(r.incident_detail, sizeof r.incident_detail, !strcmp(in->incident, "有") ? in->incident_detail : "");
    copy(r.inappropriate, sizeof r.inappropriate, in->inappropriate);
    copy(r.referred_to, sizeof r.referred_to, in->referred_to);
    /* What the 統括 and the 情報セキュリティ責任者 must see and answer (003 §4(8) 相談) */
    r.needs_response = !strcmp(r.usage, "変更あり") || *r.inappropriate || !strcmp(r.incident, "有") || snap.nonconf > 0;
    copy(r.prev_due, sizeof r.prev_due, has_old ? sv->next_review_due : "");
    date_format(next, r.next_due, sizeof r.next_due);
    copy(r.ck_key, sizeof r.ck_key, snap.key);
    copy(r.ck_name, sizeof r.ck_name, snap.name);
    copy(r.ck_version, sizeof r.ck_version, snap.version);

    char note[512];
    snprintf(note, sizeof note, "確認日 %s／利用状況 %s／次回確認期限 %s → %s%s", r.reviewed_on, r.usage,
             *r.prev_due ? r.prev_due : "（なし）", r.next_due, r.needs_response ? "／要対応" : "");
    char old_due_s[11];
    copy(old_due_s, sizeof old_due_s, sv->next_review_due);
    s = kumo_tx_begin(k);
    if (!s) s = db_review_insert(k->db, &r);
    if (!s) s = db_review_answers_replace(k->db, r.id, snap.v, snap.n);
    if (!s) {
        copy(sv->next_review_due, sizeof sv->next_review_due, r.next_due);
        s = db_service_update(k->db, sv);
    }
    if (!s) s = db_history_add(k->db, 0, sv->id, k->me.id, "利用状況確認", "", "", note);
    s = kumo_tx_end(k, s);
    snapshot_free(&snap);
    if (s) {
        copy(sv->next_review_due, sizeof sv->next_review_due, old_due_s);
        return s;
    }
    if (review_id) *review_id = r.id;
    return KS_OK;
}

kstatus lc_respond_review(kumo *k, int64_t review_id, const char *response)
{
    k->err[0] = 0;
    kreview *r = malloc(sizeof *r);
    if (!r) return kumo_fail(k, KS_NOMEM, NULL);
    kservice sv;
    kstatus s = db_review_get(k->db, review_id, r);
    if (!s) s = db_service_get(k->db, r->service_id, &sv);
    if (s) {
        free(r);
        return kumo_fail(k, s, s == KS_NOTFOUND ? "利用状況確認が見つかりません" : NULL);
    }
    char why[512];
    if (!policy_may_respond_review(&k->me, &sv, r, why, sizeof why)) {
        free(r);
        return kumo_fail(k, KS_DENIED, "%s", why);
    }
    s = check_text(k, "対応内容", response, 400, true, true);
    if (s) {
        free(r);
        return s;
    }
    char today[11], note[1800];
    date_format(date_today(), today, sizeof today);
    snprintf(note, sizeof note, "確認日 %s の利用状況確認（%s）への対応: %s", r->reviewed_on, r->usage, response);
    free(r);
    s = kumo_tx_begin(k);
    if (!s) s = db_review_respond(k->db, review_id, k->me.id, today, response);
    if (!s) s = db_history_add(k->db, 0, sv.id, k->me.id, "利用状況確認への対応", "", "", note);
    return kumo_tx_end(k, s);
}

/* Loads a service and checks the user may see it. */
static kstatus visible_service(kumo *k, int64_t service_id, kservice *sv)
{
    kstatus s = db_service_get(k->db, service_id, sv);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "クラウドサービスが見つかりません" : NULL);
    if (!policy_may_view_service(&k->me, sv))
        return kumo_fail(k, KS_DENIED, "このクラウドサービスを閲覧する権限がありません");
    return KS_OK;
}

kstatus lc_review_get(kumo *k, int64_t review_id, kreview *out, ck_answer **ans, size_t *n)
{
    k->err[0] = 0;
    if (ans) *ans = NULL;
    if (n) *n = 0;
    kservice sv;
    kstatus s = db_review_get(k->db, review_id, out);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "利用状況確認が見つかりません" : NULL);
    if ((s = visible_service(k, out->service_id, &sv))) return s;
    if (ans && n && (s = db_review_answers_load(k->db, review_id, ans, n))) return kumo_fail(k, s, NULL);
    return KS_OK;
}

/* The start of a list of one service's records (reviews, reports, versions): no message, an empty list, and the
   user must see the service. */
static kstatus service_list(kumo *k, int64_t service_id, void **out, size_t *n)
{
    k->err[0] = 0;
    *out = NULL;
    *n = 0;
    kservice sv;
    return visible_service(k, service_id, &sv);
}

kstatus lc_service_reviews(kumo *k, int64_t service_id, kreview **out, size_t *n)
{
    kstatus s = service_list(k, service_id, (void **)out, n);
    if (!s && (s = db_review_list(k->db, service_id, out, n))) kumo_fail(k, s, NULL);
    return s;
}

kstatus lc_pending_reviews(kumo *k, kreview **out, size_t *n)
{
    k->err[0] = 0;
    *out = NULL;
    *n = 0;
    int64_t dept = 0;
    if (!policy_review_queue(&k->me, &dept)) return KS_OK;
    kstatus s = db_review_pending(k->db, dept, out, n);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

/* ---- クラウドサービス管理者 ---- */

kstatus lc_redesignate_manager(kumo *k, kservice *sv, int64_t new_manager_id, const char *reason)
{
    k->err[0] = 0;
    char why[512];
    if (!policy_may_redesignate(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    kuser mgr;
    kstatus s = db_user_by_id(k->db, new_manager_id, &mgr);
    if (s || !policy_may_manage(&mgr))
        return kumo_fail(k, KS_INVALID,
                         "クラウドサービス管理者に指名できる利用者を選んでください（監査・システム管理者・無効な利用者は指名できません）");
    if (mgr.id == sv->manager_id)
        return kumo_fail(k, KS_INVALID, "%s は既にこのサービスのクラウドサービス管理者です", mgr.name);
    if ((s = check_text(k, "変更の理由", reason, 400, true, false))) return s;
    char old_name[128] = "（未指名）";
    kuser old;
    if (sv->manager_id && db_user_by_id(k->db, sv->manager_id, &old) == KS_OK)
        snprintf(old_name, sizeof old_name, "%s", old.name);
    char note[2048];
    snprintf(note, sizeof note, "%s → %s%s%s", old_name, mgr.name, *nz(reason) ? "／" : "", nz(reason));
    int64_t old_id = sv->manager_id;
    if ((s = kumo_tx_begin(k))) return s;
    sv->manager_id = mgr.id;
    s = db_service_update(k->db, sv);
    if (!s) s = db_history_add(k->db, 0, sv->id, k->me.id, "管理者変更", "", "", note);
    s = kumo_tx_end(k, s);
    if (s) {
        sv->manager_id = old_id;
        return s;
    }
    copy(sv->manager, sizeof sv->manager, mgr.name);
    return KS_OK;
}

/* ---- 終了連絡 ---- */

static kstatus check_account(kumo *k, const char *label, const char *v, bool ended)
{
    if (!one_of(LC_ACCOUNTS, v))
        return kumo_fail(k, KS_INVALID, "「%s」は 削除済・削除予定・該当なし のいずれかを選んでください（規定003 §4(7)③）",
                         label);
    if (ended && !strcmp(v, "削除予定"))
        return kumo_fail(k, KS_INVALID,
                         "終了日を過ぎているため「%s」は 削除済 又は 該当なし にしてください（規定003 §4(7)③）", label);
    return KS_OK;
}

kstatus lc_file_termination(kumo *k, const kservice *sv, const lc_termination_input *in, int64_t *id)
{
    k->err[0] = 0;
    char why[512];
    if (!policy_may_terminate(&k->me, sv, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    ktermination *open = malloc(sizeof *open);
    if (!open) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = db_termination_open(k->db, sv->id, open);
    if (s == KS_OK) {
        kumo_fail(k, KS_EXISTS, "このサービスには受理待ちの終了連絡（%s 提出）が既にあります", open->filed_on);
        free(open);
        return KS_EXISTS;
    }
    free(open);
    if (s != KS_NOTFOUND) return kumo_fail(k, s, NULL);

    kdate today = date_today(), end, notice;
    if ((s = check_date(k, "終了日", in->end_date, &end))) return s;
    if (!one_of(LC_PLANS, in->plan))
        return kumo_fail(k, KS_INVALID, "「移行計画書又は終了計画書」は 作成済・不要 のいずれかを選んでください（規定003 §4(7)①）");
    if (!strcmp(in->plan, "不要") && !*nz(in->plan_reason))
        return kumo_fail(k, KS_INVALID, "移行計画書又は終了計画書を「不要」とするときは「不要の理由」を入力してください"
                                        "（規定003 §4(7)①）");
    if ((s = check_date(k, "利用者への事前周知日", in->notice_date, &notice))) return s;
    char end_s[11];
    date_format(end, end_s, sizeof end_s);
    if (date_cmp(notice, end) > 0)
        return kumo_fail(k, KS_INVALID,
                         "「利用者への事前周知日」は終了日（%s）以前の日付にしてください（規定003 §4(7)①：利用終了の予定時期を"
                         "事前に知らせる）",
                         end_s);
    bool conf2 = form_track_of(sv->conf) == TRACK_83;
    if (*nz(in->disposal) && !one_of(LC_DISPOSALS, in->disposal))
        return kumo_fail(k, KS_INVALID,
                         "「情報の廃棄方法」は 暗号化消去・上書き消去・物理破壊・事業者の削除証明の受領 のいずれかを選んでください");
    if (conf2 && !*nz(in->disposal))
        return kumo_fail(k, KS_INVALID,
                         "機密性%sの情報を取り扱ったサービスは「情報の廃棄方法」（暗号化消去・上書き消去・物理破壊・事業者の"
                         "削除証明の受領）を選んでください（規定003 §4(7)②、ポリシー004 §8-3(8)③）",
                         sv->conf);
    bool ended = date_cmp(end, today) <= 0;
    if ((s = check_account(k, "利用者アカウント", in->accounts_users, ended)) ||
        (s = check_account(k, "特権アカウント", in->accounts_privileged, ended)) ||
        (s = check_account(k, "特殊アカウントと資格情報", in->accounts_special, ended)))
        return s;
    if ((s = check_text(k, "不要の理由", in->plan_reason, 400, true, false)) ||
        (s = check_text(k, "廃棄の確認内容", in->disposal_note, 400, true, false)) ||
        (s = check_text(k, "備考", in->remarks, 400, true, false)))
        return s;
    snapshot snap;
    s = take_snapshot(k, LC_CK_RETIRE, "更改・廃棄時チェックリスト", in->answers, in->n_answers, &snap);
    if (s) return s;

    ktermination *t = calloc(1, sizeof *t);
    if (!t) {
        snapshot_free(&snap);
        return kumo_fail(k, KS_NOMEM, NULL);
    }
    t->service_id = sv->id;
    copy(t->end_date, sizeof t->end_date, end_s);
    copy(t->plan, sizeof t->plan, in->plan);
    copy(t->plan_reason, sizeof t->plan_reason, !strcmp(in->plan, "不要") ? in->plan_reason : "");
    date_format(notice, t->notice_date, sizeof t->notice_date);
    copy(t->disposal, sizeof t->disposal, in->disposal);
    copy(t->disposal_note, sizeof t->disposal_note, in->disposal_note);
    copy(t->accounts_users, sizeof t->accounts_users, in->accounts_users);
    copy(t->accounts_privileged, sizeof t->accounts_privileged, in->accounts_privileged);
    copy(t->accounts_special, sizeof t->accounts_special, in->accounts_special);
    copy(t->remarks, sizeof t->remarks, in->remarks);
    t->filed_by = k->me.id;
    date_format(today, t->filed_on, sizeof t->filed_on);
    copy(t->ck_key, sizeof t->ck_key, snap.key);
    copy(t->ck_name, sizeof t->ck_name, snap.name);
    copy(t->ck_version, sizeof t->ck_version, snap.version);
    char note[512];
    snprintf(note, sizeof note, "終了日 %s／移行計画書又は終了計画書 %s／情報の廃棄方法 %s", t->end_date, t->plan,
             *t->disposal ? t->disposal : "（記載なし）");
    s = kumo_tx_begin(k);
    if (!s) s = db_termination_insert(k->db, t);
    if (s == KS_CONSTRAINT) s = kumo_fail(k, KS_EXISTS, "このサービスには受理待ちの終了連絡が既にあります");
    if (!s) s = db_termination_answers_replace(k->db, t->id, snap.v, snap.n);
    if (!s) s = db_history_add(k->db, 0, sv->id, k->me.id, "終了連絡", "", "", note);
    s = kumo_tx_end(k, s);
    snapshot_free(&snap);
    if (!s && id) *id = t->id;
    free(t);
    return s;
}

/* Loads a report for a decision and checks the policy. */
static kstatus load_for_decision(kumo *k, int64_t id, ktermination *t)
{
    kstatus s = db_termination_get(k->db, id, t);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "終了連絡が見つかりません" : NULL);
    char why[512];
    if (!policy_may_accept_termination(&k->me, t, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return KS_OK;
}

kstatus lc_accept_termination(kumo *k, int64_t termination_id, const char *comment)
{
    k->err[0] = 0;
    ktermination *t = malloc(sizeof *t);
    if (!t) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_for_decision(k, termination_id, t);
    if (!s) s = check_text(k, "受理の所見", comment, 400, true, false);
    /* a 変更申請 under review would, once approved, bring the service back into the register */
    kversion *vers = NULL;
    size_t nv = 0;
    if (!s && (s = db_service_versions(k->db, t->service_id, &vers, &nv))) kumo_fail(k, s, NULL);
    for (size_t i = 0; i < nv && !s; i++)
        if (!strcmp(vers[i].state, "submitted"))
            s = kumo_fail(k, KS_INVALID,
                          "このサービスには審査中の変更申請（%s）があります。変更申請の審査を終えてから受理してください",
                          vers[i].app_no);
    free(vers);
    if (s) {
        free(t);
        return s;
    }
    char today[11], note[1800];
    date_format(date_today(), today, sizeof today);
    snprintf(note, sizeof note, "終了日 %s（%s 提出）%s%s", t->end_date, t->filer, *nz(comment) ? "／" : "", nz(comment));
    kservice sv;
    s = kumo_tx_begin(k);
    if (!s) s = db_service_get(k->db, t->service_id, &sv);
    if (!s) s = db_termination_decide(k->db, t->id, "accepted", k->me.id, today, nz(comment));
    if (!s) {
        snprintf(sv.status, sizeof sv.status, "terminated");
        copy(sv.terminated_on, sizeof sv.terminated_on, t->end_date);
        s = db_service_update(k->db, &sv);
    }
    if (!s) s = db_history_add(k->db, 0, t->service_id, k->me.id, "終了連絡受理", "active", "terminated", note);
    free(t);
    return kumo_tx_end(k, s);
}

kstatus lc_return_termination(kumo *k, int64_t termination_id, const char *comment)
{
    k->err[0] = 0;
    ktermination *t = malloc(sizeof *t);
    if (!t) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = load_for_decision(k, termination_id, t);
    if (!s) s = check_text(k, "差戻しの理由", comment, 400, true, true);
    if (s) {
        free(t);
        return s;
    }
    char today[11], note[1800];
    date_format(date_today(), today, sizeof today);
    snprintf(note, sizeof note, "終了日 %s（%s 提出）／%s", t->end_date, t->filer, comment);
    int64_t sid = t->service_id;
    free(t);
    s = kumo_tx_begin(k);
    if (!s) s = db_termination_decide(k->db, termination_id, "returned", k->me.id, today, comment);
    if (!s) s = db_history_add(k->db, 0, sid, k->me.id, "終了連絡差戻し", "", "", note);
    return kumo_tx_end(k, s);
}

kstatus lc_termination_get(kumo *k, int64_t id, ktermination *out, ck_answer **ans, size_t *n)
{
    k->err[0] = 0;
    if (ans) *ans = NULL;
    if (n) *n = 0;
    kservice sv;
    kstatus s = db_termination_get(k->db, id, out);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "終了連絡が見つかりません" : NULL);
    if ((s = visible_service(k, out->service_id, &sv))) return s;
    if (ans && n && (s = db_termination_answers_load(k->db, id, ans, n))) return kumo_fail(k, s, NULL);
    return KS_OK;
}

kstatus lc_service_terminations(kumo *k, int64_t service_id, ktermination **out, size_t *n)
{
    kstatus s = service_list(k, service_id, (void **)out, n);
    if (!s && (s = db_termination_list(k->db, service_id, out, n))) kumo_fail(k, s, NULL);
    return s;
}

kstatus lc_open_termination(kumo *k, int64_t service_id, ktermination *out)
{
    k->err[0] = 0;
    kservice sv;
    kstatus s = visible_service(k, service_id, &sv);
    if (!s && (s = db_termination_open(k->db, service_id, out)) && s != KS_NOTFOUND) kumo_fail(k, s, NULL);
    return s;
}

kstatus lc_pending_terminations(kumo *k, ktermination **out, size_t *n)
{
    k->err[0] = 0;
    kstatus s = db_termination_pending(k->db, out, n);
    if (s) return kumo_fail(k, s, NULL);
    size_t w = 0;
    for (size_t i = 0; i < *n; i++)
        if (policy_sees_pending_termination(&k->me, &(*out)[i])) {
            if (w != i) memcpy(&(*out)[w], &(*out)[i], sizeof **out);
            w++;
        }
    *n = w;
    if (!w) {
        free(*out);
        *out = NULL;
    }
    return KS_OK;
}

/* ---- due lists ---- */

static kstatus due_query(kumo *k, int within_days, bool mine, kdue_query *q, char today[11], char until[11],
                         kdate *td)
{
    if (within_days < 0 || within_days > 3660)
        return kumo_fail(k, KS_INVALID, "期限の日数は0〜3660日で指定してください");
    *td = date_today();
    date_format(*td, today, 11);
    date_format(date_add_days(*td, within_days), until, 11);
    memset(q, 0, sizeof *q);
    q->today = today;
    q->until = until;
    policy_due_scope(&k->me, mine, q);
    return KS_OK;
}

kstatus lc_due_each(kumo *k, int within_days, bool mine, kdue_cb cb, void *ctx)
{
    k->err[0] = 0;
    kdue_query q;
    char today[11], until[11];
    kdate td;
    kstatus s = due_query(k, within_days, mine, &q, today, until, &td);
    if (s) return s;
    s = db_due_each(k->db, &q, cb, ctx);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

typedef struct due_collect {
    lc_due_list *l;
    bool oom;   /* the list stopped short: never shown as if it were complete */
} due_collect;

static int collect_due(const kdue_item *it, void *p)
{
    due_collect *c = p;
    lc_due_list *l = c->l;
    if (l->n % 64 == 0) {
        kdue_item *v = realloc(l->v, (l->n + 64) * sizeof *v);
        if (!v) {
            c->oom = true;
            return 1;
        }
        l->v = v;
    }
    l->v[l->n++] = *it;
    if (it->kind >= 0 && it->kind < 3) l->count[it->kind]++;
    return 0;
}

kstatus lc_due(kumo *k, int within_days, bool mine, lc_due_list *out)
{
    memset(out, 0, sizeof *out);
    out->today = date_today();
    due_collect c = {.l = out};
    kstatus s = lc_due_each(k, within_days, mine, collect_due, &c);
    if (!s && c.oom) s = kumo_fail(k, KS_NOMEM, NULL);
    if (s) lc_due_free(out);
    return s;
}

void lc_due_free(lc_due_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
    memset(l->count, 0, sizeof l->count);
}

bool lc_due_is_overdue(const kdue_item *it) { return it->kind == DUE_REVIEW_OVERDUE || it->kind == DUE_END_PASSED; }

const char *lc_due_label(const kdue_item *it)
{
    switch (it->kind) {
    case DUE_REVIEW_OVERDUE: return "確認期限超過";
    case DUE_REVIEW_SOON: return "確認期限間近";
    case DUE_END_PASSED: return it->report_filed ? "終了連絡受理待ち" : "利用終了予定日超過";
    }
    return "";
}

/* ---- 年次利用状況確認 ---- */

static const char *const ANNUAL_LABELS[ANNUAL__COUNT] = {"未実施", "実施済", "要対応"};

const char *lc_annual_label(kannual_status s) { return s >= 0 && s < ANNUAL__COUNT ? ANNUAL_LABELS[s] : ""; }

int lc_annual_parse(const char *s)
{
    static const char *const EN[ANNUAL__COUNT] = {"none", "done", "action"};
    for (int i = 0; s && i < ANNUAL__COUNT; i++)
        if (!strcmp(s, ANNUAL_LABELS[i]) || !strcmp(s, EN[i])) return i;
    return -1;
}

/* Checks the 年度 and who may see its 年次利用状況確認 (policy_annual_scope, which may narrow *dept). */
static kstatus annual_scope(kumo *k, int fy, int64_t *dept)
{
    if (fy < 2000 || fy > 2999) return kumo_fail(k, KS_INVALID, "年度は西暦の4桁（例: 2026 = 令和8年度）で指定してください");
    char why[512];
    if (!policy_annual_scope(&k->me, dept, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return KS_OK;
}

static void annual_query(kannual_query *q, int fy, int64_t dept, int status, char today[11])
{
    date_format(date_today(), today, 11);
    memset(q, 0, sizeof *q);
    q->fy = fy;
    q->today = today;
    q->dept_id = dept;
    q->status = status >= 0 && status < ANNUAL__COUNT ? status : -1;
}

kstatus lc_annual_page(kumo *k, int fy, int64_t dept_id, int status, const char *after_no, int limit,
                       kannual_row *out, int *n)
{
    k->err[0] = 0;
    *n = 0;
    kstatus s = annual_scope(k, fy, &dept_id);
    if (s) return s;
    kannual_query q;
    char today[11];
    annual_query(&q, fy, dept_id, status, today);
    s = db_annual_page(k->db, &q, after_no, limit, out, n);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

kstatus lc_annual_each(kumo *k, int fy, int64_t dept_id, int status, kannual_cb cb, void *ctx)
{
    k->err[0] = 0;
    kstatus s = annual_scope(k, fy, &dept_id);
    if (s) return s;
    kannual_query q;
    char today[11];
    annual_query(&q, fy, dept_id, status, today);
    s = db_annual_each(k->db, &q, cb, ctx);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

static int add_count(int64_t dept_id, const char *dept, kannual_status st, int64_t count, void *ctx)
{
    (void)dept_id;
    (void)dept;
    ((int64_t *)ctx)[st] += count;
    return 0;
}

kstatus lc_annual_counts(kumo *k, int fy, int64_t dept_id, int64_t counts[ANNUAL__COUNT])
{
    k->err[0] = 0;
    memset(counts, 0, ANNUAL__COUNT * sizeof counts[0]);
    kstatus s = annual_scope(k, fy, &dept_id);
    if (s) return s;
    kannual_query q;
    char today[11];
    annual_query(&q, fy, dept_id, -1, today);
    s = db_annual_counts(k->db, &q, add_count, counts);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

kstatus lc_annual_dept_counts(kumo *k, int fy, kannual_count_cb cb, void *ctx)
{
    k->err[0] = 0;
    int64_t dept = 0;
    kstatus s = annual_scope(k, fy, &dept);
    if (s) return s;
    kannual_query q;
    char today[11];
    annual_query(&q, fy, dept, -1, today);
    s = db_annual_counts(k->db, &q, cb, ctx);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

/* ---- 変更申請: differences ---- */

static kstatus diff_add(lc_diff_list *d, int field, const char *label, const char *before, const char *after)
{
    lc_diff_item *v = realloc(d->v, (d->n + 1) * sizeof *v);
    if (!v) return KS_NOMEM;
    d->v = v;
    lc_diff_item *it = &d->v[d->n];
    it->field = field;
    it->label = label;
    it->before = strdup(nz(before));
    it->after = strdup(nz(after));
    if (!it->before || !it->after) {
        free(it->before);
        free(it->after);
        return KS_NOMEM;
    }
    d->n++;
    return KS_OK;
}

kstatus lc_diff(const kapp *app, const kapp *parent, lc_diff_list *out)
{
    memset(out, 0, sizeof *out);
    const field_def *defs = form_fields();
    kstatus s = KS_OK;
    for (int f = 0; f < FF_COUNT && !s; f++) {
        if (f == FF_KIND) continue; /* 新規 → 変更 is what makes it a 変更申請, not a difference */
        const char *a = nz(parent->v[f]), *b = nz(app->v[f]);
        if (strcmp(a, b)) s = diff_add(out, f, defs[f].label, a, b);
    }
    if (!s && strcmp(nz(parent->track), nz(app->track)))
        s = diff_add(out, -1, "区分", form_track_label(form_track_from_code(parent->track)),
                     form_track_label(form_track_from_code(app->track)));
    if (s) lc_diff_free(out);
    return s;
}

kstatus lc_diff_load(kumo *k, const kapp *app, lc_diff_list *out)
{
    k->err[0] = 0;
    memset(out, 0, sizeof *out);
    if (!app->parent_id) return kumo_fail(k, KS_NOTFOUND, "変更申請ではないため、比較する元の申請がありません");
    if (!kumo_check(k, ACT_VIEW, app)) return KS_DENIED;
    kapp parent;
    kstatus s = db_app_get(k->db, app->parent_id, &parent);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "変更申請の元の申請が見つかりません" : NULL);
    s = lc_diff(app, &parent, out);
    kapp_free(&parent);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

void lc_diff_free(lc_diff_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].before);
        free(d->v[i].after);
    }
    free(d->v);
    d->v = NULL;
    d->n = 0;
}

kstatus lc_versions(kumo *k, int64_t service_id, kversion **out, size_t *n)
{
    kstatus s = service_list(k, service_id, (void **)out, n);
    if (!s && (s = db_service_versions(k->db, service_id, out, n))) kumo_fail(k, s, NULL);
    return s;
}
