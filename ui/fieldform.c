#include "ui/fieldform.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ui/dialog.h"
#include "ui/screen_checklist.h"

typedef struct ffscr {
    fform *f;
    ui_list list;
    bool dirty;
} ffscr;

fform *fform_new(int n, const void *ctx, size_t ctx_size)
{
    fform *f = calloc(1, sizeof *f);
    ffield *fl = calloc((size_t)n, sizeof *fl);
    void *c = ctx_size ? malloc(ctx_size) : NULL;
    if (!f || !fl || (ctx_size && !c)) {
        free(f);
        free(fl);
        free(c);
        return NULL;
    }
    if (c) memcpy(c, ctx, ctx_size);
    f->fields = fl;
    f->n = n;
    f->ck_pos = -1;
    f->ctx = c;
    f->ctx_free = free;
    return f;
}

const char *fform_value(const fform *f, int i) { return i >= 0 && i < f->n && f->fields[i].value ? f->fields[i].value : ""; }

void fform_set(fform *f, int i, const char *v)
{
    if (i < 0 || i >= f->n) return;
    char *n = strdup(v ? v : "");
    if (!n) return;
    free(f->fields[i].value);
    f->fields[i].value = n;
}

static void draw_row(void *ctx, int r, int y, bool selected)
{
    const fform *f = ((const ffscr *)ctx)->f;
    const ffield *fd = &f->fields[r];
    int lw = 28, vx = 2 + lw + 1, vw = UI.cols - vx - 2;
    int attr = selected ? ui_attr_selected() : 0;
    const char *v = fform_value(f, r);
    ui_put(y, 0, UI.cols - 1, "", attr);
    ui_put(y, 2, lw, fd->label, attr);
    char one[1024];
    ui_put(y, vx, vw, *v ? ui_first_line(v, one, sizeof one) : fd->required ? "（必須・未入力）" : "",
           *v || attr ? attr : ui_attr_dim());
}

static void draw(screen *s)
{
    ffscr *p = s->st;
    fform *f = p->f;
    ui_title(f->title, p->dirty ? "未記録の入力があります" : NULL);
    int y = ui_top();
    if (*f->intro) {
        int n = 0;
        char **lines = ui_wrap_lines(f->intro, UI.cols - 2, &n);
        for (int i = 0; i < n && i < 3; i++) ui_put(y++, 1, UI.cols - 2, lines[i], ui_attr_dim());
        ui_wrap_free(lines, n);
    }
    /* these forms are recorded as one act: said on the screen itself, not only after each field */
    {
        int n = 0;
        char **lines = ui_wrap_lines(p->dirty ? "入力はまだ記録されていません。s で一度に記録します（q で戻ると破棄するか確認します）"
                                              : "項目を選んで Enter で入力し、揃ったら s で記録します（記録するまで保存されません）",
                                     UI.cols - 2, &n);
        for (int i = 0; i < n && i < 2; i++) ui_put(y++, 1, UI.cols - 2, lines[i], p->dirty ? ui_attr_flag() : ui_attr_dim());
        ui_wrap_free(lines, n);
    }
    if (f->nans) {
        size_t answered, missing, nonconf;
        checklist_progress(f->answers, f->nans, &answered, &missing, &nonconf);
        char line[512];
        snprintf(line, sizeof line, "チェックリスト 回答 %zu/%zu 必須未回答 %zu 不適合 %zu（c で回答）", answered,
                 f->nans, missing, nonconf);
        ui_put(y++, 1, UI.cols - 2, line, missing ? ui_attr_flag() : ui_attr_ok());
    }
    y++;
    /* a long field, selected, shows whole below the list */
    int sel = ui_list_sel(&p->list), avail = ui_bottom() - y + 1, pane = 0;
    if (sel >= 0 && f->fields[sel].type == FT_LONGTEXT)
        pane = ui_text_pane(ui_bottom(), avail / 3 > 4 ? avail / 3 : 4, f->fields[sel].label, fform_value(f, sel),
                            f->fields[sel].max_chars);
    ui_list_draw(&p->list, y, avail - pane);
}

