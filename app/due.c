#include "app/due.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "app/regulation.h"

/* The query of a due list: the window checked, the dates as text, and what the policy lets the user see. */
static kstatus due_query(kumo *k, int within_days, bool mine, kdue_query *q, char today[11], char until[11])
{
    if (within_days < 0 || within_days > 3660)
        return kumo_fail(k, KS_INVALID, "期限の日数は0〜3660日で指定してください");
    kdate td = date_today();
    date_format(td, today, 11);
    date_format(date_add_days(td, within_days), until, 11);
    memset(q, 0, sizeof *q);
    q->today = today;
    q->until = until;
    policy_due_scope(&k->me, mine, q);
    return KS_OK;
}

/* The reader's callback, and whether it stopped the list. */
typedef struct due_pass {
    kdue_cb cb;
    void *ctx;
    bool stopped;
} due_pass;

static int pass_on(const kdue_item *it, void *p)
{
    due_pass *d = p;
    if (d->cb(it, d->ctx)) d->stopped = true;
    return d->stopped;
}

/* The yearly review of the regulation (規定003 §5) as an item: due a year after the last one recorded, listed once
   its date is within the window (until) or past; nothing before the first one is recorded. */
static kstatus regulation_item(kumo *k, const char *until, kdue_item *it, bool *found)
{
    *found = false;
    char due[11];
    kstatus s = regulation_next_due(k, due);
    if (s || !*due || strcmp(due, until) > 0) return s;
    memset(it, 0, sizeof *it);
    it->kind = DUE_REG_REVIEW;
    snprintf(it->name, sizeof it->name, "規定の見直し（確認事項テンプレート、規定003 §5）");
    snprintf(it->manager, sizeof it->manager, "統括情報セキュリティ責任者");   /* 見直しの責任者 (§5) */
    snprintf(it->date, sizeof it->date, "%s", due);
    *found = true;
    return KS_OK;
}

kstatus due_each(kumo *k, int within_days, bool mine, kdue_cb cb, void *ctx)
{
    kumo_step(k);
    kdue_query q;
    char today[11], until[11];
    kstatus s = due_query(k, within_days, mine, &q, today, until);
    if (s) return s;
    due_pass d = {cb, ctx, false};
    s = kumo_result(k, db_due_each(k->db, &q, pass_on, &d));
    /* the regulation's review, for those who record it (the 統括 and the CISO: the governance items) */
    if (!s && !d.stopped && q.governance) {
        kdue_item it;
        bool found = false;
        s = regulation_item(k, until, &it, &found);
        if (!s && found) cb(&it, ctx);
    }
    return s;
}

typedef struct due_collect {
    due_list *l;
    size_t max;   /* 0 = every item */
    bool oom;   /* the list stopped short: never shown as if it were complete */
} due_collect;

static int collect_due(const kdue_item *it, void *p)
{
    due_collect *c = p;
    due_list *l = c->l;
    if (c->max && l->n >= c->max) {
        l->more = true;
        return 1;
    }
    if (l->n % 64 == 0) {
        kdue_item *v = realloc(l->v, (l->n + 64) * sizeof *v);
        if (!v) {
            c->oom = true;
            return 1;
        }
        l->v = v;
    }
    l->v[l->n++] = *it;
    if (it->kind >= 0 && it->kind < DUE__COUNT) l->count[it->kind]++;
    return 0;
}

kstatus due_list_load(kumo *k, int within_days, bool mine, due_list *out)
{
    return due_list_load_max(k, within_days, mine, 0, out);
}

kstatus due_list_load_max(kumo *k, int within_days, bool mine, size_t max, due_list *out)
{
    memset(out, 0, sizeof *out);
    out->today = date_today();
    due_collect c = {.l = out, .max = max};
    kstatus s = due_each(k, within_days, mine, collect_due, &c);
    if (!s && c.oom) s = kumo_fail(k, KS_NOMEM, NULL);
    if (s) due_list_clear(out);
    return s;
}

void due_list_clear(due_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
    memset(l->count, 0, sizeof l->count);
}

/* Whether the regulation's review item is past its date (it is listed from the window on). */
static bool regulation_past(const kdue_item *it)
{
    char today[11];
    date_format(date_today(), today, sizeof today);
    return strcmp(it->date, today) < 0;
}

bool due_is_overdue(const kdue_item *it)
{
    if (it->kind == DUE_REG_REVIEW) return regulation_past(it);
    return it->kind != DUE_REVIEW_SOON;
}

const char *due_code(const kdue_item *it)
{
    switch (it->kind) {
    case DUE_REVIEW_OVERDUE: return "review_overdue";
    case DUE_REVIEW_SOON: return "review_due";
    case DUE_END_PASSED: return it->report_filed ? "termination_pending" : "end_passed";
    case DUE_BUILD_PENDING: return "build_pending";
    case DUE_EXC_REPORT: return "exception_report_due";
    case DUE_EXC_RECHECK: return "exception_recheck_due";
    case DUE_EXC_EXPIRED: return "exception_expired";
    case DUE_DISPOSAL_PENDING: return it->report_filed ? "disposal_report_pending" : "disposal_due";
    case DUE_REG_REVIEW: return regulation_past(it) ? "regulation_review_overdue" : "regulation_review_due";
    case DUE__COUNT: break;
    }
    return "";
}

const char *due_label(const kdue_item *it)
{
    switch (it->kind) {
    case DUE_REVIEW_OVERDUE: return "確認期限超過";
    case DUE_REVIEW_SOON: return "確認期限間近";
    case DUE_END_PASSED: return it->report_filed ? "終了連絡受理待ち" : "利用終了予定日超過";
    case DUE_BUILD_PENDING: return "構築時確認未記録";
    case DUE_EXC_REPORT: return "例外措置事後報告待ち";
    case DUE_EXC_RECHECK: return "例外措置定期確認超過";
    case DUE_EXC_EXPIRED: return "例外措置有効期限切れ";
    case DUE_DISPOSAL_PENDING: return it->report_filed ? "廃棄・削除完了報告受理待ち" : "廃棄・削除完了報告未提出";
    case DUE_REG_REVIEW: return regulation_past(it) ? "規定の見直し期限超過" : "規定の見直し期限間近";
    case DUE__COUNT: break;
    }
    return "";
}

const char *due_short_label(const kdue_item *it)
{
    switch (it->kind) {
    case DUE_END_PASSED: return it->report_filed ? "終了受理待ち" : "終了予定超過";
    case DUE_BUILD_PENDING: return "構築確認待ち";
    case DUE_EXC_REPORT: return "事後報告待ち";
    case DUE_EXC_RECHECK: return "例外定期確認";
    case DUE_EXC_EXPIRED: return "例外期限切れ";
    case DUE_DISPOSAL_PENDING: return it->report_filed ? "削除受理待ち" : "削除報告待ち";
    case DUE_REG_REVIEW: return regulation_past(it) ? "見直し超過" : "見直し間近";
    default: return due_label(it);
    }
}
