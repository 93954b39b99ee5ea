/* The screen 部局の一覧 (システム管理者). */
#ifndef KUMO_UI_SCREEN_DEPTS_H
#define KUMO_UI_SCREEN_DEPTS_H
#include "ui/ui.h"

extern const screen_ops SCREEN_DEPTS;   /* arg NULL */
#endif
