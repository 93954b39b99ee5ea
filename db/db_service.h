/* Storage of the 承認済みクラウドサービス台帳: one row per approved service (db/db_service.c). */
#ifndef KUMO_DB_SERVICE_H
#define KUMO_DB_SERVICE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

typedef struct kservice {
    int64_t id;
    char approval_no[24];
    int64_t app_id;
    char name[256];
    char provider[256];
    int64_t dept_id;
    char dept[128];
    char conf[4];
    char approved_on[11];
    char start_date[11];
    char end_date[11];
    int64_t manager_id;
    char manager[128];
    char next_review_due[11];
    char conditions[KTEXT(400)];   /* 承認の条件: 400 characters */
    char status[16];     /* active terminated */
    char terminated_on[11];
    char build_state[8];        /* 導入・構築時確認: pending done legacy none ("" on insert = pending) */
    char build_checked_on[11];  /* its 確認日 once done */
    char disposal_state[8];     /* 廃棄・削除完了報告: "" (not ended), pending (終了処理中), done, legacy */
    char disposed_on[11];       /* the 完了日 of the accepted report */
    char changed_on[11];        /* 変更承認日: the latest approved 変更申請's date ("" none); approved_on stays the first */
    int64_t version;
} kservice;

kstatus db_service_insert(kdb *db, kservice *s);
kstatus db_service_update(kdb *db, kservice *s);   /* KS_CONFLICT on a stale version */
kstatus db_service_get(kdb *db, int64_t id, kservice *out);
kstatus db_service_by_no(kdb *db, const char *approval_no, kservice *out);
/* Finds an active service by 名称 and 提供者 (duplicate check of imports). */
kstatus db_service_find(kdb *db, const char *name, const char *provider, kservice *out);
kstatus db_service_next_seq(kdb *db, const char *prefix, int *seq);

typedef struct kservice_filter {
    bool include_terminated;
    int64_t dept_id;          /* 0 = any */
    int64_t manager_id;       /* 0 = any */
    const char *search;
    const char *due_before;   /* next_review_due < this (YYYY-MM-DD), NULL = any */
    char in_use_on[11];       /* YYYY-MM-DD: an ended service whose 終了日 is after this day is still in use, and one
                                 whose 廃棄・削除完了報告 is not yet accepted (終了処理中) is still listed */
} kservice_filter;
/* Keyset pages ordered by approval_no (register order), as db_app_page. */
kstatus db_service_page(kdb *db, const kservice_filter *f, const char *after_no, const char *before_no, int limit,
                        kservice *out, int *n);
/* Every match (a scan: for exports, never for a screen). */
kstatus db_service_count(kdb *db, const kservice_filter *f, int64_t *count);
/* How many active services a user is the designated manager of, counted up to max (through the index by manager). */
kstatus db_service_managed_upto(kdb *db, int64_t manager_id, int64_t max, int64_t *count);
/* The matches with lo <= id < hi (a screen counts a range at a time between keystrokes), and the highest id. */
kstatus db_service_count_range(kdb *db, const kservice_filter *f, int64_t lo, int64_t hi, int64_t *count);
kstatus db_service_max_id(kdb *db, int64_t *id);
typedef int (*kservice_cb)(const kservice *s, void *ctx);
kstatus db_service_each(kdb *db, const kservice_filter *f, kservice_cb cb, void *ctx);
/* The 承認番号 of every active service a user is the designated manager of, in 承認番号 order (through the index by
   manager, one at a time); cb returns non-zero to stop. */
kstatus db_service_each_managed_no(kdb *db, int64_t manager_id, int (*cb)(const char *approval_no, void *ctx),
                                   void *ctx);
/* Hands every active service of manager `from` over to manager `to` in two statements, whatever their number: a
   history row for each (in 承認番号 order: service_id, at, user_id, action, comment as given; no application), then
   each service's manager and version. *lo..*hi: the history rows written (0..0 none), *n: how many services. */
kstatus db_service_hand_over(kdb *db, int64_t from, int64_t to, const char *at, int64_t user_id, const char *action,
                             const char *comment, int64_t *lo, int64_t *hi, int64_t *n);
/* The ended services of exactly this 名称 (an import's duplicate check: through the index on 名称). */
kstatus db_service_each_ended_named(kdb *db, const char *name, kservice_cb cb, void *ctx);
#endif
