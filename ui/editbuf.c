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

/* Removes the code points [from, to). */
static void cut(editbuf *e, size_t from, size_t to)
{
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

void editbuf_free(editbuf *e)
{
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
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || text_cp_is_control((uint32_t)c))
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
    if (e->cursor > e->len)
        e->cursor = e->len;
    if (e->cursor > 0)
        e->cursor = prev_boundary(e, e->cursor);
}

void editbuf_right(editbuf *e)
{
    if (e->cursor < e->len)
        e->cursor = next_boundary(e, floor_boundary(e, e->cursor));
}

void editbuf_home(editbuf *e)
{
    e->cursor = 0;
}

void editbuf_end(editbuf *e)
{
    e->cursor = e->len;
}

void editbuf_kill_to_end(editbuf *e)
{
    if (e->cursor >= e->len)
        return;
    e->len = e->cursor;
    e->buf[e->len] = L'\0';
    if (e->scroll > e->len)
        e->scroll = e->len;
}

void editbuf_kill_to_start(editbuf *e)
{
    if (e->cursor == 0 || e->cursor > e->len)
        return;
    memmove(e->buf, e->buf + e->cursor, (e->len - e->cursor + 1) * sizeof *e->buf);
    e->len -= e->cursor;
    e->cursor = 0;
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
