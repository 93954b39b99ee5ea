/* kumo backup and kumo restore (app/backup.c does the work): a consistent, checked copy of the live database, and
   putting one back with the replaced database kept. */
#include "cli/cmd_backup.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* The audit trail as the check found it, in one line: 「監査証跡 完全（#12 …）」. */
static void audit_line(const kdb_check *c, char *out, size_t n)
{
    if (!c->audited) {
        snprintf(out, n, "監査証跡なし（古い版のデータベース）");
        return;
    }
    char text[1800];
    audit_verify_text(&c->audit, text, sizeof text);
    snprintf(out, n, "%s", text);
}

static int cmd_backup(cli_ctx *c)
{
    const char *out = cli_output(c, NULL);
    if (!out) return CLI_USAGE;
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kbackup b;
    kstatus s = backup_write(k, out, &b);
    if (s) return cli_done(&k, s);
    char audit[2048];
    audit_line(&b.check, audit, sizeof audit);
    const char *where = strcmp(out, OUTFILE_STDOUT) ? out : "標準出力";
    if (b.check.audited && !b.check.audit.ok) {
        /* the copy is what the database holds: kept, and the mismatch said as a finding */
        cli_error("バックアップ %s を作成しましたが、%s（kumo audit verify で確認してください）", where, audit);
        kumo_close(&k);
        return CLI_FOUND;
    }
    cli_notice(c, "バックアップ %s を作成しました（%" PRId64 " ページ、%.1f MB）。整合性検査 ok、%s", where, b.pages,
               (double)b.bytes / (1024.0 * 1024.0), audit);
    kumo_close(&k);
    return CLI_OK;
}

static int cmd_restore(cli_ctx *c)
{
    const char *file = cli_arg(c, 0);
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kdb_check chk;
    kstatus s = backup_check(k, file, &chk);
    if (s) return cli_done(&k, s);
    char audit[2048];
    audit_line(&chk, audit, sizeof audit);
    if (!cli_flag(c, "--yes")) {
        fprintf(stderr,
                "kumo: %s（整合性検査 ok、%s）で %s を置き換えます。今のデータベースは同じフォルダに"
                "「%s.replaced-日時」として残します。\n"
                "kumo: 他の利用者の作業が終わっていることを確かめ、--yes を付けてもう一度実行してください\n",
                file, audit, kumo_db_path(k), kumo_db_path(k));
        kumo_close(&k);
        return CLI_USAGE;
    }
    char kept[4200];
    s = backup_restore(k, file, kept, sizeof kept);
    if (!s)
        cli_notice(c, "%s から復元しました（%s）。置き換えたデータベースは %s に保存しました", file, audit, kept);
    return cli_done(&k, s);
}

static const cli_option BACKUP_OPTS[] = {
    {"-o", "FILE", "バックアップの出力先（- は標準出力）。完成し検査を通ってから置かれる", true, NULL, "--output"},
    CLI_OPTIONS_END,
};

static const cli_option RESTORE_OPTS[] = {
    {"--yes", NULL, "確認のうえ実行する（ないときは何を置き換えるかを示すだけ）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_BACKUP_COMMANDS[] = {
    {"backup", NULL, cmd_backup, NULL, BACKUP_OPTS,
     "使用中のデータベースの一貫したバックアップを作成し、整合性と監査証跡を検査（システム管理者）", false},
    {"restore", NULL, cmd_restore, "FILE", RESTORE_OPTS,
     "バックアップからデータベースを復元（システム管理者。置き換えたデータベースは残す）", false},
    CLI_COMMANDS_END,
};
