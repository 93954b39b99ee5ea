/* The screen a demo database's picker of the user to act as. */
#ifndef KUMO_UI_SCREEN_PICKER_H
#define KUMO_UI_SCREEN_PICKER_H
#include "ui/ui.h"

extern const screen_ops SCREEN_PICKER;   /* arg NULL */
#endif
