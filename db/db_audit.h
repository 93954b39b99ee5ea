/* Storage of the audit trail (db/db_audit.c): one record per step, written in the step's own transaction, chained by
   SHA-256, with the digest of every row the step left behind; the history rows of applications and services are
   written here too, from the same record, so that the two never tell different stories. Nothing here changes or
   deletes a record (the schema's triggers refuse it as well).

   The record's hash (documented in docs/architecture.md, "The audit trail") is the SHA-256 of
       kumo-audit-1\n
       NAME=LEN:VALUE\n   for seq at zone actor actor_name actor_role os_login action kind entity_id entity_no dept
                          changes comment (LEN the value's length in bytes)
       entity=KIND:ID:DIGEST\n   for each row the step touched, in (KIND, ID) order
       prev=HASH\n        the previous record's hash (64 zeros before record #1)
   and a row's digest is the SHA-256 of "KIND:ID\n" followed, for the row and then its child rows (確認事項 answers),
   by "row\n" and one NAME=TLEN:VALUE\n per column that is neither NULL nor '' (T: i integer, r real, t text,
   b blob), in the table's column order; "" when the row does not exist (it was deleted). A column added later with
   a NULL or '' default keeps every digest. */
#ifndef KUMO_DB_AUDIT_H
#define KUMO_DB_AUDIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"
#include "forms/digest.h"

/* The kinds of rows the trail keeps the state of. Each has its table (and child table) in db/db_audit.c's KINDS;
   a new table that holds part of the record gets a kind there. */
typedef enum audit_kind {
    AK_APPLICATION,   /* applications + checklist_answers */
    AK_SERVICE,       /* services */
    AK_USER,          /* users */
    AK_DEPARTMENT,    /* departments */
    AK_SETTINGS,      /* every row of settings, as one (id 0) */
    AK_REVIEW,        /* reviews + review_answers */
    AK_TERMINATION,   /* terminations + termination_answers */
    AK_HISTORY,       /* history */
    AK_BUILD_CHECK,   /* build_checks + build_check_answers (導入・構築時確認) */
    AK_EXCEPTION,     /* exceptions (例外措置, ポリシー004 §7-4) */
    AK_DISPOSAL,      /* disposals (廃棄・削除完了報告) */
    AK_REG_REVIEW,    /* regulation_reviews (規定の見直し, 規定003 §5) */
    AK__COUNT
} audit_kind;
/* "application" …, and the Japanese name (申請 …). */
const char *audit_kind_code(audit_kind k);
const char *audit_kind_label(audit_kind k);
/* The label of a record's subject kind (its code in kaudit_row.kind): 申請, サービス, 利用者 …, 取込, 監査証跡. */
const char *audit_subject_label(const char *kind);

typedef struct audit_ref { audit_kind kind; int64_t id; } audit_ref;

/* A history row the record writes (an application's or a service's 履歴). */
typedef struct audit_hist {
    char action[64];          /* '' = the record's */
    int64_t app_id, service_id;
    char from_state[16], to_state[16];
    char *comment;
} audit_hist;

/* One record as a step describes it before it is written (db_audit_append). */
typedef struct kaudit {
    bool open;                /* a step began describing it */
    char action[64];          /* 提出, 利用者追加 … */
    char kind[16];            /* the subject: application service user department settings review termination import
                                 audit */
    int64_t entity_id;        /* 0: none */
    char entity_no[128];      /* 申請番号, 承認番号, login, 部局名, setting, file name */
    char dept[128];           /* the subject's 部局 ('' none) */
    char *changes;            /* "項目: 前 → 後" lines (kaudit_change) */
    size_t changes_len, changes_cap;
    char *comment;
    audit_ref *refs;          /* rows the step changed, created or deleted */
    size_t nrefs, refs_cap;
    audit_hist *hist;
    size_t nhist, hist_cap;
    char at[DB_STAMP_SIZE];   /* the record's time once a step fixed it (kaudit_at); '' = when it is written */
    int64_t bulk_lo, bulk_hi; /* history rows lo..hi the step wrote in one statement (kaudit_history_bulk); 0 none */
    bool oom;                 /* an allocation failed: the record cannot be written */
} kaudit;

/* Frees what the record holds and makes it empty (not open). */
void kaudit_reset(kaudit *r);
void kaudit_subject(kaudit *r, const char *kind, int64_t id, const char *no, const char *dept);
/* A row the step changed (its state after the step is digested when the record is written). */
void kaudit_touch(kaudit *r, audit_kind kind, int64_t id);
/* One "項目: 前 → 後" line, only when before and after differ. Values are escaped: \ → \\, a line break → \n,
   a carriage return → \r. */
void kaudit_change(kaudit *r, const char *field, const char *before, const char *after);
void kaudit_comment(kaudit *r, const char *comment);
/* A history row for the application app_id and/or the service service_id (0 = none), with its own action
   (NULL: the record's). */
void kaudit_history(kaudit *r, const char *action, int64_t app_id, int64_t service_id, const char *from,
                    const char *to, const char *comment);

/* The record's time, fixed at the first call (inside the step's write transaction) and used when it is written: for
   rows a step writes itself with the record's time (kaudit_history_bulk). */
const char *kaudit_at(kaudit *r);
/* History rows lo..hi (ids, consecutive) that the step wrote in one statement, at kaudit_at and by the actor, each
   about one service: the record names them and the service of each as touched — what kaudit_history and
   kaudit_touch would name one by one — without holding them: when it is written it reads them in id order
   (a step that hands over a hundred thousand services keeps no list of them). Once per record. */
