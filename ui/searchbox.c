/* The search box: one editbuf, the line editor's key map, the screen told of each change. */
#include "ui/searchbox.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "ui/editkeys.h"

void ui_search_start(ui_search *b)
{
    editbuf_free(&b->eb);
    if (editbuf_init(&b->eb, b->text, b->max_chars ? b->max_chars : 40)) {
        ui_error("%s", kumo_strerror(KS_NOMEM));
        return;
    }
    b->open = true;
    b->typed = false;
}

static void close_box(ui_search *b)
{
    b->open = false;
    editbuf_free(&b->eb);
}

/* Leaves the box; the screen hears of it when the text changed. */
static void leave(screen *s, ui_search *b)
{
    bool typed = b->open && b->typed;
    close_box(b);
    if (typed && b->changed) b->changed(s);
}

void ui_search_clear(ui_search *b)
{
    close_box(b);
    b->text[0] = 0;
}

int ui_search_key(screen *s, ui_search *b, int key)
{
    switch (edit_key(&b->eb, key)) {
    case EDIT_CHANGED: {
        char *t = editbuf_to_utf8(&b->eb);
        snprintf(b->text, sizeof b->text, "%s", t ? t : "");
        free(t);
        b->typed = true;
        if (b->changed) b->changed(s);
        char note[320];
        if (key == UK_PASTE && edit_paste_notice(&b->eb, note, sizeof note)) ui_info("%s", note);
        break;
    }
    case EDIT_ACCEPT: leave(s, b); break;
    case EDIT_CANCEL:
        b->typed = b->typed || *b->text;
        b->text[0] = 0;
        leave(s, b);
        break;
    case EDIT_FULL: beep(); break;
    case EDIT_IGNORED:
        if (key == UK_DOWN) leave(s, b);   /* on to the list */
        break;
    case EDIT_MOVED: break;
    }
    return UI_HANDLED;
}

void ui_search_draw(ui_search *b, int y, int x, int w, const char *placeholder)
{
    if (w <= 0) return;
    if (b->open) {
        int cx = editbuf_view(&b->eb, w);
        char vis[1024];
        editbuf_visible(&b->eb, w, vis, sizeof vis);
        ui_put(y, x, w, vis, A_UNDERLINE);
        ui_cursor(y, x + cx);
    } else {
        ui_put(y, x, w, *b->text ? b->text : placeholder, *b->text ? (int)A_BOLD : ui_attr_dim());
    }
}

void ui_search_free(ui_search *b) { close_box(b); }
