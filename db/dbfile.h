/* A new database file made whole before anyone sees it (db/dbfile.c): `kumo init` and `kumo demo` build it under a
   temporary name in the destination's folder (.kumo-new-XXXXXX, locked while it is built) and rename it into place
   only when complete, so that a kill at any moment leaves either nothing or a complete database. Temporary files of
   a run that died are removed by the next run that opens a database in that folder. */
#ifndef KUMO_DB_DBFILE_H
#define KUMO_DB_DBFILE_H
#include <limits.h>
#include <stdbool.h>

#include "db/status.h"

/* The prefix of every temporary database; nothing else in a folder is ever removed by the sweep. */
#define DBFILE_TMP_PREFIX ".kumo-new-"

typedef struct dbfile_new {
    char final[PATH_MAX];      /* where the database goes */
    char tmp[PATH_MAX];        /* the temporary file it is built in: open this with db_open(…, DB_OPEN_CREATE) */
    int lock;                  /* an open descriptor holding flock on tmp while it is built; -1 when none */
    unsigned mode;             /* the permissions it gets when placed */
} dbfile_new;

/* Creates the empty temporary file beside final. mode: the permissions the database gets (the -wal and -shm
   files SQLite makes follow them). KS_READONLY or KS_IO when the folder cannot take it. */
kstatus dbfile_begin(const char *final, unsigned mode, dbfile_new *n);
/* Places the complete database (every connection to tmp closed) at final: synced, given its mode, renamed. With
   replace false an existing final is never replaced (KS_EXISTS). Whatever happens, tmp is gone afterwards. */
kstatus dbfile_place(dbfile_new *n, bool replace);
/* Removes the temporary file and its companions (-wal, -shm, -journal); for a build that failed. */
void dbfile_discard(dbfile_new *n);
/* Removes temporary databases of kumo's own naming left in the folder of path by a run that died: only names that
   begin with DBFILE_TMP_PREFIX, only when no live build holds their lock, only when older than this run. */
void dbfile_sweep(const char *path);
#endif
