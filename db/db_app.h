/* Storage of the クラウドサービス利用申請書兼許可書: the applications, their 確認事項 answers (a snapshot of the
   template per application) and the history of every step (db/db_app.c). */
#ifndef KUMO_DB_APP_H
#define KUMO_DB_APP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "forms/checklist.h"
#include "forms/form.h"

typedef struct kapp {
    int64_t id;
    char *app_no;        /* 申請番号, "" until first submission */
    int fy, seq;
    char *state;         /* draft submitted returned approved rejected */
    char *track;         /* "8-3", "8-4", "" */
    int64_t applicant_id;
    char *applicant_name;
    int64_t dept_id;
    char *dept_name;
    int64_t service_id;  /* register entry this application created or changes (0 = none) */
    int64_t parent_id;   /* the application a 変更申請 was made from (0 = none) */
    char *v[FF_COUNT];   /* the 申請 half */
    char *applied_on;    /* 申請日 */
    /* the 許可 half */
    char *decision;      /* 承認 条件付承認 差戻し 却下 */
    char *decision_comment;
    char *decided_on;
    int64_t decided_by;
    char *decided_by_name;
    char *approval_no;
    int64_t manager_id;
    char *manager_name;
    char *next_review_due;
    char *ck_key, *ck_name, *ck_version;
    int64_t version;     /* optimistic lock: bumped by every write */
    char *created_at, *updated_at;
} kapp;
/* Frees what a kapp holds (the caller owns the kapp itself) and leaves its strings NULL. */
void kapp_clear(kapp *a);
/* The 申請 half's columns, in the order the statements bind them (the unit tests check them against forms/form.c). */
const char *db_form_columns(void);

/* Inserts a draft with the values in a->v; sets a->id and a->version. */
kstatus db_app_insert(kdb *db, kapp *a);
/* Inserts a whole record as given (state, numbers, the 許可 half, times; id 0 = the next): rows made in bulk. */
kstatus db_app_insert_full(kdb *db, kapp *a);
/* Links a record made by db_app_insert_full to the service made for it. */
kstatus db_app_set_service(kdb *db, int64_t id, int64_t service_id);
kstatus db_app_get(kdb *db, int64_t id, kapp *out);
kstatus db_app_by_no(kdb *db, const char *app_no, kapp *out);
/* Writes the 申請 half, track and checklist identity; KS_CONFLICT if someone saved since `a->version`. */
kstatus db_app_update_form(kdb *db, kapp *a);
/* Writes state, number, dates, the 許可 half and links; KS_CONFLICT as above. */
kstatus db_app_update_state(kdb *db, kapp *a);
/* Next free sequence number of 申請番号 in a 年度. */
kstatus db_app_next_seq(kdb *db, int fy, int *seq);
kstatus db_app_delete_draft(kdb *db, int64_t id, int64_t version);
/* An application of the service still open (下書き, 申請中, 差戻し) other than exclude_id: KS_OK with its number,
   or KS_NOTFOUND. */
kstatus db_app_open_for_service(kdb *db, int64_t service_id, int64_t exclude_id, char *app_no, size_t n);

typedef struct kapp_row {
    int64_t id;
    char app_no[24];
    char state[16];
    char track[8];
    char dept[128];
    char conf[4];
    char service_name[256];
    char applied_on[11];
    char applicant[128];
    int64_t applicant_id;
    char decision[32];
} kapp_row;

typedef struct kapp_filter {
    const char *state;        /* NULL = any */
    int64_t dept_id;          /* 0 = any */
    const char *conf;         /* NULL = any */
    int fy;                   /* 年度 of the 申請番号 (2026 for R8-…), 0 = any */
    const char *search;       /* substring of 申請番号, 承認番号, 名称, 提供者, 部局 or 申請者, any length, in any width
                                 or case (db/search.c) */
    int64_t applicant_id;     /* visibility: only this applicant's (0 = no restriction) */
    int64_t visible_dept_id;  /* visibility: only this 部局's … (0 = no restriction) */
    int64_t visible_user_id;  /* … or this user's own applications */
    int64_t decider_dept_id;  /* for "waiting for me" lists: §8-4 of this 部局 (0 = unused) */
    const char *track;        /* NULL = any */
    int64_t exclude_applicant;/* 兼務の禁止 in "waiting for me" lists (0 = none) */
} kapp_filter;

/* One page of applications, newest first, by keyset on id: rows with id < before_id (0 = from the newest) or,
   with after_id > 0, the page just above after_id (after_id < 0: the oldest page). At most `limit` rows into out;
   *n gets the count. */
kstatus db_app_page(kdb *db, const kapp_filter *f, int64_t before_id, int64_t after_id, int limit, kapp_row *out,
                    int *n);
/* Every match (a scan: for exports, never for a screen). */
kstatus db_app_count(kdb *db, const kapp_filter *f, int64_t *count);
/* The matches with lo <= id < hi: a screen counts a large table a range at a time between keystrokes. */
kstatus db_app_count_range(kdb *db, const kapp_filter *f, int64_t lo, int64_t hi, int64_t *count);
/* The highest id (0 when there is none): where a count by ranges starts. */
kstatus db_app_max_id(kdb *db, int64_t *id);
/* Streams every application matching f in id order to cb (for exports); cb returns non-zero to stop. */
typedef int (*kapp_cb)(const kapp *a, void *ctx);
kstatus db_app_each(kdb *db, const kapp_filter *f, kapp_cb cb, void *ctx);

/* ---- 確認事項 answers (a snapshot of the template per application) ---- */
kstatus db_answers_replace(kdb *db, int64_t app_id, const ck_answer *v, size_t n);
kstatus db_answers_load(kdb *db, int64_t app_id, ck_answer **out, size_t *n);
kstatus db_answer_save(kdb *db, int64_t app_id, const ck_answer *a);

/* ---- history ---- */
typedef struct khist {
    int64_t id;
    char at[DB_STAMP_SIZE];
    char user[128];
    char action[64];
    char from_state[16], to_state[16];
    char *comment;
} khist;
/* History rows are written only by the audit trail, from the step's record (db/db_audit.h, kaudit_history). */
/* kumo demo --rows: what its applications of ids from+1..to imply, written in one statement each (the caller names
   the rows in the batch's audit record).
   The 台帳 row of each approved application, with the id the application points at (service_id), its 承認日, its
   管理者 and 次回確認期限, in use from before kumo recorded it: build_state build_83 for a §8-3 application,
   build_84 for §8-4. */
kstatus db_bulk_services(kdb *db, int64_t from, int64_t to, const char *build_83, const char *build_84);
/* The history of each application as the workflow writes it, application by application: `created` (to draft, by
   the applicant, at created_at), `submitted` unless a draft (draft → submitted, at created_at), and for a decided
   one its decision (by decided_by, at updated_at, with its comment; an approval's comment is approved_fmt with the
   承認番号, the 管理者's 氏名 and the 次回確認期限, and names the service). *first..*last: the ids written. */
typedef struct kbulk_history {
    const char *created, *submitted, *approved_fmt;
} kbulk_history;
kstatus db_bulk_history(kdb *db, int64_t from, int64_t to, const kbulk_history *t, int64_t *first, int64_t *last);
/* History of an application (app_id > 0) or of a service (service_id > 0), oldest first. */
kstatus db_history_list(kdb *db, int64_t app_id, int64_t service_id, khist **out, size_t *n);
/* Frees n history rows (and the array) and sets *v to NULL. */
void khist_free(khist **v, size_t n);
#endif
