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
    ui_list list;
    bool mem, mem_editable;
    char mem_title[256], mem_sub[256];
} ckscr;

static void load(ckscr *c)
{
    if (c->mem) {
        c->loaded = true;
        c->list.n = (int)c->n;
        ui_list_clamp(&c->list);
        return;
    }
    if (c->loaded) kapp_free(&c->a);
    checklist_answers_free(&c->ans, c->n);
    c->ans = NULL;
    c->n = 0;
    c->loaded = q_app(UI.k, c->id, &c->a) == KS_OK;
    if (!c->loaded) return;
    if (q_answers(UI.k, &c->a, &c->ans, &c->n)) ui_fail(KS_ERROR);
    c->list.n = (int)c->n;
    ui_list_clamp(&c->list);
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
    ui_put(y, 20, UI.cols - 22, "確認事項", ha);
    y++;
    int detail = 6;
    int rows = ui_bottom() - y + 1 - detail;
    if (rows < 3) rows = 3;
    ui_list_draw(&c->list, y, rows);
    /* the selected item in full */
    int dy = ui_bottom() - detail + 1;
    ui_hline(dy - 1 >= y ? dy - 1 : dy);
    int sel = ui_list_sel(&c->list);
    if (sel < 0) return;
    const ck_answer *a = &c->ans[sel];
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
        /* a 不適合 is an 例外措置: approval waits for the CISO's permission (004 §7-4) */
        snprintf(line, sizeof line, "理由: %s", !strcmp(a->reason, CK_REASON_LEGACY) ? checklist_reason_label(a->reason)
                                                : "例外措置（承認の前にCISOの許可が必要: ポリシー004 §7-4）");
        ui_put(dy + 5, 1, w, line, ui_attr_warn());
    }
}

static void draw_row(void *ctx, int i, int y, bool sel)
{
    const ckscr *c = ctx;
    const ck_answer *a = &c->ans[i];
    int attr = sel ? ui_attr_selected() : 0;
    int aattr = attr;
    const char *ansl = *a->answer ? a->answer : a->required ? "未回答" : "（任意）";
    if (!sel) {
        if (!strcmp(a->answer, "不適合")) aattr = ui_attr_warn();
        else if (!*a->answer && a->required) aattr = ui_attr_flag();
    }
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, 1, 9, a->code, attr);
    ui_put(y, 11, 8, ansl, aattr);
    ui_put(y, 20, UI.cols - 22, a->text, attr);
}

static char *xdup(const char *s) { return strdup(s ? s : ""); }

