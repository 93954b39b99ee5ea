/* The yearly review of the regulation itself (規定003 §5; ポリシー004 §9-3) (app/regulation.c): 「本規定は、定期的に
   見直しを行い、必要に応じて更新する。見直しの責任者は統括情報セキュリティ責任者とし、少なくとも年に一度見直しを行う」.
   kumo's part of the regulation is its 確認事項 templates (templates/index.csv, each with a version): a review records
   who reviewed them, when, which versions, the outcome (改訂不要 / 改訂する) and what was found. This is not the
   利用状況確認 of a service (規定003 §4(8), ポリシー004 §8-3(7)⑤: app/review.h). */
#ifndef KUMO_APP_REGULATION_H
#define KUMO_APP_REGULATION_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/session.h"
#include "db/db_lifecycle.h"

/* Records a review by the user (the 統括 or the CISO) on `date` (今日以前, YYYY-MM-DD or as typed), outcome 改訂不要 or
   改訂する, a note (required, at most 400 characters); the versions are those of the templates installed now.
   *id (may be NULL) receives its id. */
kstatus regulation_review_record(kumo *k, const char *date, const char *outcome, const char *note, int64_t *id);
/* Every review, newest first (those who see everything); kregreview_free. */
kstatus regulation_review_list(kumo *k, kregreview **out, size_t *n);
/* The versions of the installed 確認事項 templates, as a review records them: 「conf2 2026.2・conf1 2026.1・…」. */
kstatus regulation_template_versions(kumo *k, char *out, size_t n);
/* When the next review is due: a year after the last one (out: YYYY-MM-DD), "" when none is recorded yet. */
kstatus regulation_review_due(kumo *k, char out[11]);
/* The same for the due lists (app/due.c), which decide themselves who is shown it: no policy check, no step. */
kstatus regulation_next_due(kumo *k, char out[11]);
/* For ホーム: the next review's date when the user is the one to record it (the 統括 or the CISO) and it is due
   within `within_days` days or past; *shown false otherwise (none recorded yet, not due, someone else's). */
kstatus regulation_review_reminder(kumo *k, int within_days, char due[11], bool *shown);
#endif
