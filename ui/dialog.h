/* The popups of ui/: the line editor, the choosers, the confirmation, the text viewer, and the framed window they (and
   the picker of users) are drawn in. */
#ifndef KUMO_UI_DIALOG_H
#define KUMO_UI_DIALOG_H
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

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

/* ---- dialogs (each returns after Enter/ESC; the screen below is redrawn by the loop) ---- */
/* One-line editor with Japanese input; returns a malloc'd UTF-8 string, or NULL on ESC. */
char *ui_prompt(const char *title, const char *hint, const char *initial, size_t max_chars);
/* The hint of a date prompt: its rule, then the forms a date may be typed in (forms/date.h's date_parse; give the
   prompt FORM_DATE_INPUT_CHARS so that 令和10年12月31日 fits). */
#define UI_DATE_HINT(rule) "日付（" rule "。例 2027-11-30、令和9年11月30日）"
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
#endif
