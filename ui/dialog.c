/* Popups drawn over the current screen: the line editor, lists to choose from, confirmation, text. */
#include "ui/dialog.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/exchange.h"
#include "forms/text.h"
#include "ui/editbuf.h"
#include "ui/editkeys.h"
#include "ui/term.h"
#include "ui/ui.h"

/* A framed window centred on the screen (ASCII frame: box lines are ambiguous-width on some terminals). */
void box_open(popup *b, int h, int wd)
{
    ui_wait_for_room();
    ui_redraw_all();
    if (wd > UI.cols - 2) wd = UI.cols - 2;
    if (h > UI.rows - 2) h = UI.rows - 2;
    b->h = h;
    b->wd = wd;
    b->y = (UI.rows - h) / 2;
    b->x = (UI.cols - wd) / 2;
    b->w = newwin(h, wd, b->y, b->x);
    keypad(b->w, TRUE);
    werase(b->w);
    wborder(b->w, '|', '|', '-', '-', '+', '+', '+', '+');
}

void box_close(popup *b)
{
    if (b->w) delwin(b->w);
    b->w = NULL;
    touchwin(stdscr);
}

void box_put(popup *b, int y, int x, int cols, const char *s, int attr)
{
    char buf[2048];
    if (cols <= 0) return;
    text_fit(buf, sizeof buf, s ? s : "", cols, true);
    if (attr) wattron(b->w, attr);
    mvwaddstr(b->w, y, x, buf);
    if (attr) wattroff(b->w, attr);
}

/* Reads one key in the popup as a ui/keys.h code. */
int box_key(popup *b)
{
    wnoutrefresh(b->w);
    doupdate();
    return term_key(b->w);
}

/* The scroll markers of a list in a popup, in the frame's right edge. */
void box_markers(popup *b, const ui_list *l, int y, int rows)
{
    if (l->first > 0) mvwaddstr(b->w, y, b->wd - 1, "^");
    if (l->first + rows < l->n) mvwaddstr(b->w, y + rows - 1, b->wd - 1, "v");
}

/* A chooser's body: the title, the rows that fit (line() writes row i), the markers and the footer. */
static void box_list(popup *b, ui_list *l, int rows, const char *title, const char *foot,
                     void (*line)(const void *ctx, int i, char *buf, size_t n), const void *ctx)
{
    ui_list_view(l, rows);
    box_put(b, 1, 2, b->wd - 4, title, A_BOLD);
    for (int i = 0; i < rows; i++) {
        int idx = l->first + i;
        char text[512] = "";
        if (idx < l->n) line(ctx, idx, text, sizeof text);
        box_put(b, 2 + i, 2, b->wd - 4, text, idx == l->sel ? ui_attr_selected() : 0);
    }
    box_markers(b, l, 2, rows);
    box_put(b, b->h - 2, 2, b->wd - 4, foot, ui_attr_dim());
}

typedef struct choose_rows {
    const char *const *items;
    int current;
    const bool *sel;
} choose_rows;

static void one_line(const void *ctx, int i, char *buf, size_t n)
{
    const choose_rows *c = ctx;
    snprintf(buf, n, "%c %s", i == c->current ? '*' : ' ', c->items[i]);
}

static void many_line(const void *ctx, int i, char *buf, size_t n)
{
    const choose_rows *c = ctx;
    snprintf(buf, n, "[%c] %s", c->sel[i] ? 'x' : ' ', c->items[i]);
}

/* The candidates of a Tab that did not settle on one name, as lines of the prompt's box. */
static int candidate_lines(const path_completion *c, int cols, char lines[][512], int max)
{
    if (c->n < 2) return 0;
    int n = 0, used = 0;
    char head[64];
    snprintf(head, sizeof head, "候補 %zu件:", c->total);
    snprintf(lines[0], sizeof lines[0], "%s", head);
    used = text_width(head);
    for (size_t i = 0; i < c->n; i++) {
        int w = text_width(c->names[i]) + 2;
        if (used + w > cols) {
            if (n + 1 >= max) {
                size_t l = strlen(lines[n]);
                snprintf(lines[n] + l, sizeof lines[n] - l, " …");
                return n + 1;
            }
            n++;
            lines[n][0] = 0;
            used = 0;
        }
        size_t l = strlen(lines[n]);
        snprintf(lines[n] + l, sizeof lines[n] - l, "  %s", c->names[i]);
        used += w;
    }
    return n + 1;
}

