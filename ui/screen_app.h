/* Extension points of the application screen, for features beyond the core (Excel output, 変更申請 …). */
#ifndef KUMO_SCREEN_APP_H
#define KUMO_SCREEN_APP_H
#include "ui/ui.h"

typedef struct app_screen_ext {
    int key;                          /* the key on the application screen */
    ui_action action;                 /* its key bar entry and help line */
    bool (*visible)(const kapp *a);   /* whether to offer it for this application (NULL = always) */
    void (*run)(kapp *a);             /* does the step; the screen reloads afterwards */
} app_screen_ext;

/* Every extension, NULL-terminated: defined in ui/extensions.c. */
extern const app_screen_ext *const APP_SCREEN_EXTS[];

/* Shows the history of an application (app_id > 0) or of a service (service_id > 0). */
void ui_show_history(int64_t app_id, int64_t service_id, const char *title);
#endif
