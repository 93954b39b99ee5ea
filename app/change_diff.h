/* The differences of a 変更申請 from the application it changes, field by field, for the approver's 審査 screen and
   the form (app/change_diff.c). */
#ifndef KUMO_APP_CHANGE_DIFF_H
#define KUMO_APP_CHANGE_DIFF_H
#include <stddef.h>

#include "app/session.h"
#include "db/db_app.h"
#include "forms/checklist.h"

typedef struct change_diff_item {
    int field;             /* form_field, -1 for the derived 区分 (track), -2 for a 確認事項 answer */
    const char *label;     /* form_fields() label, or own_label */
    char *before, *after;
    char *own_label;       /* a 確認事項 answer's label (確認事項 4(1)-1 回答), freed with the list */
} change_diff_item;

typedef struct change_diff_list {
    change_diff_item *v;
    size_t n;
} change_diff_list;

/* Field-by-field differences of a 変更申請 `app` against the application it came from (`parent`), in form order;
   申請区分 (新規 → 変更) is left out, a change of track (e.g. 機密性 raised to 2以上: §8-4 → §8-3) is added last.
   The caller empties *out with change_diff_clear. */
kstatus change_diff(const kapp *app, const kapp *parent, change_diff_list *out);
/* Appends the differences of the 確認事項: each item's 回答 and 確認内容・対策 that differ (matched by code), items
   only in `after` (a newer version) and items only in `before`, as field -2 items with their own label. */
kstatus change_diff_answers(const ck_answer *before, size_t nb, const ck_answer *after, size_t na,
                            change_diff_list *out);
/* The same as change_diff, loading app's parent, followed by the differences of the 確認事項; KS_NOTFOUND with a
   message when app is not a 変更申請. */
kstatus change_diff_load(kumo *k, const kapp *app, change_diff_list *out);
void change_diff_clear(change_diff_list *d);

/* The last 差戻し of an application, as its audit trail recorded it. */
typedef struct return_info {
    bool returned;         /* it was returned at least once */
    char reason[1604];     /* 差戻しの理由 */
    char by[128];          /* who returned it */
    char on[11];           /* YYYY-MM-DD */
    char resubmit_comment[1604];   /* what the applicant said when submitting again ("" before that or none) */
} return_info;
/* What changed in application `a` since it was last returned: each field and 確認事項 answer edited after the
   差戻し, from its value when returned to its value now (read from the application's audit records: one record per
   step, so nothing edited is missed; a value changed and changed back is not listed), in the form of change_diff.
   ri->returned is false (and out empty) when it was never returned. The user must see the application. */
kstatus change_since_return(kumo *k, const kapp *a, return_info *ri, change_diff_list *out);
#endif
