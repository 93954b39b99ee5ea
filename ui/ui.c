/* The loop, the screen stack, the status line, the key bar and the drawing helpers. */
#include "ui/ui.h"

#include <curses.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/locale.h"
#include "forms/text.h"
#include "ui/dialog.h"
#include "ui/editkeys.h"
#include "ui/screen_home.h"
#include "ui/screen_picker.h"
#include "ui/searchbox.h"
#include "ui/term.h"
#include "ui/termcheck.h"

ui_ctx UI;
static bool has_color;

int ui_top(void) { return 2; }
/* A long message (a rule's full text) wraps over up to MSG_MAX_LINES lines above the key bar; a longer one is shown
   whole in a popup as well (ui_run), its start staying on the message lines. */
#define MSG_MAX_LINES 3
static int msg_wrapped_lines(void)
{
    if (!*UI.msg || text_width(UI.msg) <= UI.cols) return 1;
    int n = 0;
    char **l = ui_wrap_lines(UI.msg, UI.cols, &n);
    ui_wrap_free(l, n);
    return l ? n : 2;
}
static int msg_lines(void)
{
    int n = msg_wrapped_lines();
    return n > MSG_MAX_LINES ? MSG_MAX_LINES : n;
}
int ui_bottom(void) { return UI.rows - 2 - msg_lines(); }
int ui_content_rows(void) { return ui_bottom() - ui_top() + 1; }

int ui_attr_selected(void) { return has_color ? (int)(COLOR_PAIR(1) | A_BOLD) : (int)A_REVERSE; }
int ui_attr_header(void) { return has_color ? (int)(COLOR_PAIR(2) | A_BOLD) : (int)A_BOLD; }
int ui_attr_warn(void) { return has_color ? (int)(COLOR_PAIR(3) | A_BOLD) : (int)A_BOLD; }
int ui_attr_flag(void) { return has_color ? (int)COLOR_PAIR(4) : (int)A_UNDERLINE; }
int ui_attr_dim(void) { return has_color ? (int)(COLOR_PAIR(6)) : (int)A_DIM; }
int ui_attr_ok(void) { return has_color ? (int)COLOR_PAIR(5) : 0; }

void ui_put(int y, int x, int cols, const char *s, int attr)
{
    if (cols <= 0 || y < 0 || y >= UI.rows || x >= UI.cols) return;
    if (x + cols > UI.cols) cols = UI.cols - x;
    char buf[2048];
    text_fit(buf, sizeof buf, s ? s : "", cols, true);
    if (attr) attron(attr);
    mvaddstr(y, x, buf);
    if (attr) attroff(attr);
}

int ui_puts(int y, int x, const char *s, int attr)
{
    if (y < 0 || y >= UI.rows || x >= UI.cols) return 0;
    char buf[2048];
    int w = text_fit(buf, sizeof buf, s ? s : "", UI.cols - x, false);
    if (attr) attron(attr);
    mvaddstr(y, x, buf);
    if (attr) attroff(attr);
    return w;
}

int ui_dept_width(void) { return UI.cols >= 100 ? 16 : 12; }

void ui_clear_content(void)
{
    for (int y = ui_top(); y <= ui_bottom(); y++) {
        move(y, 0);
        clrtoeol();
    }
}

void ui_hline(int y)
{
    if (y < 0 || y >= UI.rows) return;
    attron(ui_attr_dim());
    mvhline(y, 0, '-', UI.cols);
    attroff(ui_attr_dim());
}

const char *ui_first_line(const char *v, char *out, size_t n)
{
    if (!n) return out;
    const char *nl = v ? strchr(v, '\n') : NULL;
    if (!nl) {
        snprintf(out, n, "%s", v ? v : "");
    } else {
        snprintf(out, n, "%.*s …", (int)(nl - v), v);
        text_trim_partial(out);
    }
    return out;
}

