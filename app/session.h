/* The session: the open database, the user acting, and the one error model of the domain (a kstatus and, for the
   last failure, a Japanese message naming the field and the rule) (app/session.c). */
#ifndef KUMO_APP_SESSION_H
#define KUMO_APP_SESSION_H
#include <stdbool.h>
#include <stddef.h>

#include "app/progress.h"
#include "db/db.h"
#include "db/db_service.h"
#include "forms/date.h"

#define KUMO_VERSION "0.1.0"

/* One session: an open database and the user acting. Opaque to the front ends (defined in app/internal.h); they
   read it through the functions below. */
typedef struct kumo kumo;


/* Opens an existing database (mode DB_OPEN_EXISTING) or makes a new one (DB_OPEN_CREATE). */
kstatus kumo_open(const char *path, db_open_mode mode, kumo **out);
void kumo_close(kumo **k);
/* The database when none is given: in a privileged run (app/privilege.h) the system one (STATEDIR/kumo.db), unless
   $KUMO_DB names another, which gives up the privilege for good first; else $KUMO_DB, else
   $XDG_DATA_HOME/kumo/kumo.db (~/.local/share/kumo/kumo.db). Written into buf. */
const char *kumo_default_db_path(char *buf, size_t n);
/* The database this run uses: given (--db), else kumo_default_db_path. A privileged run given any file but the
   system database gives up its privilege for good before anything is opened. */
const char *kumo_resolve_db_path(const char *given, char *buf, size_t n);
/* The system database of a `make install-system` install: STATEDIR/kumo.db. */
const char *kumo_system_db_path(void);
/* The user's home folder ($HOME outside a privileged run, else the password entry's): where exports are offered. */
const char *kumo_home_dir(void);
/* The database file the session works on (for the status line). */
const char *kumo_db_path(const kumo *k);
/* A session on a database kumo may only read (監査 on a copy, a read-only medium, a file of someone else's): it
   reads and exports; every write step fails with 「読み取り専用で開いています（why）」. */
bool kumo_readonly(const kumo *k);
/* For a front end that shows the user no record before a step (the command line): each step re-reads the record
   inside its own transaction, checks its rules against that and acts on it, so that a change someone else made a
   moment ago is no conflict nobody caused. The UI, which showed a version, keeps refusing a stale save. */
void kumo_act_on_current(kumo *k);
/* How this session's writes wait while another process holds the write lock: at most max_ms (a minute unless set),
   calling tick every 200 ms of waiting (the UI shows 「待機中…」 and lets ESC give up: tick returns false). A step
   that waited in vain fails with KS_BUSY and changes nothing. */
void kumo_set_wait(kumo *k, int max_ms, bool (*tick)(void *ctx, int waited_ms), void *ctx);
/* The notice a front end shows once when such a session opens (buf), or "" for an ordinary session. */
const char *kumo_readonly_notice(const kumo *k, char *buf, size_t n);
/* Identifies the user: the OS login of the real user, or `as_login` ($KUMO_USER or the picker) only when
   kumo_may_act_as_other. */
kstatus kumo_login(kumo *k, const char *as_login);
/* Nobody acts until the next kumo_login (the demo's user picker). */
void kumo_logout(kumo *k);
/* The user acting (all zero before kumo_login), whether one is, and what the session is on. */
const kuser *kumo_me(const kumo *k);
bool kumo_logged_in(const kumo *k);
/* A database made by `kumo demo`: acting as another user (KUMO_USER, the picker) is allowed. */
bool kumo_is_demo(const kumo *k);
/* Whether the user may be chosen (KUMO_USER, the picker): a demo database, in a run that was never privileged (an
   install for many users knows everyone by their OS login only). */
bool kumo_may_act_as_other(const kumo *k);
/* The callback long steps of this session report their progress to (NULL fn: none). */
void kumo_set_progress(kumo *k, kprogress_fn *fn, void *ctx);
/* 団体名 (kumo init --org). */
const char *kumo_org(const kumo *k);

/* Japanese text of a status, and of the last failure with its detail. */
const char *kumo_strerror(kstatus s);
const char *kumo_last_error(const kumo *k);
/* Japanese text for why a file could not be written or read (an errno): ディスクの空き容量が不足しています … */
const char *kumo_io_reason(int err);
/* Records the failure of a step: its message (fmt, or the status's own text when fmt is NULL) and returns s. */
kstatus kumo_fail(kumo *k, kstatus s, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* States of an application as the UI shows them. */
const char *state_label(const char *state);     /* draft → 下書き … */
const char *state_code(const char *name);       /* 下書き or draft → draft …; NULL if neither */
/* The register entry's state as the 台帳 shows it: 構築確認待ち, 承認済, 利用中, 要対応, 終了処理中, 終了予定, 終了. */
const char *service_status_label(const kservice *s, kdate today);
/* Review interval in months (setting review_interval_months, default 12), at most KUMO_REVIEW_INTERVAL_MAX: the
   利用状況確認 comes at least once a year (規定003 §4(8) 定期的な確認, ポリシー004 §8-3(7)⑤), and no 次回利用状況確認期限
   is set further ahead than the interval. */
#define KUMO_REVIEW_INTERVAL_MAX 12
int kumo_review_interval(kumo *k);
/* The organisation's time zone (setting timezone, default Asia/Tokyo), in force since kumo_open. */
const char *kumo_timezone(const kumo *k);
#endif
