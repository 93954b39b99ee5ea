/* Storage of the life of an approved service: 利用状況確認 (reviews, with their 運用・保守時 checklist answers),
   終了連絡 (terminations, with their 更改・廃棄時 checklist answers), and the queries behind the due lists and the
   年次利用状況確認. SQLite only; writes run inside the caller's transaction (app/review.c, app/termination.c). */
#ifndef KUMO_DB_LIFECYCLE_H
#define KUMO_DB_LIFECYCLE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "forms/checklist.h"

/* Room for 400 characters of UTF-8 (the longest text a lifecycle field takes) and the NUL. */
#define LC_TEXT 1604

/* One 利用状況確認 (003 §4(8)). */
typedef struct kreview {
    int64_t id;
    int64_t service_id;
    char approval_no[24];       /* of the service, for lists */
    char service_name[256];
    int64_t dept_id;
    char dept[128];
    int fy;                     /* 年度 of reviewed_on */
    char reviewed_on[11];       /* 確認日 */
    int64_t reviewer_id;
    char reviewer[128];
    char usage[16];             /* 継続 変更あり 終了予定 */
    char user_count[12];        /* 利用者数, "" = 未記入 */
    char terms_changed[4];      /* 規約・設定変更の有無: 有 無 (選定基準⑪) */
    char change_detail[LC_TEXT];/* 変更の内容 */
    char incident[4];           /* インシデントの有無: 有 無 */
    char incident_detail[LC_TEXT];
    char inappropriate[LC_TEXT];/* 不適切と考えられる事項 */
    char referred_to[324];      /* 相談先 (80 characters) */
    bool needs_response;        /* shown on ホーム until answered */
    char response[LC_TEXT];
    char responded_on[11];
    int64_t responder_id;
    char responder[128];
    char prev_due[11], next_due[11];
    char ck_key[16], ck_name[256], ck_version[32];
    char created_at[DB_STAMP_SIZE];
} kreview;

/* Frees a review or a list of them and sets *v to NULL. */
void kreview_free(kreview **v);
kstatus db_review_insert(kdb *db, kreview *r);          /* sets r->id */
kstatus db_review_get(kdb *db, int64_t id, kreview *out);
/* Reviews of one service, newest 確認日 first; the caller frees *out with kreview_free. */
kstatus db_review_list(kdb *db, int64_t service_id, kreview **out, size_t *n);
/* Reviews that need a response and have none, oldest first; dept_id 0 = every 部局; kreview_free. */
kstatus db_review_pending(kdb *db, int64_t dept_id, kreview **out, size_t *n);
/* Records the response; KS_CONFLICT if someone answered it meanwhile. */
kstatus db_review_respond(kdb *db, int64_t id, int64_t responder_id, const char *on, const char *response);
kstatus db_review_answers_replace(kdb *db, int64_t review_id, const ck_answer *v, size_t n);
kstatus db_review_answers_load(kdb *db, int64_t review_id, ck_answer **out, size_t *n);

/* One 終了連絡 (003 §4(4)③, §4(7)). */
typedef struct ktermination {
    int64_t id;
    int64_t service_id;
    char approval_no[24];
    char service_name[256];
    int64_t dept_id;
    char dept[128];
    char state[12];             /* filed accepted returned */
    char end_date[11];          /* 終了日 */
    char plan[12];              /* 移行計画書又は終了計画書: 作成済 不要 */
    char plan_reason[LC_TEXT];  /* 不要 の理由 */
    char notice_date[11];       /* 利用者への事前周知日 */
    char disposal[40];          /* 情報の廃棄方法 */
    char disposal_note[LC_TEXT];
    char accounts_users[16];    /* 削除済 削除予定 該当なし */
    char accounts_privileged[16];
    char accounts_special[16];  /* 特殊アカウントと資格情報 */
    char remarks[LC_TEXT];
    int64_t filed_by;
    char filer[128];
    char filed_on[11];
    int64_t decided_by;
    char decider[128];
    char decided_on[11];
    char decision_comment[LC_TEXT];
    char ck_key[16], ck_name[256], ck_version[32];
    char created_at[DB_STAMP_SIZE];
    char conf[4];               /* of the service: §8-4 (機密性1) reports are the 部局's 情報セキュリティ責任者's */
} ktermination;

