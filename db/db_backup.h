/* Backups of a live database and putting one back (db/db_backup.c), with SQLite's online backup API: never a copy
   of the file (a database in WAL mode is not in its file alone). */
#ifndef KUMO_DB_BACKUP_H
#define KUMO_DB_BACKUP_H
#include <stdbool.h>
#include <stdint.h>

#include "db/db.h"
#include "db/db_audit.h"

/* How far a copy has got: done of total pages. */
typedef void (*db_pages_fn)(void *ctx, long long done, long long total);

/* Copies the open database into the (new or empty) file at path: a consistent snapshot, taken in steps of a few
   hundred pages so that other processes keep writing meanwhile; when they write so often that the copy keeps
   starting again, the rest is copied in one step (in WAL mode that holds up no writer either). The copy is a plain
   database in one file (journal_mode DELETE). *pages gets its size in pages (may be NULL). */
kstatus db_backup_to(kdb *db, const char *path, db_pages_fn progress, void *ctx, int64_t *pages);

/* What a database file holds, read without changing it. */
typedef struct kdb_check {
    bool kumo;                 /* a kumo database (application_id) */
    int version;               /* its schema version (PRAGMA user_version) */
    bool too_new;              /* made by a newer kumo than this one */
    bool intact;               /* PRAGMA integrity_check said ok */
    char integrity[512];       /* its first complaint when not */
    int64_t pages, page_size;
    bool audited;              /* it has an audit trail (schema version with one) */
    kaudit_verify audit;       /* the trail checked (when audited) */
} kdb_check;
/* Opens the file at path read-only (as an unchanging file when it cannot be opened otherwise) and checks it:
   integrity_check, then, for a kumo database this kumo can read, the audit chain (db_audit_verify). KS_OK when it
   could be read at all (the result says what it found); KS_CORRUPT for a file that is not SQLite. */
kstatus db_check_file(const char *path, kdb_check *out);

/* Replaces the whole content of the open database with the file's, through the backup API into the live
   connection: other processes see the restored database with their next transaction and wait for the lock while
   it is written. The caller checks the file first (db_check_file). */
kstatus db_restore_from(kdb *db, const char *path, db_pages_fn progress, void *ctx);
#endif
