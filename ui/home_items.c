#include "ui/home_items.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/extensions.h"
#include "ui/home_setup.h"
#include "ui/import_register.h"
#include "ui/screen_app.h"
#include "ui/screen_depts.h"
#include "ui/screen_users.h"

#define HOME_MAX 8

static home_item *grow(home_item **v, size_t *n, size_t *cap)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 32;
        home_item *g = realloc(*v, c * sizeof *g);
        if (!g) return NULL;
        *v = g;
        *cap = c;
    }
    home_item *it = &(*v)[(*n)++];
    memset(it, 0, sizeof *it);
    return it;
}

static home_item *add(home_items *h) { return grow(&h->v, &h->n, &h->cap); }
static home_item *add_wait(home_items *h) { return grow(&h->w, &h->wn, &h->wcap); }

void home_items_free(home_items *h)
{
    free(h->v);
    free(h->w);
    memset(h, 0, sizeof *h);
}

static who_ctx who;
const who_ctx *home_who(void) { return &who; }

void home_items_add_header(home_items *h, const char *title, long count)
{
    home_item *it = add(h);
    if (!it) return;
    it->kind = HI_HEADER;
    if (count >= 0) snprintf(it->col[0], sizeof it->col[0], "【%s】 %ld件", title, count);
    else snprintf(it->col[0], sizeof it->col[0], "【%s】", title);
}

void home_items_add_note(home_items *h, const char *text)
{
    home_item *it = add(h);
    if (!it) return;
    it->kind = HI_NOTE;
    snprintf(it->col[0], sizeof it->col[0], "%s", text);
}

void home_items_add_app(home_items *h, const kapp_row *r, const char *date)
{
    home_item *it = add(h);
    if (!it) return;
    it->kind = HI_APP;
    it->id = r->id;
    snprintf(it->col[0], sizeof it->col[0], "%s", *r->app_no ? r->app_no : "（未採番）");
    snprintf(it->col[1], sizeof it->col[1], "%s", state_label(r->state));
    snprintf(it->col[2], sizeof it->col[2], "%s", *r->service_name ? r->service_name : "（名称未入力）");
    snprintf(it->col[3], sizeof it->col[3], "%s", r->dept);
    snprintf(it->col[4], sizeof it->col[4], "%s", date ? date : r->applied_on);
    if (!strcmp(r->state, "returned")) it->attr = ui_attr_flag();
}

void home_items_add_service(home_items *h, const kservice *s, const char *status, const char *date, int attr)
{
    home_items_add_service_row(h, s, status, date, attr, SVC_ROW_NONE, 0);
}

void home_items_add_service_row(home_items *h, const kservice *s, const char *status, const char *date, int attr,
                                service_row kind, int64_t row_id)
{
    home_item *it = add(h);
    if (!it) return;
    it->kind = HI_SERVICE;
    it->row_kind = kind;
    it->row_id = row_id;
    it->id = s->id;
    it->app_id = s->app_id;
    snprintf(it->col[0], sizeof it->col[0], "%s", s->approval_no);
    snprintf(it->col[1], sizeof it->col[1], "%s", status);
    snprintf(it->col[2], sizeof it->col[2], "%s", s->name);
    snprintf(it->col[3], sizeof it->col[3], "%s", s->dept);
    snprintf(it->col[4], sizeof it->col[4], "%s", date);
    it->attr = attr;
}

void home_items_wait_app(home_items *h, const kapp_row *r, const char *state, const char *who_short,
                         const char *sentence)
{
    home_item *it = add_wait(h);
    if (!it) return;
    it->kind = HI_APP;
    it->id = r->id;
    snprintf(it->col[0], sizeof it->col[0], "%s", *r->app_no ? r->app_no : "（未採番）");
    snprintf(it->col[1], sizeof it->col[1], "%s", state);
    snprintf(it->col[2], sizeof it->col[2], "%s", *r->service_name ? r->service_name : "（名称未入力）");
    snprintf(it->col[3], sizeof it->col[3], "%s", *who_short ? who_short : "（対応できる人がいません）");
    snprintf(it->wait, sizeof it->wait, "%s", sentence);
    it->attr = *who_short ? 0 : ui_attr_warn();
}

void home_items_wait_service(home_items *h, const kservice *s, const char *state, service_row kind, int64_t row_id,
                             const char *who_short, const char *sentence)
{
    home_item *it = add_wait(h);
    if (!it) return;
    it->kind = HI_SERVICE;
    it->id = s->id;
    it->row_kind = kind;
    it->row_id = row_id;
    snprintf(it->col[0], sizeof it->col[0], "%s", s->approval_no);
    snprintf(it->col[1], sizeof it->col[1], "%s", state);
    snprintf(it->col[2], sizeof it->col[2], "%s", s->name);
    snprintf(it->col[3], sizeof it->col[3], "%s", *who_short ? who_short : "（対応できる人がいません）");
    snprintf(it->wait, sizeof it->wait, "%s", sentence);
    it->attr = *who_short ? 0 : ui_attr_warn();
}

