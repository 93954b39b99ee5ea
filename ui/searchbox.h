/* The incremental search box of a list screen (申請一覧, 台帳): typed with the line editor's one key map, it tells its
   screen each time the text changes; Enter or ↓ leaves the box keeping the text, ESC clears it. */
#ifndef KUMO_UI_SEARCHBOX_H
#define KUMO_UI_SEARCHBOX_H
#include "ui/editbuf.h"
#include "ui/ui.h"

struct ui_search {
    editbuf eb;
    bool open;                      /* the box has the keys */
    bool typed;                     /* the text changed since the box opened */
    char text[256];                 /* what is searched for, UTF-8 ("" = nothing) */
    size_t max_chars;               /* 0 = 40 */
    /* The text changed: the screen loads its first page again. Called at each change while the box is open, and
       once more when it closes after a change (a screen may leave costlier work, a count, until then). */
    void (*changed)(screen *s);
};

/* Gives the box the keys, starting from the current text. */
void ui_search_start(ui_search *b);
/* A key while the box is open. */
int ui_search_key(screen *s, ui_search *b, int key);
/* Draws the box at (y, x) in w columns: the line being typed, or the text searched for, or the placeholder. */
void ui_search_draw(ui_search *b, int y, int x, int w, const char *placeholder);
/* Clears the text (the box closes). */
void ui_search_clear(ui_search *b);
void ui_search_free(ui_search *b);
#endif
