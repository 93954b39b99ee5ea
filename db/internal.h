/* Shared by the files of db/ only. */
#ifndef KUMO_DB_INTERNAL_H
#define KUMO_DB_INTERNAL_H
#include <limits.h>
#include <stdbool.h>
#include <time.h>
#include <sqlite3.h>

#include "db/db.h"
#include "forms/checklist.h"

/* Statements prepared once per connection and reused (db_cached): the writes and look-ups that run once per row of
   an import or a demo. */
#define DB_CACHE_MAX 64

struct kdb {
    sqlite3 *h;
    struct { const char *sql; sqlite3_stmt *st; } cache[DB_CACHE_MAX];
    char path[PATH_MAX];   /* as opened, for db_path */
    char err[512];
    int last_rc;
    bool readonly;         /* the file may only be read: every write step says why (ro_why) */
    bool immutable;        /* opened as an unchanging file (no write-ahead log could be made) */
    char ro_why[256];
    /* how a write waits for another connection's lock (db_set_wait) */
    int wait_max;
    db_wait_fn wait_tick;
    void *wait_ctx;
    struct timespec wait_start;
    long wait_ticked;
};

kstatus db_map(kdb *db, int rc);
sqlite3_stmt *db_prep(kdb *db, const char *sql);
/* The statement of `sql` (a string constant: the cache is keyed by its address) prepared once on this connection,
   reset and without bindings. The helpers below (db_exec_done, db_one, …) reset it instead of finalizing it; a
   statement the caller steps itself ends with db_done. A use that starts while the cached one is still being read
   (a callback running the same query) gets a statement of its own, finalized by db_done. */
sqlite3_stmt *db_cached(kdb *db, const char *sql);
/* Ends the use of a statement: reset when it is cached, else finalized. */
void db_done(kdb *db, sqlite3_stmt *st);
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
/* The same without a copy: s must stay as it is until the statement is reset (a statement stepped at once by
   db_exec_done, db_one, db_int64 … whose bindings db_done clears: the writes and look-ups of every row of an import). */
void db_bind_text_static(sqlite3_stmt *st, int i, const char *s);
void db_bind_id(sqlite3_stmt *st, int i, int64_t id);   /* 0 → NULL */
char *db_col_dup(sqlite3_stmt *st, int i);
void db_col_copy(sqlite3_stmt *st, int i, char *out, size_t n);
/* Steps a write statement to completion and finalizes it. */
kstatus db_exec_done(kdb *db, sqlite3_stmt *st);
/* The same for a write that must change a row (an UPDATE guarded by id, version or state): `none` when it changed
   nothing. */
kstatus db_exec_changed(kdb *db, sqlite3_stmt *st, kstatus none);

/* Reads the current row of a statement into one record (a kuser, a kreview …). */
typedef void (*db_row_fn)(sqlite3_stmt *st, void *out);
/* Steps a query for at most one row: KS_OK after read(st, out), KS_NOTFOUND when there is none. Finalizes st. */
kstatus db_one(kdb *db, sqlite3_stmt *st, db_row_fn read, void *out);
/* Steps a query for one integer (a count, a max, an id) in its first column: KS_OK, or KS_NOTFOUND when there is no
   row. out may be NULL. Finalizes st. */
kstatus db_int64(kdb *db, sqlite3_stmt *st, int64_t *out);
/* Steps a query to its end, reading each row with `read` into a new element of `size` bytes of the malloc'd array
   *out (*n elements). Finalizes st. On failure nothing is kept: `release` (NULL when the elements own no memory)
   is given each element read, the array is freed, *out is NULL and *n 0. */
kstatus db_rows(kdb *db, sqlite3_stmt *st, size_t size, db_row_fn read, void (*release)(void *), void **out,
                size_t *n);
/* The id of the service of 承認番号 no, as a search's reading is keyed (the search index gives its matches in id
   order): "" = before the first (0); a number no longer there = `gone` (the caller's side of every row). */
kstatus db_service_key_id(kdb *db, const char *no, int64_t gone, int64_t *id);
/* The newest history row's id (0: none): a step that writes history rows by one INSERT … SELECT names them as the
   range after it. */
kstatus db_history_last_id(kdb *db, int64_t *id);
/* Reverses n elements of `size` bytes (a keyset page read upwards, shown newest first). */
void db_reverse(void *v, size_t n, size_t size);

/* 確認事項 answers of an application, a review, a termination or a 導入・構築時確認: the tables share their shape (`table` and its
   `key` column are constants of the caller). Replace deletes the old answers and writes v. */
typedef enum answers_table { ANSWERS_APPLICATION, ANSWERS_REVIEW, ANSWERS_TERMINATION, ANSWERS_BUILD } answers_table;
kstatus db_answers_replace_in(kdb *db, answers_table t, int64_t id, const ck_answer *v, size_t n);
kstatus db_answers_load_from(kdb *db, answers_table t, int64_t id, ck_answer **out, size_t *n);
#endif
