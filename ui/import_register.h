/* 台帳の取込 from the UI (admin, approver, CISO). */
#ifndef KUMO_UI_IMPORT_REGISTER_H
#define KUMO_UI_IMPORT_REGISTER_H
#include "ui/ui.h"

/* Dry run, report, then the import on confirmation. */
void ui_import_register(void);
#endif