/* The one-line editor in a box: the title, the hint wrapped over up to three lines, the line, its counter, and the
   editor's keys. With paths, Tab completes the name from its folder and lists the candidates when several match. */
static char *prompt_run(const char *title, const char *hint, const char *initial, size_t max_chars, bool paths)
{
    editbuf e;
    if (editbuf_init(&e, initial ? initial : "", max_chars)) return NULL;
    char *result = NULL;
    bool done = false, at_limit = false;
    char counter[512], notice[320] = "";
    enum { CAND_MAX = 4 };
    char cand[CAND_MAX][512];
    int ncand = 0;
    while (!done) {
        popup b;
        int width = UI.cols - 4 < 76 ? UI.cols - 4 : 76;
        int nh = 0;
        char **hl = ui_wrap_lines(hint ? hint : "", width - 4, &nh);
        int hints = hl ? (nh < 3 ? nh : 3) : 1;
        box_open(&b, 6 + hints + ncand, width);
        if (b.h < 5 || b.wd < 20) {
            ui_wrap_free(hl, nh);
            box_close(&b);
            break;
        }
        int fw = b.wd - 4, y = 1;
        box_put(&b, y++, 2, fw, title, A_BOLD);
        for (int i = 0; i < hints; i++) box_put(&b, y++, 2, fw, hl ? hl[i] : hint, ui_attr_dim());
        ui_wrap_free(hl, nh);
        int ly = y;
        for (int i = 0; i < ncand && ly + 2 + i < b.h - 2; i++) box_put(&b, ly + 2 + i, 2, fw, cand[i], 0);
        char foot[256];
        edit_keys_footer(foot, sizeof foot);
        if (paths) snprintf(foot + strlen(foot), sizeof foot - strlen(foot), "  Tab 補完");
        box_put(&b, b.h - 2, 2, fw, foot, ui_attr_dim());
        curs_set(1);
        int shown_cand = ncand;
        for (;;) {
            int cx = editbuf_view(&e, fw);
            char vis[2048];
            editbuf_visible(&e, fw, vis, sizeof vis);
            wattron(b.w, A_UNDERLINE);
            mvwhline(b.w, ly, 2, ' ', fw);
            mvwaddstr(b.w, ly, 2, vis);
            wattroff(b.w, A_UNDERLINE);
            if (max_chars) snprintf(counter, sizeof counter, "%zu/%zu文字%s%s", e.len, max_chars,
                                    at_limit && !*notice ? "  上限に達したため、それ以上の文字は入力されていません" : "",
                                    *notice ? "  " : "");
            else snprintf(counter, sizeof counter, "%zu文字%s", e.len, *notice ? "  " : "");
            if (*notice) snprintf(counter + strlen(counter), sizeof counter - strlen(counter), "%s", notice);
            box_put(&b, ly + 1, 2, fw, counter, at_limit || *notice ? ui_attr_warn() : ui_attr_dim());
            wmove(b.w, ly, 2 + cx);
            int key = box_key(&b);
            if (key == UK_RESIZE) break; /* reopen the box at the new size */
            if (paths && key == '\t') {
                char *typed = editbuf_to_utf8(&e);
                path_completion c;
                kstatus s = typed ? path_complete(typed, &c) : KS_NOMEM;
                notice[0] = 0;
                ncand = 0;
                if (s == KS_OK || s == KS_NOTFOUND) {
                    if (strcmp(c.completed, typed)) {
                        editbuf_free(&e);
                        editbuf_init(&e, c.completed, max_chars);
                    } else if (c.total == 0) {
                        snprintf(notice, sizeof notice, s ? "このフォルダは読めません" : "一致する名前はありません");
                        beep();
                    }
                    if (c.total > 1) ncand = candidate_lines(&c, fw, cand, CAND_MAX);
                    path_completion_clear(&c);
                }
                free(typed);
                if (ncand != shown_cand) break;   /* the box again, with room for the candidates */
                continue;
            }
            edit_result r = edit_key(&e, key);
            notice[0] = 0;
            if (key == UK_PASTE && !edit_paste_notice(&e, notice, sizeof notice)) notice[0] = 0;
            if (r == EDIT_ACCEPT) {
                result = editbuf_to_utf8(&e);
                done = true;
            } else if (r == EDIT_CANCEL) {
                done = true;
            } else if (r == EDIT_FULL) {
                if (!at_limit) beep();
                at_limit = true;
            }
            if (done) break;
        }
        curs_set(0);
        box_close(&b);
    }
    editbuf_free(&e);
    return result;
}

