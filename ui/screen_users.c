/* 利用者と部局の管理 (システム管理者): the users with their roles, adding users and 部局, turning a user off, and the
   利用状況確認 interval. The rules are app/admin.c's. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "ui/fieldform.h"
#include "ui/ui.h"

typedef struct users {
    kuser *v;
    size_t n;
    ui_list list;
} users;

/* The roles a user may be given, as the choice list shows them: every role of forms/role.c's table. */
#define NROLES (ROLE__COUNT - 1)

static void role_choices(const char *labels[NROLES + 1])
{
    for (int i = 0; i < NROLES; i++) labels[i] = role_label((krole)(ROLE_NONE + 1 + i));
    labels[NROLES] = NULL;
}

static void load(users *u)
{
    kuser_free(&u->v);
    u->v = NULL;
    u->n = 0;
    /* inactive users too: an administrator turns them back on here */
    if (q_users_all(UI.k, &u->v, &u->n)) ui_fail(KS_ERROR);
    u->list.n = (int)u->n;
    ui_list_clamp(&u->list);
}

static void draw_row(void *ctx, int i, int y, bool selected)
{
    const users *u = ctx;
    const kuser *x = &u->v[i];
    int attr = selected ? ui_attr_selected() : x->active ? 0 : ui_attr_dim();
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, 1, 12, x->name, attr);
    ui_put(y, 14, 14, x->login, attr);
    ui_put(y, 29, 26, role_label(x->role), attr);
    ui_put(y, 56, 16, *x->dept_name ? x->dept_name : "－", attr);
    ui_put(y, 73, UI.cols - 74, x->active ? "有効" : "無効", attr);
}