/* Saves the answer and note of the selected item (NULL keeps the current value); a 不適合 is an 例外措置. */
static void save(ckscr *c, const char *answer, const char *note)
{
    int sel = ui_list_sel(&c->list);
    if (sel < 0) return;
    ck_answer a = c->ans[sel];
    a.answer = xdup(answer ? answer : c->ans[sel].answer);
    a.note = xdup(note ? note : c->ans[sel].note);
    a.reason = xdup(checklist_reason_for(a.answer));
    if (c->mem) {
        ck_answer *dst = &c->ans[sel];
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
    if (s) ui_fail(s);   /* before the reload, whose reads are steps of their own */
    load(c);
    if (s) return;
    char m[320];
    sel = ui_list_sel(&c->list);
    if (sel < 0) return;
    const char *problem = checklist_check_answer(&c->ans[sel], m, sizeof m);
    if (problem && *c->ans[sel].answer) ui_error("%s", problem);
    else ui_info("%s: 保存しました", c->ans[sel].code);
}

static void edit_note(ckscr *c)
{
    int sel = ui_list_sel(&c->list);
    if (sel < 0) return;
    char title[256];
    snprintf(title, sizeof title, "確認内容・対策 %s", c->ans[sel].code);
    char *v = ui_edit_text(title, "確認した資料・リスクの低減策など（400文字以内）", c->ans[sel].note, 400);
    if (!v) return;
    save(c, NULL, v);
    free(v);
}

/* 1 適合, 3 該当なし, 0 未回答: saved at once; the selection moves on to the next item. */
static void answer(screen *s, const char *value, bool next)
{
    ckscr *c = s->st;
    save(c, value, NULL);
    if (next && !UI.msg_error) ui_list_down(&c->list);
}

static int conform(screen *s) { answer(s, "適合", true); return UI_HANDLED; }
static int not_applicable(screen *s) { answer(s, "該当なし", true); return UI_HANDLED; }
static int unanswer(screen *s) { answer(s, "", false); return UI_HANDLED; }

static int nonconform(screen *s)
{
    ckscr *c = s->st;
    save(c, "不適合", NULL);
    int sel = ui_list_sel(&c->list);
    if (sel >= 0 && !strcmp(c->ans[sel].answer, "不適合") && !*c->ans[sel].note) edit_note(c);
    return UI_HANDLED;
}

static int enter(screen *s)
{
    ckscr *c = s->st;
    int sel = ui_list_sel(&c->list);
    if (sel < 0) return UI_HANDLED;
    if (editable(c)) {
        edit_note(c);
        return UI_HANDLED;
    }
    const ck_answer *a = &c->ans[sel];
    char t[4096];
    snprintf(t, sizeof t, "%s %s\n\n%s\n\n回答: %s\n確認内容・対策: %s\n%s%s", a->section, a->code, a->text,
             *a->answer ? a->answer : "未回答", a->note, *a->reason ? "理由: " : "", checklist_reason_label(a->reason));
    ui_show_text("確認事項", t);
    return UI_HANDLED;
}

static void on_show(screen *s) { load(s->st); }

static bool init_app(screen *s, const void *arg)
{
    ckscr *c = s->st;
    c->id = *(const int64_t *)arg;
    c->list = (ui_list){.ctx = c, .draw_row = draw_row};
    s->list = &c->list;
    return true;
}

static bool init_mem(screen *s, const void *arg)
{
    const checklist_mem_arg *m = arg;
    ckscr *c = s->st;
    c->mem = true;
    c->mem_editable = m->editable;
    c->ans = m->ans;
    c->n = m->n;
    snprintf(c->mem_title, sizeof c->mem_title, "%s", m->title);
    snprintf(c->mem_sub, sizeof c->mem_sub, "%s", m->subtitle ? m->subtitle : "");
    snprintf(s->title, sizeof s->title, "%s", m->title);
    c->list = (ui_list){.ctx = c, .draw_row = draw_row};
    s->list = &c->list;
    return true;
}

static void close_(screen *s)
{
    ckscr *c = s->st;
    if (!c->mem) {
        if (c->loaded) kapp_free(&c->a);
        checklist_answers_free(&c->ans, c->n);
    }
}

static bool answering(const screen *s)
{
    ckscr *c = s->st;
    return c->loaded && c->n > 0 && editable(c);
}

static bool reading(const screen *s)
{
    ckscr *c = s->st;
    return c->loaded && c->n > 0 && !editable(c);
}

static const ui_action ACTIONS[] = {
    {{'1'}, "適合", "選んだ項目を「適合」にする", conform, answering},
    {{'2'}, "不適合", "「不適合」にする（例外措置: 承認の前にCISOの許可が必要（ポリシー004 §7-4）。確認内容が必要）",
     nonconform, answering},
    {{'3'}, "該当なし", "「該当なし」にする", not_applicable, answering},
    {{'0'}, "未回答", "回答を消す", unanswer, answering},
    {{UK_ENTER}, "確認内容", "確認内容・対策（リスクの低減策など）を入力する", enter, answering},
    {{UK_ENTER}, "全文", "選んだ項目の全文と確認内容を表示する", enter, reading},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_CHECKLIST = {
    .title = "確認事項", .size = sizeof(ckscr), .init = init_app, .draw = draw, .on_show = on_show, .close = close_,
    .actions = ACTIONS,
};

const screen_ops SCREEN_CHECKLIST_MEM = {
    .title = "チェックリスト", .size = sizeof(ckscr), .init = init_mem, .draw = draw, .on_show = on_show,
    .close = close_, .actions = ACTIONS,
};
