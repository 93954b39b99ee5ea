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
    char ref_date[11];      /* YYYY-MM-DD: the earlier, the more urgent (the longer overdue, the sooner, the longer
                               waiting) */
    char stage[24];
    int section;
    size_t seq;             /* the order read: ties of ref_date keep it */
    char told[CLOCK_STAMP_SIZE];   /* when it last went to the recipient (at an earlier stage), "" never */
    char line[768];
} ritem;

/* What one recipient is to be told in one section: how many items in all, and the REMIND_LIST_MAX most urgent of
   them, kept as a heap whose top is the least urgent kept (the one a more urgent item replaces), so that memory is
   bounded by the recipients and the cap, not by the number of due items. */
typedef struct rsec {
    size_t total;
    ritem *v;               /* the items kept (up to REMIND_LIST_MAX) */
    unsigned short *heap;   /* indices into v */
    size_t n, cap;
} rsec;

typedef struct rcpt {
    rsec sec[SEC__COUNT];
} rcpt;

typedef struct rctx rctx;
/* Writes it->line: called only for an item that some mail is to list. */
typedef void (*rfill)(const rctx *c, ritem *it);

struct rctx {
    kumo *k;
    kuser *users;
    size_t nusers;
    rcpt *to;               /* one per user */
    kdate today;
    size_t seq;
    rfill fill;             /* the line of the item being told, and what it is made of */
    const void *src;
    long days;
    kstatus err;
};

/* a before b in a mail: the earlier date (the longer overdue, the sooner due, the longer waiting), then the one read
   first */
static int earlier(const ritem *a, const ritem *b)
{
    int d = strcmp(a->ref_date, b->ref_date);
    return d ? d < 0 : a->seq < b->seq;
}

/* a is listed rather than b when a section has more than a mail lists: the soonest of those coming due; of the
   overdue items and the decisions, which come again each week, the one not mailed for longest (never first), then
   the earlier — else the oldest hundred would be listed every week and the rest never named */
static int more_urgent(const ritem *a, const ritem *b)
{
    if (a->section != SEC_SOON) {
        int t = strcmp(a->told, b->told);
        if (t) return t < 0;
    }
    return earlier(a, b);
}

static void sift_down(rsec *r, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < r->n && more_urgent(&r->v[r->heap[m]], &r->v[r->heap[l]])) m = l;
        if (l + 1 < r->n && more_urgent(&r->v[r->heap[m]], &r->v[r->heap[l + 1]])) m = l + 1;
        if (m == i) return;
        unsigned short t = r->heap[i];
        r->heap[i] = r->heap[m];
        r->heap[m] = t;
        i = m;
    }
}

/* Counts the item for r and keeps it if it is among the REMIND_LIST_MAX most urgent so far. */
static kstatus keep(rctx *c, rsec *r, ritem *it)
{
    r->total++;
    if (r->n == REMIND_LIST_MAX && !more_urgent(it, &r->v[r->heap[0]])) return KS_OK;
    if (!it->line[0] && c->fill) c->fill(c, it);
    if (r->n == REMIND_LIST_MAX) {   /* the least urgent kept gives way */
        r->v[r->heap[0]] = *it;
        sift_down(r, 0);
        return KS_OK;
    }
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        if (cap > REMIND_LIST_MAX) cap = REMIND_LIST_MAX;
        ritem *v = realloc(r->v, cap * sizeof *v);
        if (!v) return KS_NOMEM;
        r->v = v;
        unsigned short *h = realloc(r->heap, cap * sizeof *h);
        if (!h) return KS_NOMEM;
        r->heap = h;
        r->cap = cap;
    }
    size_t i = r->n++;
    r->v[i] = *it;
    r->heap[i] = (unsigned short)i;
    while (i && more_urgent(&r->v[r->heap[(i - 1) / 2]], &r->v[r->heap[i]])) {   /* up while less urgent than below */
        size_t p = (i - 1) / 2;
        unsigned short t = r->heap[i];
        r->heap[i] = r->heap[p];
        r->heap[p] = t;
        i = p;
    }
    return KS_OK;
}

