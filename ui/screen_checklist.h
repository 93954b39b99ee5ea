/* The screen 確認事項: an application's checklist, or answers held in memory by their owner. */
#ifndef KUMO_UI_SCREEN_CHECKLIST_H
#define KUMO_UI_SCREEN_CHECKLIST_H
#include "ui/ui.h"

extern const screen_ops SCREEN_CHECKLIST;   /* arg const int64_t *: the application */
/* Answers held in memory by the caller, who saves them: the checklist of a review or a termination report. */
typedef struct checklist_mem_arg {
    const char *title, *subtitle;
    ck_answer *ans;
    size_t n;
    bool editable;
    int *pos;                 /* the selection, kept by the owner so the checklist reopens there (NULL: none) */
    const char *nonconf;      /* what a 不適合 means on this checklist (phase_nonconf_label), shown with the item */
} checklist_mem_arg;
extern const screen_ops SCREEN_CHECKLIST_MEM;   /* arg const checklist_mem_arg * */
/* The 確認事項 of application app_id opens next on its item-th item (0-based): where the user left it, or the item a
   finding names. */
void ui_checklist_select(int64_t app_id, int item);
#endif
