/* kumo's storage: one SQLite file (WAL, foreign keys, busy timeout, STRICT tables, versioned migrations).
   Every write is one BEGIN IMMEDIATE transaction; every value is a bound parameter. Nothing here draws. */
#ifndef KUMO_DB_H
#define KUMO_DB_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/status.h"
#include "forms/checklist.h"
#include "forms/form.h"

typedef struct kdb kdb;

/* Room in a fixed field for `chars` characters of UTF-8 (4 bytes each at most) and the NUL: a field must hold
   every value the checks let through, or a later update writes the cut value back. */
#define KTEXT(chars) ((chars) * 4 + 1)

#define KUMO_APPLICATION_ID 0x4B554D4F /* "KUMO" in PRAGMA application_id */
/* The schema version is the number of migrations in db/schema.c. */

typedef enum db_open_mode { DB_OPEN_EXISTING, DB_OPEN_CREATE } db_open_mode;

/* Opens (or with DB_OPEN_CREATE creates) the database and brings its schema up to date. */
kstatus db_open(const char *path, db_open_mode mode, kdb **out);
void db_close(kdb **db);
/* The last SQLite message, for the details line under a Japanese error. */
const char *db_errmsg(const kdb *db);
const char *db_path(const kdb *db);
int db_schema_version(kdb *db);
/* How long a write waits for another connection's lock before KS_BUSY (db_open sets 5000 ms). */
void db_set_busy_timeout(kdb *db, int ms);

kstatus db_begin(kdb *db);    /* BEGIN IMMEDIATE */
kstatus db_commit(kdb *db);
void db_rollback(kdb *db);

/* Settings: org_name, demo, review_interval_months … */
kstatus db_setting_get(kdb *db, const char *key, char *out, size_t n);
kstatus db_setting_set(kdb *db, const char *key, const char *value);

/* ---- 部局 and users ---- */
typedef struct kdept { int64_t id; char name[128]; } kdept;
kstatus db_dept_add(kdb *db, const char *name, int64_t *id);
kstatus db_dept_find(kdb *db, const char *name, int64_t *id);
kstatus db_dept_get(kdb *db, int64_t id, kdept *out);
/* All 部局 in name order (a municipality has tens, not thousands); caller frees *out. */
kstatus db_dept_list(kdb *db, kdept **out, size_t *n);

typedef struct kuser {
    int64_t id;
    char login[64];
    char name[128];
    int64_t dept_id;
    char dept_name[128];
    char section[128];
    char role[16];   /* staff dept_head approver ciso auditor admin */
    bool active;
} kuser;
kstatus db_user_add(kdb *db, const kuser *u, int64_t *id);
kstatus db_user_by_login(kdb *db, const char *login, kuser *out);
kstatus db_user_by_id(kdb *db, int64_t id, kuser *out);
kstatus db_user_by_name(kdb *db, const char *name, kuser *out);
/* Users ordered by role rank then 部局 and name; role NULL = all; dept_id 0 = all. Caller frees *out. */
kstatus db_user_list(kdb *db, const char *role, int64_t dept_id, kuser **out, size_t *n);
/* The same, with inactive users when inactive_too. */
kstatus db_user_list_ex(kdb *db, const char *role, int64_t dept_id, bool inactive_too, kuser **out, size_t *n);
kstatus db_user_update(kdb *db, const kuser *u);

/* ---- applications (クラウドサービス利用申請書兼許可書) ---- */
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
void kapp_free(kapp *a);

/* Inserts a draft with the values in a->v; sets a->id and a->version. */
kstatus db_app_insert(kdb *db, kapp *a);
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
    const char *search;       /* substring of 名称, 提供者 or 申請番号; Japanese of any length */
    int64_t applicant_id;     /* visibility: only this applicant's (0 = no restriction) */
    int64_t visible_dept_id;  /* visibility: only this 部局's … (0 = no restriction) */
    int64_t visible_user_id;  /* … or this user's own applications */
    int64_t decider_dept_id;  /* for "waiting for me" lists: §8-4 of this 部局 (0 = unused) */
    const char *track;        /* NULL = any */
    int64_t exclude_applicant;/* 兼務の禁止 in "waiting for me" lists (0 = none) */
} kapp_filter;

/* One page of applications, newest first, by keyset on id: rows with id < before_id (0 = from the newest) or,
   with after_id > 0, the page just above after_id (after_id < 0: the oldest page). At most `limit` rows into out; *n gets the count. */
kstatus db_app_page(kdb *db, const kapp_filter *f, int64_t before_id, int64_t after_id, int limit, kapp_row *out,
                    int *n);
kstatus db_app_count(kdb *db, const kapp_filter *f, int64_t *count);
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
    char at[20];
    char user[128];
    char action[64];
    char from_state[16], to_state[16];
    char *comment;
} khist;
kstatus db_history_add(kdb *db, int64_t app_id, int64_t service_id, int64_t user_id, const char *action,
                       const char *from, const char *to, const char *comment);
/* History of an application (app_id > 0) or of a service (service_id > 0), oldest first. */
kstatus db_history_list(kdb *db, int64_t app_id, int64_t service_id, khist **out, size_t *n);
void db_history_free(khist *v, size_t n);

/* ---- 承認済みクラウドサービス台帳 ---- */
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
    char in_use_on[11];       /* YYYY-MM-DD: an ended service whose 終了日 is after this day is still in use */
} kservice_filter;
/* Keyset pages ordered by approval_no (register order), as db_app_page. */
kstatus db_service_page(kdb *db, const kservice_filter *f, const char *after_no, const char *before_no, int limit,
                        kservice *out, int *n);
kstatus db_service_count(kdb *db, const kservice_filter *f, int64_t *count);
typedef int (*kservice_cb)(const kservice *s, void *ctx);
kstatus db_service_each(kdb *db, const kservice_filter *f, kservice_cb cb, void *ctx);

/* Time stamp for history rows: local time YYYY-MM-DD HH:MM:SS ($KUMO_NOW overrides, for tests). */
void db_now(char out[20]);
#endif