/* Frees a report or a list of them and sets *v to NULL. */
void ktermination_free(ktermination **v);
kstatus db_termination_insert(kdb *db, ktermination *t);   /* sets t->id; KS_CONSTRAINT if one is already filed */
kstatus db_termination_get(kdb *db, int64_t id, ktermination *out);
/* The report of a service awaiting 受理, KS_NOTFOUND if none. */
kstatus db_termination_open(kdb *db, int64_t service_id, ktermination *out);
/* Reports of one service, newest first; the caller frees *out with ktermination_free. */
kstatus db_termination_list(kdb *db, int64_t service_id, ktermination **out, size_t *n);
/* Reports awaiting 受理, oldest first: every one when dept_id and filer_id are 0, else those of 部局 dept_id (when > 0)
   and those filed by filer_id; the caller frees *out with ktermination_free. */
kstatus db_termination_pending(kdb *db, int64_t dept_id, int64_t filer_id, ktermination **out, size_t *n);
/* Services whose newest report came back (差戻し), newest first, at most `limit`: those of 部局 dept_id (when > 0)
   and those managed by manager_id (when > 0); caller frees *out. */
kstatus db_termination_returned(kdb *db, int64_t dept_id, int64_t manager_id, int limit, ktermination **out,
                                size_t *n);
/* filed → accepted or returned; KS_CONFLICT if it is no longer filed. */
kstatus db_termination_decide(kdb *db, int64_t id, const char *state, int64_t by, const char *on,
                              const char *comment);
kstatus db_termination_answers_replace(kdb *db, int64_t termination_id, const ck_answer *v, size_t n);
kstatus db_termination_answers_load(kdb *db, int64_t termination_id, ck_answer **out, size_t *n);

/* One 廃棄・削除完了報告 (規定003 §4(7); ポリシー004 §8-3(8), §2(2)①(エ)): the verified end of an ended service. */
typedef struct kdisposal {
    int64_t id;
    int64_t service_id;
    char approval_no[24];
    char service_name[256];
    int64_t dept_id;
    char dept[128];
    char conf[4];
    char state[12];             /* filed accepted returned */
    char done_on[11];           /* 完了日 */
    char worker[KTEXT(80)];     /* 担当者 (who did and checked the deletion) */
    char method[64];            /* 削除方法 (002's table) */
    char confirmation[64];      /* 削除の確認 */
    int64_t exception_id;       /* the 例外措置 of the 廃棄方法 it relies on (0: none) */
    char exc_no[24];
    char evidence[KTEXT(200)];  /* 証跡 (証明書の番号・文書名) */
    char copies[16];            /* 全ての複製（バックアップ等）: 削除済 該当なし */
    char accounts_users[16];    /* 削除済 該当なし */
    char accounts_privileged[16];
    char accounts_special[16];
    char remarks[LC_TEXT];
    int64_t filed_by;
    char filer[128];
    char filed_on[11];
    int64_t decided_by;
    char decider[128];
    char decided_on[11];
    char decision_comment[LC_TEXT];
    char created_at[DB_STAMP_SIZE];
} kdisposal;

void kdisposal_free(kdisposal **v);
kstatus db_disposal_insert(kdb *db, kdisposal *p);   /* sets p->id; KS_CONSTRAINT if one is already filed */
kstatus db_disposal_get(kdb *db, int64_t id, kdisposal *out);
/* The report of a service awaiting 受理, KS_NOTFOUND if none. */
kstatus db_disposal_open(kdb *db, int64_t service_id, kdisposal *out);
/* Reports of one service, newest first; the caller frees *out with kdisposal_free. */
kstatus db_disposal_list(kdb *db, int64_t service_id, kdisposal **out, size_t *n);
/* Reports awaiting 受理, oldest first (as db_termination_pending). */
kstatus db_disposal_pending(kdb *db, int64_t dept_id, int64_t filer_id, kdisposal **out, size_t *n);
/* filed → accepted or returned; KS_CONFLICT if it is no longer filed. */
kstatus db_disposal_decide(kdb *db, int64_t id, const char *state, int64_t by, const char *on, const char *comment);

