/* The screen 利用者管理, and the setting of the 利用状況確認 interval. */
#ifndef KUMO_UI_SCREEN_USERS_H
#define KUMO_UI_SCREEN_USERS_H
#include "ui/ui.h"

extern const screen_ops SCREEN_USERS;       /* arg NULL */
/* 利用状況確認の間隔 (システム管理者): asked and set (利用者管理 and the first screen of a new database). */
void ui_set_review_interval(void);
#endif