int ui_text_pane(int y_last, int max_rows, const char *label, const char *text, int max_chars)
{
    if (max_rows < 2) return 0;
    int w = UI.cols - 4, n = 0;
    const char *v = text && *text ? text : "（未入力）";
    char **lines = ui_wrap_lines(v, w, &n);
    if (!lines) return 0;
    int shown = n < max_rows - 1 ? n : max_rows - 1;
    int y = y_last - shown;
    ui_hline(y);
    char head[256];
    if (max_chars) snprintf(head, sizeof head, " %s（全文 %zu/%d文字） ", label, text_chars(text), max_chars);
    else snprintf(head, sizeof head, " %s（全文） ", label);
    ui_puts(y, 2, head, ui_attr_header());
    for (int i = 0; i < shown; i++) {
        const char *l = lines[i];
        if (i == shown - 1 && shown < n) l = "…（続きは Enter で表示）";
        ui_put(y + 1 + i, 2, w, l, text && *text ? 0 : ui_attr_dim());
    }
    ui_wrap_free(lines, n);
    return shown + 1;
}

void ui_title(const char *title, const char *right)
{
    move(1, 0);
    clrtoeol();
    int w = ui_puts(1, 1, title, A_BOLD);
    if (right && *right) {
        int rw = text_width(right);
        int x = UI.cols - rw - 1;
        if (x > w + 2) ui_puts(1, x, right, ui_attr_dim());
    }
}

void ui_count_label(const q_count *c, const char *suffix, char *out, size_t n)
{
    if (c->failed || !c->started) snprintf(out, n, "%s", "");
    else if (c->done) snprintf(out, n, "全 %lld 件%s", (long long)c->n, suffix);
    else snprintf(out, n, "%lld 件以上（集計中）%s", (long long)c->n, suffix);
}

void ui_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(UI.msg, sizeof UI.msg, fmt, ap);
    va_end(ap);
    text_trim_partial(UI.msg);
    text_sanitize_into(UI.msg, sizeof UI.msg);
    UI.msg_error = false;
}

void ui_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(UI.msg, sizeof UI.msg, fmt, ap);
    va_end(ap);
    text_trim_partial(UI.msg);
    text_sanitize_into(UI.msg, sizeof UI.msg);
    UI.msg_error = true;
    beep();
}

void ui_fail(kstatus s)
{
    const char *m = kumo_last_error(UI.k);
    ui_error("%s", *m ? m : kumo_strerror(s));
}

static void push(screen *s)
{
    s->below = UI.top;
    UI.top = s;
    if (s->ops->on_show) s->ops->on_show(s);
}

bool ui_open(const screen_ops *ops, const void *arg)
{
    screen *s = calloc(1, sizeof *s + ops->size);
    if (!s) {
        ui_error("%s", kumo_strerror(KS_NOMEM));
        return false;
    }
    s->ops = ops;
    s->st = s->state;
    snprintf(s->title, sizeof s->title, "%s", ops->title);
    if (ops->init && !ops->init(s, arg)) {
        if (ops->close) ops->close(s);
        free(s);
        if (!*UI.msg) ui_error("%s", kumo_strerror(KS_NOMEM));
        return false;
    }
    push(s);
    return true;
}

bool ui_open_id(const screen_ops *ops, int64_t id) { return ui_open(ops, &id); }

static void pop(void)
{
    screen *s = UI.top;
    if (!s) return;
    UI.top = s->below;
    if (s->ops->close) s->ops->close(s);
    free(s);
    if (UI.top && UI.top->ops->on_show) UI.top->ops->on_show(UI.top);
}

/* ---- actions: the screen's table, its extensions, then the common ones ---- */

static int run_help(screen *s)
{
    ui_help(s);
    return UI_HANDLED;
}

static int run_back(screen *s) { return s->ops->back ? s->ops->back(s) : UI_POP; }
static bool has_below(const screen *s) { return s->below != NULL; }
static bool is_bottom(const screen *s) { return s->below == NULL; }

static const ui_action COMMON[] = {
    {{'?'}, "ヘルプ", "この画面の操作（このヘルプ）", run_help, NULL},
    {{'q', UK_ESC}, "戻る", "前の画面に戻る", run_back, has_below},
    {{'q', UK_ESC}, "終了", "kumo を終了する", run_back, is_bottom},
    {{0}, NULL, NULL, NULL, NULL},
};

