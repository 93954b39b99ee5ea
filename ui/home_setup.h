/* A new real database's guide for its システム管理者 on ホーム: what to set up, each item's state, Enter opens
   its screen. */
#ifndef KUMO_UI_HOME_SETUP_H
#define KUMO_UI_HOME_SETUP_H
#include "ui/ui.h"

#include "ui/home_items.h"

void home_section_setup(home_items *h);
#endif
