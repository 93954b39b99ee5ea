/* 申請一覧 as a workbook. */
#ifndef KUMO_APP_EXCHANGE_EXPORT_APPLICATIONS_H
#define KUMO_APP_EXCHANGE_EXPORT_APPLICATIONS_H
#include <stddef.h>

#include "app/session.h"

/* Every application the user may see, with its state, track, dates and decision, streamed in constant memory. */
kstatus export_applications_xlsx(kumo *k, const char *path, size_t *rows);
#endif
