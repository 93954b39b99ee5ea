/* The workflow of an application: 下書き → 申請中 → 差戻し / 承認 / 条件付承認 / 却下, 引戻し and 変更申請
   (app/workflow.c). Every step checks the policy (app/policy.h), runs in one transaction and leaves a history row. */
#ifndef KUMO_APP_WORKFLOW_H
#define KUMO_APP_WORKFLOW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/policy.h"
#include "app/session.h"
#include "db/db_app.h"
#include "forms/checklist.h"
#include "forms/date.h"
#include "forms/form.h"

/* May the current user do `a` to `app` (policy_allows with the applicant's role looked up)? */
bool kumo_can(kumo *k, kaction a, const kapp *app);
/* Like kumo_can but leaves the reason in kumo_last_error. */
bool kumo_check(kumo *k, kaction a, const kapp *app);
/* Restricts a list filter to what the current user may see. */
void kumo_visible(const kumo *k, kapp_filter *f);

/* A new 下書き by the current user, prefilled with their 部局・課. */
kstatus wf_new_draft(kumo *k, kapp *out);
/* Validates, normalises and saves one field of the 申請 half (one transaction). Changing 機密性 re-derives the
   track and, when it changes, takes a fresh snapshot of the matching 確認事項 (answers with the same code kept). */
kstatus wf_set_field(kumo *k, kapp *a, form_field f, const char *value);
/* Saves one 確認事項 answer (matched by its no). The item's rules are the snapshot's: an answer it does not admit is
   refused; a missing 確認内容 is left for the 検証結果 (the screen saves the answer, then its note). */
kstatus wf_set_answer(kumo *k, kapp *a, const ck_answer *ans);
/* Saves answers given item by item (matched by code, e.g. from an answers file: `kumo app answer ID --file F`) in
   one step; items not given keep their answers. A code that is not an item of the snapshot, a text that is not the
   item's (a file made from another version), an answer the item does not admit, or bad text refuses the whole. */
kstatus wf_set_answers(kumo *k, kapp *a, const ck_answer *given, size_t n);
/* Whether a 下書き or 差戻し was answered against an older version of its 確認事項 than templates/ now has (it must
   be brought up to date with wf_refresh_checklist before it is submitted). */
bool wf_checklist_outdated(kumo *k, const kapp *a);
/* Brings the 確認事項 of a 下書き or 差戻し to the template's current version: the items of that version, with the
   answers and notes of every item whose code and text are unchanged (one step, in the audit trail). */
kstatus wf_refresh_checklist(kumo *k, kapp *a);
/* Checks the whole application as submission would: the form, the 確認事項 (each answer's rules, the version of the
   template, and no answer that contradicts the form). */
void wf_check(kumo *k, const kapp *a, const ck_answer *ans, size_t n, form_issues *out);
/* The 検証結果 as the screen (v) and `kumo app check` show it, one line per finding in order: every finding of
   wf_check prefixed with ! (blocks submission) or * (a flag), then each 不適合 answer (an 例外措置, 004 §7-4) as *;
   each keeps the field or the item it points at. *errors (may be NULL) gets the number of blocking ones. */
void wf_check_report(kumo *k, const kapp *a, const ck_answer *ans, size_t nans, form_issues *out, size_t *errors);
kstatus wf_submit(kumo *k, kapp *a);
/* wf_submit with a comment kept in the history (at most 400 characters). */
kstatus wf_submit_with(kumo *k, kapp *a, const char *comment);
kstatus wf_withdraw(kumo *k, kapp *a, const char *comment);
kstatus wf_return(kumo *k, kapp *a, const char *comment);
kstatus wf_reject(kumo *k, kapp *a, const char *reason);
/* 承認 or 条件付承認: records the register entry, designates the manager, sets 次回利用状況確認期限
   (next_due NULL or "" = one review interval after today). */
kstatus wf_approve(kumo *k, kapp *a, bool conditional, const char *comment, int64_t manager_id,
                   const char *next_due);
/* The same with every choice of the decision, the emergency among them. An application with deviations (a 不適合
   answer, a finding the form flags: app/exception.h) is approved only when the CISO permitted its 例外措置 on this
   submission — and not by that CISO (004 §7-4(1), §1(8)) —, or, with `emergency` (why it cannot wait), first by the
   統括 in an emergency (§7-4(2)): the exception is then recorded with its 事後報告 due. */
typedef struct wf_approval {
    bool conditional;
    const char *comment;          /* 承認の条件 (required when conditional) or 審査意見 */
    int64_t manager_id;
    const char *next_due;         /* NULL or "": one review interval after today */
    const char *emergency;        /* 緊急の理由; NULL or "": not an emergency */
} wf_approval;
kstatus wf_approve_with(kumo *k, kapp *a, const wf_approval *o);
/* The 次回利用状況確認期限 an approval would set: text (YYYY-MM-DD, after today) or, when empty, one review interval
   after today. KS_INVALID with the rule's message otherwise. */
kstatus wf_check_review_due(kumo *k, const char *text, kdate *out);
/* Who an approval designates when nobody else is chosen: a 変更申請 keeps its service's クラウドサービス管理者, a new
   application the applicant (as the 審査 screen proposes). */
int64_t wf_default_manager(kumo *k, const kapp *a);
/* The 次回利用状況確認期限 an approval proposes: a 変更申請 keeps its service's while it is ahead, else one review
   interval after today (YYYY-MM-DD). */
void wf_default_review_due(kumo *k, const kapp *a, char out[11]);
kstatus wf_delete_draft(kumo *k, kapp *a);
/* 変更申請: a new draft prefilled from the service's current application. */
kstatus wf_new_change(kumo *k, int64_t service_id, kapp *out);
/* Loads the application again (after a conflict, or to refresh). */
kstatus wf_reload(kumo *k, kapp *a);
#endif
