#include "app/change_diff.h"

#include <stdio.h>
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
    it->own_label = NULL;
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
    if (s) change_diff_clear(out);
    return s;
}

/* Appends an item whose label is its own (確認事項 4(1)-3a 回答). */
static kstatus diff_add_own(change_diff_list *d, const char *code, const char *what, const char *before,
                            const char *after)
{
    char label[160];
    snprintf(label, sizeof label, "確認事項 %s %s", code, what);
    char *own = strdup(label);
    if (!own) return KS_NOMEM;
    kstatus s = diff_add(d, -2, own, before, after);
    if (s) {
        free(own);
        return s;
    }
    d->v[d->n - 1].own_label = own;
    return KS_OK;
}

kstatus change_diff_answers(const ck_answer *before, size_t nb, const ck_answer *after, size_t na,
                            change_diff_list *out)
{
    kstatus s = KS_OK;
    for (size_t i = 0; i < na && !s; i++) {
        const ck_answer *b = NULL;
        for (size_t j = 0; j < nb && !b; j++)
            if (!strcmp(nz(before[j].code), nz(after[i].code))) b = &before[j];
        if (!b) {
            /* an item of a newer version of the 確認事項 */
            s = diff_add_own(out, after[i].code, "回答（新しい項目）", "（項目なし）", nz(after[i].answer));
            if (!s && *nz(after[i].note)) s = diff_add_own(out, after[i].code, "確認内容・対策", "", after[i].note);
            continue;
        }
        if (strcmp(nz(b->answer), nz(after[i].answer))) s = diff_add_own(out, after[i].code, "回答", b->answer, after[i].answer);
        if (!s && strcmp(nz(b->note), nz(after[i].note)))
            s = diff_add_own(out, after[i].code, "確認内容・対策", b->note, after[i].note);
    }
    for (size_t j = 0; j < nb && !s; j++) {
        bool kept = false;
        for (size_t i = 0; i < na && !kept; i++) kept = !strcmp(nz(before[j].code), nz(after[i].code));
        if (!kept) s = diff_add_own(out, before[j].code, "回答（なくなった項目）", nz(before[j].answer), "（項目なし）");
    }
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
    /* and the 確認事項: every answer and 確認内容 that differs from the application's it changes */
    ck_answer *before = NULL, *after = NULL;
    size_t nb = 0, na = 0;
    if (!s) s = db_answers_load(k->db, parent.id, &before, &nb);
    if (!s) s = db_answers_load(k->db, app->id, &after, &na);
    if (!s) s = change_diff_answers(before, nb, after, na, out);
    checklist_answers_free(&before, nb);
    checklist_answers_free(&after, na);
    if (s) change_diff_clear(out);
    kapp_clear(&parent);
    return kumo_result(k, s);
}

void change_diff_clear(change_diff_list *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].before);
        free(d->v[i].after);
        free(d->v[i].own_label);
    }
    free(d->v);
    d->v = NULL;
    d->n = 0;
}

/* ---- since the last 差戻し ---- */

/* One value of an audit record's changes, unescaped (docs/architecture.md: a backslash is \\, a line break \n, a
   carriage return \r). */
static char *unescape(const char *s, size_t n)
{
    char *o = malloc(n + 1), *p = o;
    if (!o) return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            char c = s[++i];
            *p++ = c == 'n' ? '\n' : c == 'r' ? '\r' : c;
        } else {
            *p++ = s[i];
        }
    }
    *p = 0;
    return o;
}

/* A value as it was when returned: the `before` of the first change after the 差戻し; `after` the latest. */
typedef struct since_item {
    char *label;
    char *before, *after;
} since_item;

typedef struct since {
    return_info *ri;
    since_item *v;
    size_t n, cap;
    bool oom;
} since;

static void since_clear(since *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->v[i].label);
        free(w->v[i].before);
        free(w->v[i].after);
    }
    w->n = 0;
}

