/* The one key map of kumo's line editors (prompts, search boxes, the fields of entry forms): keys become editbuf
   operations here and nowhere else. Curses-free, so it is tested without a terminal. */
#ifndef KUMO_UI_EDITKEYS_H
#define KUMO_UI_EDITKEYS_H
#include <stddef.h>

#include "ui/editbuf.h"
#include "ui/keys.h"

/* What a key did to the line. */
typedef enum edit_result {
    EDIT_IGNORED,   /* not a key of the line editor: the caller may use it */
    EDIT_MOVED,     /* the cursor moved */
    EDIT_CHANGED,   /* the text changed */
    EDIT_FULL,      /* a character was refused: the line is at its length limit */
    EDIT_ACCEPT,    /* Enter */
    EDIT_CANCEL,    /* ESC */
} edit_result;

/* One binding of the map: its keys, what it does, a short label (for a box's footer; NULL = help only), the line
   in the ? help. */
typedef struct edit_binding {
    int keys[UK_MAX_KEYS];
    edit_result (*op)(editbuf *e, int key);
    const char *label;
    const char *help;
} edit_binding;

/* The map, terminated by an entry with no keys. Printable characters not bound here are typed into the line. */
extern const edit_binding EDIT_KEYS[];

/* Applies key to e. */
edit_result edit_key(editbuf *e, int key);
/* The labelled bindings as one line ("Enter 確定  ESC 取消  ←→ 移動  Ctrl-U 消去"), for a box's footer. */
const char *edit_keys_footer(char *buf, size_t n);
#endif
