/* kumo regulation: the yearly review of the regulation itself (規定003 §5 — the 統括情報セキュリティ責任者 reviews it at
   least once a year). `review` records who, when, which versions of the 確認事項 templates and the outcome;
   `list` shows every review and when the next is due. app/regulation.h checks the policy. */
#include "cli/cmd_regulation.h"

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

static int cmd_review(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    int64_t id = 0;
    kstatus s = regulation_review_record(k, cli_opt(c, "--date"), cli_opt(c, "--outcome"), cli_opt(c, "--note"), &id);
    if (!s) {
        char due[11];
        regulation_review_due(k, due);
        cli_notice(c, "規定の見直しを記録しました（規定003 §5）。次回の見直し期限: %s", due);
    }
    return cli_done(&k, s);
}

/* One review a line: 見直しの日, 見直した人, 確認事項の版, 結果, 見直しの内容; then the next due date. */
static int cmd_list(cli_ctx *c)
{
    kumo *k = cli_session(c);
    if (!k) return CLI_ERROR;
    kregreview *v = NULL;
    size_t n = 0;
    kstatus s = regulation_review_list(k, &v, &n);
    for (size_t i = 0; !s && i < n; i++) {
        const char *f[] = {v[i].reviewed_on, v[i].reviewer, v[i].versions, v[i].outcome, v[i].note};
        for (size_t j = 0; j < sizeof f / sizeof f[0]; j++) {
            if (j) putchar('\t');
            print_clean(f[j]);
        }
        putchar('\n');
    }
    if (!s) {
        if (n) {
            char due[11] = "";
            kdate d;
            if (date_parse(v[0].reviewed_on, &d)) date_format(date_add_months(d, 12), due, sizeof due);
            char today[11];
            date_format(date_today(), today, sizeof today);
            printf("規定の見直し %zu件、次回の見直し期限 %s%s\n", n, due, strcmp(due, today) < 0 ? "（超過）" : "");
        } else {
            printf("規定の見直しの記録はまだありません（少なくとも年に一度: 規定003 §5）\n");
        }
    }
    kregreview_free(&v);
    return cli_done(&k, s);
}

static const cli_option REVIEW_OPTS[] = {
    {"--date", "見直しの日", "見直した日（今日以前）", true, NULL, NULL},
    {"--outcome", "改訂不要|改訂する", "見直しの結果", true, NULL, NULL},
    {"--note", "内容", "確かめたこと、改訂するなら何を（400字以内）", true, NULL, NULL},
    CLI_OPTIONS_END,
};

const cli_command CLI_REGULATION_COMMANDS[] = {
    {"regulation", "list", cmd_list, NULL, NULL,
     "規定（確認事項のテンプレート）の見直しの記録と次回の期限（規定003 §5。統括・CISO・監査）", true},
    {"regulation", "review", cmd_review, NULL, REVIEW_OPTS,
     "規定の年1回以上の見直しを記録する: 見直した人・日・確認事項の版・結果（規定003 §5、統括情報セキュリティ責任者）",
     false},
    CLI_COMMANDS_END,
};
