/* A one-line text editor's state, kept apart from curses so it can be tested alone (as neomutt's editor/state.h). */
#ifndef KUMO_EDITBUF_H
#define KUMO_EDITBUF_H
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* buf holds len code points followed by L'\0' (cap > len); cursor is an index 0..len; scroll is the index of the
 * first code point shown. max_chars limits insertions (code points); 0 means no limit.
 * ← → BackSpace Delete and scrolling go by user-perceived character (grapheme cluster, forms/text.h): 葛󠄀 (葛 with
 * an ideographic variation selector), a base with combining marks, a flag or an emoji sequence is one step, is
 * deleted whole and is never split at the field's edges; its width is its base's. */
typedef struct editbuf {
    wchar_t *buf;
    size_t len, cap;
    size_t cursor;
    size_t scroll;
    size_t max_chars;
} editbuf;

/* Loads utf8 (NULL = empty) with the cursor at its end. Invalid bytes become U+FFFD; text longer than max_chars is
 * kept whole (only insertions are limited). 0 ok, -1 allocation failure (e is then empty and needs no free). */
int   editbuf_init(editbuf *e, const char *utf8, size_t max_chars);
/* Frees the buffer and zeroes e; calling it twice is harmless. */
void  editbuf_free(editbuf *e);
/* Inserts c at the cursor. False for a control character (C0, DEL, C1), a value that is not a Unicode scalar,
 * an insertion past max_chars, or allocation failure. */
bool  editbuf_insert(editbuf *e, wchar_t c);
void  editbuf_backspace(editbuf *e);
void  editbuf_delete(editbuf *e);
void  editbuf_left(editbuf *e);
void  editbuf_right(editbuf *e);
void  editbuf_home(editbuf *e);
void  editbuf_end(editbuf *e);
void  editbuf_kill_to_end(editbuf *e);
void  editbuf_kill_to_start(editbuf *e);
/* The text as malloc'd UTF-8; NULL on allocation failure. */
char *editbuf_to_utf8(const editbuf *e);
/* Adjusts e->scroll so the cursor is visible in a field cols columns wide and returns the cursor's screen column
 * (0-based) in it. A wide character under the cursor is kept whole; when the text after scroll fits, scroll moves
 * back so the field shows as much text as it can. Columns are counted with text_cp_width (CJK = 2). */
int   editbuf_view(editbuf *e, int cols);
/* Writes the characters from scroll that fit in cols columns into out as UTF-8 (a wide character that does not
 * fit whole is left out; controls show as '?'), NUL-terminated, whole characters only. Returns columns written. */
int   editbuf_visible(const editbuf *e, int cols, char *out, size_t outsz);
#endif
