/* 確認事項: answer each item 適合 / 不適合 / 該当なし with 確認内容・対策; 不適合 asks for its reason. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"
#include "ui/ui.h"

/* Two modes: bound to an application (each change saved with wf_set_answer), or editing an array in memory that
   its owner saves later (the 運用・保守時 / 更改・廃棄時 checklists of a review or a termination report). */
typedef struct ckscr {
    int64_t id;              /* application, or 0 in memory */
    kapp a;
    bool loaded;
    ck_answer *ans;
    size_t n;
    int sel, first;
    bool mem, mem_editable;
    char mem_title[256], mem_sub[256];
} ckscr;

static const ui_action ACTIONS_EDIT[] = {
    {"1", "適合", "選んだ項目を「適合」にする"},
    {"2", "不適合", "「不適合」にする（理由: リスク受容 又は 例外措置（ポリシー004 §7-4）と確認内容が必要）"},
    {"3", "該当なし", "「該当なし」にする"},
    {"0", "未回答", "回答を消す"},
    {"Enter", "確認内容", "確認内容・対策（リスクの低減策など）を入力する"},
    {"r", "理由", "不適合の理由（リスク受容 / 例外措置）を選ぶ"},
    {NULL, NULL, NULL},
};
static const ui_action ACTIONS_VIEW[] = {
    {"Enter", "全文", "選んだ項目の全文と確認内容を表示する"},
    {NULL, NULL, NULL},
};

static void load(ckscr *c)
{
    if (c->mem) {
        c->loaded = true;
        return;
    }
    if (c->loaded) kapp_free(&c->a);
    checklist_answers_free(c->ans, c->n);
    c->ans = NULL;
    c->n = 0;
    c->loaded = q_app(UI.k, c->id, &c->a) == KS_OK;
    if (!c->loaded) return;
    if (q_answers(UI.k, &c->a, &c->ans, &c->n)) ui_fail(KS_ERROR);
    if (c->sel >= (int)c->n) c->sel = c->n ? (int)c->n - 1 : 0;
}

static bool editable(ckscr *c)
{
    if (c->mem) return c->mem_editable;
    return c->loaded && kumo_can(UI.k, ACT_EDIT, &c->a);
}

