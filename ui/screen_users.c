/* 利用者と部局の管理 (システム管理者): the users with their roles, paged by keyset in 氏名 order with a search (a city's
   staff is never loaded at once), adding and changing users (a login connected to an imported manager), turning a
   user off after seeing what they leave, the 部局 (their own screen), the 利用状況確認 interval and the time zone.
   The rules are app/admin.c's. */
#include "ui/screen_users.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/fieldform.h"
#include "ui/screen_depts.h"
#include "ui/searchbox.h"
#include "ui/ui.h"
#include "ui/userpick.h"

#define USERS_MAX 200

typedef struct users {
    kuser v[USERS_MAX];
    ui_list list;
    ui_search search;
    int64_t count;
} users;

/* The roles a user may be given, as the choice list shows them: every role of forms/role.c's table. */
#define NROLES (ROLE__COUNT - 1)

static void role_choices(const char *labels[NROLES + 1])
{
    for (int i = 0; i < NROLES; i++) labels[i] = role_label((krole)(ROLE_NONE + 1 + i));
    labels[NROLES] = NULL;
}

static int page_rows(void) { return ui_bottom() - (ui_top() + 2) + 1; }

static kuser_key key_of(const kuser *x)
{
    kuser_key k = {.id = x->id};
    snprintf(k.name, sizeof k.name, "%s", x->name);
    return k;
}

static kuser_query query_of(const users *u)
{
    /* inactive users too: an administrator turns them back on here */
    return (kuser_query){.search = u->search.text, .inactive_too = true};
}

/* The page after `after` (NULL: the first) or before `before` (id 0: the last); false when there is none there. */
static bool load(users *u, const kuser_key *after, const kuser_key *before)
{
    kuser_query q = query_of(u);
    int want = page_rows();
    if (want > USERS_MAX - 1) want = USERS_MAX - 1;
    if (want < 1) want = 1;
    static kuser tmp[USERS_MAX];
    int n = 0;
    if (q_user_page(UI.k, &q, after, before, want + 1, tmp, &n)) {
        ui_fail(KS_ERROR);
        return false;
    }
    if ((after || before) && n == 0) return false;
    if (before) {
        int skip = n > want ? n - want : 0;
        u->list.n = n - skip;
        memcpy(u->v, tmp + skip, (size_t)u->list.n * sizeof *tmp);
        u->list.more_above = n > want;
        u->list.more_below = before->id != 0;
    } else {
        u->list.n = n > want ? want : n;
        memcpy(u->v, tmp, (size_t)u->list.n * sizeof *tmp);
        u->list.more_below = n > want;
        /* rows above only when there is one before this page's first (a page read again from its own start has none) */
        kuser_key first = key_of(&u->v[0]);
        int above = 0;
        u->list.more_above = after && u->list.n > 0 && q_user_page(UI.k, &q, NULL, &first, 1, tmp, &above) == KS_OK &&
                             above > 0;
    }
    return true;
}

static bool fetch(void *ctx, ui_page page)
{
    users *u = ctx;
    int n = u->list.n;
    kuser_key k, last = {.id = 0};
    switch (page) {
    case UI_PAGE_FIRST: return load(u, NULL, NULL);
    case UI_PAGE_NEXT: return n > 0 && (k = key_of(&u->v[n - 1]), load(u, &k, NULL));
    case UI_PAGE_PREV: return n > 0 && (k = key_of(&u->v[0]), load(u, NULL, &k));
    case UI_PAGE_LAST: return load(u, NULL, &last);
    }
    return false;
}

static void reload(users *u)
{
    load(u, NULL, NULL);
    ui_list_reset(&u->list);
    kuser_query q = query_of(u);
    if (q_user_count(UI.k, &q, &u->count)) u->count = -1;
}

/* After a step: the same page again (from just before its first row), the selection kept. */
static void reload_page(users *u)
{
    if (u->list.n > 0) {
        kuser_key k = key_of(&u->v[0]);
        k.id--;
        if (load(u, &k, NULL)) {
            ui_list_clamp(&u->list);
            return;
        }
    }
    reload(u);
}

static void search_changed(screen *s) { reload(s->st); }

