/* The records kept on an approved service — its 利用状況確認, its 終了連絡, the versions of its application — are
   read one way: only by a user who may see the service (policy_may_view_service), and a record comes with its
   checklist answers (app/service_record.c). */
#ifndef KUMO_APP_SERVICE_RECORD_H
#define KUMO_APP_SERVICE_RECORD_H
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "forms/checklist.h"

/* The start of a read of one service's records: a new step (kumo_step), and the user must see the service. */
kstatus service_record_visible(kumo *k, int64_t service_id);

/* Loads the checklist answers of a record (db_review_answers_load, db_termination_answers_load). */
typedef kstatus (*record_answers_fn)(kdb *db, int64_t id, ck_answer **out, size_t *n);

/* The end of reading one record by id: `loaded` is how loading it went (`what` names it when it was not found:
   利用状況確認, 終了連絡), service_id is its service, which the user must see; its answers are loaded into ans/n
   when both are given (else they are left alone). */
kstatus service_record_get(kumo *k, kstatus loaded, const char *what, int64_t service_id, record_answers_fn answers,
                           int64_t id, ck_answer **ans, size_t *n);

/* Inside a step's transaction: the service as it is stored now, into *sv, for the step to check its rules and
   write against. A session that showed the user nothing (the command line: kumo_act_on_current) takes it as it is,
   whoever changed it a moment ago; one that showed the user a version (the UI) gets KS_CONFLICT when it changed
   since, and the user's input is kept to save again. */
kstatus service_current(kumo *k, kservice *sv);
#endif
