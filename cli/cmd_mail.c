/* kumo remind (app/remind.c: the mail due today, through sendmail, remembered) and kumo setting (the settings of the
   database: mail and the time zone, which the システム管理者 changes, and the 利用状況確認の間隔, which the 統括・CISO
   set: app/policy.c). */
#include "cli/cmd_mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A dry run shows each mail as it would be sent: the address, the subject and the body. */
static void show_mail(void *ctx, const kremind_mail *m)
{
    (void)ctx;
    char listed[64] = "";
    if (m->listed < m->items) snprintf(listed, sizeof listed, "、記載 %zu件", m->listed);
    printf("---- %s <%s>（%zu件%s）\n件名: %s\n\n%s\n", m->to_name, *m->to ? m->to : "メールアドレスなし", m->items,
           listed, m->subject, m->body);
}

static int cmd_remind(cli_ctx *c)
{
    bool dry = cli_flag(c, "--dry-run");
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kremind_report r;
    kstatus s = remind_run(k, dry, dry ? show_mail : NULL, NULL, &r);
    if (r.no_address)
        cli_error("メールアドレスのない利用者 %zu 人には送れません: %s（kumo user set ログイン名 --mail アドレス）",
                  r.no_address, r.no_address_logins);
    if (!s && r.mails) {
        /* the items a mail did not list (beyond REMIND_LIST_MAX a section) are listed by a later run */
        char listed[128] = "";
        if (r.listed < r.items)
            snprintf(listed, sizeof listed, "、うち %zu 件を記載。残りは次回以降に", r.listed);
        if (dry) cli_notice(c, "（ドライラン: %zu 通、%zu 件%s。送信も記録もしていません）", r.mails, r.items, listed);
        else cli_notice(c, "期限のお知らせを %zu 通（%zu 件%s）送りました", r.mails, r.items, listed);
    }
    return cli_done(&k, s);
}

/* ---- kumo setting ---- */

static const char *const SETTING_KEYS[] = {"mail_from", "sendmail", "review_interval_months", "timezone", NULL};

static int cmd_setting_list(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    char why[256];
    if (!policy_may_administer(kumo_me(k), why, sizeof why)) {
        cli_error("%s", why);
        kumo_close(&k);
        return CLI_ERROR;
    }
    char from[256], sendmail[1024];
    remind_settings(k, from, sizeof from, sendmail, sizeof sendmail);
    printf("mail_from\t%s\nsendmail\t%s\nreview_interval_months\t%d\ntimezone\t%s\n", from, sendmail,
           kumo_review_interval(k), kumo_timezone(k));
    kumo_close(&k);
    return CLI_OK;
}

static int cmd_setting_set(cli_ctx *c)
{
    const char *key = cli_arg(c, 0), *value = cli_arg(c, 1);
    size_t i = 0;
    while (SETTING_KEYS[i] && strcmp(SETTING_KEYS[i], key)) i++;
    if (!SETTING_KEYS[i]) {
        cli_error("設定「%s」はありません（mail_from, sendmail, review_interval_months, timezone）", key);
        return CLI_USAGE;
    }
    long months = 0;
    if (!strcmp(key, "review_interval_months")) {
        char *end;
        months = strtol(value, &end, 10);
        if (!*value || *end || months < 1 || months > KUMO_REVIEW_INTERVAL_MAX) {
            cli_error("review_interval_months は 1〜%d の月数で指定してください（利用状況確認は少なくとも年1回: 規定003 §4(8)）",
                      KUMO_REVIEW_INTERVAL_MAX);
            return CLI_USAGE;
        }
    }
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kstatus s = !strcmp(key, "mail_from")  ? remind_set_from(k, value)
                : !strcmp(key, "sendmail") ? remind_set_sendmail(k, value)
                : !strcmp(key, "timezone") ? admin_set_timezone(k, value)
                                           : admin_set_review_interval(k, (int)months);
    if (!s) cli_notice(c, "設定 %s を「%s」にしました", key, value);
    return cli_done(&k, s);
}

static const cli_option REMIND_OPTS[] = {
    {"--dry-run", NULL, "送るメールを表示するだけで、送信も記録もしない", false, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_MAIL_COMMANDS[] = {
    {"remind", NULL, cmd_remind, NULL, REMIND_OPTS,
     "期限（30・7・0日前、過ぎてからは毎週）と承認待ちを管理者・部局長・統括にメールで知らせる（cron 向け、同じ知らせは二度送らない）",
     false},
    {"setting", "list", cmd_setting_list, NULL, NULL, "設定の一覧（システム管理者）", true},
    {"setting", "set", cmd_setting_set, "KEY VALUE", NULL,
     "設定を変更（mail_from、sendmail、timezone はシステム管理者。review_interval_months は1〜12か月で統括・CISO）",
     false},
    CLI_COMMANDS_END,
};
