/* Who may do what: every rule of the policy about roles and persons, in one place for the UI and the command line
   (app/policy.c). Nothing else in kumo compares roles; a screen or a command asks one of these questions.
   Sources: 004 §1(8) 兼務の禁止, §8-3(5) 利用承認, §8-4(2) 機密性1 の利用申請, §9 監査; 003 §3, §4(4), §4(8), §5. */
#ifndef KUMO_APP_POLICY_H
#define KUMO_APP_POLICY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "db/db_app.h"
#include "db/db_exception.h"
#include "db/db_lifecycle.h"
#include "db/db_service.h"
#include "forms/form.h"
#include "forms/role.h"

/* The steps of an application the policy decides. */
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

/* Where a refusal says why: each function that can refuse writes the Japanese reason, naming the rule, to why
   (n bytes; why may be NULL). */

/* ---- applications ---- */

/* May `u` do `a` to application `app` (NULL for ACT_CREATE)? applicant_role is the role of app's applicant. */
bool policy_allows(const kuser *u, kaction a, const kapp *app, krole applicant_role, char *why, size_t n);
/* 変更申請 of an approved service: its 部局's 情報セキュリティ責任者 (or the managing 職員等 of a 機密性1 service). */
bool policy_may_change(const kuser *u, const kservice *s, char *why, size_t n);
/* Who will decide the application filed by `applicant`: the name of the role, for messages. */
/* Whether the application of this applicant is decided in its 部局 (by the 部局's 情報セキュリティ責任者, ポリシー004
   §8-4(2)②) rather than by the 統括情報セキュリティ責任者 (規定003 §4(4)②). */
bool policy_decided_in_dept(const kuser *applicant, const kapp *app);
const char *policy_decider_label(const kuser *applicant, const kapp *app);
/* Tracks a role may file: both for a 情報セキュリティ責任者, §8-4 only for a 職員等 (004 §8-4(2)①), none for others. */
bool policy_may_file_track(krole role, form_track t);
/* Whether u sees every application and service (統括, CISO, 監査, システム管理者). */
bool policy_sees_all(const kuser *u);
/* 監査 and システム管理者 (and nobody): they change no application and record nothing of a service. */
bool policy_is_read_only(const kuser *u);
/* May this user be designated クラウドサービス管理者? (an active staff member, not auditor/admin) */
bool policy_may_manage(const kuser *u);
/* Restricts an application list to what u sees: everything for those who see all, the own 部局's and the own
   applications for a 情報セキュリティ責任者, the own applications otherwise. */
void policy_app_scope(const kuser *u, kapp_filter *f);
/* The applications u might decide, as a list filter (each is still checked with ACT_DECIDE): none for 職員等 and the
   read-only roles (false); §8-4 of the own 部局 for a 情報セキュリティ責任者; never u's own (兼務の禁止). */
bool policy_decision_queue(const kuser *u, kapp_filter *f);

/* ---- 例外措置 (004 §7-4) ---- */

/* Permitting or refusing the 例外措置 of an application (§7-4(1)): the CISO, never the applicant (004 §1(8)①), while
   the application is 申請中. */
bool policy_may_decide_exception(const kuser *u, const kapp *app, char *why, size_t n);
/* 兼務の禁止 between the exception and the decision: the CISO who permitted an application's exception does not also
   approve it (004 §1(8)①). exc_ciso_id: that CISO (0: none). */
bool policy_may_approve_excepted(const kuser *u, int64_t exc_ciso_id, char *why, size_t n);
/* Approving first in an emergency (§7-4(2)): the 統括情報セキュリティ責任者 who may decide the application; the CISO
   then records the after-the-fact report. */
