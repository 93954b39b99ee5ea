/* The audit trail: how a step describes its one record (kumo_audit …, written by kumo_tx_end through
   kumo_audit_write), and the trail as the front ends read it. */
#include "app/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "app/policy.h"
#include "forms/clock.h"
#include "forms/text.h"

/* ---- describing a step's record ---- */

void kumo_audit(kumo *k, const char *action, const char *kind, int64_t id, const char *no, const char *dept)
{
    kaudit *r = &k->au;
    r->open = true;
    snprintf(r->action, sizeof r->action, "%s", action ? action : "");
    text_trim_partial(r->action);
    kaudit_subject(r, kind, id, no, dept);
}

void kumo_audit_app(kumo *k, const char *action, const kapp *a)
{
    kumo_audit(k, action, audit_kind_code(AK_APPLICATION), a->id, a->app_no && *a->app_no ? a->app_no : "",
               a->dept_name);
    kumo_audit_touch(k, AK_APPLICATION, a->id);
}

void kumo_audit_service(kumo *k, const char *action, const kservice *sv)
{
    kumo_audit(k, action, audit_kind_code(AK_SERVICE), sv->id, sv->approval_no, sv->dept);
    kumo_audit_touch(k, AK_SERVICE, sv->id);
}

void kumo_audit_user(kumo *k, const char *action, const kuser *u)
{
    kumo_audit(k, action, audit_kind_code(AK_USER), u->id, u->login, u->dept_name);
    kumo_audit_touch(k, AK_USER, u->id);
}

void kumo_audit_touch(kumo *k, audit_kind kind, int64_t id) { kaudit_touch(&k->au, kind, id); }

void kumo_audit_change(kumo *k, const char *field, const char *before, const char *after)
{
    kaudit_change(&k->au, field, before, after);
}

void kumo_audit_change_int(kumo *k, const char *field, int64_t before, int64_t after)
{
    char b[32], a[32];
    snprintf(b, sizeof b, "%" PRId64, before);
    snprintf(a, sizeof a, "%" PRId64, after);
    kaudit_change(&k->au, field, b, a);
}

void kumo_audit_comment(kumo *k, const char *comment) { kaudit_comment(&k->au, comment); }

void kumo_audit_history(kumo *k, int64_t app_id, int64_t service_id, const char *from, const char *to,
                        const char *comment)
{
    kaudit_history(&k->au, NULL, app_id, service_id, from, to, comment);
    if (!k->au.comment || !*k->au.comment) kaudit_comment(&k->au, comment);
}

void kumo_audit_history_as(kumo *k, const char *action, int64_t app_id, int64_t service_id, const char *from,
                           const char *to, const char *comment)
{
    kaudit_history(&k->au, action, app_id, service_id, from, to, comment);
}

const char *kumo_audit_at(kumo *k) { return kaudit_at(&k->au); }

void kumo_audit_history_bulk(kumo *k, int64_t lo, int64_t hi) { kaudit_history_bulk(&k->au, lo, hi); }

