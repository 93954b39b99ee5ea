/* 申請一覧 as a workbook. */
#ifndef KUMO_APP_EXCHANGE_EXPORT_APPLICATIONS_H
#define KUMO_APP_EXCHANGE_EXPORT_APPLICATIONS_H
#include <stddef.h>

#include "app/session.h"
#include "db/db_app.h"

/* The applications f selects among those the user may see — the 状態, 部局, 機密性 and search of the 申請一覧 on screen
   or the command line's --status --dept --conf --search, the same filter the list pages with (NULL: every one) —
   with state, track, dates and decision, streamed in constant memory; the workbook says which filter it was. */
kstatus export_applications_xlsx(kumo *k, const kapp_filter *f, const char *path, size_t *rows);
/* 「状態=申請中, 部局=総務部, 機密性=2, 検索=会議」: what f selects, as the workbook states it ("" for nothing). */
void export_applications_filter_text(kumo *k, const kapp_filter *f, char *out, size_t n);
#endif
