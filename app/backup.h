/* Backups (kumo backup) and putting one back (kumo restore), for the システム管理者 (app/backup.c): a consistent copy
   of the live database through SQLite's online backup API, written like every other file a user takes away
   (app/exchange/outfile.c) and checked before it is put in place; a restore checks the file the same way, keeps the
   database it replaces beside it, and records itself in the audit trail. */
#ifndef KUMO_APP_BACKUP_H
#define KUMO_APP_BACKUP_H
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_backup.h"

typedef struct kbackup {
    int64_t pages;
    int64_t bytes;
    kdb_check check;     /* the copy as checked: integrity, the audit trail */
} kbackup;

/* Writes a consistent copy of the session's database to dest ("-": standard output), checks the copy (PRAGMA
   integrity_check, the audit chain) and only then puts it in place. A copy that is not intact is not kept (KS_IO
   with the reason). A copy whose audit trail does not fit is kept — it is what the database holds — and *out says so
   (check.audit.ok false). システム管理者 only. */
kstatus backup_write(kumo *k, const char *dest, kbackup *out);

/* Checks a backup file for a restore: KS_OK when it may be restored (*out says what it holds); KS_INVALID with the
   reason when not (not a kumo database, damaged, made by a newer kumo, its audit trail does not fit). システム管理者
   only; the file is opened as the user (never with kumo's group). */
kstatus backup_check(kumo *k, const char *file, kdb_check *out);

/* Replaces the session's database with the file's content after backup_check: the database as it was is first
   kept beside it (its path + ".replaced-YYYYMMDD-HHMMSS", named in kept), then the content is written through the
   live connection, checked, and the restore is recorded in the (restored) audit trail. */
kstatus backup_restore(kumo *k, const char *file, char *kept, size_t n);
#endif
