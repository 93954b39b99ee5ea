/* Shared by the files of app/ only (and the domain's unit tests): the session's fields, how each step of the domain
   begins, checks free text, and writes in one transaction (defined in app/session.c). */
#ifndef KUMO_APP_INTERNAL_H
#define KUMO_APP_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>

#include "app/progress.h"
#include "app/session.h"
#include "db/db_app.h"
#include "db/db_audit.h"

/* One session: an open database and the user acting (app/session.c). */
struct kumo {
    kdb *db;
    kuser me;
    bool logged_in;
    bool demo;              /* made by `kumo demo`: acting as another user is allowed */
    bool demo_unaccounted;  /* the demo flag is set but the audit trail does not account for the settings */
    bool current;           /* the front end showed the user no record (kumo_act_on_current) */
    char org[KTEXT(60)];    /* 団体名: 60 characters (kumo init) */
    char err[1024];         /* the last detailed message (Japanese) */
    kaudit au;              /* the audit record the step in progress describes (kumo_audit …) */
    kaudit_head head;       /* the audit trail's head after the last step this session wrote */
    kprogress progress;     /* the front end's progress callback (kumo_set_progress), or none */
};

/* Reports how far a long step has got to the front end's callback (app/progress.h). */
void kumo_progress(kumo *k, const char *what, long long done, long long total);

/* The first call of every entry into the domain: forgets the message of an earlier step, so that what
   kumo_last_error says after this one is about this one. */
void kumo_step(kumo *k);
/* The status of a storage call as the step's result: a failure gets the status's own message. */
kstatus kumo_result(kumo *k, kstatus s);
/* Free text typed into a field: valid UTF-8, no control characters (a line break only when multiline), at most
   max_chars characters; required: not empty. KS_INVALID with a message naming the field (label) otherwise. */
kstatus kumo_check_text(kumo *k, const char *label, const char *v, size_t max_chars, bool multiline, bool required);
/* Begins the write transaction of a step (BEGIN IMMEDIATE); on failure the message is set. */
kstatus kumo_tx_begin(kumo *k);
/* Ends it: writes the step's audit record (below) and commits when s is KS_OK, else rolls back (nothing to roll back when kumo_tx_begin failed, so a step may
   run begin, its writes and end in a row). A message already written (a validation, a template naming its file)
   is kept, except that a conflict or a busy database always gets its own. Returns the final status. */
kstatus kumo_tx_end(kumo *k, kstatus s);
/* Rolls back a step that chose to keep nothing (a dry run), leaving the message as it is. */
void kumo_tx_abort(kumo *k);

/* ---- the audit record of a step (app/audit.c) ----
   Between kumo_tx_begin and kumo_tx_end a step describes the one audit record of what it did: its action and
   subject (kumo_audit, or kumo_audit_app/_service/_user, which also name the row as touched), every other row it
   created, changed or deleted (kumo_audit_touch), what changed (kumo_audit_change: before → after), a comment, and
   the history rows it leaves on an application or a service (kumo_audit_history). kumo_tx_end writes the record
   in the same transaction — with the actor's login and role read inside it, the time in the organisation's zone,
   the digest of every touched row after the step, chained to the previous record — and refuses to commit a step
   that described none. */
void kumo_audit(kumo *k, const char *action, const char *kind, int64_t id, const char *no, const char *dept);
void kumo_audit_app(kumo *k, const char *action, const kapp *a);
void kumo_audit_service(kumo *k, const char *action, const kservice *sv);
void kumo_audit_user(kumo *k, const char *action, const kuser *u);
void kumo_audit_touch(kumo *k, audit_kind kind, int64_t id);
void kumo_audit_change(kumo *k, const char *field, const char *before, const char *after);
/* kumo_audit_change of two numbers or of two flags. */
void kumo_audit_change_int(kumo *k, const char *field, int64_t before, int64_t after);
void kumo_audit_comment(kumo *k, const char *comment);
/* A history row of the application and/or the service (0: none), with the record's action and time; its comment
   becomes the record's comment when the record has none. */
void kumo_audit_history(kumo *k, int64_t app_id, int64_t service_id, const char *from, const char *to,
                        const char *comment);
/* The same with the history row's own action (a step that leaves two rows, each named for what it did). */
void kumo_audit_history_as(kumo *k, const char *action, int64_t app_id, int64_t service_id, const char *from,
                           const char *to, const char *comment);
/* The record's time, fixed now (inside the step's transaction), for rows the step writes itself with it. */
const char *kumo_audit_at(kumo *k);
/* History rows lo..hi the step wrote in one statement, each about a service (db_service_hand_over): the record
   names them and their services, as kumo_audit_history and kumo_audit_touch would, without a list of them. */
void kumo_audit_history_bulk(kumo *k, int64_t lo, int64_t hi);
/* Writes the described record (kumo_tx_end). */
kstatus kumo_audit_write(kumo *k);
#endif