kstatus kumo_audit_write(kumo *k)
{
    if (!k->au.open) {
        kaudit_reset(&k->au);
        return kumo_fail(k, KS_ERROR, "この操作の監査記録がないため保存しませんでした（kumo の不具合です）");
    }
    /* the actor as the record stands at this moment (a 人事異動 in another session counts) */
    kuser me = k->me;
    if (me.id > 0 && db_user_by_id(k->db, me.id, &me) != KS_OK) me = k->me;
    kaudit_actor a = {.id = me.id, .login = me.login, .name = me.name,
                      .role = me.id > 0 ? role_code(me.role) : ""};
    kstatus s = db_audit_append(k->db, &k->au, &a, &k->head);
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

/* ---- the trail for the front ends ---- */

kstatus audit_head(kumo *k, kaudit_head *out)
{
    kumo_step(k);
    return kumo_result(k, db_audit_head(k->db, out));
}

const char *audit_head_text(const kaudit_head *h, char *out, size_t n)
{
    if (!h->seq) {
        snprintf(out, n, "#0（記録なし）");
        return out;
    }
    char shown[64];
    clock_stamp_show(h->at, shown, sizeof shown);
    snprintf(out, n, "#%" PRId64 " %s %.*s", h->seq, shown, AUDIT_SHORT_HASH, h->hash);
    return out;
}

/* db_audit_verify_with says how far it has got every few thousand rows read (its own counts, not multiples of
   PROGRESS_EVERY): passed on as it comes. */
static void verify_progress(void *ctx, const char *what, long long done, long long total)
{
    kumo *k = ctx;
    if (k->progress.fn) k->progress.fn(k->progress.ctx, what, done, total);
}

kstatus audit_verify(kumo *k, kaudit_verify *out)
{
    kumo_step(k);
    memset(out, 0, sizeof *out);
    char why[256];
    if (!policy_may_verify_audit(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_result(k, db_audit_verify_with(k->db, out, verify_progress, k));
}

const char *audit_verify_text(const kaudit_verify *v, char *out, size_t n)
{
    char head[160];
    audit_head_text(&v->head, head, sizeof head);
    if (v->ok) {
        snprintf(out, n, "監査証跡は完全です（%" PRId64 "件, 最終 %s）", v->records, head);
    } else if (v->problems > 1) {
        snprintf(out, n, "監査証跡と記録が一致しません: %s（ほか %" PRId64 " 件。監査記録 %" PRId64 "件, 最終 %s）", v->what,
                 v->problems - 1, v->records, head);
    } else {
        snprintf(out, n, "監査証跡と記録が一致しません: %s（監査記録 %" PRId64 "件, 最終 %s）", v->what, v->records, head);
    }
    text_trim_partial(out);
    return out;
}

kstatus audit_page(kumo *k, const kaudit_filter *f, int64_t before_seq, int64_t after_seq, int limit,
                   kaudit_row **out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    char why[256];
    if (!policy_may_read_audit(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_result(k, db_audit_page(k->db, f, before_seq, after_seq, limit, out, n));
}

kstatus audit_filter_check(kumo *k, const kaudit_filter *f)
{
    kumo_step(k);
    char why[256];
    if (!policy_may_read_audit(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    if (!f) return KS_OK;
    bool known = true;
    kstatus s = KS_OK;
    if (f->actor && *f->actor && !(s = db_audit_filter_known(k->db, AF_ACTOR, f->actor, &known)) && !known)
        return kumo_fail(k, KS_NOTFOUND, "操作者「%s」は利用者にも監査証跡にもありません（ログイン名で指定してください）",
                         f->actor);
    if (!s && f->dept && *f->dept && !(s = db_audit_filter_known(k->db, AF_DEPT, f->dept, &known)) && !known)
        return kumo_fail(k, KS_NOTFOUND, "部局「%s」は登録にも監査証跡にもありません", f->dept);
    if (!s && f->action && *f->action && !(s = db_audit_filter_known(k->db, AF_ACTION, f->action, &known)) && !known) {
        char **v = NULL;
        size_t n = 0;
        char list[1024] = "";
        if (!db_audit_actions(k->db, &v, &n)) {
            for (size_t i = 0; i < n; i++) {
                size_t len = strlen(list);
                snprintf(list + len, sizeof list - len, "%s%s", i ? "、" : "", v[i]);
                free(v[i]);
            }
            free(v);
            text_trim_partial(list);
        }
        return kumo_fail(k, KS_NOTFOUND, "操作「%s」は監査証跡にありません（記録されている操作: %s）", f->action, list);
    }
    return s ? kumo_fail(k, s, NULL) : KS_OK;
}

kstatus audit_actions(kumo *k, char ***out, size_t *n)
{
    kumo_step(k);
    *out = NULL;
    *n = 0;
    char why[256];
    if (!policy_may_read_audit(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    return kumo_result(k, db_audit_actions(k->db, out, n));
}

const char *audit_role_label(const char *code)
{
    if (!code || !*code) return "kumo";
    krole r = role_from_code(code);
    return r == ROLE_NONE ? code : role_label(r);
}
