#include "app/remind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit.h"
#include "app/due.h"
#include "app/internal.h"
#include "app/mail.h"
#include "app/policy.h"
#include "app/regulation.h"
#include "db/db_app.h"
#include "db/db_audit.h"
#include "db/db_lifecycle.h"
#include "db/db_remind.h"
#include "db/db_service.h"
#include "forms/clock.h"
#include "forms/date.h"
#include "forms/role.h"
#include "forms/text.h"

const char *remind_stage(long days_left, char *buf, size_t n)
{
    if (days_left > 30) return NULL;
    if (days_left > 7) return "30";
    if (days_left > 0) return "7";
    long over = -days_left;
    if (over < 7) return "0";
    /* a due date is within a few thousand years of today: the number always fits */
    long weeks = over / 7 * 7;
    if (weeks > 999999) weeks = 999999;
    snprintf(buf, n, "+%d", (int)weeks);
    return buf;
}

/* ---- what each recipient is to be told ---- */

enum { SEC_OVERDUE, SEC_SOON, SEC_DECISION, SEC__COUNT };

typedef struct ritem {
    char item[48];          /* review:12, end:12, build:12, decision:34, exception-report:EX-R8-0002 */
    char ref_date[11];
    char stage[24];
    int section;
    char line[768];
} ritem;

typedef struct rcpt {
    ritem *v;
    size_t n, cap;
} rcpt;

typedef struct rctx {
    kumo *k;
    kuser *users;
    size_t nusers;
    rcpt *to;               /* one per user */
    kdate today;
    kstatus err;
} rctx;

/* Adds the item to user i's list unless its stage went to them already. */
static void tell(rctx *c, size_t i, const ritem *it)
{
    bool sent = false;
    kstatus s = db_reminder_sent(c->k->db, c->users[i].id, it->item, it->ref_date, it->stage, &sent);
    if (s) {
        c->err = s;
        return;
    }
    if (sent) return;
    rcpt *r = &c->to[i];
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        ritem *v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            c->err = KS_NOMEM;
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n++] = *it;
}

/* The line of a service's item: 「AP-R7-0001 電子申請サービス（総務部）: 利用状況確認の期限 2026-05-20 を187日過ぎています」. */
static void due_text(const kdue_item *d, long left, char *out, size_t n)
{
    char what[256];
    long over = -left;
    switch (d->kind) {
    case DUE_REVIEW_OVERDUE:
    case DUE_REVIEW_SOON:
        if (left > 0) snprintf(what, sizeof what, "利用状況確認の期限 %s まであと%ld日", d->date, left);
        else if (left == 0) snprintf(what, sizeof what, "利用状況確認の期限 %s は本日です", d->date);
        else snprintf(what, sizeof what, "利用状況確認の期限 %s を%ld日過ぎています", d->date, over);
        break;
    case DUE_END_PASSED:
        if (d->report_filed) snprintf(what, sizeof what, "終了連絡が受理を待っています（利用終了予定日 %s）", d->date);
        else snprintf(what, sizeof what, "利用終了予定日 %s を%ld日過ぎています（終了連絡が未提出）", d->date, over);
        break;
    case DUE_BUILD_PENDING:
        snprintf(what, sizeof what, "導入・構築時確認が記録されていません（利用開始日 %s から%ld日）", d->date, over);
        break;
    case DUE_EXC_REPORT:
        snprintf(what, sizeof what, "緊急承認（%s）の例外措置 %s の事後報告がCISOに記録されていません", d->date, d->ref);
        break;
    case DUE_EXC_RECHECK:
        snprintf(what, sizeof what, "例外措置 %s の定期確認日 %s を%ld日過ぎています", d->ref, d->date, over);
        break;
    case DUE_EXC_EXPIRED:
        snprintf(what, sizeof what, "例外措置 %s の有効期限 %s を%ld日過ぎています", d->ref, d->date, over);
        break;
    case DUE_DISPOSAL_PENDING:
        if (d->report_filed) snprintf(what, sizeof what, "廃棄・削除完了報告が受理を待っています（終了日 %s）", d->date);
        else snprintf(what, sizeof what, "終了日 %s から%ld日、廃棄・削除完了報告が未提出です", d->date, over);
        break;
    default:
        snprintf(what, sizeof what, "%s（%s）", due_label(d), d->date);
    }
    snprintf(out, n, "%s %s（%s）: %s", d->approval_no, d->name, d->dept, what);
}

