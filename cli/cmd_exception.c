/* kumo exception: the CISO's steps on the 例外措置 (ポリシー004 §7-4) and the register of them. Each finds the
   application or the exception through app/ (which applies who may see it) and calls app/exception.h, which checks
   the policy. */
#include "cli/cmd_exception.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "forms/text.h"

static void print_clean(const char *s)
{
    char *clean = text_sanitize(s);
    fputs(clean ? clean : "", stdout);
    free(clean);
}

/* One exception as a line: 番号, 状態, 対象, 申請番号, 承認番号, サービス名, 有効期限, 次回確認日, CISO. */
static void exception_line(const kexception *e)
{
    const char *f[] = {e->exc_no, exc_state_label(e->state), e->kind, e->app_no, e->approval_no, e->service_name,
                       e->valid_until, e->recheck_on, *e->ciso ? e->ciso : "－"};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (i) putchar('\t');
        print_clean(*f[i] ? f[i] : "－");
    }
    putchar('\n');
}

static int cmd_list(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kstatus s = KS_OK;
    if (cli_flag(c, "--waiting")) {
        /* the applications waiting for the CISO's decision (§7-4(1)) */
        kexc_wait rows[100];
        int n = 0;
        int64_t total = 0;
        s = exc_waiting(k, 100, rows, &n, &total);
        for (int i = 0; !s && i < n; i++) {
            const char *f[] = {rows[i].app_no, rows[i].service_name, rows[i].dept, rows[i].applied_on};
            for (size_t j = 0; j < 4; j++) {
                if (j) putchar('\t');
                print_clean(f[j]);
            }
            putchar('\n');
        }
        if (!s) printf("例外措置の許可待ち %lld件\n", (long long)total);
        return cli_done(&k, s);
    }
    bool open_only = cli_flag(c, "--open");
    kexception *page = malloc(50 * sizeof *page);
    if (!page) return cli_done(&k, KS_NOMEM);
    int64_t before = 0, count = 0;
    for (;;) {
        int n = 0;
        if ((s = exc_page(k, open_only, before, 0, 50, page, &n))) break;
        for (int i = 0; i < n; i++) exception_line(&page[i]);
        count += n;
        if (n < 50) break;
        before = page[n - 1].id;
    }
    free(page);
    if (!s) printf("例外措置 %lld件%s\n", (long long)count, open_only ? "（効力のあるもの・事後報告待ち）" : "");
    return cli_done(&k, s);
}

/* The start of grant and refuse: the session and the application named by the first argument. */
static kumo *open_app(cli_ctx *c, kapp *a)
{
    const char *no = cli_arg(c, 0);
    if (!no) return NULL;
    kumo *k = cli_session(c);
    if (!k) return NULL;
    kstatus s = q_app_by_no(k, no, a);
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
    }
    return k;
}

static exc_input input_of(cli_ctx *c)
{
    return (exc_input){.reason = cli_opt(c, "--reason"), .conditions = cli_opt(c, "--conditions"),
                       .valid_until = cli_opt(c, "--until"), .recheck_on = cli_opt(c, "--recheck")};
}

/* The 例外措置 of a service's 廃棄方法 (§8-3(8)③): kumo exception grant 承認番号 --disposal-method M … */
static int grant_disposal(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kservice sv;
    kstatus s = q_service_by_no(k, cli_arg(c, 0), &sv);
    exc_input in = input_of(c);
    kexception *e = s ? NULL : malloc(sizeof *e);
    if (!s) s = e ? exc_grant_disposal(k, &sv, cli_opt(c, "--disposal-method"), &in, e) : KS_NOMEM;
    if (!s)
        cli_notice(c, "%s（%s）の廃棄方法の例外措置を許可しました: %s（有効期限 %s）", sv.approval_no, sv.name, e->exc_no,
                   e->valid_until);
    free(e);
    return cli_done(&k, s);
}

static int cmd_grant(cli_ctx *c)
{
    if (!cli_arg(c, 0)) return cli_usage_error(c);
    if (cli_opt(c, "--disposal-method")) return grant_disposal(c);
    kapp a;
    kumo *k = open_app(c, &a);
    if (!k) return CLI_ERROR;
    exc_input in = input_of(c);
    kexception *e = malloc(sizeof *e);
    kstatus s = e ? exc_grant(k, &a, &in, e) : KS_NOMEM;
    if (!s)
        cli_notice(c, "%s（%s）の例外措置を許可しました: %s（有効期限 %s、次回確認日 %s）。統括情報セキュリティ責任者が審査します",
                   a.app_no, a.v[FF_SERVICE_NAME], e->exc_no, e->valid_until, e->recheck_on);
    free(e);
    kapp_clear(&a);
    return cli_done(&k, s);
}

static int cmd_refuse(cli_ctx *c)
{
    if (!cli_arg(c, 0)) return cli_usage_error(c);
    kapp a;
    kumo *k = open_app(c, &a);
    if (!k) return CLI_ERROR;
    kexception *e = malloc(sizeof *e);
    kstatus s = e ? exc_refuse(k, &a, cli_opt(c, "--reason"), e) : KS_NOMEM;
    if (!s) cli_notice(c, "%s（%s）の例外措置を許可しませんでした: %s", a.app_no, a.v[FF_SERVICE_NAME], e->exc_no);
    free(e);
    kapp_clear(&a);
    return cli_done(&k, s);
}