const char *home_items_waiting(const home_items *h, int i)
{
    return i >= 0 && (size_t)i < h->n && *h->v[i].wait ? h->v[i].wait : NULL;
}

static bool selectable(const home_item *it) { return it->kind == HI_APP || it->kind == HI_SERVICE || it->kind == HI_SETUP; }

void home_items_add_setup(home_items *h, int item, const char *title, bool done, const char *state)
{
    home_item *it = add(h);
    if (!it) return;
    it->kind = HI_SETUP;
    it->id = item;
    snprintf(it->col[0], sizeof it->col[0], "%d. %s", item, title);
    snprintf(it->col[1], sizeof it->col[1], "%s", done ? "済" : item == SETUP_IMPORT ? "任意" : "未");
    snprintf(it->col[2], sizeof it->col[2], "%s", state);
    it->attr = done ? ui_attr_ok() : item == SETUP_IMPORT ? 0 : ui_attr_flag();
}

bool home_items_selectable(void *h, int i) { return selectable(&((home_items *)h)->v[i]); }

void home_items_draw_row(void *hp, int i, int y, bool selected)
{
    const home_items *h = hp;
    const home_item *it = &h->v[i];
    int w = UI.cols - 1;
    int wdept = w >= 100 ? 18 : 14;   /* 教育委員会事務局 whole once there is room */
    int wname = w - 2 - 11 - 13 - (wdept + 1) - 11;
    if (it->kind == HI_HEADER) {
        ui_put(y, 0, w, it->col[0], ui_attr_header());
        return;
    }
    if (it->kind == HI_NOTE) {
        ui_put(y, 2, w - 2, it->col[0], ui_attr_dim());
        return;
    }
    int attr = selected ? ui_attr_selected() : it->attr;
    ui_put(y, 0, w, "", attr);
    int x = 2;
    if (it->kind == HI_SETUP) {
        /* 1. 部局の登録 | 済 | 6部局（Enter で開く） */
        ui_put(y, x, 22, it->col[0], attr);
        x += 23;
        ui_put(y, x, 4, it->col[1], attr);
        x += 5;
        ui_put(y, x, w - x, it->col[2], selected ? attr : 0);
        return;
    }
    if (*it->wait) {
        /* waiting for someone else: whom, in the columns of 部局 and 日付 (the name column as wide as above) */
        int wn = wname, wwho = w - (2 + 11 + 13 + wn + 1);
        ui_put(y, x, 10, it->col[0], attr);
        x += 11;
        ui_put(y, x, 12, it->col[1], attr);
        x += 13;
        ui_put(y, x, wn, it->col[2], attr);
        x += wn + 1;
        ui_put(y, x, wwho, it->col[3], attr);
        return;
    }
    ui_put(y, x, 10, it->col[0], attr);
    x += 11;
    ui_put(y, x, 12, it->col[1], attr);
    x += 13;
    ui_put(y, x, wname, it->col[2], attr);
    x += wname + 1;
    ui_put(y, x, wdept, it->col[3], attr);
    x += wdept + 1;
    ui_put(y, x, 10, it->col[4], attr);
}

void home_items_open(home_items *h, int i)
{
    if (i < 0 || i >= (int)h->n) return;
    const home_item *it = &h->v[i];
    if (it->kind == HI_SETUP) {
        switch (it->id) {
        case SETUP_DEPTS: ui_open(&SCREEN_DEPTS, NULL); break;
        case SETUP_USERS: ui_open(&SCREEN_USERS, NULL); break;
        case SETUP_INTERVAL: ui_set_review_interval(); break;
        case SETUP_IMPORT: ui_import_register(); break;
        }
        return;
    }
    bool opened = it->kind == HI_APP       ? ui_open_id(&SCREEN_APP, it->id)
                  : it->kind == HI_SERVICE ? ui_open_service_row(it->id, it->row_kind, it->row_id)
                                           : false;
    /* what it waits for, and whom, stays in view on the screen it opened */
    if (opened && *it->wait) ui_info("%s", it->wait);
}

/* ---- the core sections ---- */

static void section_apps(home_items *h, const char *title, const kapp_filter *f)
{
    /* the rows shown and one more: ホーム reads what it shows, never a count of a large table */
    kapp_row rows[HOME_MAX + 1];
    int n = 0;
    if (q_apps_page(UI.k, f, 0, 0, HOME_MAX + 1, rows, &n) || n == 0) return;
    home_items_add_header(h, title, n > HOME_MAX ? -1 : n);
    for (int i = 0; i < n && i < HOME_MAX; i++) home_items_add_app(h, &rows[i], NULL);
    if (n > HOME_MAX) home_items_add_note(h, "…ほか（l 申請一覧 で全件を表示）");
}

