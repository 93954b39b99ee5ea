/* kumo export and kumo import: the registers, the 申請一覧 and one 申請書兼許可書 to Excel or CSV, and a register
   kept in Excel into the database (app/exchange.h does the work). */
#include "cli/cmd_exchange.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"

/* The end of an export: says what was written where (rows, and detail such as the encoding), closes the session and
   returns the exit status. */
static int exported(cli_ctx *c, kumo **k, kstatus s, const char *what, const char *out, size_t rows, const char *detail)
{
    if (s) return cli_done(k, s);
    if (!strcmp(out, OUTFILE_STDOUT)) cli_notice(c, "%sを標準出力に出力しました（%zu件%s）", what, rows, detail);
    else cli_notice(c, "%sを %s に出力しました（%zu件%s）", what, out, rows, detail);
    return cli_done(k, s);
}

/* --dept 部局名 as the 部局's id (0 when not given); false after saying the 部局 does not exist. */
static bool dept_option(cli_ctx *c, kumo *k, int64_t *id)
{
    const char *name = cli_opt(c, "--dept");
    *id = 0;
    if (!name) return true;
    if (!q_dept_find(k, name, id)) return true;
    cli_status_error(k, KS_NOTFOUND);
    return false;
}

/* The CP932 report: every character that refused the export, or every replacement made (on stderr, whatever -q). */
static void print_cp932_report(const csv_report *r)
{
    if (!r->total) return;
    if (r->replaced)
        fprintf(stderr, "kumo: CP932 で表せない文字を「〓」に置き換えました（%zu 件）:\n", r->total);
    else
        fprintf(stderr, "kumo: CP932 で表せない文字（%zu 件）:\n", r->total);
    char line[400];
    for (size_t i = 0; i < r->n; i++) {
        csv_report_line(&r->v[i], line, sizeof line);
        fprintf(stderr, "  %s%s\n", line, r->replaced ? " → 〓" : "");
    }
    if (r->total > r->n) fprintf(stderr, "  …ほか %zu 件\n", r->total - r->n);
}

static int export_register(cli_ctx *c)
{
    bool csv = cli_flag(c, "--csv");
    const char *out = cli_output(c, csv ? "csv" : "xlsx");
    if (!out) return CLI_USAGE;
    const char *e = cli_opt(c, "--encoding");
    csv_encoding enc = CSV_ENC_UTF8;
    if (e && (!csv_encoding_parse(e, &enc) || enc == CSV_ENC_AUTO)) {
        cli_error("--encoding は utf-8 又は cp932 で指定してください");
        return CLI_USAGE;
    }
    bool replace = cli_flag(c, "--replace");
    if (replace && enc != CSV_ENC_CP932) {
        cli_error("--replace は --encoding cp932 と共に指定してください（UTF-8 はどの文字もそのまま出力します）");
        return CLI_USAGE;
    }
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    /* the filter of the 台帳 screen: 終了含む, 部局, search */
    kservice_filter f = {.include_terminated = cli_flag(c, "--all"), .search = cli_opt(c, "--search")};
    if (!dept_option(c, k, &f.dept_id)) return cli_done(&k, KS_NOTFOUND);
    size_t rows = 0;
    if (!csv) {
        kstatus s = export_register_xlsx(k, &f, out, &rows);
        return exported(c, &k, s, "承認済みクラウドサービス台帳", out, rows, "");
    }
    csv_report report;
    kstatus s = export_register_csv(k, &f, enc, replace, out, &rows, &report);
    int rc = exported(c, &k, s, "承認済みクラウドサービス台帳", out, rows,
                      enc == CSV_ENC_CP932 ? "、CP932" : "、UTF-8 BOM付き");
    print_cp932_report(&report);
    csv_report_clear(&report);
    return rc;
}

