#include "ui/editbuf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "forms/text.h"

#define MIN_CAP 16

static int width_of(wchar_t c)
{
    return text_cp_width((uint32_t)c);
}

/* Moves and deletions go by user-perceived character (grapheme cluster), not by code point: 葛󠄀 (U+845B U+E0100)
   and a base with its combining marks are one step. Cursor and scroll stay on cluster boundaries. */

/* The end of the cluster that starts at the boundary i (e->len at the end). */
static size_t next_boundary(const editbuf *e, size_t i)
{
    if (i >= e->len) return e->len;
    int32_t state = 0;
    for (size_t j = i + 1; j < e->len; j++)
        if (text_grapheme_break((uint32_t)e->buf[j - 1], (uint32_t)e->buf[j], &state)) return j;
    return e->len;
}

/* The last boundary before i (0 when there is none). Flag pairs and emoji sequences depend on what precedes them,
   so the boundaries are found from the start of the line: one pass over a field's text. */
static size_t prev_boundary(const editbuf *e, size_t i)
{
    size_t b = 0;
    while (b < i) {
        size_t nb = next_boundary(e, b);
        if (nb >= i) break;
        b = nb;
    }
    return b;
}

/* The boundary at or before i. */
static size_t floor_boundary(const editbuf *e, size_t i)
{
    if (i >= e->len) return e->len;
    size_t b = 0;
    while (b < i) {
        size_t nb = next_boundary(e, b);
        if (nb > i) break;
        b = nb;
    }
    return b;
}

/* Columns of the code points [from, to): for a cluster, its base's width (marks and selectors are 0 wide). */
static size_t span_width(const editbuf *e, size_t from, size_t to)
{
    size_t w = 0;
    for (size_t i = from; i < to; i++) w += (size_t)width_of(e->buf[i]);
    return w;
}

/* The text changed: the layout is stale and a vertical move starts afresh. */
static void changed(editbuf *e)
{
    e->cols = 0;
    e->has_goal = false;
}

/* Removes the code points [from, to). */
static void cut(editbuf *e, size_t from, size_t to)
{
    changed(e);
    memmove(e->buf + from, e->buf + to, (e->len - to + 1) * sizeof *e->buf);
    e->len -= to - from;
    if (e->cursor > to) e->cursor -= to - from;
    else if (e->cursor > from) e->cursor = from;
    if (e->scroll > e->len) e->scroll = e->len;
}

int editbuf_init(editbuf *e, const char *utf8, size_t max_chars)
{
    *e = (editbuf){ .max_chars = max_chars };
    if (!utf8)
        utf8 = "";
    size_t n = strlen(utf8);
    size_t chars = text_chars(utf8);
    size_t cap = chars + 1 < MIN_CAP ? MIN_CAP : chars + 1;
    wchar_t *buf = calloc(cap, sizeof *buf);
    if (!buf)
        return -1;
    size_t len = 0;
    for (size_t i = 0; i < n; len++) {
        uint32_t cp;
        i += text_utf8_decode(utf8 + i, n - i, &cp);
        buf[len] = (wchar_t)cp;
    }
    buf[len] = L'\0';
    e->buf = buf;
    e->len = e->cursor = len;
    e->cap = cap;
    return 0;
}

int editbuf_init_lines(editbuf *e, const char *utf8, size_t max_chars)
{
    if (editbuf_init(e, utf8, max_chars)) return -1;
    e->multiline = true;
    /* CR LF and CR are line breaks as LF is */
    size_t o = 0;
    for (size_t i = 0; i < e->len; i++) {
        if (e->buf[i] == L'\r') {
            if (i + 1 < e->len && e->buf[i + 1] == L'\n') continue;
            e->buf[o++] = L'\n';
        } else {
            e->buf[o++] = e->buf[i];
        }
    }
    e->buf[o] = L'\0';
    e->len = e->cursor = o;
    return 0;
}

void editbuf_free(editbuf *e)
{
    free(e->rows);
    free(e->buf);
    *e = (editbuf){ 0 };
}

/* Makes room for one more character (and the terminator). */
static bool grow(editbuf *e)
{
    if (e->len + 1 < e->cap)
        return true;
    size_t cap = e->cap < MIN_CAP ? MIN_CAP : e->cap;
    if (cap > SIZE_MAX / 2 / sizeof(wchar_t))
        return false;
    cap *= 2;
    wchar_t *buf = realloc(e->buf, cap * sizeof *buf);
    if (!buf)
        return false;
    e->buf = buf;
    e->cap = cap;
    return true;
}