static void draw(screen *s)
{
    ckscr *c = s->st;
    if (!c->loaded) return;
    size_t answered, missing, nonconf;
    checklist_progress(c->ans, c->n, &answered, &missing, &nonconf);
    char title[512], right[128];
    if (c->mem) snprintf(title, sizeof title, "%s", c->mem_title);
    else snprintf(title, sizeof title, "確認事項 %s %s", c->a.app_no, c->a.v[FF_SERVICE_NAME]);
    snprintf(right, sizeof right, "回答 %zu/%zu 必須未回答 %zu 不適合 %zu", answered, c->n, missing, nonconf);
    ui_title(title, right);
    int y = ui_top();
    if (c->n == 0) {
        ui_puts(y, 1, "確認事項がありません。申請書の「機密性」を選ぶと、区分に応じた確認事項が表示されます。", ui_attr_dim());
        return;
    }
    char tmpl[512];
    if (c->mem) snprintf(tmpl, sizeof tmpl, "%s", c->mem_sub);
    else snprintf(tmpl, sizeof tmpl, "%s（版 %s）", c->a.ck_name, c->a.ck_version);
    ui_put(y++, 1, UI.cols - 2, tmpl, ui_attr_dim());
    int ha = ui_attr_header();
    ui_put(y, 1, 9, "番号", ha);
    ui_put(y, 11, 8, "回答", ha);
    ui_put(y, 20, UI.cols - 21, "確認事項", ha);
    y++;
    int detail = 6;
    int rows = ui_bottom() - y + 1 - detail;
    if (rows < 3) rows = 3;
    if (c->sel < c->first) c->first = c->sel;
    if (c->sel >= c->first + rows) c->first = c->sel - rows + 1;
    for (int i = 0; i < rows && c->first + i < (int)c->n; i++) {
        const ck_answer *a = &c->ans[c->first + i];
        bool sel = c->first + i == c->sel;
        int attr = sel ? ui_attr_selected() : 0;
        int aattr = attr;
        const char *ansl = *a->answer ? a->answer : a->required ? "未回答" : "（任意）";
        if (!sel) {
            if (!strcmp(a->answer, "不適合")) aattr = ui_attr_warn();
            else if (!*a->answer && a->required) aattr = ui_attr_flag();
        }
        ui_put(y + i, 0, UI.cols, "", attr);
        ui_put(y + i, 1, 9, a->code, attr);
        ui_put(y + i, 11, 8, ansl, aattr);
        ui_put(y + i, 20, UI.cols - 21, a->text, attr);
    }
    /* the selected item in full */
    int dy = ui_bottom() - detail + 1;
    ui_hline(dy - 1 >= y ? dy - 1 : dy);
    const ck_answer *a = &c->ans[c->sel];
    char line[1024];
    snprintf(line, sizeof line, "%s %s%s", a->section, a->code, a->required ? "（必須）" : "");
    ui_put(dy, 1, UI.cols - 2, line, A_BOLD);
    /* the text over two lines, cut at a character boundary */
    int w = UI.cols - 2;
    char first[1024];
    text_fit(first, sizeof first, a->text, w, false);
    ui_put(dy + 1, 1, w, first, 0);
    if (strlen(first) < strlen(a->text)) {
        size_t used = strlen(first);
        if (used && first[used - 1] == '~') used--;
        ui_put(dy + 2, 1, w, a->text + used, 0);
    }
    /* the 確認内容・対策 over two lines (the rest with Enter), then the reason of a 不適合 */
    snprintf(line, sizeof line, "確認内容・対策: %s", *a->note ? a->note : "（未記入）");
    int nl = 0;
    char **lines = ui_wrap_lines(line, w, &nl);
    for (int i = 0; i < nl && i < 2; i++) {
        char shown[1024];
        text_fit(shown, sizeof shown, lines[i], w, false);
        if (i == 1 && nl > 2) {
            /* more follows: the second line ends with ~ */
            text_fit(shown, sizeof shown, lines[i], w - 1, false);
            size_t len = strlen(shown);
            if (!len || shown[len - 1] != '~') strncat(shown, "~", sizeof shown - len - 1);
        }
        ui_put(dy + 3 + i, 1, w, shown, *a->note ? 0 : ui_attr_dim());
    }
    ui_wrap_free(lines, nl);
    if (!strcmp(a->answer, "不適合")) {
        snprintf(line, sizeof line, "理由: %s", *a->reason ? a->reason : "（未選択: r で選ぶ）");
        ui_put(dy + 5, 1, w, line, *a->reason ? ui_attr_warn() : ui_attr_flag());
    }
}

static char *xdup(const char *s) { return strdup(s ? s : ""); }

/* Saves answer/note/reason of the selected item; any NULL keeps the current value. */
static void save(ckscr *c, const char *answer, const char *note, const char *reason)
{
    ck_answer a = c->ans[c->sel];
    a.answer = xdup(answer ? answer : c->ans[c->sel].answer);
    a.note = xdup(note ? note : c->ans[c->sel].note);
    a.reason = xdup(reason ? reason : c->ans[c->sel].reason);
    if (a.answer && strcmp(a.answer, "不適合")) {
        free(a.reason);
        a.reason = xdup("");
    }
    if (c->mem) {
        ck_answer *dst = &c->ans[c->sel];
        free(dst->answer);
        free(dst->note);
        free(dst->reason);
        dst->answer = a.answer;
        dst->note = a.note;
        dst->reason = a.reason;
        char m[320];
        const char *problem = checklist_check_answer(dst, m, sizeof m);
        if (problem && *dst->answer) ui_error("%s", problem);
        else ui_info("%s: 記入しました（保存は元の画面で行います）", dst->code);
        return;
    }
    kstatus s = wf_set_answer(UI.k, &c->a, &a);
    free(a.answer);
    free(a.note);
    free(a.reason);
    int sel = c->sel;
    load(c);
    c->sel = sel;
    if (s) {
        ui_fail(s);
        return;
    }
    char m[320];
    const char *problem = checklist_check_answer(&c->ans[c->sel], m, sizeof m);
    if (problem && *c->ans[c->sel].answer) ui_error("%s", problem);
    else ui_info("%s: 保存しました", c->ans[c->sel].code);
}

static void edit_note(ckscr *c)
{
    char title[256];
    snprintf(title, sizeof title, "確認内容・対策 %s", c->ans[c->sel].code);
    char *v = ui_prompt(title, "確認した資料・リスクの低減策など（400文字以内）", c->ans[c->sel].note, 400);
    if (!v) return;
    save(c, NULL, v, NULL);
    free(v);
}