static void edit(ffscr *p, int i)
{
    fform *f = p->f;
    ffield *fd = &f->fields[i];
    if (fd->type == FT_CHOICE) {
        int n = 0, cur = -1;
        while (fd->choices[n]) {
            if (!strcmp(fform_value(f, i), fd->choices[n])) cur = n;
            n++;
        }
        char title[256];
        snprintf(title, sizeof title, "%sを選んでください", fd->label);
        int c = ui_choose(title, fd->choices, n, cur);
        if (c < 0) return;
        fform_set(f, i, fd->choices[c]);
    } else {
        char hint[256];
        if (fd->hint) snprintf(hint, sizeof hint, "%s", fd->hint);
        else if (fd->type == FT_DATE) snprintf(hint, sizeof hint, "日付（例 2026-11-30、令和8年11月30日）");
        else if (fd->type == FT_INT) snprintf(hint, sizeof hint, "0以上の整数（全角数字・桁区切りも可）");
        else snprintf(hint, sizeof hint, "%d文字以内", fd->max_chars);
        size_t max = fd->type == FT_DATE  ? FORM_DATE_INPUT_CHARS
                     : fd->type == FT_INT ? FORM_INT_INPUT_CHARS
                                          : (size_t)fd->max_chars;
        char *v = fd->type == FT_LONGTEXT ? ui_edit_text(fd->label, hint, fform_value(f, i), max)
                                          : ui_prompt(fd->label, hint, fform_value(f, i), max);
        if (!v) return;
        fform_set(f, i, v);
        free(v);
    }
    p->dirty = true;
    ui_info("「%s」を入力しました（まだ記録していません: s で記録）", fd->label);
}

static int enter(screen *s)
{
    ffscr *p = s->st;
    int i = ui_list_sel(&p->list);
    if (i >= 0) edit(p, i);
    return UI_HANDLED;
}

static int checklist(screen *s)
{
    ffscr *p = s->st;
    fform *f = p->f;
    p->dirty = true;
    checklist_mem_arg arg = {"チェックリスト", f->ck_title, f->answers, f->nans, true, &f->ck_pos, f->ck_nonconf};
    ui_open(&SCREEN_CHECKLIST_MEM, &arg);
    return UI_HANDLED;
}

static int record(screen *s)
{
    ffscr *p = s->st;
    fform *f = p->f;
    f->cancelled = false;
    kstatus st = f->submit(f, f->ctx);
    if (f->cancelled) {
        ui_info("記録を取りやめました（入力はそのままです）");
        return UI_HANDLED;
    }
    if (st == KS_CONFLICT && f->reread) {
        /* someone else changed the record first: read it again, keep what was typed, say what changed */
        char what[1024] = "";
        f->reread(f, f->ctx, what, sizeof what);
        ui_error("他の人がこの%sを先に更新しました%s%s%s。最新の内容を読み込みました。入力内容はそのままです。"
                 "確かめてからもう一度 s で記録してください",
                 f->subject ? f->subject : "記録", *what ? "（" : "", what, *what ? "）" : "");
        return UI_HANDLED;
    }
    if (st) {
        /* the form stays with every value typed: the message names the field and the rule */
        ui_fail(st);
        return UI_HANDLED;
    }
    p->dirty = false;
    if (*f->done_msg) ui_info("%s", f->done_msg);
    return UI_POP;
}

static int back(screen *s)
{
    ffscr *p = s->st;
    if (p->dirty && !ui_confirm("記録していない入力を破棄して戻りますか？")) return UI_HANDLED;
    return UI_POP;
}

static void fform_free(fform *f)
{
    if (!f) return;
    for (int i = 0; i < f->n; i++) free(f->fields[i].value);
    free(f->fields);
    checklist_answers_free(&f->answers, f->nans);
    if (f->ctx_free) f->ctx_free(f->ctx);
    free(f);
}

static bool init(screen *s, const void *arg)
{
    ffscr *p = s->st;
    p->f = (fform *)arg;
    snprintf(s->title, sizeof s->title, "%s", p->f->title);
    p->list = (ui_list){.ctx = p, .n = p->f->n, .draw_row = draw_row};
    s->list = &p->list;
    return true;
}

static void close_(screen *s)
{
    ffscr *p = s->st;
    fform_free(p->f);
}

static bool has_checklist(const screen *s) { return ((const ffscr *)s->st)->f->nans > 0; }

static const ui_action ACTIONS[] = {
    {{UK_ENTER}, "入力", "選んだ項目を入力・選択する", enter, NULL},
    {{'c'}, "チェックリスト", "チェックリストに回答する", checklist, has_checklist},
    {{'s'}, "記録", "入力した内容を一度に記録する（保存）。規則に合わない項目は名前と理由を表示し、入力は残ります", record,
     NULL},
    {{0}, NULL, NULL, NULL, NULL},
};

const screen_ops SCREEN_FIELDFORM = {
    .title = "入力", .size = sizeof(ffscr), .init = init, .draw = draw, .close = close_, .back = back,
    .actions = ACTIONS,
};

void fform_open(fform *f)
{
    /* init cannot fail: when the screen could not be made, f is still ours */
    if (!ui_open(&SCREEN_FIELDFORM, f)) fform_free(f);
}