static int export_applications(cli_ctx *c)
{
    const char *out = cli_output(c, "xlsx");
    if (!out) return CLI_USAGE;
    /* the filter of the 申請一覧 screen: 状態, 部局, 機密性, search */
    kapp_filter f = {.search = cli_opt(c, "--search"), .conf = cli_opt(c, "--conf")};
    const char *st = cli_opt(c, "--status");
    if (st && !(f.state = state_code(st))) {
        cli_error("--status は 下書き・申請中・差戻し・承認済・却下 のいずれかで指定してください: %s", st);
        return CLI_USAGE;
    }
    static const char *const CONFS[] = {"1", "2", "3C", "3B", "3c", "3b"};
    if (f.conf) {
        size_t i = 0;
        while (i < sizeof CONFS / sizeof CONFS[0] && strcmp(CONFS[i], f.conf)) i++;
        if (i == sizeof CONFS / sizeof CONFS[0]) {
            cli_error("--conf は 1・2・3C・3B のいずれかで指定してください: %s", f.conf);
            return CLI_USAGE;
        }
        f.conf = CONFS[i % 4];
    }
    /* --fy: the 年度 of the 申請番号 (R8-0001 is of 令和8年度); without it every 年度, as the screen lists them */
    const char *fy = cli_opt(c, "--fy");
    if (fy && !cli_fy(c, "--fy", &f.fy)) return CLI_USAGE;
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    if (!dept_option(c, k, &f.dept_id)) return cli_done(&k, KS_NOTFOUND);
    size_t rows = 0;
    kstatus s = export_applications_xlsx(k, &f, out, &rows);
    return exported(c, &k, s, "申請一覧", out, rows, "");
}

static int export_exceptions(cli_ctx *c)
{
    const char *out = cli_output(c, "xlsx");
    if (!out) return CLI_USAGE;
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    size_t rows = 0;
    kstatus s = export_exceptions_xlsx(k, out, &rows);
    return exported(c, &k, s, "例外措置の一覧", out, rows, "");
}

static int export_form(cli_ctx *c)
{
    const char *no = cli_arg(c, 0);
    const char *out = cli_output(c, "xlsx");
    if (!out) return CLI_USAGE;
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kapp a;
    kstatus s = q_app_by_no(k, no, &a);   /* 申請番号 or 承認番号, any case */
    if (!s) {
        s = export_form_xlsx(k, &a, out);
        if (!s && !strcmp(out, OUTFILE_STDOUT)) cli_notice(c, "申請書兼許可書（%s）を標準出力に出力しました", a.app_no);
        else if (!s) cli_notice(c, "申請書兼許可書（%s）を %s に出力しました", a.app_no, out);
        kapp_clear(&a);
    }
    return cli_done(&k, s);
}

static int export_reviews(cli_ctx *c)
{
    const char *out = cli_output(c, "xlsx");
    /* the filter of the 年次利用状況確認 screen: 年度, 部局, 確認状況 */
    kannual_filter f = {.status = -1};
    if (!out || !cli_fy(c, "--fy", &f.fy)) return CLI_USAGE;
    const char *st = cli_opt(c, "--status");
    if (st && (f.status = annual_parse(st)) < 0) {
        cli_error("--status は 未実施・実施済・要対応 のいずれかで指定してください: %s", st);
        return CLI_USAGE;
    }
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    if (!dept_option(c, k, &f.dept_id)) return cli_done(&k, KS_NOTFOUND);
    size_t rows = 0;
    kstatus s = export_reviews_xlsx(k, &f, out, &rows);
    char what[96];
    date_fy_label(f.fy, what, sizeof what);
    snprintf(what + strlen(what), sizeof what - strlen(what), "の年次利用状況確認");
    return exported(c, &k, s, what, out, rows, "");
}

static int import_register(cli_ctx *c)
{
    const char *file = cli_arg(c, 0);
    const char *e = cli_opt(c, "--encoding");
    import_opts o = {.encoding = CSV_ENC_AUTO, .dry_run = cli_flag(c, "--dry-run"),
                     .create_missing = cli_flag(c, "--create-missing"), .verbose = cli_flag(c, "--verbose")};
    if (e && !csv_encoding_parse(e, &o.encoding)) {
        cli_error("--encoding は auto・utf-8・cp932 のいずれかで指定してください");
        return CLI_USAGE;
    }
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    import_report r;
    kstatus s = import_register_csv(k, file, &o, &r);
    if ((s == KS_OK || s == KS_INVALID) && *r.encoding) {
        printf("取込元: %s（%s）\n", file, r.encoding);
        import_report_print(&r, stdout);
    }
    import_report_clear(&r);
    return cli_done(&k, s);
}