/* A user made by the register import for a name it could not match: connected to a login by changing theirs. */
static bool imported(const kuser *x) { return !strncmp(x->login, "imported-", 9); }

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const users *u = ctx;
    const kuser *x = &u->v[i];
    int attr = selected ? ui_attr_selected() : !x->active ? ui_attr_dim() : imported(x) ? ui_attr_flag() : 0;
    int wd = UI.cols - 1 - 73 + 16;
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, 1, 12, x->name, attr);
    ui_put(y, 14, 14, x->login, attr);
    /* the 正式名 when it fits, else the short name (最高情報セキュリティ責任者（CISO） → CISO) */
    ui_put(y, 29, 26, text_width(role_label(x->role)) > 26 ? role_short(x->role) : role_label(x->role), attr);
    ui_put(y, 56, wd - 6, *x->dept_name ? x->dept_name : "－", attr);
    ui_put(y, 56 + wd - 5, 4, x->active ? "有効" : "無効", attr);
}

static void draw(screen *s)
{
    users *u = s->st;
    char right[160];
    if (u->count >= 0)
        snprintf(right, sizeof right, "%lld人 | 確認間隔 %dか月 | %s", (long long)u->count, kumo_review_interval(UI.k),
                 kumo_timezone(UI.k));
    else snprintf(right, sizeof right, "確認間隔 %dか月 | %s", kumo_review_interval(UI.k), kumo_timezone(UI.k));
    ui_title(s->title, right);
    int y = ui_top(), ha = ui_attr_header();
    ui_puts(y, 1, "検索:", 0);
    ui_search_draw(&u->search, y, 7, UI.cols - 8, "/ で氏名・ログイン名・部局名の先頭を検索");
    y++;
    int wd = UI.cols - 1 - 73 + 16;
    ui_put(y, 1, 12, "氏名", ha);
    ui_put(y, 14, 14, "ログイン名", ha);
    ui_put(y, 29, 26, "役割", ha);
    ui_put(y, 56, wd - 6, "部局", ha);
    ui_put(y, 56 + wd - 5, 4, "状態", ha);
    y++;
    int sel = ui_list_sel(&u->list);
    if (sel >= 0 && imported(&u->v[sel]) && !*UI.msg)
        snprintf(UI.msg, sizeof UI.msg, "%s は台帳の取込で作成した利用者です。Enter でログイン名を本人のものに変えると、"
                 "指名と履歴はそのままつながります", u->v[sel].name);
    if (u->list.n == 0) ui_puts(y, 2, *u->search.text ? "該当する利用者はいません" : "利用者はいません", ui_attr_dim());
    ui_list_draw(&u->list, y, ui_bottom() - y + 1);
}

enum { UF_LOGIN, UF_NAME, UF_ROLE, UF_DEPT, UF_SECTION, UF_MAIL, UF__COUNT };

/* The メールアドレス typed on a form: "" or an address kumo can send to; KS_INVALID with the rule otherwise. */
static kstatus check_mail(const char *mail)
{
    if (!*mail || mail_address_valid(mail)) return KS_OK;
    return kumo_fail(UI.k, KS_INVALID, "「メールアドレス」は user@example.jp の形（英数字、254文字以内）で入力してください");
}

typedef struct add_ctx {
    const char *roles[NROLES + 1];
    kdept *depts;
    const char **dept_names;
} add_ctx;

static void add_ctx_free(void *p)
{
    add_ctx *c = p;
    kdept_free(&c->depts);
    free(c->dept_names);
    free(c);
}

/* A role given against the policy's advice (a second 情報セキュリティ責任者 of a 部局): said, and done only when the
   administrator says so. False when they did not (the form stays as typed). */
static bool role_agreed(fform *f, int64_t user_id, krole role, const char *dept)
{
    char warn[640];
    if (admin_role_warning(UI.k, user_id, role, dept, warn, sizeof warn) || !*warn) return true;
    char q[800];
    snprintf(q, sizeof q, "%s\n\nこのまま記録しますか？", warn);
    if (ui_confirm(q)) return true;
    f->cancelled = true;
    return false;
}

static kstatus add_submit(fform *f, void *ctxp)
{
    (void)ctxp;
    const char *label = fform_value(f, UF_ROLE), *mail = fform_value(f, UF_MAIL);
    kstatus s = check_mail(mail);
    if (s) return s;
    if (!role_agreed(f, 0, role_parse(label), fform_value(f, UF_DEPT))) return KS_OK;
    s = admin_add_user(UI.k, fform_value(f, UF_LOGIN), fform_value(f, UF_NAME), role_parse(label), fform_value(f, UF_DEPT),
                       fform_value(f, UF_SECTION));
    if (!s && *mail) {
        kuser u;
        s = q_user_by_login(UI.k, fform_value(f, UF_LOGIN), &u);
        if (!s) s = admin_set_mail(UI.k, u.id, mail);
    }
    if (!s) snprintf(f->done_msg, sizeof f->done_msg, "利用者 %s（%s）を追加しました", fform_value(f, UF_LOGIN), label);
    return s;
}

