/* The ホーム sections of the life after approval: reviews, terminations, what falls due. */
#ifndef KUMO_UI_HOME_LIFECYCLE_H
#define KUMO_UI_HOME_LIFECYCLE_H
#include "ui/ui.h"

#include "ui/home_items.h"

void home_section_reviews(home_items *h);
void home_section_terminations(home_items *h);
void home_section_disposals(home_items *h);
void home_section_due(home_items *h);
void home_section_regulation(home_items *h);   /* 規定003 §5, the 統括 and the CISO */
void home_section_returned_terminations(home_items *h);
#endif
