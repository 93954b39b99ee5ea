/* kumo audit: verify the trail (exit 0 whole, 1 naming what does not fit, 3 when it cannot be read), print its
   head, export it. */
#include "cli/cmd_audit.h"

#include <stdio.h>
#include <string.h>

#include "forms/date.h"

static int audit_verify_cmd(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kaudit_verify v;
    kstatus s = audit_verify(k, &v);
    if (s) return cli_done(&k, s);
    char line[1800];
    audit_verify_text(&v, line, sizeof line);
    if (v.ok) printf("%s\n", line);
    else cli_error("%s", line);
    kumo_close(&k);
    return v.ok ? CLI_OK : CLI_FOUND;
}

static int audit_head_cmd(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kaudit_head h;
    kstatus s = audit_head(k, &h);
    if (!s) {
        char line[200];
        printf("%s\n", audit_head_text(&h, line, sizeof line));
        if (cli_flag(c, "--full") && h.seq) printf("%s\n", h.hash);
    }
    return cli_done(&k, s);
}

/* A date option as YYYY-MM-DD (any form kumo reads: 2026/4/1, 令和8年4月1日 …); false after saying why. */
static bool date_opt(cli_ctx *c, const char *name, char out[11])
{
    const char *v = cli_opt(c, name);
    out[0] = 0;
    if (!v) return true;
    kdate d;
    if (!date_parse(v, &d)) {
        cli_error("%s は実在する日付で指定してください（例: 2026-04-01）", name);
        return false;
    }
    date_format(d, out, 11);
    return true;
}

static int audit_export_cmd(cli_ctx *c)
{
    const char *out = cli_output(c, "xlsx");
    if (!out) return CLI_USAGE;
    char from[11], to[11];
    if (!date_opt(c, "--from", from) || !date_opt(c, "--to", to)) return CLI_USAGE;
    if (*from && *to && strcmp(from, to) > 0) {
        cli_error("--from は --to より前の日付にしてください");
        return CLI_USAGE;
    }
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kaudit_filter f = {.from = *from ? from : NULL, .to = *to ? to : NULL, .actor = cli_opt(c, "--actor"),
                       .action = cli_opt(c, "--action"), .dept = cli_opt(c, "--dept")};
    size_t rows = 0;
    kstatus s = audit_filter_check(k, &f);
    if (!s) s = export_audit_xlsx(k, &f, out, &rows);
    if (!s) cli_notice(c, "%s に監査記録 %zu 件を書き出しました", strcmp(out, OUTFILE_STDOUT) ? out : "標準出力", rows);
    return cli_done(&k, s);
}

static const cli_option HEAD_OPTS[] = {
    {"--full", NULL, "ハッシュを64文字で表示", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option EXPORT_OPTS[] = {
    {"--from", "日付", "この日以降の記録（組織のタイムゾーンの日付）", false, NULL, NULL},
    {"--to", "日付", "この日までの記録", false, NULL, NULL},
    {"--actor", "ログイン名", "この利用者の操作だけ", false, NULL, NULL},
    {"--action", "操作", "この操作だけ（例: 承認、人事異動、設定変更）", false, NULL, NULL},
    {"--dept", "部局", "この部局の記録だけ", false, NULL, NULL},
    {"-o", "FILE.xlsx", "書き出すファイル（- は標準出力）", true, NULL, "--output"},
    CLI_OPTIONS_END,
};

const cli_command CLI_AUDIT_COMMANDS[] = {
    {"audit", "verify", audit_verify_cmd, NULL, NULL,
     "監査証跡を検証（完全なら 0、改ざん・欠落があれば最初の不一致を示して 1）", true},
    {"audit", "head", audit_head_cmd, NULL, HEAD_OPTS, "監査証跡の最新の記録（番号・日時・ハッシュ）", false},
    {"audit", "export", audit_export_cmd, NULL, EXPORT_OPTS,
     "監査証跡を Excel に書き出す（監査・統括情報セキュリティ責任者・CISO）", false},
    CLI_COMMANDS_END,
};
