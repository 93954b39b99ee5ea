/* 確認事項: answer each item 適合 / 不適合 / 該当なし with 確認内容・対策; 不適合 asks for its reason. */
#include "ui/screen_checklist.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"
#include "ui/dialog.h"
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
    const char *mem_nonconf; /* what a 不適合 means on an in-memory (phase) checklist; static text */
    int *mem_pos;            /* where the owner keeps the position of an in-memory checklist (may be NULL) */
    bool placed;             /* the selection was put where the user left it (or on the first open item) */
    int detail_top;          /* the first line of the detail shown (a long 確認内容・対策 scrolls) */
    int detail_sel;          /* the item the detail was scrolled for */
    bool detail_more;        /* lines of the detail below the pane, at the last draw */
} ckscr;

/* Where each application's checklist was left, for this session: it reopens there. */
#define REMEMBERED 32
static struct {
    int64_t id;
    int sel;
} remembered[REMEMBERED];
static int remembered_next;

static int recall(int64_t id)
{
    for (int i = 0; i < REMEMBERED; i++)
        if (remembered[i].id == id) return remembered[i].sel;
    return -1;
}

static void remember(int64_t id, int sel)
{
    for (int i = 0; i < REMEMBERED; i++)
        if (remembered[i].id == id) {
            remembered[i].sel = sel;
            return;
        }
    remembered[remembered_next].id = id;
    remembered[remembered_next].sel = sel;
    remembered_next = (remembered_next + 1) % REMEMBERED;
}

void ui_checklist_select(int64_t app_id, int item) { remember(app_id, item); }

/* An item that still needs the user: unanswered, or answered in a way the rules refuse (a 不適合 without its
   確認内容). */
static bool open_item(const ck_answer *a)
{
    char m[320];
    return !*a->answer || checklist_check_answer(a, m, sizeof m) != NULL;
}

/* The next open item after `from` in direction step (+1, -1), round the end; -1 when none is open. */
static int next_open(const ckscr *c, int from, int step)
{
    int n = (int)c->n;
    for (int k = 1; k <= n; k++) {
        int i = ((from + step * k) % n + n) % n;
        if (open_item(&c->ans[i])) return i;
    }
    return -1;
}

/* The first time the items are there: where the user left them, else the first open item. */
static void place(ckscr *c)
{
    if (c->placed || c->n == 0) return;
    c->placed = true;
    int at = c->mem ? (c->mem_pos ? *c->mem_pos : -1) : recall(c->id);
    if (at < 0 || at >= (int)c->n) at = next_open(c, -1, 1);
    if (at < 0) at = 0;
    c->list.sel = at;
    ui_list_clamp(&c->list);
}

static void load(ckscr *c)
{
    if (c->mem) {
        c->loaded = true;
        c->list.n = (int)c->n;
        ui_list_clamp(&c->list);
        place(c);
        return;
    }
    if (c->loaded) kapp_clear(&c->a);
    checklist_answers_free(&c->ans, c->n);
    c->ans = NULL;
    c->n = 0;
    c->loaded = q_app(UI.k, c->id, &c->a) == KS_OK;
    if (!c->loaded) return;
    if (q_answers(UI.k, &c->a, &c->ans, &c->n)) ui_fail(KS_ERROR);
    c->list.n = (int)c->n;
    ui_list_clamp(&c->list);
    place(c);
}

static bool editable(ckscr *c)
{
    if (c->mem) return c->mem_editable;
    return c->loaded && kumo_can(UI.k, ACT_EDIT, &c->a);
}

/* One line of the detail with its attribute. */
typedef struct dline {
    char *text;
    int attr;
} dline;

/* Appends text wrapped to cols (its line breaks kept) to the detail's lines. */
static void add_lines(dline **v, int *n, int *cap, const char *text, int cols, int attr)
{
    int k = 0;
    char **l = ui_wrap_lines(text, cols, &k);
    for (int i = 0; l && i < k; i++) {
        if (*n == *cap) {
            int nc = *cap ? *cap * 2 : 16;
            dline *nv = realloc(*v, (size_t)nc * sizeof *nv);
            if (!nv) break;
            *v = nv;
            *cap = nc;
        }
        (*v)[(*n)++] = (dline){l[i], attr};
        l[i] = NULL;
    }
    ui_wrap_free(l, k);
}

/* The selected item whole: its section and number, its text, the answer, the 確認内容・対策 and the 例外措置 of a
   不適合, wrapped to the width; when it is taller than the pane, J and K scroll it (markers at the right). */