static int on_due(const kdue_item *d, void *p)
{
    rctx *c = p;
    kdate date;
    if (!date_parse(d->date, &date)) return 0;
    long left = date_days_between(c->today, date);
    ritem it = {0};
    char buf[24];
    const char *stage = remind_stage(left, buf, sizeof buf);
    if (!stage) return 0;
    /* an exception's item is the exception's (its number); the others are the service's */
    bool exc = d->kind == DUE_EXC_REPORT || d->kind == DUE_EXC_RECHECK || d->kind == DUE_EXC_EXPIRED;
    const char *kind = d->kind == DUE_END_PASSED      ? "end"
                       : d->kind == DUE_BUILD_PENDING ? "build"
                       : d->kind == DUE_EXC_REPORT    ? "exception-report"
                       : d->kind == DUE_EXC_RECHECK   ? "exception-recheck"
                       : d->kind == DUE_EXC_EXPIRED   ? "exception-expired"
                       : d->kind == DUE_DISPOSAL_PENDING ? "disposal"
                                                      : "review";
    if (exc) snprintf(it.item, sizeof it.item, "%s:%s", kind, d->ref);
    else snprintf(it.item, sizeof it.item, "%s:%lld", kind, (long long)d->service_id);
    snprintf(it.ref_date, sizeof it.ref_date, "%s", d->date);
    snprintf(it.stage, sizeof it.stage, "%s", stage);
    it.section = left >= 0 ? SEC_SOON : SEC_OVERDUE;
    due_text(d, left, it.line, sizeof it.line);
    kservice sv;
    kstatus s = db_service_get(c->k->db, d->service_id, &sv);
    if (s) {
        c->err = s;
        return 1;
    }
    /* the exceptions are the CISO's and the 統括's to keep (004 §7-4(2)(3)); the rest the service's people's */
    for (size_t i = 0; i < c->nusers && !c->err; i++)
        if (exc ? policy_minds_exceptions(&c->users[i]) : policy_reminded_of_service(&c->users[i], &sv)) tell(c, i, &it);
    return c->err ? 1 : 0;
}

/* The yearly review of the regulation (規定003 §5), a year after the last one recorded: the 統括's and the CISO's, by
   the same stages as a service's date (from 30 days before). */
static void on_regulation(rctx *c)
{
    char due[11];
    kdate d;
    kstatus s = regulation_next_due(c->k, due);
    if (s) {
        c->err = s;
        return;
    }
    if (!*due || !date_parse(due, &d)) return;   /* none recorded yet */
    long left = date_days_between(c->today, d);
    char buf[24];
    const char *stage = remind_stage(left, buf, sizeof buf);
    if (!stage) return;
    ritem it = {0};
    snprintf(it.item, sizeof it.item, "regulation");
    snprintf(it.ref_date, sizeof it.ref_date, "%s", due);
    snprintf(it.stage, sizeof it.stage, "%s", stage);
    it.section = left >= 0 ? SEC_SOON : SEC_OVERDUE;
    const char *what = "規定の見直し（確認事項テンプレート、規定003 §5）: 見直し期限";
    if (left > 0) snprintf(it.line, sizeof it.line, "%s %s まであと%ld日", what, due, left);
    else if (left == 0) snprintf(it.line, sizeof it.line, "%s %s は本日です", what, due);
    else snprintf(it.line, sizeof it.line, "%s %s を%ld日過ぎています", what, due, -left);
    for (size_t i = 0; i < c->nusers && !c->err; i++)
        if (policy_may_review_regulation(&c->users[i], NULL, 0)) tell(c, i, &it);
}

static int on_waiting(const kapp *a, void *p)
{
    rctx *c = p;
    kdate filed;
    if (!date_parse(a->applied_on, &filed)) return 0;
    long waited = date_days_between(filed, c->today);
    ritem it = {0};
    char buf[24];
    snprintf(it.item, sizeof it.item, "decision:%lld", (long long)a->id);
    snprintf(it.ref_date, sizeof it.ref_date, "%s", a->applied_on);
    snprintf(it.stage, sizeof it.stage, "%s", remind_stage(-waited, buf, sizeof buf));
    it.section = SEC_DECISION;
    snprintf(it.line, sizeof it.line, "%s %s（%s、申請日 %s、%ld日経過）", a->app_no, a->v[FF_SERVICE_NAME], a->dept_name,
             a->applied_on, waited);
    krole applicant = ROLE_NONE;
    for (size_t i = 0; i < c->nusers; i++)
        if (c->users[i].id == a->applicant_id) applicant = c->users[i].role;
    for (size_t i = 0; i < c->nusers && !c->err; i++)
        if (policy_reminded_of_decision(&c->users[i], a, applicant)) tell(c, i, &it);
    return c->err ? 1 : 0;
}

/* ---- the mail ---- */

static const char *const SECTION_TITLE[SEC__COUNT] = {"期限を過ぎているもの", "期限が近いもの", "承認を待っている申請"};

