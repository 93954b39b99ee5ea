/* Making databases (app/setup.c): `kumo init` for a municipality, `kumo demo` for trying every screen at once. */
#ifndef KUMO_APP_SETUP_H
#define KUMO_APP_SETUP_H
#include <stdbool.h>
#include <stddef.h>

#include "app/progress.h"
#include "app/session.h"
#include "forms/role.h"
#include "db/status.h"

/* A new database whose first user, the システム管理者, is admin_login. */
kstatus kumo_init(const char *path, const char *org, const char *admin_login, const char *admin_name);

/* What a new real database still needs before its people can use it, for its システム管理者's first screen: 部局,
   users with the roles that take the steps (統括情報セキュリティ責任者, 情報セキュリティ責任者 …), the 利用状況確認
   interval, and (optional) the register kept until now. */
typedef struct ksetup_state {
    bool shown;               /* the guide is for this user now: an administrator of a real database not yet set up */
    int64_t depts;            /* active 部局 */
    int64_t roles[ROLE__COUNT];   /* active users per role */
    bool interval_set;        /* the interval was set (or confirmed) since the database was made */
    int interval;             /* months */
    int64_t services;         /* in the register (up to 1000) */
} ksetup_state;
/* The state of the setup (any user; shown only to a システム管理者 of a real database whose 部局 or deciding roles are
   still missing). */
kstatus setup_state(kumo *k, ksetup_state *out);
/* Each item of the guide done or not: 部局, the roles that decide (統括 and 情報セキュリティ責任者), the interval. */
bool setup_depts_done(const ksetup_state *s);
bool setup_users_done(const ksetup_state *s);

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
