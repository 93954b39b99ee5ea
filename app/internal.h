/* Shared by the files of app/ only (and the domain's unit tests): the session's fields and the one write
   transaction of each step of the domain. */
#ifndef KUMO_APP_INTERNAL_H
#define KUMO_APP_INTERNAL_H
#include "app/app.h"

/* One session: an open database and the user acting (app/session.c). */
struct kumo {
    kdb *db;
    kuser me;
    bool logged_in;
    bool demo;              /* made by `kumo demo`: acting as another user is allowed */
    char org[KTEXT(60)];    /* 団体名: 60 characters (kumo init) */
    char err[1024];         /* the last detailed message (Japanese) */
};

/* Begins the write transaction of a step (BEGIN IMMEDIATE); on failure the message is set. */
kstatus kumo_tx_begin(kumo *k);
/* Ends it: commits when s is KS_OK, else rolls back (nothing to roll back when kumo_tx_begin failed, so a step may
   run begin, its writes and end in a row). A message already written (a validation, a template naming its file)
   is kept, except that a conflict or a busy database always gets its own. Returns the final status. */
kstatus kumo_tx_end(kumo *k, kstatus s);
#endif
