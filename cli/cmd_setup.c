/* kumo init and kumo demo: making a database (its folder too). */
#include "cli/cmd_setup.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "forms/text.h"

/* mkdir -p of the folder that will hold path. */
static int make_parent(const char *path)
{
    char buf[PATH_MAX];
    if (strlen(path) >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (!slash || slash == buf) return 0;
    *slash = 0;
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0700) && errno != EEXIST) return -1;
            *p = '/';
        }
    }
    if (mkdir(buf, 0700) && errno != EEXIST) return -1;
    return 0;
}

/* The message for a database that could not be made. */
static void setup_error(cli_ctx *c, kstatus s, const char *what)
{
    if (s == KS_DENIED)
        cli_error("%s は共有サーバーのデータベースです。作成できるのは root だけです（sudo kumo init --org 団体名 --admin ログイン名）",
                  c->db_path);
    else if (s == KS_BUSY)
        cli_error("%s は他の kumo が使用中のため作り直しません。使用中の kumo を終了してから実行してください", c->db_path);
    else
        cli_error("%sを作成できません: %s", what, kumo_strerror(s));
}

static int cmd_init(cli_ctx *c)
{
    const char *org = cli_opt(c, "--org");
    if (!org || !*org) {
        cli_error("団体名を --org で指定してください（例: kumo init --org むつ市）");
        return CLI_USAGE;
    }
    if (!text_valid_utf8(org, strlen(org)) || text_has_control(org) || text_chars(org) > 60) {
        cli_error("団体名は制御文字を含まない60文字以内の UTF-8 で指定してください");
        return CLI_USAGE;
    }
    /* the システム管理者: --admin (root making the shared database names the person), else the OS user running it */
    const char *admin = cli_opt(c, "--admin");
    struct passwd *pw = admin ? getpwnam(admin) : getpwuid(getuid());
    if (admin && (!*admin || !pw)) {
        cli_error("--admin の「%s」は OS の利用者ではありません（ログイン名を指定してください）", admin);
        return CLI_USAGE;
    }
    if (!pw) {
        cli_error("OS のログイン名を取得できません");
        return CLI_ERROR;
    }
    char login[64];
    if ((size_t)snprintf(login, sizeof login, "%s", pw->pw_name) >= sizeof login) {
        cli_error("ログイン名が長すぎます");
        return CLI_USAGE;
    }
    if (make_parent(c->db_path)) {
        cli_error("フォルダを作成できません: %s: %s", c->db_path, kumo_io_reason(errno));
        return CLI_ERROR;
    }
    const char *name = cli_opt(c, "--name");
    char typed[512] = "";
    if (!name && isatty(STDIN_FILENO) && isatty(STDERR_FILENO)) {
        /* in a terminal the 氏名 is asked: the trail and every screen name the administrator by it, not the login */
        fprintf(stderr, "システム管理者（%s）の氏名を入力してください（例: 加藤 誠。空欄ならログイン名）: ", login);
        fflush(stderr);
        if (fgets(typed, sizeof typed, stdin)) {
            typed[strcspn(typed, "\r\n")] = 0;
            name = typed;
        }
    }
    if (name && *name && text_check(name, 40, false) != TEXT_OK) {
        /* as 氏名 anywhere else (admin_add_user): the users field holds 40 characters */
        cli_error("氏名（--name）は制御文字を含まない40文字以内の UTF-8 で指定してください");
        return CLI_USAGE;
    }
    kstatus s = kumo_init(c->db_path, org, login, name && *name ? name : login);
    if (s == KS_EXISTS) {
        cli_error("%s は既にあります。上書きしません", c->db_path);
        return CLI_ERROR;
    }
    if (s) {
        setup_error(c, s, "データベース");
        return CLI_ERROR;
    }
    cli_notice(c, "%s を作成しました（団体名: %s、システム管理者: %s（%s））。kumo --db %s で開くと、初期設定（部局・利用者と"
                  "役割・利用状況確認の間隔・台帳の取込）の案内が表示されます",
               c->db_path, org, login, name && *name ? name : login, c->db_path);
    return CLI_OK;
}

static int cmd_demo(cli_ctx *c)
{
    const char *rows = cli_opt(c, "--rows");
    kdemo_opts o = {.force = cli_flag(c, "--force"), .progress = cli_progress(c)};
    if (rows) {
        char *end = NULL;
        errno = 0;
        o.rows = strtol(rows, &end, 10);
        /* digits only: '' and ' 5' are not a number of rows */
        if (!*rows || *rows < '0' || *rows > '9' || *end || errno || o.rows < 0 || o.rows > 2000000) {
            cli_error("--rows は 0〜2000000 の整数で指定してください");
            return CLI_USAGE;
        }
    }
    if (make_parent(c->db_path)) {
        cli_error("フォルダを作成できません: %s: %s", c->db_path, kumo_io_reason(errno));
        return CLI_ERROR;
    }
    char err[1024];
    kstatus s = kumo_demo(c->db_path, &o, err, sizeof err);
    if (s == KS_EXISTS) {
        cli_error("%s はデモ用ではないデータベースです。上書きしません", c->db_path);
        return CLI_ERROR;
    }
    if (s && *err) {
        /* which step failed and why (a template names its file); nothing was left at the path */
        cli_error("デモ用データベースを作成できません: %s", err);
        return CLI_ERROR;
    }
    if (s) {
        setup_error(c, s, "デモ用データベース");
        return CLI_ERROR;
    }
    cli_notice(c, "デモ用データベース %s を作成しました。kumo --db %s で開き、利用者を選んでください", c->db_path,
               c->db_path);
    return CLI_OK;
}

static const cli_option INIT_OPTS[] = {
    {"--org", "団体名", "団体名（60文字以内）", true, NULL, NULL},
    {"--admin", "ログイン名", "システム管理者にする OS の利用者（既定: 実行した利用者。sudo で共有のデータベースを作るときに指定）", false, NULL, NULL},
    {"--name", "氏名", "システム管理者の氏名（端末では省略すると尋ねます。既定: ログイン名）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option DEMO_OPTS[] = {
    {"--rows", "N", "負荷確認用に追加する申請の件数（0〜2000000）", false, NULL, NULL},
    {"--force", NULL, "既存のデモ用データベースを作り直す", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_SETUP_COMMANDS[] = {
    {"init", NULL, cmd_init, NULL, INIT_OPTS, "新しいデータベース（実行した OS 利用者がシステム管理者）", false},
    {"demo", NULL, cmd_demo, NULL, DEMO_OPTS, "デモ用データベース（架空の市、全役割の利用者、全状態の申請）", false},
    CLI_COMMANDS_END,
};