char *ui_prompt(const char *title, const char *hint, const char *initial, size_t max_chars)
{
    return prompt_run(title, hint, initial, max_chars, false);
}

char *ui_prompt_path(const char *title, const char *hint, const char *default_name)
{
    char def[PATH_MAX];
    path_default(default_name ? default_name : "", def, sizeof def);
    char *typed = prompt_run(title, hint, def, PATH_MAX / 4, true);
    if (!typed) return NULL;
    char abs[PATH_MAX];
    if (path_absolute(typed, abs, sizeof abs)) {
        ui_error("ファイル名を入力してください");
        free(typed);
        return NULL;
    }
    free(typed);
    return strdup(abs);
}

/* The multi-line editor of long fields: the text wrapped by display width in a box as wide as the screen allows,
   one column kept free on the right for the cursor at the end of a full row and the scroll markers. */
char *ui_edit_text(const char *title, const char *hint, const char *initial, size_t max_chars)
{
    editbuf e;
    if (editbuf_init_lines(&e, initial ? initial : "", max_chars)) return NULL;
    char *result = NULL;
    bool done = false, at_limit = false, changed = false;
    char notice[320] = "";
    while (!done) {
        popup b;
        int rows = UI.rows - 10;
        if (rows > 20) rows = 20;
        if (rows < 3) rows = 3;
        box_open(&b, rows + 6, UI.cols - 4 < 100 ? UI.cols - 4 : 100);
        rows = b.h - 6;
        int tw = b.wd - 5;   /* text columns; the next one holds the cursor at a row's end and the markers */
        if (rows < 1 || tw < 10) {
            box_close(&b);
            break;
        }
        box_put(&b, 1, 2, b.wd - 4, title, A_BOLD);
        box_put(&b, 2, 2, b.wd - 4, hint ? hint : "", ui_attr_dim());
        char foot[256];
        box_put(&b, b.h - 2, 2, b.wd - 4, edit_keys_footer_for(true, foot, sizeof foot), ui_attr_dim());
        curs_set(1);
        for (;;) {
            int cy, cx;
            editbuf_view_lines(&e, tw, rows, &cy, &cx);
            for (int i = 0; i < rows; i++) {
                char line[2048];
                editbuf_row_text(&e, e.top + (size_t)i, line, sizeof line);
                box_put(&b, 3 + i, 2, tw + 1, line, 0);
            }
            if (e.top > 0) mvwaddstr(b.w, 3, b.wd - 2, "^");
            if (e.top + (size_t)rows < e.nrows) mvwaddstr(b.w, 3 + rows - 1, b.wd - 2, "v");
            char counter[512];
            size_t lines = 1;
            for (size_t i = 0; i < e.len; i++) lines += e.buf[i] == L'\n';
            if (max_chars) snprintf(counter, sizeof counter, "%zu/%zu文字  %zu行", e.len, max_chars, lines);
            else snprintf(counter, sizeof counter, "%zu文字  %zu行", e.len, lines);
            if (*notice || at_limit)
                snprintf(counter + strlen(counter), sizeof counter - strlen(counter), "  %s",
                         *notice ? notice : "上限に達したため、それ以上の文字は入力されていません");
            box_put(&b, 3 + rows, 2, b.wd - 4, counter, *notice || at_limit ? ui_attr_warn() : ui_attr_dim());
            wmove(b.w, 3 + cy, 2 + cx);
            int key = box_key(&b);
            if (key == UK_RESIZE) break;   /* the box again at the new size */
            size_t len = e.len;
            edit_result r = edit_key(&e, key);
            notice[0] = 0;
            if (key == UK_PASTE) edit_paste_notice(&e, notice, sizeof notice);
            if (e.len != len) changed = true;
            if (r == EDIT_FULL) {
                if (!at_limit) beep();
                at_limit = true;
            } else if (r == EDIT_CHANGED && e.len < len) {
                at_limit = false;
            }
            if (r == EDIT_ACCEPT) {
                /* line breaks and spaces at the very end are nothing the reader sees */
                while (e.len && (e.buf[e.len - 1] == L'\n' || e.buf[e.len - 1] == L' ')) e.buf[--e.len] = L'\0';
                result = editbuf_to_utf8(&e);
                done = true;
                break;
            }
            if (r == EDIT_CANCEL) {
                /* a long text is not lost to one stray ESC */
                if (changed) {
                    curs_set(0);
                    bool drop = ui_confirm("入力した内容を破棄しますか？（保存していません）");
                    box_close(&b);
                    if (drop) done = true;
                    break;
                }
                done = true;
                break;
            }
        }
        curs_set(0);
        if (b.w) box_close(&b);
    }
    editbuf_free(&e);
    return result;
}

