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
    memmove(e->buf + e->cursor - 1, e->buf + e->cursor, (e->len - e->cursor + 1) * sizeof *e->buf);
    e->cursor--;
    e->len--;
    if (e->scroll > e->len)
        e->scroll = e->len;
}

void editbuf_delete(editbuf *e)
{
    if (e->cursor >= e->len)
        return;
    memmove(e->buf + e->cursor, e->buf + e->cursor + 1, (e->len - e->cursor) * sizeof *e->buf);
    e->len--;
    if (e->scroll > e->len)
        e->scroll = e->len;
}

void editbuf_left(editbuf *e)
{
    if (e->cursor > 0)
        e->cursor--;
}

void editbuf_right(editbuf *e)
{
    if (e->cursor < e->len)
        e->cursor++;
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
    if (cols <= 0) {
        e->scroll = e->cursor;
        return 0;
    }
    size_t limit = (size_t)cols;
    /* The cells the cursor sits on: the character under it, or one empty cell at the end. */
    size_t need = e->cursor < e->len ? (size_t)width_of(e->buf[e->cursor]) : 1;
    if (need == 0)
        need = 1;

    size_t col = 0;
    for (size_t i = e->scroll; i < e->cursor; i++)
        col += (size_t)width_of(e->buf[i]);
    while (e->scroll < e->cursor && col + need > limit)
        col -= (size_t)width_of(e->buf[e->scroll++]);

    /* Scroll back while everything from scroll to the end (and the cursor) still fits, so no field shows blank
     * space on the right while text is hidden on the left. */
    size_t tail = col + need;
    for (size_t i = e->cursor + (e->cursor < e->len ? 1 : 0); i < e->len; i++)
        tail += (size_t)width_of(e->buf[i]);
    while (e->scroll > 0) {
        size_t w = (size_t)width_of(e->buf[e->scroll - 1]);
        if (tail + w > limit)
            break;
        tail += w;
        col += w;
        e->scroll--;
    }
    return (int)col;
}

int editbuf_visible(const editbuf *e, int cols, char *out, size_t outsz)
{
    if (outsz == 0)
        return 0;
    size_t o = 0;
    int used = 0;
    for (size_t i = e->scroll; i < e->len; i++) {
        uint32_t cp = (uint32_t)e->buf[i];
        int w = text_cp_width(cp);
        if (used + w > cols)
            break;
        char enc[4];
        size_t n = text_utf8_encode(text_cp_is_control(cp) ? '?' : cp, enc);
        if (o + n + 1 > outsz)
            break;
        memcpy(out + o, enc, n);
        o += n;
        used += w;
    }
    out[o] = '\0';
    return used;
}
