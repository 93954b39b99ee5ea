/* Storage of the 例外措置 (ポリシー004 §7-4): one row per exception the CISO permitted or refused, or the 統括
   approved first in an emergency, with what deviated and the dates of its validity and re-check; the register of
   exceptions (§7-4(3)) reads it (db/db_exception.c). Writes run inside the caller's transaction. */
#ifndef KUMO_DB_EXCEPTION_H
#define KUMO_DB_EXCEPTION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "db/db.h"

/* Texts: 400 characters; the deviations snapshot up to 2000 (several items, each naming its field and rule). */
#define EXC_TEXT KTEXT(400)
#define EXC_DEVIATIONS KTEXT(2000)

typedef struct kexception {
    int64_t id;
    char exc_no[24];              /* 例外措置番号 EX-R8-0001 */
    char subject[16];             /* 申請 (an application's deviations) / 廃棄方法 (a service's disposal) */
    char kind[8];                 /* 通常 (§7-4(1)) / 緊急 (§7-4(2)) */
    char state[12];               /* granted refused report_due reported */
    int64_t app_id;               /* 0: none (廃棄方法) */
    char app_no[24];
    int64_t app_version;          /* the submission the decision is about */
    int64_t service_id;           /* 0 until the application is approved */
    char approval_no[24];
    char service_name[256];       /* of the service, else of the application */
    int64_t dept_id;
    char dept[128];
    char deviations[EXC_DEVIATIONS];
    char reason[EXC_TEXT];        /* 合理的な理由 (granted), the refusal's reason, the report's assessment */
    char conditions[EXC_TEXT];
    char valid_until[11];
    char recheck_on[11];          /* next periodic re-check (§7-4(3)) */
    int64_t ciso_id;
    char ciso[128];
    char ciso_on[11];
    int64_t emergency_by;         /* the 統括 who approved first (§7-4(2)) */
    char emergency_user[128];
    char emergency_on[11];
    char emergency_reason[EXC_TEXT];
    char checked_on[11];          /* the last periodic re-check */
    char check_note[EXC_TEXT];
    char created_at[DB_STAMP_SIZE];
} kexception;

/* Frees a list of exceptions and sets *v to NULL. */
void kexception_free(kexception **v);

kstatus db_exc_insert(kdb *db, kexception *e);   /* sets e->id */
/* Next free number of 例外措置番号 with this prefix (EX-R8-). */
kstatus db_exc_next_seq(kdb *db, const char *prefix, int *seq);
kstatus db_exc_get(kdb *db, int64_t id, kexception *out);
kstatus db_exc_by_no(kdb *db, const char *exc_no, kexception *out);
/* The decision on one submission of an application (subject 申請), KS_NOTFOUND if none. */
kstatus db_exc_for_submission(kdb *db, int64_t app_id, int64_t app_version, kexception *out);
/* The newest exception of a service about `subject` in one of the states granted or reported; KS_NOTFOUND if none. */
kstatus db_exc_in_force(kdb *db, int64_t service_id, const char *subject, kexception *out);
/* Rewrites the decision fields (state, reason, conditions, dates, ciso, service, re-check); KS_CONFLICT when the
   row is no longer in state `from`. */
kstatus db_exc_update(kdb *db, const kexception *e, const char *from);
/* Every exception of an application (all its submissions) or a service, newest first; caller frees *out. */
kstatus db_exc_of(kdb *db, int64_t app_id, int64_t service_id, kexception **out, size_t *n);

typedef struct kexc_filter {
    const char *state;            /* NULL = any */
    bool open_only;               /* report_due, or granted/reported with an active service or a pending application */
} kexc_filter;
/* The register, newest first, keyset by id: rows with id < before (0 = from the newest) or, with after > 0, the page
   just above after (after < 0: the oldest page); at most limit. */
kstatus db_exc_page(kdb *db, const kexc_filter *f, int64_t before, int64_t after, int limit, kexception *out, int *n);
kstatus db_exc_count(kdb *db, const kexc_filter *f, int64_t *count);
typedef int (*kexc_cb)(const kexception *e, void *ctx);
/* Every exception in 例外措置番号 order (for the workbook); cb returns non-zero to stop. */
kstatus db_exc_each(kdb *db, const kexc_filter *f, kexc_cb cb, void *ctx);

/* Applications waiting for the CISO (submitted, needs_exception, no decision on this submission): one page of ids
   with their 申請番号, oldest first; exclude: a user whose own applications are left out (兼務の禁止). */
typedef struct kexc_wait {
    int64_t app_id;
    char app_no[24];
    char service_name[256];
    char dept[128];
    char applied_on[11];
} kexc_wait;
kstatus db_exc_waiting(kdb *db, int64_t exclude, int limit, kexc_wait *out, int *n, int64_t *total);
/* Marks whether a submitted application needs a 例外措置 (set by the submission; no version bump). */
kstatus db_app_set_needs_exception(kdb *db, int64_t app_id, bool needs);
#endif
