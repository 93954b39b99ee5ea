/* On the application screen: the printable 申請書兼許可書 as an Excel workbook. */
#include "ui/app_ext_export.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/exchange.h"
#include "ui/dialog.h"
#include "ui/screen_app.h"

static bool loaded(const screen *s) { return screen_app_kapp(s) != NULL; }

static int export_form(screen *s)
{
    kapp *a = screen_app_kapp(s);
    if (!a) return UI_HANDLED;
    char def[256];
    snprintf(def, sizeof def, "申請書兼許可書_%s.xlsx", *a->app_no ? a->app_no : "下書き");
    char *path = ui_prompt_path("申請書兼許可書の出力先", "Excel ファイル（A4縦・和暦）。既存のファイルは完成後に置き換えます", def);
    if (!path) return UI_HANDLED;
    kstatus st = export_form_xlsx(UI.k, a, path);
    if (st) ui_fail(st);
    else ui_info("申請書兼許可書を %s に出力しました", path);
    free(path);
    screen_app_reload(s);
    return UI_HANDLED;
}

const ui_action APP_EXT_EXPORT_FORM = {
    {'x'}, "Excel出力", "この申請書兼許可書（確認事項・履歴を含む）を Excel に出力する", export_form, loaded,
};