static int table_len(const ui_action *t)
{
    int n = 0;
    while (t && t[n].keys[0]) n++;
    return n;
}

/* The i-th entry of the screen's own table, its extensions and the common table, offered or not. */
static const ui_action *entry_at(const screen *s, int i)
{
    int own = table_len(s->ops->actions);
    if (i < own) return &s->ops->actions[i];
    i -= own;
    for (const ui_action *const *e = s->ops->extensions; e && *e; e++, i--)
        if (i == 0) return *e;
    return i < table_len(COMMON) ? &COMMON[i] : NULL;
}

static bool offered(const screen *s, const ui_action *a) { return !a->when || a->when(s); }

const ui_action *ui_action_at(const screen *s, int i)
{
    for (int j = 0, k = 0;; j++) {
        const ui_action *a = entry_at(s, j);
        if (!a) return NULL;
        if (!offered(s, a)) continue;
        if (k++ == i) return a;
    }
}

const ui_action *ui_action_for(const screen *s, int key)
{
    const ui_action *a;
    for (int i = 0; (a = ui_action_at(s, i)); i++)
        if (ui_keys_has(a->keys, key)) return a;
    return NULL;
}

static bool is_common(const ui_action *a) { return a >= COMMON && a < COMMON + table_len(COMMON); }

int ui_dispatch(screen *s, int key)
{
    if (s->search && s->search->open) return ui_search_key(s, s->search, key);
    if (key == UK_PASTE) {
        /* a paste outside a text entry is never run as keys */
        ui_error("貼り付けは入力欄でだけ使えます（画面の操作としては実行しません）。Enter などで入力欄を開いてから貼り付けてください");
        return UI_HANDLED;
    }
    const ui_action *a = ui_action_for(s, key);
    /* the list's movement keys come before ? and q, after the screen's own */
    if (s->list && (!a || is_common(a)) && ui_list_key(s->list, key)) return UI_HANDLED;
    return a ? a->run(s) : UI_HANDLED;
}

bool ui_has_selection(const screen *s) { return s->list && ui_list_sel(s->list) >= 0; }

void ui_cursor(int y, int x)
{
    UI.cur_y = y;
    UI.cur_x = x;
}

static void draw_status(void)
{
    char left[512], right[256];
    const kuser *u = kumo_me(UI.k);
    if (kumo_logged_in(UI.k))
        /* a 正式名 with brackets of its own (最高情報セキュリティ責任者（CISO）) by its short name inside these */
        snprintf(left, sizeof left, " kumo | %s（%s%s%s）", u->name,
                 strstr(role_label(u->role), "（") ? role_short(u->role) : role_label(u->role), *u->dept_name ? "・" : "",
                 u->dept_name);
    else
        snprintf(left, sizeof left, " kumo | 利用者を選んでください");
    const char *path = kumo_db_path(UI.k);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *ro = kumo_readonly(UI.k) ? "［読み取り専用］" : "";
    snprintf(right, sizeof right, "%s%s | %s ", ro, kumo_org(UI.k), base);
    if (text_width(left) + text_width(right) + 2 > UI.cols) snprintf(right, sizeof right, "%s%s ", ro, base);
    if (text_width(left) + text_width(right) + 2 > UI.cols) right[0] = 0;
    attron(A_REVERSE);
    mvhline(0, 0, ' ', UI.cols);
    int rw = text_width(right);
    int lw = UI.cols - rw - 1;
    if (lw < 20) lw = UI.cols;
    ui_put(0, 0, lw, left, 0);
    if (lw < UI.cols) ui_put(0, UI.cols - rw, rw, right, 0);
    attroff(A_REVERSE);
}

static int keybar_item(int y, int x, const ui_action *a, const char *label)
{
    char key[32];
    ui_key_name(a->keys[0], key, sizeof key);
    attron(A_REVERSE);
    mvaddstr(y, x, key);
    attroff(A_REVERSE);
    x += text_width(key);
    return x + ui_puts(y, x + 1, label, 0) + 3;
}

