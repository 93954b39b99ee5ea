/* The domain: who the user is, what the policy lets them do, and every step of the workflow.
   The UI and the command line call only this; it calls db/. */
#ifndef KUMO_APP_H
#define KUMO_APP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "forms/checklist.h"
#include "forms/date.h"
#include "forms/form.h"

#define KUMO_VERSION "0.1.0"

/* One session: an open database and the user acting. Opaque to the front ends (defined in app/internal.h); they
   read it through the functions below. */
typedef struct kumo kumo;

/* ---- session, identity, errors ---- */

/* Opens an existing database (mode DB_OPEN_EXISTING) or makes a new one (DB_OPEN_CREATE). */
kstatus kumo_open(const char *path, db_open_mode mode, kumo **out);
void kumo_close(kumo **k);
/* The database path: --db, else $KUMO_DB, else $XDG_DATA_HOME/kumo/kumo.db (~/.local/share/kumo/kumo.db). */
const char *kumo_default_db_path(char *buf, size_t n);
/* Identifies the user: the OS login, or `as_login` ($KUMO_USER or the picker) only in a demo database. */
kstatus kumo_login(kumo *k, const char *as_login);
/* Nobody acts until the next kumo_login (the demo's user picker). */
void kumo_logout(kumo *k);
/* The user acting (all zero before kumo_login), whether one is, and what the session is on. */
const kuser *kumo_me(const kumo *k);
bool kumo_logged_in(const kumo *k);
/* A database made by `kumo demo`: acting as another user (KUMO_USER, the picker) is allowed. */
bool kumo_is_demo(const kumo *k);
/* 団体名 (kumo init --org). */
const char *kumo_org(const kumo *k);
/* Japanese text of a status, and of the last failure with its detail. */
const char *kumo_strerror(kstatus s);
const char *kumo_last_error(const kumo *k);
/* Japanese text for why a file could not be written or read (an errno): ディスクの空き容量が不足しています … */
const char *kumo_io_reason(int err);
kstatus kumo_fail(kumo *k, kstatus s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Roles as the policy names them. */
const char *role_label(const char *role);       /* 情報セキュリティ責任者 … */
const char *role_short(const char *role);       /* 部局長 … (fits 10 columns) */
bool role_valid(const char *role);
/* States of an application as the UI shows them. */
const char *state_label(const char *state);     /* draft → 下書き … */

/* ---- policy: who may do what (004 §1(8), §8-3, §8-4) ---- */
typedef enum kaction {
    ACT_VIEW,
    ACT_CREATE,
    ACT_EDIT,          /* the 申請 half and the 確認事項, in 下書き or 差戻し */
    ACT_DELETE,        /* a draft never submitted */
    ACT_SUBMIT,
    ACT_WITHDRAW,      /* 引戻し: before anyone decides */
    ACT_DECIDE,        /* 差戻し, 承認, 条件付承認, 却下 */
    ACT_CHANGE,        /* 変更申請 from an approved service */
    ACT__COUNT
} kaction;

/* May `u` do `a` to application `app` (NULL for ACT_CREATE)? applicant_role is the role of app's applicant.
   On refusal writes the Japanese reason, naming the rule, to why. */
bool policy_allows(const kuser *u, kaction a, const kapp *app, const char *applicant_role, char *why, size_t n);
/* 変更申請 of an approved service: its 部局's 情報セキュリティ責任者 (or the managing 職員等 of a 機密性1 service). */
bool policy_may_change(const kuser *u, const kservice *s, char *why, size_t n);
/* Who will decide the application filed by `applicant`: the name of the role, for messages. */
const char *policy_decider_label(const kuser *applicant, const kapp *app);
/* Users, 部局 and settings: the システム管理者 only. */
bool policy_may_administer(const kuser *u, char *why, size_t n);
/* The list of every user with their roles: those who administer or see everything. */
bool policy_may_list_users(const kuser *u, char *why, size_t n);
/* Tracks a user's role may file. */
bool policy_may_file_track(const char *role, form_track t);
/* Whether the role sees every application (approver, ciso, auditor, admin). */
bool policy_sees_all(const char *role);
bool policy_read_only(const char *role);          /* auditor, admin: change no application */
/* May this user be designated クラウドサービス管理者? (an active staff member, not auditor/admin) */
bool policy_may_manage(const kuser *u);
/* Restricts an application list to what u sees: everything for those who see all, the own 部局's and the own
   applications for a 情報セキュリティ責任者, the own applications otherwise. */
void policy_app_scope(const kuser *u, kapp_filter *f);
/* The applications u might decide, as a list filter (each is still checked with ACT_DECIDE): none for 職員等 and the
   read-only roles (false); §8-4 of the own 部局 for a 情報セキュリティ責任者; never u's own (兼務の禁止). */
bool policy_decision_queue(const kuser *u, kapp_filter *f);

bool kumo_can(kumo *k, kaction a, const kapp *app);
/* Like kumo_can but leaves the reason in kumo_last_error. */
bool kumo_check(kumo *k, kaction a, const kapp *app);

/* Restricts a list filter to what the current user may see. */
void kumo_visible(const kumo *k, kapp_filter *f);

/* ---- the workflow ---- */

/* A new 下書き by the current user, prefilled with their 部局・課. */
kstatus wf_new_draft(kumo *k, kapp *out);
/* Validates, normalises and saves one field of the 申請 half (one transaction). Changing 機密性 re-derives the
   track and, when it changes, takes a fresh snapshot of the matching 確認事項 (answers with the same code kept). */
kstatus wf_set_field(kumo *k, kapp *a, form_field f, const char *value);
/* Saves one 確認事項 answer. */
kstatus wf_set_answer(kumo *k, kapp *a, const ck_answer *ans);
/* Checks the whole application as submission would: the form and the 確認事項. */
void wf_check(kumo *k, const kapp *a, const ck_answer *ans, size_t n, form_issues *out);
kstatus wf_submit(kumo *k, kapp *a);
kstatus wf_withdraw(kumo *k, kapp *a, const char *comment);
kstatus wf_return(kumo *k, kapp *a, const char *comment);
kstatus wf_reject(kumo *k, kapp *a, const char *reason);
/* 承認 or 条件付承認: records the register entry, designates the manager, sets 次回利用状況確認期限
   (next_due NULL or "" = one review interval after today). */
kstatus wf_approve(kumo *k, kapp *a, bool conditional, const char *comment, int64_t manager_id,
                   const char *next_due);
/* The 次回利用状況確認期限 an approval would set: text (YYYY-MM-DD, after today) or, when empty, one review interval
   after today. KS_INVALID with the rule's message otherwise. */
kstatus wf_check_review_due(kumo *k, const char *text, kdate *out);
kstatus wf_delete_draft(kumo *k, kapp *a);
/* 変更申請: a new draft prefilled from the service's current application. */
kstatus wf_new_change(kumo *k, int64_t service_id, kapp *out);
/* Loads the application again (after a conflict, or to refresh). */
kstatus wf_reload(kumo *k, kapp *a);

/* The register entry's state as the 台帳 shows it: 承認済, 利用中, 要対応, 終了. */
const char *service_status_label(const kservice *s, kdate today);
/* Review interval in months (setting review_interval_months, default 12). */
int kumo_review_interval(kumo *k);

/* ---- reads for the screens, visibility applied (app/query.c) ---- */
/* A keyset page of applications, newest first: those older than `before` (0 = from the newest), or the `limit` just
   newer than `after` (-1 = the oldest page). */
kstatus q_apps_page(kumo *k, const kapp_filter *f, int64_t before, int64_t after, int limit, kapp_row *rows, int *n);
kstatus q_apps_count(kumo *k, const kapp_filter *f, int64_t *count);
kstatus q_app(kumo *k, int64_t id, kapp *out);
kstatus q_app_by_no(kumo *k, const char *no, kapp *out);
kstatus q_answers(kumo *k, const kapp *a, ck_answer **out, size_t *n);
kstatus q_history(kumo *k, int64_t app_id, int64_t service_id, khist **out, size_t *n);
void q_history_free(khist *v, size_t n);
/* The database file the session works on (for the status line). */
const char *kumo_db_path(const kumo *k);
/* Applications in 申請中 that the current user may decide (兼務の禁止 applied), newest first. */
kstatus q_waiting_for_me(kumo *k, kapp_row *rows, int max, int *n);
kstatus q_services_page(kumo *k, const kservice_filter *f, const char *after, const char *before, int limit,
                        kservice *rows, int *n);
kstatus q_services_count(kumo *k, const kservice_filter *f, int64_t *count);
kstatus q_service(kumo *k, int64_t id, kservice *out);
/* The service with this 承認番号, if the user may see it (the same check as q_service). */
kstatus q_service_by_no(kumo *k, const char *approval_no, kservice *out);
kstatus q_users(kumo *k, const char *role, int64_t dept_id, kuser **out, size_t *n);
/* One user by login name (active or not), to name them in a step (a manager, a 人事異動). */
kstatus q_user_by_login(kumo *k, const char *login, kuser *out);
kstatus q_depts(kumo *k, kdept **out, size_t *n);
/* Every user, inactive ones too: policy_may_list_users (the CLI's user list and the UI's 利用者管理 alike). */
kstatus q_users_all(kumo *k, kuser **out, size_t *n);

/* ---- exports (constant memory, temporary file renamed into place) ---- */
/* The 承認済みクラウドサービス台帳: services in use; all = also the ended ones (状態 終了). */
kstatus export_register_xlsx(kumo *k, const char *path, bool all, size_t *rows);

/* ---- set-up ---- */
kstatus kumo_init(const char *path, const char *org, const char *admin_login, const char *admin_name);
/* A demo municipality: users of every role, applications in every state, `rows` extra applications for load. */
kstatus kumo_demo(const char *path, long rows, bool force);
#endif
