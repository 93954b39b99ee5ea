/* 終了連絡 (規定003 §4(4)③, §4(7); ポリシー004 §8-3(8)): the manager or the 部局's 情報セキュリティ責任者 reports the
   end of a service with its 更改・廃棄時チェックリスト; the 統括 accepts it (受理: the service ends on its 終了日 and
   leaves the register, its record and history stay) or returns it with a reason (app/termination.c). The fields and
   their rules are forms/service_form.h's. */
#ifndef KUMO_APP_TERMINATION_H
#define KUMO_APP_TERMINATION_H
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_lifecycle.h"
#include "forms/checklist.h"
#include "forms/service_form.h"

typedef struct termination_input {
    const char *v[TM__COUNT];     /* the fields of the form (forms/service_form.h), NULL as "" */
    const ck_answer *answers;     /* 更改・廃棄時チェックリスト answers, matched by code */
    size_t n_answers;
} termination_input;

/* Files a 終了連絡 for `sv` (one awaiting 受理 at a time); *id (may be NULL) receives its id. */
kstatus termination_file(kumo *k, const kservice *sv, const termination_input *in, int64_t *id);
/* 受理: the report is accepted; the service ends on its 終了日 (terminated_on, and its 利用終了日 in the register)
   and is 終了処理中 until its 廃棄・削除完了報告 is accepted (app/disposal.h): only then is it 終了. comment may be "". */
kstatus termination_accept(kumo *k, int64_t termination_id, const char *comment);
/* 差戻し: the report goes back to the filer with a reason (required); the service stays active. */
kstatus termination_return(kumo *k, int64_t termination_id, const char *comment);
/* A report with its checklist answers (ans/n may be NULL); the user must see the service. */
kstatus termination_get(kumo *k, int64_t id, ktermination *out, ck_answer **ans, size_t *n);
/* Reports of one service, newest first; the caller frees *out with ktermination_free. */
kstatus termination_list(kumo *k, int64_t service_id, ktermination **out, size_t *n);
/* The service's 終了連絡 awaiting 受理 (KS_NOTFOUND, without a message, when there is none). */
kstatus termination_open(kumo *k, int64_t service_id, ktermination *out);
/* Reports awaiting 受理 that the user's ホーム shows (policy_termination_queue); ktermination_free. */
kstatus termination_pending(kumo *k, ktermination **out, size_t *n);
/* The user's services whose newest 終了連絡 came back (差戻し), newest first, at most `limit` (ホーム). */
kstatus termination_returned(kumo *k, int limit, ktermination **out, size_t *n);
#endif