static void since_note(since *w, const char *label, size_t ln, const char *before, size_t bn, const char *after,
                       size_t an)
{
    for (size_t i = 0; i < w->n; i++)
        if (strlen(w->v[i].label) == ln && !strncmp(w->v[i].label, label, ln)) {
            char *a = unescape(after, an);
            if (!a) { w->oom = true; return; }
            free(w->v[i].after);
            w->v[i].after = a;
            return;
        }
    if (w->n == w->cap) {
        size_t c = w->cap ? w->cap * 2 : 16;
        since_item *g = realloc(w->v, c * sizeof *g);
        if (!g) { w->oom = true; return; }
        w->v = g;
        w->cap = c;
    }
    since_item *it = &w->v[w->n];
    it->label = strndup(label, ln);
    it->before = unescape(before, bn);
    it->after = unescape(after, an);
    if (!it->label || !it->before || !it->after) {
        free(it->label);
        free(it->before);
        free(it->after);
        w->oom = true;
        return;
    }
    w->n++;
}

/* Each line of a record's changes: 「項目: 変更前 → 変更後」. */
static void since_changes(since *w, const char *changes)
{
    for (const char *p = changes; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        const char *colon = memmem(p, len, ": ", 2);
        const char *arrow = colon ? memmem(colon + 2, len - (size_t)(colon + 2 - p), " → ", strlen(" → ")) : NULL;
        if (colon && arrow) {
            const char *b = colon + 2, *a = arrow + strlen(" → ");
            since_note(w, p, (size_t)(colon - p), b, (size_t)(arrow - b), a, len - (size_t)(a - p));
        }
        p = nl ? nl + 1 : NULL;
    }
}

static int since_record(const kaudit_row *r, void *ctx)
{
    since *w = ctx;
    if (!strcmp(r->action, "差戻し")) {
        /* the version returned: what is listed starts again from here */
        since_clear(w);
        w->ri->returned = true;
        snprintf(w->ri->reason, sizeof w->ri->reason, "%s", r->comment ? r->comment : "");
        snprintf(w->ri->by, sizeof w->ri->by, "%s", r->actor_name);
        snprintf(w->ri->on, sizeof w->ri->on, "%.10s", r->at);
        w->ri->resubmit_comment[0] = 0;
    } else if (w->ri->returned && (!strcmp(r->action, "項目変更") || !strcmp(r->action, "確認事項回答"))) {
        since_changes(w, r->changes);
    } else if (w->ri->returned && !strcmp(r->action, "再提出")) {
        snprintf(w->ri->resubmit_comment, sizeof w->ri->resubmit_comment, "%s", r->comment ? r->comment : "");
    }
    return w->oom;
}

kstatus change_since_return(kumo *k, const kapp *a, return_info *ri, change_diff_list *out)
{
    kumo_step(k);
    memset(out, 0, sizeof *out);
    memset(ri, 0, sizeof *ri);
    if (!kumo_check(k, ACT_VIEW, a)) return KS_DENIED;
    since w = {.ri = ri};
    kstatus s = db_audit_of(k->db, audit_kind_code(AK_APPLICATION), a->id, since_record, &w);
    if (!s && w.oom) s = KS_NOMEM;
    /* the fields: the application as returned against the application now, compared as a 変更申請 is */
    kapp was = *a;
    char *vals[FF_COUNT] = {0};
    for (size_t i = 0; !s && i < w.n; i++) {
        int f = form_field_by_name(w.v[i].label);
        if (f >= 0 && f != FF_KIND) vals[f] = w.v[i].before;
        else if (!strcmp(w.v[i].label, "区分")) was.track = w.v[i].before;
    }
    for (int f = 0; f < FF_COUNT; f++)
        if (vals[f]) was.v[f] = vals[f];
    if (!s) s = change_diff(a, &was, out);
    /* the 確認事項 answers, in the order they were edited */
    for (size_t i = 0; !s && i < w.n; i++) {
        const since_item *it = &w.v[i];
        if (strncmp(it->label, "確認事項 ", strlen("確認事項 ")) || !strcmp(it->label, "確認事項のテンプレート") ||
            !strcmp(it->before, it->after))
            continue;
        char *label = strdup(it->label);
        if (!label || diff_add(out, -2, NULL, it->before, it->after)) {
            free(label);
            s = KS_NOMEM;
            break;
        }
        out->v[out->n - 1].own_label = label;
        out->v[out->n - 1].label = label;
    }
    since_clear(&w);
    free(w.v);
    if (s) change_diff_clear(out);
    return kumo_result(k, s);
}
