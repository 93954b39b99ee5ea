/* The first screen of a new real database, for its システム管理者: what to set up before the staff can use kumo (部局,
   users with the roles that decide, the 利用状況確認 interval, the register kept until now), each item's state, and
   Enter to open its screen. Shown until 部局 and the deciding roles exist (app/setup.c). */
#include "ui/home_setup.h"

#include <stdio.h>

#include "app/app.h"
#include "ui/home_items.h"

void home_section_setup(home_items *h)
{
    ksetup_state st;
    if (setup_state(UI.k, &st) || !st.shown) return;
    home_items_add_header(h, "はじめに: 初期設定（項目を選んで Enter で開きます）", -1);
    char t[256];
    if (st.depts) snprintf(t, sizeof t, "%lld部局", (long long)st.depts);
    else snprintf(t, sizeof t, "部局がありません（総務部・企画部 …）");
    home_items_add_setup(h, SETUP_DEPTS, "部局の登録", setup_depts_done(&st), t);
    snprintf(t, sizeof t, "%s %lld・CISO %lld・%s %lld・職員等 %lld", role_short(ROLE_APPROVER),
             (long long)st.roles[ROLE_APPROVER], (long long)st.roles[ROLE_CISO], role_short(ROLE_DEPT_HEAD),
             (long long)st.roles[ROLE_DEPT_HEAD], (long long)st.roles[ROLE_STAFF]);
    home_items_add_setup(h, SETUP_USERS, "利用者と役割の登録", setup_users_done(&st), t);
    snprintf(t, sizeof t, "%dか月%s", st.interval,
             st.interval_set ? "" : "（既定のまま。統括・CISOが台帳で設定）");
    home_items_add_setup(h, SETUP_INTERVAL, "利用状況確認の間隔", st.interval_set, t);
    if (st.services) snprintf(t, sizeof t, "台帳に %lld%s件", (long long)st.services, st.services >= 1000 ? "以上" : "");
    else snprintf(t, sizeof t, "これまでの台帳（CSV）があれば取り込みます");
    home_items_add_setup(h, SETUP_IMPORT, "台帳の取込（任意）", st.services > 0, t);
    if (!setup_users_done(&st))
        home_items_add_note(h, "統括と各部局の情報セキュリティ責任者がいないと、申請は審査されません");
}
