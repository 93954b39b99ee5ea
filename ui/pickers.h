/* Choosers of a クラウドサービス管理者 and of a 部局. */
#ifndef KUMO_UI_PICKERS_H
#define KUMO_UI_PICKERS_H
#include "ui/ui.h"

#include <stddef.h>
#include <stdint.h>

/* A user who may be designated クラウドサービス管理者 (those of dept_id first, Tab for every 部局); 0 on ESC. */
int64_t ui_choose_manager(const char *title, int64_t dept_id, int64_t current_id);
/* A 部局 or すべて (dept_id 0): returns the picked row (0 = すべて) or -1 on ESC; name gets the 部局's name. */
int ui_choose_dept(const char *title, int64_t *dept_id, char *name, size_t name_n);
#endif
