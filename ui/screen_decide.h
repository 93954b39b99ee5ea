/* The screen 審査・承認. */
#ifndef KUMO_UI_SCREEN_DECIDE_H
#define KUMO_UI_SCREEN_DECIDE_H
#include "ui/ui.h"

extern const screen_ops SCREEN_DECIDE;   /* arg const int64_t *: the application */
#endif
