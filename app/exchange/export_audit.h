/* 監査証跡 as an Excel workbook (app/exchange/export_audit.c): every record in a period, filtered by actor, action
   or 部局, oldest first, streamed in constant memory, with the chain head of the moment in its footer. */
#ifndef KUMO_APP_EXCHANGE_EXPORT_AUDIT_H
#define KUMO_APP_EXCHANGE_EXPORT_AUDIT_H
#include <stddef.h>

#include "app/session.h"
#include "db/db_audit.h"

/* For those who may read the trail (policy_may_read_audit); *rows gets the records written. */
kstatus export_audit_xlsx(kumo *k, const kaudit_filter *f, const char *path, size_t *rows);
#endif
