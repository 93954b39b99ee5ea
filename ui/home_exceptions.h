/* The ホーム section of the applications waiting for the CISO's 例外措置. */
#ifndef KUMO_UI_HOME_EXCEPTIONS_H
#define KUMO_UI_HOME_EXCEPTIONS_H
#include "ui/ui.h"

#include "ui/home_items.h"

void home_section_exceptions(home_items *h);
#endif
