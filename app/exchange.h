/* The exchange package (app/exchange/): everything kumo writes to or reads from files a user handles — the
   workbooks (申請一覧, one 申請書兼許可書, the 台帳, the 年次利用状況確認) and the register as CSV both ways. Front ends
   include this header (through app/app.h); each module has its own:
     outfile.h              the one output file every writer uses (temporary file, check, rename into place)
     pathname.h             a file's name as the user types it: default in the current folder, Tab completion
     xlsx.h                 what every workbook shares (formats, list sheets, date cells, widths)
     cp932.h                the encodings of Japanese Excel's CSV, CP932 ⇄ UTF-8
     register.h             the register's columns and one service as its row; the register workbook
     register_csv.h         the register as CSV
     register_import.h      a register CSV into the database, with its report
     export_applications.h  申請一覧
     export_form.h          申請書兼許可書
     export_reviews.h       年次利用状況確認
     export_audit.h         監査証跡
     export_exceptions.h    例外措置の一覧 (ポリシー004 §7-4(3)) */
#ifndef KUMO_APP_EXCHANGE_H
#define KUMO_APP_EXCHANGE_H
#include "app/exchange/cp932.h"
#include "app/exchange/export_applications.h"
#include "app/exchange/export_audit.h"
#include "app/exchange/export_exceptions.h"
#include "app/exchange/export_form.h"
#include "app/exchange/export_reviews.h"
#include "app/exchange/outfile.h"
#include "app/exchange/pathname.h"
#include "app/exchange/register.h"
#include "app/exchange/register_csv.h"
#include "app/exchange/register_import.h"
#endif