static void add_user(void)
{
    fform *f = fform_new(UF__COUNT, NULL, 0);
    add_ctx *c = calloc(1, sizeof *c);
    if (!f || !c) {
        free(c);
        if (f) { free(f->fields); free(f); }
        return;
    }
    role_choices(c->roles);
    size_t nd = 0;
    q_depts(UI.k, &c->depts, &nd);
    c->dept_names = calloc(nd + 1, sizeof *c->dept_names);
    for (size_t i = 0; c->dept_names && i < nd; i++) c->dept_names[i] = c->depts[i].name;
    f->ctx = c;
    f->ctx_free = add_ctx_free;
    static const char *const NONE[] = {NULL};
    f->fields[UF_LOGIN] = (ffield){"ログイン名", FT_TEXT, NULL, 63, true, "OS のログイン名（英数字と . _ -）", NULL};
    f->fields[UF_NAME] = (ffield){"氏名", FT_TEXT, NULL, 40, true, NULL, NULL};
    f->fields[UF_ROLE] = (ffield){"役割", FT_CHOICE, c->roles, 0, true, NULL, NULL};
    f->fields[UF_DEPT] = (ffield){"部局", FT_CHOICE, c->dept_names ? c->dept_names : NONE, 0, false,
                                  "職員等・情報セキュリティ責任者は必須", NULL};
    f->fields[UF_SECTION] = (ffield){"課", FT_TEXT, NULL, 40, false, NULL, NULL};
    f->fields[UF_MAIL] = (ffield){"メールアドレス", FT_TEXT, NULL, 254, false, "期限のお知らせ（kumo remind）の宛先", NULL};
    snprintf(f->title, sizeof f->title, "利用者の追加");
    snprintf(f->intro, sizeof f->intro, "kumo の利用者は OS のログイン名で識別されます");
    f->submit = add_submit;
    fform_open(f);
}

enum { EF_LOGIN, EF_NAME, EF_ROLE, EF_DEPT, EF_SECTION, EF_MAIL, EF__COUNT };

typedef struct edit_ctx {
    add_ctx base;
    int64_t user_id;
    kuser as_read;   /* the user as the form was filled: the step refuses when another administrator changed it */
} edit_ctx;

static void edit_ctx_free(void *p)
{
    edit_ctx *c = p;
    kdept_free(&c->base.depts);
    free(c->base.dept_names);
    free(c);
}

static kstatus edit_submit(fform *f, void *ctxp)
{
    edit_ctx *c = ctxp;
    kstatus s = check_mail(fform_value(f, EF_MAIL));
    if (s) return s;
    krole role = role_parse(fform_value(f, EF_ROLE));
    if (role != c->as_read.role || strcmp(fform_value(f, EF_DEPT), c->as_read.dept_name))
        if (!role_agreed(f, c->user_id, role, fform_value(f, EF_DEPT))) return KS_OK;
    s = admin_update_user_as_read(UI.k, c->user_id, &c->as_read, fform_value(f, EF_NAME), role,
                                  fform_value(f, EF_DEPT), fform_value(f, EF_SECTION));
    /* the form now stands on its own change (a step refused after it is typed again over it, not a conflict) */
    if (!s) q_user(UI.k, c->user_id, &c->as_read);
    /* a new login: an imported manager connected to the person (the same user: designations and history stay) */
    if (!s && strcmp(fform_value(f, EF_LOGIN), c->as_read.login)) {
        s = admin_set_login(UI.k, c->user_id, fform_value(f, EF_LOGIN));
        if (!s) q_user(UI.k, c->user_id, &c->as_read);
    }
    if (!s) s = admin_set_mail(UI.k, c->user_id, fform_value(f, EF_MAIL));
    if (!s) snprintf(f->done_msg, sizeof f->done_msg, "%s の情報を変更しました", fform_value(f, EF_NAME));
    return s;
}

