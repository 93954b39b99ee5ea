/* 台帳の取込 from the UI: the dry-run report is shown first; nothing is written until the user agrees. */
#include "ui/import_register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "ui/dialog.h"
#include "ui/ui.h"

/* The report as the command line prints it, for the text viewer. */
static char *report_text(const import_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return NULL;
    import_report_print(r, f);
    fclose(f);
    return buf;
}

void ui_import_register(void)
{
    char why[512];
    if (!policy_may_import(kumo_me(UI.k), why, sizeof why)) {
        ui_error("%s", why);
        return;
    }
    char *path = ui_prompt_path("取り込む台帳の CSV ファイル",
                                "台帳の出力と同じ見出し（順不同）。CP932・UTF-8 は自動判別します。Tab でファイル名を補完", "");
    if (!path) return;
    const char *const modes[] = {"ない部局・管理者があれば誤りとして報告する", "ない部局・管理者は作成する"};
    int m = ui_choose("部局・クラウドサービス管理者が見つからないとき", modes, 2, 0);
    if (m < 0) {
        free(path);
        return;
    }
    import_opts o = {.encoding = CSV_ENC_AUTO, .dry_run = true, .create_missing = m == 1};
    import_report r = {0};
    kstatus s = import_register_csv(UI.k, path, &o, &r);
    char *text = report_text(&r);
    ui_show_text("取込の確認（ドライラン: まだ何も書き込んでいません）", text ? text : "");
    free(text);
    char summary[512];
    import_report_summary(&r, summary, sizeof summary);
    bool bad = s != KS_OK || r.bad_rows > 0;
    size_t to_add = r.added;
    import_report_clear(&r);
    if (bad) {
        ui_error("取り込めません（誤りのある行を直してから、もう一度取り込んでください）: %s", summary);
        free(path);
        return;
    }
    if (to_add == 0) {
        ui_info("取り込む新しい行はありません: %s", summary);
        free(path);
        return;
    }
    char q[256];
    snprintf(q, sizeof q, "%zu件を承認済みクラウドサービスとして取り込みますか？", to_add);
    if (!ui_confirm(q)) {
        free(path);
        return;
    }
    o.dry_run = false;
    memset(&r, 0, sizeof r);
    s = import_register_csv(UI.k, path, &o, &r);
    import_report_summary(&r, summary, sizeof summary);
    if (s || !r.written) ui_error("取り込めませんでした（何も書き込んでいません）: %s", *kumo_last_error(UI.k) ? kumo_last_error(UI.k) : summary);
    else ui_info("取り込みました: %s", summary);
    import_report_clear(&r);
    free(path);
}