static void add(char **s, size_t *len, size_t *cap, const char *t)
{
    size_t n = strlen(t);
    if (!*s && *cap) return;
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap * 2 : 1024;
        while (*len + n + 1 > c) c *= 2;
        char *v = realloc(*s, c);
        if (!v) {
            free(*s);
            *s = NULL;
            *cap = 1;   /* out of memory: stays NULL */
            return;
        }
        *s = v;
        *cap = c;
    }
    memcpy(*s + *len, t, n + 1);
    *len += n;
}

/* The body and subject for one recipient (caller frees the body). */
static char *compose(kumo *k, const kuser *u, const rcpt *r, kdate today, char *subject, size_t sn)
{
    size_t count[SEC__COUNT] = {0};
    for (size_t i = 0; i < r->n; i++) count[r->v[i].section]++;
    if (count[SEC_OVERDUE])
        snprintf(subject, sn, "【kumo】期限を過ぎた項目があります（%zu件）", r->n);
    else if (count[SEC_SOON])
        snprintf(subject, sn, "【kumo】期限の近い項目のお知らせ（%zu件）", r->n);
    else
        snprintf(subject, sn, "【kumo】承認を待っている申請のお知らせ（%zu件）", r->n);
    char *s = NULL, line[1024], day[11];
    size_t len = 0, cap = 0;
    date_format(today, day, sizeof day);
    snprintf(line, sizeof line, "%s 様\n\n%s の kumo から、期限の近いもの・過ぎたもの、承認を待っている申請をお知らせします"
                                "（基準日 %s）。\n",
             u->name, kumo_org(k), day);
    add(&s, &len, &cap, line);
    for (int sec = 0; sec < SEC__COUNT; sec++) {
        if (!count[sec]) continue;
        snprintf(line, sizeof line, "\n■ %s（%zu件）\n", SECTION_TITLE[sec], count[sec]);
        add(&s, &len, &cap, line);
        for (size_t i = 0; i < r->n; i++) {
            if (r->v[i].section != sec) continue;
            snprintf(line, sizeof line, "・%s\n", r->v[i].line);
            add(&s, &len, &cap, line);
        }
    }
    add(&s, &len, &cap,
        "\nkumo を開いて確認・記録してください（ホームに同じ項目が出ています）。\n\n"
        "-- \nこのメールは kumo remind が自動で送っています。同じ項目のお知らせは、期限の30日前・7日前・当日に、\n"
        "過ぎてからは1週間ごとに送ります（承認待ちの申請は、申請の日と、その後1週間ごと）。\n");
    return s;
}

/* After sendmail took the mail: its items are remembered and the mail is an audit record, in one transaction. */
static kstatus remember(kumo *k, const kuser *u, const rcpt *r)
{
    char at[CLOCK_STAMP_SIZE];
    clock_stamp(at);
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    for (size_t i = 0; i < r->n && !s; i++) s = db_reminder_add(k->db, u->id, r->v[i].item, r->v[i].ref_date, r->v[i].stage, at);
    if (!s) {
        kumo_audit(k, "期限通知メール送信", audit_kind_code(AK_USER), u->id, u->login, u->dept_name);
        kumo_audit_change(k, "宛先", "", u->mail);
        char comment[2048] = "";
        size_t len = 0;
        for (size_t i = 0; i < r->n && len + 1 < sizeof comment; i++) {
            int w = snprintf(comment + len, sizeof comment - len, "%s%s（%s, %s）", i ? "\n" : "", r->v[i].item,
                             r->v[i].ref_date, r->v[i].stage);
            if (w < 0) break;
            len += (size_t)w;
        }
        text_trim_partial(comment);
        kumo_audit_comment(k, comment);
    }
    return kumo_tx_end(k, s);
}

static void note_no_address(kremind_report *r, const char *login)
{
    size_t len = strlen(r->no_address_logins);
    if (len + strlen(login) + 3 < sizeof r->no_address_logins)
        snprintf(r->no_address_logins + len, sizeof r->no_address_logins - len, "%s%s", len ? ", " : "", login);
    r->no_address++;
}

