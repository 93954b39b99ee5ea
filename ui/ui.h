/* The terminal UI: a stack of screens run by one loop. Screens call app/ only. */
#ifndef KUMO_UI_H
#define KUMO_UI_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "app/app.h"
#include "ui/keys.h"
#include "ui/listbox.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

/* What an action's handler asks of the loop (htop's HandlerResult): the loop redraws after every key. */
enum {
    UI_HANDLED = 0,
    UI_POP = 2,         /* close this screen */
    UI_QUIT = 4,        /* leave kumo */
};

typedef struct screen screen;
typedef struct ui_search ui_search;

/* One action of a screen, as tig's request table: the keys that run it, its label in the key bar, its line in the
   ? help, what it does, and when it is offered. The key bar, the help and the key dispatch all read the same table,
   so what is shown is what works: an action whose `when` is false is neither shown nor run. */
typedef struct ui_action {
    int keys[UK_MAX_KEYS];            /* ui/keys.h codes; the key bar shows the first */
    const char *label;                /* short, for the key bar: 新規申請 (NULL = in the help only) */
    const char *help;                 /* one line for ? */
    int (*run)(screen *s);            /* UI_HANDLED, UI_POP or UI_QUIT */
    bool (*when)(const screen *s);    /* NULL = always */
} ui_action;

/* A screen, as tig's view_ops: the framework allocates `size` bytes of zeroed state with the screen (s->st), calls
   init with the argument the screen was opened with, and close when the screen goes (after a failed init too), so
   no screen writes its own calloc/free pair and a screen that cannot open leaks nothing. */
typedef struct screen_ops {
    const char *title;
    size_t size;                          /* bytes of state */
    bool (*init)(screen *s, const void *arg);  /* NULL = nothing to fill; false = cannot open (message set) */
    void (*draw)(screen *s);
    void (*on_show)(screen *s);           /* becomes top again (reload data) — may be NULL */
    void (*close)(screen *s);             /* frees what the state holds — may be NULL */
    int (*back)(screen *s);               /* q / ESC — NULL = close the screen */
    /* Work left for when no key is waiting (a count of a large list): does one bounded step and returns true (the
       screen is drawn again), or returns false when there is nothing left to do. A key always comes first. */
    bool (*idle)(screen *s);
    const ui_action *actions;             /* terminated by an entry with no keys */
    const ui_action *const *extensions;   /* actions defined by other files (NULL-terminated), after the own */
} screen_ops;

struct screen {
    const screen_ops *ops;
    void *st;              /* the state: ops->size bytes */
    screen *below;
    char title[512];
    ui_list *list;         /* the screen's list (↑↓ j/k PgUp PgDn Home End), set by init; NULL = none */
    ui_search *search;     /* a search box: while it is open it has the keys */
    max_align_t state[];
};

typedef struct ui_ctx {
    kumo *k;
    screen *top;
    int rows, cols;
    char msg[1024];
    bool msg_error;
    int cur_y, cur_x;      /* where the terminal's cursor shows (an open line editor); -1 = hidden */
} ui_ctx;

extern ui_ctx UI;

/* The terminal UI on the database at db_path (a demo database opens on its user picker); returns the exit code. */
int ui_run(const char *db_path);

/* ---- the loop ---- */
/* Opens a screen on top of the stack (see screen_ops); false when it could not open (the message says why). */
bool ui_open(const screen_ops *ops, const void *arg);
/* Runs the action bound to key on s: the screen's own table, its extensions, its list, then ? and q/ESC. A key
   bound nowhere does nothing. */
int ui_dispatch(screen *s, int key);
/* The action key runs on s (NULL = none); the ? help and the e2e tests read the same tables. */
const ui_action *ui_action_for(const screen *s, int key);
/* The i-th action offered on s (own, extensions, then ? and q), or NULL after the last. */
const ui_action *ui_action_at(const screen *s, int i);
/* A `when` for actions on the selected row of the screen's list: offered only while a row is selected. */
bool ui_has_selection(const screen *s);
/* Shows the terminal cursor at (y, x) after the next draw (a line editor); ui_redraw_all hides it otherwise. */
void ui_cursor(int y, int x);
/* The content area between the status line and the message/key bar. */
int ui_top(void);      /* first content row (2) */
int ui_bottom(void);   /* last content row */
int ui_content_rows(void);

/* Draws the whole screen (status line, top screen, message, key bar) without the final doupdate. */
void ui_redraw_all(void);
/* Before a popup is drawn: while the terminal is below 80×24, says so (instead of a box over the message) and waits
   until it is large enough again; then the popup gets a resize as its first key, to lay itself out anew. */
void ui_wait_for_room(void);

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
/* The columns of a 部局 in a list: 教育委員会事務局 whole on a wide screen (16), clipped at 80 columns (12). */
int ui_dept_width(void);
/* The first line of a value that may hold line breaks, with " …" when more lines follow (for a one-line row). */
const char *ui_first_line(const char *v, char *out, size_t n);
/* A long field whole, below a list: a line with its label (and count against max_chars when not 0), then the text
   wrapped by display width, its line breaks kept, ending on line y_last, at most max_rows lines in all (the last
   says 「続きは Enter」 when it does not all fit). Returns the lines used. */
int ui_text_pane(int y_last, int max_rows, const char *label, const char *text, int max_chars);
void ui_title(const char *title, const char *right);
/* The count of a list for its title: 全 1234 件 once counted, 1000 件以上（集計中） while counting, "" before. */
void ui_count_label(const q_count *c, const char *suffix, char *out, size_t n);
void ui_hline(int y);

/* Attributes by meaning (colour when the terminal has it, else plain). */
int ui_attr_selected(void);
int ui_attr_header(void);
int ui_attr_warn(void);    /* 不適合, 要対応, errors */
int ui_attr_flag(void);    /* flagged, needs attention */
int ui_attr_dim(void);
int ui_attr_ok(void);

/* Reads one key of stdscr as a ui/keys.h code (UK_RESIZE after a resize, with UI.rows and UI.cols updated). */
int ui_getkey(void);
/* The ui/keys.h code of what get_wch returned (r = OK or KEY_CODE_YES, ch). */
int ui_key_code(int r, wint_t ch);

/* ---- screens: ui_open(&SCREEN_X, arg), SCREEN_X declared in ui/screen_x.h ---- */
/* Opens a screen whose argument is a row id (an application, a service). */
bool ui_open_id(const screen_ops *ops, int64_t id);
/* The ? help of s: its actions, the list keys, ? and q, the line editor's keys. */
void ui_help(const screen *s);
#endif