static void draw(screen *s)
{
    users *u = s->st;
    char right[128];
    snprintf(right, sizeof right, "%zu人 | 確認間隔 %dか月 | %s", u->n, kumo_review_interval(UI.k), kumo_timezone(UI.k));
    ui_title(s->title, right);
    int y = ui_top(), ha = ui_attr_header();
    ui_put(y, 1, 12, "氏名", ha);
    ui_put(y, 14, 14, "ログイン名", ha);
    ui_put(y, 29, 26, "役割", ha);
    ui_put(y, 56, 16, "部局", ha);
    ui_put(y, 73, UI.cols - 74, "状態", ha);
    y++;
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

static kstatus add_submit(fform *f, void *ctxp)
{
    (void)ctxp;
    const char *label = fform_value(f, UF_ROLE), *mail = fform_value(f, UF_MAIL);
    kstatus s = check_mail(mail);
    if (s) return s;
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

enum { EF_NAME, EF_ROLE, EF_DEPT, EF_SECTION, EF_MAIL, EF__COUNT };

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
    if (!s)
        s = admin_update_user_as_read(UI.k, c->user_id, &c->as_read, fform_value(f, EF_NAME),
                                      role_parse(fform_value(f, EF_ROLE)), fform_value(f, EF_DEPT),
                                      fform_value(f, EF_SECTION));
    /* the form now stands on its own change (a refused address is typed again over it, not a conflict) */
    if (!s) q_user(UI.k, c->user_id, &c->as_read);
    if (!s) s = admin_set_mail(UI.k, c->user_id, fform_value(f, EF_MAIL));
    if (!s) snprintf(f->done_msg, sizeof f->done_msg, "%s の情報を変更しました", fform_value(f, EF_NAME));
    return s;
}

/* After a conflict: the user as now stored becomes what the form was read from, what changed is said. */
static kstatus edit_reread(fform *f, void *ctxp, char *msg, size_t n)
{
    (void)f;
    edit_ctx *c = ctxp;
    kuser now;
    kstatus s = q_user(UI.k, c->user_id, &now);
    if (s) return s;
    admin_user_changes(&c->as_read, &now, msg, n);
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
    f->fields[EF_NAME] = (ffield){"氏名", FT_TEXT, NULL, 40, true, NULL, NULL};
    f->fields[EF_ROLE] = (ffield){"役割", FT_CHOICE, c->base.roles, 0, true, NULL, NULL};
    f->fields[EF_DEPT] = (ffield){"部局", FT_CHOICE, c->base.dept_names ? c->base.dept_names : NONE, 0, false,
                                  "職員等・情報セキュリティ責任者は必須", NULL};
    f->fields[EF_SECTION] = (ffield){"課", FT_TEXT, NULL, 40, false, NULL, NULL};
    f->fields[EF_MAIL] = (ffield){"メールアドレス", FT_TEXT, NULL, 254, false, "期限のお知らせ（kumo remind）の宛先", NULL};
    fform_set(f, EF_NAME, x->name);
    fform_set(f, EF_ROLE, role_label(x->role));
    fform_set(f, EF_DEPT, x->dept_name);
    fform_set(f, EF_SECTION, x->section);
    fform_set(f, EF_MAIL, x->mail);
    snprintf(f->title, sizeof f->title, "利用者の変更（%s）", x->login);
    snprintf(f->intro, sizeof f->intro, "人事異動など。これまでの申請と履歴はそのまま残ります");
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

static int add_dept(screen *s)
{
    (void)s;
    char *name = ui_prompt("部局の追加", "部局名（40文字以内）", "", 40);
    if (!name) return UI_HANDLED;
    kstatus st = admin_add_dept(UI.k, name);
    if (st) ui_fail(st);
    else ui_info("部局「%s」を追加しました", name);
    free(name);
    return UI_HANDLED;
}

/* A successor for the services of user `leaving`: an active user who may be designated; 0 when none was chosen. */
static int64_t choose_successor(const users *u, int64_t leaving)
{
    const char *names[256];
    int64_t ids[256];
    static char labels[256][340];
    int n = 0;
    for (size_t i = 0; i < u->n && n < 256; i++) {
        const kuser *c = &u->v[i];
        if (c->id == leaving || !policy_may_manage(c)) continue;
        snprintf(labels[n], sizeof labels[n], "%s（%s、%s）", c->name, c->login, *c->dept_name ? c->dept_name : "部局なし");
        names[n] = labels[n];
        ids[n++] = c->id;
    }
    if (!n) {
        ui_error("後任に指名できる利用者がいません。先に利用者を追加してください");
        return 0;
    }
    int c = ui_choose("管理するサービスを引き継ぐ後任", names, n, 0);
    return c >= 0 ? ids[c] : 0;
}

static int toggle_active(screen *s)
{
    users *u = s->st;
    int i = ui_list_sel(&u->list);
    if (i < 0) return UI_HANDLED;
    kuser *x = &u->v[i];
    char q[768];
    snprintf(q, sizeof q, "%s を%sにしますか？", x->name, x->active ? "無効" : "有効");
    /* a designated クラウドサービス管理者 leaves with a successor, who takes the services over */
    kservice *sv = NULL;
    size_t nsv = 0;
    int64_t successor = 0;
    if (x->active && admin_managed_services(UI.k, x->id, &sv, &nsv) == KS_OK && nsv > 0) {
        snprintf(q, sizeof q, "%s は %zu 件の管理者です。後任に引き継いで無効にしますか？", x->name, nsv);
        if (!ui_confirm(q) || (successor = choose_successor(u, x->id)) <= 0) {
            kservice_free(&sv);
            return UI_HANDLED;
        }
    } else if (!ui_confirm(q)) {
        kservice_free(&sv);
        return UI_HANDLED;
    }
    kservice_free(&sv);
    kstatus st = x->active ? admin_disable(UI.k, x->id, successor) : admin_set_active(UI.k, x->id, true);
    if (st) ui_fail(st);
    else ui_info("%s を%sにしました", x->name, x->active ? "無効" : "有効");
    load(u);
    return UI_HANDLED;
}

static int review_interval(screen *s)
{
    (void)s;
    char cur[16];
    snprintf(cur, sizeof cur, "%d", kumo_review_interval(UI.k));
    char *v = ui_prompt("利用状況確認の間隔（月）", "1〜60。承認と利用状況確認の次回期限に使います", cur, 2);
    if (!v) return UI_HANDLED;
    char *end;
    long m = strtol(v, &end, 10);
    kstatus st = admin_set_review_interval(UI.k, *v && !*end ? (int)m : 0);
    free(v);
    if (st) ui_fail(st);
    else ui_info("利用状況確認の間隔を %ldか月にしました", m);
    return UI_HANDLED;
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

static void on_show(screen *s) { load(s->st); }

static bool init(screen *s, const void *arg)
{
    (void)arg;
    users *u = s->st;
    u->list = (ui_list){.ctx = u, .draw_row = draw_row};
    s->list = &u->list;
    return true;
}

static void close_(screen *s)
{
    users *u = s->st;
    kuser_free(&u->v);
}

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "変更", "選んだ利用者の氏名・役割・部局・課を変更する（人事異動）", edit_selected, ui_has_selection},
    {{'n'}, "利用者追加", "利用者を追加する（ログイン名は OS のログイン名）", add_user_run, NULL},
    {{'b'}, "部局追加", "部局を追加する", add_dept, NULL},
    {{' '}, "有効/無効", "選んだ利用者を無効にする（又は有効に戻す）。履歴は残ります", toggle_active, ui_has_selection},
    {{'s'}, "確認間隔", "利用状況確認の間隔（月）を設定する", review_interval, NULL},
    {{'z'}, "タイムゾーン", "団体のタイムゾーン（今日・年度・期限・履歴の時刻の基準。既定は Asia/Tokyo）を設定する", timezone_,
     NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_USERS = {
    .title = "利用者と部局の管理", .size = sizeof(users), .init = init, .draw = draw, .on_show = on_show,
    .close = close_, .actions = ACTIONS,
};
