/* Popups drawn over the current screen: the line editor, lists to choose from, confirmation, text. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"
#include "ui/editbuf.h"
#include "ui/ui.h"

#define CTRL(c) ((c) & 0x1f)

typedef struct popup {
    WINDOW *w;
    int h, wd, y, x;
} popup;

/* A framed window centred on the screen (ASCII frame: box lines are ambiguous-width on some terminals). */
static void box_open(popup *b, int h, int wd)
{
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

static void box_close(popup *b)
{
    if (b->w) delwin(b->w);
    b->w = NULL;
    touchwin(stdscr);
}

static void box_put(popup *b, int y, int x, int cols, const char *s, int attr)
{
    char buf[2048];
    if (cols <= 0) return;
    text_fit(buf, sizeof buf, s ? s : "", cols, true);
    if (attr) wattron(b->w, attr);
    mvwaddstr(b->w, y, x, buf);
    if (attr) wattroff(b->w, attr);
}

static int box_key(popup *b, wint_t *ch)
{
    for (;;) {
        wnoutrefresh(b->w);
        doupdate();
        int r = wget_wch(b->w, ch);
        if (r == ERR) continue;
        if (r == KEY_CODE_YES && *ch == KEY_RESIZE) {
            getmaxyx(stdscr, UI.rows, UI.cols);
            return KEY_RESIZE;
        }
        return r;
    }
}

char *ui_prompt(const char *title, const char *hint, const char *initial, size_t max_chars)
{
    editbuf e;
    if (editbuf_init(&e, initial ? initial : "", max_chars)) return NULL;
    char *result = NULL;
    bool done = false, at_limit = false;
    char counter[160];
    while (!done) {
        popup b;
        box_open(&b, 7, 76);
        if (b.h < 5 || b.wd < 20) {
            box_close(&b);
            break;
        }
        int fw = b.wd - 4;
        box_put(&b, 1, 2, fw, title, A_BOLD);
        box_put(&b, 2, 2, fw, hint ? hint : "", ui_attr_dim());
        box_put(&b, b.h - 2, 2, fw, "Enter 確定  ESC 取消  ←→ 移動  Ctrl-U 消去", ui_attr_dim());
        curs_set(1);
        for (;;) {
            int cx = editbuf_view(&e, fw);
            char vis[2048];
            editbuf_visible(&e, fw, vis, sizeof vis);
            wattron(b.w, A_UNDERLINE);
            mvwhline(b.w, 3, 2, ' ', fw);
            mvwaddstr(b.w, 3, 2, vis);
            wattroff(b.w, A_UNDERLINE);
            if (max_chars) snprintf(counter, sizeof counter, "%zu/%zu文字%s", e.len, max_chars,
                                    at_limit ? "  上限に達したため、それ以上の文字は入力されていません" : "");
            else snprintf(counter, sizeof counter, "%zu文字", e.len);
            box_put(&b, 4, 2, fw, counter, at_limit ? ui_attr_warn() : ui_attr_dim());
            wmove(b.w, 3, 2 + cx);
            wint_t ch;
            int r = box_key(&b, &ch);
            if (r == KEY_RESIZE) break; /* reopen the box at the new size */
            if (r == KEY_CODE_YES) {
                switch (ch) {
                case KEY_LEFT: editbuf_left(&e); break;
                case KEY_RIGHT: editbuf_right(&e); break;
                case KEY_HOME: editbuf_home(&e); break;
                case KEY_END: editbuf_end(&e); break;
                case KEY_BACKSPACE: editbuf_backspace(&e); break;
                case KEY_DC: editbuf_delete(&e); break;
                case KEY_ENTER: result = editbuf_to_utf8(&e); done = true; break;
                default: break;
                }
            } else if (ch == 27) {
                done = true;
            } else if (ch == '\r' || ch == '\n') {
                result = editbuf_to_utf8(&e);
                done = true;
            } else if (ch == 127 || ch == CTRL('H')) {
                editbuf_backspace(&e);
            } else if (ch == CTRL('A')) {
                editbuf_home(&e);
            } else if (ch == CTRL('E')) {
                editbuf_end(&e);
            } else if (ch == CTRL('K')) {
                editbuf_kill_to_end(&e);
            } else if (ch == CTRL('U')) {
                editbuf_kill_to_start(&e);
            } else if (ch == CTRL('D')) {
                editbuf_delete(&e);
            } else if (ch >= 0x20) {
                if (!editbuf_insert(&e, (wchar_t)ch)) {
                    if (!at_limit) beep();
                    at_limit = max_chars && e.len >= max_chars;
                }
            }
            if (done) break;
        }
        curs_set(0);
        box_close(&b);
    }
    editbuf_free(&e);
    return result;
}

int ui_choose(const char *title, const char *const *items, int n, int current)
{
    int sel = current >= 0 && current < n ? current : 0, first = 0;
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
        bool reopen = false;
        while (!reopen) {
            if (sel < first) first = sel;
            if (sel >= first + rows) first = sel - rows + 1;
            box_put(&b, 1, 2, b.wd - 4, title, A_BOLD);
            for (int i = 0; i < rows; i++) {
                int idx = first + i;
                char line[512];
                if (idx < n) snprintf(line, sizeof line, "%c %s", idx == current ? '*' : ' ', items[idx]);
                else line[0] = 0;
                box_put(&b, 2 + i, 2, b.wd - 4, line, idx == sel ? ui_attr_selected() : 0);
            }
            box_put(&b, b.h - 2, 2, b.wd - 4, "↑↓ 選択  Enter 決定  ESC 取消", ui_attr_dim());
            wint_t ch;
            int r = box_key(&b, &ch);
            if (r == KEY_RESIZE) { reopen = true; break; }
            if (r == KEY_CODE_YES) {
                if (ch == KEY_UP && sel > 0) sel--;
                else if (ch == KEY_DOWN && sel < n - 1) sel++;
                else if (ch == KEY_HOME) sel = 0;
                else if (ch == KEY_END) sel = n - 1;
                else if (ch == KEY_PPAGE) sel = sel > rows ? sel - rows : 0;
                else if (ch == KEY_NPAGE) sel = sel + rows < n ? sel + rows : n - 1;
                else if (ch == KEY_ENTER) { box_close(&b); return sel; }
            } else if (ch == 27 || ch == 'q') {
                box_close(&b);
                return -1;
            } else if (ch == '\r' || ch == '\n') {
                box_close(&b);
                return sel;
            } else if (ch == 'k' && sel > 0) {
                sel--;
            } else if (ch == 'j' && sel < n - 1) {
                sel++;
            } else if (ch >= '1' && ch <= '9' && (int)(ch - '1') < n) {
                box_close(&b);
                return (int)(ch - '1');
            }
        }
        box_close(&b);
    }
}

