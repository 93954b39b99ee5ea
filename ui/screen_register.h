/* The screen 台帳. */
#ifndef KUMO_UI_SCREEN_REGISTER_H
#define KUMO_UI_SCREEN_REGISTER_H
#include "ui/ui.h"

extern const screen_ops SCREEN_REGISTER;   /* arg NULL */
#endif
