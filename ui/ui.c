/* The loop, the screen stack, the status line, the key bar and the drawing helpers. */
#include "ui/ui.h"

#include <curses.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/locale.h"
#include "forms/text.h"

ui_ctx UI;
static bool has_color;

int ui_top(void) { return 2; }
/* A long message (a rule's full text) takes two lines above the key bar. */
static int msg_lines(void) { return *UI.msg && text_width(UI.msg) > UI.cols ? 2 : 1; }
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

void ui_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(UI.msg, sizeof UI.msg, fmt, ap);
    va_end(ap);
    UI.msg_error = false;
}

void ui_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(UI.msg, sizeof UI.msg, fmt, ap);
    va_end(ap);
    UI.msg_error = true;
    beep();
}

void ui_fail(kstatus s)
{
    const char *m = kumo_last_error(UI.k);
    ui_error("%s", *m ? m : kumo_strerror(s));
}

screen *ui_new_screen(const screen_ops *ops, void *st, const char *title)
{
    screen *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->ops = ops;
    s->st = st;
    snprintf(s->title, sizeof s->title, "%s", title ? title : ops->title);
    return s;
}

void ui_push(screen *s)
{
    if (!s) {
        ui_error("%s", kumo_strerror(KS_NOMEM));
        return;
    }
    s->below = UI.top;
    UI.top = s;
    if (s->ops->on_show) s->ops->on_show(s);
}

static void pop(void)
{
    screen *s = UI.top;
    if (!s) return;
    UI.top = s->below;
    if (s->ops->close) s->ops->close(s);
    free(s);
    if (UI.top && UI.top->ops->on_show) UI.top->ops->on_show(UI.top);
}

static void draw_status(void)
{
    char left[512], right[256];
    const kuser *u = kumo_me(UI.k);
    if (kumo_logged_in(UI.k))
        snprintf(left, sizeof left, " kumo | %s（%s%s%s）", u->name, role_label(u->role), *u->dept_name ? "・" : "",
                 u->dept_name);
    else
        snprintf(left, sizeof left, " kumo | 利用者を選んでください");
    const char *path = kumo_db_path(UI.k);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(right, sizeof right, "%s | %s ", kumo_org(UI.k), base);
    if (text_width(left) + text_width(right) + 2 > UI.cols) snprintf(right, sizeof right, "%s ", base);
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

static const ui_action *screen_actions(const screen *s)
{
    return s->actions ? s->actions : s->ops->actions;
}

static int keybar_item(int y, int x, const ui_action *a)
{
    attron(A_REVERSE);
    mvaddstr(y, x, a->key);
    attroff(A_REVERSE);
    x += text_width(a->key);
    return x + ui_puts(y, x + 1, a->label, 0) + 3;
}

static int keybar_width(const ui_action *a) { return text_width(a->key) + 1 + text_width(a->label) + 2; }

/* The screen's actions, then ? and q, which always fit: the screen's own are dropped from the end first. */
static void draw_keybar(const screen *s)
{
    int y = UI.rows - 1;
    move(y, 0);
    clrtoeol();
    const ui_action common[] = {{"?", "ヘルプ", NULL}, {"q", s->below ? "戻る" : "終了", NULL}};
    int reserve = keybar_width(&common[0]) + keybar_width(&common[1]);
    int x = 0;
    for (const ui_action *a = screen_actions(s); a && a->key; a++) {
        if (!a->label) continue;
        if (x + keybar_width(a) + reserve > UI.cols) break;
        x = keybar_item(y, x, a);
    }
    for (int i = 0; i < 2; i++)
        if (x + keybar_width(&common[i]) <= UI.cols + 1) x = keybar_item(y, x, &common[i]);
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
    char first[2048];
    text_fit(first, sizeof first, UI.msg, UI.cols, false);
    size_t used = strlen(first);
    if (lines == 2 && used && first[used - 1] == '~') first[--used] = 0;
    ui_put(y, 0, UI.cols, first, attr);
    if (lines == 2) ui_put(y + 1, 0, UI.cols, UI.msg + used, attr);
}

static void draw_too_small(void)
{
    erase();
    char buf[256];
    snprintf(buf, sizeof buf, "端末が小さすぎます: 80×24 以上にしてください（現在 %d×%d）", UI.cols, UI.rows);
    mvaddstr(0, 0, "kumo");
    ui_puts(UI.rows > 2 ? 1 : 0, 0, buf, A_BOLD);
    if (UI.rows > 3) ui_puts(2, 0, "q で終了", 0);
    refresh();
}

static bool too_small(void) { return UI.cols < UI_MIN_COLS || UI.rows < UI_MIN_ROWS; }

/* Draws everything: the status line, the top screen, the message and the key bar. */
void ui_redraw_all(void)
{
    getmaxyx(stdscr, UI.rows, UI.cols);
    if (too_small()) {
        draw_too_small();
        return;
    }
    erase();
    draw_status();
    if (UI.top) {
        ui_title(UI.top->title, NULL);
        UI.top->ops->draw(UI.top);
        draw_keybar(UI.top);
    }
    draw_message();
    wnoutrefresh(stdscr);
}

int ui_getkey(wint_t *ch)
{
    for (;;) {
        int r = get_wch(ch);
        if (r == ERR) continue;
        if (r == KEY_CODE_YES && *ch == KEY_RESIZE) {
            getmaxyx(stdscr, UI.rows, UI.cols);
            return KEY_RESIZE;
        }
        return r;
    }
}

void ui_help(const screen *s)
{
    char text[8192];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "%s の操作\n\n", s->title);
    for (const ui_action *a = screen_actions(s); a && a->key && n < sizeof text - 256; a++)
        n += (size_t)snprintf(text + n, sizeof text - n, "  %-8s %s\n", a->key, a->help ? a->help : a->label);
    snprintf(text + n, sizeof text - n,
             "  %-8s %s\n  %-8s %s\n  %-8s %s\n\n"
             "日本語は端末の入力方式でそのまま入力できます。\n"
             "文字の入力中: ←→ Home End 移動、BackSpace Delete 削除、\n"
             "Ctrl-U 行頭まで削除、Enter 確定、ESC 取消\n",
             "?", "このヘルプ", "q / ESC", "前の画面に戻る", "↑↓ PgUp PgDn", "選択の移動・ページ送り");
    ui_show_text("ヘルプ", text);
}