bool policy_may_approve_emergency(const kuser *u, const kapp *app, krole applicant_role, char *why, size_t n);
/* Recording the 事後報告 of an emergency exception (§7-4(2)): the CISO, never the 統括 who approved it first. */
bool policy_may_report_exception(const kuser *u, const kexception *e, char *why, size_t n);
/* The periodic re-check of an exception in force (§7-4(3)): the CISO. */
bool policy_may_recheck_exception(const kuser *u, const kexception *e, char *why, size_t n);
/* Permitting a service's disposal by a method other than 暗号化消去 (§7-4(1), §8-3(8)③): the CISO, never the service's
   manager; a 機密性2以上 service in use or 終了処理中 (the method still to be chosen). */
bool policy_may_except_disposal(const kuser *u, const kservice *s, char *why, size_t n);
/* The register of exceptions (§7-4(3)): the CISO, the 統括 and 監査. */
bool policy_may_view_exceptions(const kuser *u);
/* The CISO's duties on ホーム and in the due lists: exceptions awaiting permission or a report, re-checks. */
/* The CISO, who permits and re-checks the 例外措置 (004 §7-4(1)(3)): their queue comes first on their ホーム's key bar. */
bool policy_permits_exceptions(const kuser *u);
bool policy_minds_exceptions(const kuser *u);

/* ---- users, 部局, settings, the register ---- */

/* Users, 部局 and settings: the システム管理者 only. */
bool policy_may_administer(const kuser *u, char *why, size_t n);
/* The 利用状況確認 interval is a governance setting, not a technical one: the 統括情報セキュリティ責任者 (who keeps the
   register and names the managers, 規定003 §4(4)②) or the CISO sets it (issue 9), never the システム管理者. */
bool policy_may_set_review_interval(const kuser *u, char *why, size_t n);
/* The yearly review of the regulation (規定003 §5: 見直しの責任者は統括情報セキュリティ責任者): the 統括, or the CISO
   above them, records it; those and 監査 read the record (ポリシー004 §9). */
bool policy_may_review_regulation(const kuser *u, char *why, size_t n);
bool policy_may_read_regulation_reviews(const kuser *u, char *why, size_t n);
/* The list of every user with their roles: those who administer or see everything. */
bool policy_may_list_users(const kuser *u, char *why, size_t n);
/* The 監査証跡 (its records, the screen, the export): 監査, 統括, CISO — not the audited (004 §1(8)②, §9-1). */
bool policy_may_read_audit(const kuser *u, char *why, size_t n);
/* `kumo audit verify` (it says whether the trail is whole, and where not): those who read it, and the
   システム管理者. */
bool policy_may_verify_audit(const kuser *u, char *why, size_t n);
/* kumo remind (sending the reminder mail of everyone): the システム管理者, 統括 or CISO. */
bool policy_may_send_reminders(const kuser *u, char *why, size_t n);
/* Whom a service's due items are mailed to: its クラウドサービス管理者 and the 情報セキュリティ責任者 of its 部局. */
bool policy_reminded_of_service(const kuser *u, const kservice *s);
/* Whom an application waiting for a decision is mailed to: the 統括 or 情報セキュリティ責任者 who may decide it. */
bool policy_reminded_of_decision(const kuser *u, const kapp *app, krole applicant_role);
/* kumo backup and kumo restore: the システム管理者. */
bool policy_may_backup(const kuser *u, char *why, size_t n);
/* May user u be given `role` while they are the designated クラウドサービス管理者 of services_managed active services?
   Not 監査 (004 §1(8)②: the audited do not audit), not システム管理者 (never designated). */
bool policy_may_become(const kuser *u, krole role, size_t services_managed, char *why, size_t n);
/* 004 §1(3)①: the head of a 部局 (部局長) is its 情報セキュリティ責任者 — one person. Giving `role` in 部局 dept_id to
   someone while `other` is already its active 情報セキュリティ責任者 is not refused (a handover overlaps) but warned
   about: true with the words in why. */
bool policy_warn_second_dept_head(krole role, int64_t dept_id, const kuser *other, char *why, size_t n);
/* Disabling u when `others` active users hold the same step-taking role (統括・CISO together for §8-3 decisions; the
   情報セキュリティ責任者 of the same 部局 for §8-4, 004 §8-4(2)②): true with the warning when nobody would be left to
   take their steps. */
