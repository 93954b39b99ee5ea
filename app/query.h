/* Reads for the screens and the command line, with the policy's visibility applied (app/query.c): the front ends
   read only through these. */
#ifndef KUMO_APP_QUERY_H
#define KUMO_APP_QUERY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_app.h"
#include "db/db_lifecycle.h"
#include "db/db_service.h"
#include "forms/checklist.h"

/* A keyset page of applications, newest first: those older than `before` (0 = from the newest), or the `limit` just
   newer than `after` (-1 = the oldest page). */
kstatus q_apps_page(kumo *k, const kapp_filter *f, int64_t before, int64_t after, int limit, kapp_row *rows, int *n);
/* A count that a screen makes between keystrokes, a range of ids at a time, so that no key waits on the size of
   the table: q_count_reset, then q_*_count_step while it returns true (each step bounded); n is the count so far,
   final once done. */
typedef struct q_count {
    int64_t hi;       /* the next range ends below this id */
    int64_t n;
    bool started, done, failed;
} q_count;
void q_count_reset(q_count *c);
bool q_apps_count_step(kumo *k, const kapp_filter *f, q_count *c);
bool q_services_count_step(kumo *k, const kservice_filter *f, q_count *c);
kstatus q_app(kumo *k, int64_t id, kapp *out);
/* An application by its 申請番号 or, for an approved service, its 承認番号 (then the service's current application),
   as a person types it: any case, full-width or not (r8-0001, ap-r7-0001). */
kstatus q_app_by_no(kumo *k, const char *no, kapp *out);
/* An application named as the command line names it: its ID (digits: a 下書き has no 申請番号 yet) or its 申請番号. */
kstatus q_app_ref(kumo *k, const char *ref, kapp *out);
kstatus q_answers(kumo *k, const kapp *a, ck_answer **out, size_t *n);
kstatus q_history(kumo *k, int64_t app_id, int64_t service_id, khist **out, size_t *n);
/* Applications in 申請中 that the current user may decide (兼務の禁止 applied), newest first. */
kstatus q_waiting_for_me(kumo *k, kapp_row *rows, int max, int *n);
kstatus q_services_page(kumo *k, const kservice_filter *f, const char *after, const char *before, int limit,
                        kservice *rows, int *n);
kstatus q_service(kumo *k, int64_t id, kservice *out);
/* The service with this 承認番号 (any case, full-width or not), if the user may see it (the same check as q_service). */
kstatus q_service_by_no(kumo *k, const char *approval_no, kservice *out);
/* Every application of a service (the original and its 変更申請), oldest first; the caller frees *out with kversion_free. */
kstatus q_service_versions(kumo *k, int64_t service_id, kversion **out, size_t *n);
/* Active users of a role (ROLE_NONE: every role) and 部局 (0: every one), by role, 部局 and name. */
kstatus q_users(kumo *k, krole role, int64_t dept_id, kuser **out, size_t *n);
/* One user by id (active or not). */
kstatus q_user(kumo *k, int64_t id, kuser *out);
/* One user by login name (active or not), to name them in a step (a manager, a 人事異動). */
kstatus q_user_by_login(kumo *k, const char *login, kuser *out);
kstatus q_depts(kumo *k, kdept **out, size_t *n);
/* A page of users in 氏名 order (db_user_page: a search by the start of a 氏名, a ログイン名 or a 部局名, never the whole
   table), for those who may list users (policy_may_list_users). */
kstatus q_user_page(kumo *k, const kuser_query *q, const kuser_key *after, const kuser_key *before, int limit,
                    kuser *out, int *n);
kstatus q_user_count(kumo *k, const kuser_query *q, int64_t *count);
/* A 部局 by its name (an export's --dept); KS_NOTFOUND says so. */
kstatus q_dept_find(kumo *k, const char *name, int64_t *id);
/* Every user, inactive ones too: policy_may_list_users (the CLI's user list and the UI's 利用者管理 alike). */
kstatus q_users_all(kumo *k, kuser **out, size_t *n);
#endif
