/* The life of an approved service after the core workflow (SPEC "Lifecycle"):
   利用状況確認 (規定003 §4(8), §5; ポリシー004 §8-3(7)⑤) and the response to what it raises,
   re-designation of the クラウドサービス管理者 (003 §4(4)②), the 年次利用状況確認 per 年度,
   変更申請 differences, 終了連絡 and its 受理 (003 §4(4)③, §4(7); 004 §8-3(8)), and the due lists.
   Every step checks the policy (app/policy.c), validates its input with Japanese messages naming the field and the
   rule, runs in one transaction and leaves a history row on the service. The UI and the command line call this. */
#ifndef KUMO_APP_LIFECYCLE_H
#define KUMO_APP_LIFECYCLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "db/lifecycle.h"

/* Checklist templates answered after approval (templates/index.csv keys). */
#define LC_CK_OPERATE "operate"   /* 運用・保守時 §4(6) — with each 利用状況確認 */
#define LC_CK_RETIRE "retire"     /* 更改・廃棄時 §4(7) — with the 終了連絡 */

/* Choices, NULL-terminated, as the screens offer them. */
extern const char *const LC_USAGES[];      /* 継続 変更あり 終了予定 */
extern const char *const LC_YESNO[];       /* 無 有 */
extern const char *const LC_PLANS[];       /* 作成済 不要 */
extern const char *const LC_DISPOSALS[];   /* 暗号化消去 上書き消去 物理破壊 事業者の削除証明の受領 */
extern const char *const LC_ACCOUNTS[];    /* 削除済 削除予定 該当なし */

/* ---- policy (defined in app/policy.c, the one place for who may do what) ---- */

/* Sees the service's reviews, reports and history: everyone who sees all, its manager, its 部局's
   情報セキュリティ責任者. */
bool policy_may_view_service(const kuser *u, const kservice *s);
/* 利用状況確認 (003 §4(8)): the designated クラウドサービス管理者, or the approver / CISO; never auditor or admin;
   only while the service is active. */
bool policy_may_review(const kuser *u, const kservice *s, char *why, size_t n);
/* The response to a review that raised something (相談, 003 §4(8)): approver, CISO, or the 情報セキュリティ責任者 of
   the service's 部局 — never the person who recorded the review (兼務の禁止, 004 §1(8)). */
bool policy_may_respond_review(const kuser *u, const kservice *s, const kreview *r, char *why, size_t n);
/* Re-designating the クラウドサービス管理者: the approver or CISO (003 §4(4)②, 004 §8-3(5)③). */
bool policy_may_redesignate(const kuser *u, const kservice *s, char *why, size_t n);
/* Filing a 終了連絡 (003 §4(4)③): the service's manager or its 部局's 情報セキュリティ責任者; active services only. */
bool policy_may_terminate(const kuser *u, const kservice *s, char *why, size_t n);
/* 受理 or 差戻し of a 終了連絡: the approver or CISO, never the filer (004 §1(8)); only reports awaiting 受理. */
bool policy_may_accept_termination(const kuser *u, const ktermination *t, char *why, size_t n);
/* Reviews awaiting a response that u's ホーム shows (相談, 003 §4(8)): every one for those who see all (*dept_id 0),
   the own 部局's for a 情報セキュリティ責任者; none for others (false). */
bool policy_review_queue(const kuser *u, int64_t *dept_id);
/* Whether u's ホーム shows a 終了連絡 awaiting 受理: those who see all; the 情報セキュリティ責任者 of its 部局; its filer. */
bool policy_sees_pending_termination(const kuser *u, const ktermination *t);
/* The due lists: a user who does not see every service gets, whatever they asked (mine), the services they manage
   and, as 情報セキュリティ責任者, those of their 部局. */
void policy_due_scope(const kuser *u, bool mine, kdue_query *q);
/* The 年次利用状況確認 (003 §5): those who see all (*dept_id as asked); a 情報セキュリティ責任者 the own 部局 (*dept_id
   forced to it); nobody else (false, why gets the reason). */
bool policy_annual_scope(const kuser *u, int64_t *dept_id, char *why, size_t n);

/* ---- due-date arithmetic ---- */

/* The next 次回利用状況確認期限 after a review dated `reviewed`:
       max(reviewed + months, old_due)
   One interval after the review itself, so a second review in the same cycle does not push the date a further
   year away, and never earlier than a due date already set (an approver may have set a later one).
   Month arithmetic clamps to the end of a shorter month: 2028-02-29 + 12 months = 2029-02-28,
   2026-08-31 + 6 months = 2027-02-28. has_old false: no previous due date. */
kdate lc_next_due(kdate reviewed, kdate old_due, bool has_old, int months);
/* Days from `from` to `to` (negative when `to` is earlier). */
long lc_days_between(kdate from, kdate to);