static int keybar_width(const ui_action *a, const char *label)
{
    char key[32];
    return text_width(ui_key_name(a->keys[0], key, sizeof key)) + 1 + text_width(label) + 2;
}

/* The ? entry's label when the bar could not show every action: the rest are in the help. */
#define KEYBAR_MORE "他の操作"

/* The labelled actions offered on the screen in the order of its table (the most important first), then ? and q,
   which always fit: the screen's own are dropped from the end first, and ? then says the rest are in the help. */
static void draw_keybar(const screen *s)
{
    int y = UI.rows - 1;
    move(y, 0);
    clrtoeol();
    int reserve = 0;
    const ui_action *a;
    for (int i = 0; (a = ui_action_at(s, i)); i++)
        if (is_common(a) && a->label) reserve += keybar_width(a, a->keys[0] == '?' ? KEYBAR_MORE : a->label);
    int x = 0;
    bool full = false;
    for (int i = 0; (a = ui_action_at(s, i)); i++) {
        if (!a->label) continue;
        if (is_common(a)) {
            const char *label = full && a->keys[0] == '?' ? KEYBAR_MORE : a->label;
            if (x + keybar_width(a, label) <= UI.cols + 1) x = keybar_item(y, x, a, label);
            continue;
        }
        if (full || x + keybar_width(a, a->label) + reserve > UI.cols) {
            full = true;
            continue;
        }
        x = keybar_item(y, x, a, a->label);
    }
}

static void draw_message(void)
{
    int lines = msg_lines(), y = UI.rows - 1 - lines;
    int attr = UI.msg_error ? ui_attr_warn() : ui_attr_ok();
    for (int i = 0; i < lines; i++) {
        move(y + i, 0);
        clrtoeol();
    }
    if (!*UI.msg) return;
    int n = 0;
    char **wrapped = lines > 1 ? ui_wrap_lines(UI.msg, UI.cols, &n) : NULL;
    if (!wrapped) {
        ui_put(y, 0, UI.cols, UI.msg, attr);
        return;
    }
    for (int i = 0; i < lines && i < n; i++) {
        /* the last line of a message longer than the lines shows that it goes on (the popup showed it whole) */
        if (i == lines - 1 && n > lines) {
            char last[2048];
            snprintf(last, sizeof last, "%s%s", wrapped[i], wrapped[i + 1]);
            ui_put(y + i, 0, UI.cols, last, attr);
        } else {
            ui_put(y + i, 0, UI.cols, wrapped[i], attr);
        }
    }
    ui_wrap_free(wrapped, n);
}

/* The screen below 80×24: what to do about it. In a dialog the terminal only has to grow again (what was being typed
   waits); on a screen q also ends kumo. */
static void draw_too_small_for(bool dialog)
{
    erase();
    char buf[256];
    snprintf(buf, sizeof buf, "端末が小さすぎます: 80×24 以上にしてください（現在 %d×%d）", UI.cols, UI.rows);
    mvaddstr(0, 0, "kumo");
    ui_puts(UI.rows > 2 ? 1 : 0, 0, buf, A_BOLD);
    if (UI.rows > 3) ui_puts(2, 0, dialog ? "広げると入力中の内容に戻ります" : "q で終了", 0);
    refresh();
}

static void draw_too_small(void) { draw_too_small_for(false); }

static bool too_small(void) { return UI.cols < UI_MIN_COLS || UI.rows < UI_MIN_ROWS; }

void ui_wait_for_room(void)
{
    getmaxyx(stdscr, UI.rows, UI.cols);
    if (!too_small()) return;
    while (too_small()) {
        draw_too_small_for(true);
        term_key(stdscr);   /* a key meanwhile is dropped: nothing of the dialog is on screen to take it */
    }
    /* the dialog's first key: lay the box out again for the size it has now */
    ungetch(KEY_RESIZE);
}

