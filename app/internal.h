/* Shared by the files of app/ only (and the domain's unit tests): the session's fields, how each step of the domain
   begins, checks free text, and writes in one transaction (defined in app/session.c). */
#ifndef KUMO_APP_INTERNAL_H
#define KUMO_APP_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>

#include "app/session.h"

/* One session: an open database and the user acting (app/session.c). */
struct kumo {
    kdb *db;
    kuser me;
    bool logged_in;
    bool demo;              /* made by `kumo demo`: acting as another user is allowed */
    char org[KTEXT(60)];    /* 団体名: 60 characters (kumo init) */
    char err[1024];         /* the last detailed message (Japanese) */
};

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
/* Ends it: commits when s is KS_OK, else rolls back (nothing to roll back when kumo_tx_begin failed, so a step may
   run begin, its writes and end in a row). A message already written (a validation, a template naming its file)
   is kept, except that a conflict or a busy database always gets its own. Returns the final status. */
kstatus kumo_tx_end(kumo *k, kstatus s);
/* Rolls back a step that chose to keep nothing (a dry run), leaving the message as it is. */
void kumo_tx_abort(kumo *k);
#endif