/* Tells user i of the item unless its stage went to them already. */
static void tell(rctx *c, size_t i, ritem *it)
{
    bool sent = false;
    kstatus s = db_reminder_sent(c->k->db, c->users[i].id, it->item, it->ref_date, it->stage, &sent, it->told,
                                 sizeof it->told);
    if (!s && !sent) s = keep(c, &c->to[i].sec[it->section], it);
    if (s) c->err = s;
}

static void rsec_free(rsec *r)
{
    free(r->v);
    free(r->heap);
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

static void fill_due(const rctx *c, ritem *it) { due_text(c->src, c->days, it->line, sizeof it->line); }

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
    it.seq = c->seq++;
    c->fill = fill_due;   /* the line only once a mail is to list the item */
    c->src = d;
    c->days = left;
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
    it.seq = c->seq++;
    c->fill = NULL;
    const char *what = "規定の見直し（確認事項テンプレート、規定003 §5）: 見直し期限";
    if (left > 0) snprintf(it.line, sizeof it.line, "%s %s まであと%ld日", what, due, left);
    else if (left == 0) snprintf(it.line, sizeof it.line, "%s %s は本日です", what, due);
    else snprintf(it.line, sizeof it.line, "%s %s を%ld日過ぎています", what, due, -left);
    for (size_t i = 0; i < c->nusers && !c->err; i++)
        if (policy_may_review_regulation(&c->users[i], NULL, 0)) tell(c, i, &it);
}

