/* Where features beyond the core hook into the core screens: one list per extension point. */
#ifndef KUMO_UI_EXTENSIONS_H
#define KUMO_UI_EXTENSIONS_H
#include "ui/ui.h"

#include "ui/home_items.h"

/* Actions other files add to the application screen, after its own (NULL-terminated). Their handlers and predicates
   reach the application with screen_app_kapp. */
extern const ui_action *const APP_SCREEN_EXTS[];
/* Sections of ホーム after the core's own (NULL-terminated). When empty, ホーム shows the core's own 確認期限 section. */
extern const home_section_fn HOME_EXTRA_SECTIONS[];
#endif
