/* 利用状況確認 (規定003 §4(8); ポリシー004 §8-3(7)⑤): the designated クラウドサービス管理者 reviews each service at
   least once a 年度, and what a review raises (変更あり, 不適切と考えられる事項, an incident, a 不適合 answer) waits on
   the ホーム of the 統括 and the 部局's 情報セキュリティ責任者 until one of them records the response (app/review.c).
   The fields and their rules are forms/service_form.h's. */
#ifndef KUMO_APP_REVIEW_H
#define KUMO_APP_REVIEW_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_lifecycle.h"
#include "forms/checklist.h"
#include "forms/date.h"
#include "forms/service_form.h"

typedef struct review_input {
    const char *v[RV__COUNT];     /* the fields of the form (forms/service_form.h), NULL as "" */
    const ck_answer *answers;     /* 運用・保守時チェックリスト answers, matched to the template by code */
    size_t n_answers;
} review_input;

/* The next 次回利用状況確認期限 after a review dated `reviewed`:
       max(reviewed + months, old_due)
   One interval after the review itself, so a second review in the same cycle does not push the date a further
   year away, and never earlier than a due date already set (an approver may have set a later one).
   Month arithmetic clamps to the end of a shorter month: 2028-02-29 + 12 months = 2029-02-28,
   2026-08-31 + 6 months = 2027-02-28. has_old false: no previous due date. */
kdate review_next_due(kdate reviewed, kdate old_due, bool has_old, int months);

/* Records a review of `sv` and moves its 次回利用状況確認期限 (review_next_due with the review_interval_months
   setting). A review "needs a response" when it reports 変更あり, 不適切と考えられる事項, an incident, or a 不適合
   checklist answer. On success sv is updated (due date, version) and *review_id (may be NULL) set. KS_CONFLICT if
   sv is stale. */
kstatus review_record(kumo *k, kservice *sv, const review_input *in, int64_t *review_id);
/* Records the response to a review that needs one (相談への対応). */
kstatus review_respond(kumo *k, int64_t review_id, const char *response);
/* A review with its checklist answers (ans/n may be NULL); the user must see the service. */
kstatus review_get(kumo *k, int64_t review_id, kreview *out, ck_answer **ans, size_t *n);
/* Reviews of one service, newest first; the caller frees *out with kreview_free. */
kstatus review_list(kumo *k, int64_t service_id, kreview **out, size_t *n);
/* Reviews awaiting a response that the user's ホーム shows (policy_review_queue); kreview_free. */
kstatus review_pending(kumo *k, kreview **out, size_t *n);
#endif
