/* Making databases (app/setup.c): `kumo init` for a municipality, `kumo demo` for trying every screen at once. */
#ifndef KUMO_APP_SETUP_H
#define KUMO_APP_SETUP_H
#include <stdbool.h>

#include "db/status.h"

/* A new database whose first user, the システム管理者, is admin_login. */
kstatus kumo_init(const char *path, const char *org, const char *admin_login, const char *admin_name);
/* A demo municipality: users of every role, applications in every state, `rows` extra applications for load. */
kstatus kumo_demo(const char *path, long rows, bool force);
#endif