/* The start of report and recheck: the session and the exception named by the first argument (its number, or the
   申請番号 / 承認番号 of what it is about). */
static kumo *open_exception(cli_ctx *c, kexception *e)
{
    kumo *k = cli_session(c);
    if (!k) return NULL;
    kstatus s = exc_find(k, cli_arg(c, 0), e);
    if (s) {
        cli_status_error(k, s);
        kumo_close(&k);
    }
    return k;
}

static int cmd_report(cli_ctx *c)
{
    if (!cli_arg(c, 0)) return cli_usage_error(c);
    kexception *e = malloc(sizeof *e);
    if (!e) return CLI_ERROR;
    kumo *k = open_exception(c, e);
    if (!k) {
        free(e);
        return CLI_ERROR;
    }
    exc_input in = input_of(c);
    kstatus s = exc_report(k, e->id, &in);
    if (!s)
        cli_notice(c, "%s（%s %s）の緊急承認の事後報告を記録しました（ポリシー004 §7-4(2)）", e->exc_no, e->app_no,
                   e->service_name);
    free(e);
    return cli_done(&k, s);
}

static int cmd_recheck(cli_ctx *c)
{
    if (!cli_arg(c, 0)) return cli_usage_error(c);
    kexception *e = malloc(sizeof *e);
    if (!e) return CLI_ERROR;
    kumo *k = open_exception(c, e);
    if (!k) {
        free(e);
        return CLI_ERROR;
    }
    kstatus s = exc_recheck(k, e->id, cli_opt(c, "--date"), cli_opt(c, "--next"), cli_opt(c, "--until"),
                            cli_opt(c, "--note"));
    if (!s) cli_notice(c, "%s の定期確認を記録しました。次回確認日: %s", e->exc_no, cli_opt(c, "--next"));
    free(e);
    return cli_done(&k, s);
}

static const cli_option LIST_OPTS[] = {
    {"--open", NULL, "効力のある例外措置と事後報告待ちだけ", false, NULL, NULL},
    {"--waiting", NULL, "CISOの許可待ちの申請（例外措置を要する申請中のもの）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

#define EXC_INPUT_OPTS                                                                                          \
    {"--reason", "理由", "例外措置とする合理的な理由（ポリシー004 §7-4(1)）", true, NULL, NULL},                      \
    {"--conditions", "条件", "例外措置の間に守る条件", true, NULL, NULL},                                          \
    {"--until", "有効期限", "有効期限（今日より後）", true, NULL, NULL},                                           \
    {"--recheck", "次回確認日", "次回の定期確認日（有効期限以前、利用状況確認の間隔以内）", true, NULL, NULL}

static const cli_option GRANT_OPTS[] = {
    EXC_INPUT_OPTS,
    {"--disposal-method", "削除方法", "承認番号を指定し、廃棄・削除を暗号化消去以外（上書き消去など）で行うことを許可する"
                                     "（ポリシー004 §8-3(8)③）", false, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option REPORT_OPTS[] = {
    EXC_INPUT_OPTS,
    CLI_OPTIONS_END,
};

static const cli_option REFUSE_OPTS[] = {
    {"--reason", "理由", "許可しない理由", true, NULL, NULL},
    CLI_OPTIONS_END,
};

static const cli_option RECHECK_OPTS[] = {
    {"--date", "確認日", "確認日（今日以前）", true, NULL, NULL},
    {"--next", "次回確認日", "次回の定期確認日", true, NULL, NULL},
    {"--until", "有効期限", "有効期限を改める場合の新しい日付", false, NULL, NULL},
    {"--note", "確認結果", "確認の結果（条件が守られているか、例外措置が引き続き必要か）", true, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_EXCEPTION_COMMANDS[] = {
    {"exception", "list", cmd_list, NULL, LIST_OPTS,
     "例外措置の一覧: 申請・サービス・有効期限・次回確認日（ポリシー004 §7-4(3)）", true},
    {"exception", "grant", cmd_grant, "申請番号|承認番号", GRANT_OPTS,
     "例外措置を許可する（CISO、ポリシー004 §7-4(1)）。承認番号と --disposal-method では廃棄方法の例外措置", false},
    {"exception", "refuse", cmd_refuse, "申請番号", REFUSE_OPTS, "例外措置を許可しない（CISO）", false},
    {"exception", "report", cmd_report, "例外措置番号|申請番号", REPORT_OPTS,
     "緊急承認の事後報告を記録する（CISO、ポリシー004 §7-4(2)）", false},
    {"exception", "recheck", cmd_recheck, "例外措置番号|申請番号|承認番号", RECHECK_OPTS,
     "例外措置の定期確認を記録する（CISO、ポリシー004 §7-4(3)）", false},
    CLI_COMMANDS_END,
};