kstatus remind_run(kumo *k, bool dry_run, kremind_fn cb, void *ctx, kremind_report *r)
{
    kumo_step(k);
    memset(r, 0, sizeof *r);
    char why[256];
    if (!policy_may_send_reminders(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    char from[256] = "", sendmail[1024] = "";
    db_setting_get(k->db, "mail_from", from, sizeof from);
    if (db_setting_get(k->db, "sendmail", sendmail, sizeof sendmail) != KS_OK || !*sendmail)
        snprintf(sendmail, sizeof sendmail, "%s", MAIL_DEFAULT_SENDMAIL);
    if (!mail_address_valid(from))
        return kumo_fail(k, KS_INVALID, "送信元のメールアドレスが設定されていません。kumo setting set mail_from "
                                        "kumo@example.jp のように設定してください");
    if (!dry_run && mail_sendmail_problem(sendmail, why, sizeof why)) return kumo_fail(k, KS_INVALID, "%s", why);

    rctx c = {.k = k, .today = date_today()};
    kstatus s = db_user_list(k->db, ROLE_NONE, 0, &c.users, &c.nusers);
    if (s) return kumo_fail(k, s, NULL);
    c.to = calloc(c.nusers ? c.nusers : 1, sizeof *c.to);
    if (!c.to) {
        kuser_free(&c.users);
        return KS_NOMEM;
    }
    char today[11], until[11];
    date_format(c.today, today, sizeof today);
    date_format(date_add_days(c.today, 30), until, sizeof until);
    kdue_query q = {.today = today, .until = until, .governance = true};
    s = db_due_each(k->db, &q, on_due, &c);
    if (!s && !c.err) on_regulation(&c);
    if (!s && !c.err) {
        kapp_filter f = {.state = "submitted"};
        s = db_app_each(k->db, &f, on_waiting, &c);
    }
    if (!s) s = c.err;
    if (s) kumo_fail(k, s, NULL);
    kstatus first_fail = KS_OK;
    char fail_msg[1024] = "";
    for (size_t i = 0; i < c.nusers && !s; i++) {
        const kuser *u = &c.users[i];
        rcpt *rc = &c.to[i];
        if (!rc->n) continue;
        if (!*u->mail) {
            note_no_address(r, u->login);
            continue;
        }
        char subject[256];
        char *body = compose(k, u, rc, c.today, subject, sizeof subject);
        char *msg = body ? mail_message(from, u->name, u->mail, subject, body, clock_now()) : NULL;
        if (!msg) {
            free(body);
            s = kumo_fail(k, KS_NOMEM, NULL);
            break;
        }
        kremind_mail m = {u->login, u->name, u->mail, subject, body, msg, rc->n};
        if (cb) cb(ctx, &m);
        kstatus sent = dry_run ? KS_OK : mail_send(k, sendmail, u->mail, msg);
        if (!sent && !dry_run) sent = remember(k, u, rc);
        if (sent) {
            /* tried the others; the first failure is what the run reports */
            if (!first_fail) {
                first_fail = sent;
                snprintf(fail_msg, sizeof fail_msg, "%s", kumo_last_error(k));
            }
        } else {
            r->mails++;
            r->items += rc->n;
        }
        free(body);
        free(msg);
    }
    for (size_t i = 0; i < c.nusers; i++) free(c.to[i].v);
    free(c.to);
    kuser_free(&c.users);
    if (s) return s;
    if (first_fail) return kumo_fail(k, first_fail, "%s", fail_msg);
    return KS_OK;
}

/* ---- the settings ---- */

static kstatus set_setting(kumo *k, const char *key, const char *label, const char *value)
{
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    char was[1024] = "";
    db_setting_get(k->db, key, was, sizeof was);
    s = db_setting_set(k->db, key, value);
    if (!s) {
        kumo_audit(k, "設定変更", audit_kind_code(AK_SETTINGS), 0, key, "");
        kumo_audit_touch(k, AK_SETTINGS, 0);
        kumo_audit_change(k, label, was, value);
    }
    return kumo_tx_end(k, s);
}

kstatus remind_set_from(kumo *k, const char *from)
{
    kumo_step(k);
    char why[256];
    if (!policy_may_administer(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    if (!from) from = "";
    if (*from && !mail_address_valid(from))
        return kumo_fail(k, KS_INVALID, "「送信元メールアドレス」は kumo@example.jp の形（英数字、254文字以内）で入力してください");
    return set_setting(k, "mail_from", "送信元メールアドレス", from);
}

kstatus remind_set_sendmail(kumo *k, const char *path)
{
    kumo_step(k);
    char why[512];
    if (!policy_may_administer(&k->me, why, sizeof why)) return kumo_fail(k, KS_DENIED, "%s", why);
    if (!path || !*path) path = MAIL_DEFAULT_SENDMAIL;
    if (mail_sendmail_problem(path, why, sizeof why)) return kumo_fail(k, KS_INVALID, "%s", why);
    return set_setting(k, "sendmail", "sendmail", path);
}

void remind_settings(kumo *k, char *from, size_t fn, char *sendmail, size_t sn)
{
    if (db_setting_get(k->db, "mail_from", from, fn) != KS_OK) snprintf(from, fn, "%s", "");
    if (db_setting_get(k->db, "sendmail", sendmail, sn) != KS_OK || !*sendmail)
        snprintf(sendmail, sn, "%s", MAIL_DEFAULT_SENDMAIL);
}