void kaudit_history_bulk(kaudit *r, int64_t lo, int64_t hi);

/* Who wrote a record: the user acting (id 0 and empty strings for kumo itself: a migration). */
typedef struct kaudit_actor {
    int64_t id;
    const char *login, *name, *role;
} kaudit_actor;

/* The newest record. */
typedef struct kaudit_head {
    int64_t seq;              /* 0: no record */
    char at[DB_STAMP_SIZE];
    char hash[DIGEST_HEX_SIZE];
} kaudit_head;

/* Writes the record inside the caller's write transaction: its history rows, the digest of every row it touched,
   and the record chained to the head read inside the same transaction (BEGIN IMMEDIATE: two writers never fork the
   chain). head (may be NULL) gets the new head. The record is reset whatever happens. */
kstatus db_audit_append(kdb *db, kaudit *r, const kaudit_actor *actor, kaudit_head *head);
/* Record #1 of a database: the digest of every row that exists (run by the migration that creates the trail). */
kstatus db_audit_genesis(kdb *db);
/* After a later migration that changed rows (a column filled in, an old value brought in line with the policy): one
   record by kumo itself, "スキーマの更新 v<version>", holding the digest of every row whose digest no longer matches
   the chain's last (or that the chain has never seen), so that the change is on the record, not mistaken for an
   edit behind kumo's back. Nothing is written when no row changed. */
kstatus db_audit_migrated(kdb *db, int version);
kstatus db_audit_head(kdb *db, kaudit_head *out);
/* The digest of one row as the trail computes it ("" when it does not exist). */
kstatus db_audit_digest(kdb *db, audit_kind kind, int64_t id, char out[DIGEST_HEX_SIZE]);

/* Whether one row is as the chain last recorded it (false too when the chain has never seen it): one digest and one
   indexed look-up, not the whole walk. Used before trusting a row that grants something (the demo flag). */
kstatus db_audit_row_fits(kdb *db, audit_kind kind, int64_t id, bool *fits);

/* The result of walking the whole trail. */
typedef struct kaudit_verify {
    bool ok;
    int64_t records;          /* records read */
    int64_t problems;         /* how many things do not fit */
    int64_t first_seq;        /* the first record that does not fit (0: a row, or none) */
    char what[1024];          /* the first thing that does not fit, in Japanese */
    kaudit_head head;         /* the last record read */
} kaudit_verify;
/* Walks the chain (numbering, each hash, each link) and compares every audited table with the state the chain
   last recorded of each row. KS_OK when it could read everything (out->ok says whether it fits). */
kstatus db_audit_verify(kdb *db, kaudit_verify *out);
/* The same, telling fn how far it has got (a verify reads every record and every audited row: a large database
   takes a while): what in Japanese, done of total (-1: not known), the last call with done == total. */
typedef void (*db_verify_progress_fn)(void *ctx, const char *what, long long done, long long total);
kstatus db_audit_verify_with(kdb *db, kaudit_verify *out, db_verify_progress_fn fn, void *ctx);

/* One record as read. */
typedef struct kaudit_row {
    int64_t seq;
    char at[DB_STAMP_SIZE];
    char zone[64];
    char actor[64];
    char actor_name[128];
    char actor_role[16];
    char os_login[64];
    char action[64];
    char kind[16];
    int64_t entity_id;
    char entity_no[128];
    char dept[128];
    char *changes;
    char *comment;
    char prev[DIGEST_HEX_SIZE];
    char hash[DIGEST_HEX_SIZE];
} kaudit_row;
void kaudit_row_clear(kaudit_row *r);   /* frees changes and comment */
void kaudit_rows_free(kaudit_row **v, size_t n);

typedef struct kaudit_filter {
    const char *from, *to;    /* YYYY-MM-DD, inclusive, in the organisation's calendar (NULL: open) */
    const char *actor;        /* login (NULL: anyone) */
    const char *action;       /* exact action (NULL: any) */
    const char *dept;         /* 部局 name of the subject (NULL: any) */
} kaudit_filter;
/* A page of records, newest first, by keyset on seq: seq < before_seq (0 = from the newest) or, with after_seq > 0,
   the page just above it (after_seq < 0: the oldest page). Caller frees with kaudit_rows_free. */
kstatus db_audit_page(kdb *db, const kaudit_filter *f, int64_t before_seq, int64_t after_seq, int limit,
                      kaudit_row **out, size_t *n);
kstatus db_audit_count(kdb *db, const kaudit_filter *f, int64_t *count);
/* Streams every record matching f, oldest first; cb returns non-zero to stop. */
typedef int (*kaudit_cb)(const kaudit_row *r, void *ctx);
kstatus db_audit_each(kdb *db, const kaudit_filter *f, kaudit_cb cb, void *ctx);
/* Streams the records that touched one row (audit_entity: kind and id), oldest first — the trail of one
   application, say; cb returns non-zero to stop. */
kstatus db_audit_of(kdb *db, const char *kind, int64_t id, kaudit_cb cb, void *ctx);
/* Whether a filter's value names something: a login of a user or an actor of the trail, an action the trail has
   recorded, a 部局 of the register or of the trail (old names stay in old records). */
typedef enum audit_filter_field { AF_ACTOR, AF_ACTION, AF_DEPT } audit_filter_field;
kstatus db_audit_filter_known(kdb *db, audit_filter_field field, const char *value, bool *known);
/* The distinct actions recorded (for a filter's choices); caller frees each and the array. */
kstatus db_audit_actions(kdb *db, char ***out, size_t *n);
#endif
