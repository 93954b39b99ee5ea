/* kumo: クラウドサービス利用申請・許可の管理 — the entry point and the command table. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli.h"
#include "app/locale.h"

static const cli_command COMMANDS[] = {
    {"init", NULL, cli_init, "kumo init --org NAME              新しいデータベース（実行した OS 利用者がシステム管理者）"},
    {"demo", NULL, cli_demo, "kumo demo [--rows N] [--force]    デモ用データベース（架空の市、全役割の利用者、全状態の申請）"},
    {"export", "register", cli_export_register,
     "kumo export register [--all] -o FILE.xlsx  承認済みクラウドサービス台帳を Excel に出力（--all: 終了したサービスも）"},
    {"export", "register", cli_export_register,
     "kumo export register --csv [--all] [--encoding utf-8|cp932] -o FILE.csv   台帳を CSV に出力（既定は UTF-8 BOM付き）"},
    {"export", "applications", cli_export_applications, "kumo export applications -o FILE.xlsx   申請一覧を Excel に出力"},
    {"export", "form", cli_export_form, "kumo export form NUMBER -o FILE.xlsx   申請書兼許可書（確認事項・履歴付き）を Excel に出力"},
    {"import", "register", cli_import_register,
     "kumo import register FILE.csv [--dry-run] [--encoding auto|utf-8|cp932] [--create-missing]   既存の台帳 CSV を取込"},
    {"export", "reviews", cli_export_reviews, "kumo export reviews [--fy YEAR] -o FILE.xlsx   年次利用状況確認（年度別、部局・状況の集計付き）を Excel に出力"},
    {"due", NULL, cli_due, "kumo due [--within DAYS] [--mine]   確認期限・利用終了予定日の超過と間近（超過があれば終了コード1）"},
    {"review", NULL, cli_review, "kumo review NO --date D --status 継続|変更あり|終了予定 [...] | review respond NO --comment T | review list NO   利用状況確認"},
    {"terminate", NULL, cli_terminate, "kumo terminate NO --end-date D --plan 作成済|不要 --notice-date D [...] | terminate accept|return NO [--comment T]   終了連絡"},
    {"manager", NULL, cli_manager, "kumo manager NO LOGIN [--reason T]   クラウドサービス管理者の変更（統括情報セキュリティ責任者）"},
    {"show", NULL, cli_show, "kumo show NUMBER                  申請（申請番号）の内容と履歴を表示"},
    {"user", NULL, cli_user,
     "kumo user list | add LOGIN NAME --role ROLE --dept 部局 [--section 課] | set LOGIN [--role …] | disable LOGIN   利用者の管理（システム管理者）"},
    {"dept", NULL, cli_dept, "kumo dept list | add NAME          部局の管理（システム管理者）"},
};

static void usage(FILE *out)
{
    fprintf(out,
            "kumo %s — クラウドサービス利用申請書兼許可書の申請・審査・台帳管理\n"
            "Cloud service use applications and approvals for Japanese local governments.\n\n"
            "使い方:\n"
            "  kumo [--db PATH]                  端末画面（UI）を開く\n",
            KUMO_VERSION);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) fprintf(out, "  %s\n", COMMANDS[i].usage);
    fprintf(out,
            "  kumo --help | --version\n\n"
            "データベース: --db PATH、なければ $KUMO_DB、なければ $XDG_DATA_HOME/kumo/kumo.db\n"
            "利用者: OS のログイン名（KUMO_USER による切替はデモ用データベースのみ）\n"
            "ROLE: staff dept_head approver ciso auditor admin\n");
}

int main(int argc, char **argv)
{
    kumo_locale_setup();   /* a UTF-8 LC_CTYPE even under LANG=C; LC_NUMERIC stays "C" */
    char defpath[PATH_MAX];
    cli_ctx c = {0};
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) c.db_path = argv[++i];
        else if (!strncmp(argv[i], "--db=", 5)) c.db_path = argv[i] + 5;
        else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
        else if (!strcmp(argv[i], "--version")) { printf("kumo %s\n", KUMO_VERSION); return 0; }
        else break;
    }
    if (!c.db_path) c.db_path = kumo_default_db_path(defpath, sizeof defpath);
    if (i >= argc) return ui_main(c.db_path);
    c.argc = argc - i;
    c.argv = argv + i;
    for (size_t j = 0; j < sizeof COMMANDS / sizeof COMMANDS[0]; j++) {
        const cli_command *cmd = &COMMANDS[j];
        if (strcmp(cmd->name, c.argv[0])) continue;
        if (cmd->sub && (c.argc < 2 || strcmp(cmd->sub, c.argv[1]))) continue;
        if (cli_flag(&c, "--help")) {
            printf("%s\n", cmd->usage);
            return 0;
        }
        return cmd->fn(&c);
    }
    cli_error("不明なコマンドです: %s（kumo --help を参照）", c.argv[0]);
    return 2;
}
