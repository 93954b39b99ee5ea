#include "ui/fieldform.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ffscr {
    fform *f;
    int sel, first;
    bool dirty;
} ffscr;

static const ui_action ACTIONS[] = {
    {"Enter", "入力", "選んだ項目を入力・選択する"},
    {"c", "チェックリスト", "チェックリストに回答する"},
    {"s", "記録", "入力した内容を記録する（規則に合わない項目は名前と理由を表示）"},
    {NULL, NULL, NULL},
};

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
    if (f->nans) {
        size_t answered, missing, nonconf;
        checklist_progress(f->answers, f->nans, &answered, &missing, &nonconf);
        char line[512];
        snprintf(line, sizeof line, "チェックリスト 回答 %zu/%zu 必須未回答 %zu 不適合 %zu（c で回答）", answered,
                 f->nans, missing, nonconf);
        ui_put(y++, 1, UI.cols - 2, line, missing ? ui_attr_flag() : ui_attr_ok());
    }
    y++;
    int rows = ui_bottom() - y + 1;
    if (p->sel < p->first) p->first = p->sel;
    if (p->sel >= p->first + rows) p->first = p->sel - rows + 1;
    int lw = 28, vx = 2 + lw + 1, vw = UI.cols - vx - 1;
    for (int i = 0; i < rows && p->first + i < f->n; i++) {
        int r = p->first + i;
        const ffield *fd = &f->fields[r];
        int attr = r == p->sel ? ui_attr_selected() : 0;
        const char *v = fform_value(f, r);
        ui_put(y + i, 0, UI.cols, "", attr);
        ui_put(y + i, 2, lw, fd->label, attr);
        ui_put(y + i, vx, vw, *v ? v : fd->required ? "（必須・未入力）" : "", *v || attr ? attr : ui_attr_dim());
    }
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
        else if (fd->type == FT_DATE) snprintf(hint, sizeof hint, "日付を YYYY-MM-DD で入力（例 2026-11-30）");
        else if (fd->type == FT_INT) snprintf(hint, sizeof hint, "0以上の整数");
        else snprintf(hint, sizeof hint, "%d文字以内", fd->max_chars);
        size_t max = fd->type == FT_DATE ? 10 : fd->type == FT_INT ? 7 : (size_t)fd->max_chars;
        char *v = ui_prompt(fd->label, hint, fform_value(f, i), max);
        if (!v) return;
        fform_set(f, i, v);
        free(v);
    }
    p->dirty = true;
    ui_info("「%s」を入力しました（s で記録するまで保存されません）", fd->label);
}

static int on_key(screen *s, wint_t ch, bool fkey)
{
    ffscr *p = s->st;
    fform *f = p->f;
    if (fkey) {
        if (ch == KEY_UP && p->sel > 0) p->sel--;
        else if (ch == KEY_DOWN && p->sel < f->n - 1) p->sel++;
        else if (ch == KEY_ENTER) edit(p, p->sel);
        return UI_HANDLED;
    }
    switch (ch) {
    case 'k': if (p->sel > 0) p->sel--; return UI_HANDLED;
    case 'j': if (p->sel < f->n - 1) p->sel++; return UI_HANDLED;
    case '\r':
    case '\n': edit(p, p->sel); return UI_HANDLED;
    case 'c':
        if (!f->nans) return UI_UNHANDLED;
        p->dirty = true;
        ui_push(screen_checklist_mem_new("チェックリスト", f->ck_title, f->answers, f->nans, true));
        return UI_HANDLED;
    case 's': {
        kstatus st = f->submit(f, f->ctx);
        if (st) {
            ui_fail(st);
            return UI_HANDLED;
        }
        p->dirty = false;
        if (*f->done_msg) ui_info("%s", f->done_msg);
        return UI_POP;
    }
    case 'q':
    case 27:
        if (p->dirty && !ui_confirm("記録していない入力を破棄して戻りますか？")) return UI_HANDLED;
        return UI_POP;
    default: return UI_UNHANDLED;
    }
}

static void close_(screen *s)
{
    ffscr *p = s->st;
    fform *f = p->f;
    for (int i = 0; i < f->n; i++) free(f->fields[i].value);
    free(f->fields);
    checklist_answers_free(f->answers, f->nans);
    if (f->ctx_free) f->ctx_free(f->ctx);
    free(f);
    free(p);
}

static const screen_ops OPS = {"入力", draw, on_key, NULL, close_, ACTIONS};

screen *screen_fieldform_new(fform *f)
{
    ffscr *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->f = f;
    screen *s = ui_new_screen(&OPS, p, f->title);
    if (s && !f->nans) {
        static const ui_action NOCK[] = {
            {"Enter", "入力", "選んだ項目を入力・選択する"},
            {"s", "記録", "入力した内容を記録する（規則に合わない項目は名前と理由を表示）"},
            {NULL, NULL, NULL},
        };
        s->actions = NOCK;
    }
    return s;
}
