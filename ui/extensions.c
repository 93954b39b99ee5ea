/* Where features beyond the core hook into the core screens: one list per extension point. */
#include "ui/extensions.h"

#include "ui/app_ext_change.h"
#include "ui/app_ext_export.h"
#include "ui/home_exceptions.h"
#include "ui/home_lifecycle.h"

/* Keys on the application screen (Excel output of the form, 変更申請 …). */
const ui_action *const APP_SCREEN_EXTS[] = {
    &APP_EXT_CHANGE_DIFF,
    &APP_EXT_EXPORT_FORM,
    NULL,
};

/* Sections of ホーム after the core's own (reviews due, flagged reviews, terminations …). */
const home_section_fn HOME_EXTRA_SECTIONS[] = {
    home_section_regulation,
    home_section_exceptions,
    home_section_reviews,
    home_section_terminations,
    home_section_disposals,
    home_section_returned_terminations,
    home_section_due,
    NULL,
};
