/* Running setgid on a shared server (app/privilege.c). `make install-system` installs kumo setgid to the group that
   owns the state folder: the group opens the record and nothing else. While kumo holds it ("privileged": its
   effective group is not the real one), every file a user receives or names is opened with the user's own group,
   the environment is not read (secure_getenv), and a child process never inherits the group. */
#ifndef KUMO_APP_PRIVILEGE_H
#define KUMO_APP_PRIVILEGE_H
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "db/status.h"

/* The first call of main: notes the real and the effective group. */
void priv_init(void);
/* Whether kumo holds the group now (effective group ≠ real group). */
bool priv_active(void);
/* Whether kumo was started with the group (then the environment stays unread and templates come only from the
   installed folder, even after priv_drop). */
bool priv_started(void);
/* Gives the group up for good (real, effective and saved group set to the real one): for a run that was asked to
   open a file of the user's choosing (--db elsewhere). Exits when the system refuses, as nothing may go on
   privileged then. */
void priv_drop(void);
/* Around opening or creating a file of the user's (an export, an import, a backup): the effective group becomes the
   user's, so the file is made with the user's group and only what the user may open opens. Nests; false when the
   system refused (then nothing may be opened). No-ops when not privileged. */
bool priv_user_begin(void);
void priv_user_end(void);

/* Runs the program at path (never through a shell) with argv, as a child that first gives up the group for good and
   keeps no descriptor but its standard ones; its standard input is a pipe returned in *to (write, then fclose), its
   output and errors are kumo's. *pid for priv_wait. KS_IO when it could not be started. */
kstatus priv_spawn(const char *path, char *const argv[], FILE **to, pid_t *pid);
/* Waits for a child of priv_spawn: its exit status, or -1 when it was killed or could not run. */
int priv_wait(pid_t pid);
#endif
