/* The screen ホーム. */
#ifndef KUMO_UI_SCREEN_HOME_H
#define KUMO_UI_SCREEN_HOME_H
#include "ui/ui.h"

extern const screen_ops SCREEN_HOME;   /* arg NULL */
#endif