/* The user's own applications in 申請中: they wait for the 審査 of the people the policy names. */
static void section_submitted(home_items *h, const kapp_filter *f)
{
    kapp_row rows[HOME_MAX + 1];
    int n = 0;
    if (q_apps_page(UI.k, f, 0, 0, HOME_MAX + 1, rows, &n) || n == 0) return;
    for (int i = 0; i < n && i < HOME_MAX; i++) {
        kapp a;
        who_list wl = {0};
        if (q_app(UI.k, rows[i].id, &a) == KS_OK) {
            who_may_decide(UI.k, &who, &a, &wl);
            kapp_clear(&a);
        }
        char names[256], full[512], sentence[640];
        who_text(&wl, false, names, sizeof names);
        who_text(&wl, true, full, sizeof full);
        if (*full)
            snprintf(sentence, sizeof sentence, "%s %sは、%sの審査を待っています", rows[i].app_no, rows[i].service_name,
                     full);
        else
            snprintf(sentence, sizeof sentence,
                     "%s を審査できる利用者が登録されていません。システム管理者に審査者の登録を依頼してください",
                     rows[i].app_no);
        home_items_wait_app(h, &rows[i], "審査待ち", names, sentence);
    }
}

static void section_waiting(home_items *h)
{
    kapp_row rows[HOME_MAX + 1];
    int n = 0;
    if (q_waiting_for_me(UI.k, rows, HOME_MAX + 1, &n) || n == 0) return;
    home_items_add_header(h, "審査待ち（あなたの審査・承認）", n > HOME_MAX ? -1 : n);
    for (int i = 0; i < n && i < HOME_MAX; i++) home_items_add_app(h, &rows[i], NULL);
    if (n > HOME_MAX) home_items_add_note(h, "…ほか（l 申請一覧 で「申請中」を表示）");
}

static void section_managed(home_items *h)
{
    /* services this user manages whose 次回利用状況確認期限 is within 30 days or past */
    kdate today = date_today();
    char limit[11], t[11];
    date_format(date_add_days(today, 31), limit, sizeof limit);
    date_format(today, t, sizeof t);
    kservice_filter f = {.manager_id = kumo_me(UI.k)->id, .due_before = limit};
    kservice rows[HOME_MAX + 1];
    int n = 0;
    if (q_services_page(UI.k, &f, NULL, NULL, HOME_MAX + 1, rows, &n) || n == 0) return;
    home_items_add_header(h, "利用状況確認の期限（30日以内・超過）", n > HOME_MAX ? -1 : n);
    for (int i = 0; i < n && i < HOME_MAX; i++) {
        bool over = strcmp(rows[i].next_review_due, t) < 0;
        home_items_add_service(h, &rows[i], over ? "期限超過" : "期限間近", rows[i].next_review_due,
                               over ? ui_attr_warn() : ui_attr_flag());
    }
}


/* The items waiting for others, last, under their own heading. */
static void section_others(home_items *h)
{
    if (!h->wn) return;
    home_items_add_header(h, "他の方の対応待ち（あなたの操作は不要です）", (long)h->wn);
    for (size_t i = 0; i < h->wn; i++) {
        home_item *it = add(h);
        if (it) *it = h->w[i];
    }
    free(h->w);
    h->w = NULL;
    h->wn = h->wcap = 0;
}

void home_items_build(home_items *h)
{
    kumo *k = UI.k;
    who_end(&who);
    who_begin(k, &who);
    home_section_setup(h);
    section_waiting(h);
    if (!policy_is_read_only(kumo_me(k))) {
        kapp_filter returned = {.state = "returned", .applicant_id = kumo_me(k)->id};
        section_apps(h, "差戻し（修正して再提出）", &returned);
        kapp_filter drafts = {.state = "draft", .applicant_id = kumo_me(k)->id};
        section_apps(h, "下書き", &drafts);
        kapp_filter mine = {.state = "submitted", .applicant_id = kumo_me(k)->id};
        section_submitted(h, &mine);
    }
    if (HOME_EXTRA_SECTIONS[0])
        for (const home_section_fn *f = HOME_EXTRA_SECTIONS; *f; f++) (*f)(h);
    else
        section_managed(h);
    if (h->n == 0) {
        home_items_add_header(h, "お知らせ", -1);
        home_items_add_note(h, "あなたの対応が必要な項目はありません。");
        if (kumo_can(k, ACT_CREATE, NULL)) home_items_add_note(h, "n で新しい利用申請書を作成できます。");
        home_items_add_note(h, "l で申請一覧、r で承認済みクラウドサービス台帳を表示します。");
    }
    section_others(h);
    who_end(&who);
}
