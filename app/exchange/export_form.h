/* One application as its printable クラウドサービス利用申請書兼許可書. */
#ifndef KUMO_APP_EXCHANGE_EXPORT_FORM_H
#define KUMO_APP_EXCHANGE_EXPORT_FORM_H
#include "app/session.h"
#include "db/db_app.h"

/* The workbook of one application (sheets 申請書兼許可書, 確認事項, 履歴), if the user may see it. */
kstatus export_form_xlsx(kumo *k, const kapp *a, const char *path);
/* The same, found by its 申請番号. */
kstatus export_form_xlsx_by_no(kumo *k, const char *app_no, const char *path);
#endif