/* One yearly review of the regulation itself (規定003 §5: 見直しの責任者は統括情報セキュリティ責任者、少なくとも年に一度):
   who reviewed it, when, which versions of the 確認事項 templates, and the outcome. Not a service's 利用状況確認. */
typedef struct kregreview {
    int64_t id;
    char reviewed_on[11];
    int64_t reviewer_id;
    char reviewer[128];
    char versions[512];         /* the templates reviewed: 「conf2 2026.2・conf1 2026.1・…」 */
    char outcome[16];           /* 改訂不要 改訂する */
    char note[KTEXT(400)];      /* what was found and what is to change */
    char created_at[DB_STAMP_SIZE];
} kregreview;

void kregreview_free(kregreview **v);
kstatus db_regreview_insert(kdb *db, kregreview *r);   /* sets r->id */
/* Every review, newest first (one a year: the list stays short); the caller frees *out with kregreview_free. */
kstatus db_regreview_list(kdb *db, kregreview **out, size_t *n);

/* One 導入・構築時確認 (規定003 §4(5); ポリシー004 §8-3(6)④): one per service, recorded by its manager. */
typedef struct kbuild_check {
    int64_t id;
    int64_t service_id;
    char checked_on[11];        /* 確認日 */
    int64_t checker_id;
    char checker[128];
    char remarks[LC_TEXT];
    int nonconf;                /* answers 不適合 */
    char ck_key[16], ck_name[256], ck_version[32];
    char created_at[DB_STAMP_SIZE];
} kbuild_check;

kstatus db_build_check_insert(kdb *db, kbuild_check *b);   /* sets b->id; KS_CONSTRAINT if one is recorded */
/* The check of a service, KS_NOTFOUND if none is recorded. */
kstatus db_build_check_of(kdb *db, int64_t service_id, kbuild_check *out);
kstatus db_build_check_answers_replace(kdb *db, int64_t build_check_id, const ck_answer *v, size_t n);
kstatus db_build_check_answers_load(kdb *db, int64_t build_check_id, ck_answer **out, size_t *n);

/* ---- due lists ---- */
typedef enum kdue_kind {
    DUE_REVIEW_OVERDUE,   /* 次回利用状況確認期限 passed */
    DUE_REVIEW_SOON,      /* due within the window */
    DUE_END_PASSED,       /* 利用終了予定日 passed and no 終了連絡 accepted */
    DUE_BUILD_PENDING,    /* 利用開始日 passed and no 導入・構築時確認 recorded (003 §4(5)) */
    DUE_EXC_REPORT,       /* an emergency approval whose 事後報告 the CISO has not recorded (004 §7-4(2)) */
    DUE_EXC_RECHECK,      /* the periodic re-check date of an exception in force passed (004 §7-4(3)) */
    DUE_EXC_EXPIRED,      /* an exception's 有効期限 passed while its service is in use (004 §7-4) */
    DUE_DISPOSAL_PENDING, /* the 終了日 passed and no 廃棄・削除完了報告 accepted (003 §4(7)); report_filed: one waits */
    DUE_REG_REVIEW,       /* the yearly review of the regulation (003 §5) due within the window or past; no service:
                             made by app/due.c from the last review recorded, not by db_due_each */
    DUE__COUNT
} kdue_kind;

typedef struct kdue_item {
    kdue_kind kind;
    int64_t service_id;
    char approval_no[24];
    char name[256];
    char dept[128];
    char manager[128];
    int64_t manager_id;
    char date[11];        /* the due date, the 利用終了予定日 or the 利用開始日 */
    bool report_filed;    /* DUE_END_PASSED: a 終了連絡 awaits 受理 */
    char ref[24];         /* DUE_EXC_*: the 例外措置番号 */
} kdue_item;

typedef struct kdue_query {
    const char *today;    /* YYYY-MM-DD */
    const char *until;    /* last day of the "due soon" window */
    int64_t user_id;      /* only services this user manages … (0 = every service) */
    int64_t dept_id;      /* … or of this 部局 (0 = none) */
    bool governance;      /* also the exceptions' reports, re-checks and expiries (the CISO and the 統括) */
} kdue_query;