/* ---- checklists ---- */

/* The template `key` (LC_CK_OPERATE, LC_CK_RETIRE) as unanswered items, for a screen to fill; caller frees with
   checklist_answers_free. name/version (may be NULL) receive the template's identity. */
kstatus lc_checklist_blank(kumo *k, const char *key, ck_answer **out, size_t *n, char *name, size_t name_n);
/* Sets every item's answer to `answer` (all-適合 on the command line). */
void lc_answer_all(ck_answer *v, size_t n, const char *answer);

/* ---- 利用状況確認 ---- */

typedef struct lc_review_input {
    const char *reviewed_on;      /* 確認日 (required, a real date, not after today) */
    const char *usage;            /* 利用状況: 継続 / 変更あり / 終了予定 */
    const char *user_count;       /* 利用者数: "" or an integer 0–9999999 */
    const char *terms_changed;    /* 規約・設定変更の有無: 有 / 無 (選定基準⑪) */
    const char *change_detail;    /* 変更の内容: required with 変更あり or 有 */
    const char *incident;         /* インシデントの有無: 有 / 無 */
    const char *incident_detail;  /* required with 有 */
    const char *inappropriate;    /* 不適切と考えられる事項 (optional) */
    const char *referred_to;      /* 相談先: required with 不適切と考えられる事項 */
    const ck_answer *answers;     /* 運用・保守時チェックリスト answers, matched to the template by code */
    size_t n_answers;
} lc_review_input;

/* Records a review of `sv` and moves its 次回利用状況確認期限 (lc_next_due with the review_interval_months
   setting). A review "needs a response" — and shows on the approver's and the 情報セキュリティ責任者's ホーム
   until someone records it — when it reports 変更あり, 不適切と考えられる事項, an incident, or a 不適合 checklist
   answer. On success sv is updated (due date, version) and *review_id set. KS_CONFLICT if sv is stale. */
kstatus lc_record_review(kumo *k, kservice *sv, const lc_review_input *in, int64_t *review_id);
/* Records the response to a review that needs one (相談への対応). */
kstatus lc_respond_review(kumo *k, int64_t review_id, const char *response);
/* A review with its checklist answers (ans/n may be NULL); checks the user may see the service. */
kstatus lc_review_get(kumo *k, int64_t review_id, kreview *out, ck_answer **ans, size_t *n);
/* Reviews of one service, newest first; caller frees *out. */
kstatus lc_service_reviews(kumo *k, int64_t service_id, kreview **out, size_t *n);
/* Reviews awaiting a response that the user's ホーム shows: every one for approver / CISO / auditor, their 部局's
   for a 情報セキュリティ責任者, none for others. Caller frees *out. */
kstatus lc_pending_reviews(kumo *k, kreview **out, size_t *n);

/* ---- クラウドサービス管理者 ---- */

/* Designates another クラウドサービス管理者 for `sv`; the history keeps 旧 → 新 (管理者変更). reason may be "". */
kstatus lc_redesignate_manager(kumo *k, kservice *sv, int64_t new_manager_id, const char *reason);

/* ---- 終了連絡 ---- */

typedef struct lc_termination_input {
    const char *end_date;            /* 終了日 (required, a real date) */
    const char *plan;                /* 移行計画書又は終了計画書: 作成済 / 不要 */
    const char *plan_reason;         /* required with 不要 */
    const char *notice_date;         /* 利用者への事前周知日 (required, not after 終了日) */
    const char *disposal;            /* 情報の廃棄方法: required when the service handles 機密性2以上 */
    const char *disposal_note;       /* 廃棄の確認内容 (optional) */
    const char *accounts_users;      /* 利用者アカウント: 削除済 / 削除予定 / 該当なし */
    const char *accounts_privileged; /* 特権アカウント */
    const char *accounts_special;    /* 特殊アカウントと資格情報 */
    const char *remarks;
    const ck_answer *answers;        /* 更改・廃棄時チェックリスト answers, matched by code */
    size_t n_answers;
} lc_termination_input;

/* Files a 終了連絡 for `sv` (one awaiting 受理 at a time); *id receives its id. */
kstatus lc_file_termination(kumo *k, const kservice *sv, const lc_termination_input *in, int64_t *id);
/* 受理: the report is accepted and the service becomes 終了 (terminated_on = 終了日); it leaves the active
   register but stays in the database with its history. comment may be "". */
