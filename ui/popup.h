/* The framed window every popup of ui/ is drawn in (ui/dialog.c): the line editor, the choosers, the confirmation, the
   text viewer and the picker of users. */
#ifndef KUMO_UI_POPUP_H
#define KUMO_UI_POPUP_H
#include <curses.h>

#include "ui/listbox.h"

typedef struct popup {
    WINDOW *w;
    int h, wd, y, x;
} popup;

/* A framed window of h × wd (at most the screen less a margin) centred on the screen, drawn over it. */
void box_open(popup *b, int h, int wd);
void box_close(popup *b);
/* Writes s at (y, x) of the box in exactly cols columns (clipped by display width, padded). */
void box_put(popup *b, int y, int x, int cols, const char *s, int attr);
/* Reads one key in the box as a ui/keys.h code. */
int box_key(popup *b);
/* The scroll markers of a list shown from box line y over `rows` lines, in the frame's right edge. */
void box_markers(popup *b, const ui_list *l, int y, int rows);
#endif