bool editbuf_insert(editbuf *e, wchar_t c)
{
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) ||
        (text_cp_is_control((uint32_t)c) && !(e->multiline && c == L'\n')))
        return false;
    if (e->max_chars && e->len >= e->max_chars)
        return false;
    if (!grow(e))
        return false;
    if (e->cursor > e->len)
        e->cursor = e->len;
    memmove(e->buf + e->cursor + 1, e->buf + e->cursor, (e->len - e->cursor + 1) * sizeof *e->buf);
    e->buf[e->cursor++] = c;
    e->len++;
    changed(e);
    return true;
}

void editbuf_backspace(editbuf *e)
{
    if (e->cursor == 0 || e->cursor > e->len)
        return;
    cut(e, prev_boundary(e, e->cursor), e->cursor);
    e->scroll = floor_boundary(e, e->scroll);
}

void editbuf_delete(editbuf *e)
{
    if (e->cursor >= e->len)
        return;
    /* the cursor is on a boundary unless a base was typed just before a mark: then the rest of that character */
    cut(e, e->cursor, next_boundary(e, floor_boundary(e, e->cursor)));
    e->scroll = floor_boundary(e, e->scroll);
}

void editbuf_left(editbuf *e)
{
    e->has_goal = false;
    if (e->cursor > e->len)
        e->cursor = e->len;
    if (e->cursor > 0)
        e->cursor = prev_boundary(e, e->cursor);
}

void editbuf_right(editbuf *e)
{
    e->has_goal = false;
    if (e->cursor < e->len)
        e->cursor = next_boundary(e, floor_boundary(e, e->cursor));
}

/* The start and end of the line the cursor is on: the whole text, or between line breaks when multi-line. */
static size_t line_start(const editbuf *e)
{
    size_t i = e->cursor < e->len ? e->cursor : e->len;
    if (!e->multiline) return 0;
    while (i > 0 && e->buf[i - 1] != L'\n') i--;
    return i;
}

static size_t line_end(const editbuf *e)
{
    size_t i = e->cursor < e->len ? e->cursor : e->len;
    if (!e->multiline) return e->len;
    while (i < e->len && e->buf[i] != L'\n') i++;
    return i;
}

void editbuf_home(editbuf *e)
{
    e->has_goal = false;
    e->cursor = line_start(e);
}

void editbuf_end(editbuf *e)
{
    e->has_goal = false;
    e->cursor = line_end(e);
}

void editbuf_kill_to_end(editbuf *e)
{
    if (e->cursor >= e->len)
        return;
    size_t end = line_end(e);
    if (end > e->cursor)
        cut(e, e->cursor, end);
}

void editbuf_kill_to_start(editbuf *e)
{
    if (e->cursor == 0 || e->cursor > e->len)
        return;
    size_t start = line_start(e);
    if (start < e->cursor)
        cut(e, start, e->cursor);
    if (!e->multiline)
        e->scroll = 0;
}

char *editbuf_to_utf8(const editbuf *e)
{
    if (e->len > (SIZE_MAX - 1) / 4)
        return NULL;
    char *out = malloc(e->len * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < e->len; i++)
        o += text_utf8_encode((uint32_t)e->buf[i], out + o);
    out[o] = '\0';
    return out;
}

int editbuf_view(editbuf *e, int cols)
{
    if (e->cursor > e->len)
        e->cursor = e->len;
    if (e->scroll > e->cursor)
        e->scroll = e->cursor;
    e->scroll = floor_boundary(e, e->scroll);
    if (cols <= 0) {
        e->scroll = e->cursor;
        return 0;
    }
    size_t limit = (size_t)cols;
    /* The cells the cursor sits on: the character under it, or one empty cell at the end. */
    size_t under = next_boundary(e, floor_boundary(e, e->cursor));
    size_t need = e->cursor < e->len ? span_width(e, e->cursor, under) : 1;
    if (need == 0)
        need = 1;

    size_t col = span_width(e, e->scroll, e->cursor);
    while (e->scroll < e->cursor && col + need > limit) {
        size_t nb = next_boundary(e, e->scroll);
        if (nb > e->cursor)
            nb = e->cursor;
        col -= span_width(e, e->scroll, nb);
        e->scroll = nb;
    }

    /* Scroll back while everything from scroll to the end (and the cursor) still fits, so no field shows blank
     * space on the right while text is hidden on the left: the first boundary b before scroll from which it does.
     * One pass from the start, with the width of [0, b) kept as it goes. */
    size_t tail = col + need + span_width(e, e->cursor < e->len ? under : e->len, e->len);
    if (e->scroll > 0 && tail <= limit) {
        size_t before = span_width(e, 0, e->scroll);   /* columns of [0, scroll) */
        size_t b = 0, upto_b = 0;
        while (b < e->scroll && before - upto_b + tail > limit) {
            size_t nb = next_boundary(e, b);
            upto_b += span_width(e, b, nb);
            b = nb;
        }
        col += before - upto_b;
        e->scroll = b;
    }
    return (int)col;
}

