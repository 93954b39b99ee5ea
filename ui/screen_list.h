/* The screen 申請一覧. */
#ifndef KUMO_UI_SCREEN_LIST_H
#define KUMO_UI_SCREEN_LIST_H
#include "ui/ui.h"

extern const screen_ops SCREEN_LIST;   /* arg NULL */
#endif
