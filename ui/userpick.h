/* The picker of users: a search over pages by keyset, never the whole staff. */
#ifndef KUMO_UI_USERPICK_H
#define KUMO_UI_USERPICK_H
#include "ui/ui.h"

#include <stdbool.h>
#include <stdint.h>

/* A search by the start of a 氏名, a ログイン名 or a 部局名 over a list paged by keyset (a city's staff is never loaded
   at once); it starts with the users of dept_id (Tab: every 部局). */
typedef struct ui_user_pick {
    const char *title;
    int64_t dept_id;          /* the 部局 shown first (0: every 部局) */
    const char *dept_name;
    int64_t current;          /* marked with * */
    int64_t exclude;          /* not offered (the user who is leaving) */
    bool manageable;          /* only those who may be designated クラウドサービス管理者 (policy_may_manage) */
} ui_user_pick;
/* The id of the user picked, or 0 on ESC. */
int64_t ui_pick_user(const ui_user_pick *o);
#endif
