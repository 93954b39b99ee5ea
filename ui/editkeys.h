/* The one key map of kumo's line editors (prompts, search boxes, the fields of entry forms, and the multi-line
   editor of long fields): keys become editbuf operations here and nowhere else. Curses-free, so it is tested
   without a terminal. */
#ifndef KUMO_UI_EDITKEYS_H
#define KUMO_UI_EDITKEYS_H
#include <stdbool.h>
#include <stddef.h>

#include "ui/editbuf.h"
#include "ui/keys.h"

/* What a key did to the text. */
typedef enum edit_result {
    EDIT_IGNORED,   /* not a key of this editor: the caller may use it */
    EDIT_MOVED,     /* the cursor moved */
    EDIT_CHANGED,   /* the text changed (a paste too: e->pasted says what it did) */
    EDIT_FULL,      /* a character was refused: the text is at its length limit */
    EDIT_ACCEPT,    /* Enter in a one-line editor; Ctrl-S or F2 in both */
    EDIT_CANCEL,    /* ESC */
} edit_result;

/* One binding of the map: its keys, what it does, its label in the footer of a one-line editor and of a
   multi-line one (NULL = in the ? help only), and its line in the help. A binding whose op returns EDIT_IGNORED
   for a kind of editor (↑↓ in a one-line editor) leaves the key to the caller there. */
typedef struct edit_binding {
    int keys[UK_MAX_KEYS];
    edit_result (*op)(editbuf *e, int key);
    const char *label;
    const char *label_lines;
    const char *help;
} edit_binding;

/* The map, terminated by an entry with no keys. Printable characters not bound here are typed into the text. */
extern const edit_binding EDIT_KEYS[];

/* Applies key to e (a one-line or a multi-line editbuf). UK_PASTE inserts ui_paste_text() as text. */
edit_result edit_key(editbuf *e, int key);
/* The labelled bindings of a one-line (lines false) or multi-line editor as one line ("Enter 確定  ESC 取消  ←→ 移動
   Ctrl-U 消去"), for the editor's own key bar. */
const char *edit_keys_footer(char *buf, size_t n);
const char *edit_keys_footer_for(bool lines, char *buf, size_t n);
/* What the last paste into e changed besides inserting text (line breaks made spaces, the limit reached, controls
   left out), as one message naming the limit; NULL when it inserted the text as it was. */
const char *edit_paste_notice(const editbuf *e, char *buf, size_t n);
#endif