int ui_choose(const char *title, const char *const *items, int n, int current)
{
    ui_list l = {.n = n, .sel = current >= 0 && current < n ? current : 0};
    for (;;) {
        popup b;
        int want = n + 4;
        int maxw = text_width(title) + 4;
        for (int i = 0; i < n; i++) {
            int w = text_width(items[i]) + 8;
            if (w > maxw) maxw = w;
        }
        if (maxw < 36) maxw = 36;
        box_open(&b, want, maxw);
        int rows = b.h - 4;
        if (rows < 1) {
            box_close(&b);
            return -1;
        }
        choose_rows rows_of = {items, current, NULL};
        for (;;) {
            box_list(&b, &l, rows, title, "↑↓ 選択  Enter 決定  ESC 取消", one_line, &rows_of);
            int key = box_key(&b);
            if (key == UK_PASTE) {   /* a paste is no choice: nothing happens */
                beep();
                continue;
            }
            if (key == UK_RESIZE) break;
            if (ui_list_key(&l, key)) continue;
            if (key == UK_ESC || key == 'q') {
                box_close(&b);
                return -1;
            }
            if (key == UK_ENTER) {
                box_close(&b);
                return l.sel;
            }
            if (key >= '1' && key <= '9' && key - '1' < n) {
                box_close(&b);
                return key - '1';
            }
        }
        box_close(&b);
    }
}

/* A list of long entries, each wrapped over as many lines as it needs and highlighted whole; entries that cannot
   be picked (headings, notes) are plain lines. */
typedef struct textpick {
    char **lines;
    int *entry;          /* the entry each line belongs to */
    const bool *pickable;
    int n;
} textpick;

static bool textpick_selectable(void *ctx, int i)
{
    const textpick *t = ctx;
    return t->pickable[t->entry[i]] && (i == 0 || t->entry[i - 1] != t->entry[i]);
}

