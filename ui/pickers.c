/* Lists to pick from that several screens share: a クラウドサービス管理者, a 部局. */
#include <stdio.h>
#include <stdlib.h>

#include "ui/ui.h"

int64_t ui_choose_manager(const char *title, int64_t dept_id, int64_t current_id)
{
    kuser *u = NULL;
    size_t n = 0;
    if (q_users(UI.k, ROLE_NONE, 0, &u, &n)) {
        ui_fail(KS_ERROR);
        return 0;
    }
    const char **items = calloc(n + 1, sizeof *items);
    char (*text)[512] = calloc(n + 1, sizeof *text);
    int64_t *ids = calloc(n + 1, sizeof *ids);
    int m = 0, cur = 0;
    /* who may be designated is the policy's; the users of the service's 部局 come first */
    for (int pass = 0; items && text && ids && pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            if (!policy_may_manage(&u[i]) || (pass == 0) != (u[i].dept_id == dept_id)) continue;
            snprintf(text[m], sizeof text[m], "%s（%s・%s）", u[i].name, *u[i].dept_name ? u[i].dept_name : "－",
                     role_label(u[i].role));
            items[m] = text[m];
            ids[m] = u[i].id;
            if (u[i].id == current_id) cur = m;
            m++;
        }
    int c = m ? ui_choose(title, items, m, cur) : -1;
    int64_t id = c >= 0 ? ids[c] : 0;
    free(items);
    free(text);
    free(ids);
    free(u);
    return id;
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
