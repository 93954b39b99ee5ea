/* The one list widget (as calcurse's listbox): every list on every screen moves the same way — ↑↓ j/k, PgUp/PgDn,
   Home/End — and shows the same scroll markers. Rows live with the screen that owns the list; the widget holds only
   the selection and the view, and asks the owner to draw a row or, for a list paged through the database by keyset,
   to load the next or previous page (never OFFSET, never a count). The movement is curses-free and unit-tested. */
#ifndef KUMO_UI_LISTBOX_H
#define KUMO_UI_LISTBOX_H
#include <stdbool.h>

#include "ui/keys.h"

/* The pages a keyset list may be asked for. */
typedef enum ui_page { UI_PAGE_FIRST, UI_PAGE_PREV, UI_PAGE_NEXT, UI_PAGE_LAST } ui_page;

typedef struct ui_list {
    int n;               /* rows the owner holds (a keyset list: the page loaded) */
    int sel;             /* the selected row; -1 when no row is selectable (the list then scrolls as a text) */
    int first;           /* the first row shown */
    int height;          /* rows shown, set at every draw */
    bool more_above;     /* a keyset list: rows before the page held */
    bool more_below;     /* a keyset list: rows after the page held */
    void *ctx;
    /* NULL = every row may be selected (section headers and notes may not) */
    bool (*selectable)(void *ctx, int row);
    /* NULL = every row is in memory. Otherwise loads a page (setting n, more_above, more_below) and returns true;
       false when there is no such page, with nothing changed. */
    bool (*fetch)(void *ctx, ui_page page);
    /* Draws one row at screen line y, UI.cols - 1 columns wide (the last column holds the scroll markers). */
    void (*draw_row)(void *ctx, int row, int y, bool selected);
} ui_list;

/* One key of the list: its keys and the line of the ? help. */
typedef struct ui_list_binding {
    int keys[UK_MAX_KEYS];
    void (*op)(ui_list *l);
    const char *help;
} ui_list_binding;

/* The movement keys of every list, terminated by an entry with no keys. */
extern const ui_list_binding UI_LIST_KEYS[];

/* Moves by key; false when key is not a list key. */
bool ui_list_key(ui_list *l, int key);
void ui_list_up(ui_list *l);
void ui_list_down(ui_list *l);
void ui_list_pgup(ui_list *l);
void ui_list_pgdn(ui_list *l);
void ui_list_home(ui_list *l);
void ui_list_end(ui_list *l);
/* The rows were replaced (a new filter, the first page): selects the first selectable row and shows the top. */
void ui_list_reset(ui_list *l);
/* The rows were reloaded (n may have changed): keeps the selection where it was, on a selectable row. */
void ui_list_clamp(ui_list *l);
/* Scrolls so the selection shows in `height` rows; a section header just above the selection shows with it. */
void ui_list_view(ui_list *l, int height);
/* The selected row, or -1. */
int ui_list_sel(const ui_list *l);
/* Draws the rows that fit in `height` lines from line y, and the scroll markers: ^ on the first line when rows are
   hidden above, v on the last when rows are hidden below. */
void ui_list_draw(ui_list *l, int y, int height);
#endif