int ui_choose_text(const char *title, const char *const *items, int n, const bool *pickable, const char *foot)
{
    ui_list l = {.sel = 0};
    int picked = -1, keep = -1;
    for (;;) {
        popup b;
        box_open(&b, UI.rows - 2, UI.cols - 4);
        int cols = b.wd - 4, rows = b.h - 4;
        textpick t = {.pickable = pickable};
        int cap = 0;
        for (int i = 0; i < n; i++) {
            int k = 0;
            char **w = ui_wrap_lines(items[i], cols - 2, &k);
            for (int j = 0; w && j < k; j++) {
                if (t.n == cap) {
                    int nc = cap ? cap * 2 : 32;
                    char **nl = realloc(t.lines, (size_t)nc * sizeof *nl);
                    if (nl) t.lines = nl;
                    int *ne = nl ? realloc(t.entry, (size_t)nc * sizeof *ne) : NULL;
                    if (ne) t.entry = ne;
                    if (!nl || !ne) break;
                    cap = nc;
                }
                t.lines[t.n] = w[j];
                t.entry[t.n++] = i;
                w[j] = NULL;
            }
            ui_wrap_free(w, k);
        }
        l.n = t.n;
        l.ctx = &t;
        l.selectable = textpick_selectable;
        l.sel = -1;
        /* the same entry stays selected across a resize (its lines are wrapped again) */
        for (int i = 0; i < t.n && keep >= 0; i++)
            if (t.entry[i] == keep) {
                l.sel = i;
                break;
            }
        if (l.sel < 0) ui_list_reset(&l);
        bool reopen = false;
        while (rows > 0) {
            ui_list_view(&l, rows);
            box_put(&b, 1, 2, cols, title, A_BOLD);
            int se = l.sel >= 0 ? t.entry[l.sel] : -1;
            for (int i = 0; i < rows; i++) {
                int idx = l.first + i;
                bool on = idx < t.n && se >= 0 && t.entry[idx] == se;
                bool cont = idx < t.n && idx > 0 && t.entry[idx - 1] == t.entry[idx];
                char line[2048];
                snprintf(line, sizeof line, "%s%s", cont ? "  " : "", idx < t.n ? t.lines[idx] : "");
                box_put(&b, 2 + i, 2, cols, line, on ? ui_attr_selected() : 0);
            }
            box_markers(&b, &l, 2, rows);
            box_put(&b, b.h - 2, 2, cols, foot ? foot : "↑↓ 選択  Enter 決定  ESC 閉じる", ui_attr_dim());
            int key = box_key(&b);
            if (key == UK_PASTE) {   /* a paste is no choice: nothing happens */
                beep();
                continue;
            }
            if (key == UK_RESIZE) {
                keep = l.sel >= 0 ? t.entry[l.sel] : -1;
                reopen = true;
                break;
            }
            if (ui_list_key(&l, key)) continue;
            if (key == UK_ENTER && l.sel >= 0 && textpick_selectable(&t, l.sel)) {
                picked = t.entry[l.sel];
                break;
            }
            if (key == UK_ESC || key == 'q') break;
        }
        for (int i = 0; i < t.n; i++) free(t.lines[i]);
        free(t.lines);
        free(t.entry);
        box_close(&b);
        if (!reopen) return picked;
    }
}

bool ui_choose_many(const char *title, const char *const *items, int n, bool *sel)
{
    ui_list l = {.n = n};
    for (;;) {
        popup b;
        box_open(&b, n + 4, 50);
        int rows = b.h - 4;
        if (rows < 1) {
            box_close(&b);
            return false;
        }
        choose_rows rows_of = {items, -1, sel};
        for (;;) {
            box_list(&b, &l, rows, title, "Space 切替  Enter 決定  ESC 取消", many_line, &rows_of);
            int key = box_key(&b);
            if (key == UK_PASTE) {   /* a paste is no choice: nothing happens */
                beep();
                continue;
            }
            if (key == UK_RESIZE) break;
            if (ui_list_key(&l, key)) continue;
            if (key == ' ' && l.sel >= 0) {
                sel[l.sel] = !sel[l.sel];
            } else if (key == UK_ENTER) {
                box_close(&b);
                return true;
            } else if (key == UK_ESC) {
                box_close(&b);
                return false;
            }
        }
        box_close(&b);
    }
}

/* A confirmation answers only a key pressed after it was drawn: what was typed ahead, or pasted into a terminal
   without bracketed paste, is thrown away once the question is on screen; a bracketed paste never answers it. */
