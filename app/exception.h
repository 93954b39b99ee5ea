/* The 例外措置 (ポリシー004 §7-4) (app/exception.c).
   An application with a 不適合 answer or a deviation the form flags is approved only after the CISO permits the
   exception as its own step — who, when, the reason, the conditions, until when, the next periodic re-check —, by
   someone other than the applicant and the 統括 who then decides (§7-4(1); 兼務の禁止 §1(8)); the CISO may also
   refuse it. In an emergency the 統括 approves first, stating why, and the CISO's record of the after-the-fact report
   (事後報告) is then due and shown as overdue until recorded (§7-4(2)). Every exception is in the register of
   exceptions with its application, its validity and its re-check date (§7-4(3)), which the CISO re-checks. */
#ifndef KUMO_APP_EXCEPTION_H
#define KUMO_APP_EXCEPTION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_app.h"
#include "db/db_exception.h"
#include "db/db_service.h"

/* ---- what needs an 例外措置 ---- */

/* One deviation: a form field the form flags, or a 確認事項 answered 不適合. */
typedef struct exc_item {
    int field;            /* form_field, or -1 for a 確認事項 */
    char code[32];        /* the 確認事項's code, "" for a form field */
    char text[1600];      /* what deviates, naming the field or item and the rule */
} exc_item;

typedef struct exc_list {
    exc_item *v;
    size_t n;
} exc_list;

/* The one definition of what needs the CISO's 例外措置 before approval (004 §7-4(1)): every finding the form flags
   (forms/form.c form_validate, ISSUE_FLAG: 選定基準① データの保存場所 国外・不明 and 準拠法・裁判管轄 外国・不明,
   §8-3 on 約款 only without 第三者認証, 特定個人情報 on the インターネット接続系 or with PIA 不要) and every 確認事項
   answered 不適合. The 審査 screen lists it; approval, submission and the CISO's steps judge by it. */
kstatus exc_deviations(kumo *k, const kapp *a, exc_list *out);
void exc_list_clear(exc_list *l);
/* The list as kept with a decision: one line per item (at most EXC_DEVIATIONS bytes, cut at a whole line). */
void exc_list_text(const exc_list *l, char *buf, size_t n);

/* Where an application's exception stands, for the 審査 screen and `kumo show`. */
typedef enum exc_status {
    EXC_NOT_NEEDED,       /* nothing deviates */
    EXC_AWAITING,         /* deviations, no decision on this submission yet: the CISO's turn */
    EXC_GRANTED,          /* permitted: the 統括 may decide */
    EXC_REFUSED,          /* refused: return or reject */
    EXC_EMERGENCY,        /* approved first in an emergency (after approval only) */
} exc_status;
const char *exc_status_label(exc_status st);
/* A recorded exception's state as the register shows it: 許可, 不許可, 事後報告待ち, 事後報告済. */
const char *exc_state_label(const char *state);
/* The deviations of `a` (devs may be NULL) and the decision on its current submission (decision may be NULL; zeroed
   when there is none). */
kstatus exc_status_of(kumo *k, const kapp *a, exc_list *devs, kexception *decision, exc_status *st);

/* Whether the current user may approve `a` first in an emergency (policy_may_approve_emergency, the applicant's role
   looked up): for a screen's key. */
bool exc_may_approve_emergency(kumo *k, const kapp *a);

/* ---- the CISO's steps ---- */

typedef struct exc_input {
    const char *reason;       /* 合理的な理由 (required) */
    const char *conditions;   /* 条件 (required: what the service must keep to while the exception holds) */
    const char *valid_until;  /* 有効期限: after today */
    const char *recheck_on;   /* 次回の定期確認日: after today, within the review interval, not after 有効期限 */
} exc_input;

/* Permits the exception of a submitted application that needs one (§7-4(1)); *out (may be NULL) gets the record. */
kstatus exc_grant(kumo *k, const kapp *a, const exc_input *in, kexception *out);
/* Permits a service's disposal by `method`, a 削除方法 of 002's table other than 暗号化消去 (§7-4(1) with
   §8-3(8)③): a 機密性2以上 service in use or 終了処理中, by the CISO (not its manager). */
kstatus exc_grant_disposal(kumo *k, const kservice *sv, const char *method, const exc_input *in, kexception *out);
/* Refuses it with a reason; the 統括 can then only return or reject the application. */
kstatus exc_refuse(kumo *k, const kapp *a, const char *reason, kexception *out);
/* Records the 事後報告 of an emergency approval (§7-4(2)): the same fields as a permission. */
kstatus exc_report(kumo *k, int64_t exc_id, const exc_input *in);
/* Records the periodic re-check (§7-4(3)): 確認日 (today or before), the next re-check date, optionally a new
   有効期限 ("" keeps it), and the 確認結果 (required). */
kstatus exc_recheck(kumo *k, int64_t exc_id, const char *date, const char *next, const char *until, const char *note);

/* ---- reading ---- */

/* One exception by its 例外措置番号 (EX-R8-0001), or the newest one of an application (申請番号) or a service (承認番号);
   the user must see the register of exceptions, or the application or service it is about. */
kstatus exc_find(kumo *k, const char *number, kexception *out);
/* One exception by its id (a row of a screen), with the same visibility. */
kstatus exc_get(kumo *k, int64_t id, kexception *out);
/* The register (§7-4(3)): a keyset page, newest first (as db_exc_page: before 0 = from the newest; after > 0 the
   page above; after < 0 the oldest), and its count. open_only: those still in force or awaiting a report. */
kstatus exc_page(kumo *k, bool open_only, int64_t before, int64_t after, int limit, kexception *out, int *n);
kstatus exc_count(kumo *k, bool open_only, int64_t *count);
/* Every exception of an application or a service, newest first (the 審査 and service screens); caller frees with
   kexception_free. */
kstatus exc_list_of(kumo *k, int64_t app_id, int64_t service_id, kexception **out, size_t *n);
/* The applications waiting for the CISO's decision (the CISO's ホーム): none for anyone else. */
kstatus exc_waiting(kumo *k, int limit, kexc_wait *out, int *n, int64_t *total);

/* ---- for app/workflow.c ---- */

/* Whether `a` may be approved as far as exceptions go, by the current user: nothing deviates; or the CISO permitted
   it on this submission (and the user is not that CISO); or, with emergency (the reason, non-empty), the user may
   approve first (§7-4(2)). KS_INVALID/KS_DENIED with the rule's message otherwise. *use gets the decision to link
   (id 0 when none), *devs_text the deviations (for the emergency record; devs_n bytes). */
kstatus exc_check_approval(kumo *k, const kapp *a, const char *emergency, kexception *use, char *devs_text,
                           size_t devs_n);
/* Inside the approval's transaction: links the exception to the new service, or records the emergency one. */
kstatus exc_on_approval(kumo *k, const kapp *a, int64_t service_id, const kexception *use, const char *emergency,
                        const char *devs_text, char *exc_no, size_t exc_no_n);
#endif
