/* Keys as kumo's screens, lists and line editors see them: one code per key, whatever the terminal sent.
   Curses-free, so the tables that bind keys can be tested without a terminal. */
#ifndef KUMO_UI_KEYS_H
#define KUMO_UI_KEYS_H
#include <stdbool.h>
#include <stddef.h>

/* A character is its Unicode scalar value (Ctrl-U is 21); the other keys lie above the Unicode range.
   Enter (CR, LF, KEY_ENTER), ESC and BackSpace (DEL, Ctrl-H, KEY_BACKSPACE) each arrive as one code. */
enum {
    UK_NONE = 0,
    UK_FUNC = 0x110000,
    UK_ENTER = UK_FUNC,
    UK_ESC,
    UK_UP,
    UK_DOWN,
    UK_LEFT,
    UK_RIGHT,
    UK_PGUP,
    UK_PGDN,
    UK_HOME,
    UK_END,
    UK_BACKSPACE,
    UK_DELETE,
    UK_RESIZE,
    UK_F2,
    UK_PASTE,   /* a bracketed paste: its text is ui_paste_text(), never keys */
    UK_OTHER,   /* a function key kumo binds nothing to */
};
#define UK_CTRL(c) ((c) & 0x1f)

/* Most keys one binding answers to (the list is 0-terminated within this many). */
#define UK_MAX_KEYS 4

/* The name shown for a key: "Enter", "PgUp", "Ctrl-U", "Space", "↑", "a". Returns buf. */
const char *ui_key_name(int key, char *buf, size_t n);
/* The names of a binding's keys (0-terminated, at most UK_MAX_KEYS), as the ? help shows them: arrows and ASCII
   punctuation run together ("←→", "<>"), other names are separated by a space ("↑ k", "< ←", "Home Ctrl-A"). */
const char *ui_keys_text(const int *keys, char *buf, size_t n);
/* The text of the last UK_PASTE (UTF-8, as the terminal sent it between the paste markers; "" before any). The
   terminal layer sets it before it returns UK_PASTE; a line editor inserts it as text (ui/editkeys.h). */
const char *ui_paste_text(void);
/* Keeps a copy of the n bytes at text as the paste (cut at a whole character past UI_PASTE_MAX bytes); false when
   it had to be cut. */
#define UI_PASTE_MAX (64 * 1024)
bool ui_paste_set(const char *text, size_t n);

/* Whether key is one of keys[] (0-terminated, at most UK_MAX_KEYS). */
int ui_keys_has(const int *keys, int key);
#endif