/* After a conflict: the user as now stored becomes what the form was read from, what changed is said. */
static kstatus edit_reread(fform *f, void *ctxp, char *msg, size_t n)
{
    edit_ctx *c = ctxp;
    kuser now;
    kstatus s = q_user(UI.k, c->user_id, &now);
    if (s) return s;
    admin_user_changes(&c->as_read, &now, msg, n);
    /* what the administrator typed stays; a field left as it was read takes the other's change, so that the next s
       does not undo it */
    const char *was[EF__COUNT] = {c->as_read.login, c->as_read.name, role_label(c->as_read.role), c->as_read.dept_name,
                                  c->as_read.section, c->as_read.mail};
    const char *is[EF__COUNT] = {now.login, now.name, role_label(now.role), now.dept_name, now.section, now.mail};
    for (int i = 0; i < EF__COUNT; i++)
        if (!strcmp(fform_value(f, i), was[i])) fform_set(f, i, is[i]);
    c->as_read = now;
    return KS_OK;
}

/* 人事異動: 氏名, 役割, 部局 and 課 of an existing user. */
static void edit_user(const kuser *x)
{
    fform *f = fform_new(EF__COUNT, NULL, 0);
    edit_ctx *c = calloc(1, sizeof *c);
    if (!f || !c) {
        free(c);
        if (f) { free(f->fields); free(f); }
        return;
    }
    c->user_id = x->id;
    c->as_read = *x;
    role_choices(c->base.roles);
    size_t nd = 0;
    q_depts(UI.k, &c->base.depts, &nd);
    c->base.dept_names = calloc(nd + 1, sizeof *c->base.dept_names);
    for (size_t i = 0; c->base.dept_names && i < nd; i++) c->base.dept_names[i] = c->base.depts[i].name;
    f->ctx = c;
    f->ctx_free = edit_ctx_free;
    static const char *const NONE[] = {NULL};
    f->fields[EF_LOGIN] = (ffield){"ログイン名", FT_TEXT, NULL, 63, true,
                                   imported(x) ? "本人の OS のログイン名に変えると、この利用者（指名・履歴）につながります"
                                               : "OS のログイン名（英数字と . _ -）",
                                   NULL};
    f->fields[EF_NAME] = (ffield){"氏名", FT_TEXT, NULL, 40, true, NULL, NULL};
    f->fields[EF_ROLE] = (ffield){"役割", FT_CHOICE, c->base.roles, 0, true, NULL, NULL};
    f->fields[EF_DEPT] = (ffield){"部局", FT_CHOICE, c->base.dept_names ? c->base.dept_names : NONE, 0, false,
                                  "職員等・情報セキュリティ責任者は必須", NULL};
    f->fields[EF_SECTION] = (ffield){"課", FT_TEXT, NULL, 40, false, NULL, NULL};
    f->fields[EF_MAIL] = (ffield){"メールアドレス", FT_TEXT, NULL, 254, false, "期限のお知らせ（kumo remind）の宛先", NULL};
    fform_set(f, EF_LOGIN, x->login);
    fform_set(f, EF_NAME, x->name);
    fform_set(f, EF_ROLE, role_label(x->role));
    fform_set(f, EF_DEPT, x->dept_name);
    fform_set(f, EF_SECTION, x->section);
    fform_set(f, EF_MAIL, x->mail);
    snprintf(f->title, sizeof f->title, "利用者の変更（%s）", x->login);
    snprintf(f->intro, sizeof f->intro, "%s",
             imported(x) ? "台帳の取込で作成した利用者です。ログイン名を本人のものにすると、管理するサービスの指名と履歴を"
                           "そのまま引き継いで本人が使えます"
                         : "人事異動など。これまでの申請と履歴はそのまま残ります");
    f->submit = edit_submit;
    f->reread = edit_reread;
    f->subject = "利用者";
    fform_open(f);
}

static int edit_selected(screen *s)
{
    users *u = s->st;
    int i = ui_list_sel(&u->list);
    if (i >= 0) edit_user(&u->v[i]);
    return UI_HANDLED;
}

static int add_user_run(screen *s)
{
    (void)s;
    add_user();
    return UI_HANDLED;
}

static int open_depts(screen *s)
{
    (void)s;
    ui_open(&SCREEN_DEPTS, NULL);
    return UI_HANDLED;
}

static int search(screen *s)
{
    users *u = s->st;
    ui_search_start(&u->search);
    return UI_HANDLED;
}

/* Turning a user off says first what they leave: the services they manage (which a successor takes over) and
   whether anyone is left to take their role's steps; then asks. */
