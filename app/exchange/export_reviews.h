/* 年次利用状況確認 as a workbook (規定003 §4(8), ポリシー004 §8-3(7)⑤). */
#ifndef KUMO_APP_EXCHANGE_EXPORT_REVIEWS_H
#define KUMO_APP_EXCHANGE_EXPORT_REVIEWS_H
#include <stddef.h>

#include "app/annual.h"
#include "app/session.h"

/* The 年次利用状況確認 of the 年度, 部局 and status f selects (the screen's filter, or the command line's --fy --dept
   --status): sheet 年次利用状況確認 (one row per service, constant memory), its 印刷用 copy and sheet 集計 (counts by
   部局 and status of the same rows); the workbook says which filter it was. rows gets the number of services. */
kstatus export_reviews_xlsx(kumo *k, const kannual_filter *f, const char *path, size_t *rows);
/* 「年度=令和8年度（2026年度）, 部局=総務部, 確認状況=要対応」. */
void export_reviews_filter_text(kumo *k, const kannual_filter *f, char *out, size_t n);
#endif
