#include "app/regulation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "forms/checklist.h"
#include "forms/text.h"

/* the templates kumo carries, in the order index.csv lists them */
static const char *const TEMPLATE_KEYS[] = {"conf2", "conf1", "build", "operate", "retire"};

kstatus regulation_template_versions(kumo *k, char *out, size_t n)
{
    kumo_step(k);
    size_t used = 0;
    out[0] = 0;
    for (size_t i = 0; i < sizeof TEMPLATE_KEYS / sizeof TEMPLATE_KEYS[0]; i++) {
        char v[64], err[256];
        if (!checklist_current_version(TEMPLATE_KEYS[i], v, sizeof v, err, sizeof err))
            return kumo_fail(k, KS_IO, "%s", err);
        int w = snprintf(out + used, n - used, "%s%s %s", i ? "・" : "", TEMPLATE_KEYS[i], v);
        if (w < 0 || (size_t)w >= n - used) return kumo_fail(k, KS_INVALID, "確認事項のテンプレートの版が長すぎます");
        used += (size_t)w;
    }
    return KS_OK;
}

kstatus regulation_review_record(kumo *k, const char *date, const char *outcome, const char *note, int64_t *id)
{
    kumo_step(k);
    char why[256];
    if (!policy_may_review_regulation(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    kdate d, today = date_today();
    if (!date || !*date || !date_parse(date, &d))
        return kumo_fail(k, KS_INVALID, "「見直しの日」は実在する日付を入力してください（例 2026-11-23、令和8年11月23日）");
    if (date_cmp(d, today) > 0) return kumo_fail(k, KS_INVALID, "「見直しの日」は今日以前の日付にしてください");
    if (!outcome || (strcmp(outcome, "改訂不要") && strcmp(outcome, "改訂する")))
        return kumo_fail(k, KS_INVALID, "「結果」は 改訂不要 又は 改訂する を選んでください");
    if (!note || !*note)
        return kumo_fail(k, KS_INVALID, "「見直しの内容」を入力してください（確かめたこと、改訂するなら何を: 規定003 §5）");
    kregreview *r = calloc(1, sizeof *r);
    if (!r) return kumo_fail(k, KS_NOMEM, NULL);
    kstatus s = kumo_check_text(k, "見直しの内容", note, 400, true, true);
    if (!s) {
        /* kumo_check_text begins no step: the versions are read now, as the review's record of what it covered */
        s = regulation_template_versions(k, r->versions, sizeof r->versions);
    }
    if (s) {
        kregreview_free(&r);
        return s;
    }
    date_format(d, r->reviewed_on, sizeof r->reviewed_on);
    r->reviewer_id = k->me.id;
    snprintf(r->outcome, sizeof r->outcome, "%s", outcome);
    snprintf(r->note, sizeof r->note, "%s", note);
    text_trim_partial(r->note);
    s = kumo_tx_begin(k);
    if (!s) s = db_regreview_insert(k->db, r);
    if (!s) {
        kumo_audit(k, "規定の見直し", audit_kind_code(AK_REG_REVIEW), r->id, r->reviewed_on, "");
        kumo_audit_touch(k, AK_REG_REVIEW, r->id);
        kumo_audit_change(k, "見直しの日", "", r->reviewed_on);
        kumo_audit_change(k, "確認事項の版", "", r->versions);
        kumo_audit_change(k, "結果", "", r->outcome);
    }
    s = kumo_tx_end(k, s);
    if (!s && id) *id = r->id;
    kregreview_free(&r);
    return s;
}

kstatus regulation_review_list(kumo *k, kregreview **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    char why[256];
    if (!policy_may_read_regulation_reviews(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_result(k, db_regreview_list(k->db, out, n));
}

/* A year after the newest of v[n] (newest first), "" when there is none. */
static void next_due_of(const kregreview *v, size_t n, char out[11])
{
    out[0] = 0;
    kdate d;
    if (n && date_parse(v[0].reviewed_on, &d)) date_format(date_add_months(d, 12), out, 11);
}

kstatus regulation_review_due(kumo *k, char out[11])
{
    out[0] = 0;
    kregreview *v = NULL;
    size_t n = 0;
    kstatus s = regulation_review_list(k, &v, &n);
    if (!s) next_due_of(v, n, out);
    kregreview_free(&v);
    return s;
}

kstatus regulation_next_due(kumo *k, char out[11])
{
    out[0] = 0;
    kregreview *v = NULL;
    size_t n = 0;
    kstatus s = db_regreview_list(k->db, &v, &n);   /* one a year: a short list */
    if (!s) next_due_of(v, n, out);
    kregreview_free(&v);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

kstatus regulation_review_reminder(kumo *k, int within_days, char due[11], bool *shown)
{
    kumo_step(k);
    due[0] = 0;
    *shown = false;
    if (!policy_may_review_regulation(&k->me, NULL, 0)) return KS_OK;
    kstatus s = regulation_next_due(k, due);
    kdate d;
    if (!s && *due && date_parse(due, &d)) *shown = date_days_between(date_today(), d) <= within_days;
    return s;
}
