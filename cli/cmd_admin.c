/* kumo user and kumo dept: the システム管理者's users and 部局 (app/admin.c decides and checks). */
#include "cli/cmd_admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/admin.h"

/* The exit status of a failed administration step. */
static int admin_rc(kumo *k, kstatus s)
{
    cli_status_error(k, s);
    return CLI_ERROR;
}

/* --mail: an address kumo can send to, or "" (no address); false after saying why (a usage error). */
static bool mail_opt_ok(const char *mail)
{
    if (!mail || !*mail || mail_address_valid(mail)) return true;
    cli_error("--mail は user@example.jp の形のメールアドレスで指定してください（消すときは --mail ''）");
    return false;
}

/* --role as a code or a 正式名: ROLE_NONE after saying which are known (a usage error). */
static krole role_opt(const char *v)
{
    krole r = role_parse(v);
    if (r == ROLE_NONE)
        cli_error("--role は staff dept_head approver ciso auditor admin のいずれか（又は役割の正式名）で指定してください");
    return r;
}

static int dept_list(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kdept *v = NULL;
    size_t n;
    kstatus s = q_depts(k, &v, &n);
    for (size_t i = 0; !s && i < n; i++) printf("%s\n", v[i].name);
    kdept_free(&v);
    return cli_done(&k, s);
}

static int dept_add(cli_ctx *c)
{
    const char *name = cli_arg(c, 0);
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kstatus s = admin_add_dept(k, name);
    int rc = s ? admin_rc(k, s) : 0;
    if (!s) cli_notice(c, "部局「%s」を追加しました", name);
    kumo_close(&k);
    return rc;
}

static int dept_rename(cli_ctx *c)
{
    const char *name = cli_arg(c, 0), *new_name = cli_arg(c, 1);
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kstatus s = admin_rename_dept(k, name, new_name);
    int rc = s ? admin_rc(k, s) : 0;
    if (!s) cli_notice(c, "部局「%s」を「%s」に変更しました", name, new_name);
    kumo_close(&k);
    return rc;
}

/* retire (廃止) and restore (再開) */
static int dept_active(cli_ctx *c)
{
    const char *name = cli_arg(c, 0);
    bool active = !strcmp(c->cmd->sub, "restore");
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kstatus s = admin_set_dept_active(k, name, active);
    int rc = s ? admin_rc(k, s) : 0;
    if (!s) cli_notice(c, "部局「%s」を%sしました", name, active ? "再び有効に" : "廃止");
    kumo_close(&k);
    return rc;
}

/* A role the policy warns about (a second 情報セキュリティ責任者 of a 部局) is said on stderr, -q or not; the step goes
   on. */
static void role_warning(kumo *k, int64_t user_id, krole role, const char *dept)
{
    char warn[640];
    if (admin_role_warning(k, user_id, role, dept, warn, sizeof warn) == KS_OK && *warn) cli_error("注意: %s", warn);
}

static int user_list(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kuser *v = NULL;
    size_t n;
    kstatus s = q_users_all(k, &v, &n);
    for (size_t i = 0; !s && i < n; i++)
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v[i].login, v[i].name, role_code(v[i].role), role_label(v[i].role),
               v[i].dept_name, v[i].active ? "有効" : "無効", v[i].mail);
    kuser_free(&v);
    return cli_done(&k, s);
}

static int user_add(cli_ctx *c)
{
    const char *login = cli_arg(c, 0), *name = cli_arg(c, 1);
    const char *dept = cli_opt(c, "--dept"), *section = cli_opt(c, "--section");
    const char *mail = cli_opt(c, "--mail");
    krole role = role_opt(cli_opt(c, "--role"));
    if (role == ROLE_NONE) return CLI_USAGE;
    if (!mail_opt_ok(mail)) return CLI_USAGE;
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    role_warning(k, 0, role, dept);
    kstatus s = admin_add_user(k, login, name, role, dept, section);
    if (!s && mail && *mail) {
        kuser u;
        s = q_user_by_login(k, login, &u);
        if (!s) s = admin_set_mail(k, u.id, mail);
    }
    int rc = s ? admin_rc(k, s) : 0;
    if (!s) cli_notice(c, "利用者 %s（%s、%s）を追加しました", login, name, role_label(role));
    kumo_close(&k);
    return rc;
}

