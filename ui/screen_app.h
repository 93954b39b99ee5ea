/* Extension points of the application screen, for features beyond the core (Excel output, 変更申請 …). */
#ifndef KUMO_SCREEN_APP_H
#define KUMO_SCREEN_APP_H
#include "ui/ui.h"

extern const screen_ops SCREEN_APP;         /* arg const int64_t *: the application */

/* The application an application screen shows; NULL until it is loaded. */
kapp *screen_app_kapp(const screen *s);
/* Loads it again (after a step that changed it). */
void screen_app_reload(screen *s);

/* Shows the history of an application (app_id > 0) or of a service (service_id > 0). */
void ui_show_history(int64_t app_id, int64_t service_id, const char *title);
#endif
