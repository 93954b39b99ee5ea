/* On a 変更申請: the differences from the application it changes, field by field. */
#include "ui/app_ext_change.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "ui/dialog.h"
#include "ui/screen_app.h"

static bool is_change(const screen *s)
{
    const kapp *a = screen_app_kapp(s);
    return a && a->parent_id > 0;
}

static int show_diff(screen *s)
{
    kapp *a = screen_app_kapp(s);
    if (!a) return UI_HANDLED;
    change_diff_list d = {0};
    if (change_diff_load(UI.k, a, &d)) {
        ui_fail(KS_ERROR);
        return UI_HANDLED;
    }
    size_t cap = 512;
    for (size_t i = 0; i < d.n; i++) cap += strlen(d.v[i].before) + strlen(d.v[i].after) + 256;
    char *t = malloc(cap);
    if (!t) {
        change_diff_clear(&d);
        return UI_HANDLED;
    }
    size_t len = (size_t)snprintf(t, cap, "変更申請 %s の変更点（元の申請からの差分） %zu件\n\n",
                                  *a->app_no ? a->app_no : "（未採番）", d.n);
    if (d.n == 0) len += (size_t)snprintf(t + len, cap - len, "変更された項目はありません\n");
    for (size_t i = 0; i < d.n; i++)
        len += (size_t)snprintf(t + len, cap - len, "%s\n  変更前: %s\n  変更後: %s\n", d.v[i].label,
                                *d.v[i].before ? d.v[i].before : "（空欄）", *d.v[i].after ? d.v[i].after : "（空欄）");
    change_diff_clear(&d);
    ui_show_text("変更点", t);
    free(t);
    return UI_HANDLED;
}

const ui_action APP_EXT_CHANGE_DIFF = {
    {'d'}, "変更点", "変更申請の、元の申請からの変更点を項目ごとに表示する", show_diff, is_change,
};
