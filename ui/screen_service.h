/* The screen of a service: its record, reviews and terminations. */
#ifndef KUMO_UI_SCREEN_SERVICE_H
#define KUMO_UI_SCREEN_SERVICE_H
#include "ui/ui.h"

extern const screen_ops SCREEN_SERVICE;     /* arg const int64_t *: the service */
/* The record a service screen opens on (from ホーム): its review, its 終了連絡 or its 廃棄・削除完了報告. */
typedef enum service_row { SVC_ROW_NONE, SVC_ROW_REVIEW, SVC_ROW_TERMINATION, SVC_ROW_DISPOSAL } service_row;
/* Opens the service screen with that review or report selected. */
bool ui_open_service_row(int64_t service_id, service_row kind, int64_t row_id);
#endif
