/* The due lists of ホーム and `kumo due` (規定003 §4(8); SPEC "要対応"): reviews overdue, reviews due soon,
   services past their 利用終了予定日 with no 終了連絡 accepted, services past their 利用開始日 with no
   導入・構築時確認 recorded (規定003 §4(5)), and — for the CISO and the 統括 — the 例外措置 whose 事後報告 is due,
   whose re-check date or 有効期限 has passed (ポリシー004 §7-4(2)(3)), and ended services past their 終了日 whose
   廃棄・削除完了報告 is not yet accepted (規定003 §4(7)), and the yearly review of the regulation due within the window
   or past (規定003 §5, the 統括 and the CISO) (app/due.c). */
#ifndef KUMO_APP_DUE_H
#define KUMO_APP_DUE_H
#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"
#include "db/db_lifecycle.h"
#include "forms/date.h"

typedef struct due_list {
    kdue_item *v;          /* by kind (overdue reviews, reviews due soon, 利用終了予定日 passed), then date */
    size_t n;
    size_t count[DUE__COUNT];   /* per kdue_kind */
    bool more;             /* due_list_load_max stopped at its max: there are more items */
    kdate today;
} due_list;

/* Reviews overdue, reviews due within `within_days` days (today included), and active services past their
   利用終了予定日 (no 終了連絡 accepted; report_filed tells whether one awaits 受理).
   mine: only services the user manages or, for a 情報セキュリティ責任者, of their 部局. A user who does not see
   everything (policy_sees_all) always gets `mine`. The caller empties *out with due_list_clear. */
kstatus due_list_load(kumo *k, int within_days, bool mine, due_list *out);
/* The first `max` items only (0 = all); `more` says whether there are others. ホーム reads what it shows. */
kstatus due_list_load_max(kumo *k, int within_days, bool mine, size_t max, due_list *out);
/* The same items streamed to cb (cb returns non-zero to stop). */
kstatus due_each(kumo *k, int within_days, bool mine, kdue_cb cb, void *ctx);
void due_list_clear(due_list *l);
/* Whether an item counts as overdue (`kumo due` exits 1): everything but a review due soon and the regulation's
   review (規定003 §5) before its date. */
bool due_is_overdue(const kdue_item *it);
/* 確認期限超過, 確認期限間近, 利用終了予定日超過, 終了連絡受理待ち, 構築時確認未記録, 例外措置事後報告待ち,
   例外措置定期確認超過, 例外措置有効期限切れ, 廃棄・削除完了報告未提出, 廃棄・削除完了報告受理待ち,
   規定の見直し期限超過, 規定の見直し期限間近 */
const char *due_label(const kdue_item *it);
/* The same in at most 12 columns, for ホーム's status column. */
const char *due_short_label(const kdue_item *it);
/* The same as a stable ASCII code for scripts (kumo due --format tsv): review_overdue, review_due, end_passed,
   termination_pending, build_pending, exception_report_due, exception_recheck_due, exception_expired,
   disposal_due, disposal_report_pending, regulation_review_overdue, regulation_review_due. */
const char *due_code(const kdue_item *it);
#endif