bool ui_choose_many(const char *title, const char *const *items, int n, bool *sel)
{
    int cur = 0;
    for (;;) {
        popup b;
        box_open(&b, n + 4, 50);
        int rows = b.h - 4;
        bool reopen = false;
        while (!reopen) {
            box_put(&b, 1, 2, b.wd - 4, title, A_BOLD);
            for (int i = 0; i < rows && i < n; i++) {
                char line[512];
                snprintf(line, sizeof line, "[%c] %s", sel[i] ? 'x' : ' ', items[i]);
                box_put(&b, 2 + i, 2, b.wd - 4, line, i == cur ? ui_attr_selected() : 0);
            }
            box_put(&b, b.h - 2, 2, b.wd - 4, "Space 切替  Enter 決定  ESC 取消", ui_attr_dim());
            wint_t ch;
            int r = box_key(&b, &ch);
            if (r == KEY_RESIZE) { reopen = true; break; }
            if (r == KEY_CODE_YES) {
                if (ch == KEY_UP && cur > 0) cur--;
                else if (ch == KEY_DOWN && cur < n - 1) cur++;
                else if (ch == KEY_ENTER) { box_close(&b); return true; }
            } else if (ch == ' ') {
                sel[cur] = !sel[cur];
            } else if (ch == '\r' || ch == '\n') {
                box_close(&b);
                return true;
            } else if (ch == 27) {
                box_close(&b);
                return false;
            }
        }
        box_close(&b);
    }
}

bool ui_confirm(const char *question)
{
    for (;;) {
        popup b;
        int w = text_width(question) + 6;
        if (w < 40) w = 40;
        box_open(&b, 5, w);
        box_put(&b, 1, 2, b.wd - 4, question, A_BOLD);
        box_put(&b, 3, 2, b.wd - 4, "y はい   n いいえ", 0);
        wint_t ch;
        int r = box_key(&b, &ch);
        box_close(&b);
        if (r == KEY_RESIZE) continue;
        if (r != KEY_CODE_YES && (ch == 'y' || ch == 'Y')) return true;
        if (r != KEY_CODE_YES && (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q')) return false;
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

void ui_show_text(const char *title, const char *text)
{
    int first = 0;
    for (;;) {
        popup b;
        box_open(&b, UI.rows - 2, UI.cols - 4);
        int cols = b.wd - 4, rows = b.h - 4;
        int n = 0;
        char **lines = ui_wrap_lines(text ? text : "", cols, &n);
        bool reopen = false;
        while (!reopen && lines) {
            if (first > n - rows) first = n - rows;
            if (first < 0) first = 0;
            box_put(&b, 1, 2, cols, title, A_BOLD);
            for (int i = 0; i < rows; i++)
                box_put(&b, 2 + i, 2, cols, first + i < n ? lines[first + i] : "", 0);
            char foot[128];
            snprintf(foot, sizeof foot, "↑↓ PgUp PgDn で移動  q/ESC/Enter で閉じる  (%d/%d行)",
                     first + rows < n ? first + rows : n, n);
            box_put(&b, b.h - 2, 2, cols, foot, ui_attr_dim());
            wint_t ch;
            int r = box_key(&b, &ch);
            if (r == KEY_RESIZE) { reopen = true; break; }
            if (r == KEY_CODE_YES) {
                if (ch == KEY_UP) first--;
                else if (ch == KEY_DOWN) first++;
                else if (ch == KEY_PPAGE) first -= rows;
                else if (ch == KEY_NPAGE) first += rows;
                else if (ch == KEY_ENTER) break;
            } else if (ch == 'k') first--;
            else if (ch == 'j' || ch == ' ') first += ch == ' ' ? rows : 1;
            else if (ch == 'q' || ch == 27 || ch == '\r' || ch == '\n') break;
        }
        for (int i = 0; i < n; i++) free(lines[i]);
        free(lines);
        box_close(&b);
        if (!reopen) return;
    }
}

void ui_wrap_free(char **lines, int n)
{
    for (int i = 0; lines && i < n; i++) free(lines[i]);
    free(lines);
}
