/* The register of 例外措置 (ポリシー004 §7-4(3)) as a workbook. */
#ifndef KUMO_APP_EXCHANGE_EXPORT_EXCEPTIONS_H
#define KUMO_APP_EXCHANGE_EXPORT_EXCEPTIONS_H
#include <stddef.h>

#include "app/session.h"

/* Every exception in 例外措置番号 order with its application, service, what deviated, who decided, its validity
   and its periodic re-check, streamed in constant memory; for the CISO, the 統括 and 監査. */
kstatus export_exceptions_xlsx(kumo *k, const char *path, size_t *rows);
#endif
