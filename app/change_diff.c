#include "app/change_diff.h"

#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/workflow.h"
#include "forms/form.h"

static const char *nz(const char *s) { return s ? s : ""; }

static kstatus diff_add(change_diff_list *d, int field, const char *label, const char *before, const char *after)
{
    change_diff_item *v = realloc(d->v, (d->n + 1) * sizeof *v);
    if (!v) return KS_NOMEM;
    d->v = v;
    change_diff_item *it = &d->v[d->n];
    it->field = field;
    it->label = label;
    it->before = strdup(nz(before));
    it->after = strdup(nz(after));
    if (!it->before || !it->after) {
        free(it->before);
        free(it->after);
        return KS_NOMEM;
    }
    d->n++;
    return KS_OK;
}

kstatus change_diff(const kapp *app, const kapp *parent, change_diff_list *out)
{
    memset(out, 0, sizeof *out);
    const field_def *defs = form_fields();
    kstatus s = KS_OK;
    for (int f = 0; f < FF_COUNT && !s; f++) {
        if (f == FF_KIND) continue; /* 新規 → 変更 is what makes it a 変更申請, not a difference */
        const char *a = nz(parent->v[f]), *b = nz(app->v[f]);
        if (strcmp(a, b)) s = diff_add(out, f, defs[f].label, a, b);
    }
    if (!s && strcmp(nz(parent->track), nz(app->track)))
        s = diff_add(out, -1, "区分", form_track_label(form_track_from_code(parent->track)),
                     form_track_label(form_track_from_code(app->track)));
    if (s) change_diff_free(out);
    return s;
}

kstatus change_diff_load(kumo *k, const kapp *app, change_diff_list *out)
{
    kumo_step(k);
    memset(out, 0, sizeof *out);
    if (!app->parent_id) return kumo_fail(k, KS_NOTFOUND, "変更申請ではないため、比較する元の申請がありません");
    if (!kumo_check(k, ACT_VIEW, app)) return KS_DENIED;
    kapp parent;
    kstatus s = db_app_get(k->db, app->parent_id, &parent);
    if (s) return kumo_fail(k, s, s == KS_NOTFOUND ? "変更申請の元の申請が見つかりません" : NULL);
    s = change_diff(app, &parent, out);
    kapp_free(&parent);
    return kumo_result(k, s);
}

void change_diff_free(change_diff_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].before);
        free(d->v[i].after);
    }
    free(d->v);
    d->v = NULL;
    d->n = 0;
}
