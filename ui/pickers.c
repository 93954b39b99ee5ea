/* Lists to pick from that several screens share: a クラウドサービス管理者, a 部局. */
#include "ui/pickers.h"

#include <stdio.h>
#include <stdlib.h>

#include "ui/dialog.h"
#include "ui/ui.h"
#include "ui/userpick.h"

int64_t ui_choose_manager(const char *title, int64_t dept_id, int64_t current_id)
{
    kdept d = {0};
    kdept *v = NULL;
    size_t n = 0;
    if (dept_id && q_depts(UI.k, &v, &n) == KS_OK)
        for (size_t i = 0; i < n; i++)
            if (v[i].id == dept_id) d = v[i];
    kdept_free(&v);
    ui_user_pick o = {.title = title, .dept_id = d.id, .dept_name = d.name, .current = current_id, .manageable = true};
    return ui_pick_user(&o);
}

int ui_choose_dept(const char *title, int64_t *dept_id, char *name, size_t name_n)
{
    kdept *d = NULL;
    size_t n = 0;
    if (q_depts(UI.k, &d, &n)) {
        ui_fail(KS_ERROR);
        return -1;
    }
    const char **items = calloc(n + 1, sizeof *items);
    if (!items) {
        free(d);
        return -1;
    }
    items[0] = "すべて";
    int cur = 0;
    for (size_t i = 0; i < n; i++) {
        items[i + 1] = d[i].name;
        if (d[i].id == *dept_id) cur = (int)i + 1;
    }
    int c = ui_choose(title, items, (int)n + 1, cur);
    if (c == 0) {
        *dept_id = 0;
        if (name_n) name[0] = 0;
    } else if (c > 0) {
        *dept_id = d[c - 1].id;
        snprintf(name, name_n, "%s", d[c - 1].name);
    }
    free(items);
    free(d);
    return c;
}