bool ui_confirm(const char *question)
{
    bool pasted = false;
    for (;;) {
        popup b;
        /* the question wraps inside the box: at 80 columns nothing of it is cut */
        int w = text_width(question) + 6;
        if (w < 40) w = 40;
        if (w > UI.cols - 4) w = UI.cols - 4;
        if (w > 76) w = 76;
        int nl = 0;
        char **lines = ui_wrap_lines(question, w - 4, &nl);
        int shown = lines ? nl : 1;
        if (shown > UI.rows - 6) shown = UI.rows - 6;
        box_open(&b, shown + 4, w);
        for (int i = 0; i < shown; i++) box_put(&b, 1 + i, 2, b.wd - 4, lines ? lines[i] : question, A_BOLD);
        ui_wrap_free(lines, nl);
        box_put(&b, b.h - 2, 2, b.wd - 4, pasted ? "貼り付けでは答えられません。y はい   n いいえ" : "y はい   n いいえ",
                pasted ? ui_attr_warn() : 0);
        wnoutrefresh(b.w);
        doupdate();
        term_flush_typeahead();
        int key = box_key(&b);
        box_close(&b);
        if (key == UK_PASTE) {
            beep();
            pasted = true;
            continue;
        }
        if (key == 'y' || key == 'Y') return true;
        if (key == 'n' || key == 'N' || key == UK_ESC || key == 'q') return false;
    }
}

char **ui_wrap_lines(const char *text, int cols, int *count)
{
    int cap = 64, n = 0;
    char **lines = malloc((size_t)cap * sizeof *lines);
    if (!lines) return NULL;
    const char *p = text;
    while (*p || n == 0) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *seg = strndup(p, len);
        const char *q = seg;
        do {
            /* take as many whole characters as fit in cols */
            size_t used = 0;
            int w = 0;
            while (q[used]) {
                uint32_t cp;
                size_t k = text_utf8_decode(q + used, strlen(q + used), &cp);
                int cw = text_cp_width(cp);
                if (w + cw > cols) break;
                w += cw;
                used += k;
            }
            if (used == 0 && q[0]) used = 1;
            if (n == cap) {
                cap *= 2;
                char **nl2 = realloc(lines, (size_t)cap * sizeof *lines);
                if (!nl2) break;
                lines = nl2;
            }
            lines[n++] = strndup(q, used);
            q += used;
        } while (*q);
        free(seg);
        if (!nl) break;
        p = nl + 1;
    }
    *count = n;
    return lines;
}

void ui_show_text(const char *title, const char *text) { ui_show_text_by(title, NULL, NULL, text); }

void ui_show_text_by(const char *title, char *(*build)(void *ctx, int cols), void *ctx, const char *fixed)
{
    ui_list l = {.sel = -1};   /* no row is selected: the text scrolls */
    for (;;) {
        popup b;
        box_open(&b, UI.rows - 2, UI.cols - 4);
        int cols = b.wd - 4, rows = b.h - 4;
        /* a text made for the width (the help: its continuations aligned under their column) is made again */
        char *made = build ? build(ctx, cols) : NULL;
        const char *text = made ? made : fixed;
        int n = 0;
        char **lines = ui_wrap_lines(text ? text : "", cols, &n);
        l.n = lines ? n : 0;
        bool reopen = false;
        while (lines && rows > 0) {
            ui_list_view(&l, rows);
            box_put(&b, 1, 2, cols, title, A_BOLD);
            for (int i = 0; i < rows; i++)
                box_put(&b, 2 + i, 2, cols, l.first + i < n ? lines[l.first + i] : "", 0);
            box_markers(&b, &l, 2, rows);
            char foot[128];
            snprintf(foot, sizeof foot, "↑↓ PgUp PgDn Home End で移動  q/ESC/Enter で閉じる  (%d/%d行)",
                     l.first + rows < n ? l.first + rows : n, n);
            box_put(&b, b.h - 2, 2, cols, foot, ui_attr_dim());
            int key = box_key(&b);
            if (key == UK_PASTE) {   /* a paste is no choice: nothing happens */
                beep();
                continue;
            }
            if (key == UK_RESIZE) {
                reopen = true;
                break;
            }
            if (ui_list_key(&l, key)) continue;
            if (key == 'q' || key == UK_ESC || key == UK_ENTER) break;
        }
        for (int i = 0; i < n; i++) free(lines[i]);
        free(lines);
        free(made);
        box_close(&b);
        if (!reopen) return;
    }
}

void ui_wrap_free(char **lines, int n)
{
    for (int i = 0; lines && i < n; i++) free(lines[i]);
    free(lines);
}