/* Draws everything: the status line, the top screen, the message and the key bar. */
void ui_redraw_all(void)
{
    getmaxyx(stdscr, UI.rows, UI.cols);
    if (too_small()) {
        draw_too_small();
        return;
    }
    erase();
    UI.cur_y = UI.cur_x = -1;
    draw_status();
    if (UI.top) {
        ui_title(UI.top->title, NULL);
        UI.top->ops->draw(UI.top);
        draw_keybar(UI.top);
    }
    draw_message();
    if (UI.cur_y >= 0) {
        move(UI.cur_y, UI.cur_x);
        curs_set(1);
    } else {
        curs_set(0);
    }
    wnoutrefresh(stdscr);
}

int ui_key_code(int r, wint_t ch)
{
    if (r == KEY_CODE_YES) {
        switch (ch) {
        case KEY_ENTER: return UK_ENTER;
        case KEY_UP: return UK_UP;
        case KEY_DOWN: return UK_DOWN;
        case KEY_LEFT: return UK_LEFT;
        case KEY_RIGHT: return UK_RIGHT;
        case KEY_PPAGE: return UK_PGUP;
        case KEY_NPAGE: return UK_PGDN;
        case KEY_HOME: return UK_HOME;
        case KEY_END: return UK_END;
        case KEY_BACKSPACE: return UK_BACKSPACE;
        case KEY_DC: return UK_DELETE;
        case KEY_RESIZE: return UK_RESIZE;
        case KEY_F(2): return UK_F2;
        default: return UK_OTHER;
        }
    }
    switch (ch) {
    case '\r':
    case '\n': return UK_ENTER;
    case 27: return UK_ESC;
    case 127:
    case 8: return UK_BACKSPACE;
    default: return ch < UK_FUNC ? (int)ch : UK_OTHER;
    }
}

/* While a write waits for another's lock: 「待機中…」 on the message line, ESC gives up. Keys typed meanwhile are
   kept for afterwards (pushed back after each look). */
#define UI_WAIT_MAX_MS (10 * 60 * 1000)
static char wait_msg[160];

static bool wait_tick(void *ctx, int waited_ms)
{
    (void)ctx;
    struct { int r; wint_t ch; } typed[64];
    int n = 0;
    bool give_up = false;
    nodelay(stdscr, TRUE);
    wint_t ch;
    int r;
    while ((r = get_wch(&ch)) != ERR) {
        if (r == OK && ch == 27) give_up = true;
        else if (n < (int)(sizeof typed / sizeof typed[0])) {
            typed[n].r = r;
            typed[n++].ch = ch;
        }
    }
    nodelay(stdscr, FALSE);
    for (int i = n - 1; i >= 0; i--) {
        if (typed[i].r == KEY_CODE_YES) ungetch((int)typed[i].ch);
        else unget_wch(typed[i].ch);
    }
    if (give_up) return false;
    snprintf(wait_msg, sizeof wait_msg, "待機中… 他の利用者の処理が終わるのを待っています（%d秒、ESC で中止）",
             waited_ms / 1000);
    ui_info("%s", wait_msg);
    if (!too_small()) {
        draw_message();
        wnoutrefresh(stdscr);
        doupdate();
    }
    return true;
}

int ui_getkey(void) { return term_key(stdscr); }

/* One entry of the help: the keys in a column as wide as the widest, then the text, wrapped under itself to the
   width of the help's box (cols: the columns inside it). */
static size_t help_line(char *t, size_t cap, size_t n, const int *keys, const char *text, int col, int cols)
{
    char k[64];
    ui_keys_text(keys, k, sizeof k);
    int pad = col - text_width(k);
    int avail = cols - (2 + col + 2);
    int nl = 0;
    char **parts = avail >= 16 ? ui_wrap_lines(text ? text : "", avail, &nl) : NULL;
    for (int i = 0; i < (parts ? nl : 1) && n < cap; i++) {
        const char *part = parts ? parts[i] : text ? text : "";
        int w = i == 0 ? snprintf(t + n, cap - n, "  %s%*s  %s\n", k, pad > 0 ? pad : 0, "", part)
                       : snprintf(t + n, cap - n, "  %*s  %s\n", col, "", part);
        if (w < 0) break;
        n = n + (size_t)w < cap ? n + (size_t)w : cap - 1;
    }
    ui_wrap_free(parts, nl);
    return n;
}

