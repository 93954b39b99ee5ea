/* システム管理者's work: users, 部局 and settings (SPEC "Who uses it"). The command line and the UI both call this;
   who may do it is app/policy.c's policy_may_administer. */
#ifndef KUMO_ADMIN_H
#define KUMO_ADMIN_H
#include <stdbool.h>
#include <stdint.h>

#include "app/session.h"

/* Adds a 部局 (名前: 1–40 characters, no control characters, unique). */
kstatus admin_add_dept(kumo *k, const char *name);
/* Renames a 部局 (名前 as admin_add_dept's): the records that name it show the new name (an application or a service
   keeps its 部局, by id); its old name stays in the audit trail. */
kstatus admin_rename_dept(kumo *k, const char *name, const char *new_name);
/* Retires a 部局 (廃止: offered for no new user or application; its records keep it) or brings it back. Refused
   while active users belong to it (the message says how many and who): move them first (人事異動). */
kstatus admin_set_dept_active(kumo *k, const char *name, bool active);
/* Whether the 部局 may be retired now (the same refusal as admin_set_dept_active's), so that a screen says so before
   asking for a confirmation that could not be carried out. */
kstatus admin_check_dept_retirable(kumo *k, const char *name);
/* Every 部局, retired too, with its active users and services (システム管理者). */
kstatus admin_depts(kumo *k, kdept **out, size_t *n);
/* Connects a user to a real login name: an imported manager (imported-001, made by the register import for a name it
   could not match) becomes the person who logs in as `login`, keeping their designations and history (the same
   user, by id). Refused when the login is taken (then `kumo user disable OLD --successor LOGIN` hands the services
   to that user instead). */
kstatus admin_set_login(kumo *k, int64_t user_id, const char *login);
/* Adds a user: login (ASCII letters, digits, . _ -; 1–63), 氏名 (1–40 characters), role, 部局 (required for 職員等 and
   情報セキュリティ責任者), 課 (0–40 characters). dept may be NULL/"" for roles without one. */
kstatus admin_add_user(kumo *k, const char *login, const char *name, krole role, const char *dept,
                       const char *section);
/* Changes a user's 氏名, role, 部局 and 課 (人事異動); their past applications and history stay as they were. */
kstatus admin_update_user(kumo *k, int64_t user_id, const char *name, krole role, const char *dept,
                          const char *section);
/* The same, refused (KS_CONFLICT, the message naming what changed) when the user is no longer as `as_read` (the
   copy the form was filled from): two administrators never overwrite each other unseen. */
kstatus admin_update_user_as_read(kumo *k, int64_t user_id, const kuser *as_read, const char *name, krole role,
                                  const char *dept, const char *section);
/* What differs between two copies of a user, as people read it: 「氏名 A → B、部局 X → Y」 ("" when nothing). */
void admin_user_changes(const kuser *a, const kuser *b, char *out, size_t n);
/* What giving `role` in 部局 `dept` to a user (user_id 0: a new one) would be warned about before it is done — a second
   情報セキュリティ責任者 of the 部局 (policy_warn_second_dept_head) — in out ("" when nothing). Both front ends say it
   and go on. */
kstatus admin_role_warning(kumo *k, int64_t user_id, krole role, const char *dept, char *out, size_t n);
/* What disabling a user leaves behind, said before asking: the active services they are the designated
   クラウドサービス管理者 of (listed by 承認番号 and name, at most `list` of them), and whether nobody would be left to
   take their role's steps (policy_warn_last_decider). *services gets how many they manage (counted up to
   ADMIN_MANAGED_MAX). "" when nothing. */
#define ADMIN_MANAGED_MAX 1000   /* a preview counts the services a user manages up to this many (「1000件以上」) */
kstatus admin_disable_preview(kumo *k, int64_t user_id, size_t list, char *out, size_t n, size_t *services);
/* Makes a user active or not (a user who left keeps their history). Nobody deactivates themselves; a designated
   クラウドサービス管理者 is disabled only with a successor (admin_disable). */
kstatus admin_set_active(kumo *k, int64_t user_id, bool active);
/* Disables a user; the active services they manage go to successor_id (0: none — then a user who manages any is
   refused, the message listing the services). One step, one audit record. */
kstatus admin_disable(kumo *k, int64_t user_id, int64_t successor_id);
/* A user's メールアドレス for reminders (kumo remind): mail_address_valid, or "" to clear it. */
kstatus admin_set_mail(kumo *k, int64_t user_id, const char *mail);
/* The same as typed (full-width digits too: the one normalisation of numbers, forms/form.h); *months gets it. */
kstatus admin_set_review_interval_text(kumo *k, const char *typed, int *months);
/* 利用状況確認の間隔（月）: 1–60. */
kstatus admin_set_review_interval(kumo *k, int months);
/* The organisation's time zone (setting `timezone`, an IANA name such as Asia/Tokyo): today, 年度, due dates and
   history times follow it whatever TZ the server or cron has. Takes effect at once. */
kstatus admin_set_timezone(kumo *k, const char *zone);
#endif
