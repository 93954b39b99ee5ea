/* The screen 年次利用状況確認. */
#ifndef KUMO_UI_SCREEN_ANNUAL_H
#define KUMO_UI_SCREEN_ANNUAL_H
#include "ui/ui.h"

extern const screen_ops SCREEN_ANNUAL;   /* arg NULL */
#endif