/* The help of screen ctx for a box `cols` columns wide. */
static char *help_text(void *ctx, int cols)
{
    const screen *s = ctx;
    size_t cap = 16384, n = 0;
    char *text = malloc(cap);
    if (!text) return NULL;
    const ui_action *a;
    int col = 8;
    char k[64];
    for (int i = 0; (a = ui_action_at(s, i)); i++)
        if (text_width(ui_keys_text(a->keys, k, sizeof k)) > col) col = text_width(k);
    for (const edit_binding *b = EDIT_KEYS; b->keys[0]; b++)
        if (text_width(ui_keys_text(b->keys, k, sizeof k)) > col) col = text_width(k);
    n += (size_t)snprintf(text + n, cap - n, "%s の操作\n\n", s->title);
    for (int i = 0; (a = ui_action_at(s, i)); i++)
        if (!is_common(a)) n = help_line(text, cap, n, a->keys, a->help ? a->help : a->label, col, cols);
    if (s->list) {
        n += (size_t)snprintf(text + n, cap - n, "\n一覧の移動\n");
        for (const ui_list_binding *b = UI_LIST_KEYS; b->keys[0]; b++)
            n = help_line(text, cap, n, b->keys, b->help, col, cols);
    }
    n += (size_t)snprintf(text + n, cap - n, "\n");
    for (int i = 0; (a = ui_action_at(s, i)); i++)
        if (is_common(a)) n = help_line(text, cap, n, a->keys, a->help, col, cols);
    n += (size_t)snprintf(text + n, cap - n, "\n文字の入力（入力欄・検索）\n");
    for (const edit_binding *b = EDIT_KEYS; b->keys[0]; b++) n = help_line(text, cap, n, b->keys, b->help, col, cols);
    if (n < cap) snprintf(text + n, cap - n, "日本語は端末の入力方式でそのまま入力できます。\n");
    return text;
}

void ui_help(const screen *s) { ui_show_text_by("ヘルプ", help_text, (void *)s, ""); }

