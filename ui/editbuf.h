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
    /* A multi-line buffer (editbuf_init_lines) keeps line breaks ('\n', counted as one character) and is shown as
     * rows wrapped by display width (editbuf_layout). */
    bool multiline;
    size_t *rows;          /* the first code point of each row of the last layout */
    size_t nrows, rows_cap;
    int cols;              /* the width of the last layout; 0 = the text changed since */
    int layout_cols;       /* the width last asked for (up and down lay out again at it) */
    size_t top;            /* the first row shown */
    int view_rows;         /* rows shown at the last editbuf_view_lines (PgUp/PgDn move by a page of them) */
    int goal;              /* the display column kept while moving up and down (with has_goal) */
    bool has_goal;
    unsigned pasted;       /* the EDITBUF_PASTE_* flags of the last paste */
} editbuf;

/* Loads utf8 (NULL = empty) with the cursor at its end. Invalid bytes become U+FFFD; text longer than max_chars is
 * kept whole (only insertions are limited). 0 ok, -1 allocation failure (e is then empty and needs no free). */
int   editbuf_init(editbuf *e, const char *utf8, size_t max_chars);
/* The same for a multi-line buffer: "\r\n" and "\r" in utf8 become '\n'. */
int   editbuf_init_lines(editbuf *e, const char *utf8, size_t max_chars);
/* Frees the buffer and zeroes e; calling it twice is harmless. */
void  editbuf_free(editbuf *e);
/* Inserts c at the cursor. False for a control character (C0, DEL, C1; a line break is allowed in a multi-line
 * buffer), a value that is not a Unicode scalar,
 * an insertion past max_chars, or allocation failure. */
bool  editbuf_insert(editbuf *e, wchar_t c);
void  editbuf_backspace(editbuf *e);
void  editbuf_delete(editbuf *e);
void  editbuf_left(editbuf *e);
void  editbuf_right(editbuf *e);
/* Home, End and the kills go to the start or end of the line: the whole text of a one-line buffer, the text
 * between line breaks of a multi-line one. */
void  editbuf_home(editbuf *e);
void  editbuf_end(editbuf *e);
void  editbuf_kill_to_end(editbuf *e);
void  editbuf_kill_to_start(editbuf *e);

/* What a paste did besides inserting its text (editbuf_paste's result, or'ed). */
enum {
    EDITBUF_PASTE_JOINED = 1,    /* one-line buffer: its line breaks became spaces */
    EDITBUF_PASTE_CUT = 2,       /* the limit was reached: the rest was not inserted */
    EDITBUF_PASTE_DROPPED = 4,   /* control characters (other than line breaks and tabs) were left out */
};
/* Inserts pasted UTF-8 text at the cursor as text, never as keys. Line breaks (CR LF, CR, LF) are kept in a
 * multi-line buffer; in a one-line buffer each run of them becomes one space (none at the end). A tab becomes a
 * space; other controls and invalid bytes are left out. Returns EDITBUF_PASTE_* flags (kept in e->pasted). */
unsigned editbuf_paste(editbuf *e, const char *utf8);

/* ---- multi-line buffers ---- */
/* Lays the text out in rows at most cols columns wide: a row ends at a line break (which it holds, not shown) or
 * before the user-perceived character that would pass cols (one wider than cols takes a row alone). Returns the
 * number of rows (at least 1). */
size_t editbuf_layout(editbuf *e, int cols);
/* The row (of the layout at cols) and display column of the cursor. At the end of a row filled to cols the column
 * is cols: the caller keeps one column free beside the text for it. */
void  editbuf_cursor_at(editbuf *e, int cols, size_t *row, int *col);
/* Lays out at cols, scrolls so the cursor's row is among `rows` rows shown and gives its place in them. */
void  editbuf_view_lines(editbuf *e, int cols, int rows, int *cy, int *cx);
/* Up and down one row, to the nearest column to the one the cursor had when moving up or down began (a wide
 * character is never split: the cursor stops before it). Up on the first row goes to the start, down on the last
 * to the end. Page up and down move by the rows of the last view (less one). Laid out at the last width asked. */
void  editbuf_up(editbuf *e);
void  editbuf_down(editbuf *e);
void  editbuf_page_up(editbuf *e);
void  editbuf_page_down(editbuf *e);
/* Writes row r of the last layout as UTF-8 (without its line break; controls as '?') into out, whole characters
 * only. Returns the columns written. */
int   editbuf_row_text(const editbuf *e, size_t r, char *out, size_t outsz);
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
