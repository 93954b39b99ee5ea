/* The application screen's key that writes the form as an Excel workbook. */
#ifndef KUMO_UI_APP_EXT_EXPORT_H
#define KUMO_UI_APP_EXT_EXPORT_H
#include "ui/ui.h"

/* Listed in APP_SCREEN_EXTS (ui/extensions.c). */
extern const ui_action APP_EXT_EXPORT_FORM;
#endif