/* Streams the items of the services and exceptions (every kind before DUE_REG_REVIEW) by kind, then date, then
   承認番号; cb returns non-zero to stop. */
typedef int (*kdue_cb)(const kdue_item *it, void *ctx);
kstatus db_due_each(kdb *db, const kdue_query *q, kdue_cb cb, void *ctx);

/* ---- 年次利用状況確認 ---- */

/* Review status of a service in a 年度 (computed in SQL so lists, filters and counts agree; the rule is
   documented in app/annual.h). */
typedef enum kannual_status { ANNUAL_NONE, ANNUAL_DONE, ANNUAL_ACTION, ANNUAL__COUNT } kannual_status;

typedef struct kannual_row {
    int64_t service_id;
    char approval_no[24];
    char name[256];
    char provider[256];
    int64_t dept_id;
    char dept[128];
    char conf[4];
    char manager[128];
    char start_date[11], end_date[11];
    char next_review_due[11];
    char status[16];            /* services.status: active terminated */
    char terminated_on[11];
    kannual_status annual;
    int reviews;                /* reviews dated in the 年度 */
    kreview last;               /* the latest of them (last.id == 0: none) */
} kannual_row;

typedef struct kannual_query {
    int fy;
    const char *today;          /* YYYY-MM-DD: "next_review_due passed" is judged against it */
    int64_t dept_id;            /* 0 = every 部局 */
    int status;                 /* -1 = any, else a kannual_status */
    const char *search;         /* what was typed in the screen's search (NULL: none): 名称, 提供者, 承認番号, 部局 */
} kannual_query;

/* Services that were in use in the 年度 (active, or terminated on or after its first day, and approved by its
   last day), in 承認番号 order after `after_no` (NULL = from the start), at most `limit` rows. */
kstatus db_annual_page(kdb *db, const kannual_query *q, const char *after_no, int limit, kannual_row *out, int *n);
/* The `limit` rows just before `before_no` (NULL = the last page), in 承認番号 order. */
kstatus db_annual_page_before(kdb *db, const kannual_query *q, const char *before_no, int limit, kannual_row *out,
                              int *n);
/* Where a reading of the rows stands, step by step: after (or, back, before) the row of 承認番号 key ("" = at the
   first edge: the start, or back the end); end once the other edge was reached. */
typedef struct kannual_cursor {
    char key[24];
    bool back;
    bool end;
} kannual_cursor;
/* Services a step reads at most by default (a whole page is read in such steps). */
#define DB_ANNUAL_SCAN 2000
/* One bounded step of a reading: looks at no more than `scan` services past c's key, in the order of a page (its
   index: 承認番号, or a search's matches by id), whatever their status, and gives those of them that pass q's
   filters (at most `limit`, in the reading's direction: back gives the nearest first) and moves c past what it read,
   so a sparse filter costs a bounded time per step, never a scan of the table. */
kstatus db_annual_step(kdb *db, const kannual_query *q, kannual_cursor *c, int scan, int limit, kannual_row *out,
                       int *n);
typedef int (*kannual_cb)(const kannual_row *r, void *ctx);
kstatus db_annual_each(kdb *db, const kannual_query *q, kannual_cb cb, void *ctx);
/* Counts per 部局 and status (the query's status filter ignored). cb gets each (dept_id, dept, status, count). */
typedef int (*kannual_count_cb)(int64_t dept_id, const char *dept, kannual_status st, int64_t count, void *ctx);
kstatus db_annual_counts(kdb *db, const kannual_query *q, kannual_count_cb cb, void *ctx);
/* The same for the services with lo <= id < hi (hi 0 = all): a screen counts a range at a time between keys. */
kstatus db_annual_counts_range(kdb *db, const kannual_query *q, int64_t lo, int64_t hi, kannual_count_cb cb,
                               void *ctx);

/* Every application that was a version of a service (the original and each approved 変更申請), oldest first. */
typedef struct kversion {
    int64_t app_id;
    char app_no[24];
    char kind[16];
    char state[16];
    char decided_on[11];
    char decision[32];
} kversion;
kstatus db_service_versions(kdb *db, int64_t service_id, kversion **out, size_t *n);
/* Frees a list of versions and sets *v to NULL. */
void kversion_free(kversion **v);
#endif
