/* One application as its printable クラウドサービス利用申請書兼許可書. */
#ifndef KUMO_APP_EXCHANGE_EXPORT_FORM_H
#define KUMO_APP_EXCHANGE_EXPORT_FORM_H
#include "app/session.h"
#include "db/db_app.h"

/* The workbook of one application (sheets 申請書兼許可書, 確認事項, 履歴), if the user may see it. */
kstatus export_form_xlsx(kumo *k, const kapp *a, const char *path);
#endif