/* 人事異動 (set) and leaving (disable, enable): change what is given, keep the rest. */
static int user_change(cli_ctx *c)
{
    const char *login = cli_arg(c, 0);
    const char *roleopt = cli_opt(c, "--role"), *mail = cli_opt(c, "--mail");
    krole role = roleopt ? role_opt(roleopt) : ROLE_NONE;
    if (roleopt && role == ROLE_NONE) return CLI_USAGE;
    if (!mail_opt_ok(mail)) return CLI_USAGE;
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kuser u;
    if (q_user_by_login(k, login, &u) != KS_OK) {
        cli_error("利用者「%s」がいません", login);
        kumo_close(&k);
        return CLI_ERROR;
    }
    kstatus s;
    if (!strcmp(c->cmd->sub, "set")) {
        const char *name = cli_opt(c, "--name"), *dept = cli_opt(c, "--dept"), *section = cli_opt(c, "--section");
        const char *newlogin = cli_opt(c, "--login");
        /* the 人事異動 when something of it is given; the login and the address as steps of their own */
        s = KS_OK;
        if (roleopt || dept) role_warning(k, u.id, roleopt ? role : u.role, dept ? dept : u.dept_name);
        if (name || roleopt || dept || section)
            s = admin_update_user(k, u.id, name ? name : u.name, roleopt ? role : u.role, dept ? dept : u.dept_name,
                                  section ? section : u.section);
        /* an imported manager (imported-001) connected to the person's login: the same user, designations and
           history kept */
        if (!s && newlogin) s = admin_set_login(k, u.id, newlogin);
        if (!s && mail) s = admin_set_mail(k, u.id, mail);
    } else if (!strcmp(c->cmd->sub, "enable")) {
        s = admin_set_active(k, u.id, true);
    } else {
        /* a designated クラウドサービス管理者 leaves only with a successor, who takes the services over */
        const char *succ = cli_opt(c, "--successor");
        kuser su = {0};
        if (succ && q_user_by_login(k, succ, &su) != KS_OK) {
            cli_error("後任の利用者「%s」がいません", succ);
            kumo_close(&k);
            return CLI_ERROR;
        }
        s = admin_disable(k, u.id, su.id);
    }
    int rc = s ? admin_rc(k, s) : 0;
    if (!s) cli_notice(c, "利用者 %s を変更しました", login);
    kumo_close(&k);
    return rc;
}

static const cli_option USER_ADD_OPTS[] = {
    {"--role", "ROLE", "役割: staff dept_head approver ciso auditor admin（又は正式名）", true, NULL, NULL},
    {"--dept", "部局", "部局（職員等と情報セキュリティ責任者は必須）", false, NULL, NULL},
    {"--section", "課", "課", false, NULL, NULL},
    {"--mail", "アドレス", "メールアドレス（kumo remind の宛先）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option USER_SET_OPTS[] = {
    {"--name", "氏名", "新しい氏名", false, NULL, NULL},
    {"--role", "ROLE", "新しい役割", false, NULL, NULL},
    {"--dept", "部局", "新しい部局", false, NULL, NULL},
    {"--section", "課", "新しい課", false, NULL, NULL},
    {"--mail", "アドレス", "メールアドレス（'' で消す）", false, NULL, NULL},
    {"--login", "ログイン名", "新しいログイン名（取込で作成した imported-001 などを本人のログイン名につなぐ。指名と履歴はそのまま）",
     false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option USER_DISABLE_OPTS[] = {
    {"--successor", "ログイン名", "管理するクラウドサービスを引き継ぐ後任（管理者に指名されている利用者では必須）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_ADMIN_COMMANDS[] = {
    {"user", "list", user_list, NULL, NULL, "利用者の一覧（システム管理者・統括情報セキュリティ責任者・CISO・監査）", true},
    {"user", "add", user_add, "ログイン名 氏名", USER_ADD_OPTS, "利用者を追加（システム管理者）", false},
    {"user", "set", user_change, "ログイン名", USER_SET_OPTS,
     "人事異動: 氏名・役割・部局・課、ログイン名、メールアドレスを変更（システム管理者）", false},
    {"user", "disable", user_change, "ログイン名", USER_DISABLE_OPTS,
     "利用者を無効にする（履歴は残る。管理するサービスは後任へ。システム管理者）", false},
    {"user", "enable", user_change, "ログイン名", NULL, "無効にした利用者を有効に戻す（システム管理者）", false},
    {"dept", "list", dept_list, NULL, NULL, "部局の一覧", true},
    {"dept", "add", dept_add, "部局名", NULL, "部局を追加（システム管理者）", false},
    {"dept", "rename", dept_rename, "部局名 新しい部局名", NULL, "部局名を変更（記録は新しい名前で表示。システム管理者）", false},
    {"dept", "retire", dept_active, "部局名", NULL, "部局を廃止（新しい利用者・申請には選べない。在籍者がいる間は不可。システム管理者）",
     false},
    {"dept", "restore", dept_active, "部局名", NULL, "廃止した部局を再び有効にする（システム管理者）", false},
    CLI_COMMANDS_END,
};