static void curses_start(void)
{
    initscr();
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    if (has_colors()) {
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
}

/* A start-up failure, on stderr before curses starts: the same words as the command line's. */
static void startup_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void startup_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("kumo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int ui_run(const char *db_path)
{
    if (kumo_locale_state_now() == KUMO_LOCALE_NONE) {
        /* ncursesw cannot draw Japanese without a UTF-8 LC_CTYPE: a clear message instead of ~H ~T garbage */
        fputs(kumo_locale_missing_message(), stderr);
        return 1;
    }
    kumo *k = NULL;
    kstatus s = kumo_open(db_path, DB_OPEN_EXISTING, &k);
    if (s == KS_NOTFOUND) {
        startup_error("データベース %s がありません。kumo init --org 団体名（又は kumo demo）で作成してください", db_path);
        return 1;
    }
    if (s) {
        startup_error("データベース %s を開けません: %s", db_path, kumo_strerror(s));
        return 1;
    }
    const char *as = getenv("KUMO_USER");
    bool picker = kumo_is_demo(k) && !(as && *as);
    if (!picker) {
        s = kumo_login(k, as);
        if (s) {
            const char *m = kumo_last_error(k);
            startup_error("%s", *m ? m : kumo_strerror(s));
            kumo_close(&k);
            return 1;
        }
    }
    memset(&UI, 0, sizeof UI);
    UI.k = k;
    curses_start();
    ui_push(picker ? screen_picker_new() : screen_home_new());
    /* said once: the locale asked for could not draw Japanese, so kumo_locale_setup chose another */
    if (*kumo_locale_notice()) ui_info("%s", kumo_locale_notice());
    while (UI.top) {
        ui_redraw_all();
        doupdate();
        wint_t ch;
        int r = ui_getkey(&ch);
        if (r == KEY_RESIZE) continue;
        bool fkey = r == KEY_CODE_YES;
        if (too_small()) {
            if (!fkey && (ch == 'q' || ch == 27)) break;
            continue;
        }
        UI.msg[0] = 0;
        int res = UI.top->ops->on_key(UI.top, ch, fkey);
        if (res & UI_UNHANDLED) {
            if (!fkey && (ch == 'q' || ch == 27)) res = UI_POP;
            else if (!fkey && ch == '?') {
                ui_help(UI.top);
                res = UI_HANDLED;
            }
        }
        if (res & UI_QUIT) break;
        if (res & UI_POP) pop();
    }
    while (UI.top) pop();
    endwin();
    kumo_close(&k);
    return 0;
}