static bool choose_reason(ckscr *c)
{
    int cur = -1;
    for (int i = 0; CK_REASONS[i]; i++)
        if (!strcmp(CK_REASONS[i], c->ans[c->sel].reason)) cur = i;
    int r = ui_choose("不適合の理由（ポリシー004 §7-4）", CK_REASONS, 2, cur);
    if (r < 0) return false;
    save(c, NULL, NULL, CK_REASONS[r]);
    return true;
}

static int on_key(screen *s, wint_t ch, bool fkey)
{
    ckscr *c = s->st;
    if (!c->loaded) return UI_UNHANDLED;
    int n = (int)c->n;
    if (fkey) {
        if (ch == KEY_UP && c->sel > 0) c->sel--;
        else if (ch == KEY_DOWN && c->sel < n - 1) c->sel++;
        else if (ch == KEY_NPAGE) c->sel = c->sel + 10 < n ? c->sel + 10 : n - 1;
        else if (ch == KEY_PPAGE) c->sel = c->sel > 10 ? c->sel - 10 : 0;
        else if (ch == KEY_ENTER) goto enter;
        return UI_HANDLED;
    }
    if (n == 0) return UI_UNHANDLED;
    bool edit = editable(c);
    switch (ch) {
    case 'k': if (c->sel > 0) c->sel--; return UI_HANDLED;
    case 'j': if (c->sel < n - 1) c->sel++; return UI_HANDLED;
    case '\r':
    case '\n': goto enter;
    case '1':
    case '3':
    case '0':
        if (!edit) break;
        save(c, ch == '1' ? "適合" : ch == '3' ? "該当なし" : "", NULL, NULL);
        if (ch != '0' && c->sel < n - 1 && !UI.msg_error) c->sel++;
        return UI_HANDLED;
    case '2':
        if (!edit) break;
        save(c, "不適合", NULL, NULL);
        if (choose_reason(c) && !*c->ans[c->sel].note) edit_note(c);
        return UI_HANDLED;
    case 'r':
        if (!edit) break;
        if (strcmp(c->ans[c->sel].answer, "不適合")) {
            ui_error("理由は「不適合」の項目にだけ記入します");
            return UI_HANDLED;
        }
        choose_reason(c);
        return UI_HANDLED;
    default: return UI_UNHANDLED;
    }
    if (c->mem) {
        ui_error("この確認事項は閲覧のみです");
        return UI_HANDLED;
    }
    kumo_check(UI.k, ACT_EDIT, &c->a);
    ui_fail(KS_DENIED);
    return UI_HANDLED;
enter:
    if (n == 0) return UI_HANDLED;
    if (editable(c)) {
        edit_note(c);
    } else {
        const ck_answer *a = &c->ans[c->sel];
        char t[4096];
        snprintf(t, sizeof t, "%s %s\n\n%s\n\n回答: %s\n確認内容・対策: %s\n%s%s", a->section, a->code, a->text,
                 *a->answer ? a->answer : "未回答", a->note, *a->reason ? "理由: " : "", a->reason);
        ui_show_text("確認事項", t);
    }
    return UI_HANDLED;
}

static void on_show(screen *s)
{
    ckscr *c = s->st;
    load(c);
    s->actions = editable(c) ? ACTIONS_EDIT : ACTIONS_VIEW;
}

static void close_(screen *s)
{
    ckscr *c = s->st;
    if (!c->mem) {
        if (c->loaded) kapp_free(&c->a);
        checklist_answers_free(c->ans, c->n);
    }
    free(c);
}

static const screen_ops OPS = {"確認事項", draw, on_key, on_show, close_, ACTIONS_EDIT};

screen *screen_checklist_new(int64_t app_id)
{
    ckscr *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->id = app_id;
    return ui_new_screen(&OPS, c, NULL);
}

screen *screen_checklist_mem_new(const char *title, const char *subtitle, ck_answer *ans, size_t n, bool editable)
{
    ckscr *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->mem = true;
    c->mem_editable = editable;
    c->ans = ans;
    c->n = n;
    snprintf(c->mem_title, sizeof c->mem_title, "%s", title);
    snprintf(c->mem_sub, sizeof c->mem_sub, "%s", subtitle ? subtitle : "");
    return ui_new_screen(&OPS, c, title);
}