static void curses_start(void)
{
    initscr();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    /* Home and End as terminals send them whatever TERM says (tmux: ESC[1~ ESC[4~; xterm: ESC OH, ESC OF): an
       unknown sequence would arrive as ESC and close the screen */
    static const char *const HOME_SEQ[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"};
    static const char *const END_SEQ[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
    for (size_t i = 0; i < sizeof HOME_SEQ / sizeof HOME_SEQ[0]; i++) {
        if (!key_defined(HOME_SEQ[i])) define_key(HOME_SEQ[i], KEY_HOME);
        if (!key_defined(END_SEQ[i])) define_key(END_SEQ[i], KEY_END);
    }
    curs_set(0);
    /* NO_COLOR (no-color.org): set and not empty, no colour at all; the selection keeps reverse video, headers bold */
    const char *nc = getenv("NO_COLOR");   /* only whether it is set is read: harmless under setgid too */
    if (has_colors() && !(nc && *nc)) {
        start_color();
        use_default_colors();
        has_color = true;
        init_pair(1, COLOR_BLACK, COLOR_CYAN);
        init_pair(2, COLOR_CYAN, -1);
        init_pair(3, COLOR_RED, -1);
        init_pair(4, COLOR_YELLOW, -1);
        init_pair(5, COLOR_GREEN, -1);
        init_pair(6, COLOR_BLUE, -1);
    }
    getmaxyx(stdscr, UI.rows, UI.cols);
    term_start();
}

/* A long step (an export of a large register, an import) reports how far it has got: drawn on the message line at
   once, at most ten times a second, so the screen shows progress instead of freezing. The screen is drawn afresh
   when the step ends. */
static void progress_draw(void *ctx, const char *what, long long done, long long total)
{
    static long long last_ms;
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    long long now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    if (done && done != total && now - last_ms < 100) return;
    last_ms = now;
    char line[256];
    if (total > 0) snprintf(line, sizeof line, "%s… %lld / %lld 件（%lld%%）", what, done, total, done * 100 / total);
    else snprintf(line, sizeof line, "%s… %lld 件", what, done);
    int y = UI.rows - 2;
    move(y, 0);
    clrtoeol();
    ui_put(y, 0, UI.cols, line, ui_attr_ok());
    refresh();
}

/* Exit status 3 when the screens cannot start, as the command line's "could not be done" (cli/cli.h). */
int ui_run(const char *db_path)
{
    if (kumo_locale_state_now() == KUMO_LOCALE_NONE) {
        /* ncursesw cannot draw Japanese without a UTF-8 LC_CTYPE: a clear message instead of ~H ~T garbage */
        fputs(kumo_locale_missing_message(), stderr);
        return 3;
    }
    char why[512];
    if (ui_terminal_problem(why, sizeof why)) {
        fprintf(stderr, "%s\n", why);
        return 3;
    }
    kumo *k = NULL;
    kstatus s = kumo_open(db_path, DB_OPEN_EXISTING, &k);
    if (s == KS_NOTFOUND) {
        /* on stderr before curses starts, in the words the command line uses */
        fprintf(stderr, "kumo: データベース %s がありません。kumo init --org 団体名（又は kumo demo）で作成してください\n",
                db_path);
        return 3;
    }
    if (s) {
        fprintf(stderr, "kumo: データベース %s を開けません: %s\n", db_path, kumo_strerror(s));
        return 3;
    }
    const char *as = secure_getenv("KUMO_USER");
    bool picker = kumo_may_act_as_other(k) && !(as && *as);
    if (!picker) {
        s = kumo_login(k, as);
        if (s) {
            const char *m = kumo_last_error(k);
            fprintf(stderr, "kumo: %s\n", *m ? m : kumo_strerror(s));
            kumo_close(&k);
            return 3;
        }
    }
    memset(&UI, 0, sizeof UI);
    UI.k = k;
    kumo_set_wait(k, UI_WAIT_MAX_MS, wait_tick, NULL);
    curses_start();
    kumo_set_progress(k, progress_draw, NULL);
    ui_open(picker ? &SCREEN_PICKER : &SCREEN_HOME, NULL);
    /* said once: the locale asked for could not draw Japanese, so kumo_locale_setup chose another */
    if (*kumo_locale_notice()) ui_info("%s", kumo_locale_notice());
    char ro[512];
    if (kumo_readonly(k)) ui_info("%s", kumo_readonly_notice(k, ro, sizeof ro));
    while (UI.top) {
        ui_redraw_all();
        doupdate();
        int key = UK_OTHER;
        if (UI.top->ops->idle) {
            /* a key waiting goes first; with none, one step of the screen's idle work, then draw again */
            wtimeout(stdscr, 0);
            wint_t ch;
            int r = get_wch(&ch);
            wtimeout(stdscr, -1);
            if (r == ERR) {
                if (UI.top->ops->idle(UI.top)) continue;
                key = ui_getkey();
            } else {
                key = ui_key_code(r, ch);
                if (key == UK_RESIZE) getmaxyx(stdscr, UI.rows, UI.cols);
            }
        } else {
            key = ui_getkey();
        }
        if (key == UK_RESIZE) continue;
        if (too_small()) {
            if (key == 'q' || key == UK_ESC) break;
            continue;
        }
        UI.msg[0] = 0;
        wait_msg[0] = 0;
        int res = ui_dispatch(UI.top, key);
        /* a wait that ended well leaves no 「待機中…」 behind */
        if (*wait_msg && !strcmp(UI.msg, wait_msg)) UI.msg[0] = 0;
        if (res & UI_QUIT) break;
        /* a message too long for the message lines is shown whole once, in a popup */
        if (msg_wrapped_lines() > MSG_MAX_LINES && !too_small()) {
            if (res & UI_POP) {
                pop();
                res &= ~UI_POP;
            }
            ui_show_text(UI.msg_error ? "エラー" : "お知らせ", UI.msg);
        }
        if (res & UI_POP) pop();
    }
    while (UI.top) pop();
    term_stop();
    endwin();
    kumo_close(&k);
    return 0;
}