int editbuf_visible(const editbuf *e, int cols, char *out, size_t outsz)
{
    if (outsz == 0)
        return 0;
    size_t o = 0;
    int used = 0;
    /* whole characters: a base that does not fit takes its marks and selector with it */
    for (size_t i = e->scroll; i < e->len;) {
        size_t end = next_boundary(e, i);
        int w = (int)span_width(e, i, end);
        if (used + w > cols)
            break;
        char enc[4];
        size_t bytes = 0;
        for (size_t j = i; j < end; j++) {
            uint32_t cp = (uint32_t)e->buf[j];
            bytes += text_utf8_encode(text_cp_is_control(cp) ? '?' : cp, enc);
        }
        if (o + bytes + 1 > outsz)
            break;
        for (size_t j = i; j < end; j++) {
            uint32_t cp = (uint32_t)e->buf[j];
            o += text_utf8_encode(text_cp_is_control(cp) ? '?' : cp, out + o);
        }
        used += w;
        i = end;
    }
    out[o] = '\0';
    return used;
}

static unsigned paste(editbuf *e, const char *utf8);

unsigned editbuf_paste(editbuf *e, const char *utf8)
{
    e->pasted = paste(e, utf8);
    return e->pasted;
}

static unsigned paste(editbuf *e, const char *utf8)
{
    unsigned flags = 0;
    size_t n = utf8 ? strlen(utf8) : 0;
    size_t breaks = 0;   /* line breaks seen and not yet inserted (a one-line buffer: one space for a run) */
    bool any = false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_utf8_decode(utf8 + i, n - i, &cp);
        bool invalid = cp == 0xFFFD && k == 1;
        i += k;
        if (cp == '\r' || cp == '\n') {
            if (cp == '\r' && i < n && utf8[i] == '\n') i++;   /* CR LF is one break */
            breaks++;
            continue;
        }
        if (invalid || (text_cp_is_control(cp) && cp != '\t')) {
            flags |= EDITBUF_PASTE_DROPPED;
            continue;
        }
        if (breaks) {
            if (e->multiline) {
                for (; breaks; breaks--)
                    if (!editbuf_insert(e, L'\n')) return flags | EDITBUF_PASTE_CUT;
            } else {
                flags |= EDITBUF_PASTE_JOINED;
                if (any && !editbuf_insert(e, L' ')) return flags | EDITBUF_PASTE_CUT;
            }
            breaks = 0;
        }
        if (!editbuf_insert(e, cp == '\t' ? L' ' : (wchar_t)cp)) return flags | EDITBUF_PASTE_CUT;
        any = true;
    }
    /* line breaks at the end: kept in a multi-line buffer, left out of a one-line one */
    if (breaks && e->multiline) {
        for (; breaks; breaks--)
            if (!editbuf_insert(e, L'\n')) return flags | EDITBUF_PASTE_CUT;
    } else if (breaks) {
        flags |= EDITBUF_PASTE_JOINED;
    }
    return flags;
}

/* ---- multi-line: rows by display width ---- */

static bool add_row(editbuf *e, size_t start)
{
    if (e->nrows == e->rows_cap) {
        size_t cap = e->rows_cap ? e->rows_cap * 2 : 16;
        size_t *v = realloc(e->rows, cap * sizeof *v);
        if (!v)
            return false;
        e->rows = v;
        e->rows_cap = cap;
    }
    e->rows[e->nrows++] = start;
    return true;
}

size_t editbuf_layout(editbuf *e, int cols)
{
    if (cols < 1)
        cols = 1;
    e->layout_cols = cols;
    if (e->cols == cols && e->nrows)
        return e->nrows;
    e->nrows = 0;
    if (!add_row(e, 0))
        return 0;
    size_t col = 0;
    for (size_t i = 0; i < e->len;) {
        if (e->buf[i] == L'\n') {
            i++;
            if (!add_row(e, i))
                break;
            col = 0;
            continue;
        }
        size_t nb = next_boundary(e, i);
        /* a cluster does not run on over a line break (a mark typed right after one) */
        for (size_t j = i + 1; j < nb; j++)
            if (e->buf[j] == L'\n') {
                nb = j;
                break;
            }
        size_t w = span_width(e, i, nb);
        if (col > 0 && col + w > (size_t)cols) {
            if (!add_row(e, i))
                break;
            col = 0;
        }
        col += w;
        i = nb;
    }
    e->cols = cols;
    return e->nrows;
}

