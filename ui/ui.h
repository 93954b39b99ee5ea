/* The terminal UI: a stack of screens run by one loop. Screens call app/ only. */
#ifndef KUMO_UI_H
#define KUMO_UI_H
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "app/app.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* What a key handler asks of the loop. */
enum {
    UI_HANDLED = 0,
    UI_UNHANDLED = 1,   /* let the loop try the common keys (q, ESC, ?) */
    UI_POP = 2,         /* close this screen */
    UI_QUIT = 4,
};

/* One action of a screen: its key, the label in the key bar and the line in the ? help. */
typedef struct ui_action {
    const char *key;    /* as shown: "n", "Enter", "/" … */
    const char *label;  /* short: 新規 */
    const char *help;   /* one line for ? */
} ui_action;

typedef struct screen screen;
typedef struct screen_ops {
    const char *title;
    void (*draw)(screen *s);
    int (*on_key)(screen *s, wint_t ch, bool fkey);
    void (*on_show)(screen *s);   /* becomes top again (reload data) — may be NULL */
    void (*close)(screen *s);
    const ui_action *actions;     /* NULL-key terminated */
} screen_ops;

struct screen {
    const screen_ops *ops;
    void *st;
    screen *below;
    char title[160];
    const ui_action *actions;     /* overrides ops->actions when set (role-specific bars) */
};

typedef struct ui_ctx {
    kumo *k;
    screen *top;
    int rows, cols;
    char msg[1024];
    bool msg_error;
} ui_ctx;

extern ui_ctx UI;

/* The terminal UI on the database at db_path (a demo database opens on its user picker); returns the exit code. */
int ui_run(const char *db_path);

/* ---- the loop ---- */
void ui_push(screen *s);
screen *ui_new_screen(const screen_ops *ops, void *st, const char *title);
/* The content area between the status line and the message/key bar. */
int ui_top(void);      /* first content row (2) */
int ui_bottom(void);   /* last content row */
int ui_content_rows(void);

/* Draws the whole screen (status line, top screen, message, key bar) without the final doupdate. */
void ui_redraw_all(void);

/* ---- messages ---- */
void ui_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ui_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Shows the session's last error (or the status text). */
void ui_fail(kstatus s);

/* ---- drawing (clipped by display columns, never by bytes) ---- */
/* Writes s at (y, x) in exactly `cols` columns (clipped with ~, padded with spaces). */
void ui_put(int y, int x, int cols, const char *s, int attr);
/* Writes s at (y, x) without padding, clipped at the right edge of the screen. Returns columns used. */
int ui_puts(int y, int x, const char *s, int attr);
void ui_clear_content(void);
void ui_title(const char *title, const char *right);
void ui_hline(int y);

/* Attributes by meaning (colour when the terminal has it, else plain). */
int ui_attr_selected(void);
int ui_attr_header(void);
int ui_attr_warn(void);    /* 不適合, 要対応, errors */
int ui_attr_flag(void);    /* flagged, needs attention */
int ui_attr_dim(void);
int ui_attr_ok(void);

/* ---- dialogs (each returns after Enter/ESC; the screen below is redrawn by the loop) ---- */
/* One-line editor with Japanese input; returns a malloc'd UTF-8 string, or NULL on ESC. */
char *ui_prompt(const char *title, const char *hint, const char *initial, size_t max_chars);
/* Picks one of n items (display text); returns its index or -1. */
int ui_choose(const char *title, const char *const *items, int n, int current);
/* Toggles several of n items; sel[] in/out; returns false on ESC. */
bool ui_choose_many(const char *title, const char *const *items, int n, bool *sel);
bool ui_confirm(const char *question);
/* A scrollable read-only text, lines separated by '\n'. */
void ui_show_text(const char *title, const char *text);
/* Splits text into lines of at most cols display columns (at '\n' and by width, never inside a character);
   free with ui_wrap_free. */
char **ui_wrap_lines(const char *text, int cols, int *count);
void ui_wrap_free(char **lines, int n);
/* Reads one key (wide char or function key) with resize handled. */
int ui_getkey(wint_t *ch);

/* A user who may be designated クラウドサービス管理者 (those of dept_id first); 0 on ESC. */
int64_t ui_choose_manager(const char *title, int64_t dept_id, int64_t current_id);
/* A 部局 or すべて (dept_id 0): returns the picked row (0 = すべて) or -1 on ESC; name gets the 部局's name. */
int ui_choose_dept(const char *title, int64_t *dept_id, char *name, size_t name_n);

/* ---- screens ---- */
screen *screen_picker_new(void);
screen *screen_home_new(void);
screen *screen_list_new(const char *state, const char *title);
screen *screen_app_new(int64_t app_id);
screen *screen_checklist_new(int64_t app_id);
/* Answers `ans` in memory (owned by the caller, who saves them); read-only unless editable. */
screen *screen_checklist_mem_new(const char *title, const char *subtitle, ck_answer *ans, size_t n, bool editable);
screen *screen_decide_new(int64_t app_id);
screen *screen_register_new(void);
screen *screen_service_new(int64_t service_id);
screen *screen_annual_new(void);
screen *screen_users_new(void);
void ui_help(const screen *s);
/* 台帳の取込 (admin, approver, CISO): dry run, report, then the import on confirmation. */
void ui_import_register(void);
#endif
