/* ホーム section of the 例外措置 (ポリシー004 §7-4(1)): the applications waiting for the CISO's permission. The
   reports due and the re-checks show in the due section (app/due.h). */
#include "ui/home_exceptions.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "ui/home_items.h"

#define HOME_EXC_MAX 10

void home_section_exceptions(home_items *h)
{
    kexc_wait rows[HOME_EXC_MAX];
    int n = 0;
    int64_t total = 0;
    if (exc_waiting(UI.k, HOME_EXC_MAX, rows, &n, &total) || total == 0) return;
    home_items_add_header(h, "例外措置の許可待ち（CISO: ポリシー004 §7-4(1)）", (long)total);
    for (int i = 0; i < n; i++) {
        kapp_row r = {0};
        r.id = rows[i].app_id;
        snprintf(r.app_no, sizeof r.app_no, "%s", rows[i].app_no);
        snprintf(r.state, sizeof r.state, "submitted");
        snprintf(r.service_name, sizeof r.service_name, "%s", rows[i].service_name);
        snprintf(r.dept, sizeof r.dept, "%s", rows[i].dept);
        snprintf(r.applied_on, sizeof r.applied_on, "%s", rows[i].applied_on);
        home_items_add_app(h, &r, NULL);
        h->v[h->n - 1].attr = ui_attr_flag();
        snprintf(h->v[h->n - 1].col[1], sizeof h->v[h->n - 1].col[1], "例外措置待ち");
    }
    if (total > n) home_items_add_note(h, "…ほか（e 例外措置 又は kumo exception list --waiting で全件）");
}
