/* The differences of a 変更申請 from the application it changes, field by field, for the approver's 審査 screen and
   the form (app/change_diff.c). */
#ifndef KUMO_APP_CHANGE_DIFF_H
#define KUMO_APP_CHANGE_DIFF_H
#include <stddef.h>

#include "app/session.h"
#include "db/db_app.h"

typedef struct change_diff_item {
    int field;             /* form_field, or -1 for the derived 区分 (track) */
    const char *label;     /* form_fields() label */
    char *before, *after;
} change_diff_item;

typedef struct change_diff_list {
    change_diff_item *v;
    size_t n;
} change_diff_list;

/* Field-by-field differences of a 変更申請 `app` against the application it came from (`parent`), in form order;
   申請区分 (新規 → 変更) is left out, a change of track (e.g. 機密性 raised to 2以上: §8-4 → §8-3) is added last.
   The caller empties *out with change_diff_free. */
kstatus change_diff(const kapp *app, const kapp *parent, change_diff_list *out);
/* The same, loading app's parent; KS_NOTFOUND with a message when app is not a 変更申請. */
kstatus change_diff_load(kumo *k, const kapp *app, change_diff_list *out);
void change_diff_free(change_diff_list *d);
#endif