static void fill_waiting(const rctx *c, ritem *it)
{
    const kapp *a = c->src;
    snprintf(it->line, sizeof it->line, "%s %s（%s、申請日 %s、%ld日経過）", a->app_no, a->v[FF_SERVICE_NAME], a->dept_name,
             a->applied_on, c->days);
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
    it.seq = c->seq++;
    c->fill = fill_waiting;
    c->src = a;
    c->days = waited;
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

/* n with a comma every three digits (99,900). */
static void grouped(size_t n, char *out, size_t on)
{
    char d[32];
    int len = snprintf(d, sizeof d, "%zu", n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < on; i++) {
        if (i && (len - i) % 3 == 0) out[o++] = ',';
        out[o++] = d[i];
    }
    out[o] = 0;
}

static int cmp_earlier(const void *a, const void *b)
{
    const ritem *x = a, *y = b;
    return earlier(x, y) ? -1 : earlier(y, x) ? 1 : 0;
}

/* Puts the kept items of each section in the order the mail lists them: by date, the most urgent first. */
static void order(rcpt *r)
{
    for (int sec = 0; sec < SEC__COUNT; sec++) {
        rsec *q = &r->sec[sec];
        if (q->n) qsort(q->v, q->n, sizeof *q->v, cmp_earlier);
    }
}

static size_t rcpt_total(const rcpt *r)
{
    size_t n = 0;
    for (int sec = 0; sec < SEC__COUNT; sec++) n += r->sec[sec].total;
    return n;
}

static size_t rcpt_listed(const rcpt *r)
{
    size_t n = 0;
    for (int sec = 0; sec < SEC__COUNT; sec++) n += r->sec[sec].n;
    return n;
}

/* Where a user sees the items a mail did not list. */
static const char *const SECTION_WHERE[SEC__COUNT] = {"kumo のホーム、または kumo due", "kumo のホーム、または kumo due",
                                                       "kumo のホーム、または kumo app list --state 申請中"};

/* The body and subject for one recipient (caller frees the body): each section lists its items in order (order()), at
   most REMIND_LIST_MAX, and counts the rest; the subject counts them all. */
static char *compose(kumo *k, const kuser *u, const rcpt *r, kdate today, char *subject, size_t sn)
{
    size_t total = rcpt_total(r);
    if (r->sec[SEC_OVERDUE].total)
        snprintf(subject, sn, "【kumo】期限を過ぎた項目があります（%zu件）", total);
    else if (r->sec[SEC_SOON].total)
        snprintf(subject, sn, "【kumo】期限の近い項目のお知らせ（%zu件）", total);
    else
        snprintf(subject, sn, "【kumo】承認を待っている申請のお知らせ（%zu件）", total);
    char *s = NULL, line[1024], day[11], num[32];
    size_t len = 0, cap = 0;
    date_format(today, day, sizeof day);
    snprintf(line, sizeof line, "%s 様\n\n%s の kumo から、期限の近いもの・過ぎたもの、承認を待っている申請をお知らせします"
                                "（基準日 %s）。\n",
             u->name, kumo_org(k), day);
    add(&s, &len, &cap, line);
    for (int sec = 0; sec < SEC__COUNT; sec++) {
        const rsec *q = &r->sec[sec];
        if (!q->total) continue;
        snprintf(line, sizeof line, "\n■ %s（%zu件）\n", SECTION_TITLE[sec], q->total);
        add(&s, &len, &cap, line);
        for (size_t i = 0; i < q->n; i++) {
            snprintf(line, sizeof line, "・%s\n", q->v[i].line);
            add(&s, &len, &cap, line);
        }
        if (q->total > q->n) {
            grouped(q->total - q->n, num, sizeof num);
            snprintf(line, sizeof line, "・ほか %s件（%s で確認できます）\n", num, SECTION_WHERE[sec]);
            add(&s, &len, &cap, line);
        }
    }
    add(&s, &len, &cap,
        "\nkumo を開いて確認・記録してください（ホームに同じ項目が出ています）。\n\n"
        "-- \nこのメールは kumo remind が自動で送っています。同じ項目のお知らせは、期限の30日前・7日前・当日に、\n"
        "過ぎてからは1週間ごとに送ります（承認待ちの申請は、申請の日と、その後1週間ごと）。\n");
    if (total > rcpt_listed(r)) {
        snprintf(line, sizeof line, "1通に載せるのは区分ごとに%d件までです（期限が近いものは期限の早いものから、過ぎたもの・承認待ちは\n"
                 "まだお知らせしていないものから）。載せなかったものは次回以降のお知らせに載ります。\n",
                 REMIND_LIST_MAX);
        add(&s, &len, &cap, line);
    }
    return s;
}

/* After sendmail took the mail: the items it listed (only those: the rest go in a later mail) are remembered and the
   mail is an audit record naming them, in one transaction. */
static kstatus remember(kumo *k, const kuser *u, const rcpt *r)
{
    char at[CLOCK_STAMP_SIZE];
    clock_stamp(at);
    kstatus s = kumo_tx_begin(k);
    if (s) return s;
    char *comment = NULL, line[160];
    size_t len = 0, cap = 0;
    for (int sec = 0; sec < SEC__COUNT && !s; sec++) {
        const rsec *q = &r->sec[sec];
        for (size_t i = 0; i < q->n && !s; i++) {
            s = db_reminder_add(k->db, u->id, q->v[i].item, q->v[i].ref_date, q->v[i].stage, at);
            snprintf(line, sizeof line, "%s%s（%s, %s）", len ? "\n" : "", q->v[i].item, q->v[i].ref_date, q->v[i].stage);
            add(&comment, &len, &cap, line);
        }
    }
    if (!s && !comment) s = KS_NOMEM;
    if (!s) {
        kumo_audit(k, "期限通知メール送信", audit_kind_code(AK_USER), u->id, u->login, u->dept_name);
        kumo_audit_change(k, "宛先", "", u->mail);
        kumo_audit_comment(k, comment);
    }
    free(comment);
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
        size_t total = rcpt_total(rc), listed = rcpt_listed(rc);
        if (!total) continue;
        if (!*u->mail) {
            note_no_address(r, u->login);
            continue;
        }
        char subject[256];
        order(rc);
        char *body = compose(k, u, rc, c.today, subject, sizeof subject);
        char *msg = body ? mail_message(from, u->name, u->mail, subject, body, clock_now()) : NULL;
        if (!msg) {
            free(body);
            s = kumo_fail(k, KS_NOMEM, NULL);
            break;
        }
        kremind_mail m = {u->login, u->name, u->mail, subject, body, msg, total, listed};
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
            r->items += total;
            r->listed += listed;
        }
        free(body);
        free(msg);
    }
    for (size_t i = 0; i < c.nusers; i++)
        for (int sec = 0; sec < SEC__COUNT; sec++) rsec_free(&c.to[i].sec[sec]);
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