bool policy_warn_last_decider(const kuser *u, size_t others, char *why, size_t n);
/* Whether a user of this role belongs to a 部局 (職員等, 情報セキュリティ責任者): adding one needs it. */
bool policy_role_needs_dept(krole r);
/* Limits a register filter to what the user may see: everything for 統括・CISO・監査・システム管理者, the own 部局
   for a 情報セキュリティ責任者, the services a 職員等 manages. */
void policy_register_scope(const kuser *u, kservice_filter *f);
/* Whether the user may import a register (システム管理者, 統括情報セキュリティ責任者, CISO). */
bool policy_may_import(const kuser *u, char *why, size_t n);

/* ---- after approval: 利用状況確認, 管理者の指名, 終了連絡 (003 §4(4)②③, §4(8); 004 §1(8), §8-3(5)③) ---- */

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
/* The 導入・構築時確認 (003 §4(5); 004 §8-3(6)④): the designated クラウドサービス管理者 alone, once, while the service
   is active and waits for it (build_state pending). */
bool policy_may_build_check(const kuser *u, const kservice *s, char *why, size_t n);
/* Filing a 終了連絡 (003 §4(4)③): the service's manager or its 部局's 情報セキュリティ責任者; active services only. */
bool policy_may_terminate(const kuser *u, const kservice *s, char *why, size_t n);
/* 受理 or 差戻し of a 終了連絡: the approver or CISO, and for a 機密性1 service (§8-4) the 情報セキュリティ責任者 of its
   部局 (004 §8-4(2)②); never the filer (004 §1(8)); only reports awaiting 受理. */
bool policy_may_accept_termination(const kuser *u, const ktermination *t, char *why, size_t n);
/* Filing the 廃棄・削除完了報告 (003 §4(7), 004 §8-3(8)): the service's manager or its 部局's 情報セキュリティ責任者,
   once the 終了連絡 was accepted and while the service is 終了処理中. */
bool policy_may_file_disposal(const kuser *u, const kservice *s, char *why, size_t n);
/* 受理 or 差戻し of a 廃棄・削除完了報告: as a 終了連絡 (the 統括・CISO; the 部局's 情報セキュリティ責任者 for §8-4);
   never the filer. */
bool policy_may_accept_disposal(const kuser *u, const kdisposal *p, char *why, size_t n);
/* Reviews awaiting a response that u's ホーム shows (相談, 003 §4(8)): every one for those who see all (*dept_id 0),
   the own 部局's for a 情報セキュリティ責任者; none for others (false). */
bool policy_review_queue(const kuser *u, int64_t *dept_id);
/* 終了連絡 awaiting 受理 that u's ホーム shows: every one for those who see all (both 0); otherwise those u filed
   (*filer_id) and, for a 情報セキュリティ責任者, those of the own 部局 (*dept_id). */
bool policy_termination_queue(const kuser *u, int64_t *dept_id, int64_t *filer_id);
/* The due lists: a user who does not see every service gets, whatever they asked (mine), the services they manage
   and, as 情報セキュリティ責任者, those of their 部局. */
void policy_due_scope(const kuser *u, bool mine, kdue_query *q);
/* The 年次利用状況確認 (003 §4(8), 004 §8-3(7)⑤): those who see all (*dept_id as asked); a 情報セキュリティ責任者 the own 部局 (*dept_id
   forced to it); nobody else (false, why gets the reason). */
bool policy_annual_scope(const kuser *u, int64_t *dept_id, char *why, size_t n);
/* Whether the 年次利用状況確認 is open to u at all (policy_annual_scope allows some 部局). */
bool policy_sees_annual(const kuser *u);
/* Whether the due lists (reviews due, end dates passed) concern u: everyone but the システム管理者. */
bool policy_sees_due(const kuser *u);
#endif
