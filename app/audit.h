/* The audit trail as the front ends see it (app/audit.c): its head, its verification, and its records for the
   監査証跡 screen and `kumo audit`. Who may read it is app/policy.c's (policy_may_read_audit,
   policy_may_verify_audit). How a step writes its record: app/internal.h (kumo_audit …). */
#ifndef KUMO_APP_AUDIT_H
#define KUMO_APP_AUDIT_H
#include <stddef.h>

#include "app/session.h"
#include "db/db_audit.h"

/* The newest record (anyone logged in: it is printed on every export). */
kstatus audit_head(kumo *k, kaudit_head *out);
/* The head as printed under a table and in footers: "#123 2026-11-23 10:00 9f86d081884c" ("#0" when empty). */
const char *audit_head_text(const kaudit_head *h, char *out, size_t n);
/* The first 12 characters of a hash, as the head shows it. */
#define AUDIT_SHORT_HASH 12
/* Walks the whole trail and compares every audited table with it (監査, 統括, CISO, システム管理者). */
kstatus audit_verify(kumo *k, kaudit_verify *out);
/* The one line `kumo audit verify` and the screen print: 監査証跡は完全です（N件, 最終 #seq 日時 hash） or what does
   not fit. */
const char *audit_verify_text(const kaudit_verify *v, char *out, size_t n);
/* Pages of records, newest first (as db_audit_page), for those who may read the trail. */
kstatus audit_page(kumo *k, const kaudit_filter *f, int64_t before_seq, int64_t after_seq, int limit,
                   kaudit_row **out, size_t *n);
/* Checks a filter's actor, action and 部局 before an export: KS_NOTFOUND (its message naming the value and, for an
   action, the actions there are) when one names nothing the register or the trail knows — a typo would otherwise
   give an empty workbook that reads as "nothing happened". */
kstatus audit_filter_check(kumo *k, const kaudit_filter *f);
/* The actions recorded so far, for the screen's filter. */
kstatus audit_actions(kumo *k, char ***out, size_t *n);
/* The role code of a record as people read it (approver → 統括情報セキュリティ責任者; '' → kumo). */
const char *audit_role_label(const char *code);
#endif