static int toggle_active(screen *s)
{
    users *u = s->st;
    int i = ui_list_sel(&u->list);
    if (i < 0) return UI_HANDLED;
    kuser x = u->v[i];
    char q[4096], preview[3000] = "";
    size_t managed = 0;
    int64_t successor = 0;
    if (x.active) {
        if (admin_disable_preview(UI.k, x.id, 8, preview, sizeof preview, &managed)) {
            ui_fail(KS_ERROR);
            return UI_HANDLED;
        }
        snprintf(q, sizeof q, "%s（%s）を無効にしますか？%s%s%s", x.name, x.login, *preview ? "\n\n" : "", preview,
                 managed ? "\n後任を選んでから無効にします。" : "");
    } else {
        snprintf(q, sizeof q, "%s（%s）を有効に戻しますか？", x.name, x.login);
    }
    if (!ui_confirm(q)) return UI_HANDLED;
    if (managed) {
        char title[256];
        snprintf(title, sizeof title, "%s の管理する %zu件%sのサービスを引き継ぐ後任", x.name, managed,
                 managed >= ADMIN_MANAGED_MAX ? "以上" : "");
        ui_user_pick o = {.title = title, .dept_id = x.dept_id, .dept_name = x.dept_name, .exclude = x.id,
                          .manageable = true};
        if ((successor = ui_pick_user(&o)) <= 0) return UI_HANDLED;
    }
    kstatus st = x.active ? admin_disable(UI.k, x.id, successor) : admin_set_active(UI.k, x.id, true);
    if (st) ui_fail(st);
    else ui_info("%s を%sにしました%s", x.name, x.active ? "無効" : "有効",
                 managed ? "（管理していたサービスは後任に引き継ぎました）" : "");
    reload_page(u);
    return UI_HANDLED;
}

void ui_set_review_interval(void)
{
    char cur[16];
    snprintf(cur, sizeof cur, "%d", kumo_review_interval(UI.k));
    char *v = ui_prompt("利用状況確認の間隔（月）", "1〜12（少なくとも年1回）。承認と利用状況確認の次回期限に使います", cur,
                        FORM_INT_INPUT_CHARS);
    if (!v) return;
    int m = 0;
    kstatus st = admin_set_review_interval_text(UI.k, v, &m);
    free(v);
    if (st) ui_fail(st);
    else ui_info("利用状況確認の間隔を %dか月にしました", m);
}

/* The organisation's zone: today, 年度, due dates and history times follow it, not the server's TZ. */
static int timezone_(screen *s)
{
    (void)s;
    char *v = ui_prompt("タイムゾーン", "今日・年度・期限・履歴の時刻の基準（例: Asia/Tokyo）", kumo_timezone(UI.k), 60);
    if (!v) return UI_HANDLED;
    kstatus st = admin_set_timezone(UI.k, v);
    if (st) {
        ui_fail(st);
    } else {
        kdate t = date_today();
        ui_info("タイムゾーンを %s にしました（今日は %04d-%02d-%02d）", v, t.y, t.m, t.d);
    }
    free(v);
    return UI_HANDLED;
}

static void on_show(screen *s) { reload_page(s->st); }

static bool init(screen *s, const void *arg)
{
    (void)arg;
    users *u = s->st;
    u->list = (ui_list){.ctx = u, .fetch = fetch, .draw_row = draw_row};
    u->search.changed = search_changed;
    u->count = -1;
    s->list = &u->list;
    s->search = &u->search;
    return true;
}

static void close_(screen *s)
{
    users *u = s->st;
    ui_search_free(&u->search);
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "変更", "選んだ利用者のログイン名・氏名・役割・部局・課を変更する（人事異動、取込で作成した利用者をつなぐ）",
     edit_selected, ui_has_selection},
    {{'n'}, "利用者追加", "利用者を追加する（ログイン名は OS のログイン名）", add_user_run, NULL},
    {{'/'}, "検索", "氏名・ログイン名・部局名の先頭で検索する（Enter で一覧へ、ESC で解除）", search, NULL},
    {{'d'}, "部局", "部局の一覧: 追加・名称変更・廃止", open_depts, NULL},
    {{' '}, "有効/無効", "選んだ利用者を無効にする（管理するサービスと影響を示してから。又は有効に戻す）。履歴は残ります",
     toggle_active, ui_has_selection},
    {{'z'}, "タイムゾーン", "団体のタイムゾーン（今日・年度・期限・履歴の時刻の基準。既定は Asia/Tokyo）を設定する", timezone_,
     NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_USERS = {
    .title = "利用者と部局の管理", .size = sizeof(users), .init = init, .draw = draw, .on_show = on_show,
    .close = close_, .actions = ACTIONS,
};
