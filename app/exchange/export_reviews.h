/* 年次利用状況確認 as a workbook (規定003 §5). */
#ifndef KUMO_APP_EXCHANGE_EXPORT_REVIEWS_H
#define KUMO_APP_EXCHANGE_EXPORT_REVIEWS_H
#include <stddef.h>

#include "app/session.h"

/* The 年次利用状況確認 of 年度 fy: sheet 年次利用状況確認 (one row per service, constant memory) and sheet 集計
   (counts by 部局 and status). rows gets the number of services. */
kstatus export_reviews_xlsx(kumo *k, int fy, const char *path, size_t *rows);
#endif
