/* Making databases (app/setup.c): `kumo init` for a municipality, `kumo demo` for trying every screen at once. */
#ifndef KUMO_APP_SETUP_H
#define KUMO_APP_SETUP_H
#include <stdbool.h>
#include <stddef.h>

#include "app/progress.h"
#include "db/status.h"

/* A new database whose first user, the システム管理者, is admin_login. */
kstatus kumo_init(const char *path, const char *org, const char *admin_login, const char *admin_name);

typedef struct kdemo_opts {
    long rows;              /* extra applications to try a large database (0: none) */
    bool force;             /* an empty file at path may be replaced (a real database never is) */
    kprogress progress;     /* how far the extra rows have got */
} kdemo_opts;

/* A demo municipality: users of every role, applications in every state. Replaces an earlier demo database, never
   a real one (KS_EXISTS), nor one in use (KS_BUSY). Built under a temporary name and renamed into place: on failure
   nothing is left at path, and err holds the Japanese reason of a failed step (which one, which template file) —
   empty for KS_EXISTS, KS_BUSY and KS_DENIED, which the caller words itself. o may be NULL (no extra rows). */
kstatus kumo_demo(const char *path, const kdemo_opts *o, char *err, size_t errn);
#endif
