/* The domain, as the front ends (ui/, the command line) see it: who the user is, what the policy lets them do, and
   every step of the workflow and of a service's life after approval. It calls db/ and forms/, never the other way.
   Each module has its own header, named like its .c; this one gathers them:
     app/session.h        the session, the user, the error model (kstatus + kumo_last_error)
     app/policy.h         who may do what — the only place that looks at roles
     app/workflow.h       an application: 下書き → 申請中 → 承認 / 差戻し / 却下, 変更申請
     app/exception.h      the 例外措置 the CISO permits before approval, emergencies, the register of them
     app/query.h          reads for the screens, visibility applied
     app/review.h         利用状況確認 and the response to what it raises
     app/build_check.h    the 導入・構築時確認 between approval and 利用開始
     app/termination.h    終了連絡 and its 受理 / 差戻し
     app/disposal.h       廃棄・削除完了報告: the verified end
     app/manager.h        designating the クラウドサービス管理者 again
     app/due.h            the due lists (ホーム, kumo due)
     app/annual.h         the 年次利用状況確認 per 年度
     app/change_diff.h    what a 変更申請 changes
     app/phase.h          the phase checklists answered after approval
     app/admin.h          users, 部局 and settings (システム管理者)
     app/setup.h          kumo init, kumo demo
     app/backup.h         kumo backup, kumo restore
     app/remind.h         kumo remind: the reminder mail and its memory (app/mail.h: the message, sendmail)
     app/exchange.h       registers in and out: Excel, CSV export and import
     app/audit.h          the audit trail: its head, verification and records
     app/who.h            who will take a step that waits (names and roles, from the policy)
     app/regulation.h     the yearly review of the regulation itself (規定003 §5)
   app/internal.h is for app/ alone: how a step begins, checks text and writes in one transaction.
   Two conventions hold across them:
   - Errors: every entry into the domain begins a new step (kumo_step), so after a call kumo_last_error speaks of
     that call alone: its Japanese message naming the field and the rule, or "" when it succeeded.
   - Ownership: what the domain hands over goes back with the _free of the layer that owns its type, never free():
     a list or record returned through T **out with T_free(&out[, n]) (kuser_free, kreview_free, khist_free,
     checklist_answers_free …), which also sets the pointer to NULL; a value filled into the caller's own storage
     (kapp, due_list, change_diff_list, form_issues, import_report …) is emptied by its T_clear(&value), which frees
     what it holds and leaves its pointers NULL. No _free takes a T *. */
#ifndef KUMO_APP_H
#define KUMO_APP_H
#include "app/admin.h"
#include "app/annual.h"
#include "app/backup.h"
#include "app/audit.h"
#include "app/build_check.h"
#include "app/change_diff.h"
#include "app/disposal.h"
#include "app/due.h"
#include "app/mail.h"
#include "app/exception.h"
#include "app/exchange.h"
#include "app/manager.h"
#include "app/phase.h"
#include "app/policy.h"
#include "app/remind.h"
#include "app/query.h"
#include "app/regulation.h"
#include "app/review.h"
#include "app/session.h"
#include "app/setup.h"
#include "app/termination.h"
#include "app/who.h"
#include "app/workflow.h"
#endif