/* The row holding code point index i: the last row that starts at or before it. */
static size_t row_of(const editbuf *e, size_t i)
{
    size_t lo = 0, hi = e->nrows;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (e->rows[mid] <= i) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* Where the cursor may stand on row r: from its start to before its line break, or, on a row that wraps by width,
   to before its last character (the end of such a row is the start of the next). */
static size_t row_limit(const editbuf *e, size_t r)
{
    size_t start = e->rows[r];
    if (r + 1 >= e->nrows)
        return e->len;
    size_t end = e->rows[r + 1];
    if (end > start && e->buf[end - 1] == L'\n')
        return end - 1;
    size_t last = start;
    for (size_t b = start; b < end;) {
        size_t nb = next_boundary(e, b);
        if (nb >= end)
            break;
        last = b = nb;
    }
    return last;
}

void editbuf_cursor_at(editbuf *e, int cols, size_t *row, int *col)
{
    editbuf_layout(e, cols);
    if (e->cursor > e->len)
        e->cursor = e->len;
    size_t r = e->nrows ? row_of(e, e->cursor) : 0;
    if (row)
        *row = r;
    if (col)
        *col = e->nrows ? (int)span_width(e, e->rows[r], e->cursor) : 0;
}

void editbuf_view_lines(editbuf *e, int cols, int rows, int *cy, int *cx)
{
    if (rows < 1)
        rows = 1;
    e->view_rows = rows;
    size_t r;
    int c;
    editbuf_cursor_at(e, cols, &r, &c);
    if (r < e->top)
        e->top = r;
    if (r >= e->top + (size_t)rows)
        e->top = r - (size_t)rows + 1;
    /* no blank rows below the text while rows are hidden above it */
    if (e->nrows >= (size_t)rows && e->top > e->nrows - (size_t)rows)
        e->top = e->nrows - (size_t)rows;
    if (e->nrows < (size_t)rows)
        e->top = 0;
    if (cy)
        *cy = (int)(r - e->top);
    if (cx)
        *cx = c;
}

/* The index on row r nearest to the display column goal, on a character boundary. */
static size_t index_at(const editbuf *e, size_t r, int goal)
{
    size_t i = e->rows[r], lim = row_limit(e, r);
    size_t col = 0;
    while (i < lim) {
        size_t nb = next_boundary(e, i);
        if (nb > lim)
            nb = lim;
        size_t w = span_width(e, i, nb);
        if (col + w > (size_t)goal)
            break;
        col += w;
        i = nb;
    }
    return i;
}

/* Moves the cursor by `by` rows (negative: up), keeping the goal column. */
static void move_rows(editbuf *e, long by)
{
    int cols = e->layout_cols > 0 ? e->layout_cols : 80;
    size_t r;
    int c;
    editbuf_cursor_at(e, cols, &r, &c);
    if (!e->has_goal) {
        e->goal = c;
        e->has_goal = true;
    }
    if (by < 0 && r == 0) {
        e->cursor = 0;
        return;
    }
    if (by > 0 && r + 1 >= e->nrows) {
        e->cursor = e->len;
        return;
    }
    long target = (long)r + by;
    if (target < 0)
        target = 0;
    if ((size_t)target >= e->nrows)
        target = (long)e->nrows - 1;
    e->cursor = index_at(e, (size_t)target, e->goal);
}

void editbuf_up(editbuf *e) { move_rows(e, -1); }
void editbuf_down(editbuf *e) { move_rows(e, 1); }

static long page_of(const editbuf *e) { return e->view_rows > 1 ? e->view_rows - 1 : 1; }

void editbuf_page_up(editbuf *e)
{
    move_rows(e, -page_of(e));
    e->top = e->top > (size_t)page_of(e) ? e->top - (size_t)page_of(e) : 0;
}

void editbuf_page_down(editbuf *e)
{
    move_rows(e, page_of(e));
    e->top += (size_t)page_of(e);   /* editbuf_view_lines brings it back within the text */
}

int editbuf_row_text(const editbuf *e, size_t r, char *out, size_t outsz)
{
    if (outsz == 0)
        return 0;
    out[0] = '\0';
    if (r >= e->nrows)
        return 0;
    size_t start = e->rows[r], end = r + 1 < e->nrows ? e->rows[r + 1] : e->len;
    size_t o = 0;
    int used = 0;
    for (size_t i = start; i < end; i++) {
        uint32_t cp = (uint32_t)e->buf[i];
        if (cp == '\n')
            break;
        char enc[4];
        size_t k = text_utf8_encode(text_cp_is_control(cp) ? '?' : cp, enc);
        if (o + k + 1 > outsz)
            break;
        memcpy(out + o, enc, k);
        o += k;
        used += width_of((wchar_t)(text_cp_is_control(cp) ? '?' : cp));
    }
    out[o] = '\0';
    return used;
}