kstatus lc_accept_termination(kumo *k, int64_t termination_id, const char *comment);
/* 差戻し: the report goes back to the filer with a reason (required); the service stays active. */
kstatus lc_return_termination(kumo *k, int64_t termination_id, const char *comment);
kstatus lc_termination_get(kumo *k, int64_t id, ktermination *out, ck_answer **ans, size_t *n);
kstatus lc_service_terminations(kumo *k, int64_t service_id, ktermination **out, size_t *n);
/* The service's 終了連絡 awaiting 受理 (KS_NOTFOUND, without a message, when there is none). */
kstatus lc_open_termination(kumo *k, int64_t service_id, ktermination *out);
/* Reports awaiting 受理 the user's ホーム shows: every one for approver / CISO / auditor; otherwise those of the
   user's 部局 (情報セキュリティ責任者) or filed by the user. Caller frees *out. */
kstatus lc_pending_terminations(kumo *k, ktermination **out, size_t *n);

/* ---- due lists (ホーム and `kumo due`) ---- */

typedef struct lc_due_list {
    kdue_item *v;          /* by kind (overdue reviews, reviews due soon, 利用終了予定日 passed), then date */
    size_t n;
    size_t count[3];       /* per kdue_kind */
    kdate today;
} lc_due_list;

/* Reviews overdue, reviews due within `within_days` days (today included), and active services past their
   利用終了予定日 (no 終了連絡 accepted; report_filed tells whether one awaits 受理).
   mine: only services the user manages or, for a 情報セキュリティ責任者, of their 部局. A user who does not see
   everything (policy_sees_all) always gets `mine`. */
kstatus lc_due(kumo *k, int within_days, bool mine, lc_due_list *out);
kstatus lc_due_each(kumo *k, int within_days, bool mine, kdue_cb cb, void *ctx);
void lc_due_free(lc_due_list *l);
/* Whether an item counts as overdue (`kumo due` exits 1): overdue reviews and passed end dates. */
bool lc_due_is_overdue(const kdue_item *it);
const char *lc_due_label(const kdue_item *it);   /* 確認期限超過, 確認期限間近, 利用終了予定日超過, 終了連絡受理待ち */

/* ---- 年次利用状況確認 (per 年度, April–March) ---- */

/* The review status of a service in 年度 `fy` (computed by db/db_lifecycle.c so lists, filters and counts agree):
     要対応 — a review dated in the 年度 needs a response and has none, or the service is active and its
              次回利用状況確認期限 is before today (the review is overdue now, whatever the 年度 shown);
     実施済 — otherwise, at least one review is dated in the 年度;
     未実施 — otherwise.
   Rows are the services in use in the 年度: active, or terminated on or after its first day, and first approved
   by its last day. Visible to those who see everything; a 情報セキュリティ責任者 sees their 部局 only. */
const char *lc_annual_label(kannual_status s);
/* Parses 未実施 / 実施済 / 要対応 (or none/done/action); -1 if unknown. */
int lc_annual_parse(const char *s);
/* dept_id 0 = every 部局 (forced to the user's own for a 情報セキュリティ責任者); status -1 = any. */
kstatus lc_annual_page(kumo *k, int fy, int64_t dept_id, int status, const char *after_no, int limit,
                       kannual_row *out, int *n);
kstatus lc_annual_each(kumo *k, int fy, int64_t dept_id, int status, kannual_cb cb, void *ctx);
/* Counts per status for the header line (the status filter does not apply). */
kstatus lc_annual_counts(kumo *k, int fy, int64_t dept_id, int64_t counts[ANNUAL__COUNT]);
kstatus lc_annual_dept_counts(kumo *k, int fy, kannual_count_cb cb, void *ctx);

/* ---- 変更申請: differences ---- */

typedef struct lc_diff_item {
    int field;             /* form_field, or -1 for the derived 区分 (track) */
    const char *label;     /* form_fields() label */
    char *before, *after;
} lc_diff_item;

typedef struct lc_diff_list {
    lc_diff_item *v;
    size_t n;
} lc_diff_list;

/* Field-by-field differences of a 変更申請 `app` against the application it came from (`parent`), in form order;
   申請区分 (新規 → 変更) is left out, a change of track (e.g. 機密性 raised to 2以上: §8-4 → §8-3) is added last. */
kstatus lc_diff(const kapp *app, const kapp *parent, lc_diff_list *out);
/* The same, loading app's parent; KS_NOTFOUND with a message when app is not a 変更申請. */
kstatus lc_diff_load(kumo *k, const kapp *app, lc_diff_list *out);
void lc_diff_free(lc_diff_list *d);

/* ---- export ---- */

/* The 年次利用状況確認 of 年度 fy as a workbook: sheet 年次利用状況確認 (one row per service, constant memory) and
   sheet 集計 (counts by 部局 and status). rows gets the number of services. */
kstatus export_reviews_xlsx(kumo *k, int fy, const char *path, size_t *rows);

/* Every application of a service (the original and its 変更申請), oldest first; caller frees *out. */
kstatus lc_versions(kumo *k, int64_t service_id, kversion **out, size_t *n);
#endif
