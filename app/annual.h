/* The 年次利用状況確認 (規定003 §4(8); ポリシー004 §8-3(7)⑤): every service in use in a 年度 (April–March) with its review status,
   for the approver's screen and workbook (app/annual.c).
   The status of a service in 年度 `fy` (computed by db/db_lifecycle.c so lists, filters and counts agree):
     要対応 — a review dated in the 年度 needs a response and has none, or the service is active and its
              次回利用状況確認期限 is before today (the review is overdue now, whatever the 年度 shown);
     実施済 — otherwise, at least one review is dated in the 年度;
     未実施 — otherwise.
   Rows are the services in use in the 年度: active, or terminated on or after its first day, first approved by its
   last day, and begun (利用開始日) by its last day — a service that starts in a later 年度 is not counted in this
   one. Visible to those who see everything; a 情報セキュリティ責任者 sees their 部局 only (policy_annual_scope). */
#ifndef KUMO_APP_ANNUAL_H
#define KUMO_APP_ANNUAL_H
#include <stdint.h>

#include "app/query.h"
#include "app/session.h"
#include "db/db_lifecycle.h"

/* What the 年次利用状況確認 screen shows, and so what its workbook holds: a 年度, a 部局 (0: every one) and a status
   (-1: any). */
typedef struct kannual_filter {
    int fy;
    int64_t dept_id;
    int status;
} kannual_filter;

/* 未実施 / 実施済 / 要対応. */
const char *annual_label(kannual_status s);
/* The service's state in the register as of today, for the workbook: 利用中・承認済, 終了予定 (its 終了連絡 accepted,
   its 終了日 still ahead) or 終了. */
const char *annual_service_state(const kannual_row *r, kdate today);
/* Parses 未実施 / 実施済 / 要対応 (or none/done/action); -1 if unknown. */
int annual_parse(const char *s);
/* One page in 承認番号 order after after_no (NULL: from the start). dept_id 0 = every 部局 (forced to the user's own
   for a 情報セキュリティ責任者); status -1 = any; search (NULL or "": none) keeps the services whose 名称, 提供者,
   承認番号 or 部局 contain it (Japanese of any length, width- and case-insensitive, as in the 台帳), listed in the
   order they were registered. */
kstatus annual_page(kumo *k, int fy, int64_t dept_id, int status, const char *search, const char *after_no, int limit,
                    kannual_row *out, int *n);
/* The page just before before_no (NULL: the last page), in the same order: paging back by keyset. */
kstatus annual_page_before(kumo *k, int fy, int64_t dept_id, int status, const char *search, const char *before_no,
                           int limit, kannual_row *out, int *n);
/* One bounded step of the same reading, for a screen that fills its page between keystrokes (db_annual_step): from
   c (a new one: {""} forward from the first row, {"", back} from the last), looks at no more than `scan` services
   and gives the rows among them (at most limit; back: nearest first), moving c on. c->end: nothing is left. */
kstatus annual_step(kumo *k, const kannual_filter *f, const char *search, kannual_cursor *c, int scan, int limit,
                    kannual_row *out, int *n);
/* Every row, streamed to cb (for the workbook). */
kstatus annual_each(kumo *k, int fy, int64_t dept_id, int status, kannual_cb cb, void *ctx);
/* Counts per status for the header line (the status filter does not apply). */
kstatus annual_counts(kumo *k, int fy, int64_t dept_id, int64_t counts[ANNUAL__COUNT]);
/* The same a range of services at a time, for a screen between keystrokes (app/query.h q_count): counts are
   final once c->done. */
bool annual_counts_step(kumo *k, int fy, int64_t dept_id, q_count *c, int64_t counts[ANNUAL__COUNT]);
/* Counts per 部局 and status, streamed to cb (the workbook's 集計 sheet). */
kstatus annual_dept_counts(kumo *k, int fy, kannual_count_cb cb, void *ctx);
#endif
