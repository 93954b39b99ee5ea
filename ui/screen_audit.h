/* The screen 監査証跡. */
#ifndef KUMO_UI_SCREEN_AUDIT_H
#define KUMO_UI_SCREEN_AUDIT_H
#include "ui/ui.h"

extern const screen_ops SCREEN_AUDIT;   /* arg NULL */
#endif
