/* The application screen's key on a 変更申請: its differences from the application it changes. */
#ifndef KUMO_UI_APP_EXT_CHANGE_H
#define KUMO_UI_APP_EXT_CHANGE_H
#include "ui/ui.h"

/* Listed in APP_SCREEN_EXTS (ui/extensions.c). */
extern const ui_action APP_EXT_CHANGE_DIFF;
#endif
