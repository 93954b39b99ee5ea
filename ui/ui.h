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

/* ---- dialogs (each returns after Enter/ESC; the screen below is redrawn by the loop) ---- */
/* One-line editor with Japanese input; returns a malloc'd UTF-8 string, or NULL on ESC. */
char *ui_prompt(const char *title, const char *hint, const char *initial, size_t max_chars);
/* The name of a file to write or read: starts from default_name in the current folder, Tab completes it from its
   folder (listing the candidates when several match), ~/ is the home folder. Returns the malloc'd absolute path (what
   the message after writing names), or NULL on ESC. */
char *ui_prompt_path(const char *title, const char *hint, const char *default_name);
/* The multi-line editor of a long field: Enter breaks the line, Ctrl-S or F2 saves, ESC cancels (asking first when
   something was typed); the text wraps by display width, the count shows against max_chars. Returns the malloc'd
   UTF-8 text (line breaks as '\n', none at the end), or NULL when cancelled. */
char *ui_edit_text(const char *title, const char *hint, const char *initial, size_t max_chars);
/* Picks one of n items (display text); returns its index or -1. */
int ui_choose(const char *title, const char *const *items, int n, int current);
/* Picks one of n long entries, each shown whole (wrapped) and highlighted whole; an entry whose pickable[] is false
   is a plain line (a heading, a note). foot: the keys line (NULL: the default). Returns the entry or -1 on ESC. */
int ui_choose_text(const char *title, const char *const *items, int n, const bool *pickable, const char *foot);
/* Toggles several of n items; sel[] in/out; returns false on ESC. */
bool ui_choose_many(const char *title, const char *const *items, int n, bool *sel);
bool ui_confirm(const char *question);
/* A scrollable read-only text, lines separated by '\n'. */
void ui_show_text(const char *title, const char *text);
/* The same for a text made for the box's width by build (malloc'd; made again when the terminal is resized), or
   `fixed` when build is NULL or fails. */
void ui_show_text_by(const char *title, char *(*build)(void *ctx, int cols), void *ctx, const char *fixed);
/* Splits text into lines of at most cols display columns (at '\n' and by width, never inside a character);
   free with ui_wrap_free. */
char **ui_wrap_lines(const char *text, int cols, int *count);
void ui_wrap_free(char **lines, int n);
/* Reads one key of stdscr as a ui/keys.h code (UK_RESIZE after a resize, with UI.rows and UI.cols updated). */
int ui_getkey(void);
/* The ui/keys.h code of what get_wch returned (r = OK or KEY_CODE_YES, ch). */
int ui_key_code(int r, wint_t ch);

/* The picker of users: a search by the start of a 氏名, a ログイン名 or a 部局名 over a list paged by keyset (a city's
   staff is never loaded at once); it starts with the users of dept_id (Tab: every 部局). */
typedef struct ui_user_pick {
    const char *title;
    int64_t dept_id;          /* the 部局 shown first (0: every 部局) */
    const char *dept_name;
    int64_t current;          /* marked with * */
    int64_t exclude;          /* not offered (the user who is leaving) */
    bool manageable;          /* only those who may be designated クラウドサービス管理者 (policy_may_manage) */
} ui_user_pick;
/* The id of the user picked, or 0 on ESC. */
int64_t ui_pick_user(const ui_user_pick *o);
/* A user who may be designated クラウドサービス管理者 (those of dept_id first, Tab for every 部局); 0 on ESC. */
int64_t ui_choose_manager(const char *title, int64_t dept_id, int64_t current_id);
/* A 部局 or すべて (dept_id 0): returns the picked row (0 = すべて) or -1 on ESC; name gets the 部局's name. */
int ui_choose_dept(const char *title, int64_t *dept_id, char *name, size_t name_n);

/* ---- screens: ui_open(&SCREEN_X, arg) ---- */
extern const screen_ops SCREEN_PICKER;      /* arg NULL */
extern const screen_ops SCREEN_HOME;        /* arg NULL */
extern const screen_ops SCREEN_LIST;        /* arg NULL */
extern const screen_ops SCREEN_APP;         /* arg const int64_t *: the application */
extern const screen_ops SCREEN_CHECKLIST;   /* arg const int64_t *: the application */
extern const screen_ops SCREEN_DECIDE;      /* arg const int64_t *: the application */
extern const screen_ops SCREEN_REGISTER;    /* arg NULL */
extern const screen_ops SCREEN_SERVICE;     /* arg const int64_t *: the service */
extern const screen_ops SCREEN_ANNUAL;      /* arg NULL */
extern const screen_ops SCREEN_USERS;       /* arg NULL */
extern const screen_ops SCREEN_AUDIT;       /* arg NULL */
extern const screen_ops SCREEN_EXCEPTIONS;  /* arg NULL: 例外措置の一覧 (ポリシー004 §7-4(3)) */
/* One 例外措置 as text, then the CISO's step on it when one is due (事後報告, 定期確認). */
void ui_show_exception(const kexception *e);
extern const screen_ops SCREEN_DEPTS;       /* arg NULL: 部局の一覧 (システム管理者) */
/* Answers held in memory by the caller, who saves them: the checklist of a review or a termination report. */
typedef struct checklist_mem_arg {
    const char *title, *subtitle;
    ck_answer *ans;
    size_t n;
    bool editable;
    int *pos;                 /* the selection, kept by the owner so the checklist reopens there (NULL: none) */
} checklist_mem_arg;
extern const screen_ops SCREEN_CHECKLIST_MEM;   /* arg const checklist_mem_arg * */
/* The 確認事項 of application app_id opens next on its item-th item (0-based): where the user left it, or the item a
   finding names. */
void ui_checklist_select(int64_t app_id, int item);
/* The record a service screen opens on (from ホーム): its review or its 終了連絡. */
typedef enum service_row { SVC_ROW_NONE, SVC_ROW_REVIEW, SVC_ROW_TERMINATION, SVC_ROW_DISPOSAL } service_row;
/* Opens the service screen with that review or report selected. */
bool ui_open_service_row(int64_t service_id, service_row kind, int64_t row_id);
/* Opens a screen whose argument is a row id (an application, a service). */
bool ui_open_id(const screen_ops *ops, int64_t id);
/* The ? help of s: its actions, the list keys, ? and q, the line editor's keys. */
void ui_help(const screen *s);
/* 利用状況確認の間隔 (システム管理者): asked and set (利用者管理 and the first screen of a new database). */
void ui_set_review_interval(void);
/* 台帳の取込 (admin, approver, CISO): dry run, report, then the import on confirmation. */
void ui_import_register(void);
#endif