static const cli_option REGISTER_OPTS[] = {
    {"--csv", NULL, "CSV で出力（既定は Excel）", false, NULL, NULL},
    {"--all", NULL, "終了したサービスも含める（台帳画面の「終了含む」）", false, NULL, NULL},
    {"--dept", "部局", "この部局のサービスだけ", false, NULL, NULL},
    {"--search", "文字列", "クラウドサービス名・提供者・承認番号などに含む（台帳画面の検索と同じ）", false, NULL, NULL},
    {"--encoding", "utf-8|cp932", "CSV の文字コード（既定: UTF-8 BOM付き）", false, "--csv", NULL},
    {"--replace", NULL, "CP932 で表せない文字（𠮷、絵文字、© など）を「〓」に置き換えて出力し、置き換えた箇所を報告する", false,
     "--encoding", NULL},
    {"-o", "FILE.xlsx|FILE.csv", "出力先（- は標準出力）。拡張子は形式に合わせる", true, NULL, "--output"},
    CLI_OPTIONS_END,
};

static const cli_option XLSX_OUT[] = {
    {"-o", "FILE.xlsx", "出力先（- は標準出力）", true, NULL, "--output"},
    CLI_OPTIONS_END,
};

static const cli_option APPLICATIONS_OPTS[] = {
    {"--status", "状態", "下書き・申請中・差戻し・承認済・却下 のどれか（申請一覧画面の「状態」）", false, NULL, NULL},
    {"--dept", "部局", "この部局の申請だけ", false, NULL, NULL},
    {"--conf", "機密性", "1・2・3C・3B のどれか", false, NULL, NULL},
    {"--fy", "年度", "申請番号の年度（2026、R8、令和8 など。既定: すべての年度）", false, NULL, NULL},
    {"--search", "文字列", "クラウドサービス名・提供者・申請番号・申請者に含む（申請一覧画面の検索と同じ）", false, NULL, NULL},
    {"-o", "FILE.xlsx", "出力先（- は標準出力）", true, NULL, "--output"},
    CLI_OPTIONS_END,
};

static const cli_option REVIEWS_OPTS[] = {
    {"--fy", "年度", "年度（2026、R8、令和8 など。既定: 今年度）", false, NULL, NULL},
    {"--dept", "部局", "この部局のサービスだけ", false, NULL, NULL},
    {"--status", "確認状況", "未実施・実施済・要対応 のどれか", false, NULL, NULL},
    {"-o", "FILE.xlsx", "出力先（- は標準出力）", true, NULL, "--output"},
    CLI_OPTIONS_END,
};

static const cli_option IMPORT_OPTS[] = {
    {"--dry-run", NULL, "確認して報告するだけで、書き込まない", false, NULL, NULL},
    {"--encoding", "auto|utf-8|cp932", "ファイルの文字コード（既定: auto）", false, NULL, NULL},
    {"--create-missing", NULL, "ない部局とクラウドサービス管理者を作成する", false, NULL, NULL},
    {"--verbose", NULL, "報告にすべての行（取込予定・スキップ）を載せる（既定は誤りと注意と件数）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_EXCHANGE_COMMANDS[] = {
    {"export", "register", export_register, NULL, REGISTER_OPTS,
     "承認済みクラウドサービス台帳を Excel 又は CSV に出力（--all: 終了したサービスも）", false},
    {"export", "applications", export_applications, NULL, APPLICATIONS_OPTS,
     "申請一覧を Excel に出力（--status・--dept・--conf・--fy・--search で絞り込む）", false},
    {"export", "form", export_form, "申請番号|承認番号", XLSX_OUT, "申請書兼許可書（確認事項・履歴付き）を Excel に出力", false},
    {"export", "reviews", export_reviews, NULL, REVIEWS_OPTS,
     "年次利用状況確認（年度別、部局・状況の集計付き）を Excel に出力", false},
    {"export", "exceptions", export_exceptions, NULL, XLSX_OUT,
     "例外措置の一覧（ポリシー004 §7-4(3)、CISO・統括・監査）を Excel に出力", false},
    {"import", "register", import_register, "FILE.csv", IMPORT_OPTS, "既存の台帳 CSV を取込", false},
    CLI_COMMANDS_END,
};