static void draw_detail(ckscr *c, int y, int h)
{
    int sel = ui_list_sel(&c->list);
    c->detail_more = false;
    if (sel < 0 || h < 1) return;
    if (sel != c->detail_sel) {
        c->detail_sel = sel;
        c->detail_top = 0;
    }
    const ck_answer *a = &c->ans[sel];
    int w = UI.cols - 3;
    dline *v = NULL;
    int n = 0, cap = 0;
    char line[1024];
    snprintf(line, sizeof line, "%s %s%s  回答: %s", a->section, a->code, a->required ? "（必須）" : "",
             *a->answer ? a->answer : "未回答");
    add_lines(&v, &n, &cap, line, w, A_BOLD);
    add_lines(&v, &n, &cap, a->text, w, 0);
    char *note = malloc(strlen(a->note) + 64);
    if (note) {
        snprintf(note, strlen(a->note) + 64, "確認内容・対策: %s", *a->note ? a->note : "（未記入）");
        add_lines(&v, &n, &cap, note, w, *a->note ? 0 : ui_attr_dim());
        free(note);
    }
    if (!strcmp(a->answer, "不適合")) {
        /* on an application a 不適合 is an 例外措置: approval waits for the CISO's permission (004 §7-4); on a phase
           checklist after approval it is what remains to be done (phase_nonconf_label) */
        if (c->mem && c->mem_nonconf) snprintf(line, sizeof line, "扱い: %s", c->mem_nonconf);
        else
            snprintf(line, sizeof line, "理由: %s",
                     !strcmp(a->reason, CK_REASON_LEGACY) ? checklist_reason_label(a->reason)
                                                          : "例外措置（承認の前にCISOの許可が必要: ポリシー004 §7-4）");
        add_lines(&v, &n, &cap, line, w, ui_attr_warn());
    }
    if (c->detail_top > n - h) c->detail_top = n - h;
    if (c->detail_top < 0) c->detail_top = 0;
    for (int i = 0; i < h && c->detail_top + i < n; i++)
        ui_put(y + i, 1, w, v[c->detail_top + i].text, v[c->detail_top + i].attr);
    if (c->detail_top > 0) ui_puts(y, UI.cols - 1, "^", ui_attr_dim());
    c->detail_more = c->detail_top + h < n;
    if (c->detail_more) ui_puts(y + h - 1, UI.cols - 1, "v", ui_attr_dim());
    for (int i = 0; i < n; i++) free(v[i].text);
    free(v);
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
    /* the list above, the selected item whole below: the list's rows end before the line between them, so the
       selected row is always on screen */
    int avail = ui_bottom() - y + 1;
    int pane = avail * 2 / 5;
    if (pane < 5) pane = 5;
    if (avail - pane < 3) pane = avail - 3;
    int rows = avail - pane;
    ui_list_draw(&c->list, y, rows);
    ui_hline(y + rows);
    draw_detail(c, y + rows + 1, pane - 1);
    /* a detail taller than its pane says how to read on, where the eye is */
    if (c->detail_more || c->detail_top > 0)
        ui_puts(y + rows, 2, c->detail_more ? (c->detail_top > 0 ? " 詳細の続き: J 下へ  K 上へ " : " 詳細の続き: J 下へ ")
                                            : " 詳細: K 上へ ", ui_attr_header());
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

/* n / N: the next (previous) item still open, round the end. */
static int jump(screen *s, int step)
{
    ckscr *c = s->st;
    int i = next_open(c, ui_list_sel(&c->list), step);
    if (i < 0) {
        size_t answered;
        checklist_progress(c->ans, c->n, &answered, NULL, NULL);
        ui_info("未回答・要対応の項目はありません（回答 %zu/%zu）", answered, c->n);
        return UI_HANDLED;
    }
    c->list.sel = i;
    ui_list_clamp(&c->list);
    return UI_HANDLED;
}

static int next_run(screen *s) { return jump(s, 1); }
static int prev_run(screen *s) { return jump(s, -1); }

/* J / K: the detail of a long item a page down or up. */
static int detail_down(screen *s)
{
    ckscr *c = s->st;
    if (c->detail_more) c->detail_top += 3;
    return UI_HANDLED;
}

static int detail_up(screen *s)
{
    ckscr *c = s->st;
    c->detail_top = c->detail_top > 3 ? c->detail_top - 3 : 0;
    return UI_HANDLED;
}

static void on_show(screen *s) { load(s->st); }

static bool init_app(screen *s, const void *arg)
{
    ckscr *c = s->st;
    c->id = *(const int64_t *)arg;
    c->list = (ui_list){.ctx = c, .draw_row = draw_row};
    c->detail_sel = -1;
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
    c->mem_pos = m->pos;
    c->mem_nonconf = m->nonconf;
    c->detail_sel = -1;
    c->list = (ui_list){.ctx = c, .draw_row = draw_row};
    s->list = &c->list;
    return true;
}

static void close_(screen *s)
{
    ckscr *c = s->st;
    int sel = ui_list_sel(&c->list);
    if (c->mem && c->mem_pos) *c->mem_pos = sel;
    else if (!c->mem && c->placed && sel >= 0) remember(c->id, sel);
    if (!c->mem) {
        if (c->loaded) kapp_clear(&c->a);
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

static bool has_items(const screen *s)
{
    ckscr *c = s->st;
    return c->loaded && c->n > 0;
}

static bool detail_scrolls(const screen *s)
{
    ckscr *c = s->st;
    return has_items(s) && (c->detail_more || c->detail_top > 0);
}

static const ui_action ACTIONS[] = {
    {{'1'}, "適合", "選んだ項目を「適合」にする", conform, answering},
    {{'2'}, "不適合", "「不適合」にする（確認内容が必要。申請の確認事項では例外措置: 承認の前にCISOの許可が必要"
                      "（ポリシー004 §7-4）。承認後のチェックリストでは残る措置: 項目の下に扱いを表示）",
     nonconform, answering},
    {{'3'}, "該当なし", "「該当なし」にする", not_applicable, answering},
    {{'n'}, "未回答へ", "次の未回答・要対応（確認内容のない不適合など）の項目へ（末尾の次は先頭から）", next_run, has_items},
    {{UK_ENTER}, "確認内容", "確認内容・対策（リスクの低減策など）を入力する", enter, answering},
    {{'0'}, "未回答", "回答を消す", unanswer, answering},
    {{'N'}, NULL, "前の未回答・要対応の項目へ", prev_run, has_items},
    {{'J'}, "詳細↓", "下の詳細（項目の全文・確認内容）の続きを表示する", detail_down, detail_scrolls},
    {{'K'}, NULL, "下の詳細を上へ戻す", detail_up, detail_scrolls},
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
