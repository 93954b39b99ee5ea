/* Where features beyond the core hook into the core screens: one list per extension point. */
#include "ui/home_items.h"
#include "ui/screen_app.h"

/* Keys on the application screen (Excel output of the form, 変更申請 …). */
const app_screen_ext *const APP_SCREEN_EXTS[] = {
    NULL,
};

/* Sections of ホーム after the core's own (reviews due, flagged reviews, terminations …). */
const home_section_fn HOME_EXTRA_SECTIONS[] = {
    NULL,
};
