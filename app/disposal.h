/* The verified end of a service (規定003 §4(7); ポリシー004 §8-3(8), §2(2)①(エ)) (app/disposal.c). After its 終了連絡
   is accepted a service is 終了処理中: the manager or the 部局's 情報セキュリティ責任者 reports the 廃棄・削除完了 —
   the date, the 担当者, the 削除方法 and 削除の確認 of 002's table (暗号化消去 for 機密性2以上 unless a 例外措置 of
   the 廃棄方法 permits another), the evidence, every copy and every account kind deleted — and the 統括 (or, for a
   機密性1 service, the 部局's 情報セキュリティ責任者) accepts it: only then is the service 終了. Until then `kumo due`
   lists it once its 終了日 has passed. The fields are forms/service_form.h's. */
#ifndef KUMO_APP_DISPOSAL_H
#define KUMO_APP_DISPOSAL_H
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_lifecycle.h"
#include "forms/service_form.h"

typedef struct disposal_input {
    const char *v[DS__COUNT];     /* the fields of the report (forms/service_form.h), NULL as "" */
} disposal_input;

/* Files the report of `sv` (one awaiting 受理 at a time); *id (may be NULL) receives its id. */
kstatus disposal_file(kumo *k, const kservice *sv, const disposal_input *in, int64_t *id);
/* 受理: the service becomes 終了 (disposal done, disposed_on = 完了日). comment may be "". */
kstatus disposal_accept(kumo *k, int64_t id, const char *comment);
/* 差戻し with a reason (required): the service stays 終了処理中 and the filer reports again. */
kstatus disposal_return(kumo *k, int64_t id, const char *comment);
/* One report; the user must see the service. */
kstatus disposal_get(kumo *k, int64_t id, kdisposal *out);
/* Reports of one service, newest first; the caller frees *out with kdisposal_free. */
kstatus disposal_list(kumo *k, int64_t service_id, kdisposal **out, size_t *n);
/* The service's report awaiting 受理 (KS_NOTFOUND, without a message, when there is none). */
kstatus disposal_open(kumo *k, int64_t service_id, kdisposal *out);
/* Reports awaiting 受理 that the user's ホーム shows (as 終了連絡: policy_termination_queue); kdisposal_free. */
kstatus disposal_pending(kumo *k, kdisposal **out, size_t *n);
/* The 削除方法 a 例外措置 of the 廃棄方法 in force permits for this service ("" when none): the screen says it. */
kstatus disposal_excepted_method(kumo *k, int64_t service_id, char *out, size_t n);
#endif
